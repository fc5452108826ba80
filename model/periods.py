"""Reporting periods (year and quarter), each tied to the methodology version it is scored with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from model.db import atomic
from model.methodology import Methodology, default_methodology, find_methodology

_PERIOD = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read '2018-Q2'."""
        match = _PERIOD.fullmatch(text.strip())
        if not match:
            raise ValueError(f"период «{text}» задаётся как ГГГГ-QN, например 2018-Q2")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def title(self) -> str:
        return f"{self.quarter} квартал {self.year} года"

    def months(self) -> range:
        return range(3 * self.quarter - 2, 3 * self.quarter + 1)

    def last_day(self) -> date:
        month = 3 * self.quarter
        return date(self.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)

    def previous(self) -> Period:
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)


def period_id(db: sqlite_utils.Database, period: Period) -> int | None:
    row = db.execute("SELECT id FROM periods WHERE year = ? AND quarter = ?",
                     [period.year, period.quarter]).fetchone()
    return row[0] if row else None


def ensure_period(db: sqlite_utils.Database, period: Period, methodology: Methodology | None = None) -> int:
    """The period's row id, creating the period with the given (or default) methodology if new."""
    found = period_id(db, period)
    if found is not None:
        return found
    m = methodology or default_methodology()
    with atomic(db):
        cur = db.execute(
            "INSERT INTO periods (year, quarter, methodology_id, methodology_version) VALUES (?, ?, ?, ?)",
            [period.year, period.quarter, m.id, m.version])
        return int(cur.lastrowid)


def period_methodology(db: sqlite_utils.Database, period: Period) -> Methodology:
    """The methodology the period is scored with (the default for a period not yet started)."""
    row = db.execute("SELECT methodology_id, methodology_version FROM periods WHERE year = ? AND quarter = ?",
                     [period.year, period.quarter]).fetchone()
    if row is None:
        return default_methodology()
    return find_methodology(row[0], row[1])


def stored_periods(db: sqlite_utils.Database) -> list[Period]:
    return [Period(y, q) for y, q in db.execute("SELECT year, quarter FROM periods ORDER BY year, quarter")]
