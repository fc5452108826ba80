"""Control ratios (контрольные соотношения): rules across figures, declared as data (resources/rules), evaluated by one
engine on a quarter's data — before sending (a hard rule's violation keeps the report from going; a soft one is a
warning that a comment can explain) and again by the region's merge on every workbook."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from model import esia
from model.base.ru import clean_text, format_number, percent_text
from model.db import atomic
from model.errors import Refused
from model.resources import resource_path

if TYPE_CHECKING:
    from model.db import Database
    from model.indicators import Indicator
    from model.period_data import PeriodData

KINDS = {"le": "не больше", "eq": "равно", "change": "изменение не более"}
SEVERITIES = ("hard", "soft")
Values = dict[str, float]  # where (a service's or an indicator's name, «ЕСИА») → value


def _service(field: str) -> Callable[[PeriodData], Values]:
    def read(data: PeriodData) -> Values:
        names = {s.id: s.name for s in data.services}
        requests = data.service_requests.get(data.period.quarter, {})
        return {f"услуга «{names[sid][:60]}»": float(v) for sid, r in requests.items() if sid in names
                and (v := getattr(r, field)) is not None}
    return read


def _esia(read: Callable[[PeriodData], float | None]) -> Callable[[PeriodData], Values]:
    def values(data: PeriodData) -> Values:
        value = read(data)
        return {} if value is None else {"регистрации в ЕСИА": float(value)}
    return values


def _quarter_registrations(data: PeriodData) -> float | None:
    total, months = esia.quarter_registrations(data.esia_plan, data.period.quarter)
    return float(total) if months else None


def indicator_place(indicator: Indicator) -> str:
    """How a violation names the indicator it is about."""
    return f"показатель {indicator.number or indicator.name[:40]}"


def _indicator(quarter_shift: int, field: str = "fact") -> Callable[[PeriodData], Values]:
    def read(data: PeriodData) -> Values:
        q = data.period.quarter - quarter_shift
        if q < 1:
            return {}
        values = data.indicator_values.get((data.period.year, q), {})
        return {indicator_place(i): v for i in data.indicators if i.active
                and (v := getattr(values.get(i.id or 0), field, None)) not in (None, "")}
    return read


# The figures a rule may name, with the words a message uses for them.
FIELDS: dict[str, tuple[str, Callable[[PeriodData], Values]]] = {
    "service.total": ("всего обращений", _service("total")),
    "service.electronic": ("обращений в электронном виде", _service("electronic")),
    "esia.total_registered": ("всего зарегистрировано", _esia(lambda d: d.esia_plan.total_registered)),
    "esia.expected_total": ("на конец прошлого года + регистрации по месяцам",
                            _esia(lambda d: esia.expected_total(d.esia_plan))),
    "esia.quarter_registrations": ("регистраций за квартал", _esia(_quarter_registrations)),
    "indicator.fact": ("факт за квартал", _indicator(0)),
    "indicator.previous_fact": ("факт за прошлый квартал", _indicator(1)),
    "indicator.comment": ("комментарий", _indicator(0, "comment")),
}


class RulesError(Refused, ValueError):
    """A rules file that cannot be used; the message is Russian and names the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    kind: str
    left: str
    right: str
    severity: str = "hard"
    limit: float = 0.0  # for «change»: the largest change allowed, %
    explained_by: str = ""  # a field whose filled value turns a soft violation into an explained one

    @property
    def hard(self) -> bool:
        return self.severity == "hard"


@dataclass(frozen=True)
class Violation:
    rule: Rule
    where: str
    detail: str
    note: str = ""  # the district's explanation of a soft one

    @property
    def explained(self) -> bool:
        return not self.rule.hard and bool(self.note)

    def told(self) -> str:
        head = "Контрольное соотношение" + (" (обязательное)" if self.rule.hard else " (предупреждение)")
        told = f"{head}: {self.where} — {self.detail}. Правило: {self.rule.text}"
        return told + (f". Пояснение: {self.note}" if self.note else "")


def parse_rules(text: str, source: str = "") -> tuple[Rule, ...]:
    """Rules from TOML text; every rule is checked, the first problem is told with the rule's number."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"Файл правил {source}: ошибка записи ({exc})") from None
    rules = []
    for n, r in enumerate(raw.get("rule", []), start=1):
        where = f"Файл правил {source}, правило {n} ({r.get('id', 'без id')})"
        missing = [k for k in ("id", "text", "kind", "left", "right") if not isinstance(r.get(k), str) or not r[k]]
        if missing:
            raise RulesError(f"{where}: не указано {', '.join(missing)}")
        if r["kind"] not in KINDS:
            raise RulesError(f"{where}: вид «{r['kind']}» неизвестен (допустимы {', '.join(KINDS)})")
        for side in ("left", "right", *(("explained_by",) if r.get("explained_by") else ())):
            if r[side] not in FIELDS:
                raise RulesError(f"{where}: поле «{r[side]}» неизвестно (допустимы {', '.join(FIELDS)})")
        if r.get("severity", "hard") not in SEVERITIES:
            raise RulesError(f"{where}: строгость — hard или soft")
        limit = r.get("limit", 0)
        if not isinstance(limit, int | float) or (r["kind"] == "change" and not 0 < limit <= 1000):
            raise RulesError(f"{where}: limit — процент изменения от 0 до 1000")
        rules.append(Rule(r["id"], r["text"], r["kind"], r["left"], r["right"], r.get("severity", "hard"),
                          float(limit), r.get("explained_by", "")))
    if len({r.id for r in rules}) != len(rules):
        raise RulesError(f"Файл правил {source}: id правил повторяются")
    return tuple(rules)


@cache
def shipped_rules() -> tuple[Rule, ...]:
    path = resource_path("rules", "control-ratios.toml")
    return parse_rules(path.read_text(encoding="utf-8"), path.name)


def evaluate(data: PeriodData, rules: tuple[Rule, ...] | None = None) -> list[Violation]:
    """Every violation of the rules in the quarter's data, hard ones first, a soft one with the district's
    explanation where it has one; pairs with a figure missing are skipped (what is not filled is told by the
    report's readiness, not here)."""
    out = []
    notes = data.ratio_notes
    for rule in shipped_rules() if rules is None else rules:
        left_words, left = FIELDS[rule.left][0], FIELDS[rule.left][1](data)
        right_words, right = FIELDS[rule.right][0], FIELDS[rule.right][1](data)
        explained = FIELDS[rule.explained_by][1](data) if rule.explained_by else {}
        for where, a in left.items():
            b = right.get(where)
            if b is None or (not rule.hard and explained.get(where)):
                continue
            detail = _broken(rule, a, b, left_words, right_words)
            if detail:
                out.append(Violation(rule, where, detail, "" if rule.hard else notes.get((rule.id, where), "")))
    return sorted(out, key=lambda v: (not v.rule.hard, v.explained))


# -- the district's explanations of soft warnings, per quarter (stored with the quarter, locked with it) -------
def load_notes(db: Database, period_id: int | None) -> dict[tuple[str, str], str]:
    if period_id is None:
        return {}
    return {(rule, place): note for rule, place, note in db.execute(
        "SELECT rule_id, place, note FROM ratio_notes WHERE period_id = ?", [period_id])}


def set_note(db: Database, period_id: int, rule_id: str, place: str, note: str) -> None:
    """Explain a soft warning (an empty note takes the explanation back)."""
    note = clean_text(note, "Пояснение")
    with atomic(db):
        if note:
            db.execute("INSERT INTO ratio_notes (period_id, rule_id, place, note) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (period_id, rule_id, place) DO UPDATE SET note = excluded.note",
                       [period_id, rule_id, place, note])
        else:
            db.execute("DELETE FROM ratio_notes WHERE period_id = ? AND rule_id = ? AND place = ?",
                       [period_id, rule_id, place])


def _broken(rule: Rule, a: float, b: float, left: str, right: str) -> str | None:
    if rule.kind == "le" and a > b:
        return f"{left} {format_number(a, 2)} больше, чем {right} {format_number(b, 2)}"
    if rule.kind == "eq" and abs(a - b) > 1e-9 * max(1.0, abs(b)):
        return (f"{left} {format_number(a, 2)}, а {right} {format_number(b, 2)} "
                f"(расхождение {format_number(abs(a - b), 2)})")
    if rule.kind == "change" and b and abs(a / b - 1) * 100 > rule.limit:
        return (f"{left} {format_number(a, 2)} против {format_number(b, 2)} — изменение "
                f"{percent_text(abs(a / b - 1) * 100, 1)} больше допустимых {percent_text(rule.limit, 2)}")
    return None
