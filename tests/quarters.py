"""Whole quarters generated for property tests: texts from empty to thousands of characters (long unbroken words,
line breaks), 0–40 events, 0–40 centers, 0–40 indicators with composites, 0–80 control points, 0–120 services,
very long profile names. `build_quarter` stores one through the model's own functions, so what gets printed is
exactly what the model accepts (a piece the model refuses is left out, as the screen would leave it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from model import centers, esia, plan, services
from model import indicators as ind
from model.centers import OPERATIONS, Center, Check, StaffMember
from model.db import Database, atomic
from model.methodology import Methodology
from model.periods import Period
from model.profile import Profile, save_profile
from model.ru import InputRefused

PERIOD = Period(2018, 2)
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯabcdefxyzW0123456789"
MARKS = "«»—–-.,:;!?()/№%&<>\"'@#*_+="


def _word(longest: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(LETTERS), min_size=1, max_size=longest)


@st.composite
def texts(draw, most: int = 3000, words: int = 400) -> str:
    """Text as typed: ordinary words, now and then a long unbroken one (a link, an identifier, a run of «ШШШ…»),
    punctuation and markup characters, line breaks; from empty to `most` characters."""
    size = draw(st.sampled_from([0, 1, 3, 12, 40, words]))
    parts: list[str] = []
    for _ in range(draw(st.integers(0, size))):
        kind = draw(st.integers(0, 19))
        if kind == 0:
            parts.append(draw(_word(400)))  # a word longer than any column is wide
        elif kind == 1:
            parts.append("\n" * draw(st.integers(1, 3)))
        elif kind == 2:
            parts.append(draw(st.text(st.sampled_from(MARKS), min_size=1, max_size=4)))
        else:
            parts.append(draw(_word(14)))
    return " ".join(parts)[:most].strip()


def short_texts(most: int = 200) -> st.SearchStrategy[str]:
    return texts(most=most, words=30)


def names(most: int = 500) -> st.SearchStrategy[str]:
    """A name on one line (profile fields, titles): short, ordinary or as long as the field allows."""
    return texts(most=most, words=80).map(lambda t: " ".join(t.split()))


def days(start: date = date(2017, 1, 1), end: date = date(2018, 6, 30)) -> st.SearchStrategy[date]:
    return st.integers(0, (end - start).days).map(lambda n: start + timedelta(days=n))


counts = st.one_of(st.none(), st.integers(0, 50), st.integers(0, 1_000_000))
numbers = st.one_of(st.none(), st.integers(-5, 100).map(float),
                    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
                    st.floats(0, 1e-6, allow_nan=False))


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


@st.composite
def _inputs(draw, methodology: Methodology) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for item in methodology.items():
        if draw(st.integers(0, 4)) == 0:
            continue  # not filled
        values: dict[str, float] = {}
        for f in item.inputs:
            if f.kind == "count":
                values[f.key] = float(draw(st.integers(0, 10**draw(st.sampled_from([2, 4, 9])))))
            elif f.kind == "flag":
                values[f.key] = float(draw(st.integers(0, 1)))
            else:
                values[f.key] = float(draw(st.sampled_from([o.value for o in f.options])))
        for part, whole in item.pairs:  # a part never more than its whole (refused on entry)
            if part in values and whole in values and values[part] > values[whole]:
                values[part], values[whole] = values[whole], values[part]
        out[item.number] = values
    return out


@st.composite
def quarters(draw, methodology: Methodology) -> QuarterSpec:
    spec = QuarterSpec()
    spec.profile = Profile(district=draw(names()) or "Район", oktmo=draw(st.sampled_from(["", "76618000"])),
                           head_position=draw(names(300)), head_name=draw(names(200)),
                           executor_name=draw(names(200)),
                           executor_phone=draw(st.sampled_from(["", "+7 (30244) 4-13-34"])))
    spec.inputs = draw(_inputs(methodology))
    spec.evidence = {i.number: draw(texts(most=draw(st.sampled_from([200, 3000, 10_000]))))
                     for i in methodology.items() if draw(st.booleans())}
    event_items = [i.number for i in methodology.items() if i.events] or [methodology.items()[0].number]
    start, end = PERIOD.first_day(), PERIOD.last_day()
    spec.events = draw(st.lists(st.tuples(st.sampled_from(event_items), days(start, end), short_texts(),
                                          short_texts().filter(bool)), max_size=40))
    requirements = [f.key for i in methodology.items() if i.derive == "centers" for f in i.inputs]
    center_list = st.tuples(
        st.builds(Center, st.none(), names(200).filter(bool), address=short_texts(), host=short_texts(),
                  schedule=short_texts(), staff=st.lists(st.builds(StaffMember, names(100), st.booleans()),
                                                         max_size=3).map(tuple),
                  active=st.booleans()),
        st.one_of(st.none(), st.fixed_dictionaries({k: st.booleans() for k in requirements})),
        st.fixed_dictionaries({k: counts for k in OPERATIONS}))
    spec.centers = draw(st.lists(center_list, max_size=40))
    if draw(st.booleans()):
        start_count = draw(st.integers(0, 100_000))
        spec.esia = esia.EsiaPlan(2018, registered_start=start_count, target_end=float(start_count + draw(
            st.integers(0, 100_000))), population=draw(st.integers(1, 10_000_000)),
            total_registered=draw(st.one_of(st.none(), st.integers(0, 1_000_000))), total_as_of=date(2018, 7, 1),
            months=draw(st.dictionaries(st.integers(1, 12), st.integers(0, 100_000), max_size=12)))
    value = st.builds(ind.Value, numbers, numbers, short_texts(400))
    indicator = st.builds(ind.Indicator, st.none(), names(300).filter(bool), number=st.text(LETTERS, max_size=8),
                          kind=st.sampled_from(["основной", "дополнительный"]),
                          unit=st.sampled_from(["%", "баллы", "ед.", "человеко-часов", "Ш" * 30]),
                          territory=short_texts(), base_value=numbers, direction=st.sampled_from(["up", "down"]),
                          decimals=st.integers(0, 4))
    spec.indicators = draw(st.lists(st.tuples(indicator, value, value), max_size=40))
    n = len(spec.indicators)
    if n >= 3:
        for _ in range(draw(st.integers(0, 2))):
            whole = draw(st.integers(0, n - 1))
            members = draw(st.lists(st.integers(0, n - 1).filter(lambda k, w=whole: k != w), min_size=2,
                                    max_size=min(9, n - 1), unique=True))
            weights = [draw(st.sampled_from([1.0, 0.5, 3.0, 1000.0])) for _ in members]
            spec.composites.append((whole, list(zip(members, weights, strict=True)),
                                    draw(st.sampled_from([100.0, None, 1000.0]))))
    spec.points = draw(st.lists(st.builds(ind.ControlPoint, st.none(), names(400).filter(bool), days(),
                                          st.one_of(st.none(), days()), short_texts(600)), max_size=80))
    service = st.builds(services.Service, st.none(), names(400).filter(bool), level=st.sampled_from(services.LEVELS),
                        mass=st.booleans(), federal_number=st.text(LETTERS + "./-", max_size=40),
                        department=names(200), planned=st.one_of(st.none(), st.tuples(st.integers(2017, 2019),
                                                                                       st.integers(1, 4))),
                        available_on=st.one_of(st.none(), days()))
    requests = st.integers(0, 100_000_000).flatmap(
        lambda total: st.builds(services.Requests, st.just(total), st.integers(0, total)))
    spec.services = draw(st.lists(st.tuples(service, st.one_of(st.just(services.Requests()), requests)),
                                  max_size=120))
    spec.share_plan = draw(st.fixed_dictionaries({k: st.one_of(st.none(), st.floats(0, 100)) for k in range(1, 5)}))
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
