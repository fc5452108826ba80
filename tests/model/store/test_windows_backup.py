"""Backups and restore on the clerk's Windows: folders named «Отдел #2», «100%» or 250 characters long; a restore
that would lose data or take a file that is not ours; an old copy another program holds (Windows refuses to remove
an open file: simulated by unlink raising PermissionError(EACCES), as Windows raises it); versions that differ only
by case (NTFS ignores it)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from command_line import ROOT, filled_quarter, main_py
from conftest import Q2, fill_quarter
from hostile_files import methodology_file
from russian_output import assert_russian, folder_state, tables

from model.areas import plan
from model.errors import WriteError
from model.reports import sending as send
from model.store import backup
from model.store.db import open_database

HELD_FILES = Path(__file__).resolve().parents[2] / "heldfiles"

# A folder a district may well have: «#», «?» and «%» end or change an unquoted SQLite URI. Windows forbids «?»
# in a name, so that one is tried elsewhere only.
ODD_NAMES = ["Отдел #2", "a?b", "100%", "%41", "Отчёты Калганского района", "long"]


def odd_folder(base: Path, name: str) -> Path:
    if name == "long":  # 250 and more characters to the database file, with a «#» on the way (SQLite's own limit
        # is in bytes: 512 with its journal's name on Linux, so the Cyrillic part is kept short enough)
        folder = base / ("Отчётность района #2 " + "d" * 90) / ("Квартальные отчёты " + "e" * 90)
        assert len(str(folder / "district.sqlite")) >= 250
        return folder
    return base / name


@pytest.mark.parametrize("name", ODD_NAMES)
def test_backup_list_check_and_restore_in_an_odd_folder_keep_the_real_rows(tmp_path, name):
    if name == "a?b" and os.name == "nt":
        pytest.skip("«?» не бывает в имени папки Windows")
    base = tmp_path / "base"
    folder = odd_folder(base, name)
    folder.mkdir(parents=True)
    db_path = folder / "district.sqlite"
    db = open_database(db_path)
    fill_quarter(db)
    through_connection = backup.make_backup(db_path, "manual", db.conn)
    db.conn.close()
    real = tables(db_path)
    assert sum(len(rows) for rows in real.values()) > 100
    made = backup.make_backup(db_path, "start")  # the file closed: the backup opens it read-only itself
    assert tables(made.path) == real and tables(through_connection.path) == real
    assert backup.integrity_ok(made.path)
    assert not backup.integrity_ok(folder / "нет такой.sqlite")
    assert [b.path for b in backup.list_backups(db_path)] == [made.path, through_connection.path]
    assert backup.compare(made.path, db_path).losses() == []
    db = open_database(db_path)
    plan.set_value(db, Q2, "2.2", "n", 1)
    db.conn.close()
    before = backup.restore(db_path, made, fewer_allowed=True)  # the newer edit's journal row goes: agreed
    assert tables(db_path) == real  # the real rows, not an empty file SQLite made elsewhere
    assert before.reason == "restore" and plan.load_inputs(open_database(before.path), Q2)["2.2"]["n"] == 1
    assert os.listdir(base) == [folder.relative_to(base).parts[0]]  # nothing appeared beside the folder
    assert sorted(p.name for p in folder.iterdir()) == ["district.sqlite", backup.FOLDER]


# -- a restore never loses data unasked ------------------------------------------------------------------------------
@pytest.fixture
def early_copy_and_full_file(db, db_path):
    """A copy made when the file held only its schema, then a whole quarter filled."""
    early = backup.make_backup(db_path, "start", db.conn)
    fill_quarter(db)
    plan.add_event(db, Q2, "2.6", datetime(2018, 6, 1).date(), "ДК с. Бура", "Госуслуги для всех")
    db.conn.close()
    return early


def test_a_copy_with_fewer_rows_is_told_and_refused_until_agreed(early_copy_and_full_file, db_path):
    early = early_copy_and_full_file
    before, folder = tables(db_path), folder_state(backup.backup_dir(db_path))
    events = len(before["plan_events"])
    with pytest.raises(backup.FewerData) as caught:
        backup.restore(db_path, early)
    said = str(caught.value)
    assert f"в копии 0 мероприятий, в текущей базе {events}" in said
    assert "в копии 0 центров обслуживания, в текущей базе 12" in said
    assert "база данных не изменена" in said
    assert_russian(said)
    assert tables(db_path) == before and folder_state(backup.backup_dir(db_path)) == folder  # nothing copied either
    kept = backup.restore(db_path, early, fewer_allowed=True)
    assert tables(db_path) == tables(early.path)
    assert kept.reason == "restore" and tables(kept.path) == before


def test_a_copy_of_an_older_schema_says_which_tables_it_lacks(db_path, tmp_path):
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
    old = backup.backup_dir(db_path) / "district_2018-01-01_120000_000000_migration.sqlite"
    old.parent.mkdir(exist_ok=True)
    conn = sqlite3.connect(old)
    source = sqlite3.connect(db_path)
    source.backup(conn)
    source.close()
    conn.execute("DROP TABLE ratio_notes")
    conn.commit()
    conn.close()
    comparison = backup.compare(old, db_path)
    assert comparison.ours and len(comparison.losses()) == 1
    assert comparison.losses() == ["в копии нет таблицы пояснений к контрольным соотношениям (копия сделана прежней "
                                   "версией программы), в текущей базе она пуста"]
    with pytest.raises(backup.FewerData):
        backup.restore(db_path, backup.list_backups(db_path)[0])


def test_a_file_that_is_not_our_database_is_refused_outright(db, db_path):
    fill_quarter(db)
    db.conn.close()
    folder = backup.backup_dir(db_path)
    folder.mkdir()
    stranger = folder / "district_2018-01-01_120000_000000_manual.sqlite"
    conn = sqlite3.connect(stranger)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Иванова')")
    conn.commit()
    conn.close()
    before, files = tables(db_path), folder_state(folder)
    for fewer_allowed in (False, True):  # not even when the user agreed to lose data
        with pytest.raises(WriteError, match="не копия базы данных программы") as caught:
            backup.restore(db_path, backup.list_backups(db_path)[0], fewer_allowed=fewer_allowed)
        assert_russian(str(caught.value))
        assert tables(db_path) == before and folder_state(folder) == files


def test_a_journal_another_program_holds_stops_the_restore_before_the_file_is_replaced(
        early_copy_and_full_file, db_path, monkeypatch):
    journal = db_path.with_name(db_path.name + "-journal")
    journal.write_bytes(b"")
    hold(monkeypatch, journal)
    before = tables(db_path)
    with pytest.raises(WriteError, match="держит другая программа") as caught:
        backup.restore(db_path, early_copy_and_full_file, fewer_allowed=True)
    assert_russian(str(caught.value), journal)
    assert tables(db_path) == before and journal.exists()


def test_the_copy_before_restoring_is_checked_before_anything_is_replaced(early_copy_and_full_file, db_path,
                                                                           monkeypatch):
    """The copy of the current file comes out empty (as the unquoted URI made it): nothing is replaced."""
    real_make = backup.make_backup

    def empty_copy(path, reason, source=None):
        made = real_make(path, reason, source)
        made.path.unlink()
        sqlite3.connect(made.path).close()
        return made

    monkeypatch.setattr(backup, "make_backup", empty_copy)
    before = tables(db_path)
    with pytest.raises(WriteError, match="перед восстановлением не прошла проверку") as caught:
        backup.restore(db_path, early_copy_and_full_file, fewer_allowed=True)
    assert_russian(str(caught.value))
    assert tables(db_path) == before
    assert [b.reason for b in backup.list_backups(db_path)] == ["start"]  # the failed copy was not left to mislead


# -- a copy another program holds ------------------------------------------------------------------------------------
def old_copies(db_path: Path, hours: range) -> list[Path]:
    """Copies of one old day, hour by hour: rotation keeps the last ten and removes the earlier ones."""
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    out = []
    for hour in hours:
        path = folder / f"{db_path.stem}_2018-01-01_{hour:02d}0000_000000_start.sqlite"
        path.write_bytes(b"x")
        out.append(path)
    return out


def hold(monkeypatch, *held: Path) -> None:
    """Windows' rule for a file another program has open without FILE_SHARE_DELETE: removing it fails with
    ERROR_SHARING_VIOLATION, which Python raises as PermissionError with errno EACCES."""
    held_names = {os.fspath(p) for p in held}

    def guard(real):
        def removing(path, *args, **kwargs):
            if os.fspath(path) in held_names:
                raise PermissionError(errno.EACCES, "Процесс не может получить доступ к файлу", os.fspath(path))
            return real(path, *args, **kwargs)
        return removing

    monkeypatch.setattr(os, "unlink", guard(os.unlink))
    monkeypatch.setattr(os, "remove", guard(os.remove))
    real_unlink = Path.unlink

    def path_unlink(self, missing_ok=False):
        if os.fspath(self) in held_names:
            raise PermissionError(errno.EACCES, "Процесс не может получить доступ к файлу", os.fspath(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", path_unlink)


def test_rotation_leaves_a_held_copy_for_next_time(db_path, monkeypatch, caplog):
    copies = old_copies(db_path, range(12))
    hold(monkeypatch, copies[0])
    removed = backup.rotate(db_path)
    assert removed == [copies[1]] and copies[0].exists() and not copies[1].exists()
    assert any(copies[0].name in r.getMessage() and "не удалён" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()  # the other program let it go
    assert backup.rotate(db_path) == [copies[0]]


def test_a_backup_is_made_while_an_old_copy_is_held(db, db_path, monkeypatch):
    plan.set_value(db, Q2, "2.2", "n", 1)
    copies = old_copies(db_path, range(12))
    hold(monkeypatch, *copies)
    made = backup.make_backup(db_path, "manual", db.conn)
    assert plan.load_inputs(open_database(made.path), Q2) == {"2.2": {"n": 1.0}}
    assert all(c.exists() for c in copies)
    assert made in backup.list_backups(db_path)


def test_a_copy_whose_size_cannot_be_read_is_left_out_of_the_list(db, db_path, monkeypatch):
    made = backup.make_backup(db_path, "manual", db.conn)
    unreadable = old_copies(db_path, range(1))[0]
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self == unreadable:
            raise PermissionError(errno.EACCES, "Отказано в доступе", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    assert [b.path for b in backup.list_backups(db_path)] == [made.path]


def test_preparing_the_sending_goes_on_while_an_old_copy_is_held(db, db_path, tmp_path, monkeypatch):
    fill_quarter(db)
    copies = old_copies(db_path, range(12))
    hold(monkeypatch, *copies)
    done = send.prepare_sending(db, Q2, tmp_path / "Отправка")
    assert done.folder.is_dir() and all(c.exists() for c in copies)
    assert [b.reason for b in backup.list_backups(db_path)][0] == "sending"


def test_an_import_from_the_command_line_goes_on_while_an_old_copy_is_held(tmp_path):
    """main.py in a child process whose os.unlink refuses the held copy as Windows does (tests/heldfiles)."""
    database, book = filled_quarter(tmp_path)
    copies = old_copies(database, range(12))
    env = {**os.environ, "PYTHONPATH": str(HELD_FILES), "HELD_FILES": str(copies[0])}
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(database), str(book)],
                         capture_output=True, text=True, env=env, timeout=180)
    assert out.returncode == 0, out.stderr
    assert "Загружены данные" in out.stdout
    assert copies[0].exists() and not copies[1].exists() and not copies[2].exists()  # held stays, the rest went
    assert [b.reason for b in backup.list_backups(database)][0] == "import"


# -- case: one name on NTFS ------------------------------------------------------------------------------------------
def test_versions_differing_only_by_case_are_two_files_and_both_listed(tmp_path):
    data = tmp_path / "данные"
    for n, version in enumerate(("2027a", "2027A")):
        out = main_py("methodology", "install", methodology_file(tmp_path / "из региона", f"м{n}.toml",
                                                                 version=version, year=2027), data=data)
        assert out.returncode == 0, out.stderr
        assert "уже установлена" not in out.stdout
    files = sorted((data / "methodologies").iterdir())
    assert len(files) == 2 and files[0].read_text(encoding="utf-8") != files[1].read_text(encoding="utf-8")
    assert len({f.name.casefold() for f in files}) == 2  # two files on a disk that ignores case too
    listed = json.loads(main_py("methodology", "list", "--json", data=data).stdout)
    assert {m["version"] for m in listed if m["origin"] == "installed"} == {"2027a", "2027A"}
    assert {m["path"] for m in listed if m["origin"] == "installed"} == {str(f) for f in files}



# -- the command line: restore refuses to lose data unless --force -------------------------------------------------
def test_restore_from_the_command_line_refuses_fewer_data_without_force(tmp_path):
    folder = tmp_path / "Отдел #2"
    folder.mkdir()
    database = folder / "district.sqlite"
    db = open_database(database)
    early = backup.make_backup(database, "start", db.conn)
    fill_quarter(db)
    db.conn.close()
    listed = main_py("backup", "list", "--db", database)
    assert listed.returncode == 0 and str(early.path) in listed.stdout and "при запуске" in listed.stdout
    before, copies = tables(database), folder_state(backup.backup_dir(database))
    out = main_py("backup", "restore", "--db", database, early.path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("Ошибка: В копии меньше данных") and "в копии 0 мероприятий, в текущей базе 2" \
        in out.stderr and "--force" in out.stderr
    assert_russian(out.stderr, early.path, "--force")
    assert tables(database) == before and folder_state(backup.backup_dir(database)) == copies
    out = main_py("backup", "restore", "--db", database, early.path, "--force")
    assert out.returncode == 0, out.stderr
    assert tables(database) == tables(early.path)
    kept = backup.list_backups(database)[0]
    assert kept.reason == "restore" and tables(kept.path) == before and str(kept.path) in out.stdout


def test_restore_from_the_command_line_refuses_a_foreign_file_even_with_force(tmp_path):
    database = tmp_path / "district.sqlite"
    db = open_database(database)
    fill_quarter(db)
    db.conn.close()
    stranger = tmp_path / "чужая.sqlite"
    conn = sqlite3.connect(stranger)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before, state = tables(database), folder_state(tmp_path)
    for extra in ((), ("--force",)):
        out = main_py("backup", "restore", "--db", database, stranger, *extra)
        assert out.returncode == 2 and "не копия базы данных программы" in out.stderr
        assert_russian(out.stderr, stranger)
        left = {k: v for k, v in folder_state(tmp_path).items() if not k.endswith(".lock")}  # the lock stays, empty
        assert tables(database) == before and left == state
    out = main_py("backup", "restore", "--db", database, tmp_path / "нет.sqlite")
    assert out.returncode == 2 and "нет" in out.stderr
    assert_russian(out.stderr, tmp_path)


def test_a_copy_from_a_newer_version_is_refused_before_anything_is_replaced(tmp_path):
    """A copy this version could not open afterwards: refused through main.py, the database unchanged."""
    database, _ = filled_quarter(tmp_path)
    newer = tmp_path / "newer.sqlite"
    shutil.copy(database, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = tables(database)
    out = main_py("backup", "restore", "--db", database, newer, "--force")
    assert out.returncode == 2 and "более новой версией программы (схема 99" in out.stderr, out.stderr
    assert_russian(out.stderr, newer)
    assert tables(database) == before
