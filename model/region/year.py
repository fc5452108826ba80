"""The year's table from the region's history: P of every municipality by quarter and the year's mean (made by
model/region/history.py, shown by the summary's tables)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class YearRow:
    name: str
    key: str  # OKTMO, or the name in lower case for a book without one
    totals: tuple[float | None, float | None, float | None, float | None]  # P of Q1–Q4, None where not ranked
    mean: float | None  # over the quarters that have P


@dataclass(frozen=True)
class YearTable:
    year: int
    quarters: tuple[int, ...]  # the quarters of the year merged so far
    rows: tuple[YearRow, ...]  # by the year's mean, highest first; those without one last, by name
