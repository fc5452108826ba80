"""A methodology as a workbook and back, for the region's methodologist who prefers a spreadsheet to a TOML file.

Five sheets: «Методика» (the header and the total, one row per key), «Разделы», «Пункты» (one row per item, the
rule by its Russian name and its parameters in columns), «Поля» (each input of an item) and «Варианты» (each option
of a level). to_xlsx writes a methodology the loader accepts; read_book reads a book back into the file's values
and checks them with the loader's own check (check_values: no second validator), every problem — of reading or of
the methodology — named by its sheet, row and column. A methodology written and read back is the same values.

The book is read through the program's one bounded reader (model/exchange/sheet.py); so this module sits on the
region's side, above it (the methodology layer is below the reader).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.base.files import save_workbook, write_atomically, write_bytes_atomically
from model.base.ru import parse_number
from model.errors import InputRefused, MethodologyError
from model.exchange.sheet import read_sheets
from model.methodology.draft import dump_values
from model.methodology.loader import Problem, check_values, load_methodology, parse_toml, read_text
from model.methodology.rules import RULES
from model.methodology.types import Methodology
from model.reports.sheets import BODY_FONT, BOLD_FONT, BORDER, HEAD_FILL, MAX_ROW, put, text_lines

Path_ = tuple[str | int, ...]

HEAD, SECTIONS, ITEMS, INPUTS, OPTIONS = "Методика", "Разделы", "Пункты", "Поля", "Варианты"
SHEETS = (HEAD, SECTIONS, ITEMS, INPUTS, OPTIONS)
EXTENSIONS = (".xlsx", ".xls", ".ods")  # what read_book reads


# -- the words of the book ---------------------------------------------------------------------------------------
# Values the file writes as the program's names, shown by the methodologist's words; either is read back
KINDS = {"count": "число", "flag": "да/нет", "level": "уровень"}
SUGGESTIONS = {"esia_quarter": "из плана ЕСИА на квартал"}
FROM_CENTER = {"badges": "бейджи в карточках центров", "schedule": "график в карточках центров"}
DERIVATIONS = {"centers": "среднее по центрам обслуживания"}
YES, NO = "да", "нет"
_TRUE = {"да", "true", "истина", "1", "д", "yes"}
_FALSE = {"нет", "false", "ложь", "0", "н", "no"}


@dataclass(frozen=True)
class Column:
    key: str  # the key in the file
    title: str  # the header in the book, the methodologist's words
    width: float
    kind: str = "text"  # text, number, bool, rule, pairs, kind, or a table of words (see _WORDS)
    required: bool = True  # a book without this column is refused (a parameter of a later rule may be missing)


_WORDS: dict[str, dict[str, str]] = {"kind": KINDS, "suggest": SUGGESTIONS, "from_center": FROM_CENTER,
                                     "derive": DERIVATIONS}

# Parameters of the rules in the registry: a rule added later brings its own column (its key as the header until
# it is named here)
PARAM_COLUMNS = {"pairs": Column("pairs", "Пары полей (доля A/B; через «;»)", 12, "pairs"),
                 "part_of": Column("part_of", "A — часть B", 7, "bool"),
                 "weight": Column("weight", "Вес требования", 8, "number"),
                 "target": Column("target", "Целевое значение", 9, "number")}


def _param_columns() -> list[Column]:
    names = dict.fromkeys(p for r in RULES.values() for p in r.params)
    return [PARAM_COLUMNS.get(n, Column(n, n, 12, "number", required=False)) for n in names]


HEAD_ROWS = (  # (section of the file, key, what the methodologist calls it, kind)
    ("methodology", "id", "Обозначение методики (латинскими буквами)", "text"),
    ("methodology", "version", "Версия", "text"),
    ("methodology", "year", "Год", "year"),
    ("methodology", "years", "Годы (через запятую)", "years"),
    ("methodology", "title", "Название", "text"),
    ("methodology", "source", "Документ, которым утверждена", "text"),
    ("methodology", "evidence_title", "Заголовок столбца «Подтверждение выполнения»", "text"),
    ("total", "code", "Итог: обозначение", "text"),
    ("total", "title", "Итог: название", "text"),
    ("total", "formula", "Итог: формула (текст)", "text"),
    ("total", "divisor", "Итог: делитель", "number"),
    ("total", "max", "Итог: максимальное значение", "number"),
)
HEAD_COLUMNS = (Column("", "Параметр", 36), Column("", "Значение", 80), Column("", "Ключ", 24))
SECTION_COLUMNS = (
    Column("number", "Номер раздела", 8), Column("code", "Обозначение", 10),
    Column("short_title", "Краткое название", 24), Column("title", "Название раздела", 40),
    Column("formula", "Формула (текст)", 24), Column("divisor", "Делитель", 9, "number"),
    Column("max", "Максимальное значение", 12, "number"))
ITEM_COLUMNS = (
    Column("", "Раздел", 7), Column("number", "Номер пункта", 7), Column("code", "Обозначение", 10),
    Column("content", "Содержание мероприятия", 32), Column("executors", "Ответственные исполнители", 20),
    Column("deadline", "Срок исполнения", 13), Column("results", "Ожидаемые результаты", 32),
    Column("formula", "Формула (текст)", 22), Column("rule", "Правило расчёта", 12, "rule"),
    *_param_columns(), Column("max", "Максимальное значение", 9, "number"),
    Column("events", "Список мероприятий в отчёте", 10, "bool"),
    Column("events_prompt", "Подсказка к списку мероприятий", 18),
    Column("evidence_prompt", "Подсказка к подтверждению выполнения", 18),
    Column("derive", "Расчёт по центрам обслуживания", 12, "derive"))
INPUT_COLUMNS = (
    Column("", "Пункт", 7), Column("key", "Ключ поля", 7), Column("kind", "Вид", 9, "kind"),
    Column("label", "Название поля", 40), Column("short", "Краткое название (для узкого столбца)", 14),
    Column("hint", "Подсказка", 40), Column("carry_over", "Переносить из прошлого квартала (пусто — да)", 12, "bool"),
    Column("suggest", "Предлагаемое значение", 14, "suggest"),
    Column("from_center", "Из карточек центров обслуживания", 14, "from_center"))
OPTION_COLUMNS = (Column("", "Пункт", 7), Column("", "Ключ поля", 7), Column("value", "Значение", 9, "number"),
                  Column("text", "Текст варианта", 60))
COLUMNS = {HEAD: HEAD_COLUMNS, SECTIONS: SECTION_COLUMNS, ITEMS: ITEM_COLUMNS, INPUTS: INPUT_COLUMNS,
           OPTIONS: OPTION_COLUMNS}


def rule_title(name: str) -> str:
    """A rule's name for people («доля»), or the name itself for a rule that has none."""
    rule = RULES.get(name)
    return rule.short if rule is not None and rule.short else name


# -- writing -------------------------------------------------------------------------------------------------------
def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _shown(column: Column, value: Any) -> Any:
    """What a cell shows for a value of the file (None: the key is not in the file)."""
    if value is None:
        return None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "rule":
        return rule_title(str(value))
    if column.kind == "pairs":
        return "; ".join("/".join(str(k) for k in pair) for pair in value)
    if column.kind in _WORDS:
        return _WORDS[column.kind].get(str(value), value)
    if column.kind == "number":
        return _number(value)
    return value


def width(column: Column) -> float:
    """The column's width, widened until no word of its header breaks."""
    out = column.width
    while any(text_lines(word, out, bold=True) > 1 for word in column.title.split()):
        out += 0.5
    return out


A4_WIDTH = 175  # columns wider than this together print on A3: on A4 fitted to the width the text would be too small


def _sheet(wb: Workbook, title: str, columns: tuple[Column, ...] | list[Column]) -> Worksheet:
    ws = wb.create_sheet(title)
    for n, column in enumerate(columns, start=1):
        put(ws, 1, n, column.title)
        cell = ws.cell(row=1, column=n)
        cell.font, cell.fill, cell.border = BOLD_FONT, HEAD_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(n)].width = width(column)
    ws.row_dimensions[1].height = min(12.75 * max(text_lines(c.title, width(c), True) for c in columns), MAX_ROW)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    wide = sum(width(c) for c in columns) > A4_WIDTH
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if wide else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.left.text = title
    ws.oddFooter.right.text = "стр. &P из &N"
    return ws


_WRAP = Alignment(wrap_text=True, vertical="top")
_TECHNICAL = Font(name="Calibri", size=9, color="777777")  # the file's key: for the exact way back, not for reading
_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")  # the header's list: a year beside a title


def _row(ws: Worksheet, row: int, values: list, columns: tuple[Column, ...] | list[Column]) -> None:
    for n, value in enumerate(values, start=1):
        put(ws, row, n, value)
        cell = ws.cell(row=row, column=n)
        cell.font, cell.border, cell.alignment = BODY_FONT, BORDER, _LEFT if ws.title == HEAD else _WRAP
        if ws.title == HEAD and n == 3:
            cell.font = _TECHNICAL
        if isinstance(value, float):
            cell.number_format = "General"
    lines = max(text_lines(v, width(c)) for v, c in zip(values, columns, strict=True))
    ws.row_dimensions[row].height = min(12.75 * max(lines, 1) + 2, MAX_ROW)


def build_book(values: dict) -> Workbook:
    """The workbook of a methodology's values (as tomllib reads its file)."""
    wb = Workbook()
    wb.remove(wb.active)
    head = values.get("methodology", {})
    ws = _sheet(wb, HEAD, HEAD_COLUMNS)
    row = 2
    for table, key, label, kind in HEAD_ROWS:
        part = values.get(table, {})
        if key in ("year", "years") and key not in head and (key == "years" or "years" in head):
            continue  # one of the two: the one the file has (a year when it has neither)
        value = part.get(key)
        if kind == "years" and value is not None:
            value = ", ".join(str(y) for y in value)
        _row(ws, row, [label, _number(value), f"{table}.{key}"], HEAD_COLUMNS)
        row += 1
    sections, items, inputs, options = (_sheet(wb, t, COLUMNS[t]) for t in (SECTIONS, ITEMS, INPUTS, OPTIONS))
    rows = {SECTIONS: 2, ITEMS: 2, INPUTS: 2, OPTIONS: 2}

    def add(ws: Worksheet, columns: tuple[Column, ...], table: dict, first: list) -> None:
        cells = first + [_shown(c, table.get(c.key)) for c in columns[len(first):]]
        _row(ws, rows[ws.title], cells, columns)
        rows[ws.title] += 1

    for section in values.get("section", []):
        add(sections, SECTION_COLUMNS, section, [])
        for item in section.get("item", []):
            add(items, ITEM_COLUMNS, item, [section.get("number")])
            for f in item.get("input", []):
                add(inputs, INPUT_COLUMNS, f, [item.get("number")])
                for option in f.get("options", []):
                    add(options, OPTION_COLUMNS, option, [item.get("number"), f.get("key")])
    for ws in wb.worksheets:
        ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    wb.properties.title = str(head.get("title", ""))[:200]
    return wb


def to_xlsx(source: Path | str | dict, out: Path | str) -> Path:
    """Write the book of a methodology file (checked by the loader first: a refused file raises MethodologyError
    with its problems) or of a methodology's values (as the editor holds them: checked by check_values); the book
    appears whole or not at all."""
    if isinstance(source, dict):
        values = source
        _, problems = check_values(values, "")
        if problems:
            raise MethodologyError("Методика не выгружена в книгу: в ней есть ошибки (" + str(len(problems)) +
                                   "). Исправьте их", tuple(p.text for p in problems))
    else:
        load_methodology(source)  # the loader's refusal, with the file's lines
        values = parse_toml(read_text(source), str(source))
    wb = build_book(values)
    return write_atomically(out, lambda tmp: save_workbook(wb, tmp))


# -- reading -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetProblem:
    """One problem of a book: where it is (a sheet, its row and the column's header; any may be missing) and what.
    `path`: the key path of the loader's problem (None for a problem of reading)."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    path: Path_ | None = None

    @property
    def where(self) -> str:
        parts = [f"лист «{self.sheet}»"] if self.sheet else []
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец «{self.column}»")
        return ", ".join(parts)

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class BookRead:
    """What a book holds: the file's values (None when the book could not be read at all), the methodology the
    loader makes of them (None while a problem remains) and every problem."""

    values: dict | None
    methodology: Methodology | None
    problems: list[SheetProblem]

    @property
    def text(self) -> str | None:
        """The methodology file's text (laid out like the shipped file), or None while a problem remains."""
        if self.methodology is None or self.values is None or self.problems:
            return None
        return dump_values(self.values)


Cell = tuple[str, int | None, str | None]


@dataclass
class _Reader:
    """Reads the sheets' rows into the file's values, remembering the cell each value came from."""

    sheets: dict[str, list[tuple]]
    values: dict = field(default_factory=dict)
    cells: dict[Path_, Cell] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)
    broken: bool = False  # a sheet or a column missing: the loader is not asked

    def fail(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(SheetProblem(sheet, row, column, message))

    def rows(self, sheet: str) -> tuple[list[tuple[int, dict[str, Any]]], bool]:
        """The sheet's rows after the header, each by its number and its cells by column title; empty rows skipped.
        False when the sheet or one of its columns is missing."""
        found = self.sheets.get(sheet)
        if found is None:
            self.fail(sheet, None, None, f"в книге нет листа «{sheet}» — листы книги: {', '.join(SHEETS)}; "
                                         "верните лист или выгрузите методику в книгу заново")
            self.broken = True
            return [], False
        header = [_fold(v) for v in found[0]] if found else []
        where: dict[str, int] = {}
        ok = True
        for column in COLUMNS[sheet]:
            if _fold(column.title) in header:
                where[column.title] = header.index(_fold(column.title))
            elif column.required:
                self.fail(sheet, 1, column.title, "нет такого столбца (заголовки столбцов — в первой строке): "
                                                  "верните его или выгрузите методику в книгу заново")
                ok = False
        if not ok:
            self.broken = True
            return [], False
        out = []
        for number, raw in enumerate(found[1:], start=2):
            cells = {title: raw[i] if i < len(raw) else "" for title, i in where.items()}
            if any(not _empty(v) for v in cells.values()):
                out.append((number, cells))
        return out, True

    def value(self, sheet: str, row: int, column: Column, raw: Any) -> tuple[bool, Any]:
        """(present, value) of a cell as the file writes it; a cell that does not read is a problem (not present)."""
        if _empty(raw):
            return False, None
        try:
            return True, _read(column.kind, raw)
        except ValueError as exc:
            self.fail(sheet, row, column.title, str(exc))
            return False, None

    def put(self, table: dict, path: Path_, sheet: str, row: int, cells: dict[str, Any],
            columns: tuple[Column, ...]) -> None:
        """A row's cells into a table of the file (an empty cell: the key is left out)."""
        self.cells[path] = (sheet, row, None)
        for column in columns:
            if not column.key or column.title not in cells:
                continue
            self.cells[(*path, column.key)] = (sheet, row, column.title)
            present, value = self.value(sheet, row, column, cells[column.title])
            if present:
                table[column.key] = value

    def read(self) -> None:
        self._head()
        sections = self._sections()
        items = self._items(sections)
        inputs = self._inputs(items)
        self._options(inputs)

    def _head(self) -> None:
        rows, ok = self.rows(HEAD)
        if not ok:
            return
        self.cells[("methodology",)] = self.cells[("total",)] = (HEAD, None, None)
        by_label = {_fold(label): (table, key, kind) for table, key, label, kind in HEAD_ROWS}
        by_key = {f"{table}.{key}": (table, key, kind) for table, key, _, kind in HEAD_ROWS}
        seen: dict[str, int] = {}
        for row, cells in rows:
            key_cell, label = str(cells["Ключ"]).strip(), _fold(cells["Параметр"])
            found = by_key.get(key_cell) if key_cell else by_label.get(label)
            if found is None:
                if key_cell.startswith(("methodology.", "total.")):  # a key the loader will name as unknown
                    table, _, key = key_cell.partition(".")
                    found = (table, key, "text")
                elif not key_cell and not label:
                    self.fail(HEAD, row, "Параметр", "не указано, какой это параметр: впишите его название в "
                                                     "столбец «Параметр» или ключ в столбец «Ключ»")
                    continue
                else:
                    self.fail(HEAD, row, "Ключ" if key_cell else "Параметр",
                              f"неизвестный параметр «{key_cell or cells['Параметр']}»: параметры методики — "
                              + ", ".join(f"«{label}»" for _, _, label, _ in HEAD_ROWS))
                    continue
            table, key, kind = found
            name = f"{table}.{key}"
            if name in seen:
                self.fail(HEAD, row, "Ключ", f"параметр «{key_cell or cells['Параметр']}» уже задан в строке "
                                             f"{seen[name]}: оставьте одну из строк")
                continue
            seen[name] = row
            self.cells[(table, key)] = (HEAD, row, "Значение")
            if key in ("year", "years"):
                self.cells.setdefault((table, "years" if key == "year" else "year"), (HEAD, row, "Значение"))
            present, value = self.value(HEAD, row, Column(key, "Значение", 0, kind), cells["Значение"])
            if present:
                self.values.setdefault(table, {})[key] = value
        self.values.setdefault("methodology", {})
        self.values.setdefault("total", {})

    def _sections(self) -> dict[str, dict]:
        rows, ok = self.rows(SECTIONS)
        self.cells[("section",)] = (SECTIONS, None, None)
        by_number: dict[str, dict] = {}
        if not ok:
            return by_number
        for row, cells in rows:
            index = len(self.values.setdefault("section", []))
            section: dict = {}
            self.values["section"].append(section)
            self.put(section, ("section", index), SECTIONS, row, cells, SECTION_COLUMNS)
            self.cells[("section", index, "item")] = (SECTIONS, row, "Номер раздела")
            section["_path"] = ("section", index)
            by_number.setdefault(str(section.get("number", "")), section)
        return by_number

    def _items(self, sections: dict[str, dict]) -> dict[str, dict]:
        rows, ok = self.rows(ITEMS)
        by_number: dict[str, dict] = {}
        if not ok:
            return by_number
        for row, cells in rows:
            present, number = self.value(ITEMS, row, ITEM_COLUMNS[1], cells[ITEM_COLUMNS[1].title])
            given, parent = self.value(ITEMS, row, ITEM_COLUMNS[0], cells["Раздел"])
            if not given and present:
                parent = str(number).partition(".")[0]  # «2.9»: of section 2
            section = sections.get(str(parent))
            if section is None:
                self.fail(ITEMS, row, "Раздел", f"раздела «{parent}» нет на листе «{SECTIONS}»" if given or present
                          else "укажите номер раздела, к которому относится пункт")
                continue
            s_path = section["_path"]
            index = len(section.setdefault("item", []))
            item: dict = {}
            section["item"].append(item)
            path = (*s_path, "item", index)
            self.put(item, path, ITEMS, row, cells, ITEM_COLUMNS)
            self.cells[(*path, "input")] = (ITEMS, row, ITEM_COLUMNS[1].title)
            item["_path"] = path
            if "number" in item:
                by_number.setdefault(str(item["number"]), item)
        return by_number

    def _inputs(self, items: dict[str, dict]) -> dict[tuple[str, str], dict]:
        rows, ok = self.rows(INPUTS)
        by_key: dict[tuple[str, str], dict] = {}
        if not ok:
            return by_key
        for row, cells in rows:
            _, number = self.value(INPUTS, row, INPUT_COLUMNS[0], cells["Пункт"])
            item = items.get(str(number))
            if item is None:
                self.fail(INPUTS, row, "Пункт", f"пункта «{number}» нет на листе «{ITEMS}»" if number is not None
                          else "укажите номер пункта, к которому относится поле")
                continue
            i_path = item["_path"]
            index = len(item.setdefault("input", []))
            f: dict = {}
            item["input"].append(f)
            path = (*i_path, "input", index)
            self.put(f, path, INPUTS, row, cells, INPUT_COLUMNS)
            if index == 0:
                self.cells[(*i_path, "input")] = (INPUTS, row, "Ключ поля")
            self.cells[(*path, "options")] = (INPUTS, row, "Вид")
            rule = RULES.get(str(item.get("rule", "")))
            if "kind" not in f and rule is not None:  # the rule fixes the kind: an empty cell takes it
                f["kind"] = rule.input_kind
            f["_path"] = path
            by_key.setdefault((str(number), str(f.get("key", ""))), f)
        return by_key

    def _options(self, inputs: dict[tuple[str, str], dict]) -> None:
        rows, ok = self.rows(OPTIONS)
        if not ok:
            return
        first: set[int] = set()
        for row, cells in rows:
            _, number = self.value(OPTIONS, row, OPTION_COLUMNS[0], cells["Пункт"])
            _, key = self.value(OPTIONS, row, OPTION_COLUMNS[1], cells["Ключ поля"])
            f = inputs.get((str(number), str(key)))
            if f is None:
                self.fail(OPTIONS, row, "Ключ поля", f"у пункта «{number}» нет поля «{key}» на листе «{INPUTS}»")
                continue
            path = (*f["_path"], "options")
            index = len(f.setdefault("options", []))
            option: dict = {}
            f["options"].append(option)
            if id(f) not in first:
                first.add(id(f))
                self.cells[path] = (OPTIONS, row, None)
            self.put(option, (*path, index), OPTIONS, row, cells, OPTION_COLUMNS)

    def plain(self) -> dict:
        """The values without the reader's own marks."""
        def clean(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items() if k != "_path"}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value
        return clean(self.values)

    def place(self, problem: Problem) -> SheetProblem:
        """A loader's problem at the cell its key path came from (the nearest table written, for a key missing)."""
        for end in range(len(problem.path), -1, -1):
            cell = self.cells.get(problem.path[:end])
            if cell is not None:
                return SheetProblem(*cell, _message(problem), problem.path)
        return SheetProblem("", None, None, _message(problem), problem.path)


def _fold(value: Any) -> str:
    return " ".join(str(value).split()).casefold().replace("ё", "е")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(_number(value))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise ValueError("в ячейке дата или время, а ожидается текст: впишите текст (формат ячейки «Текстовый»)")
    return str(value)


def _read_number(value: Any) -> int | float:
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise ValueError("ожидается число, например 100 или 0,25")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("ожидается число, например 100 или 0,25")
        return _number(float(value)) if isinstance(value, float) else value
    try:
        number = parse_number(str(value), "100 или 0,25")
    except InputRefused as exc:
        raise ValueError(str(exc)) from None
    if number is None:
        raise ValueError("ожидается число, например 100 или 0,25")
    return _number(number)


def _read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _fold(value)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"«{_text(value)[:40]}» — ожидается «да» или «нет»")


def _read_year(value: Any) -> int:
    number = _read_number(value) if not isinstance(value, str) or value.strip().isdigit() else None
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValueError(f"«{_text(value)[:40]}» — не год; ожидается год, например 2027")
    return number


def _read_years(value: Any) -> list[int]:
    parts = [p for p in re.split(r"[,;\s]+", _text(value)) if p] if isinstance(value, str) else [value]
    if not parts:
        raise ValueError("укажите годы через запятую, например 2027, 2028")
    return [_read_year(p) for p in parts]


def _read_rule(value: Any) -> str:
    word = _fold(value)
    for rule in RULES.values():
        if word in (_fold(rule.short), rule.name):
            return rule.name
    raise ValueError(f"неизвестное правило «{_text(value)[:40]}»; допустимы: "
                     + ", ".join(f"«{rule_title(r)}»" for r in RULES))


def _read_pairs(value: Any) -> list[list[str]]:
    pairs = []
    for part in re.split(r"[;\n]+", _text(value)):
        if not part.strip():
            continue
        keys = [k.strip() for k in part.split("/")]
        if len(keys) != 2 or not all(keys):
            raise ValueError(f"пара «{part.strip()[:40]}» не читается: пишите ключи полей через «/» (A1/B1), "
                             "пары — через «;» (A1/B1; A2/B2)")
        pairs.append(keys)
    return pairs


def _read_word(words: dict[str, str]) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        text = _text(value)
        return next((name for name, word in words.items() if _fold(word) == _fold(text)), text)
    return read


_READERS: dict[str, Callable[[Any], Any]] = {
    "text": _text, "number": _read_number, "bool": _read_bool, "year": _read_year, "years": _read_years,
    "rule": _read_rule, "pairs": _read_pairs, **{kind: _read_word(words) for kind, words in _WORDS.items()}}


def _read(kind: str, value: Any) -> Any:
    return _READERS[kind](value)


# The loader speaks of the file; the book's reader sees cells: a few of its words said as the sheet says them
_SAID = (
    ("ожидается непустой текст", "ячейка пуста — впишите текст"),
    ("не указано число", "ячейка пуста — впишите число"),
)
_EMPTY_LIST = {"section": f"нет ни одного раздела: впишите разделы на лист «{SECTIONS}»",
               "item": f"у раздела нет пунктов: впишите их на лист «{ITEMS}» с номером этого раздела",
               "input": f"у пункта нет полей: впишите их на лист «{INPUTS}» с номером этого пункта",
               "options": f"у поля нет вариантов: впишите их на лист «{OPTIONS}»",
               "pairs": "не указаны пары полей: впишите их, например A1/B1; A2/B2"}


def _message(problem: Problem) -> str:
    """A problem as the book says it: an empty cell or list by what to write where, the rest in words."""
    last = next((p for p in reversed(problem.path) if isinstance(p, str)), "")
    if problem.message == "ожидается непустой список" and last in _EMPTY_LIST:
        return _EMPTY_LIST[last]
    for said, words in _SAID:
        if problem.message == said:
            return words
    return problem_words(problem)


def problem_words(problem: Problem) -> str:
    """The loader's message in the methodologist's words: rules by their Russian names, parameters by their column
    titles, kinds in words (the editor and the book say problems alike)."""
    message = problem.message
    for name, rule in RULES.items():  # «правила flags» → «правила «требования»»
        message = re.sub(rf"(правил[аоу]|правилу) {name}\b", rf"\1 «{rule_title(rule.name)}»", message)
    for key, column in PARAM_COLUMNS.items():  # «нет параметра «weight»» → «нет параметра «Вес требования»»
        message = message.replace(f"параметра «{key}»", f"параметра «{column.title}»")
    for kind, word in KINDS.items():
        message = message.replace(f"вида {kind}", f"вида «{word}»")
    return message


def _order(problem: SheetProblem) -> tuple[int, int, int]:
    sheet = SHEETS.index(problem.sheet) if problem.sheet in SHEETS else len(SHEETS)
    columns = [c.title for c in COLUMNS.get(problem.sheet, ())]
    column = columns.index(problem.column) if problem.column in columns else -1
    return sheet, problem.row or 0, column


def read_rows(sheets: dict[str, list[tuple]], name: str = "") -> BookRead:
    """Read a book's sheets (rows of cell values by sheet name, as the bounded reader gives them)."""
    reader = _Reader(sheets)
    reader.read()
    if reader.broken:
        return BookRead(None, None, sorted(reader.problems, key=_order))
    values = reader.plain()
    methodology, found = check_values(values, name)
    taken = {(p.sheet, p.row, p.column) for p in reader.problems}
    placed = [p for p in (reader.place(p) for p in found) if (p.sheet, p.row, p.column) not in taken]
    unique = list(dict.fromkeys(reader.problems + placed))
    return BookRead(values, methodology if not unique else None, sorted(unique, key=_order))


def read_book(book: Path | str) -> BookRead:
    """Read a methodology's book (.xlsx, an Excel 97–2003 .xls or a LibreOffice .ods) through the bounded reader; a
    book the reader refuses is one problem."""
    try:
        sheets = read_sheets(book, other_formats=True)
    except InputRefused as exc:
        return BookRead(None, None, [SheetProblem("", None, None, str(exc))])
    return read_rows(sheets, Path(book).name)


def from_xlsx(book: Path | str, out: Path | str) -> BookRead:
    """Read the book and, when it holds a methodology with no problem, write its file (laid out like the shipped
    one, whole or not at all). Nothing is written while a problem remains: see the result's problems."""
    read = read_book(book)
    if read.text is not None:
        write_bytes_atomically(Path(out), read.text.encode("utf-8"))
    return read
