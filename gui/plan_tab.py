"""The «План популяризации» tab: items on the left, the chosen item's form on the right, scores on top."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.fields import hint_label
from gui.item_form import ItemForm
from gui.style import CARD_BG, ERROR, OK, WARN
from gui.undo import ModelCommand
from model import esia, plan
from model.methodology import Methodology
from model.period_data import PeriodData, load_period
from model.periods import Period
from model.plan import PlanEvent
from model.ru import InputRefused, format_date, format_number, format_percent
from model.scoring import ItemScore, PlanScores


class ScoreCard(QFrame):
    """One score on the summary strip: its code, its value, and whether it is final."""

    def __init__(self, code: str, title: str, big: bool = False) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setStyleSheet(f"#card {{ background: {CARD_BG}; border: 1px solid #d0d7e2; border-radius: 6px; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(0)
        head = hint_label(f"{code} · {title}")
        head.setWordWrap(True)
        self.value = QLabel("—")
        self._size, self._title = (20 if big else 15), title
        self.note = hint_label()
        box.addWidget(head)
        box.addWidget(self.value)
        box.addWidget(self.note)

    def display(self, final: float | None, provisional: float, filled: int, count: int) -> None:
        value = final if final is not None else provisional
        self.value.setText(f"{format_percent(value)} %")
        colour = OK if final is not None else WARN
        self.value.setStyleSheet(f"font-size: {self._size}pt; font-weight: 600; color: {colour};")
        self.note.setText(f"заполнено {filled} из {count}" if final is not None
                          else f"предварительно: заполнено {filled} из {count}")
        self.setToolTip(f"{self._title}: итог" if final is not None else
                        f"{self._title}: предварительно — сумма заполненных пунктов; итог появится, "
                        "когда будут заполнены все пункты")


class PlanTab(QWidget):
    """Edits the plan of one period; every accepted change is stored before the screen shows it."""

    changed = Signal()
    go_to_centers = Signal()

    def __init__(self, db: sqlite_utils.Database, undo_stack: QUndoStack, period: Period,
                 on_change: Callable[[Period, str], None]) -> None:
        super().__init__()
        self.db, self.undo_stack, self.period = db, undo_stack, period
        self._on_change = on_change
        self.data: PeriodData = load_period(db, period)
        self.methodology: Methodology = self.data.methodology
        self.form: ItemForm | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        strip = QHBoxLayout()
        self.total_card = ScoreCard(self.methodology.total.code, "Итоговая оценка", big=True)
        strip.addWidget(self.total_card, 2)
        self.section_cards = {}
        for section in self.methodology.sections:
            card = ScoreCard(section.code, section.short_title)
            self.section_cards[section.number] = card
            strip.addWidget(card, 2)
        side = QVBoxLayout()
        self.filled_label = QLabel()
        self.filled_label.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.copy_button = QPushButton("Заполнить из прошлого квартала")
        self.copy_button.setToolTip("Скопировать значения полей предыдущего квартала в этот пустой квартал "
                                    "(подтверждения и списки мероприятий не копируются)")
        self.copy_button.clicked.connect(self.copy_previous)
        side.addWidget(self.filled_label)
        side.addWidget(self.copy_button)
        side.addStretch(1)
        strip.addLayout(side, 2)
        layout.addLayout(strip)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["№", "Мероприятие", "Оценка, %"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Пункты плана")
        self._tree_items: dict[str, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        for section in self.methodology.sections:
            top = QTreeWidgetItem([section.number, section.title, ""])
            top.setFont(0, bold)
            top.setFont(1, bold)
            top.setToolTip(1, section.title)
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(top)
            self._tree_items[section.code] = top
            for item in section.items:
                row = QTreeWidgetItem([item.number, item.content, ""])
                row.setToolTip(1, item.content)
                row.setData(0, Qt.ItemDataRole.UserRole, item.number)
                row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(row)
                self._tree_items[item.number] = row
        self.tree.expandAll()
        self.tree.currentItemChanged.connect(self._item_chosen)
        splitter.addWidget(self.tree)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 820])
        layout.addWidget(splitter, 1)
        self.reload()
        self.tree.setCurrentItem(self._tree_items[self.methodology.items()[0].number])

    # -- reading -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the period's data from the model and show it everywhere."""
        self.data = load_period(self.db, self.period)
        self._show_scores()
        if self.form is not None:
            self.form.sync()
        self.changed.emit()

    @property
    def scores(self) -> PlanScores:
        return self.data.scores

    def values(self, item: str) -> dict[str, float]:
        return dict(self.data.inputs.get(item, {}))

    def evidence(self, item: str) -> str:
        return self.data.evidence.get(item, "")

    def center_breakdown(self, item: str) -> list[tuple[str, ItemScore]]:
        """For an item derived from service centers: each active center's title and its own score."""
        return [(part.source, part) for part in self.scores.items[item].parts]

    def esia_quarter(self) -> tuple[int, int]:
        """The quarter's registrations in the ESIA plan, and how many of its three months are entered."""
        return esia.quarter_registrations(self.data.esia_plan, self.period.quarter)

    def events(self, item: str) -> list[PlanEvent]:
        return list(self.data.events.get(item, []))

    def current_item(self) -> str | None:
        current = self.tree.currentItem()
        return current.data(0, Qt.ItemDataRole.UserRole) if current else None

    # -- writing (each through the model, then onto the undo stack) ----------------------------------------
    def _after(self, period: Period, item: str) -> Callable[[], None]:
        """What to do after a change is stored, undone or redone: the window shows that period and item."""
        on_change = self._on_change
        return lambda: on_change(period, item)

    def apply_values(self, item: str, new: dict[str, float | None], merge_key: str | None = None) -> None:
        """Store inputs of one item; refuses (InputRefused) without a change."""
        period, db = self.period, self.db
        old = {k: self.data.inputs.get(item, {}).get(k) for k in new}
        plan.set_values(db, period, item, new, self.methodology)
        command = ModelCommand(f"Пункт {item}: изменение данных",
                               lambda: plan.set_values(db, period, item, new),
                               lambda: plan.set_values(db, period, item, old),
                               self._after(period, item),
                               merge_key=f"{period}:{merge_key}" if merge_key else None)
        self.undo_stack.push(command)
        if merge_key:
            ModelCommand.open_merge(f"{period}:{merge_key}")

    def apply_evidence(self, item: str, text: str) -> None:
        period, db = self.period, self.db
        old = self.data.evidence.get(item, "")
        plan.set_evidence(db, period, item, text)
        key = f"{period}:evidence:{item}"
        self.undo_stack.push(ModelCommand(f"Пункт {item}: подтверждение выполнения",
                                          lambda: plan.set_evidence(db, period, item, text),
                                          lambda: plan.set_evidence(db, period, item, old),
                                          self._after(period, item), merge_key=key))
        ModelCommand.open_merge(key)

    def add_event(self, item: str, day: date, place: str, topic: str) -> None:
        period, db = self.period, self.db
        event_id = plan.add_event(db, period, item, day, place, topic)
        self.undo_stack.push(ModelCommand(f"Пункт {item}: мероприятие {format_date(day)}",
                                          lambda: plan.add_event(db, period, item, day, place, topic, event_id),
                                          lambda: plan.remove_event(db, event_id),
                                          self._after(period, item)))

    def remove_event(self, item: str, event_id: int) -> None:
        period, db = self.period, self.db
        event = next(e for e in self.events(item) if e.id == event_id)
        plan.remove_event(db, event_id)
        self.undo_stack.push(ModelCommand(
            f"Пункт {item}: удаление мероприятия",
            lambda: plan.remove_event(db, event_id),
            lambda: plan.add_event(db, period, item, event.day, event.place, event.topic, event_id),
            self._after(period, item)))

    def seal_undo(self) -> None:
        ModelCommand.seal()

    def flush(self) -> None:
        """Store any text still being typed (before switching period, database or closing)."""
        if self.form is not None:
            self.form.flush_evidence()

    def copy_previous(self) -> None:
        period, db = self.period, self.db
        try:
            count = plan.copy_previous_quarter(db, period)
        except InputRefused as exc:
            QMessageBox.information(self, "Заполнить из прошлого квартала", str(exc))
            return
        copied = plan.load_inputs(db, period)

        def clear() -> None:
            for item, fields in copied.items():
                plan.set_values(db, period, item, dict.fromkeys(fields))

        def restore() -> None:
            for item, fields in copied.items():
                plan.set_values(db, period, item, dict(fields))

        self.undo_stack.push(ModelCommand("Заполнение из прошлого квартала", restore, clear,
                                          self._after(period, self.current_item() or "1.1")))
        self.window().statusBar().showMessage(  # type: ignore[attr-defined]
            f"Скопировано значений из {period.previous().title()}: {count}", 8000)

    # -- showing --------------------------------------------------------------------------------------------
    def select_item(self, number: str) -> None:
        row = self._tree_items.get(number)
        if row is not None:
            self.tree.setCurrentItem(row)

    def _item_chosen(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        number = current.data(0, Qt.ItemDataRole.UserRole)
        if number is None:  # a section row: show its first item
            if current.childCount():
                self.tree.setCurrentItem(current.child(0))
            return
        if self.form is not None:
            self.form.flush_evidence()
        self.seal_undo()
        self.form = ItemForm(self, self.methodology.item(number))
        self.scroll.setWidget(self.form)

    def _show_scores(self) -> None:
        s = self.scores
        for section in self.methodology.sections:
            filled = sum(1 for i in section.items if s.items[i.number].filled)
            self.section_cards[section.number].display(s.sections[section.number], s.provisional[section.number],
                                                    filled, len(section.items))
            top = self._tree_items[section.code]
            value = s.sections[section.number]
            shown = format_percent(value if value is not None else s.provisional[section.number])
            top.setText(2, shown if value is not None else f"≥ {shown}")
            top.setToolTip(2, "итог раздела" if value is not None else "предварительно: заполнены не все пункты")
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in section.items:
                score = s.items[item.number]
                row = self._tree_items[item.number]
                if score.filled:
                    row.setText(2, format_percent(score.score))
                    row.setForeground(2, QBrush(QColor(OK)))
                    row.setToolTip(2, f"из {format_number(item.max)}")
                else:
                    row.setText(2, "ошибка" if score.problems else "не заполнено")
                    row.setForeground(2, QBrush(QColor(ERROR if score.problems else WARN)))
                    row.setToolTip(2, score.reason)
        self.total_card.display(s.total, s.provisional["total"], s.filled_count, s.item_count)
        self.filled_label.setText(f"Заполнено {s.filled_count} из {s.item_count}")
        self.copy_button.setEnabled(not self.data.inputs)
