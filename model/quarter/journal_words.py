"""The change journal in words: what a recorded change is about and what changed, in the methodology's words —
never a table's or a column's name, a row's number in the database, an ISO date or «квартал: 0»."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from model.areas import centers, indicators
from model.areas import public_services as services
from model.areas.centers import OPERATIONS
from model.areas.esia import MONTHS
from model.areas.indicators import DIRECTIONS
from model.areas.periods import period_methodology, periods_by_id
from model.areas.region_targets import TargetKey, target_words
from model.base.period import Period
from model.base.ru import format_number
from model.methodology import MethodologyError
from model.quarter.control_ratios import shipped_rules
from model.store.audit import ACTIONS, Entry

if TYPE_CHECKING:
    from model.methodology import Methodology
    from model.store.db import Database

# Every table the journal records (the audit triggers of model/store/migrations.py), as the clerk knows it.
TABLE_TITLES = {
    "profile": "Профиль района", "deadlines": "Срок представления отчёта",
    "plan_inputs": "Исходные данные", "plan_evidence": "Подтверждение выполнения", "plan_events": "Мероприятие",
    "ratio_notes": "Пояснение к контрольному соотношению",
    "centers": "Центр обслуживания", "center_staff": "Сотрудник центра", "center_checks": "Проверка требования",
    "center_operations": "Операции центра", "esia_plans": "План регистраций в ЕСИА",
    "esia_months": "Регистрации в ЕСИА по месяцам", "indicators": "Показатель",
    "indicator_values": "План и факт показателя",
    "indicator_members": "Состав показателя", "control_points": "Контрольная точка", "services": "Услуга",
    "service_requests": "Обращения за услугой", "service_share_plan": "План доли обращений в электронном виде",
    "sent_periods": "Отправка в регион",
    "region_packages": "Пакет из региона", "region_targets": "Значение, заданное регионом",
    "target_changes": "Изменение значения, заданного регионом", "region_answers": "Итоги свода из региона",
}

# The words for every column a table's journal entries carry.
FIELDS: dict[str, dict[str, str]] = {
    "profile": {"district": "район", "oktmo": "ОКТМО", "head_name": "глава", "head_position": "должность главы",
                "executor_name": "исполнитель", "executor_phone": "телефон исполнителя",
                "region_email": "почта региона", "region": "регион"},
    "deadlines": {"due": "срок представления"},
    "plan_evidence": {"text": "подтверждение выполнения"},
    "plan_events": {"day": "дата", "place": "место", "topic": "тема"},
    "ratio_notes": {"note": "пояснение"},
    "centers": {"settlement": "поселение", "address": "адрес", "host": "организация", "schedule": "график работы",
                "schedule_published": "график опубликован", "schedule_link": "ссылка на график",
                "active": "действует"},
    "center_staff": {"name": "сотрудник", "has_badge": "бейдж"},
    "center_checks": {"checked_on": "дата проверки", "note": "примечание"},
    "esia_plans": {"registered_start": "зарегистрировано на конец прошлого года",
                   "target_end": "целевой показатель на конец года", "population": "численность населения",
                   "total_registered": "всего зарегистрировано", "total_as_of": "всего зарегистрировано на дату"},
    "indicators": {"number": "номер", "name": "наименование", "kind": "тип", "unit": "единица измерения",
                   "territory": "территория", "base_value": "базовое значение",
                   "base_date": "дата базового значения", "direction": "направление",
                   "decimals": "знаков после запятой", "active": "действует",
                   "member_cap": "предел учёта достижения в составе, %"},
    "indicator_values": {"plan": "план", "fact": "факт", "comment": "комментарий"},
    "indicator_members": {"weight": "вес в составе"},
    "control_points": {"title": "контрольная точка", "due": "срок", "done": "выполнена", "comment": "комментарий"},
    "services": {"name": "услуга", "level": "уровень", "mass": "МСЗУ", "federal_number": "номер в перечне",
                 "department": "ответственный орган", "planned_quarter": "план перевода в электронный вид",
                 "available_on": "доступна в электронном виде с", "active": "действует"},
    "service_requests": {"total": "всего обращений", "electronic": "обращений в электронном виде"},
    "service_share_plan": {"share": "план доли обращений в электронном виде, %"},
    "sent_periods": {"revision": "редакция", "reopened_at": "открыт для исправления", "reopen_reason": "причина"},
    "region_packages": {"region": "регион", "version": "версия", "made_at": "составлен"},
    "region_targets": {"value": "значение"},
    "target_changes": {"region_value": "значение региона", "value": "значение района", "reason": "причина"},
    "region_answers": {"made_at": "составлены", "status": "статус отчёта"},
}

# Columns that say which thing changed rather than what: told once, before the changes (see `_which`).
WHICH = {
    "plan_inputs": ("field",), "center_checks": ("requirement", "period_id"),
    "center_operations": ("kind", "period_id"),
    "esia_months": ("month",), "indicator_members": ("member_id",), "ratio_notes": ("rule_id", "place"),
    "indicator_values": ("year", "quarter"), "service_requests": ("year", "quarter"),
    "service_share_plan": ("year", "quarter"), "deadlines": ("year", "quarter"),
    "region_packages": ("year",), "region_targets": ("year", "quarter", "area", "key", "field"),
    "target_changes": ("year", "quarter", "area", "key", "field"), "region_answers": ("year", "quarter"),
}
# The one column whose value is named by the thing WHICH finds (the input's value takes the input's words).
NAMED_VALUE = {"plan_inputs": "value", "center_checks": "met", "center_operations": "count",
               "esia_months": "registrations"}
# Columns kept for the machine only: a row's number, the year of a planned transfer (told with its quarter).
UNTOLD = {"id", "planned_year"}

STATUS_WORDS = {"accepted": "принят", "returned": "возвращён на доработку", "missing": "не представлен"}
YES_NO = {"met", "active", "has_badge", "schedule_published", "mass"}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?")


def period_words(year: object, quarter: object) -> str:
    """«за 2 квартал 2018 года», or «за 2018 год» for a whole year's value (quarter 0)."""
    return f"за {year} год" if not quarter else f"за {quarter} квартал {year} года"


def value_words(column: str, value: object) -> str:
    """A stored value as the screen shows it: dates dd.MM.yyyy, numbers the Russian way, да/нет, words."""
    if value is None or value == "":
        return "—"
    if column in YES_NO:
        return "да" if value else "нет"
    if column == "direction":
        return DIRECTIONS.get(str(value), str(value))
    if column == "status":
        return STATUS_WORDS.get(str(value), str(value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return format_number(value, 6)
    text = str(value)
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        y, m, d, hh, mm = iso.groups()
        return f"{d}.{m}.{y}" + (f" {hh}:{mm}" if hh else "")
    return text


@cache
def _rule_texts() -> dict[str, str]:
    return {r.id: r.text for r in shipped_rules()}


class JournalWords:
    """Names what the journal's entries refer to by number or code: the inputs and requirements of the methodology
    a quarter is scored with, indicators, centers, services and control ratios."""

    def __init__(self, db: Database | None = None, methodology: Methodology | None = None) -> None:
        self.db, self.methodology = db, methodology
        self._names: dict[str, dict[int, str]] | None = None
        self._methodologies: dict[str, Methodology | None] = {}
        self._periods: dict[int, Period] | None = None

    def period(self, period_id: object) -> Period | None:
        """The quarter of a row id the journal carries (a center's checks and operations)."""
        if self._periods is None:
            self._periods = periods_by_id(self.db) if self.db is not None else {}
        return self._periods.get(period_id) if isinstance(period_id, int) else None

    def _methodology_of(self, period_text: str) -> Methodology | None:
        """The methodology the quarter is scored with; the one at hand when that cannot be told."""
        if period_text not in self._methodologies:
            found = self.methodology
            if self.db is not None:
                try:
                    found = period_methodology(self.db, Period.parse(period_text))
                except (ValueError, MethodologyError):  # not started, its methodology not installed: the one at hand
                    found = self.methodology
            self._methodologies[period_text] = found
        return self._methodologies[period_text]

    def names(self, what: str) -> dict[int, str]:
        """Indicators', centers' and services' names by their number in the database."""
        if self._names is None:
            self._names = {"indicator": {}, "center": {}, "service": {}}
            if self.db is not None:
                self._names["indicator"] = {i.id or 0: indicator_name(i.number, i.name)
                                            for i in indicators.list_indicators(self.db, include_retired=True)}
                self._names["center"] = {c.id or 0: f"«{c.title()}»" for c in centers.list_centers(self.db)}
                self._names["service"] = {s.id or 0: f"«{s.name}»" for s in services.list_services(self.db)}
        return self._names[what]

    def input_label(self, entry: Entry, key: str, period: Period | None = None) -> str:
        """The methodology's words for a plan input (key of 'plan:2018-Q2:1.1') or a center's requirement (in the
        quarter given)."""
        parts = entry.key.split(":")
        methodology = self._methodology_of(parts[1]) if parts[0] == "plan" and len(parts) == 3 else \
            self._methodology_of(str(period)) if period is not None else self.methodology
        if methodology is None:
            return "исходные данные" if parts[0] == "plan" else "требование"
        if parts[0] == "plan":
            try:
                return methodology.item(parts[2]).input(key).label
            except KeyError:
                return "исходные данные"
        derived = next((i for i in methodology.items() if i.derive == "centers"), None)
        field = next((f for f in derived.inputs if f.key == key), None) if derived else None
        return field.heading.replace("\n", " ") if field else "требование"

    def input_value(self, entry: Entry, key: str, value: object) -> str:
        """A plan input's value in the methodology's words: the chosen level's text, «да»/«нет», a count."""
        parts = entry.key.split(":")
        methodology = self._methodology_of(parts[1]) if len(parts) == 3 else None
        if methodology is not None and isinstance(value, int | float):
            try:
                field = methodology.item(parts[2]).input(key)
            except KeyError:
                field = None
            if field is not None and field.kind != "count":
                words = field.option_text(float(value))
                if words:
                    return words if field.kind == "flag" else f"{words} ({format_number(value, 6)})"
        return value_words("value", value)

    def subject(self, entry: Entry) -> str:
        """«Что»: the area and the thing — «Исходные данные, пункт 1.1, 2 квартал 2018 года»,
        «Центр обслуживания «с. Калга»»."""
        area = TABLE_TITLES.get(entry.table, "Данные")
        kind, _, rest = entry.key.partition(":")
        if kind == "plan":
            period_text, _, item = rest.partition(":")
            when = _period_title(period_text)
            return f"{area}, {when}" if item in ("", "ratio") else f"{area}, пункт {item}, {when}"
        if kind in ("sent", "answer"):
            return f"{area}: {_period_title(rest)}"
        if kind in ("center", "indicator", "service") and rest.isdigit():
            name = self.names(kind).get(int(rest))
            return f"{area} {name}" if name else area
        if kind in ("esia", "service_plan", "region", "package"):
            return f"{area}, {rest} год"
        return area

    def change(self, entry: Entry) -> str:
        """What changed: «Муниципальные служащие, всего: 45 → 50», «за 2018 год — план: 1 → 2»."""
        old, new = entry.old or {}, entry.new or {}
        which, value_name = self._which(entry, {**old, **new})
        told = {**FIELDS.get(entry.table, {}), **({NAMED_VALUE[entry.table]: value_name} if value_name else {})}
        changes = []
        for column in dict.fromkeys([*old, *new]):
            if column in UNTOLD or column in WHICH.get(entry.table, ()) or column not in told:
                continue
            before, after = self._value(entry, column, old), self._value(entry, column, new)
            if entry.action == "update" and before == after:
                continue
            changes.append(f"{told[column]}: {before} → {after}" if entry.action == "update" else
                           f"{told[column]}: {after if entry.action == 'insert' else before}")
        text = "; ".join(changes) or ACTIONS[entry.action]
        return f"{which} — {text}" if which else text

    def _value(self, entry: Entry, column: str, values: dict) -> str:
        if column == "planned_quarter":
            year, quarter = values.get("planned_year"), values.get("planned_quarter")
            return f"{quarter} квартал {year} года" if year and quarter else "—"
        if entry.table == "plan_inputs" and column == "value":
            return self.input_value(entry, str(values.get("field")), values.get(column))
        return value_words(column, values.get(column))

    def _which(self, entry: Entry, values: dict) -> tuple[str, str]:
        """The thing the entry is about, told before its changes, and the words for its one value (see NAMED_VALUE).
        """
        table = entry.table
        if table == "plan_inputs":
            return "", self.input_label(entry, str(values.get("field")))
        if table in ("center_checks", "center_operations"):
            period = self.period(values.get("period_id"))
            when = period_words(period.year, period.quarter) if period is not None else ""
            if table == "center_checks":
                return when, self.input_label(entry, str(values.get("requirement")), period)
            return when, OPERATIONS.get(str(values.get("kind")), "Операции").lower()
        if table == "esia_months":
            month = values.get("month")
            return "", MONTHS[month - 1] if isinstance(month, int) and 1 <= month <= 12 else "месяц"
        if table == "indicator_members":
            member = values.get("member_id")
            name = self.names("indicator").get(member) if isinstance(member, int) else None
            return f"показатель {name}" if name else "показатель (удалён)", ""
        if table == "ratio_notes":
            rule = _rule_texts().get(str(values.get("rule_id")))
            return f"{f'«{rule}»' if rule else 'контрольное соотношение'}, {values.get('place') or '—'}", ""
        if table in ("region_targets", "target_changes"):
            year, quarter = values.get("year"), values.get("quarter")
            key = TargetKey(year if isinstance(year, int) else 0, quarter if isinstance(quarter, int) else 0,
                            str(values.get("area")), str(values.get("key") or ""), str(values.get("field")))
            words = target_words(key, self._methodology_of(f"{key.year}-Q{key.quarter or 1}"))
            when = period_words(year, quarter)
            return (words if when in words else f"{when} — {words}"), ""
        if table == "region_packages":
            return period_words(values.get("year"), 0), ""
        if "quarter" in WHICH.get(table, ()):
            return period_words(values.get("year"), values.get("quarter")), ""
        return "", ""


def indicator_name(number: str, name: str) -> str:
    """«№ 3 «Доля услуг…»» as the journal names an indicator."""
    short = f"«{name[:60]}{'…' if len(name) > 60 else ''}»"
    return f"№ {number} {short}" if number else short


def _period_title(text: str) -> str:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    return f"{match.group(2)} квартал {match.group(1)} года" if match else "квартал не указан"

