"""The machine-readable `data` sheet: one row per stored input and computed score, and its import.

Rows are (section, code, field, period, value, note); README lists every section word.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

import sqlite_utils

from model import APP_NAME, audit, centers, esia, plan
from model import indicators as ind
from model.centers import Center, Check, StaffMember
from model.db import atomic
from model.esia import EsiaPlan
from model.indicators import ControlPoint, Indicator, Value
from model.methodology import MethodologyError, find_methodology
from model.periods import Period, ensure_period
from model.profile import Profile, save_profile
from model.report_data import ReportData
from model.ru import InputRefused
from model.version import program_version

HEADER = ("section", "code", "field", "period", "value", "note")
Row = tuple[str, str, str, str, object, str]
VOLATILE_META = ("exported_at", "program_version")


class ImportRefused(InputRefused):
    """A workbook that cannot be imported; the message names the sheet, the row and the reason."""


def _indicator_period(year: int, quarter: int) -> str:
    return str(year) if quarter == ind.YEAR else f"{year}-Q{quarter}"


def data_rows(data: ReportData) -> list[Row]:
    """Every stored input and computed score of the period, as rows of the `data` sheet."""
    p = str(data.period)
    m = data.methodology
    rows: list[Row] = [("meta", "period", "", p, p, "")]
    rows += [("meta", f.name, "", "", getattr(data.profile, f.name), "") for f in fields(Profile)]
    rows += [("meta", "methodology_id", "", "", m.id, ""), ("meta", "methodology_version", "", "", m.version, ""),
             ("meta", "program", "", "", APP_NAME, ""), ("meta", "program_version", "", "", program_version(), ""),
             ("meta", "exported_at", "", "", data.generated_at.isoformat(), "")]
    for item in m.items():
        values = data.inputs.get(item.number, {})
        rows += [("plan", item.number, f.key, p, values[f.key], "") for f in item.inputs if f.key in values]
        if data.evidence.get(item.number):
            rows.append(("evidence", item.number, "text", p, data.evidence[item.number], ""))
        rows += [("event", item.number, e.day.isoformat(), p, e.topic, e.place)
                 for e in data.events.get(item.number, [])]
    for item in m.items():
        s = data.scores.items[item.number]
        rows.append(("score", item.number, "score", p, s.score, ""))
        if s.raw is not None and s.raw != s.score:
            rows.append(("score", item.number, "raw", p, s.raw, ""))
    rows += [("score", section.number, "score", p, data.scores.sections[section.number], "")
             for section in m.sections]
    rows.append(("score", m.total.code, "score", p, data.scores.total, ""))
    rows += _center_rows(data, p)
    rows += _esia_rows(data)
    rows += _indicator_rows(data)
    rows += [("audit", str(e.id), e.table, e.at.isoformat(),
              json.dumps({"key": e.key, "action": e.action, "old": e.old, "new": e.new}, ensure_ascii=False),
              e.actor) for e in data.audit]
    for point in data.control_points:
        cid = str(point.id)
        rows += [("control_point", cid, "title", "", point.title, ""),
                 ("control_point", cid, "due", "", point.due.isoformat(), ""),
                 ("control_point", cid, "done", "", point.done.isoformat() if point.done else None, ""),
                 ("control_point", cid, "comment", "", point.comment, "")]
    return rows


def _center_rows(data: ReportData, p: str) -> list[Row]:
    rows: list[Row] = []
    for c in data.centers:
        cid = str(c.id)
        rows += [("center", cid, "settlement", "", c.settlement, ""), ("center", cid, "address", "", c.address, ""),
                 ("center", cid, "host", "", c.host, ""), ("center", cid, "schedule", "", c.schedule, ""),
                 ("center", cid, "schedule_published", "", int(c.schedule_published), ""),
                 ("center", cid, "schedule_link", "", c.schedule_link, ""),
                 ("center", cid, "active", "", int(c.active), "")]
        rows += [("center_staff", cid, f"staff{n}", "", s.name, "1" if s.has_badge else "0")
                 for n, s in enumerate(c.staff, start=1)]
        quarter = data.center_quarter.get(c.id or 0)
        if quarter is None:
            continue
        for key, check in sorted(quarter.checks.items()):
            rows.append(("center_check", cid, key, p, int(check.met), ""))
            if check.checked_on:
                rows.append(("center_check", cid, f"{key}_date", p, check.checked_on.isoformat(), ""))
            if check.note:
                rows.append(("center_check", cid, f"{key}_note", p, check.note, ""))
        rows += [("center_ops", cid, kind, p, count, "") for kind, count in sorted(quarter.operations.items())]
    return rows


def _esia_rows(data: ReportData) -> list[Row]:
    e, f = data.esia_plan, data.esia_figures
    y = str(e.year)
    rows: list[Row] = []
    for key in esia.FIELDS:
        if getattr(e, key) is not None:
            rows.append(("esia", y, key, y, getattr(e, key), ""))
    if e.total_as_of:
        rows.append(("esia", y, "total_as_of", y, e.total_as_of.isoformat(), ""))
    rows += [("esia_month", y, str(k), y, v, "") for k, v in sorted(e.months.items())]
    if rows:
        rows += [("esia_score", y, "year_target", y, f.year_target, ""),
                 ("esia_score", y, "monthly_target", y, f.monthly_target, ""),
                 ("esia_score", y, "share_pct", y, f.share_pct, ""), ("esia_score", y, "per_1000", y, f.per_1000, "")]
        for k in sorted(e.months):
            rows += [("esia_score", y, f"month_pct_{k}", y, f.month_pct[k], ""),
                     ("esia_score", y, f"to_date_pct_{k}", y, f.to_date_pct[k], "")]
    return rows


def _indicator_rows(data: ReportData) -> list[Row]:
    rows: list[Row] = []
    for position, i in enumerate(data.indicators, start=1):
        iid = str(i.id)
        rows += [("indicator", iid, "number", "", i.number, ""), ("indicator", iid, "name", "", i.name, ""),
                 ("indicator", iid, "kind", "", i.kind, ""), ("indicator", iid, "unit", "", i.unit, ""),
                 ("indicator", iid, "territory", "", i.territory, ""),
                 ("indicator", iid, "base_value", "", i.base_value, ""),
                 ("indicator", iid, "base_date", "", i.base_date.isoformat() if i.base_date else None, ""),
                 ("indicator", iid, "direction", "", i.direction, ""),
                 ("indicator", iid, "decimals", "", i.decimals, ""),
                 ("indicator", iid, "active", "", int(i.active), ""), ("indicator", iid, "position", "", position, "")]
    for (year, quarter), values in sorted(data.indicator_values.items()):
        period = _indicator_period(year, quarter)
        for i in data.indicators:
            v = values.get(i.id or 0)
            if v is None:
                continue
            iid = str(i.id)
            rows += [("indicator_value", iid, "plan", period, v.plan, ""),
                     ("indicator_value", iid, "fact", period, v.fact, ""),
                     ("indicator_value", iid, "comment", period, v.comment, "")]
            result = ind.achievement(v, i.direction)
            rows += [("indicator_score", iid, "percent", period, result.percent, ""),
                     ("indicator_score", iid, "status", period, result.status, "")]
    return rows


def fingerprint(rows: list[Row]) -> str:
    """A hash of the reported data (all but when and by which program version it was exported)."""
    kept = [r for r in rows if not (r[0] == "meta" and r[1] in VOLATILE_META)]
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


# -- import -------------------------------------------------------------------------------------------------------
@dataclass
class _Cell:
    row: int
    value: object
    note: str
    period: str = ""


def _text(cell: _Cell) -> str:
    return "" if cell.value is None else str(cell.value)


def _number(cell: _Cell, what: str) -> float | None:
    if cell.value is None or cell.value == "":
        return None
    if isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        try:
            return float(str(cell.value).replace(",", ".").replace(" ", ""))
        except ValueError:
            raise InputRefused(f"{what}: ожидается число, а не «{str(cell.value)[:40]}»") from None
    if cell.value != cell.value or abs(cell.value) > 1e15:
        raise InputRefused(f"{what}: недопустимое число")
    return float(cell.value)


def _int(cell: _Cell, what: str) -> int | None:
    value = _number(cell, what)
    if value is None:
        return None
    if value != int(value):
        raise InputRefused(f"{what}: ожидается целое число")
    return int(value)


def _date(cell: _Cell, what: str) -> date | None:
    text = _text(cell).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputRefused(f"{what}: ожидается дата ГГГГ-ММ-ДД, а не «{text[:40]}»") from None


KNOWN = {"audit", "meta", "plan", "evidence", "event", "score", "center", "center_staff", "center_check", "center_ops",
         "esia", "esia_month", "esia_score", "indicator", "indicator_value", "indicator_score", "control_point"}


def import_rows(db: sqlite_utils.Database, rows: list[tuple], sheet: str = "data") -> Period:
    """Apply a `data` sheet to the database in one transaction; one bad row changes nothing."""
    if not rows or tuple(str(c or "").strip() for c in rows[0][:6]) != HEADER:
        raise ImportRefused(f"Лист «{sheet}», строка 1: ожидается заголовок {' | '.join(HEADER)}")
    grouped: dict[str, dict[str, dict[str, _Cell]]] = defaultdict(lambda: defaultdict(dict))
    events: list[tuple[str, _Cell, str, _Cell]] = []
    first_row: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(rows[1:], start=2):
        cells = list(raw[:6]) + [None] * (6 - len(raw[:6]))
        if all(c is None or c == "" for c in cells):
            continue
        section, code, field, period = (str(c if c is not None else "").strip() for c in cells[:4])
        if section not in KNOWN:
            raise ImportRefused(f"Лист «{sheet}», строка {n}: неизвестный раздел «{section[:40]}»")
        cell = _Cell(n, cells[4], str(cells[5] or ""), period)
        first_row.setdefault((section, code), n)
        key = f"{period}@{field}" if section in ("indicator_value", "indicator_score") else field
        if section == "event":
            events.append((code, cell, field, _Cell(n, period, "")))
        elif key in grouped[section][code] and section != "score":
            raise ImportRefused(f"Лист «{sheet}», строка {n}: значение {section} | {code} | {field} повторяется")
        else:
            grouped[section][code][key] = cell
    try:
        with atomic(db), audit.paused(db):  # the workbook carries its own history
            period = _apply(db, grouped, events, sheet, first_row)
            audit.restore_entries(db, _audit_entries(grouped["audit"], sheet))
            return period
    except ImportRefused:
        raise
    except InputRefused as exc:
        raise ImportRefused(f"Лист «{sheet}»: {exc}") from None


def _audit_entries(cells_by_id: dict[str, dict[str, _Cell]], sheet: str) -> list[audit.Entry]:
    entries = []
    for entry_id, cells in cells_by_id.items():
        for table, cell in cells.items():
            try:
                data = json.loads(_text(cell))
                if data["action"] not in audit.ACTIONS:
                    raise ValueError(data["action"])
                entries.append(audit.Entry(int(entry_id), datetime.fromisoformat(cell.period), cell.note, table,
                                           str(data["key"]), str(data["action"]), data.get("old"), data.get("new")))
            except (ValueError, KeyError, TypeError):
                raise _fail(sheet, cell.row, "запись журнала изменений не читается") from None
    return entries


def _fail(sheet: str, row: int, message: str) -> ImportRefused:
    return ImportRefused(f"Лист «{sheet}», строка {row}: {message}")


def _apply(db: sqlite_utils.Database, g: dict, events: list, sheet: str, first_row: dict) -> Period:
    meta = {code: cells.get("", _Cell(0, None, "")) for code, cells in g["meta"].items()}
    if "period" not in meta:
        raise ImportRefused(f"Лист «{sheet}»: нет строки meta | period — это не выгрузка программы")
    try:
        period = Period.parse(_text(meta["period"]))
        methodology = find_methodology(_text(meta.get("methodology_id", _Cell(0, "", ""))),
                                       _text(meta.get("methodology_version", _Cell(0, "", ""))))
    except (ValueError, MethodologyError) as exc:
        raise _fail(sheet, meta["period"].row, str(exc)) from None
    profile_values = {f.name: _text(meta[f.name]) for f in fields(Profile) if f.name in meta}
    if profile_values.get("district"):
        try:
            save_profile(db, Profile(**{**asdict(Profile()), **profile_values}))
        except ValueError as exc:
            raise _fail(sheet, meta["district"].row, f"профиль организации: {exc}") from None
    ensure_period(db, period, methodology)

    def guarded(section: str, code: str, action) -> None:
        try:
            action()
        except InputRefused as exc:
            raise _fail(sheet, first_row.get((section, code), 0), str(exc)) from None

    for number, cells in g["plan"].items():
        values = {key: _number(c, f"пункт {number}, поле {key}") for key, c in cells.items()}
        guarded("plan", number, lambda number=number, values=values: plan.set_values(db, period, number, values,
                                                                                      methodology))
    for number, cells in g["evidence"].items():
        guarded("evidence", number, lambda number=number, cells=cells: plan.set_evidence(
            db, period, number, _text(cells.get("text", _Cell(0, "", "")))))
    by_item: dict[str, list] = defaultdict(list)
    for number, cell, day, _ in events:
        by_item[number].append((cell, day))
    for number, items in by_item.items():
        for old in plan.load_events(db, period, number):
            plan.remove_event(db, old.id)
        for cell, day in items:
            def add(cell=cell, day=day, number=number) -> None:
                plan.add_event(db, period, number, _date(_Cell(cell.row, day, ""), "дата мероприятия") or date.min,
                               cell.note, _text(cell))
            try:
                add()
            except InputRefused as exc:
                raise _fail(sheet, cell.row, str(exc)) from None
    _apply_centers(db, g, period, methodology, sheet, first_row)
    _apply_esia(db, g, sheet, first_row)
    _apply_indicators(db, g, sheet, first_row)
    return period


def _apply_centers(db, g, period, methodology, sheet, first_row) -> None:
    for cid, cells in g["center"].items():
        staff_cells = g["center_staff"].get(cid, {})
        staff = tuple(StaffMember(_text(c), c.note.strip() == "1") for _, c in
                      sorted(staff_cells.items(), key=lambda kv: int(kv[0].removeprefix("staff") or 0)))
        try:
            center = Center(id=int(cid), settlement=_text(cells.get("settlement", _Cell(0, "", ""))),
                            address=_text(cells.get("address", _Cell(0, "", ""))),
                            host=_text(cells.get("host", _Cell(0, "", ""))),
                            schedule=_text(cells.get("schedule", _Cell(0, "", ""))),
                            schedule_published=_int(cells.get("schedule_published", _Cell(0, 0, "")), "график") == 1,
                            schedule_link=_text(cells.get("schedule_link", _Cell(0, "", ""))),
                            active=_int(cells.get("active", _Cell(0, 1, "")), "активен") != 0, staff=staff)
            centers.upsert_center(db, center)
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("center", cid), 0), f"центр {cid}: {exc}") from None
    derived = next((i for i in methodology.items() if i.derive == "centers"), None)
    keys = tuple(f.key for f in derived.inputs) if derived else ()
    for cid, cells in g["center_check"].items():
        checks = {}
        try:
            for key in keys:
                if key in cells:
                    checks[key] = Check(_int(cells[key], key) == 1, _date(cells.get(f"{key}_date", _Cell(0, None, "")),
                                                                         "дата проверки"),
                                        _text(cells.get(f"{key}_note", _Cell(0, "", ""))))
            centers.set_checks(db, period, int(cid), checks, keys)
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("center_check", cid), 0), f"центр {cid}: {exc}") from None
    for cid, cells in g["center_ops"].items():
        try:
            centers.set_operations_many(db, period, [(int(cid), kind, _int(c, kind)) for kind, c in cells.items()])
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("center_ops", cid), 0), f"центр {cid}: {exc}") from None


def _apply_esia(db, g, sheet, first_row) -> None:
    years = set(g["esia"]) | set(g["esia_month"])
    for y in years:
        cells, months = g["esia"].get(y, {}), g["esia_month"].get(y, {})
        try:
            plan_ = EsiaPlan(
                year=int(y),
                registered_start=_int(cells["registered_start"], "R0") if "registered_start" in cells else None,
                target_end=_number(cells["target_end"], "T") if "target_end" in cells else None,
                population=_int(cells["population"], "N") if "population" in cells else None,
                total_registered=_int(cells["total_registered"], "всего") if "total_registered" in cells else None,
                total_as_of=_date(cells["total_as_of"], "дата") if "total_as_of" in cells else None,
                months={int(k): _int(c, f"месяц {k}") for k, c in months.items()})
            esia.save_plan(db, plan_)
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("esia", y), first_row.get(("esia_month", y), 0)),
                        f"регистрации {y}: {exc}") from None


def _apply_indicators(db, g, sheet, first_row) -> None:
    positions: dict[int, int] = {}
    for iid, cells in g["indicator"].items():
        def get(key: str, default: object = "", cells: dict = cells) -> _Cell:
            return cells.get(key, _Cell(0, default, ""))
        try:
            indicator = Indicator(id=int(iid), name=_text(get("name")), number=_text(get("number")),
                                  kind=_text(get("kind", "основной")), unit=_text(get("unit", "%")),
                                  territory=_text(get("territory")),
                                  base_value=_number(get("base_value", None), "база"),
                                  base_date=_date(get("base_date", None), "дата базы"),
                                  direction=_text(get("direction", "up")),
                                  decimals=_int(get("decimals", 2), "знаки") or 0,
                                  active=_int(get("active", 1), "активен") != 0)
            ind.upsert_indicator(db, indicator)
            positions[int(iid)] = _int(get("position", 0), "порядок") or 0
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("indicator", iid), 0), f"показатель {iid}: {exc}") from None
    if positions:
        current = ind.order(db)
        ordered = sorted(current, key=lambda i: (positions.get(i, 10**6), current.index(i)))
        ind.set_order(db, ordered)
    by_period: dict[str, dict[int, Value]] = defaultdict(dict)
    rows_of: dict[str, int] = {}
    for (section, code), n in first_row.items():
        if section == "indicator_value":
            rows_of[code] = n
    values_by_code: dict[str, dict[str, dict[str, _Cell]]] = defaultdict(lambda: defaultdict(dict))
    for code, cells in g["indicator_value"].items():
        for key, cell in cells.items():
            period_key, _, field = key.partition("@")
            values_by_code[code][period_key][field] = cell
    for code, periods in values_by_code.items():
        for period_key, cells in periods.items():
            try:
                by_period[period_key][int(code)] = Value(
                    _number(cells.get("plan", _Cell(0, None, "")), "план"),
                    _number(cells.get("fact", _Cell(0, None, "")), "факт"),
                    _text(cells.get("comment", _Cell(0, "", ""))))
            except (InputRefused, ValueError) as exc:
                raise _fail(sheet, rows_of.get(code, 0), f"показатель {code}: {exc}") from None
    for period_key, values in by_period.items():
        year, _, q = period_key.partition("-Q")
        try:
            ind.set_values(db, int(year), int(q or 0), values)
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, 0, f"значения показателей за {period_key}: {exc}") from None
    for pid, cells in g["control_point"].items():
        try:
            due = _date(cells.get("due", _Cell(0, None, "")), "срок")
            if due is None:
                raise InputRefused("не указан срок")
            ind.save_point(db, ControlPoint(int(pid), _text(cells.get("title", _Cell(0, "", ""))), due,
                                            _date(cells.get("done", _Cell(0, None, "")), "дата выполнения"),
                                            _text(cells.get("comment", _Cell(0, "", "")))))
        except (InputRefused, ValueError) as exc:
            raise _fail(sheet, first_row.get(("control_point", pid), 0), f"контрольная точка {pid}: {exc}") from None
