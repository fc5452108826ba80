"""Control ratios (контрольные соотношения): rules across figures, declared as data (resources/rules), evaluated by one
engine on a quarter's data — before sending (a hard rule's violation keeps the report from going; a soft one is a
warning that a comment can explain) and again by the region's merge on every workbook."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from model.areas import esia
from model.base.resources import resource_path
from model.base.ru import format_number, percent_text
from model.errors import RulesError

if TYPE_CHECKING:
    from model.areas.esia import EsiaPlan
    from model.areas.indicators import Indicator, Value
    from model.areas.public_services import Requests, Service
    from model.base.period import Period


class Figures(Protocol):
    """What the rules read of a quarter (model/quarter/data.py Figures has it; so has a decoded workbook)."""

    @property
    def period(self) -> Period: ...
    @property
    def services(self) -> list[Service]: ...
    @property
    def service_requests(self) -> dict[int, dict[int, Requests]]: ...
    @property
    def esia_plan(self) -> EsiaPlan: ...
    @property
    def indicators(self) -> list[Indicator]: ...
    @property
    def indicator_values(self) -> dict[tuple[int, int], dict[int, Value]]: ...
    @property
    def ratio_notes(self) -> dict[tuple[str, str], str]: ...


KINDS = {"le": "не больше", "eq": "равно", "change": "изменение не более"}
SEVERITIES = ("hard", "soft")
Values = dict[str, float]  # where (a service's or an indicator's name, «ЕСИА») → value


def _service(field: str) -> Callable[[Figures], Values]:
    def read(data: Figures) -> Values:
        names = {s.id: s.name for s in data.services}
        requests = data.service_requests.get(data.period.quarter, {})
        return {f"услуга «{names[sid][:60]}»": float(v) for sid, r in requests.items() if sid in names
                and (v := getattr(r, field)) is not None}
    return read


def _esia(read: Callable[[Figures], float | None]) -> Callable[[Figures], Values]:
    def values(data: Figures) -> Values:
        value = read(data)
        return {} if value is None else {"регистрации в ЕСИА": float(value)}
    return values


def _quarter_registrations(data: Figures) -> float | None:
    total, months = esia.quarter_registrations(data.esia_plan, data.period.quarter)
    return float(total) if months else None


def indicator_place(indicator: Indicator) -> str:
    """How a violation names the indicator it is about."""
    return f"показатель {indicator.number or indicator.name[:40]}"


def _indicator(quarter_shift: int, field: str = "fact") -> Callable[[Figures], Values]:
    def read(data: Figures) -> Values:
        q = data.period.quarter - quarter_shift
        if q < 1:
            return {}
        values = data.indicator_values.get((data.period.year, q), {})
        return {indicator_place(i): v for i in data.indicators if i.active
                and (v := getattr(values.get(i.id or 0), field, None)) not in (None, "")}
    return read


def _total_words(data: Figures) -> str:
    """The reported total with its date, «всего зарегистрировано на 01.06.2018 —» (the figure follows): a total of a
    day before the quarter's end was compared with the quarter's registrations without a word of the day."""
    day = data.esia_plan.total_as_of
    return "всего зарегистрировано" + (f" на {day:%d.%m.%Y} —" if day else "")


# The figures a rule may name, with the words a message uses for them (or what makes those words from the data).
FIELDS: dict[str, tuple[str | Callable[[Figures], str], Callable[[Figures], Values]]] = {
    "service.total": ("всего обращений", _service("total")),
    "service.electronic": ("обращений в электронном виде", _service("electronic")),
    "esia.total_registered": (_total_words, _esia(lambda d: d.esia_plan.total_registered)),
    "esia.expected_total": ("на конец прошлого года + регистрации по месяцам",
                            _esia(lambda d: esia.expected_total(d.esia_plan))),
    "esia.quarter_registrations": ("регистраций за квартал", _esia(_quarter_registrations)),
    "indicator.fact": ("факт за квартал", _indicator(0)),
    "indicator.previous_fact": ("факт за прошлый квартал", _indicator(1)),
    "indicator.comment": ("комментарий", _indicator(0, "comment")),
}


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

    def told(self, as_note: bool = False) -> str:
        """The violation in a sentence; `as_note`: among what is only for the reader («К сведению: …»), where
        «(предупреждение)» would say the same twice."""
        head = "Контрольное соотношение" + ("" if as_note else " (обязательное)" if self.rule.hard
                                             else " (предупреждение)")
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


def _words(name: str, data: Figures) -> str:
    words = FIELDS[name][0]
    return words if isinstance(words, str) else words(data)


def evaluate(data: Figures, rules: tuple[Rule, ...] | None = None) -> list[Violation]:
    """Every violation of the rules in the quarter's data, hard ones first, a soft one with the district's
    explanation where it has one; pairs with a figure missing are skipped (what is not filled is told by the
    report's readiness, not here)."""
    out = []
    notes = data.ratio_notes
    for rule in shipped_rules() if rules is None else rules:
        left_words, left = _words(rule.left, data), FIELDS[rule.left][1](data)
        right_words, right = _words(rule.right, data), FIELDS[rule.right][1](data)
        explained = FIELDS[rule.explained_by][1](data) if rule.explained_by else {}
        for where, a in left.items():
            b = right.get(where)
            if b is None or (not rule.hard and explained.get(where)):
                continue
            detail = _broken(rule, a, b, left_words, right_words)
            if detail:
                out.append(Violation(rule, where, detail, "" if rule.hard else notes.get((rule.id, where), "")))
    return sorted(out, key=lambda v: (not v.rule.hard, v.explained))


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
