"""Qt table models over the model's data (tested without widgets)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
# the roles the grids' models answer; a view asks each cell for others too (its decoration, size hint, …) at each paint
ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.FontRole,
                      Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
                      Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
                      Qt.ItemDataRole.CheckStateRole})


def replace_rows(model: QAbstractTableModel, same_rows: bool, put: Callable[[], None]) -> None:
    """Put new data into a grid's model: with the same rows, announce changed data — a reset would tear down a cell
    editor that is open; with other rows, reset."""
    if not same_rows:
        model.beginResetModel()
        put()
        model.endResetModel()
        return
    put()
    if model.rowCount():
        model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))


class FixedColumnsModel(QAbstractTableModel):
    """A flat grid whose columns are a fixed tuple of titles (`columns`): Qt's column count and header from it."""

    columns: tuple[str, ...] = ()
    known_texts: dict[int, tuple[str, ...]] = {}  # a column's every possible text: its width is set for them all

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def place(self, row: int, column: int) -> str:
        """Where a pasted cell landed, as the clerk sees the grid: its row and its column's heading."""
        return f"строка {row + 1}, столбец «{self.columns[column]}»"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None
