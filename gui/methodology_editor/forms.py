"""The forms of the methodology editor: one for the header, the total, a section and an item (with its inputs,
their options and the rule's parameters). Every field is bound to a key path of the draft; a change is handed to
the editor, which records it for undo and checks the methodology again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.style import ERROR, WARN, restyle
from gui.widgets.fields import ErrorLabel, hint_label
from model.base.ru import format_number, parse_number
from model.errors import InputRefused
from model.methodology.draft import Draft, Path_
from model.methodology.loader import Problem
from model.methodology.rules import PARAMS, RULES

KIND_WORDS = {"count": "количество (число)", "flag": "да / нет", "level": "выбор из вариантов"}
# What each key of the file is called on the forms (and in the list of problems)
FIELD_WORDS = {
    "id": "Обозначение методики", "version": "Версия", "year": "Годы", "years": "Годы", "title": "Название",
    "source": "Источник", "evidence_title": "Заголовок подтверждения", "code": "Обозначение в формулах",
    "formula": "Формула", "divisor": "Делитель", "max": "Максимальное значение", "number": "Номер",
    "short_title": "Короткое название", "content": "Содержание мероприятия", "executors": "Исполнители",
    "deadline": "Срок", "results": "Ожидаемые результаты", "rule": "Правило расчёта", "events": "Мероприятия",
    "events_prompt": "Подсказка к мероприятиям", "evidence_prompt": "Подсказка к подтверждению",
    "derive": "Среднее по центрам", "input": "Исходные данные", "key": "Обозначение в формуле",
    "kind": "Вид", "label": "Название поля", "short": "Короткое название", "hint": "Пояснение",
    "carry_over": "Перенос в следующий квартал", "suggest": "Подсказка из плана ЕСИА",
    "from_center": "Из карточки центра", "options": "Варианты", "value": "Значение", "text": "Текст",
    "section": "Разделы", "item": "Пункты", **{p.name: p.label for p in PARAMS.values()},
}
FROM_CENTER = (("", "нет"), ("badges", "у всех сотрудников есть бейдж"),
               ("schedule", "график работы опубликован"))


class Editing(Protocol):
    draft: Draft

    def apply(self, what: str, change: Callable[[], None], rebuild: bool = False) -> None: ...


class TextBox(QPlainTextEdit):
    """A text of several lines; what is typed is handed on when the box loses focus (or Ctrl+Enter)."""

    finished = Signal()

    def __init__(self, lines: int = 3) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        self.finished.emit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and control:
            self.finished.emit()
            return
        super().keyPressEvent(event)


def _number_text(value: Any) -> str:
    """«100», «0,25», «3»: a number as typed the Russian way, without trailing zeros."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    text = format_number(value, 6)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _free_value(options: list[dict]) -> float:
    """A value for a new option: the middle of the widest gap between the values there are (0 and 1 give 0,5), or
    one more than the highest."""
    values = sorted(float(o["value"]) for o in options if isinstance(o.get("value"), (int, float)))
    if len(values) < 2:
        return values[-1] + 1 if values else 0
    gap, low = max((b - a, a) for a, b in zip(values, values[1:], strict=False))
    return round(low + gap / 2, 4) if gap > 1e-6 else values[-1] + 1


class WindowUndo(QObject):
    """Ctrl+Z and Ctrl+Y in a field go to the editor's undo, never to the field's own typing history (which the
    draft and the undo list would not follow): what is typed is handed on first, so undo takes exactly it back."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.commits: dict[QObject, Callable[[], None]] = {}

    def watch(self, widget: QWidget, commit: Callable[[], None]) -> None:
        self.commits[widget] = commit
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                or (event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier)):
            commit = self.commits.get(watched)
            if commit is not None:
                commit()
            return True  # not accepted by the field: the window's shortcut takes it
        return False


class Form(QWidget):
    """A form over one place of the draft. `fields`: key path → the widget that edits it, and the red line under
    it where a problem of that path is said."""

    def __init__(self, editor: Editing, title: str) -> None:
        super().__init__()
        self.editor = editor
        self.fields: dict[Path_, tuple[QWidget, ErrorLabel]] = {}
        self.pending: list[Callable[[], None]] = []  # commits of texts typed and not yet handed on
        self.undo_keys = WindowUndo(self)
        self.retired = False  # replaced by another form: what its fields say on leaving is no longer an edit
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(4, 4, 12, 4)
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        restyle(heading, "font-size: 12pt; font-weight: 600;")
        self.outer.addWidget(heading)
        self.layout_ = self.new_form()
        self.outer.addLayout(self.layout_)

    @property
    def draft(self) -> Draft:
        return self.editor.draft

    @staticmethod
    def new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    # -- rows ----------------------------------------------------------------------------------------------------
    def _row(self, path: Path_, widget: QWidget, label: str, hint: str = "", form: QFormLayout | None = None,
             extra: QWidget | None = None) -> ErrorLabel:
        box = QVBoxLayout()
        box.setSpacing(2)
        line = QHBoxLayout()
        narrow = widget.maximumWidth() < 400
        line.addWidget(widget, 0 if narrow else 1)
        if extra is not None:
            line.addWidget(extra)
        if hint and narrow:  # beside a short field: under it the text would wrap at the field's width
            line.addWidget(hint_label(hint), 1)
        elif narrow:
            line.addStretch(1)
        box.addLayout(line)
        if hint and not narrow:
            box.addWidget(hint_label(hint))
        error = ErrorLabel()
        box.addWidget(error)
        widget.setAccessibleName(label)
        (form or self.layout_).addRow(f"{label}:", box)
        self.fields[path] = (widget, error)
        return error

    def line(self, path: Path_, label: str, hint: str = "", form: QFormLayout | None = None,
             width: int | None = None, extra: QWidget | None = None) -> QLineEdit:
        edit = QLineEdit(str(self.draft.get(path, "") or ""))
        edit.setCursorPosition(0)  # a text longer than the field shows its beginning, not its end
        if width:
            edit.setMaximumWidth(width)
        error = self._row(path, edit, label, hint, form, extra)

        def commit() -> None:
            if self.retired:
                return
            text = edit.text()
            if text != str(self.draft.get(path, "") or ""):
                error.say("")
                self.editor.apply(f"{label}: «{text[:30]}»", lambda: self.draft.set(path, text))
        edit.editingFinished.connect(commit)
        self.pending.append(commit)
        self.undo_keys.watch(edit, commit)
        return edit

    def text(self, path: Path_, label: str, hint: str = "", lines: int = 3, form: QFormLayout | None = None,
             extra: QWidget | None = None) -> TextBox:
        box = TextBox(lines)
        box.setPlainText(str(self.draft.get(path, "") or ""))
        self._row(path, box, label, hint, form, extra)

        def commit() -> None:
            if self.retired:
                return
            text = box.toPlainText()
            if text != str(self.draft.get(path, "") or ""):
                self.editor.apply(f"{label}: «{text[:30]}»", lambda: self.draft.set(path, text))
        box.finished.connect(commit)
        self.pending.append(commit)
        self.undo_keys.watch(box, commit)
        return box

    def number(self, path: Path_, label: str, hint: str = "", form: QFormLayout | None = None,
               extra: QWidget | None = None, rebuild: bool = False) -> QLineEdit:
        edit = QLineEdit(_number_text(self.draft.get(path)))
        edit.setMaximumWidth(140)
        error = self._row(path, edit, label, hint, form, extra)

        def commit() -> None:
            if self.retired:
                return
            if edit.text().strip() == _number_text(self.draft.get(path)):
                return
            try:
                value = parse_number(edit.text(), "3 или 0,25")
            except InputRefused as exc:
                error.say(f"{exc}. Ничего не изменено")
                return
            if value is None:
                error.say("Введите число. Ничего не изменено")
                return
            error.say("")
            self.editor.apply(f"{label}: {edit.text().strip()}", lambda: self.draft.set(path, value), rebuild)
        edit.editingFinished.connect(commit)
        self.pending.append(commit)
        self.undo_keys.watch(edit, commit)
        return edit

    def check(self, path: Path_, text: str, hint: str = "", form: QFormLayout | None = None,
              default: bool = False, rebuild: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(bool(self.draft.get(path, default)))
        self._row(path, box, FIELD_WORDS.get(str(path[-1]), text), hint, form)
        box.toggled.connect(lambda on: self.editor.apply(f"{text}: {'да' if on else 'нет'}",
                                                         lambda: self.draft.set(path, on), rebuild))
        return box

    def choice(self, path: Path_, label: str, choices: tuple[tuple[str, str], ...], hint: str = "",
               form: QFormLayout | None = None, change: Callable[[str], None] | None = None) -> QComboBox:
        combo = QComboBox()
        current = str(self.draft.get(path, "") or "")
        for value, text in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        self._row(path, combo, label, hint, form)

        def chosen(index: int) -> None:
            value = combo.itemData(index)
            if value == current:
                return
            if change is not None:
                change(value)
            else:
                self.editor.apply(f"{label}: {combo.itemText(index)}", lambda: self.draft.set(path, value or None))
        combo.activated.connect(chosen)
        return combo

    def commit_pending(self) -> None:
        if self.retired:
            return
        for commit in list(self.pending):
            commit()

    # -- problems ------------------------------------------------------------------------------------------------
    def show_problems(self, problems: list[Problem], warnings: list[Problem]) -> None:
        """Each problem under the field it belongs to (the nearest field above its path)."""
        said: dict[Path_, list[str]] = {}
        errors: set[Path_] = set()
        from model.region.methodology_book import problem_words

        for p in problems:
            path = self.field_for(p.path)
            if path is not None:
                said.setdefault(path, []).append(problem_words(p))
                errors.add(path)
        for p in warnings:
            path = self.field_for(p.path)
            if path is not None:
                said.setdefault(path, []).append(f"Предупреждение: {p.message}")
        for path, (_, error) in self.fields.items():
            error.setStyleSheet(f"color: {ERROR if path in errors else WARN};")  # a warning alone is not red
            error.say("\n".join(said.get(path, [])))

    def field_for(self, path: Path_) -> Path_ | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.fields:
                return path[:end]
        return None

    def focus(self, path: Path_) -> QWidget | None:
        found = self.field_for(path)
        if found is None:
            return None
        widget = self.fields[found][0]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget


def _button(text: str, tip: str, slot: Callable[[], None], name: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name or tip)
    button.clicked.connect(lambda _=False: slot())
    return button


class HeadForm(Form):
    def __init__(self, editor: Editing) -> None:
        super().__init__(editor, "Заголовок методики")
        m = ("methodology",)
        self.line((*m, "id"), "Обозначение методики", "Латинские строчные буквы и цифры; одинаково у всех версий "
                  "(popularization)", width=260)
        self.line((*m, "version"), "Версия", "У каждой рассылки свой номер, например 2027.1", width=160)
        years = QLineEdit(", ".join(str(y) for y in self.draft.get((*m, "years"), None)
                                    or [self.draft.get((*m, "year"), "")]))
        years.setMaximumWidth(220)
        error = self._row((*m, "years"), years, "Годы", "Год, к которому применяется методика, или несколько "
                                                        "через запятую: 2027, 2028")
        self.fields[(*m, "year")] = (years, error)

        def commit_years() -> None:
            if self.retired:
                return
            parts = [p.strip() for p in years.text().replace(";", ",").split(",") if p.strip()]
            if not parts or not all(p.isdigit() and 2000 <= int(p) <= 2100 for p in parts):
                error.say("Введите год (2027) или годы через запятую (2027, 2028). Ничего не изменено")
                return
            value = sorted({int(p) for p in parts})
            if value != (self.draft.get((*m, "years")) or [self.draft.get((*m, "year"))]):
                error.say("")
                self.editor.apply(f"Годы: {years.text()}", lambda: self.draft.set((*m, "years"), value))
        years.editingFinished.connect(commit_years)
        self.pending.append(commit_years)
        self.text((*m, "title"), "Название", lines=3)
        self.text((*m, "source"), "Источник", "Приказ или постановление, которым утверждена методика; "
                                              "печатается в отчёте", lines=2)
        self.line((*m, "evidence_title"), "Заголовок подтверждения", "Заголовок столбца «Подтверждение "
                                                                     "выполнения» в отчёте")
        self.outer.addStretch(1)


class TotalForm(Form):
    def __init__(self, editor: Editing) -> None:
        super().__init__(editor, "Итоговая оценка")
        t = ("total",)
        self.line((*t, "code"), "Обозначение в формулах", width=120)
        self.text((*t, "title"), "Название", lines=2)
        propose = QPushButton("Предложить по разделам")
        propose.setToolTip("Делитель и формула из максимумов разделов")
        propose.clicked.connect(self.propose)
        self.line((*t, "formula"), "Формула", "Так формула печатается в отчёте", extra=propose)
        self.number((*t, "divisor"), "Делитель", "На что делится сумма оценок разделов")
        self.number((*t, "max"), "Максимальное значение")
        self.outer.addStretch(1)

    def propose(self) -> None:
        divisor, formula = self.draft.proposed_total()

        def change() -> None:
            self.draft.set(("total", "divisor"), divisor)
            self.draft.set(("total", "formula"), formula)
        self.editor.apply("Делитель итога по разделам", change, rebuild=True)


class SectionForm(Form):
    def __init__(self, editor: Editing, section: int) -> None:
        s = ("section", section)
        super().__init__(editor, f"Раздел {editor.draft.get((*s, 'number'), '')}")
        self.section = section
        self.line((*s, "number"), "Номер", width=120)
        self.line((*s, "code"), "Обозначение в формулах", width=120)
        self.line((*s, "short_title"), "Короткое название", "Для карточки раздела на экране")
        self.text((*s, "title"), "Название", lines=2)
        propose = QPushButton("Предложить по пунктам")
        propose.setToolTip("Делитель и формула из максимумов пунктов раздела")
        propose.clicked.connect(self.propose)
        self.line((*s, "formula"), "Формула", "Так формула печатается в отчёте", extra=propose)
        self.number((*s, "divisor"), "Делитель", "Сумма оценок пунктов делится на него. Обычно это число пунктов, "
                                                 "но может отличаться")
        self.number((*s, "max"), "Максимальное значение")
        count = editor.draft.count((*s, "item"))
        self.outer.addWidget(hint_label(f"Пунктов в разделе: {count}. Пункты добавляются, удаляются и "
                                        "переставляются кнопками под списком слева."))
        self.outer.addStretch(1)

    def propose(self) -> None:
        divisor, formula = self.draft.proposed_divisor(self.section)
        s = ("section", self.section)

        def change() -> None:
            self.draft.set((*s, "divisor"), divisor)
            self.draft.set((*s, "formula"), formula)
        self.editor.apply(f"Делитель раздела {self.draft.get((*s, 'number'), '')} по пунктам", change, rebuild=True)


class ItemForm(Form):
    def __init__(self, editor: Editing, section: int, item: int) -> None:
        p = ("section", section, "item", item)
        self.path = p
        super().__init__(editor, f"Пункт {editor.draft.get((*p, 'number'), '')}")
        number = QHBoxLayout()
        self.line((*p, "number"), "Номер", width=120)
        self.line((*p, "code"), "Обозначение в формулах", width=120)
        del number
        self.text((*p, "content"), "Содержание мероприятия", lines=3)
        self.text((*p, "executors"), "Исполнители", lines=2)
        self.line((*p, "deadline"), "Срок")
        self.text((*p, "results"), "Ожидаемые результаты", lines=2)
        self.line((*p, "formula"), "Формула", "Так формула печатается в отчёте, например «P26 = A / 3 × 100»")
        rule_name = str(self.draft.get((*p, "rule"), ""))
        choices = tuple((name, rule.title[:1].upper() + rule.title[1:]) for name, rule in RULES.items())
        if rule_name not in RULES:
            choices = (("", "— выберите правило —"), *choices)
        self.choice((*p, "rule"), "Правило расчёта", choices, change=self.set_rule)
        rule = RULES.get(rule_name)
        for name in rule.params if rule is not None else ():
            param = PARAMS.get(name)
            if param is None:
                continue
            if param.kind == "number":
                self.number((*p, name), param.label, param.hint)
            elif param.kind == "flag":
                self.check((*p, name), param.label, param.hint)
            elif param.kind == "pairs":
                self.pairs((*p, name), param)
        self.number((*p, "max"), "Максимальное значение", "Выше него оценка в раздел не идёт")
        if rule is not None and rule.name == "flags":
            self.check((*p, "derive"), "при наличии центров обслуживания — среднее по центрам",
                       "Так считается пункт 1.2: каждый центр оценивается отдельно")
        self.check((*p, "events"), "район перечисляет проведённые мероприятия (дата, место, тема)", rebuild=True)
        if self.draft.get((*p, "events")):
            self.line((*p, "events_prompt"), "Подсказка к мероприятиям")
        self.line((*p, "evidence_prompt"), "Подсказка к подтверждению", "Необязательно")
        self.inputs(rule_name)
        self.outer.addStretch(1)

    def set_rule(self, name: str) -> None:
        self.editor.apply(f"Правило расчёта пункта {self.draft.get((*self.path, 'number'), '')}",
                          lambda: self.draft.set_rule(self.path, name), rebuild=True)

    # -- the rule's pairs ----------------------------------------------------------------------------------------
    def pairs(self, path: Path_, param: Any) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        fields = self.draft.get((*self.path, "input"), [])
        keys = [(str(f.get("key", "")), f"{f.get('key', '')} — {f.get('label', '')}"[:70]) for f in fields]
        pairs = [list(pair) for pair in self.draft.get(path, []) or []]
        for n, pair in enumerate(pairs):
            row = QHBoxLayout()
            for side in (0, 1):
                combo = QComboBox()
                combo.setAccessibleName(f"Доля {n + 1}: {'числитель' if side == 0 else 'знаменатель'}")
                for key, text in keys:
                    combo.addItem(text, key)
                found = combo.findData(pair[side] if side < len(pair) else "")
                if found < 0:  # a field that is not among the item's: said as such, never shown as another one
                    combo.insertItem(0, "— выберите поле —", "")
                    found = 0
                combo.setCurrentIndex(found)
                combo.activated.connect(lambda i, c=combo, n=n, side=side: self._set_pair(path, pairs, n, side,
                                                                                           c.itemData(i)))
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(18)
                row.addWidget(combo, 1)
                if side == 0:
                    row.addWidget(QLabel("/"))
            row.addWidget(_button("✕", f"Удалить долю {n + 1}", lambda n=n: self._drop_pair(path, pairs, n)))
            box.addLayout(row)
        add = QPushButton("Добавить долю")
        add.clicked.connect(lambda: self._add_pair(path, pairs, keys))
        add.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        box.addWidget(add)
        self._row(path, holder, param.label, param.hint)

    def _set_pair(self, path: Path_, pairs: list[list[str]], n: int, side: int, key: str) -> None:
        new = [list(p) for p in pairs]
        new[n][side] = key
        self.editor.apply("Доля пункта", lambda: self.draft.set(path, new), rebuild=True)

    def _drop_pair(self, path: Path_, pairs: list[list[str]], n: int) -> None:
        new = [list(p) for i, p in enumerate(pairs) if i != n]
        self.editor.apply("Удалена доля", lambda: self.draft.set(path, new), rebuild=True)

    def _add_pair(self, path: Path_, pairs: list[list[str]], keys: list[tuple[str, str]]) -> None:
        first = keys[0][0] if keys else ""
        last = keys[-1][0] if keys else ""
        self.editor.apply("Добавлена доля", lambda: self.draft.set(path, [*pairs, [first, last]]), rebuild=True)

    # -- the inputs ----------------------------------------------------------------------------------------------
    def inputs(self, rule_name: str) -> None:
        rule = RULES.get(rule_name)
        fields = self.draft.get((*self.path, "input"), []) or []
        heading = QLabel("Исходные данные пункта")
        heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.outer.addWidget(heading)
        kind = rule.input_kind if rule is not None else ""
        self.outer.addWidget(hint_label(f"Вид всех полей задаётся правилом расчёта: {KIND_WORDS.get(kind, '—')}."))
        self.fields[(*self.path, "input")] = (heading, self._errors_after(heading))
        for n, field in enumerate(fields):
            self.outer.addWidget(self.input_box(n, field, len(fields)))
        add = QPushButton("Добавить поле")
        add.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        add.clicked.connect(self.add_input)
        if rule is not None and rule.name == "target" and fields:  # A against the target: one field
            add.setEnabled(False)
            add.setToolTip("При правиле «целевое значение» у пункта одно поле")
        self.outer.addWidget(add)

    def _errors_after(self, _widget: QWidget) -> ErrorLabel:
        error = ErrorLabel()
        self.outer.addWidget(error)
        return error

    def input_box(self, n: int, field: dict, count: int) -> QGroupBox:
        f = (*self.path, "input", n)
        group = QGroupBox(f"Поле {n + 1}")
        outer = QVBoxLayout(group)
        tools = QHBoxLayout()
        tools.addStretch(1)
        tools.addWidget(_button("↑", f"Поле {n + 1} выше", lambda: self.move_input(n, -1)))
        tools.addWidget(_button("↓", f"Поле {n + 1} ниже", lambda: self.move_input(n, 1)))
        remove = _button("Удалить поле", f"Удалить поле {n + 1}", lambda: self.remove_input(n))
        remove.setEnabled(count > 1)
        tools.addWidget(remove)
        outer.addLayout(tools)
        form = self.new_form()
        outer.addLayout(form)
        self.line((*f, "key"), "Обозначение в формуле", "Буква из формулы: A, B, n", form=form, width=120)
        self.line((*f, "label"), "Название поля", "Так поле называется на экране и в отчёте", form=form)
        self.line((*f, "short"), "Короткое название", "Необязательно: для узкого столбца", form=form)
        self.text((*f, "hint"), "Пояснение", "Необязательно: текст под полем", lines=2, form=form)
        self.check((*f, "carry_over"), "копировать в следующий квартал («Заполнить из прошлого квартала»)",
                   form=form, default=True)
        kind = field.get("kind", "")
        if kind == "count":
            box = QCheckBox("предлагать регистрации квартала из плана регистраций в ЕСИА")
            box.setChecked(field.get("suggest") == "esia_quarter")
            self._row((*f, "suggest"), box, "Подсказка из плана ЕСИА", form=form)
            box.toggled.connect(lambda on: self.editor.apply(
                "Подсказка из плана ЕСИА", lambda: self.draft.set((*f, "suggest"), "esia_quarter" if on else None)))
        elif kind == "flag":
            self.choice((*f, "from_center"), "Из карточки центра", FROM_CENTER,
                        "Требование, которое уже отмечено в карточке центра обслуживания", form=form)
        elif kind == "level":
            self.options(f, field, form)
        return group

    def options(self, f: Path_, field: dict, form: QFormLayout) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        options = [dict(o) for o in field.get("options", []) or []]
        for n, option in enumerate(options):
            row = QHBoxLayout()
            value = QLineEdit(_number_text(option.get("value")))
            value.setMaximumWidth(80)
            value.setAccessibleName(f"Вариант {n + 1}: значение")
            value.setToolTip("Значение варианта: 0, 0,5, 1…")
            text = QLineEdit(str(option.get("text", "")))
            text.setCursorPosition(0)  # a long option shows its beginning
            text.setAccessibleName(f"Вариант {n + 1}: текст")
            value.editingFinished.connect(lambda n=n, w=value: self._set_option(f, options, n, "value", w.text()))
            text.editingFinished.connect(lambda n=n, w=text: self._set_option(f, options, n, "text", w.text()))
            self.pending.append(lambda n=n, w=value: self._set_option(f, options, n, "value", w.text()))
            self.pending.append(lambda n=n, w=text: self._set_option(f, options, n, "text", w.text()))
            row.addWidget(value)
            row.addWidget(text, 1)
            up = _button("↑", f"Вариант {n + 1} выше", lambda n=n: self._set_options(
                f, [*options[:n - 1], options[n], options[n - 1], *options[n + 1:]], f"Вариант {n + 1} выше"))
            up.setEnabled(n > 0)
            row.addWidget(up)
            row.addWidget(_button("✕", f"Удалить вариант {n + 1}", lambda n=n: self._set_options(
                f, [o for i, o in enumerate(options) if i != n], "Удалён вариант")))
            box.addLayout(row)
        add = QPushButton("Добавить вариант")
        add.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        add.clicked.connect(lambda: self._set_options(f, [*options, {"value": _free_value(options), "text": ""}],
                                                      "Добавлен вариант"))
        box.addWidget(add)
        self.errors_line = self._row((*f, "options"), holder, "Варианты", "Значение и текст каждого варианта",
                                     form=form)

    def _set_option(self, f: Path_, options: list[dict], n: int, key: str, text: str) -> None:
        if self.retired:
            return
        if n >= len(options):
            return
        if key == "value":
            try:
                value = parse_number(text, "0,5")
            except InputRefused as exc:
                self.fields[(*f, "options")][1].say(f"{exc}. Ничего не изменено")
                return
            if value is None or value == options[n].get("value"):
                return
            new_value: Any = value
        else:
            if text == options[n].get("text"):
                return
            new_value = text
        new = [dict(o) for o in options]
        new[n][key] = new_value
        options[n][key] = new_value
        self._set_options(f, new, f"Вариант {n + 1}", rebuild=False)

    def _set_options(self, f: Path_, options: list[dict], what: str, rebuild: bool = True) -> None:
        self.editor.apply(what, lambda: self.draft.set((*f, "options"), options), rebuild)

    def add_input(self) -> None:
        rule = RULES.get(str(self.draft.get((*self.path, "rule"), "")))
        kind = rule.input_kind if rule is not None else "count"
        key = self.draft.new_key(self.path)
        values: dict[str, Any] = {"key": key, "kind": kind, "label": ""}
        if kind == "level":
            values["options"] = [{"value": 0, "text": "нет"}, {"value": 1, "text": "да"}]
        at = self.draft.count((*self.path, "input"))
        self.editor.apply("Добавлено поле", lambda: self.draft.insert((*self.path, "input"), at, values),
                          rebuild=True)

    def remove_input(self, n: int) -> None:
        """The field goes, and with it the shares that use it (a share of a field that is not there means nothing)."""
        key = self.draft.get((*self.path, "input", n, "key"), "")
        pairs = self.draft.get((*self.path, "pairs"))

        def change() -> None:
            self.draft.remove((*self.path, "input", n))
            if isinstance(pairs, list):
                self.draft.set((*self.path, "pairs"), [p for p in pairs if key not in p])
        self.editor.apply(f"Удалено поле {n + 1}", change, rebuild=True)

    def move_input(self, n: int, delta: int) -> None:
        self.editor.apply(f"Поле {n + 1} перемещено", lambda: self.draft.move((*self.path, "input", n), delta),
                          rebuild=True)
