"""How a sent quarter is locked, in one place: a quarter sent upstream is locked against accidental edits until it
is reopened with a reason, which starts the next revision — the files sent again carry it, so the region sees a
corrected report. The row in sent_periods says when it was sent, into which folder, with which fingerprint of its
data sheet (model/reports/sending.py compares it: «changed since»), and its revision.

The lock itself is in the database: migration 7's triggers (model/store/migrations.py) abort any write to a sent
quarter's tables while its row has no reopened_at, with SENT_MARK in the message; model/store/db.py turns that
into `QuarterSent`, whose message tells the user how to reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database


@dataclass(frozen=True)
class SentState:
    sent_at: datetime
    changed_since: bool
    folder: str
    revision: int = 1
    reopened_at: datetime | None = None
    reopen_reason: str = ""

    @property
    def locked(self) -> bool:
        return self.reopened_at is None


def lock(db: Database, period_id: int, fingerprint: str, folder: Path) -> None:
    """Record the sending (again, after a reopening): the quarter is locked from now on."""
    with atomic(db):
        db.execute("INSERT INTO sent_periods (period_id, sent_at, fingerprint, folder) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (period_id) DO UPDATE SET sent_at = excluded.sent_at, "
                   "fingerprint = excluded.fingerprint, folder = excluded.folder, reopened_at = NULL",
                   [period_id, _now(), fingerprint, str(folder)])


def stored(db: Database, period_id: int) -> tuple[SentState, str] | None:
    """The quarter's sending as stored (changed_since not yet known: False) and the fingerprint it was sent with."""
    row = db.execute("SELECT sent_at, fingerprint, folder, revision, reopened_at, reopen_reason FROM sent_periods "
                     "WHERE period_id = ?", [period_id]).fetchone()
    if row is None:
        return None
    return SentState(datetime.fromisoformat(row[0]), False, row[2], row[3],
                     datetime.fromisoformat(row[4]) if row[4] else None, row[5]), row[1]


def unlock(db: Database, period_id: int, reason: str) -> None:
    """Reopen a sent quarter for correction: the next revision starts, with its reason."""
    with atomic(db):
        db.execute("UPDATE sent_periods SET reopened_at = ?, reopen_reason = ?, revision = revision + 1 "
                   "WHERE period_id = ?", [_now(), reason, period_id])


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def is_sent(db: Database, pid: int) -> bool:
    return db.execute("SELECT count(*) FROM sent_periods WHERE period_id = ?", [pid]).fetchone()[0] > 0


def revision(db: Database, period_id: int | None) -> tuple[int, str]:
    """The report's revision as the files carry it (1 until a sent quarter is reopened) and why it was reopened."""
    row = db.execute("SELECT revision, reopen_reason FROM sent_periods WHERE period_id = ?",
                     [period_id]).fetchone() if period_id is not None else None
    return (row[0], row[1]) if row else (1, "")


def locked_since(db: Database, period_id: int | None) -> datetime | None:
    """When the quarter was sent, while it stays locked (not reopened for correction); None otherwise."""
    row = db.execute("SELECT sent_at FROM sent_periods WHERE period_id = ? AND reopened_at IS NULL",
                     [period_id]).fetchone() if period_id is not None else None
    return datetime.fromisoformat(row[0]) if row else None
