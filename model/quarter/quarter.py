"""Quarter: everything one quarter holds, and what is computed from it alone (scores, figures, violations,
readiness). A plain value: it reads and writes no database (the area modules it imports bring their types, and
their database code along, unused here); model/quarter/data.py reads one from the database, and
model/exchange/decode.py from a workbook."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn

from model.areas.centers import Center, CenterQuarter
from model.areas.plan import PlanEvent
from model.areas.profile import Profile
from model.areas.region_targets import RegionTarget, TargetChange, TargetKey
from model.base import lazy
from model.base.period import Period
from model.base.words import counted
from model.methodology import Methodology
from model.scoring.score import PlanScores, own_inputs, score_plan
from model.store import audit

if TYPE_CHECKING:
    from model.areas import esia, indicators
    from model.areas import public_services as services
    from model.areas.esia import EsiaFigures, EsiaPlan
    from model.areas.indicators import Composite, CompositeResult, ControlPoint, Indicator, Value
    from model.areas.public_services import Requests, Service, ServiceFigures
    from model.quarter import control_ratios as ratios
    from model.quarter.control_ratios import Violation
else:  # the areas the first screen does not show: imported when a quarter's figures first need them
    esia, indicators, ratios, services = map(lazy.module, (
        "model.areas.esia", "model.areas.indicators", "model.quarter.control_ratios", "model.areas.public_services"))

# The areas the window's quarter leaves unread until a tab that shows them is built (load_period(deferred=True)),
# each with the fields it fills.
DEFERRED = {"esia": ("esia_plan",), "indicator": ("indicators", "indicator_values", "composites"),
            "control_point": ("control_points",), "service": ("services", "service_requests", "service_plan"),
            "ratio_note": ("ratio_notes",)}
_COMPUTED = ("scores", "esia_figures", "service_figures", "violations")  # the cached_property figures below


class Unread:
    """What a deferred field holds until its area is read: any use of it raises RuntimeError naming the area — a
    fault of the program (the area is read first: model/quarter/data.py read_area, in the window Editor.need),
    never a refusal a user reads — instead of passing for an empty list."""

    __slots__ = ("area",)

    def __init__(self, area: str) -> None:
        self.area = area

    def _used(self, *_: object, **__: object) -> NoReturn:
        raise RuntimeError(f"the quarter's area {self.area!r} is not read yet: read it first "
                           "(model.quarter.data.read_area, in the window Editor.need)")

    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = __eq__ = _used
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> NoReturn:  # get(), items(), an EsiaPlan's figures…: used, so refused
        if name.startswith("__"):  # a protocol looked up (copy, pickle): not there, as on any object
            raise AttributeError(name)
        self._used()

    def __repr__(self) -> str:
        return f"<{self.area} not read>"


@dataclass
class Quarter:
    """One quarter: the plan's inputs, evidence and events, the centers and their checks, the year's registrations
    plan and indicators, the profile, and the methodology version the quarter is scored with.

    The figures computed from these fields are cached; whoever replaces or changes a field calls rescore()."""

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
    targets: dict[TargetKey, RegionTarget] = field(default_factory=dict)  # what the region set for the year
    target_changes: list[TargetChange] = field(default_factory=list)  # the district's changes of them, with reasons
    audit: list[audit.Entry] = field(default_factory=list)
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    period_id: int | None = None  # the quarter's row, once it has been started
    revision: tuple[int, str] = (1, "")  # the report's revision (2 and on: reopened after sending) and why
    seal_key: str | None = field(default=None, repr=False)  # the district's key from the region's package: the seal

    def leave_unread(self, area: str) -> None:
        """Mark an area's fields as not read (Unread): the loader's deferred read."""
        for name in DEFERRED[area]:
            setattr(self, name, Unread(area))
        self.rescore()

    def unread(self) -> list[str]:
        """The DEFERRED areas not read yet."""
        return [area for area, names in DEFERRED.items() if isinstance(getattr(self, names[0]), Unread)]

    def replace(self, **values: Any) -> None:
        """Put new values into fields (an area read again) and forget the figures computed from the old ones."""
        known = {f.name for f in fields(self)}
        for name, value in values.items():
            assert name in known, f"Quarter has no field {name!r}"
            setattr(self, name, value)
        self.rescore()

    def rescore(self) -> None:
        """Forget the computed figures after the data changed; they are computed again when asked."""
        for name in _COMPUTED:
            self.__dict__.pop(name, None)

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
    missing: tuple[str, ...]  # what is not filled, a Russian line each (Quarter.missing)
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


def readiness(data: Quarter) -> Readiness:
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


def derived_sources(data: Quarter, methodology: Methodology | None = None
                    ) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """Inputs of items the methodology derives from other data: 1.2 from each active service center's checks.
    `methodology`: another one than the quarter's (the methodologist's preview of a draft)."""
    out: dict[str, list[tuple[str, dict[str, float]]]] = {}
    for item in (methodology or data.methodology).items():
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


def score(data: Quarter, methodology: Methodology | None = None) -> PlanScores:
    """The scores of a period: the one place every figure on screen, in reports and in the region's summary
    comes from. `methodology`: score the quarter by the one given (the preview of a draft methodology); only the
    inputs that methodology's items have are read, the others are not its own."""
    if methodology is None:
        return score_plan(data.methodology, data.inputs, derived_sources(data))
    return score_plan(methodology, own_inputs(methodology, data.inputs), derived_sources(data, methodology))

