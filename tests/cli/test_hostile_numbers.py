"""Numbers that are not numbers and composites that cannot be computed, through the real command line: JSON inputs
with NaN, infinities, numbers of hundreds of digits or nesting without end (`scores --inputs`); a database whose
stored input overflows the arithmetic (`scores --db`); books whose cells, stored scores or composites are such
(`import`, and `consolidate` with the bad book beside good ones). Each case: the exit code of the contract, a Russian
message without a traceback, JSON on stdout that is JSON (no NaN, no Infinity), the database and the output folder
unchanged, and in the merge every good book still in the summary."""

from __future__ import annotations

import os
from pathlib import Path

import command_line
import pytest
from command_line import main_py, strict_json
from conftest import fill_quarter
from hostile_files import composite_book, set_cell
from russian_output import assert_russian, folder_state, tables

from model.errors import NumberRefused
from model.store.db import atomic, open_database

ROOT = Path(__file__).resolve().parents[2]
books, district = command_line.books, command_line.district  # the shared fixtures


run = main_py


# -- scores --inputs: the JSON file -------------------------------------------------------------------------------
GOOD = '{"1.1": {"A1": 45, "B1": 50, "A2": 120, "B2": 200}, "1.3": {"A": 1350, "C": 1000}}'
INPUTS = {
    "NaN": '{"1.1": {"A1": NaN, "B1": 50}}',
    "Infinity": '{"1.3": {"A": Infinity, "C": 1000}}',
    "-Infinity": '{"1.3": {"A": -Infinity, "C": 1000}}',
    "1e400": '{"1.3": {"A": 1e400, "C": 1000}}',
    "an integer of 400 digits": '{"1.3": {"A": 1' + "0" * 400 + ', "C": 1000}}',
    "an integer of 5000 digits": '{"1.3": {"A": 1' + "0" * 5000 + ', "C": 1000}}',
    "past the bounds": '{"1.3": {"A": 1e16, "C": 1000}}',
    "NaN as text": '{"1.3": {"A": "NaN", "C": 1000}}',
    "infinity as text": '{"1.3": {"A": "inf", "C": 1000}}',
    "nested 100 000 deep": "[" * 100_000 + "]" * 100_000,
    "nested 30 deep in an item": '{"1.1": ' + '{"a": ' * 30 + "1" + "}" * 31,
    "not JSON": '{"1.1": {"A1": 45,',
    "empty": "",
    "a list": "[1, 2, 3]",
    "a truth value": '{"1.3": {"A": true, "C": 1000}}',
    "an item that is not there": '{"9.9": {"A": 1}}',
}


@pytest.mark.parametrize("case", INPUTS)
def test_scores_refuses_inputs_that_are_not_numbers(tmp_path, case):
    path = tmp_path / "входные.json"
    path.write_text(INPUTS[case], encoding="utf-8")
    out = run("scores", "--inputs", path)
    assert out.returncode == 2 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path)
    assert out.stderr.startswith("Ошибка: ") and path.name in out.stderr, out.stderr
    assert "Expecting" not in out.stderr and "nan" not in out.stderr.casefold().replace("«не число»", "")


@pytest.mark.parametrize("case", ["not UTF-8", "two megabytes", "a folder", "a name too long",
                                  pytest.param("a pipe", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"),
                                                                                  reason="no pipes here"))])
def test_scores_refuses_an_inputs_file_that_is_no_such_file(tmp_path, case):
    path = tmp_path / ("входные.json" if case != "a name too long" else "в" * 300 + ".json")
    if case == "a name too long":
        pass
    elif case == "not UTF-8":
        path.write_bytes(b'{"1.1": {"A1": 45, "\xff\xfe": 1}}')
    elif case == "two megabytes":
        path.write_text('{"1.1": {"A1": 45, "B1": 50}, "x": "' + "я" * 1_000_000 + '"}', encoding="utf-8")
    elif case == "a pipe":
        os.mkfifo(path)  # opening it would wait for a writer for ever
    else:
        path.mkdir()
    out = run("scores", "--inputs", path)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, path)


def test_scores_prints_json_that_is_json(tmp_path):
    path = tmp_path / "входные.json"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())  # Notepad's byte order mark too
    out = run("scores", "--inputs", path)
    assert out.returncode == 0, out.stderr
    result = strict_json(out.stdout)
    assert result["items"]["1.1"] == pytest.approx(75.0) and result["total"] is None


def test_scores_of_a_stored_input_that_overflows(tmp_path):
    """A database edited by hand: 1.3's «A» of 1e308 over «C» of 1 makes 1e310 per cent — no figure, valid JSON."""
    path = tmp_path / "район.sqlite"
    db = open_database(path)
    fill_quarter(db)
    with atomic(db):
        changed = db.execute("UPDATE plan_inputs SET value = CASE field WHEN 'A' THEN 1e308 ELSE 1 END "
                             "WHERE item = '1.3'").rowcount
    assert changed == 2
    out = run("scores", "--db", path, "--period", "2018-Q2")
    assert out.returncode == 0, out.stderr
    result = strict_json(out.stdout)
    assert result["items"]["1.3"] is None and result["sections"]["1"] is None and result["total"] is None
    assert result["items"]["1.1"] is not None


# -- a book: import ---------------------------------------------------------------------------------------------
def bad_cell(books: Path, folder: Path, section: str, code: str, name: str, value: object) -> Path:
    return set_cell(books / "район_002.xlsx", folder / "плохая.xlsx", section, code, name, value)


CELLS = {
    "an input «nan»": ("plan", "1.3", "A", "nan"),
    "an input «-inf»": ("plan", "1.3", "A", "-inf"),
    "an input of 1e16": ("plan", "1.3", "A", 1e16),
    "an input of 1e300 as text": ("plan", "1.3", "A", "1e300"),
    "a stored score «NaN»": ("score", "1.1", "score", "NaN"),
    "a stored score of 1e300": ("score", "P", "score", 1e300),
    "an indicator's plan «Infinity»": ("indicator_value", "1", "plan", "Infinity"),
}
COMPOSITE_CELLS = {  # in a book with a sound composite 1 = 2 + 3
    "a composite weight «nan»": ("composite", "1", "member_2", "nan"),
    "a composite weight of 1e16": ("composite", "1", "member_3", 1e16),
    "a composite cap «inf»": ("composite", "1", "cap", "inf"),
}

COMPOSITES = {
    "weights that sum to zero": dict(members=[(2, 0.0), (3, 0.0)]),
    "a negative weight": dict(members=[(2, 1.0), (3, -1.0)]),
    "a weight of 1e308": dict(members=[(2, 1.0), (3, 1e308)]),
    "a weight too small to count": dict(members=[(2, 1.0), (3, 1e-300)]),
    "itself among its members": dict(members=[(1, 1.0), (2, 1.0)]),
    "a composite among its members": dict(members=[(2, 1.0), (3, 1.0)], more={2: [(4, 1.0), (5, 1.0)]}),
    "a cap of 1e308": dict(members=[(2, 1.0), (3, 1.0)], cap=1e308),
    "one member": dict(members=[(2, 1.0)]),
}


def bad_book(books: Path, folder: Path, case: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if case in CELLS:
        return bad_cell(books, folder, *CELLS[case])
    if case in COMPOSITE_CELLS:
        sound = composite_book(folder / "исходная", "исходная", members=[(2, 1.0), (3, 2.0)])
        return set_cell(sound, folder / "плохая.xlsx", *COMPOSITE_CELLS[case])
    return composite_book(folder, "плохая", **COMPOSITES[case])


@pytest.mark.parametrize("case", [*CELLS, *COMPOSITES, *COMPOSITE_CELLS])
def test_import_refuses_the_book_and_names_its_row(district, books, tmp_path, case):
    book = bad_book(books, tmp_path, case)
    before = tables(district)
    out = run("import", "--db", district, book)
    assert out.returncode == 2 and out.stdout == "", out.stdout
    assert_russian(out.stderr, book)
    assert "Лист «data», строка " in out.stderr, out.stderr
    assert tables(district) == before


def test_a_sound_composite_imports(tmp_path):
    book = composite_book(tmp_path, "хорошая", members=[(2, 1.0), (3, 2.5)], cap=None)
    out = run("import", "--db", tmp_path / "новая.sqlite", book)
    assert out.returncode == 0, out.stderr
    rows = tables(tmp_path / "новая.sqlite")["indicator_members"]
    assert sorted(r[1:3] for r in rows) == [(2, 1.0), (3, 2.5)]


def test_a_refused_book_makes_no_database(books, tmp_path):
    book = bad_book(books, tmp_path, "weights that sum to zero")
    out = run("import", "--db", tmp_path / "новая.sqlite", book)
    assert out.returncode == 2
    assert not (tmp_path / "новая.sqlite").exists()


# -- a book among good ones: consolidate ----------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["weights that sum to zero", "itself among its members", "a negative weight",
                                  "a stored score «NaN»", "an input «nan»", "a composite among its members",
                                  "a composite weight «nan»"])
def test_the_merge_survives_the_book(books, tmp_path, case):
    bad = bad_book(books, tmp_path / "плохие", case)
    out_dir = tmp_path / "свод"
    out_dir.mkdir()
    (out_dir / "прежний.txt").write_text("прежнее", encoding="utf-8")
    before = folder_state(out_dir)
    out = run("consolidate", "--period", "2018-Q2", "--out", out_dir, "--json", books, bad)
    assert out.returncode == 1, out.stderr
    result = strict_json(out.stdout)
    assert sorted(d["file"] for d in result["districts"]) == ["район_001.xlsx", "район_002.xlsx", "район_003.xlsx"]
    assert all(d["total"] is None or isinstance(d["total"], float) for d in result["districts"])
    [problem] = result["problems"]
    assert problem["file"] == bad.name and "строка" in problem["reason"], problem
    assert_russian(problem["reason"])
    after = folder_state(out_dir)
    assert after["прежний.txt"] == before["прежний.txt"]
    assert {Path(p).suffix for p in after} == {".txt", ".pdf", ".xlsx"}


def test_the_merge_of_a_sound_composite_book_is_clean(books, tmp_path):
    good = composite_book(tmp_path / "ещё", "с-составным", members=[(2, 1.0), (3, 2.0)])
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", books, good)
    result = strict_json(out.stdout)
    assert result["problems"] == [] and len(result["districts"]) == 4, out.stderr


def test_the_merge_prints_no_nan_percent(books, tmp_path):
    bad = bad_book(books, tmp_path / "плохие", "a stored score «NaN»")
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", books, bad)
    assert out.returncode == 1
    said = "\n".join(out.stdout.casefold().splitlines()[2:])  # after the two files' paths
    assert "nan" not in said and "inf" not in said and "бесконечн" not in said, out.stdout
    assert "Traceback" not in out.stderr


def numbers_in(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers_in(v)]
    return [float(value)] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_an_achievement_that_would_overflow_is_no_figure(books, tmp_path):
    """An indicator's plan of 1e-300 against a fact of 10^12 (each within the bounds alone): fact / plan × 100 is
    an infinity — the merge shows no percent for it, and every figure it prints is finite."""
    folder = tmp_path / "крайние"
    folder.mkdir()
    step = set_cell(books / "район_003.xlsx", folder / "шаг.xlsx", "indicator_value", "1", "plan", 1e-300)
    set_cell(step, folder / "крайняя.xlsx", "indicator_value", "1", "fact", 1e12)
    step.unlink()
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", folder)
    assert out.returncode == 0, out.stderr
    result = strict_json(out.stdout)
    assert result["problems"] == [] and len(result["districts"]) == 1
    assert all(abs(n) <= 1e15 for n in numbers_in(result)), result


# -- the one check itself --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 10 ** 400, 1e16, True, "1", None])
def test_finite_refuses_what_is_not_a_bounded_number(value):
    from model.base import numbers

    with pytest.raises(NumberRefused) as refused:
        numbers.finite(value, "вес")
    assert str(refused.value).startswith("вес: ")
    assert_russian(str(refused.value))


def test_the_program_never_writes_nan_into_json():
    from model.base import numbers

    with pytest.raises(ValueError):
        numbers.write_json({"total": float("nan")})
    assert strict_json(numbers.write_json({"total": 68.25, "items": {"1.1": None}})) == \
        {"total": 68.25, "items": {"1.1": None}}


def test_an_overflow_is_refused_not_shown():
    from model.base import numbers

    with pytest.raises(NumberRefused):
        numbers.result(1e308 * 10, "пункт 1.3")
    assert numbers.result(1e308, "пункт 1.3") == 1e308
