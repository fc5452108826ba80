"""Services going electronic (seed 002): the district's register of services — municipal or state, mass socially
significant (МСЗУ) or not, the federal list's number, the department — each with the quarter its transfer to
electronic form is planned for and the date it became available on the portal; requests per quarter, all and
made electronically; the planned share of electronic requests for each quarter; and the figures from them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from model.areas.deadlines import quarter_end
from model.base.period import Period
from model.base.ru import clean_text, format_count, format_date, percent_text
from model.base.words import plural
from model.errors import InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database

LEVELS = ("муниципальная", "государственная")
MAX_REQUESTS = 100_000_000
ON_TIME, LATE, OVERDUE, PLANNED, NO_PLAN = "переведена в срок", "переведена с опозданием", "просрочена", \
    "в плане", "срок не указан"


@dataclass(frozen=True)
class Service:
    id: int | None
    name: str
    level: str = "муниципальная"
    mass: bool = True  # a mass socially significant service (МСЗУ)
    federal_number: str = ""  # its number in the federal list, where there is one
    department: str = ""  # who provides it
    planned: tuple[int, int] | None = None  # (year, quarter) of the planned transfer to electronic form
    available_on: date | None = None  # when it became available on the portal
    active: bool = True

    def status(self, today: date) -> str:
        """Planned against done: transferred on time or late, overdue, still planned, or with no plan."""
        due = quarter_end(Period(*self.planned)) if self.planned else None
        if self.available_on is not None:
            return ON_TIME if due is None or self.available_on <= due else LATE
        if due is None:
            return NO_PLAN
        return OVERDUE if today > due else PLANNED

    def available_by(self, day: date) -> bool:
        return self.available_on is not None and self.available_on <= day


@dataclass(frozen=True)
class Requests:
    """One service's requests in one quarter: all of them and those made electronically through the portal."""

    total: int | None = None
    electronic: int | None = None


# -- the register ---------------------------------------------------------------------------------------------
_COLUMNS = "id, name, level, mass, federal_number, department, planned_year, planned_quarter, available_on, active"


def _from_row(row: tuple) -> Service:
    return Service(id=row[0], name=row[1], level=row[2], mass=bool(row[3]), federal_number=row[4],
                   department=row[5], planned=(row[6], row[7]) if row[6] and row[7] else None,
                   available_on=date.fromisoformat(row[8]) if row[8] else None, active=bool(row[9]))


def list_services(db: Database, include_retired: bool = True) -> list[Service]:
    where = "" if include_retired else "WHERE active = 1"
    return [_from_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM services {where} ORDER BY position, id")]


def check_service(service: Service, today: date | None = None) -> Service:
    """The service with its texts cleaned; refuses one without a name, of an unknown level, available in the
    future, or planned outside 2000–2100."""
    name = clean_text(service.name, "Наименование услуги")
    if not name:
        raise InputRefused("Укажите наименование услуги")
    if service.level not in LEVELS:
        raise InputRefused(f"Уровень услуги — «муниципальная» или «государственная», а не «{service.level[:30]}»")
    if service.planned is not None:
        year, quarter = service.planned
        if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
            raise InputRefused("Плановый квартал перевода — например «3 кв. 2023»")
    today = today or date.today()
    if service.available_on is not None and service.available_on > today:
        raise InputRefused(f"Дата доступности на портале {format_date(service.available_on)} ещё не наступила")
    return replace(service, name=name, federal_number=clean_text(service.federal_number, "Номер в перечне"),
                   department=clean_text(service.department, "Ответственный орган"))


def save_service(db: Database, service: Service, today: date | None = None) -> int:
    """Add (id None: at the end of the register) or update a service; returns its id."""
    s = check_service(service, today)
    values = [s.name, s.level, int(s.mass), s.federal_number, s.department, s.planned[0] if s.planned else None,
              s.planned[1] if s.planned else None, s.available_on.isoformat() if s.available_on else None,
              int(s.active)]
    with atomic(db):
        exists = s.id is not None and db.execute("SELECT count(*) FROM services WHERE id = ?", [s.id]).fetchone()[0]
        if exists:
            db.execute("UPDATE services SET name = ?, level = ?, mass = ?, federal_number = ?, department = ?, "
                       "planned_year = ?, planned_quarter = ?, available_on = ?, active = ? WHERE id = ?",
                       [*values, s.id])
            return int(s.id or 0)
        position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM services").fetchone()[0]
        cur = db.execute("INSERT INTO services (id, name, level, mass, federal_number, department, planned_year, "
                         "planned_quarter, available_on, active, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [s.id, *values, position])
        return int(cur.lastrowid or 0)


def save_services(db: Database, services: list[Service], today: date | None = None) -> list[int]:
    """Several services in one transaction, or none of them (a block pasted from Excel)."""
    checked = [check_service(s, today) for s in services]
    with atomic(db):
        return [save_service(db, s, today) for s in checked]


def delete_service(db: Database, service_id: int) -> None:
    """Delete a service added by mistake; refused while it has requests (retire it instead)."""
    if db.execute("SELECT count(*) FROM service_requests WHERE service_id = ?", [service_id]).fetchone()[0]:
        raise InputRefused("По услуге есть данные об обращениях: удалить её нельзя. Выведите её из перечня — "
                           "история сохранится.")
    with atomic(db):
        db.execute("DELETE FROM services WHERE id = ?", [service_id])


# -- requests and the planned share ----------------------------------------------------------------------------
def requests_of_year(db: Database, year: int) -> dict[int, dict[int, Requests]]:
    """Every service's requests in the year's quarters: quarter → service id → requests."""
    out: dict[int, dict[int, Requests]] = {q: {} for q in range(1, 5)}
    for sid, q, total, electronic in db.execute(
            "SELECT service_id, quarter, total, electronic FROM service_requests WHERE year = ?", [year]):
        out[q][sid] = Requests(total, electronic)
    return out


def check_requests(name: str, r: Requests) -> Requests:
    """Whole non-negative numbers, and electronic ones no more than all (a hard control ratio)."""
    for what, n in (("всего обращений", r.total), ("обращений в электронном виде", r.electronic)):
        if n is not None and (n != int(n) or not 0 <= n <= MAX_REQUESTS):
            raise InputRefused(f"{name}: {what} — целое число от 0 до {format_count(MAX_REQUESTS)}")
    if r.total is not None and r.electronic is not None and r.electronic > r.total:
        raise InputRefused(f"{name}: обращений в электронном виде ({format_count(r.electronic)}) больше, "
                           f"чем всего обращений ({format_count(r.total)}) — так быть не может, проверьте числа")
    return Requests(None if r.total is None else int(r.total), None if r.electronic is None else int(r.electronic))


def set_requests(db: Database, period: Period, requests: dict[int, Requests]) -> None:
    """Store several services' requests of one quarter in one transaction, or none of them."""
    names = {s.id: s.name for s in list_services(db)}
    for sid in requests:
        if sid not in names:
            raise InputRefused("Такой услуги нет: возможно, она уже удалена")
    checked = {sid: check_requests(f"«{names[sid][:40]}»", r) for sid, r in requests.items()}
    with atomic(db):
        for sid, r in checked.items():
            if r == Requests():
                db.execute("DELETE FROM service_requests WHERE service_id = ? AND year = ? AND quarter = ?",
                           [sid, period.year, period.quarter])
                continue
            db.execute("INSERT INTO service_requests (service_id, year, quarter, total, electronic) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (service_id, year, quarter) DO UPDATE SET "
                       "total = excluded.total, electronic = excluded.electronic",
                       [sid, period.year, period.quarter, r.total, r.electronic])


def share_plan(db: Database, year: int) -> dict[int, float]:
    """The planned share of electronic requests for each quarter of the year that has one, %."""
    return {q: share for q, share in db.execute("SELECT quarter, share FROM service_share_plan WHERE year = ?",
                                                 [year])}


def set_share_plan(db: Database, year: int, plans: dict[int, float | None]) -> None:
    for q, share in plans.items():
        if not 1 <= q <= 4:
            raise InputRefused(f"Нет такого квартала: {q}")
        if share is not None and not (share == share and 0 <= share <= 100):
            raise InputRefused("Плановая доля обращений в электронном виде — от 0 до 100\u00a0%")
    with atomic(db):
        for q, share in plans.items():
            if share is None:
                db.execute("DELETE FROM service_share_plan WHERE year = ? AND quarter = ?", [year, q])
            else:
                db.execute("INSERT INTO service_share_plan (year, quarter, share) VALUES (?, ?, ?) "
                           "ON CONFLICT (year, quarter) DO UPDATE SET share = excluded.share", [year, q, share])


# -- figures --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceFigures:
    """What seed 002 reports: available electronically N of M (of them municipal K, МСЗУ L), the share of
    electronic requests for МСЗУ in the quarter against its plan, by quarter through the year."""

    count: int
    available: int
    available_municipal: int
    available_mass: int
    mass: int
    share: dict[int, float | None]  # quarter → electronic / all requests for МСЗУ × 100
    plan: dict[int, float]
    statuses: dict[int, str]  # service id → planned against done
    # quarter → МСЗУ with all requests typed but not the electronic ones: left out of the share, never counted as 0
    incomplete: dict[int, int] = field(default_factory=dict)

    def available_told(self) -> str:
        """«Доступно в электронном виде 1 из 21 услуги, из них муниципальных 1; МСЗУ — 1 из 2» (seed 002's words)."""
        return (f"Доступно в электронном виде {self.available} из {self.count} "
                f"{plural(self.count, 'услуги', 'услуг', 'услуг')}, из них муниципальных {self.available_municipal}; "
                f"МСЗУ — {self.available_mass} из {self.mass}")

    def share_told(self, quarter: int) -> str:
        share, plan = self.share.get(quarter), self.plan.get(quarter)
        if share is None:
            return "нет данных об обращениях" + (f" (план {percent_text(plan)})" if plan is not None else "")
        head = percent_text(share)
        left = self.incomplete.get(quarter, 0)
        if left:
            head += (f" (без {left} {plural(left, 'услуги', 'услуг', 'услуг')}, где не указано число обращений в "
                     "электронном виде)")
        if plan is None:
            return head + " (план не указан)"
        return head + f" при плане {percent_text(plan)}" + (" — достигнуто" if share >= plan else
                                                                " — не достигнуто")


def figures(services: list[Service], requests: dict[int, dict[int, Requests]], plan: dict[int, float],
            period: Period, today: date) -> ServiceFigures:
    active = [s for s in services if s.active]
    end = quarter_end(period)
    available = [s for s in active if s.available_by(end)]
    mass_ids = {s.id for s in active if s.mass}
    share: dict[int, float | None] = {}
    incomplete: dict[int, int] = {}
    for q in range(1, 5):
        typed = [r for sid, r in requests.get(q, {}).items() if sid in mass_ids and r.total]
        rows = [r for r in typed if r.electronic is not None]  # an empty cell is not a zero
        incomplete[q] = len(typed) - len(rows)
        total = sum(r.total or 0 for r in rows)
        electronic = sum(r.electronic or 0 for r in rows)
        share[q] = electronic / total * 100 if total else None
    return ServiceFigures(len(active), len(available), sum(1 for s in available if s.level == "муниципальная"),
                          sum(1 for s in available if s.mass), len(mass_ids), share, plan,
                          {s.id or 0: s.status(today) for s in active}, incomplete)
