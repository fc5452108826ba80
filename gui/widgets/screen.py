"""Windows sized for the screen they open on: never larger than its free area, frame and title bar included."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = (16, 39)  # a window's frame on Windows 10/11 in logical pixels: 8 a side and below, the title bar 31


def free_area(widget: QWidget) -> tuple[int, int]:
    """The width and height a window's inside may take on the widget's screen (its parent's before it is shown)."""
    screen = widget.screen() if widget.isVisible() or widget.parentWidget() is None else widget.parentWidget().screen()
    area = (screen or QGuiApplication.primaryScreen()).availableGeometry()
    return area.width() - FRAME[0], area.height() - FRAME[1]


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize the window to width×height, or less where its screen's free area is smaller."""
    room = free_area(window)
    window.resize(min(width, room[0]), min(height, room[1]))
