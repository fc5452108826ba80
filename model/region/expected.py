"""The municipalities the region expects a report from: read from a workbook, kept between sessions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from model.base.files import write_bytes_atomically
from model.base.paths import data_dir
from model.base.ru import control_char, control_problem, format_count
from model.errors import ImportRefused
from model.exchange.sheet import read_sheet

NAME_HEADERS = ("name", "наименование", "наименование омсу", "муниципальное образование", "муниципалитет")
OKTMO_HEADERS = ("oktmo", "октмо", "код октмо")
MAX_EXPECTED = 5_000  # a region has 10–100 municipalities, the whole country about 2 300 districts and okrugs


@dataclass(frozen=True, order=True)
class Municipality:
    name: str
    oktmo: str

    def key(self) -> str:
        """How reports are matched to it: by OKTMO, or by name where the code is missing."""
        return self.oktmo or self.name.casefold()


def clean_oktmo(value: object) -> str:
    """An OKTMO code as digits, whether the sheet holds it as text or as a number (76618000.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def read_expected(path: Path | str) -> list[Municipality]:
    """The first sheet's rows under a header with a name column and an OKTMO column."""
    path = Path(path)
    rows = read_sheet(path, None)
    for header_row, row in enumerate(rows[:20]):  # noqa: B007 (the header row found is used below)
        heads = [str(c or "").strip().casefold() for c in row]
        name_col = next((i for i, h in enumerate(heads) if h in NAME_HEADERS), None)
        oktmo_col = next((i for i, h in enumerate(heads) if h in OKTMO_HEADERS), None)
        if name_col is not None and oktmo_col is not None:
            break
    else:
        raise ImportRefused(f"В книге {path.name} на первом листе нет строки заголовка со столбцами «Наименование» "
                            "(или name) и «ОКТМО» (или oktmo)")
    out: list[Municipality] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        cells = list(row) + [""] * (max(name_col, oktmo_col) + 1 - len(row))
        name, oktmo = str(cells[name_col] or "").strip(), clean_oktmo(cells[oktmo_col])
        if not name and not oktmo:
            continue
        if oktmo and not (oktmo.isdigit() and len(oktmo) in (8, 11)):
            raise ImportRefused(f"Книга {path.name}, строка {n}: код ОКТМО «{oktmo[:20]}» — ожидается 8 или 11 цифр")
        if not name:
            raise ImportRefused(f"Книга {path.name}, строка {n}: не указано наименование для ОКТМО {oktmo}")
        if (hidden := control_char(name)) is not None:  # a direction mark would disguise a name in the ranking
            raise ImportRefused(f"Книга {path.name}, строка {n}: наименование: {control_problem(hidden, name)}")
        municipality = Municipality(name, oktmo)
        if municipality.key() in seen:
            raise ImportRefused(f"Книга {path.name}, строка {n}: «{name}» ({oktmo or 'без ОКТМО'}) уже есть в "
                                f"строке {seen[municipality.key()]}")
        seen[municipality.key()] = n
        if len(out) == MAX_EXPECTED:
            raise ImportRefused(f"В книге {path.name} больше {format_count(MAX_EXPECTED)} муниципалитетов — это не "
                                "список муниципалитетов одного региона. Выберите книгу со списком своего региона")
        out.append(municipality)
    if not out:
        raise ImportRefused(f"В книге {path.name} под заголовком нет ни одного муниципалитета")
    return out


def _kept() -> Path:
    return data_dir() / "region" / "expected.json"


def load_kept() -> list[Municipality]:
    """The list entered last time (empty if none)."""
    try:
        data = json.loads(_kept().read_text(encoding="utf-8"))
        return [Municipality(str(m["name"]), str(m["oktmo"])) for m in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def keep(municipalities: list[Municipality]) -> None:
    """Remember the list for the next summary."""
    path = _kept()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [{"name": m.name, "oktmo": m.oktmo} for m in municipalities]
    write_bytes_atomically(path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8"))


def keep_also(municipalities: list[Municipality]) -> list[Municipality]:
    """Add municipalities to the kept list, none taken off: a package for a few of them leaves the others expected.
    One already there (the same OKTMO, or the same name) takes the new name and code. The list as kept."""
    kept = load_kept()
    for m in municipalities:
        same = [i for i, k in enumerate(kept) if (m.oktmo and k.oktmo == m.oktmo)
                or k.name.casefold() == m.name.casefold()]
        if same:
            kept[same[0]] = m
        else:
            kept.append(m)
    keep(kept)
    return kept
