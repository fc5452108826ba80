"""The region's summary as a PDF a minister can read: A4 landscape, the ranking and its chart, every table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from model import APP_NAME
from model.base.ru import format_percent
from model.region.consolidate import Summary
from model.region.tables import Table, all_tables, chart_labels, headline
from model.reports.pdf_rows import plain_table
from model.reports.pdf_style import BOLD, FONT, register_fonts, styles, text, write_document
from model.reports.pdf_table import PADDING_X

WIDTH = 273 * mm - 12  # A4 landscape less the margins and the frame's padding
CHART_ROWS = 45  # bars on one page; a larger region's chart continues on the next
CHART_HEIGHT = 470  # points of a page the bars may take, under the chart's heading
BLUE = colors.HexColor("#0b57d0")


HEAD, CELL = 8.0, 8.5  # the heading's and the cells' font sizes ("head", and the table's FONTSIZE below)
PAD = PADDING_X + 1  # a cell's padding, and a point to spare


def _longest_word(value: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in value.split()), default=0.0)


def column_widths(t: Table, shown: list[list[str]] | None = None) -> list[tuple[float, float]]:
    """Each column's least width — its heading's and its values' longest word: a heading wraps only between words —
    and the width it wants: every value on one line (a figure's heading in at most three lines). `shown`: the
    table's values as read (`Table.shown`) by row, when they are at hand."""
    if shown is None:
        shown = shown_rows(t)
    out = []
    for n, c in enumerate(t.columns):
        values = set(row[n] for row in shown)  # a width measured once for each value however often it is there
        word = min(max([0.0, *(_longest_word(v, FONT, CELL) for v in values)]), WIDTH / 3)  # longer: broken
        least = max(_longest_word(c.title, BOLD, HEAD), word) + PAD
        wants = max([0.0, *(stringWidth(v, FONT, CELL) for v in values)]) + PAD
        if c.kind != "text":
            wants = max(wants, stringWidth(c.title, BOLD, HEAD) / 3 + PAD)
        out.append((least, max(least, wants)))
    return out


def shown_rows(t: Table) -> list[list[str]]:
    """The table's values as a person reads them (`Table.shown`), row by row."""
    return [[t.shown(r, n) for n in range(len(t.columns))] for r in range(len(t.rows))]


def fit_widths(need: list[tuple[float, float]], texts: list[bool], width: float = WIDTH) -> list[float]:
    """Widths that add up to `width`: every column its least; what is left goes first to the columns that lack
    least (a date, «в срок» on one line), the long texts sharing the rest alike; what is over goes to the texts."""
    lacks = [wants - least for least, wants in need]
    spare = width - sum(least for least, _ in need)
    level, left = float("inf"), spare
    for k, lack in enumerate(sorted(lacks)):
        if lack * (len(lacks) - k) > left:
            level = left / (len(lacks) - k)
            break
        left -= lack
    widths = [least + min(lack, level) for (least, _), lack in zip(need, lacks, strict=True)]
    spare = width - sum(widths)
    if spare > 0:
        weights = [w if text_ else 0.0 for w, text_ in zip(widths, texts, strict=True)]
        if not sum(weights):
            weights = widths
        widths = [w + spare * k / sum(weights) for w, k in zip(widths, weights, strict=True)]
    return widths


NAME_ROOM = 170.0  # points the first column of texts (the names) keeps beside figures: a long name in two lines


def with_name_room(need: list[tuple[float, float]], t: Table) -> list[tuple[float, float]]:
    """The widths needed, with a table's first column — where it holds texts (the municipalities' names) — given
    NAME_ROOM at least (or what its longest text wants, if less): beside a dozen columns of figures at their least,
    a name took five lines and a page held eleven rows."""
    if not need or t.columns[0].kind != "text":
        return need
    least, wants = need[0]
    return [(max(least, min(wants, NAME_ROOM)), wants), *need[1:]]


def column_groups(need: list[tuple[float, float]], width: float = WIDTH) -> list[list[int]]:
    """The columns in groups that fit the page side by side: all of them, or the first (the municipality) with as
    many of the others as fit, group after group."""
    if sum(least for least, _ in need) <= width:
        return [list(range(len(need)))]
    groups: list[list[int]] = []
    for n in range(1, len(need)):
        if not groups or sum(need[k][0] for k in groups[-1]) + need[n][0] > width:
            groups.append([0])
        groups[-1].append(n)
    return groups


def _table(t: Table, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(40 * mm), text(t.title, st["h2"])]
    if not t.rows:
        return [*out, text(t.empty, st["text"])]
    shown = shown_rows(t)
    need = with_name_room(column_widths(t, shown), t)
    groups = column_groups(need)
    for g, group in enumerate(groups):
        columns = [t.columns[n] for n in group]
        widths = fit_widths([need[n] for n in group], [c.kind == "text" for c in columns])
        header = [text(c.title, st["head"]) for c in columns]
        rows = [[row[n] for n in group] for row in shown]
        cell_styles = [st["num"] if c.kind != "text" else st["cell"] for c in columns]
        numbers = [("ALIGN", (k, 1), (k, -1), "RIGHT") for k, c in enumerate(columns) if c.kind != "text"]
        if g:
            out += [CondPageBreak(40 * mm), text(f"{t.title} (продолжение)", st["h2"])]
        out.append(plain_table(header, rows, widths, cell_styles,
                               extra=[("FONTSIZE", (0, 1), (-1, -1), CELL), ("LEADING", (0, 1), (-1, -1), 10),
                                      *numbers]))
    if t.note:
        out += [Spacer(1, 2 * mm), text(t.note, st["note"])]
    return out


def _chart(summary: Summary, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    ranked = [d for d in summary.districts if d.scores.total is not None]
    out: list[Flowable] = []
    pages = -(-len(ranked) // CHART_ROWS)
    per_page = max(-(-len(ranked) // max(pages, 1)), 1)  # 50 places: 25 and 25, not 45 and 5; none ranked: no chart
    labels = chart_labels(summary, lambda label: stringWidth(label, FONT, LABEL_SIZE) <= LABELS)
    for start in range(0, len(ranked), per_page):
        part = ranked[start:start + per_page]
        title = f"Рейтинг по оценке {summary.methodology.total.code}, % (максимум 100)"
        if len(ranked) > CHART_ROWS:
            title += f", места {part[0].place}–{part[-1].place}"
        bars = RankingBars([(labels[d.key], d.scores.total or 0.0) for d in part], summary.mean,
                           f"Оценка {summary.methodology.total.code}, %")
        out += [KeepTogether([text(title, st["h2"]), bars]), PageBreak()]
    return out[:-1]


LABEL_SIZE = 8  # the chart's words and figures: the smallest size of the program's papers
LABELS = 110 * mm  # the widest a bar's label may be; the bars take the rest
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
        left = max(stringWidth(label, FONT, LABEL_SIZE) for label, _ in self.rows) + 3 if self.rows else 0
        bottom = 12 * mm
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
            c.setFont(FONT, LABEL_SIZE)
            c.drawRightString(left - 3, y + self.bar * 0.3, label)
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


def build_summary_story(summary: Summary, tables: list[Table] | None = None) -> list[Flowable]:
    """The summary's pages; `tables` as all_tables gives them, when the caller has them already."""
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
    tables = all_tables(summary) if tables is None else tables
    story += _table(tables[0], st)
    story += [PageBreak(), *_chart(summary, st)]
    for t in tables[1:]:
        story += _table(t, st)
    if summary.missing:
        story += [CondPageBreak(30 * mm), text("Не представили отчёт", st["h2"]), *_missing(summary, st)]
    return story


MISSING_PER_PARAGRAPH = 100  # a paragraph is laid out again, all of it, on every page it goes on to: kept short


def _missing(summary: Summary, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The municipalities that sent nothing, one after another, in paragraphs of a hundred (one for a region)."""
    names = [f"{m.name} ({m.oktmo})" if m.oktmo else m.name for m in summary.missing]
    parts = ["; ".join(names[k:k + MISSING_PER_PARAGRAPH]) for k in range(0, len(names), MISSING_PER_PARAGRAPH)]
    return [text(part + (";" if k < len(parts) - 1 else ""), st["text"]) for k, part in enumerate(parts)]


def write_summary_pdf(summary: Summary, target: Path | str, tables: list[Table] | None = None) -> Path:
    """Write the summary PDF, whole or not at all (`tables` as all_tables gives them, if the caller has them)."""
    footer = f"Свод за {summary.period.title()} · сформировано {summary.made_at:%d.%m.%Y %H:%M} · {APP_NAME}"
    return write_document(build_summary_story(summary, tables), target, f"Свод за {summary.period.title()}", APP_NAME,
                          footer)
