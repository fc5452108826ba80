"""The seal on a district's book: the program's own export carries a seal that the merge's reading of the same file
matches with the district's key; a figure changed in the data sheet afterwards, a row added or removed, another key or
no seal at all do not match. Generated whole quarters (tests/quarters.py) prove that what the writer seals is what
the reader reads back, whatever the texts and numbers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from quarters import PERIOD, build_quarter, quarters

from model.exchange import seal
from model.exchange.decode import decode
from model.exchange.rows import encode, fingerprint
from model.methodology import shipped_2018
from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

EXAMPLES = int(os.environ.get("SEAL_EXAMPLES", "25"))


def test_cells_are_canonical_as_a_workbook_gives_them_back():
    rows = [("plan", "1.1", "A1", "2018-Q2", 45, ""), ("esia_score", "2018", "x", "2018", 19.666666666666664, None),
            ("evidence", "1.1", "text", "2018-Q2", "строка\r\nещё\rи ещё", ""),
            ("center", "1", "active", "", True, "")]
    read_back = [("plan", "1.1", "A1", "2018-Q2", 45.0, ""), ("esia_score", "2018", "x", "2018", 19.66666666666666, ""),
                 ("evidence", "1.1", "text", "2018-Q2", "строка\nещё\nи ещё", ""),
                 ("center", "1", "active", "", 1.0, "")]
    assert seal.digest(rows) == seal.digest(read_back)
    header = ("section", "code", "field", "period", "value", "note")
    assert seal.digest(rows) == seal.digest([header, *reversed(rows)])  # order and the header row do not count
    assert seal.digest(rows) != seal.digest(rows[:-1])
    assert seal.digest(rows) != seal.digest([("plan", "1.1", "A1", "2018-Q2", 46, ""), *rows[1:]])


def test_a_seal_needs_the_same_key_and_is_left_out_of_what_it_covers():
    key, other = seal.new_key(), seal.new_key()
    rows = [("meta", "period", "", "2018-Q2", "2018-Q2", ""), ("plan", "1.1", "A1", "2018-Q2", 45, "")]
    sealed = [*rows, seal.seal_row(rows, key)]
    assert seal.valid_key(key) and not seal.valid_key(key.upper()) and not seal.valid_key(key[:-1])
    assert seal.written_seal(sealed) == sealed[-1][4]
    assert seal.matches(seal.digest(sealed), seal.written_seal(sealed), key)
    assert not seal.matches(seal.digest(sealed), seal.written_seal(sealed), other)
    assert not seal.matches(seal.digest(rows), None, key)
    assert not seal.matches(seal.digest(sealed), "0" * 64, key)


def _edit_head_name(path: Path) -> None:
    """A change a clerk could make in Excel that every check but the seal lets through: the head's name."""
    book = load_workbook(path)
    ws = book["data"]
    row = next(r for r in ws.iter_rows(min_row=2) if (r[0].value, r[1].value) == ("meta", "head_name"))
    row[4].value = "Петров П. П." if row[4].value != "Петров П. П." else "Сидоров С. С."
    book.save(path)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
def test_every_exported_quarter_carries_a_seal_its_reading_matches(data):
    spec = data.draw(quarters(shipped_2018()))
    key = seal.new_key()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "d.sqlite")
        try:
            build_quarter(db, spec)
            quarter = load_period(db, PERIOD)
        finally:
            db.conn.close()
        unsealed = fingerprint(encode(quarter))
        quarter.seal_key = key
        assert fingerprint(encode(quarter)) == unsealed  # the sent lock's fingerprint ignores the seal
        book = write_xlsx(quarter, Path(folder) / "book.xlsx")
        report = decode(book)
        assert report.seal is not None and seal.matches(report.content_digest, report.seal, key)
        _edit_head_name(book)
        changed = decode(book)
        assert changed.profile.head_name in ("Петров П. П.", "Сидоров С. С.")
        assert not seal.matches(changed.content_digest, changed.seal, key)


def test_a_book_exported_without_a_key_has_no_seal(tmp_path):
    db = open_database(tmp_path / "d.sqlite")
    try:
        quarter = load_period(db, PERIOD)
    finally:
        db.conn.close()
    report = decode(write_xlsx(quarter, tmp_path / "book.xlsx"))
    assert report.seal is None and len(report.content_digest) == 64


def _canonical_cell_by_cell(rows):
    """The canonical rows as the module's docstring defines them, every cell through _cell: what the quick paths of
    _sealed_rows and written_seal must give."""
    out = []
    for row in rows:
        cells = [seal._cell(v) for v in list(row)[:6]]
        cells += [""] * (6 - len(cells))
        if cells[:2] in (["section", "code"], list(seal.SEAL_ROW)) or not any(cells):
            continue
        out.append(cells)
    return sorted(out)


_words = st.sampled_from(["meta", "seal", "section", "code", "a\r\nb", "x\ry", "\x01"])
_values = st.one_of(st.none(), st.booleans(), st.integers(-10**18, 10**18), st.floats(allow_nan=False),
                    st.text(st.characters(codec="utf-8"), max_size=12), _words)


@given(st.lists(st.lists(_values, max_size=8).map(tuple), max_size=12))
def test_the_quick_canonical_form_is_the_cell_by_cell_one(rows):
    assert seal._sealed_rows(rows) == _canonical_cell_by_cell(rows)
    by_cells = next((seal._cell(r[4]).strip().lower() or None for r in rows
                     if len(r) >= 5 and (seal._cell(r[0]), seal._cell(r[1])) == seal.SEAL_ROW), None)
    assert seal.written_seal(rows) == by_cells
