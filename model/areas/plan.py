"""The popularization plan of a period: inputs, evidence and event lists, each edit one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from model.areas.periods import ensure_period, period_id, period_methodology
from model.base.period import Period
from model.base.ru import clean_text, format_date
from model.errors import InputRefused
from model.methodology import Item, Methodology
from model.scoring.score import check_item_inputs
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database


@dataclass(frozen=True)
class PlanEvent:
    """An event listed as evidence (items 2.6 and 3.1): when, where, on what topic."""

    id: int
    day: date
    place: str
    topic: str


def read_inputs(db: Database, pid: int | None) -> dict[str, dict[str, float]]:
    """Stored inputs of a period (by its row id) by item number and field key."""
    out: dict[str, dict[str, float]] = {}
    if pid is not None:
        for item, key, value in db.execute("SELECT item, field, value FROM plan_inputs WHERE period_id = ?", [pid]):
            out.setdefault(item, {})[key] = value
    return out


def read_evidence(db: Database, pid: int | None) -> dict[str, str]:
    if pid is None:
        return {}
    return dict(db.execute("SELECT item, text FROM plan_evidence WHERE period_id = ?", [pid]).fetchall())


def read_events(db: Database, pid: int | None) -> dict[str, list[PlanEvent]]:
    """Every event of the period, by item, in date order."""
    out: dict[str, list[PlanEvent]] = {}
    if pid is not None:
        for i, item, d, p, t in db.execute("SELECT id, item, day, place, topic FROM plan_events WHERE period_id = ? "
                                           "ORDER BY day, id", [pid]):
            out.setdefault(item, []).append(PlanEvent(i, date.fromisoformat(d), p, t))
    return out


def load_inputs(db: Database, period: Period) -> dict[str, dict[str, float]]:
    """Stored inputs of the period by item number and field key."""
    return read_inputs(db, period_id(db, period))


def set_value(db: Database, period: Period, item_number: str, key: str, value: float | None) -> None:
    """Store one input (None clears it) after checking it against the item's rules; refuses with a message."""
    methodology = period_methodology(db, period)
    set_values(db, period, item_number, {key: value}, methodology)


def check_values(item: Item, current: dict[str, float], values: dict[str, float | None]) -> dict[str, float]:
    """The item's inputs after the change, or InputRefused saying what breaks its rules."""
    merged: dict[str, float] = {k: v for k, v in {**current, **values}.items() if v is not None}
    problems = check_item_inputs(item, merged)  # what was stored passed, so a problem is the new value's
    if problems:
        raise InputRefused(problems[0].sentence())
    return merged


def write_values(db: Database, pid: int, item_number: str, values: dict[str, float | None]) -> None:
    """Store checked inputs of one item (None removes one); the caller holds the transaction."""
    for key, value in values.items():
        if value is None:
            db.execute("DELETE FROM plan_inputs WHERE period_id = ? AND item = ? AND field = ?",
                       [pid, item_number, key])
        else:
            db.execute(
                "INSERT INTO plan_inputs (period_id, item, field, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (period_id, item, field) DO UPDATE SET value = excluded.value, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')",
                [pid, item_number, key, float(value)])


def method_item(methodology: Methodology, item_number: str) -> Item:
    try:
        return methodology.item(item_number)
    except KeyError:
        raise InputRefused(f"В методике нет пункта {item_number}") from None


def set_values(db: Database, period: Period, item_number: str, values: dict[str, float | None],
               methodology: Methodology | None = None) -> None:
    """Store several inputs of one item in one transaction, or none of them — checked against the methodology only:
    for an import and the region's package; a user's edit goes through model.quarter.edits.set_plan_values, which
    also asks for a reason before a value the region set is changed."""
    methodology = methodology or period_methodology(db, period)
    item = method_item(methodology, item_number)
    check_values(item, load_inputs(db, period).get(item_number, {}), values)
    with atomic(db):
        write_values(db, ensure_period(db, period, methodology), item_number, values)


def load_evidence(db: Database, period: Period) -> dict[str, str]:
    return read_evidence(db, period_id(db, period))


def write_evidence(db: Database, pid: int, item_number: str, text: str) -> None:
    """Store (or with empty text, remove) checked evidence; the caller holds the transaction."""
    if text:
        db.execute("INSERT INTO plan_evidence (period_id, item, text) VALUES (?, ?, ?) "
                   "ON CONFLICT (period_id, item) DO UPDATE SET text = excluded.text", [pid, item_number, text])
    else:
        db.execute("DELETE FROM plan_evidence WHERE period_id = ? AND item = ?", [pid, item_number])


def set_evidence(db: Database, period: Period, item_number: str, text: str) -> None:
    """Store (or with empty text, remove) the item's confirmation of what was done."""
    text = clean_text(text, "Подтверждение выполнения")
    with atomic(db):
        write_evidence(db, ensure_period(db, period), item_number, text)


def load_events(db: Database, period: Period, item_number: str) -> list[PlanEvent]:
    return read_events(db, period_id(db, period)).get(item_number, [])


def check_event(day: date, place: str, topic: str, within: Period | None = None) -> tuple[str, str]:
    """The event's place and topic as stored; refuses an event without a topic, with an impossible date, or, when
    it is typed (`within`), on a date outside the quarter being reported."""
    place = clean_text(place, "Место проведения")
    topic = clean_text(topic, "Тема")
    if not topic:
        raise InputRefused("Укажите тему мероприятия")
    if day.year < 2000 or day.year > 2100:
        raise InputRefused(f"Дата {format_date(day)} вне допустимого диапазона")
    if within is not None:
        within.check_day(day, "Дата мероприятия")
    return place, topic


def add_event(db: Database, period: Period, item_number: str, day: date, place: str, topic: str,
              event_id: int | None = None, typed: bool = False) -> int:
    """Record an event; returns its id (event_id restores a removed one under its old id)."""
    place, topic = check_event(day, place, topic, period if typed else None)
    with atomic(db):
        pid = ensure_period(db, period)
        cur = db.execute("INSERT INTO plan_events (id, period_id, item, day, place, topic) VALUES (?, ?, ?, ?, ?, ?)",
                         [event_id, pid, item_number, day.isoformat(), place, topic])
        return int(cur.lastrowid or 0)


def remove_event(db: Database, event_id: int) -> None:
    with atomic(db):
        db.execute("DELETE FROM plan_events WHERE id = ?", [event_id])


def typed_anew(methodology: Methodology) -> list[str]:
    """The items «Заполнить из прошлого квартала» leaves to be typed anew: an input the methodology marks as the
    quarter's own (`carry_over = false`), or the item's answer rests on its events, which are the quarter's own
    work and not copied (a level «проводятся» copied without them gave 100 for seminars not held yet)."""
    return [i.number for i in methodology.items() if i.events or any(not f.carry_over for f in i.inputs)]


def copy_previous_quarter(db: Database, period: Period) -> int:
    """Copy into this empty quarter the previous quarter's inputs that carry over (the methodology marks the
    quarter's own counts, such as 1.3's growth, as not carrying over); returns how many values were copied."""
    source = period.previous()
    if load_inputs(db, period):
        raise InputRefused(f"В периоде «{period.title()}» уже есть данные: копирование возможно только в пустой")
    values = load_inputs(db, source)
    if not values:
        raise InputRefused(f"В предыдущем квартале ({source.title()}) нет данных для копирования")
    methodology = period_methodology(db, period)
    source_methodology = period_methodology(db, source)
    if (methodology.id, methodology.version) != (source_methodology.id, source_methodology.version):
        raise InputRefused("Предыдущий квартал заполнен по другой методике: скопировать значения нельзя")
    carried = {(i.number, f.key) for i in methodology.items() if not i.events for f in i.inputs if f.carry_over}
    with atomic(db):
        pid = ensure_period(db, period, methodology)
        count = 0
        for item, fields in values.items():
            for key, value in fields.items():
                if (item, key) not in carried:
                    continue
                cur = db.execute("INSERT INTO plan_inputs (period_id, item, field, value) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (period_id, item, field) DO NOTHING",  # the region's value stays
                                 [pid, item, key, value])
                count += cur.rowcount
    return count
