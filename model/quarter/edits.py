"""Every user action on the quarter on screen, as one call: check it, store it with its audit row in one
transaction, keep the quarter's data current, and return the Change that tells the screens what to show again.

Undo calls the same functions with the values from before. A keystroke in the plan is one statement, its own
transaction: what it is checked against is the data in memory, and it is patched there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from model.areas import centers, plan, ratio_notes, region_targets
from model.areas.centers import Center, Check
from model.areas.periods import ensure_period
from model.areas.profile import Profile, save_profile
from model.areas.region_targets import TargetKey
from model.base import lazy
from model.base.ru import clean_text
from model.errors import InputRefused, QuarterSent
from model.quarter.change import Change
from model.quarter.data import reread
from model.quarter.quarter import Quarter
from model.store.db import QUARTER_SENT, atomic, one_statement
from model.store.sent_lock import locked_since

if TYPE_CHECKING:
    from model.areas import esia
    from model.areas import indicators as ind
    from model.areas import public_services as services
    from model.areas.esia import EsiaPlan
    from model.areas.indicators import ControlPoint, Indicator, Value
    from model.quarter import control_ratios as ratios
    from model.store.db import Database
else:  # imported when an action on them is first taken (the window starts on the plan)
    esia, ratios, services, ind = map(lazy.module, (
        "model.areas.esia", "model.quarter.control_ratios", "model.areas.public_services", "model.areas.indicators"))


def _started(db: Database, data: Quarter) -> int:
    """The quarter's row id, starting the quarter with its methodology at its first stored value."""
    if data.period_id is None:
        data.period_id = ensure_period(db, data.period, data.methodology)
    return data.period_id


@contextmanager
def _lock_said_first(db: Database, data: Quarter) -> Iterator[None]:
    """A value refused in a quarter whose sending was prepared: the lock is what to say (QuarterSent, as the
    database's own lock says it), not the value's fault — «A > B» or a date outside the quarter would send the clerk
    to correct what cannot be stored anyway."""
    try:
        yield
    except InputRefused:
        if data.period_id is not None and locked_since(db, data.period_id) is not None:
            raise QuarterSent(QUARTER_SENT) from None
        raise


def _touches_targets(data: Quarter, keys: list[TargetKey]) -> bool:
    return any(k in data.targets for k in keys)


def _guard(db: Database, data: Quarter, values: dict[TargetKey, float | None], reason: str | None) -> None:
    """A value the region set changed: ReasonNeeded without a reason; with one, kept in target_changes (the caller
    holds the transaction)."""
    region_targets.guard(db, values, reason, lambda k: region_targets.target_words(k, data.methodology))


def _reread(db: Database, data: Quarter, area: str, *keys: object) -> Change:
    reread(db, data, area)
    return Change(area, data.period, tuple(str(k) for k in keys))


# -- the plan ---------------------------------------------------------------------------------------------------
def set_plan_values(db: Database, data: Quarter, number: str,
                    values: dict[str, float | None], reason: str | None = None) -> Change:
    """Inputs of one item (None clears one); refused with a message, nothing stored, when they break a rule. A value
    the region set (1.3's C) changed needs the reason (ReasonNeeded without it: the window asks, calls again)."""
    with _lock_said_first(db, data):
        merged = plan.check_values(plan.method_item(data.methodology, number), data.inputs.get(number, {}), values)
    keys = {TargetKey(data.period.year, data.period.quarter, "plan", number, k): v for k, v in values.items()}
    targeted = _touches_targets(data, list(keys))
    single = data.period_id is not None and len(values) == 1 and not targeted  # a keystroke: one statement
    with one_statement(db) if single else atomic(db):
        if targeted:
            _guard(db, data, keys, reason)
        plan.write_values(db, _started(db, data), number, values)
    if targeted:
        reread(db, data, "target")
    if merged:
        data.inputs[number] = merged
    else:
        data.inputs.pop(number, None)
    data.rescore()
    return Change("plan", data.period, (number,))


def set_evidence(db: Database, data: Quarter, number: str, text: str) -> Change:
    """The item's confirmation of what was done (empty text removes it)."""
    with _lock_said_first(db, data):
        text = clean_text(text, "Подтверждение выполнения")
    with one_statement(db) if data.period_id is not None else atomic(db):
        plan.write_evidence(db, _started(db, data), number, text)
    if text:
        data.evidence[number] = text
    else:
        data.evidence.pop(number, None)
    return Change("plan", data.period, (number,))


def add_event(db: Database, data: Quarter, number: str, day: date, place: str, topic: str,
              event_id: int | None = None) -> tuple[Change, int]:
    """An event of the item (date, place, topic); event_id puts back a removed one under its old id."""
    with _lock_said_first(db, data):
        new_id = plan.add_event(db, data.period, number, day, place, topic, event_id, typed=event_id is None)
    _started(db, data)  # started by the area's own write: its row id, found
    data.events = plan.read_events(db, data.period_id)
    return Change("plan", data.period, (number,)), new_id


def remove_event(db: Database, data: Quarter, number: str, event_id: int) -> Change:
    plan.remove_event(db, event_id)
    data.events = plan.read_events(db, data.period_id)
    return Change("plan", data.period, (number,))


def copy_previous_quarter(db: Database, data: Quarter) -> tuple[Change, int]:
    """The previous quarter's values that carry over, into this empty quarter; returns how many."""
    count = plan.copy_previous_quarter(db, data.period)
    _started(db, data)  # started by the area's own write: its row id, found
    return _reread(db, data, "plan"), count


def set_plan(db: Database, data: Quarter, inputs: dict[str, dict[str, float | None]]) -> Change:
    """Several items' inputs at once (undo and redo of filling from the previous quarter)."""
    with atomic(db):
        for number, values in inputs.items():
            plan.set_values(db, data.period, number, values, data.methodology)
    _started(db, data)  # started by the area's own write: its row id, found
    return _reread(db, data, "plan", *inputs)


# -- service centers --------------------------------------------------------------------------------------------
def set_checks(db: Database, data: Quarter, center_id: int, checks: dict[str, Check | None],
               requirements: tuple[str, ...]) -> Change:
    with _lock_said_first(db, data):
        centers.set_checks(db, data.period, center_id, checks, requirements, typed=True)
    _started(db, data)  # started by the area's own write: its row id, found
    return _reread(db, data, "center", center_id)


def set_operations(db: Database, data: Quarter,
                   changes: list[tuple[int, str, int | None]]) -> Change:
    with _lock_said_first(db, data):
        centers.set_operations_many(db, data.period, changes)
    _started(db, data)  # started by the area's own write: its row id, found
    return _reread(db, data, "center", *{c for c, _, _ in changes})


def save_center(db: Database, data: Quarter, center: Center) -> tuple[Change, int]:
    """Add (id None) or update a center with its staff."""
    center_id = centers.save_center(db, center)
    return _reread(db, data, "center", center_id), center_id


def restore_center(db: Database, data: Quarter, center: Center) -> Change:
    centers.restore_center(db, center)
    return _reread(db, data, "center", center.id)


def set_center_active(db: Database, data: Quarter, center_id: int, active: bool) -> Change:
    centers.set_active(db, center_id, active)
    return _reread(db, data, "center", center_id)


def delete_center(db: Database, data: Quarter, center_id: int) -> Change:
    centers.delete_center(db, center_id)
    return _reread(db, data, "center", center_id)


# -- the ESIA registrations plan --------------------------------------------------------------------------------
def save_esia(db: Database, data: Quarter, new: EsiaPlan, reason: str | None = None) -> Change:
    """The year's plan; R0, T or N the region set, changed, need the reason (ReasonNeeded without it)."""
    keys = {TargetKey(new.year, region_targets.YEAR, "esia", "", f): getattr(new, f)
            for f in region_targets.ESIA_FIELDS}
    with atomic(db):
        _guard(db, data, keys, reason)
        esia.save_plan(db, new)
    reread(db, data, "target")
    return _reread(db, data, "esia", new.year)


# -- indicators and control points ------------------------------------------------------------------------------
def set_indicator_values(db: Database, data: Quarter, year: int, quarter: int,
                         values: dict[int, Value], reason: str | None = None) -> Change:
    """Plan, fact and comment of indicators for a period; a plan the region set, changed, needs the reason."""
    numbers = {i.id: i.number for i in ind.list_indicators(db, include_retired=True)}
    keys = {TargetKey(year, quarter, "indicator", numbers[i], region_targets.INDICATOR_FIELD): v.plan
            for i, v in values.items() if numbers.get(i)}
    with atomic(db):
        _guard(db, data, keys, reason)
        ind.set_values(db, year, quarter, values)
    reread(db, data, "target")
    return _reread(db, data, "indicator", *values)


def save_indicator(db: Database, data: Quarter, indicator: Indicator) -> tuple[Change, int]:
    indicator_id = ind.save_indicator(db, indicator)
    return _reread(db, data, "indicator", indicator_id), indicator_id


def restore_indicator(db: Database, data: Quarter, indicator: Indicator, position: int) -> Change:
    ind.restore_indicator(db, indicator, position)
    return _reread(db, data, "indicator", indicator.id)


def delete_indicator(db: Database, data: Quarter, indicator_id: int) -> Change:
    ind.delete_indicator(db, indicator_id)
    return _reread(db, data, "indicator", indicator_id)


def set_indicator_active(db: Database, data: Quarter, indicator_id: int, active: bool) -> Change:
    ind.set_active(db, indicator_id, active)
    return _reread(db, data, "indicator", indicator_id)


def set_indicator_order(db: Database, data: Quarter, ids: list[int]) -> Change:
    ind.set_order(db, ids)
    return _reread(db, data, "indicator")


@dataclass(frozen=True)
class StarterSet:
    """What loading the starter set added: the indicators with their places, and their plans for the year."""

    indicators: tuple[tuple[Indicator, int], ...]
    year: int
    plans: dict[int, Value]
    composites: tuple[ind.Composite, ...] = ()


def load_starter_set(db: Database, data: Quarter, territory: str,
                     name: str = "digital-government") -> tuple[Change, StarterSet]:
    ids = ind.load_starter_set(db, territory, name)
    order = ind.order(db)
    year = ind.starter_year(name)
    loaded = StarterSet(tuple((ind.get_indicator(db, i), order.index(i) + 1) for i in ids), year,
                        {i: v for i, v in ind.load_values(db, year, ind.YEAR).items() if i in ids},
                        tuple(c for i, c in ind.list_composites(db).items() if i in ids))
    return _reread(db, data, "indicator", *ids), loaded


def restore_starter_set(db: Database, data: Quarter, loaded: StarterSet) -> Change:
    """Put back the starter set's indicators, their plans and composition (redo of loading it)."""
    with atomic(db):
        for indicator, position in loaded.indicators:
            ind.restore_indicator(db, indicator, position)
        ind.set_values(db, loaded.year, ind.YEAR, loaded.plans)
        for composite in loaded.composites:
            ind.set_composite(db, composite)
    return _reread(db, data, "indicator")


def remove_starter_set(db: Database, data: Quarter, loaded: StarterSet) -> Change:
    """Take the starter set away again (undo of loading it): composites first, then their members."""
    with atomic(db):
        ind.set_values(db, loaded.year, ind.YEAR, {i.id or 0: ind.Value() for i, _ in loaded.indicators})
        for composite in loaded.composites:
            ind.set_composite(db, ind.Composite(composite.indicator_id, ()))
        for indicator, _ in loaded.indicators:
            ind.delete_indicator(db, indicator.id or 0)
    return _reread(db, data, "indicator")


def set_composite(db: Database, data: Quarter, composite: ind.Composite) -> Change:
    """Make an indicator composite of these members with their weights (none: ordinary again)."""
    ind.set_composite(db, composite)
    return _reread(db, data, "indicator", composite.indicator_id)


def explain_warning(db: Database, data: Quarter, rule_id: str, place: str, note: str) -> Change:
    """The district's explanation of a soft control-ratio warning in the quarter (empty: taken back)."""
    ratio_notes.set_note(db, _started(db, data), rule_id, place, note)
    return _reread(db, data, "period", rule_id)


# -- services going electronic (МСЗУ) ----------------------------------------------------------------------------
def save_services(db: Database, data: Quarter, changed: list[services.Service]) -> tuple[Change, list[int]]:
    """Add or change services of the register (one row edited, or a block pasted) in one transaction."""
    ids = services.save_services(db, changed)
    return _reread(db, data, "service", *ids), ids


def delete_services(db: Database, data: Quarter, ids: list[int]) -> Change:
    """Take services out of the register (undo of adding them); refused for one with requests."""
    with atomic(db):
        for service_id in ids:
            services.delete_service(db, service_id)
    return _reread(db, data, "service", *ids)


def set_service_requests(db: Database, data: Quarter, requests: dict[int, services.Requests]) -> Change:
    """The quarter's requests of several services (refused whole when one breaks a rule)."""
    services.set_requests(db, data.period, requests)
    return _reread(db, data, "service", *requests)


def set_service_plan(db: Database, data: Quarter, plans: dict[int, float | None],
                     reason: str | None = None) -> Change:
    """The planned share of electronic requests for quarters of the year on screen; a share the region set,
    changed, needs the reason (ReasonNeeded without it)."""
    keys = {TargetKey(data.period.year, q, "services", "", region_targets.SERVICES_FIELD): v for q, v in plans.items()}
    with atomic(db):
        _guard(db, data, keys, reason)
        services.set_share_plan(db, data.period.year, plans)
    reread(db, data, "target")
    return _reread(db, data, "service", *plans)


def save_point(db: Database, data: Quarter, point: ControlPoint,
               today: date | None = None) -> tuple[Change, int]:
    point_id = ind.save_point(db, point, today)
    return _reread(db, data, "control_point", point_id), point_id


def delete_point(db: Database, data: Quarter, point_id: int) -> Change:
    ind.delete_point(db, point_id)
    return _reread(db, data, "control_point", point_id)


# -- the organisation -------------------------------------------------------------------------------------------
def set_profile(db: Database, data: Quarter, profile: Profile) -> Change:
    save_profile(db, profile)
    return _reread(db, data, "profile")


# -- the report's deadline --------------------------------------------------------------------------------------
def set_deadline(db: Database, data: Quarter, due: date | None) -> Change:
    """The quarter's own deadline for its report (None: back to the profile's days after the quarter's end)."""
    from model.areas import deadlines  # read when the reports tab is first shown, not at the start

    deadlines.set_deadline(db, data.period, due)
    return Change("period", data.period, ("deadline",))


def set_deadline_days(db: Database, data: Quarter, days: int) -> Change:
    """How many days after its end a quarter without a date of its own is due (kept in the profile)."""
    from model.areas import deadlines

    deadlines.set_deadline_days(db, days)
    return Change("profile", data.period, ("deadline_days",))
