"""Qt table models over the model's data (tested without widgets)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel


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
