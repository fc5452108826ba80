"""The region's package for a year: the methodology file(s), each quarter's deadline and every municipality's
targets with its seal key, written as one JSON file (model/exchange/region_files.py is the format) and recorded in
the region's history, so the next package of the year gets the next version and the same keys."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from model.areas.deadlines import DEFAULT_DAYS, quarter_end
from model.base.paths import safe_file_name
from model.base.period import Period
from model.base.ru import format_date
from model.base.version import program_version
from model.errors import InputRefused, MethodologyError, MethodologyMissing
from model.exchange import region_files
from model.exchange.region_files import Manifest, MethodologyFile, Package, Targets
from model.methodology import registry
from model.methodology.loader import read_text
from model.methodology.types import Methodology
from model.region.expected import Municipality, keep_also
from model.region.history import History

QUARTERS = (1, 2, 3, 4)


def default_deadlines(year: int) -> dict[int, date]:
    """Each quarter's end and DEFAULT_DAYS (10) days: 10.04, 10.07, 10.10 and 10.01 of the next year."""
    return {q: quarter_end(Period(year, q)) + timedelta(days=DEFAULT_DAYS) for q in QUARTERS}


def check_deadlines(year: int, deadlines: dict[int, date]) -> dict[int, date]:
    """The deadlines, each after its quarter's end and within a year of it; InputRefused names the quarter."""
    out = default_deadlines(year)
    for q, day in deadlines.items():
        if q not in QUARTERS:
            raise InputRefused(f"Квартал {q} — такого нет: укажите срок для квартала 1, 2, 3 или 4")
        end = quarter_end(Period(year, q))
        if not end < day <= end + timedelta(days=365):
            raise InputRefused(f"Срок отчёта за {q} квартал {year} года — {format_date(day)}: он должен быть позже "
                               f"конца квартала ({format_date(end)}) и не позже чем через год после него")
        out[q] = day
    return out


def package_methodologies(year: int, files: Sequence[Path] | None = None) -> list[tuple[Methodology, MethodologyFile]]:
    """The methodologies the package carries: the files given (each checked whole and covering the year), else the
    newest methodology the program knows for the year. MethodologyError says what is wrong."""
    out: list[tuple[Methodology, MethodologyFile]] = []
    if files:
        for path in files:
            m = registry.check_file(path)
            if year not in m.years:
                raise MethodologyError(f"Методика {m.describe()} из файла {Path(path).name} — не на {year} год: "
                                       f"укажите файл методики на {year} год")
            out.append((m, MethodologyFile(Path(path).name, read_text(path))))
        return out
    found = registry.for_year(year)
    if not found:
        raise MethodologyMissing(f"Методики на {year} год в программе нет: укажите файл методики на этот год "
                                 "(--methodology ФАЙЛ.toml или «Из файла…»)")
    m = found[0]
    source = m.path or next((e.path for e in registry.entries() if e.methodology.ref() == m.ref()), None)
    if source is None:
        raise MethodologyMissing(f"Файл методики {m.describe()} не найден: укажите файл методики на {year} год")
    return [(m, MethodologyFile(source.name, read_text(source)))]


def make_package(region: str, year: int, targets: list[Targets], history: History,
                 methodology_files: list[Path] | None = None, deadlines: dict[int, date] | None = None,
                 made_at: datetime | None = None) -> Package:
    """The package for the year: each municipality with its key (made the first time, kept after), the next
    version of the region's packages for the year. Nothing is written here (save_package does)."""
    region = " ".join(region.split())
    if not region:
        raise InputRefused("Не указано наименование региона: введите его (оно попадёт в пакет)")
    if len(region) > region_files.MAX_TEXT:
        raise InputRefused(f"Наименование региона длиннее {region_files.MAX_TEXT} знаков")
    if not 2000 <= year <= 2100:
        raise InputRefused(f"Год {year} — укажите год от 2000 до 2100")
    if not targets:
        raise InputRefused("В таблице нет ни одного муниципалитета: заполните таблицу целевых показателей")
    files = package_methodologies(year, methodology_files)
    due = check_deadlines(year, deadlines or {})
    keyed = tuple(replace(t, key=history.key_for(t.oktmo, t.name)) for t in targets)
    manifest = Manifest(region=region, year=year, version=history.next_package_version(region, year),
                        made_at=made_at or datetime.now().replace(microsecond=0), program_version=program_version())
    return Package(manifest, tuple(f for _, f in files), due, keyed)


def package_name(manifest: Manifest) -> str:
    return f"Пакет_{manifest.year}_v{manifest.version}.json"


def split_name(manifest: Manifest, targets: Targets) -> str:
    return f"Пакет_{manifest.year}_v{manifest.version}_{safe_file_name(targets.name, targets.oktmo)}.json"


def package_text(package: Package) -> str:
    return json.dumps(region_files.package_json(package), ensure_ascii=False, indent=1, allow_nan=False)


def save_package(package: Package, out: Path, history: History, split: Path | None = None) -> list[Path]:
    """Write the package (whole or not at all), and with `split` one file per municipality carrying only its own
    targets and key; then record it in the history (version, the JSON), remember the region and keep the
    municipalities on the expected list (added to it, none taken off). The paths written, the package first."""
    written = [region_files.write(out, package)]
    if split is not None:
        split.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for t in package.municipalities:
            name = split_name(package.manifest, t)
            if name.casefold() in used:  # two names that differ only by characters a file name cannot have
                name = f"Пакет_{package.manifest.year}_v{package.manifest.version}_{t.oktmo}.json"
            used.add(name.casefold())
            written.append(region_files.write(split / name, replace(package, municipalities=(t,))))
    m = package.manifest
    history.record_package(m.region, m.year, m.version, m.made_at, package_text(package))
    history.set_region(m.region)
    keep_also([Municipality(t.name, t.oktmo) for t in package.municipalities])
    return written


def describe(package: Package, methodologies: Sequence[Methodology] = ()) -> str:
    """«Пакет региона «Оренбургская область» на 2027 год, версия 2: муниципалитетов 4; методика «…», версия 2027.1
    (2027 год); сроки: 1 кв. — 10.04.2027, …»."""
    m = package.manifest
    which = ", ".join(x.describe() for x in methodologies) or ", ".join(f.file for f in package.methodologies)
    due = ", ".join(f"{q} кв. — {format_date(d)}" for q, d in sorted(package.deadlines.items()))
    return (f"Пакет региона «{m.region}» на {m.year} год, версия {m.version}: муниципалитетов "
            f"{len(package.municipalities)}; методика {which}; сроки: {due}")
