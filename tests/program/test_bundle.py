"""The bundle: built with the README's command, started with --smoke, and asked for an export; its .deb installed,
started and removed, its .rpm's files, requirements and scripts checked; the C library it needs."""

import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import fill_quarter
from hypothesis import given
from hypothesis import strategies as st

from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("packages", ROOT / "installer" / "packages.py")
assert _spec is not None and _spec.loader is not None
packages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(packages)
# What the Linux bundle takes from the system (README, «Building the bundle»): the C library, OpenGL, the X
# connection, and the desktop's own D-Bus and printing libraries.
SYSTEM_LIBRARIES = {"ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
                    "libGL.so.1", "libEGL.so.1", "libxcb.so.1", "libdbus-1.so.3", "libcups.so.2"}


def missing_libraries(bundle: Path) -> set[str]:
    """Libraries some ELF file in the bundle needs that the bundle does not hold."""
    held = {p.name for p in bundle.rglob("*.so*")}
    wanted: set[str] = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
            wanted.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return wanted - held


# The parts of the C library among SYSTEM_LIBRARIES: one package (libc6), required by its symbol version
C_LIBRARY = {"ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1"}
# Where the packages put their files, and the system's folders they only add to
PLACES = [Path("/opt/omsu-report"), Path("/usr/bin"), Path("/usr/share/applications"), Path("/usr/share/icons/hicolor")]
OWN = {"/opt/omsu-report", "/usr/bin/omsu-report", "/usr/bin/omsu-report-cli",
       "/usr/share/applications/omsu-report.desktop", "/usr/share/icons/hicolor/256x256/apps/omsu-report.png"}


@pytest.fixture(scope="module")
def built():
    """`installer/build.py` run once for every test here: the bundle, its archive and both packages in dist/."""
    out = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py")], capture_output=True, text=True,
                         timeout=2400, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    dist = ROOT / "dist"
    return {"bundle": dist / "omsu-report", "archive": next(dist.glob("omsu-report-*-linux-*.tar.xz")),
            "deb": next(dist.glob("omsu-report_*.deb")), "rpm": next(dist.glob("omsu-report-*.rpm")),
            "stdout": out.stdout}


def clean_env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config")}


def full_database(folder: Path) -> Path:
    db_path = folder / "full.sqlite"
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
    return db_path


def stated_floor() -> str:
    """The GLIBC floor README states («Building the bundle»)."""
    match = re.search(r"needs the C library glibc (\d+\.\d+) or newer", (ROOT / "README.md").read_text("utf-8"))
    assert match, "README не называет нижнюю границу glibc"
    return match.group(1)


@pytest.mark.bundle
def test_bundle_starts_and_exports(built, tmp_path):
    with tarfile.open(built["archive"]) as tf:
        tf.extractall(tmp_path, filter="data")
    exe = tmp_path / "omsu-report" / "omsu-report"
    assert exe.exists()
    # nothing left out that a library still needs, beyond what the system provides; no TLS in an offline program
    assert missing_libraries(tmp_path / "omsu-report") <= SYSTEM_LIBRARIES
    assert not list((tmp_path / "omsu-report").rglob("_ssl*")) and not list((tmp_path / "omsu-report").rglob("libssl*"))
    inside = tmp_path / "omsu-report" / "_internal"
    assert (inside / "PySide6" / "Qt" / "translations" / "qtbase_ru.qm").is_file()
    assert {p.name for p in (inside / "resources" / "fonts").iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
    assert list((inside / "resources" / "methodologies").glob("*.toml"))
    listing = subprocess.run([str(Path(sys.executable).parent / "pyi-archive_viewer"), "-l", "-r", str(exe)],
                             capture_output=True, text=True, timeout=120).stdout
    modules = set(re.findall(r"'([\w.]+)'\)?$", listing, re.MULTILINE))
    # openpyxl parses XML through defusedxml when it is there; the methodology loader needs tomllib
    assert {"defusedxml", "defusedxml.ElementTree", "tomllib", "hashlib"} <= modules, sorted(modules)[:50]
    # no worker processes: multiprocessing left out, so PyInstaller's hook does not import it at every start
    assert "multiprocessing" not in modules and "pyi_rth_multiprocessing" not in modules
    clean = clean_env(tmp_path)
    smoke = subprocess.run([str(exe), "--smoke", "--db", str(tmp_path / "smoke.sqlite")], env=clean,
                           capture_output=True, text=True, timeout=120)
    assert smoke.returncode == 0, smoke.stderr
    db_path = full_database(tmp_path)
    export = subprocess.run([str(exe), "export", "--db", str(db_path), "--period", "2018-Q2", "--out",
                             str(tmp_path)], env=clean, capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    written = [Path(line) for line in export.stdout.split("\n") if line.strip()]
    assert [p.suffix for p in written] == [".pdf", ".xlsx"] and all(p.stat().st_size > 10_000 for p in written)
    assert not any((tmp_path / "omsu-report").rglob("*.sqlite"))  # nothing written beside the executable
    assert os.access(exe, os.X_OK)
    cli = tmp_path / "omsu-report" / "omsu-report-cli"  # the console twin (on Windows the window has none)
    scores = subprocess.run([str(cli), "scores", "--db", str(db_path), "--period", "2018-Q2"], env=clean,
                            capture_output=True, text=True, timeout=120)
    assert scores.returncode == 0 and json.loads(scores.stdout)["total"] > 0, scores.stderr
    wrong = subprocess.run([str(cli), "scores", "--bogus"], env=clean, capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and wrong.stderr.strip().endswith("Справка: omsu-report-cli --help")
    assert "main.py" not in wrong.stderr and "usage" not in wrong.stderr


@pytest.mark.bundle
def test_the_bundle_reads_books_and_writes_a_summarys_workbook_as_the_merge_starts_it(built, tmp_path):
    """A merge starts the executable itself as its helpers: `--read-books` (model/region/reading.py) and
    `--write-workbook` (model/region/summary_files.py), fed through its stdin. The frozen program reads a book as
    the merge reads it here and writes the workbook byte for byte as it is written here."""
    import pickle
    import zipfile

    from region_books import make_full_books

    from model.base.period import Period
    from model.region import reading
    from model.region.consolidate import consolidate, read_district
    from model.region.summary_parts import workbook_parts
    from model.region.summary_xlsx import write_workbook

    exe, clean = built["bundle"] / "omsu-report", clean_env(tmp_path)
    make_full_books(tmp_path / "books", 2)
    book = sorted((tmp_path / "books").glob("*.xlsx"))[0]
    period = Period(2018, 2)
    asked = pickle.dumps(period), pickle.dumps((0, str(book), book.name))
    sent = b"".join(reading._SIZE.pack(len(x)) + x for x in asked)
    read = subprocess.run([str(exe), "--read-books"], input=sent, capture_output=True, timeout=120, env=clean)
    assert read.returncode == 0, read.stderr[-2000:]
    n, district, problems = pickle.loads(read.stdout[reading._SIZE.size:])
    here, here_problems = read_district(book, book.name, period)
    assert (n, district.name, district.scores.total, problems) == (0, here.name, here.scores.total, here_problems)

    parts = workbook_parts(consolidate([tmp_path / "books"], period, readers=0))
    write_workbook(parts, tmp_path / "here.xlsx")
    wrote = subprocess.run([str(exe), "--write-workbook"], input=pickle.dumps((str(tmp_path / "apart.xlsx"), parts)),
                           capture_output=True, timeout=120, env=clean)
    assert wrote.returncode == 0, wrote.stderr[-2000:]
    made = {}
    for name in ("here", "apart"):
        with zipfile.ZipFile(tmp_path / f"{name}.xlsx") as zf:
            made[name] = {m: zf.read(m) for m in zf.namelist() if m != "docProps/core.xml"}  # its times differ
    assert made["apart"] == made["here"] and len(made["here"]) > 10


# The system's own caches of the menu and the icon theme, which its triggers rebuild after any package (and make
# when the theme had none): the system's files, not the package's
CACHES = {"icon-theme.cache", "mimeinfo.cache"}


def tree(places: list[Path]) -> set[str]:
    """Every path under the given folders (what a package could leave behind), but the system's caches."""
    found: set[str] = set()
    for place in places:
        if place.exists():
            found.add(str(place))
            found.update(str(p) for p in place.rglob("*") if p.name not in CACHES)
    return found


def installed(package: str) -> bool:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in out.stdout or "config-files" in out.stdout


@pytest.mark.bundle
def test_deb_installs_starts_and_removes_cleanly(built, tmp_path):
    assert os.geteuid() == 0, "пакет ставится через dpkg: тест запускается от root (как в CI)"
    if installed("omsu-report"):  # left by an interrupted earlier run
        subprocess.run(["dpkg", "-P", "omsu-report"], capture_output=True, check=True)
    before = tree(PLACES)
    assert not OWN & before, OWN & before
    info = subprocess.run(["dpkg-deb", "-f", str(built["deb"]), "Depends"], capture_output=True, text=True,
                          check=True).stdout
    depends = {d.strip() for d in info.split(",")}
    # every library the bundle takes from the system is declared, by the package that holds it on this machine
    for name in SYSTEM_LIBRARIES - C_LIBRARY:
        owner = subprocess.run(["dpkg", "-S", f"*/{name}"], capture_output=True, text=True, check=True).stdout
        assert {line.split(":")[0] for line in owner.splitlines()} & depends, (name, owner, depends)
    assert f"libc6 (>= {stated_floor()})" in depends
    try:
        done = subprocess.run(["dpkg", "-i", str(built["deb"])], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        listed = set(subprocess.run(["dpkg", "-L", "omsu-report"], capture_output=True, text=True,
                                    check=True).stdout.split("\n"))
        assert OWN <= listed
        assert not {p for p in listed if p.startswith("/opt/omsu-report/") and p.endswith(".desktop")}
        env = clean_env(tmp_path)
        assert Path("/usr/bin/omsu-report").resolve() == Path("/opt/omsu-report/omsu-report")
        smoke = subprocess.run(["omsu-report", "--smoke", "--db", str(tmp_path / "smoke.sqlite")], env=env,
                               capture_output=True, text=True, timeout=120)
        assert smoke.returncode == 0, smoke.stderr
        helped = subprocess.run(["omsu-report-cli", "--help"], env=env, capture_output=True, text=True, timeout=120)
        assert helped.returncode == 0 and helped.stdout.startswith("Использование: omsu-report-cli"), helped.stdout
        export = subprocess.run(["omsu-report-cli", "export", "--db", str(full_database(tmp_path)), "--period",
                                 "2018-Q2", "--out", str(tmp_path)], env=env, capture_output=True, text=True,
                                timeout=120)
        assert export.returncode == 0, export.stderr
        written = [Path(line) for line in export.stdout.split("\n") if line.strip()]
        assert [p.suffix for p in written] == [".pdf", ".xlsx"] and all(p.stat().st_size > 10_000 for p in written)
        entry = Path("/usr/share/applications/omsu-report.desktop").read_text(encoding="utf-8")
        assert "Exec=omsu-report\n" in entry and "Icon=omsu-report\n" in entry
        new = tree(PLACES) - before - OWN - {str(p) for p in Path("/opt/omsu-report").rglob("*")}
        assert new <= {str(parent) for p in OWN for parent in Path(p).parents}, new  # only the folders they need
    finally:
        removed = subprocess.run(["dpkg", "-r", "omsu-report"], capture_output=True, text=True, timeout=600)
        after_remove = tree(PLACES)
        purged = subprocess.run(["dpkg", "-P", "omsu-report"], capture_output=True, text=True, timeout=600)
    assert removed.returncode == 0 and purged.returncode == 0, removed.stderr + purged.stderr
    assert after_remove == before, after_remove ^ before  # nothing left by removal (no configuration files either)
    assert tree(PLACES) == before and not installed("omsu-report")


@pytest.mark.bundle
def test_rpm_holds_the_same_files_requirements_and_scripts(built, tmp_path):
    rpm = str(built["rpm"])
    listed = set(subprocess.run(["rpm", "-qlp", rpm], capture_output=True, text=True, check=True).stdout.split())
    deb = subprocess.run(["dpkg-deb", "-c", str(built["deb"])], capture_output=True, text=True, check=True).stdout
    in_deb = {re.sub(r" -> .*$", "", line.split(None, 5)[5]).lstrip(".").rstrip("/") or "/"
              for line in deb.splitlines()}
    # the same files; the .deb also names the system's folders it puts them in, which the .rpm leaves to the system
    assert listed <= in_deb and OWN <= listed
    assert in_deb - listed == {"/", "/opt", "/usr", "/usr/bin", "/usr/share", "/usr/share/applications",
                               "/usr/share/icons", "/usr/share/icons/hicolor", "/usr/share/icons/hicolor/256x256",
                               "/usr/share/icons/hicolor/256x256/apps"}
    requires = set(subprocess.run(["rpm", "-qp", "--requires", rpm], capture_output=True, text=True,
                                  check=True).stdout.split("\n")) - {""}
    wanted = {f"{name}()(64bit)" for name in SYSTEM_LIBRARIES - C_LIBRARY} | {"libc.so.6()(64bit)",
                                                                               f"libc.so.6(GLIBC_{stated_floor()})(64bit)"}
    assert wanted <= requires
    # nothing else: the bundle's own libraries are not asked of the system, and none is offered to it
    assert {r for r in requires - wanted if not r.startswith("rpmlib(")} <= {"/bin/sh", "libm.so.6()(64bit)"}
    provides = subprocess.run(["rpm", "-qp", "--provides", rpm], capture_output=True, text=True, check=True).stdout
    assert ".so" not in provides, provides
    scripts = subprocess.run(["rpm", "-qp", "--scripts", rpm], capture_output=True, text=True, check=True).stdout
    parts = re.split(r"^(\w+) scriptlet \(using /bin/sh\):$", scripts, flags=re.MULTILINE)
    named = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    assert set(named) == {"postinstall", "postuninstall"} and named["postinstall"] == named["postuninstall"]
    # they only refresh the icon cache the system already has: nothing made that removal would leave
    assert named["postinstall"].startswith("[ -f /usr/share/icons/hicolor/icon-theme.cache ] &&")
    # installed into a temporary root (scripts and the system's libraries are not there): the files, then none
    root = tmp_path / "root"
    rpmdb = ["--root", str(root), "--dbpath", "/var/lib/rpm"]
    subprocess.run(["rpm", *rpmdb, "--initdb"], check=True, capture_output=True)
    db_files = tree([root])
    done = subprocess.run(["rpm", "-i", *rpmdb, "--nodeps", "--noscripts", rpm], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert all((root / p.lstrip("/")).exists() or (root / p.lstrip("/")).is_symlink() for p in listed)
    assert os.readlink(root / "usr/bin/omsu-report-cli") == "/opt/omsu-report/omsu-report-cli"
    helped = subprocess.run([str(root / "opt/omsu-report/omsu-report-cli"), "--help"], env=clean_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and helped.stdout.startswith("Использование: omsu-report-cli"), helped.stderr
    gone = subprocess.run(["rpm", "-e", *rpmdb, "--nodeps", "--noscripts", "omsu-report"], capture_output=True,
                          text=True, timeout=600)
    assert gone.returncode == 0, gone.stderr
    left = {p for p in tree([root]) - db_files if not p.startswith(str(root / "var/lib/rpm"))}
    assert not {p for p in left if not Path(p).is_dir()} and not any("omsu" in p for p in left), left


@pytest.mark.bundle
def test_glibc_floor_is_what_readme_states(built):
    floor, files = packages.glibc_floor(built["bundle"])
    print(f"\nНижняя граница glibc сборки: {floor}, её требуют: "
          + ", ".join(str(f.relative_to(built["bundle"])) for f in files))
    assert floor == stated_floor(), (floor, files)
    assert f"glibc {floor}" in built["stdout"]  # the build says it too


def objdump_glibc(path: Path) -> set[tuple[int, ...]]:
    """GLIBC versions of the symbols an ELF file imports, as `objdump -T` shows them (undefined, *UND*)."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    return {tuple(int(n) for n in v.split(".")) for v in re.findall(r"\*UND\*\s+\S+\s+(?:\(?)GLIBC_([\d.]+)", out)}


def test_glibc_floor_reads_what_objdump_reads(tmp_path):
    """The floor from the version-needs section agrees with the imported symbols' versions, file by file."""
    for name in ("sh", "ls", "readelf", "dpkg"):
        source = Path(subprocess.run(["sh", "-c", f"command -v {name}"], capture_output=True, text=True,
                                     check=True).stdout.strip()).resolve()
        (tmp_path / name).write_bytes(source.read_bytes())
        assert packages.glibc_versions(tmp_path / name) == objdump_glibc(tmp_path / name), name
    (tmp_path / "notes.txt").write_text("не ELF", encoding="utf-8")
    floor, files = packages.glibc_floor(tmp_path)
    top = max(max(objdump_glibc(f)) for f in tmp_path.iterdir() if f.suffix != ".txt")
    assert floor == ".".join(map(str, top)) and files and all(max(objdump_glibc(f)) == top for f in files)


@given(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)), st.sampled_from(["a", "b", "rc"]),
       st.integers(1, 20))
def test_a_pre_release_sorts_before_its_release_in_both_packages(release, kind, n):
    number = ".".join(map(str, release))
    pre, final = packages.deb_version(f"{number}{kind}{n}"), packages.deb_version(number)
    assert subprocess.run(["dpkg", "--compare-versions", pre, "lt", final]).returncode == 0, (pre, final)
    order = subprocess.run(["rpm", "--eval", f'%{{lua: print(rpm.vercmp("{pre}", "{final}"))}}'],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert order == "-1", (pre, final, order)
