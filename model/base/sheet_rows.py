"""Plain rows of a worksheet written straight as XML when the workbook is saved: the same cells openpyxl writes (its
inline strings, numbers, the quote prefix that keeps a text from being re-read as a formula), without building an
openpyxl cell and an XML element for each — a district's `data` sheet is two thirds of a workbook's cells.

`plain_rows` hands a sheet its body; `BodyWriter` (save_workbook in model/base/files.py uses it) writes the sheet
as openpyxl would with the body's rows after the ones openpyxl holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

PLAIN = (str, int, float, type(None))  # the values a body holds (bool is an int: written as a truth value)


@dataclass(frozen=True)
class Body:
    first: int  # the sheet's row of rows[0]
    rows: Sequence[Sequence[object]]  # str, int, float, bool or None; text already cleaned for Excel
    quoted: frozenset[tuple[int, int]]  # (index in rows, column from 1) of texts written with the quote prefix


_bodies: WeakKeyDictionary[Any, Body] = WeakKeyDictionary()


def plain_rows(ws: Any, first: int, rows: Sequence[Sequence[object]], quoted: frozenset[tuple[int, int]]) -> None:
    """Give the worksheet its rows from `first` on, written when the workbook is saved by save_workbook: each value
    str, int, float, bool or None, texts as they are to be stored (control characters replaced, at most Excel's
    length), `quoted` the cells (row's index in rows, column from 1) whose text takes the quote prefix. The sheet's
    own cells must all lie above `first`."""
    if any(not isinstance(value, PLAIN) for row in rows for value in row):
        raise TypeError("plain rows hold text, numbers, truth values and empty cells only")
    if any(r >= first for r, _ in ws._cells):
        raise ValueError(f"the sheet {ws.title} has cells from row {first} on")
    _bodies[ws] = Body(first, rows, quoted)


def body_of(ws: Any) -> Body | None:
    return _bodies.get(ws)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def body_xml(ws: Any, body: Body) -> str:
    """The body's <row> elements as openpyxl writes them (see openpyxl.cell._writer.etree_write_cell); the quote
    prefix's style is registered in the workbook as openpyxl registers a cell's when it writes it."""
    quote_style = f' s="{ws.parent._cell_styles.add(StyleArray([0, 0, 0, 0, 0, 0, 0, 1, 0]))}"' if body.quoted else ""
    letters = [get_column_letter(n) for n in range(1, max((len(row) for row in body.rows), default=0) + 1)]
    out: list[str] = []
    add = out.append
    quoted = body.quoted
    for index, row in enumerate(body.rows):
        if not row:
            continue  # no cell at all: openpyxl writes no row
        r = body.first + index
        cells = []
        for n, value in enumerate(row, start=1):
            if value is None:
                continue  # openpyxl writes no element for an empty cell without a style
            at = f"{letters[n - 1]}{r}"
            if isinstance(value, str):
                style = quote_style if (index, n) in quoted else ""
                if value == "":
                    cells.append(f'<c r="{at}"{style} t="inlineStr" />')
                    continue
                stripped = value.strip()
                space = ' xml:space="preserve"' if stripped and stripped != value else ""
                cells.append(f'<c r="{at}"{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
            else:
                kind = "b" if isinstance(value, bool) else "n"
                number = safe_string(value)
                cells.append(f'<c r="{at}" t="{kind}"><v>{number}</v></c>' if number else
                             f'<c r="{at}" t="{kind}"><v /></c>')
        add(f'<row r="{r}">{"".join(cells)}</row>' if cells else f'<row r="{r}"></row>')
    return "".join(out)


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
        body = _bodies.get(ws)
        if body is None or self.workbook.write_only:
            super().write_worksheet(ws)
            return
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
        head, found, tail = xml.partition(b"</sheetData>")
        if not found:
            raise ValueError(f"openpyxl wrote no sheetData for the sheet {ws.title}")
        self._archive.writestr(ws.path[1:], head + body_xml(ws, body).encode() + found + tail)
        self.manifest.append(ws)
        writer.cleanup()
