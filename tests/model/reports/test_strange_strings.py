"""Strange strings in and out: refused on entry when they cannot be kept, kept as text in every output."""

import re
from dataclasses import replace

import pytest
from conftest import Q2, fill_quarter
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from model.areas import plan
from model.errors import InputRefused, WriteError
from model.quarter.data import load_period
from model.reports.sending import base_name, export_files, report_name
from model.reports.sheets import EXCEL_CELL_LIMIT, put
from model.reports.xlsx_report import write_xlsx

TYPED_AS_TEXT = {"2.1": "#N/A", "2.2": "TRUE", "2.3": "=HYPERLINK(\"http://example.org\",\"жми\")",
                 "2.4": "@SUM(1+1)*cmd|' /C calc'!A0", "2.5": "-2+3", "2.6": "00123", "2.7": "#REF!", "2.8": "ЛОЖЬ"}


def test_text_longer_than_a_cell_or_with_control_characters_is_refused_on_entry(db):
    for text in ("я" * (EXCEL_CELL_LIMIT + 1), "звонок\x07", "нуль\x00", "escape\x1b[31m"):
        with pytest.raises(InputRefused, match="длинный|управляющие"):
            plan.set_evidence(db, Q2, "2.3", text)
    assert plan.load_evidence(db, Q2) == {}
    plan.set_evidence(db, Q2, "2.3", "строка\tс табуляцией\nи переводом строки")  # these two are text
    assert plan.load_evidence(db, Q2)["2.3"].count("\n") == 1


def test_values_excel_would_read_as_formulas_errors_truths_or_numbers_stay_text(db, tmp_path):
    fill_quarter(db)
    for number, text in TYPED_AS_TEXT.items():
        plan.set_evidence(db, Q2, number, text)
    _, xlsx = export_files(db, Q2, tmp_path)
    found = {}
    for ws in load_workbook(xlsx).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in TYPED_AS_TEXT.values():
                    found[cell.value] = (cell.data_type, cell.quotePrefix)
    assert found == dict.fromkeys(TYPED_AS_TEXT.values(), ("s", True))


@pytest.mark.parametrize("value, read_back, guarded", [
    ("\t=1+1", "\t=1+1", True), ("\r=cmd|' /C calc'!A0", "\n=cmd|' /C calc'!A0", True),  # XML reads CR as LF
    ("\n@SUM(A1)", "\n@SUM(A1)", True), ("#ЗНАЧ!", "#ЗНАЧ!", True),
    ("\x00\x08управляющие", "\ufffd\ufffdуправляющие", False),  # never a broken workbook
])
def test_every_text_cell_is_written_as_text_with_its_guard(tmp_path, value, read_back, guarded):
    wb = Workbook()
    put(wb.active, 1, 1, value)
    wb.save(tmp_path / "book.xlsx")
    cell = load_workbook(tmp_path / "book.xlsx").active["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", read_back, guarded)


def test_a_text_too_long_for_a_cell_is_never_cut_silently(db, tmp_path):
    fill_quarter(db)
    data = load_period(db, Q2)
    data = replace(data, evidence={**data.evidence, "2.3": "я" * (EXCEL_CELL_LIMIT + 5)})
    (tmp_path / "out").mkdir()
    with pytest.raises(WriteError, match="не помещается в ячейку Excel"):
        write_xlsx(data, tmp_path / "out" / "отчёт.xlsx")
    assert list((tmp_path / "out").iterdir()) == []  # no file, not a cut one


@pytest.mark.parametrize("district", ['Район: "Север" <1>/2|?*\\', "CON", " . ", "\x01\x02", "«Калга»",
                                      "Городской округ № 5 (г. Сосновка)"])
def test_any_district_name_gives_a_valid_windows_file_name(db, district):
    data = load_period(db, Q2)
    name = base_name(replace(data, profile=replace(data.profile, district=district)))
    assert re.fullmatch(r"[\w-]+_2018-Q2", name)  # plain: letters, digits, «_», «-» only
    if district == "«Калга»":
        assert report_name(replace(data, profile=replace(data.profile, district=district)), ".pdf") == \
            "Калга_2018-Q2_план.pdf"
    assert name and not set(name) & set('\\/:*?"<>|') and all(ord(c) >= 32 for c in name)
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


PAYLOADS = ('<img src="/etc/passwd" width="100" height="100"/>', '<a href="file:///C:/Windows/win.ini">ссылка</a>',
            '<font color="red" size="40">красный</font>')


def test_markup_typed_by_a_user_is_printed_literally_in_the_pdf(db, tmp_path):
    from datetime import date

    import pypdfium2

    fill_quarter(db)
    for number, text in zip(("2.1", "2.2", "2.3"), PAYLOADS, strict=True):
        plan.set_evidence(db, Q2, number, text)
    plan.add_event(db, Q2, "2.6", date(2018, 5, 3), PAYLOADS[1], PAYLOADS[2])
    pdf, _ = export_files(db, Q2, tmp_path)
    raw = pdf.read_bytes()
    contents = raw + b"".join(_inflated(raw))
    for forbidden in (b"/Subtype /Image", b"/XObject", b"/Annot", b"/URI", b"/Launch"):
        assert forbidden not in raw
    assert b" 40 Tf" not in contents  # no 40-point text: the <font size> was not obeyed
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()
    for payload in PAYLOADS:
        assert payload[:24] in text  # the tags themselves are on the paper, as typed


def _inflated(raw: bytes):
    """The page streams, decompressed where they are."""
    import re
    import zlib

    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


# A workbook's text stores a character as _xHHHH_ (Excel writes a line end as _x000D_); a reader turns such a text into
# the character, so the same letters typed by a user are stored with their underscore escaped (_x005F_)
ESCAPE_LIKE = ("_x0041_", "_x005F_x0041_", "__x0041__", "_xD83D__xDE00_", "_X0041_", "код_x000D_конец",
               "_x0041_x0042_", "_x005f_")


@pytest.mark.parametrize("text", ESCAPE_LIKE)
def test_a_text_that_looks_like_a_workbooks_escape_reads_back_as_typed(tmp_path, text):
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    put(wb.active, 1, 1, text)
    wb.save(tmp_path / "book.xlsx")
    assert CalamineWorkbook.from_path(str(tmp_path / "book.xlsx")).get_sheet_by_index(0).to_python() == [[text]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["_", "x", "X", "_x", "0041", "005F", "005f", "D83D", "000D", "0", "g", "ж"]),
                min_size=1, max_size=12).map("".join))
def test_any_text_of_underscores_and_hex_digits_reads_back_as_typed(text):
    import tempfile
    from pathlib import Path

    from python_calamine import CalamineWorkbook

    wb = Workbook()
    put(wb.active, 1, 1, text)
    with tempfile.TemporaryDirectory() as folder:
        wb.save(Path(folder) / "book.xlsx")
        read = CalamineWorkbook.from_path(str(Path(folder) / "book.xlsx")).get_sheet_by_index(0).to_python()
    assert read == [[text]]


def test_a_quarter_whose_texts_look_like_escapes_is_read_back_as_typed_and_its_seal_matches(db, tmp_path):
    from datetime import date

    from model.exchange import seal
    from model.exchange.decode import decode

    fill_quarter(db)
    for number, text in zip(("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"), ESCAPE_LIKE, strict=True):
        plan.set_evidence(db, Q2, number, text)
    plan.add_event(db, Q2, "2.6", date(2018, 5, 3), "_x0041_ мероприятие", "_x0042_")
    quarter = load_period(db, Q2)
    quarter.seal_key = key = seal.new_key()
    report = decode(write_xlsx(quarter, tmp_path / "book.xlsx"))
    assert {n: report.evidence[n] for n in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8")} == \
        dict(zip(("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"), ESCAPE_LIKE, strict=True))
    assert ("_x0041_ мероприятие", "_x0042_") in {(e.place, e.topic) for e in report.events["2.6"]}
    assert seal.matches(report.content_digest, report.seal, key)  # not taken for a book changed by hand


def test_a_district_named_like_an_escape_is_named_as_typed_in_the_page_headers(db, tmp_path):
    """The district's name heads every printed page of its workbook (a header is read with the same escapes)."""
    from model.areas.profile import load_profile, save_profile

    fill_quarter(db)
    save_profile(db, replace(load_profile(db), district="Район_x0041_ & «Север»"))
    book = load_workbook(write_xlsx(load_period(db, Q2), tmp_path / "r.xlsx"))
    headers = {ws.oddHeader.left.text for ws in book.worksheets if ws.sheet_state == "visible"}
    assert headers == {"Район_x0041_ && «Север»"}  # «&» doubled: Excel prints one
