"""The parts a tab's page over a grid is built of (with fields.summary_label over them): the row of its buttons, the
grid and the red line under it that says what the grid's model refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QHeaderView

from gui.widgets.fields import ErrorLabel
from gui.widgets.grid import GridView


def button_row(*buttons: QAbstractButton) -> QHBoxLayout:
    """The page's buttons in a row, from the left."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def page_grid(model: Any, name: str, stretch: Iterable[int], most: Mapping[int, int] | None = None,
              wrap: bool = False) -> tuple[GridView, ErrorLabel]:
    """The grid over a model with a `refused` signal, named for a screen reader, its columns fitted (`stretch` takes
    the room left, `most` caps a first width); and the error line for the page to put under it, where what the
    model refused is said. `wrap`: long texts wrap and the rows grow to them."""
    error = ErrorLabel()
    model.refused.connect(error.say)
    view = GridView()
    view.setModel(model)
    if wrap:
        view.setWordWrap(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAccessibleName(name)
    view.fit_columns(stretch=stretch, most=most)
    return view, error
