"""The region's table of targets per municipality: a workbook's first sheet, or a block pasted from Excel.

A header row (among the first 20 rows) names the columns; one municipality a row under it. The headers recognized
(case does not matter, runs of spaces count as one, «ё» reads as «е»; README «The package» lists them):
- the name: «Наименование», «Наименование ОМСУ», «Муниципальное образование», «Муниципалитет», «name»;
- the OKTMO code: «ОКТМО», «Код ОКТМО», «oktmo» (when there is none, the code comes from the expected list kept
  by the region window, by name);
- T, the ESIA target by the end of the year: a header beginning «Целевой показатель на конец», or «T»;
- R0, registered by the end of last year: «Зарегистрировано на конец прошлого года», «R0», or «… регистраций за
  2016 год» (seed 004);
- N, the population: a header beginning «Численность населения», or «N»;
- a plan value the region sets for a quarter: «1.3 C, 1 квартал» or «1.3 C 1 кв.» (the item's number, the input's
  key or label, the quarter);
- an indicator's plan: «Показатель 2, план на год», «Показатель 2, план, 1 квартал»;
- the planned share of electronic requests to municipal services: «Доля МСЗУ, 1 квартал» (%, 0–100).
Every other column is ignored (seed 004's table 2 has the year's plan, percentages, totals beside them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.base.period import YEAR
from model.base.ru import control_char, control_problem, format_count, parse_number
from model.errors import ImportRefused, InputRefused
from model.exchange.region_files import (
    MAX_COUNT,
    MAX_MUNICIPALITIES,
    MAX_TEXT,
    MAX_VALUE,
    IndicatorPlan,
    PlanTarget,
    Targets,
)
from model.exchange.sheet import read_sheets
from model.methodology.types import InputField, Item, Methodology
from model.region.expected import NAME_HEADERS, OKTMO_HEADERS, clean_oktmo, load_kept

HEADER_ROWS = 20  # the header is looked for among the first rows, as for the expected list
MAX_SHOWN = 50  # problems listed in one refusal; the rest are counted
_QUARTER = r"(?:,\s*|\s+)([1-4])\s*(?:-?й\s*)?(?:квартал|кв\.?)"
_PLAN = re.compile(r"(\d+(?:\.\d+)*)\.?\s+(.+?)" + _QUARTER)
_INDICATOR = re.compile(r"показатель\s+(?:№\s*)?(\d+(?:\.\d+)*)\.?,?\s*план(?:\s+на\s+год|" + _QUARTER + ")")
_SHARE = re.compile(r"доля\s+мсзу" + _QUARTER)
_R0_YEAR = re.compile(r"(?:^|\s)регистраций за \d{4} год")
R0_HEADERS = ("зарегистрировано на конец прошлого года", "r0")


def fold(text: object) -> str:
    """A header as compared: lower case, one space between words, «е» for «ё»."""
    return " ".join(str(text or "").split()).casefold().replace("ё", "е")


@dataclass(frozen=True)
class Column:
    """What a recognized column holds."""

    index: int
    header: str  # as the table has it, for messages
    kind: str  # name, oktmo, target_end, registered_start, population, plan, indicator, share
    quarter: int = YEAR
    item: str = ""
    field: str = ""
    number: str = ""


def _find_input(item: Item, text: str) -> InputField | None:
    wanted = fold(text)
    for f in item.inputs:
        if fold(f.key) == wanted or fold(f.label) == wanted or (f.short and fold(f.short) == wanted):
            return f
    return None


def _plan_column(index: int, header: str, match: re.Match, methodologies: Sequence[Methodology],
                 problems: list[str]) -> Column | None:
    number, field_text, quarter = match.group(1), match.group(2), int(match.group(3))
    items = [m.item(number) for m in methodologies if any(i.number == number for i in m.items())]
    if not items:
        names = ", ".join(m.describe() for m in methodologies) or "методики на этот год нет"
        problems.append(f"столбец «{header}»: в методике ({names}) нет пункта {number} — исправьте заголовок")
        return None
    for item in items:
        found = _find_input(item, field_text)
        if found is not None:
            return Column(index, header, "plan", quarter, item.number, found.key)
    offered = "; ".join(f"«{f.label}»" for f in items[0].inputs)
    problems.append(f"столбец «{header}»: в пункте {number} методики нет показателя «{field_text.strip()}» — "
                    f"укажите один из показателей пункта: {offered}")
    return None


def _column(index: int, header: str, methodologies: Sequence[Methodology], problems: list[str]) -> Column | None:
    h = fold(header)
    if not h:
        return None
    if h in NAME_HEADERS:
        return Column(index, header, "name")
    if h in OKTMO_HEADERS:
        return Column(index, header, "oktmo")
    if h.startswith("целевой показатель на конец") or h == "t":
        return Column(index, header, "target_end")
    if h in R0_HEADERS or _R0_YEAR.search(h) and h.endswith(" год"):
        return Column(index, header, "registered_start")
    if h.startswith("численность населения") or h == "n":
        return Column(index, header, "population")
    if (m := _SHARE.fullmatch(h)) is not None:
        return Column(index, header, "share", int(m.group(1)))
    if (m := _INDICATOR.fullmatch(h)) is not None:
        return Column(index, header, "indicator", int(m.group(2)) if m.group(2) else YEAR, number=m.group(1))
    if (m := _PLAN.fullmatch(h)) is not None:
        return _plan_column(index, header, m, methodologies, problems)
    return None


def find_header(rows: Sequence[Sequence], source: str,
                methodologies: Sequence[Methodology]) -> tuple[int, list[Column]] | None:
    """The header row (its index among rows, its recognized columns), None when there is none among the first
    rows; ImportRefused when it names what the methodology lacks or one column twice."""
    for n, row in enumerate(rows[:HEADER_ROWS]):
        problems: list[str] = []
        columns = [c for i, cell in enumerate(row) if (c := _column(i, str(cell or "").strip(), methodologies,
                                                                     problems)) is not None]
        kinds = [c.kind for c in columns]
        if "name" in kinds and (problems or len(set(kinds) - {"name", "oktmo"}) > 0):
            if problems:
                raise _refused(source, [f"строка {n + 1}, {p}" for p in problems], 0)
            seen: dict[tuple, Column] = {}
            for c in columns:
                key = (c.kind, c.quarter, c.item, c.field, c.number)
                if key in seen:
                    raise _refused(source, [f"строка {n + 1}: столбцы «{seen[key].header}» и «{c.header}» задают "
                                            "одно и то же — оставьте один"], 0)
                seen[key] = c
            return n, columns
    return None


def _header(rows: Sequence[Sequence], source: str, methodologies: Sequence[Methodology]) -> tuple[int, list[Column]]:
    found = find_header(rows, source, methodologies)
    if found is not None:
        return found
    raise ImportRefused(f"{source}: среди первых {HEADER_ROWS} строк нет строки заголовка со столбцом «Наименование» "
                        "(или «Наименование ОМСУ») и хотя бы одним целевым показателем («Целевой показатель на конец "
                        "года», «Зарегистрировано на конец прошлого года», «Численность населения», «1.3 C, 1 "
                        "квартал», «Показатель 1, план на год», «Доля МСЗУ, 1 квартал»)")


def _refused(source: str, problems: list[str], rows: int) -> ImportRefused:
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    head = f"{source}: целевые показатели не приняты — " + (
        "ошибка" if len(problems) == 1 else f"ошибок: {format_count(len(problems))}") + \
        ". Исправьте таблицу и загрузите её снова"
    tail = [f"…и ещё {format_count(more)}"] if more else []
    exc = ImportRefused("\n".join([head, *shown, *tail]))
    exc.problems = tuple(shown + tail)  # type: ignore[attr-defined]
    return exc


def _value(cell: object, low: float, high: float, whole: bool, percent: bool = False) -> float | None:
    """A cell's number (None when empty); InputRefused with the reason in Russian."""
    if isinstance(cell, bool):
        raise InputRefused("ожидается число, а в ячейке логическое значение")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = str(cell or "").strip()
        if percent and text.endswith("%"):
            text = text[:-1]
        if len(text) > 40:
            raise InputRefused(f"«{text[:40]}…» — не число")
        value_or_none = parse_number(text)
        if value_or_none is None:
            return None
        value = value_or_none
    if value != value or not low <= value <= high:
        raise InputRefused(f"число {value:g} вне допустимых пределов (от {low:g} до {high:g})")
    if whole and not value.is_integer():
        raise InputRefused(f"«{cell}» — нужно целое число")
    return value


_LIMITS = {"target_end": (0, MAX_COUNT, False), "registered_start": (0, MAX_COUNT, True),
           "population": (0, MAX_COUNT, True), "plan": (0, MAX_COUNT, False),
           "indicator": (-MAX_VALUE, MAX_VALUE, False), "share": (0, 100, False)}


def parse_targets(rows: Sequence[Sequence], source: str, methodologies: Sequence[Methodology]) -> list[Targets]:
    """The municipalities' targets from a table's rows (a header row, then one municipality a row): every problem
    at once in one ImportRefused («строка N, столбец «…»: …»), or the whole list. Targets carry no key."""
    table = [list(r) for r in rows]
    header_at, columns = _header(table, source, methodologies)
    name_col = next(c for c in columns if c.kind == "name")
    oktmo_col = next((c for c in columns if c.kind == "oktmo"), None)
    values = [c for c in columns if c.kind not in ("name", "oktmo")]
    kept: dict[str, str] | None = None
    problems: list[str] = []
    found: list[tuple[int, Targets]] = []
    seen: dict[str, int] = {}
    names: dict[str, int] = {}
    for n, row in enumerate(table[header_at + 1:], start=header_at + 2):
        cells = row + [""] * (len(table[header_at]) + 1 - len(row))
        if all(str(c).strip() == "" for c in cells if c is not None):
            continue
        if len(found) + 1 > MAX_MUNICIPALITIES:
            raise _refused(source, [f"строка {n}: в таблице больше {format_count(MAX_MUNICIPALITIES)} "
                                    "муниципалитетов — это не таблица одного региона"], n)
        where = f"строка {n}"
        name = " ".join(str(cells[name_col.index] or "").split())
        if not name:
            problems.append(f"{where}, столбец «{name_col.header}»: не указано наименование муниципалитета")
            continue
        bad = control_char(name)
        if len(name) > MAX_TEXT or bad is not None:
            why = control_problem(bad, name) if bad is not None else f"наименование длиннее {MAX_TEXT} знаков"
            problems.append(f"{where}, столбец «{name_col.header}»: {why}")
            continue
        if name.casefold() in names:
            problems.append(f"{where}: «{name}» уже есть в строке {names[name.casefold()]}")
            continue
        names[name.casefold()] = n
        oktmo = clean_oktmo(cells[oktmo_col.index]) if oktmo_col is not None else ""
        if oktmo and not (oktmo.isascii() and oktmo.isdigit() and len(oktmo) in (8, 11)):
            problems.append(f"{where}, столбец «{oktmo_col.header if oktmo_col else 'ОКТМО'}»: код ОКТМО "
                            f"«{oktmo[:20]}» — ожидается 8 или 11 цифр")
            continue
        if not oktmo:
            if kept is None:
                kept = {m.name.strip().casefold(): m.oktmo for m in load_kept() if m.oktmo}
            oktmo = kept.get(name.casefold(), "")
        if not oktmo:
            problems.append(f"{where}: у «{name}» нет кода ОКТМО — добавьте столбец «ОКТМО» или внесите "
                            "муниципалитет в список ожидаемых")
            continue
        if oktmo in seen:
            problems.append(f"{where}: код ОКТМО {oktmo} уже есть в строке {seen[oktmo]}")
            continue
        seen[oktmo] = n
        esia: dict[str, float | None] = {}
        plan: list[PlanTarget] = []
        indicators: list[IndicatorPlan] = []
        shares: dict[int, float] = {}
        for c in values:
            low, high, whole = _LIMITS[c.kind]
            try:
                value = _value(cells[c.index] if c.index < len(cells) else "", low, high, whole, c.kind == "share")
            except InputRefused as exc:
                problems.append(f"{where}, столбец «{c.header}»: {exc}")
                continue
            if value is None:
                continue
            if c.kind in ("target_end", "registered_start", "population"):
                esia[c.kind] = value
            elif c.kind == "plan":
                plan.append(PlanTarget(c.quarter, c.item, c.field, value))
            elif c.kind == "indicator":
                indicators.append(IndicatorPlan(c.number, c.quarter, value))
            else:
                shares[c.quarter] = value
        r0, t, population = esia.get("registered_start"), esia.get("target_end"), esia.get("population")
        found.append((n, Targets(name=name, oktmo=oktmo, registered_start=None if r0 is None else int(r0),
                                 target_end=t, population=None if population is None else int(population),
                                 plan=tuple(plan), indicators=tuple(indicators), services_share=shares)))
    if problems:
        raise _refused(source, problems, 0)
    if not found:
        raise ImportRefused(f"{source}: под заголовком нет ни одного муниципалитета — добавьте строки с "
                            "наименованиями и показателями")
    return [t for _, t in found]


def read_targets(path: Path | str, methodologies: Sequence[Methodology]) -> list[Targets]:
    """The targets on the first sheet of a workbook (.xlsx, .xls, .ods), the file bounded before it is read."""
    path = Path(path)
    sheets = read_sheets(path, other_formats=True)
    if not sheets:
        raise ImportRefused(f"В книге {path.name} нет ни одного листа — откройте её в Excel и сохраните заново")
    return parse_targets(next(iter(sheets.values())), f"Книга {path.name}", methodologies)


def field_words(methodologies: Sequence[Methodology], item: str, key: str) -> str:
    """How a plan target is named to a person: «1.3, Граждане, учётные записи которых необходимо подтвердить (C)»."""
    for m in methodologies:
        for i in m.items():
            if i.number == item:
                return f"пункт {item}, «{i.label(key)}»"
    return f"пункт {item}, показатель {key}"
