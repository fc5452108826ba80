"""The region's calculator: scores from a JSON file of inputs, with no database."""

from __future__ import annotations

import json
from pathlib import Path

from model.methodology import Methodology
from model.ru import InputRefused, parse_number
from model.scoring import PlanInputs, check_item_inputs


def read_inputs_file(path: Path | str, methodology: Methodology) -> PlanInputs:
    """Inputs by item and field key from a JSON file; refuses (InputRefused) what breaks a rule."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputRefused(f"{path}: файл не читается: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputRefused(f"{path}: это не JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputRefused(f"{path}: ожидается объект {{\"1.1\": {{\"A1\": 45, …}}, …}}")
    known = {item.number: item for item in methodology.items()}
    out: dict[str, dict[str, float]] = {}
    for number, fields in data.items():
        if number not in known:
            raise InputRefused(f"пункт {number}: в методике нет такого пункта")
        if not isinstance(fields, dict):
            raise InputRefused(f"пункт {number}: ожидается объект полей, например {{\"A\": 10, \"B\": 20}}")
        values: dict[str, float] = {}
        for key, raw in fields.items():
            if raw is None:
                continue
            try:
                value = _number(raw)
            except InputRefused as exc:
                raise InputRefused(f"пункт {number}, поле {key}: {exc}") from None
            if value is not None:
                values[key] = value
        problems = check_item_inputs(known[number], values)
        if problems:
            raise InputRefused(str(problems[0]))
        out[number] = values
    return out


def _number(raw: object) -> float | None:
    if isinstance(raw, bool):
        raise InputRefused("ожидается число, а не true/false")
    if isinstance(raw, int | float):
        return _finite(float(raw))
    if isinstance(raw, str):
        return parse_number(raw)
    raise InputRefused("ожидается число")


def _finite(value: float) -> float:
    if value != value or value in (float("inf"), float("-inf")):
        raise InputRefused("ожидается конечное число")
    return value
