"""The ranking as horizontal bars: the total of each municipality, best on top, the regional mean marked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.style import ACCENT, ERROR
from model.base.ru import format_percent, percent_text
from model.region.consolidate import Summary
from model.region.tables import chart_labels

ROW = 22  # pixels a bar takes


def label_left(x: float, wide: float, width: float) -> float:
    """Where a label of the line at x begins: right of the line where it fits, else left of it — never cut."""
    return x + 4 if x + 4 + wide <= width else max(x - 4 - wide, 0.0)


class RankingChart(QWidget):
    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary
        self.rows = [(d.key, d.scores.total or 0.0) for d in summary.districts if d.scores.total is not None]
        self.mean = summary.mean
        self.title = f"Оценка {summary.methodology.total.code}, % — {summary.period.title()}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Диаграмма рейтинга")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(900, len(self.rows) * ROW + 70)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(500, len(self.rows) * ROW + 70)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = p.fontMetrics()
        room = self.width() // 2 - 16  # a label never cut: kinds of municipality shortened, then cut at a word
        labels = chart_labels(self.summary, lambda label: metrics.horizontalAdvance(label) <= room)
        left = max((metrics.horizontalAdvance(label) for label in labels.values()), default=100) + 16
        right = self.width() - 70
        top, span = 34, max(right - left, 10)
        p.drawText(QRectF(0, 4, self.width(), 22), Qt.AlignmentFlag.AlignCenter, self.title)
        p.setPen(QPen(QColor("#c8ced8"), 1))
        for tick in range(0, 101, 10):
            x = left + span * tick / 100
            p.drawLine(int(x), top, int(x), top + len(self.rows) * ROW)
            p.drawText(QRectF(x - 20, top + len(self.rows) * ROW + 2, 40, 18), Qt.AlignmentFlag.AlignCenter,
                       str(tick))
        for n, (key, value) in enumerate(self.rows):
            y = top + n * ROW
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(0, y, left - 8, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       labels[key])
            p.fillRect(QRectF(left, y + 4, span * min(value, 100) / 100, ROW - 8), QColor(ACCENT))
            p.drawText(QRectF(left + span * min(value, 100) / 100 + 4, y, 70, ROW),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_percent(value))
        if self.mean is not None:
            x = left + span * self.mean / 100
            p.setPen(QPen(QColor(ERROR), 1.5, Qt.PenStyle.DashLine))
            p.drawLine(int(x), top - 4, int(x), top + len(self.rows) * ROW)
            label = f"среднее по региону {percent_text(self.mean)}"
            wide = p.fontMetrics().horizontalAdvance(label) + 4
            p.drawText(QRectF(label_left(x, wide, self.width()), top - 20, wide, 16), Qt.AlignmentFlag.AlignLeft,
                       label)
        p.end()
