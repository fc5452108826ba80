"""A `data` sheet the program wrote is read without calamine (model/exchange/own_sheet.py): what that reading gives
is what calamine gives — the same rows, values and types — for a full quarter's book, for the region's full books,
for any rows the writer is given, and for every way of writing a sheet's cells that the quick reading must either
read as calamine does or decline."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import model.reports.sheets as sheets
from model.base.files import save_workbook
from model.errors import ImportRefused
from model.exchange import DATA_SHEET, HEADER, read_data_sheet
from model.exchange import sheet as sheet_module
from model.exchange.own_sheet import own_rows
from model.exchange.sheet import MAX_ROWS
from model.quarter.data import load_period
from model.reports.xlsx_report import build_workbook


def _quick(path: Path) -> list[tuple] | None:
    with zipfile.ZipFile(path) as zf:
        return own_rows(zf, DATA_SHEET, MAX_ROWS)


def _by_calamine(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple] | str:
    """The sheet as calamine reads it after the bounding scan (the quick reading declined), or the refusal."""
    with monkeypatch.context() as m:
        m.setattr(sheet_module, "own_rows", lambda *args: None)
        try:
            return read_data_sheet(path)
        except ImportRefused as exc:
            return str(exc)


def _typed(rows: list[tuple] | str | None) -> object:
    return rows if not isinstance(rows, list) else [tuple((type(v).__name__, repr(v)) for v in row) for row in rows]


def test_a_full_quarters_book_is_read_quickly_as_calamine_reads_it(db, tmp_path, monkeypatch):
    fill_quarter(db)
    book = tmp_path / "book.xlsx"
    save_workbook(build_workbook(load_period(db, Q2, history=True)), book)
    quick = _quick(book)
    assert quick is not None and quick[0] == HEADER and len(quick) > 100
    assert _typed(quick) == _typed(_by_calamine(book, monkeypatch))
    assert read_data_sheet(book) == quick


def test_the_regions_full_books_are_read_quickly_as_calamine_reads_them(tmp_path, monkeypatch):
    from region_books import make_full_books

    make_full_books(tmp_path, 3)
    for book in sorted(tmp_path.glob("*.xlsx")):
        quick = _quick(book)
        assert quick is not None, book.name
        assert _typed(quick) == _typed(_by_calamine(book, monkeypatch))


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["=1+2", " 12,5 ", "<b>&amp;</b>", "&lt;&quot;&#65;", "_x0041_", "_x000D_", "a\nb", "a\r\nb", " ", "  ", "\n",
     "x\t", "\tx", "12", "", "data", "section"])
_VALUE = _TEXT | st.none() | st.integers(-10**18, 10**18) | st.floats(allow_nan=False, allow_infinity=False) | \
    st.sampled_from([0.1, 1e-7, 1e20, -0.0, 123456789.125, 2.0**53 + 1, 1e308, 5e-324])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(rows=[("plan", "  ", " x", "x ", " ", "\n")])
@example(rows=[("a", "_x0041_", "&amp;", 0.0, -0.0, 1e-7)])
@given(rows=st.lists(st.lists(_VALUE, min_size=1, max_size=6).map(tuple), min_size=1, max_size=10))
def test_any_rows_the_writer_is_given_read_quickly_as_calamine_reads_them(tmp_path_factory, monkeypatch, rows):
    book = tmp_path_factory.mktemp("rows") / "book.xlsx"
    wb = Workbook()
    sheets.add_sheet(wb, "Лист", "Заголовок", [("Столбец", 10)])
    sheets.add_data_sheet(wb, DATA_SHEET, HEADER, rows)
    save_workbook(wb, book)
    calamine = _by_calamine(book, monkeypatch)
    assert _typed(read_data_sheet(book)) == _typed(calamine)
    quick = _quick(book)
    if quick is not None:
        assert _typed(quick) == _typed(calamine)


_USUAL_NUMBERS = st.sampled_from(["1", "-2.5", "1e-07", "1e+20", "0", "-0", "123456789012345678", "1e+400", "1e-400",
                                  "0.1000000000000001"])
_ODD_NUMBERS = st.sampled_from(["1E+5", "1e5", "+1", ".5", "1.", "01", "0x10", "1_0", " 1", "nan", "inf", "１"])
_USUAL_TEXTS = st.sampled_from(["план", "a&amp;b", "&lt;b&gt;", "a\nb", "ё", "𝔘", "&amp;amp;", "data", "12", "x_x00",
                                "a_b_", "_x12_", "dimension sheetData"])
_ODD_TEXTS = st.sampled_from(["&quot;", "&#65;", "&apos;", "&#x41;", " x", "x ", "  ", "\n", "\tx", "_x0041_",
                              "_X0041_"])


@st.composite
def _cell(draw, letter: str, row: int, odd: bool) -> str:
    ref = f"{letter}{row}"
    text = draw(_ODD_TEXTS if odd and draw(st.booleans()) else _USUAL_TEXTS)
    number = draw(_ODD_NUMBERS if odd and draw(st.booleans()) else _USUAL_NUMBERS)
    usual = [f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>',
             f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>',
             f'<c r="{ref}" s="20" t="inlineStr"><is><t>{text}</t></is></c>',
             f'<c r="{ref}" t="inlineStr" />', f'<c r="{ref}" t="n"><v>{number}</v></c>']
    odd_ways = [f'<c r="{ref}" s="3" t="n"><v>{number}</v></c>', f'<c r="{ref}" t="s"><v>0</v></c>',
           f'<c r="{ref}" t="b"><v>1</v></c>', f'<c r="{ref}" t="str"><f>1+1</f><v>2</v></c>',
           f'<c r="{ref}"><v>{number}</v></c>', f'<c r="{letter.lower()}{row}" t="inlineStr"><is><t>x</t></is></c>',
           f'<c r="{letter}{row + 1}" t="n"><v>1</v></c>', f'<c r="G{row}" t="inlineStr"><is><t>x</t></is></c>',
           '<c t="inlineStr"><is><t>x</t></is></c>', f'<c r="{ref}" t="inlineStr"><is><t></t></is></c>',
           f'<c r="{ref}" t="inlineStr"><is><r><t>x</t></r></is></c>', f'<c r="{ref}" t="n"><v /></c>',
           f'<c r="{ref}"  t="inlineStr" />', f"<c r='{ref}' t=\"inlineStr\" />"]
    return draw(st.sampled_from(odd_ways) if odd and draw(st.integers(0, 3)) == 0 else st.sampled_from(usual))


@st.composite
def _rows(draw) -> str:
    """Rows as the writer puts them (numbered in turn, cells in their columns' order, texts and numbers as it writes
    them) or, in a third of the sheets, also otherwise: a row's number skipped or repeated, cells out of order or
    twice, a row without cells or without its number, cells, texts and numbers written another way."""
    odd = draw(st.integers(0, 2)) == 0
    written = []
    for n in range(2, 2 + draw(st.integers(0, 6))):
        number = n if not odd or draw(st.integers(0, 5)) else draw(st.sampled_from([n + 1, n - 1]))
        letters = sorted(draw(st.sets(st.sampled_from("ABCDEF"), min_size=0 if odd else 1)))
        if odd and not draw(st.integers(0, 5)):
            letters = draw(st.permutations(letters + letters[:1]))
        cells = [draw(_cell(letter, number, odd)) for letter in letters]
        head = f'<row r="{number}">' if not odd or draw(st.integers(0, 5)) else \
            draw(st.sampled_from([f'<row r="{number}" spans="1:6">', "<row>", f"<row r='{number}'>"]))
        written.append(head + "".join(cells) + "</row>" if cells or draw(st.booleans()) else f'<row r="{number}" />')
    return "".join(written)


_HEADER = "".join(f'<c r="{c}1" s="19" t="inlineStr"><is><t>{name}</t></is></c>'
                  for c, name in zip("ABCDEF", HEADER, strict=True))


def _book_with(body: str, folder: Path) -> Path:
    """A book the writer made, its data sheet's rows after the header replaced by `body`."""
    made = folder / "made.xlsx"
    wb = Workbook()
    sheets.add_data_sheet(wb, DATA_SHEET, HEADER, [("meta", "period", "", "2018-Q2", "2018-Q2", "")])
    save_workbook(wb, made)
    book = folder / "book.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if b'<c r="A2"' in data:  # the data sheet (the workbook's first sheet is empty)
                start, end = data.index(b"<sheetData>") + len(b"<sheetData>"), data.index(b"</sheetData>")
                data = data[:start] + f'<row r="1">{_HEADER}</row>{body}'.encode() + data[end:]
                size = f'<dimension ref="A1:F{1 + body.count("<row")}" />'  # as the writer declares it
                data = re.sub(rb'<dimension ref="[^"]*" />', size.encode(), data)
            target.writestr(info, data)
    return book


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(body='<row r="2"><c r="A2" t="inlineStr"><is><t>  </t></is></c></row>')
@example(body='<row r="2"><c r="A2" t="inlineStr"><is><t>_x0041_</t></is></c></row>')
@example(body='<row r="2"><c r="A2" t="inlineStr"><is><t>&#65;</t></is></c></row>')
@given(body=_rows())
def test_a_sheet_written_any_way_is_read_quickly_only_as_calamine_reads_it(tmp_path_factory, monkeypatch, body):
    book = _book_with(body, tmp_path_factory.mktemp("odd"))
    quick = _quick(book)
    calamine = _by_calamine(book, monkeypatch)
    if quick is not None:
        assert _typed(quick) == _typed(calamine)
    assert _typed(read_data_sheet(book) if not isinstance(calamine, str) else calamine) == _typed(calamine)


def test_a_usual_sheet_written_by_hand_is_read_quickly(tmp_path, monkeypatch):
    """The pattern takes the writer's every way of writing a cell (the property above then compares them), and only
    under the size the writer declares."""
    body = ('<row r="2"><c r="A2" t="inlineStr"><is><t>план</t></is></c><c r="B2" s="20" t="inlineStr"><is>'
            '<t xml:space="preserve"> 1.1</t></is></c><c r="C2" t="inlineStr" /><c r="E2" t="n"><v>-2.5e-07</v>'
            '</c><c r="F2" t="inlineStr"><is><t>a&amp;b&lt;&gt;</t></is></c></row>')
    book = _book_with(body, tmp_path)
    assert _quick(book) == [HEADER, ("план", " 1.1", "", "", -2.5e-07, "a&b<>")]
    assert _typed(_quick(book)) == _typed(_by_calamine(book, monkeypatch))
    for declared in ("A1:F3", "A1:E2", "A1:XFD1048576"):
        other = tmp_path / declared.replace(":", "-")
        other.mkdir()
        changed = _book_with(body, other)
        with zipfile.ZipFile(changed) as zf, zipfile.ZipFile(other / "sized.xlsx", "w") as out:
            for info in zf.infolist():
                out.writestr(info, zf.read(info).replace(b'<dimension ref="A1:F2" />',
                                                         f'<dimension ref="{declared}" />'.encode()))
        assert _quick(other / "sized.xlsx") is None


_WS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_ROW2 = '<row r="2"><c r="A2" t="inlineStr"><is><t>plan</t></is></c>{}</row>'


def _changed(book: Path, parts: dict, extra: tuple = (), method: int | None = None, drop: str = "") -> Path:
    """The book with parts rewritten (name → bytes → bytes; "SHEET" is the data sheet's part), members added or left
    out, the data sheet compressed another way."""
    with zipfile.ZipFile(book) as source:
        sheet = next(n for n in source.namelist() if b'<row r="1">' in source.read(n))
        out = book.with_name("changed.xlsx")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename == drop:
                    continue
                data = source.read(info)
                change = parts.get(info.filename) or (parts.get("SHEET") if info.filename == sheet else None)
                if change is not None:
                    data = change(data)
                if method is not None and info.filename == sheet:
                    info.compress_type = method
                target.writestr(info, data)
            for name, data in extra:
                target.writestr(name.replace("SHEET", sheet.replace("/", "\\")), data)
    return out


_WB, _RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
# Books a reviewer made to be read by the quick reading otherwise than by calamine (or read where the usual path
# refuses): each is now declined, and read — or refused — as calamine reads it
_DECLINED = {
    "the data sheet twice, once under a backslash name": ({}, (("SHEET", b"<worksheet/>"),), None, ""),
    "a second sheet named data, its tag followed by a tab": ({_WB: lambda b: b.replace(
        b"<sheets>", b'<sheets><sheet\tname="data" sheetId="9" state="visible" r:id="rId1" />')}, (), None, ""),
    "a second relationship of the data sheet's id in single quotes": ({_RELS: lambda b: b.replace(
        b"</Relationships>", f"<Relationship Type=\"{_WS}\" Target=\"/xl/worksheets/sheet1.xml\" Id='rId2' />"
        "</Relationships>".encode())}, (), None, ""),
    "an instruction hiding the rows from an XML reader": (
        {"SHEET": lambda b: b.replace(b"<sheetData>", b"<?x <sheetData>").replace(b"</sheetData>", b"</sheetData>?>")},
        (), None, ""),
    "a quote left open hiding the rows": ({"SHEET": lambda b: b.replace(b"<sheetData>", b"<x a='<sheetData>").replace(
        b"</sheetData>", b"</sheetData>'/>")}, (), None, ""),
    "a number in other digits": ({"SHEET": lambda b: b.replace(b"</sheetData>", _ROW2.format(
        '<c r="E2" t="n"><v>\u0663</v></c>').encode() + b"</sheetData>").replace(b"A1:F1", b"A1:F2")}, (), None, ""),
    "a control character in a text": ({"SHEET": lambda b: b.replace(b"</sheetData>", _ROW2.format(
        '<c r="F2" t="inlineStr"><is><t>x\x0b</t></is></c>').encode() + b"</sheetData>").replace(b"A1:F1", b"A1:F2")},
        (), None, ""),
    "the data sheet compressed with bzip2": ({}, (), zipfile.ZIP_BZIP2, ""),
    "no package relationships": ({}, (), None, "_rels/.rels"),
    "something after the workbook's end": ({_WB: lambda b: b + b"<"}, (), None, ""),
    "broken styles": ({"xl/styles.xml": lambda b: b[: len(b) // 2]}, (), None, ""),
    "something after the sheet's end": ({"SHEET": lambda b: b + b"<<<"}, (), None, ""),
}


@pytest.mark.parametrize("case", sorted(_DECLINED))
def test_a_book_made_to_be_read_otherwise_is_declined_and_read_as_calamine_reads_it(tmp_path, monkeypatch, case):
    parts, extra, method, drop = _DECLINED[case]
    good = _book_with("", tmp_path)
    assert _quick(good) == [HEADER]
    book = _changed(good, parts, extra, method, drop)
    assert _quick(book) is None
    calamine = _by_calamine(book, monkeypatch)
    try:
        read: object = read_data_sheet(book)
    except ImportRefused as exc:
        read = str(exc)
    assert _typed(read) == _typed(calamine)  # type: ignore[arg-type]
