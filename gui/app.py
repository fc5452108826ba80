"""Starts the Qt application on a database file."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from model import APP_ID, APP_NAME
from model.db import DatabaseRefused, open_database
from model.paths import default_database_path
from model.profile import load_profile


def run_app(db_path: Path | None, smoke: bool = False) -> int:
    """Show the main window; with smoke, build and show it, then exit 0."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    settings = QSettings(APP_ID, "omsu-report")
    path = Path(db_path) if db_path else default_database_path()

    from gui.main_window import MainWindow
    from gui.opening import open_for_window

    try:
        db = open_database(path) if smoke else open_for_window(None, path)
        if db is None:
            return 1
        window = MainWindow(path, settings, db)
    except DatabaseRefused as exc:
        if smoke:
            print(f"Ошибка: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, APP_NAME, f"{exc}\n\nЗапустите программу с другим файлом: main.py --db ФАЙЛ")
        return 1
    window.show()
    if smoke:
        app.processEvents()
        window.close()
        return 0
    if load_profile(window.db) is None:
        QTimer.singleShot(0, lambda: window.edit_profile(first_start=True))
    return app.exec()
