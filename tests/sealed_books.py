"""Districts' books for the region's history and answers tests: written through the program's own export, sealed
with a district's key where one is given, and a sealed book broken as a clerk would break it in Excel."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from region_books import Book, district_esia, district_inputs, period_data

from model.base.period import Period
from model.methodology import shipped_2018
from model.reports.xlsx_report import write_xlsx


def district(n: int, period: Period, seed: int) -> Book:
    """Municipality n's report of a quarter: the same name and OKTMO every quarter, the figures by seed."""
    rng = random.Random(seed * 1000 + n)
    return Book(f"Муниципальный район № {n}", f"{53600000 + n * 1000}", district_inputs(rng),
                district_esia(rng, period.year))


def write_book(folder: Path, book: Book, period: Period, key: str | None = None, name: str | None = None) -> Path:
    """The book of one quarter exported into folder, sealed with `key` when given."""
    folder.mkdir(parents=True, exist_ok=True)
    data = period_data(book, period, shipped_2018(), datetime(period.year, 3 * period.quarter, 28, 9, 0))
    data.seal_key = key
    book.path = write_xlsx(data, folder / (name or f"район_{book.oktmo}.xlsx"))
    return book.path


def write_quarter(folder: Path, period: Period, count: int, seed: int,
                  keys: dict[str, str] | None = None) -> list[Book]:
    books = []
    for n in range(1, count + 1):
        book = district(n, period, seed)
        write_book(folder, book, period, (keys or {}).get(book.oktmo))
        books.append(book)
    return books


def break_book(path: Path) -> None:
    """Change one input of the data sheet, as a clerk would in Excel after the export: the population, which no
    score written in the book depends on — only the seal can tell."""
    wb = load_workbook(path)
    ws = wb["data"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "esia" and row[2].value == "population":
            row[4].value = int(row[4].value) + 1
            break
    else:
        raise AssertionError("no population in the book")
    wb.save(path)
