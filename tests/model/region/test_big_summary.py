"""A long list of expected municipalities: the region's summary is still made, its tables laid out a bounded number
of times per row (a table once re-laid its whole remainder on every page: a 2 000-row list took half a minute, one
of 8 000 over ten), and a list longer than any region's is refused in Russian with nothing written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from region_books import make_books, write_expected
from russian_output import assert_russian, folder_state

from model.region.expected import MAX_EXPECTED
from model.reports.pdf_style import PlainText, register_fonts, styles, text
from model.reports.pdf_table import table

ROOT = Path(__file__).resolve().parents[3]
WIDTHS = [200.0, 80.0, 120.0]
PAGE = 500.0  # a frame's height


def run(data: Path, *args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "OMSU_DATA_DIR": str(data)}, timeout=300)


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    return root, make_books(root / "книги", 3)


def test_a_summary_with_3000_expected_municipalities_is_made(books, tmp_path):
    root, made = books
    extra = [(f"Поселение № {k}", f"{70000000000 + k}") for k in range(3000 - len(made))]
    expected = write_expected(tmp_path / "список.xlsx", made, extra)
    out = run(tmp_path / "data", "consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод",
              "--expected", expected, root / "книги")
    assert out.returncode == 1, out.stderr  # made, with problems: 2 997 municipalities sent nothing
    assert re.search(r"Представили отчёт: 3 из 3\s?000", out.stdout), out.stdout[:300]
    pdf = tmp_path / "свод" / "Свод_2018-Q2.pdf"
    assert pdf.stat().st_size > 0 and (tmp_path / "свод" / "Свод_2018-Q2.xlsx").stat().st_size > 0
    # the table of every expected municipality takes about 29 pages a thousand rows (A4 landscape, one line a row),
    # the list of those that sent nothing a few more: not one row lost nor a page a row
    assert 3000 / 60 < pages(pdf) < 3000 / 20


def rows_of(count: int, long_at: int | None = None) -> list[list]:
    register_fonts()
    st = styles()
    rows: list[list] = [[text(h, st["head"]) for h in ("Муниципальное образование", "ОКТМО", "Примечание")]]
    for n in range(count):
        note = " ".join(["очень длинное примечание"] * 400) if n == long_at else f"строка {n}"
        rows.append([text(f"Поселение № {n}", st["cell"]), text(f"{70000000000 + n}", st["num"]),
                     text(note, st["cell"])])
    return rows


def lay_out(flowable) -> list:
    """Page after page, as a frame would: what each page takes."""
    taken = []
    while True:
        if flowable.wrap(sum(WIDTHS), PAGE)[1] <= PAGE:
            return [*taken, flowable]
        parts = flowable.split(sum(WIDTHS), PAGE)
        assert len(parts) == 2, "a page that takes nothing"
        taken.append(parts[0])
        flowable = parts[1]


def texts(piece) -> list[str]:
    piece.wrap(sum(WIDTHS), PAGE)  # a part of a long flowable knows its rows once laid out
    rows = piece.rows if hasattr(piece, "rows") else piece._table.rows
    return [c.text if isinstance(c, PlainText) else "…" for c in (row[0] for row in rows)]


def test_a_long_table_breaks_between_rows_with_its_header_on_every_page(monkeypatch):
    laid = []
    real = PlainText.wrap
    monkeypatch.setattr(PlainText, "wrap", lambda self, w, h: laid.append(1) or real(self, w, h))
    rows = rows_of(3000)
    page_list = lay_out(table(rows, WIDTHS))
    times = len(laid)
    names = [t for piece in page_list for t in texts(piece)]
    per_page = [texts(piece) for piece in page_list]
    assert all(p[0] == "Муниципальное образование" for p in per_page)
    assert [t for t in names if t != "Муниципальное образование"] == [f"Поселение № {n}" for n in range(3000)]
    assert all(piece.wrap(sum(WIDTHS), PAGE)[1] <= PAGE for piece in page_list)
    assert len(page_list) == pytest.approx(3000 / (len(per_page[0]) - 1), abs=2)  # every page full but the last
    # each cell is laid out a few times (the whole table once, then its page: 3 times here), not once for every
    # page before it (84 times here, when every page laid out the whole rest of the table again)
    assert times < 6 * 3 * 3000


def test_a_row_taller_than_a_page_in_a_long_table_goes_on_between_its_lines():
    page_list = lay_out(table(rows_of(400, long_at=200), WIDTHS))
    names = [t for piece in page_list for t in texts(piece) if t.startswith("Поселение")]
    assert names.count("Поселение № 200") == 1 and len(set(names)) == 400  # its first cell is short: on one page
    heights = [piece.wrap(sum(WIDTHS), PAGE)[1] for piece in page_list]
    assert all(h <= PAGE for h in heights)
    around = [n for n, p in enumerate(page_list) if "Поселение № 200" in texts(p)][0]
    assert heights[around + 1] > PAGE - 40  # the long note fills the next page whole: it was cut between lines
    assert len(page_list) < 30  # 400 short rows take 11 pages, the long note 12 more


def test_an_expected_list_longer_than_a_region_is_refused(books, tmp_path):
    root, made = books
    extra = [(f"Поселение № {k}", f"{70000000000 + k}") for k in range(MAX_EXPECTED + 1 - len(made))]
    expected = write_expected(tmp_path / "список.xlsx", made, extra)
    data, target = tmp_path / "data", tmp_path / "свод"
    target.mkdir()
    (data / "region").mkdir(parents=True)
    (data / "region" / "expected.json").write_text('[{"name": "МО", "oktmo": "10000000"}]', encoding="utf-8")
    (target / "прежний.txt").write_text("прежний свод", encoding="utf-8")
    before = folder_state(target), folder_state(data / "region")  # the list kept from last time
    out = run(data, "consolidate", "--period", "2018-Q2", "--out", target, "--expected", expected, root / "книги")
    assert out.returncode == 2
    assert_russian(out.stderr, expected)
    assert "список.xlsx" in out.stderr and "5 000" in out.stderr.replace("\xa0", " ")
    assert (folder_state(target), folder_state(data / "region")) == before
