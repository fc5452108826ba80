"""Colours, the font size and small style helpers shared by the widgets."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

OK = "#1b5e20"
WARN = "#8a4b00"
ERROR = "#b00020"
MUTED = "#5f6368"
ACCENT = "#0b57d0"
CARD_BG = "#f3f6fb"

REGION = "#0b3d91"  # «задано регионом»: a value the region set (its package), quiet beside the field
REGION_BG = "#e8f1fd"  # the same, as a cell's or a field's background
REGION_FIELD = f"QLineEdit {{ background: {REGION_BG}; }}"
ERROR_FIELD = "QLineEdit { border: 2px solid #b00020; background: #fff4f4; }"



def restyle(widget: QWidget, sheet: str) -> None:
    """Give a widget a style sheet, unless it has it already: setting one, even the same, polishes the widget anew
    and lays its window out again — per keystroke, that was a good part of a frame."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def retip(widget: QWidget, tip: str) -> None:
    """A widget's tooltip, set only when it changes (each setting is an event through the widget's parents)."""
    if widget.toolTip() != tip:
        widget.setToolTip(tip)


FONT_KEY = "view/font_size"
FONT_STEPS = (-1, 6)  # from one point smaller to six larger than the system's size


def apply_font_size(app: QApplication, settings: QSettings, step: int | None = None) -> int:
    """The whole program's text size, in points above the system's (stored; poor eyesight, old monitors)."""
    if step is None:
        step = int(settings.value(FONT_KEY, 0) or 0)
    step = max(FONT_STEPS[0], min(step, FONT_STEPS[1]))
    base = app.property("base_font_size")
    if base is None:
        base = app.font().pointSizeF()
        app.setProperty("base_font_size", base)
    font = app.font()
    if font.pointSizeF() != float(base) + step:  # the start, at the system's size: nothing to change
        font.setPointSizeF(float(base) + step)
        app.setFont(font)
    if int(settings.value(FONT_KEY, 0) or 0) != step:
        settings.setValue(FONT_KEY, step)
    return step
