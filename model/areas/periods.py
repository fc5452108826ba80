"""Reporting periods (year and quarter), each tied for ever to the methodology version it is scored with."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from model.areas import region_targets
from model.base.period import Period, last_ended
from model.errors import InputRefused, NoMethodologyForYear
from model.methodology import Methodology, registry
from model.store.db import atomic
from model.store.sent_lock import is_sent

if TYPE_CHECKING:
    from model.store.db import Database


def period_row(db: Database, period: Period) -> tuple[int, str, str] | None:
    """The period's row id and the methodology id and version it is scored with, if it was started."""
    row = db.execute("SELECT id, methodology_id, methodology_version FROM periods WHERE year = ? AND quarter = ?",
                     [period.year, period.quarter]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def period_id(db: Database, period: Period) -> int | None:
    row = period_row(db, period)
    return row[0] if row else None


def periods_by_id(db: Database) -> dict[int, Period]:
    """Every started quarter by its row id."""
    return {pid: Period(year, quarter) for pid, year, quarter in db.execute("SELECT id, year, quarter FROM periods")}


def methodology_for_new_period(db: Database, year: int) -> Methodology:
    """The methodology a new quarter of the year takes: the newest for the year, else the one chosen for it."""
    found = registry.for_year(year)
    if found:
        return found[0]
    row = db.execute("SELECT methodology_id, methodology_version FROM periods WHERE year = ? "
                     "ORDER BY quarter DESC LIMIT 1", [year]).fetchone()
    if row:
        return registry.find(row[0], row[1])
    raise NoMethodologyForYear(year)


def period_methodology(db: Database, period: Period) -> Methodology:
    """The methodology the period is scored with: its own, or for a period not yet started, its year's.

    Raises NoMethodologyForYear when the year has none, MethodologyMissing when the period's is not installed.
    """
    row = period_row(db, period)
    if row is None:
        return methodology_for_new_period(db, period.year)
    return registry.find(row[1], row[2])


def ensure_period(db: Database, period: Period, methodology: Methodology | None = None) -> int:
    """The period's row id, starting the period (with the given methodology, or its year's) if new; a new quarter
    takes the plan values the region set for it (model/areas/region_targets.py)."""
    found = period_id(db, period)
    if found is not None:
        return found
    m = methodology or methodology_for_new_period(db, period.year)
    with atomic(db):
        cur = db.execute(
            "INSERT INTO periods (year, quarter, methodology_id, methodology_version) VALUES (?, ?, ?, ?)",
            [period.year, period.quarter, m.id, m.version])
        new_id = int(cur.lastrowid or 0)
        region_targets.fill_started(db, new_id, period, m)
        return new_id


def choose_methodology(db: Database, period: Period, methodology: Methodology) -> None:
    """Score a quarter of a year without its own methodology with the one the user chose (remembered for the year)."""
    if period_id(db, period) is not None:
        move_period(db, period, methodology)
    else:
        ensure_period(db, period, methodology)


def move_period(db: Database, period: Period, methodology: Methodology) -> None:
    """Score a quarter with another methodology version; a quarter already sent keeps its version."""
    row = period_row(db, period)
    if row is None:
        ensure_period(db, period, methodology)
        return
    if (row[1], row[2]) == methodology.ref():
        return
    if is_sent(db, row[0]):
        raise InputRefused(f"Отправка отчёта за {period.title()} уже подготовлена: квартал остаётся рассчитанным "
                             f"по версии {row[2]}")
    with atomic(db):
        db.execute("UPDATE periods SET methodology_id = ?, methodology_version = ? WHERE id = ?",
                   [methodology.id, methodology.version, row[0]])


def stored_periods(db: Database) -> list[Period]:
    return [Period(y, q) for y, q in db.execute("SELECT year, quarter FROM periods ORDER BY year, quarter")]


def periods_with_data(db: Database) -> list[Period]:
    """Quarters where something was entered (a started but empty quarter does not count)."""
    rows = db.execute(
        "SELECT year, quarter FROM periods p WHERE EXISTS (SELECT 1 FROM plan_inputs WHERE period_id = p.id) "
        "OR EXISTS (SELECT 1 FROM plan_evidence WHERE period_id = p.id) "
        "OR EXISTS (SELECT 1 FROM plan_events WHERE period_id = p.id) "
        "OR EXISTS (SELECT 1 FROM center_checks WHERE period_id = p.id) "
        "OR EXISTS (SELECT 1 FROM center_operations WHERE period_id = p.id) ORDER BY year, quarter")
    return [Period(y, q) for y, q in rows]


def reporting_period(db: Database, today: date | None = None) -> Period:
    """The quarter being reported: the one that ended most recently, unless there is data in a later one."""
    ended = last_ended(today or date.today())
    with_data = periods_with_data(db)
    return max([ended, *with_data[-1:]])


def year_period(db: Database, year: int, today: date | None = None) -> Period:
    """The quarter of `year` to show, chosen as `reporting_period` chooses: the latest quarter with data in the
    year, or later the one that ended most recently — the year's last quarter for a year gone by, its first for a
    year to come."""
    ended = last_ended(today or date.today())
    chosen = ended if ended.year == year else Period(year, 4) if year < ended.year else Period(year, 1)
    return max([chosen, *[p for p in periods_with_data(db) if p.year == year][-1:]])


def users_of(db: Database, methodology: Methodology) -> list[Period]:
    """Quarters scored with this methodology version."""
    return [Period(y, q) for y, q in db.execute(
        "SELECT year, quarter FROM periods WHERE methodology_id = ? AND methodology_version = ? "
        "ORDER BY year, quarter", list(methodology.ref()))]


# What belongs to one quarter alone (an import replaces it whole). The district's lists (centers, indicators,
# services, control points) and the year's plans are shared with other quarters and are not here.
QUARTER_TABLES = ("plan_inputs", "plan_evidence", "plan_events", "center_checks", "center_operations", "ratio_notes")
QUARTER_BY_YEAR = ("indicator_values", "service_requests")  # kept by (year, quarter) rather than by period row


def clear_quarter(db: Database, period: Period) -> None:
    """Remove everything entered for the quarter; the caller holds the transaction (and fills it again)."""
    pid = period_id(db, period)
    for table in QUARTER_TABLES:
        db.execute(f"DELETE FROM {table} WHERE period_id = ?", [pid])
    for table in QUARTER_BY_YEAR:
        db.execute(f"DELETE FROM {table} WHERE year = ? AND quarter = ?", [period.year, period.quarter])
