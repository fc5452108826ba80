"""The yearly plan of ESIA registrations (seed 004, table 2) and the figures computed from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from model.base.ru import format_count, format_number
from model.errors import InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database

FIELDS = {
    "registered_start": "Зарегистрировано на конец прошлого года",
    "target_end": "Целевой показатель на конец года",
    "population": "Численность населения",
    "total_registered": "Всего зарегистрировано (по отчёту)",
}
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
MAX_COUNT = 100_000_000


@dataclass(frozen=True)
class EsiaPlan:
    """What the district enters for a year: R0, T, N, registrations by month, the reported total."""

    year: int
    registered_start: int | None = None
    target_end: float | None = None
    population: int | None = None
    total_registered: int | None = None
    total_as_of: date | None = None
    months: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class EsiaFigures:
    """Everything DOMAIN.md section 3 computes from a plan; None where the inputs do not allow it."""

    year_target: float | None  # Y = T − R0
    monthly_target: float | None  # Y / 12
    month_pct: dict[int, float | None]  # r_k / (Y / 12) × 100
    to_date: dict[int, int | None]  # r1 + … + r_k, while no month before k is missing
    to_date_pct: dict[int, float | None]  # (r1 + … + r_k) / Y × 100
    share_pct: float | None  # total / N × 100
    per_1000: float | None  # total / N × 1000


def compute(plan: EsiaPlan) -> EsiaFigures:
    """The year's target, each month's and the year-to-date completion, share of population, per 1000."""
    y = None
    if plan.registered_start is not None and plan.target_end is not None:
        y = plan.target_end - plan.registered_start
    usable = y is not None and y > 0
    month_pct: dict[int, float | None] = {}
    to_date: dict[int, int | None] = {}
    to_date_pct: dict[int, float | None] = {}
    running: int | None = 0
    for k in range(1, 13):
        r = plan.months.get(k)
        month_pct[k] = r / (y / 12) * 100 if usable and r is not None else None  # type: ignore[operator]
        running = running + r if running is not None and r is not None else None
        to_date[k] = running
        to_date_pct[k] = running / y * 100 if usable and running is not None else None  # type: ignore[operator]
    share = per_1000 = None
    if plan.total_registered is not None and plan.population:
        share = plan.total_registered / plan.population * 100
        per_1000 = plan.total_registered / plan.population * 1000
    return EsiaFigures(year_target=y, monthly_target=y / 12 if y is not None else None, month_pct=month_pct,
                       to_date=to_date, to_date_pct=to_date_pct, share_pct=share, per_1000=per_1000)


def months_ended(plan: EsiaPlan) -> int:
    """How many of the year's months had ended by the reported total's date: those whose last day is on or before
    it (30.09 counts September, 29.09 does not); with no date, every month entered."""
    day = plan.total_as_of
    if day is None:
        return max(plan.months, default=0)
    if day.year != plan.year:
        return 12 if day.year > plan.year else 0
    return day.month if (day + timedelta(days=1)).month != day.month else day.month - 1


def expected_total(plan: EsiaPlan) -> int | None:
    """R0 plus the registrations of the months ended by the reported total's date (all entered months when it has
    none): what the reported total should be; None when a month is missing or there is no R0."""
    if plan.registered_start is None or not plan.months:
        return None
    last = months_ended(plan)
    months = list(range(1, last + 1))
    if not months or any(m not in plan.months for m in months):
        return None
    return plan.registered_start + sum(plan.months[m] for m in months)


def total_check(plan: EsiaPlan) -> str | None:
    """Whether the reported total agrees with R0 plus the registrations of the months ended by its date; a Russian
    sentence saying by how much it does not (None when it agrees, or there is not enough to compare)."""
    expected = expected_total(plan)
    if expected is None or plan.total_registered is None or plan.registered_start is None or \
            expected == plan.total_registered:
        return None
    last = months_ended(plan)
    span = MONTHS[0] if last == 1 else f"{MONTHS[0]}–{MONTHS[last - 1]}"
    when = f" на {plan.total_as_of:%d.%m.%Y}" if plan.total_as_of else ""
    return (f"Сверка не сходится: на конец прошлого года {format_count(plan.registered_start)} + регистрации за "
            f"{span} {format_count(expected - plan.registered_start)} = {format_count(expected)}, а всего "
            f"зарегистрировано по отчёту{when} — {format_count(plan.total_registered)} (расхождение "
            f"{format_count(abs(expected - plan.total_registered))}). Проверьте цифры.")


def quarter_registrations(plan: EsiaPlan, quarter: int) -> tuple[int, int]:
    """Registrations in the quarter's months that are entered, and how many of its 3 months are."""
    months = [plan.months[m] for m in range(3 * quarter - 2, 3 * quarter + 1) if m in plan.months]
    return sum(months), len(months)


def check_plan(plan: EsiaPlan) -> str | None:
    """Why the plan cannot be stored, or None."""
    for key in FIELDS:
        value = getattr(plan, key)
        if value is None:
            continue
        if value < 0:
            return f"{FIELDS[key]}: не может быть отрицательным"
        if key != "target_end" and value != int(value):
            return f"{FIELDS[key]}: должно быть целым числом"
        if value > MAX_COUNT:
            return f"{FIELDS[key]}: слишком большое число"
    if plan.population == 0:
        return f"{FIELDS['population']}: не может быть нулём"
    if plan.registered_start is not None and plan.target_end is not None and plan.target_end <= plan.registered_start:
        return (f"Целевой показатель на конец года ({format_number(plan.target_end)}) должен быть больше "
                f"числа зарегистрированных на конец прошлого года ({format_count(plan.registered_start)})")
    if plan.total_registered is not None and plan.population and plan.total_registered > plan.population:
        return (f"Всего зарегистрировано ({format_count(plan.total_registered)}) больше численности населения "
                f"({format_count(plan.population)})")
    for month, r in plan.months.items():
        if not 1 <= month <= 12:
            return f"Месяца с номером {month} нет"
        if isinstance(r, bool) or r < 0 or r != int(r) or r > MAX_COUNT:
            return f"{MONTHS[month - 1].capitalize()}: число регистраций — целое неотрицательное число"
    if plan.total_as_of is not None and plan.total_as_of > date.today():
        return "Дата, на которую указано «всего зарегистрировано», ещё не наступила"
    return None


def load_plan(db: Database, year: int) -> EsiaPlan:
    row = db.execute("SELECT registered_start, target_end, population, total_registered, total_as_of "
                     "FROM esia_plans WHERE year = ?", [year]).fetchone()
    months = dict(db.execute("SELECT month, registrations FROM esia_months WHERE year = ?", [year]).fetchall())
    if row is None:
        return EsiaPlan(year=year, months=months)
    return EsiaPlan(year=year, registered_start=row[0], target_end=row[1], population=row[2],
                    total_registered=row[3], total_as_of=date.fromisoformat(row[4]) if row[4] else None,
                    months=months)


def save_plan(db: Database, plan: EsiaPlan) -> None:
    """Store the whole year's plan in one transaction after checking it; refuses with a message."""
    problem = check_plan(plan)
    if problem:
        raise InputRefused(problem)
    with atomic(db):
        db.execute("INSERT INTO esia_plans (year, registered_start, target_end, population, total_registered, "
                   "total_as_of) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET "
                   "registered_start = excluded.registered_start, target_end = excluded.target_end, "
                   "population = excluded.population, total_registered = excluded.total_registered, "
                   "total_as_of = excluded.total_as_of",
                   [plan.year, plan.registered_start, plan.target_end, plan.population, plan.total_registered,
                    plan.total_as_of.isoformat() if plan.total_as_of else None])
        db.execute("DELETE FROM esia_months WHERE year = ?", [plan.year])
        for month, r in sorted(plan.months.items()):
            db.execute("INSERT INTO esia_months (year, month, registrations) VALUES (?, ?, ?)",
                       [plan.year, month, int(r)])
