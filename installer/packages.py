"""The .deb (Astra Linux, Debian) and .rpm (RED OS, ALT) packages of the one-folder bundle.

Both hold the same files: the bundle under /opt/omsu-report, `omsu-report` and `omsu-report-cli` on PATH as symbolic
links in /usr/bin (the bundle's executables find their `_internal` folder through the link), the menu entry in
/usr/share/applications and the icon in the hicolor theme. They are made with the distributions' own tools: dpkg-deb
(Debian's dpkg) and rpmbuild (Debian's `rpm` package), which every such system reads without anything else.

    python installer/packages.py [BUNDLE]      # what installer/build.py does after the archive
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
NAME = "omsu-report"
PREFIX = Path("opt") / NAME
EXECUTABLES = ("omsu-report", "omsu-report-cli")
ICON = Path("usr/share/icons/hicolor/256x256/apps") / f"{NAME}.png"  # resources/icons/omsu-report.png is 256×256
DESKTOP = Path("usr/share/applications") / f"{NAME}.desktop"
LEFT_OUT = ("install-desktop.sh", f"{NAME}.desktop")  # the archive's own way to a menu entry; a package has its own
SUMMARY = "Отчётность ОМСУ — квартальная отчётность муниципального района"
DESCRIPTION = ("План популяризации электронных услуг, центры обслуживания, регистрации в ЕСИА, показатели;\n"
               "отчёты PDF и книги Excel для региона, свод по региону. Программа работает без сети.")
MAINTAINER = "Разработчики программы «Отчётность ОМСУ» <omsu-report@localhost>"  # a release sets OMSU_MAINTAINER

# What the bundle takes from the system (tests/program/test_bundle.py SYSTEM_LIBRARIES): the Debian package of each,
# and its soname as rpm names it (RED OS and ALT name their packages differently, the sonames alike). The C library's
# lowest version is the bundle's GLIBC floor, added by glibc_floor().
DEB_DEPENDS = ("libgl1", "libegl1", "libxcb1", "libdbus-1-3", "libcups2")
RPM_SONAMES = ("libc.so.6", "libm.so.6", "libGL.so.1", "libEGL.so.1", "libxcb.so.1", "libdbus-1.so.3", "libcups.so.2")


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def glibc_versions(path: Path) -> set[tuple[int, ...]]:
    """The GLIBC_x.y symbol versions an ELF file needs (its .gnu.version_r section, as `readelf -V` shows it)."""
    out = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    needs = out.split("Version needs section", 1)[-1] if "Version needs section" in out else ""
    return {tuple(int(n) for n in v.split(".")) for v in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", needs)}


def glibc_floor(bundle: Path) -> tuple[str, list[Path]]:
    """The highest GLIBC symbol version any ELF file of the bundle needs («2.36»), and the files that need it."""
    best: tuple[int, ...] = (0,)
    files: list[Path] = []
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        versions = glibc_versions(path)
        if not versions:
            continue
        top = max(versions)
        if top > best:
            best, files = top, [path]
        elif top == best:
            files.append(path)
    return ".".join(map(str, best)), files


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def stage(bundle: Path, root: Path) -> None:
    """The package's files under `root`: the bundle in /opt, the links on PATH, the menu entry and the icon; owned by
    root with the usual modes (directories and executables 755, the rest 644), whatever the build's umask was."""
    target = root / PREFIX
    shutil.copytree(bundle, target, symlinks=True, ignore=lambda d, names: [n for n in names if n in LEFT_OUT]
                    if Path(d) == bundle else [])
    (root / "usr/bin").mkdir(parents=True)
    for exe in EXECUTABLES:
        (root / "usr/bin" / exe).symlink_to(Path("/") / PREFIX / exe)
    (root / DESKTOP).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "installer" / f"{NAME}.desktop", root / DESKTOP)
    (root / ICON).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / f"{NAME}.png", root / ICON)
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & 0o100:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def deb_version(number: str) -> str:
    """pyproject's version as Debian orders it: a pre-release sorts before the release («0.1.0rc1» → «0.1.0~rc1»)."""
    return re.sub(r"(?<=\d)(a|b|rc)(\d+)$", r"~\1\2", number)


def deb_architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def build_deb(bundle: Path, number: str, floor: str, out: Path = DIST) -> Path:
    """dist/omsu-report_<version>_<arch>.deb, made with dpkg-deb. No maintainer scripts: the menu's and icons'
    caches are refreshed by the triggers of desktop-file-utils and hicolor-icon-theme, and nothing is created
    outside the package's own files, so removal leaves nothing behind (the user's data in the home folder stays)."""
    arch = deb_architecture()
    version = deb_version(number)
    target = out / f"{NAME}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="omsu-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        sums = []
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}\n")
        control = root / "DEBIAN"
        control.mkdir(mode=0o755)
        depends = ", ".join([f"libc6 (>= {floor})", *DEB_DEPENDS])
        description = "\n".join(" " + (line or ".") for line in DESCRIPTION.split("\n"))
        (control / "control").write_text(
            f"Package: {NAME}\nVersion: {version}\nArchitecture: {arch}\n"
            f"Maintainer: {os.environ.get('OMSU_MAINTAINER') or MAINTAINER}\n"
            f"Installed-Size: {(folder_size(root) + 1023) // 1024}\nDepends: {depends}\n"
            f"Section: misc\nPriority: optional\nDescription: {SUMMARY}\n{description}\n", encoding="utf-8")
        (control / "md5sums").write_text("".join(sums), encoding="utf-8")
        for f in control.iterdir():
            f.chmod(0o644)
        target.unlink(missing_ok=True)
        # xz -9: 39,1 MB against 42,9 at dpkg-deb's -6 (its order of files packs worse than the archive's), +20 s
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "--build", str(root), str(target)], check=True,
                       stdout=subprocess.DEVNULL)
    return target


# The .rpm's scripts: where the icon theme has a file trigger, it refreshes the cache itself; older systems need
# the call.
# It only rewrites a cache the system already has (never makes one), and runs again after removal, so nothing stays.
# The menu needs no cache: the entry names no file types, so update-desktop-database has nothing to record.
RPM_REFRESH = ("[ -f /usr/share/icons/hicolor/icon-theme.cache ] && command -v gtk-update-icon-cache >/dev/null 2>&1 "
               "&& gtk-update-icon-cache -q /usr/share/icons/hicolor || :\n")


def rpm_spec(number: str, floor: str, staged: Path) -> str:
    requires = [f"{soname}()(64bit)" for soname in RPM_SONAMES] + [f"libc.so.6(GLIBC_{floor})(64bit)"]
    files = [f"/{PREFIX.as_posix()}", *(f"/usr/bin/{exe}" for exe in EXECUTABLES), f"/{DESKTOP.as_posix()}",
             f"/{ICON.as_posix()}"]
    return "\n".join([
        f"Name: {NAME}",
        f"Version: {deb_version(number)}",
        "Release: 1",
        f"Summary: {SUMMARY}",
        "License: Proprietary",
        # the bundle's own libraries are neither needed from nor offered to the system: only what it takes from it
        "AutoReqProv: no",
        *(f"Requires: {r}" for r in requires),
        # the bundle is already stripped; no debug packages, no /usr/lib/.build-id links, no byte-compiling
        "%global debug_package %{nil}",
        "%global _build_id_links none",
        "%global __os_install_post %{nil}",
        "%global __brp_mangle_shebangs %{nil}",
        # xz: what every rpm reads (RED OS 7.3 and ALT p10 included); zstd is newer than some of them
        "%global _binary_payload w6.xzdio",
        "",
        "%description",
        DESCRIPTION,
        "",
        "%install",
        f"cp -a {staged}/. %{{buildroot}}/",
        "",
        "%post",
        RPM_REFRESH,
        "%postun",
        RPM_REFRESH,
        "%files",
        "%defattr(-,root,root,-)",
        *files,
        "",
    ])


def build_rpm(bundle: Path, number: str, floor: str, out: Path = DIST) -> Path:
    """dist/omsu-report-<version>-1.<arch>.rpm, made with rpmbuild (Debian's `rpm` package) from the same files."""
    with tempfile.TemporaryDirectory(prefix="omsu-rpm-") as tmp:
        top = Path(tmp)
        staged = top / "staged"
        stage(bundle, staged)
        spec = top / f"{NAME}.spec"
        spec.write_text(rpm_spec(number, floor, staged), encoding="utf-8")
        machine = os.uname().machine
        result = subprocess.run(["rpmbuild", "-bb", "--nodeps", "--target", machine, "--define", f"_topdir {top}",
                                 "--define", "_rpmdir %{_topdir}/RPMS", "--define", "_tmppath %{_topdir}/tmp",
                                 str(spec)],
                                capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"rpmbuild не собрал пакет:\n{result.stderr[-3000:]}")
        built = next((top / "RPMS").rglob("*.rpm"))
        target = out / built.name
        target.unlink(missing_ok=True)
        shutil.move(built, target)
    return target


def make(bundle: Path, number: str, floor: str | None = None) -> list[Path]:
    """Both packages from the bundle, into dist/; each tool must be there (.ci/dev installs dpkg's and rpm's). `floor`
    is the bundle's glibc_floor(), which each package requires of the system (found here when not given)."""
    floor = floor or glibc_floor(bundle)[0]
    made = [build_deb(bundle, number, floor)]
    if shutil.which("rpmbuild") is None:
        sys.exit("Нет rpmbuild: установите пакет rpm (apt-get install rpm) — bash .ci/dev build ставит его сам")
    made.append(build_rpm(bundle, number, floor))
    return made


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "installer"))
    from build import version  # noqa: E402

    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else DIST / NAME, version()):
        print(f"Пакет: {path} ({path.stat().st_size / 1024 / 1024:.1f} МБ)")
