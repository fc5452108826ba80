"""A methodology as a workbook and back: every shipped and example methodology survives the round trip with the very
same values (whole numbers stay whole, multi-line texts stay multi-line); a broken cell is named by its sheet, row and
column; an .ods is read too; a hostile book is refused by the bounded reader before it costs anything."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook

from model.methodology.loader import check_text, load_methodology
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
def write_ods(book: Path, target: Path) -> Path:
    """The book's values as a LibreOffice table (.ods), written as LibreOffice writes one: typed cells, a paragraph
    per line, the empty rest of each row and of the sheet as repeated empty cells. (LibreOffice itself is not
    installed where the tests run.)"""
    wb = load_workbook(book)
    parts = []
    for ws in wb.worksheets:
        parts.append(f'<table:table table:name="{escape(ws.title)}">')
        for row in ws.iter_rows(values_only=True):
            parts.append("<table:table-row>")
            for value in row:
                if value is None:
                    parts.append("<table:table-cell/>")
                elif isinstance(value, int | float):
                    parts.append(f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
                    parts.append(f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>')
            parts.append('<table:table-cell table:number-columns-repeated="16300"/></table:table-row>')
        parts.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                     'table:number-columns-repeated="16384"/></table:table-row></table:table>')
    return _ods(target, "".join(parts))


def _ods(target: Path, tables: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
                    zipfile.ZIP_DEFLATED)
    return target


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_an_ods_book_is_read_the_same(source, tmp_path):
    ods = write_ods(mb.to_xlsx(source, tmp_path / "book.xlsx"), tmp_path / "book.ods")
    read = mb.read_book(ods)
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
])
def test_a_hostile_ods_is_refused_before_the_reader_sees_it(tmp_path, tables, words):
    read = mb.read_book(_ods(tmp_path / "hostile.ods", tables))
    [problem] = read.problems
    assert words in problem.text and "Файл отклонён" in problem.text and read.values is None


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


def test_an_old_excel_book_is_refused_with_a_way_out(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    [problem] = mb.read_book(old).problems
    assert "Excel 97–2003 (.xls)" in problem.text and "сохраните как «Книга Excel (.xlsx)»" in problem.text
