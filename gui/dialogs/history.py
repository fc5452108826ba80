"""«История изменений»: who changed what and when, for one item or for the whole file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.fields import hint_label
from gui.widgets.screen import fit_to_screen
from model import audit
from model.methodology import Methodology

if TYPE_CHECKING:
    from model.db import Database

TABLES = {
    "profile": "Профиль", "plan_inputs": "Исходные данные", "plan_evidence": "Подтверждение",
    "plan_events": "Мероприятие", "centers": "Центр", "center_staff": "Сотрудник центра",
    "center_checks": "Проверка требования", "center_operations": "Операции центра", "esia_plans": "План ЕСИА",
    "esia_months": "Регистрации за месяц", "indicators": "Показатель", "indicator_values": "План/факт показателя",
    "control_points": "Контрольная точка", "indicator_members": "Состав показателя",
    "sent_periods": "Отправка в регион", "deadlines": "Срок представления",
}


def labels_for(entry: audit.Entry, methodology: Methodology | None) -> dict[str, str]:
    """The methodology's words for the inputs an entry may name: the item's, or the centers' requirements."""
    if methodology is None:
        return {}
    if entry.key.startswith("plan:"):
        try:
            return {f.key: f.label for f in methodology.item(entry.key.rsplit(":", 1)[1]).inputs}
        except KeyError:
            return {}
    derived = next((i for i in methodology.items() if i.derive == "centers"), None)
    return {f.key: f.heading.replace("\n", " ") for f in derived.inputs} if derived else {}


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
        self.table = QTableWidget(len(entries), 5)
        self.table.setHorizontalHeaderLabels(["Когда", "Компьютер / пользователь", "Что", "Действие", "Изменение"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for r, e in enumerate(entries):
            for c, text in enumerate((f"{e.at:%d.%m.%Y %H:%M:%S}", e.actor, TABLES.get(e.table, e.table),
                                      audit.ACTIONS[e.action], audit.describe(e, labels_for(e, methodology)))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        box.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
