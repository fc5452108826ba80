"""Hostile and broken input files: the only outcomes are a clean import or a clear error, never a partial write."""

import re
import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from hostile_files import billion_laughs, endless_sheet, zip_bomb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.base.resources import resource_path
from model.exchange import HEADER, ImportRefused, apply, decode_rows, read_data_sheet
from model.methodology import MethodologyError, load_methodology
from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("src") / "src.sqlite"
    db = open_database(path)
    fill_quarter(db)
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def workbook(filled, tmp_path_factory) -> Path:
    db = open_database(filled)
    try:
        return write_xlsx(load_period(db, Q2, history=True), tmp_path_factory.mktemp("book") / "good.xlsx")
    finally:
        db.conn.close()


def dump(path: Path) -> list:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = [(t, sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)) for t in tables]
    conn.close()
    return out


def test_billion_laughs_is_refused_by_the_xml_parser(workbook, tmp_path):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml, which forbids entity declarations
    bomb = billion_laughs(workbook, tmp_path / "lol.xlsx")
    with pytest.raises(ImportRefused, match="объявлены XML-сущности"):
        read_data_sheet(bomb)


def test_zip_bomb_refused_before_any_xml_is_read(workbook, tmp_path, monkeypatch):
    import openpyxl

    bomb = zip_bomb(workbook, tmp_path / "bomb.xlsx", megabytes=300)
    assert bomb.stat().st_size < 2 * 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(ImportRefused, match="при распаковке занял бы"):
        read_data_sheet(bomb)


@pytest.mark.slow
def test_million_row_sheet_fails_with_message(workbook, tmp_path):
    big = endless_sheet(workbook, tmp_path / "big.xlsx", rows=1_000_000)
    with pytest.raises(ImportRefused, match="больше 50\u00a0000 строк"):
        read_data_sheet(big)


@pytest.mark.parametrize(("content", "words"), [
    (b"", "пуст (0 байт)"),
    (b"plain text", "не книга Excel"),
    (b"PK\x03\x04broken", "повреждён или обрезан"),
    (b"<html><body>403</body></html>", "веб-страница"),
])
def test_not_a_zip_and_not_a_workbook(tmp_path, content, words):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=re.escape(words)) as caught:
        read_data_sheet(path)
    assert "x.xlsx" in str(caught.value)
    assert not re.search(r"[A-Za-z]{5,}", re.sub(r"x\.xlsx|Excel|LibreOffice|Calc|XML", "", str(caught.value)))


def test_truncated_workbook_is_named_as_such(workbook, tmp_path):
    path = tmp_path / "half.xlsx"
    data = workbook.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportRefused, match="повреждён или обрезан"):
        read_data_sheet(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_workbooks_import_cleanly_or_not_at_all(workbook, tmp_path_factory, data):
    raw = bytearray(workbook.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    folder = tmp_path_factory.mktemp("mut")
    path = folder / "m.xlsx"
    path.write_bytes(bytes(raw))
    target = folder / "t.sqlite"
    open_database(target).conn.close()
    before = dump(target)
    try:
        rows = read_data_sheet(path)
        apply(open_database(target), decode_rows(rows))
    except ImportRefused:
        assert dump(target) == before


CELL = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                 st.sampled_from(["plan", "meta", "score", "center", "event", "indicator_value", "1.1", "A1",
                                  "2018-Q2", "period", "esia_month", "=1+1", "\u202e", "😀"]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(*[CELL] * 6), max_size=12), keep_meta=st.booleans())
def test_random_rows_import_cleanly_or_not_at_all(workbook, filled, tmp_path_factory, rows, keep_meta):
    folder = tmp_path_factory.mktemp("rows")
    target = folder / "t.sqlite"
    shutil.copy(filled, target)
    before = dump(target)
    head = [HEADER]
    if keep_meta:
        head += [r for r in read_data_sheet(workbook)[1:] if r[0] == "meta"]
    try:
        apply(open_database(target), decode_rows(head + rows))
    except ImportRefused as exc:
        assert str(exc).startswith("Лист «data»")
        assert dump(target) == before


SHIPPED = resource_path("methodologies", "popularization-2018.toml").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_methodology_files_load_or_give_a_clear_error(tmp_path_factory, data):
    text = list(SHIPPED)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(text) - 1))
        kind = data.draw(st.sampled_from(["delete", "replace", "insert"]))
        char = data.draw(st.sampled_from(list('"=[]{},.\n#0123456789abcxyz ') + ["й", "\x00"]))
        if kind == "delete":
            del text[position]
        elif kind == "replace":
            text[position] = char
        else:
            text.insert(position, char)
    path = tmp_path_factory.mktemp("meth") / "m.toml"
    path.write_text("".join(text), encoding="utf-8")
    try:
        methodology = load_methodology(path)
    except MethodologyError as exc:
        assert str(path) in str(exc)
    else:
        assert methodology.items()


def test_methodology_too_large_or_too_deep(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("x = 1\n" * 300_000, encoding="utf-8")
    with pytest.raises(MethodologyError, match="больше"):
        load_methodology(big)
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(MethodologyError):
        load_methodology(deep)
    assert tomllib  # the standard parser, not a home-made one
