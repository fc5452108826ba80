"""Plain rows of a worksheet written straight as XML when the workbook is saved: the same cells openpyxl writes (its
inline strings, numbers, the quote prefix that keeps a text from being re-read as a formula, a cell's style, a row's
height), without building an openpyxl cell and an XML element for each — a district's `data` sheet is two thirds of
a workbook's cells, the region's summary tables hold ~150 000 cells at 2 300 municipalities.

`plain_rows` hands a sheet its body; `BodyWriter` (save_workbook in model/base/files.py uses it) writes the sheet
as openpyxl would with the body's rows among the ones openpyxl holds (those above the body before it, below after).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

PLAIN = (str, int, float, type(None))  # the values a body holds (bool is an int: written as a truth value)


Text = Callable[[str], tuple[str, bool]]  # a text → as it is stored, and whether it takes the quote prefix


@dataclass(frozen=True)
class Body:
    first: int  # the sheet's row of rows[0]
    rows: Sequence[Sequence[object]]  # str, int, float, bool or None
    text: Text | None = None  # how a text is stored (None: as it is, never quoted), applied when it is written
    styles: Sequence[Sequence[int]] | None = None  # each cell's style (the workbook's index of it, 0 the plain one)
    heights: Sequence[float | None] | None = None  # each row's height in points (None: as tall as the reader makes it)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1


# The sheet's body is kept on the sheet itself, living and dying with it: a body may refer to its sheet (a text
# function that names the sheet in its error), and kept in a table keyed weakly by the sheet it kept the sheet, its
# workbook and every row alive for good — 1,6 MB an export, for as long as the window ran
_BODY = "_omsu_plain_rows"
_ROW = re.compile(rb'<row r="(\d+)"')


def plain_rows(ws: Any, first: int, rows: Sequence[Sequence[object]], text: Text | None = None,
               styles: Sequence[Sequence[int]] | None = None, heights: Sequence[float | None] | None = None) -> None:
    """Give the worksheet its rows from `first` on, written when the workbook is saved by save_workbook: each value
    str, int, float, bool or None. `text` turns a text into what the cell stores (control characters replaced, at
    most Excel's length) and says whether it takes the quote prefix — called as the rows are written, so a long
    body is neither copied nor marked cell by cell beforehand (what it raises, the save raises); without it texts
    are stored as they are. `styles` (a style's index in the workbook for each cell, see openpyxl's Cell.style_id;
    an empty cell with a style is written) and `heights` (points a row) if the rows have them; a styled cell's quote
    prefix is part of its style. The sheet's own cells and row heights must lie outside the body's rows."""
    if any(not isinstance(value, PLAIN) for row in rows for value in row):
        raise TypeError("plain rows hold text, numbers, truth values and empty cells only")
    if styles is not None and [len(s) for s in styles] != [len(row) for row in rows]:
        raise ValueError("a style is needed for every cell of the rows")
    if styles is not None and text is not None:
        raise ValueError("a styled cell's quote prefix is part of its style")
    if heights is not None and len(heights) != len(rows):
        raise ValueError("a height is needed for every row")
    body = Body(first, rows, text, styles, heights)
    _check_apart(ws, body)
    setattr(ws, _BODY, body)


def _check_apart(ws: Any, body: Body) -> None:
    if any(body.first <= r <= body.last for r, _ in ws._cells) or \
            any(body.first <= r <= body.last for r in ws.row_dimensions):
        raise ValueError(f"the sheet {ws.title} has its own cells in rows {body.first}–{body.last}")


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def body_xml(ws: Any, body: Body, batch: int = 2000) -> Iterator[str]:
    """The body's <row> elements as openpyxl writes them (see openpyxl.cell._writer.etree_write_cell), `batch` rows a
    piece (a summary's data sheet is 100 000 rows at 2 300 municipalities: never held as one text); the quote
    prefix's style is registered in the workbook as openpyxl registers a cell's: when the first quoted text is
    written."""
    quote_style = ""
    store = body.text
    letters = [get_column_letter(n) for n in range(1, max((len(row) for row in body.rows), default=0) + 1)]
    out: list[str] = []
    add = out.append
    no_styles = [0] * len(letters)
    for index, row in enumerate(body.rows):
        height = body.heights[index] if body.heights is not None else None
        if not row and height is None:
            continue  # no cell at all: openpyxl writes no row
        r = body.first + index
        styles = body.styles[index] if body.styles is not None else no_styles
        cells = []
        for n, value in enumerate(row, start=1):
            at = f'r="{letters[n - 1]}{r}" s="{styles[n - 1]}"' if styles[n - 1] else f'r="{letters[n - 1]}{r}"'
            if value is None:
                if styles[n - 1]:
                    cells.append(f'<c {at} t="n" />')  # as openpyxl writes an empty cell with a style
                continue  # openpyxl writes no element for an empty cell without a style
            if isinstance(value, str):
                if store is not None:
                    value, quoted = store(value)
                    if quoted:
                        quote_style = quote_style or \
                            f' s="{ws.parent._cell_styles.add(StyleArray([0, 0, 0, 0, 0, 0, 0, 1, 0]))}"'
                        at += quote_style
                if value == "":
                    cells.append(f'<c {at} t="inlineStr" />')
                    continue
                stripped = value.strip()
                space = ' xml:space="preserve"' if stripped and stripped != value else ""
                cells.append(f'<c {at} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
            else:
                kind = "b" if isinstance(value, bool) else "n"
                number = safe_string(value)
                cells.append(f'<c {at} t="{kind}"><v>{number}</v></c>' if number else f'<c {at} t="{kind}"><v /></c>')
        attrs = f'r="{r}"' if height is None else f'r="{r}" ht="{safe_string(height)}" customHeight="1"'
        add(f'<row {attrs}>{"".join(cells)}</row>' if cells else f'<row {attrs}></row>')
        if len(out) >= batch:
            yield "".join(out)
            out.clear()
    yield "".join(out)


def dimension(ws: Any, body: Body) -> str:
    """The sheet's range as openpyxl computes it (every cell it holds, empty ones too) with the body's rows."""
    cells = list(ws._cells)
    columns = [c for _, c in cells] + [len(row) for row in body.rows if row]
    rows = [r for r, _ in cells] + [body.first + k for k, row in enumerate(body.rows) if row]
    if not columns:
        return "A1:A1"
    return f"{get_column_letter(min(columns))}{min(rows)}:{get_column_letter(max(columns))}{max(rows)}"


class BodyWriter(ExcelWriter):
    """openpyxl's ExcelWriter; a sheet given plain rows gets them after its own (see openpyxl's write_worksheet)."""

    def write_worksheet(self, ws: Any) -> None:
        body = getattr(ws, _BODY, None)
        if body is None or self.workbook.write_only:
            super().write_worksheet(ws)
            return
        _check_apart(ws, body)  # cells given to the sheet after its body would be written twice
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        own = ws.calculate_dimension()
        writer = WorksheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        xml = Path(writer.out).read_bytes()
        head, found, tail = xml.partition(f'<dimension ref="{own}" />'.encode())
        if not found:
            raise ValueError(f"openpyxl wrote no dimension {own} for the sheet {ws.title}")
        xml = head + f'<dimension ref="{dimension(ws, body)}" />'.encode() + tail
        if b"<sheetData />" in xml:
            xml = xml.replace(b"<sheetData />", b"<sheetData></sheetData>", 1)
        start, end = xml.find(b"<sheetData>"), xml.find(b"</sheetData>")
        if start < 0 or end < 0:
            raise ValueError(f"openpyxl wrote no sheetData for the sheet {ws.title}")
        at = next((m.start() for m in _ROW.finditer(xml, start, end) if int(m.group(1)) > body.last), end)
        with self._archive.open(ws.path[1:], "w") as part:
            part.write(xml[:at])
            for piece in body_xml(ws, body):
                part.write(piece.encode())
            part.write(xml[at:])
        self.manifest.append(ws)
        writer.cleanup()
