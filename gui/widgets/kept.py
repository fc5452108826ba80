"""A tab behind another tab keeps the height it needs at a width: the window's layout asks every tab, shown or not,
on every change of size of what is on screen (a keystroke's new score is one), and a tab of wrapped lines and
grids measured them all again each time (0,3–0,6 ms a tab). Behind another tab nothing of it changes — the tabs
show an edit when they come to the front — so the answer is kept until the tab is shown or hidden again, or the
font or the style changes."""

from __future__ import annotations

from typing import Any


class HeightKept:
    """Mixed into a QWidget subclass before it: `class Tab(HeightKept, QWidget)`."""

    _heights: dict[int, int]

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        heights = self.__dict__.setdefault("_heights", {})
        if self.isVisible():  # type: ignore[attr-defined]
            heights.clear()
            return super().heightForWidth(width)  # type: ignore[misc]
        height = heights.get(width)
        if height is None:
            height = heights[width] = super().heightForWidth(width)  # type: ignore[misc]
        return height

    def forget_heights(self) -> None:
        """What the tab shows changed while it was hidden: measured again when next asked."""
        self.__dict__.setdefault("_heights", {}).clear()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.forget_heights()
        super().showEvent(event)  # type: ignore[misc]

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.forget_heights()
        super().hideEvent(event)  # type: ignore[misc]

    def changeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.forget_heights()  # a larger font, another style: everything measures again
        super().changeEvent(event)  # type: ignore[misc]
