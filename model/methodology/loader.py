"""Reads a methodology file (TOML) and checks all of it, naming the line of every problem."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.base import numbers
from model.base.faults import os_reason
from model.base.ru import control_char, describe_char, format_number
from model.errors import MethodologyError, NumberRefused
from model.methodology.rules import RULES
from model.methodology.types import InputField, Item, Methodology, Option, Section, Total

if TYPE_CHECKING:
    import tomllib

INPUT_KINDS = ("count", "flag", "level")
DERIVATIONS = ("centers",)
SUGGESTIONS = ("esia_quarter",)
MAX_FILE = 1024 * 1024
_EPS = 1e-9
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}")

# Methodology numbers: finite, at most LIMIT in size, a positive one at least MIN_POSITIVE (a divisor of 1e-300
# would make every sum an infinity)
LIMIT = 1e9
MIN_POSITIVE = 1e-6
# Texts that may run over several lines (a line break or a tab is allowed there); titles, codes, keys, labels and
# option texts are one line
MULTILINE = {"content", "executors", "deadline", "results", "formula", "hint", "short", "events_prompt",
             "evidence_prompt", "source"}
# Values that are names the program matches exactly (an item's number, a code, an input's key, the id, the version, a
# rule's name…): no space or other whitespace anywhere — «1.1 » beside «1.1» would be two items that look one
NAMES = {"id", "version", "number", "code", "key", "kind", "rule", "suggest", "derive", "from_center"}

_TOP_KEYS = {"methodology", "total", "section"}
_HEAD_KEYS = {"id", "version", "year", "years", "title", "source", "evidence_title"}
_TOTAL_KEYS = {"code", "title", "formula", "divisor", "max"}
_SECTION_KEYS = {"number", "code", "title", "short_title", "formula", "divisor", "max", "item"}
_ITEM_KEYS_COMMON = {"number", "code", "content", "executors", "deadline", "results", "formula", "rule", "max", "input",
                     "events", "events_prompt", "evidence_prompt", "derive"}
_ITEM_KEYS = _ITEM_KEYS_COMMON | {p for r in RULES.values() for p in r.params}
_INPUT_KEYS = {"key", "kind", "label", "hint", "options", "suggest", "carry_over", "short", "from_center"}
FROM_CENTER = ("badges", "schedule")

Path_ = tuple[str | int, ...]


class _Lines:
    """Where each table and key of the file is written: a key path → its line number."""

    _KEY = re.compile(r"([A-Za-z0-9_-]+)\s*=\s*(.*)")
    _STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')

    def __init__(self, text: str) -> None:
        self.at: dict[Path_, int] = {}
        section = item = field = -1
        table: Path_ = ()
        array: tuple[Path_, int] | None = None  # the multi-line array being read, and its element count
        depth = 0
        for n, raw in enumerate(text.splitlines(), start=1):
            line = self._STRING.sub('""', raw.split("#", 1)[0] if '"' not in raw else raw).strip()
            if array is not None:
                if line.startswith("{"):
                    array = (array[0], array[1] + 1)
                    self.at[(*array[0], array[1])] = n
                depth += line.count("[") - line.count("]")
                if depth <= 0:
                    array = None
                continue
            if line.startswith("[["):
                name = line.strip("[] ")
                if name == "section":
                    section, item = section + 1, -1
                    table = ("section", section)
                elif name == "section.item":
                    item, field = item + 1, -1
                    table = ("section", section, "item", item)
                elif name == "section.item.input":
                    field += 1
                    table = ("section", section, "item", item, "input", field)
                else:
                    table = (name,)
                self.at.setdefault(table, n)
            elif line.startswith("["):
                table = (line.strip("[] "),)
                self.at.setdefault(table, n)
            elif match := self._KEY.match(line):
                self.at[(*table, match.group(1))] = n
                value = match.group(2)
                if value.startswith("[") and value.count("[") > value.count("]"):
                    array, depth = ((*table, match.group(1)), -1), value.count("[") - value.count("]")

    def line(self, path: Path_) -> int | None:
        """The line of the key, or of the nearest table above it that is written."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.at:
                return self.at[path[:end]]
        return None


@dataclass(frozen=True)
class Problem:
    """One thing that keeps a methodology from loading: where in the values it is (the key path, e.g.
    ("section", 1, "item", 5, "rule")), and the words «пункт 2.6, ключ «rule»: неизвестное правило…»."""

    path: Path_
    where: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}"


class _Check:
    """Reads typed values from the parsed file, recording every problem instead of stopping at the first."""

    def __init__(self, name: str, lines: _Lines | None) -> None:
        self.name, self.lines = name, lines
        self.problems: list[tuple[int, str]] = []
        self.found: list[Problem] = []

    def fail(self, path: Path_, where: str, message: str) -> None:
        line = self.lines.line(path) if self.lines else None
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        at = f"строка {line}: " if line else ""
        self.problems.append((line or 0, f"{at}{where}, ключ «{key}»: {message}"))
        self.found.append(Problem(path, f"{where}, ключ «{key}»", message))

    def unknown(self, table: dict, path: Path_, where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.fail((*path, key), where, "неизвестный ключ (опечатка?)")

    def table(self, data: dict, key: str, where: str, allowed: set[str]) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail((key,), where, "нет такой таблицы" if value is None else "ожидается таблица")
            return {}
        self.unknown(value, (key,), where, allowed)
        return value

    def text(self, data: dict, key: str, path: Path_, where: str, required: bool = True) -> str:
        value = data.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail((*path, key), where, "ожидается непустой текст" if required else "ожидается текст")
            return ""
        bad = control_char(value, multiline=key in MULTILINE)
        if bad is not None:
            one_line = ", а здесь текст в одну строку" if bad in "\n\t" else ""
            self.fail((*path, key), where, f"текст содержит управляющий символ ({describe_char(bad, value)}"
                                           f"{one_line}) — удалите его")
            return ""
        if key in NAMES and any(ch.isspace() for ch in value):
            at = "в начале или в конце" if value != value.strip() else "внутри"
            self.fail((*path, key), where, f"«{value.strip()[:40]}» с пробелом {at} — пробелы (и другие пустые "
                                           "символы) здесь не допускаются: удалите их")
            return ""
        return value

    def number(self, data: dict, key: str, path: Path_, where: str, positive: bool = True) -> float:
        """A finite number within the methodology's bounds (a positive one from MIN_POSITIVE); 0 when refused, so
        that no sum is checked with it."""
        value = data.get(key)
        if value is None:
            self.fail((*path, key), where, "не указано число")
            return 0.0
        try:
            number = numbers.finite(value, "", -math.inf if positive else -LIMIT, LIMIT)
        except NumberRefused as exc:
            self.fail((*path, key), where, str(exc))
            return 0.0
        if positive and number <= 0:
            self.fail((*path, key), where, "число должно быть больше нуля")
            return 0.0
        if positive and number < MIN_POSITIVE:
            self.fail((*path, key), where, f"число слишком мало: не меньше {MIN_POSITIVE:.6f}".replace(".", ","))
            return 0.0
        return number

    def flag(self, data: dict, key: str, path: Path_, where: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail((*path, key), where, "ожидается true или false")
            return default
        return value

    def array(self, data: dict, key: str, path: Path_, where: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.fail((*path, key), where, "ожидается непустой список")
            return []
        return value


def _read_input(c: _Check, data: Any, path: Path_, where: str) -> InputField | None:
    if not isinstance(data, dict):
        c.fail(path, where, "ожидается таблица")
        return None
    key = c.text(data, "key", path, where)
    where = f"{where}, поле «{key}»" if key else where
    c.unknown(data, path, where, _INPUT_KEYS)
    kind = c.text(data, "kind", path, where)
    if kind and kind not in INPUT_KINDS:
        c.fail((*path, "kind"), where, f"неизвестный вид «{kind}»; допустимы: {', '.join(INPUT_KINDS)}")
    options: list[Option] = []
    if kind == "level":
        for i, raw in enumerate(c.array(data, "options", path, where)):
            o_path, o_where = (*path, "options", i), f"{where}, вариант {i + 1}"
            if not isinstance(raw, dict):
                c.fail(o_path, o_where, "ожидается { value = …, text = … }")
                continue
            c.unknown(raw, o_path, o_where, {"value", "text"})
            known = len(c.problems)
            value = c.number(raw, "value", o_path, o_where, positive=False)
            if value < 0:
                c.fail((*o_path, "value"), o_where, "значение не может быть отрицательным")
            if len(c.problems) == known:  # a refused value is not compared with the others
                options.append(Option(value, c.text(raw, "text", o_path, o_where)))
        if len({o.value for o in options}) != len(options):
            c.fail((*path, "options"), where, "значения вариантов повторяются")
        texts = [o.text.strip() for o in options if o.text.strip()]
        if len(set(texts)) != len(texts):
            c.fail((*path, "options"), where, "тексты вариантов повторяются")
    elif "options" in data and kind in INPUT_KINDS:
        c.fail((*path, "options"), where, "варианты бывают только у поля вида level")
    suggest = c.text(data, "suggest", path, where, required=False)
    if suggest and (suggest not in SUGGESTIONS or kind != "count"):
        c.fail((*path, "suggest"), where, f"допустимо только «esia_quarter» у поля вида count, а не «{suggest}»")
    from_center = c.text(data, "from_center", path, where, required=False)
    if from_center and (from_center not in FROM_CENTER or kind != "flag"):
        c.fail((*path, "from_center"), where,
               f"допустимо «badges» или «schedule» у поля вида flag, а не «{from_center}»")
    return InputField(key=key, kind=kind, label=c.text(data, "label", path, where), from_center=from_center,
                      hint=c.text(data, "hint", path, where, required=False), options=tuple(options),
                      suggest=suggest, carry_over=c.flag(data, "carry_over", path, where, default=True),
                      short=c.text(data, "short", path, where, required=False))


def _read_item(c: _Check, data: Any, path: Path_) -> Item | None:
    if not isinstance(data, dict):
        c.fail(path, "пункт", "ожидается таблица")
        return None
    known_problems = len(c.problems)
    number = c.text(data, "number", path, "пункт")
    where = f"пункт {number}" if number else "пункт"
    c.unknown(data, path, where, _ITEM_KEYS)
    inputs = [f for i, raw in enumerate(c.array(data, "input", path, where))
              if (f := _read_input(c, raw, (*path, "input", i), where)) is not None]
    keys = [f.key for f in inputs]
    for k in {k for k in keys if keys.count(k) > 1}:
        c.fail((*path, "input"), where, f"поле «{k}» описано дважды")
    rule_name = c.text(data, "rule", path, where)
    rule = RULES.get(rule_name)
    if rule_name and rule is None:
        c.fail((*path, "rule"), where, f"неизвестное правило «{rule_name}»; допустимы: {', '.join(RULES)}")
    for key in data:
        if rule is not None and key not in _ITEM_KEYS_COMMON and key in _ITEM_KEYS and key not in rule.params:
            c.fail((*path, key), where, f"у правила {rule.name} нет параметра «{key}»")
    if rule is not None:
        for index, f in enumerate(inputs):
            if f.kind and f.kind != rule.input_kind:
                c.fail((*path, "input", index, "kind"), where,
                       f"для правила {rule.name} поле «{f.key}» должно быть вида {rule.input_kind}")
    pairs: list[tuple[str, str]] = []
    if rule is not None and rule.name == "ratios" and all(keys):  # a refused key: its pairs are not checked with it
        for i, pair in enumerate(c.array(data, "pairs", path, where)):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(k, str) for k in pair)):
                c.fail((*path, "pairs"), where, f"пара {i + 1}: ожидается пара ключей [\"A\", \"B\"]")
                continue
            for k in pair:
                if k not in keys:
                    c.fail((*path, "pairs"), where, f"пара {i + 1}: поле «{k}» не описано в input")
            pairs.append((pair[0], pair[1]))
        unused = [k for k in keys if not any(k in p for p in pairs)]
        if unused:
            c.fail((*path, "pairs"), where, f"поля {', '.join(unused)} не входят ни в одну пару")
    weight = c.number(data, "weight", path, where) if rule is not None and rule.name == "flags" else 0.0
    target = c.number(data, "target", path, where) if rule is not None and rule.name == "target" else 0.0
    if rule is not None and rule.name == "target" and len(inputs) != 1:
        c.fail((*path, "input"), where, "у правила target ровно одно поле")
    derive = c.text(data, "derive", path, where, required=False)
    if derive and derive not in DERIVATIONS:
        c.fail((*path, "derive"), where, f"допустимо только «centers» у правила flags, а не «{derive}»")
    elif derive and rule_name != "flags":
        c.fail((*path, "derive"), where, "среднее по центрам обслуживания (derive = «centers») бывает только у "
                                         "правила flags")
    item = Item(
        number=number, code=c.text(data, "code", path, where), content=c.text(data, "content", path, where),
        executors=c.text(data, "executors", path, where), deadline=c.text(data, "deadline", path, where),
        results=c.text(data, "results", path, where), formula=c.text(data, "formula", path, where),
        rule=rule_name, max=c.number(data, "max", path, where), inputs=tuple(inputs), pairs=tuple(pairs),
        part_of=c.flag(data, "part_of", path, where), weight=weight, target=target,
        events=c.flag(data, "events", path, where),
        events_prompt=c.text(data, "events_prompt", path, where, required=False),
        evidence_prompt=c.text(data, "evidence_prompt", path, where, required=False), derive=derive)
    if rule is not None and len(c.problems) == known_problems:  # a broken item would only repeat its problem
        reachable = rule.reachable(item)
        if reachable is not None and reachable < item.max - _EPS:
            c.fail((*path, "max"), where, f"максимальное значение {format_number(item.max)} недостижимо: "
                                          f"по правилу {rule.name} пункт даёт не больше {format_number(reachable)}")
    return item



def _years(c: _Check, head: dict) -> tuple[int, ...]:
    if "year" in head and "years" in head:
        c.fail(("methodology", "years"), "заголовок методики", "укажите либо year, либо years")
    raw = head.get("years", [head.get("year")] if "year" in head else None)
    if not isinstance(raw, list) or not raw:
        c.fail(("methodology", "years" if "years" in head else "year"), "заголовок методики",
               "укажите год (year = 2027) или годы (years = [2027, 2028])")
        return ()
    years = []
    for y in raw:
        if not isinstance(y, int) or isinstance(y, bool) or not 2000 <= y <= 2100:
            c.fail(("methodology", "years" if "years" in head else "year"), "заголовок методики",
                   f"«{y}» — не год; ожидается год, например 2027")
        else:
            years.append(y)
    if len(set(years)) != len(years):
        c.fail(("methodology", "years"), "заголовок методики", "годы повторяются")
    return tuple(sorted(set(years)))


def _check_sums(c: _Check, sections: list[Section], total: Total, broken: set[int]) -> None:
    """Each section's items, divided by its divisor, reach the section's maximum; the sections, the total's."""
    for index, s in enumerate(sections):
        if not s.items or s.divisor <= 0 or s.max <= 0 or index in broken:  # 0: a number refused, said already
            continue
        top = sum(i.max for i in s.items) / s.divisor
        if abs(top - s.max) > 1e-6:
            c.fail(("section", index, "divisor"), f"раздел {s.number}",
                   f"сумма максимальных значений пунктов ({format_number(sum(i.max for i in s.items))}) / делитель "
                   f"{format_number(s.divisor)} = {format_number(top)}, а максимум раздела "
                   f"{format_number(s.max)}: исправьте делитель или максимум")
        for n, item in enumerate(s.items):
            if item.number and s.number and not item.number.startswith(f"{s.number}."):
                c.fail(("section", index, "item", n, "number"), f"пункт {item.number}",
                       f"номер пункта раздела {s.number} должен начинаться с «{s.number}.»")
    if sections and total.divisor > 0 and total.max > 0 and all(s.max > 0 for s in sections) and not broken:
        top = sum(s.max for s in sections) / total.divisor
        if abs(top - total.max) > 1e-6:
            c.fail(("total", "divisor"), "итог", f"сумма максимумов разделов / делитель = {format_number(top)}, "
                                                 f"а максимум итога {format_number(total.max)}")


def _check(data: dict, name: str, lines: _Lines | None) -> tuple[Methodology | None, list[tuple[int, str]]]:
    methodology, c = _checked(data, name, lines)
    return methodology, sorted(c.problems, key=lambda p: p[0])


def check_values(data: dict, name: str = "") -> tuple[Methodology | None, list[Problem]]:
    """The methodology these values describe, or None and every problem with its key path: the very check that
    refuses a file, for an editor that shows each problem beside the thing it belongs to."""
    methodology, c = _checked(data, name, None)
    return methodology, c.found


def _checked(data: dict, name: str, lines: _Lines | None) -> tuple[Methodology | None, _Check]:
    c = _Check(name, lines)
    c.unknown(data, (), "файл", _TOP_KEYS)
    head = c.table(data, "methodology", "заголовок методики", _HEAD_KEYS)
    total_t = c.table(data, "total", "итог", _TOTAL_KEYS)
    where_h, where_t = "заголовок методики", "итог"
    method_id = c.text(head, "id", ("methodology",), where_h)
    if method_id and not _ID.fullmatch(method_id):
        c.fail(("methodology", "id"), where_h, "латинские строчные буквы, цифры, «-» и «_», например popularization")
    version = c.text(head, "version", ("methodology",), where_h)
    if version and not _VERSION.fullmatch(version):
        c.fail(("methodology", "version"), where_h, "цифры, буквы и точки, например 2027.1")
    years = _years(c, head)
    head_title = c.text(head, "title", ("methodology",), where_h)
    source = c.text(head, "source", ("methodology",), where_h, required=False)
    evidence_title = c.text(head, "evidence_title", ("methodology",), where_h, required=False)
    total = Total(code=c.text(total_t, "code", ("total",), where_t),
                  title=c.text(total_t, "title", ("total",), where_t),
                  formula=c.text(total_t, "formula", ("total",), where_t),
                  divisor=c.number(total_t, "divisor", ("total",), where_t),
                  max=c.number(total_t, "max", ("total",), where_t))
    sections: list[Section] = []
    broken: set[int] = set()  # sections with an unreadable item or maximum: their sums are not checked
    for s_i, raw in enumerate(c.array(data, "section", (), "файл")):
        path: Path_ = ("section", s_i)
        if not isinstance(raw, dict):
            c.fail(path, f"раздел {s_i + 1}", "ожидается таблица")
            continue
        number = c.text(raw, "number", path, f"раздел {s_i + 1}")
        where = f"раздел {number or s_i + 1}"
        c.unknown(raw, path, where, _SECTION_KEYS)
        read = [_read_item(c, r, (*path, "item", i)) for i, r in enumerate(c.array(raw, "item", path, where))]
        items = [it for it in read if it is not None]
        if len(items) < len(read) or any(it.max <= 0 for it in items):
            broken.add(s_i)
        title = c.text(raw, "title", path, where)
        sections.append(Section(
            number=number, code=c.text(raw, "code", path, where), title=title,
            short_title=c.text(raw, "short_title", path, where, required=False) or title,
            formula=c.text(raw, "formula", path, where), divisor=c.number(raw, "divisor", path, where),
            max=c.number(raw, "max", path, where), items=tuple(items)))
    numbers = [(i.number, ("section", s, "item", n, "number")) for s, sec in enumerate(sections)
               for n, i in enumerate(sec.items)] + [(sec.number, ("section", s, "number"))
                                                     for s, sec in enumerate(sections)]
    seen: set[str] = set()
    for number, path in numbers:
        if number and number in seen:
            c.fail(path, f"пункт {number}", f"номер «{number}» встречается дважды")
        seen.add(number)
    codes = [i.code for s in sections for i in s.items] + [s.code for s in sections] + [total.code]
    for code in {x for x in codes if x and codes.count(x) > 1}:
        c.fail(("section",), "файл", f"код «{code}» встречается дважды")
    _check_sums(c, sections, total, broken)
    if c.problems:
        return None, c
    return Methodology(
        id=method_id, version=version, years=years, title=head_title, source=source,
        evidence_title=evidence_title or "Подтверждение выполнения", total=total, sections=tuple(sections),
        path=Path(name)), c


def parse_methodology(data: dict, name: Path | str, text: str | None = None) -> Methodology:
    """Build a Methodology from parsed TOML, refusing it with every problem found (with the text, each problem
    names its line)."""
    methodology, problems = _check(data, str(name), None)
    if methodology is None:
        if text is not None:  # where each key is written: worked out only for a file that is refused
            _, problems = _check(data, str(name), _Lines(text))
        raise _refused(name, [p for _, p in problems])
    return methodology


def _refused(name: Path | str, problems: list[str]) -> MethodologyError:
    head = f"{name}: методика отклонена — " + ("ошибка" if len(problems) == 1 else f"ошибок: {len(problems)}")
    return MethodologyError(head + "\n" + "\n".join(f"  {p}" for p in problems), tuple(problems))


_TOML_ERRORS = (
    ("Expected '=' after a key", "после имени ключа ожидается «=»"),
    ("Expected ']' at the end of a table declaration", "заголовок таблицы не закрыт скобкой «]»"),
    ("Expected ']]' at the end of an array declaration", "заголовок таблицы не закрыт скобками «]]»"),
    ("Unclosed array", "список не закрыт скобкой «]»"),
    ("Unclosed inline table", "таблица не закрыта скобкой «}»"),
    ("Unterminated string", "строка не закрыта кавычкой"),
    ("Illegal character", "недопустимый символ"),
    ("Invalid value", "недопустимое значение: текст пишется в кавычках, числа — с точкой (0.25)"),
    ("Invalid statement", "непонятная строка: ожидается «ключ = значение» или [таблица]"),
    ("Cannot overwrite a value", "ключ задан дважды"),
    ("Cannot declare", "таблица объявлена дважды"),
    ("Expected newline or end of document", "после значения ожидается конец строки"),
)
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message in Russian, with its line and column."""
    message = str(exc)
    words = next((ru for en, ru in _TOML_ERRORS if message.startswith(en)), "ошибка в записи TOML")
    at = _AT.search(message)
    if at:
        return f"строка {at.group(1)}, позиция {at.group(2)}: {words}"
    return words


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """The file's TOML as Python values; a file that is not TOML is refused in Russian."""
    import tomllib  # not on the window's start while the registry has the file's values cached

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refused(name, [toml_error(exc)]) from None
    except RecursionError:
        raise _refused(name, ["слишком глубокая вложенность"]) from None
    except ValueError:  # an integer of thousands of digits, which Python does not convert
        raise _refused(name, ["в файле число из тысяч цифр — это не методика"]) from None


def check_text(text: str, name: str) -> Methodology:
    """Parse and check the text of a methodology file."""
    return parse_methodology(parse_toml(text, name), name, text)


def read_text(path: Path | str) -> str:
    """The file's text, refusing what cannot be a methodology before parsing it."""
    try:
        if Path(path).stat().st_size > MAX_FILE:
            raise _refused(path, [f"файл больше {MAX_FILE // 1024} КБ — это не методика"])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MethodologyError(f"{path}: файл не читается: {os_reason(exc)}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(path, ["файл не в кодировке UTF-8: сохраните его в UTF-8"]) from None


def load_methodology(path: Path | str) -> Methodology:
    """Read and check a methodology file."""
    return check_text(read_text(path), str(path))
