"""The parts the program's dialogs share: a table the user reads and picks rows from, and the row of buttons
that ends a dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)


def list_table(headers: Sequence[str], rows: int = 0, wrap: bool = False) -> QTableWidget:
    """A table to read, not to edit: no row numbers, a click picks the whole row; `wrap`: a row grows to show its
    wrapped texts whole."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if wrap:
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def rows_follow_widths(view: QTableView) -> QTimer:
    """A table's rows measured again to their wrapped texts once its columns' widths have settled — after it is
    shown, after a drag (which resizes many times: measured once after). The timer is returned to be started by
    whoever else changes the widths. A table not shown yet is measured when it is first shown, not before: a
    region's summary builds eight tables of one to two thousand rows at once, and measured at once they took
    seconds (1,7 s at 410 municipalities) for tabs the reviewer may never open."""
    rows = QTimer(view)
    rows.setSingleShot(True)
    rows.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_: rows.start(0))
    if view.isVisible():
        view.resizeRowsToContents()
    else:  # once, with the widths the showing settles (a table's NameRoom widens its names then): one measure
        _WhenShown(view, lambda: rows.start(0))
    return rows


class _WhenShown(QObject):
    """Call `then` once, when the widget is first shown (before it is painted)."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self.then()
        return False


def add_footer(box: QBoxLayout, dialog: QDialog, save: Callable[[], None] | None = None,
               actions: Iterable[QPushButton] = (), save_text: str = "") -> QDialogButtonBox:
    """The dialog's last row: «Сохранить» (its own text: `save_text`) and «Отмена» when there is something to
    `save`, else «Закрыть»; `actions` stand beside them. Cancel, Close and Esc leave the dialog unchanged."""
    kind = QDialogButtonBox.StandardButton
    if save is None:
        buttons = QDialogButtonBox(kind.Close)
    else:
        buttons = QDialogButtonBox((kind.Ok if save_text else kind.Save) | kind.Cancel)
        if save_text:
            buttons.button(kind.Ok).setText(save_text)
        buttons.accepted.connect(save)
    for button in actions:
        buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.rejected.connect(dialog.reject)
    box.addWidget(buttons)
    return buttons
