"""The audit trail: every change to reported data, with when and on which workstation by which user.

Triggers written by schema migration 5 (model/store/migrations.py) record each insert, update and delete into the table
`audit`; they call two functions that every connection of the program registers (`register_audit` in
model/store/db.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from model.store.db import AUDIT_PAUSED

if TYPE_CHECKING:
    from model.store.db import Database

@contextmanager
def paused(db: Database) -> Iterator[None]:
    """Writes that restore recorded history (an import of exported rows) are not recorded again."""
    AUDIT_PAUSED.add(id(db.conn))
    try:
        yield
    finally:
        AUDIT_PAUSED.discard(id(db.conn))


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    table: str
    key: str
    action: str
    old: dict | None
    new: dict | None


def _entry(row: tuple) -> Entry:
    return Entry(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4], row[5],
                 json.loads(row[6]) if row[6] else None, json.loads(row[7]) if row[7] else None)


_COLUMNS = "id, at, actor, tbl, key, action, old, new"


def history(db: Database, key: str | None = None, limit: int = 2000) -> list[Entry]:
    """Changes of one thing (key like 'plan:2018-Q2:1.1', 'center:3') or of everything, newest first."""
    if key is None:
        rows = db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY id DESC LIMIT ?", [limit])
    else:
        rows = db.execute(f"SELECT {_COLUMNS} FROM audit WHERE key = ? ORDER BY id DESC LIMIT ?", [key, limit])
    return [_entry(r) for r in rows]


def entries_for_export(db: Database, keys_like: list[str]) -> list[Entry]:
    """Changes whose key matches any of the SQL LIKE patterns, oldest first."""
    where = " OR ".join("key LIKE ?" for _ in keys_like) or "0"
    return [_entry(r) for r in db.execute(f"SELECT {_COLUMNS} FROM audit WHERE {where} ORDER BY id", keys_like)]


def restore_entries(db: Database, entries: list[Entry]) -> None:
    """Put exported history back (import); entries already present are left as they are."""
    for e in entries:
        db.execute("INSERT OR IGNORE INTO audit (id, at, actor, tbl, key, action, old, new) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [e.id, e.at.isoformat(), e.actor, e.table, e.key, e.action,
                    json.dumps(e.old, ensure_ascii=False, allow_nan=False) if e.old is not None else None,
                    json.dumps(e.new, ensure_ascii=False, allow_nan=False) if e.new is not None else None])


ACTIONS = {"insert": "добавлено", "update": "изменено", "delete": "удалено"}

