"""The parts a tab's page over a grid is built of (with fields.summary_label over them): the row of its buttons, the
grid and the red line under it that says what the grid's model refused; and the tab that holds such pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QHeaderView, QTabWidget, QWidget

from gui.editor import Editor
from gui.widgets.fields import ErrorLabel
from gui.widgets.grid import GridView
from gui.widgets.kept import HeightKept
from model.quarter.change import Change


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


class PagedTab(HeightKept, QTabWidget):
    """A tab of pages, each where one area of the quarter's data is edited (`owns`, in the pages' order; the window
    reads it from the class to find the tab of an area): a change shows again the pages that show its area — a page
    on screen at once, a page behind another page or another tab when it comes to the front —, an undo or a redo goes
    to the page of its area, reload reads every page again from the database."""

    owns: tuple[str, ...] = ()

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        editor.need(*getattr(type(self), "shows", ()))  # the areas its pages show, read before they are built
        self._pages: list[tuple[QWidget, tuple[str, ...]]] = []
        self._stale: set[QWidget] = set()  # pages a change came to while they were not on screen
        editor.changed.connect(self._changed)
        self.currentChanged.connect(lambda _index: self._catch_up())

    def add_page(self, page: QWidget, title: str, shows: tuple[str, ...]) -> None:
        """The next page (in the order of `owns`), and the areas whose changes it shows."""
        self._pages.append((page, shows))
        self.addTab(page, title)

    def _changed(self, change: Change) -> None:
        window_shown = self.window().isVisible()  # no window on screen (a tab on its own): every page at once
        for page, areas in self._pages:
            if change.area in areas:
                if page.isVisible() or not window_shown:
                    page.refresh()  # type: ignore[attr-defined]
                else:
                    self._stale.add(page)

    def _catch_up(self) -> None:
        """The page in front shows what changed while it was not on screen."""
        page = self.currentWidget()
        if page in self._stale:
            self._stale.discard(page)
            self.forget_heights()
            page.refresh()  # type: ignore[attr-defined]

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._catch_up()
        super().showEvent(event)

    def reveal(self, change: Change) -> None:
        pages = [page for page, _ in self._pages]
        self.setCurrentWidget(pages[self.owns.index(change.area)] if change.area in self.owns else pages[-1])

    def reload(self) -> None:
        for page, _ in self._pages:
            page.reload()  # type: ignore[attr-defined]
