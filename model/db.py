"""The one door to the database file: opening, pragmas, schema migrations and transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from model.audit import migration_sql as audit_migration_sql
from model.audit import register as register_audit
from model.ru import InputRefused

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x4F4D5355  # "OMSU": marks the file as ours

# Ordered migrations; the schema version is their count. Never edit one that has shipped: add another.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        district TEXT NOT NULL,
        oktmo TEXT NOT NULL DEFAULT '',
        head_name TEXT NOT NULL DEFAULT '',
        head_position TEXT NOT NULL DEFAULT '',
        executor_name TEXT NOT NULL DEFAULT '',
        executor_phone TEXT NOT NULL DEFAULT '',
        region_email TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE periods (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        methodology_id TEXT NOT NULL,
        methodology_version TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        UNIQUE (year, quarter)
    );
    CREATE TABLE plan_inputs (
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        field TEXT NOT NULL,
        value REAL NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        PRIMARY KEY (period_id, item, field)
    );
    CREATE TABLE plan_evidence (
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (period_id, item)
    );
    CREATE TABLE plan_events (
        id INTEGER PRIMARY KEY,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        day TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        topic TEXT NOT NULL
    );
    CREATE INDEX plan_events_by_item ON plan_events (period_id, item);
    """,
    """
    CREATE TABLE centers (
        id INTEGER PRIMARY KEY,
        settlement TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        schedule TEXT NOT NULL DEFAULT '',
        schedule_published INTEGER NOT NULL DEFAULT 0 CHECK (schedule_published IN (0, 1)),
        schedule_link TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        deactivated_at TEXT
    );
    CREATE TABLE center_staff (
        id INTEGER PRIMARY KEY,
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        has_badge INTEGER NOT NULL DEFAULT 0 CHECK (has_badge IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE center_checks (
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE RESTRICT,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        requirement TEXT NOT NULL,
        met INTEGER NOT NULL CHECK (met IN (0, 1)),
        checked_on TEXT,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (center_id, period_id, requirement)
    );
    CREATE TABLE center_operations (
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE RESTRICT,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        PRIMARY KEY (center_id, period_id, kind)
    );
    CREATE TABLE esia_plans (
        year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        registered_start INTEGER CHECK (registered_start >= 0),
        target_end REAL CHECK (target_end >= 0),
        population INTEGER CHECK (population > 0),
        total_registered INTEGER CHECK (total_registered >= 0),
        total_as_of TEXT
    );
    CREATE TABLE esia_months (
        year INTEGER NOT NULL REFERENCES esia_plans(year) ON DELETE CASCADE,
        month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        registrations INTEGER NOT NULL CHECK (registrations >= 0),
        PRIMARY KEY (year, month)
    );
    """,
    """
    CREATE TABLE indicators (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'основной',
        unit TEXT NOT NULL DEFAULT '%',
        territory TEXT NOT NULL DEFAULT '',
        base_value REAL,
        base_date TEXT,
        direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
        decimals INTEGER NOT NULL DEFAULT 2 CHECK (decimals BETWEEN 0 AND 6),
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        retired_at TEXT
    );
    CREATE TABLE indicator_values (
        indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE RESTRICT,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
        plan REAL,
        fact REAL,
        comment TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (indicator_id, year, quarter)
    );
    CREATE TABLE control_points (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        due TEXT NOT NULL,
        done TEXT,
        comment TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    );
    """,
    """
    CREATE TABLE sent_periods (
        period_id INTEGER PRIMARY KEY REFERENCES periods(id) ON DELETE CASCADE,
        sent_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        folder TEXT NOT NULL DEFAULT ''
    );
    """,
    audit_migration_sql(),
)
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseRefused(Exception):
    """The file cannot be opened as this program's database; the message says why, in Russian."""


def _user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


class DatabaseDamaged(DatabaseRefused):
    """The file failed SQLite's quick check; it is not written to."""


def writable(path: Path) -> bool:
    """Whether SQLite can write the file (and its journal beside it)."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def open_database(path: Path | str, read_only: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) a database file, check it, bring its schema up to date, and return it.

    A file on read-only media, or asked for read_only, is opened for reading only (see is_read_only).
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise DatabaseRefused(f"{path} — это папка, а не файл базы данных")
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise DatabaseRefused(f"Файл {path} не является базой данных программы")
    read_only = read_only or (path.exists() and not writable(path))
    if read_only and not path.exists():
        raise DatabaseRefused(f"Файла {path} нет, а создать его в этой папке нельзя")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseRefused(f"Папку {path.parent} создать нельзя: {exc.strerror or exc}") from None
    uri = f"file:{quote(str(path.resolve()))}" + ("?mode=ro" if read_only else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
    register_audit(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # an acknowledged edit survives a power cut
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise DatabaseDamaged(f"Файл {path} повреждён ({check[:120]}). Программа не будет в него писать. "
                                  "Восстановите последнюю исправную резервную копию.")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = _user_version(conn)
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if app_id != APPLICATION_ID and has_tables:
            raise DatabaseRefused(f"Файл {path} создан другой программой: открыть его нельзя")
        if version > SCHEMA_VERSION:
            raise DatabaseRefused(
                f"Файл {path} создан более новой версией программы (схема {version}, "
                f"эта версия знает {SCHEMA_VERSION}). Обновите программу.")
        if version < SCHEMA_VERSION:
            if read_only:
                raise DatabaseRefused(f"Файл {path} создан прежней версией программы и открыт только для чтения: "
                                      "обновить его нельзя. Скопируйте файл туда, где его можно изменять.")
            if has_tables:
                from model.backup import make_backup

                make_backup(path, "migration", conn)
            for number in range(version, SCHEMA_VERSION):
                _migrate(conn, number)
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise DatabaseDamaged(f"Файл {path} повреждён: {exc}. Восстановите последнюю исправную резервную "
                                  "копию.") from None
        raise DatabaseRefused(f"Файл {path} не открывается как база данных: {exc}") from None
    except BaseException:
        conn.close()
        raise
    import sqlite_utils  # only here: reading a workbook or a methodology needs no database library

    return sqlite_utils.Database(conn)


def is_read_only(db: sqlite_utils.Database) -> bool:
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def database_path(db: sqlite_utils.Database) -> Path:
    """The file behind an open database."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def _migrate(conn: sqlite3.Connection, number: int) -> None:
    """Apply one migration and record it, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(MIGRATIONS[number]):
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class WriteFailed(InputRefused):
    """The database did not take a write (locked, read-only, disk full); nothing of the action was stored."""


def _statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script (a trigger's body holds semicolons of its own)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""


@contextmanager
def atomic(db: sqlite_utils.Database) -> Iterator[None]:
    """Group one user action's writes into one committed transaction (nested calls join it)."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise WriteFailed(_write_failed(exc)) from exc
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise WriteFailed(_write_failed(exc)) from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _write_failed(exc: sqlite3.Error) -> str:
    if "readonly" in str(exc) or "query_only" in str(exc) or "read-only" in str(exc):
        return "Изменение не сохранено: файл базы данных открыт только для чтения."
    return (f"Изменение не сохранено: база данных не принимает запись ({exc}). "
            "Проверьте, что на диске есть место и файл не занят другой программой, и повторите.")


def schema_version(db: sqlite_utils.Database) -> int:
    return _user_version(db.conn)
