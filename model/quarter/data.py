"""Everything one quarter holds, read in one place: the only way stored data reaches a score or a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from model.areas import centers, plan, ratio_notes
from model.areas.centers import Center, CenterQuarter
from model.areas.periods import methodology_for_new_period, period_row
from model.areas.plan import PlanEvent
from model.areas.profile import Profile, load_profile
from model.base import lazy
from model.base.period import Period
from model.base.words import counted
from model.methodology import Methodology, registry
from model.scoring.score import PlanScores, score_plan
from model.store import audit
from model.store.sent_lock import revision

if TYPE_CHECKING:
    from model.areas import esia, indicators
    from model.areas import public_services as services
    from model.areas.esia import EsiaFigures, EsiaPlan
    from model.areas.indicators import Composite, CompositeResult, ControlPoint, Indicator, Value
    from model.areas.public_services import Requests, Service, ServiceFigures
    from model.quarter import control_ratios as ratios
    from model.quarter.control_ratios import Violation
    from model.store.db import Database
else:  # the areas the first screen does not show: imported when a quarter's data first needs them
    esia, indicators, ratios, services = map(lazy.module, (
        "model.areas.esia", "model.areas.indicators", "model.quarter.control_ratios", "model.areas.public_services"))

# The areas a quarter read for the window leaves until they are first asked for (load_period(deferred=True)),
# each with the fields reread() fills for it.
DEFERRED = {"esia": ("esia_plan",), "indicator": ("indicators", "indicator_values", "composites"),
            "control_point": ("control_points",), "service": ("services", "service_requests", "service_plan"),
            "ratio_note": ("ratio_notes",)}
_AREA_OF = {name: area for area, names in DEFERRED.items() for name in names}


@dataclass
class PeriodData:
    """One quarter: the plan's inputs, evidence and events, the centers and their checks, the year's registrations
    plan and indicators, the profile, and the methodology version the quarter is scored with."""

    period: Period
    methodology: Methodology
    profile: Profile
    esia_plan: EsiaPlan
    inputs: dict[str, dict[str, float]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    events: dict[str, list[PlanEvent]] = field(default_factory=dict)
    centers: list[Center] = field(default_factory=list)
    center_quarter: dict[int, CenterQuarter] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    indicator_values: dict[tuple[int, int], dict[int, Value]] = field(default_factory=dict)  # (year, 0..4) → values
    composites: dict[int, Composite] = field(default_factory=dict)  # composite indicator's id → its members
    control_points: list[ControlPoint] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)  # the МСЗУ register
    service_requests: dict[int, dict[int, Requests]] = field(default_factory=dict)  # quarter → service → requests
    service_plan: dict[int, float] = field(default_factory=dict)  # quarter → planned share of electronic requests
    ratio_notes: dict[tuple[str, str], str] = field(default_factory=dict)  # (rule, place) → why a warning is fine
    audit: list[audit.Entry] = field(default_factory=list)
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    period_id: int | None = None  # the quarter's row, once it has been started
    revision: tuple[int, str] = (1, "")  # the report's revision (2 and on: reopened after sending) and why
    unread_from: Database | None = field(default=None, repr=False, compare=False)  # where DEFERRED areas are read

    def __getattr__(self, name: str):  # only for a field not set: a deferred area, read now (the same reread())
        db = self.__dict__.get("unread_from")
        area = _AREA_OF.get(name)
        if db is None or area is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.reread(db, area)
        return self.__dict__[name]

    def rescore(self) -> None:
        """Forget the computed figures after the data changed in place; they are computed again when asked."""
        self.__dict__.pop("scores", None)
        self.__dict__.pop("esia_figures", None)
        self.__dict__.pop("service_figures", None)
        self.__dict__.pop("violations", None)

    def reread(self, db: Database, area: str) -> None:
        """Read one area of the quarter again from the database (after a change the data was not patched for)."""
        if self.period_id is None:  # the quarter may have been started meanwhile
            row = period_row(db, self.period)
            self.period_id = row[0] if row else None
        if area == "plan":
            self.inputs = plan.read_inputs(db, self.period_id)
            self.evidence = plan.read_evidence(db, self.period_id)
            self.events = plan.read_events(db, self.period_id)
        elif area == "center":
            self.centers = centers.list_centers(db, include_inactive=True)
            self.center_quarter = centers.read_quarter(db, self.period_id)
        elif area == "esia":
            self.esia_plan = esia.load_plan(db, self.period.year)
        elif area == "indicator":
            self.indicators = indicators.list_indicators(db, include_retired=True)
            self.indicator_values = indicators.values_of_year(db, self.period.year)
            self.composites = indicators.list_composites(db)
        elif area == "service":
            self.services = services.list_services(db)
            self.service_requests = services.requests_of_year(db, self.period.year)
            self.service_plan = services.share_plan(db, self.period.year)
        elif area == "control_point":
            self.control_points = indicators.list_points(db)
        elif area == "profile":
            self.profile = load_profile(db) or Profile()
        elif area == "period":  # sent, or reopened for correction: the report's revision; warnings explained
            self.revision = revision(db, self.period_id)
            self.ratio_notes = ratio_notes.load_notes(db, self.period_id)
        elif area == "ratio_note":
            self.ratio_notes = ratio_notes.load_notes(db, self.period_id)
        self.rescore()

    @cached_property
    def scores(self) -> PlanScores:
        return score(self)

    def values(self, year: int, quarter: int) -> dict[int, Value]:
        """The indicators' values of a year (quarter 0) or quarter as every screen and file shows them: stored,
        with each composite's fact computed from its members."""
        return indicators.with_composites(self.composites, self.indicators,
                                          self.indicator_values.get((year, quarter), {}))

    def composite(self, indicator_id: int, year: int, quarter: int) -> CompositeResult:
        """A composite's breakdown in a period: each member's achievement, as counted, and the weighted mean."""
        by_id = {i.id: i for i in self.indicators if i.id is not None}
        return indicators.composite_result(self.composites[indicator_id], by_id,
                                           self.indicator_values.get((year, quarter), {}))

    @cached_property
    def violations(self) -> list[Violation]:
        """The control ratios the quarter's figures break (model/quarter/control_ratios.py), hard ones first."""
        return ratios.evaluate(self)

    @cached_property
    def service_figures(self) -> ServiceFigures:
        """The services' figures as of the quarter's end; statuses by the day the data was read."""
        return services.figures(self.services, self.service_requests, self.service_plan, self.period,
                                self.generated_at.date())

    @cached_property
    def esia_figures(self) -> EsiaFigures:
        return esia.compute(self.esia_plan)

    def missing(self) -> list[str]:
        """What keeps the report from being complete, item by item, in Russian."""
        out = []
        if not self.profile.district:
            out.append("Профиль организации: не указано наименование района")
        if not self.profile.head_name:
            out.append("Профиль организации: не указан глава администрации (для подписи)")
        for item in self.methodology.items():
            item_score = self.scores.items[item.number]
            if not item_score.filled:
                out.append(f"Пункт {item.number}: {item_score.reason}")
            elif item.events and not self.events.get(item.number):
                out.append(f"Пункт {item.number}: не указаны проведённые мероприятия (дата и тема)")
        return out


@dataclass(frozen=True)
class Readiness:
    """Whether the quarter may be sent and what the report lacks: the one answer the reports tab shows and
    prepare_sending obeys. A mandatory (hard) control ratio broken keeps the report from going; gaps and warnings
    are told but do not (a report with gaps can be printed, sent and corrected later)."""

    may_send: bool
    missing: tuple[str, ...]  # what is not filled, a Russian line each (PeriodData.missing)
    violations: tuple[Violation, ...]  # every control ratio broken, hard ones first, explained ones too
    state: str  # "blocked" (a hard ratio broken), "gaps", "warnings" (not explained), "ready"
    verdict: str  # the one Russian sentence that says it

    @property
    def broken(self) -> tuple[Violation, ...]:
        """The mandatory ratios broken: the reasons the report may not be sent."""
        return tuple(v for v in self.violations if v.rule.hard)

    def refusal(self) -> str:
        """Why the report may not be sent, naming the ratios (the first five), in Russian; "" when it may."""
        if self.may_send:
            return ""
        return ("Отправить нельзя: нарушены обязательные контрольные соотношения — исправьте числа. "
                + " ".join(v.told() for v in self.broken[:5]))


def readiness(data: PeriodData) -> Readiness:
    """Whether the quarter may be sent, what it lacks, and the sentence that says so."""
    missing = tuple(data.missing())
    violations = tuple(data.violations)
    unexplained = [v for v in violations if not v.explained]
    hard = sum(1 for v in violations if v.rule.hard)
    if hard:
        state, verdict = "blocked", "Отправить нельзя: нарушено " + counted(
            hard, "обязательное контрольное соотношение", "обязательных контрольных соотношения",
            "обязательных контрольных соотношений") + " (список ниже) — исправьте числа."
    elif missing:
        state, verdict = "gaps", (f"В отчёте {counted(len(missing), 'пробел', 'пробела', 'пробелов')} (список ниже). "
                                  "Его можно напечатать и сейчас — незаполненное будет отмечено в нём.")
    elif unexplained:
        state, verdict = "warnings", ("Всё заполнено, но есть " + counted(
            len(unexplained), "предупреждение", "предупреждения", "предупреждений") +
            " контрольных соотношений (список ниже): проверьте числа или поясните их.")
    else:
        state, verdict = "ready", "Всё заполнено: отчёт готов к подписи и отправке."
    return Readiness(not hard, missing, violations, state, verdict)


def load_period(db: Database, period: Period, history: bool = False, deferred: bool = False) -> PeriodData:
    """Read a quarter whole; with history, its audit trail too (for the exported workbook); deferred, the DEFERRED
    areas only when first asked for (the window's start: it shows the plan first).

    A quarter not started yet is read empty and scored with its year's methodology (NoMethodologyForYear when
    the year has none); a started one with its own (MethodologyMissing when that is not installed).
    """
    row = period_row(db, period)
    pid = row[0] if row else None
    methodology = registry.find(row[1], row[2]) if row else methodology_for_new_period(db, period.year)
    data = PeriodData(
        period=period,
        methodology=methodology,
        profile=load_profile(db) or Profile(),
        inputs=plan.read_inputs(db, pid),
        evidence=plan.read_evidence(db, pid),
        events=plan.read_events(db, pid),
        centers=centers.list_centers(db, include_inactive=True),
        center_quarter=centers.read_quarter(db, pid),
        esia_plan=None,  # type: ignore[arg-type]  # read below
        audit=audit.entries_for_export(db, [f"plan:{period}:%", "center:%", f"esia:{period.year}", "indicator:%",
                                            "control_point:%", "profile", "service:%",
                                            f"service_plan:{period.year}"]) if history else [],
        period_id=pid,
        revision=revision(db, pid),
    )
    for area, names in DEFERRED.items():
        if deferred:
            for name in names:
                del data.__dict__[name]
        else:
            data.reread(db, area)
    if deferred:
        data.unread_from = db
    return data


def derived_sources(data: PeriodData) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """Inputs of items the methodology derives from other data: 1.2 from each active service center's checks."""
    out: dict[str, list[tuple[str, dict[str, float]]]] = {}
    for item in data.methodology.items():
        if item.derive != "centers":
            continue
        keys = [f.key for f in item.inputs]
        sources = []
        for center in data.centers:
            if not center.active:
                continue
            quarter = data.center_quarter.get(center.id or 0)
            checks = quarter.checks if quarter else {}
            sources.append((center.title(), {k: 1.0 if checks[k].met else 0.0 for k in keys if k in checks}))
        if sources:
            out[item.number] = sources
    return out


def score(data: PeriodData) -> PlanScores:
    """The scores of a period: the one place every figure on screen, in reports and in the region's summary
    comes from."""
    return score_plan(data.methodology, data.inputs, derived_sources(data))
