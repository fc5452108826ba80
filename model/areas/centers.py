"""Service centers (Центры обслуживания): the register, the quarterly checks of 1.2, and operations done."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from model.areas.periods import ensure_period, period_id
from model.base.period import Period
from model.base.ru import clean_text, format_count, format_date
from model.errors import InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database

OPERATIONS = {
    "registration": "Регистрация",
    "confirmation": "Подтверждение личности",
    "recovery": "Восстановление доступа",
    "deletion": "Удаление учётной записи",
}
MAX_OPERATIONS = 1_000_000


@dataclass(frozen=True)
class StaffMember:
    name: str
    has_badge: bool = False


@dataclass(frozen=True)
class Center:
    """One service center as registered (settlement, address, host, schedule, staff)."""

    id: int | None
    settlement: str
    address: str = ""
    host: str = ""
    schedule: str = ""
    schedule_published: bool = False
    schedule_link: str = ""
    active: bool = True
    staff: tuple[StaffMember, ...] = ()

    def title(self) -> str:
        return f"{self.settlement}, {self.address}" if self.address else self.settlement


@dataclass(frozen=True)
class Check:
    """A requirement of 1.2 as checked at one center in one period."""

    met: bool
    checked_on: date | None = None
    note: str = ""


@dataclass
class CenterQuarter:
    """What one center has recorded for one period: checks by requirement key and operation counts."""

    checks: dict[str, Check] = field(default_factory=dict)
    operations: dict[str, int] = field(default_factory=dict)


def _center_from_row(row: tuple, staff: tuple[StaffMember, ...]) -> Center:
    return Center(id=row[0], settlement=row[1], address=row[2], host=row[3], schedule=row[4],
                  schedule_published=bool(row[5]), schedule_link=row[6], active=bool(row[7]), staff=staff)


_COLUMNS = "id, settlement, address, host, schedule, schedule_published, schedule_link, active"


def _staff(db: Database, center_ids: list[int]) -> dict[int, tuple[StaffMember, ...]]:
    """Staff of several centers in one query (the plan reads every center on each keystroke)."""
    out: dict[int, list[StaffMember]] = {cid: [] for cid in center_ids}
    marks = ", ".join("?" for _ in center_ids)
    for cid, name, badge in db.execute(f"SELECT center_id, name, has_badge FROM center_staff WHERE center_id IN "
                                       f"({marks}) ORDER BY position, id", center_ids):
        out[cid].append(StaffMember(name, bool(badge)))
    return {cid: tuple(members) for cid, members in out.items()}


def in_order(found: Iterable[Center]) -> list[Center]:
    """Centers in the order every list shows them, the district's and the region's: by settlement without regard to
    case in any alphabet (SQLite's NOCASE folds Latin letters only: «Усть-Берея» before «с. Калга»), then as added."""
    return sorted(found, key=lambda c: (c.settlement.casefold(), c.id or 0))


def list_centers(db: Database, include_inactive: bool = True) -> list[Center]:
    where = "" if include_inactive else "WHERE active = 1"
    rows = db.execute(f"SELECT {_COLUMNS} FROM centers {where}").fetchall()
    staff = _staff(db, [r[0] for r in rows]) if rows else {}
    return in_order(_center_from_row(row, staff[row[0]]) for row in rows)


def get_center(db: Database, center_id: int) -> Center:
    row = db.execute(f"SELECT {_COLUMNS} FROM centers WHERE id = ?", [center_id]).fetchone()
    if row is None:
        raise InputRefused("Такого центра обслуживания нет: возможно, он уже удалён")
    return _center_from_row(row, _staff(db, [center_id])[center_id])


def card_says(center: Center, fact: str) -> bool | None:
    """What the center's card says of a requirement the methodology ties to it: every staff member has a badge
    («badges»), the schedule is published on the site («schedule»); None for another."""
    if fact == "badges":
        return bool(center.staff) and all(m.has_badge for m in center.staff)
    if fact == "schedule":
        return center.schedule_published
    return None


def check_center(center: Center) -> Center:
    """The center with its texts cleaned; refuses what cannot be stored."""
    settlement = clean_text(center.settlement, "Поселение")
    if not settlement:
        raise InputRefused("Укажите поселение, в котором находится центр")
    link = clean_text(center.schedule_link, "Ссылка на график")
    if center.schedule_published and not link:
        raise InputRefused("График опубликован на сайте — укажите ссылку на страницу с ним")
    staff = []
    for member in center.staff:
        name = clean_text(member.name, "Сотрудник")
        if name:
            staff.append(StaffMember(name, bool(member.has_badge)))
    return replace(center, settlement=settlement, address=clean_text(center.address, "Адрес"),
                   host=clean_text(center.host, "Организация"), schedule=clean_text(center.schedule, "График"),
                   schedule_link=link, staff=tuple(staff))


def save_center(db: Database, center: Center) -> int:
    """Add (id None) or update a center with its staff, in one transaction; returns its id."""
    center = check_center(center)
    values = [center.settlement, center.address, center.host, center.schedule, int(center.schedule_published),
              center.schedule_link]
    with atomic(db):
        if center.id is None:
            cur = db.execute("INSERT INTO centers (settlement, address, host, schedule, schedule_published, "
                             "schedule_link) VALUES (?, ?, ?, ?, ?, ?)", values)
            center_id = int(cur.lastrowid or 0)
        else:
            get_center(db, center.id)
            center_id = center.id
            db.execute("UPDATE centers SET settlement = ?, address = ?, host = ?, schedule = ?, "
                       "schedule_published = ?, schedule_link = ? WHERE id = ?", [*values, center_id])
            db.execute("DELETE FROM center_staff WHERE center_id = ?", [center_id])
        for position, member in enumerate(center.staff):
            db.execute("INSERT INTO center_staff (center_id, name, has_badge, position) VALUES (?, ?, ?, ?)",
                       [center_id, member.name, int(member.has_badge), position])
    return center_id


def restore_center(db: Database, center: Center) -> None:
    """Put back a deleted center under its old id (undo of a delete)."""
    assert center.id is not None
    with atomic(db):
        db.execute("INSERT INTO centers (id, settlement, active) VALUES (?, ?, ?)",
                   [center.id, center.settlement, int(center.active)])
        save_center(db, center)


def upsert_center(db: Database, center: Center) -> None:
    """Store a center under its own id, adding it if that id is new (import from a workbook)."""
    assert center.id is not None
    with atomic(db):
        if db.execute("SELECT count(*) FROM centers WHERE id = ?", [center.id]).fetchone()[0] == 0:
            restore_center(db, center)
        else:
            save_center(db, center)
            set_active(db, center.id, center.active)


def set_active(db: Database, center_id: int, active: bool) -> None:
    """Deactivate (kept with its history, left out of 1.2) or bring back a center."""
    get_center(db, center_id)
    with atomic(db):
        db.execute("UPDATE centers SET active = ?, deactivated_at = CASE WHEN ? THEN NULL "
                   "ELSE strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime') END WHERE id = ?",
                   [int(active), int(active), center_id])


def has_records(db: Database, center_id: int) -> bool:
    checks = db.execute("SELECT count(*) FROM center_checks WHERE center_id = ?", [center_id]).fetchone()[0]
    ops = db.execute("SELECT count(*) FROM center_operations WHERE center_id = ?", [center_id]).fetchone()[0]
    return bool(checks or ops)


def delete_center(db: Database, center_id: int) -> None:
    """Delete a center entered by mistake; refused while it has checks or operations recorded."""
    center = get_center(db, center_id)
    if has_records(db, center_id):
        raise InputRefused(f"У центра «{center.title()}» есть записи проверок или операций: удалить его нельзя. "
                           "Если центр закрыт, сделайте его неактивным — история сохранится.")
    with atomic(db):
        db.execute("DELETE FROM centers WHERE id = ?", [center_id])


def load_quarter(db: Database, period: Period) -> dict[int, CenterQuarter]:
    """Checks and operations of every center for the period, by center id."""
    return read_quarter(db, period_id(db, period))


def previous_checks(db: Database, period: Period) -> dict[int, dict[str, bool]]:
    """What the quarter before recorded of each center's requirements: the starting point of this quarter's check
    (a badge, a signboard or a stand rarely changes between quarters; the new check is still recorded anew)."""
    return {cid: {k: c.met for k, c in q.checks.items()}
            for cid, q in read_quarter(db, period_id(db, period.previous())).items() if q.checks}


def read_quarter(db: Database, pid: int | None) -> dict[int, CenterQuarter]:
    """Checks and operations of every center for a period (by its row id), by center id."""
    out: dict[int, CenterQuarter] = {}
    if pid is None:
        return out
    for cid, req, met, checked_on, note in db.execute(
            "SELECT center_id, requirement, met, checked_on, note FROM center_checks WHERE period_id = ?", [pid]):
        out.setdefault(cid, CenterQuarter()).checks[req] = Check(
            bool(met), date.fromisoformat(checked_on) if checked_on else None, note)
    for cid, kind, count in db.execute(
            "SELECT center_id, kind, count FROM center_operations WHERE period_id = ?", [pid]):
        out.setdefault(cid, CenterQuarter()).operations[kind] = count
    return out


def set_check(db: Database, period: Period, center_id: int, requirement: str,
              check: Check | None, requirements: tuple[str, ...]) -> None:
    """Record (or with None, clear) one requirement's check at a center for the period."""
    set_checks(db, period, center_id, {requirement: check}, requirements)


def check_checks(checks: dict[str, Check | None], requirements: tuple[str, ...],
                 within: Period | None = None) -> dict[str, Check | None]:
    """The checks with their notes cleaned; refuses an unknown requirement, a check dated in the future, or, when
    it is typed (`within`), one dated outside the quarter being reported."""
    cleaned: dict[str, Check | None] = {}
    for requirement, check in checks.items():
        if requirement not in requirements:
            raise InputRefused(f"Неизвестное требование «{requirement}»")
        if check is not None:
            if check.checked_on is not None and check.checked_on > date.today():
                raise InputRefused(f"Дата проверки {format_date(check.checked_on)} ещё не наступила")
            if check.checked_on is not None and within is not None:
                within.check_day(check.checked_on, "Дата проверки")
            check = replace(check, note=clean_text(check.note, "Примечание"))
        cleaned[requirement] = check
    return cleaned


def check_operations(changes: list[tuple[int, str, int | None]]) -> None:
    """Refuses an unknown kind of operation or a count that is not a whole number from 0 to the limit."""
    for _center_id, kind, count in changes:
        if kind not in OPERATIONS:
            raise InputRefused(f"Неизвестный вид операций «{kind}»")
        if count is not None and (isinstance(count, bool) or not 0 <= count <= MAX_OPERATIONS):
            raise InputRefused(f"Количество операций — целое число от 0 до {format_count(MAX_OPERATIONS)}")


def set_checks(db: Database, period: Period, center_id: int, checks: dict[str, Check | None],
               requirements: tuple[str, ...], typed: bool = False) -> None:
    """Record several requirements' checks of one center in one transaction, or none of them."""
    get_center(db, center_id)
    cleaned = check_checks(checks, requirements, period if typed else None)
    with atomic(db):
        pid = ensure_period(db, period)
        for requirement, check in cleaned.items():
            if check is None:
                db.execute("DELETE FROM center_checks WHERE center_id = ? AND period_id = ? AND requirement = ?",
                           [center_id, pid, requirement])
                continue
            db.execute(
                "INSERT INTO center_checks (center_id, period_id, requirement, met, checked_on, note) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (center_id, period_id, requirement) DO UPDATE SET "
                "met = excluded.met, checked_on = excluded.checked_on, note = excluded.note",
                [center_id, pid, requirement, int(check.met),
                 check.checked_on.isoformat() if check.checked_on else None, check.note])


def set_operations(db: Database, period: Period, center_id: int, kind: str, count: int | None) -> None:
    """Record (or with None, clear) how many operations of a kind the center did in the period."""
    set_operations_many(db, period, [(center_id, kind, count)])


def set_operations_many(db: Database, period: Period,
                        changes: list[tuple[int, str, int | None]]) -> None:
    """Record several operation counts (a pasted block) in one transaction, or none of them."""
    check_operations(changes)
    for center_id, _kind, _count in changes:
        get_center(db, center_id)
    with atomic(db):
        pid = ensure_period(db, period)
        for center_id, kind, count in changes:
            if count is None:
                db.execute("DELETE FROM center_operations WHERE center_id = ? AND period_id = ? AND kind = ?",
                           [center_id, pid, kind])
            else:
                db.execute("INSERT INTO center_operations (center_id, period_id, kind, count) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (center_id, period_id, kind) DO UPDATE SET count = excluded.count",
                           [center_id, pid, kind, int(count)])
