"""Numbers and texts that look right and are not, through the real command line: a count with a fraction too small
to see (1e-20 taken as a count and divided by), an item with no figure and no word why, a methodology's «1.1 »
beside «1.1», a maximum of 400 digits said as «inf» and then used for a second, derived complaint, and a district's
name that reads backwards (U+202E) or hides a zero-width character. Each case: the exit code of the contract, a
Russian message without a traceback, the database and the installed files unchanged, and in the merge every good
book still in the summary."""

from __future__ import annotations

from pathlib import Path

import command_line
import pytest
from command_line import main_py, refused_import, strict_json
from conftest import fill_quarter
from hostile_files import methodology_file, set_cell
from russian_output import assert_russian, folder_state, tables

from model.base import numbers
from model.base.ru import control_char
from model.store.db import atomic, open_database

ROOT = Path(__file__).resolve().parents[2]
books, district = command_line.books, command_line.district  # the shared fixtures
# The methodology file's own keys (its syntax) may be quoted in a message
KEYS = ("«number»", "«code»", "«key»", "«id»", "«version»", "«max»", "«title»", "«label»")


run = main_py


# -- counts are whole numbers, exactly ----------------------------------------------------------------------------
@pytest.mark.parametrize("count", ["1e-20", "1e-300", "1e-7", "2.0000001", "999.9999999999"])
def test_scores_refuses_a_count_with_a_fraction(tmp_path, count):
    path = tmp_path / "входные.json"
    path.write_text('{"1.3": {"A": 5, "C": ' + count + "}}", encoding="utf-8")
    out = run("scores", "--inputs", path, data=tmp_path / "данные")
    assert out.returncode == 2 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path)
    assert out.stderr.startswith("Ошибка: ") and path.name in out.stderr, out.stderr
    assert "пункт 1.3, поле C" in out.stderr and "целым числом" in out.stderr, out.stderr


def test_whole_counts_are_exact():
    assert numbers.is_whole(0.0) and numbers.is_whole(1e15) and numbers.is_whole(-3.0)
    assert not any(numbers.is_whole(v) for v in (1e-20, 5e-324, 2.0000001, 0.5, float("nan"), float("inf")))
    assert numbers.shown(1e-20) == "1·10^-20" and numbers.shown(2.0000001) == "2,0000001"




def test_import_refuses_a_book_with_a_tiny_count(district, books, tmp_path):
    book = set_cell(books / "район_002.xlsx", tmp_path / "крошечное.xlsx", "plan", "1.3", "C", 1e-20)
    refused_import(district, book, "Лист «data», строка ", "целым числом")


def test_the_merge_leaves_out_a_book_with_a_tiny_count(books, tmp_path):
    (tmp_path / "плохие").mkdir()
    bad = set_cell(books / "район_002.xlsx", tmp_path / "плохие" / "крошечное.xlsx", "plan", "1.3", "C", 1e-20)
    out_dir = tmp_path / "свод"
    out = run("consolidate", "--period", "2018-Q2", "--out", out_dir, "--json", books, bad)
    assert out.returncode == 1, out.stderr
    result = strict_json(out.stdout)
    assert sorted(d["file"] for d in result["districts"]) == ["район_001.xlsx", "район_002.xlsx", "район_003.xlsx"]
    assert all(d["total"] is None or d["total"] <= 100 for d in result["districts"])
    [problem] = result["problems"]
    assert problem["file"] == bad.name and "целым числом" in problem["reason"], problem
    assert_russian(problem["reason"])


# -- an item with no figure says why ------------------------------------------------------------------------------
def test_scores_says_why_an_item_has_no_figure(tmp_path):
    path = tmp_path / "входные.json"
    path.write_text('{"1.3": {"A": 5, "C": 0}, "2.1": {"A": 3}}', encoding="utf-8")
    out = run("scores", "--inputs", path, data=tmp_path / "данные")
    assert out.returncode == 0, out.stderr
    result = strict_json(out.stdout)
    assert {"items", "sections", "total"} <= set(result)  # the contract's keys stay
    assert result["items"]["1.3"] is None and "равно нулю" in result["reasons"]["1.3"], result["reasons"]
    assert result["reasons"]["2.1"].startswith("не заполнено"), result["reasons"]
    assert set(result["reasons"]) == {n for n, v in result["items"].items() if v is None}
    for reason in result["reasons"].values():
        assert_russian(reason)


def test_scores_says_why_an_overflowing_item_has_no_figure(tmp_path):
    """A database edited by hand: 1.3's «A» of 1e308 over «C» of 1 overflows — null, and the reason beside it."""
    path = tmp_path / "район.sqlite"
    db = open_database(path)
    fill_quarter(db)
    with atomic(db):
        db.execute("UPDATE plan_inputs SET value = CASE field WHEN 'A' THEN 1e308 ELSE 1 END WHERE item = '1.3'")
    before = tables(path)
    out = run("scores", "--db", path, "--period", "2018-Q2", data=tmp_path / "данные")
    assert out.returncode == 0, out.stderr
    result = strict_json(out.stdout)
    assert result["items"]["1.3"] is None and result["total"] is None
    assert "вне допустимых пределов" in result["reasons"]["1.3"], result["reasons"]
    assert "1.1" not in result["reasons"]
    assert tables(path) == before


# -- a methodology's names and numbers ----------------------------------------------------------------------------
def after(anchor: str, old: str, new: str):
    def edit(text: str) -> str:
        at = text.index(anchor)
        assert old in text[at:], old
        return text[:at] + text[at:].replace(old, new, 1)
    return edit


NAMES = {
    "an item number with a space after it": (after('number = "1.2"', 'number = "1.2"', 'number = "1.1 "'), "number"),
    "a section number with a space before it": (after('number = "2"', 'number = "2"', 'number = " 2"'), "number"),
    "a code with a no-break space inside": (after('number = "1.3"', 'code = "P13"', 'code = "P\u00a013"'), "code"),
    "an input key with a space": (after('number = "1.3"', 'key = "A"', 'key = "A "'), "key"),
    "a version with a space": (after("[methodology]", 'version = "2019.1"', 'version = "2019.1 "'), "version"),
}


@pytest.mark.parametrize("case", NAMES)
def test_check_and_install_refuse_a_name_with_whitespace(tmp_path, case):
    edit, key = NAMES[case]
    path = methodology_file(tmp_path / "из региона", "методика.toml", edit=edit)
    data = tmp_path / "данные"
    first = run("methodology", "install", methodology_file(tmp_path / "прежняя", "прежняя.toml", version="2019.0"),
                data=data)
    assert first.returncode == 0, first.stderr
    out = run("methodology", "check", path, data=data)
    assert out.returncode == 1 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path, *KEYS)
    assert f"ключ «{key}»" in out.stderr and "строка " in out.stderr and "пробел" in out.stderr, out.stderr
    before = folder_state(data / "methodologies")
    assert before, "нет установленной методики"
    out = run("methodology", "install", path, data=data)
    assert out.returncode == 1, out.stderr
    assert_russian(out.stderr, path, *KEYS)
    assert folder_state(data / "methodologies") == before


def test_a_maximum_of_400_digits_is_one_problem_said_in_figures(tmp_path):
    edit = after("[total]", "max = 100", "max = " + "9" * 400)
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run("methodology", "check", path, data=tmp_path / "данные")
    assert out.returncode == 1 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path, *KEYS)
    problems = out.stderr.splitlines()[1:]
    assert len(problems) == 1, out.stderr  # no «сумма максимумов … а максимум итога 0» derived from it
    assert "«max»" in problems[0] and "не больше 1\u00a0000\u00a0000\u00a0000" in problems[0], out.stderr
    assert "inf" not in out.stderr


def test_a_refused_section_maximum_derives_no_second_problem(tmp_path):
    edit = after('number = "2"', "max = 100", "max = nan")
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run("methodology", "check", path, data=tmp_path / "данные")
    assert out.returncode == 1
    assert_russian(out.stderr, path, *KEYS)
    assert len(out.stderr.splitlines()) == 2 and "сумма" not in out.stderr, out.stderr


# -- what is not text: one definition for methodologies, books and typing ------------------------------------------
HIDDEN = {
    "a right-to-left override": "Район\u202eйонлаг\u202c",
    "a left-to-right isolate": "Район \u2066Калганский\u2069",
    "a right-to-left mark": "Калганский\u200f район",
    "a zero-width space": "Калганский\u200b район",
    "a byte-order mark inside": "Калган\ufeffский район",
}


@pytest.mark.parametrize("case", HIDDEN)
def test_import_refuses_a_district_name_with_a_hidden_character(district, books, tmp_path, case):
    book = set_cell(books / "район_002.xlsx", tmp_path / "имя.xlsx", "meta", "district", "None", HIDDEN[case])
    refused_import(district, book, "Лист «data», строка ", "управляющие символы (")


@pytest.mark.parametrize("case", ["a right-to-left override", "a zero-width space"])
def test_the_merge_does_not_rank_a_spoofed_name(books, tmp_path, case):
    (tmp_path / "плохие").mkdir()
    bad = set_cell(books / "район_002.xlsx", tmp_path / "плохие" / "имя.xlsx", "meta", "district", "None",
                   HIDDEN[case])
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", books, bad)
    assert out.returncode == 1, out.stderr
    result = strict_json(out.stdout)
    assert sorted(d["file"] for d in result["districts"]) == ["район_001.xlsx", "район_002.xlsx", "район_003.xlsx"]
    assert not any(control_char(d["name"]) for d in result["districts"])
    [problem] = result["problems"]
    assert problem["file"] == bad.name and "управляющие символы" in problem["reason"], problem
    assert_russian(problem["reason"])


@pytest.mark.parametrize("char", ["\u200b", "\u200e", "\u2067", "\ufeff", "\u00ad"])
def test_a_methodology_refuses_the_same_characters(tmp_path, char):
    edit = after("[methodology]", 'title = "План', f'title = "План\\u{ord(char):04x}')
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run("methodology", "check", path, data=tmp_path / "данные")
    assert out.returncode == 1 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path, *KEYS)
    assert "управляющий символ" in out.stderr and "после «План»" in out.stderr and "«title»" in out.stderr, \
        out.stderr


def test_one_definition_of_what_is_not_text():
    for ch in "\x1b\x7f\x85\u200b\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u2028\u2029":
        assert control_char(f"а{ch}б") == ch
    assert control_char("строка\nвторая\tтаб", multiline=True) is None
    assert control_char("строка\nвторая") == "\n"
    assert control_char("Калганский район «№ 1» — ёЁ\u00a0") is None
