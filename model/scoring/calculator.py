"""The region's calculator: a JSON file of inputs read and checked, with no database (main.py `scores` scores
them with model.scoring.score_plan)."""

from __future__ import annotations

from pathlib import Path

from model.base import numbers
from model.base.faults import os_reason
from model.errors import InputRefused
from model.methodology import Methodology
from model.scoring.score import PlanInputs, check_item_inputs


def read_inputs_file(path: Path | str, methodology: Methodology) -> PlanInputs:
    """Inputs by item and field key from a JSON file; refuses (InputRefused, naming the file) what is not JSON, a
    number that is not finite or out of bounds, and what breaks a rule."""
    name = Path(path).name
    try:
        if Path(path).stat().st_size > numbers.MAX_JSON:
            raise InputRefused(f"{path}: файл больше {numbers.MAX_JSON // 1024} КБ — это не исходные данные")
        data = numbers.read_json(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise InputRefused(f"{path}: файл не читается: {os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise InputRefused(f"{path}: файл не в кодировке UTF-8 — сохраните его в UTF-8") from None
    except InputRefused as exc:
        raise InputRefused(f"{name}: {exc}" if not str(exc).startswith(str(path)) else str(exc)) from None
    if not isinstance(data, dict):
        raise InputRefused(f"{name}: ожидается объект {{\"1.1\": {{\"A1\": 45, …}}, …}}")
    known = {item.number: item for item in methodology.items()}
    out: dict[str, dict[str, float]] = {}
    for number, fields in data.items():
        if number not in known:
            raise InputRefused(f"{name}: пункт {number[:20]}: в методике нет такого пункта")
        if not isinstance(fields, dict):
            raise InputRefused(f"{name}: пункт {number}: ожидается объект полей, например {{\"A\": 10, \"B\": 20}}")
        values: dict[str, float] = {}
        for key, raw in fields.items():
            if raw is None:
                continue
            try:
                value = _number(raw)
            except InputRefused as exc:
                raise InputRefused(f"{name}: пункт {number}, поле {key[:20]}: {exc}") from None
            if value is not None:
                values[key] = value
        problems = check_item_inputs(known[number], values)
        if problems:
            raise InputRefused(f"{name}: {problems[0]}")
        out[number] = values
    return out


def _number(raw: object) -> float | None:
    if isinstance(raw, bool):
        raise InputRefused("ожидается число, а не true/false")
    if isinstance(raw, str):
        return numbers.parse(raw)
    return numbers.finite(raw)
