"""The database side of a quarter: load_period reads a Quarter (model/quarter/quarter.py), read_area and reread
fill one area of it; the only way stored data reaches a score or a report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.areas import centers, plan, ratio_notes, region_targets
from model.areas.periods import methodology_for_new_period, period_row
from model.areas.profile import Profile, load_profile
from model.base import lazy
from model.base.period import Period
from model.methodology import registry
from model.quarter.quarter import DEFERRED, Quarter
from model.store import audit
from model.store.sent_lock import revision

if TYPE_CHECKING:
    from model.areas import esia, indicators
    from model.areas import public_services as services
    from model.store.db import Database
else:  # the areas the first screen does not show: imported when one of them is first read
    esia, indicators, services = map(lazy.module, (
        "model.areas.esia", "model.areas.indicators", "model.areas.public_services"))


def reread(db: Database, quarter: Quarter, area: str) -> None:
    """Read one area of the quarter again from the database (after a change the data was not patched for): an area
    a change can name (model.quarter.change.AREAS), or «target» (the region's values for the year and the district's
    changes of them) or «ratio_note» (explanations of control-ratio warnings), which only edits reread."""
    if quarter.period_id is None:  # the quarter may have been started meanwhile
        row = period_row(db, quarter.period)
        quarter.period_id = row[0] if row else None
    pid, year = quarter.period_id, quarter.period.year
    if area == "plan":
        quarter.replace(inputs=_inputs(db, quarter, pid), evidence=plan.read_evidence(db, pid),
                        events=plan.read_events(db, pid))
    elif area == "center":
        quarter.replace(centers=centers.list_centers(db, include_inactive=True),
                        center_quarter=centers.read_quarter(db, pid))
    elif area == "esia":
        quarter.replace(esia_plan=esia.load_plan(db, year))
    elif area == "indicator":
        quarter.replace(indicators=indicators.list_indicators(db, include_retired=True),
                        indicator_values=indicators.values_of_year(db, year),
                        composites=indicators.list_composites(db))
    elif area == "service":
        quarter.replace(services=services.list_services(db), service_requests=services.requests_of_year(db, year),
                        service_plan=services.share_plan(db, year))
    elif area == "control_point":
        quarter.replace(control_points=indicators.list_points(db))
    elif area == "profile":
        quarter.replace(profile=load_profile(db) or Profile())
    elif area == "period":  # sent, or reopened for correction: the report's revision; warnings explained
        quarter.replace(revision=revision(db, pid), ratio_notes=ratio_notes.read_notes(db, pid))
    elif area == "target":  # what the region set for the year, the district's changes of it, the seal's key
        quarter.replace(targets=region_targets.targets(db, year), target_changes=region_targets.changes(db, year))
        quarter.seal_key = region_targets.seal_key(db)
    elif area == "ratio_note":
        quarter.replace(ratio_notes=ratio_notes.read_notes(db, pid))
    else:
        raise ValueError(f"no area {area!r}")


def _inputs(db: Database, quarter: Quarter, pid: int | None) -> dict[str, dict[str, float]]:
    """The quarter's plan inputs; a quarter not started yet shows the values the region set for it (stored when it
    is started: model/areas/periods.py ensure_period)."""
    if pid is None:
        return region_targets.plan_targets(db, quarter.period, quarter.methodology)
    return plan.read_inputs(db, pid)


def read_area(db: Database, quarter: Quarter, *areas: str) -> Quarter:
    """Read those of the areas that are not read yet (load_period(deferred=True) left them); the others, and
    areas always read, stay as they are."""
    unread = quarter.unread()
    for area in areas:
        if area in unread:
            reread(db, quarter, area)
    return quarter


def load_period(db: Database, period: Period, history: bool = False, deferred: bool = False) -> Quarter:
    """Read a quarter whole; with history, its audit trail too (for the exported workbook); deferred, without the
    DEFERRED areas (the window's start: it shows the plan first) — read_area reads one when it is first needed.

    A quarter not started yet is read empty and scored with its year's methodology (NoMethodologyForYear when
    the year has none); a started one with its own (MethodologyMissing when that is not installed).
    """
    row = period_row(db, period)
    pid = row[0] if row else None
    methodology = registry.find(row[1], row[2]) if row else methodology_for_new_period(db, period.year)
    quarter = Quarter(
        period=period,
        methodology=methodology,
        profile=load_profile(db) or Profile(),
        inputs={},  # read below, with the methodology at hand
        evidence=plan.read_evidence(db, pid),
        events=plan.read_events(db, pid),
        centers=centers.list_centers(db, include_inactive=True),
        center_quarter=centers.read_quarter(db, pid),
        esia_plan=None,  # type: ignore[arg-type]  # read or left unread below
        audit=audit.entries_for_export(db, [f"plan:{period}:%", "center:%", f"esia:{period.year}", "indicator:%",
                                            "control_point:%", "profile", "service:%",
                                            f"service_plan:{period.year}", f"region:{period.year}"])
        if history else [],
        period_id=pid,
        revision=revision(db, pid),
    )
    quarter.inputs = _inputs(db, quarter, pid)
    reread(db, quarter, "target")
    for area in DEFERRED:
        if deferred:
            quarter.leave_unread(area)
        else:
            reread(db, quarter, area)
    return quarter
