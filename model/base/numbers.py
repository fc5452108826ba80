"""One check for every number that enters the program from outside — a methodology file, a workbook's cell, a JSON
file of inputs, a score a book says it has — and for what arithmetic makes of them: finite, within sane bounds,
refused in Russian otherwise. JSON is read and written here too, so that NaN and infinities never pass either way.
"""

from __future__ import annotations

import json
import math
from typing import Any

from model.base.ru import format_number, parse_number
from model.base.ru import is_whole as is_whole  # the rule for counts, beside the parsing of typed counts
from model.errors import InputRefused, NumberRefused

LIMIT = 1e15  # no figure of a district's report comes near: a magnitude past it is a broken or a hostile file
MAX_JSON = 1024 * 1024  # a JSON file of one quarter's inputs is a few kilobytes
MAX_DEPTH = 20  # objects within objects: inputs nest two deep


def _shown(value: float) -> str:
    """1·10^308, 2,5·10^-7: a number too big or too small for its digits."""
    mantissa, _, exponent = f"{value:.3g}".partition("e")
    return mantissa.replace(".", ",") + (f"·10^{int(exponent)}" if exponent else "")


def _bound(value: float) -> str:
    return format_number(value, 6) if value == 0 or 1e-6 <= abs(value) <= 1e9 else _shown(value)


def shown(value: float) -> str:
    """A number as it was written, in Russian figures, every digit kept: 2,0000001, 1·10^-20 (not «2» nor «0»)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return mantissa.removesuffix(".0").replace(".", ",") + f"·10^{int(exponent)}"
    return text.removesuffix(".0").replace(".", ",")


def _range(low: float, high: float) -> str:
    """«не больше 1 000 000 000», «не меньше 0», «от −10^15 до 10^15»: the finite bounds, in Russian figures."""
    if low == -math.inf:
        return f"не больше {_bound(high)}"
    if high == math.inf:
        return f"не меньше {_bound(low)}"
    return f"от {_bound(low)} до {_bound(high)}"


def finite(value: object, what: str = "", low: float = -LIMIT, high: float = LIMIT) -> float:
    """The value as a float, or NumberRefused: not a number, an infinity, a truth value or outside [low, high]."""
    prefix = f"{what}: " if what else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NumberRefused(f"{prefix}ожидается число")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise NumberRefused(f"{prefix}число слишком велико "
                            f"(допустимо {_range(low, high)})") from None
    if math.isnan(number):
        raise NumberRefused(f"{prefix}ожидается число, а записано «не число»")
    if math.isinf(number):
        raise NumberRefused(f"{prefix}ожидается конечное число, а записана бесконечность")
    if not low <= number <= high:
        raise NumberRefused(f"{prefix}{_shown(number)} — вне допустимых пределов ({_range(low, high)})")
    return number


_NOT_NUMBERS = {"nan": "«не число»", "inf": "бесконечность", "infinity": "бесконечность"}


def parse(text: str) -> float | None:
    """A number typed or written as text (ru.parse_number: «85 199», «4,14»), checked as finite(); the spellings of
    NaN and infinity are told in Russian words, not echoed."""
    word = (text or "").strip().casefold().lstrip("+-")
    if word in _NOT_NUMBERS:
        said = _NOT_NUMBERS[word]
        raise NumberRefused(f"ожидается число, а записана {said}" if said == "бесконечность" else
                            f"ожидается число, а записано {said}")
    value = parse_number(text)
    return None if value is None else finite(value)


def result(value: float, what: str) -> float:
    """A computed figure, refused (NumberRefused) if arithmetic overflowed into an infinity or NaN: no such figure
    is ever shown, stored or written."""
    if not math.isfinite(value):
        raise NumberRefused(f"{what}: результат расчёта вне допустимых пределов — проверьте исходные данные")
    return value


def _no_constant(name: str) -> object:
    said = {"NaN": "«не число»", "Infinity": "бесконечность", "-Infinity": "минус бесконечность"}.get(name, "")
    raise NumberRefused(f"ожидается число, а записана {said}" if "бесконечность" in said else
                        f"ожидается число, а записано {said or 'не число'}")


def _json_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise NumberRefused(f"число {text[:20]} слишком велико")
    return number


def _depth_ok(text: str) -> bool:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def read_json(text: str) -> Any:
    """JSON as Python values, refusing (InputRefused, Russian, with the line and column) what is not JSON, NaN and
    Infinity (which JSON does not have), numbers too big for a float and nesting deeper than MAX_DEPTH."""
    if len(text) > MAX_JSON:
        raise InputRefused(f"файл больше {MAX_JSON // 1024} КБ — это не исходные данные")
    if not _depth_ok(text):
        raise InputRefused(f"слишком глубокая вложенность (больше {MAX_DEPTH} уровней)")
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        raise InputRefused(f"это не JSON: ошибка в строке {exc.lineno}, позиция {exc.colno}") from None
    except RecursionError:
        raise InputRefused(f"слишком глубокая вложенность (больше {MAX_DEPTH} уровней)") from None
    except NumberRefused:
        raise
    except ValueError:  # an integer of more digits than Python converts
        raise InputRefused("число слишком велико") from None
    return data


def write_json(data: Any, indent: int | None = 2) -> str:
    """The program's JSON output: always valid JSON — a NaN or an infinity raises (ValueError) instead of being
    written as the NaN or Infinity JSON does not have."""
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
