"""`methodology to-xlsx` and `methodology from-xlsx` as a methodologist runs them: the book and back to the very same
methodology (exit 0), a broken book refused with every problem by sheet, row and column and nothing written (exit 1),
a refused methodology file (exit 1), a missing file or a bad call (exit 2)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import hostile_files
import pytest
from command_line import main_py
from openpyxl import load_workbook
from russian_output import assert_russian
from spreadsheet_files import write_ods, write_xls

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "resources" / "methodologies").glob("*.toml")) + sorted((ROOT / "docs" / "examples").glob(
    "*.toml"))


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_to_the_book_and_back(source, tmp_path):
    book, back = tmp_path / "методика.xlsx", tmp_path / "назад.toml"
    out = main_py("methodology", "to-xlsx", source, "--out", book)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert f"выгружена в книгу {book}" in out.stdout and "«Пункты», «Поля», «Варианты»" in out.stdout
    out = main_py("methodology", "from-xlsx", book, "--out", back)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert f"из книги {book} записана в {back}" in out.stdout
    assert_russian(out.stdout, book, back)
    assert tomllib.loads(back.read_text(encoding="utf-8")) == tomllib.loads(source.read_text(encoding="utf-8"))
    checked = main_py("methodology", "check", back)
    assert checked.returncode == 0, checked.stderr


def test_a_broken_book_is_refused_with_every_problem_and_nothing_written(tmp_path):
    book, back = tmp_path / "book.xlsx", tmp_path / "back.toml"
    assert main_py("methodology", "to-xlsx", FILES[0], "--out", book).returncode == 0
    wb = load_workbook(book)
    items = wb["Пункты"]
    titles = [c.value for c in items[1]]
    items.cell(row=5, column=titles.index("Правило расчёта") + 1).value = "процент"
    items.cell(row=12, column=titles.index("Максимальное значение") + 1).value = "сто"
    wb.save(book)
    out = main_py("methodology", "from-xlsx", book, "--out", back)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(out.stderr, book)
    assert out.stderr.splitlines() == [
        f"{book}: методика не записана — ошибок: 2",
        "  лист «Пункты», строка 5, столбец «Правило расчёта»: неизвестное правило «процент»; допустимы: «доля», "
        "«требования», «уровни», «целевое значение»",
        "  лист «Пункты», строка 12, столбец «Максимальное значение»: «сто» — не число. Введите число, например "
        "100 или 0,25"]
    assert not back.exists()


def test_a_refused_methodology_gives_no_book(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(FILES[0].read_text(encoding="utf-8").replace("divisor = 3", "divisor = 0", 1), encoding="utf-8")
    out = main_py("methodology", "to-xlsx", bad, "--out", tmp_path / "book.xlsx")
    assert out.returncode == 1 and out.stdout == "" and "методика отклонена" in out.stderr
    assert "число должно быть больше нуля" in out.stderr and not (tmp_path / "book.xlsx").exists()


def test_an_old_excel_book_or_an_ods_is_read_and_a_damaged_one_refused(tmp_path):
    source = FILES[-1]
    book = tmp_path / "book.xlsx"
    assert main_py("methodology", "to-xlsx", source, "--out", book).returncode == 0
    for other in (write_xls(book, tmp_path / "book.xls"), write_ods(book, tmp_path / "book.ods")):
        out = main_py("methodology", "from-xlsx", other, "--out", tmp_path / f"{other.suffix[1:]}.toml")
        assert out.returncode == 0, out.stderr
        assert tomllib.loads((tmp_path / f"{other.suffix[1:]}.toml").read_text(encoding="utf-8")) == tomllib.loads(
            source.read_text(encoding="utf-8"))
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    out = main_py("methodology", "from-xlsx", old, "--out", tmp_path / "m.toml")
    assert out.returncode == 1 and "Excel 97–2003" in out.stderr and "Файл отклонён" in out.stderr
    assert_russian(out.stderr, old)
    assert not (tmp_path / "m.toml").exists()


@pytest.mark.parametrize("action", ["to-xlsx", "from-xlsx"])
def test_a_missing_file_or_no_out_is_a_bad_call(action, tmp_path):
    out = main_py("methodology", action, tmp_path / "нет.xlsx", "--out", tmp_path / "x")
    assert out.returncode == 2 and "нет" in out.stderr and not (tmp_path / "x").exists()
    assert_russian(out.stderr, tmp_path / "нет.xlsx")
    out = main_py("methodology", action, tmp_path / "нет.xlsx")
    assert out.returncode == 2 and "не указаны обязательные параметры: --out" in out.stderr


def test_a_book_is_written_as_xlsx_only(tmp_path):
    out = main_py("methodology", "to-xlsx", FILES[0], "--out", tmp_path / "book.ods")
    assert out.returncode == 2 and "Укажите имя с расширением .xlsx, например book.xlsx" in out.stderr
    assert not (tmp_path / "book.ods").exists()


def _empty(book: Path, target: Path) -> Path:
    target.write_bytes(b"")
    return target


def _truncated(book: Path, target: Path) -> Path:
    target.write_bytes(book.read_bytes()[: book.stat().st_size // 2])
    return target


def _text(book: Path, target: Path) -> Path:
    target.write_text("раздел;пункт\n1;1.1\n", encoding="utf-8")
    return target


@pytest.mark.parametrize("spoil", [_empty, _truncated, _text, hostile_files.zip_bomb, hostile_files.far_cell,
                                   hostile_files.far_dimension, hostile_files.billion_laughs],
                         ids=lambda f: f.__name__.strip("_"))
def test_an_empty_truncated_huge_or_hostile_book_is_refused_in_one_russian_message(spoil, tmp_path):
    book, back = tmp_path / "book.xlsx", tmp_path / "back.toml"
    assert main_py("methodology", "to-xlsx", FILES[0], "--out", book).returncode == 0
    bad = spoil(book, tmp_path / "плохая.xlsx")
    out = main_py("methodology", "from-xlsx", bad, "--out", back)
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert out.stdout == "" and out.stderr.strip(), out.stderr
    assert "Traceback" not in out.stderr
    assert_russian(out.stderr, bad)
    assert not back.exists()
