"""The machine-readable sheet `data` of both workbooks the program writes — a district's report and the region's
summary — read back through the program's own reader: the rows written are the rows read, and the sheet looks the
same in both (a bold header, hidden, protected); the district's keeps its columns' widths and frozen header."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from region_books import Q2_2018, make_books, period_data

from model.exchange import DATA_SHEET, HEADER, encode, read_data_sheet
from model.methodology import shipped_2018
from model.region.consolidate import consolidate
from model.region.summary_parts import summary_rows
from model.region.summary_xlsx import write_summary_xlsx
from model.reports.xlsx_report import write_xlsx


def _same(written: list, read: list[tuple]) -> None:
    assert len(read) == len(written)
    for mine, got in zip(written, read, strict=True):
        assert len(got) == len(mine)
        for a, b in zip(mine, got, strict=True):
            if isinstance(a, float):  # a spreadsheet keeps 15 significant digits
                assert b == pytest.approx(a, rel=1e-14), (mine, got)
            else:
                assert b == a or (a in ("", None) and b in ("", None)), (mine, got)


def _looks_like_data(path) -> object:
    ws = load_workbook(path)[DATA_SHEET]
    assert ws.sheet_state == "hidden" and ws.protection.sheet and ws.protection.password is None
    assert [c.value for c in ws[1]] == list(HEADER) and all(c.font.b for c in ws[1])
    assert not any(c.font.b for row in ws.iter_rows(min_row=2) for c in row)
    return ws


def test_district_data_sheet_reads_back_as_written(tmp_path):
    books = make_books(tmp_path / "книги", 1, realistic=True)
    data = period_data(books[0], Q2_2018, shipped_2018(), datetime(2018, 6, 28, 9, 0), True)
    path = write_xlsx(data, tmp_path / "район.xlsx")
    rows = read_data_sheet(path)
    assert rows[0] == HEADER
    _same(list(encode(data)), rows[1:])
    ws = _looks_like_data(path)
    assert ws.freeze_panes == "A2"
    assert [ws.column_dimensions[x].width for x in "ABCDEF"] == [16, 12, 20, 10, 40, 20]


def test_summary_data_sheet_reads_back_as_written(tmp_path):
    make_books(tmp_path / "книги", 3, realistic=True)
    summary = consolidate([tmp_path / "книги"], Q2_2018)
    path = write_summary_xlsx(summary, tmp_path / "свод.xlsx")
    rows = read_data_sheet(path)
    assert rows[0] == HEADER
    written = summary_rows(summary)
    assert sum(1 for r in written if r[0] == "district" and r[2] == "name") == 3
    _same(written, rows[1:])
    _looks_like_data(path)
