"""Under the centers' grid: the chosen center's checks of the requirements — when each was checked, a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit

from gui.widgets.fields import DateField, hint_label
from model.areas.centers import Center, CenterQuarter, Check
from model.base.period import Period
from model.errors import InputRefused
from model.methodology import InputField


class CheckDetail(QGroupBox):
    """One row a requirement: its label, the date it was checked, a note; `edited(key, check, new)` stores a change
    and gives back why it was refused (None when it is stored)."""

    def __init__(self, requirements: tuple[InputField, ...], edited: Callable[[str, Check, Check], str | None],
                 refused: Callable[[str], None], quarter: Callable[[], Period] | None = None) -> None:
        super().__init__("Проверка требований")
        self.requirements, self._edited, self._refused = requirements, edited, refused
        self._shown = CenterQuarter()
        self._loading = False
        self._wrong: dict[str, str] = {}  # requirement → why its typed date was refused, until it is put right
        self._center: int | None = None  # the center shown
        grid = QGridLayout(self)
        self.rows: list[tuple[QLabel, DateField, QLineEdit]] = []
        for row, field in enumerate(requirements):
            label = QLabel(f"{row + 1}) {field.heading.replace(chr(10), ' ')}")  # the grid's words, one line
            label.setToolTip(field.label)
            when = DateField(f"Дата проверки: {field.label}", quarter=quarter)
            note = QLineEdit()
            note.setPlaceholderText("примечание")
            when.edited.connect(lambda k=field.key: self._changed(k))
            note.editingFinished.connect(lambda k=field.key: self._changed(k))
            grid.addWidget(label, row, 0)
            grid.addWidget(when, row, 1)
            grid.addWidget(note, row, 2)
            self.rows.append((label, when, note))
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self.info = hint_label()
        grid.addWidget(self.info, len(requirements), 0, 1, 3)

    def show_center(self, center: Center | None, quarter: CenterQuarter) -> None:
        """Show a center's checks of the quarter: a check not dated yet shows an empty date."""
        self._loading = True
        self._shown = quarter
        same = center is not None and center.id == self._center
        self._center = center.id if center is not None else None
        if not same and self._wrong:  # another center: a date refused for the one before goes with its message
            self._wrong.clear()
            self._refused("")
        self.setEnabled(center is not None)
        self.setTitle(f"Проверка требований: {center.title()}" if center else "Проверка требований")
        for field, (_label, when, note) in zip(self.requirements, self.rows, strict=True):
            check = quarter.checks.get(field.key)
            when.setEnabled(check is not None)
            note.setEnabled(check is not None)
            if not (same and field.key in self._wrong):  # a refused date stays for correcting while the same
                when.set_value(check.checked_on if check else None)  # center's other checks are stored
            note.setText(check.note if check else "")
        if center is not None:
            staff = ", ".join(f"{m.name}{' (бейдж)' if m.has_badge else ''}" for m in center.staff) or "не указаны"
            schedule = center.schedule or "не указан"
            stop = "" if staff.endswith(".") else "."  # «Сидорова А. А. График», not «А. А.. График»
            self.info.setText(f"Сотрудники: {staff}{stop} График: {schedule}"
                              + (f" (на сайте: {center.schedule_link})" if center.schedule_published else ""))
        self._loading = False

    def _changed(self, key: str) -> None:
        check = self._shown.checks.get(key)
        if self._loading or check is None:
            return
        _label, when, note = self.rows[[f.key for f in self.requirements].index(key)]
        try:
            new = replace(check, checked_on=when.value(), note=note.text())
        except InputRefused as exc:
            self._wrong[key] = f"Дата проверки: {exc}"
            self._refused(self._wrong[key])
            return
        put_right = self._wrong.pop(key, None) is not None
        if new != check:
            refusal = self._edited(key, check, new)  # stored: what was said under the grid goes
            if refusal:  # a date the quarter's rules refuse (outside it, a sent quarter): framed and kept, as one
                self._wrong[key] = refusal  # that is not a date, its message said again until it is put right
                when.refuse()
                return
        if put_right or self._wrong:  # its message goes, even if the date is the one stored — and a date still
            # refused is said again (its red frame stayed with no message, and the status bar said «all saved»)
            self._refused(next(iter(self._wrong.values()), ""))
