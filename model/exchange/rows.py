"""encode: a quarter as the rows of the `data` sheet (section, code, field, period, value, note); README lists them.

Most sections read their columns as named: `code` the thing (an item's number, a center's or an indicator's id),
`field` which of its values, `period` the quarter («2018-Q2») or year, `value` the value. Two use them otherwise:
- «event»: `field` holds the event's date (ISO), `value` its topic, `note` its place;
- «audit»: `code` the entry's id, `field` the table, `period` the time of the change (ISO), `value` the change as
  JSON, `note` who made it.
model/exchange/decode.py reads them back the same way."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields

from model import APP_NAME
from model.areas import indicators as ind
from model.areas.esia import FIELDS as ESIA_FIELDS
from model.areas.profile import Profile
from model.base.version import program_version
from model.exchange.seal import seal_row
from model.quarter.quarter import Quarter

HEADER = ("section", "code", "field", "period", "value", "note")
Row = tuple[str, str, str, str, object, str]
VOLATILE_META = ("exported_at", "program_version", "seal")
SECTIONS = ("audit", "meta", "plan", "evidence", "event", "score", "center", "center_staff", "center_check",
            "center_ops", "esia", "esia_month", "esia_score", "indicator", "indicator_value", "indicator_score",
            "composite", "service", "service_requests", "service_plan", "service_score", "ratio_note",
            "control_point", "target", "target_change")
PROFILE_IF_SET = ("region",)  # profile fields written only when filled: books of earlier versions keep their rows


def indicator_period(year: int, quarter: int) -> str:
    return str(year) if quarter == ind.YEAR else f"{year}-Q{quarter}"


def encode(data: Quarter) -> list[Row]:
    """Every stored input and computed score of the quarter, as rows of the `data` sheet."""
    p = str(data.period)
    m = data.methodology
    rows: list[Row] = [("meta", "period", "", p, p, "")]
    rows += [("meta", f.name, "", "", getattr(data.profile, f.name), "") for f in fields(Profile)
             if f.name not in PROFILE_IF_SET or getattr(data.profile, f.name)]
    rows += [("meta", "methodology_id", "", "", m.id, ""), ("meta", "methodology_version", "", "", m.version, ""),
             ("meta", "program", "", "", APP_NAME, ""), ("meta", "program_version", "", "", program_version(), ""),
             ("meta", "exported_at", "", "", data.generated_at.isoformat(), ""),
             ("meta", "revision", "", "", data.revision[0], data.revision[1])]
    for item in m.items():
        values = data.inputs.get(item.number, {})
        rows += [("plan", item.number, f.key, p, values[f.key], "") for f in item.inputs if f.key in values]
        if data.evidence.get(item.number):
            rows.append(("evidence", item.number, "text", p, data.evidence[item.number], ""))
        rows += [("event", item.number, e.day.isoformat(), p, e.topic, e.place)
                 for e in data.events.get(item.number, [])]
    scores = data.scores
    for item in m.items():
        s = scores.items[item.number]
        rows.append(("score", item.number, "score", p, s.score, ""))
        if s.raw is not None and s.raw != s.score:
            rows.append(("score", item.number, "raw", p, s.raw, ""))
    rows += [("score", section.number, "score", p, scores.sections[section.number], "") for section in m.sections]
    rows.append(("score", m.total.code, "score", p, scores.total, ""))
    rows += _center_rows(data, p)
    rows += _esia_rows(data)
    rows += _indicator_rows(data)
    rows += _service_rows(data)
    rows += [("ratio_note", rule, place, p, note, "") for (rule, place), note in sorted(data.ratio_notes.items())]
    rows += [("audit", str(e.id), e.table, e.at.isoformat(),
              json.dumps({"key": e.key, "action": e.action, "old": e.old, "new": e.new}, ensure_ascii=False,
                         allow_nan=False),
              e.actor) for e in data.audit]
    for point in data.control_points:
        cid = str(point.id)
        rows += [("control_point", cid, "title", "", point.title, ""),
                 ("control_point", cid, "due", "", point.due.isoformat(), ""),
                 ("control_point", cid, "done", "", point.done.isoformat() if point.done else None, ""),
                 ("control_point", cid, "comment", "", point.comment, "")]
    rows += _target_rows(data)
    if data.seal_key:  # last: the seal covers every other row (model/exchange/seal.py)
        rows.append(seal_row(rows, data.seal_key))
    return rows


def _center_rows(data: Quarter, p: str) -> list[Row]:
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


def _esia_rows(data: Quarter) -> list[Row]:
    e, f = data.esia_plan, data.esia_figures
    y = str(e.year)
    rows: list[Row] = []
    for key in ESIA_FIELDS:
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


def _indicator_rows(data: Quarter) -> list[Row]:
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
    for composite_id, composite in sorted(data.composites.items()):  # members and weights; the fact is computed
        rows += [("composite", str(composite_id), f"member_{m.indicator_id}", "", m.weight, "")
                 for m in composite.members]
        rows.append(("composite", str(composite_id), "cap", "", composite.cap, ""))
    for (year, quarter), stored in sorted(data.indicator_values.items()):
        period = indicator_period(year, quarter)
        shown = data.values(year, quarter)  # a composite's fact computed from its members
        for i in data.indicators:
            v = stored.get(i.id or 0)
            if v is not None:
                iid = str(i.id)
                rows += [("indicator_value", iid, "plan", period, v.plan, ""),
                         ("indicator_value", iid, "fact", period, v.fact, ""),
                         ("indicator_value", iid, "comment", period, v.comment, "")]
            if v is None and (i.id not in data.composites or shown[i.id or 0].fact is None):
                continue
            iid = str(i.id)
            result = ind.achievement(shown[i.id or 0], i.direction)
            if i.id in data.composites:
                rows.append(("indicator_score", iid, "composite", period, shown[i.id or 0].fact, ""))
            rows += [("indicator_score", iid, "percent", period, result.percent, ""),
                     ("indicator_score", iid, "status", period, result.status, "")]
    return rows


def _service_rows(data: Quarter) -> list[Row]:
    rows: list[Row] = []
    for position, s in enumerate(data.services, start=1):
        sid = str(s.id)
        rows += [("service", sid, "name", "", s.name, ""), ("service", sid, "level", "", s.level, ""),
                 ("service", sid, "mass", "", int(s.mass), ""),
                 ("service", sid, "federal_number", "", s.federal_number, ""),
                 ("service", sid, "department", "", s.department, ""),
                 ("service", sid, "planned", "", f"{s.planned[0]}-Q{s.planned[1]}" if s.planned else None, ""),
                 ("service", sid, "available_on", "", s.available_on.isoformat() if s.available_on else None, ""),
                 ("service", sid, "active", "", int(s.active), ""), ("service", sid, "position", "", position, "")]
    year = data.period.year
    for q, by_service in sorted(data.service_requests.items()):
        for service_id, r in sorted(by_service.items()):
            rows += [("service_requests", str(service_id), "total", f"{year}-Q{q}", r.total, ""),
                     ("service_requests", str(service_id), "electronic", f"{year}-Q{q}", r.electronic, "")]
    rows += [("service_plan", str(year), "share", f"{year}-Q{q}", share, "")
             for q, share in sorted(data.service_plan.items())]
    if data.services:
        f = data.service_figures
        rows += [("service_score", str(year), name, str(data.period), value, "") for name, value in (
            ("count", f.count), ("available", f.available), ("available_municipal", f.available_municipal),
            ("available_mass", f.available_mass), ("mass", f.mass))]
        rows += [("service_score", str(year), "share", f"{year}-Q{q}", share, "") for q, share in f.share.items()
                 if share is not None]
    return rows


def _target_rows(data: Quarter) -> list[Row]:
    """What the region set for the year (`target`) and where the district changed it, with the reason
    (`target_change`): `target | plan:1.3 | C | 2027-Q1 | 1000 |`, `target_change | esia: | target_end | 2027 | 9000 |
    <reason>` (the region's value in the `target` row)."""
    rows: list[Row] = [("target", key.code, key.field, key.period, t.region_value, "")
                       for key, t in sorted(data.targets.items())]
    rows += [("target_change", c.key.code, c.key.field, c.key.period, c.value, c.reason)
             for c in sorted(data.target_changes, key=lambda c: c.key)]
    return rows


def fingerprint(rows: list[Row], with_audit: bool = False) -> str:
    """A hash of the reported data: all but when and by which program version it was exported, and its audit trail —
    a change undone leaves the data as they were sent («changed since» stayed after an undo). `with_audit`: the
    hash as sendings recorded it before (model/reports/sending.py accepts either)."""
    kept = [r for r in rows if not (r[0] == "meta" and r[1] in VOLATILE_META) and (with_audit or r[0] != "audit")]
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
