"""The books «Свод по региону» kept apart for their seal: each on a row of its own with «Принять с причиной…», and
the small dialog that asks the reason and records the acceptance in the region's history."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel, hint_label
from gui.widgets.screen import fit_to_screen
from model.base.faults import sqlite_reason
from model.base.period import Period
from model.errors import Refused
from model.region.consolidate import District
from model.region.history import MAX_REASON, open_history

WHY = "книга изменена после выгрузки или выгружена не программой района"


def seal_state(district: District) -> str:
    """What is wrong with the book's seal, in the words of the merge."""
    return f"{WHY} ({'печать не сходится' if district.report.seal else 'нет печати'})"


class UnsealedPage(QWidget):
    """One row per book kept apart: file, municipality, what is wrong, and «Принять с причиной…»."""

    def __init__(self, books: list[District], accept: Callable[[District], None]) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(hint_label(
            "Эти книги в свод не взяты: их печать не сходится с ключом района или её нет — книгу изменили после "
            "выгрузки или выгрузили не программой района. Если книга верна (например, район прислал её заново и "
            "подтвердил), примите её с указанием причины: причина записывается в журнал истории свода, и книга "
            "войдёт в рейтинг с пометкой."))
        self.table = QTableWidget(len(books), 4)
        self.table.setHorizontalHeaderLabels(["Файл", "Муниципальное образование", "Что с книгой", ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Книги без печати")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 300)
        self.buttons: list[QPushButton] = []
        for r, d in enumerate(books):
            for c, text in enumerate((d.file, d.name + (f" (ОКТМО {d.oktmo})" if d.oktmo else ""), seal_state(d))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
            button = QPushButton("Принять с причиной…")
            button.setToolTip(f"Взять книгу «{d.file}» в свод, указав причину")
            button.clicked.connect(lambda _=False, d=d: accept(d))
            self.buttons.append(button)
            self.table.setCellWidget(r, 3, button)
        tall = max(2 * self.table.fontMetrics().lineSpacing(), max((b.sizeHint().height() for b in self.buttons),
                                                                    default=0)) + 10
        for r in range(len(books)):  # a long name in two lines, the button whole
            self.table.setRowHeight(r, tall)
        box.addWidget(self.table, 1)


class AcceptBookDialog(QDialog):
    """The reason the region takes a book without a good seal into the merge (required); «Принять» records it in
    the history (History.accept_book), journalled."""

    def __init__(self, district: District, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.district, self.period = district, period
        self.setWindowTitle("Принять книгу без печати")
        fit_to_screen(self, 560, 320)
        box = QVBoxLayout(self)
        about = QLabel(f"Книга «{district.file}» — {district.name}"
                       + (f" (ОКТМО {district.oktmo})" if district.oktmo else "") + f", {period.title()}.\n"
                       + seal_state(district).capitalize() + ".")
        about.setWordWrap(True)
        about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(about)
        box.addWidget(QLabel("Причина, по которой книга принимается (обязательно):"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Причина принятия книги")
        self.reason.setPlaceholderText("Например: район прислал книгу повторно и подтвердил письмом № … от …")
        self.reason.setTabChangesFocus(True)
        box.addWidget(self.reason, 1)
        box.addWidget(hint_label("Причина записывается в журнал истории свода. Принимается только эта книга: "
                                 "изменённая ещё раз, она снова будет отложена."))
        self.error = ErrorLabel()
        box.addWidget(self.error)
        add_footer(box, self, save=self.save, save_text="Принять")

    def save(self) -> None:
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            self.error.say("Укажите причину: без неё книга без печати не принимается")
            self.reason.setFocus()
            return
        if len(reason) > MAX_REASON:
            self.error.say(f"Причина длиннее {MAX_REASON} знаков: сократите её")
            return
        try:
            with open_history() as history:
                history.accept_book(self.period, self.district.key, self.district.digest, reason)
        except Refused as exc:
            self.error.say(str(exc))
            return
        except sqlite3.Error as exc:
            self.error.say(f"Книга не принята: история свода не записана ({sqlite_reason(exc)}). Закройте другую "
                           "программу, которая составляет свод, и повторите")
            return
        self.accept()
