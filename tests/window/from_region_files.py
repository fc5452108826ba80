"""Files from the region as a district receives them, for the window's tests: a package for 2018 with the district's
targets (more than twenty lines to show), and the answers to its report for the second quarter."""

from __future__ import annotations

from datetime import date, datetime

from conftest import Q2

from model.exchange.region_files import Answer, Answers, IndicatorPlan, Manifest, Package, PlanTarget, Targets

OKTMO = "76618000"  # the district of conftest's fill_quarter
REGION = "Забайкальский край"


def district_package(version: int = 1, target_end: float = 15000, year: int = 2018) -> Package:
    """The district's targets for 2018: ESIA (R0, T, N), 1.3's C for every quarter, the plans of ten indicators, the
    МСЗУ planned share by quarter, the deadlines; another municipality's row beside it."""
    own = Targets(name="Калганский район", oktmo=OKTMO, key="ab" * 32, registered_start=7694, target_end=target_end,
                  population=85199, plan=tuple(PlanTarget(q, "1.3", "C", 700.0 + 100 * q) for q in range(1, 5)),
                  indicators=tuple(IndicatorPlan(str(n), 0, 50.0 + n) for n in range(1, 11)),
                  services_share={q: 30.0 + 5 * q for q in range(1, 5)})
    other = Targets(name="Город Чита", oktmo="76701000", key="cd" * 32, target_end=100000, registered_start=50000)
    return Package(Manifest(REGION, year, version, datetime(year, 1, 15, 10, 0)), (),
                   {1: date(year, 4, 10), 2: date(year, 7, 10), 3: date(year, 10, 10), 4: date(year + 1, 1, 20)},
                   (own, other))


def district_answers(status: str = "returned", revision: int | None = None) -> Answers:
    """The region's answer for the second quarter: the district's report returned (or as `status`), with reasons;
    `revision`: the report's revision the region answered (None: the answer does not say)."""
    own = Answer("Калганский район", OKTMO, status,
                 reasons=("Не заполнено подтверждение выполнения пункта 2.6",) if status == "returned" else (),
                 remarks=("Уточните число центров обслуживания: в отчёте 12, по данным региона 11",)
                 if status == "returned" else (), revision=revision, total=71.03, place=3, previous_place=5)
    return Answers(REGION, Q2, datetime(2018, 7, 20, 9, 30),
                   (own, Answer("Город Чита", "76701000", "accepted", total=80.0, place=1)),
                   mean=70.0, median=71.0, expected=41)
