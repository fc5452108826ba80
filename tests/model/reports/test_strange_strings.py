"""Strange strings in and out: refused on entry when they cannot be kept, kept as text in every output."""

import re
from dataclasses import replace

import pytest
from conftest import Q2, fill_quarter
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
