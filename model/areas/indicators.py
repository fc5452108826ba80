"""Indicators (показатели): the register, plan and fact by year and quarter, achievement, control points."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from model.base.numbers import LIMIT
from model.base.period import YEAR
from model.base.resources import resource_path
from model.base.ru import clean_text, format_date, parse_date
from model.errors import CompositeRefused, InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database

KINDS = ("основной", "дополнительный")
DIRECTIONS = {"up": "чем больше, тем лучше", "down": "чем меньше, тем лучше"}
UNITS = ("%", "баллы", "ед.")
ACHIEVED, NOT_ACHIEVED, NO_DATA = "достигнут", "не достигнут", "нет данных"
MAX_VALUE = 1e12


@dataclass(frozen=True)
class Indicator:
    id: int | None
    name: str
    number: str = ""
    kind: str = "основной"
    unit: str = "%"
    territory: str = ""
    base_value: float | None = None
    base_date: date | None = None
    direction: str = "up"
    decimals: int = 2
    active: bool = True


@dataclass(frozen=True)
class Value:
    """Plan, fact and comment of one indicator in one period (quarter 0: the whole year)."""

    plan: float | None = None
    fact: float | None = None
    comment: str = ""


@dataclass(frozen=True)
class Achievement:
    percent: float | None  # fact / plan × 100 (higher is better) or plan / fact × 100 (lower is better)
    status: str  # достигнут / не достигнут / нет данных


def achievement(value: Value, direction: str) -> Achievement:
    """How far the fact reaches the plan, by the indicator's direction; a zero plan or fact gives no percent."""
    plan, fact = value.plan, value.fact
    if plan is None or fact is None:
        return Achievement(None, NO_DATA)
    if direction == "down":
        return Achievement(_percent(plan, fact), ACHIEVED if fact <= plan else NOT_ACHIEVED)
    return Achievement(_percent(fact, plan), ACHIEVED if fact >= plan else NOT_ACHIEVED)


def _percent(part: float, whole: float) -> float | None:
    """part / whole × 100; none for a zero whole, and none past numbers.LIMIT (a plan of 1e-300 against a fact
    of 1e12 would overflow into an infinity): no such figure is shown or written."""
    if not whole:
        return None
    percent = part / whole * 100
    return percent if math.isfinite(percent) and abs(percent) <= LIMIT else None


def period_label(year: int, quarter: int) -> str:
    return f"{year} год" if quarter == YEAR else f"{quarter} кв. {year}"


# -- the register --------------------------------------------------------------------------------------------
_COLUMNS = "id, name, number, kind, unit, territory, base_value, base_date, direction, decimals, active"


def _from_row(row: tuple) -> Indicator:
    return Indicator(id=row[0], name=row[1], number=row[2], kind=row[3], unit=row[4], territory=row[5],
                     base_value=row[6], base_date=date.fromisoformat(row[7]) if row[7] else None,
                     direction=row[8], decimals=row[9], active=bool(row[10]))


def list_indicators(db: Database, include_retired: bool = False) -> list[Indicator]:
    where = "" if include_retired else "WHERE active = 1"
    return [_from_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM indicators {where} ORDER BY position, id")]


def get_indicator(db: Database, indicator_id: int) -> Indicator:
    row = db.execute(f"SELECT {_COLUMNS} FROM indicators WHERE id = ?", [indicator_id]).fetchone()
    if row is None:
        raise InputRefused("Такого показателя нет: возможно, он уже удалён")
    return _from_row(row)


def check_indicator(ind: Indicator) -> Indicator:
    name = clean_text(ind.name, "Наименование")
    if not name:
        raise InputRefused("Укажите наименование показателя")
    if ind.kind not in KINDS:
        raise InputRefused(f"Тип показателя — «основной» или «дополнительный», а не «{ind.kind}»")
    if ind.direction not in DIRECTIONS:
        raise InputRefused("Направление — «чем больше, тем лучше» или «чем меньше, тем лучше»")
    if not 0 <= ind.decimals <= 6:
        raise InputRefused("Знаков после запятой — от 0 до 6")
    unit = clean_text(ind.unit, "Единица измерения")
    if not unit or len(unit) > 30:
        raise InputRefused("Укажите единицу измерения (%, баллы, ед. — или свою, до 30 знаков)")
    if ind.base_value is not None and abs(ind.base_value) > MAX_VALUE:
        raise InputRefused("Базовое значение слишком велико")
    if ind.base_date is not None and ind.base_date > date.today():
        raise InputRefused(f"Дата базового значения {format_date(ind.base_date)} ещё не наступила")
    return replace(ind, name=name, unit=unit, number=clean_text(ind.number, "Номер"),
                   territory=clean_text(ind.territory, "Территория"))


def save_indicator(db: Database, ind: Indicator) -> int:
    """Add (id None, at the end of the list) or update an indicator; returns its id."""
    ind = check_indicator(ind)
    values = [ind.name, ind.number, ind.kind, ind.unit, ind.territory, ind.base_value,
              ind.base_date.isoformat() if ind.base_date else None, ind.direction, ind.decimals]
    with atomic(db):
        if ind.id is None:
            position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM indicators").fetchone()[0]
            cur = db.execute("INSERT INTO indicators (name, number, kind, unit, territory, base_value, base_date, "
                             "direction, decimals, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [*values, position])
            return int(cur.lastrowid or 0)
        get_indicator(db, ind.id)
        db.execute("UPDATE indicators SET name = ?, number = ?, kind = ?, unit = ?, territory = ?, base_value = ?, "
                   "base_date = ?, direction = ?, decimals = ? WHERE id = ?", [*values, ind.id])
        return ind.id


def delete_indicator(db: Database, indicator_id: int) -> None:
    """Delete an indicator added by mistake; refused while it has values (retire it instead)."""
    ind = get_indicator(db, indicator_id)
    whole = db.execute("SELECT i.number, i.name FROM indicator_members m JOIN indicators i ON i.id = m.composite_id "
                       "WHERE m.member_id = ?", [indicator_id]).fetchone()
    if whole:
        raise InputRefused(f"Показатель «{ind.number or ind.name[:40]}» входит в состав «{whole[0] or whole[1][:40]}»: "
                           "сначала уберите его из состава")
    if db.execute("SELECT count(*) FROM indicator_values WHERE indicator_id = ?", [indicator_id]).fetchone()[0]:
        raise InputRefused(f"У показателя «{ind.number or ind.name[:40]}» есть значения: удалить его нельзя. "
                           "Выведите его из состава — история сохранится.")
    with atomic(db):
        db.execute("DELETE FROM indicators WHERE id = ?", [indicator_id])


def restore_indicator(db: Database, ind: Indicator, position: int) -> None:
    """Put back a deleted indicator under its old id and place (undo of a delete or an add)."""
    with atomic(db):
        db.execute("INSERT INTO indicators (id, name, position) VALUES (?, ?, ?)", [ind.id, ind.name, position])
        save_indicator(db, ind)
        db.execute("UPDATE indicators SET active = ? WHERE id = ?", [int(ind.active), ind.id])


def upsert_indicator(db: Database, indicator: Indicator) -> None:
    """Store an indicator under its own id, adding it at the end if that id is new (import)."""
    assert indicator.id is not None
    with atomic(db):
        if db.execute("SELECT count(*) FROM indicators WHERE id = ?", [indicator.id]).fetchone()[0] == 0:
            restore_indicator(db, indicator, len(order(db)) + 1)
        else:
            save_indicator(db, indicator)
            set_active(db, indicator.id, indicator.active)


def order(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM indicators ORDER BY position, id")]


def set_order(db: Database, ids: list[int]) -> None:
    """Put the indicators in this order (all of them, retired ones included)."""
    if sorted(ids) != sorted(order(db)):
        raise InputRefused("Порядок показателей изменился в другом окне: обновите список")
    with atomic(db):
        for position, indicator_id in enumerate(ids, start=1):
            db.execute("UPDATE indicators SET position = ? WHERE id = ?", [position, indicator_id])


def set_active(db: Database, indicator_id: int, active: bool) -> None:
    """Retire an indicator (kept with its values, hidden from the current set) or bring it back."""
    get_indicator(db, indicator_id)
    with atomic(db):
        db.execute("UPDATE indicators SET active = ?, retired_at = CASE WHEN ? THEN NULL "
                   "ELSE strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime') END WHERE id = ?",
                   [int(active), int(active), indicator_id])


# -- values ---------------------------------------------------------------------------------------------------
def load_values(db: Database, year: int, quarter: int) -> dict[int, Value]:
    rows = db.execute("SELECT indicator_id, plan, fact, comment FROM indicator_values WHERE year = ? AND quarter = ?",
                      [year, quarter])
    return {i: Value(p, f, c) for i, p, f, c in rows}


def values_of_year(db: Database, year: int) -> dict[tuple[int, int], dict[int, Value]]:
    """Every value of the year and of its quarters, by (year, quarter 0..4), in one read."""
    out: dict[tuple[int, int], dict[int, Value]] = {(year, q): {} for q in range(5)}
    for i, q, p, f, c in db.execute("SELECT indicator_id, quarter, plan, fact, comment FROM indicator_values "
                                    "WHERE year = ?", [year]):
        out[(year, q)][i] = Value(p, f, c)
    return out


def history(db: Database, indicator_id: int) -> list[tuple[int, int, Value]]:
    """Every stored value of one indicator, oldest first: (year, quarter, value)."""
    rows = db.execute("SELECT year, quarter, plan, fact, comment FROM indicator_values WHERE indicator_id = ? "
                      "ORDER BY year, quarter", [indicator_id])
    return [(y, q, Value(p, f, c)) for y, q, p, f, c in rows]


def check_value(value: Value) -> Value:
    for what, number in (("План", value.plan), ("Факт", value.fact)):
        if number is not None and (number != number or abs(number) > MAX_VALUE):
            raise InputRefused(f"{what}: слишком большое число")
    return replace(value, comment=clean_text(value.comment, "Комментарий"))


def set_values(db: Database, year: int, quarter: int, values: dict[int, Value]) -> None:
    """Store the values of several indicators for one period in one transaction, or none of them."""
    if not 2000 <= year <= 2100 or not 0 <= quarter <= 4:
        raise InputRefused(f"Нет такого периода: {year}, квартал {quarter}")
    checked = {i: check_value(v) for i, v in values.items()}
    for indicator_id in checked:
        get_indicator(db, indicator_id)
    with atomic(db):
        for indicator_id, v in checked.items():
            if v == Value():
                db.execute("DELETE FROM indicator_values WHERE indicator_id = ? AND year = ? AND quarter = ?",
                           [indicator_id, year, quarter])
                continue
            db.execute("INSERT INTO indicator_values (indicator_id, year, quarter, plan, fact, comment) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, year, quarter) DO UPDATE SET "
                       "plan = excluded.plan, fact = excluded.fact, comment = excluded.comment",
                       [indicator_id, year, quarter, v.plan, v.fact, v.comment])


# -- composite indicators -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    indicator_id: int
    weight: float


@dataclass(frozen=True)
class Composite:
    """An indicator whose fact is the weighted mean of its members' achievement (seed 001's «цифровая зрелость»:
    one figure from nine indicators). Each member's achievement counts at most `cap` per cent (None: uncapped)."""

    indicator_id: int
    members: tuple[Member, ...]
    cap: float | None = 100.0


@dataclass(frozen=True)
class Part:
    """One member in a composite's breakdown."""

    indicator: Indicator
    weight: float
    percent: float | None  # the member's achievement
    counted: float | None  # as it enters the mean: capped


@dataclass(frozen=True)
class CompositeResult:
    percent: float | None  # Σ weight × counted / Σ weight, once every member has an achievement
    provisional: float | None  # the same over the members that have one
    parts: tuple[Part, ...]

    @property
    def missing(self) -> list[Indicator]:
        return [p.indicator for p in self.parts if p.counted is None]


def composite_result(composite: Composite, indicators: dict[int, Indicator], values: dict[int, Value]) -> \
        CompositeResult:
    """The composite's value from its members' plans and facts in one period (DOMAIN.md section 4)."""
    parts = []
    for m in composite.members:
        member = indicators[m.indicator_id]
        percent = achievement(values.get(m.indicator_id, Value()), member.direction).percent
        counted = None if percent is None else percent if composite.cap is None else min(percent, composite.cap)
        parts.append(Part(member, m.weight, percent, counted))
    known = [p for p in parts if p.counted is not None]
    weights = sum(p.weight for p in known)
    # a composite stored before its weights were checked may have none that count: no figure rather than a fault
    mean = sum(p.weight * (p.counted or 0) for p in known) / weights if known and weights > 0 else None
    if mean is not None and not math.isfinite(mean):
        mean = None
    return CompositeResult(mean if len(known) == len(parts) else None, mean, tuple(parts))


def with_composites(composites: dict[int, Composite], indicators: list[Indicator], values: dict[int, Value]) -> \
        dict[int, Value]:
    """The period's values with each composite's fact computed from its members (its plan and comment as stored):
    every screen and file shows these."""
    by_id = {i.id: i for i in indicators if i.id is not None}
    out = dict(values)
    for composite_id, composite in composites.items():
        stored = values.get(composite_id, Value())
        out[composite_id] = replace(stored, fact=composite_result(composite, by_id, values).percent)
    return out


def list_composites(db: Database) -> dict[int, Composite]:
    members: dict[int, list[Member]] = {}
    for composite_id, member_id, weight in db.execute(
            "SELECT composite_id, member_id, weight FROM indicator_members ORDER BY composite_id, position, member_id"):
        members.setdefault(composite_id, []).append(Member(member_id, weight))
    caps = dict(db.execute("SELECT id, member_cap FROM indicators"))
    return {i: Composite(i, tuple(ms), caps.get(i)) for i, ms in members.items()}


MIN_WEIGHT, MAX_WEIGHT = 0.001, 1000.0


def check_composite(composite: Composite, indicators: list[Indicator], composites: dict[int, Composite]) -> None:
    """Refuses a composite that could not be computed: fewer than two members, itself or another composite among
    them, a weight that is not a number from MIN_WEIGHT to MAX_WEIGHT, a cap below 100 %. The one check of a
    composite, wherever it comes from: the window, a book imported, a book in the region's merge."""
    by_id = {i.id: i for i in indicators}
    if composite.indicator_id not in by_id:
        raise CompositeRefused("Такого показателя нет: возможно, он уже удалён")
    ids = [m.indicator_id for m in composite.members]
    if composite.members and len(ids) < 2:
        raise CompositeRefused("В составной показатель входят хотя бы два показателя")
    seen: set[int] = set()
    for m in composite.members:
        if m.indicator_id in seen:
            raise CompositeRefused("Показатель указан в составе дважды", m.indicator_id)
        seen.add(m.indicator_id)
        if m.indicator_id == composite.indicator_id:
            raise CompositeRefused("Показатель не может входить в собственный состав", m.indicator_id)
        if m.indicator_id not in by_id:
            raise CompositeRefused("Одного из показателей состава уже нет: обновите список", m.indicator_id)
        if m.indicator_id in composites and m.indicator_id != composite.indicator_id:
            member = by_id[m.indicator_id]
            raise CompositeRefused(f"Показатель «{member.number or member.name[:40]}» сам составной: в состав "
                                   "другого он не входит", m.indicator_id)
        if not (isinstance(m.weight, int | float) and MIN_WEIGHT <= m.weight <= MAX_WEIGHT):  # NaN fails too
            raise CompositeRefused("Вес показателя в составе — положительное число от 0,001 до 1\u00a0000",
                                   m.indicator_id)
    if ids and any(composite.indicator_id in (m.indicator_id for m in c.members) for c in composites.values()):
        raise CompositeRefused("Этот показатель сам входит в состав другого составного: составным он быть не может")
    if composite.cap is not None and not 100 <= composite.cap <= 1000:
        raise CompositeRefused("Предел учёта достижения — от 100 до 1\u00a0000\u00a0%, или без предела")


def set_composite(db: Database, composite: Composite) -> None:
    """Make an indicator composite of these members (no members: an ordinary indicator again)."""
    check_composite(composite, list_indicators(db, include_retired=True),
                    {k: v for k, v in list_composites(db).items() if k != composite.indicator_id})
    with atomic(db):
        db.execute("DELETE FROM indicator_members WHERE composite_id = ?", [composite.indicator_id])
        for position, m in enumerate(composite.members, start=1):
            db.execute("INSERT INTO indicator_members (composite_id, member_id, weight, position) VALUES (?, ?, ?, ?)",
                       [composite.indicator_id, m.indicator_id, m.weight, position])
        db.execute("UPDATE indicators SET member_cap = ? WHERE id = ?", [composite.cap, composite.indicator_id])


# -- the starter set ------------------------------------------------------------------------------------------
STARTER_SETS = {"digital-government": "Цифровое государственное управление",
                "digital-maturity": "Цифровая зрелость (пример составного показателя)"}


def _starter(name: str = "digital-government") -> dict:
    with open(resource_path("indicators", f"{name}.toml"), "rb") as fh:
        return tomllib.load(fh)


def starter_year(name: str = "digital-government") -> int:
    """The year the starter set's plans are for."""
    return int(_starter(name)["set"]["year"])


def load_starter_set(db: Database, territory: str, name: str = "digital-government") -> list[int]:
    """Add a shipped set (STARTER_SETS) with its base values and plans; a set with a [composite] adds that
    indicator too, composed of the set's indicators with their weights."""
    data = _starter(name)
    head = data["set"]
    base_date = parse_date(head["base_date"])
    existing = {(i.number, i.name) for i in list_indicators(db, include_retired=True)}
    raws = [*data["indicator"], *([data["composite"]] if "composite" in data else [])]
    ids: dict[str, int] = {}
    with atomic(db):
        for raw in raws:
            if (raw["number"], raw["name"]) in existing:
                continue
            indicator_id = save_indicator(db, Indicator(
                id=None, name=raw["name"], number=raw["number"], kind=raw.get("kind", "основной"),
                unit=raw.get("unit", "%"), territory=territory, base_value=raw.get("base_value"),
                base_date=base_date, direction=raw.get("direction", "up")))
            set_values(db, head["year"], YEAR, {indicator_id: Value(plan=float(raw["plan"]))})
            ids[raw["number"]] = indicator_id
        if "composite" in data and data["composite"]["number"] in ids:
            members = tuple(Member(ids[raw["number"]], float(raw["weight"])) for raw in data["indicator"]
                            if raw["number"] in ids)
            cap = data["composite"].get("cap")
            set_composite(db, Composite(ids[data["composite"]["number"]], members,
                                        None if cap is None else float(cap)))
    if not ids:
        raise InputRefused("Этот набор показателей уже загружен")
    return list(ids.values())


# -- control points -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ControlPoint:
    id: int | None
    title: str
    due: date
    done: date | None = None
    comment: str = ""


ON_TIME, LATE, OVERDUE, PENDING = "выполнена в срок", "выполнена с опозданием", "просрочена", "в работе"


def point_status(point: ControlPoint, today: date) -> str:
    if point.done is not None:
        return ON_TIME if point.done <= point.due else LATE
    return OVERDUE if today > point.due else PENDING


def points_summary(points: list[ControlPoint], today: date) -> str:
    """«выполнено 30 из 32, в срок 29» (and how many are overdue)."""
    statuses = [point_status(p, today) for p in points]
    done = sum(1 for s in statuses if s in (ON_TIME, LATE))
    text = f"выполнено {done} из {len(points)}, в срок {statuses.count(ON_TIME)}"
    if statuses.count(OVERDUE):
        text += f", просрочено {statuses.count(OVERDUE)}"
    return text


def list_points(db: Database) -> list[ControlPoint]:
    rows = db.execute("SELECT id, title, due, done, comment FROM control_points ORDER BY due, id")
    return [ControlPoint(i, t, date.fromisoformat(d), date.fromisoformat(x) if x else None, c)
            for i, t, d, x, c in rows]


def check_point(point: ControlPoint, today: date | None = None) -> ControlPoint:
    """The point with its texts cleaned; refuses a point without a title, or done in the future."""
    title = clean_text(point.title, "Контрольная точка")
    if not title:
        raise InputRefused("Укажите, в чём состоит контрольная точка")
    today = today or date.today()
    if point.done is not None and point.done > today:
        raise InputRefused(f"Дата выполнения {format_date(point.done)} ещё не наступила")
    if not 2000 <= point.due.year <= 2100:
        raise InputRefused(f"Срок {format_date(point.due)} вне допустимого диапазона")
    return replace(point, title=title, comment=clean_text(point.comment, "Комментарий"))


def save_point(db: Database, point: ControlPoint, today: date | None = None) -> int:
    """Add or update a control point; a done date in the future is refused."""
    point = check_point(point, today)
    values = [point.title, point.due.isoformat(), point.done.isoformat() if point.done else None, point.comment]
    with atomic(db):
        if point.id is None:
            position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM control_points").fetchone()[0]
            cur = db.execute("INSERT INTO control_points (title, due, done, comment, position) "
                             "VALUES (?, ?, ?, ?, ?)", [*values, position])
            return int(cur.lastrowid or 0)
        if db.execute("SELECT count(*) FROM control_points WHERE id = ?", [point.id]).fetchone()[0] == 0:
            db.execute("INSERT INTO control_points (id, title, due, done, comment) VALUES (?, ?, ?, ?, ?)",
                       [point.id, *values])
        else:
            db.execute("UPDATE control_points SET title = ?, due = ?, done = ?, comment = ? WHERE id = ?",
                       [*values, point.id])
        return point.id


def delete_point(db: Database, point_id: int) -> None:
    with atomic(db):
        db.execute("DELETE FROM control_points WHERE id = ?", [point_id])
