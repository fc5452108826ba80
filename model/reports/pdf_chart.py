"""Bar charts of the printed report: bars with their unit on the axis, a title, the target as a labelled line."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from model.base.ru import format_number
from model.reports.pdf_style import BOLD, FONT

BLUE = colors.HexColor("#0b57d0")
RED = colors.HexColor("#c5221f")


def bar_chart(title: str, unit: str, names: list[str], values: list[float], target: float | None,
              target_label: str, width: float, height: float = 62 * mm, ceiling: float | None = None) -> Drawing:
    """Bars with their unit on the axis, a title, and the target drawn as a labelled line. Bars above `ceiling`
    reach the top edge and the title says so (one huge value would otherwise flatten every other bar)."""
    drawing = Drawing(width, height, initialFontName=FONT)
    chart = VerticalBarChart()
    clipped = ceiling is not None and any(v > ceiling for v in values)
    if clipped and ceiling is not None:
        values = [min(v, ceiling) for v in values]
        title += f"; выше {format_number(ceiling, 0)} {unit} — по верхнему краю"
    if any(v < 0 for v in values):  # the axis starts at 0: a bar below it would leave the chart
        values = [max(v, 0.0) for v in values]
        title += "; отрицательные — на нуле"
    top = max([*values, target or 0, 1]) * (1.0 if clipped else 1.15)
    left = min(max(16 * mm, stringWidth(format_number(top, 0), FONT, 8) + 4 * mm), width / 3)  # the widest label
    chart.x, chart.y, chart.width, chart.height = left, 10 * mm, width - left - 6 * mm, height - 22 * mm
    chart.data = [values]
    chart.categoryAxis.categoryNames = names
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = FONT, 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labelTextFormat = lambda v: format_number(v, 0)
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = BLUE
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    drawing.add(String(0, height - 8, title, fontName=BOLD, fontSize=9))
    drawing.add(String(chart.x - 2, chart.y + chart.height + 3, unit, fontName=FONT, fontSize=8, textAnchor="end"))
    if target is not None and target > 0:
        y = chart.y + chart.height * target / top
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=RED, strokeWidth=1.2,
                         strokeDashArray=[4, 2]))
        legend_y = chart.y + chart.height + 3  # above the bars, never over them
        right = chart.x + chart.width
        drawing.add(String(right, legend_y, target_label, fontName=FONT, fontSize=8, textAnchor="end", fillColor=RED))
        span = stringWidth(target_label, FONT, 8)
        drawing.add(Line(right - span - 16, legend_y + 3, right - span - 3, legend_y + 3, strokeColor=RED,
                         strokeWidth=1.2, strokeDashArray=[4, 2]))
    return drawing
