"""The list of municipalities the region expects a report from: typed or pasted, or read from a workbook; kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.file_dialogs import open_name
from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel, hint_label
from gui.widgets.screen import fit_to_screen
from model.exchange import ImportRefused
from model.region.expected import Municipality, clean_oktmo, keep, read_expected


class ExpectedDialog(QDialog):
    """Edits the list; «Сохранить» checks it and keeps it for the next summary."""

    def __init__(self, municipalities: list[Municipality], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Муниципальные образования региона")
        fit_to_screen(self, 720, 480)
        self.result_list: list[Municipality] = list(municipalities)
        box = QVBoxLayout(self)
        box.addWidget(hint_label("Муниципальные образования, от которых ожидается отчёт. Их можно ввести, вставить "
                                 "из Excel (Ctrl+V: два столбца — наименование и ОКТМО) или загрузить из книги, где "
                                 "на первом листе есть столбцы «Наименование» и «ОКТМО»."))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Наименование", "ОКТМО"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(1, 140)
        self.table.setAccessibleName("Список муниципальных образований")
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a long name whole
        box.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Paste, self.table, activated=self.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        row = QHBoxLayout()
        for text, slot in (("Добавить строку", self.add_row), ("Удалить выбранные", self.remove_rows),
                           ("Загрузить из книги…", self.load_workbook)):
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter saves the list, not the button last clicked again
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        add_footer(box, self, save=self.save)
        self.show_list(municipalities)

    def show_list(self, municipalities: list[Municipality]) -> None:
        self.table.setRowCount(len(municipalities))
        for r, m in enumerate(municipalities):
            self.table.setItem(r, 0, QTableWidgetItem(m.name))
            self.table.setItem(r, 1, QTableWidgetItem(m.oktmo))

    def add_row(self) -> None:
        """A new row at the end, its name's cell open for typing (the keys went to the button: a space added rows)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in (0, 1):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.editItem(self.table.item(row, 0))

    def remove_rows(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def paste(self) -> None:
        """Rows copied from Excel: name and OKTMO separated by a tab, appended below."""
        for line in QApplication.clipboard().text().splitlines():
            cells = line.split("\t")
            if not any(c.strip() for c in cells):
                continue
            r = self.table.rowCount()
            self.table.insertRow(r)
            self.table.setItem(r, 0, QTableWidgetItem(cells[0].strip()))
            self.table.setItem(r, 1, QTableWidgetItem(clean_oktmo(cells[1]) if len(cells) > 1 else ""))

    def load_workbook(self) -> None:
        name = open_name(self, "Список муниципальных образований", "Книга Excel (*.xlsx)")
        if not name:
            return
        try:
            self.show_list(read_expected(name))
        except ImportRefused as exc:
            self.error.say(str(exc))
            return
        self.error.say("")

    def current(self) -> list[Municipality]:
        """The list as typed; ValueError says which row is wrong."""
        out: list[Municipality] = []
        seen: set[str] = set()
        for r in range(self.table.rowCount()):
            name = (self.table.item(r, 0).text() if self.table.item(r, 0) else "").strip()
            oktmo = (self.table.item(r, 1).text() if self.table.item(r, 1) else "").strip()
            if not name and not oktmo:
                continue
            if not name:
                raise ValueError(f"Строка {r + 1}: укажите наименование")
            if oktmo and not (oktmo.isdigit() and len(oktmo) in (8, 11)):
                raise ValueError(f"Строка {r + 1}: код ОКТМО — 8 или 11 цифр, например 53701000")
            m = Municipality(name, oktmo)
            if m.key() in seen:
                raise ValueError(f"Строка {r + 1}: «{name}» уже есть в списке")
            seen.add(m.key())
            out.append(m)
        return out

    def save(self) -> None:
        try:
            municipalities = self.current()
            keep(municipalities)
        except (ValueError, OSError) as exc:
            self.error.say(str(exc))
            return
        self.result_list = municipalities
        self.accept()
