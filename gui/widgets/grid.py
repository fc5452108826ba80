"""A table view that works like a spreadsheet: Enter moves down, Delete clears, Ctrl+V pastes a block."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView

from model.paste import split_block


class GridView(QTableView):
    """Keys of a spreadsheet over any model that offers `paste(index, rows)` and `clear(indexes)`."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        model = self.model()
        if event.matches(QKeySequence.StandardKey.Paste) and hasattr(model, "paste"):
            model.paste(self.currentIndex(), split_block(QGuiApplication.clipboard().text()))
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and hasattr(model, "clear") \
                and self.state() != QAbstractItemView.State.EditingState:
            model.clear(self.selectedIndexes() or [self.currentIndex()])
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self._move_down()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt's name)
        # Enter after typing commits and moves one row down, as in a spreadsheet.
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move_down()

    def _move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        below = self.model().index(current.row() + 1, current.column(), QModelIndex())
        if below.isValid():
            self.setCurrentIndex(below)
