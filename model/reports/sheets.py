"""How the program's workbooks look: cells that stay text, bordered rows, sheets that print on A4."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfbase.pdfmetrics import stringWidth

from model.base.ru import format_count
from model.base.sheet_rows import PLAIN, plain_rows
from model.base.words import counted
from model.errors import CellTooLong
from model.reports.font_metrics import BOLD, FONT, register_fonts

# Russian number formats whatever the reader's locale: «14 480», «4,14» ([$-419] is Russian; LibreOffice then uses
# its separators, Excel those of the system — Russian on the workstations we serve)
PERCENT = "[$-419]#,##0.00"
COUNT = "[$-419]#,##0"
THIN = Side(style="thin", color="777777")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8ECF2")
SECTION_FILL = PatternFill("solid", fgColor="F4F6F9")
WRAP = Alignment(wrap_text=True, vertical="top")
BODY_FONT = Font(name="Calibri", size=10)  # with columns narrow enough to print at ≥ 85 %: about 9 pt on paper
BOLD_FONT = Font(name="Calibri", bold=True, size=10)


UNIT = 5.8  # points of 10-point text a unit of column width holds, in the narrowest reader (Excel's Calibri)
MAX_ROW = 409.0  # the tallest row Excel has, in points
EXCEL_CELL_LIMIT = 32_767  # characters in one cell; Excel cuts or refuses the file beyond it
_READ_AS_VALUE = ("=", "+", "-", "@", "\t", "\r", "\n", "#")  # formulas, DDE payloads, error values (#N/A)
_WORDS_READ_AS_VALUES = {"true", "false", "истина", "ложь"}
_MAY_BE_NUMBER = re.compile(r"\d|inf|nan", re.IGNORECASE)  # float() reads no text without a digit, inf or nan
# A workbook's text stores a character as _xHHHH_ (Excel writes a line end as _x000D_) and readers turn it into the
# character: the same letters typed by a user keep their underscore as _x005F_, the escape of «_» itself, as Excel does
_LOOKS_ESCAPED = re.compile(r"_(?=[xX][0-9A-Fa-f]{4}_)")


def _read_as_value(text: str) -> bool:
    """Whether Excel would take the text for a formula, an error, a truth value or a number when it is edited."""
    if text[:1] in _READ_AS_VALUE or text.strip().casefold() in _WORDS_READ_AS_VALUES:
        return True
    if not _MAY_BE_NUMBER.search(text):  # most texts: no exception raised and caught for each
        return False
    try:
        float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return True


def cell_text(ws: Worksheet, value: str) -> str:
    """A text as a cell stores it: control characters replaced (never a broken workbook), refused past Excel's
    length (never cut silently), letters a reader would take for an escaped character (_x0041_ for «A») kept."""
    text: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(text) > EXCEL_CELL_LIMIT:
        raise CellTooLong(f"Текст на листе «{ws.title}» ({counted(len(text), 'знак', 'знака', 'знаков')}) не "
                          f"помещается в ячейку Excel (до {format_count(EXCEL_CELL_LIMIT)} знаков): сократите "
                          "его — обрезать молча программа не будет")
    if "_x" in text or "_X" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return text


def _stored(ws: Worksheet, value: str) -> tuple[str, bool]:
    """A text as a cell stores it (see `cell_text`), and whether it takes the quote prefix (see `put`)."""
    text = cell_text(ws, value)
    return text, _read_as_value(text)


def put(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None) -> None:
    """Write one cell; text is always stored as text, never as a formula, an error value or a number."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value, quoted = _stored(ws, value)
        cell.data_type = "s"  # openpyxl would otherwise take a leading "=" for a formula
        if quoted:
            cell.quotePrefix = True  # and Excel will not re-read it as one when the cell is edited
    else:
        cell.value = value
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format


def wrapped(value: object, width: float, bold: bool = False) -> list[str]:
    """The lines a value wraps to in a column of that width (10-point text): words are packed into lines as a
    spreadsheet does — a word that does not fit moves to the next line, a word longer than a line breaks inside.
    Words are measured in DejaVu Sans scaled to Liberation Sans (×0,87: LibreOffice's stand-in where Calibri and its
    twin Carlito are missing, the widest of the three); a column holds 5,8 pt a unit of its width — Excel's Calibri
    gives the least of the readers (5,25 pt a unit for text 0,9 as wide as Liberation Sans)."""
    if value is None or isinstance(value, int | float):
        return [""]
    register_fonts()
    font = BOLD if bold else FONT
    room = max(width * UNIT - 3, 1.0)  # points inside a column `width` characters wide, less the cell's padding

    def size(text: str) -> float:
        return stringWidth(text, font, 10) * 0.87

    space = size(" ")
    lines: list[str] = []
    for part in str(value).split("\n"):
        line, used = "", 0.0
        for word in part.split():
            wide = size(word)
            if line and used + space + wide > room:
                lines.append(line)
                line, used = "", 0.0
            if wide > room:  # a word longer than the column breaks inside, as the reader breaks it
                if line:
                    lines.append(line)
                piece, run = "", 0.0
                for ch in word:
                    step = size(ch)
                    if piece and run + step > room:
                        lines.append(piece)
                        piece, run = "", 0.0
                    piece, run = piece + ch, run + step
                line, used = piece, run
                continue
            line, used = (f"{line} {word}", used + space + wide) if line else (word, wide)
        lines.append(line)
    return lines


def text_lines(value: object, width: float, bold: bool = False) -> int:
    """How many lines a value wraps to in a column of that width (see `wrapped`)."""
    return len(wrapped(value, width, bold))


def fit_height(ws: Worksheet, row: int, base: float = 15.0) -> None:
    """Set a row's height for its wrapped text: Excel and LibreOffice keep the stored height as is."""
    lines = max((text_lines(c.value, ws.column_dimensions[c.column_letter].width or 10, True) for c in ws[row]),
                default=1)
    ws.row_dimensions[row].height = min(base * lines, MAX_ROW)


def add_sheet(wb: Workbook, title: str, heading: str, columns: list[tuple[str, float]]) -> Worksheet:
    """A sheet for people: a title over every column, a header row that repeats on each printed page, A4
    landscape fitted to the page width."""
    ws = wb.create_sheet(title)
    put(ws, 1, 1, heading)
    ws.cell(row=1, column=1).font = Font(name="Calibri", bold=True, size=12)
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    for n, (name, width) in enumerate(columns, start=1):
        while any(text_lines(w, width, bold=True) > 1 for w in name.split()):  # a heading's words never break
            width += 0.5
        put(ws, 3, n, name)
        cell = ws.cell(row=3, column=n)
        cell.font = BOLD_FONT
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(n)].width = width
    total_chars = int(sum(width for _, width in columns) * 0.8)  # the title spans every column, in 12 points
    ws.row_dimensions[1].height = 18 * max(1, -(-len(heading) // max(total_chars, 1)))
    fit_height(ws, 3)
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def add_data_sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Worksheet:
    """A sheet for machines: a bold header row, then the rows as they are, every text kept text (see `put`); hidden
    (it neither distracts nor prints) and protected from accidental edits, with no password — it is not a secret.
    The rows are written straight as XML when the book is saved (model/base/sheet_rows.py: the cells openpyxl would
    write, at a fraction of the cost); a value of another kind than text, number or empty goes through openpyxl."""
    ws = wb.create_sheet(title)
    for n, name in enumerate(header, start=1):
        put(ws, 1, n, name)
        ws.cell(row=1, column=n).font = Font(bold=True)
    rows = rows if isinstance(rows, Sequence) else list(rows)
    if all(isinstance(value, PLAIN) for row in rows for value in row):
        known: dict[str, tuple[str, bool]] = {}  # most texts repeat (kinds, keys, numbers, the period): done once

        def stored(value: str) -> tuple[str, bool]:
            if value not in known:
                known[value] = _stored(ws, value)
            return known[value]

        plain_rows(ws, 2, rows, stored)  # texts cleaned and marked as they are written
    else:
        for r, cells in enumerate(rows, start=2):
            for n, value in enumerate(cells, start=1):
                put(ws, r, n, value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ws


def finish_sheet(ws: Worksheet, district: str, period: str, fit_height: bool = False,
                 orientation: str = "landscape", reach: tuple[int, int] = (0, 0)) -> None:
    """What a printed sheet needs once its rows are written: the print area over what is filled (charts
    included: reach is the last row and column a chart covers), the district and period in the header, «стр. N из M»
    in the footer; fit_height puts the whole sheet on one page."""
    ws.print_area = f"A1:{get_column_letter(max(ws.max_column, reach[1]))}{max(ws.max_row, reach[0])}"
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.oddHeader.left.text = _header_text(district)
    ws.oddHeader.left.size = 10
    ws.oddHeader.right.text = _header_text(period)
    ws.oddHeader.right.size = 10
    ws.oddFooter.right.text = "стр. &P из &N"
    ws.oddFooter.right.size = 10
    ws.oddFooter.left.text = _header_text(ws.title)
    ws.oddFooter.left.size = 10
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8  # the page header and footer (0,3\") clear of the table
    ws.page_margins.header = ws.page_margins.footer = 0.3


def _header_text(text: str) -> str:
    """User text in a page header: «&» starts a header code in Excel, so it is doubled; letters read as an escaped
    character keep their underscore escaped (see `cell_text`)."""
    return _LOOKS_ESCAPED.sub("_x005F_", ILLEGAL_CHARACTERS_RE.sub("", text).replace("&", "&&")[:200])


_templates: WeakKeyDictionary[Worksheet, dict[tuple, StyleArray]] = WeakKeyDictionary()


def _look(ws: Worksheet, key: tuple, fill: PatternFill | None) -> StyleArray:
    """The style of a body cell's look — (number format, fill, bold, quote prefix), see `_look_key` — made once a
    sheet on a cell of its own (assigning openpyxl's style objects one by one costs a hash of each, a third of a
    summary's build) and copied from there."""
    looks = _templates.setdefault(ws, {})
    if key not in looks:
        number_format, _, bold, quoted = key
        cell = Cell(ws)  # in no row: it only registers the look's parts in the workbook
        cell.border = BORDER
        cell.alignment = WRAP
        if fill is not None:
            cell.fill = fill
        cell.font = BOLD_FONT if bold else BODY_FONT
        if number_format:
            cell.number_format = number_format
        cell.quotePrefix = quoted  # keeps «=…» text from being a formula when it is edited (see `put`)
        looks[key] = copy(cell._style)
    return looks[key]


def _look_key(value: object, quoted: bool, number_format: str | None, fill: PatternFill | None, bold: bool) -> tuple:
    return number_format if isinstance(value, int | float) else None, id(fill), bold, quoted


def _row_parts(ws: Worksheet, values: list, bold: bool, line_height: float) -> list[tuple[list, float]]:
    """A bordered row's cells and height as written (see `add_row`): one row, or several where a text is taller
    than a row can be."""
    widths = [ws.column_dimensions[get_column_letter(n)].width or 10 for n in range(1, len(values) + 1)]
    lines = [wrapped(v, w, bold) for v, w in zip(values, widths, strict=True)]
    most = int(MAX_ROW // line_height)
    parts = max(1, *(-(-len(x) // most) for x in lines))
    if parts == 1:
        return [(values, min(line_height * max(len(x) for x in lines), MAX_ROW))]
    return [(["\n".join(x[k * most:(k + 1) * most]) if isinstance(v, str) else (v if k == 0 else None)
              for v, x in zip(values, lines, strict=True)],
             min(line_height * max(max(len(x[k * most:(k + 1) * most]) for x in lines), 1), MAX_ROW))
            for k in range(parts)]


def add_row(ws: Worksheet, row: int, values: list, formats: dict[int, str] | None = None,
            fill: PatternFill | None = None, bold: bool = False, line_height: float = 12.75) -> int:
    """One bordered row of wrapped cells, its height fitted to its text; a text taller than a row can be (409 pt in
    Excel) goes on in the rows below, the other cells empty there. Returns how many rows it took."""
    parts = _row_parts(ws, values, bold, line_height)
    for k, (cells, height) in enumerate(parts):
        for n, value in enumerate(cells, start=1):
            put(ws, row + k, n, value)
            cell = ws.cell(row=row + k, column=n)
            key = _look_key(cell.value, bool(cell.quotePrefix), (formats or {}).get(n), fill, bold)
            cell._style = copy(_look(ws, key, fill))
        ws.row_dimensions[row + k].height = height
    return len(parts)


class TableRows:
    """Rows as `add_row` writes them, from row `first` of the sheet on, kept as values, style numbers and heights and
    written straight as XML when the book is saved (model/base/sheet_rows.py): a table of thousands of rows builds
    no openpyxl cell. `close` hands them to the sheet; its own cells go above `first` or below `last`."""

    def __init__(self, ws: Worksheet, first: int) -> None:
        self.ws, self.first = ws, first
        self.rows: list[list[object]] = []
        self.styles: list[list[int]] = []
        self.heights: list[float | None] = []
        self._ids: dict[tuple, int] = {}

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    def add(self, values: list, formats: dict[int, str] | None = None, fill: PatternFill | None = None,
            bold: bool = False, line_height: float = 12.75) -> int:
        parts = _row_parts(self.ws, values, bold, line_height)
        for cells, height in parts:
            kept = [_stored(self.ws, v) if isinstance(v, str) else (v, False) for v in cells]  # (value, quoted)
            self.rows.append([v for v, _ in kept])
            self.styles.append([self._id(_look_key(v, quoted, (formats or {}).get(n), fill, bold), fill)
                                for n, (v, quoted) in enumerate(kept, start=1)])
            self.heights.append(height)
        return len(parts)

    def _id(self, key: tuple, fill: PatternFill | None) -> int:
        if key not in self._ids:
            self._ids[key] = self.ws.parent._cell_styles.add(_look(self.ws, key, fill))
        return self._ids[key]

    def close(self) -> None:
        plain_rows(self.ws, self.first, self.rows, None, self.styles, self.heights)
