"""«История изменений»: who changed what and when, for one item or for the whole file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.dialog_parts import add_footer, list_table
from gui.widgets.fields import hint_label
from gui.widgets.screen import fit_to_screen
from model.methodology import Methodology
from model.quarter.journal_words import JournalWords
from model.store import audit

if TYPE_CHECKING:
    from model.store.db import Database


class HistoryDialog(QDialog):
    def __init__(self, db: Database, key: str | None, title: str, parent: QWidget | None = None,
                 methodology: Methodology | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"История изменений: {title}")
        fit_to_screen(self, 980, 520)
        box = QVBoxLayout(self)
        entries = audit.history(db, key)
        note = hint_label(f"Записей: {len(entries)}" + (" (последние 2000)" if len(entries) == 2000 else "") +
                          ". Компьютер и пользователь — тот, кто внёс изменение; журнал переносится вместе с "
                          "выгрузкой в Excel.")
        box.addWidget(note)
        self.table = list_table(["Когда", "Компьютер / пользователь", "Что", "Действие", "Изменение"], len(entries),
                                wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # «Что» wraps in a column of its own
        header.resizeSection(2, 260)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        words = JournalWords(db, methodology)
        for r, e in enumerate(entries):
            for c, text in enumerate((f"{e.at:%d.%m.%Y %H:%M:%S}", e.actor, words.subject(e),
                                      audit.ACTIONS[e.action], words.change(e))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        box.addWidget(self.table, 1)
        add_footer(box, self)
