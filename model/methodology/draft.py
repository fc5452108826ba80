"""A methodology being edited: the TOML document of the file it started from, changed in place, so that the saved
file keeps that file's layout and comments, and checked after every change by the very loader that refuses files.

Places in the document are key paths, the same the loader names its problems by: ("methodology", "title"),
("section", 1, "divisor"), ("section", 1, "item", 5, "rule"), ("section", 1, "item", 5, "input", 0, "label").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table, Whitespace

from model.base import words
from model.base.faults import os_reason
from model.base.files import write_bytes_atomically
from model.base.ru import format_number
from model.errors import MethodologyError, WriteError
from model.methodology.loader import Problem, check_values, read_text
from model.methodology.rules import PARAMS, RULES
from model.methodology.types import Methodology

Path_ = tuple[str | int, ...]

HEAD_ORDER = ("id", "version", "year", "years", "title", "source", "evidence_title")
TOTAL_ORDER = ("code", "title", "formula", "divisor", "max")
SECTION_ORDER = ("number", "code", "short_title", "title", "formula", "divisor", "max")
ITEM_ORDER = ("number", "code", "content", "executors", "deadline", "results", "formula", "rule",
              *dict.fromkeys(p for r in RULES.values() for p in r.params), "max", "events", "events_prompt",
              "evidence_prompt", "derive")
INPUT_ORDER = ("key", "kind", "label", "short", "hint", "carry_over", "suggest", "from_center", "options")
_ORDERS = {"methodology": HEAD_ORDER, "total": TOTAL_ORDER, "section": SECTION_ORDER, "item": ITEM_ORDER,
           "input": INPUT_ORDER}
# Keys that may be left out of the file: clearing them removes the key
OPTIONAL = {"source", "evidence_title", "short_title", "events", "events_prompt", "evidence_prompt", "derive",
            "hint", "short", "carry_over", "suggest", "from_center", "part_of"}
# Parameters a rule reads, with their value when an item is given the rule
PARAM_DEFAULTS: dict[str, Any] = {"pairs": [], "part_of": False, "weight": 0.25, "target": 1}
# An item's texts that may name the plan's year
YEAR_TEXTS = ("content", "executors", "deadline", "results", "formula", "events_prompt", "evidence_prompt")
KIND_DEFAULT_OPTIONS = [{"value": 0, "text": "не выполнено"}, {"value": 1, "text": "выполнено"}]


@dataclass(frozen=True)
class Checked:
    """What the loader makes of the draft: the methodology, or None and the problems; and the warnings — what is
    allowed but unusual (a section's divisor that is not its count of items)."""

    methodology: Methodology | None
    problems: list[Problem]
    warnings: list[Problem]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)


def _plain(value: Any) -> Any:
    """A value as tomlkit writes it in the shipped file's style: whole numbers without «.0»."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _value_text(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        rows = [f"  {{ {', '.join(f'{k} = {_value_text(v)}' for k, v in row.items())} }}," for row in value]
        return "[\n" + "\n".join(rows) + "\n]"
    return tomlkit.item(value).as_string()


def _table_text(header: str, values: dict, order: tuple[str, ...]) -> str:
    nested = ("section", "item", "input")
    keys = [k for k in order if k in values] + [k for k in values if k not in order and k not in nested]
    lines = [header] + [f"{k} = {_value_text(values[k])}" for k in keys]
    return "\n".join(lines) + "\n\n"


def dump_values(values: dict) -> str:
    """Plain methodology values as a TOML file laid out like the shipped one: the header, the total, then each
    section followed by its items, each item by its inputs; a level's options one per line."""
    out = []
    if "methodology" in values:
        out.append(_table_text("[methodology]", values["methodology"], HEAD_ORDER))
    if "total" in values:
        out.append(_table_text("[total]", values["total"], TOTAL_ORDER))
    for section in values.get("section", []):
        out.append(_section_text(section))
    return "".join(out).rstrip("\n") + "\n"


def _section_text(section: dict, header: str = "[[section]]") -> str:
    rule = "# " + "─" * 97 + "\n"
    return rule + _table_text(header, section, SECTION_ORDER) + "".join(_item_text(i) for i in section.get("item", []))


def _item_text(item: dict) -> str:
    return _table_text("[[section.item]]", item, ITEM_ORDER) + "".join(
        _table_text("[[section.item.input]]", f, INPUT_ORDER) for f in item.get("input", []))


def _parsed_table(text: str, *path: str) -> Table:
    node: Any = tomlkit.parse(text)
    for key in path:
        node = node[key]
        if isinstance(node, AoT):
            node = node[0]
    return node


# -- where a comment line before a table is kept ---------------------------------------------------------------
# tomlkit keeps the lines between two tables (a separator comment before [[section]]) at the end of the table
# above; when the last element of a list of tables changes, those lines move to the new last one.
def _tail_container(table: Table) -> Any:
    body = table.value.body
    for key, item in reversed(body):
        if key is None:
            continue
        if isinstance(item, AoT) and len(item):
            return _tail_container(item[-1])
        if isinstance(item, Table):
            return _tail_container(item)
        break
    return table.value


def _detach_tail(aot: AoT) -> list | None:
    if not len(aot):
        return None
    body = _tail_container(aot[-1]).body
    tail: list = []
    while body and body[-1][0] is None:
        tail.insert(0, body.pop())
    return tail


def _attach_tail(aot: AoT, tail: list | None) -> None:
    for table in aot.body[:-1]:  # a table that was last and gave its lines away gets its blank line back
        _ends_blank(table)
    if len(aot) and tail is not None:
        body = _tail_container(aot[-1]).body
        while body and body[-1][0] is None:  # a new table's own blank line gives way to the kept lines
            body.pop()
        body.extend(tail)


def _ends_blank(table: Table) -> None:
    body = _tail_container(table).body
    if not body or body[-1][0] is not None:
        body.append((None, tomlkit.ws("\n")))


class Draft:
    """A methodology in the making. Every change goes through set/insert/remove/move/set_rule, which keep the
    document a well-formed TOML file; check() tells what the loader thinks of it."""

    def __init__(self, text: str, name: str = "", base: Methodology | None = None) -> None:
        self.name = name
        self.base = base  # the methodology it started from: what «what changed» is said against
        self.doc = tomlkit.parse(text)

    @classmethod
    def open(cls, path: Path | str) -> Draft:
        from model.methodology.loader import check_text

        text = read_text(path)
        return cls(text, Path(path).name, check_text(text, Path(path).name))

    # -- reading -----------------------------------------------------------------------------------------------
    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    def restore(self, text: str) -> None:
        self.doc = tomlkit.parse(text)

    def values(self) -> dict:
        return self.doc.unwrap()

    def check(self) -> Checked:
        methodology, problems = check_values(self.values(), self.name)
        return Checked(methodology, problems, self.warnings())

    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.doc
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node.unwrap() if hasattr(node, "unwrap") else node

    def count(self, path: Path_) -> int:
        value = self.get(path, [])
        return len(value) if isinstance(value, list) else 0

    def _node(self, path: Path_) -> Any:
        node: Any = self.doc
        for part in path:
            node = node[part]
        return node

    # -- values ------------------------------------------------------------------------------------------------
    def set(self, path: Path_, value: Any) -> None:
        """Set one value; an optional key set to "" or None (or False where False is the default) is removed."""
        *where, key = path
        assert isinstance(key, str)
        table = self._node(tuple(where))
        if key in ("year", "years"):
            self._set_years(table, value)
            return
        if value is None or (key in OPTIONAL and (value == "" or (value is False and key != "carry_over")
                                                   or (key == "carry_over" and value is True))):
            if key in table:
                del table[key]
            return
        if key == "options":
            value = tomlkit.parse(f"options = {_value_text(value)}\n")["options"]
        else:
            value = _plain(value)
        if key in table:
            table[key] = value
            return
        kind = next((k for k in ("input", "item", "section") if k in where), where[0] if where else "")
        self._insert_key(table, key, value, _ORDERS.get(str(kind), ()))

    def _set_years(self, table: Table, years: list[int]) -> None:
        years = sorted(set(int(y) for y in years))
        if len(years) == 1 and "years" not in table:
            table["year"] = years[0]
            return
        if "year" in table:
            del table["year"]
        if "years" in table:
            table["years"] = years
        else:
            self._insert_key(table, "years", years, HEAD_ORDER)

    @staticmethod
    def _insert_key(table: Table, key: str, value: Any, order: tuple[str, ...]) -> None:
        """A key that was not in the table goes where the shipped file has it: after the keys that come before it
        in `order`, before the ones after it (and before any list of tables inside)."""
        body = table.value.body
        place = order.index(key) if key in order else len(order)
        index = None
        for n, (k, item) in enumerate(body):
            if k is None:
                continue
            if isinstance(item, (AoT, Table)) or (k.key in order and order.index(k.key) > place):
                index = n
                break
        if index is None:
            table.add(key, value)
        else:
            while index > 0 and body[index - 1][0] is None and isinstance(body[index - 1][1], Whitespace):
                index -= 1  # the blank line before an inner list of tables stays after the new key
            table.value._insert_at(index, key, value)  # noqa: SLF001 — tomlkit has no public insert at a place
            dict.__setitem__(table, key, table.value.item(key))  # the table's own mapping, as Table.append keeps it

    # -- lists of tables: sections, items, inputs; and options -------------------------------------------------
    def insert(self, path: Path_, index: int, values: dict) -> None:
        """A new section, item or input at this index of the list at path (("section",), ("section", 1, "item"),
        ("section", 1, "item", 5, "input"))."""
        kind = path[-1]
        table = {"section": lambda: _parsed_table(_section_text(values), "section"),
                 "item": lambda: _parsed_table(_item_text(values), "section", "item"),
                 "input": lambda: _parsed_table(_table_text("[[section.item.input]]", values, INPUT_ORDER),
                                                "section", "item", "input")}[str(kind)]()
        parent = self._node(path[:-1])
        if kind not in parent:
            parent.append(str(kind), tomlkit.aot())
        aot = parent[kind]
        tail = _detach_tail(aot)
        _ends_blank(table)
        aot.insert(max(0, min(index, len(aot))), table)
        _attach_tail(aot, tail)

    def remove(self, path: Path_) -> None:
        *where, index = path
        aot = self._node(tuple(where))
        tail = _detach_tail(aot)
        del aot[index]
        _attach_tail(aot, tail)

    def move(self, path: Path_, delta: int) -> Path_:
        """Move a section, item or input up (-1) or down (+1) in its list; the path it now has."""
        *where, index = path
        assert isinstance(index, int)
        aot = self._node(tuple(where))
        target = index + delta
        if not 0 <= target < len(aot):
            return path
        tail = _detach_tail(aot)
        table = aot[index]
        del aot[index]
        aot.insert(target, table)
        _attach_tail(aot, tail)
        return (*where, target)

    # -- rules -------------------------------------------------------------------------------------------------
    def set_rule(self, item: Path_, rule_name: str) -> None:
        """Give an item another rule: the old rule's parameters go, the new rule's come with their defaults, and the
        inputs take the kind the rule needs (a level gets two options to start from)."""
        rule = RULES[rule_name]
        table = self._node(item)
        for name in {p for r in RULES.values() for p in r.params} - set(rule.params):
            if name in table:
                del table[name]
        if rule.name != "flags" and "derive" in table:
            del table["derive"]
        self.set((*item, "rule"), rule_name)
        keys = [str(f.get("key", "")) for f in self.get((*item, "input"), [])]
        for name in rule.params:
            if name not in table:
                default = PARAM_DEFAULTS.get(name)
                if name == "pairs":
                    default = [[keys[n], keys[n + 1]] for n in range(0, len(keys) - 1, 2)]
                if default is not None and default != [] and not (name in OPTIONAL and default is False):
                    self.set((*item, name), default)
        for n, field in enumerate(self.get((*item, "input"), [])):
            self.set_kind((*item, "input", n), rule.input_kind, field)
        if rule.formula:  # the old rule's formula text would be wrong: the new rule's, to be adjusted
            values = {name: format_number(self.get((*item, name))) for name in rule.params
                      if isinstance(self.get((*item, name)), (int, float))}
            self.set((*item, "formula"), rule.formula.format(code=self.get((*item, "code"), ""), **values))

    def set_kind(self, input_path: Path_, kind: str, field: dict | None = None) -> None:
        field = field if field is not None else self.get(input_path, {})
        if field.get("kind") == kind:
            return
        self.set((*input_path, "kind"), kind)
        if kind == "level" and not field.get("options"):
            self.set((*input_path, "options"), KIND_DEFAULT_OPTIONS)
        elif kind != "level" and "options" in field:
            self.set((*input_path, "options"), None)
        if kind != "count" and "suggest" in field:
            self.set((*input_path, "suggest"), None)
        if kind != "flag" and "from_center" in field:
            self.set((*input_path, "from_center"), None)

    def new_key(self, item: Path_) -> str:
        """A key for a new input of the item: A, B, C… or n for a level, never one the item already has."""
        keys = {f.get("key") for f in self.get((*item, "input"), [])}
        rule = RULES.get(self.get((*item, "rule"), ""))
        names = ["n", "n2", "n3"] if rule is not None and rule.input_kind == "level" else []
        names += [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [f"x{n}" for n in range(1, 1000)]
        return next(k for k in names if k not in keys)

    # -- numbering and divisors --------------------------------------------------------------------------------
    def renumber(self) -> None:
        """Sections 1, 2, 3…; items 1.1, 1.2…; codes that follow the file's pattern (P, P1, P11) follow too."""
        total_code = self.get(("total", "code"), "")
        for s in range(self.count(("section",))):
            s_code = self.get(("section", s, "code"), "")
            follows = bool(total_code) and s_code == f"{total_code}{self.get(('section', s, 'number'), '')}"
            self.set(("section", s, "number"), str(s + 1))
            if follows:
                self.set(("section", s, "code"), f"{total_code}{s + 1}")
            for i in range(self.count(("section", s, "item"))):
                old = self.get(("section", s, "item", i, "number"), "")
                code = self.get(("section", s, "item", i, "code"), "")
                self.set(("section", s, "item", i, "number"), f"{s + 1}.{i + 1}")
                if total_code and code == f"{total_code}{old.replace('.', '')}":
                    self.set(("section", s, "item", i, "code"), f"{total_code}{s + 1}{i + 1}")

    def proposed_divisor(self, section: int) -> tuple[float, str]:
        """The divisor that makes the section's items reach its maximum, and the formula text that says it
        («P2 = (P21 + … + P29) / 8»)."""
        items = self.get(("section", section, "item"), [])
        top = self.get(("section", section, "max"), 100) or 100
        total = sum(float(i.get("max", 0) or 0) for i in items if isinstance(i.get("max", 0), (int, float)))
        divisor = _number(total / top) if top else len(items)
        codes = [str(i.get("code", "")) for i in items]
        code = self.get(("section", section, "code"), "")
        return divisor, f"{code} = ({' + '.join(codes)}) / {format_number(divisor)}"

    def proposed_total(self) -> tuple[float, str]:
        sections = self.get(("section",), [])
        top = self.get(("total", "max"), 100) or 100
        divisor = _number(sum(float(s.get("max", 0) or 0) for s in sections) / top)
        codes = " + ".join(str(s.get("code", "")) for s in sections)
        return divisor, f"{self.get(('total', 'code'), '')} = ({codes}) / {format_number(divisor)}"

    def warnings(self) -> list[Problem]:
        out = []
        for s, section in enumerate(self.get(("section",), [])):
            items = section.get("item", [])
            divisor = section.get("divisor")
            if isinstance(divisor, (int, float)) and not isinstance(divisor, bool) and divisor > 0 and items \
                    and abs(divisor - len(items)) > 1e-9:
                out.append(Problem(("section", s, "divisor"), f"раздел {section.get('number', s + 1)}",
                                   f"делитель {format_number(divisor)} не равен числу пунктов ({len(items)}). Так "
                                   "бывает (в методике 2018 года раздел 2 делит восемь пунктов на 7), но проверьте, "
                                   "что так задумано"))
        out += self._formulas_against_parameters() + self._old_year_named()
        base = self.base
        source = self.get(("methodology", "source"), "")
        if base is not None and source and source == base.source and base.version != self.get(("methodology",
                                                                                                "version")):
            out.append(Problem(("methodology", "source"), "заголовок методики",
                               f"источник — тот же, что у версии {base.version}: укажите приказ или постановление, "
                               "которым утверждена эта методика"))
        return out

    def _items(self) -> list[tuple[Path_, dict]]:
        return [(("section", s, "item", i), item) for s, section in enumerate(self.get(("section",), []) or [])
                for i, item in enumerate(section.get("item", []) or [])]

    def _formulas_against_parameters(self) -> list[Problem]:
        """An item whose formula, as printed, names a number its rule's weight or target is not: the weight was
        changed from 0,25 to 0,2 and the report still printed «P12 = n × 0,25 × 100»."""
        out = []
        for path, item in self._items():
            formula = str(item.get("formula", "") or "")
            rule = RULES.get(str(item.get("rule", "")))
            if rule is None or not formula:
                continue
            for name in rule.params:
                value = item.get(name)
                if isinstance(value, bool) or not isinstance(value, (int, float)) or "{" + name + "}" not in \
                        rule.formula:
                    continue
                if not re.search(rf"(?<![\d,]){re.escape(format_number(value))}(?![\d,])", formula):
                    out.append(Problem((*path, "formula"), f"пункт {item.get('number', '')}",
                                       f"в формуле нет значения {format_number(value)}, заданного в поле «"
                                       f"{PARAMS[name].label}»: формула печатается в отчёте так, как написана, — "
                                       "исправьте её текст"))
        return out

    def _old_year_named(self) -> list[Problem]:
        """Texts of a methodology made for another year that still name the year of the one it was made from
        («Срок: 2 квартал 2018 года» in the methodology for 2019)."""
        base = self.base
        years = self.get(("methodology", "years")) or [self.get(("methodology", "year"))]
        if base is None or base.year in years:
            return []
        named = re.compile(rf"(?<!\d){base.year}(?!\d)")
        out = []
        for path, item in self._items():
            places = [((*path, key), str(item.get(key, "") or "")) for key in YEAR_TEXTS]
            for f, field in enumerate(item.get("input", []) or []):
                places += [((*path, "input", f, key), str(field.get(key, "") or "")) for key in ("label", "hint")]
                places += [((*path, "input", f, "options", o, "text"), str(option.get("text", "") or ""))
                           for o, option in enumerate(field.get("options", []) or [])]
            out += [Problem(where, f"пункт {item.get('number', '')}",
                            f"текст называет {base.year} год, а методика — на {words.years(years)}: проверьте его")
                    for where, text in places if named.search(text)]
        return out

    # -- a new year ----------------------------------------------------------------------------------------------
    @classmethod
    def for_year(cls, source: Path | str, year: int, taken: Collection[str] = ()) -> Draft:
        """A copy of the source methodology for another year: the year, a proposed version «2027.1» (the next
        free one), and the year replaced in the title and in the items' deadlines and expected results where it is
        a year of the plan («2 квартал 2018 года», «до 31 декабря 2018 года»); any other text naming the old year
        is a warning (`warnings`)."""
        draft = cls.open(source)
        base = draft.base
        assert base is not None
        version = next(f"{year}.{n}" for n in range(1, 1000) if f"{year}.{n}" not in taken)
        draft.set(("methodology", "version"), version)
        draft.set(("methodology", "years"), [year])
        old_year = str(base.year)
        title = draft.get(("methodology", "title"), "")
        if old_year in title:
            draft.set(("methodology", "title"), title.replace(old_year, str(year)))
        named = re.compile(rf"(?<!\d){old_year}(?= год)")  # «2 квартал 2018 года», «в срок до 31 декабря 2018 года»
        for path, item in draft._items():
            for key in ("deadline", "results"):  # the plan's own time: the new year's; other texts are only warned of
                text = str(item.get(key, "") or "")
                if named.search(text):
                    draft.set((*path, key), named.sub(str(year), text))
        draft.name = f"{base.id}-{version}.toml"
        draft._heading(f"{draft.get(('methodology', 'title'), '')}, версия {version}.\n"
                       f"Составлена в редакторе методик из версии {base.version} ({base.years_text()}).")
        return draft

    def _heading(self, text: str) -> None:
        """The comment lines at the top of the file, in place of the source's (which name its own year)."""
        lines = self.text().splitlines(keepends=True)
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)
        heading = "".join(f"# {line}\n" for part in text.splitlines() for line in _wrapped(part))
        self.restore(heading + "\n" + "".join(lines))

    # -- saving --------------------------------------------------------------------------------------------------
    def save(self, path: Path | str, known: Sequence[tuple[Methodology, Path]] = ()) -> Methodology:
        """Write the file, if the loader accepts it and no other methodology of the same id and version differs
        from it; the file appears whole or not at all. `known`: the methodologies the program has."""
        checked = self.check()
        if checked.methodology is None:
            raise MethodologyError("Методика не сохранена: в ней есть ошибки (" + str(len(checked.problems)) +
                                   "). Исправьте их — они перечислены в списке «Ошибки»", tuple(p.text for p in
                                                                                               checked.problems))
        new = checked.methodology
        for other, other_path in known:
            if other.ref() == new.ref() and other != new:
                raise MethodologyError(
                    f"Версия {new.version} уже есть ({other_path.name}), и её содержание другое: кварталы, "
                    "рассчитанные по ней, дали бы другие цифры. Дайте методике новый номер версии, например "
                    f"{_next_version(new.version)}")
            if Path(other_path).resolve() == Path(path).resolve():
                raise MethodologyError(f"Файл {Path(path).name} — методика, которой пользуется программа: его не "
                                       "заменить. Сохраните методику под другим именем")
        text = self.text()
        try:
            write_bytes_atomically(Path(path), text.encode("utf-8"))
        except WriteError:
            raise
        except OSError as exc:
            raise WriteError(f"Методика не сохранена в {path}: {os_reason(exc)}") from None
        return new


# -- what is being typed survives a crash ----------------------------------------------------------------------------
def kept_path() -> Path:
    """Where the editor keeps the draft it has not saved yet (one, the last being edited)."""
    from model.base.paths import data_dir

    return data_dir() / "drafts" / "methodology.toml"


def keep(text: str) -> None:
    """Keep the unsaved draft's text; a folder that cannot be written keeps nothing (the editor goes on)."""
    try:
        kept_path().parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(kept_path(), text.encode("utf-8"))
    except (OSError, WriteError):
        pass


def kept() -> str | None:
    """The text of a draft left unsaved (the editor closed by a crash or a power cut), or None."""
    try:
        return kept_path().read_text(encoding="utf-8") if kept_path().stat().st_size <= 1024 * 1024 else None
    except (OSError, UnicodeDecodeError):
        return None


def forget() -> None:
    try:
        kept_path().unlink(missing_ok=True)
    except OSError:
        pass


def _wrapped(text: str, width: int = 110) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]


def _next_version(version: str) -> str:
    match = re.fullmatch(r"(.*?)(\d+)", version)
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else f"{version}.1"
