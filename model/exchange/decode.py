"""decode: the `data` sheet of a workbook as a quarter's data, checked by the program's own rules, with no database.

The region reads forty workbooks this way; a district's import decodes first and applies after.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from model.areas import centers, esia, plan, region_targets
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.centers import Center, CenterQuarter, Check, StaffMember
from model.areas.esia import EsiaPlan
from model.areas.indicators import ControlPoint, Indicator, Value
from model.areas.plan import PlanEvent
from model.areas.profile import LABELS, Profile, check_profile
from model.areas.region_targets import RegionTarget, TargetChange, TargetKey
from model.base import numbers
from model.base.faults import sentence
from model.base.period import Period
from model.base.ru import clean_text
from model.base.words import counted
from model.errors import CompositeRefused, ImportRefused, InputRefused
from model.exchange.rows import HEADER, SECTIONS
from model.exchange.seal import digest, written_seal
from model.exchange.sheet import DATA_SHEET, read_data_sheet
from model.methodology import Methodology, registry
from model.quarter.quarter import Quarter, derived_sources
from model.scoring.score import check_item_inputs
from model.store import audit


def row_error(sheet: str, row: int, message: str) -> ImportRefused:
    """Why a workbook cannot be read: the sheet and the row, then the reason."""
    where = f"Лист «{sheet}», строка {row}" if row else f"Лист «{sheet}»"
    return ImportRefused(f"{where}: {message}")


@dataclass
class ReportData(Quarter):
    """A quarter as a district exported it: its data, and what the workbook says about itself."""

    file: str = ""
    exported_at: datetime | None = None
    program_version: str = ""
    stored_scores: dict[str, float | None] = field(default_factory=dict)  # "1.1", "1", "P", "1.3:raw" → as written
    seal: str | None = None  # the `meta | seal` the book carries (model/exchange/seal.py), None without one
    content_digest: str = ""  # what a seal covers: the canonical digest of the data sheet's rows


@dataclass
class _Cell:
    row: int
    value: object
    note: str = ""
    period: str = ""

    def text(self) -> str:
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))  # a code or a name a spreadsheet turned into a number: 76618000
        return "" if self.value is None else str(self.value)


_NONE = _Cell(0, None)
T = TypeVar("T")


class _CellReader:
    """Typed values out of cells; every refusal names the sheet and the row."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet

    def fail(self, cell: _Cell | int, message: str) -> ImportRefused:
        return row_error(self.sheet, cell if isinstance(cell, int) else cell.row, message)

    def number(self, cell: _Cell, what: str) -> float | None:
        value = cell.value
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.fail(cell, f"{what}: ожидается число, а не {'да' if value else 'нет'}")
        try:
            return numbers.parse(value) if isinstance(value, str) else numbers.finite(value)
        except InputRefused as exc:
            raise self.fail(cell, f"{what}: {exc}") from None

    def whole(self, cell: _Cell, what: str) -> int | None:
        value = self.number(cell, what)
        if value is None:
            return None
        if not numbers.is_whole(value):
            raise self.fail(cell, f"{what}: ожидается целое число, а не {numbers.shown(value)}")
        return int(value)

    def day(self, cell: _Cell, what: str) -> date | None:
        text = cell.text().strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise self.fail(cell, f"{what}: ожидается дата ГГГГ-ММ-ДД, а не «{text[:40]}»") from None

    def ident(self, cell: _Cell, code: str, what: str) -> int:
        """The number in the code column that names a center, an indicator or a point."""
        if not code.isdigit() or len(code) > 12:
            raise self.fail(cell, f"{what}: в столбце code ожидается номер, а не «{code[:20]}»")
        return int(code)

    def checked(self, cell: _Cell | int, what: str, check: Callable[[], T]) -> T:
        """Run a model check; its refusal becomes this row's."""
        try:
            return check()
        except (InputRefused, ValueError) as exc:
            raise self.fail(cell, f"{what}: {exc}" if what else str(exc)) from None


Grouped = dict[str, dict[str, dict[str, _Cell]]]


_EMPTY = ("", None)
# the sections whose values are kept by period and name (the others by name)
_BY_PERIOD = frozenset(("indicator_value", "indicator_score", "service_requests", "service_plan", "service_score",
                        "target", "target_change"))


def _group(rows: list[tuple], r: _CellReader) -> tuple[Grouped, list[tuple[str, _Cell]]]:
    if not rows or tuple(str(c or "").strip() for c in rows[0][:6]) != HEADER:
        raise r.fail(1, f"ожидается заголовок {' | '.join(HEADER)} — это не лист data выгрузки программы")
    grouped: Grouped = defaultdict(lambda: defaultdict(dict))
    events: list[tuple[str, _Cell]] = []
    for n, raw in enumerate(rows[1:], start=2):
        cells = raw if len(raw) == 6 else tuple(raw[:6]) + (None,) * (6 - len(raw[:6]))
        if cells[0] in _EMPTY and all(c is None or c == "" for c in cells):  # a row's first cell is rarely empty
            continue
        section, code, name, period = [c.strip() if type(c) is str else str(c if c is not None else "").strip()
                                       for c in cells[:4]]
        if section not in SECTIONS:
            raise r.fail(n, f"неизвестный раздел «{section[:40]}»")
        note = cells[5] if type(cells[5]) is str else str(cells[5] or "")
        if section == "event":
            events.append((code, _Cell(n, cells[4], note, name)))
            continue
        key = f"{period}@{name}" if section in _BY_PERIOD else name
        found = grouped[section][code]
        if key in found and section != "score":
            raise r.fail(n, f"значение {section} | {code} | {name} повторяется")
        found[key] = _Cell(n, cells[4], note, period)
    return grouped, events


def decode_rows(rows: list[tuple], file: str = "", sheet: str = DATA_SHEET) -> ReportData:
    """The quarter a `data` sheet holds, every value checked as the screens check it; ImportRefused names the row."""
    r = _CellReader(sheet)
    g, event_cells = _group(rows, r)
    meta = {code: cells.get("", _NONE) for code, cells in g["meta"].items()}
    if "period" not in meta:
        raise ImportRefused(f"Лист «{sheet}»: нет строки meta | period — это не выгрузка программы")
    period = r.checked(meta["period"], "", lambda: Period.parse(meta["period"].text()))
    method_cell = meta.get("methodology_version", meta["period"])
    methodology: Methodology = r.checked(method_cell, "", lambda: registry.find(
        meta.get("methodology_id", _NONE).text().strip(), meta.get("methodology_version", _NONE).text().strip()))
    profile = _profile(meta, r)
    inputs = _inputs(g["plan"], methodology, r)
    evidence = {number: r.checked(cells.get("text", _NONE), f"пункт {number}",
                                  partial(clean_text, cells.get("text", _NONE).text(),
                                          "Подтверждение выполнения"))
                for number, cells in g["evidence"].items()}
    events: dict[str, list[PlanEvent]] = defaultdict(list)
    for number, cell in event_cells:
        day = r.day(_Cell(cell.row, cell.period), "дата мероприятия") or date.min
        place, topic = r.checked(cell, f"мероприятие пункта {number}",
                                 partial(plan.check_event, day, cell.note, cell.text()))
        events[number].append(PlanEvent(0, day, place, topic))  # stored under a new id when applied
    center_list, quarter = _centers(g, methodology, r)
    indicators = _indicators(g, r)
    exported = meta.get("exported_at", _NONE).text()
    try:
        exported_at = datetime.fromisoformat(exported) if exported else None
        if exported_at is not None and exported_at.tzinfo is not None:  # the program writes local time: so compare
            exported_at = exported_at.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise r.fail(meta["exported_at"], f"дата выгрузки «{exported[:30]}» не читается") from None
    revision = r.whole(meta.get("revision", _Cell(0, 1)), "редакция") or 1
    if not 1 <= revision <= 10_000:
        raise r.fail(meta["revision"], f"редакция отчёта — номер от 1, а не {revision}")
    return ReportData(
        period=period, methodology=methodology, profile=profile, esia_plan=_esia(g, period.year, r),
        inputs=inputs, evidence={k: v for k, v in evidence.items() if v}, events=dict(events),
        centers=center_list, center_quarter=quarter, indicators=indicators,
        indicator_values=_indicator_values(g, period.year, r), composites=_composites(g, r, indicators),
        control_points=_points(g, r), services=_services(g, r),
        service_requests=_service_requests(g, period.year, r), service_plan=_service_plan(g, period.year, r),
        audit=_audit(g["audit"], r), generated_at=exported_at or datetime.now().replace(microsecond=0),
        file=file, exported_at=exported_at, program_version=meta.get("program_version", _NONE).text(),
        stored_scores=_stored_scores(g["score"], r),
        revision=(revision, meta.get("revision", _NONE).note),
        ratio_notes={(rule, place): cell.text() for rule, cells in g["ratio_note"].items()
                     for place, cell in cells.items() if cell.text().strip()},
        **_targets(g, r))


def decode(path: Path | str) -> ReportData:
    """Read and check a workbook the program exported; ImportRefused says in Russian why it cannot be used."""
    path = Path(path)
    rows = read_data_sheet(path)
    report = decode_rows(rows, path.name)
    report.seal, report.content_digest = written_seal(rows), digest(rows)
    return report


def _profile(meta: dict[str, _Cell], r: _CellReader) -> Profile:
    values = {f.name: meta[f.name].text().strip() for f in fields(Profile) if f.name in meta}
    profile = Profile(**{**asdict(Profile()), **values})
    problems = check_profile(profile) if profile.district else {}
    for name, problem in problems.items():
        raise r.fail(meta.get(name, _NONE), f"профиль организации, {LABELS[name]}: {problem}")
    return profile


def _inputs(cells_by_item: dict[str, dict[str, _Cell]], m: Methodology, r: _CellReader) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for number, cells in cells_by_item.items():
        first = min(cells.values(), key=lambda c: c.row)
        try:
            item = m.item(number)
        except KeyError:
            raise r.fail(first, f"в методике версии {m.version} нет пункта {number}") from None
        values: dict[str, float] = {}
        for key, cell in cells.items():
            value = r.number(cell, f"пункт {number}, «{item.label(key)}»")
            if value is not None:
                values[key] = value
        for problem in check_item_inputs(item, values):
            raise r.fail(cells.get(problem.field, first), f"пункт {number}: {problem.message}")
        out[number] = values
    return out


def _centers(g: Grouped, m: Methodology, r: _CellReader) -> tuple[list[Center], dict[int, CenterQuarter]]:
    out: list[Center] = []
    for cid, cells in g["center"].items():
        first = min(cells.values(), key=lambda c: c.row)
        staff_cells = g["center_staff"].get(cid, {})
        for key, cell in staff_cells.items():
            r.ident(cell, key.removeprefix("staff"), f"сотрудник центра {cid}")
        staff = tuple(StaffMember(c.text(), c.note.strip() == "1") for _, c in
                      sorted(staff_cells.items(), key=lambda kv: int(kv[0].removeprefix("staff"))))

        def get(key: str, default: object = "", cells: dict = cells) -> _Cell:
            return cells.get(key, _Cell(0, default))
        center_id = r.ident(first, cid, "центр обслуживания")
        center = Center(id=center_id, settlement=get("settlement").text(), address=get("address").text(),
                        host=get("host").text(), schedule=get("schedule").text(),
                        schedule_published=r.whole(get("schedule_published", 0), "график опубликован") == 1,
                        schedule_link=get("schedule_link").text(),
                        active=r.whole(get("active", 1), "центр действует") != 0, staff=staff)
        out.append(r.checked(first, f"центр {cid}", partial(centers.check_center, center)))
    out = centers.in_order(out)
    derived = next((i for i in m.items() if i.derive == "centers"), None)
    keys = tuple(f.key for f in derived.inputs) if derived else ()
    quarter: dict[int, CenterQuarter] = defaultdict(CenterQuarter)
    for cid, cells in g["center_check"].items():
        first = min(cells.values(), key=lambda c: c.row)
        checks: dict[str, Check | None] = {}
        for key in keys:
            if key in cells:
                checks[key] = Check(r.whole(cells[key], key) == 1,
                                    r.day(cells.get(f"{key}_date", _NONE), "дата проверки"),
                                    cells.get(f"{key}_note", _Cell(0, "")).text())
        unknown = [k for k in cells if k.split("_")[0] not in keys]
        if unknown:
            raise r.fail(cells[unknown[0]], f"центр {cid}: в методике нет требования «{unknown[0]}»")
        cleaned = r.checked(first, f"центр {cid}", partial(centers.check_checks, checks, keys))
        recorded = quarter[r.ident(first, cid, "центр обслуживания")]
        recorded.checks.update({k: c for k, c in cleaned.items() if c is not None})
    for cid, cells in g["center_ops"].items():
        first = min(cells.values(), key=lambda c: c.row)
        number = r.ident(first, cid, "центр обслуживания")
        changes = [(number, kind, r.whole(c, kind)) for kind, c in cells.items()]
        r.checked(first, f"центр {cid}", partial(centers.check_operations, changes))
        quarter[number].operations.update({kind: n for _, kind, n in changes if n is not None})
    known = {c.id for c in out}
    for orphan in quarter:
        if orphan not in known:
            cells = g["center_check"].get(str(orphan)) or g["center_ops"].get(str(orphan)) or {}
            raise r.fail(min((c.row for c in cells.values()), default=0),
                         f"центр {orphan}: у него есть отметки, но нет строк center с его описанием")
    return out, dict(quarter)


def _esia(g: Grouped, year: int, r: _CellReader) -> EsiaPlan:
    y = str(year)
    cells, months = g["esia"].get(y, {}), g["esia_month"].get(y, {})
    first = min([*cells.values(), *months.values()], key=lambda c: c.row, default=_NONE)
    values = EsiaPlan(
        year=year,
        registered_start=r.whole(cells.get("registered_start", _NONE), esia.FIELDS["registered_start"]),
        target_end=r.number(cells.get("target_end", _NONE), esia.FIELDS["target_end"]),
        population=r.whole(cells.get("population", _NONE), esia.FIELDS["population"]),
        total_registered=r.whole(cells.get("total_registered", _NONE), esia.FIELDS["total_registered"]),
        total_as_of=r.day(cells.get("total_as_of", _NONE), "дата, на которую указано «всего»"),
        months={r.ident(c, k, "месяц"): r.whole(c, f"месяц {k}") or 0 for k, c in months.items()
                if c.value not in (None, "")})
    problem = esia.check_plan(values)
    if problem:
        raise r.fail(first, f"регистрации в ЕСИА за {year} год: {problem}")
    return values


def _indicators(g: Grouped, r: _CellReader) -> list[Indicator]:
    found: list[tuple[int, Indicator]] = []
    for iid, cells in g["indicator"].items():
        first = min(cells.values(), key=lambda c: c.row)

        def get(key: str, default: object = "", cells: dict = cells, row: int = first.row) -> _Cell:
            return cells.get(key, _Cell(row, default))
        indicator = Indicator(id=r.ident(first, iid, "показатель"), name=get("name").text(),
                              number=get("number").text(), kind=get("kind", "основной").text(),
                              unit=get("unit", "%").text(), territory=get("territory").text(),
                              base_value=r.number(get("base_value", None), "базовое значение"),
                              base_date=r.day(get("base_date", None), "дата базового значения"),
                              direction=get("direction", "up").text(),
                              decimals=r.whole(get("decimals", 2), "знаков после запятой") or 0,
                              active=r.whole(get("active", 1), "показатель действует") != 0)
        checked = r.checked(first, f"показатель {iid}", partial(ind.check_indicator, indicator))
        found.append((r.whole(get("position", 0), "порядок") or 0, checked))
    return [i for _, i in sorted(found, key=lambda pi: (pi[0], pi[1].id or 0))]


def _indicator_values(g: Grouped, year: int, r: _CellReader) -> dict[tuple[int, int], dict[int, Value]]:
    out: dict[tuple[int, int], dict[int, Value]] = {(year, q): {} for q in range(5)}
    for code, cells in g["indicator_value"].items():
        first_row = min(cells.values(), key=lambda c: c.row)
        if code not in g["indicator"]:
            raise r.fail(first_row, f"значения показателя {code[:20]}: нет строк indicator с его описанием")
        indicator_id = r.ident(first_row, code, "показатель")
        by_period: dict[str, dict[str, _Cell]] = defaultdict(dict)
        for key, cell in cells.items():
            period_key, _, name = key.partition("@")
            by_period[period_key][name] = cell
        for period_key, vc in by_period.items():
            first = min(vc.values(), key=lambda c: c.row)
            y, _, q = period_key.partition("-Q")
            if not (y.isdigit() and 2000 <= int(y) <= 2100 and (q == "" or q in "1234") and len(q) <= 1):
                raise r.fail(first, f"показатель {code}: период «{period_key[:20]}» — ожидается год (2020) "
                                    "или квартал (2020-Q2)")
            when = (int(y), int(q or 0))
            value = Value(r.number(vc.get("plan", _NONE), "план"), r.number(vc.get("fact", _NONE), "факт"),
                          vc.get("comment", _Cell(0, "")).text())
            out.setdefault(when, {})[indicator_id] = r.checked(first, f"показатель {code}",
                                                            partial(ind.check_value, value))
    return out


def _composites(g: Grouped, r: _CellReader, indicators: list[Indicator]) -> dict[int, ind.Composite]:
    """Composite indicators: `composite | <id> | member_<member id> | | <weight>` and `… | cap | | <per cent>`, each
    checked as the window checks one (ind.check_composite), the refusal naming the row."""
    out: dict[int, ind.Composite] = {}
    rows: dict[int, dict[int, int]] = {}  # composite → member → its row (the cap under 0)
    for code, cells in g["composite"].items():
        first = min(cells.values(), key=lambda c: c.row)
        if code not in g["indicator"]:
            raise r.fail(first, f"состав показателя {code[:20]}: нет строк indicator с его описанием")
        composite_id = r.ident(first, code, "показатель")
        members = []
        rows[composite_id] = {0: cells["cap"].row if "cap" in cells else first.row}
        for name, cell in sorted(cells.items(), key=lambda kc: kc[1].row):
            if name == "cap":
                continue
            member = name.removeprefix("member_")
            if not name.startswith("member_") or member not in g["indicator"]:
                raise r.fail(cell, f"состав показателя {code}: «{name[:30]}» — ожидается member_<номер показателя "
                                   "из строк indicator>")
            weight = r.number(cell, f"состав показателя {code}, вес")
            member_id = r.ident(cell, member, "показатель")
            rows[composite_id][member_id] = cell.row
            members.append(ind.Member(member_id, weight if weight is not None else 0))
        out[composite_id] = ind.Composite(composite_id, tuple(members), r.number(cells.get("cap", _NONE),
                                                                                   "предел учёта"))
    for composite_id, composite in out.items():
        others = {k: v for k, v in out.items() if k != composite_id}
        try:
            ind.check_composite(composite, indicators, others)
        except CompositeRefused as exc:
            row = rows[composite_id].get(exc.member or 0, rows[composite_id][0])
            raise r.fail(row, f"состав показателя {composite_id}: {exc}") from None
        except InputRefused as exc:
            raise r.fail(rows[composite_id][0], f"состав показателя {composite_id}: {exc}") from None
    return out


def _quarter_of(cell: _Cell, year: int, what: str, r: _CellReader) -> int:
    y, _, q = cell.period.partition("-Q")
    if y != str(year) or q not in ("1", "2", "3", "4"):
        raise r.fail(cell, f"{what}: период «{cell.period[:20]}» — ожидается квартал {year} года ({year}-Q1…Q4)")
    return int(q)


def _services(g: Grouped, r: _CellReader) -> list[services.Service]:
    found: list[tuple[int, services.Service]] = []
    for sid, cells in g["service"].items():
        first = min(cells.values(), key=lambda c: c.row)

        def get(key: str, default: object = "", cells: dict = cells, row: int = first.row) -> _Cell:
            return cells.get(key, _Cell(row, default))
        planned = get("planned", None).text()
        y, _, q = planned.partition("-Q")
        if planned and not (y.isdigit() and q in ("1", "2", "3", "4")):
            raise r.fail(get("planned"), f"услуга {sid}: плановый квартал «{planned[:20]}» — ожидается 2023-Q3")
        service = services.Service(
            id=r.ident(first, sid, "услуга"), name=get("name").text(), level=get("level", "муниципальная").text(),
            mass=r.whole(get("mass", 1), "МСЗУ") != 0, federal_number=get("federal_number").text(),
            department=get("department").text(), planned=(int(y), int(q)) if planned else None,
            available_on=r.day(get("available_on", None), "дата доступности на портале"),
            active=r.whole(get("active", 1), "услуга действует") != 0)
        checked = r.checked(first, f"услуга {sid}", partial(services.check_service, service))
        found.append((r.whole(get("position", 0), "порядок") or 0, checked))
    return [s for _, s in sorted(found, key=lambda ps: (ps[0], ps[1].id or 0))]


def _service_requests(g: Grouped, year: int, r: _CellReader) -> dict[int, dict[int, services.Requests]]:
    out: dict[int, dict[int, services.Requests]] = {q: {} for q in range(1, 5)}
    for sid, cells in g["service_requests"].items():
        if sid not in g["service"]:
            first = min(cells.values(), key=lambda c: c.row)
            raise r.fail(first, f"обращения по услуге {sid[:20]}: нет строк service с её описанием")
        by_quarter: dict[int, dict[str, _Cell]] = defaultdict(dict)
        for key, cell in cells.items():
            by_quarter[_quarter_of(cell, year, f"обращения по услуге {sid}", r)][key.partition("@")[2]] = cell
        for q, vc in by_quarter.items():
            first = min(vc.values(), key=lambda c: c.row)
            requests = services.Requests(r.whole(vc.get("total", _NONE), "всего обращений"),
                                         r.whole(vc.get("electronic", _NONE), "обращений в электронном виде"))
            out[q][r.ident(first, sid, "услуга")] = r.checked(first, f"услуга {sid}, {q} квартал",
                                                             partial(services.check_requests, "обращения",
                                                                     requests))
    return out


def _service_plan(g: Grouped, year: int, r: _CellReader) -> dict[int, float]:
    out: dict[int, float] = {}
    for cells in g["service_plan"].values():
        for cell in cells.values():
            share = r.number(cell, "плановая доля обращений в электронном виде")
            if share is not None:
                out[_quarter_of(cell, year, "плановая доля", r)] = share
    return out


def _target_key(code: str, key: str, cell: _Cell, r: _CellReader) -> TargetKey:
    area, _, number = code.partition(":")
    period_key, _, name = key.partition("@")
    y, _, q = period_key.partition("-Q")
    if area not in region_targets.TARGET_AREAS or not name or len(number) > 40 or len(name) > 40:
        raise r.fail(cell, f"значение, заданное регионом: «{code[:40]} | {name[:40]}» — ожидается область esia, plan, "
                           "indicator или services и поле")
    if not (y.isdigit() and 2000 <= int(y) <= 2100 and (q == "" or (len(q) == 1 and q in "1234"))):
        raise r.fail(cell, f"значение, заданное регионом: период «{period_key[:20]}» — ожидается год (2027) или "
                           "квартал (2027-Q1)")
    return TargetKey(int(y), int(q or 0), area, number, name)


def _targets(g: Grouped, r: _CellReader) -> dict:
    """`target` rows (what the region set) and `target_change` rows (the district's value and its reason)."""
    found: dict[TargetKey, float] = {}
    for code, cells in g["target"].items():
        for key, cell in cells.items():
            value = r.number(cell, "значение, заданное регионом")
            if value is not None:
                found[_target_key(code, key, cell, r)] = value
    changes: list[TargetChange] = []
    for code, cells in g["target_change"].items():
        for key, cell in cells.items():
            target = _target_key(code, key, cell, r)
            reason = r.checked(cell, "причина изменения", partial(clean_text, cell.note, "Причина изменения"))
            value = r.number(cell, "значение района")
            if target not in found:
                raise r.fail(cell, "изменено значение, которого регион не задавал: нет строки target с ним")
            changes.append(TargetChange(target, found[target], value, reason))
    by_key = {c.key: c for c in changes}
    return {"targets": {k: RegionTarget(v, by_key[k].value, True, by_key[k].reason) if k in by_key else
                        RegionTarget(v, v) for k, v in sorted(found.items())},
            "target_changes": sorted(changes, key=lambda c: c.key)}


def _points(g: Grouped, r: _CellReader) -> list[ControlPoint]:
    out = []
    for pid, cells in g["control_point"].items():
        first = min(cells.values(), key=lambda c: c.row)
        due = r.day(cells.get("due", _NONE), f"контрольная точка {pid}, срок")
        if due is None:
            raise r.fail(first, f"контрольная точка {pid}: не указан срок")
        point = ControlPoint(r.ident(first, pid, "контрольная точка"), cells.get("title", _Cell(0, "")).text(),
                             due, r.day(cells.get("done", _NONE), f"контрольная точка {pid}, дата выполнения"),
                             cells.get("comment", _Cell(0, "")).text())
        out.append(r.checked(first, f"контрольная точка {pid}", partial(ind.check_point, point)))
    return sorted(out, key=lambda p: (p.due, p.id or 0))


def _no_constant(name: str) -> object:
    raise ValueError(name)


_JOURNAL = json.JSONDecoder(parse_constant=_no_constant)  # NaN and Infinity are not JSON; one decoder for every row


def _audit(cells_by_id: dict[str, dict[str, _Cell]], r: _CellReader) -> list[audit.Entry]:
    entries = []
    for entry_id, cells in cells_by_id.items():
        for table, cell in cells.items():
            number = r.ident(cell, entry_id, "запись журнала изменений")
            try:
                data = _JOURNAL.decode(cell.text())
                if data["action"] not in audit.ACTIONS:
                    raise ValueError(data["action"])
                entries.append(audit.Entry(number, datetime.fromisoformat(cell.period), cell.note, table,
                                           str(data["key"]), str(data["action"]), data.get("old"), data.get("new")))
            except (ValueError, KeyError, TypeError, RecursionError, OverflowError):
                raise r.fail(cell, "запись журнала изменений не читается") from None
    return sorted(entries, key=lambda e: e.id)


def _stored_scores(cells_by_code: dict[str, dict[str, _Cell]], r: _CellReader) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for code, cells in cells_by_code.items():
        for name, cell in cells.items():
            out[code if name == "score" else f"{code}:{name}"] = r.number(cell, f"оценка {code}")
    return out


def missing_rows(report: ReportData) -> list[str]:
    """Rows of the data sheet the program writes for every quarter that the book lacks (or holds empty), in words:
    a score for every item, section and the total; every input of an item the book scores (its score needs them
    all, unless service centers give it); the time and program version of the export."""
    m, scores = report.methodology, report.stored_scores
    derived = derived_sources(report)
    out = [what for what, there in (("версия программы", bool(report.program_version)),
                                    ("время выгрузки", report.exported_at is not None)) if not there]
    for item in m.items():
        if item.number not in scores:
            out.append(f"оценка пункта {item.number}")
        elif scores[item.number] is not None and not derived.get(item.number):
            have = report.inputs.get(item.number, {})
            out += [f"пункт {item.number}, «{item.label(f.key)[:60]}»" for f in item.inputs if f.key not in have]
    out += [f"оценка раздела {s.number}" for s in m.sections if s.number not in scores]
    if m.total.code not in scores:
        out.append("итоговая оценка")
    return out


def check_whole(report: ReportData) -> None:
    """Refuse a book that lacks rows every export has: importing it would leave the quarter a mix of two reports."""
    missing = missing_rows(report)
    if missing:
        shown = "; ".join(missing[:5]) + (f" и ещё {len(missing) - 5}" if len(missing) > 5 else "")
        raise ImportRefused(sentence(
            f"Лист «data» книги {report.file or 'Excel'}: не хватает "
            f"{counted(len(missing), 'строки', 'строк', 'строк')}, которые программа выгружает всегда (или в них "
            f"пусто): {shown}", "Книга неполная (строки удалены или значения стёрты): попросите выгрузить её из "
            "программы заново"))
