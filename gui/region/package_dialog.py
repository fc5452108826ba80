"""«Пакет для районов…»: the region's package for a year — the methodology, the four deadlines and the table of
targets per municipality (pasted from Excel or read from a workbook), saved as one file (and one per municipality)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.failure import attempt
from gui.file_dialogs import open_name, save_name
from gui.paste import split_block
from gui.style import OK
from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel, hint_label
from gui.widgets.screen import fit_to_screen
from model.base.ru import format_count, format_date, parse_date
from model.errors import ImportRefused, InputRefused, MethodologyError, Refused
from model.exchange.region_files import MAX_MUNICIPALITIES, Package, Targets
from model.exchange.sheet import MAX_COLUMNS, read_sheets
from model.methodology import registry
from model.methodology.types import Methodology
from model.region.history import open_history
from model.region.package_make import (
    QUARTERS,
    check_deadlines,
    default_deadlines,
    make_package,
    package_name,
    save_package,
)
from model.region.targets import HEADER_ROWS, find_header, parse_targets

FROM_FILE = "Из файла…"
MAX_ROWS = MAX_MUNICIPALITIES + HEADER_ROWS
MIN_COLUMNS = 6  # an empty table still shows where the columns go


def sheet_columns(count: int) -> list[str]:
    """A, B, C, … Z, AA, …: the columns named as in the Excel sheet the table is pasted from."""
    out = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, digit = divmod(n - 1, 26)
            name = chr(65 + digit) + name
        out.append(name)
    return out


def cell_text(value: object) -> str:
    """A workbook's cell as the table shows it: 76618000.0 → «76618000», 4.14 → «4.14»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class PackageDialog(QDialog):
    """The package's parts on one page; «Сохранить пакет…» checks them all and writes the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Пакет для районов")
        fit_to_screen(self, 1000, 640)
        self.written: list[Path] = []
        box = QVBoxLayout(self)
        box.addWidget(hint_label(
            "Один файл на год для всех районов: методика, сроки отчётов по кварталам и целевые показатели каждого "
            "муниципалитета. Скопируйте таблицу в Excel вместе со строкой заголовка и вставьте её сюда (Ctrl+V) "
            "или загрузите из книги. Столбцы: «Наименование», «ОКТМО», «Целевой показатель на конец года», "
            "«Зарегистрировано на конец прошлого года», «Численность населения», «1.3 C, 1 квартал», "
            "«Показатель 1, план на год», «Доля МСЗУ, 1 квартал»; остальные не читаются."))
        form = QGridLayout()
        self.region = QLineEdit()
        self.region.setAccessibleName("Регион")
        self.region.setPlaceholderText("например, Забайкальский край")
        try:
            with open_history() as history:
                self.region.setText(history.region())
        except (OSError, Refused):  # an unreadable history: the name is typed anew, saving tells why
            pass
        form.addWidget(QLabel("Регион:"), 0, 0)
        form.addWidget(self.region, 0, 1, 1, 3)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" год")
        self.year.setAccessibleName("Год пакета")
        form.addWidget(QLabel("Год:"), 1, 0)
        form.addWidget(self.year, 1, 1)
        self.methodology = QComboBox()
        self.methodology.setAccessibleName("Методика на год")
        self.methodology.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.methodology.setMinimumContentsLength(30)
        form.addWidget(QLabel("Методика:"), 1, 2)
        form.addWidget(self.methodology, 1, 3)
        form.setColumnStretch(3, 1)
        deadlines = QHBoxLayout()
        self.deadlines: dict[int, QLineEdit] = {}
        for q in QUARTERS:
            field = QLineEdit()
            field.setPlaceholderText("дд.мм.гггг")
            field.setMaximumWidth(110)
            field.setAccessibleName(f"Срок отчёта за {q} квартал")
            deadlines.addWidget(QLabel(f"{q} кв.:"))
            deadlines.addWidget(field)
            self.deadlines[q] = field
        deadlines.addStretch(1)
        form.addWidget(QLabel("Сроки отчётов:"), 2, 0)
        form.addLayout(deadlines, 2, 1, 1, 3)
        box.addLayout(form)
        self.table = QTableWidget(0, MIN_COLUMNS)
        self.table.setHorizontalHeaderLabels(sheet_columns(MIN_COLUMNS))
        self.table.setAccessibleName("Целевые показатели муниципалитетов")
        self.table.setWordWrap(False)
        box.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Paste, self.table, activated=self.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        row = QHBoxLayout()
        load = QPushButton("Загрузить из книги…")
        load.clicked.connect(self.load_workbook)
        paste = QPushButton("Вставить из буфера (Ctrl+V)")
        paste.clicked.connect(self.paste)
        clear = QPushButton("Очистить таблицу")
        clear.clicked.connect(lambda: self.show_rows([]))
        self.split = QCheckBox("по файлу на каждый муниципалитет")
        self.split.setToolTip("Рядом с общим файлом записать файлы муниципалитетов: в каждом только его показатели "
                              "и его ключ печати")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        for widget in (load, paste, clear):
            row.addWidget(widget)
        row.addWidget(self.summary, 1)
        box.addLayout(row)
        self.error = ErrorLabel()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = problems = QScrollArea()  # a long list of problems scrolls: the table keeps its room
        problems.setWidget(self.error)
        problems.setWidgetResizable(True)
        problems.setFrameShape(QFrame.Shape.NoFrame)
        problems.setMaximumHeight(120)
        problems.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        problems.hide()
        box.addWidget(problems)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_label.setStyleSheet(f"color: {OK};")
        self.done_label.hide()
        box.addWidget(self.done_label)
        self.save_button = QPushButton("Сохранить пакет…")
        self.save_button.clicked.connect(self.save)
        box.addWidget(self.split)
        add_footer(box, self, actions=[self.save_button])
        for button in self.findChildren(QAbstractButton):  # Enter in a field never saves or closes by accident
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.table.itemChanged.connect(lambda _item: self.check_table())  # a cell corrected: checked again
        self.year.valueChanged.connect(self.year_changed)
        self.methodology.activated.connect(self.methodology_chosen)
        self.year_changed()

    def say(self, text: str) -> None:
        """The problems under the table (in Russian, one a line), or none."""
        self.error.say(text)
        self.problems.setVisible(bool(text))

    # -- the year, its methodology and deadlines --------------------------------------------------------------------
    def year_changed(self) -> None:
        year = self.year.value()
        for q, day in default_deadlines(year).items():
            self.deadlines[q].setText(format_date(day))
        self.methodology.clear()
        for m in registry.for_year(year):
            path = m.path or next((e.path for e in registry.entries() if e.methodology.ref() == m.ref()), None)
            if path is not None:
                self.methodology.addItem(m.describe(), str(path))
        if self.methodology.count() == 0:
            self.methodology.addItem(f"методики на {year} год в программе нет — выберите файл", "")
        self.methodology.addItem(FROM_FILE, None)
        self.methodology.setCurrentIndex(0)
        self.check_table()  # plan columns name the year's methodology

    def methodology_chosen(self, index: int) -> None:
        if self.methodology.itemText(index) != FROM_FILE:
            return
        name = open_name(self, "Файл методики", "Методика (*.toml)")
        if not name:
            self.methodology.setCurrentIndex(0)
            return
        try:
            m = registry.check_file(name)
        except MethodologyError as exc:
            self.say(str(exc))
            self.methodology.setCurrentIndex(0)
            return
        self.methodology.insertItem(index, f"{m.describe()} — {Path(name).name}", name)
        self.methodology.setCurrentIndex(index)
        self.check_table()

    def chosen_methodologies(self) -> tuple[list[Path], list[Methodology]]:
        """The methodology file chosen (checked); MethodologyError when there is none or it does not load."""
        path = self.methodology.currentData()
        if not path:
            raise MethodologyError(f"Выберите методику на {self.year.value()} год: «{FROM_FILE}»")
        return [Path(path)], [registry.check_file(path)]

    def chosen_deadlines(self) -> dict[int, date]:
        out = {}
        for q, field in self.deadlines.items():
            try:
                out[q] = parse_date(field.text())
            except (ValueError, InputRefused) as exc:
                raise InputRefused(f"Срок отчёта за {q} квартал: {exc}") from None
        return check_deadlines(self.year.value(), out)

    # -- the table ---------------------------------------------------------------------------------------------------
    def rows(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append([(self.table.item(r, c).text() if self.table.item(r, c) else "")
                        for c in range(self.table.columnCount())])
        return out

    def show_rows(self, rows: list[list[str]]) -> None:
        width = max([MIN_COLUMNS, *(len(r) for r in rows)])
        self.table.blockSignals(True)  # one check for the whole table, not one per cell
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels(sheet_columns(width))
        header = self._header(rows)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if r == header:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        for c in range(width):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 220))
        self.check_table()

    def _header(self, rows: list[list[str]]) -> int | None:
        try:
            found = find_header(rows, "Таблица", self.chosen_methodologies()[1])
        except (ImportRefused, MethodologyError):
            return None
        return None if found is None else found[0]

    def add_block(self, block: list[list[str]]) -> None:
        """Rows pasted or read: a block with its own header replaces the table, rows without one go below."""
        if len(block) > MAX_ROWS or any(len(r) > MAX_COLUMNS for r in block):
            self.say(f"Вставлено {format_count(len(block))} строк по {max(len(r) for r in block)} ячеек — "
                           f"это не таблица целевых показателей (не больше {format_count(MAX_MUNICIPALITIES)} "
                           "муниципалитетов). Скопируйте только таблицу показателей")
            return
        if self.table.rowCount() == 0 or self._header(block) is not None:
            self.show_rows(block)
        else:
            self.show_rows(self.rows() + block)

    def paste(self) -> None:
        block = [[c.strip() for c in row] for row in split_block(QApplication.clipboard().text())]
        if block:
            self.add_block(block)

    def load_workbook(self) -> None:
        name = open_name(self, "Книга целевых показателей", "Книги (*.xlsx *.xls *.ods)")
        if not name:
            return
        sheets = attempt(self, "Книга целевых показателей", lambda: read_sheets(name, other_formats=True), busy=True)
        if sheets is None:
            return
        if not sheets:
            self.say(f"В книге {Path(name).name} нет ни одного листа")
            return
        rows = next(iter(sheets.values()))
        if len(rows) > MAX_ROWS:
            self.say(f"В книге {Path(name).name} {format_count(len(rows))} строк — это не таблица целевых показателей "
                     f"(не больше {format_count(MAX_MUNICIPALITIES)} муниципалитетов). Выберите другую книгу")
            return
        self.show_rows([[cell_text(v) for v in row] for row in rows])

    def targets(self) -> list[Targets]:
        return parse_targets(self.rows(), "Таблица", self.chosen_methodologies()[1])

    def check_table(self) -> None:
        """What the table gives, said under it: the count, or the problems."""
        self.done_label.hide()
        if self.table.rowCount() == 0:
            self.summary.setText("Таблица пуста: вставьте её из Excel (Ctrl+V) или загрузите из книги")
            self.say("")
            return
        try:
            found = self.targets()
        except (ImportRefused, MethodologyError) as exc:
            self.summary.setText("")
            self.say(str(exc))
            return
        self.say("")
        self.summary.setText(f"Муниципалитетов в таблице: {format_count(len(found))}")

    # -- saving ----------------------------------------------------------------------------------------------------
    def save(self) -> None:
        self.done_label.hide()
        try:
            files, _ = self.chosen_methodologies()
            deadlines = self.chosen_deadlines()
            targets = self.targets()
        except (ImportRefused, InputRefused, MethodologyError) as exc:
            self.say(str(exc))
            return
        self.say("")

        def make() -> Package:
            with open_history() as history:
                return make_package(self.region.text(), self.year.value(), targets, history, files, deadlines)

        package = attempt(self, "Пакет для районов", make, busy=True)
        if package is None:
            return
        name = save_name(self, "Сохранить пакет", package_name(package.manifest), "Пакет (*.json)")
        if not name:
            return
        path = Path(name)

        def write() -> list[Path]:
            with open_history() as history:
                return save_package(package, path, history, path.parent if self.split.isChecked() else None)

        written = attempt(self, "Пакет для районов", write, fault="записать пакет", busy=True)
        if written is None:
            return
        self.written = written
        m = package.manifest
        more = f" и файлов муниципалитетов: {len(written) - 1}" if len(written) > 1 else ""
        self.done_label.setText(f"Пакет региона «{m.region}» на {m.year} год, версия {m.version}, записан: "
                                f"{written[0]}{more}. Отправьте его районам")
        self.done_label.show()
