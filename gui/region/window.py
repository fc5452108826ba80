"""«Свод по региону»: choose the districts' workbooks, read them with progress, see the summary, save it."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QProxyStyle,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QStyleOption,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.failure import attempt
from gui.file_dialogs import start_folder
from gui.region.chart import RankingChart
from gui.region.expected_dialog import ExpectedDialog
from gui.region.history_tab import HistoryTab, HistoryView, read_view
from gui.region.table_view import table_page
from gui.region.unsealed import AcceptBookDialog, UnsealedPage
from gui.style import ERROR, OK, WARN, restyle
from gui.widgets.fields import ErrorLabel, hint_label, summary_label
from gui.widgets.screen import fit_to_screen
from model.base.faults import sqlite_reason
from model.base.period import Period, last_ended
from model.base.ru import format_date, parse_date
from model.base.words import plural
from model.errors import InputRefused, NothingToMerge, Refused
from model.region.consolidate import Cancelled, District, Summary
from model.region.expected import Municipality, load_kept
from model.region.history import open_history
from model.region.merge import merge
from model.region.tables import SHORT_TITLES, all_tables, headline, remarks


class NarrowTabs(QProxyStyle):
    """The application's style with tabs 12 px narrower (half its padding): the summary's twelve tabs fit in one row at
    1366 px — the last was cut to «Не представ…» behind scroll arrows. Only the results' tab bar is given it."""

    def __init__(self) -> None:
        super().__init__(QApplication.style().name())

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,  # noqa: N802
                    widget: QWidget | None = None) -> int:
        got = super().pixelMetric(metric, option, widget)
        return max(10, got - 12) if metric == QStyle.PixelMetric.PM_TabBarTabHSpace else got


class RegionWindow(QMainWindow):
    """A window of its own: the region's employee works here apart from any district's database."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Свод по региону")
        self.setAcceptDrops(True)
        self.summary: Summary | None = None
        self.history_view: HistoryView | None = None
        self.history_seconds = 0.0  # how long the last «История» tab took to read and build
        self.expected: list[Municipality] = load_kept()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._inputs())
        self.headline = summary_label()
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)
        self.results = QTabWidget()
        self.results.setDocumentMode(True)
        self._narrow_tabs = NarrowTabs()  # kept: a widget does not own the style it is given
        self.results.tabBar().setStyle(self._narrow_tabs)
        layout.addWidget(self.results, 1)
        self.setCentralWidget(central)
        self._placeholder()
        self._show_expected()
        stored = self.settings.value("region/files", []) or []
        for path in [stored] if isinstance(stored, str) else stored:  # QSettings gives one value as a string
            if Path(path).exists():
                self.files.addItem(str(path))
        self._files_changed()
        fit_to_screen(self, 1366, 760)

    # -- the inputs ---------------------------------------------------------------------------------------------
    def _inputs(self) -> QWidget:
        group = QGroupBox("Книги районов")
        grid = QGridLayout(group)
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.setAccessibleName("Книги и папки для свода")
        self.files.setMaximumHeight(96)
        self.files.setMinimumWidth(140)  # a narrow window still shows the start of a folder's path (fits 1093 px)
        self.files.setToolTip("Перетащите сюда книги .xlsx или папки с ними")
        grid.addWidget(self.files, 0, 0, 3, 1)
        buttons = QVBoxLayout()
        for text, slot, key in (("Добавить книги…", self.add_files, QKeySequence.StandardKey.Open),
                                ("Добавить папку…", self.add_folder, None),
                                ("Убрать выбранные", self.remove_selected, QKeySequence.StandardKey.Delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            if key is not None:
                button.setShortcut(key)
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 0, 1, 3, 1)
        form = QGridLayout()
        period = self._kept_period() or last_ended(date.today())
        self.quarter = QComboBox()
        self.quarter.addItems([f"{q} квартал" for q in range(1, 5)])
        self.quarter.setCurrentIndex(period.quarter - 1)
        self.quarter.setAccessibleName("Квартал свода")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(period.year)
        self.year.setSuffix(" год")
        self.year.setAccessibleName("Год свода")
        when = QHBoxLayout()
        when.addWidget(self.quarter)
        when.addWidget(self.year)
        when.addStretch(1)  # «2 квартал» and «2018 год» as wide as they need, not across the window
        form.addWidget(QLabel("Период:"), 0, 0)
        form.addLayout(when, 0, 1)
        self.deadline = QLineEdit(self.settings.value("region/deadline", "") or "")
        self.deadline.setPlaceholderText("дд.мм.гггг")
        self.deadline.setMaximumWidth(130)
        self.deadline.setAccessibleName("Срок представления")
        self.deadline.setToolTip("Книги, выгруженные позже этого дня, отмечаются как представленные с опозданием")
        form.addWidget(QLabel("Срок представления:"), 1, 0)
        form.addWidget(self.deadline, 1, 1)
        # what the deadline field got from a package (kept between sessions), to tell it from a day typed by hand
        self.package_deadline_text = str(self.settings.value("region/package_deadline", "") or "")
        self.quarter.currentIndexChanged.connect(lambda _: self._prefill_deadline())
        self.year.valueChanged.connect(lambda _: self._prefill_deadline())
        self._prefill_deadline()
        self.expected_label = QLabel()
        expected_button = QPushButton("Список…")
        expected_button.clicked.connect(self.edit_expected)
        row = QHBoxLayout()
        row.addWidget(self.expected_label, 1)
        row.addWidget(expected_button)
        form.addWidget(QLabel("Ожидаются:"), 2, 0)
        form.addLayout(row, 2, 1)
        grid.addLayout(form, 0, 2, 2, 1)
        self.build_button = QPushButton("Собрать свод")
        self.build_button.setShortcut(QKeySequence("F5"))
        self.build_button.setToolTip("Прочитать книги и составить свод (F5)")
        self.build_button.setStyleSheet("font-weight: 600; padding: 6px 18px;")
        self.build_button.clicked.connect(self.build)
        QShortcut(QKeySequence.StandardKey.HelpContents, self, self.show_guide)
        self.save_button = QPushButton("Сохранить свод (PDF и Excel)…")  # beside «Собрать»: below, the tables' room
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        methodologies = QPushButton("Методики…")
        methodologies.setToolTip("Редактор методик: методика на следующий год, предпросмотр оценок по старой и "
                                 "новой версии на этих книгах")
        methodologies.clicked.connect(self.edit_methodologies)
        package = QPushButton("Пакет для районов…")
        package.setToolTip("Файл для районов на год: методика, сроки и целевые показатели каждого муниципалитета")
        package.clicked.connect(self.make_package)
        self.answers_button = QPushButton("Итоги для районов…")
        self.answers_button.setToolTip("Статус каждого района (принят, возвращён на доработку), замечания региона, "
                                       "оценка и место — файлы итогов для районов")
        self.answers_button.setEnabled(False)
        self.answers_button.clicked.connect(self.write_answers)
        actions = QHBoxLayout()
        actions.addWidget(methodologies)
        actions.addWidget(package)
        actions.addStretch(1)
        actions.addWidget(self.build_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.answers_button)
        grid.addLayout(actions, 2, 2)
        self.error = ErrorLabel()
        grid.addWidget(self.error, 3, 0, 1, 3)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        return group

    def edit_methodologies(self) -> None:
        """The methodology editor, over the newest methodology; its preview can read this summary's books."""
        from gui.methodology_editor.window import open_editor
        from model.methodology import registry

        newest = max(registry.entries(), key=lambda e: (max(e.methodology.years),
                                                        registry.version_key(e.methodology.version)))
        self.methodology_editor = open_editor(self, self.settings, newest.path)

    def make_package(self) -> None:
        """«Пакет для районов…»: the package for a year, in a dialog of its own."""
        from gui.region.package_dialog import PackageDialog

        PackageDialog(self).exec()
        self.expected = load_kept()  # the package keeps its municipalities as the expected list
        self._show_expected()
        self._prefill_deadline()

    def _prefill_deadline(self) -> None:
        """The period's deadline from the newest package the history recorded for its year, when the field is empty
        or still holds what a package gave it for another period; a deadline typed by hand stays."""
        text = self.deadline.text().strip()
        if text and text != self.package_deadline_text:
            return
        period = self.period()
        try:
            with open_history() as history:
                day = history.package_deadline(period.year, period.quarter)
        except (sqlite3.Error, OSError, Refused):
            return  # no history to read: the field stays as it is, the merge says what is wrong with the history
        new = format_date(day) if day is not None else ""
        if new != text:
            self.deadline.setText(new)
        self.package_deadline_text = new
        self.settings.setValue("region/package_deadline", new)

    def show_guide(self) -> None:
        """F1: the user guide, at the section about the region's summary."""
        from gui.dialogs.guide import GuideWindow

        if getattr(self, "guide_window", None) is None:
            self.guide_window = GuideWindow(self)
        self.guide_window.open_at("Свод по региону")

    def _placeholder(self) -> None:
        self.results.clear()
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(hint_label("Добавьте книги, которые прислали районы (или папку с ними — можно перетащить её "
                                 "сюда), выберите период и нажмите «Собрать свод». Программа заново рассчитает "
                                 "оценки каждого района по исходным данным его книги, составит рейтинг и назовёт "
                                 "каждую книгу, с которой что-то не так."))
        box.addStretch(1)
        self.results.addTab(page, "Свод")

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known:
                self.files.addItem(str(path))
                known.add(path)
        self._files_changed()

    def _files_changed(self) -> None:
        self.settings.setValue("region/files", [str(p) for p in self.paths()])
        self.build_button.setEnabled(self.files.count() > 0)

    def add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Книги районов", self._folder(), "Книги Excel (*.xlsx)")
        self.add_paths([Path(n) for n in names])
        if names:
            self.settings.setValue("region/folder", str(Path(names[0]).parent))

    def add_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Папка с книгами районов", self._folder())
        if name:
            self.add_paths([Path(name)])
            self.settings.setValue("region/folder", name)

    def _folder(self, key: str = "region/folder") -> str:
        """The folder the settings keep under `key` while it is there — the books last added's, or (region/
        summary_folder) where the last summary was saved: never the books' folder by default, the summary is the
        region's own document — else where the program's dialogs open."""
        folder = str(self.settings.value(key, "") or "")
        return folder if folder and Path(folder).is_dir() else start_folder(self)

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._files_changed()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        self.add_paths([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def _show_expected(self) -> None:
        n = len(self.expected)
        words = plural(n, "муниципальное образование", "муниципальных образования", "муниципальных образований")
        self.expected_label.setText(f"{n} {words}" if n else "список не задан — полнота не проверяется")

    def edit_expected(self) -> None:
        dialog = ExpectedDialog(self.expected, self)
        if dialog.exec():
            self.expected = dialog.result_list
            self._show_expected()

    def period(self) -> Period:
        return Period(self.year.value(), self.quarter.currentIndex() + 1)

    def _kept_period(self) -> Period | None:
        """The period of the last merge, kept with its deadline: the two come back together (the deadline came back
        beside the last ended quarter while the books being merged were another's)."""
        try:
            return Period.parse(str(self.settings.value("region/period", "") or ""))
        except InputRefused:  # none kept (or not a period): the last quarter ended
            return None

    # -- reading ------------------------------------------------------------------------------------------------
    def build(self) -> None:
        try:
            deadline = parse_date(self.deadline.text()) if self.deadline.text().strip() else None
        except InputRefused as exc:
            self.error.say(f"Срок представления: {exc}")
            self.deadline.setFocus()
            return
        self.error.say("")
        self.settings.setValue("region/deadline", self.deadline.text().strip())
        self.settings.setValue("region/period", str(self.period()))
        progress = reading_progress(self)

        def step(done: int, total: int, name: str) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            if name:
                progress.setLabelText(reading(progress, done, total, name))
            QApplication.processEvents()
            return not progress.wasCanceled()

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with open_history() as history:  # every merge from the window is kept in the region's history
                summary = merge(self.paths(), self.period(), self.expected, deadline, step, history)
                started = time.perf_counter()
                view = read_view(history, summary.period.year)
        except NothingToMerge as exc:
            self.error.say(str(exc))
            first = exc.periods[0] if exc.periods else None
            if isinstance(first, Period) and self._merge_for(first):
                self.build()
            return
        except Refused as exc:
            self.error.say(str(exc))
            return
        except sqlite3.Error as exc:
            self.error.say(f"История свода не записана ({sqlite_reason(exc)}): закройте другую программу, которая "
                           "составляет свод, и повторите")
            return
        except Cancelled:
            self.statusBar().showMessage("Чтение книг остановлено: свод не составлен", 8000)
            return
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        self.show_summary(summary, view, started)

    def _merge_for(self, period: Period) -> bool:
        """No book was the chosen quarter's, some were `period`'s: whether the user takes that period (then it is
        chosen). The window opens on the last ended quarter, and books of another said only «ни одна не подошла»."""
        box = QMessageBox(QMessageBox.Icon.Question, "Свод по региону",
                          f"Ни одна книга не подошла для свода за {self.period().title()}. Книги — за "
                          f"{period.title()}. Составить свод за {period.title()}?", parent=self)
        take = box.addButton(f"Составить за {period.title()}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(take)
        box.exec()
        if box.clickedButton() is not take:
            return False
        self.year.setValue(period.year)
        self.quarter.setCurrentIndex(period.quarter - 1)
        return True

    # -- showing ------------------------------------------------------------------------------------------------
    def show_summary(self, summary: Summary, view: HistoryView | None = None, started: float | None = None) -> None:
        self.summary = summary
        self.history_view = view
        self.headline.setText(" · ".join(headline(summary)))
        colour = OK if summary.clean else (ERROR if summary.problems else WARN)
        restyle(self.headline, f"font-size: 10.5pt; font-weight: 600; color: {colour};")
        earlier = [self.results.widget(i) for i in range(self.results.count())]
        self.results.clear()
        for page in earlier:  # the previous merge's pages; later: this may run from a button on one of them
            page.deleteLater()
        tables = all_tables(summary)
        for table in tables:
            title = SHORT_TITLES[table.key]
            if table.key == "problems":
                title += f" ({remarks(summary)})"
            self.results.addTab(table_page(table), title)
            if table.key == "ranking":
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(RankingChart(summary))
                self.results.addTab(scroll, "Диаграмма")
            if table.key == "problems" and summary.unsealed:
                self.results.addTab(UnsealedPage(summary.unsealed, self.accept_book),
                                    f"Без печати ({len(summary.unsealed)})")
        if view is not None:
            self.history_tab = HistoryTab(view, summary.methodology.total.code)
            self.results.addTab(self.history_tab, "История")
            if started is not None:
                self.history_seconds = time.perf_counter() - started
        missing = QListWidget()
        missing.addItems([f"{m.name} (ОКТМО {m.oktmo})" if m.oktmo else m.name for m in summary.missing]
                         or ["Все ожидаемые муниципальные образования представили отчёт."
                             if summary.expected else "Список ожидаемых муниципальных образований не задан."])
        # without a list of those expected nobody is known to be missing: no «(0)» that would read «all reported»
        self.results.addTab(missing, f"Не представили ({len(summary.missing)})" if summary.expected else
                            "Не представили (список не задан)")
        self.save_button.setEnabled(True)
        self.answers_button.setEnabled(True)
        self.statusBar().showMessage(f"Прочитано книг: {summary.files_read}", 8000)

    def accept_book(self, district: District) -> None:
        """«Принять с причиной…» of a book kept apart for its seal: the reason asked and recorded, the merge made
        again so the book is ranked with its note."""
        if self.summary is None:
            return
        if AcceptBookDialog(district, self.summary.period, self).exec():
            self.activateWindow()
            self.build()
            self.statusBar().showMessage(f"Книга «{district.file}» принята без печати и взята в свод", 8000)

    def write_answers(self) -> None:
        """«Итоги для районов…»: statuses and remarks per municipality, written as the answers' files."""
        if self.summary is None:
            return
        from gui.region.answers_dialog import AnswersDialog

        AnswersDialog(self.summary, self).exec()
        self.activateWindow()

    def save(self) -> None:
        if self.summary is None:
            return
        from model.region.summary_files import write_summary

        folder = QFileDialog.getExistingDirectory(self, "Куда сохранить свод", self._folder("region/summary_folder"))
        if not folder:
            return
        self.settings.setValue("region/summary_folder", folder)
        summary = self.summary
        written = attempt(self, "Сохранить свод", lambda: write_summary(summary, folder), busy=True,
                          fault="сохранить свод", kept="Книги районов не изменены")  # a fault: said, logged
        if written is None:
            return
        pdf, xlsx = written
        box = QMessageBox(QMessageBox.Icon.Information, "Сохранить свод",
                          f"Свод сохранён:\n{pdf.name}\n{xlsx.name}\n\nв папке {folder}", parent=self)
        open_folder = box.addButton("Открыть папку", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Закрыть", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


def reading_progress(parent: QWidget) -> QProgressDialog:
    """The progress of reading the books, with «Отмена»; shown once reading takes longer than a moment."""
    progress = QProgressDialog("Чтение книг…", "Отмена", 0, 1, parent)
    progress.setWindowTitle("Свод по региону")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setMinimumWidth(460)
    return progress


def reading(progress: QProgressDialog, done: int, total: int, name: str) -> str:
    """«Чтение книги 3 из 40: name», a long file name shortened in its middle to the dialog's width."""
    head = f"Чтение книги {done + 1} из {total}: "
    metrics = progress.fontMetrics()
    room = max(progress.minimumWidth() - 40 - metrics.horizontalAdvance(head), 100)
    return head + metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room)
