"""A methodology as a workbook and back: every shipped and example methodology survives the round trip with the very
same values (whole numbers stay whole, multi-line texts stay multi-line); a broken cell is named by its sheet, row and
column; an .ods is read too; a hostile book is refused by the bounded reader before it costs anything."""

from __future__ import annotations

import struct
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from spreadsheet_files import (
    bof,
    compound_file,
    compound_file_of,
    number_cell,
    ods_file,
    record,
    workbook_stream,
    write_ods,
    write_xls,
)

from model.methodology.loader import check_text, check_values, load_methodology
from model.methodology.rules import RULES
from model.region import methodology_book as mb

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted((ROOT / "resources" / "methodologies").glob("*.toml")) + sorted((ROOT / "docs" / "examples").glob(
    "*.toml"))


def same(a: object, b: object) -> bool:
    """Equal values of the same types: 100 stays an int, 0.25 a float, a list a list."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)  # type: ignore[attr-defined]
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def column(ws, title: str) -> int:
    return [c.value for c in ws[1]].index(title) + 1


def edited(book: Path, target: Path, sheet: str, row: int, title: str, value: object) -> Path:
    wb = load_workbook(book)
    ws = wb[sheet]
    ws.cell(row=row, column=column(ws, title)).value = value
    wb.save(target)
    return target


@pytest.fixture
def book_2018(tmp_path) -> Path:
    return mb.to_xlsx(ROOT / "resources" / "methodologies" / "popularization-2018.toml", tmp_path / "2018.xlsx")


def test_there_are_files_to_check():
    assert len(FILES) >= 2 and any(f.parent.name == "examples" for f in FILES)


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_every_methodology_survives_the_round_trip(source, tmp_path):
    book = mb.to_xlsx(source, tmp_path / "book.xlsx")
    read = mb.read_book(book)
    assert read.problems == []
    original = tomllib.loads(source.read_text(encoding="utf-8"))
    assert same(read.values, original)
    assert read.text is not None and same(tomllib.loads(read.text), original)
    assert read.methodology == load_methodology(source) == check_text(read.text, source.name)
    # and the file written from the book, written into a book again, gives the same book's values
    out = tmp_path / "back.toml"
    assert mb.from_xlsx(book, out).problems == [] and out.read_text(encoding="utf-8") == read.text
    again = mb.read_book(mb.to_xlsx(out, tmp_path / "again.xlsx"))
    assert same(again.values, original)


def test_the_book_speaks_the_methodologists_words(book_2018):
    wb = load_workbook(book_2018)
    assert wb.sheetnames == list(mb.SHEETS)
    items = wb["Пункты"]
    rules = {items.cell(row=r, column=column(items, "Правило расчёта")).value for r in range(2, items.max_row + 1)}
    assert rules == {"доля", "требования", "уровни"}
    row = next(r for r in range(2, items.max_row + 1) if items.cell(row=r, column=2).value == "1.1")
    assert items.cell(row=row, column=column(items, "Пары полей (доля A/B; через «;»)")).value == "A1/B1; A2/B2"
    assert items.cell(row=row, column=column(items, "A — часть B")).value == "да"
    fields = wb["Поля"]
    kinds = {fields.cell(row=r, column=column(fields, "Вид")).value for r in range(2, fields.max_row + 1)}
    assert kinds == {"число", "да/нет", "уровень"}
    head = wb["Методика"]
    assert [c.value for c in head[1]] == ["Параметр", "Значение", "Ключ"]
    assert head["A3"].value == "Версия" and head["B3"].value == "2018.1" and head["C3"].value == "methodology.version"
    for ws in wb.worksheets:  # headers bold and frozen, printed landscape fitted to the width, text wrapped
        assert ws.freeze_panes == "A2" and all(c.font.bold for c in ws[1])
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
        assert ws.cell(row=2, column=1).alignment.wrap_text
        assert all(ws.column_dimensions[chr(64 + n)].width >= 7 for n in range(1, ws.max_column + 1))
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A3 if ws.title == "Пункты" else ws.PAPERSIZE_A4)


def test_every_rule_has_a_name_for_people():
    assert all(rule.short and rule.short != rule.name for rule in RULES.values())
    assert len({rule.short for rule in RULES.values()}) == len(RULES)


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path):
    source = (ROOT / "docs" / "examples" / "popularization-2027.toml").read_text(encoding="utf-8")
    values = tomllib.loads(source)
    values["section"][0]["item"][0]["formula"] = "=A1/B1*100"
    values["section"][0]["item"][0]["content"] = "+7 (999) @ #N/A\nвторая строка"
    book = mb.to_xlsx(values, tmp_path / "f.xlsx")
    with zipfile.ZipFile(book) as zf:
        assert not any(b"<f>" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    read = mb.read_book(book)
    assert read.problems == [] and same(read.values, values)


def test_an_internal_name_or_an_empty_kind_is_read_too(book_2018, tmp_path):
    """A methodologist may write the rule's name from the file format; a kind left empty is the one the rule needs."""
    book = edited(book_2018, tmp_path / "a.xlsx", "Пункты", 2, "Правило расчёта", "ratios")
    book = edited(book, tmp_path / "b.xlsx", "Поля", 2, "Вид", None)
    read = mb.read_book(book)
    assert read.problems == [] and read.methodology == load_methodology(
        ROOT / "resources" / "methodologies" / "popularization-2018.toml")


@pytest.mark.parametrize(("sheet", "row", "title", "value", "words"), [
    ("Пункты", 5, "Правило расчёта", "процент", "неизвестное правило «процент»; допустимы: «доля», «требования»"),
    ("Пункты", 6, "Максимальное значение", "сто", "«сто» — не число"),
    ("Пункты", 7, "Содержание мероприятия", None, "ячейка пуста — впишите текст"),
    ("Пункты", 3, "A — часть B", "может быть", "ожидается «да» или «нет»"),
    ("Пункты", 2, "Пары полей (доля A/B; через «;»)", "A1-B1", "пара «A1-B1» не читается"),
    ("Поля", 3, "Вид", "уровень", "должно быть вида «число»"),
    ("Варианты", 3, "Значение", "x", "«x» — не число"),
    ("Методика", 3, "Значение", "2018 1", "с пробелом внутри"),
    ("Методика", 4, "Значение", "в 2018", "не год"),
    ("Разделы", 3, "Делитель", 5, "(700) / делитель 5 = 140, а максимум раздела 100"),
])
def test_a_broken_cell_is_named_by_sheet_row_and_column(book_2018, tmp_path, sheet, row, title, value, words):
    book = edited(book_2018, tmp_path / "bad.xlsx", sheet, row, title, value)
    out = tmp_path / "bad.toml"
    read = mb.from_xlsx(book, out)
    assert read.methodology is None and read.text is None and not out.exists()
    at = [p for p in read.problems if (p.sheet, p.row, p.column) == (sheet, row, title)]
    assert at, [p.text for p in read.problems]
    assert all(p.text.startswith(f"лист «{sheet}», строка {row}, столбец «{title}»: ") for p in at)
    assert any(words in p.text for p in at), [p.text for p in read.problems]


def test_an_unknown_rule_parameter_is_said_in_the_sheets_words(book_2018, tmp_path):
    book = edited(book_2018, tmp_path / "w.xlsx", "Пункты", 8, "Вес требования", 0.5)  # 2.2 is scored by levels
    [problem] = mb.read_book(book).problems
    assert problem.text == ("лист «Пункты», строка 8, столбец «Вес требования»: у правила «уровни» нет параметра "
                            "«Вес требования»")


def test_a_missing_sheet_or_column_is_said_and_nothing_else(book_2018, tmp_path):
    wb = load_workbook(book_2018)
    del wb["Варианты"]
    wb["Поля"].cell(row=1, column=column(wb["Поля"], "Подсказка")).value = "Пояснение"
    wb.save(tmp_path / "broken.xlsx")
    read = mb.read_book(tmp_path / "broken.xlsx")
    assert [p.text for p in read.problems] == [
        "лист «Поля», строка 1, столбец «Подсказка»: нет такого столбца (заголовки столбцов — в первой строке): "
        "верните его или выгрузите методику в книгу заново",
        "лист «Варианты»: в книге нет листа «Варианты» — листы книги: Методика, Разделы, Пункты, Поля, Варианты; "
        "верните лист или выгрузите методику в книгу заново"]
    assert read.values is None and read.text is None


def test_a_header_row_that_names_no_parameter(book_2018, tmp_path):
    wb = load_workbook(book_2018)
    wb["Методика"].append([None, "что-то", None])
    wb["Методика"].append(["Срок действия", "год", None])
    wb.save(tmp_path / "head.xlsx")
    texts = [p.text for p in mb.read_book(tmp_path / "head.xlsx").problems]
    assert texts[0] == ("лист «Методика», строка 13, столбец «Параметр»: не указано, какой это параметр: впишите его "
                        "название в столбец «Параметр» или ключ в столбец «Ключ»")
    assert texts[1].startswith("лист «Методика», строка 14, столбец «Параметр»: неизвестный параметр «Срок действия»: "
                               "параметры методики — «Обозначение методики (латинскими буквами)», «Версия»")


def test_an_item_of_no_section_and_an_input_of_no_item(book_2018, tmp_path):
    book = edited(book_2018, tmp_path / "a.xlsx", "Пункты", 4, "Раздел", "9")
    read = mb.read_book(book)
    texts = [p.text for p in read.problems]
    assert "лист «Пункты», строка 4, столбец «Раздел»: раздела «9» нет на листе «Разделы»" in texts
    # the inputs of the item left out have no item now: each is named
    assert any(p.sheet == "Поля" and p.column == "Пункт" and "пункта «1.3» нет" in p.message for p in read.problems)


def test_a_new_item_needs_no_section_number_when_its_own_says_it(book_2018, tmp_path):
    book = edited(book_2018, tmp_path / "a.xlsx", "Пункты", 2, "Раздел", None)
    assert mb.read_book(book).problems == []


def test_a_refused_methodology_file_is_not_written_into_a_book(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "docs" / "examples" / "popularization-2027.toml").read_text(encoding="utf-8")
                   .replace('rule = "levels"', 'rule = "procent"', 1), encoding="utf-8")
    with pytest.raises(mb.MethodologyError, match="неизвестное правило «procent»"):
        mb.to_xlsx(bad, tmp_path / "bad.xlsx")
    assert not (tmp_path / "bad.xlsx").exists()


# -- other formats and hostile books -------------------------------------------------------------------------------
@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("write", [write_ods, write_xls], ids=["ods", "xls"])
def test_an_ods_or_xls_book_is_read_the_same(source, write, tmp_path):
    other = write(mb.to_xlsx(source, tmp_path / "book.xlsx"), tmp_path / f"book.{write.__name__[-3:]}")
    read = mb.read_book(other)
    assert read.problems == [], [p.text for p in read.problems]
    assert same(read.values, tomllib.loads(source.read_text(encoding="utf-8")))


@pytest.mark.parametrize("kind", ["ods", "xls", "xlsx"])
def test_a_book_saved_by_libreoffice_is_read_the_same(kind):
    """The 2027 example's book opened in LibreOffice Calc 7.4 and saved as .ods, .xls and .xlsx (tests/fixtures/
    methodology-2027/, made once with `soffice --convert-to`: the suite does not need LibreOffice)."""
    source = ROOT / "docs" / "examples" / "popularization-2027.toml"
    read = mb.read_book(ROOT / "tests" / "fixtures" / "methodology-2027" / f"saved-by-libreoffice.{kind}")
    assert read.problems == [], [p.text for p in read.problems]
    assert same(read.values, tomllib.loads(source.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("tables", "words"), [
    ('<table:table table:name="Методика"><table:table-row table:number-rows-repeated="200000"><table:table-cell '
     'table:number-columns-repeated="50" office:value-type="float" office:value="1"/></table:table-row>'
     "</table:table>", "больше 400\xa0000 ячеек"),
    ('<table:table table:name="Методика"><table:table-row><table:table-cell office:value-type="float" '
     'office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1000000"/><t:table-row '
     'xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><t:table-cell t:number-columns-repeated="9000"/>'
     '<t:table-cell office:value-type="float" office:value="1"/></t:table-row></table:table>',
     "далеко за пределами"),
    ('<table:table table:name="Методика"><table:table-row table:number-rows-repeated="1600000"/><table:table '
     'table:name="вложенная"><table:table-row><table:table-cell table:number-columns-repeated="58"/><table:table-cell '
     'office:value-type="float" office:value="1"/></table:table-row></table:table></table:table>',
     "строки 1\xa0600\xa0001"),
    ('<table:table table:name="Методика"><table:table-row><table:table-cell office:value-type="string"><text:p>a'
     '<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row></table:table>',
     "больше 1\xa0000\xa0000 пробелов"),
    # a repeat glued to the attribute before it, and a repeat written twice, the larger first: calamine reads both
    ('<table:table table:name="Методика"><table:table-row table:style-name="ro1"table:number-rows-repeated="200000">'
     '<table:table-cell table:number-columns-repeated="50" office:value-type="float" office:value="1"/>'
     "</table:table-row></table:table>", "больше 400\xa0000 ячеек"),
    ('<table:table table:name="Методика"><table:table-row><table:table-cell table:number-columns-repeated="9000" '
     'table:number-columns-repeated="1" office:value-type="float" office:value="1"/></table:table-row>'
     "</table:table>", "далеко за пределами"),
    # a «<» inside a tag (calamine's reader takes it as a letter of it), and a row begun inside a repeated row (no row
    # to calamine: the cells go on in the first, repeated with it)
    ('<table:table table:name="Методика"><table:table-row table:number-rows-repeated="1000000" <><table:table-cell '
     'office:value-type="float" office:value="1"/></table:table-row></table:table>', "лишний знак «<»"),
    # one long text in a cell repeated across columns and rows: calamine copies it into each (1,45 GB from 8,6 KB)
    ('<table:table table:name="Методика"><table:table-row table:number-rows-repeated="10"><table:table-cell '
     'table:number-columns-repeated="6" office:value-type="string"><text:p>' + "а" * 1_500_000 + "</text:p>"
     "</table:table-cell></table:table-row></table:table>", "занял бы больше 128 МБ памяти"),
    ('<table:table table:name="Методика"><table:table-row table:number-rows-repeated="200000"><table:table-row>'
     '<table:table-cell table:number-columns-repeated="50" office:value-type="float" office:value="1"/>'
     "</table:table-row></table:table>", "больше 400\xa0000 ячеек"),
])
def test_a_hostile_ods_is_refused_before_the_reader_sees_it(tmp_path, tables, words):
    read = mb.read_book(ods_file(tmp_path / "hostile.ods", tables))
    [problem] = read.problems
    assert words in problem.text and "Файл отклонён" in problem.text and read.values is None


SHEET = {"Методика": [("Параметр", "Значение", "Ключ"), ("Год", 2018, "methodology.year")]}


def _one_string_named_by(characters: int, rows: int, columns: int) -> bytes:
    """A workbook stream whose shared string table holds one string of `characters` letters, named by every cell of a
    sheet of rows × columns (calamine copies it into each: 65 000 letters named by 18 000 cells took 3,5 GB)."""
    table = record(0x00FC, struct.pack("<IIHB", rows * columns, 1, characters, 0) + b"a" * characters)
    cells = b"".join(record(0x00FD, struct.pack("<HHHI", r, c, 15, 0)) for r in range(rows) for c in range(columns))
    sheet = bof(0x0010) + record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0)) + cells + record(0x000A)

    def head(at: int) -> bytes:
        return (bof(0x0005) + record(0x0042, struct.pack("<H", 1200)) + table +
                record(0x0085, struct.pack("<IBBBB", at, 0, 0, 1, 1) + "S".encode("utf-16-le")) + record(0x000A))
    return head(len(head(0))) + sheet


@pytest.mark.parametrize(("data", "words"), [
    (compound_file(_one_string_named_by(65_000, 20, 60)), "строка текста в 65\xa0000 знаков"),
    (compound_file(workbook_stream(SHEET, extra=number_cell(60_000, 200, 1))), "далеко за пределами"),
    (compound_file(workbook_stream(SHEET, extra=record(0x00BE, struct.pack("<HHHH", 3, 0, 15, 255)))),
     "256-го столбца"),
    (compound_file(workbook_stream(SHEET, extra=b"".join(record(0x00BE, struct.pack("<HH60HH", r, 0, *[15] * 60, 59))
                                                        for r in range(7000)))), "больше 400\xa0000 ячеек"),
    (compound_file(workbook_stream(SHEET, extra=record(0x00FC, struct.pack("<II", 4_000_000_000, 9)))),
     "строк текста"),
    (compound_file(workbook_stream(SHEET), declared=4_000_000_000), "объявлена размером"),
    (compound_file(workbook_stream(SHEET), loop=True), "замкнута в кольцо"),
    (compound_file(workbook_stream(SHEET, extra=record(0x0200, struct.pack("<IIHHH", 0, 1_000_000, 0, 16384, 0)))),
     "объявлен размер листа"),
    # the size in its short form (two-byte rows), and the first row after the last: calamine aborted on both
    (compound_file(workbook_stream(SHEET, extra=record(0x0200, struct.pack("<HHHHH", 0, 65535, 0, 65535, 0)))),
     "объявлен размер листа"),
    (compound_file(workbook_stream(SHEET, extra=record(0x0200, struct.pack("<IIHHH", 2, 1, 0, 1, 0)))),
     "первой строкой 3 после последней"),
    (compound_file(workbook_stream(SHEET, offset=10**6)), "лист объявлен за пределами книги"),
    (compound_file(workbook_stream(SHEET, extra=record(0x002F, bytes(54)))), "hostile.xls защищена паролем"),
])
def test_a_hostile_xls_is_refused_before_the_reader_sees_it(tmp_path, data, words):
    (tmp_path / "hostile.xls").write_bytes(data)
    read = mb.read_book(tmp_path / "hostile.xls")
    [problem] = read.problems
    assert words in problem.text and read.values is None, problem.text


def test_a_sheet_the_reader_jumps_to_is_scanned_where_it_jumps(tmp_path):
    """A sheet declared to start inside another record (a CONTINUE record's body): a scan that only went along would
    skip that body whole, a reader jumps into it and finds a far cell."""
    plain = workbook_stream({"Методика": [("x",)]})
    inside = bof(0x0010) + number_cell(60_000, 200, 1) + record(0x000A)
    crafted = workbook_stream({"Методика": [("x",)]}, offset=len(plain) + 4 + 2)
    crafted += record(0x003C, b"\0\0" + inside)
    (tmp_path / "jump.xls").write_bytes(compound_file(crafted))
    [problem] = mb.read_book(tmp_path / "jump.xls").problems
    assert "ячейка 201-го столбца строки 60\xa0001 далеко за пределами" in problem.text, problem.text


def test_a_sheet_holding_an_embedded_block_is_scanned_to_its_own_end(tmp_path):
    """A sheet (reached through its offset, inside another record's body) holding an embedded block — a chart's
    BOF … EOF — and a far cell after it: calamine reads on past the block's EOF to the sheet's own."""
    hidden = bof(0x0010) + number_cell(0, 0, 1) + bof(0x0020) + record(0x000A) + number_cell(65535, 65535, 1) + \
        record(0x000A)
    plain = workbook_stream(SHEET, extra=record(0x00EF, hidden))
    crafted = workbook_stream(SHEET, extra=record(0x00EF, hidden), offset=plain.find(hidden))
    (tmp_path / "block.xls").write_bytes(compound_file(crafted))
    [problem] = mb.read_book(tmp_path / "block.xls").problems
    assert "ячейка 65\xa0536-го столбца строки 65\xa0536" in problem.text, problem.text


@pytest.mark.parametrize(("streams", "cutoff", "words"), [
    # two entries named Workbook: calamine reads the first, a directory kept by name the last
    ([("Workbook", workbook_stream(SHEET, extra=number_cell(65535, 65535, 1))), ("Workbook", workbook_stream(SHEET))],
     4096, "две части с именем «Workbook»"),
    ([("Workbook", workbook_stream(SHEET))], 2048, "граница малых частей"),
])
def test_a_compound_file_a_reader_would_read_otherwise_is_refused(tmp_path, streams, cutoff, words):
    (tmp_path / "odd.xls").write_bytes(compound_file_of(streams, cutoff))
    [problem] = mb.read_book(tmp_path / "odd.xls").problems
    assert words in problem.text, problem.text


def test_a_hostile_xlsx_is_refused_by_the_bounded_reader(book_2018, tmp_path):
    target = tmp_path / "far.xlsx"
    with zipfile.ZipFile(book_2018) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                                     b"</sheetData>")
            dst.writestr(info, data)
    [problem] = mb.read_book(target).problems
    assert "Лист «Пункты»" in problem.text and "далеко за пределами" in problem.text


def test_sheets_that_would_fill_gigabytes_together_are_refused(book_2018, tmp_path):
    """Each sheet within the bounds, but six sheet entries pointing at one part whose cells stand at A1 and BH50001:
    calamine makes each a full rectangle of three million cells (40 such took 1,2 GB)."""
    target = tmp_path / "corners.xlsx"
    corners = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
               b'<row r="1"><c r="A1"><v>1</v></c></row><row r="50001"><c r="BH50001"><v>1</v></c></row>'
               b"</sheetData></worksheet>")
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    with zipfile.ZipFile(book_2018) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b"".join(
                    b'<sheet name="c%d" sheetId="%d" r:id="rIdC%d"/>' % (n, 90 + n, n) for n in range(6)) +
                    b"</sheets>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b"".join(
                    b'<Relationship Id="rIdC%d" Type="%s" Target="/xl/worksheets/corners.xml"/>' % (n, kind.encode())
                    for n in range(6)) + b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/worksheets/corners.xml", corners)
    [problem] = mb.read_book(target).problems
    assert "ячеек вместе" in problem.text and "Файл отклонён" in problem.text, problem.text


def test_a_damaged_old_excel_book_is_refused_with_a_way_out(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    [problem] = mb.read_book(old).problems
    assert "Excel 97–2003" in problem.text and "сохраните её как «Книга Excel (.xlsx)»" in problem.text


# -- any text the loader accepts comes back as it was ----------------------------------------------------------------
_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Cf", "Zl", "Zp")) | st.sampled_from(
    "\n\t =+-@#'\"«»<>&"), min_size=1, max_size=60).filter(lambda t: t.strip() != "")
_NUMBER = st.one_of(st.integers(0, 10**6), st.floats(0.000001, 1e6, allow_nan=False, allow_infinity=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_TEXT, results=_TEXT, hint=_TEXT, option=_TEXT, value=_NUMBER)
def test_any_text_and_number_the_loader_accepts_comes_back_as_it_was(tmp_path, content, results, hint, option, value):
    values = tomllib.loads((ROOT / "docs" / "examples" / "popularization-2027.toml").read_text(encoding="utf-8"))
    item = values["section"][1]["item"][2]  # 2.3: two levels
    item["content"], item["results"], item["input"][0]["hint"] = content, results, hint
    item["input"][0]["options"][0]["text"] = option.replace("\n", " ").replace("\t", " ")
    values["section"][1]["item"][0]["input"][0]["label"] = f"{value}"  # a text that reads as a number stays text
    if check_values(values)[1]:
        return  # not a methodology (a text with spaces where the loader wants none…): nothing to write
    read = mb.read_book(mb.to_xlsx(values, tmp_path / "any.xlsx"))
    assert read.problems == [] and same(read.values, values)
