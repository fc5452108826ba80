"""The methodology editor's page «Предпросмотр»: a quarter scored by the old and the new methodology side by side
before the new one is sent — values typed here, a district's workbook, or the region's folder of books (then the
ranking under both too). All figures come from model/region/methodology_preview.py; this page only shows them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.failure import attempt
from gui.file_dialogs import folder_name, open_name
from gui.style import CARD_BG, ERROR, MUTED, OK, restyle
from gui.widgets.columns import WrappingHeader
from gui.widgets.dialog_parts import rows_follow_widths
from gui.widgets.fields import ErrorLabel, hint_label
from model.base.ru import format_count, format_number, format_percent, parse_count, parse_number
from model.base.words import counted
from model.errors import InputRefused
from model.exchange.decode import ReportData
from model.methodology import InputField, Methodology
from model.quarter.quarter import derived_sources
from model.region.methodology_preview import (
    NOT_IN,
    Books,
    Cancelled,
    Comparison,
    FolderPreview,
    Row,
    Side,
    Standing,
    compare_quarter,
    compare_values,
    merged,
    rank_books,
    read_books,
    typed_only_in,
    values_of,
)

MANUAL, BOOK, FOLDER = "manual", "book", "folder"
TITLE = "Предпросмотр методики"
NEEDS_CLEAN = ("Предпросмотр показывает оценки по новой методике, поэтому ему нужна методика без ошибок. "
               "Исправьте ошибки, отмеченные в методике, — сравнение появится здесь само. "
               "Введённые значения сохранятся.")
Key = tuple[str, str]  # (item number, input key)


def _item(text: str, tip: str = "", bold: bool = False, colour: str = "", align_right: bool = False,
          background: str = "") -> QTableWidgetItem:
    """A cell to read: plain text (never markup), not editable."""
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        cell.setToolTip(tip)
    if bold:
        font = QFont(cell.font())
        font.setBold(True)
        cell.setFont(font)
    if colour:
        cell.setForeground(QBrush(QColor(colour)))
    if background:
        cell.setBackground(QBrush(QColor(background)))
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setAlternatingRowColors(False)
    return table


def _columns(table: QTableWidget, stretch: int, fixed: dict[int, int]) -> None:
    """The `stretch` column takes the room the others leave; the fixed ones keep their width (the user may drag
    them); the rest fit their contents. Headings wrap at their spaces."""
    header = WrappingHeader(table)
    table.setHorizontalHeader(header)
    for column in range(table.columnCount()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif column in fixed:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, fixed[column])
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def side_text(side: Side) -> tuple[str, str]:
    """A score as the table shows it, and its tooltip: why there is none, the real percentage over the maximum."""
    if side.score is not None:
        tip = f"фактически {format_percent(side.raw)} %, в оценку входит не больше максимума" \
            if side.raw is not None else ""
        return format_percent(side.score), tip
    if side.reason == NOT_IN:
        return NOT_IN, "В этой версии методики такого нет"
    short = "не рассчитан" if side.reason.startswith("не рассчитан") else \
        "не заполнено" if side.reason.startswith("не заполнено") else "нет оценки"
    tip = side.reason[:1].upper() + side.reason[1:]
    if side.provisional is not None:
        tip += f". По заполненному — {format_percent(side.provisional)} (предварительно)"
    return short, tip


def difference_text(row: Row) -> tuple[str, str, str]:
    """The difference «+12,50» / «−5,82» / «0,00», its colour and its tooltip."""
    value = row.difference
    if value is None:
        why = row.no_difference
        return "—", MUTED, why[:1].upper() + why[1:]
    if abs(value) < 0.005:
        return "0,00", MUTED, "Не изменилось" if abs(value) <= 1e-9 else f"Изменилось на {format_number(value, 6)}"
    return ("+" if value > 0 else "−") + format_percent(abs(value)), OK if value > 0 else ERROR, ""


def place_change(standing: Standing) -> tuple[str, str]:
    rise = standing.rise
    if rise is None:
        if standing.old_place is None and standing.new_place is None:
            return "—", "Нет итоговой оценки ни по одной версии: места нет"
        return "—", "Место есть только по одной версии"
    if rise == 0:
        return "то же", ""
    return (f"выше на {rise}" if rise > 0 else f"ниже на {-rise}"), ""


class PreviewPage(QWidget):
    """The preview: typed values, a district's book or the region's folder, scored by both versions side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.old: Methodology | None = None
        self.new: Methodology | None = None
        self.typed: dict[Key, float] = {}  # survives set_methodologies: the values are the methodologist's
        self.source = MANUAL
        self.book: ReportData | None = None
        self.book_path: Path | None = None
        self.books: Books | None = None
        self.folder_path: Path | None = None
        self.folder: FolderPreview | None = None
        self.shown: Comparison | None = None
        self._keys: list[Key] = []
        self._chosen_file: str | None = None  # the municipality picked in the ranking
        self._shape: tuple = ()  # what the values table was built for: rebuilt only when that changes
        self._filling = False

        self.heading = QLabel()
        restyle(self.heading, "font-size: 11pt; font-weight: 600;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.manual_button = QPushButton("Ввести вручную")
        self.book_button = QPushButton("Книга района…")
        self.folder_button = QPushButton("Папка с книгами…")
        self.manual_button.setToolTip("Ввести исходные данные квартала вручную и сравнить оценки")
        self.book_button.setToolTip("Сравнить оценки квартала из книги района (.xlsx)")
        self.folder_button.setToolTip("Сравнить оценки и места всех районов по книгам из папки")
        group = QButtonGroup(self)
        for button in (self.manual_button, self.book_button, self.folder_button):
            button.setCheckable(True)
            group.addButton(button)
        self.manual_button.setChecked(True)
        self.manual_button.clicked.connect(self.use_manual)
        self.book_button.clicked.connect(self.choose_book)
        self.folder_button.clicked.connect(self.choose_folder)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for button in (self.manual_button, self.book_button, self.folder_button):
            top.addWidget(button)
        self.source_line = hint_label()

        # the values: typed, or the book's with what the book cannot hold typed
        self.values = _table(["Пункт", "Исходные данные", "Значение"])
        self.values.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                    | QAbstractItemView.EditTrigger.EditKeyPressed
                                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.values.itemChanged.connect(self._typed)
        _columns(self.values, stretch=1, fixed={2: 170})
        self.values.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height() + 2)
        self.values_title = QLabel("Исходные данные квартала")
        self.values_title.setStyleSheet("font-weight: 600;")
        self.error = ErrorLabel()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.values_title)
        left_box.addWidget(self.values, 1)
        left_box.addWidget(self.error)

        # the comparison, and for a folder the ranking
        self.comparison = _table(["Пункт, раздел, итог", "Было", "Стало", "Разница"])
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        _columns(self.comparison, stretch=0, fixed={1: 110, 2: 110, 3: 80})
        self.ranking = _table(["Муниципалитет", "P было", "Место было", "P стало", "Место стало",
                               "Изменение места"])
        self.ranking.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        _columns(self.ranking, stretch=0, fixed={1: 64, 2: 64, 3: 64, 4: 64, 5: 84})
        self.ranking.setWordWrap(True)  # long names differ at their end («… район» № 12): shown whole
        rows_follow_widths(self.ranking)

        self.ranking.itemSelectionChanged.connect(self._standing_chosen)
        self.ranking.itemDoubleClicked.connect(self._to_comparison)
        self.ranking_note = hint_label()
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(90)
        self.problems.setAccessibleName("Книги, не взятые в сравнение")
        self.comparison_title = hint_label()
        self.comparison_page = QWidget()
        c_box = QVBoxLayout(self.comparison_page)
        c_box.setContentsMargins(4, 4, 4, 4)
        c_box.addWidget(self.comparison_title)
        c_box.addWidget(self.comparison, 1)
        self.ranking_page = QWidget()
        r_box = QVBoxLayout(self.ranking_page)
        r_box.setContentsMargins(4, 4, 4, 4)
        r_box.addWidget(self.ranking_note)
        r_box.addWidget(self.ranking, 1)
        r_box.addWidget(self.problems)
        self.results = QTabWidget()
        self.results.addTab(self.comparison_page, "Сравнение оценок")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 610])

        self.unclean = QLabel(NEEDS_CLEAN)
        self.unclean.setWordWrap(True)
        self.unclean.setTextFormat(Qt.TextFormat.PlainText)
        self.unclean.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        restyle(self.unclean, f"font-size: 11pt; color: {ERROR}; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unclean)
        self.stack.addWidget(self.splitter)

        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.source_line)
        box.addWidget(self.stack, 1)
        self._show_heading()
        self.stack.setCurrentWidget(self.unclean)

    # -- what the editor calls ----------------------------------------------------------------------------------
    def set_methodologies(self, old: Methodology, new: Methodology | None) -> None:
        """The version the draft started from and the draft as it is now; None while the draft has problems."""
        self.old, self.new = old, new
        self._show_heading()
        self.source_line.setVisible(new is not None)
        if new is None:
            self.stack.setCurrentWidget(self.unclean)
            for button in (self.manual_button, self.book_button, self.folder_button):
                button.setEnabled(False)
            return
        for button in (self.manual_button, self.book_button, self.folder_button):
            button.setEnabled(True)
        self.stack.setCurrentWidget(self.splitter)
        self.refresh()

    # -- the sources ------------------------------------------------------------------------------------------
    def use_manual(self) -> None:
        self.source = MANUAL
        self.refresh()

    def choose_book(self) -> None:
        path = open_name(self, "Книга района для предпросмотра", "Книги Excel (*.xlsx)")
        if path:
            self.open_book(Path(path))
        self._check_source_button()

    def choose_folder(self) -> None:
        path = folder_name(self, "Папка с книгами районов")
        if path:
            self.open_folder(Path(path))
        self._check_source_button()

    def open_book(self, path: Path) -> bool:
        """Read a district's workbook as the program reads any; a refusal is said in a message."""
        from model.exchange.decode import decode

        report = attempt(self, TITLE, lambda: decode(path), busy=True, fault="прочитать книгу района",
                         kept="Книга не изменена")
        if report is None:
            return False
        self.book, self.book_path, self.source = report, path, BOOK
        self.refresh()
        return True

    def open_folder(self, path: Path) -> bool:
        """Read every book of the folder once (progress with «Отмена» when it takes a moment), then rank."""
        progress = QProgressDialog("Чтение книг…", "Отмена", 0, 1, self)
        progress.setWindowTitle(TITLE)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setMinimumWidth(460)

        def step(done: int, total: int, name: str) -> bool:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            if name:
                head = f"Чтение книги {done + 1} из {total}: "
                room = max(progress.minimumWidth() - 40 - progress.fontMetrics().horizontalAdvance(head), 100)
                progress.setLabelText(head + progress.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle,
                                                                               room))
            QApplication.processEvents()
            return not progress.wasCanceled()

        def read() -> Books | None:
            try:
                return read_books([path], step)
            except Cancelled:  # the user's «Отмена»: nothing to tell
                return None

        try:
            books = attempt(self, TITLE, read, busy=True, fault="прочитать книги из папки", kept="Книги не изменены")
        finally:
            progress.close()
        if books is None:
            return False
        if not books.files:
            self.error.say("")
            attempt(self, TITLE, lambda: _refuse(f"В папке {path} нет книг .xlsx: выберите папку, в которой лежат "
                                                 "книги районов"))
            return False
        self.books, self.folder_path, self.source, self._chosen_file = books, path, FOLDER, None
        self.refresh()
        return True

    def _check_source_button(self) -> None:
        {MANUAL: self.manual_button, BOOK: self.book_button, FOLDER: self.folder_button}[self.source].setChecked(True)

    # -- showing ------------------------------------------------------------------------------------------------
    def _show_heading(self) -> None:
        if self.old is None:
            self.heading.setText("Предпросмотр: сравнение оценок")
            return
        new = f"версия {self.new.version}" if self.new is not None else "черновик с ошибками"
        self.heading.setText(f"Было — версия {self.old.version}, стало — {new}")
        self.heading.setToolTip(f"Было: {self.old.describe()}\nСтало: "
                                f"{self.new.describe() if self.new is not None else 'методика с ошибками'}")

    def refresh(self) -> None:
        """Score the chosen source again by both versions and show it (the editor calls this on every clean edit:
        nothing is read from disk here)."""
        old, new = self.old, self.new
        if old is None or new is None:
            return
        self._check_source_button()
        assumed = values_of(self.typed)
        self.folder = rank_books(self.books, old, new, assumed) if self.source == FOLDER and self.books else None
        self._ranking_tab(self.folder is not None)
        if self.source == FOLDER and self.folder is not None:
            self._show_folder(self.folder)
            if not self.folder.standings:
                self._show_values()
                self._show_comparison(None, "")
                self.comparison_title.setText("Ни одна книга из папки не прочитана — причины на вкладке «Рейтинг "
                                              "по папке».")
                self.results.setCurrentWidget(self.ranking_page)
                return
            standing = self._chosen_standing()
            self._show_values()
            self._show_comparison(standing.comparison if standing else None,
                                  f"Район: {standing.name}" if standing else "")
            return
        if self.source == BOOK and self.book is not None:
            comparison = compare_quarter(self.book, old, new, assumed)
            self.source_line.setText(self._book_line())
            self.source_line.setToolTip(str(self.book_path))
            self._show_values()
            self._show_comparison(comparison, f"Район: {self.book.profile.district or 'не указан'}")
            return
        self.source = MANUAL
        self._check_source_button()
        self.source_line.setToolTip("")
        self.source_line.setText("Значения введены вручную: введите исходные данные слева — оценки по прежней и "
                                 "новой методике пересчитываются сразу.")
        self._show_values()
        self._show_comparison(compare_values(old, new, values_of(self.typed)), "")

    def _book_line(self) -> str:
        book = self.book
        assert book is not None and self.book_path is not None and self.new is not None
        missing = self._absent_from(book.methodology)
        tail = (f" Данных для {', '.join(missing)} в книге нет (в методике книги их не было): взяты значения, "
                "введённые слева." if missing else "")
        return (f"Книга {self.book_path.name}: {book.profile.district or 'район не указан'}, {book.period.title()}, "
                f"заполнена по версии {book.methodology.version}.{tail}")

    def _absent_from(self, methodology: Methodology) -> list[str]:
        """«пункта 2.6» for the new version's items whose inputs a book of `methodology` cannot hold."""
        assert self.new is not None
        numbers = list(dict.fromkeys(number for number, _ in typed_only_in(self.new, methodology)))
        if not numbers:
            return []
        return [("пункта " if len(numbers) == 1 else "пунктов ") + ", ".join(numbers)]

    # the values table ----------------------------------------------------------------------------------------
    def _fields(self) -> list[tuple[Key, InputField, bool, bool]]:
        """Every input of both versions by (item number, key), the new one's order first: its field (the new
        version's words where it has it), whether old and new have it."""
        assert self.old is not None and self.new is not None
        old = {(i.number, f.key): f for i in self.old.items() for f in i.inputs}
        new = {(i.number, f.key): f for i in self.new.items() for f in i.inputs}
        keys = merged([f"{n}\x00{k}" for n, k in new], [f"{n}\x00{k}" for n, k in old])
        out = []
        for joined in keys:
            number, key = joined.split("\x00")
            field = new.get((number, key)) or old[(number, key)]
            out.append(((number, key), field, (number, key) in old, (number, key) in new))
        return out

    def _show_values(self) -> None:
        """The values table: typed values everywhere (manual), or the book's, with typed values standing in for
        what the book's version does not have (editable there only). Built again only when the inputs, the source
        or the book change — never while a value is being typed or chosen in it."""
        book = self._shown_book()
        fields = self._fields()
        shape = (tuple((key, f.kind, f.label, f.option_values(), o, n) for key, f, o, n in fields), self.source,
                 id(book))
        if shape == self._shape:
            return
        self._shape = shape
        own: set[Key] = set()
        derived: dict[str, int] = {}
        if book is not None:
            own = {(i.number, f.key) for i in book.methodology.items() for f in i.inputs}
            derived = {n: len(s) for n, s in derived_sources(book).items()}
        self._filling = True
        blocker = QSignalBlocker(self.values)
        try:
            self.values.setRowCount(len(fields))
            self._keys = [key for key, *_ in fields]
            for row, ((number, key), field, in_old, in_new) in enumerate(fields):
                where = "" if in_old and in_new else ("Новое: " if in_new else "Прежнее: ")
                told = "" if in_old and in_new else (
                    "Есть только в новой методике" if in_new else "Есть только в прежней методике")
                self.values.setItem(row, 0, _item(number))
                self.values.setItem(row, 1, _item(where + field.label, "\n".join(
                    t for t in (field.label, field.hint, told) if t), bold=bool(where)))
                widget = self.values.cellWidget(row, 2)
                if widget is not None:  # deleted later, by Qt: out of sight now
                    widget.hide()
                    self.values.removeCellWidget(row, 2)
                if book is not None and (number, key) in own:
                    if number in derived:
                        text = f"по центрам обслуживания ({format_count(derived[number])})"
                    else:
                        text = _value_text(field, book.inputs.get(number, {}).get(key))
                    self.values.setItem(row, 2, _item(text or "не заполнено", "Значение из книги района",
                                                      colour=MUTED))
                    continue
                tip = "Нет в книге (в её методике этого нет): подставляется введённое здесь значение" \
                    if book is not None else ""
                if field.kind in ("level", "flag"):
                    self.values.setItem(row, 2, _item("", tip))
                    self.values.setCellWidget(row, 2, self._choice(number, key, field, tip))
                else:
                    cell = QTableWidgetItem(format_count(self.typed.get((number, key))))
                    cell.setToolTip(tip or "Введите число")
                    if book is not None:
                        cell.setBackground(QBrush(QColor(CARD_BG)))
                    self.values.setItem(row, 2, cell)
        finally:
            del blocker
            self._filling = False
        title = "Исходные данные квартала"
        if book is not None:
            title = "Исходные данные из книги" + (" (выберите район в рейтинге)" if self.source == FOLDER else "")
        self.values_title.setText(title)

    def _choice(self, number: str, key: str, field: InputField, tip: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem("не заполнено", None)
        for value in field.option_values():
            text = field.option_text(value)
            combo.addItem(f"{format_number(value)} — {text}" if field.kind == "level" else text, value)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        current = self.typed.get((number, key))
        index = next((i for i in range(1, combo.count()) if current is not None
                      and abs(combo.itemData(i) - current) < 1e-9), 0)
        combo.setCurrentIndex(index)
        combo.setToolTip(tip or field.label)
        combo.setMinimumContentsLength(10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.view().setMinimumWidth(420)
        combo.currentIndexChanged.connect(lambda _i, k=(number, key), c=combo: self._chosen(k, c.currentData()))
        combo.setAccessibleName(f"{number} {field.label}")
        return combo

    def _chosen(self, key: Key, value: float | None) -> None:
        if value is None:
            self.typed.pop(key, None)
        else:
            self.typed[key] = float(value)
        self.error.say("")
        self.refresh()

    def _typed(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != 2 or cell.row() >= len(self._keys):
            return
        key = self._keys[cell.row()]
        text = cell.text()
        try:
            value = parse_count(text)
        except InputRefused as exc:
            self.error.say(f"Пункт {key[0]}: {exc}")
            with QSignalBlocker(self.values):
                cell.setText(format_count(self.typed.get(key)))
            return
        self.error.say("")
        if value is None:
            self.typed.pop(key, None)
        else:
            self.typed[key] = float(value)
        self.refresh()

    def set_value(self, number: str, key: str, text: str) -> None:
        """Type a value into the row of (item number, input key), as a person would (tests, the editor)."""
        row = self._keys.index((number, key))
        widget = self.values.cellWidget(row, 2)
        if isinstance(widget, QComboBox):
            value = parse_number(text)
            widget.setCurrentIndex(next(i for i in range(widget.count())
                                        if widget.itemData(i) == value or (value is None and i == 0)))
        else:
            cell = self.values.item(row, 2)
            assert cell is not None
            cell.setText(text)

    # the comparison ------------------------------------------------------------------------------------------
    def _show_comparison(self, comparison: Comparison | None, title: str) -> None:
        self.shown = comparison
        table = self.comparison
        table.setRowCount(0)
        if comparison is None:
            self.comparison_title.setText("Выберите район в рейтинге, чтобы увидеть его оценки по пунктам.")
            return
        changed = sum(1 for r in comparison.rows if r.level == "item" and r.changed)
        said = f"Изменились оценки {counted(changed, 'пункта', 'пунктов', 'пунктов')}." if changed else \
            "Оценки ни одного пункта не изменились."
        self.comparison_title.setText(f"{title}. {said}" if title else said)
        table.setRowCount(len(comparison.rows))
        for n, row in enumerate(comparison.rows):
            heading = row.level != "item"
            background = CARD_BG if heading else ""
            tip = ""
            if row.level == "total":
                label, tip = f"Итог {row.code}", f"Итог {row.code}: {row.title}"
            elif row.level == "section":
                label = f"Раздел {row.number}. {row.title}"
            else:
                label = f"{row.number} {row.title}"
            table.setItem(n, 0, _item(label, tip or label, bold=heading, background=background))
            for column, side in ((1, row.old), (2, row.new)):
                text, tip = side_text(side)
                table.setItem(n, column, _item(text, tip, bold=heading, align_right=True, background=background,
                                               colour="" if side.score is not None else MUTED))
            text, colour, tip = difference_text(row)
            table.setItem(n, 3, _item(text, tip, bold=heading or row.changed, colour=colour, align_right=True,
                                      background=background))
        table.resizeRowsToContents()

    # the folder ---------------------------------------------------------------------------------------------
    def _show_folder(self, folder: FolderPreview) -> None:
        chosen = self._chosen_standing()
        name = chosen.file if chosen else None
        self._chosen_file = name
        assert self.folder_path is not None and self.new is not None
        ranked = sum(1 for s in folder.standings if s.new_place is not None)
        period = folder.period.title() if folder.period else "квартал не определён"
        self.source_line.setText(
            f"Папка «{self.folder_path.name}»: {counted(folder.files, 'книга', 'книги', 'книг')}, {period}; "
            f"в сравнении {counted(len(folder.standings), 'район', 'района', 'районов')}"
            + (f", не взято {counted(len(folder.problems), 'книга', 'книги', 'книг')} — список на вкладке "
               "«Рейтинг по папке»." if folder.problems else "."))
        self.source_line.setToolTip(str(self.folder_path))
        notes = []
        kinds = {r.methodology.ref(): r.methodology for r in map(self._report_of, folder.standings) if r is not None}
        missing = sorted({m for kind in kinds.values() for m in self._absent_from(kind)})
        if missing:
            notes.append(f"Данных для {', '.join(missing)} в книгах нет: взяты значения, введённые слева"
                         + ("" if ranked else " (пока не введены — поэтому мест по новой методике нет)") + ".")
        notes.append("Места — по итоговой оценке P; районы без итога — в конце, без места.")
        self.ranking_note.setText(" ".join(notes))
        table = self.ranking
        with QSignalBlocker(table):
            table.setRowCount(len(folder.standings))
            for n, s in enumerate(folder.standings):
                table.setItem(n, 0, _item(s.name, f"{s.name}\nОКТМО {s.oktmo or 'не указан'}\nФайл {s.file}"))
                for column, (total, side) in ((1, (s.old_total, s.comparison.total.old)),
                                              (3, (s.new_total, s.comparison.total.new))):
                    text, tip = side_text(side)
                    table.setItem(n, column, _item(text if total is not None else "нет", tip, align_right=True,
                                                   colour="" if total is not None else MUTED))
                for column, place in ((2, s.old_place), (4, s.new_place)):
                    table.setItem(n, column, _item(str(place) if place is not None else "—",
                                                   "" if place is not None else "Нет итоговой оценки: места нет",
                                                   align_right=True))
                text, tip = place_change(s)
                colour = OK if (s.rise or 0) > 0 else ERROR if (s.rise or 0) < 0 else MUTED
                table.setItem(n, 5, _item(text, tip, colour=colour, align_right=True, bold=bool(s.rise)))
            row = next((n for n, s in enumerate(folder.standings) if s.file == name), 0)
            if folder.standings:
                table.selectRow(row)
        table.resizeRowsToContents()
        self.problems.clear()
        for p in folder.problems:
            line = QListWidgetItem(f"{p.file}: {p.reason}")
            line.setForeground(QBrush(QColor(ERROR)))
            line.setToolTip(p.reason)
            self.problems.addItem(line)
        self.problems.setVisible(bool(folder.problems))

    def _report_of(self, standing: Standing | None) -> ReportData | None:
        if standing is None or self.books is None:
            return None
        return next((r for label, r in self.books.reports if label == standing.file), None)

    def _chosen_standing(self) -> Standing | None:
        """The municipality picked in the ranking (by its file: places move as the draft changes), else the first."""
        if self.folder is None or not self.folder.standings:
            return None
        return next((s for s in self.folder.standings if s.file == self._chosen_file), self.folder.standings[0])

    def _ranking_tab(self, wanted: bool) -> None:
        """The ranking's tab is there only for a folder (a hidden tab would still take its place in the bar)."""
        index = self.results.indexOf(self.ranking_page)
        if wanted and index < 0:
            self.results.addTab(self.ranking_page, "Рейтинг по папке")
        elif not wanted and index >= 0:
            self.results.removeTab(index)

    def _to_comparison(self, *_args: object) -> None:
        self.results.setCurrentWidget(self.comparison_page)

    def _standing_chosen(self) -> None:
        if self.source != FOLDER or self.folder is None:
            return
        rows = self.ranking.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.folder.standings):
            self._chosen_file = self.folder.standings[rows[0].row()].file
        standing = self._chosen_standing()
        self._show_values()
        self._show_comparison(standing.comparison if standing else None,
                              f"Район: {standing.name}" if standing else "")

    def _shown_book(self) -> ReportData | None:
        if self.source == BOOK:
            return self.book
        if self.source == FOLDER:
            return self._report_of(self._chosen_standing())
        return None


def _value_text(field: InputField, value: float | None) -> str:
    if value is None:
        return ""
    if field.kind == "count":
        return format_count(value)
    text = field.option_text(value)
    return f"{format_number(value)} — {text}" if field.kind == "level" else text


def _refuse(message: str) -> None:
    raise InputRefused(message)

