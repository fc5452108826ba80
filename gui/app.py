"""Starts the Qt application on a database file."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from model import APP_ID, APP_NAME
from model.areas.profile import load_profile
from model.base.faults import logged_unraisable
from model.base.logs import log, setup_logging
from model.base.paths import default_database_path
from model.base.resources import resource_path
from model.base.version import program_name
from model.errors import DatabaseRefused
from model.store.db import open_database


def install_crash_dialog(window_of: Callable[[], QWidget | None], log_file: Path) -> None:
    """An unexpected error is logged and told in Russian; edits accepted before it are already on disk."""

    def hook(kind, value, tb) -> None:
        log.error("Непредвиденная ошибка", exc_info=(kind, value, tb))
        window = window_of()
        try:
            if window is not None and getattr(window, "plan_tab", None) is not None:
                window.plan_tab.flush()  # text still being typed is stored too
        except Exception:  # the error may be in that very code: the log has it
            log.exception("Не удалось сохранить вводимый текст после ошибки")
        QMessageBox.critical(window, APP_NAME, "Произошла непредвиденная ошибка. Все изменения, которые программа "
                             "показала принятыми, сохранены в базе данных.\n\nПодробности записаны в журнал:\n"
                             f"{log_file}\n\nПришлите этот файл разработчикам. Работу можно продолжить.")

    sys.excepthook = hook
    sys.unraisablehook = logged_unraisable  # a collected file's failing close: to the log, not the console


# Texts of Qt's own dialogs that the Russian qtbase translation shipped with PySide6 lacks (Windows' native
# dialogs are Russian already; on Linux Qt draws its own).
SUPPLEMENT = {
    "&Look in:": "&Папка:",
    "Files of &type:": "&Тип файлов:",
    "Page &Set:": "&Страницы:",
    "Page &order:": "&Порядок страниц:",
    "Pages &per sheet:": "Страниц на &листе:",
    "Folder": "Папка",  # the type of a folder in the file list (context QAbstractFileIconProvider)
    "File Folder": "Папка с файлами",
    "Drive": "Диск",
    "TOML document": "Документ TOML",  # a methodology file's type (context QMimeType)
}


class SupplementaryTranslator(QTranslator):
    """Answers only for the texts in SUPPLEMENT; for the rest Qt asks qtbase_ru."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return SUPPLEMENT.get(source)  # None: not ours (an empty text would be taken as the translation)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def install_russian(app: QApplication) -> bool:
    """Qt's own texts in Russian: standard buttons (Да, Нет, Отмена), file and print dialogs."""
    translator = QTranslator(app)
    loaded = translator.load(QLocale(QLocale.Language.Russian, QLocale.Country.Russia), "qtbase", "_",
                             QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if loaded:
        app.installTranslator(translator)
    app.installTranslator(SupplementaryTranslator(app))  # asked first: installed last
    return loaded


def settle_start() -> None:
    """The first screen is up: what start-up built (modules, Qt's types, the window) stays for the program's
    life, so the cyclic collector, switched off while it was made (main.py), leaves it alone from now on and
    watches only what is made later — every later collection, and the last one at exit, is the quicker for it."""
    gc.freeze()
    gc.enable()


def run_app(db_path: Path | None, smoke: bool = False) -> int:
    """Show the main window; with smoke, build and show it, then exit 0."""
    try:
        return _run_app(db_path, smoke)
    finally:
        if not gc.isenabled():  # a refused database ends the start before the window is up
            settle_start()


def _run_app(db_path: Path | None, smoke: bool) -> int:
    log_file = setup_logging()
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    app = QApplication.instance() or QApplication(sys.argv)
    install_russian(app)  # type: ignore[arg-type]
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource_path("icons", "omsu-report.png"))))
    app.setOrganizationName(APP_ID)
    settings = QSettings(APP_ID, "omsu-report")

    from gui.file_actions import recent_databases, remember_database
    from gui.main_window import MainWindow
    from gui.opening import open_for_window
    from gui.style import apply_font_size

    apply_font_size(app, settings)  # type: ignore[arg-type]

    recent = recent_databases(settings)
    path = Path(db_path) if db_path else recent[0] if recent else default_database_path()

    try:
        db = open_database(path) if smoke else open_for_window(None, path)
        if db is None:
            return 1
        window = MainWindow(path, settings, db)
    except DatabaseRefused as exc:
        if smoke:
            print(f"Ошибка: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, APP_NAME,
                             f"{exc}\n\nЗапустите программу с другим файлом: {program_name()} --db ФАЙЛ")
        return 1
    install_crash_dialog(lambda: window, log_file)
    log.info("Открыт файл %s", path)
    window.show()
    if smoke:
        app.processEvents()
    # After the first screen: the settings file is written (and synced to disk) once the window is up — with
    # --smoke, once at its close together with the window's place.
    remember_database(settings, path)
    if smoke:
        window.close()
        settle_start()
        return 0
    settle_start()
    if load_profile(window.db) is None:
        QTimer.singleShot(0, lambda: window.edit_profile(first_start=True))
    from gui.warm import warm_in_pauses

    warm_in_pauses(app, window)  # type: ignore[arg-type]  # the other tabs' first openings prepared (a child of app)
    return app.exec()
