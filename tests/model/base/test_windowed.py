"""The windowed executable (no console: sys.stdout and sys.stderr are None, as in PyInstaller's omsu-report.exe or
pythonw) runs no command: it says to use omsu-report-cli.exe and ends with exit code 2, writing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from command_line import ROOT, filled_quarter

import main
from main import build_parser
from model.base.windowed import CONSOLE_TWIN, without_console


def windowed_main(monkeypatch, argv: list[str], told: list[tuple[str, str]]) -> int:
    """main.main as the windowed executable runs it (set inside the test: pytest's capture puts its own streams
    back between a fixture and the test)."""
    monkeypatch.setattr(main, "without_console",
                        lambda parser, args: without_console(parser, args, tell=lambda t, x: told.append((t, x))))
    with monkeypatch.context() as streams:
        streams.setattr(sys, "stdout", None)
        streams.setattr(sys, "stderr", None)
        return main.main(argv)


def test_a_command_is_not_run_and_the_box_names_the_console_twin(monkeypatch, tmp_path):
    database, _ = filled_quarter(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    told: list[tuple[str, str]] = []
    code = windowed_main(monkeypatch, ["export", "--db", str(database), "--period", "2018-Q2", "--out", str(out)], told)
    assert code == 2
    assert list(out.iterdir()) == []  # nothing exported where nobody would see it said
    [(title, text)] = told
    assert title == "Отчётность ОМСУ" and "«export»" in text and f"{CONSOLE_TWIN} export" in text


def test_help_and_a_wrong_argument_go_into_the_box(monkeypatch):
    told: list[tuple[str, str]] = []
    assert windowed_main(monkeypatch, ["--help"], told) == 0
    assert windowed_main(monkeypatch, ["scores", "--bogus"], told) == 2
    (_, help_text), (_, wrong) = told
    assert "КОМАНДА" in help_text and CONSOLE_TWIN in help_text  # argparse's help, and what to do
    assert "--bogus" in wrong and CONSOLE_TWIN in wrong


def test_the_window_itself_still_starts_without_a_console():
    told: list[str] = []
    args = without_console(build_parser(), ["--db", "x.sqlite"], tell=lambda t, x: told.append(x))
    assert not isinstance(args, int) and args.db == Path("x.sqlite") and args.command is None and told == []


def test_a_process_without_console_exits_2_and_logs_the_advice(tmp_path):
    """The whole process, as the windowed executable runs it: the advice goes to the message box on Windows and to
    the log elsewhere; exit code 2; nothing exported."""
    database, _ = filled_quarter(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    argv = ["export", "--db", str(database), "--period", "2018-Q2", "--out", str(out)]
    script = f"import sys; sys.stdout = None; sys.stderr = None; import main; sys.exit(main.main({argv!r}))"
    env = {**os.environ, "OMSU_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 2 and done.stdout == b"" and done.stderr == b""
    assert list(out.iterdir()) == []
    log = (tmp_path / "data" / "logs" / "omsu-report.log").read_text(encoding="utf-8")
    assert f"{CONSOLE_TWIN} export" in log
