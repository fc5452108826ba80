"""The form of one plan item: its texts, the inputs its rule asks for, its score and its evidence."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.fields import CountField, ErrorLabel, WrappedChoice, hint_label
from gui.style import ERROR, OK, WARN
from model.methodology import InputField, Item
from model.ru import InputRefused, format_count, format_date, format_number, format_percent
from model.scoring import ItemScore

if TYPE_CHECKING:
    from gui.plan_tab import PlanTab


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def option_value_text(value: float) -> str:
    return format_number(value, 2)


class LevelInput(QWidget):
    """Radio buttons with the option texts of one level field, and a way back to 'not filled'."""

    def __init__(self, form: ItemForm, field: InputField) -> None:
        super().__init__()
        self.form, self.field = form, field
        self.group = QButtonGroup(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        title = QLabel(f"<b>{field.key}</b> — {field.label}")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        box.addWidget(title)
        self.buttons: list[QRadioButton] = []
        for index, option in enumerate(field.options):
            radio = QRadioButton()
            radio.setAccessibleName(f"{field.label}: {option.text}")
            self.group.addButton(radio, index)
            self.buttons.append(radio)
            box.addWidget(WrappedChoice(radio, f"{field.key} = {option_value_text(option.value)} — {option.text}"))
        self.group.idClicked.connect(self._chosen)
        self.clear_button = QPushButton("Очистить выбор")
        self.clear_button.setToolTip("Вернуть пункт в состояние «не заполнено»")
        self.clear_button.clicked.connect(lambda: self.form.store({field.key: None}))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        box.addLayout(row)

    def _chosen(self, index: int) -> None:
        self.form.store({self.field.key: self.field.options[index].value})

    def show_value(self, value: float | None) -> None:
        self.group.setExclusive(False)
        for radio, option in zip(self.buttons, self.field.options, strict=True):
            radio.setChecked(value is not None and abs(option.value - value) < 1e-9)
        self.group.setExclusive(True)
        self.clear_button.setEnabled(value is not None)


class FlagsInput(QWidget):
    """Check boxes of a flags rule (the requirements of 1.2); every click stores all of them."""

    def __init__(self, form: ItemForm, fields: tuple[InputField, ...]) -> None:
        super().__init__()
        self.form, self.fields = form, fields
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
        self.clear_button.clicked.connect(lambda: self.form.store({f.key: None for f in self.fields}))
        row.addWidget(self.confirm)
        row.addWidget(self.clear_button)
        box.addLayout(row)

    def _clicked(self) -> None:
        self.form.store({f.key: 1.0 if b.isChecked() else 0.0 for f, b in zip(self.fields, self.boxes, strict=True)})

    def show_values(self, values: dict[str, float]) -> None:
        filled = all(f.key in values for f in self.fields)
        for f, b in zip(self.fields, self.boxes, strict=True):
            b.setChecked(values.get(f.key, 0) == 1)
        met = sum(1 for f in self.fields if values.get(f.key) == 1)
        self.state.setText(f"Выполнено требований: n = {met}" if filled
                           else "Не заполнено: отметьте выполненные требования")
        self.confirm.setVisible(not filled)
        self.clear_button.setEnabled(filled)


class DerivedBox(QWidget):
    """Item 1.2 when service centers exist: the mean over them, with each center's score a click away."""

    def __init__(self, form: ItemForm) -> None:
        super().__init__()
        self.form = form
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
        go.clicked.connect(form.tab.go_to_centers.emit)
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
            f"Рассчитывается по центрам обслуживания: среднее по {len(rows)} активным центрам "
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

    def __init__(self, form: ItemForm, prompt: str) -> None:
        super().__init__("Проведённые мероприятия")
        self.form = form
        box = QVBoxLayout(self)
        if prompt:
            box.addWidget(hint_label(prompt))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Дата", "Место проведения", "Тема"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(180)
        box.addWidget(self.table)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table, context=Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove)
        row = QHBoxLayout()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName("Дата мероприятия")
        self.place = QLineEdit()
        self.place.setPlaceholderText("Место проведения")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Тема")
        self.topic.returnPressed.connect(self._add)
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
        bottom.addWidget(self.remove_button)
        box.addLayout(bottom)
        self._ids: list[int] = []

    def _add(self) -> None:
        d = self.day.date()
        try:
            self.form.tab.add_event(self.form.item.number, date(d.year(), d.month(), d.day()),
                                    self.place.text(), self.topic.text())
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self.error.say("")
        self.place.clear()
        self.topic.clear()
        self.place.setFocus()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._ids):
            try:
                self.form.tab.remove_event(self.form.item.number, self._ids[row])
            except InputRefused as exc:
                self.error.say(str(exc))

    def show_events(self) -> None:
        events = self.form.tab.events(self.form.item.number)
        self._ids = [e.id for e in events]
        self.table.setRowCount(len(events))
        for row, e in enumerate(events):
            for col, text in enumerate((format_date(e.day), e.place, e.topic)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.remove_button.setEnabled(bool(events))


class ItemForm(QWidget):
    """Everything about one item; every accepted change goes straight to the model through the tab."""

    def __init__(self, tab: PlanTab, item: Item) -> None:
        super().__init__()
        self.tab, self.item = tab, item
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        head = QLabel(f"{item.number}. {item.content}")
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setStyleSheet("font-size: 12pt; font-weight: 600;")
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(head)

        self.score_label = QLabel()
        self.score_label.setStyleSheet("font-size: 12pt;")
        self.score_label.setWordWrap(True)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score_label, 1)
        history = QPushButton("История изменений…")
        history.setToolTip("Кто и когда менял данные этого пункта за период")
        history.clicked.connect(self.show_history)
        score_row.addWidget(history, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(score_row)

        facts = QFormLayout()
        facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        facts.addRow("Ответственные исполнители:", _plain(item.executors))
        facts.addRow("Срок исполнения:", _plain(item.deadline))
        facts.addRow("Результаты:", hint_label(item.results))
        facts.addRow("Формула:", hint_label(f"{item.formula}; максимальное значение {format_number(item.max)}"))
        outer.addLayout(facts)

        inputs = QGroupBox("Исходные данные")
        box = QVBoxLayout(inputs)
        self.counts: dict[str, CountField] = {}
        self.levels: dict[str, LevelInput] = {}
        self.flags: FlagsInput | None = None
        self.derived: DerivedBox | None = None
        if item.rule == "flags":
            self.flags = FlagsInput(self, item.inputs)
            box.addWidget(self.flags)
            if item.derive:
                self.derived = DerivedBox(self)
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
                self.levels[field.key] = LevelInput(self, field)
                box.addWidget(self.levels[field.key])
        self.error = ErrorLabel()
        box.addWidget(self.error)
        box.addStretch(1)
        outer.addWidget(inputs)

        self.events_box = EventsBox(self, item.events_prompt) if item.events else None
        if self.events_box:
            outer.addWidget(self.events_box)

        evidence = QGroupBox(tab.methodology.evidence_title)
        ev_box = QVBoxLayout(evidence)
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
        from gui.history_dialog import HistoryDialog

        self.flush_evidence()
        HistoryDialog(self.tab.db, f"plan:{self.tab.period}:{self.item.number}",
                      f"пункт {self.item.number}, {self.tab.period.title()}", self).exec()

    # -- storing ---------------------------------------------------------------------------------------------
    def _count_store(self, key: str):
        def store(value: int | None) -> None:
            self.tab.apply_values(self.item.number, {key: None if value is None else float(value)},
                                  merge_key=f"{self.item.number}:{key}")
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
            self.evidence_error.say(f"Не сохранено: {exc}")
            self.evidence_state.setText("")
            return
        self.evidence_error.say("")
        self.evidence_state.setText("сохранено")

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
            self.evidence.blockSignals(True)
            self.evidence.setPlainText(stored)
            self.evidence.blockSignals(False)
        if self.events_box:
            self.events_box.show_events()
        self.show_score(self.tab.scores.items[self.item.number])

    def show_score(self, score: ItemScore) -> None:
        if score.filled:
            text = f"Оценка: <b>{format_percent(score.score)} %</b> из {format_number(self.item.max)}"
            if score.raw is not None and score.raw != score.score:
                text += f" (фактически {format_percent(score.raw)} % — перевыполнение, в раздел идёт максимум)"
            self.score_label.setStyleSheet(f"font-size: 12pt; color: {OK};")
        elif score.problems:
            text = f"Ошибка в данных: {score.reason}"
            self.score_label.setStyleSheet(f"font-size: 12pt; color: {ERROR};")
        else:
            text = f"Не заполнено — {score.reason.removeprefix('не заполнено: ')}"
            if score.missing:
                text = "Не заполнено: " + ", ".join(f"«{self.item.label(k)}»" for k in score.missing)
            self.score_label.setStyleSheet(f"font-size: 12pt; color: {WARN};")
        self.score_label.setText(text)
