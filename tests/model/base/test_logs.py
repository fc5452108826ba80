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
