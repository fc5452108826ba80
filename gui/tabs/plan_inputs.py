"""The inputs of a plan item: level choices, requirement check boxes, the centers' mean, the events list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.columns import ColumnFit
from gui.widgets.fields import DateField, ErrorLabel, WrappedChoice, hint_label, say_date
from model.areas.plan import PlanEvent
from model.base.period import Period
from model.base.ru import format_date, format_number, format_percent
from model.base.words import plural
from model.errors import InputRefused
from model.methodology import InputField
from model.scoring.score import ItemScore

Store = Callable[[dict[str, float | None]], None]  # stores some inputs of the item (None clears one)


def plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def option_value_text(value: float) -> str:
    return format_number(value, 2)


_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}


class LevelInput(QWidget):
    """Radio buttons with the option texts of one level field, and a way back to 'not filled'."""

    def __init__(self, field: InputField, store: Store) -> None:
        super().__init__()
        self.store, self.field = store, field
        self.shown: float | None = None
        self.group = QButtonGroup(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        title = plain_label(field.label)
        title.setStyleSheet("font-weight: 600;")
        box.addWidget(title)
        self.buttons: list[QRadioButton] = []
        for index, option in enumerate(field.options):
            radio = QRadioButton()
            radio.setAccessibleName(f"{field.label}: {option.text}")
            radio.installEventFilter(self)
            self.group.addButton(radio, index)
            self.buttons.append(radio)
            box.addWidget(WrappedChoice(radio, f"{option.text} ({option_value_text(option.value)})"))
        self.group.idClicked.connect(self._chosen)
        self.clear_button = QPushButton("Очистить выбор")
        self.clear_button.setToolTip("Вернуть пункт в состояние «не заполнено»")
        self.clear_button.clicked.connect(lambda: self.store({field.key: None}))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        box.addLayout(row)

    def _chosen(self, index: int) -> None:
        value = self.field.options[index].value
        if self.shown is None or abs(value - self.shown) > 1e-9:  # the chosen one again is no new step to undo
            self.store({self.field.key: value})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """An arrow key chooses the option above or below, as Space chooses the one with the cursor — also while
        nothing is chosen yet (Qt's own arrows then only move the cursor)."""
        if event.type() != QEvent.Type.KeyPress or watched not in self.buttons or not isinstance(event, QKeyEvent) \
                or event.key() not in _STEPS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        here = self.buttons.index(watched)  # type: ignore[arg-type]
        there = min(max(here + _STEPS[event.key()], 0), len(self.buttons) - 1)
        target = self.buttons[there]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if not target.isChecked():
            target.click()
        return True

    def show_value(self, value: float | None) -> None:
        self.shown = value
        self.group.setExclusive(False)
        for radio, option in zip(self.buttons, self.field.options, strict=True):
            radio.setChecked(value is not None and abs(option.value - value) < 1e-9)
        self.group.setExclusive(True)
        self.clear_button.setEnabled(value is not None)


class FlagsInput(QWidget):
    """Check boxes of a flags rule (the requirements of 1.2); every click stores all of them."""

    def __init__(self, fields: tuple[InputField, ...], store: Store) -> None:
        super().__init__()
        self.store, self.fields = store, fields
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(QLabel("Отметьте выполненные требования:"))
        self.boxes: list[QCheckBox] = []
        for number, field in enumerate(fields, start=1):
            check = QCheckBox()
            check.setAccessibleName(field.label)
            check.clicked.connect(self._clicked)
            self.boxes.append(check)
            box.addWidget(WrappedChoice(check, f"{number}) {field.label}"))
        row = QHBoxLayout()
        self.state = QLabel()
        self.state.setWordWrap(True)
        row.addWidget(self.state, 1)
        self.confirm = QPushButton("Проверено: других выполненных нет")
        self.confirm.setToolTip("Записать отметки как есть — в том числе если ни одно требование не выполнено")
        self.confirm.clicked.connect(self._clicked)
        self.clear_button = QPushButton("Очистить")
        self.clear_button.clicked.connect(lambda: self.store({f.key: None for f in self.fields}))
        row.addWidget(self.confirm)
        row.addWidget(self.clear_button)
        box.addLayout(row)

    def _clicked(self) -> None:
        self.store({f.key: 1.0 if b.isChecked() else 0.0 for f, b in zip(self.fields, self.boxes, strict=True)})

    def show_values(self, values: dict[str, float]) -> None:
        filled = all(f.key in values for f in self.fields)
        for f, b in zip(self.fields, self.boxes, strict=True):
            b.setChecked(values.get(f.key, 0) == 1)
        met = sum(1 for f in self.fields if values.get(f.key) == 1)
        self.state.setText(f"Выполнено требований: {met} из {len(self.fields)}" if filled
                           else "Не заполнено: отметьте выполненные требования")
        self.confirm.setVisible(not filled)
        self.clear_button.setEnabled(filled)


class DerivedBox(QWidget):
    """Item 1.2 when service centers exist: the mean over them, with each center's score a click away."""

    def __init__(self, go_to_centers: Callable[[], None]) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        row = QHBoxLayout()
        self.toggle = QPushButton("Показать по центрам")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        go = QPushButton("Открыть «Центры обслуживания»")
        go.clicked.connect(go_to_centers)
        row.addWidget(self.toggle)
        row.addWidget(go)
        row.addStretch(1)
        box.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Центр обслуживания", "Выполнено требований", "Оценка, %"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumHeight(220)
        self.table.hide()
        box.addWidget(self.table)

    def _toggled(self, on: bool) -> None:
        self.table.setVisible(on)
        self.toggle.setText("Скрыть по центрам" if on else "Показать по центрам")

    def show_breakdown(self, rows: list[tuple[str, ItemScore]], weight: float) -> None:
        filled = sum(1 for _, s in rows if s.filled)
        self.summary.setText(
            f"Рассчитывается по центрам обслуживания: среднее по {len(rows)} "
            f"{plural(len(rows), 'активному центру', 'активным центрам', 'активным центрам')} "
            f"(отмечено {filled} из {len(rows)}). Отметки требований вносятся во вкладке «Центры обслуживания».")
        self.table.setRowCount(len(rows))
        for r, (title, score) in enumerate(rows):
            met = "не проверен" if not score.filled else format_number((score.raw or 0) / (weight * 100), 0)
            for c, text in enumerate((title, met, format_percent(score.score) if score.filled else "—")):
                cell = QTableWidgetItem(text)
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, cell)


class EventsBox(QGroupBox):
    """The list of events (date, place, topic) an item asks the report to name."""

    def __init__(self, prompt: str, add: Callable[[date, str, str], None], remove: Callable[[int], None],
                 events: Callable[[], list[PlanEvent]], quarter: Callable[[], Period] | None = None) -> None:
        super().__init__("Проведённые мероприятия")
        self._add_event, self._remove_event, self._events = add, remove, events
        box = QVBoxLayout(self)
        if prompt:
            box.addWidget(hint_label(prompt))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Дата", "Место проведения", "Тема"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ColumnFit(self.table, stretch=(1, 2))  # a long place or topic wraps in a taller row, never cut
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(180)
        box.addWidget(self.table)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table, context=Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove)
        row = QHBoxLayout()
        self.day = DateField("Дата мероприятия", quarter=quarter)
        self.day.edited.connect(lambda: say_date(self.day, self.error, "Дата мероприятия"))
        self.place = QLineEdit()
        self.place.setPlaceholderText("Место проведения")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Тема")
        for enter in (self.day.returned, self.place.returnPressed, self.topic.returnPressed):
            enter.connect(self._add)  # Enter in any field of the new event adds it
        add = QPushButton("Добавить")
        add.clicked.connect(self._add)
        self.remove_button = QPushButton("Удалить выбранное")
        self.remove_button.clicked.connect(self._remove)
        row.addWidget(self.day)
        row.addWidget(self.place, 1)
        row.addWidget(self.topic, 2)
        row.addWidget(add)
        box.addLayout(row)
        bottom = QHBoxLayout()
        self.error = ErrorLabel()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)  # its width whether a message is up
        box.addLayout(bottom)
        self._ids: list[int] = []

    def _add(self) -> None:
        try:
            day = self.day.value()
            if day is None:
                raise InputRefused("Укажите дату мероприятия: дд.мм.гггг")
            self._add_event(day, self.place.text(), self.topic.text())
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self.error.say("")
        self.day.set_value(None)
        self.place.clear()
        self.topic.clear()
        self.day.edit.setFocus()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._ids):
            try:
                self._remove_event(self._ids[row])
            except InputRefused as exc:
                self.error.say(str(exc))

    def show_events(self) -> None:
        events = self._events()
        self._ids = [e.id for e in events]
        self.table.setRowCount(len(events))
        for row, e in enumerate(events):
            for col, text in enumerate((format_date(e.day), e.place, e.topic)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.remove_button.setEnabled(bool(events))
