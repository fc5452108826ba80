"""A reporting period: a year and a quarter (2018-Q2), its dates and its neighbours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from model.errors import InputRefused

YEAR = 0  # the quarter number of a whole year's value (an indicator's year, a target for the year)
_PERIOD = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read '2018-Q2'."""
        match = _PERIOD.fullmatch(text.strip()[:40])
        shown = text.strip()[:20] + ("…" if len(text.strip()) > 20 else "")
        if not match:
            raise InputRefused(f"период «{shown}» задаётся как ГГГГ-QN, например 2018-Q2")
        if not 2000 <= int(match.group(1)) <= 2100:
            raise InputRefused(f"период «{shown}»: год — от 2000 до 2100")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def title(self) -> str:
        return f"{self.quarter} квартал {self.year} года"

    def months(self) -> range:
        return range(3 * self.quarter - 2, 3 * self.quarter + 1)

    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    def last_day(self) -> date:
        month = 3 * self.quarter
        return date(self.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.first_day() <= day <= self.last_day()

    def check_day(self, day: date, what: str) -> None:
        """Refuse a date outside the quarter being reported, naming the quarter and its dates."""
        if not self.contains(day):
            raise InputRefused(f"{what} {day:%d.%m.%Y} — вне отчётного периода: {self.title()} — это "
                               f"{self.first_day():%d.%m.%Y}–{self.last_day():%d.%m.%Y}")

    def previous(self) -> Period:
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)


def last_ended(today: date) -> Period:
    """The quarter that ended most recently: the one whose report is due in the first weeks of this one."""
    return Period.containing(today).previous()
