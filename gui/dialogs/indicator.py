"""Adds or edits an indicator of the register."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel
from model.areas import indicators as ind
from model.areas.indicators import Indicator
from model.base.ru import format_date, format_number, parse_date, parse_number
from model.errors import InputRefused


class IndicatorDialog(QDialog):
    """Returns the edited indicator through `indicator()` once the model's checks pass."""

    def __init__(self, indicator: Indicator | None = None, territory: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._original = indicator or Indicator(id=None, name="", territory=territory)
        i = self._original
        self.setWindowTitle("Показатель" if indicator else "Новый показатель")
        self.setMinimumWidth(720)
        box = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit(i.number)
        self.number.setMaximumWidth(120)
        self.name = QPlainTextEdit(i.name)
        self.name.setTabChangesFocus(True)
        self.name.setMaximumHeight(90)
        self.kind = QComboBox()
        self.kind.addItems(ind.KINDS)
        self.kind.setCurrentText(i.kind)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(ind.UNITS)
        self.unit.setCurrentText(i.unit)
        self.territory = QLineEdit(i.territory)
        self.base_value = QLineEdit(format_number(i.base_value, i.decimals) if i.base_value is not None else "")
        self.base_value.setPlaceholderText("нет")
        self.base_date = QLineEdit(format_date(i.base_date))
        self.base_date.setPlaceholderText("дд.мм.гггг")
        self.direction = QComboBox()
        for key, text in ind.DIRECTIONS.items():
            self.direction.addItem(text, key)
        self.direction.setCurrentIndex(list(ind.DIRECTIONS).index(i.direction))
        self.decimals = QSpinBox()
        self.decimals.setRange(0, 6)
        self.decimals.setValue(i.decimals)
        form.addRow("Номер:", self.number)
        form.addRow("Наименование *:", self.name)
        form.addRow("Тип:", self.kind)
        form.addRow("Единица измерения:", self.unit)
        form.addRow("Территория:", self.territory)
        form.addRow("Базовое значение:", self.base_value)
        form.addRow("Дата базового значения:", self.base_date)
        form.addRow("Направление:", self.direction)
        form.addRow("Знаков после запятой:", self.decimals)
        box.addLayout(form)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        add_footer(box, self, save=self._accept)
        self._result: Indicator | None = None

    def edited(self) -> Indicator:
        base_date = self.base_date.text().strip()
        return replace(self._original, number=self.number.text(), name=self.name.toPlainText(),
                       kind=self.kind.currentText(), unit=self.unit.currentText(), territory=self.territory.text(),
                       base_value=parse_number(self.base_value.text()),
                       base_date=parse_date(base_date) if base_date else None,
                       direction=self.direction.currentData(), decimals=self.decimals.value())

    def _accept(self) -> None:
        try:
            self._result = ind.check_indicator(self.edited())
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self.accept()

    def indicator(self) -> Indicator | None:
        return self._result
