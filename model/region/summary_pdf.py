"""The region's summary as a PDF a minister can read: A4 landscape, the ranking and its chart, every table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from model import APP_NAME
from model.pdf_style import FONT, register_fonts, styles, text, write_document
from model.pdf_table import table
from model.region.consolidate import Summary
from model.region.tables import Table, all_tables, headline
from model.ru import format_percent

WIDTH = 273 * mm - 12  # A4 landscape less the margins and the frame's padding
CHART_ROWS = 45  # bars on one page; a larger region's chart continues on the next
CHART_HEIGHT = 470  # points of a page the bars may take, under the chart's heading
BLUE = colors.HexColor("#0b57d0")


def _table(t: Table, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    total = sum(c.width for c in t.columns)
    widths = [WIDTH * c.width / total for c in t.columns]
    rows: list[list] = [[text(c.title, st["head"]) for c in t.columns]]
    for r in range(len(t.rows)):
        cells: list = []
        for n, c in enumerate(t.columns):  # measured per cell: one line drawn as it is, a longer text wrapped
            cells.append(text(t.shown(r, n), st["num"] if c.kind != "text" else st["cell"]))
        rows.append(cells)
    out: list[Flowable] = [CondPageBreak(40 * mm), text(t.title, st["h2"])]
    if len(rows) == 1:
        return [*out, text(t.empty, st["text"])]
    numbers = [("ALIGN", (n, 1), (n, -1), "RIGHT") for n, c in enumerate(t.columns) if c.kind != "text"]
    out.append(table(rows, widths, extra=[("FONTSIZE", (0, 1), (-1, -1), 8.5), ("LEADING", (0, 1), (-1, -1), 10),
                                          *numbers]))
    if t.note:
        out += [Spacer(1, 2 * mm), text(t.note, st["note"])]
    return out


def _chart(summary: Summary, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    ranked = [d for d in summary.districts if d.scores.total is not None]
    out: list[Flowable] = []
    pages = -(-len(ranked) // CHART_ROWS)
    per_page = max(-(-len(ranked) // max(pages, 1)), 1)  # 50 places: 25 and 25, not 45 and 5; none ranked: no chart
    for start in range(0, len(ranked), per_page):
        part = ranked[start:start + per_page]
        title = f"Рейтинг по оценке {summary.methodology.total.code}, % (максимум 100)"
        if len(ranked) > CHART_ROWS:
            title += f", места {part[0].place}–{part[-1].place}"
        bars = RankingBars([(f"{d.place}. {d.name}"[:48], d.scores.total or 0.0) for d in part], summary.mean,
                           f"Оценка {summary.methodology.total.code}, %")
        out += [KeepTogether([text(title, st["h2"]), bars]), PageBreak()]
    return out[:-1]


class RankingBars(Flowable):
    """Horizontal bars of the total by place, the 0–100 axis in percent, and the regional mean marked."""

    def __init__(self, rows: list[tuple[str, float]], mean: float | None, axis_title: str) -> None:
        super().__init__()
        self.rows, self.mean, self.axis_title = rows, mean, axis_title
        self.bar = min(4.4 * mm, (CHART_HEIGHT - 20 * mm) / max(len(rows), 1))
        self.width, self.height = WIDTH, len(rows) * self.bar + 20 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        left, bottom = 80 * mm, 12 * mm
        span = self.width - left - 15 * mm
        top = bottom + len(self.rows) * self.bar
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.4)
        c.setFont(FONT, 8)
        for tick in range(0, 101, 10):
            x = left + span * tick / 100
            c.line(x, bottom - 2, x, top)
            c.setFillColor(colors.black)
            c.drawCentredString(x, bottom - 10, str(tick))
        for n, (label, value) in enumerate(self.rows):
            y = top - (n + 1) * self.bar
            c.setFillColor(BLUE)
            c.rect(left, y + self.bar * 0.15, span * max(0.0, min(value, 100.0)) / 100, self.bar * 0.7,
                   stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont(FONT, 8)
            c.drawRightString(left - 3, y + self.bar * 0.3, label)
            c.setFont(FONT, 7.5)
            c.drawString(left + span * min(value, 100.0) / 100 + 2, y + self.bar * 0.3, format_percent(value))
        if self.mean is not None:
            red = colors.HexColor("#c5221f")
            x = left + span * self.mean / 100
            c.setStrokeColor(red)
            c.setLineWidth(1)
            c.setDash(3, 2)
            c.line(x, bottom, x, top)
            c.setDash()
            c.setFillColor(red)
            c.setFont(FONT, 8)
            c.drawString(x + 2, top + 3, f"среднее по региону {format_percent(self.mean)} %")
        c.setFillColor(colors.black)
        c.setFont(FONT, 9)
        c.drawCentredString(left + span / 2, 1 * mm, self.axis_title)


def build_summary_story(summary: Summary) -> list[Flowable]:
    register_fonts()
    st = styles()
    m = summary.methodology
    story: list[Flowable] = [
        text("Свод отчётов муниципальных образований о реализации плана мероприятий по популяризации получения "
             "государственных и муниципальных услуг в электронной форме", st["title"]),
        text(summary.period.title(), st["subtitle"]),
        text(f"Методика: {m.title} (версия {m.version}). Оценки рассчитаны заново по исходным данным каждой книги. "
             f"Сформировано {summary.made_at:%d.%m.%Y %H:%M}, книг прочитано: {summary.files_read}.", st["note"]),
        Spacer(1, 3 * mm)]
    story += [text(line, st["text"]) for line in headline(summary)]
    story.append(Spacer(1, 2 * mm))
    tables = all_tables(summary)
    story += _table(tables[0], st)
    story += [PageBreak(), *_chart(summary, st)]
    for t in tables[1:]:
        story += _table(t, st)
    if summary.missing:
        story += [CondPageBreak(30 * mm), text("Не представили отчёт", st["h2"]),
                  text("; ".join(f"{m.name} ({m.oktmo})" if m.oktmo else m.name for m in summary.missing),
                       st["text"])]
    return story


def write_summary_pdf(summary: Summary, target: Path | str) -> Path:
    """Write the summary PDF, whole or not at all."""
    footer = f"Свод за {summary.period.title()} · сформировано {summary.made_at:%d.%m.%Y %H:%M} · {APP_NAME}"
    return write_document(build_summary_story(summary), target, f"Свод за {summary.period.title()}", APP_NAME,
                          footer)
