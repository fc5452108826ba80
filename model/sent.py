"""Whether a period was sent upstream, when, whether its data changed since (a hash of the data sheet), and its
revision: a sent quarter is locked against accidental edits (migration 7's triggers) until it is reopened with a
reason, which starts the next revision — the files sent again carry it, so the region sees a corrected report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from model.base.ru import InputRefused, clean_text
from model.db import atomic
from model.exchange import encode, fingerprint
from model.period_data import PeriodData
from model.periods import ensure_period

if TYPE_CHECKING:
    from model.db import Database


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


def mark_sent(db: Database, data: PeriodData, folder: Path) -> None:
    """Record that the period's data, as it is now, went into the folder for the region; the quarter is locked."""
    with atomic(db):
        pid = ensure_period(db, data.period, data.methodology)
        db.execute("INSERT INTO sent_periods (period_id, sent_at, fingerprint, folder) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (period_id) DO UPDATE SET sent_at = excluded.sent_at, "
                   "fingerprint = excluded.fingerprint, folder = excluded.folder, reopened_at = NULL",
                   [pid, datetime.now().replace(microsecond=0).isoformat(), fingerprint(encode(data)),
                    str(folder)])


def sent_state(db: Database, data: PeriodData) -> SentState | None:
    """When the quarter was sent, and whether its data (read with its history) changed since."""
    if data.period_id is None:
        return None
    row = db.execute("SELECT sent_at, fingerprint, folder, revision, reopened_at, reopen_reason FROM sent_periods "
                     "WHERE period_id = ?", [data.period_id]).fetchone()
    if row is None:
        return None
    changed = fingerprint(encode(data)) != row[1]
    return SentState(datetime.fromisoformat(row[0]), changed, row[2], row[3],
                     datetime.fromisoformat(row[4]) if row[4] else None, row[5])


def reopen(db: Database, data: PeriodData, reason: str) -> int:
    """Open a sent quarter for correction, recording why; returns the new revision. Refused for a quarter that
    was not sent or is open already, and without a reason."""
    reason = clean_text(reason, "Причина")
    if not reason:
        raise InputRefused("Укажите, почему квартал открывается заново: причина попадёт в журнал и в отчёт")
    state = sent_state(db, data)
    if state is None:
        raise InputRefused(f"{data.period.title()} в регион ещё не отправлялся: он и так открыт")
    if not state.locked:
        raise InputRefused(f"{data.period.title()} уже открыт для исправления (редакция {state.revision})")
    with atomic(db):
        db.execute("UPDATE sent_periods SET reopened_at = ?, reopen_reason = ?, revision = revision + 1 "
                   "WHERE period_id = ?", [datetime.now().replace(microsecond=0).isoformat(), reason,
                                           data.period_id])
    return state.revision + 1
