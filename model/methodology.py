"""A methodology is data: a TOML file of sections, items, inputs and scoring rules, checked on load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.resources import resource_path

RULES = ("ratios", "flags", "levels")
INPUT_KINDS = ("count", "flag", "level")
DERIVATIONS = ("centers",)
DEFAULT_METHODOLOGY = "popularization-2018.toml"
MAX_FILE = 1024 * 1024


class MethodologyError(ValueError):
    """A methodology file that cannot be used; the message names the file and the key at fault."""


@dataclass(frozen=True)
class Option:
    value: float
    text: str


@dataclass(frozen=True)
class InputField:
    key: str
    kind: str
    label: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    suggest: str = ""  # "esia_quarter": the quarter's registrations from the ESIA plan are offered

    def option_values(self) -> tuple[float, ...]:
        if self.kind == "flag":
            return (0.0, 1.0)
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Item:
    number: str
    code: str
    content: str
    executors: str
    deadline: str
    results: str
    formula: str
    rule: str
    max: float
    inputs: tuple[InputField, ...]
    pairs: tuple[tuple[str, str], ...] = ()
    part_of: bool = False
    weight: float = 0.0
    events: bool = False
    events_prompt: str = ""
    evidence_prompt: str = ""
    derive: str = ""  # "centers": with active centers, the score is the mean of each center's score

    def input(self, key: str) -> InputField:
        for f in self.inputs:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class Section:
    number: str
    code: str
    title: str
    short_title: str
    formula: str
    divisor: float
    max: float
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Total:
    code: str
    title: str
    formula: str
    divisor: float
    max: float


@dataclass(frozen=True)
class Methodology:
    id: str
    version: str
    year: int
    title: str
    source: str
    evidence_title: str
    total: Total
    sections: tuple[Section, ...]
    path: Path | None = field(default=None, compare=False)

    def items(self) -> list[Item]:
        return [item for s in self.sections for item in s.items]

    def item(self, number: str) -> Item:
        for item in self.items():
            if item.number == number:
                return item
        raise KeyError(number)


class _Reader:
    """Reads typed values from a TOML table, naming the key path in every error."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> MethodologyError:
        return MethodologyError(f"{self.path}: ключ «{key}»: {message}")

    def table(self, data: dict, key: str, where: str, allowed: set[str]) -> dict:
        value = data.get(key)
        name = f"{where}.{key}" if where else key
        if not isinstance(value, dict):
            raise self.fail(name, "нет таблицы или это не таблица")
        self.no_unknown(value, name, allowed)
        return value

    def no_unknown(self, table: dict, where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{where}.{key}", "неизвестный ключ (опечатка?)")

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str:
        value = data.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{where}.{key}", "ожидается непустой текст")
        return value

    def number(self, data: dict, key: str, where: str, positive: bool = True, default: Any = None) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{where}.{key}", "ожидается число")
        if positive and value <= 0:
            raise self.fail(f"{where}.{key}", "число должно быть больше нуля")
        return float(value)

    def flag(self, data: dict, key: str, where: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "ожидается true или false")
        return value

    def array(self, data: dict, key: str, where: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(f"{where}.{key}", "ожидается непустой список")
        return value


_ITEM_KEYS = {"number", "code", "content", "executors", "deadline", "results", "formula", "rule", "pairs",
              "part_of", "weight", "max", "input", "events", "events_prompt", "evidence_prompt", "derive"}
_INPUT_KEYS = {"key", "kind", "label", "hint", "options", "suggest"}
SUGGESTIONS = ("esia_quarter",)


def _read_input(r: _Reader, data: Any, where: str) -> InputField:
    if not isinstance(data, dict):
        raise r.fail(where, "ожидается таблица")
    r.no_unknown(data, where, _INPUT_KEYS)
    kind = r.text(data, "kind", where)
    if kind not in INPUT_KINDS:
        raise r.fail(f"{where}.kind", f"неизвестный вид «{kind}»; допустимы: {', '.join(INPUT_KINDS)}")
    options: list[Option] = []
    if kind == "level":
        for i, raw in enumerate(r.array(data, "options", where)):
            o_where = f"{where}.options[{i}]"
            if not isinstance(raw, dict):
                raise r.fail(o_where, "ожидается таблица { value = …, text = … }")
            r.no_unknown(raw, o_where, {"value", "text"})
            options.append(Option(r.number(raw, "value", o_where, positive=False), r.text(raw, "text", o_where)))
            if options[-1].value < 0:
                raise r.fail(f"{o_where}.value", "значение не может быть отрицательным")
        if len({o.value for o in options}) != len(options):
            raise r.fail(f"{where}.options", "значения вариантов повторяются")
    elif "options" in data:
        raise r.fail(f"{where}.options", "варианты бывают только у вида level")
    suggest = r.text(data, "suggest", where, required=False)
    if suggest and (suggest not in SUGGESTIONS or kind != "count"):
        raise r.fail(f"{where}.suggest", f"допустимо только «esia_quarter» у поля вида count, а не «{suggest}»")
    return InputField(key=r.text(data, "key", where), kind=kind, label=r.text(data, "label", where),
                      hint=r.text(data, "hint", where, required=False), options=tuple(options), suggest=suggest)


def _read_item(r: _Reader, data: Any, where: str) -> Item:
    if not isinstance(data, dict):
        raise r.fail(where, "ожидается таблица")
    r.no_unknown(data, where, _ITEM_KEYS)
    inputs = tuple(_read_input(r, raw, f"{where}.input[{i}]") for i, raw in enumerate(r.array(data, "input", where)))
    keys = [f.key for f in inputs]
    if len(set(keys)) != len(keys):
        raise r.fail(f"{where}.input", "ключи полей повторяются")
    rule = r.text(data, "rule", where)
    if rule not in RULES:
        raise r.fail(f"{where}.rule", f"неизвестное правило «{rule}»; допустимы: {', '.join(RULES)}")
    pairs: list[tuple[str, str]] = []
    weight = 0.0
    wanted_kind = {"ratios": "count", "flags": "flag", "levels": "level"}[rule]
    for index, f in enumerate(inputs):
        if f.kind != wanted_kind:
            raise r.fail(f"{where}.input[{index}].kind", f"для правила {rule} поле должно быть вида {wanted_kind}")
    if rule == "ratios":
        for i, pair in enumerate(r.array(data, "pairs", where)):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(k, str) for k in pair)):
                raise r.fail(f"{where}.pairs[{i}]", "ожидается пара ключей [\"A\", \"B\"]")
            for k in pair:
                if k not in keys:
                    raise r.fail(f"{where}.pairs[{i}]", f"поле «{k}» не описано в input")
            pairs.append((pair[0], pair[1]))
    elif "pairs" in data:
        raise r.fail(f"{where}.pairs", "пары бывают только у правила ratios")
    if rule == "flags":
        weight = r.number(data, "weight", where)
    derive = r.text(data, "derive", where, required=False)
    if derive and (derive not in DERIVATIONS or rule != "flags"):
        raise r.fail(f"{where}.derive", f"допустимо только «centers» у правила flags, а не «{derive}»")
    return Item(
        number=r.text(data, "number", where), code=r.text(data, "code", where),
        content=r.text(data, "content", where), executors=r.text(data, "executors", where),
        deadline=r.text(data, "deadline", where), results=r.text(data, "results", where),
        formula=r.text(data, "formula", where), rule=rule, max=r.number(data, "max", where), inputs=inputs,
        pairs=tuple(pairs), part_of=r.flag(data, "part_of", where), weight=weight,
        events=r.flag(data, "events", where),
        events_prompt=r.text(data, "events_prompt", where, required=False),
        evidence_prompt=r.text(data, "evidence_prompt", where, required=False), derive=derive,
    )


def parse_methodology(data: dict, path: Path | str) -> Methodology:
    """Build a Methodology from parsed TOML, refusing anything inconsistent."""
    r = _Reader(path)
    r.no_unknown(data, "", {"methodology", "total", "section"})
    head = r.table(data, "methodology", "", {"id", "version", "year", "title", "source", "evidence_title"})
    total_t = r.table(data, "total", "", {"code", "title", "formula", "divisor", "max"})
    sections: list[Section] = []
    for s_i, raw in enumerate(r.array(data, "section", "")):
        where = f"section[{s_i}]"
        if not isinstance(raw, dict):
            raise r.fail(where, "ожидается таблица")
        r.no_unknown(raw, where, {"number", "code", "title", "short_title", "formula", "divisor", "max", "item"})
        items = tuple(_read_item(r, it, f"{where}.item[{i}]") for i, it in enumerate(r.array(raw, "item", where)))
        sections.append(Section(
            number=r.text(raw, "number", where), code=r.text(raw, "code", where), title=r.text(raw, "title", where),
            short_title=r.text(raw, "short_title", where, required=False) or r.text(raw, "title", where),
            formula=r.text(raw, "formula", where), divisor=r.number(raw, "divisor", where),
            max=r.number(raw, "max", where), items=items))
    numbers = [i.number for s in sections for i in s.items] + [s.number for s in sections]
    for n in numbers:
        if numbers.count(n) > 1:
            raise r.fail("section", f"номер «{n}» встречается дважды")
    year = head.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise r.fail("methodology.year", "ожидается год, например 2018")
    return Methodology(
        id=r.text(head, "id", "methodology"), version=r.text(head, "version", "methodology"), year=year,
        title=r.text(head, "title", "methodology"), source=r.text(head, "source", "methodology", required=False),
        evidence_title=r.text(head, "evidence_title", "methodology", required=False)
        or "Подтверждение выполнения",
        total=Total(code=r.text(total_t, "code", "total"), title=r.text(total_t, "title", "total"),
                    formula=r.text(total_t, "formula", "total"), divisor=r.number(total_t, "divisor", "total"),
                    max=r.number(total_t, "max", "total")),
        sections=tuple(sections), path=Path(path),
    )


def load_methodology(path: Path | str) -> Methodology:
    """Read and check a methodology file."""
    try:
        if Path(path).stat().st_size > MAX_FILE:
            raise MethodologyError(f"{path}: файл больше {MAX_FILE // 1024} КБ — это не методика")
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise MethodologyError(f"{path}: файл не читается: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MethodologyError(f"{path}: ошибка синтаксиса TOML: {exc}") from None
    except RecursionError:
        raise MethodologyError(f"{path}: слишком глубокая вложенность") from None
    return parse_methodology(data, path)


_cache: dict[str, Methodology] = {}


def default_methodology() -> Methodology:
    """The 2018 popularization methodology shipped with the program."""
    return shipped_methodology(DEFAULT_METHODOLOGY)


def shipped_methodology(filename: str) -> Methodology:
    if filename not in _cache:
        _cache[filename] = load_methodology(resource_path("methodologies", filename))
    return _cache[filename]


def find_methodology(method_id: str, version: str) -> Methodology:
    """The shipped methodology with this id and version."""
    for path in sorted(resource_path("methodologies").glob("*.toml")):
        m = shipped_methodology(path.name)
        if m.id == method_id and m.version == version:
            return m
    raise MethodologyError(f"Методика {method_id} версии {version} не найдена среди поставляемых с программой")
