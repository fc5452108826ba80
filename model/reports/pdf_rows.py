"""A long ruled table of plain texts drawn straight on the canvas: the look of `pdf_table.table` (the same grid,
padding, header and text places) without reportlab's Table and a flowable per cell — a region's summary of 2 300
municipalities has ~130 000 cells, and reportlab spent ~80 µs laying out and drawing each.

The rows are measured once; a page takes the rows that fit under the header, which is drawn once into a form
(a PDF XObject) and shown on every page the table goes on to. A text that fits its column on one line is written as
PDF text at once (each text's encoding kept for the document); a longer one is laid out as the table's plain text
(`pdf_style.text`) would be — its paragraph's lines written the same way where they are plain lines, else drawn by
the paragraph. Where a row is taller than a table would ever part (two pieces of `MIN_PIECE`), the table is the
usual `pdf_table.table`: such rows are parted between lines at a page's end there. Text is never read as markup.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from weakref import WeakKeyDictionary

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable
from reportlab.rl_config import paraFontSizeHeightOffset

from model.reports.pdf_style import LINE, PlainText
from model.reports.pdf_table import MIN_PIECE, PADDING_X, PADDING_Y, Command, table

TOP_PADDING = 1.5  # base_commands' TOPPADDING: a text's first line starts this far under its row's top
Cell = tuple[int, int]  # (row, column)
_forms = itertools.count(1)
# per canvas (one document): each text's PDF operators, its font's subsets as they were given out in that document
_encoded: WeakKeyDictionary[object, dict[tuple[str, str], tuple[tuple[str, str], ...]]] = WeakKeyDictionary()


class _Whole:
    """The table once measured: its header, the rows' heights and where each row and column begins."""

    def __init__(self, header: list[PlainText], rows: list[list[str]], widths: list[float],
                 styles: list[ParagraphStyle], heights: list[float], drawn: dict[Cell, PlainText],
                 wrapped: dict[Cell, list[str]], measured: dict[tuple[str, float], dict[str, float]]) -> None:
        self.rows, self.widths, self.styles, self.heights = rows, widths, styles, heights
        self.drawn = drawn  # the texts their paragraph draws
        self.wrapped = wrapped  # the lines of a wrapped text, written as the one-line texts are
        self.measured = measured  # (font, size) → text → its width on one line
        self.header = table([header], widths, header_rows=1)
        self.header_height = self.header.wrap(sum(widths), 1e6)[1]
        self.tops = list(itertools.accumulate(heights, initial=0.0))  # tops[k]: row k's top under the header's foot
        self.lefts = list(itertools.accumulate(widths, initial=0.0))
        self.width = sum(widths)
        self.form = f"PlainRowsHead{next(_forms)}"
        self.forms_made: WeakKeyDictionary[object, bool] = WeakKeyDictionary()


def plain_table(header: list[PlainText], rows: list[list[str]], widths: list[float], styles: list[ParagraphStyle],
                extra: list[Command] | None = None) -> Flowable:
    """A ruled table of the texts in `rows` under the header row, a style for each column's texts (a right-aligned
    style right-aligns the column), the header repeated on every page; `extra`: `pdf_table.table`'s further commands,
    used where the rows are too tall to be drawn straight (see the module's note) — they must say what the styles
    say."""
    measured: dict[tuple[str, float], dict[str, float]] = {}
    heights: list[float] = []
    drawn: dict[Cell, PlainText] = {}
    wrapped: dict[Cell, list[str]] = {}
    for r, row in enumerate(rows):
        height = 0.0
        for n, (value, width, style) in enumerate(zip(row, widths, styles, strict=True)):
            room = width - PADDING_X
            if _one_line(value, style, room, measured.setdefault((style.fontName, style.fontSize), {})):
                height = max(height, style.leading)  # as PlainText lays itself out: a line of the style's leading
                continue
            cell = PlainText(value, style)
            height = max(height, cell.wrap(room, 1e6)[1])
            lines = _lines(cell)
            if lines is None:
                drawn[(r, n)] = cell
            else:
                wrapped[(r, n)] = lines
        heights.append(height + PADDING_Y)
    if any(h > 2 * MIN_PIECE for h in heights):  # rows a page's end may part between lines: reportlab's table
        cells = [[PlainText(value, style) for value, style in zip(row, styles, strict=True)] for row in rows]
        return table([header, *cells], widths, extra=extra)
    return PlainRows(_Whole(header, rows, widths, styles, heights, drawn, wrapped, measured))


def _one_line(value: str, style: ParagraphStyle, room: float, widths: dict[str, float]) -> bool:
    """Whether PlainText draws the text as it is on one line (`widths`: the texts measured before in the style's
    font and size)."""
    if "\n" in value or value != value.strip():
        return False
    width = widths.get(value)
    if width is None:
        width = widths[value] = stringWidth(value, style.fontName, style.fontSize)
    return width <= room


def _lines(cell: PlainText) -> list[str] | None:
    """The lines of a wrapped text as its paragraph draws them — left-aligned, each from the cell's left, the first
    baseline a font size under its top, a leading apart — or None where it draws otherwise (stretched spaces, a
    text of several fragments, another alignment): that one is drawn by its paragraph."""
    style, paragraph = cell.style, cell._paragraph
    lines = getattr(paragraph, "blPara", None)
    if cell._one_line or lines is None or lines.kind != 0 or style.alignment != TA_LEFT or \
            not paraFontSizeHeightOffset or style.firstLineIndent or style.leftIndent or \
            lines.fontName != style.fontName or lines.fontSize != style.fontSize or \
            any(extra < -1e-8 for extra, _ in lines.lines):
        return None
    return [" ".join(words) for _, words in lines.lines]


class PlainRows(Flowable):
    """Rows start to stop of a measured table under its header; split at a page's end between rows."""

    def __init__(self, whole: _Whole, start: int = 0, stop: int | None = None) -> None:
        super().__init__()
        self.whole, self.start, self.stop = whole, start, len(whole.rows) if stop is None else stop
        self.hAlign = "CENTER"  # as reportlab's Table
        self.width = whole.width
        self.height = whole.header_height + whole.tops[self.stop] - whole.tops[self.start]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        w = self.whole
        room = availHeight - w.header_height
        stop = bisect_right(w.tops, w.tops[self.start] + room + 1e-6, lo=self.start, hi=self.stop + 1) - 1
        if stop >= self.stop:
            return [self]
        if stop <= self.start:
            return []  # not one row fits: the table begins on the next page
        return [PlainRows(w, self.start, stop), PlainRows(w, stop, self.stop)]

    def rows(self) -> list[list[str]]:
        """The texts of the rows this part holds."""
        return self.whole.rows[self.start:self.stop]

    def draw(self) -> None:
        c, w = self.canv, self.whole
        if c not in w.forms_made:  # the header drawn once for the document, shown on each page
            c.beginForm(w.form, -10, -10, w.width + 10, w.header_height + 10)  # the lines' round ends inside it
            w.header.drawOn(c, 0, 0)
            c.endForm()
            w.forms_made[c] = True
        top = self.height - w.header_height  # the first row's top
        c.saveState()
        c.translate(0, top)
        c.doForm(w.form)
        c.restoreState()
        ys = [top - (w.tops[r] - w.tops[self.start]) for r in range(self.start, self.stop + 1)]
        c.saveState()
        self._texts(ys)
        for (r, n), cell in w.drawn.items():
            if self.start <= r < self.stop:
                width, height = cell.wrap(w.widths[n] - PADDING_X, 1e6)
                x = w.lefts[n] + PADDING_X / 2
                if cell.style.alignment == TA_RIGHT:
                    x = w.lefts[n + 1] - PADDING_X / 2 - width
                cell.drawOn(c, x, ys[r - self.start] - TOP_PADDING - height)
        c.setStrokeColor(LINE)
        c.setLineWidth(0.4)
        c.setLineCap(1)
        c.setLineJoin(1)
        c.lines([(0, y, w.width, y) for y in ys] + [(x, ys[-1], x, top) for x in w.lefts])
        c.restoreState()

    def _texts(self, ys: list[float]) -> None:
        """The texts of the rows (but those their paragraph draws) in PDF text objects, one a colour: at the places
        PlainText and its paragraph would write them."""
        c, w = self.canv, self.whole
        cache = _encoded.setdefault(c, {})
        doc = c._doc
        ops: list[str] = []
        colour = current = None

        def flush() -> None:
            if ops:
                c.addLiteral("\n".join(["BT", *ops, "ET"]))
                ops.clear()

        for k, r in enumerate(range(self.start, self.stop)):
            baseline = ys[k] - TOP_PADDING
            for n, (value, style) in enumerate(zip(w.rows[r], w.styles, strict=True)):
                if not value or (r, n) in w.drawn:
                    continue
                if style.textColor != colour:
                    flush()
                    c.setFillColor(style.textColor)
                    colour, current = style.textColor, None
                size = style.fontSize
                for line_number, line in enumerate(w.wrapped.get((r, n)) or (value,)):
                    parts = cache.get((style.fontName, line))
                    if parts is None:
                        font = getFont(style.fontName)
                        parts = cache[(style.fontName, line)] = tuple(
                            (font.getSubsetInternalName(subset, doc), c._escape(piece))
                            for subset, piece in font.splitString(line, doc))
                    x = w.lefts[n] + PADDING_X / 2
                    if style.alignment == TA_RIGHT:  # one-line texts only: measured
                        x = w.lefts[n + 1] - PADDING_X / 2 - w.measured[(style.fontName, size)][line]
                    ops.append(f"1 0 0 1 {fp_str(x, baseline - size - line_number * style.leading)} Tm")
                    for name, piece in parts:
                        font_op = f"{name} {fp_str(size)} Tf"
                        if font_op != current:
                            ops.append(font_op)
                            current = font_op
                        ops.append(f"({piece}) Tj")
        flush()
