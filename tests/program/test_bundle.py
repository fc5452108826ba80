"""The bundle: built with the README's command, started with --smoke, and asked for an export."""

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import fill_quarter

from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.bundle
def test_bundle_starts_and_exports(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py")], capture_output=True, text=True,
                         timeout=1800, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    archive = next((ROOT / "dist").glob("omsu-report-*-linux-*.tar.xz"))
    with tarfile.open(archive) as tf:
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
    clean = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
             "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    smoke = subprocess.run([str(exe), "--smoke", "--db", str(tmp_path / "smoke.sqlite")], env=clean,
                           capture_output=True, text=True, timeout=120)
    assert smoke.returncode == 0, smoke.stderr
    db_path = tmp_path / "full.sqlite"
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
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
