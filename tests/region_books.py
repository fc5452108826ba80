"""Synthetic municipalities' workbooks, written through the program's own export, for tests and benchmarks.

    python tests/region_books.py OUT_DIR COUNT [--period 2018-Q2] [--seed 1] [--realistic]

writes COUNT workbooks into OUT_DIR/книги and the list of the municipalities into OUT_DIR/expected.xlsx.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from model.areas.esia import EsiaPlan  # noqa: E402
from model.areas.indicators import Indicator, Value  # noqa: E402
from model.areas.profile import Profile  # noqa: E402
from model.base.period import Period  # noqa: E402
from model.methodology import Methodology, shipped_2018  # noqa: E402
from model.quarter.quarter import Quarter  # noqa: E402
from model.reports.xlsx_report import write_xlsx  # noqa: E402

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


def period_data(book: Book, period: Period, methodology: Methodology, exported_at: datetime,
                realistic: bool = False) -> Quarter:
    indicators = [Indicator(1, "Доля граждан, использующих механизм получения услуг в электронной форме", "1"),
                  Indicator(2, "Доля отказов в предоставлении услуг", "2", direction="down")]
    values = {1: Value(70, 60 + len(book.name) % 20), 2: Value(5, 4 + len(book.name) % 3)}
    extra: dict = {}
    if realistic:
        indicators, values = starter_indicators(len(book.name))
        extra = realistic_services(period, len(book.name))
    return Quarter(period=period, methodology=methodology,
                      profile=Profile(district=book.name, oktmo=book.oktmo, head_name="И. И. Иванов"),
                      esia_plan=book.esia, inputs=book.inputs, indicators=indicators,
                      indicator_values={(period.year, 0): values}, generated_at=exported_at, **extra)


# the long names of a real region: «Муниципальное образование …» with the type and the centre spelled out
PLACES = ["Калганский", "Нерчинско-Заводский", "Александрово-Заводский", "Краснокаменский", "Могочинский",
          "Петровск-Забайкальский", "Шелопугинский", "Сретенский", "Тунгиро-Олёкминский", "Карымский"]


def long_name(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    if n % 3 == 0:
        return f"Городской округ «Город {place[:-2]}» с подведомственными территориями № {n}"
    return f"Муниципальное образование «Муниципальный район «{place} район»» № {n}"


def starter_indicators(seed: int) -> tuple[list[Indicator], dict[int, Value]]:
    """The shipped set «Цифровое государственное управление» (the longest names there are) and two of the
    district's own."""
    from model.areas.indicators import _starter

    raws = _starter()["indicator"]
    indicators = [Indicator(n, raw["name"], raw["number"], direction=raw.get("direction", "up"))
                  for n, raw in enumerate(raws, start=1)]
    indicators += [Indicator(len(raws) + 1, "Количество муниципальных услуг, переведённых в электронный вид", "6",
                             unit="ед."),
                   Indicator(len(raws) + 2, "Среднее время ожидания в очереди при обращении заявителя", "7",
                             unit="мин.", direction="down")]
    values = {i.id: Value(40 + 7 * k, 30 + (seed * (k + 3)) % 40) for k, i in enumerate(indicators)}
    return indicators, values  # type: ignore[return-value]


def realistic_services(period: Period, seed: int) -> dict:
    from model.areas.public_services import Requests, Service

    services = [Service(1, "Выдача разрешения на строительство объекта капитального строительства", planned=(2018, 1),
                        available_on=date(2018, 3, 1), department="Отдел архитектуры и градостроительства"),
                Service(2, "Предоставление земельного участка в аренду без проведения торгов", planned=(2018, 2),
                        department="Комитет по управлению муниципальным имуществом"),
                Service(3, "Выдача архивных справок, выписок и копий архивных документов", level="государственная",
                        mass=False, department="Архивный отдел", available_on=date(2018, 2, 1))]
    requests = {period.quarter: {1: Requests(20 + seed % 30, seed % 17), 2: Requests(15, 2)}}
    return {"services": services, "service_requests": requests, "service_plan": {period.quarter: 30.0}}


Q2_2018 = Period(2018, 2)


def make_books(folder: Path, count: int, period: Period = Q2_2018, seed: int = 1,
               methodology: Methodology | None = None, realistic: bool = False) -> list[Book]:
    """Write `count` districts' workbooks into folder; returns what each reported. `realistic`: the long names of
    a real region, the shipped indicators (long names too) and a register of services."""
    rng = random.Random(seed)
    methodology = methodology or shipped_2018()
    folder.mkdir(parents=True, exist_ok=True)
    books = []
    for n in range(1, count + 1):
        book = Book(long_name(n) if realistic else f"Муниципальный район № {n}", f"{53600000 + n * 1000}",
                    district_inputs(rng),
                    district_esia(rng, period.year))
        exported = datetime(period.last_day().year, period.last_day().month, 28, 9, 0) if period.quarter < 4 \
            else datetime(period.year, 12, 28, 9, 0)
        book.path = write_xlsx(period_data(book, period, methodology, exported, realistic),
                               folder / f"район_{n:03d}.xlsx")
        books.append(book)
    return books


def full_quarter(period: Period = Q2_2018) -> Quarter:
    """The full-quarter fixture (tests/conftest.py fill_quarter: twelve centers, ten indicators, 32 points) read back
    the way the export reads it (make_full_books adds a register of services)."""
    import tempfile

    from conftest import fill_quarter

    from model.areas.periods import choose_methodology
    from model.quarter.data import load_period
    from model.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "full.sqlite")
        try:
            fill_quarter(db, period)
            choose_methodology(db, period, shipped_2018())
            return load_period(db, period, history=True)
        finally:
            db.conn.close()


def _full_book(job: tuple[Quarter, Path, int, int]) -> Book:
    quarter, folder, n, seed = job
    rng = random.Random(seed * 100_003 + n)
    book = Book(long_name(n), f"{53600000 + n * 1000}", district_inputs(rng), quarter.esia_plan)
    data = replace(quarter, profile=replace(quarter.profile, district=book.name, oktmo=book.oktmo),
                   inputs=book.inputs, **realistic_services(quarter.period, n))
    book.path = write_xlsx(data, folder / f"район_{n:04d}.xlsx")
    return book


def make_full_books(folder: Path, count: int, period: Period = Q2_2018, seed: int = 1,
                    processes: int = 1) -> list[Book]:
    """`count` books as heavy as a district's real one (every area filled, about 780 rows of the data sheet,
    ~46 KB): the full quarter under each district's long name, OKTMO and own plan figures. Each book depends on
    its number and the seed alone, so books made by several processes are the same as one process's."""
    folder.mkdir(parents=True, exist_ok=True)
    quarter = full_quarter(period)
    jobs = [(quarter, folder, n, seed) for n in range(1, count + 1)]
    if processes <= 1:
        return [_full_book(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(_full_book, jobs, chunksize=16))


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
    parser.add_argument("--realistic", action="store_true",
                        help="длинные наименования, показатели стартового набора, перечень услуг")
    args = parser.parse_args()
    books = make_books(args.out / "книги", args.count, Period.parse(args.period), args.seed,
                       realistic=args.realistic)
    write_expected(args.out / "expected.xlsx", books)
    print(f"{len(books)} книг в {args.out / 'книги'}, список — {args.out / 'expected.xlsx'}")


if __name__ == "__main__":
    main()
