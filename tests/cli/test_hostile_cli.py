"""The command line against hostile places and files: folders that are not there, names too long, damaged
databases, pipes and dangling links among the books, a book whose export time carries a time zone. Each case: the
exit code of the contract, one Russian message without a traceback, and nothing on disk changed or half-made."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import command_line
import pytest
from command_line import main_py
from conftest import Q2
from region_books import make_books, period_data
from russian_output import assert_russian, folder_state, tables

from model.methodology import shipped_2018
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
database, filled = command_line.database, command_line.filled  # the shared fixtures


def run(*args, cwd=None, timeout=120):
    return main_py(*args, cwd=cwd, timeout=timeout)




@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    return root, make_books(root / "книги", 5, seed=23)


def test_import_into_a_folder_that_is_not_there(filled, tmp_path):
    target = tmp_path / "нет" / "глубже" / "district.sqlite"
    out = run("import", "--db", target, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, target)
    assert "Папки" in out.stderr and not (tmp_path / "нет").exists()


def test_import_into_a_name_too_long(filled, tmp_path):
    target = tmp_path / ("я" * 200 + ".sqlite")
    out = run("import", "--db", target, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, target)
    assert "длинное имя" in out.stderr
    assert os.listdir(tmp_path) == []


def test_import_into_a_folder_given_as_the_database(filled, tmp_path):
    (tmp_path / "папка.sqlite").mkdir()
    out = run("import", "--db", tmp_path / "папка.sqlite", filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, tmp_path / "папка.sqlite")
    assert "папка" in out.stderr


def test_import_into_a_damaged_database_says_so_without_sqlite_words(filled, database):
    data = bytearray(database.read_bytes())
    data[4096:8192] = os.urandom(4096)
    database.write_bytes(bytes(data))
    before = database.read_bytes()
    out = run("import", "--db", database, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, database)
    assert "повреждён" in out.stderr and "malformed" not in out.stderr
    assert database.read_bytes() == before


def test_import_into_a_database_of_a_negative_schema_number_runs_no_migration(filled, database):
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = -1")
    conn.close()
    before = database.read_bytes()
    out = run("import", "--db", database, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, database)
    assert "повреждён" in out.stderr and "неизвестная" not in out.stderr
    assert database.read_bytes() == before


def test_import_into_a_file_that_is_not_a_database(filled, tmp_path):
    fake = tmp_path / "district.sqlite"
    fake.write_text("это не база", encoding="utf-8")
    out = run("import", "--db", fake, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, fake)
    assert fake.read_text(encoding="utf-8") == "это не база"


@pytest.mark.parametrize("kind", ["dangling", "folder", "pipe"])
def test_import_of_something_that_is_not_a_file(database, tmp_path, kind):
    book = tmp_path / "книга.xlsx"
    if kind == "dangling":
        book.symlink_to(tmp_path / "удалена.xlsx")
    elif kind == "folder":
        book.mkdir()
    else:
        os.mkfifo(book)  # opened, it would wait for a writer forever
    before = tables(database)
    out = run("import", "--db", database, book, timeout=30)
    assert out.returncode == 2
    assert_russian(out.stderr, book)
    assert tables(database) == before


def test_a_sent_quarter_is_not_blamed_on_the_book(filled, database):
    from model.reports.sending import prepare_sending
    from model.store.db import open_database as reopen

    db = reopen(database)
    prepare_sending(db, Q2, database.parent / "отправка")
    db.conn.close()
    before = tables(database)
    out = run("import", "--db", database, filled[1])
    assert out.returncode == 2
    assert_russian(out.stderr, database)
    assert "отправка квартала в регион подготовлена" in out.stderr and "Лист «data»" not in out.stderr
    assert tables(database) == before


@pytest.mark.parametrize("where", ["file", "under a file"])
def test_export_into_a_file_instead_of_a_folder(database, tmp_path, where):
    plain = tmp_path / "файл"
    plain.write_bytes(b"prior")
    out_dir = plain if where == "file" else plain / "папка"
    out = run("export", "--db", database, "--period", "2018-Q2", "--out", out_dir)
    assert out.returncode == 2
    assert_russian(out.stderr, out_dir)
    assert "EEXIST" not in out.stderr and "ошибка E" not in out.stderr
    assert plain.read_bytes() == b"prior"


def test_consolidate_into_a_file_instead_of_a_folder(books, tmp_path):
    root, _ = books
    plain = tmp_path / "свод"
    plain.write_bytes(b"prior")
    out = run("consolidate", "--period", "2018-Q2", "--out", plain, root / "книги")
    assert out.returncode == 2
    assert_russian(out.stderr, plain)
    assert plain.read_bytes() == b"prior"


def test_a_pipe_and_a_dangling_link_among_the_books_are_named_and_the_rest_merged(books, tmp_path):
    root, made = books
    folder = tmp_path / "книги"
    shutil.copytree(root / "книги", folder)
    os.mkfifo(folder / "канал.xlsx")
    (folder / "ссылка.xlsx").symlink_to(tmp_path / "удалена.xlsx")
    (folder / "папка.xlsx").mkdir()
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", folder, timeout=60)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert {p["file"] for p in data["problems"]} == {"канал.xlsx", "ссылка.xlsx", "папка.xlsx"}
    for p in data["problems"]:
        assert_russian(p["reason"])
    assert {d["oktmo"] for d in data["districts"]} == {b.oktmo for b in made}
    assert sorted(p.name for p in (tmp_path / "свод").iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]


def test_a_book_with_a_time_zone_beside_a_book_without(books, tmp_path):
    root, made = books
    folder = tmp_path / "книги"
    shutil.copytree(root / "книги", folder)
    aware = datetime(2018, 7, 2, 9, 0, tzinfo=timezone(timedelta(hours=9)))  # Чита: UTC+9
    write_xlsx(period_data(made[0], Q2, shipped_2018(), aware), folder / "повторно.xlsx")
    out = run("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--json", folder)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert len(data["districts"]) == len(made)
    [twice] = data["problems"]
    assert twice["file"] == "повторно.xlsx" and "в свод взята более поздняя — повторно.xlsx" in twice["reason"]


def test_one_book_the_program_cannot_handle_does_not_stop_the_merge(books, monkeypatch, tmp_path):
    from model.base.period import Period
    from model.region import consolidate as merge

    root, made = books
    real = merge.registrations

    def failing(report):
        if report.profile.oktmo == made[2].oktmo:
            raise ZeroDivisionError("division by zero")
        return real(report)
    monkeypatch.setattr(merge, "registrations", failing)
    summary = merge.consolidate([root / "книги"], Period(2018, 2))
    assert {d.oktmo for d in summary.districts} == {b.oktmo for b in made} - {made[2].oktmo}
    [problem] = summary.problems
    assert problem.file == made[2].path.name and "не удалось обработать" in problem.reason
    assert_russian(problem.reason)


@pytest.mark.parametrize("year", ["0", "-5", "99999"])
def test_scores_for_a_year_without_a_methodology(tmp_path, year):
    inputs = tmp_path / "in.json"
    inputs.write_text("{}", encoding="utf-8")
    out = run("scores", "--inputs", inputs, "--year", year)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, inputs)
    assert "методика не установлена" in out.stderr


def test_the_methodology_store_that_is_a_file(tmp_path):
    env = {**os.environ, "OMSU_DATA_DIR": str(tmp_path / "данные")}
    store = tmp_path / "данные" / "methodologies"
    store.parent.mkdir()
    store.write_bytes(b"not a folder")
    source = (ROOT / "resources" / "methodologies" / "popularization-2018.toml").read_text(encoding="utf-8")
    newer = tmp_path / "методика-2019.toml"
    newer.write_text(source.replace('version = "2018.1"', 'version = "2019.1"'), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "methodology", "install", str(newer)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1, out.stdout
    assert_russian(out.stderr, store, newer)
    assert store.read_bytes() == b"not a folder"


def edited_book(source: Path, target: Path, edit) -> Path:
    """A copy of a workbook with its data sheet's rows changed by edit(rows of cells)."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    edit(list(wb["data"].iter_rows()))
    wb.save(target)
    return target


def first_audit(rows):
    return next(row for row in rows if row[0].value == "audit")


@pytest.mark.parametrize("case", ["id of 30 digits", "nested 100 000 deep", "NaN in the history", "id negative"])
def test_a_history_row_that_asks_too_much(filled, database, tmp_path, case):
    def edit(rows):
        row = first_audit(rows)
        if case == "id of 30 digits":
            row[1].value = "9" * 30
        elif case == "id negative":
            row[1].value = "-1"
        elif case == "nested 100 000 deep":
            row[4].value = "[" * 30_000
        else:
            row[4].value = '{"key": "profile", "action": "insert", "old": NaN, "new": Infinity}'
    book = edited_book(filled[1], tmp_path / "книга.xlsx", edit)
    before = tables(database)
    out = run("import", "--db", database, book)
    assert out.returncode == 2
    assert_russian(out.stderr, book)
    assert "журнала изменений" in out.stderr and "строка" in out.stderr
    assert tables(database) == before


def full_disk_connect(monkeypatch, pages: int) -> None:
    """SQLite connections of model.store.db that can grow to `pages` pages only: a write past them fails as on a full
    disk (SQLITE_FULL)."""
    from model.store import db as dbmod

    real = sqlite3.connect

    def limited(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn
    monkeypatch.setattr(dbmod.sqlite3, "connect", limited)


def test_a_new_database_on_a_full_disk_is_not_left_half_made(monkeypatch, tmp_path):
    from model.errors import DatabaseRefused

    full_disk_connect(monkeypatch, 8)
    target = tmp_path / "district.sqlite"
    with pytest.raises(DatabaseRefused) as refused:
        open_database(target)
    assert "нет места" in str(refused.value) and "rollback" not in str(refused.value)
    assert_russian(str(refused.value), target)
    assert os.listdir(tmp_path) == []


def test_an_import_on_a_full_disk_keeps_the_database(filled, database, monkeypatch):
    from model.errors import InputRefused
    from model.exchange import import_workbook

    empty = database.parent / "empty.sqlite"
    open_database(empty).conn.close()
    pages = sqlite3.connect(empty).execute("PRAGMA page_count").fetchone()[0]
    before = tables(empty)
    full_disk_connect(monkeypatch, pages + 2)
    with pytest.raises(InputRefused) as refused:
        import_workbook(open_database(empty), filled[1])
    assert "нет места" in str(refused.value)
    assert_russian(str(refused.value))
    monkeypatch.undo()
    assert tables(empty) == before


@pytest.mark.parametrize("kind", ["pipe", "dangling", "folder"])
def test_an_expected_list_that_is_not_a_file(books, tmp_path, kind):
    root, _ = books
    listed = tmp_path / "список.xlsx"
    if kind == "pipe":
        os.mkfifo(listed)
    elif kind == "dangling":
        listed.symlink_to(tmp_path / "удалён.xlsx")
    else:
        listed.mkdir()
    out = run("consolidate", "--period", "2018-Q2", "--expected", listed, "--out", tmp_path / "свод", root / "книги",
              timeout=30)
    assert out.returncode == 2
    assert_russian(out.stderr, listed)
    assert not (tmp_path / "свод").exists()


def test_a_refused_book_makes_no_database(tmp_path):
    book = tmp_path / "книга.xlsx"
    book.write_text("не книга", encoding="utf-8")
    target = tmp_path / "новая.sqlite"
    out = run("import", "--db", target, book)
    assert out.returncode == 2
    assert_russian(out.stderr, book, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["книга.xlsx"]


@pytest.mark.parametrize("period", ["9" * 5000, "1999-Q1", "2018-Q5", "2101-Q1"])
def test_a_period_out_of_reach_is_told_briefly(database, tmp_path, period):
    out = run("export", "--db", database, "--period", period, "--out", tmp_path / "out")
    assert out.returncode == 2 and len(out.stderr) < 200
    assert_russian(out.stderr)
    assert not (tmp_path / "out").exists()


def test_a_book_whose_name_is_too_long(database, tmp_path):
    book = tmp_path / ("к" * 300 + ".xlsx")  # longer than a name may be, in bytes and in UTF-16 units
    before = tables(database)
    out = run("import", "--db", database, book)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, book)
    assert "длинное имя" in out.stderr and "Команда" not in out.stderr
    assert tables(database) == before


@pytest.mark.parametrize("args", [("import", "--db", "", "книга.xlsx"), ("export", "--db", "  ", "--period", "2018-Q2",
                                                                       "--out", "x"),
                                  ("consolidate", "--period", "2018-Q2", "--out", "", "книги")])
def test_an_empty_name_is_refused_as_a_parameter(tmp_path, args):
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, "python main.py", "omsu-report-cli", "--out")
    assert "пустое имя" in out.stderr and "Ошибка программы" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_database_missing_a_table_is_not_blamed_on_the_disk(filled, database):
    conn = sqlite3.connect(database)
    conn.execute("DROP TABLE plan_inputs")
    conn.commit()
    conn.close()
    before = tables(database)
    out = run("import", "--db", database, filled[1])
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, database, filled[1])
    assert "нет нужной таблицы" in out.stderr and "резервной копии" in out.stderr and "мест" not in out.stderr
    assert tables(database) == before


def test_another_districts_book_does_not_take_the_database_over(database, books):
    other = books[1][0].path
    before, folder_before = tables(database), folder_state(database.parent)
    out = run("import", "--db", database, other)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, database, other)
    assert "ОКТМО" in out.stderr and "своего района" in out.stderr
    assert tables(database) == before
    assert {k: v for k, v in folder_state(database.parent).items() if not k.endswith(".lock")} == folder_before


@pytest.mark.parametrize("revision", [-5, 10**6])
def test_a_revision_that_is_no_revision_is_refused_with_its_row(filled, database, tmp_path, revision):
    from hostile_files import set_cell

    book = set_cell(filled[1], tmp_path / "редакция.xlsx", "meta", "revision", "None", revision)
    before = tables(database)
    out = run("import", "--db", database, book)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, database, book)
    assert "строка" in out.stderr and f"номер от 1, а не {revision}" in out.stderr
    assert tables(database) == before


def test_a_folder_where_an_output_file_goes_is_kept_and_nothing_written(database, books, tmp_path):
    out_folder = tmp_path / "вывод"
    export = run("export", "--db", database, "--period", "2018-Q2", "--out", tmp_path / "первый")
    names = sorted(p.name for p in (tmp_path / "первый").iterdir())
    (out_folder / names[1] / "внутри").mkdir(parents=True)  # the workbook's name, taken by a folder of the user's
    (out_folder / names[1] / "внутри" / "важное.txt").write_text("не терять", encoding="utf-8")
    before = folder_state(out_folder)
    export = run("export", "--db", database, "--period", "2018-Q2", "--out", out_folder)
    assert export.returncode == 2 and export.stdout == ""
    assert_russian(export.stderr, out_folder, names[1])
    assert "папка с тем же именем" in export.stderr
    assert folder_state(out_folder) == before and sorted(p.name for p in out_folder.iterdir()) == [names[1]]
    summary = tmp_path / "свод"
    (summary / "Свод_2018-Q2.pdf").mkdir(parents=True)
    merged = run("consolidate", "--period", "2018-Q2", "--out", summary, books[0] / "книги")
    assert merged.returncode == 2 and "папка с тем же именем" in merged.stderr
    assert_russian(merged.stderr, summary)
    assert sorted(p.name for p in summary.iterdir()) == ["Свод_2018-Q2.pdf"]


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2067"])
def test_a_hidden_character_in_the_expected_list_is_refused_before_anything_is_written(books, tmp_path, hidden):
    from region_books import write_expected

    listed = write_expected(tmp_path / "список.xlsx", books[1], [(f"Район{hidden} Подменный", "53699000")])
    out = run("consolidate", "--period", "2018-Q2", "--expected", listed, "--out", tmp_path / "свод",
              books[0] / "книги")
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, listed)
    assert "строка 7" in out.stderr and "удалите" in out.stderr
    assert not (tmp_path / "свод").exists()
