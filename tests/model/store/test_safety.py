"""Nothing lost: backups and their rotation, damaged files, one writer per file, read-only files."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Q2

from model.areas import plan
from model.base import writer_lock as lock
from model.errors import DatabaseDamaged, DatabaseRefused, InputRefused, WriteError
from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store import backup
from model.store.db import is_read_only, open_database, writable

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parents[2] / "fixtures"


def test_backup_before_migration_keeps_the_old_schema(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", path)
    open_database(path).conn.close()
    copies = backup.list_backups(path)
    assert [c.reason for c in copies] == ["migration"]
    conn = sqlite3.connect(copies[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM plan_inputs").fetchone()[0] == 8
    conn.close()


def test_backup_is_a_checked_consistent_copy(db, db_path):
    plan.set_value(db, Q2, "2.2", "n", 1)
    made = backup.make_backup(db_path, "manual", db.conn)
    assert made.path.parent == db_path.parent / "Резервные копии"
    assert backup.integrity_ok(made.path) and made.size > 0
    assert plan.load_inputs(open_database(made.path), Q2) == {"2.2": {"n": 1.0}}


def test_rotation_keeps_last_ten_and_the_newest_of_each_day_week_and_month(tmp_path):
    db_path = tmp_path / "d.sqlite"
    folder = backup.backup_dir(db_path)
    folder.mkdir()
    times = [datetime(2018, m, d, 12) for m in (1, 2, 3) for d in (1, 10, 20)] + \
        [datetime(2018, 4, d, 12) for d in range(1, 13)]
    for t in times:
        (folder / f"d_{t:%Y-%m-%d_%H%M%S_%f}_start.sqlite").write_bytes(b"x")
    removed = backup.rotate(db_path)
    kept = sorted(b.made_at for b in backup.list_backups(db_path))
    months = [datetime(2018, 1, 20, 12), datetime(2018, 2, 20, 12), datetime(2018, 3, 20, 12)]
    weeks = [datetime(2018, 2, 10, 12), datetime(2018, 3, 1, 12), datetime(2018, 3, 10, 12), datetime(2018, 4, 1, 12)]
    assert kept == sorted(months + weeks + [datetime(2018, 4, d, 12) for d in range(3, 13)])
    assert len(removed) == len(times) - len(kept)


def test_restore_backs_up_the_current_file_first(db, db_path):
    plan.set_value(db, Q2, "2.2", "n", 1)
    old = backup.make_backup(db_path, "manual", db.conn)
    plan.set_value(db, Q2, "2.2", "n", 0.5)
    db.conn.close()
    time.sleep(0.01)
    before = backup.restore(db_path, old, fewer_allowed=True)  # the newer edit is lost: asked and agreed
    assert before.reason == "restore"
    assert plan.load_inputs(open_database(db_path), Q2) == {"2.2": {"n": 1.0}}
    assert plan.load_inputs(open_database(before.path), Q2) == {"2.2": {"n": 0.5}}


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE filler (x)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, min(len(data), 4096 * 6)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_damaged_file_is_refused_and_never_written(db, db_path):
    plan.set_value(db, Q2, "2.2", "n", 1)
    db.conn.close()
    _damage(db_path)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="повреждён") as caught:
        open_database(db_path)
    assert db_path.read_bytes() == before
    assert "резервную копию" in str(caught.value)
    assert not re.search(r"[A-Za-z]{3,}", str(caught.value).replace(str(db_path), ""))  # no SQLite English


def test_read_only_open_refuses_writes_and_changes_nothing(db, db_path):
    plan.set_value(db, Q2, "2.2", "n", 1)
    db.conn.close()
    before = db_path.read_bytes()
    ro = open_database(db_path, read_only=True)
    assert is_read_only(ro)
    with pytest.raises(InputRefused, match="только для чтения"):
        plan.set_value(ro, Q2, "2.2", "n", 0.5)
    assert plan.load_inputs(ro, Q2) == {"2.2": {"n": 1.0}}
    ro.conn.close()
    assert db_path.read_bytes() == before


def test_file_on_read_only_media_opens_read_only(db, db_path, monkeypatch):
    db.conn.close()
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # what a CD or a write-protected share reports
    assert not writable(db_path)
    assert is_read_only(open_database(db_path))


def test_old_file_on_read_only_media_is_refused_not_half_upgraded(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", path)
    with pytest.raises(DatabaseRefused, match="прежней версией"):
        open_database(path, read_only=True)
    assert path.read_bytes() == (FIXTURES / "schema_v1.sqlite").read_bytes()


HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from model.base import writer_lock as lock
lock.acquire(Path({path!r}))
print("locked", flush=True)
time.sleep(30)
"""


def test_second_process_is_told_who_has_the_file(db_path):
    child = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(db_path))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(lock.AlreadyOpen) as caught:
            lock.acquire(db_path)
        assert caught.value.holder.pid == child.pid and caught.value.holder.program.startswith("Отчётность ОМСУ")
        assert "уже открыта на компьютере" in str(caught.value) and " пользователем " in str(caught.value)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    lock.acquire(db_path)  # the holder died: the OS released its lock
    assert lock.read_holder(db_path).pid == os.getpid() and lock.holds(db_path)
    lock.release(db_path)
    assert not lock.holds(db_path) and lock.lock_path(db_path).read_bytes() == b""


def test_command_line_import_refused_while_file_is_open(db, db_path, tmp_path):
    child = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(db_path))],
                             stdout=subprocess.PIPE, text=True)
    try:
        child.stdout.readline()
        book = write_xlsx(load_period(db, Q2, history=True), tmp_path / "x.xlsx")  # a good book: only the lock refuses
        out = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(db_path), str(book)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and "уже открыта" in out.stderr
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


WRITER = """
import sys
sys.path.insert(0, {root!r})
from model.areas import plan
from model.store.db import open_database
from model.base.period import Period
db = open_database({path!r})
for i in range(1, {count} + 1):
    plan.set_values(db, Period(2018, {quarter}), "2.1", {{"A": 0, "B": i}})
    print(i, flush=True)
"""


def test_two_processes_writing_at_once_corrupt_nothing(db_path):
    open_database(db_path).conn.close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), path=str(db_path), count=150,
                                                                     quarter=q)],
                                stdout=subprocess.PIPE, text=True) for q in (1, 2)]
    outputs = [w.communicate(timeout=120)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers) and all(o[-1] == "150" for o in outputs)
    db = open_database(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    from model.base.period import Period
    assert [plan.load_inputs(db, Period(2018, q))["2.1"]["B"] for q in (1, 2)] == [150, 150]


def test_a_rename_held_for_a_moment_is_retried_and_one_held_for_good_is_told(tmp_path, monkeypatch):
    """Windows: an antivirus or the indexer holds a fresh file for a moment; Excel holds an open book for good."""
    from model.base import files

    target = tmp_path / "отчёт.xlsx"
    target.write_bytes(b"old")
    real_replace, failures = os.replace, []
    monkeypatch.setattr(files, "RETRY_DELAYS", (0, 0, 0, 0))

    def held(times):
        def replace(src, dst):
            if len(failures) < times:
                failures.append(dst)
                raise PermissionError(13, "The process cannot access the file")
            real_replace(src, dst)
        return replace

    monkeypatch.setattr(files.os, "replace", held(3))
    files.write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new" and len(failures) == 3
    failures.clear()
    monkeypatch.setattr(files.os, "replace", held(100))
    with pytest.raises(WriteError, match="открыт в другой программе"):
        files.write_bytes_atomically(target, b"newer")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["отчёт.xlsx"]


def test_the_window_and_smoke_alike_make_a_missing_folder(tmp_path):
    from gui.opening import open_for_window

    path = tmp_path / "новая папка" / "район.sqlite"
    db = open_for_window(None, path, ask=False)
    try:
        assert path.exists() and not is_read_only(db)
    finally:
        db.conn.close()
        lock.release(path)
    other = tmp_path / "ещё папка" / "район.sqlite"
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke", "--db", str(other)], capture_output=True,
                         text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0 and other.exists()


def test_backup_names_are_read_back_and_strange_names_are_not_backups(db, db_path):
    when = datetime(2026, 2, 28, 23, 59, 58, 123456)
    folder = backup.backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made = folder / backup._name(db_path, "start", when)
    made.write_bytes(b"")
    for strange in ("2026-02-30_235958_123456_start", "2026-02-28_2359_123456_start", "2026-02-28_235958_start",
                    "копия_start", "2026-02-28_235958_12345x_start"):
        (folder / f"{db_path.stem}_{strange}.sqlite").write_bytes(b"")
    found = backup.list_backups(db_path)
    assert [(b.path, b.made_at, b.reason) for b in found] == [(made, when, "start")]
