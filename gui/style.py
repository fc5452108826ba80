"""Colours, the font size and small style helpers shared by the widgets."""

from __future__ import annotations

import re
from collections.abc import Sequence

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



_POINTS = re.compile(r"font-size:\s*([\d.]+)pt")


def _step() -> float:
    """How many points the user made the program's text larger (Вид → Крупнее) or smaller."""
    app = QApplication.instance()
    base = app.property("base_font_size") if app is not None else None
    return QApplication.font().pointSizeF() - float(base) if base is not None else 0.0


def sized(sheet: str) -> str:
    """The sheet with each «font-size: N pt» moved by the user's step: a title set at 12 pt grows with the rest of
    the text (it stayed 12 pt while the text around it grew)."""
    step = _step() if "font-size" in sheet else 0.0
    if not step:
        return sheet
    return _POINTS.sub(lambda m: f"font-size: {max(6.0, float(m[1]) + step):g}pt", sheet)


def restyle(widget: QWidget, sheet: str) -> None:
    """Give a widget a style sheet, unless it has it already: setting one, even the same, polishes the widget anew
    and lays its window out again — per keystroke, that was a good part of a frame. A sheet with a point size is
    kept as written (the widget's property «sheet») and applied moved by the user's font step (`sized`);
    `apply_font_size` applies it again when the step changes."""
    if "font-size" in sheet:
        if widget.property("sheet") != sheet:  # a property set sends an event: only when it changes
            widget.setProperty("sheet", sheet)
        sheet = sized(sheet)
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def retip(widget: QWidget, tip: str) -> None:
    """A widget's tooltip, set only when it changes (each setting is an event through the widget's parents)."""
    if widget.toolTip() != tip:
        widget.setToolTip(tip)


FONT_KEY = "view/font_size"
FONT_STEPS = (-1, 6)  # from one point smaller to six larger than the system's size


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


def apply_font_size(app: QApplication, settings: QSettings, step: int | None = None,
                    rebuilt: Sequence[QWidget] = ()) -> int:
    """The whole program's text size, in points above the system's (stored; poor eyesight, old monitors).
    `rebuilt`: widgets the caller makes anew in the new size — they and theirs are not polished again."""
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
        # a widget with a style sheet keeps the font it had when the sheet was applied (Qt sets it whole, and its
        # children's): each sheet applied anew, its point sizes moved, parents before their children
        for widget in sorted(app.allWidgets(), key=_depth):
            if any(old is widget or old.isAncestorOf(widget) for old in rebuilt):
                continue
            sheet = widget.property("sheet")
            sheet = sheet if isinstance(sheet, str) else widget.styleSheet()
            if sheet:
                widget.setStyleSheet("")
                widget.setStyleSheet(sized(sheet))
    if int(settings.value(FONT_KEY, 0) or 0) != step:
        settings.setValue(FONT_KEY, step)
    return step
