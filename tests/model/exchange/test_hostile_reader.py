"""The one way a spreadsheet is opened, against files that ask the reader for the world, through the real command
line: `import`, `consolidate` beside good books, and `consolidate --expected`. A sheet's declared size, every cell's
place, the number of cells and of shared strings are bounded before calamine sees the file (one cell at XFD1048576
aborted the whole process); a DTD is refused; a formula without its computed value is refused where it is read.
An import gives the quarter exactly the book's data, or refuses a book that lacks rows every export writes.

Each refusal: the exit code of the contract, one Russian message naming the file, the database unchanged table by
table, no backup made and no output folder written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import command_line
import hostile_files as h
import pytest
from command_line import main_py
from conftest import Q2
from region_books import make_books, write_expected
from russian_output import assert_russian, folder_state, tables

from model.exchange import decode
from model.quarter.data import load_period
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[3]
database, filled = command_line.database, command_line.filled  # the shared fixtures
LIMITS = "не больше 50\u00a0000 строк и 60 столбцов"


def run(*args, timeout=120):
    return main_py(*args, timeout=timeout)




def _plan_row(item: str, field: str):
    return lambda r: not (r[0] == "plan" and r[1] == item and r[2] == field)


def _far_attribute(source: Path, target: Path) -> Path:
    """A far reference after a quoted «>»: a scan that stops at the first «>» would not see it."""
    return h.extra_cell(source, target, '<c s=">" r="XFD1048576"><v>1</v></c>')


def _prefixed(source: Path, target: Path, x: str = "x") -> Path:
    """A far cell written with a namespace prefix, as some programs write every element (calamine reads it)."""
    return h.with_sheet_edit(source, target, lambda t: t.replace(
        "<worksheet ", f'<worksheet xmlns:{x}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1).replace(
        "</sheetData>", f'<{x}:row r="7000"><{x}:c r="XFD7000"><{x}:v>1</{x}:v></{x}:c></{x}:row></sheetData>'))


# an empty text far away: calamine aborts on it as on a value (a cell that only carries a style it skips)
EMPTY_FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'

# name → (maker, words the message must hold)
IMPORT_CASES = {
    "far_cell_xfd1048576": (h.far_cell, "далеко за пределами выгрузки"),
    "far_cell_xfd5000": (lambda s, t: h.far_cell(s, t, "XFD5000"), "в столбце 16\u00a0384, строке 5\u00a0000"),
    "far_empty_inline_string": (lambda s, t: h.extra_row(s, t, EMPTY_FAR), "строка 1\u00a0048\u00a0576"),
    "column_just_beyond": (lambda s, t: h.extra_cell(s, t, '<c r="BI2"><v>1</v></c>'), "ячейка BI2"),
    "row_just_beyond": (lambda s, t: h.far_cell(s, t, "A50002"), "строка 50\u00a0002"),
    "far_dimension": (h.far_dimension, "размер листа до столбца 16\u00a0384 и строки 1\u00a0048\u00a0576"),
    "huge_row_implied_cells": (h.huge_row_number, "строка 1\u00a0048\u00a0576"),
    "implied_cell_far_right": (lambda s, t: h.extra_row(s, t, '<row r="9">' + "<c/>" * 61 + "</row>"),
                               "61-го столбца"),
    "many_cells": (h.many_cells, "больше 400\u00a0000 ячеек"),
    "unreadable_reference": (lambda s, t: h.extra_cell(s, t, '<c r="1A"><v>1</v></c>'), "адрес ячейки «1A»"),
    "unreadable_row_number": (lambda s, t: h.extra_row(s, t, '<row r="x9"><c><v>1</v></c></row>'),
                              "номер строки «x9»"),
    "quoted_angle_hides_far_cell": (_far_attribute, "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "prefixed_far_cell": (_prefixed, "в столбце 16\u00a0384, строке 7\u00a0000"),
    "cyrillic_prefix_far_cell": (lambda s, t: _prefixed(s, t, "ж"), "в столбце 16\u00a0384, строке 7\u00a0000"),
    "two_references_the_last_far": (lambda s, t: h.extra_cell(s, t, '<c r="A2" r="XFD5000"><v>1</v></c>'),
                                     "2 адреса сразу"),
    # attributes glued together (no space before r=, ref=): calamine reads them, and aborted on these
    "glued_far_reference": (lambda s, t: h.extra_cell(s, t, '<c t="n"r="XFD1048576"><v>1</v></c>'),
                            "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "glued_far_row": (lambda s, t: h.extra_row(s, t, '<row spans="1:1"r="1048576"><c><v>1</v></c></row>'),
                      "строка 1\u00a0048\u00a0576"),
    "glued_far_dimension": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "<dimension ", '<dimension x="1"ref="A1:XFD1048576" ', 1)), "размер листа до столбца 16\u00a0384"),
    "sheet_outside_worksheets": (h.sheet_elsewhere, "в столбце 16\u00a0384, строке 5\u00a0000"),
    # found by trying files on the reader: a prefix calamine's XML reader takes (empty, with = ! ? /), a quoted «<row»
    # that cut the sheet where it was read in pieces, rows left open (a cell's column counts on), ends of rows alone
    "empty_prefix_far_cell": (lambda s, t: h.extra_row(s, t, '<row r="3"><:c r="XFD1048576"><v>1</v></:c></row>'),
                              "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "odd_prefix_far_cell": (lambda s, t: h.extra_row(s, t, '<row r="3"><a/:c r="XFD1048576"><v>1</v></a/:c></row>'),
                            "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "quoted_row_tag_before_a_far_cell": (
        lambda s, t: h.extra_cell(s, t, '<c r="XFD1048576" a="<row"><v>1</v></c>'),
        "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "rows_left_open": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", ('<row r="3">' + "<c/>" * 59) * 2 + "<c><v>1</v></c></sheetData>")), "61-го столбца строки 3"),
    "ends_of_rows_alone": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", '<row r="50000"><row><row></row></row></row><c><v>1</v></c></sheetData>')),
        "строки 50\u00a0003"),
    # the second round: a «<» inside a tag; a quote in a comment, a processing instruction or another tag's value (a
    # pattern reading tags anywhere took the far cell after it for that tag's text); row ends and starts spelled
    # otherwise than calamine's reader takes them
    "bare_angle_in_a_cell_tag": (lambda s, t: h.extra_row(
        s, t, '<row r="3"><c r="XFD1048576" s="0" t="n"<><v>1</v></c></row>'), "лишний знак «<»"),
    "quote_in_a_comment": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", '<!--<c a="--><c r="XFD1048576"><v>1</v></c><!--"--></sheetData>')), "комментарий"),
    "quote_in_another_tags_value": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", """<x y='<c a="'/><c r="XFD1048576"><v>1</v></c><c r="E3" t="inlineStr"><is><t>"></t></is>"""
        "</c></sheetData>")), "в столбце 16\u00a0384, строке 1\u00a0048\u00a0576"),
    "row_end_with_a_form_feed": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", ('<row r="9">' + "<c/>" * 59 + "</row\x0c>") * 2 + "</sheetData>")), "управляющие символы"),
    "row_end_with_an_attribute": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", ('<row r="9">' + "<c/>" * 59 + '</row a="1">') * 2 + "</sheetData>")), "61-го столбца"),
    "shared_strings_bare_angle": (lambda s, t: h.shared_strings_count(s, t, tail=" <"), "лишний знак «<»"),
    # a prefix holding a quoted «>» (the reader's name runs to a space: <a">":c/> is a cell to it), cells without a
    # reference pushed far right: the quick bound took the sheet for a usual one
    "quoted_prefix_cells_pushed_right": (lambda s, t: h.extra_row(
        s, t, '<row r="9">' + '<a">":c/>' * 100 + '<a">":c><v>1</v></a">":c></row>'), "61-го столбца строки 9"),
    # the third round: row tags inside a cell's value (calamine reads on to the value's end: no row to it)
    "row_tags_inside_a_value": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", '<row r="50001">' + '<c><v>1</row><row r="50001"></v></c>' * 100 + "</row></sheetData>")),
        "в значении ячейки записана разметка"),
    "row_tags_inside_a_text": (lambda s, t: h.with_sheet_edit(s, t, lambda x: x.replace(
        "</sheetData>", '<row r="50001">' + '<c t="inlineStr"><is><t>x</t></row><row r="50001"></is></c>' * 100 +
        "</row></sheetData>")), "в значении ячейки записана разметка"),
    # the fourth round: a long shared string and the cells that may name it (calamine copies it into each)
    "long_shared_string": (h.long_shared_string, "строка текста длиной 1\u00a0000\u00a00"),
    "sheet_target_glued_to_its_type": (h.sheet_elsewhere_glued, "в столбце 16\u00a0384, строке 5\u00a0000"),
    "sheet_target_as_written": (h.sheet_target_as_written, "в столбце 16\u00a0384, строке 5\u00a0000"),
    "workbook_outside_xl": (h.workbook_elsewhere, "лежит не на своём месте"),
    "same_part_twice": (h.duplicate_member, "записана в нём дважды"),
    "ods_inside_named_ods": (h.ods_inside, "таблица LibreOffice"),
    "ods_inside_other_mimetype": (lambda s, t: h.ods_inside(s, t, " Application/X-Spreadsheet"),
                                  "архив, но не книга Excel"),
    "date_out_of_the_calendar": (h.date_out_of_range, "дата вне календаря"),
    "deflate64_part": (h.odd_compression, "сжат способом, которого Excel не использует"),
    "part_flagged_encrypted": (lambda s, t: h.odd_compression(s, t, 8, encrypted=True), "зашифрована паролем архива"),
    "zip_version_from_the_future": (h.future_zip_version, "повреждён или обрезан"),
    "tag_that_never_closes": (h.unclosed_tag, "не читается"),
    "doctype_entity": (h.doctype_entities, "объявлены XML-сущности"),
    "external_entity": (h.external_entity, "объявлены XML-сущности"),
    "billion_laughs": (h.billion_laughs, "объявлены XML-сущности"),
    "shared_strings_declared_count": (h.shared_strings_count, "объявлено 4000000000 строк текста"),
    "shared_strings_count_glued": (lambda s, t: h.shared_strings_count(s, t, glued=True),
                                   "объявлено 4000000000 строк текста"),
    "formula_without_value": (lambda s, t: h.formula_without_value(s, t, 20), "строка 20, столбец E: формула без"),
    "formula_with_an_empty_value": (lambda s, t: h.formula_without_value(s, t, 20, value="<v />"),
                                    "строка 20, столбец E: формула без"),
    "hyperlink_formula_with_an_empty_value": (
        lambda s, t: h.formula_without_value(s, t, 3, value="<v></v>", formula='HYPERLINK("http://x","Район")'),
        "строка 3, столбец E: формула без"),
    "removed_plan_row": (lambda s, t: h.without_rows(s, t, _plan_row("1.1", "A1")), "пункт 1.1, «"),
    "removed_score_row": (lambda s, t: h.without_rows(s, t, lambda r: not (r[0] == "score" and r[1] == "2")),
                          "оценка раздела 2"),
    "emptied_plan_values": (lambda s, t: h.without_rows(s, t, lambda r: r[0] != "plan"), "и ещё"),
}


WHOLE_BOOK_CASES = {"removed_plan_row", "removed_score_row", "emptied_plan_values"}
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # the hash of no bytes


@pytest.mark.parametrize("case", sorted(IMPORT_CASES))
def test_a_hostile_book_is_refused_by_import_and_changes_nothing(filled, database, tmp_path, case):
    make, words = IMPORT_CASES[case]
    book = make(filled[1], tmp_path / ("книга.ods" if case.startswith("ods_") else "книга.xlsx"))
    before, folder_before = tables(database), folder_state(database.parent)
    out = run("import", "--db", database, book, timeout=60)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("Ошибка: ") and book.name in out.stderr, out.stderr
    assert words in out.stderr, out.stderr
    assert_russian(out.stderr, book, database)
    assert tables(database) == before
    after = folder_state(database.parent)
    if case in WHOLE_BOOK_CASES:  # refused once the database is held: its lock file stays, empty, by design
        assert after.pop(database.name + ".lock", EMPTY) == EMPTY
    assert after == folder_before  # no backup was made either


def test_the_far_cell_aborts_calamine_itself(filled, tmp_path):
    """Why the bound is there: calamine, given the file unchecked, kills the process (a Rust abort, exit 134)."""
    book = h.far_cell(filled[1], tmp_path / "книга.xlsx")
    code = ("import sys; from python_calamine import CalamineWorkbook as W; "
            "W.from_path(sys.argv[1]).get_sheet_by_name('data').to_python()")
    out = subprocess.run([sys.executable, "-c", code, str(book)], capture_output=True, timeout=60)
    assert out.returncode not in (0, 1)  # killed by the abort (SIGABRT), not an exception Python could catch


def test_a_book_missing_rows_names_how_many(filled, database, tmp_path):
    book = h.without_rows(filled[1], tmp_path / "книга.xlsx", lambda r: r[0] != "plan")
    out = run("import", "--db", database, book)
    assert out.returncode == 2
    assert "не хватает 19 строк" in out.stderr and "пункт 1.1, «" in out.stderr and "и ещё 14" in out.stderr
    assert "База данных не изменена" in out.stderr


@pytest.mark.parametrize("kind", [pytest.param("pipe", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"),
                                                                                reason="no named pipes here")),
                                  "folder"])
def test_a_name_that_is_not_a_file_is_never_opened_by_the_reader(tmp_path, kind):
    """read_sheet itself (the window's way in too) refuses a pipe before opening it: open() would wait forever."""
    name = tmp_path / "канал.xlsx"
    os.mkfifo(name) if kind == "pipe" else name.mkdir()
    code = ("import sys; from model.exchange.sheet import read_sheet\n"
            "try:\n    read_sheet(sys.argv[1])\nexcept Exception as exc:\n    print(exc)")
    out = subprocess.run([sys.executable, "-c", code, str(name)], capture_output=True, text=True, timeout=30,
                         cwd=ROOT)
    assert out.returncode == 0
    assert ("не обычный файл" if kind == "pipe" else "папка") in out.stdout
    assert_russian(out.stdout, name)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    return root, make_books(root / "книги", 5, seed=31)


MERGE_CASES = {
    "далеко.xlsx": h.far_cell,
    "размер.xlsx": h.far_dimension,
    "строка.xlsx": h.huge_row_number,
    "сущность.xlsx": h.doctype_entities,
    "строки_текста.xlsx": h.shared_strings_count,
    "формула.xlsx": lambda s, t: h.formula_without_value(s, t, 20),
    "ячейки.xlsx": h.many_cells,
    "дата.xlsx": h.date_out_of_range,
    "книга_не_в_xl.xlsx": h.workbook_elsewhere,  # aborted the whole merge
    "пустой_префикс.xlsx": lambda s, t: h.extra_row(s, t, '<row r="3"><:c r="XFD1048576"><v>1</v></:c></row>'),
    "кавычка.xlsx": lambda s, t: h.extra_cell(s, t, '<c r="XFD1048576" a="<row"><v>1</v></c>'),
    "длинная_строка.xlsx": h.long_shared_string,
}


def test_the_merge_names_each_hostile_book_and_keeps_every_good_one(region, tmp_path):
    root, books = region
    folder = tmp_path / "книги"
    shutil.copytree(root / "книги", folder)
    for name, make in MERGE_CASES.items():
        make(books[0].path, folder / name)
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", folder, timeout=300)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert {d["oktmo"] for d in data["districts"]} == {b.oktmo for b in books}
    reasons = {p["file"]: p["reason"] for p in data["problems"]}
    assert set(reasons) == set(MERGE_CASES), reasons
    for name, reason in reasons.items():
        assert_russian(reason, name)
    assert sorted(p.name for p in (tmp_path / "свод").iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]
    assert out.stderr == ""


EXPECTED_CASES = {
    "far_cell": (h.far_cell, "далеко за пределами"),
    "far_dimension": (h.far_dimension, "объявлен размер"),
    "doctype": (h.doctype_entities, "объявлены XML-сущности"),
    "shared_strings": (h.shared_strings_count, "строк текста"),
    "formula": (lambda s, t: h.formula_without_value(s, t, 2, "B"), "строка 2, столбец B: формула без"),
    "formula_with_an_empty_value": (lambda s, t: h.formula_without_value(s, t, 2, "B", value="<v/>"),
                                    "строка 2, столбец B: формула без"),
}


@pytest.mark.parametrize("case", sorted(EXPECTED_CASES))
def test_a_hostile_expected_list_is_refused_before_anything_is_written(region, tmp_path, case):
    root, books = region
    make, words = EXPECTED_CASES[case]
    good = write_expected(tmp_path / "хороший.xlsx", books)
    listed = make(good, tmp_path / "список.xlsx")
    out = run("consolidate", "--period", "2018-Q2", "--expected", listed, "--out", tmp_path / "свод",
              root / "книги", timeout=60)
    assert out.returncode == 2, out.stderr
    assert words in out.stderr and "список.xlsx" in out.stderr, out.stderr
    assert_russian(out.stderr, listed, "Sheet")  # the list's sheet is called as its author called it
    assert not (tmp_path / "свод").exists()


def test_the_expected_list_unchanged_is_still_read(region, tmp_path):
    root, books = region
    listed = write_expected(tmp_path / "список.xlsx", books)
    out = run("consolidate", "--period", "2018-Q2", "--expected", listed, "--out", tmp_path / "свод", "--json",
              root / "книги", timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["missing"] == []


def test_an_import_gives_the_quarter_exactly_the_books_data(filled, database, tmp_path):
    """Evidence and an event the book no longer has, and a value the database has beyond it, are gone afterwards:
    the quarter is the book's, not a mix of the book and what was there."""
    book = h.without_rows(filled[1], tmp_path / "книга.xlsx",
                          lambda r: r[0] not in ("evidence", "event", "center_ops", "ratio_note"))
    db = open_database(database)
    from model.areas import plan
    plan.set_evidence(db, Q2, "2.2", "Лишнее подтверждение, которого в книге нет")
    db.conn.close()
    out = run("import", "--db", database, book)
    assert out.returncode == 0, out.stderr
    wanted = decode(book)
    db = open_database(database)
    try:
        stored = load_period(db, Q2)
        assert stored.inputs == wanted.inputs
        assert stored.evidence == {} and stored.events == {}
        assert all(not q.operations for q in stored.center_quarter.values())
        assert {c: q.checks for c, q in stored.center_quarter.items()} == \
            {c: q.checks for c, q in wanted.center_quarter.items()}
    finally:
        db.conn.close()


def test_the_books_own_export_imports_again(filled, database):
    out = run("import", "--db", database, filled[1])
    assert out.returncode == 0, out.stderr
    assert tables(database)["plan_inputs"] and "Загружены данные" in out.stdout
