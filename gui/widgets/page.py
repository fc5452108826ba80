"""The parts a tab's page over a grid is built of (with fields.summary_label over them): the row of its buttons, the
grid and the red line under it that says what the grid's model refused; and the tab that holds such pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker
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
    to the page of its area, reload reads every page again from the database. A page given as a function is built
    when it first comes to the front (or is asked for, `page`): a tab's first opening builds the page it shows."""

    owns: tuple[str, ...] = ()

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        editor.need(*getattr(type(self), "shows", ()))  # the areas its pages show, read before they are built
        self._editor = editor
        self._pages: list[tuple[QWidget, tuple[str, ...]]] = []
        self._makers: dict[int, Callable[[], QWidget]] = {}  # a page not built yet: its place → how it is built
        self._stale: set[QWidget] = set()  # pages a change came to while they were not on screen
        editor.changed.connect(self._changed)
        self.currentChanged.connect(self._front)

    def add_page(self, page: QWidget | Callable[[], QWidget], title: str, shows: tuple[str, ...]) -> None:
        """The next page (in the order of `owns`), or the function that builds it, and the areas whose changes it
        shows."""
        if not isinstance(page, QWidget):
            self._makers[len(self._pages)] = page
            page = QWidget()  # its place until it is built
        self._pages.append((page, shows))
        self.addTab(page, title)

    def page(self, index: int) -> QWidget:
        """The page at `index`, built now if it was not yet (it reads the quarter as it is now)."""
        make = self._makers.get(index)
        if make is not None:
            place, shows = self._pages[index]
            built = make()  # a fault here changes nothing: the place stays, to be built when shown again
            del self._makers[index]
            self._pages[index] = (built, shows)
            current, title = self.currentIndex(), self.tabText(index)
            with QSignalBlocker(self):
                self.removeTab(index)
                self.insertTab(index, built, title)
                self.setCurrentIndex(current)
            place.deleteLater()
            self.forget_heights()
        return self._pages[index][0]

    def _front(self, index: int) -> None:
        if index in self._makers:
            self.page(index)
        self._catch_up()

    def _built(self) -> list[tuple[QWidget, tuple[str, ...]]]:
        return [entry for index, entry in enumerate(self._pages) if index not in self._makers]

    def _changed(self, change: Change) -> None:
        window_shown = self.window().isVisible()  # no window on screen (a tab on its own): every page at once
        for page, areas in self._built():
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
        self.setCurrentIndex(self.owns.index(change.area) if change.area in self.owns else len(self._pages) - 1)

    def reload(self) -> None:
        """Every page's area read again from the database (a page not built yet will show it when it is)."""
        for index, (page, _) in enumerate(self._pages):
            if index in self._makers:
                self._editor.reread(self.owns[index])
            else:
                page.reload()  # type: ignore[attr-defined]
