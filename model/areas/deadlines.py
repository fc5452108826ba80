"""The region's deadline for each quarter's report: by default a number of days after the quarter ends (10, kept in
the profile), or a date set for the quarter; how many days are left, or by how many the report was late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from model.base.ru import format_date
from model.base.words import counted
from model.errors import InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.base.period import Period
    from model.store.db import Database

DEFAULT_DAYS = 10


def quarter_end(period: Period) -> date:
    """The quarter's last day: 31.03, 30.06, 30.09, 31.12."""
    first_of_next = date(period.year + period.quarter // 4, period.quarter % 4 * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    due: date
    set_for_quarter: bool  # a date of its own, not the profile's days after the quarter's end

    def told(self, today: date, sent_on: date | None = None) -> str:
        """«Срок представления — 10.07.2018: осталось 5 дней», «…: просрочен на 3 дня», «…: отправка подготовлена в
        срок»."""
        head = f"Срок представления — {format_date(self.due)}"
        if sent_on is not None:
            late = (sent_on - self.due).days
            return head + (": отправка подготовлена в срок" if late <= 0 else
                           f": отправка подготовлена с опозданием на {counted(late, 'день', 'дня', 'дней')}")
        left = (self.due - today).days
        if left > 0:
            return head + f": осталось {counted(left, 'день', 'дня', 'дней')}"
        if left == 0:
            return head + ": сегодня последний день"
        return head + f": просрочен на {counted(-left, 'день', 'дня', 'дней')}"


def deadline_days(db: Database) -> int:
    row = db.execute("SELECT deadline_days FROM profile WHERE id = 1").fetchone()
    return int(row[0]) if row else DEFAULT_DAYS


def deadline(db: Database, period: Period) -> Deadline:
    row = db.execute("SELECT due FROM deadlines WHERE year = ? AND quarter = ?", [period.year, period.quarter]) \
        .fetchone()
    if row:
        return Deadline(date.fromisoformat(row[0]), True)
    return Deadline(quarter_end(period) + timedelta(days=deadline_days(db)), False)


def set_deadline(db: Database, period: Period, due: date | None) -> None:
    """Set the quarter's own deadline (None: back to the profile's days after the quarter's end)."""
    if due is not None and not quarter_end(period) < due <= quarter_end(period) + timedelta(days=366):
        raise InputRefused(f"Срок представления отчёта за {period.title()} — после окончания квартала "
                           f"({format_date(quarter_end(period))}) и не позже чем через год")
    with atomic(db):
        if due is None:
            db.execute("DELETE FROM deadlines WHERE year = ? AND quarter = ?", [period.year, period.quarter])
        else:
            db.execute("INSERT INTO deadlines (year, quarter, due) VALUES (?, ?, ?) ON CONFLICT (year, quarter) "
                       "DO UPDATE SET due = excluded.due", [period.year, period.quarter, due.isoformat()])


def set_deadline_days(db: Database, days: int) -> None:
    """How many days after a quarter ends its report is due, for every quarter without a date of its own."""
    if not 0 <= days <= 120:
        raise InputRefused("Срок — от 0 до 120 дней после окончания квартала")
    if db.execute("SELECT count(*) FROM profile").fetchone()[0] == 0:
        raise InputRefused("Сначала заполните профиль организации")
    with atomic(db):
        db.execute("UPDATE profile SET deadline_days = ? WHERE id = 1", [days])
