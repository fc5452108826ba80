"""What the region set for the district (its package, applied by model/exchange/from_region.py) and where the
district changed it, with the reason.

A target is one value by (year, quarter, area, key, field): quarter 0 is the whole year's; the areas are «esia» (the
year's R0, T, N), «plan» (an item's input, e.g. 1.3's C, for a quarter), «indicator» (an indicator's plan by its
number in the district's list, for the year or a quarter) and «services» (the МСЗУ planned share for a quarter).
The value itself is stored where the district's own values are (esia_plans, plan_inputs, indicator_values,
service_share_plan); `region_targets` keeps what the region said, so the screens mark the value «задано регионом».

Changing such a value takes a reason (`guard`, called by the edits of model/quarter/edits.py inside their
transaction): without one `ReasonNeeded` is raised and nothing is stored; with one a row of `target_changes` keeps
the region's value, the district's and the reason (journalled by the audit triggers, exported in the data sheet).
Setting the region's value again removes that row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from model.base.period import YEAR, Period
from model.base.ru import clean_text, format_number
from model.errors import ReasonNeeded

if TYPE_CHECKING:
    from model.methodology import Methodology
    from model.store.db import Database

TARGET_AREAS = ("esia", "plan", "indicator", "services")  # what the region may set a value of
ESIA_FIELDS = ("registered_start", "target_end", "population")
SERVICES_FIELD = "share"
INDICATOR_FIELD = "plan"
REGION_SET = "задано регионом"
DISTRICT_CHANGED = "изменено районом"


@dataclass(frozen=True, order=True)
class TargetKey:
    """Which value: `key` is the item's number (plan), the indicator's number (indicator), '' (esia, services)."""

    year: int
    quarter: int  # 1–4, or YEAR (0) for the whole year
    area: str  # one of TARGET_AREAS
    key: str
    field: str  # the methodology's input key (plan), registered_start/target_end/population (esia), plan, share

    @property
    def period(self) -> str:
        """As the data sheet writes a period: «2027» for the year, «2027-Q1» for a quarter."""
        return str(self.year) if self.quarter == YEAR else f"{self.year}-Q{self.quarter}"

    @property
    def code(self) -> str:
        """As the data sheet's code column: «plan:1.3», «esia:», «indicator:2.1»."""
        return f"{self.area}:{self.key}"


@dataclass(frozen=True)
class RegionTarget:
    """What the region set, and whether the district keeps another value (then `value` is the district's)."""

    region_value: float
    value: float | None  # the value the district keeps: the region's unless changed
    changed: bool = False
    reason: str = ""

    @property
    def mark(self) -> str:
        """The short mark beside the value: «задано регионом», or «изменено районом» once the district changed it."""
        return DISTRICT_CHANGED if self.changed else REGION_SET

    @property
    def told(self) -> str:
        """«задано регионом», or «изменено районом — причина (задано регионом: 1 000)»."""
        if not self.changed:
            return REGION_SET
        return f"{DISTRICT_CHANGED} — {self.reason} ({REGION_SET}: {format_number(self.region_value, 6)})"


@dataclass(frozen=True)
class TargetChange:
    """The district changed a value the region set: the region's value, the district's, why."""

    key: TargetKey
    region_value: float
    value: float | None
    reason: str
    changed_at: datetime | None = None


def target_words(key: TargetKey, methodology: Methodology | None = None) -> str:
    """The value in the methodology's words: «Целевой показатель на конец 2027 года», «Пункт 1.3, Количество учётных
    записей… (C), за 1 квартал 2027 года», «План показателя № 2 за 2027 год»."""
    when = f"за {key.year} год" if key.quarter == YEAR else f"за {key.quarter} квартал {key.year} года"
    if key.area == "esia":
        return {"registered_start": f"Зарегистрировано в ЕСИА на конец {key.year - 1} года",
                "target_end": f"Целевой показатель на конец {key.year} года",
                "population": f"Численность населения (для плана {key.year} года)"}.get(
            key.field, f"Регистрации в ЕСИА {when}")
    if key.area == "plan":
        label = ""
        if methodology is not None:
            try:
                label = methodology.item(key.key).input(key.field).label
            except KeyError:
                label = ""
        return f"Пункт {key.key}, {label or 'исходные данные'}, {when}"
    if key.area == "indicator":
        return f"План показателя № {key.key} {when}" if key.key else f"План показателя {when}"
    if key.area == "services":
        return f"Плановая доля обращений за МСЗУ в электронном виде, {when}"
    return f"Значение, заданное регионом, {when}"


def _key(row: tuple) -> TargetKey:
    return TargetKey(int(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4]))


def region_values(db: Database, year: int) -> dict[TargetKey, float]:
    """What the region set for the year (every quarter and the year's own)."""
    return {_key(r): float(r[5]) for r in db.execute(
        "SELECT year, quarter, area, key, field, value FROM region_targets WHERE year = ?", [year])}


def changes(db: Database, year: int) -> list[TargetChange]:
    """The district's changes of the region's values in the year, in key order."""
    out = [TargetChange(_key(r), float(r[5]), r[6], str(r[7]), datetime.fromisoformat(r[8]) if r[8] else None)
           for r in db.execute("SELECT year, quarter, area, key, field, region_value, value, reason, changed_at "
                               "FROM target_changes WHERE year = ?", [year])]
    return sorted(out, key=lambda c: c.key)


def targets(db: Database, year: int) -> dict[TargetKey, RegionTarget]:
    """Every value the region set for the year, marked changed (with the reason) where the district keeps another."""
    changed = {c.key: c for c in changes(db, year)}
    out: dict[TargetKey, RegionTarget] = {}
    for key, value in sorted(region_values(db, year).items()):
        c = changed.get(key)
        out[key] = RegionTarget(value, c.value, True, c.reason) if c else RegionTarget(value, value)
    return out


def seal_key(db: Database) -> str | None:
    """The district's seal key from the region's package, or None before one was applied."""
    row = db.execute("SELECT key FROM region_key WHERE id = 1").fetchone()
    return str(row[0]) if row and row[0] else None


def plan_targets(db: Database, period: Period, methodology: Methodology | None = None) -> dict[str, dict[str, float]]:
    """The region's plan inputs for the quarter (item → field → value); with a methodology, only its inputs."""
    out: dict[str, dict[str, float]] = {}
    for item, field, value in db.execute("SELECT key, field, value FROM region_targets WHERE year = ? AND quarter = ? "
                                         "AND area = 'plan' ORDER BY key, field", [period.year, period.quarter]):
        if methodology is not None:
            try:
                methodology.item(item).input(field)
            except KeyError:
                continue
        out.setdefault(item, {})[field] = float(value)
    return out


def fill_started(db: Database, period_id: int, period: Period, methodology: Methodology) -> None:
    """A quarter just started takes the region's plan values for it (the caller holds the transaction)."""
    for item, values in plan_targets(db, period, methodology).items():
        for field, value in values.items():
            db.execute("INSERT OR IGNORE INTO plan_inputs (period_id, item, field, value) VALUES (?, ?, ?, ?)",
                       [period_id, item, field, value])


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def guard(db: Database, new_values: Mapping[TargetKey, float | None], reason: str | None,
          words: Callable[[TargetKey], str] = target_words) -> None:
    """Before an edit stores values (inside its transaction): a value the region set changed without a reason raises
    ReasonNeeded (nothing stored); with the reason, the change is kept in target_changes; the region's value set
    again removes it. Values the region did not set pass as they are."""
    if not new_values:
        return
    years = {k.year for k in new_values}
    set_by_region = {k: t for y in years for k, t in targets(db, y).items() if k in new_values}
    if not set_by_region:
        return
    needing = [k for k, t in set_by_region.items()
               if not _same(new_values[k], t.region_value) and not (t.changed and _same(new_values[k], t.value))]
    text = clean_text(reason or "", "Причина изменения значения, заданного регионом")
    if needing and not text:
        raise ReasonNeeded(tuple(words(k) for k in needing),
                           tuple((set_by_region[k].region_value, new_values[k]) for k in needing))
    for k, t in set_by_region.items():
        where = [k.year, k.quarter, k.area, k.key, k.field]
        if _same(new_values[k], t.region_value):
            db.execute("DELETE FROM target_changes WHERE year = ? AND quarter = ? AND area = ? AND key = ? "
                       "AND field = ?", where)
        elif k in needing:
            db.execute("INSERT INTO target_changes (year, quarter, area, key, field, region_value, value, reason) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, quarter, area, key, field) DO UPDATE SET "
                       "region_value = excluded.region_value, value = excluded.value, reason = excluded.reason, "
                       "changed_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')",
                       [*where, t.region_value, new_values[k], text])


# -- the region's files as stored (model/exchange/from_region.py applies them) -------------------------------------
@dataclass(frozen=True)
class AppliedPackage:
    region: str
    year: int
    version: int
    made_at: datetime
    applied_at: datetime
    digest: str


def applied_packages(db: Database, region: str, year: int) -> list[AppliedPackage]:
    """The packages of the region for the year applied here, newest version first."""
    return [AppliedPackage(r[0], r[1], r[2], datetime.fromisoformat(r[3]), datetime.fromisoformat(r[4]), r[5])
            for r in db.execute("SELECT region, year, version, made_at, applied_at, digest FROM region_packages "
                                "WHERE region = ? AND year = ? ORDER BY version DESC", [region, year])]


def record_package(db: Database, region: str, year: int, version: int, made_at: datetime, digest: str) -> None:
    db.execute("INSERT INTO region_packages (region, year, version, made_at, digest) VALUES (?, ?, ?, ?, ?)",
               [region, year, version, made_at.isoformat(timespec="seconds"), digest])


def set_seal_key(db: Database, region: str, key: str) -> None:
    """The district's seal key (never journalled, never exported)."""
    db.execute("INSERT INTO region_key (id, region, key) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET "
               "region = excluded.region, key = excluded.key", [region, key])


def set_region(db: Database, region: str) -> None:
    """The profile's region, set by the first package applied."""
    db.execute("UPDATE profile SET region = ? WHERE id = 1", [region])


def replace_targets(db: Database, year: int, values: Mapping[TargetKey, float]) -> None:
    """What the region set for the year, replacing what an earlier package set; the district's changes stay where
    the region set the value again (their region_value follows it), a change the region's new value meets, or of a
    value the region no longer sets, is removed."""
    db.execute("DELETE FROM region_targets WHERE year = ?", [year])
    for k, v in sorted(values.items()):
        db.execute("INSERT INTO region_targets (year, quarter, area, key, field, value) VALUES (?, ?, ?, ?, ?, ?)",
                   [k.year, k.quarter, k.area, k.key, k.field, v])
    for c in changes(db, year):
        where = [c.key.year, c.key.quarter, c.key.area, c.key.key, c.key.field]
        new = values.get(c.key)
        if new is None or _same(new, c.value):
            db.execute("DELETE FROM target_changes WHERE year = ? AND quarter = ? AND area = ? AND key = ? "
                       "AND field = ?", where)
        elif not _same(new, c.region_value):
            db.execute("UPDATE target_changes SET region_value = ? WHERE year = ? AND quarter = ? AND area = ? "
                       "AND key = ? AND field = ?", [new, *where])


@dataclass(frozen=True)
class StoredAnswer:
    year: int
    quarter: int
    made_at: datetime
    received_at: datetime
    status: str
    answer: str  # JSON (model/exchange/from_region.py reads it)


def stored_answer(db: Database, period: Period) -> StoredAnswer | None:
    row = db.execute("SELECT year, quarter, made_at, received_at, status, answer FROM region_answers WHERE year = ? "
                     "AND quarter = ?", [period.year, period.quarter]).fetchone()
    if row is None:
        return None
    return StoredAnswer(row[0], row[1], datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3]), row[4],
                        row[5])


def store_answer(db: Database, period: Period, made_at: datetime, status: str, answer: str) -> None:
    db.execute("INSERT INTO region_answers (year, quarter, made_at, status, answer) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (year, quarter) DO UPDATE SET made_at = excluded.made_at, status = excluded.status, "
               "answer = excluded.answer, received_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')",
               [period.year, period.quarter, made_at.isoformat(timespec="seconds"), status, answer])
