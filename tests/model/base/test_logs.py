"""The program's log: rotated at start, never while written, and the start's line names the system."""

import logging
import os
import sys

from model import APP_NAME
from model.base.logs import rotate, setup_logging


def test_a_log_past_the_limit_moves_to_1_and_older_ones_shift_up(tmp_path):
    log = tmp_path / "omsu-report.log"
    log.write_text("сегодня\n" * 20, encoding="utf-8")
    (tmp_path / "omsu-report.log.1").write_text("вчера", encoding="utf-8")
    (tmp_path / "omsu-report.log.2").write_text("позавчера", encoding="utf-8")
    rotate(log, limit=100, keep=3)
    assert not log.exists()
    assert (tmp_path / "omsu-report.log.1").read_text(encoding="utf-8").startswith("сегодня")
    assert (tmp_path / "omsu-report.log.2").read_text(encoding="utf-8") == "вчера"
    assert (tmp_path / "omsu-report.log.3").read_text(encoding="utf-8") == "позавчера"
    rotate(tmp_path / "omsu-report.log.1", limit=10**6)  # under the limit: nothing moves
    assert (tmp_path / "omsu-report.log.1").exists()


def test_the_start_line_names_program_python_and_system(tmp_path):
    path = setup_logging(tmp_path / "logs" / "omsu-report.log")
    try:
        text = path.read_text(encoding="utf-8")
        system = "Windows" if sys.platform == "win32" else os.uname().sysname
        assert APP_NAME in text and f"Python {sys.version.split()[0]}, {system}" in text
        assert text.count("\n") == 1
    finally:
        for handler in logging.getLogger("omsu").handlers:
            handler.close()
        logging.getLogger("omsu").handlers.clear()


def test_a_log_that_cannot_be_written_goes_to_the_temporary_folder_not_the_screen(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    blocked = tmp_path / "файл"
    blocked.write_bytes(b"not a folder")
    path = setup_logging(blocked / "omsu-report.log")
    assert path == tmp_path / "temp" / "omsu-report.log"
    assert "Python" in path.read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


def _three_logs(folder):
    log = folder / "omsu-report.log"
    log.write_text("сегодня\n" * 20, encoding="utf-8")
    (folder / "omsu-report.log.1").write_text("вчера", encoding="utf-8")
    (folder / "omsu-report.log.2").write_text("позавчера", encoding="utf-8")
    return log


def _logs(folder):
    return {p.name: p.read_text(encoding="utf-8")[:7] for p in sorted(folder.iterdir())}


def test_a_log_another_copy_writes_is_not_rotated_and_no_older_one_shifts(tmp_path, monkeypatch):
    """Windows refuses to move a file another process holds open (the merge, while its helper starts): then
    nothing moves at all — the older logs used to shift up at each such start, losing the oldest."""
    from model.base import logs

    log = _three_logs(tmp_path)
    before = _logs(tmp_path)
    real = os.replace

    def held_open(src, dst):
        if os.fspath(src) == os.fspath(log):
            raise PermissionError(32, "The process cannot access the file because it is being used")
        return real(src, dst)
    monkeypatch.setattr(logs.os, "replace", held_open)
    for _ in range(3):
        rotate(log, limit=100, keep=3)
    assert _logs(tmp_path) == before


def test_a_helper_of_the_merge_never_rotates_the_log(tmp_path):
    """`main.py --write-workbook` and `--read-books`, started by a merge that writes the same log: theirs is added
    to it, never moved under it."""
    import subprocess
    from pathlib import Path

    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    log = _three_logs(logs)
    log.write_text("сегодня\n" * 200_000, encoding="utf-8")  # past the 1 MB limit
    main = Path(__file__).resolve().parents[3] / "main.py"
    env = {**os.environ, "OMSU_DATA_DIR": str(tmp_path / "data")}
    for flag in ("--write-workbook", "--read-books"):
        done = subprocess.run([sys.executable, str(main), flag], input=b"", capture_output=True, timeout=60, env=env)
        assert done.returncode in (0, 1), done.stderr
    assert sorted(p.name for p in logs.iterdir()) == ["omsu-report.log", "omsu-report.log.1", "omsu-report.log.2"]
    assert log.read_text(encoding="utf-8").count("Python") == 2  # each helper's start line, in the log itself
