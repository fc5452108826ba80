"""Every quarter the model accepts prints: generated whole quarters (tests/quarters.py) go to the PDF, the workbook
and the region's summary. Page breaks depend on the lengths of texts and the counts of rows, which a few fixed
quarters never explore.

PRINT_EXAMPLES sets how many quarters (3 000 by default, a slow test; CI runs a few hundred)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from quarters import PERIOD, build_quarter, quarters
from test_printouts import characters

from model.exchange import decode
from model.methodology import shipped_2018
from model.quarter.data import load_period
from model.region.consolidate import consolidate
from model.region.summary_files import write_summary
from model.reports.pdf_report import write_pdf
from model.reports.sheets import MAX_ROW, text_lines
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

EXAMPLES = int(os.environ.get("PRINT_EXAMPLES", "3000"))
SEEN = {"smallest": 99.0, "pages": 0, "examples": 0}


def check_pdf(path: Path) -> int:
    """Every character at 8 pt or more and inside its page; «стр. N из M» on each page. Returns M."""
    pages: dict[int, str] = {}
    for page, char, size, (left, right, bottom, top), (width, height) in characters(path):
        assert size >= 7.95, (page, char, size)
        assert -0.5 <= left <= right <= width + 0.5 and -0.5 <= bottom <= top <= height + 0.5, \
            (page, char, left, right, bottom, top)
        pages[page] = pages.get(page, "") + char
        SEEN["smallest"] = min(SEEN["smallest"], size)
    for n, body in pages.items():
        assert f"стр.{n}из{len(pages)}" in body, n
    return len(pages)


def check_workbook(path: Path) -> None:
    """On every sheet for people each row is as tall as its cells' text wraps (as the widest reader wraps it) and no
    taller than Excel allows: a longer text goes on in the rows below."""
    book = load_workbook(path)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        widths = {n: ws.column_dimensions[get_column_letter(n)].width or 10 for n in range(1, ws.max_column + 1)}
        merged = {cell for area in ws.merged_cells.ranges for cell in area.cells}  # (row, column)
        for row in ws.iter_rows(min_row=4):
            texts = [c for c in row if isinstance(c.value, str) and (c.row, c.column) not in merged]
            if not texts:
                continue
            height = ws.row_dimensions[row[0].row].height or 15
            lines = max(text_lines(c.value, widths[c.column], bool(c.font and c.font.b)) for c in texts)
            assert height <= MAX_ROW and lines * 12.75 <= height + 0.01, (ws.title, row[0].row, lines, height)


def figures(data) -> tuple:
    """What the scores say: every item's score and uncapped figure, the sections', the total."""
    s = data.scores
    return ({n: (i.score, i.raw) for n, i in s.items.items()}, s.sections, s.total)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                         HealthCheck.large_base_example])
@given(data=st.data())
def test_every_quarter_the_model_accepts_prints_reads_back_and_merges(data):
    methodology = shipped_2018()
    spec = data.draw(quarters(methodology))
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        db = open_database(here / "q.sqlite")
        try:
            build_quarter(db, spec)
            quarter = load_period(db, PERIOD, history=True)
        finally:
            db.conn.close()
        pages = check_pdf(write_pdf(quarter, here / "report.pdf"))
        book = write_xlsx(quarter, here / "book.xlsx")
        check_workbook(book)
        back = decode(book)
        assert figures(back) == figures(quarter)
        assert back.scores.items == quarter.scores.items  # the breakdowns too, center by center in one order
        summary = consolidate([book], PERIOD)
        assert [d.name for d in summary.districts] == [quarter.profile.district]
        pdf, xlsx = write_summary(summary, here / "summary")
        check_pdf(pdf)
        assert xlsx.stat().st_size > 0
    SEEN["pages"] = max(SEEN["pages"], pages)
    SEEN["examples"] += 1
    print(f"\rКварталов напечатано: {SEEN['examples']}, наибольшее число страниц {SEEN['pages']}, "
          f"наименьший кегль {SEEN['smallest']:.2f}", end="")
