"""The window's «Файл» menu: open or create a database, a file from the region (its package or answers), the
profile, methodologies, the region's summary, backups, the change journal, «О программе». Mixed into MainWindow,
whose state (db, editor, tabs) it uses."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from gui.failure import attempt
from gui.opening import open_for_window
from model import APP_NAME
from model.areas.periods import (
    choose_methodology,
    move_period,
    period_row,
    periods_with_data,
    reporting_period,
    year_period,
)
from model.areas.profile import load_profile
from model.base import writer_lock as lock
from model.base.words import counted
from model.errors import DatabaseRefused
from model.methodology import Methodology
from model.store.db import open_database

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu, QTabWidget

    from gui.editor import Editor
    from gui.tabs.plan import PlanTab
    from gui.tabs.reports import ReportsTab
    from model.base.period import Period
    from model.store.db import Database


RECENT_KEY = "recent_databases"
RECENT_COUNT = 8


def recent_databases(settings: QSettings) -> list[Path]:
    """The database files opened lately, the last first; files since moved or deleted are left out."""
    stored = settings.value(RECENT_KEY) or []
    names = [stored] if isinstance(stored, str) else list(stored)  # QSettings gives one value as a string
    return [Path(name) for name in names if name and Path(name).is_file()]


def remember_database(settings: QSettings, path: Path) -> None:
    """Put the file first in the recent list (the same file once, whatever the letter case on Windows)."""
    path = Path(os.path.abspath(path))
    key = os.path.normcase(str(path))
    recent = [str(p) for p in recent_databases(settings)]
    listed = [str(path), *(name for name in recent if os.path.normcase(name) != key)][:RECENT_COUNT]
    if listed != recent:  # the same list again would rewrite the settings file for nothing (two syncs to disk)
        settings.setValue(RECENT_KEY, listed)


class FileActions(QMainWindow):
    """What the «Файл» menu does; MainWindow provides the state below and the methods it calls back."""

    db: Database
    db_path: Path
    editor: Editor
    settings: QSettings
    plan_tab: PlanTab | None
    reports_tab: ReportsTab | None
    tabs: QTabWidget

    def period(self) -> Period: ...
    def show_period(self, period: Period) -> None: ...
    def _show_plan(self, period: Period) -> None: ...
    def _show_database(self) -> None: ...
    def _set_picker(self, period: Period) -> None: ...
    def _update_title(self) -> None: ...
    def imported(self, period: Period) -> None: ...

    def open_database_file(self, path: Path) -> bool:
        """Switch to another database file; on refusal keep the current one and say why."""
        if self.plan_tab is not None:
            self.plan_tab.flush()
        if path.resolve() == self.db_path.resolve():
            return True
        try:
            db = open_for_window(self, path)
        except DatabaseRefused as exc:
            QMessageBox.warning(self, "Открытие базы данных", f"{exc}\n\nОткрыта прежняя база: {self.db_path}")
            return False
        if db is None:
            return False
        self.db.conn.close()
        lock.release(self.db_path)
        self.db, self.db_path = db, path
        remember_database(self.settings, path)
        if self.period() not in periods_with_data(db):  # the quarter shown, where this file has it; else the file's
            self._set_picker(reporting_period(db))  # quarter to fill (an empty quarter of the other file's choosing)
        self._show_database()
        if load_profile(db) is None:
            self.edit_profile(first_start=True)
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        """«Недавние файлы»: built each time it opens, so that it is never out of date."""
        menu.clear()
        paths = [p for p in recent_databases(self.settings) if p.resolve() != self.db_path.resolve()]
        for number, path in enumerate(paths, 1):
            shown = f"{path.name}  —  {path.parent}".replace("&", "&&")  # «&» in a name is not a shortcut mark
            action = menu.addAction(f"&{number}  {shown}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, path=path: self.open_database_file(path))
        if not paths:
            menu.addAction("Других файлов пока не открывали").setEnabled(False)

    def create_database(self) -> None:
        from gui import file_dialogs  # Qt's file dialog classes, made when first used

        name = file_dialogs.save_name(self, "Создать базу данных", "новая.sqlite", "База данных (*.sqlite)")
        if not name:
            return
        path = Path(name)
        if path.exists():
            QMessageBox.warning(self, "Создать базу данных",
                                f"Файл {path} уже существует. Чтобы работать с ним, выберите «Открыть базу данных».")
            return
        self.open_database_file(path)

    def choose_database(self) -> None:
        from gui import file_dialogs  # Qt's file dialog classes, made when first used

        name = file_dialogs.open_name(self, "Открыть базу данных", "База данных (*.sqlite *.db);;Все файлы (*)")
        if name:
            self.open_database_file(Path(name))

    def load_from_region(self, path: Path | None = None) -> bool:
        """«Загрузить файл из региона…»: the region's package or its answers; what would change is shown first,
        «Загрузить» applies it all at once. Whether it was applied."""
        from gui.dialogs.from_region import FromRegionDialog
        from model.exchange import from_region, region_files

        title = "Файл из региона"
        if path is None:
            from gui import file_dialogs  # Qt's file dialog classes, made when first used

            name = file_dialogs.open_name(self, "Загрузить файл из региона",
                                          "Файл из региона (*.json);;Все файлы (*)")
            if not name:
                return False
            path = Path(name)
        if self.plan_tab is not None:
            self.plan_tab.flush()
        chosen = path
        document = attempt(self, title, lambda: region_files.read(chosen))
        if document is None:
            return False
        preview = attempt(self, title, lambda: from_region.preview(self.db, document), busy=True)
        if preview is None:
            return False
        dialog = FromRegionDialog(preview, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        done = attempt(self, title, lambda: from_region.apply(self.db, document), busy=True)
        if done is None:
            return False
        period = self.period()
        self.imported(period)  # every area may have changed: the quarter on screen is read afresh
        changed = sum(1 for line in done.lines if line.changes)
        values = counted(changed, "значение", "значения", "значений")
        said = done.nothing_to_do or (f"Загружено из файла региона: {values}" if changed else "Файл региона загружен")
        if isinstance(document, region_files.Answers):
            self._show_answer(document.period)
            said = done.nothing_to_do or f"Загружен ответ региона за {document.period.title()}"
        elif document.manifest.year != period.year and not done.nothing_to_do:
            year = document.manifest.year  # a package for another year: its quarter shown, unless this one has data
            if period in periods_with_data(self.db):
                said = f"Пакет на {year} год загружен: выберите период {year} года"
            else:
                self.show_period(year_period(self.db, year))
        self.statusBar().showMessage(said, 15000)
        return True

    def _show_answer(self, period: Period) -> None:
        """The region's answer is read in «Отчёты» of its quarter."""
        self.show_period(period)
        reports = self.reports_tab
        if reports is not None:
            self.tabs.setCurrentWidget(reports)
            reports.show_answer()

    def edit_profile(self, first_start: bool = False) -> None:
        from gui.dialogs.profile import ProfileDialog

        dialog = ProfileDialog(self.db, first_start=first_start, parent=self, editor=self.editor)
        dialog.exec()
        if dialog.stored_aside and self.editor.data is not None:
            self.editor.reread("profile")
        self._update_title()

    def about(self) -> None:
        from model.base.paths import log_path
        from model.base.version import program_version

        number = program_version()
        QMessageBox.about(self, "О программе", f"{APP_NAME}\nВерсия {number}\n\nКвартальная отчётность "
                          "муниципального района: план популяризации электронных услуг, центры обслуживания, "
                          "регистрации в ЕСИА и показатели.\n\nРаботает без сети; все данные хранятся в файле:\n"
                          f"{self.db_path}\n\nЖурнал работы программы: {log_path()}")

    def _pick_methodology(self, methodology: Methodology) -> None:
        """Score the shown quarter's year with the chosen methodology (remembered for that year). Not an action
        on the undo stack: the quarter could not be shown, so there is none on screen to undo it on, and undoing
        the start of a quarter would be removing it with all that hangs on it; choosing again is the way back."""
        def choose() -> bool:
            choose_methodology(self.db, self.period(), methodology)
            return True

        if attempt(self, "Методика оценки", choose):
            self._show_plan(self.period())

    def show_methodologies(self) -> None:
        """The methodologies dialog; after an install the shown quarter may move to the new version."""
        from gui.dialogs.methodologies import MethodologiesDialog

        if self.plan_tab is not None:
            self.plan_tab.flush()
        dialog = MethodologiesDialog(self)
        dialog.exec()
        installed = dialog.installed
        period = self.period()
        row = period_row(self.db, period)
        if installed is not None and row is not None and period.year in installed.methodology.years \
                and row[1] == installed.methodology.id and row[2] != installed.methodology.version:
            answer = QMessageBox.question(
                self, "Методика оценки", f"{period.title()} сейчас рассчитывается по версии {row[2]}. Перевести его "
                f"на версию {installed.methodology.version}? Отправленные в регион кварталы сохраняют свою версию.")
            if answer == QMessageBox.StandardButton.Yes:  # not on the undo stack: the tabs are built anew for the
                # version (its items may differ), and moving back needs the old version still installed
                attempt(self, "Методика оценки", lambda: move_period(self.db, period, installed.methodology))
        self._show_plan(period)

    def show_region(self) -> None:
        """The region's window: it works on the districts' workbooks, not on this database."""
        from gui.region.window import RegionWindow

        if getattr(self, "region_window", None) is None:
            self.region_window = RegionWindow(self.settings)
        self.region_window.show()
        self.region_window.raise_()
        self.region_window.activateWindow()

    def show_backups(self) -> None:
        from gui.dialogs.backups import BackupsDialog

        if self.plan_tab is not None:
            self.plan_tab.flush()
        BackupsDialog(self).exec()

    def show_history(self) -> None:
        from gui.dialogs.history import HistoryDialog

        if self.plan_tab is not None:
            self.plan_tab.flush()
        methodology = self.editor.data.methodology if self.editor.data is not None else None
        HistoryDialog(self.db, None, self.db_path.name, self, methodology).exec()

    def reopen_after_restore(self) -> None:
        """The file was replaced by a backup: open it afresh and show what it holds."""
        self.db = open_database(self.db_path)
        self._show_database()
