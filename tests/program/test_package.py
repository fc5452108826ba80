"""The installable package: the wheel and the source archive carry the code and its data; `omsu-report` runs."""

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = {"gui", "main.py", "model", "resources"}  # the design card's names, and nothing else


def run(*args, **kwargs):
    out = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert out.returncode == 0, out.stdout + out.stderr
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", folder, ROOT)
    return next(folder.glob("omsu_report-*.whl"))


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory, wheel) -> Path:
    """A new venv with the wheel installed; the libraries it needs are borrowed from this one by a path entry
    (not as a site directory, so this checkout's editable install does not come along)."""
    venv = tmp_path_factory.mktemp("venv") / "clean"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    return venv


def test_wheel_holds_the_code_and_its_data_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if ".dist-info" not in n} == TOP_LEVEL
    for expected in ("model/methodology/rules.py", "model/exchange/decode.py", "model/region/consolidate.py",
                     "gui/region/window.py", "resources/methodologies/popularization-2018.toml",
                     "resources/fonts/DejaVuSans.ttf", "resources/fonts/DejaVu-LICENSE.txt",
                     "resources/fonts/DejaVuSans.ttf.metrics", "resources/fonts/DejaVuSans-Bold.ttf.metrics",
                     "resources/indicators/digital-government.toml", "resources/icons/omsu-report.png",
                     "resources/guide/user-guide.md"):
        assert expected in names, expected
    assert not [n for n in names if n.startswith(("tests/", "installer/", "docs/"))]


def test_source_archive_carries_resources_docs_and_tests(tmp_path):
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(tmp_path)!r}))"
    archive = tmp_path / run(sys.executable, "-c", code, cwd=ROOT).stdout.strip().splitlines()[-1]
    names = tarfile.open(archive).getnames()
    for expected in ("resources/methodologies/popularization-2018.toml", "resources/fonts/DejaVuSans-Bold.ttf",
                     "resources/fonts/DejaVuSans-Bold.ttf.metrics", "docs/методика.md",
                     "docs/examples/popularization-2027.toml", "tests/conftest.py"):
        assert any(n.endswith(expected) for n in names), expected


def test_installed_program_runs_from_its_own_copy(clean_venv, tmp_path):
    scripts = clean_venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = scripts / ("python.exe" if sys.platform == "win32" else "python")
    where = run(python, "-c", "import model, resources; print(model.__file__); print(resources.__file__)",
                cwd=tmp_path).stdout.split()
    assert all(str(clean_venv) in w for w in where), where  # not this checkout
    env = {"QT_QPA_PLATFORM": "offscreen", "OMSU_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path),
           "PATH": "/usr/bin:/bin", "SYSTEMROOT": "C:\\Windows"}
    run(scripts / "omsu-report", "--smoke", "--db", tmp_path / "d.sqlite", cwd=tmp_path, env=env)
    listed = run(scripts / "omsu-report", "methodology", "list", cwd=tmp_path, env=env).stdout
    assert "«План мероприятий по популяризации в 2018 году" in listed and "версия 2018.1 (2018 год)" in listed
    version = run(python, "-c", "from model.base.version import program_version; print(program_version())",
                  cwd=tmp_path, env=env).stdout.strip()
    assert version == next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text().splitlines()
                           if line.startswith("version"))
