"""Whole quarters generated for property tests: texts from empty to thousands of characters (long unbroken words,
line breaks), 0–40 events, 0–40 centers, 0–40 indicators with composites, 0–80 control points, 0–120 services,
very long profile names. `build_quarter` stores one through the model's own functions, so what gets printed is
exactly what the model accepts (a piece the model refuses is left out, as the screen would leave it)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from model.areas import centers, esia, plan
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.centers import OPERATIONS, Center, Check, StaffMember
from model.areas.profile import Profile, save_profile
from model.base.period import Period
from model.errors import InputRefused
from model.methodology import Methodology
from model.store.db import Database, atomic

PERIOD = Period(2018, 2)
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯabcdefxyzW0123456789"
MARKS = "«»—–-.,:;!?()/№%&<>\"'@#*_+="


def _word(rnd: random.Random, longest: int) -> str:
    return "".join(rnd.choices(LETTERS, k=rnd.randint(1, longest)))


def text(rnd: random.Random, most: int = 3000, words: int = 400) -> str:
    """Text as typed: ordinary words, now and then a long unbroken one (a link, an identifier, a run of «ШШШ…»),
    punctuation and markup characters, line breaks; from empty to `most` characters."""
    parts: list[str] = []
    for _ in range(rnd.randint(0, rnd.choice([0, 1, 3, 12, 40, words]))):
        kind = rnd.randint(0, 19)
        if kind == 0:
            parts.append(_word(rnd, 400))  # a word longer than any column is wide
        elif kind == 1:
            parts.append("\n" * rnd.randint(1, 3))
        elif kind == 2:
            parts.append("".join(rnd.choices(MARKS, k=rnd.randint(1, 4))))
        else:
            parts.append(_word(rnd, 14))
    return " ".join(parts)[:most].strip()


def name(rnd: random.Random, most: int = 500, required: bool = False) -> str:
    """A name on one line (profile fields, titles): empty, short, ordinary or as long as the field allows."""
    value = " ".join(text(rnd, most, 80).split())
    return value or ("Н" if required else "")


def day(rnd: random.Random, start: date = date(2017, 1, 1), end: date = date(2018, 6, 30)) -> date:
    return start + timedelta(days=rnd.randint(0, (end - start).days))


def count(rnd: random.Random) -> int | None:
    return rnd.choice([None, rnd.randint(0, 50), rnd.randint(0, 1_000_000)])


def number(rnd: random.Random) -> float | None:
    return rnd.choice([None, float(rnd.randint(-5, 100)), rnd.uniform(-1e12, 1e12), rnd.uniform(0, 1e-6),
                       rnd.uniform(0, 1000)])


def maybe(rnd: random.Random, value: object) -> object:
    return value if rnd.random() < 0.5 else None


@dataclass
class QuarterSpec:
    profile: Profile = field(default_factory=Profile)
    inputs: dict[str, dict[str, float]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    events: list[tuple[str, date, str, str]] = field(default_factory=list)
    centers: list[tuple[Center, dict[str, bool] | None, dict[str, int | None]]] = field(default_factory=list)
    esia: esia.EsiaPlan | None = None
    indicators: list[tuple[ind.Indicator, ind.Value, ind.Value]] = field(default_factory=list)
    composites: list[tuple[int, list[tuple[int, float]], float | None]] = field(default_factory=list)
    points: list[ind.ControlPoint] = field(default_factory=list)
    services: list[tuple[services.Service, services.Requests]] = field(default_factory=list)
    share_plan: dict[int, float | None] = field(default_factory=dict)


def _inputs(rnd: random.Random, methodology: Methodology) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for item in methodology.items():
        if rnd.randint(0, 4) == 0:
            continue  # not filled
        values: dict[str, float] = {}
        for f in item.inputs:
            if f.kind == "count":
                values[f.key] = float(rnd.randint(0, 10 ** rnd.choice([2, 4, 9])))
            elif f.kind == "flag":
                values[f.key] = float(rnd.randint(0, 1))
            else:
                values[f.key] = float(rnd.choice([o.value for o in f.options]))
        for part, whole in item.pairs:  # a part never more than its whole (refused on entry)
            if part in values and whole in values and values[part] > values[whole]:
                values[part], values[whole] = values[whole], values[part]
        out[item.number] = values
    return out


SHAPE = {"events": st.integers(0, 40), "centers": st.integers(0, 40), "indicators": st.integers(0, 40),
         "composites": st.integers(0, 2), "points": st.integers(0, 80), "services": st.integers(0, 120),
         "evidence": st.sampled_from([0, 200, 3000, 10_000]), "esia": st.booleans()}


@st.composite
def quarters(draw, methodology: Methodology) -> QuarterSpec:
    """A whole quarter: hypothesis draws its shape — how many of each thing, how long the evidence — and a seed;
    the seeded generator fills it in (drawing every character would exceed hypothesis's buffer long before a
    quarter of 120 services and 10 000-character texts, and make each take seconds). Shrinking makes the counts
    smaller and the texts shorter."""
    shape = draw(st.fixed_dictionaries(SHAPE))
    return quarter_from(random.Random(draw(st.integers(0, 2**32))), methodology, shape)


def random_shape(rnd: random.Random) -> dict:
    """A shape as `quarters` draws it, for a run outside hypothesis."""
    return {"events": rnd.randint(0, 40), "centers": rnd.randint(0, 40), "indicators": rnd.randint(0, 40),
            "composites": rnd.randint(0, 2), "points": rnd.randint(0, 80), "services": rnd.randint(0, 120),
            "evidence": rnd.choice([0, 200, 3000, 10_000]), "esia": rnd.random() < 0.5}


def quarter_from(rnd: random.Random, methodology: Methodology, shape: dict) -> QuarterSpec:
    """The quarter of that shape the generator makes."""
    spec = QuarterSpec()
    spec.profile = Profile(district=name(rnd, required=True), oktmo=rnd.choice(["", "76618000"]),
                           head_position=name(rnd, 300), head_name=name(rnd, 200), executor_name=name(rnd, 200),
                           executor_phone=rnd.choice(["", "+7 (30244) 4-13-34"]))
    spec.inputs = _inputs(rnd, methodology)
    spec.evidence = {i.number: text(rnd, most=shape["evidence"]) for i in methodology.items() if rnd.random() < 0.6}
    event_items = [i.number for i in methodology.items() if i.events] or [methodology.items()[0].number]
    spec.events = [(rnd.choice(event_items), day(rnd, PERIOD.first_day(), PERIOD.last_day()), text(rnd, 200, 30),
                    text(rnd, 200, 30) or "Тема") for _ in range(shape["events"])]
    requirements = [f.key for i in methodology.items() if i.derive == "centers" for f in i.inputs]
    spec.centers = [(Center(None, name(rnd, 200, True), address=text(rnd, 200, 30), host=text(rnd, 200, 30),
                            schedule=text(rnd, 200, 30),
                            staff=tuple(StaffMember(name(rnd, 100), rnd.random() < 0.5)
                                        for _ in range(rnd.randint(0, 3))),
                            active=rnd.random() < 0.8),
                     maybe(rnd, {k: rnd.random() < 0.5 for k in requirements}),
                     {k: count(rnd) for k in OPERATIONS}) for _ in range(shape["centers"])]
    if shape["esia"]:
        start = rnd.randint(0, 100_000)
        spec.esia = esia.EsiaPlan(2018, registered_start=start, target_end=float(start + rnd.randint(0, 100_000)),
                                  population=rnd.randint(1, 10_000_000),
                                  total_registered=maybe(rnd, rnd.randint(0, 1_000_000)), total_as_of=date(2018, 7, 1),
                                  months={m: rnd.randint(0, 100_000) for m in range(1, 13) if rnd.random() < 0.6})
    spec.indicators = [(ind.Indicator(None, name(rnd, 300, True), number=_word(rnd, 8) if rnd.random() < 0.9 else "",
                                      kind=rnd.choice(["основной", "дополнительный"]),
                                      unit=rnd.choice(["%", "баллы", "ед.", "человеко-часов", "Ш" * 30]),
                                      territory=text(rnd, 200, 30), base_value=number(rnd),
                                      direction=rnd.choice(["up", "down"]), decimals=rnd.randint(0, 4)),
                        ind.Value(number(rnd), number(rnd), text(rnd, 400, 30)),
                        ind.Value(number(rnd), number(rnd), text(rnd, 400, 30))) for _ in range(shape["indicators"])]
    n = len(spec.indicators)
    for _ in range(shape["composites"] if n >= 3 else 0):
        whole = rnd.randrange(n)
        members = rnd.sample([k for k in range(n) if k != whole], rnd.randint(2, min(9, n - 1)))
        spec.composites.append((whole, [(m, rnd.choice([1.0, 0.5, 3.0, 1000.0])) for m in members],
                                rnd.choice([100.0, None, 1000.0])))
    spec.points = [ind.ControlPoint(None, name(rnd, 400, True), day(rnd), maybe(rnd, day(rnd)), text(rnd, 600, 30))
                   for _ in range(shape["points"])]
    for _ in range(shape["services"]):
        total = rnd.choice([None, rnd.randint(0, 1000), rnd.randint(0, 100_000_000)])
        requests = services.Requests() if total is None else services.Requests(total, rnd.randint(0, total))
        spec.services.append((services.Service(
            None, name(rnd, 400, True), level=rnd.choice(services.LEVELS), mass=rnd.random() < 0.7,
            federal_number="".join(rnd.choices(LETTERS + "./-", k=rnd.randint(0, 40))), department=name(rnd, 200),
            planned=maybe(rnd, (rnd.randint(2017, 2019), rnd.randint(1, 4))), available_on=maybe(rnd, day(rnd))),
            requests))
    spec.share_plan = {k: maybe(rnd, rnd.uniform(0, 100)) for k in range(1, 5)}
    return spec


def _keep(action, refused: list[str]) -> object:
    try:
        return action()
    except InputRefused as exc:  # left out, as the screen would refuse it
        refused.append(str(exc))
        return None


def build_quarter(db: Database, spec: QuarterSpec, today: date = date(2018, 7, 5)) -> list[str]:
    """Store the spec through the model; returns what the model refused (and was therefore left out)."""
    refused: list[str] = []
    with atomic(db):
        save_profile(db, spec.profile)
        for number, values in spec.inputs.items():
            _keep(lambda n=number, v=values: plan.set_values(db, PERIOD, n, dict(v)), refused)
        for number, body in spec.evidence.items():
            _keep(lambda n=number, b=body: plan.set_evidence(db, PERIOD, n, b), refused)
        for number, day, place, topic in spec.events:
            _keep(lambda a=(number, day, place, topic): plan.add_event(db, PERIOD, *a), refused)
        requirements = tuple(sorted({k for _, checks, _ in spec.centers if checks for k in checks}))
        for center, checks, operations in spec.centers:
            cid = _keep(lambda c=center: centers.save_center(db, c), refused)
            if not isinstance(cid, int):
                continue
            if checks is not None:
                centers.set_checks(db, PERIOD, cid, {k: Check(met, date(2018, 5, 10)) for k, met in checks.items()},
                                   requirements)
            changes = [(cid, kind, count) for kind, count in operations.items()]
            _keep(lambda c=changes: centers.set_operations_many(db, PERIOD, c), refused)
        if spec.esia is not None:
            _keep(lambda: esia.save_plan(db, spec.esia), refused)
        ids: list[int | None] = []
        for indicator, year_value, quarter_value in spec.indicators:
            iid = _keep(lambda i=indicator: ind.save_indicator(db, i), refused)
            ids.append(iid if isinstance(iid, int) else None)
            if isinstance(iid, int):
                _keep(lambda i=iid, v=year_value: ind.set_values(db, 2018, ind.YEAR, {i: v}), refused)
                _keep(lambda i=iid, v=quarter_value: ind.set_values(db, 2018, PERIOD.quarter, {i: v}), refused)
        for whole, members, cap in spec.composites:
            if ids[whole] is None or any(ids[m] is None for m, _ in members):
                continue
            composite = ind.Composite(ids[whole], tuple(ind.Member(ids[m], w) for m, w in members), cap)
            _keep(lambda c=composite: ind.set_composite(db, c), refused)
        for point in spec.points:
            _keep(lambda p=point: ind.save_point(db, p, today), refused)
        for service, request in spec.services:
            sid = _keep(lambda s=service: services.save_service(db, s, today), refused)
            if isinstance(sid, int) and request.total is not None:
                _keep(lambda s=sid, r=request: services.set_requests(db, PERIOD, {s: r}), refused)
        _keep(lambda: services.set_share_plan(db, 2018, spec.share_plan), refused)
    return refused
