"""The command line: the scores calculator, argument errors, the start without a display, --smoke."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FULL_QUARTER, FULL_SECTIONS, FULL_TOTAL, Q2

from model.areas import plan
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=env or os.environ.copy(), timeout=timeout)


def test_scores_from_inputs_file(tmp_path):
    inputs = tmp_path / "in.json"
    inputs.write_text(json.dumps(FULL_QUARTER), encoding="utf-8")
    out = run("scores", "--inputs", inputs)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["total"] == pytest.approx(FULL_TOTAL)
    assert data["sections"] == pytest.approx(FULL_SECTIONS)
    assert data["items"]["1.1"] == 75.0 and data["items"]["1.3"] == 100.0
    assert data["raw"] == {"1.3": pytest.approx(135.0)}


def test_scores_partial_inputs_give_null(tmp_path):
    inputs = tmp_path / "in.json"
    inputs.write_text(json.dumps({"1.1": {"A1": 45, "B1": 50, "A2": "1 200", "B2": "2 000"}}), encoding="utf-8")
    data = json.loads(run("scores", "--inputs", inputs).stdout)
    assert data["items"]["1.1"] == pytest.approx(75.0)
    assert data["items"]["2.1"] is None and data["sections"]["1"] is None and data["total"] is None


@pytest.mark.parametrize(("payload", "words"), [
    ({"1.1": {"A1": 60, "B1": 50}}, ["1.1", "A1"]),
    ({"2.2": {"n": 0.3}}, ["2.2", "n"]),
    ({"7.7": {"n": 1}}, ["7.7"]),
    ({"2.1": {"A": "много", "B": 3}}, ["2.1", "A"]),
    ({"2.1": {"A": True, "B": 3}}, ["2.1", "A"]),
])
def test_scores_rule_break_names_item_and_field(tmp_path, payload, words):
    inputs = tmp_path / "in.json"
    inputs.write_text(json.dumps(payload), encoding="utf-8")
    out = run("scores", "--inputs", inputs)
    assert out.returncode == 2
    assert all(w in out.stderr for w in words), out.stderr
    assert out.stdout == ""


def test_scores_from_database(tmp_path):
    db_path = tmp_path / "d.sqlite"
    db = open_database(db_path)
    for number, values in FULL_QUARTER.items():
        plan.set_values(db, Q2, number, dict(values))
    db.conn.close()
    out = run("scores", "--db", db_path, "--period", "2018-Q2")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] == pytest.approx(FULL_TOTAL)


@pytest.mark.parametrize("args", [
    ["scores"], ["scores", "--period", "2018-Q5", "--db", "x.sqlite"], ["scores", "--db", "missing.sqlite", "--period",
                                                                         "2018-Q2"],
    ["--nonsense"], ["scores", "--inputs", "missing.json"],
])
def test_bad_arguments_one_line_nonzero(tmp_path, args):
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode != 0
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr


def test_no_display_says_how_to_get_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = run("--db", tmp_path / "d.sqlite", env=env)
    assert out.returncode == 1
    assert "xvfb-run" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.sqlite").exists()


def test_smoke_builds_window_and_exits_zero(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    out = run("--smoke", "--db", tmp_path / "d.sqlite", env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "d.sqlite").exists()


def test_without_db_the_file_opened_last_opens_again(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               OMSU_DATA_DIR=str(tmp_path / "data"))
    chosen = tmp_path / "папка района" / "район.sqlite"
    chosen.parent.mkdir()
    assert run("--smoke", "--db", chosen, env=env).returncode == 0
    out = run("--smoke", env=env)
    assert out.returncode == 0, out.stderr
    log = (tmp_path / "data" / "logs" / "omsu-report.log").read_text(encoding="utf-8")  # model.base.paths.log_path
    opened = [line for line in log.splitlines() if "Открыт файл" in line]
    assert [line.split("Открыт файл ")[1] for line in opened] == [str(chosen), str(chosen)]


def test_smoke_on_foreign_file_fails_cleanly(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("не база", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    out = run("--smoke", "--db", bad, env=env)
    assert out.returncode == 1 and "не является базой" in out.stderr


ARGPARSE_ENGLISH = ("usage", "show this help", "positional arguments", "options:", "error:", "required",
                    "unrecognized", "invalid", "expected", "choose from", "argument")


@pytest.mark.parametrize("args", [["--help"], ["consolidate", "--help"], ["methodology", "--help"]])
def test_help_is_russian_throughout(args):
    out = run(*args)
    assert out.returncode == 0 and out.stdout.startswith("Использование: python main.py")
    assert "показать эту справку и выйти" in out.stdout and "параметры:" in out.stdout
    words = re.sub(r"--[\w-]+", "", out.stdout.lower())  # the options' own names (--expected) are not prose
    assert not [w for w in ARGPARSE_ENGLISH if w in words]


@pytest.mark.parametrize("args, said", [
    (["scores", "--bogus"], "неизвестные параметры: --bogus"),
    (["export", "--db"], "параметр --db: после параметра нужно значение"),
    (["consolidate", "--period", "2018-Q2"], "не указаны обязательные параметры: --out, ФАЙЛ_ИЛИ_ПАПКА"),
    (["methodology", "frob"], "недопустимое значение 'frob' (возможны: 'list', 'check', 'install', 'diff', "
     "'to-xlsx', 'from-xlsx')"),
    (["scores", "--inputs", "x.json", "--year", "два"], "параметр --year: недопустимое значение 'два'"),
])
def test_argument_errors_are_one_russian_line_naming_the_program(args, said):
    out = run(*args)
    assert out.returncode == 2 and out.stdout == ""
    line = out.stderr.strip()
    assert "\n" not in line and said in line and line.endswith("Справка: python main.py --help")
    assert not [w for w in ARGPARSE_ENGLISH if w in line.lower()]


def test_the_bundle_names_its_executable_in_messages(monkeypatch):
    from model.base.version import program_name

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\Отчётность ОМСУ\omsu-report.exe")
    assert program_name().endswith("omsu-report.exe") and "main.py" not in program_name()


GC_AFTER_START = """
import gc, sys
sys.path.insert(0, {root!r})
import main
code = main.main(["--smoke", "--db", {db!r}])
print(code, gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize("good", [True, False])
def test_collector_is_back_on_once_the_start_is_over(tmp_path, good):
    """The start runs without the cyclic collector (main.py) and switches it on again, whatever way it ends."""
    db = tmp_path / "d.sqlite"
    if not good:
        db.write_text("не база", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               OMSU_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-c", GC_AFTER_START.format(root=str(ROOT), db=str(db))],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == (["0", "True", "True"] if good else ["1", "True", "True"]), out.stderr
