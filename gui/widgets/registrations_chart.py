"""Cumulative ESIA registrations month by month against the year's target line."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from gui.style import ACCENT, ERROR, MUTED
from gui.widgets.chart_text import draw_title
from model.areas.esia import MONTHS, EsiaFigures, EsiaPlan
from model.base.ru import (
    format_count,
    format_number,
)

Index = QModelIndex | QPersistentModelIndex


class RegistrationsChart(QWidget):
    """Registered in ESIA, cumulative by month, against the straight line from R0 to the year's target."""

    def __init__(self) -> None:
        super().__init__()
        self.plan = EsiaPlan(2000)
        self.figures: EsiaFigures | None = None
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("График: зарегистрированные нарастающим итогом и целевая линия")

    def show_plan(self, plan: EsiaPlan, figures: EsiaFigures) -> None:
        self.plan, self.figures = plan, figures
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        r0, target = self.plan.registered_start, self.plan.target_end
        line = draw_title(p, self, f"Зарегистрировано в ЕСИА нарастающим итогом, {self.plan.year} год",
                          f"Зарегистрировано в ЕСИА, {self.plan.year} год")
        if r0 is None or target is None or self.figures is None:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Введите число зарегистрированных на конец прошлого года\nи целевой показатель — "
                       "появится график")
            return
        actual = {k: r0 + v for k, v in self.figures.to_date.items() if v is not None}
        step = nice_step((max([target, r0, *actual.values()]) - min([r0, *actual.values()])) / 4)
        bottom = math.floor(min([r0, *actual.values()]) / step) * step
        top = math.ceil(max([target, r0, *actual.values()]) / step) * step
        ticks = int(round((top - bottom) / step))
        widest = max(self.fontMetrics().horizontalAdvance(format_count(round(v))) for v in (bottom, top))
        left, right, upper = widest + 14.0, self.width() - 16.0, line * 1.5 + 12
        lower = self.height() - line * 3.4 - 12  # below: the months, then two lines of legend

        def x(month: float) -> float:
            return left + (right - left) * month / 12

        def y(value: float) -> float:
            return lower - (lower - upper) * (value - bottom) / max(top - bottom, 1)

        p.setPen(QPen(QColor("#d0d7e2"), 1))
        for tick in range(ticks + 1):
            value = bottom + step * tick
            p.drawLine(QPointF(left, y(value)), QPointF(right, y(value)))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y(value) - line / 2, left - 6, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_count(round(value)))
            p.setPen(QPen(QColor("#d0d7e2"), 1))
        p.setPen(QColor(MUTED))
        for month in range(1, 13):
            slot = (right - left) / 12
            p.drawText(QRectF(x(month) - slot / 2, lower + 4, slot, line), Qt.AlignmentFlag.AlignCenter,
                       MONTHS[month - 1][:3])
        target_pen = QPen(QColor(ERROR), 2, Qt.PenStyle.DashLine)
        p.setPen(target_pen)
        p.drawLine(QPointF(x(0), y(r0)), QPointF(x(12), y(target)))
        if actual:
            path = QPainterPath(QPointF(x(0), y(r0)))
            for month in sorted(actual):
                path.lineTo(QPointF(x(month), y(actual[month])))
            p.setPen(QPen(QColor(ACCENT), 3))
            p.drawPath(path)
            p.setBrush(QColor(ACCENT))
            for month in sorted(actual):
                p.drawEllipse(QPointF(x(month), y(actual[month])), 3.5, 3.5)
        legend = ((QPen(QColor(ACCENT), 3), "зарегистрировано нарастающим итогом"),
                  (target_pen, f"целевая линия: от {format_count(r0)} к {format_number(target, 0)} на конец года"))
        for row, (pen, text) in enumerate(legend):
            legend_y = self.height() - line * 2.2 + line * 1.1 * row
            p.setPen(pen)
            p.drawLine(QPointF(left, legend_y), QPointF(left + 24, legend_y))
            p.setPen(QColor("black"))
            p.drawText(QRectF(left + 30, legend_y - line / 2, right - left - 30, line),
                       Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(right - left - 30)))


def nice_step(raw: float) -> float:
    """A round step for axis ticks (1, 2 or 5 times a power of ten) not smaller than raw."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power
