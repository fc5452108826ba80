"""Everything about one plan item: its texts, its score, its inputs, its events and its confirmation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.style import ERROR, OK, WARN, restyle
from gui.tabs.plan_inputs import DerivedBox, EventsBox, FlagsInput, LevelInput, plain_label
from gui.widgets.fields import CountField, ErrorLabel, hint_label
from model.areas.plan import PlanEvent
from model.areas.region_targets import RegionTarget
from model.base.period import Period
from model.base.ru import format_count, format_number, not_saved, percent_text
from model.errors import InputRefused
from model.methodology import Item, Methodology
from model.scoring.score import ItemScore, PlanScores

if TYPE_CHECKING:
    from model.store.db import Database


class ItemHost(Protocol):
    """What the form needs from the tab it sits in (the plan tab): the item's data, and a way to store."""

    db: Database
    period: Period
    methodology: Methodology
    go_to_centers: Any  # a signal: open the centers tab

    @property
    def scores(self) -> PlanScores: ...
    def values(self, item: str) -> dict[str, float]: ...
    def region_target(self, item: str, key: str) -> RegionTarget | None: ...
    def evidence(self, item: str) -> str: ...
    def events(self, item: str) -> list[PlanEvent]: ...
    def center_breakdown(self, item: str) -> list[tuple[str, ItemScore]]: ...
    def esia_quarter(self) -> tuple[int, int]: ...
    def apply_values(self, item: str, new: dict[str, float | None], merge_key: str | None = None) -> None: ...
    def apply_evidence(self, item: str, text: str) -> None: ...
    def add_event(self, item: str, day: date, place: str, topic: str) -> None: ...
    def remove_event(self, item: str, event_id: int) -> None: ...
    def seal_undo(self) -> None: ...
    def typing(self) -> None: ...
    def scroll_to(self, widget: QWidget) -> None: ...


class ItemForm(QWidget):
    """Everything about one item; every accepted change goes straight to the model through the tab."""

    def __init__(self, tab: ItemHost, item: Item) -> None:
        super().__init__()
        self.tab, self.item = tab, item
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        self.head = head = QLabel(f"{item.number}. {item.content}")
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.PlainText)
        restyle(head, "font-size: 12pt; font-weight: 600;")
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(head)

        self.score_label = QLabel()
        restyle(self.score_label, "font-size: 12pt;")
        self.score_label.setWordWrap(True)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score_label, 1)
        history = QPushButton("История изменений…")
        history.setToolTip("Кто и когда менял данные этого пункта за период")
        history.clicked.connect(self.show_history)
        score_row.addWidget(history, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(score_row)

        facts = QGridLayout()  # not a form layout: it gave a wrapped text less height than its lines need
        facts.setColumnStretch(1, 1)
        for row, (caption, value) in enumerate((
                ("Ответственные исполнители:", plain_label(item.executors)),
                ("Срок исполнения:", plain_label(item.deadline)),
                ("Результаты:", hint_label(item.results)),
                ("Формула:", hint_label(f"{item.formula}; максимальное значение {format_number(item.max)}")))):
            facts.addWidget(QLabel(caption), row, 0, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, row, 1)
        outer.addLayout(facts)

        inputs = QGroupBox("Исходные данные")
        box = QVBoxLayout(inputs)
        self.counts: dict[str, CountField] = {}
        self.levels: dict[str, LevelInput] = {}
        self.flags: FlagsInput | None = None
        self.derived: DerivedBox | None = None
        if item.rule == "flags":
            self.flags = FlagsInput(item.inputs, self.store)
            box.addWidget(self.flags)
            if item.derive:
                self.derived = DerivedBox(tab.go_to_centers.emit)
                box.addWidget(self.derived)
        self.suggestions: dict[str, tuple[QLabel, QPushButton]] = {}
        for field in item.inputs:
            if field.kind == "count":
                count = CountField(field.label, field.hint, self._count_store(field.key))
                count.committed.connect(self.tab.seal_undo)
                self.counts[field.key] = count
                box.addWidget(count)
                if field.suggest == "esia_quarter":
                    box.addLayout(self._suggestion_row(field.key))
            elif field.kind == "level":
                self.levels[field.key] = LevelInput(field, self.store)
                box.addWidget(self.levels[field.key])
        self.error = ErrorLabel()
        box.addWidget(self.error)
        box.addStretch(1)
        outer.addWidget(inputs)

        number = item.number
        self.events_box = EventsBox(
            item.events_prompt, lambda day, place, topic: tab.add_event(number, day, place, topic),
            lambda event_id: tab.remove_event(number, event_id), lambda: tab.events(number),
            lambda: tab.period) if item.events else None
        if self.events_box:
            outer.addWidget(self.events_box)

        title = tab.methodology.evidence_title
        evidence = QGroupBox(title.split(":")[0])  # a group's title never wraps: the rest goes inside
        ev_box = QVBoxLayout(evidence)
        if ":" in title:
            ev_box.addWidget(hint_label(title.split(":", 1)[1].strip().capitalize()))
        if item.evidence_prompt:
            ev_box.addWidget(hint_label(item.evidence_prompt))
        self.evidence = QPlainTextEdit()
        self.evidence.setPlaceholderText("Что сделано, ссылки на размещённые материалы…")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMinimumHeight(80)
        self.evidence.setMaximumHeight(140)
        self.evidence.setAccessibleName("Подтверждение выполнения")
        ev_box.addWidget(self.evidence)
        self.evidence_state = hint_label()
        self.evidence_error = ErrorLabel()
        ev_box.addWidget(self.evidence_error)
        ev_box.addWidget(self.evidence_state, 0, Qt.AlignmentFlag.AlignRight)
        outer.addWidget(evidence)
        outer.addStretch(1)

        self._evidence_timer = QTimer(self)
        self._evidence_timer.setSingleShot(True)
        self._evidence_timer.setInterval(600)
        self._evidence_timer.timeout.connect(self.flush_evidence)
        self.evidence.textChanged.connect(self._evidence_typed)
        self.evidence.installEventFilter(self)
        self.sync()

    def _suggestion_row(self, key: str) -> QHBoxLayout:
        row = QHBoxLayout()
        label = hint_label()
        label.setWordWrap(True)
        button = QPushButton("Подставить")
        button.setToolTip("Записать в поле сумму регистраций квартала из плана регистраций в ЕСИА")
        button.clicked.connect(lambda: self.store({key: float(self.tab.esia_quarter()[0])}))
        row.addWidget(label, 1)
        row.addWidget(button)
        self.suggestions[key] = (label, button)
        return row

    def _show_suggestions(self, values: dict[str, float]) -> None:
        for key, (label, button) in self.suggestions.items():
            total, months = self.tab.esia_quarter()
            if months == 0:
                label.setText("В плане регистраций в ЕСИА за этот квартал пока нет данных по месяцам.")
                button.hide()
                continue
            note = "" if months == 3 else f" (введено {months} из 3 месяцев)"
            label.setText(f"По плану регистраций в ЕСИА за квартал зарегистрировано {format_count(total)}{note}.")
            button.setVisible(values.get(key) != total)

    def show_history(self) -> None:
        from gui.dialogs.history import HistoryDialog

        self.flush_evidence()
        HistoryDialog(self.tab.db, f"plan:{self.tab.period}:{self.item.number}",
                      f"пункт {self.item.number}, {self.tab.period.title()}", self, self.tab.methodology).exec()

    # -- storing ---------------------------------------------------------------------------------------------
    def _count_store(self, key: str):
        def store(value: int | None) -> None:
            self.tab.apply_values(self.item.number, {key: None if value is None else float(value)},
                                  merge_key=f"{self.item.number}:{key}")
            for other, field in self.counts.items():  # a text refused beside this value may fit it now
                if other != key:
                    field.retry()
        return store

    def store(self, values: dict[str, float | None]) -> None:
        try:
            self.tab.apply_values(self.item.number, values)
        except InputRefused as exc:
            self.error.say(str(exc))
            self.sync()
            return
        self.error.say("")

    def _evidence_typed(self) -> None:
        self.evidence_state.setText("изменения сохраняются…")
        self._evidence_timer.start()
        self.tab.typing()

    def flush_evidence(self) -> None:
        """Store the evidence text now if it was changed (called on a pause, focus loss and switching)."""
        self._evidence_timer.stop()
        text = self.evidence.toPlainText()
        if text.strip() == self.tab.evidence(self.item.number):
            self.evidence_state.setText("сохранено" if text.strip() else "")
            return
        try:
            self.tab.apply_evidence(self.item.number, text)
        except InputRefused as exc:
            self.evidence_error.say(not_saved(exc))
            self.evidence_state.setText("")
            return
        self.evidence_error.say("")
        self.evidence_state.setText("сохранено")

    def leave(self) -> None:
        """The tab shows another item: what is typed is stored, and what was refused goes with its red message —
        the form is kept, hidden, and shows what is stored when the item is shown again."""
        self.flush_evidence()
        for field in self.counts.values():
            if field.error.isVisible():
                field.revert()
        for label in self.findChildren(ErrorLabel):
            label.say("")

    def focus_first_input(self) -> None:
        """The cursor goes where the item still needs something: its first empty input; with every input filled
        (copied from the quarter before, say) and no event named yet this quarter, the new event's date."""
        values = self.tab.values(self.item.number)
        inputs = [(f.edit, key in values) for key, f in self.counts.items()]
        # a level's chosen option, not its first: Space or an arrow there would change the answer unasked
        inputs += [(level.group.checkedButton() or level.buttons[0], key in values)
                   for key, level in self.levels.items() if level.buttons]
        if self.flags is not None and self.flags.isVisible():
            inputs += [(box, bool(values)) for box in self.flags.boxes[:1]]
        target = next((widget for widget, filled in inputs if not filled), None)
        if target is None and self.events_box is not None and not self.tab.events(self.item.number):
            target = self.events_box.day.edit
        target = target or (inputs[0][0] if inputs else self.evidence)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        # a choice is shown with all its options (the one after the chosen was cut at the pane's lower edge)
        self.tab.scroll_to(next((level for level in self.levels.values() if level.isAncestorOf(target)), target))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.evidence and event.type() == event.Type.FocusOut:
            self.flush_evidence()
            self.tab.seal_undo()
        return super().eventFilter(watched, event)

    # -- showing ---------------------------------------------------------------------------------------------
    def sync(self) -> None:
        """Show what is stored (after a change, an undo or a redo)."""
        values = self.tab.values(self.item.number)
        for key, field in self.counts.items():
            field.show_value(values.get(key))
            field.mark_region(self.tab.region_target(self.item.number, key))
        for key, level in self.levels.items():
            level.show_value(values.get(key))
        if self.flags:
            breakdown = self.tab.center_breakdown(self.item.number) if self.derived else []
            self.flags.setVisible(not breakdown)
            if self.derived:
                self.derived.setVisible(bool(breakdown))
                self.derived.show_breakdown(breakdown, self.item.weight)
            self.flags.show_values(values)
        self._show_suggestions(values)
        stored = self.tab.evidence(self.item.number)
        if not self._evidence_timer.isActive() and self.evidence.toPlainText().strip() != stored:
            with QSignalBlocker(self.evidence):
                self.evidence.setPlainText(stored)
        if self.events_box:
            self.events_box.show_events()
        self.show_score(self.tab.scores.items[self.item.number])

    def show_score(self, score: ItemScore) -> None:
        if score.filled:
            text = f"Оценка: <b>{percent_text(score.score)}</b> из {format_number(self.item.max)}"
            if score.raw is not None and score.raw != score.score:
                text += f" (фактически {percent_text(score.raw)} — перевыполнение, в раздел идёт максимум)"
            restyle(self.score_label, f"font-size: 12pt; color: {OK};")
        elif score.state == "refused":
            text = f"Ошибка в данных: {score.reason}"
            restyle(self.score_label, f"font-size: 12pt; color: {ERROR};")
        elif score.state == "undefined":  # all filled, and the rule has no value: not «не заполнено»
            text = f"Оценка не определена: {score.reason}"
            restyle(self.score_label, f"font-size: 12pt; color: {WARN};")
        else:
            text = f"Не заполнено — {score.reason}"  # a derived item: how many centers are not checked yet
            if score.missing and all(self.item.input(k).kind == "flag" for k in score.missing):
                text = "Не заполнено: отметьте выполненные требования в «Исходных данных»"  # not each one's text
            elif score.missing:
                text = "Не заполнено: " + ", ".join(f"«{self.item.label(k)}»" for k in score.missing)
            restyle(self.score_label, f"font-size: 12pt; color: {WARN};")
        self.score_label.setText(text)
