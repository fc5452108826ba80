; Inno Setup script: wraps the one-folder build (dist\omsu-report) into a per-user installer for Windows.
; Build on Windows after `python installer\build.py`:
;   iscc /DAppVersion=0.1.0 installer\omsu-report.iss
; The result is dist\omsu-report-setup-<version>.exe (Inno Setup 6.3 or later). It needs no administrator rights:
; for the user alone the program goes to %LOCALAPPDATA%\Programs\OmsuReport; an administrator may choose «для всех
; пользователей» and it goes to Program Files. The data stays in each user's %LOCALAPPDATA%\OmsuReport and is
; kept on uninstall. The folder holds omsu-report.exe (the window) and omsu-report-cli.exe (the command line).
;
; Where it goes: application-control rules (AppLocker's default rules, Software Restriction Policies) commonly
; allow executables only under Program Files and Windows, so on a managed workstation the IT department installs
; for all users — silently: omsu-report-setup-<version>.exe /ALLUSERS /VERYSILENT /SUPPRESSMSGBOXES /NORESTART.
; Without administrator rights a clerk installs for himself into %LOCALAPPDATA%\Programs: that works where the
; workstation has no such rules (where it has them, the program would not start from there).
;
; Signing (whoever holds the organisation's code-signing certificate): sign the two executables and the setup with
; Windows SDK's signtool by naming the tool to iscc:
;   iscc /DAppVersion=<version> /DSignTool=omsu ^
;        "/Somsu=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f C:\keys\cert.pfx /p <password> $f" ^
;        installer\omsu-report.iss
; Without /DSignTool nothing is signed (SmartScreen then warns about an unknown publisher on the first start).

#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed (x64compatible, {autopf} per install mode)
#endif

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppPublisher
  ; set for a release: iscc /DAppPublisher="…" — the name shown in «Программы и компоненты»
  #define AppPublisher "Разработчики программы «Отчётность ОМСУ»"
#endif

#ifdef SignTool
  #define ExeFlags "ignoreversion signonce"
#else
  #define ExeFlags "ignoreversion"
#endif

[Setup]
AppId={{6B7A3C2E-4F1D-4E8B-9C55-0D2F7A1B3E90}
AppName=Отчётность ОМСУ
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
; {autopf}: %LOCALAPPDATA%\Programs for the user alone, Program Files when installed for all users
DefaultDirName={autopf}\OmsuReport
DefaultGroupName=Отчётность ОМСУ
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=omsu-report-setup-{#AppVersion}
SetupIconFile=..\resources\icons\omsu-report.ico
UninstallDisplayIcon={app}\omsu-report.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; the setup's own version resource («Свойства → Подробно»), as the executables have theirs (build.py)
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Отчётность ОМСУ
VersionInfoProductVersion={#AppVersion}
VersionInfoCompany={#AppPublisher}
VersionInfoDescription=Установка программы «Отчётность ОМСУ»
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "Создать значок на рабочем столе"; GroupDescription: "Дополнительно:"

[InstallDelete]
; An upgrade first removes the previous version's libraries: PyInstaller's _internal holds the Qt plugins and DLLs
; of the version that built it, and one left over (a plugin the new Qt no longer ships) is loaded and breaks the start.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\omsu-report\omsu-report.exe"; DestDir: "{app}"; Flags: {#ExeFlags}
Source: "..\dist\omsu-report\omsu-report-cli.exe"; DestDir: "{app}"; Flags: {#ExeFlags}
Source: "..\dist\omsu-report\*"; Excludes: "\omsu-report.exe,\omsu-report-cli.exe"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Отчётность ОМСУ"; Filename: "{app}\omsu-report.exe"
Name: "{group}\Удалить «Отчётность ОМСУ»"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Отчётность ОМСУ"; Filename: "{app}\omsu-report.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\omsu-report.exe"; Description: "Запустить «Отчётность ОМСУ»"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}. The database, its backups and the logs live in
; %LOCALAPPDATA%\OmsuReport and are never removed.
Type: filesandordirs; Name: "{app}\_internal"
