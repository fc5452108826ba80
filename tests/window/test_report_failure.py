"""A fault in building the report is told in Russian with what to do, and leaves every tab whole: the preview says
why it is empty, saving and sending say so in a message, the tab bar keeps working, the command line prints one
Russian line and exit code 2 instead of a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fill_quarter
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from gui.quarter_tabs import NotBuilt

ROOT = Path(__file__).resolve().parents[2]


def broken(*_args, **_kwargs):
    raise AttributeError("'Paragraph' object has no attribute 'blPara'")


@pytest.fixture
def said(monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: [b.click() for b in box.buttons() if b.text() == "Без файлов"])
    return messages


def test_a_preview_that_cannot_be_built_says_why_and_every_tab_still_opens(qtbot, window, monkeypatch):
    monkeypatch.setattr("model.reports.pdf_report.write_pdf", broken)
    window.tabs.setCurrentIndex(4)  # «Отчёты»
    tab = window.reports_tab
    texts = [label.text() for label in tab.preview.findChildren(QLabel) if label.isVisible()]
    assert tab.preview.page_label.text() == "отчёт не построен"
    assert any(t.startswith("Не удалось построить предпросмотр отчёта") and "журнал программы" in t for t in texts)
    assert not window.tabs.signalsBlocked()
    for index in range(4):  # the tabs not opened yet are built when shown, as before the fault
        window.tabs.setCurrentIndex(index)
        assert not isinstance(window.tabs.widget(index), NotBuilt)


def test_saving_and_sending_when_the_report_cannot_be_built_say_so_and_write_nothing(qtbot, window, monkeypatch,
                                                                                     tmp_path, said):
    fill_quarter(window.db)
    window.tabs.setCurrentIndex(4)
    tab = window.reports_tab
    monkeypatch.setattr("model.reports.pdf_report.write_pdf", broken)
    monkeypatch.setattr("model.reports.sending.write_pdf", broken, raising=False)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out / "r.pdf"), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    tab.save_pdf()
    tab.prepare_sending()
    assert len(said) == 2 and all("Не удалось" in m and "Данные квартала сохранены" in m for m in said)
    assert list(out.iterdir()) == [] and QApplication.overrideCursor() is None


def test_the_command_line_tells_a_fault_in_one_russian_line_with_exit_code_2(tmp_path):
    from model.store.db import open_database

    db = open_database(tmp_path / "d.sqlite")
    fill_quarter(db)
    db.conn.close()
    script = ("import sys, model.reports.pdf_report as r\n"
              "def broken(*a, **k): raise AttributeError(\"'Paragraph' object has no attribute 'blPara'\")\n"
              "r.write_pdf = broken\nimport main\n"
              f"sys.exit(main.main(['export', '--db', {str(tmp_path / 'd.sqlite')!r}, '--period', '2018-Q2', "
              f"'--out', {str(tmp_path / 'out')!r}]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "OMSU_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith("Ошибка программы при выполнении команды «export»") and "журнале" in out.stderr
    assert "blPara" in (tmp_path / "data" / "logs" / "omsu-report.log").read_text(encoding="utf-8")
