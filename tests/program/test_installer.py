"""The Windows installer's parts that can be checked here: the executables' version resource (read back through
PyInstaller's own reader and packed into the binary resource it writes), and the Inno Setup script's upgrade,
version and signing settings. Compiling the setup and signing need Windows (README, «Windows checklist»)."""

from __future__ import annotations

import importlib
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import build  # noqa: E402


@pytest.fixture
def versioninfo(monkeypatch):
    """PyInstaller's version-resource module: pefile and win32api (PyInstaller's Windows-only dependencies) are only
    needed to write into an .exe, so stand-ins are enough to read and pack the resource."""
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    import PyInstaller.compat

    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)  # likewise: for writing into an .exe
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    return importlib.import_module("PyInstaller.utils.win32.versioninfo")


@pytest.mark.parametrize("exe", sorted(build.EXECUTABLES))
def test_each_executable_gets_a_version_resource_pyinstaller_reads(tmp_path, versioninfo, exe):
    text = build.version_resource("2.13.4rc1", exe, "Министерство «Цифра» 'N'")
    (tmp_path / "v.txt").write_text(text, encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(tmp_path / "v.txt"))
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == (2 << 16 | 13, 4 << 16)
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    assert strings["OriginalFilename"] == f"{exe}.exe" and strings["ProductVersion"] == "2.13.4rc1"
    assert strings["CompanyName"] == "Министерство «Цифра» 'N'" and strings["FileDescription"].startswith("Отчётность")
    assert info.kids[0].kids[0].name == "041904B0"  # Russian, Unicode
    raw = info.toRaw()  # what PyInstaller writes into the executable
    assert "Отчётность ОМСУ".encode("utf-16-le") in raw and f"{exe}.exe".encode("utf-16-le") in raw


def test_version_numbers():
    assert build.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert build.version_numbers("2027.1") == (2027, 1, 0, 0)
    assert build.version_numbers("1.2.3.4.5") == (1, 2, 3, 4)
    assert build.version_numbers("1.x") == (1, 0, 0, 0)


def test_the_spec_gives_each_executable_its_resource_on_windows():
    spec = (ROOT / "installer" / "omsu-report.spec").read_text(encoding="utf-8")
    assert spec.count('version=version_file("omsu-report")') == 1
    assert spec.count('version=version_file("omsu-report-cli")') == 1


def sections(script: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            found.setdefault(current, [])
        elif current:
            found[current].append(line)
    return found


def test_an_upgrade_removes_the_old_libraries_and_the_setup_is_versioned_and_signable():
    script = sections((ROOT / "installer" / "omsu-report.iss").read_text(encoding="utf-8"))
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in script["InstallDelete"]
    setup = script["Setup"]
    assert "VersionInfoVersion={#AppVersion}" in setup
    # signing only when a tool is named; the executables are signed once, before they are packed
    at = setup.index("#ifdef SignTool")
    assert setup[at + 1:at + 4] == ["SignTool={#SignTool}", "SignedUninstaller=yes", "#endif"]
    files = script["Files"]
    for exe in build.EXECUTABLES:
        assert f'Source: "..\\dist\\omsu-report\\{exe}.exe"; DestDir: "{{app}}"; Flags: {{#ExeFlags}}' in files
    assert any("Excludes:" in line and "recursesubdirs" in line for line in files)
