"""The one door to the database file: opening, pragmas, schema migrations and transactions."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from model.base.faults import (
    SQLITE_CORRUPT,
    SQLITE_ERROR,
    SQLITE_FULL,
    SQLITE_NOTADB,
    SQLITE_READONLY,
    os_reason,
    sqlite_code,
    sqlite_reason,
)
from model.base.ru import NOT_SAVED
from model.base.uri import database_uri
from model.base.writer_lock import this_workstation
from model.errors import DatabaseDamaged, DatabaseRefused, QuarterSent, WriteFailed
from model.store.migrations import MIGRATIONS

log = logging.getLogger("omsu.db")

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x4F4D5355  # "OMSU": marks the file as ours

SCHEMA_VERSION = len(MIGRATIONS)


def _user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def writable(path: Path) -> bool:
    """Whether SQLite can write the file (and its journal beside it)."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


AUDIT_PAUSED: set[int] = set()  # connections whose writes restore recorded history (model/store/audit.py paused)


def register_audit(conn: sqlite3.Connection) -> None:
    """Give a connection the two functions the audit triggers call: who writes, and whether to record it."""
    host, user = this_workstation()
    actor = f"{host}/{user}"
    key = id(conn)
    conn.create_function("omsu_actor", 0, lambda: actor)
    conn.create_function("omsu_audit_on", 0, lambda: 0 if key in AUDIT_PAUSED else 1)


class Database:
    """An open database file: `execute` runs one statement on `conn`. For tables, rows and columns, `utils` is
    sqlite-utils on the same connection, loaded the first time it is asked for: the window opens without it
    (with click, pluggy and dateutil it was a fifth of the start-up)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None

    def execute(self, sql: str, parameters: Sequence[object] | Mapping[str, object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils' Database over this connection (recursive triggers on, as ours)."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils


def open_database(path: Path | str, read_only: bool = False) -> Database:
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
            raise DatabaseRefused(f"Папку {path.parent} создать нельзя: {os_reason(exc)}") from None
    created = not path.exists()
    try:
        conn = sqlite3.connect(database_uri(path, read_only), uri=True, isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        log.warning("Файл %s не открыт: %s", path, exc)
        raise DatabaseRefused(f"Файл {path} не открывается как база данных: {sqlite_reason(exc)}") from None
    register_audit(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")  # a replaced row fires its delete trigger: the journal has it
        conn.execute("PRAGMA synchronous = FULL")  # an acknowledged edit survives a power cut
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            log.warning("Проверка целостности %s: %s", path, check)
            raise DatabaseDamaged(f"Файл {path} повреждён: проверка целостности нашла ошибки. Программа не будет в "
                                  "него писать. Восстановите последнюю исправную резервную копию.")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = _user_version(conn)
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if app_id != APPLICATION_ID and has_tables:
            raise DatabaseRefused(f"Файл {path} создан другой программой: открыть его нельзя")
        if version < 0:
            raise DatabaseDamaged(f"Файл {path} повреждён: номер его схемы ({version}) не бывает у базы программы. "
                                  "Программа не будет в него писать. Восстановите последнюю исправную резервную копию.")
        if version > SCHEMA_VERSION:
            raise DatabaseRefused(
                f"Файл {path} создан более новой версией программы (схема {version}, "
                f"эта версия знает {SCHEMA_VERSION}). Обновите программу.")
        if version < SCHEMA_VERSION:
            if read_only:
                raise DatabaseRefused(f"Файл {path} создан прежней версией программы и открыт только для чтения: "
                                      "обновить его нельзя. Скопируйте файл туда, где его можно изменять.")
            if has_tables:
                from model.store.backup import make_backup

                make_backup(path, "migration", conn)
            _migrate(conn, version)
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        _discard(conn, path, created)
        log.warning("Файл %s не открыт: %s", path, exc)  # SQLite's own words, for the support
        if sqlite_code(exc) in (SQLITE_NOTADB, SQLITE_CORRUPT):
            raise DatabaseDamaged(f"Файл {path} повреждён: его внутренняя структура не читается. Программа не "
                                  "будет в него писать. Восстановите последнюю исправную резервную копию.") from None
        if created and sqlite_code(exc) == SQLITE_FULL:
            raise DatabaseRefused(f"Файл базы данных {path} создать нельзя: на диске нет места. Освободите место "
                                  "или выберите другую папку.") from None
        raise DatabaseRefused(f"Файл {path} не открывается как база данных: {sqlite_reason(exc)}") from None
    except BaseException:
        _discard(conn, path, created)
        raise
    return Database(conn)


def _discard(conn: sqlite3.Connection, path: Path, created: bool) -> None:
    """Close a database that failed to open; one this call created is removed, not left half-made."""
    conn.close()
    if created:
        for leftover in (path, path.with_name(path.name + "-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                log.warning("Недоделанный файл %s не удалён", leftover)


def is_read_only(db: Database) -> bool:
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def database_path(db: Database) -> Path:
    """The file behind an open database."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply the migrations after `version` and record the new version, in one transaction: the file is either
    upgraded whole or left as it was (a new file is made in one write to disk, not one per migration)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on a full disk or an I/O error
            conn.execute("ROLLBACK")
        raise


SENT_MARK = "квартал отправлен"  # what the lock triggers of migration 7 abort with
QUARTER_SENT = (f"{NOT_SAVED}: отправка квартала в регион подготовлена, и его данные защищены от случайных изменений. "
                "Чтобы исправить их, нажмите на вкладке «Отчёты» «Открыть для исправления…» и укажите причину — "
                "исправленная редакция уйдёт в регион с новым номером.")


def _failure(exc: sqlite3.Error) -> WriteFailed:
    if SENT_MARK in str(exc):
        return QuarterSent(QUARTER_SENT)
    return WriteFailed(_write_failed(exc))


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
def atomic(db: Database) -> Iterator[None]:
    """Group one user action's writes into one committed transaction (nested calls join it)."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise _failure(exc) from exc
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _failure(exc) from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def one_statement(db: Database) -> Iterator[None]:
    """A user action that is a single statement: SQLite makes it its own transaction, audit triggers included,
    so it needs no BEGIN and COMMIT; a write the file does not take is told like any other."""
    if db.conn.in_transaction:
        yield
        return
    try:
        yield
    except sqlite3.Error as exc:
        raise _failure(exc) from exc


def _write_failed(exc: sqlite3.Error) -> str:
    code = sqlite_code(exc)
    if code == SQLITE_READONLY or "query_only" in str(exc):  # query_only is our own pragma, its words are fixed
        return f"{NOT_SAVED}: файл базы данных открыт только для чтения."
    log.warning("Запись в базу не удалась: %s", exc)
    if code == SQLITE_FULL:
        return (f"{NOT_SAVED}: на диске нет места для файла базы данных. Освободите место и повторите; "
                "прежние данные целы.")
    if code in (SQLITE_ERROR, SQLITE_CORRUPT):  # the file itself is wrong: no disk or other program to blame
        return (f"{NOT_SAVED}: база данных не принимает запись ({sqlite_reason(exc)}). Восстановите её из резервной "
                "копии (Файл → Резервные копии…).")
    return (f"{NOT_SAVED}: база данных не принимает запись ({sqlite_reason(exc)}). "
            "Проверьте, что на диске есть место и файл не занят другой программой, и повторите.")


def schema_version(db: Database) -> int:
    return _user_version(db.conn)
