"""Whether a period was sent upstream, when, and whether its data changed since (a hash of the data sheet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

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


def mark_sent(db: Database, data: PeriodData, folder: Path) -> None:
    """Record that the period's data, as it is now, went into the folder for the region."""
    with atomic(db):
        pid = ensure_period(db, data.period, data.methodology)
        db.execute("INSERT INTO sent_periods (period_id, sent_at, fingerprint, folder) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (period_id) DO UPDATE SET sent_at = excluded.sent_at, "
                   "fingerprint = excluded.fingerprint, folder = excluded.folder",
                   [pid, datetime.now().replace(microsecond=0).isoformat(), fingerprint(encode(data)),
                    str(folder)])


def sent_state(db: Database, data: PeriodData) -> SentState | None:
    """When the quarter was sent, and whether its data (read with its history) changed since."""
    if data.period_id is None:
        return None
    row = db.execute("SELECT sent_at, fingerprint, folder FROM sent_periods WHERE period_id = ?",
                     [data.period_id]).fetchone()
    if row is None:
        return None
    changed = fingerprint(encode(data)) != row[1]
    return SentState(datetime.fromisoformat(row[0]), changed, row[2])
