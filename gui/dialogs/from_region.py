"""«Файл → Загрузить файл из региона…»: what the region's package or answers would change, old value → new, before
anything is stored (model/exchange/from_region.py preview); and the question a change of a value the region set
asks: why (model/errors.py ReasonNeeded)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.style import ERROR, MUTED, restyle
from gui.widgets.dialog_parts import add_footer, list_table
from gui.widgets.fields import ErrorLabel
from gui.widgets.screen import fit_to_screen, free_area
from model.base.ru import clean_text, format_number
from model.errors import InputRefused
from model.exchange.from_region import Preview, PreviewLine

WHAT, OLD, NEW = range(3)


def _line_items(line: PreviewLine, muted: bool = False) -> list[QTableWidgetItem]:
    what = line.what + (f"\n({line.note})" if line.note else "")
    items = [QTableWidgetItem(what), QTableWidgetItem(line.old), QTableWidgetItem(line.new)]
    for item in items:
        item.setToolTip(line.told())
        if muted:
            item.setForeground(Qt.GlobalColor.darkGray)
    return items


class FromRegionDialog(QDialog):
    """The preview of a file from the region: its title, a table «Что | Было | Станет», the lines not applied with
    why; «Загрузить» (accept) and «Отмена», or, for a refused file, why and «Закрыть» only."""

    def __init__(self, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Файл из региона")
        box = QVBoxLayout(self)
        title = QLabel(preview.title)
        title.setWordWrap(True)
        restyle(title, "font-size: 11pt; font-weight: 600;")
        title.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(title)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.message)
        lines = [(line, False) for line in preview.lines] + [(line, True) for line in preview.skipped]
        self.table = list_table(["Что", "Было", "Станет"], len(lines), wrap=True)
        self.table.setAccessibleName("Что изменится")
        for row, (line, muted) in enumerate(lines):
            for col, item in enumerate(_line_items(line, muted)):
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        # «Что» and «Было» as wide as their texts (up to 320 and 200 px), «Станет» takes the rest: a remark of the
        # region's answer wrapped into ten lines of a 150-px column beside a «Что» of 530 px
        for col, most in ((WHAT, 320), (OLD, 200)):
            texts = [self.table.item(r, col).text() for r in range(self.table.rowCount()) if self.table.item(r, col)]
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 16
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, max(90, min(most, widest)))
        header.setSectionResizeMode(NEW, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.table, 1)
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setStyleSheet(f"color: {MUTED};")
        box.addWidget(self.skipped_label)
        if preview.skipped:
            self.skipped_label.setText(f"Серым — не будет применено ({len(preview.skipped)}): причина указана в строке "
                                       "в скобках.")
        self.skipped_label.setVisible(bool(preview.skipped))
        applicable = preview.refusal is None and preview.nothing_to_do is None
        if preview.refusal:
            self.message.setText(preview.refusal)
            self.message.setStyleSheet(f"color: {ERROR}; font-weight: 600;")
        elif preview.nothing_to_do:
            self.message.setText(preview.nothing_to_do)
        else:
            changing = sum(1 for line in preview.lines if line.changes)
            self.message.setText(f"Будет изменено значений: {changing}. Проверьте и нажмите «Загрузить»: всё "
                                 "применяется сразу, одним действием, и записывается в журнал изменений.")
        self.message.setVisible(bool(self.message.text()))
        self.table.setVisible(bool(lines))
        if not lines:  # a refusal or nothing to do: the words together, the button under them
            box.addStretch(1)
        buttons = add_footer(box, self, self.accept if applicable else None, save_text="Загрузить")
        if applicable:
            load = buttons.button(QDialogButtonBox.StandardButton.Ok)
            load.setDefault(True)
            load.setAutoDefault(True)
            self.load_button = load
        room = free_area(self)
        self.setMinimumWidth(min(640, room[0]))
        fit_to_screen(self, 860, 560 if lines else 200)


class ReasonDialog(QDialog):
    """Why a value the region set is changed: the reason goes into the journal and the report for the region."""

    def __init__(self, targets: tuple[str, ...], parent: QWidget | None = None,
                 values: tuple[tuple[float | None, float | None], ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Значение задано регионом")
        box = QVBoxLayout(self)
        shown = "; ".join(targets[:3]) + (f" и ещё {len(targets) - 3}" if len(targets) > 3 else "")
        question = QLabel(f"Значение задано регионом: {shown}. Укажите причину изменения — она попадёт в журнал и в "
                          "отчёт для региона.")
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(question)
        self.values = QLabel(values_told(targets, values))  # «Было (задано регионом): 14 480 → станет: 15 000»
        self.values.setWordWrap(True)
        self.values.setTextFormat(Qt.TextFormat.PlainText)
        self.values.setStyleSheet("font-weight: 600;")
        self.values.setVisible(bool(values))
        box.addWidget(self.values)
        self.field = QLineEdit()
        self.field.setAccessibleName("Причина изменения")
        self.field.setPlaceholderText("Например: уточнена численность населения по данным Росстата")
        box.addWidget(self.field)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        buttons = add_footer(box, self, self._accept, save_text="Изменить")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.setMinimumWidth(min(520, free_area(self)[0]))
        self.reason = ""

    def _accept(self) -> None:
        try:
            text = clean_text(self.field.text(), "Причина изменения значения, заданного регионом")
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        if not text:
            self.error.say("Укажите причину: без неё значение, заданное регионом, не изменяется")
            return
        self.reason = text
        self.accept()


def values_told(targets: tuple[str, ...], values: tuple[tuple[float | None, float | None], ...]) -> str:
    """«Было (задано регионом): 14 480 → станет: 15 000» for each value (its name before it when there are
    several); the first three."""
    def told(value: float | None) -> str:
        return "не задано" if value is None else format_number(value, 6)

    lines = [f"Было (задано регионом): {told(old)} → станет: {told(new)}" for old, new in values[:3]]
    if len(values) > 1:
        lines = [f"{name}. {line}" for name, line in zip(targets, lines, strict=False)]
    return "\n".join(lines) + (f"\nи ещё {len(values) - 3}" if len(values) > 3 else "")


def ask_reason(parent: QWidget | None, targets: tuple[str, ...],
               values: tuple[tuple[float | None, float | None], ...] = ()) -> str | None:
    """The reason for changing values the region set, or None when the user cancelled; `values`: the region's and
    the new value of each (shown when given)."""
    dialog = ReasonDialog(targets, parent, values)
    return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None
