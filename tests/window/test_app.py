"""The application shell: the log file and the dialog shown for an unexpected error."""

import sys

from PySide6.QtWidgets import QMessageBox

from gui.app import install_crash_dialog
from model.base.logs import setup_logging


def test_unexpected_error_is_logged_and_told_in_russian(qtbot, window, tmp_path, monkeypatch):
    log_file = setup_logging(tmp_path / "logs" / "omsu-report.log")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    old_hook = sys.excepthook
    try:
        install_crash_dialog(lambda: window, log_file)
        window.plan_tab.select_item("2.3")
        window.plan_tab.form.evidence.setPlainText("текст, который ещё печатали")
        try:
            raise RuntimeError("проверка")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
    assert "непредвиденная ошибка" in shown[0] and str(log_file) in shown[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: проверка" in logged and "Traceback" in logged
    from model.areas import plan
    from model.base.period import Period
    assert plan.load_evidence(window.db, Period(2018, 2)) == {"2.3": "текст, который ещё печатали"}


def test_standard_buttons_speak_russian(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Save,
                                                             QDialogButtonBox.StandardButton.Cancel,
                                                             QDialogButtonBox.StandardButton.Yes,
                                                             QDialogButtonBox.StandardButton.No)}
    assert texts == {"Сохранить", "Отмена", "Да", "Нет"}


def test_about_shows_the_version_and_where_things_are(window, monkeypatch):
    from model.base.version import program_version

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about()
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert program_version() == pyproject["project"]["version"]
    assert f"Версия {program_version()}" in shown[0]
    assert str(window.db_path) in shown[0] and "omsu-report.log" in shown[0]
