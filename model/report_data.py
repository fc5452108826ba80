"""Everything the reports of one period show, read from the database in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from model import audit, centers, esia, indicators, plan
from model.centers import Center, CenterQuarter
from model.esia import EsiaFigures, EsiaPlan
from model.indicators import ControlPoint, Indicator, Value
from model.methodology import Methodology
from model.periods import Period, period_methodology
from model.plan import PlanEvent
from model.profile import Profile, load_profile
from model.scoring import PlanScores


@dataclass
class ReportData:
    """One period's reportable data: the plan with its scores, centers, registrations, indicators."""

    period: Period
    profile: Profile
    methodology: Methodology
    inputs: dict[str, dict[str, float]]
    scores: PlanScores
    evidence: dict[str, str]
    events: dict[str, list[PlanEvent]]
    centers: list[Center]
    center_quarter: dict[int, CenterQuarter]
    esia_plan: EsiaPlan
    esia_figures: EsiaFigures
    indicators: list[Indicator]
    indicator_values: dict[tuple[int, int], dict[int, Value]]  # (year, quarter 0..4) → values by indicator
    control_points: list[ControlPoint]
    audit: list[audit.Entry] = field(default_factory=list)
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def missing(self) -> list[str]:
        """What keeps the report from being complete, item by item, in Russian."""
        out = []
        if not self.profile.district:
            out.append("Профиль организации: не указано наименование района")
        if not self.profile.head_name:
            out.append("Профиль организации: не указан глава администрации (для подписи)")
        for item in self.methodology.items():
            score = self.scores.items[item.number]
            if not score.filled:
                out.append(f"Пункт {item.number}: {score.reason}")
            elif item.events and not self.events.get(item.number):
                out.append(f"Пункт {item.number}: не указаны проведённые мероприятия (дата и тема)")
        return out


def collect(db: sqlite_utils.Database, period: Period) -> ReportData:
    methodology = period_methodology(db, period)
    inputs = plan.load_inputs(db, period)
    year_plan = esia.load_plan(db, period.year)
    return ReportData(
        period=period,
        profile=load_profile(db) or Profile(),
        methodology=methodology,
        inputs=inputs,
        scores=plan.period_scores(db, period),
        evidence=plan.load_evidence(db, period),
        events={i.number: plan.load_events(db, period, i.number) for i in methodology.items() if i.events},
        centers=centers.list_centers(db, include_inactive=True),
        center_quarter=centers.load_quarter(db, period),
        esia_plan=year_plan,
        esia_figures=esia.compute(year_plan),
        indicators=indicators.list_indicators(db, include_retired=True),
        indicator_values={(period.year, q): indicators.load_values(db, period.year, q) for q in range(5)},
        control_points=indicators.list_points(db),
        audit=audit.entries_for_export(db, [f"plan:{period}:%", "center:%", f"esia:{period.year}", "indicator:%",
                                            "control_point:%", "profile"]),
    )
