"""The main window: menus, period picker, tabs, and which database file is open."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QSpinBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gui.editor import Editor
from gui.file_actions import FileActions
from gui.quarter_tabs import TAB_TITLES, QuarterTabs
from gui.style import ERROR, FONT_KEY, MUTED, OK, apply_font_size, restyle
from gui.tabs.methodology_choice import MethodologyChoice
from gui.undo import EmptyFieldsPassUndo, undo_actions
from gui.widgets.fields import REFUSALS, ErrorLabel
from gui.widgets.screen import fit_to_screen
from model import APP_NAME
from model.areas.periods import reporting_period
from model.areas.profile import load_profile
from model.base import writer_lock as lock
from model.base.paths import shared_place
from model.base.period import Period
from model.errors import NoMethodologyForYear
from model.methodology import MethodologyError, offers
from model.quarter.change import Change
from model.store.db import is_read_only, open_database
from model.store.sent_lock import locked_since

if TYPE_CHECKING:
    from gui.tabs.centers import CentersTab
    from gui.tabs.indicators import IndicatorsTab
    from gui.tabs.plan import PlanTab
    from gui.tabs.reports import ReportsTab
    from gui.tabs.services import ServicesTab
    from model.store.db import Database


DB_LABEL_WIDTH = 340  # pixels the status bar gives the database's path at most (its tooltip has it whole)


class MainWindow(FileActions):
    """Shows one database file; every tab reads and writes it through model/."""

    def __init__(self, db_path: Path, settings: QSettings, db: Database | None = None,
                 period: Period | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.db_path = db_path
        self.db = db if db is not None else open_database(db_path)
        self.editor = self._new_editor()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.quarter_tabs = QuarterTabs(self.tabs, self.imported)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3c4; color: #5c4300; padding: 6px; font-weight: 600;")
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        self.lock_banner = QLabel()  # a sent quarter: locked against accidental edits, and how to reopen it
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet("background: #e8f1fd; color: #0b3d91; padding: 6px;")
        self.lock_banner.hide()
        box.addWidget(self.lock_banner)
        box.addWidget(self.tabs)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_toolbar(period or reporting_period(self.db))
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Сохранение")
        self._pending, self._saved_at, self._refused_step = False, "", ""
        self.statusBar().addPermanentWidget(self.saved_label)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.setMinimumSize(880, 500)  # 1366×768 at 125 % with the taskbar leaves about 1093×550
        self._show_database()
        REFUSALS.changed.connect(self._show_saving)
        self._place(settings.value("window/geometry"))

    def _place(self, geometry: object) -> None:
        """As the user left it, but never taller or wider than the screen less its taskbar; the first time,
        maximised (a clerk's 1366×768 screen has no room to spare)."""
        screen = self.screen().availableGeometry()
        if geometry is None or not self.restoreGeometry(geometry):  # type: ignore[arg-type]
            fit_to_screen(self, 1366, 740)
            self.setWindowState(Qt.WindowState.WindowMaximized)
            return
        frame = self.frameGeometry()
        if frame.height() > screen.height() or frame.width() > screen.width():
            fit_to_screen(self, self.width(), self.height())
            self.move(screen.topLeft())

    # -- building --------------------------------------------------------------------------------------------
    def _new_editor(self) -> Editor:
        """The editor of the open database: tabs store through it and hear from it what changed."""
        editor = Editor(self.db, self.undo_stack)
        editor.go_to = self.show_period
        editor.revealed.connect(self.reveal)
        editor.refused.connect(self._undo_refused)
        editor.changed.connect(lambda change: self._update_title() if change.area == "profile" else None)
        editor.changed.connect(lambda _change: self._show_saved(True))
        editor.changed.connect(lambda change: self._show_lock() if change.area == "period" else None)
        editor.pending.connect(lambda: self._show_saved(False))
        return editor

    def _show_saved(self, saved: bool, opened: bool = False) -> None:
        """An edit was stored (saved) or is being typed and will be stored on a pause."""
        self._pending = not saved
        if saved:
            self._saved_at = "" if opened else f" ({datetime.now():%H:%M})"
            self._refused_step = ""
        self._show_saving()

    def _undo_refused(self, message: str) -> None:
        """An undo or a redo the database did not take: said on the left, and the right does not say «all saved»."""
        self._refused_step = message
        self.statusBar().showMessage(message, 10000)
        self._show_saving()

    def _unsaved(self) -> bool:
        """Whether a red message is up anywhere in this window: something typed or chosen is not stored."""
        return any(isValid(label) and label.saying() and label.window() is self  # a few dozen labels, not
                   for label in list(ErrorLabel.made))  # every widget of every tab at each keystroke

    def _show_saving(self) -> None:
        """The status bar's answer to «is everything I entered kept?» (each accepted edit is on disk at once)."""
        if not isValid(self):  # a message's label going with the window itself
            return
        if self.read_only:
            text, colour = "Только чтение: изменения не сохраняются", ERROR
        elif self._refused_step:
            text, colour = "✗ Последнее действие не выполнено", ERROR
        elif self._unsaved() and self.lock_banner.isVisibleTo(self):  # nothing to correct: the quarter is locked
            text, colour = "✗ Не сохранено: квартал защищён — «Отчёты → Открыть для исправления…»", ERROR
        elif self._unsaved():
            text, colour = "✗ Не всё сохранено: исправьте то, что отмечено красным", ERROR
        elif self._pending:
            text, colour = "Изменения сохраняются…", MUTED
        else:
            text, colour = "✓ Все изменения сохранены" + self._saved_at, OK
        self.saved_label.setText(text)
        restyle(self.saved_label, f"color: {colour};")

    # -- view, help, the reports' commands ------------------------------------------------------------------
    def change_font_size(self, step: int | None) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: the whole program's text one point larger, smaller, or as the system's."""
        current = int(self.settings.value(FONT_KEY, 0) or 0)
        size = QApplication.font().pointSizeF()
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        shown = apply_font_size(QApplication.instance(), self.settings,  # type: ignore[arg-type]
                                0 if step is None else current + step, rebuilt=pages)
        if QApplication.font().pointSizeF() != size:  # the tabs made anew in the new size: a widget styled by a
            self._show_plan(self.period())  # sheet keeps the font it was polished with (stored data is kept)
        self.statusBar().showMessage(f"Размер шрифта: {QApplication.font().pointSizeF():g} пт"
                                     + (" (обычный)" if shown == 0 else ""), 4000)

    def show_guide(self) -> None:
        """F1: the user guide, open at the section about the tab on screen."""
        from gui.dialogs.guide import GuideWindow

        tab = self.tabs.currentWidget()
        section = tab.guide_section() if hasattr(tab, "guide_section") else None
        if getattr(self, "guide_window", None) is None:
            self.guide_window = GuideWindow(self)
        self.guide_window.open_at(section)

    def find_item(self) -> None:
        """Ctrl+F: to the plan, cursor in its search field."""
        if self.plan_tab is not None:
            self.tabs.setCurrentWidget(self.plan_tab)
            self.plan_tab.find()

    def _on_reports(self, name: str) -> None:
        """Print, save or send from anywhere: the «Отчёты» tab comes to front and does it."""
        if self.reports_tab is None:
            self.statusBar().showMessage("Отчёт недоступен: для года квартала не выбрана методика оценки.", 8000)
            return
        if self.plan_tab is not None:
            self.plan_tab.flush()
        self.tabs.setCurrentWidget(self.reports_tab)
        getattr(self.reports_tab, name)()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        self._action(file_menu, "Создать базу данных…", self.create_database, QKeySequence.StandardKey.New)
        self._action(file_menu, "Открыть базу данных…", self.choose_database, QKeySequence.StandardKey.Open)
        recent = file_menu.addMenu("Недавние файлы")
        recent.aboutToShow.connect(lambda: self.fill_recent_menu(recent))
        file_menu.addSeparator()
        for text, name, keys in (("Печать отчёта…", "print_report", QKeySequence.StandardKey.Print),
                                 ("Сохранить PDF…", "save_pdf", QKeySequence("Ctrl+Shift+S")),
                                 ("Сохранить Excel…", "save_xlsx", QKeySequence("Ctrl+E")),
                                 ("Подготовить отправку…", "prepare_sending", None)):
            self._action(file_menu, text, lambda _=False, name=name: self._on_reports(name), keys)
        file_menu.addSeparator()
        self.from_region_action = self._action(file_menu, "Загрузить файл из региона…", lambda: self.load_from_region(),
                                               QKeySequence("Ctrl+Shift+O"))
        self._action(file_menu, "Профиль организации…", self.edit_profile)
        self._action(file_menu, "Методики…", self.show_methodologies)
        self._action(file_menu, "Свод по региону…", self.show_region)
        self._action(file_menu, "Резервные копии…", self.show_backups)
        self._action(file_menu, "Журнал изменений…", self.show_history)
        file_menu.addSeparator()
        self._action(file_menu, "Выход", self.close, QKeySequence("Ctrl+Q"))

        edit_menu = self.menuBar().addMenu("&Правка")
        undo, redo = undo_actions(self.undo_stack, self)
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            edit_menu.addAction(action)
        self.undo_action, self.redo_action = undo, redo
        EmptyFieldsPassUndo(self)
        edit_menu.addSeparator()
        self._action(edit_menu, "Найти пункт плана", self.find_item, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "Следующий пункт", lambda: self._step_item(1), QKeySequence("Ctrl+PgDown"))
        self._action(edit_menu, "Предыдущий пункт", lambda: self._step_item(-1), QKeySequence("Ctrl+PgUp"))

        view_menu = self.menuBar().addMenu("&Вид")
        for index, title in enumerate(TAB_TITLES):
            self._action(view_menu, title, lambda _=False, index=index: self.tabs.setCurrentIndex(index),
                         QKeySequence(f"Ctrl+{index + 1}"))
        view_menu.addSeparator()
        larger = self._action(view_menu, "Крупнее", lambda: self.change_font_size(1), QKeySequence("Ctrl+="))
        larger.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self._action(view_menu, "Мельче", lambda: self.change_font_size(-1), QKeySequence("Ctrl+-"))
        self._action(view_menu, "Обычный размер", lambda: self.change_font_size(None), QKeySequence("Ctrl+0"))

        help_menu = self.menuBar().addMenu("&Справка")
        self._action(help_menu, "Руководство", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "О программе", self.about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_toolbar(self, period: Period) -> None:
        bar = QToolBar("Период")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel("  Отчётный период: "))
        self.quarter_box = QComboBox()
        self.quarter_box.addItems([f"{q} квартал" for q in range(1, 5)])
        self.quarter_box.setAccessibleName("Квартал")
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setSuffix(" год")
        self.year_box.setAccessibleName("Год")
        bar.addWidget(self.quarter_box)
        bar.addWidget(self.year_box)
        bar.addWidget(QLabel("    "))
        self.district_label = QLabel()
        self.district_label.setStyleSheet("font-weight: 600;")
        bar.addWidget(self.district_label)
        self.year_box.setValue(period.year)
        self.quarter_box.setCurrentIndex(period.quarter - 1)
        self.quarter_box.currentIndexChanged.connect(self._period_picked)
        self.year_box.valueChanged.connect(self._period_picked)

    # -- period and data -------------------------------------------------------------------------------------
    def period(self) -> Period:
        return Period(self.year_box.value(), self.quarter_box.currentIndex() + 1)

    def _period_picked(self) -> None:
        self._show_plan(self.period())

    def show_period(self, period: Period) -> None:
        """Switch the picker and the tabs to a period."""
        if period != self.period() or self.editor.data is None or self.editor.data.period != period:
            self._show_plan(period)

    def _set_picker(self, period: Period) -> None:
        with QSignalBlocker(self.year_box), QSignalBlocker(self.quarter_box):
            self.year_box.setValue(period.year)
            self.quarter_box.setCurrentIndex(period.quarter - 1)

    def reveal(self, change: Change) -> None:
        """After an undo or a redo: show the tab, and the place in it, where it happened."""
        name = self.quarter_tabs.owner(change.area)
        tab = self.quarter_tabs.get(name) if name else None
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            tab.reveal(change)  # type: ignore[attr-defined]

    # the quarter's tabs, each built when first asked for (None while the quarter cannot be shown)
    @property
    def plan_tab(self) -> PlanTab | None:
        return self.quarter_tabs.get("plan")  # type: ignore[return-value]

    @property
    def centers_tab(self) -> CentersTab | None:
        return self.quarter_tabs.get("centers")  # type: ignore[return-value]

    @property
    def indicators_tab(self) -> IndicatorsTab | None:
        return self.quarter_tabs.get("indicators")  # type: ignore[return-value]

    @property
    def services_tab(self) -> ServicesTab | None:
        return self.quarter_tabs.get("services")  # type: ignore[return-value]

    @property
    def reports_tab(self) -> ReportsTab | None:
        return self.quarter_tabs.get("reports")  # type: ignore[return-value]

    def imported(self, period: Period) -> None:
        """After a workbook was imported: nothing to undo across it; show its period afresh."""
        self.undo_stack.clear()
        current = self.tabs.currentIndex()
        self._show_plan(period)
        self.tabs.setCurrentIndex(current)

    def _show_plan(self, period: Period) -> None:
        """Show one quarter in the tabs (the plan, the centers, the indicators, the reports)."""
        current = self.tabs.currentIndex()
        if self.plan_tab is not None:
            self.plan_tab.flush()
        self.editor.seal()
        self._set_picker(period)
        self.quarter_tabs.clear()
        try:
            self.editor.show(period)
            self.quarter_tabs.show_quarter(self.editor, current)
        except (NoMethodologyForYear, MethodologyError) as exc:
            offered = offers(period.year) if isinstance(exc, NoMethodologyForYear) else []
            self.quarter_tabs.show_instead([MethodologyChoice(period.year, str(exc), offered, self.show_methodologies,
                                                              self._pick_methodology) for _ in TAB_TITLES])
            self.tabs.setCurrentIndex(max(current, 0))
        self._update_title()
        self._show_lock()

    def _show_lock(self) -> None:
        """Say on every tab when the quarter on screen was sent and is locked against accidental edits."""
        data = self.editor.data
        since = locked_since(self.db, data.period_id) if data is not None else None
        if data is not None and since is not None:
            self.lock_banner.setText(f"{data.period.title()}: отправка в регион подготовлена {since:%d.%m.%Y}; "
                                     "план и центры обслуживания за квартал защищены от случайных изменений "
                                     "(показатели, регистрации и услуги года остаются открытыми). Исправить их — "
                                     "«Отчёты → Открыть для исправления…».")
        self.lock_banner.setVisible(since is not None)

    def _show_database(self) -> None:
        self.quarter_tabs.clear()
        self.undo_stack.clear()
        self.editor = self._new_editor()
        self.tabs.setCurrentIndex(0)
        self._show_plan(self.period())
        self.tabs.setCurrentIndex(0)
        self.db_label.setText(self.db_label.fontMetrics().elidedText(  # a long path leaves the messages their room
            f"База данных: {self.db_path}", Qt.TextElideMode.ElideMiddle, DB_LABEL_WIDTH))
        self.db_label.setToolTip(str(self.db_path))
        self.read_only = read_only = is_read_only(self.db)
        shared = shared_place(self.db_path)
        said = []
        if read_only:
            said.append("Файл базы данных открыт только для чтения: изменения не сохраняются. Чтобы вносить "
                        "данные, откройте файл, доступный для записи и не занятый другим компьютером.")
        if shared is not None:  # a network share, or a folder OneDrive syncs (the lock does not cross it)
            said.append(shared.warning())
        self.banner.setText("\n".join(said))
        self.banner.setVisible(bool(said))
        self._show_saved(True, opened=True)

    def _update_title(self) -> None:
        profile = load_profile(self.db)
        district = profile.district if profile else "профиль организации не заполнен"
        self.district_label.setText(district)
        self.setWindowTitle(f"{APP_NAME} — {district} — {self.period().title()} — {self.db_path.name}")

    # -- files -----------------------------------------------------------------------------------------------
    def _step_item(self, step: int) -> None:
        if self.plan_tab is None:
            return
        numbers = [i.number for i in self.plan_tab.methodology.items()]
        current = self.plan_tab.current_item()
        index = numbers.index(current) + step if current in numbers else 0
        self.tabs.setCurrentWidget(self.plan_tab)
        self.plan_tab.select_item(numbers[max(0, min(index, len(numbers) - 1))])
        self.plan_tab.focus_first_input()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if getattr(self, "region_window", None) is not None:
            self.region_window.close()
        lock.release(self.db_path)
        if self.plan_tab is not None:
            self.plan_tab.flush()
        geometry = self.saveGeometry()
        if self.settings.value("window/geometry") != geometry:  # unchanged: the settings file is not rewritten
            self.settings.setValue("window/geometry", geometry)
        self.settings.sync()
        super().closeEvent(event)
