"""The `data` sheet written straight as XML (model/base/sheet_rows.py) is the sheet openpyxl writes from its own
cells, byte for byte: for a full quarter's workbook (every part of the book), and for any rows — text a user typed
with markup, formulas, spaces at the ends, control characters; numbers, truth values, empty cells. The book reads back
through the program's bounded reader and in openpyxl."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import model.reports.sheets as sheets
from model.areas import plan
from model.base.files import save_workbook
from model.exchange import DATA_SHEET, HEADER, encode, read_data_sheet
from model.quarter.data import load_period
from model.reports.xlsx_report import build_workbook


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}  # core: the time of writing


def _both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The book written with the data sheet's rows as XML, and as openpyxl's cells (no value counted plain)."""
    fast = tmp_path / "fast.xlsx"
    save_workbook(build(), fast)
    with monkeypatch.context() as m:
        m.setattr(sheets, "PLAIN", ())
        cells = tmp_path / "cells.xlsx"
        save_workbook(build(), cells)
    return _parts(fast), _parts(cells)


def test_a_full_quarters_book_is_the_book_openpyxl_writes(db, tmp_path, monkeypatch):
    fill_quarter(db)
    plan.set_evidence(db, Q2, "2.3", "=HYPERLINK(\"http://x\") <b>&amp;</b>\n  12,5 ")
    data = load_period(db, Q2, history=True)
    fast, cells = _both(tmp_path, monkeypatch, lambda: build_workbook(data))
    assert fast.keys() == cells.keys()
    for name in fast:
        assert fast[name] == cells[name], name
    rows = read_data_sheet(tmp_path / "fast.xlsx")
    assert rows[0] == HEADER and len(rows) == len(encode(data)) + 1


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["=1+2", "+7 999", "-5", "@SUM(A1)", "#N/A", "ИСТИНА", " 12,5 ", "<b>&amp;</b>", "a\nb", " ", "  x", "x\t",
     "12", ""])
_VALUE = _TEXT | st.none() | st.integers(-10**18, 10**18) | st.floats(allow_nan=True, allow_infinity=True) | \
    st.booleans()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_VALUE, max_size=7).map(tuple), max_size=12))
def test_any_rows_are_the_cells_openpyxl_writes(tmp_path_factory, monkeypatch, rows):
    tmp_path = tmp_path_factory.mktemp("rows")

    def build() -> Workbook:
        wb = Workbook()
        sheets.add_sheet(wb, "Лист", "Заголовок", [("Столбец", 10)])
        sheets.add_data_sheet(wb, DATA_SHEET, HEADER, rows)
        return wb

    fast, cells = _both(tmp_path, monkeypatch, build)
    assert fast == cells
    back = load_workbook(tmp_path / "fast.xlsx")[DATA_SHEET]
    read = read_data_sheet(tmp_path / "fast.xlsx")
    assert read[0][:len(HEADER)] == HEADER
    for r, row in enumerate(rows, start=2):
        for n, value in enumerate(row, start=1):
            if isinstance(value, str):  # as stored: control characters replaced; XML reads a line's «\r» as «\n»
                text = sheets.cell_text(back, value).replace("\r\n", "\n").replace("\r", "\n")
                line = read[r - 1] if r - 1 < len(read) else ()  # the reader leaves out empty rows at the end
                got = [back.cell(row=r, column=n).value or "", line[n - 1] if n - 1 < len(line) else ""]
                # a text of spaces alone is stored without xml:space (as openpyxl stores it): a reader may drop it
                assert got == [text, text] or (not text.strip() and all(g in ("", text) for g in got))


def _read_as_value_by_float(text: str) -> bool:
    """The rule as first written: every text tried as a number."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n", "#") or \
            text.strip().casefold() in {"true", "false", "истина", "ложь"}:
        return True
    try:
        float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return True


@given(text=st.text(max_size=20) | st.from_regex(r"\s*[-+]?(\d[\d_ ]*)?[.,]?\d*(e[-+]?\d+)?\s*", fullmatch=True) |
       st.sampled_from(["inf", "-Infinity", " NaN ", "nan(1)", "١٢٣", "１２", "1_000", "iNf", "∞", "٣,٥"]))
def test_a_text_is_read_as_a_value_exactly_when_float_reads_it(text):
    assert sheets._read_as_value(text) == _read_as_value_by_float(text)


def _styled(path: Path) -> dict[str, bytes]:
    """The book's parts with each cell's style number replaced by the style itself, and the list of styles left out
    (the same styles registered in another order are the same book)."""
    parts = _parts(path)
    xfs = re.findall(rb"<xf [^>]*?(?:/>|>.*?</xf>)", parts.pop("xl/styles.xml").split(b"<cellXfs")[1])
    return {name: re.sub(rb' s="(\d+)"', lambda m: b' style="' + xfs[int(m.group(1))] + b'"', xml)
            for name, xml in parts.items()}


_TABLE_VALUE = _TEXT | st.none() | st.integers(-10**12, 10**12) | st.floats(-1e9, 1e9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_TABLE_VALUE, min_size=3, max_size=3), max_size=10), bold=st.booleans(),
       long=st.booleans())
def test_table_rows_as_xml_are_the_cells_add_row_writes(tmp_path_factory, rows, bold, long):
    """A table's rows kept as values and styles (TableRows, the summary's tables) are written as the bordered,
    wrapped, formatted cells add_row gives openpyxl, with the rows' heights, a text taller than a row going on below,
    and the sheet's own cells above and below the table in place: the same book but for the order of the styles in
    its list."""
    tmp_path = tmp_path_factory.mktemp("table")
    if long and rows:
        rows[0][1] = "слово " * 1500  # taller than the 409 points a row can be: goes on in the rows below
    formats = {2: sheets.COUNT, 3: sheets.PERCENT}

    def build(as_xml: bool) -> Workbook:
        wb = Workbook()
        wb.remove(wb.active)
        ws = sheets.add_sheet(wb, "Таблица", "Заголовок", [("Один", 10), ("Два", 30), ("Три", 12)])
        if as_xml:
            body = sheets.TableRows(ws, 4)
            for row in rows:
                body.add(list(row), formats, sheets.SECTION_FILL if bold else None, bold=bold, line_height=13)
            body.close()
            last = body.last
        else:
            last = 3
            for row in rows:
                last += sheets.add_row(ws, last + 1, list(row), formats, sheets.SECTION_FILL if bold else None,
                                       bold=bold, line_height=13)
        sheets.put(ws, last + 2, 1, "Примечание под таблицей")
        return wb

    paths = {}
    for as_xml in (True, False):
        paths[as_xml] = tmp_path / f"{as_xml}.xlsx"
        save_workbook(build(as_xml), paths[as_xml])
    assert _styled(paths[True]) == _styled(paths[False])
    back = load_workbook(paths[True])["Таблица"]
    assert back.cell(row=back.max_row, column=1).value == "Примечание под таблицей"


def test_table_rows_refuse_cells_of_the_sheet_among_them():
    wb = Workbook()
    ws = sheets.add_sheet(wb, "Таблица", "Заголовок", [("Один", 10)])
    body = sheets.TableRows(ws, 4)
    body.add(["а"])
    body.add(["б"])
    sheets.put(ws, 5, 1, "поверх")
    with pytest.raises(ValueError, match="own cells in rows 4–5"):
        body.close()


def test_a_workbook_written_is_freed_with_its_rows(db, tmp_path):
    """A sheet's rows kept for the save live as long as the sheet, no longer: the data sheet's rows were kept in a
    table keyed weakly by the sheet while they referred to it, so every export kept its workbook for good (1,6 MB
    an export, in a window open all day)."""
    import gc
    import weakref

    fill_quarter(db)
    quarter = load_period(db, Q2, history=True)
    for n in range(2):
        wb = build_workbook(quarter)
        save_workbook(wb, tmp_path / f"book{n}.xlsx")
        books = [weakref.ref(wb), *(weakref.ref(ws) for ws in wb.worksheets)]
        del wb
        gc.collect()
        assert [ref() for ref in books] == [None] * len(books)
