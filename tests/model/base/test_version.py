"""The program's version from the source tree is read from its pyproject.toml, without importlib.metadata (and the
email package it brings) at every start; a pyproject.toml of another project where an installed wheel would look
is not taken for the program's."""

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_source_trees_version_is_read_from_pyproject_without_importlib_metadata():
    out = json.loads(run("import sys, json\nfrom model.base.version import program_version\n"
                         "print(json.dumps([program_version(), 'importlib.metadata' in sys.modules, "
                         "'email' in sys.modules]))"))
    assert out == [tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"],
                   False, False]


def test_another_projects_pyproject_beside_the_package_is_not_the_programs(tmp_path):
    copy = tmp_path / "site" / "model" / "base" / "version.py"
    copy.parent.mkdir(parents=True)
    shutil.copy(ROOT / "model" / "base" / "version.py", copy)
    (tmp_path / "site" / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "9.9"\n', encoding="utf-8")
    version = run(f"import runpy\nprint(runpy.run_path({str(copy)!r})['program_version']())").strip()
    assert version and version != "9.9"
