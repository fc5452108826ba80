"""Pictures of the indicators tab, drawn with QPainter: one indicator across periods, and all at a glance."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.models.indicators import STATUS_COLOUR, STATUS_MARK
from gui.style import ACCENT, MUTED
from gui.widgets.chart_text import draw_title
from model.areas import indicators as ind
from model.areas.indicators import Indicator, Value
from model.base.ru import format_number, percent_text


class IndicatorChart(QWidget):
    """Plan (outlined bar) and fact (filled bar) of one indicator in each period it has values for."""

    def __init__(self) -> None:
        super().__init__()
        self.indicator: Indicator | None = None
        self.title = ""
        self.points: list[tuple[str, Value]] = []
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("График: план и факт выбранного показателя по периодам")

    def show_history(self, indicator: Indicator | None, history: list[tuple[int, int, Value]],
                     title: str = "") -> None:
        """Plan and fact by period; `title` in place of «Показатель N: план и факт»."""
        self.indicator = indicator
        self.title = title
        self.points = [(ind.period_label(y, q), v) for y, q, v in history][-8:]
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if self.indicator is None:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Выберите показатель в таблице")
            return
        title = self.title or f"Показатель {self.indicator.number}: план и факт, {self.indicator.unit}".replace("  ",
                                                                                                             " ")
        line = draw_title(p, self, title)
        numbers = [x for _, v in self.points for x in (v.plan, v.fact) if x is not None]
        if not numbers:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Значений пока нет")
            return
        top = max(max(numbers), 0) * 1.15 or 1.0
        bottom = min(min(numbers), 0)
        left, right, upper = 16.0, self.width() - 16.0, line * 2.6 + 8  # the title, then the top bar's number
        lower = self.height() - line * 2.4 - 8  # below: the periods, then the legend

        def y(value: float) -> float:
            return lower - (lower - upper) * (value - bottom) / (top - bottom)

        p.setPen(QPen(QColor("#9aa4b2"), 1))
        p.drawLine(QPointF(left, y(0)), QPointF(right, y(0)))
        slot = (right - left) / len(self.points)
        bar = min(slot / 3, 46)
        d = self.indicator.decimals
        for n, (label, value) in enumerate(self.points):
            centre = left + slot * (n + 0.5)
            for offset, number, filled in ((-bar / 2 - 2, value.plan, False), (bar / 2 + 2, value.fact, True)):
                if number is None:
                    continue
                rect = QRectF(centre + offset - bar / 2, min(y(number), y(0)), bar, abs(y(number) - y(0)) or 1)
                p.setPen(QPen(QColor(ACCENT), 1.5))
                p.setBrush(QBrush(QColor(ACCENT)) if filled else Qt.BrushStyle.NoBrush)
                p.drawRect(rect)
                p.setPen(QColor("black"))
                p.drawText(QRectF(rect.center().x() - slot / 2, rect.top() - line - 1, slot, line),
                           Qt.AlignmentFlag.AlignCenter, format_number(number, d))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(centre - slot / 2, lower + 4, slot, line), Qt.AlignmentFlag.AlignCenter, label)
        legend = QRectF(left, self.height() - line - 4, line * 0.9, line * 0.7)
        for text, brush in (("план", Qt.BrushStyle.NoBrush), ("факт", QBrush(QColor(ACCENT)))):
            p.setPen(QPen(QColor(ACCENT), 1.5))
            p.setBrush(brush)
            swatch = legend.translated(0, line * 0.15)
            p.drawRect(swatch)
            p.setPen(QColor("black"))
            p.drawText(QRectF(swatch.right() + 6, legend.top(), line * 5, line), Qt.AlignmentFlag.AlignVCenter, text)
            legend.translate(swatch.width() + 6 + p.fontMetrics().horizontalAdvance(text) + line, 0)


class AchievementOverview(QWidget):
    """Every indicator's achievement in the chosen period: a bar to 100 % and beyond, colour and words."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Indicator, ind.Achievement]] = []
        self.period = ""
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Обзор достижения всех показателей")

    def show_rows(self, period: str, rows: list[tuple[Indicator, ind.Achievement]]) -> None:
        self.period, self.rows = period, rows
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        line = draw_title(p, self, f"Достижение показателей, {self.period}")
        if not self.rows:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Показателей пока нет")
            return
        texts = [self._words(result) for _, result in self.rows]
        column = max(p.fontMetrics().horizontalAdvance(t) for t in texts) + 12  # the words right of the bars
        left = p.fontMetrics().horizontalAdvance("000") + 12.0
        right, upper = max(self.width() - column, left + 60), line * 1.5 + 10
        row_h = min(line * 1.6, (self.height() - upper - line - 10) / len(self.rows))  # the last line: «100 %»
        scale_max = 150.0
        if row_h < line:  # many indicators on a short pane: the rows' words get smaller, not piled up
            small = QFont(self.font())
            small.setPointSizeF(max(self.font().pointSizeF() * row_h / line, 6.0))
            p.setFont(small)

        def x(percent: float) -> float:
            return left + (right - left) * min(percent, scale_max) / scale_max

        for n, (indicator, result) in enumerate(self.rows):
            top = upper + n * row_h
            p.setPen(QColor("black"))
            p.drawText(QRectF(4, top, left - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       indicator.number or str(n + 1))
            colour = QColor(STATUS_COLOUR[result.status])
            if result.percent is not None:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawRect(QRectF(left, top + row_h * 0.2, max(x(result.percent) - left, 1), row_h * 0.6))
            p.setPen(colour)
            p.drawText(QRectF(right + 8, top, column, row_h), Qt.AlignmentFlag.AlignVCenter, texts[n])
        p.setPen(QPen(QColor("black"), 1, Qt.PenStyle.DashLine))
        bottom = upper + len(self.rows) * row_h
        p.drawLine(QPointF(x(100), upper - 2), QPointF(x(100), bottom))
        p.drawText(QRectF(x(100) - line * 2, bottom + 2, line * 4, line), Qt.AlignmentFlag.AlignCenter, "100 %")

    @staticmethod
    def _words(result: ind.Achievement) -> str:
        words = STATUS_MARK[result.status]
        return words if result.percent is None else f"{words}, {percent_text(result.percent)}"

