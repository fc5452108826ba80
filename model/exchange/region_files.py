"""The files the region sends down to the districts: the package for a year and the answers after a merge.

Both are one UTF-8 JSON document (README «Files from the region» is the contract: fields, meaning, bounds). The
`format` field tells them apart; `format_version` is 1 and a reader of version 1 refuses a later one by name. A file
is bounded before it is parsed (size), and every value is checked after (types, ranges, counts, texts): what comes
from outside is refused with a Russian sentence naming the place, never half-read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from model.base.faults import os_reason
from model.base.files import write_bytes_atomically
from model.base.period import Period
from model.base.ru import control_char, control_problem, format_number
from model.errors import ImportRefused
from model.exchange.seal import valid_key

PACKAGE_FORMAT = "omsu-region-package"
ANSWERS_FORMAT = "omsu-region-answers"
FORMAT_VERSION = 1
MAX_FILE = 32 * 1024 * 1024  # 2 300 municipalities with every target take about 3 MB; a methodology about 20 KB
MAX_MUNICIPALITIES = 5_000  # the whole country has about 2 300 districts and okrugs
MAX_METHODOLOGIES = 20
MAX_METHODOLOGY_TEXT = 2 * 1024 * 1024
MAX_TARGETS = 2_000  # plan targets or indicator plans of one municipality
MAX_TEXT = 2_000  # a name, a region, a reason
MAX_REASONS = 200
MAX_COUNT = 100_000_000  # registrations, population (as model.areas.esia)
MAX_VALUE = 1e12  # an indicator's plan (as model.areas.indicators)
STATUSES = {"accepted": "принят", "returned": "возвращён на доработку", "missing": "не представлен"}


# -- the package ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    region: str
    year: int
    version: int  # counted by the region for the year: a higher version replaces a lower one
    made_at: datetime
    program_version: str = ""


@dataclass(frozen=True)
class MethodologyFile:
    file: str  # the name it had at the region («popularization-2027.toml»)
    text: str  # the whole TOML text, checked by the methodology loader when applied


@dataclass(frozen=True)
class PlanTarget:
    """A value of the popularization plan the region sets: item 1.3's C for a quarter (the methodology's keys)."""

    quarter: int
    item: str
    field: str
    value: float


@dataclass(frozen=True)
class IndicatorPlan:
    number: str  # the indicator's number as the district's list has it («1», «2.1»)
    quarter: int  # 1–4, or YEAR (0) for the whole year's plan
    plan: float


@dataclass(frozen=True)
class Targets:
    """One municipality's row of the region's table."""

    name: str
    oktmo: str
    key: str | None = None  # the district's seal key (64 hex digits); None in a package made without keys
    registered_start: int | None = None  # R0: registered in ESIA by the end of last year
    target_end: float | None = None  # T: the target by the end of the year
    population: int | None = None  # N
    plan: tuple[PlanTarget, ...] = ()
    indicators: tuple[IndicatorPlan, ...] = ()
    services_share: dict[int, float] = field(default_factory=dict)  # МСЗУ: planned electronic share, %, by quarter


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    methodologies: tuple[MethodologyFile, ...]
    deadlines: dict[int, date]  # quarter → the day its report is due
    municipalities: tuple[Targets, ...]

    def find(self, oktmo: str) -> Targets | None:
        return next((t for t in self.municipalities if t.oktmo == oktmo), None)


def place_change(place: int | None, previous_place: int | None) -> int | None:
    """Places gained (positive) or lost against the previous quarter; None without both places."""
    if place is None or previous_place is None:
        return None
    return previous_place - place


# -- the answers ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    name: str
    oktmo: str
    status: str  # "accepted", "returned", "missing" (STATUSES gives the words)
    reasons: tuple[str, ...] = ()  # the merge's problems with the book
    remarks: tuple[str, ...] = ()  # what the region typed
    file: str = ""
    revision: int | None = None
    total: float | None = None  # P, unrounded
    place: int | None = None
    previous_place: int | None = None  # in the previous quarter's merge, from the region's history

    @property
    def place_change(self) -> int | None:
        return place_change(self.place, self.previous_place)

    @property
    def status_words(self) -> str:
        return STATUSES[self.status]


@dataclass(frozen=True)
class Answers:
    region: str
    period: Period
    made_at: datetime
    municipalities: tuple[Answer, ...]
    mean: float | None = None
    median: float | None = None
    expected: int = 0
    program_version: str = ""

    def find(self, oktmo: str) -> Answer | None:
        return next((a for a in self.municipalities if a.oktmo == oktmo), None)


# -- writing -------------------------------------------------------------------------------------------------------
def package_json(package: Package) -> dict[str, Any]:
    m = package.manifest
    return {
        "format": PACKAGE_FORMAT, "format_version": FORMAT_VERSION,
        "manifest": {"region": m.region, "year": m.year, "version": m.version, "made_at": m.made_at.isoformat(),
                     "program_version": m.program_version},
        "methodologies": [{"file": f.file, "text": f.text} for f in package.methodologies],
        "deadlines": {str(q): d.isoformat() for q, d in sorted(package.deadlines.items())},
        "municipalities": [_targets_json(t) for t in package.municipalities],
    }


def _targets_json(t: Targets) -> dict[str, Any]:
    out: dict[str, Any] = {"name": t.name, "oktmo": t.oktmo}
    if t.key is not None:
        out["key"] = t.key
    esia = {k: v for k, v in (("registered_start", t.registered_start), ("target_end", t.target_end),
                              ("population", t.population)) if v is not None}
    if esia:
        out["esia"] = esia
    if t.plan:
        out["plan"] = [{"quarter": p.quarter, "item": p.item, "field": p.field, "value": p.value} for p in t.plan]
    if t.indicators:
        out["indicators"] = [{"number": i.number, "quarter": i.quarter, "plan": i.plan} for i in t.indicators]
    if t.services_share:
        out["services_share"] = {str(q): v for q, v in sorted(t.services_share.items())}
    return out


def answers_json(answers: Answers) -> dict[str, Any]:
    return {
        "format": ANSWERS_FORMAT, "format_version": FORMAT_VERSION,
        "manifest": {"region": answers.region, "period": str(answers.period), "made_at": answers.made_at.isoformat(),
                     "program_version": answers.program_version},
        "mean": answers.mean, "median": answers.median, "expected": answers.expected,
        "municipalities": [{"name": a.name, "oktmo": a.oktmo, "status": a.status, "reasons": list(a.reasons),
                            "remarks": list(a.remarks), "file": a.file, "revision": a.revision, "total": a.total,
                            "place": a.place, "previous_place": a.previous_place, "place_change": a.place_change}
                           for a in answers.municipalities],
    }


def write(path: Path | str, document: Package | Answers) -> Path:
    """The file, whole or not at all."""
    data = package_json(document) if isinstance(document, Package) else answers_json(document)
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    return write_bytes_atomically(path, text.encode("utf-8"))


# -- reading -------------------------------------------------------------------------------------------------------
class _Place:
    """Where in the file a value is, for the message: «муниципалитет 3 («Калга»), esia.target_end»."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> ImportRefused:
        return ImportRefused(f"Файл {self.name}: {where}: {message}. Файл не загружен — запросите его у региона "
                             "заново")


def read(path: Path | str) -> Package | Answers:
    """A package or answers file from the region, checked whole; ImportRefused says in Russian why it cannot be used."""
    path = Path(path)
    place = _Place(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise ImportRefused(f"Файл {path.name} ({size // (1024 * 1024)} МБ) слишком велик для файла из региона "
                                f"(не больше {MAX_FILE // (1024 * 1024)} МБ): это не пакет и не итоги свода")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise ImportRefused(f"Файл {path.name} не читается: {os_reason(exc)}") from None
    return parse(raw, path.name, place)


def parse(raw: bytes, name: str, place: _Place | None = None) -> Package | Answers:
    place = place or _Place(name)
    if len(raw) > MAX_FILE:
        raise ImportRefused(f"Файл {name} слишком велик для файла из региона")
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        if _begins_like_ours(raw):
            raise ImportRefused(f"Файл {name} повреждён или обрезан (дочитать его до конца нельзя): вероятно, он не "
                                "дописан или испорчен при пересылке — попросите регион прислать его заново") from None
        raise ImportRefused(f"Файл {name} — не пакет и не итоги свода из региона (не читается как файл программы). "
                            "Выберите файл, который прислал регион: «Пакет_…json» или «Итоги_…json»") from None
    if not isinstance(data, dict) or data.get("format") not in (PACKAGE_FORMAT, ANSWERS_FORMAT):
        raise ImportRefused(f"Файл {name} — не пакет и не итоги свода из региона. Выберите файл, который прислал "
                            "регион: «Пакет_…json» или «Итоги_…json»")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ImportRefused(f"Файл {name} записан в формате версии {str(version)[:10]}, а эта программа читает "
                            f"версию {FORMAT_VERSION}: обновите программу или попросите регион выгрузить файл заново")
    if data["format"] == PACKAGE_FORMAT:
        return _package(data, place)
    return _answers(data, place)


def _begins_like_ours(raw: bytes) -> bool:
    """Whether the bytes begin as a file of ours does (a package or answers cut short, not some other file)."""
    head = raw[:400].decode("utf-8-sig", errors="ignore").lstrip()
    return head.startswith("{") and ('"format"' in head and ("omsu-region-" in head or len(head) < 40))


def _no_constant(name: str) -> object:
    raise ValueError(name)


def _package(data: dict, p: _Place) -> Package:
    m = _obj(data, "manifest", p, "manifest")
    manifest = Manifest(region=_text(m, "region", p, "manifest.region"), year=_year(m, p),
                        version=_int(m, "version", p, "manifest.version", 1, 1_000_000),
                        made_at=_datetime(m, "made_at", p, "manifest.made_at"),
                        program_version=_text(m, "program_version", p, "manifest.program_version", empty=True))
    files = _list(data, "methodologies", p, "methodologies", MAX_METHODOLOGIES)
    methodologies = []
    for n, f in enumerate(files, start=1):
        where = f"methodologies[{n}]"
        if not isinstance(f, dict):
            raise p.fail(where, "ожидается объект с полями file и text")
        text = f.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_METHODOLOGY_TEXT:
            raise p.fail(where, "текст методики пуст или слишком велик")
        methodologies.append(MethodologyFile(_text(f, "file", p, where + ".file"), text))
    deadlines: dict[int, date] = {}
    raw_deadlines = data.get("deadlines", {})
    if not isinstance(raw_deadlines, dict) or len(raw_deadlines) > 4:
        raise p.fail("deadlines", "ожидаются сроки по кварталам 1–4")
    for q, day in raw_deadlines.items():
        if q not in ("1", "2", "3", "4"):
            raise p.fail("deadlines", f"квартал «{str(q)[:10]}» — ожидается 1, 2, 3 или 4")
        deadlines[int(q)] = _date(day, p, f"deadlines.{q}")
    rows = _list(data, "municipalities", p, "municipalities", MAX_MUNICIPALITIES)
    municipalities: list[Targets] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        t = _targets(row, p, f"municipalities[{n}]")
        if t.oktmo in seen:
            raise p.fail(f"municipalities[{n}]", f"ОКТМО {t.oktmo} встречается дважды")
        seen.add(t.oktmo)
        municipalities.append(t)
    return Package(manifest, tuple(methodologies), deadlines, tuple(municipalities))


def _targets(row: object, p: _Place, where: str) -> Targets:
    if not isinstance(row, dict):
        raise p.fail(where, "ожидается объект муниципалитета")
    name = _text(row, "name", p, where + ".name")
    where = f"{where} («{name[:60]}»)"
    oktmo = _oktmo(row, p, where)
    key = row.get("key")
    if key is not None and not valid_key(key):
        raise p.fail(where + ".key", "ключ печати района — 64 шестнадцатеричные цифры")
    esia = row.get("esia", {})
    if not isinstance(esia, dict):
        raise p.fail(where + ".esia", "ожидается объект")
    plan = []
    for n, t in enumerate(_list(row, "plan", p, where + ".plan", MAX_TARGETS, optional=True), start=1):
        w = f"{where}.plan[{n}]"
        if not isinstance(t, dict):
            raise p.fail(w, "ожидается объект")
        plan.append(PlanTarget(_int(t, "quarter", p, w + ".quarter", 1, 4), _text(t, "item", p, w + ".item"),
                               _text(t, "field", p, w + ".field"), _number(t, "value", p, w + ".value", 0, MAX_COUNT)))
    indicators = []
    for n, t in enumerate(_list(row, "indicators", p, where + ".indicators", MAX_TARGETS, optional=True), start=1):
        w = f"{where}.indicators[{n}]"
        if not isinstance(t, dict):
            raise p.fail(w, "ожидается объект")
        indicators.append(IndicatorPlan(_text(t, "number", p, w + ".number"),
                                        _int(t, "quarter", p, w + ".quarter", 0, 4),
                                        _number(t, "plan", p, w + ".plan", -MAX_VALUE, MAX_VALUE)))
    shares_raw = row.get("services_share", {})
    if not isinstance(shares_raw, dict) or len(shares_raw) > 4:
        raise p.fail(where + ".services_share", "ожидается доля по кварталам 1–4")
    shares: dict[int, float] = {}
    for q in shares_raw:
        if q not in ("1", "2", "3", "4"):
            raise p.fail(where + ".services_share", f"квартал «{str(q)[:10]}» — ожидается 1, 2, 3 или 4")
        shares[int(q)] = _number(shares_raw, q, p, f"{where}.services_share.{q}", 0, 100)
    return Targets(name=name, oktmo=oktmo, key=key,
                   registered_start=_optional_int(esia, "registered_start", p, where + ".esia.registered_start"),
                   target_end=_optional_number(esia, "target_end", p, where + ".esia.target_end"),
                   population=_optional_int(esia, "population", p, where + ".esia.population"),
                   plan=tuple(plan), indicators=tuple(indicators), services_share=shares)


def _answers(data: dict, p: _Place) -> Answers:
    m = _obj(data, "manifest", p, "manifest")
    period_text = _text(m, "period", p, "manifest.period")
    try:
        period = Period.parse(period_text)
    except ValueError:
        raise p.fail("manifest.period", f"период «{period_text[:20]}» — ожидается вида 2027-Q1") from None
    rows = _list(data, "municipalities", p, "municipalities", MAX_MUNICIPALITIES)
    out: list[Answer] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        where = f"municipalities[{n}]"
        if not isinstance(row, dict):
            raise p.fail(where, "ожидается объект муниципалитета")
        name = _text(row, "name", p, where + ".name")
        where = f"{where} («{name[:60]}»)"
        oktmo = _oktmo(row, p, where, empty=True)
        status = row.get("status")
        if status not in STATUSES:
            raise p.fail(where + ".status", "ожидается accepted, returned или missing")
        key = oktmo or name.casefold()
        if key in seen:
            raise p.fail(where, "муниципалитет встречается дважды")
        seen.add(key)
        out.append(Answer(
            name=name, oktmo=oktmo, status=status, reasons=_texts(row, "reasons", p, where + ".reasons"),
            remarks=_texts(row, "remarks", p, where + ".remarks"),
            file=_text(row, "file", p, where + ".file", empty=True),
            revision=_optional_int(row, "revision", p, where + ".revision", 1, 10_000),
            total=_optional_number(row, "total", p, where + ".total", 0, MAX_VALUE),
            place=_optional_int(row, "place", p, where + ".place", 1, MAX_MUNICIPALITIES),
            previous_place=_optional_int(row, "previous_place", p, where + ".previous_place", 1, MAX_MUNICIPALITIES)))
    return Answers(region=_text(m, "region", p, "manifest.region", empty=True), period=period,
                   made_at=_datetime(m, "made_at", p, "manifest.made_at"), municipalities=tuple(out),
                   mean=_optional_number(data, "mean", p, "mean", 0, MAX_VALUE),
                   median=_optional_number(data, "median", p, "median", 0, MAX_VALUE),
                   expected=_optional_int(data, "expected", p, "expected", 0, MAX_MUNICIPALITIES) or 0,
                   program_version=_text(m, "program_version", p, "manifest.program_version", empty=True))


# -- checked values ------------------------------------------------------------------------------------------------
def _obj(data: dict, key: str, p: _Place, where: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise p.fail(where, "нет раздела или он не объект")
    return value


def _list(data: dict, key: str, p: _Place, where: str, limit: int, optional: bool = False) -> list:
    value = data.get(key, [] if optional else None)
    if not isinstance(value, list):
        raise p.fail(where, "нет списка или это не список")
    if len(value) > limit:
        raise p.fail(where, f"{len(value)} записей — больше допустимых {limit}")
    return value


def _text(data: dict, key: str, p: _Place, where: str, empty: bool = False) -> str:
    value = data.get(key, "" if empty else None)
    if not isinstance(value, str):
        raise p.fail(where, "ожидается текст")
    value = value.strip()
    if not value and not empty:
        raise p.fail(where, "пусто")
    if len(value) > MAX_TEXT:
        raise p.fail(where, f"текст длиннее {MAX_TEXT} знаков")
    if (bad := control_char(value)) is not None:
        raise p.fail(where, control_problem(bad, value))
    return value


def _texts(data: dict, key: str, p: _Place, where: str) -> tuple[str, ...]:
    values = _list(data, key, p, where, MAX_REASONS, optional=True)
    out = []
    for n, v in enumerate(values, start=1):
        if not isinstance(v, str) or len(v) > MAX_TEXT * 5:
            raise p.fail(f"{where}[{n}]", "ожидается текст")
        if (bad := control_char(v, multiline=True)) is not None:
            raise p.fail(f"{where}[{n}]", control_problem(bad, v))
        if v.strip():
            out.append(v.strip())
    return tuple(out)


def _oktmo(data: dict, p: _Place, where: str, empty: bool = False) -> str:
    value = data.get("oktmo", "")
    if not isinstance(value, str) or not (value.isascii() and value.isdigit() and len(value) in (8, 11)) and \
            not (empty and value == ""):
        raise p.fail(where + ".oktmo", f"код ОКТМО «{str(value)[:20]}» — ожидается 8 или 11 цифр")
    return value


def _check_number(value: object, p: _Place, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise p.fail(where, "ожидается число")
    if not math.isfinite(value) or not low <= value <= high:
        raise p.fail(where, f"число {format_number(value, 6)} вне допустимых пределов (от {format_number(low)} до "
                            f"{format_number(high)})")
    return value


def _number(data: dict, key: str, p: _Place, where: str, low: float, high: float) -> float:
    return float(_check_number(data.get(key), p, where, low, high))


def _optional_number(data: dict, key: str, p: _Place, where: str, low: float = 0,
                     high: float = MAX_COUNT) -> float | None:
    value = data.get(key)
    return None if value is None else float(_check_number(value, p, where, low, high))


def _int(data: dict, key: str, p: _Place, where: str, low: int, high: int) -> int:
    value = _check_number(data.get(key), p, where, low, high)
    if not float(value).is_integer():
        raise p.fail(where, "ожидается целое число")
    return int(value)


def _optional_int(data: dict, key: str, p: _Place, where: str, low: int = 0, high: int = MAX_COUNT) -> int | None:
    return None if data.get(key) is None else _int(data, key, p, where, low, high)


def _year(m: dict, p: _Place) -> int:
    return _int(m, "year", p, "manifest.year", 2000, 2100)


def _parsed(value: object, p: _Place, where: str, how: Callable[[str], Any], example: str) -> Any:
    if not isinstance(value, str) or len(value) > 40:
        raise p.fail(where, f"ожидается дата вида {example}")
    try:
        return how(value)
    except ValueError:
        raise p.fail(where, f"«{value}» — ожидается дата вида {example}") from None


def _date(value: object, p: _Place, where: str) -> date:
    return _parsed(value, p, where, date.fromisoformat, "2027-04-10")


def _datetime(data: dict, key: str, p: _Place, where: str) -> datetime:
    made = _parsed(data.get(key), p, where, datetime.fromisoformat, "2027-01-15T10:00:00")
    return made.replace(tzinfo=None) if made.tzinfo is None else made.astimezone().replace(tzinfo=None)
