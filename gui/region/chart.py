"""The ranking as horizontal bars: the total of each municipality, best on top, the regional mean marked."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.style import ACCENT, ERROR, MUTED
from model.base.period import Period
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
        return QSize(900, len(self.rows) * ROW + 90)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(500, len(self.rows) * ROW + 90)

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
        bottom = top + len(self.rows) * ROW
        if self.mean is not None:  # under the bars and their figures, its words under the scale's numbers: it
            x = left + span * self.mean / 100  # crossed a figure and ran into the chart's title
            p.setPen(QPen(QColor(ERROR), 1.5, Qt.PenStyle.DashLine))
            p.drawLine(int(x), top, int(x), bottom + 24)
            label = f"среднее по региону {percent_text(self.mean)}"
            wide = p.fontMetrics().horizontalAdvance(label) + 4
            p.drawText(QRectF(label_left(x, wide, self.width()), bottom + 22, wide, 18), Qt.AlignmentFlag.AlignLeft,
                       label)
        for n, (key, value) in enumerate(self.rows):
            y = top + n * ROW
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(0, y, left - 8, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       labels[key])
            p.fillRect(QRectF(left, y + 4, span * min(value, 100) / 100, ROW - 8), QColor(ACCENT))
            p.drawText(QRectF(left + span * min(value, 100) / 100 + 4, y, 70, ROW),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_percent(value))
        p.end()


def quarter_label(period: Period) -> str:
    """«2 кв. 2018»: a quarter under its point of the chart (named as everywhere: «2 квартал 2018 года»)."""
    return f"{period.quarter} кв. {period.year}"


class SeriesChart(QWidget):
    """A municipality's P over the quarters the region merged: points joined where quarters follow each other with
    P, the figure above each point, «нет оценки» where it was not ranked; the scale 0–100 %."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.points: list[tuple[Period, float | None, int | None]] = []
        self.setMinimumSize(QSize(300, 130))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Диаграмма оценки по кварталам")

    def show_series(self, title: str, points: list[tuple[Period, float | None, int | None]]) -> None:
        """`title`: the municipality's name, a line break, what is shown."""
        self.title = title
        self.points = list(points)
        shown = "; ".join(f"{p.title()}: " + (f"{format_percent(v)} %, место {place}" if v is not None
                                               else "нет оценки") for p, v, place in self.points)
        self.setToolTip(self.title.replace("\n", ": ") + "\n" + shown)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(520, 260)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = p.fontMetrics()
        line = metrics.height()
        for n, text in enumerate(self.title.split("\n", 1)):  # the name on a line of its own, shortened to fit
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 8)
            p.drawText(QRectF(4, 2 + n * line, self.width() - 8, line), Qt.AlignmentFlag.AlignCenter, shown)
        if not self.points:
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, 0, self.width(), self.height()), Qt.AlignmentFlag.AlignCenter,
                       "Выберите муниципальное образование в таблице")
            p.end()
            return
        left = metrics.horizontalAdvance("100") + 12
        right = self.width() - 16
        top = 2 * line + 2 * line + 6  # the title in two lines, then room for a figure above a point at 100 %
        bottom = self.height() - 2 * line - 8  # the quarters' labels below
        height = max(bottom - top, 10)
        p.setPen(QPen(QColor("#c8ced8"), 1))
        every = 20 if height >= 10 * line else 50  # a low chart: fewer lines, their figures apart
        for tick in range(0, 101, every):
            y = bottom - height * tick / 100
            p.drawLine(int(left), int(y), int(right), int(y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight |
                       Qt.AlignmentFlag.AlignVCenter, str(tick))
            p.setPen(QPen(QColor("#c8ced8"), 1))
        n = len(self.points)
        step = (right - left) / n
        xs = [left + step * (i + 0.5) for i in range(n)]
        at = [(x, None if v is None else bottom - height * min(max(v, 0.0), 100.0) / 100)
              for x, (_, v, _) in zip(xs, self.points, strict=True)]
        p.setPen(QPen(QColor(ACCENT), 2))
        for (x0, y0), (x1, y1) in zip(at, at[1:], strict=False):
            if y0 is not None and y1 is not None:
                p.drawLine(QPointF(x0, y0), QPointF(x1, y1))
        for (x, spot), (period, value, place) in zip(at, self.points, strict=True):
            p.setPen(Qt.GlobalColor.black)
            label = quarter_label(period)
            p.drawText(QRectF(x - step / 2, bottom + 4, step, line), Qt.AlignmentFlag.AlignCenter,
                       metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(step)))
            if spot is None:
                p.setPen(QColor(MUTED))
                p.drawText(QRectF(x - step / 2, bottom - line - 2, step, line), Qt.AlignmentFlag.AlignCenter,
                           metrics.elidedText("нет оценки", Qt.TextElideMode.ElideRight, int(step)))
                continue
            p.setBrush(QColor(ACCENT))
            p.setPen(QPen(QColor(ACCENT), 1))
            p.drawEllipse(QPointF(x, spot), 4, 4)
            p.setPen(Qt.GlobalColor.black)
            figure = format_percent(value or 0.0) + ("" if place is None else f" · {place} место")
            p.drawText(QRectF(x - step / 2, spot - line - 6, step, line), Qt.AlignmentFlag.AlignCenter,
                       metrics.elidedText(figure, Qt.TextElideMode.ElideRight, int(step)))
        p.end()
