"""A summary table (model/region/tables.py) as a Qt table model: shown Russian-style, sorted by the raw values."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.base.ru import unbroken
from model.region.tables import Table

SORT_ROLE = Qt.ItemDataRole.UserRole
BREAK = "\u200b"  # a zero-width space: where a long file name may wrap on screen


def breakable(text: str) -> str:
    """A text as shown in a cell: a file name's parts («Муниципальный_район_…_план.xlsx», folders) may wrap; a
    number stays with its words as in any text on screen («… район» № 38» never leaves «38» alone on a line)."""
    return unbroken(text).replace("_", "_" + BREAK).replace("/", "/" + BREAK)


def words(text: str) -> list[str]:
    """The pieces a shown text cannot be broken inside (a no-break space joins its two sides)."""
    return [w for w in re.split(r"[^\S\u00a0]+", breakable(text).replace(BREAK, " ")) if w]
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class SummaryTableModel(QAbstractTableModel):
    """Read-only; an absent value sorts below every number, whichever way the column is sorted."""

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        mark = self.table.marks.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self.table.shown(index.row(), index.column())
            if mark is not None:
                shown = f"{shown} {mark[0]}"
            return breakable(shown) if column.kind == "text" else shown
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = self.table.shown(index.row(), index.column())
            return shown if mark is None else f"{shown} {mark[0]}\n{mark[1]}"
        if role == SORT_ROLE:
            if column.kind == "text":
                return str(value or "").casefold()
            return float(value) if isinstance(value, int | float) else -math.inf
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.ToolTipRole):
            return self.table.columns[section].title
        return None
