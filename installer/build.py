"""Builds the one-folder bundle (dist/omsu-report/), a compressed archive of it and, on Linux, its .deb and .rpm.

    python installer/build.py            # from the project's virtual environment (bash .ci/dev start sets one up)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        sys.exit("В pyproject.toml нет номера версии")
    return match.group(1)


PUBLISHER = "Разработчики программы «Отчётность ОМСУ»"  # a release sets OMSU_PUBLISHER, as iscc's /DAppPublisher
EXECUTABLES = {"omsu-report": "Отчётность ОМСУ", "omsu-report-cli": "Отчётность ОМСУ — командная строка"}


def version_numbers(number: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows version resource from the program's version («0.1.0rc1» → 0, 1, 0, 0)."""
    parts = [int(m.group()) if (m := re.match(r"\d+", p)) else 0 for p in number.split(".")[:4]]
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_resource(number: str, exe: str, publisher: str) -> str:
    """The version resource of a Windows executable, in the text form PyInstaller reads (its `version=` file):
    Explorer's «Свойства → Подробно» and antivirus heuristics read it; an executable without one looks anonymous."""
    numbers = version_numbers(number)
    strings = {"CompanyName": publisher, "FileDescription": EXECUTABLES[exe], "FileVersion": number,
               "InternalName": exe, "LegalCopyright": publisher, "OriginalFilename": f"{exe}.exe",
               "ProductName": "Отчётность ОМСУ", "ProductVersion": number}
    table = ",\n        ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (f"VSVersionInfo(\n  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, "
            "OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
            f"  kids=[\n    StringFileInfo([StringTable('041904B0', [\n        {table}])]),\n"
            "    VarFileInfo([VarStruct('Translation', [0x0419, 1200])])])\n")  # Russian, Unicode


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def archive(bundle: Path, number: str) -> Path:
    """A .zip on Windows, a .tar.xz elsewhere (the smallest the platform opens without extra tools)."""
    if sys.platform == "win32":
        target = DIST / f"omsu-report-{number}-windows.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for f in sorted(bundle.rglob("*")):
                zf.write(f, f.relative_to(DIST))
        return target
    target = DIST / f"omsu-report-{number}-linux-{_machine()}.tar.xz"
    with tarfile.open(target, "w:xz", preset=6) as tf:
        tf.add(bundle, arcname=bundle.name)
    return target


def _machine() -> str:
    import platform

    return platform.machine().lower() or "unknown"


def needed(path: Path) -> list[str]:
    """The shared libraries an ELF file names as NEEDED (readelf from binutils, which the set-up installs)."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def drop_unneeded_libraries(bundle: Path) -> list[Path]:
    """Removes the shared libraries that nothing in the bundle loads any more.

    Roots are what is loaded by the executables or by name at run time: the executables, Python's extension modules,
    Qt's plugins, libpython and the libraries loaded through ctypes (PDFium); a `lib*.so*` reached from no root —
    left behind by a library the spec leaves out (CUPS, D-Bus, GTK) — goes.
    """
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]

    def is_library(p: Path) -> bool:
        return p.name.startswith("lib") and ".so" in p.name and not p.name.startswith("libpython") \
            and not any(part.startswith("pypdfium2") for part in p.parts) and "plugins" not in p.parts

    by_name: dict[str, Path] = {p.name: p for p in files}
    for link in bundle.rglob("*.so*"):
        if link.is_symlink() and link.exists():
            by_name.setdefault(link.name, link.resolve())
    reached = {p for p in files if not is_library(p)}
    queue = list(reached)
    while queue:
        for name in needed(queue.pop()):
            target = by_name.get(name)
            if target is not None and target not in reached:
                reached.add(target)
                queue.append(target)
    gone = [p for p in files if p not in reached]
    for p in gone:
        p.unlink()
    return gone


def main() -> int:
    number = version()
    stamp = ROOT / "build" / "stamp" / "version.txt"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(number + "\n", encoding="utf-8")
    publisher = os.environ.get("OMSU_PUBLISHER") or PUBLISHER
    for exe in EXECUTABLES:  # read by the spec on Windows
        (stamp.parent / f"{exe}.version.txt").write_text(version_resource(number, exe, publisher), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                             "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
                             str(ROOT / "installer" / "omsu-report.spec")], cwd=ROOT)
    if result.returncode:
        return result.returncode
    bundle = DIST / "omsu-report"
    if sys.platform.startswith("linux"):
        drop_unneeded_libraries(bundle)
    for link in [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]:
        link.unlink()  # PyInstaller's links to the libraries the spec leaves out
    if sys.platform.startswith("linux"):
        for name in ("omsu-report.desktop", "install-desktop.sh"):
            shutil.copy(ROOT / "installer" / name, bundle / name)
    packed = archive(bundle, number)
    print(f"Сборка: {bundle} ({folder_size(bundle) / 1024 / 1024:.1f} МБ)")
    print(f"Архив: {packed} ({packed.stat().st_size / 1024 / 1024:.1f} МБ)")
    if sys.platform.startswith("linux"):  # the .deb and the .rpm of the same bundle (installer/packages.py)
        sys.path.insert(0, str(ROOT / "installer"))
        import packages

        floor, files = packages.glibc_floor(bundle)
        print(f"Нужна библиотека C не старее glibc {floor} ({', '.join(f.name for f in files)})")
        for made in packages.make(bundle, number, floor):
            print(f"Пакет: {made} ({made.stat().st_size / 1024 / 1024:.1f} МБ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
