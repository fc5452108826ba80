"""A table view that works like a spreadsheet: Enter moves down, Delete clears, Ctrl+V pastes a block; a refused
cell keeps what was typed, with the reason shown at the cell; columns keep their widths while one types and never cut
a value (gui.widgets.columns)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
    QWidget,
)

from gui.paste import split_block
from gui.widgets.columns import ColumnFit

_NUMBER_TEXT = re.compile(r"[-+\d\s,.]+")


def _same(typed: str, shown: str) -> bool:
    """Whether the typed text is what the cell shows: a number typed without the spaces between its thousands («1250»
    in a cell showing «1 250»), or with a full stop for the comma, is the same number."""
    typed, shown = typed.strip(), shown.strip()
    if typed == shown:
        return True
    if not (_NUMBER_TEXT.fullmatch(typed) and _NUMBER_TEXT.fullmatch(shown)):
        return False  # a text: every space counts («ул. Ленина 1» is not «ул.Ленина1»)
    return "".join(typed.split()).replace(".", ",") == "".join(shown.split()).replace(".", ",")


class _KeepTyped(QStyledItemDelegate):
    """Commits typed text; when the model refuses it, the grid opens the cell again with that text."""

    def __init__(self, view: GridView) -> None:
        super().__init__(view)
        self.view = view
        self.pending: dict[QPersistentModelIndex, str] = {}

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 (Qt's name)
        typed = self.pending.pop(QPersistentModelIndex(index), None)
        if typed is not None and isinstance(editor, QLineEdit):
            editor.setText(typed)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802 (Qt's name)
        if not isinstance(editor, QLineEdit):
            super().setModelData(editor, model, index)
            return
        shown = index.data(Qt.ItemDataRole.EditRole)
        shown = index.data(Qt.ItemDataRole.DisplayRole) if shown is None else shown
        if _same(editor.text(), str(shown if shown is not None else "")):
            if self.view.saying():  # a refused text put back to what is stored: its message goes
                self.view.withdraw()
            return  # the cell left as it was (Enter on it, or the same number typed): nothing to store or undo
        if not model.setData(index, editor.text(), Qt.ItemDataRole.EditRole):
            self.view.refused_at(index, editor.text())
        elif self.view.saying():  # an accepted edit clears what was said before (Editor.do_or_say's rule)
            self.view.withdraw()


class GridView(QTableView):
    """Keys of a spreadsheet over any model that offers `paste(index, rows)` and `clear(indexes)`; a model with a
    `refused` signal has its message shown at the refused cell."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setAlternatingRowColors(True)
        self._delegate = _KeepTyped(self)
        self.setItemDelegate(self._delegate)
        self._message = ""
        self._refused: QPersistentModelIndex | None = None
        self._fit: ColumnFit | None = None
        self._style_extra: int | None = None  # pixels the style adds to a row's laid-out text (see sizeHintForRow)

    def setModel(self, model) -> None:  # noqa: N802 (Qt's name)
        super().setModel(model)
        if hasattr(model, "refused"):
            model.refused.connect(self._said)

    def _said(self, message: str) -> None:
        self._message = message

    @property
    def sized(self) -> bool:
        """Whether the columns were fitted to rows already (after that they only grow where a value needs it)."""
        return self._fit is not None and self._fit.sized

    def fit_columns(self, stretch: Iterable[int] = (), most: Mapping[int, int] | None = None) -> None:
        """Keep the columns wide enough for what they show, from now on (see ColumnFit): `stretch` columns take
        up the room left, `most` caps a column's first width. Call once, after setModel."""
        if self._fit is None:
            self._fit = ColumnFit(self, stretch, most)

    def sizeHintForRow(self, row: int) -> int:  # noqa: N802 (Qt's name)
        """Where rows grow to their wrapped texts, a row's height from its cells' texts and fonts (ColumnFit), the
        height Qt's own sizing gives; with a cell being edited, Qt's (the editor may be taller). What the style adds
        to a cell's laid-out text (Windows' own style 2 pixels, Fusion none) is taken once from Qt's own sizing."""
        fit = self._fit
        if fit is None or self.state() == QAbstractItemView.State.EditingState or not fit.wraps():
            return super().sizeHintForRow(row)
        ours = fit.row_height(row)
        if self._style_extra is None:
            self._style_extra = min(max(super().sizeHintForRow(row) - ours, 0), 8)
        return ours + self._style_extra

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._style_extra = None
        super().changeEvent(event)

    def refused_at(self, index: QModelIndex, typed: str) -> None:
        """The model did not take the text: the cell opens again with it (see closeEditor)."""
        self._refused = QPersistentModelIndex(index)
        self._delegate.pending[self._refused] = typed

    def _reopen(self, persistent: QPersistentModelIndex) -> None:
        """Open a refused cell again with what was typed, and say why beside it."""
        if not persistent.isValid():
            return
        cell = self.model().index(persistent.row(), persistent.column())
        self.setCurrentIndex(cell)
        self.edit(cell)
        where = self.viewport().mapToGlobal(self.visualRect(cell).bottomLeft())
        QToolTip.showText(where, self._message or "Значение не принято", self)

    def paste_clipboard(self) -> None:
        """Paste the clipboard's block at the cursor (with no cursor — an empty list — the model says where)."""
        self.model().paste(self.currentIndex(), split_block(QGuiApplication.clipboard().text()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        model = self.model()
        if event.matches(QKeySequence.StandardKey.Paste) and hasattr(model, "paste"):
            self.paste_clipboard()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and hasattr(model, "clear") \
                and self.state() != QAbstractItemView.State.EditingState:
            model.clear(self.selectedIndexes() or [self.currentIndex()])
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self._move_down()
            return
        if event.key() == Qt.Key.Key_Escape and not editing and self._message:
            self.withdraw()  # the message of a refused paste read and put away
            return
        super().keyPressEvent(event)

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 (Qt's name)
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab go to the next cell one can type in, as in a protected sheet: the grids' computed and
        read-only columns (an indicator's achievement, the region's plan) are passed over."""
        move = QAbstractItemView.CursorAction
        if action in (move.MoveNext, move.MovePrevious):
            found = self._editable_after(self.currentIndex(), 1 if action == move.MoveNext else -1)
            if found is not None:
                return found
        return super().moveCursor(action, modifiers)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        """Tab past the last cell one can type in (Shift+Tab before the first) leaves the grid for the next control,
        as from any other field: it went round to the first cell, and the keyboard could not leave the grid."""
        if self.tabKeyNavigation() and self._at_end(next):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def _at_end(self, forward: bool) -> bool:
        """Whether the current cell is the last one to type in (the first, going back)."""
        found = self._editable_after(self.currentIndex(), 1 if forward else -1)
        if found is None:
            return False
        header, current = self.horizontalHeader(), self.currentIndex()
        here = (current.row(), header.visualIndex(current.column()))
        there = (found.row(), header.visualIndex(found.column()))
        return there <= here if forward else there >= here  # the next one is round again at the start (the end)

    def _editable_after(self, current: QModelIndex, step: int) -> QModelIndex | None:
        """The next cell in reading order (`step` −1: the one before) that can be edited, round from the end to the
        start; None when no cell can be."""
        model, header = self.model(), self.horizontalHeader()
        if model is None or not current.isValid():
            return None
        rows, columns = model.rowCount(), model.columnCount()
        shown = [header.logicalIndex(v) for v in range(columns) if not self.isColumnHidden(header.logicalIndex(v))]
        if not shown or current.column() not in shown:
            return None
        place = current.row() * len(shown) + shown.index(current.column())
        for k in range(1, rows * len(shown) + 1):
            row, at = divmod((place + step * k) % (rows * len(shown)), len(shown))
            index = model.index(row, shown[at])
            if not self.isRowHidden(row) and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return index
        return None

    def saying(self) -> bool:
        """Whether a refusal's message is out (under the grid, and «Не всё сохранено» in the status bar)."""
        return bool(self._message)

    def withdraw(self) -> None:
        """The refused text was let go (Esc): its cell shows what is stored, so the message under the grid — and the
        status bar's «Не всё сохранено» — go with it."""
        self._message = ""
        self.model().refused.emit("")

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt's name)
        # Enter after typing commits and moves one row down, as in a spreadsheet — unless the value was refused.
        refused, self._refused = self._refused, None
        hints = QAbstractItemDelegate.EndEditHint
        leaving = refused is None and hint in (hints.EditNextItem, hints.EditPreviousItem) \
            and self._at_end(hint == hints.EditNextItem)
        super().closeEditor(editor, hints.NoHint if leaving else hint)
        if leaving:  # Tab out of the last cell: on to the next control, not round to the first cell
            QWidget.focusNextPrevChild(self, hint == hints.EditNextItem)
        if refused is not None:
            self._reopen(refused)
        elif hint == QAbstractItemDelegate.EndEditHint.RevertModelCache and self._message:
            self.withdraw()
        elif hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move_down()

    def _move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        below = self.model().index(current.row() + 1, current.column(), QModelIndex())
        if below.isValid():
            self.setCurrentIndex(below)
