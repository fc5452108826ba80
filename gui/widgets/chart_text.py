"""Text on the charts drawn with QPainter: sized by the font, which the user may set larger."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QWidget


def draw_title(p: QPainter, widget: QWidget, *titles: str) -> float:
    """A chart's bold title on its first line: the first of the titles that fits, else the last cut with «…».
    Returns the font's line height, which every other distance of the chart follows."""
    bold = QFont(widget.font())
    bold.setBold(True)
    p.setFont(bold)
    room = widget.width() - 20
    title = next((t for t in titles if p.fontMetrics().horizontalAdvance(t) <= room), titles[-1])
    p.drawText(QRectF(10, 4, room, p.fontMetrics().height() + 2), Qt.AlignmentFlag.AlignLeft,
               p.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room))
    p.setFont(widget.font())
    return float(widget.fontMetrics().height())
