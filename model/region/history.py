"""The region's own database: what the region has issued and merged, kept between sessions, never edited by hand.

It lives in the region's data folder (`region/history.sqlite` under the program's data folder) and holds:
- `region`: the region's name (one row), as the packages name it;
- `keys`: each municipality's seal key (model/exchange/seal.py), made the first time a package names it, reused
  after; keys never leave this file but inside the package sent to the districts;
- `packages`: every package made (region, year, version, when, the whole JSON), so versions go up;
- the merges and their journal (see below in this module).

Writes are each one transaction; the file is SQLite like the district's database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from model.base.paths import data_dir
from model.errors import DatabaseRefused
from model.exchange.seal import new_key

APPLICATION_ID = 0x4F4D5352  # "OMSR": the region's history, not a district's database
SCHEMA = (
    """CREATE TABLE region (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL);
    CREATE TABLE keys (oktmo TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, made_at TEXT NOT NULL);
    CREATE TABLE packages (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        year INTEGER NOT NULL,
        version INTEGER NOT NULL,
        made_at TEXT NOT NULL,
        document TEXT NOT NULL,
        UNIQUE (region, year, version)
    );""",
)


def history_path() -> Path:
    return data_dir() / "region" / "history.sqlite"


class History:
    """An open history database. Use as a context manager, or call `close`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    # -- the region ------------------------------------------------------------------------------------------------
    def region(self) -> str:
        row = self.conn.execute("SELECT name FROM region WHERE id = 1").fetchone()
        return row[0] if row else ""

    def set_region(self, name: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO region (id, name) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                      [name])

    # -- keys ------------------------------------------------------------------------------------------------------
    def key_for(self, oktmo: str, name: str) -> str:
        """The municipality's seal key, made the first time it is asked for."""
        row = self.conn.execute("SELECT key FROM keys WHERE oktmo = ?", [oktmo]).fetchone()
        if row:
            return row[0]
        key = new_key()
        with self.transaction() as c:
            c.execute("INSERT INTO keys (oktmo, name, key, made_at) VALUES (?, ?, ?, ?)",
                      [oktmo, name, key, datetime.now().replace(microsecond=0).isoformat()])
        return key

    def keys(self) -> dict[str, str]:
        """OKTMO → key, for every municipality a package has named."""
        return dict(self.conn.execute("SELECT oktmo, key FROM keys").fetchall())

    # -- packages --------------------------------------------------------------------------------------------------
    def next_package_version(self, region: str, year: int) -> int:
        row = self.conn.execute("SELECT max(version) FROM packages WHERE region = ? AND year = ?",
                                [region, year]).fetchone()
        return (row[0] or 0) + 1

    def record_package(self, region: str, year: int, version: int, made_at: datetime, document: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO packages (region, year, version, made_at, document) VALUES (?, ?, ?, ?, ?)",
                      [region, year, version, made_at.isoformat(), document])


def open_history(path: Path | None = None) -> History:
    """The history database (created on first use); DatabaseRefused if the file is not one."""
    path = path or history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app not in (0, APPLICATION_ID) or (app == 0 and version != 0):
            raise DatabaseRefused(f"Файл {path} — не история свода программы: выберите другой файл")
        if version > len(SCHEMA):
            raise DatabaseRefused(f"История свода {path} записана более новой версией программы: обновите программу")
        for n in range(version, len(SCHEMA)):
            with closing(conn.cursor()) as cur:
                cur.execute("BEGIN")
                for statement in _statements(SCHEMA[n]):  # one transaction: executescript would commit first
                    cur.execute(statement)
                cur.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                cur.execute(f"PRAGMA user_version = {n + 1}")
                cur.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseRefused(f"История свода {path} не открывается: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return History(conn)


def _statements(script: str) -> list[str]:
    """The statements of a schema step (plain tables and indexes: no trigger bodies with inner semicolons)."""
    return [s.strip() for s in script.split(";") if s.strip()]
