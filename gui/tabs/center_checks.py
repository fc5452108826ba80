"""Under the centers' grid: the chosen center's checks of the requirements — when each was checked, a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QGridLayout, QGroupBox, QLabel, QLineEdit

from gui.widgets.fields import hint_label
from model.centers import Center, CenterQuarter, Check
from model.methodology import InputField


class CheckDetail(QGroupBox):
    """One row a requirement: its label, the date it was checked, a note; `edited(key, check)` stores a change."""

    def __init__(self, requirements: tuple[InputField, ...], edited: Callable[[str, Check, Check], None]) -> None:
        super().__init__("Проверка требований")
        self.requirements, self._edited = requirements, edited
        self._shown = CenterQuarter()
        self._loading = False
        grid = QGridLayout(self)
        self.rows: list[tuple[QLabel, QDateEdit, QLineEdit]] = []
        for row, field in enumerate(requirements):
            label = QLabel(f"{row + 1}) {field.label}")
            label.setWordWrap(True)
            when = QDateEdit()
            when.setDisplayFormat("dd.MM.yyyy")
            when.setCalendarPopup(True)
            when.setAccessibleName(f"Дата проверки: {field.label}")
            note = QLineEdit()
            note.setPlaceholderText("примечание")
            when.dateChanged.connect(lambda _d, k=field.key: self._changed(k))
            note.editingFinished.connect(lambda k=field.key: self._changed(k))
            grid.addWidget(label, row, 0)
            grid.addWidget(when, row, 1)
            grid.addWidget(note, row, 2)
            self.rows.append((label, when, note))
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self.info = hint_label()
        grid.addWidget(self.info, len(requirements), 0, 1, 3)

    def show_center(self, center: Center | None, quarter: CenterQuarter, default: date) -> None:
        """Show a center's checks of the quarter (`default`: the date offered for a check not dated yet)."""
        self._loading = True
        self._shown = quarter
        self.setEnabled(center is not None)
        self.setTitle(f"Проверка требований: {center.title()}" if center else "Проверка требований")
        for field, (_label, when, note) in zip(self.requirements, self.rows, strict=True):
            check = quarter.checks.get(field.key)
            when.setEnabled(check is not None)
            note.setEnabled(check is not None)
            d = check.checked_on if check and check.checked_on else default
            when.setDate(QDate(d.year, d.month, d.day))
            note.setText(check.note if check else "")
        if center is not None:
            staff = ", ".join(f"{m.name}{' (бейдж)' if m.has_badge else ''}" for m in center.staff) or "не указаны"
            schedule = center.schedule or "не указан"
            self.info.setText(f"Сотрудники: {staff}. График: {schedule}"
                              + (f" (на сайте: {center.schedule_link})" if center.schedule_published else ""))
        self._loading = False

    def _changed(self, key: str) -> None:
        check = self._shown.checks.get(key)
        if self._loading or check is None:
            return
        _label, when, note = self.rows[[f.key for f in self.requirements].index(key)]
        d = when.date()
        new = replace(check, checked_on=date(d.year(), d.month(), d.day()), note=note.text())
        if new != check:
            self._edited(key, check, new)
