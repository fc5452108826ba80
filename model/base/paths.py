"""Where the program keeps the user's data: the platform's user data directory."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from model import APP_ID

# The system whose rules for paths apply (a folder told as shared, the lengths Windows allows): tests set "win32"
# to check Windows' rules on Linux.
PLATFORM = sys.platform
DATA_DIR_ENV = "OMSU_DATA_DIR"  # another data folder (a portable copy, a test run)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "otchetnost.sqlite"


def log_path() -> Path:
    return data_dir() / "logs" / "omsu-report.log"


def methodologies_dir() -> Path:
    """Methodology files the user installed (those shipped with the program live in its resources)."""
    return data_dir() / "methodologies"


NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "afs", "ncpfs", "9p", "davfs",
                       "fuse.davfs2"}
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def network_place(path: Path | str, platform: str | None = None, drive_type=_windows_drive_type,
                  mounts=_mounts) -> str | None:
    """How a file is on the network, in words for the user («в сетевой папке \\\\server\\share»), or None.

    Windows: a UNC path or a mapped drive (GetDriveTypeW says DRIVE_REMOTE); elsewhere: the mount the path lies
    on has a network file system type (cifs, smb, nfs, sshfs…) in /proc/mounts.
    """
    platform = platform or PLATFORM
    text = str(path)
    if platform == "win32":
        if text.startswith(("\\\\", "//")):
            parts = [p for p in text.replace("/", "\\").split("\\") if p]
            return "в сетевой папке \\\\" + "\\".join(parts[:2])
        import ntpath  # Windows' path rules, whichever system runs this

        drive = ntpath.splitdrive(text)[0]
        if drive and drive_type(drive + "\\") == DRIVE_REMOTE:
            return f"на сетевом диске {drive.upper()}"
        return None
    absolute = os.path.abspath(text)
    best, kind = "", ""
    for line in mounts().splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = absolute == point or absolute.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return f"в сетевой папке {best} ({kind})" if kind in NETWORK_FILESYSTEMS else None


# Where OneDrive keeps its folders (the personal one, the organisation's, the personal one beside it)
ONEDRIVE_ENV = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def onedrive_place(path: Path | str, platform: str | None = None,
                   environ: Mapping[str, str] | None = None) -> str | None:
    """«в папке OneDrive C:\\Users\\…\\OneDrive - …» when the file lies in a folder OneDrive syncs, or None.

    Windows only: inside a folder named by %OneDrive%, %OneDriveCommercial% or %OneDriveConsumer% (compared as
    Windows compares names: case-insensitive, «/» as «\\», «..» resolved), or in a folder of the user's profile
    whose name begins with «OneDrive» («OneDrive - Администрация …») when the variables are not set.
    """
    import ntpath

    if (platform or PLATFORM) != "win32":
        return None
    environ = os.environ if environ is None else environ

    def key(text: str) -> str:
        return ntpath.normcase(ntpath.normpath(text)).rstrip("\\")

    target = key(str(path))
    for name in ONEDRIVE_ENV:
        root = environ.get(name) or ""
        if root.strip() and (target == key(root) or target.startswith(key(root) + "\\")):
            return f"в папке OneDrive {ntpath.normpath(root)}"
    profile = environ.get("USERPROFILE") or ""
    if profile.strip() and target.startswith(key(profile) + "\\"):
        first = ntpath.normpath(str(path))[len(key(profile)) + 1:].split("\\")[0]
        if first.casefold().startswith("onedrive"):
            return f"в папке OneDrive {ntpath.join(ntpath.normpath(profile), first)}"
    return None


@dataclass(frozen=True)
class SharedPlace:
    """A folder other computers reach: a network share (the lock works across it) or a synced OneDrive folder
    (it does not)."""

    where: str  # «в сетевой папке \\server\share», «в папке OneDrive C:\Users\…\OneDrive»
    synced: bool

    def warning(self) -> str:
        """What the user is told when the database lies there, and what to do."""
        if self.synced:
            home = default_database_path().parent
            keep = (f"например, в папке программы по умолчанию {home}" if onedrive_place(home) is None
                    else "например, в папке C:\\Отчёты")
            return (f"Файл базы данных лежит {self.where}. Блокировка файла через OneDrive не передаётся: если "
                    "открыть базу на двух компьютерах, обе программы будут записывать в неё, а OneDrive сделает "
                    "из двух версий конфликтные копии, и изменения одной из них в базу не попадут. Держите базу "
                    f"вне OneDrive — {keep} — и работайте с ней на одном компьютере.")
        return (f"Файл базы данных лежит {self.where}. Не работайте с ним одновременно на двух компьютерах: "
                "второй откроет его только для чтения. Если компьютер, на котором база была открыта, выключили "
                "или он потерял сеть, сервер ещё несколько минут считает файл занятым — подождите и откройте "
                "снова. При обрыве сети изменения последних секунд могут не сохраниться — надёжнее держать файл "
                "на своём компьютере.")


def shared_place(path: Path | str, platform: str | None = None, drive_type=_windows_drive_type, mounts=_mounts,
                 environ: Mapping[str, str] | None = None) -> SharedPlace | None:
    """Whether the file lies where other computers reach it: on the network, or in a folder OneDrive syncs."""
    network = network_place(path, platform, drive_type, mounts)
    if network is not None:
        return SharedPlace(network, synced=False)
    synced = onedrive_place(path, platform, environ)
    return SharedPlace(synced, synced=True) if synced is not None else None


# Windows without long paths (the default): a full path of at most 259 characters (MAX_PATH, 260, counts the
# closing NUL); a folder is made only while an 8.3 name (12 more) would still fit. Excel opens no workbook whose
# full path is longer than 218 characters, wherever it lies.
WINDOWS_PATH_MAX = 259
WINDOWS_FOLDER_MAX = 247
EXCEL_PATH_MAX = 218
SHORT_FOLDER_EXAMPLE = "C:\\Отчёты"


def path_length(path: Path | str) -> int:
    """The length Windows counts: UTF-16 units of the absolute path (a Cyrillic letter is one, an emoji two)."""
    return len(os.path.abspath(os.fspath(path)).encode("utf-16-le")) // 2


def long_paths_allowed(platform: str | None = None) -> bool:
    """Whether this process may use paths past MAX_PATH: everywhere but Windows; on Windows only when the system
    allows long paths (LongPathsEnabled) and the executable says it is aware of them (RtlAreLongPathsEnabled)."""
    platform = platform or PLATFORM
    if platform != "win32":
        return True
    if sys.platform != "win32":
        return False  # Windows' rules simulated: as on a default Windows
    try:
        import ctypes

        return bool(ctypes.windll.ntdll.RtlAreLongPathsEnabled())
    except (AttributeError, OSError):
        return False


def too_long(path: Path | str, folder: bool = False, platform: str | None = None) -> int | None:
    """The limit a path is over on this system (Windows without long paths), or None."""
    limit = WINDOWS_FOLDER_MAX if folder else WINDOWS_PATH_MAX
    if long_paths_allowed(platform) or path_length(path) <= limit:
        return None
    return limit


def too_long_message(target: Path | str, needed: int | None = None, limit: int | None = None) -> str:
    """What the user is told when Windows would refuse a path for its length (needed: the length the write needs
    with its temporary folder, when that is more than the target's own; limit: the one it is over)."""
    own = path_length(target)
    with_staging = f", а вместе с временной папкой, в которой он пишется, — {needed}" if needed and needed > own else ""
    return (f"Путь {target} слишком длинный для Windows: {own} знаков{with_staging}, а можно не больше "
            f"{limit or WINDOWS_PATH_MAX}. Выберите папку ближе к корню диска, например {SHORT_FOLDER_EXAMPLE}, "
            "или сократите имена папок; ничего не записано.")


def excel_warning(workbook: Path | str, platform: str | None = None) -> str | None:
    """On Windows, when Excel will not open a workbook where it lies (its path over 218 characters): what to do."""
    if (platform or PLATFORM) != "win32" or path_length(workbook) <= EXCEL_PATH_MAX:
        return None
    return (f"Книга записана, но Excel не откроет её в этой папке: полный путь {workbook} — {path_length(workbook)} "
            f"знаков, а Excel открывает книги с путём не длиннее {EXCEL_PATH_MAX}. Перенесите её в папку ближе к "
            f"корню диска, например {SHORT_FOLDER_EXAMPLE}.")


# Names Windows keeps for devices, whatever extension follows (CON.txt is the console too), in any case
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
             *(f"{d}{n}" for d in ("com", "lpt") for n in (*"123456789", "¹", "²", "³"))}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_file_name(text: str, fallback: str) -> str:
    """A file name made from the user's text that every system writes as it reads: the characters Windows forbids
    (<>:"/\\|?* and control characters) become «_», trailing spaces and dots (which Windows drops) go, a device
    name (CON, PRN, AUX, NUL, COM1…, LPT1…, with any extension, in any case) gets «_» after it; fallback when
    nothing is left."""
    name = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    if not name or name in (".", ".."):
        return fallback
    if name.split(".", 1)[0].rstrip(" ").casefold() in _RESERVED:
        stem, dot, rest = name.partition(".")
        name = f"{stem}_{dot}{rest}"
    return name
