"""Qt table model of the year's registrations by month, with each month's completion."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from gui.models import FixedColumnsModel
from gui.style import ERROR, OK
from model.areas import esia
from model.areas.esia import MONTHS, EsiaPlan
from model.base.ru import format_count, format_number, format_percent, not_pasted, not_saved, parse_count, percent_text
from model.base.words import counted, plural
from model.errors import InputRefused

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Месяц", "Регистраций", "План на месяц", "% за месяц", "С начала года", "% с начала года")


class EsiaMonthsModel(FixedColumnsModel):
    """Twelve months: registrations (editable) and what follows from them."""

    columns = COLUMNS

    refused = Signal(str)

    def __init__(self, store_months: Callable[[dict[int, int | None]], None]) -> None:
        super().__init__()
        self._store = store_months
        self.plan = EsiaPlan(2000)
        self.figures = esia.compute(self.plan)

    def reset(self, plan: EsiaPlan) -> None:
        # Same twelve rows: announce changed data, not a reset, which would tear down an open cell editor.
        self.plan, self.figures = plan, esia.compute(plan)
        self.dataChanged.emit(self.index(0, 0), self.index(11, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 12

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        month, col = index.row() + 1, index.column()
        f = self.figures
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col in (3, 5):
            value = f.month_pct[month] if col == 3 else f.to_date_pct[month]
            if value is not None:
                expected = 100.0 if col == 3 else month / 12 * 100
                return QBrush(QColor(OK if value >= expected else ERROR))
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and f.to_date_pct[month] is not None:
            return f"К концу месяца по плану: {percent_text(month / 12 * 100)}"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if col == 0:
            return MONTHS[month - 1].capitalize()
        if col == 1:
            value = self.plan.months.get(month)
            return "" if value is None else format_count(value)
        if col == 2:
            return "" if f.monthly_target is None else format_number(f.monthly_target, 2)
        if col == 3:
            return "" if f.month_pct[month] is None else format_percent(f.month_pct[month])
        if col == 4:
            return "" if f.to_date[month] is None else format_count(f.to_date[month])
        return "" if f.to_date_pct[month] is None else format_percent(f.to_date_pct[month])

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            self._store({index.row() + 1: parse_count(str(value))})
        except InputRefused as exc:
            self.refused.emit(not_saved(exc, MONTHS[index.row()].capitalize()))
            return False
        return True

    def paste(self, start: QModelIndex, rows: list[list[str]]) -> None:
        """Paste a column of registrations (a row of twelve cells is taken as well); all or nothing."""
        if not start.isValid() or not rows:
            return
        cells = [row[0] for row in rows] if all(len(r) == 1 for r in rows) else rows[0] if len(rows) == 1 else None
        if cells is None or start.column() != 1:
            self.refused.emit(not_pasted("вставляйте один столбец (или одну строку) чисел регистраций в столбец "
                                         "«Регистраций»"))
            return
        if start.row() + len(cells) > 12:
            n, fits = len(cells), 12 - start.row()
            self.refused.emit(not_pasted(f"{counted(n, 'число', 'числа', 'чисел')} не "
                                         f"{plural(n, 'помещается', 'помещаются', 'помещаются')} в "
                                         f"{counted(fits, 'месяц', 'месяца', 'месяцев')} до конца года, начиная с "
                                         f"месяца «{MONTHS[start.row()]}»"))
            return
        values: dict[int, int | None] = {}
        for offset, text in enumerate(cells):
            month = start.row() + 1 + offset
            try:
                values[month] = parse_count(text)
            except InputRefused as exc:
                self.refused.emit(not_pasted(f"{MONTHS[month - 1]} — {exc}"))
                return
        try:
            self._store(values)
        except InputRefused as exc:
            self.refused.emit(not_pasted(exc))

    def clear(self, indexes: list[QModelIndex]) -> None:
        months = {i.row() + 1: None for i in indexes if i.isValid() and i.column() == 1}
        if months:
            self._store(months)
