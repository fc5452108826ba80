"""Synthetic municipalities' workbooks, written through the program's own export, for tests and benchmarks.

    python tests/region_books.py OUT_DIR COUNT [--period 2018-Q2] [--seed 1]

writes COUNT workbooks into OUT_DIR/книги and the list of the municipalities into OUT_DIR/expected.xlsx.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.esia import EsiaPlan  # noqa: E402
from model.indicators import Indicator, Value  # noqa: E402
from model.methodology import Methodology, shipped_2018  # noqa: E402
from model.period_data import PeriodData  # noqa: E402
from model.periods import Period  # noqa: E402
from model.profile import Profile  # noqa: E402
from model.xlsx_report import write_xlsx  # noqa: E402

LEVELS = {"2.2": [0, 0.5, 1], "2.4": [0, 0.5], "2.5": [0, 0.5, 1], "2.6": [0, 0.5, 1], "2.7": [0, 0.5],
          "2.8": [0, 1], "3.1": [0, 1], "3.2": [0, 0.5, 1], "3.3": [0, 1]}


@dataclass
class Book:
    """What a synthetic district reported: enough for a test to compute its scores on its own."""

    name: str
    oktmo: str
    inputs: dict[str, dict[str, float]]
    esia: EsiaPlan
    path: Path | None = None


def district_inputs(rng: random.Random) -> dict[str, dict[str, float]]:
    b1, b2, b21 = rng.randint(20, 80), rng.randint(50, 400), rng.randint(100, 900)
    inputs: dict[str, dict[str, float]] = {
        "1.1": {"A1": rng.randint(0, b1), "B1": b1, "A2": rng.randint(0, b2), "B2": b2},
        "1.2": {f"req{k}": rng.randint(0, 1) for k in range(1, 5)},
        "1.3": {"A": rng.randint(0, 3000), "C": rng.randint(500, 2000)},
        "2.1": {"A": rng.randint(0, b21), "B": b21},
        "2.3": {"n": rng.choice([0, 0.25, 0.5]), "m": rng.choice([0, 0.25, 0.5])},
    }
    for number, options in LEVELS.items():
        inputs[number] = {"n": rng.choice(options)}
    return inputs


def district_esia(rng: random.Random, year: int) -> EsiaPlan:
    population = rng.randint(10_000, 120_000)
    start = rng.randint(population // 20, population // 8)
    target = start + rng.randint(1_000, 8_000)
    months = {m: rng.randint(50, 900) for m in range(1, 7)}
    return EsiaPlan(year, registered_start=start, target_end=float(target), population=population,
                    total_registered=start + sum(months.values()), total_as_of=date(year, 7, 1), months=months)


def period_data(book: Book, period: Period, methodology: Methodology, exported_at: datetime) -> PeriodData:
    indicators = [Indicator(1, "Доля граждан, использующих механизм получения услуг в электронной форме", "1"),
                  Indicator(2, "Доля отказов в предоставлении услуг", "2", direction="down")]
    values = {1: Value(70, 60 + len(book.name) % 20), 2: Value(5, 4 + len(book.name) % 3)}
    return PeriodData(period=period, methodology=methodology,
                      profile=Profile(district=book.name, oktmo=book.oktmo, head_name="И. И. Иванов"),
                      esia_plan=book.esia, inputs=book.inputs, indicators=indicators,
                      indicator_values={(period.year, 0): values}, generated_at=exported_at)


Q2_2018 = Period(2018, 2)


def make_books(folder: Path, count: int, period: Period = Q2_2018, seed: int = 1,
               methodology: Methodology | None = None) -> list[Book]:
    """Write `count` districts' workbooks into folder; returns what each reported."""
    rng = random.Random(seed)
    methodology = methodology or shipped_2018()
    folder.mkdir(parents=True, exist_ok=True)
    books = []
    for n in range(1, count + 1):
        book = Book(f"Муниципальный район № {n}", f"{53600000 + n * 1000}", district_inputs(rng),
                    district_esia(rng, period.year))
        exported = datetime(period.last_day().year, period.last_day().month, 28, 9, 0) if period.quarter < 4 \
            else datetime(period.year, 12, 28, 9, 0)
        book.path = write_xlsx(period_data(book, period, methodology, exported), folder / f"район_{n:03d}.xlsx")
        books.append(book)
    return books


def write_expected(path: Path, books: list[Book], extra: list[tuple[str, str]] = ()) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ОКТМО"])
    for book in books:
        ws.append([book.name, book.oktmo])
    for name, oktmo in extra:
        ws.append([name, oktmo])
    wb.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Книги синтетических районов для проверок и замеров")
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--period", default="2018-Q2")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    books = make_books(args.out / "книги", args.count, Period.parse(args.period), args.seed)
    write_expected(args.out / "expected.xlsx", books)
    print(f"{len(books)} книг в {args.out / 'книги'}, список — {args.out / 'expected.xlsx'}")


if __name__ == "__main__":
    main()
