"""The audit trail: every change to reported data, with when and on which workstation by which user.

Triggers written by schema migration 5 (model/migrations.py) record each insert, update and delete into the table
`audit`; they call two functions that every connection of the program registers (see `register`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from model.lock import this_workstation

if TYPE_CHECKING:
    from model.db import Database

_paused: set[int] = set()


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the two functions the audit triggers call."""
    host, user = this_workstation()
    actor = f"{host}/{user}"
    key = id(conn)
    conn.create_function("omsu_actor", 0, lambda: actor)
    conn.create_function("omsu_audit_on", 0, lambda: 0 if key in _paused else 1)


@contextmanager
def paused(db: Database) -> Iterator[None]:
    """Writes that restore recorded history (an import of exported rows) are not recorded again."""
    _paused.add(id(db.conn))
    try:
        yield
    finally:
        _paused.discard(id(db.conn))


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    table: str
    key: str
    action: str
    old: dict | None
    new: dict | None


def _entry(row: tuple) -> Entry:
    return Entry(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4], row[5],
                 json.loads(row[6]) if row[6] else None, json.loads(row[7]) if row[7] else None)


_COLUMNS = "id, at, actor, tbl, key, action, old, new"


def history(db: Database, key: str | None = None, limit: int = 2000) -> list[Entry]:
    """Changes of one thing (key like 'plan:2018-Q2:1.1', 'center:3') or of everything, newest first."""
    if key is None:
        rows = db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY id DESC LIMIT ?", [limit])
    else:
        rows = db.execute(f"SELECT {_COLUMNS} FROM audit WHERE key = ? ORDER BY id DESC LIMIT ?", [key, limit])
    return [_entry(r) for r in rows]


def entries_for_export(db: Database, keys_like: list[str]) -> list[Entry]:
    """Changes whose key matches any of the SQL LIKE patterns, oldest first."""
    where = " OR ".join("key LIKE ?" for _ in keys_like) or "0"
    return [_entry(r) for r in db.execute(f"SELECT {_COLUMNS} FROM audit WHERE {where} ORDER BY id", keys_like)]


def restore_entries(db: Database, entries: list[Entry]) -> None:
    """Put exported history back (import); entries already present are left as they are."""
    for e in entries:
        db.execute("INSERT OR IGNORE INTO audit (id, at, actor, tbl, key, action, old, new) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [e.id, e.at.isoformat(), e.actor, e.table, e.key, e.action,
                    json.dumps(e.old, ensure_ascii=False) if e.old is not None else None,
                    json.dumps(e.new, ensure_ascii=False) if e.new is not None else None])


ACTIONS = {"insert": "добавлено", "update": "изменено", "delete": "удалено"}


COLUMNS = {
    "district": "район", "oktmo": "ОКТМО", "head_name": "глава", "head_position": "должность главы",
    "executor_name": "исполнитель", "executor_phone": "телефон исполнителя", "region_email": "почта региона",
    "text": "подтверждение выполнения", "day": "дата", "place": "место", "topic": "тема", "id": "номер",
    "settlement": "поселение", "address": "адрес", "host": "организация", "schedule": "график",
    "schedule_published": "график опубликован", "schedule_link": "ссылка на график", "active": "действует",
    "name": "наименование", "has_badge": "бейдж", "met": "выполнено", "checked_on": "дата проверки",
    "note": "примечание", "count": "количество", "registered_start": "зарегистрировано на конец прошлого года",
    "target_end": "целевой показатель на конец года", "population": "численность населения",
    "total_registered": "всего зарегистрировано", "total_as_of": "на дату", "month": "месяц",
    "registrations": "регистраций", "number": "номер", "kind": "тип", "unit": "единица", "territory": "территория",
    "base_value": "базовое значение", "base_date": "дата базового значения", "direction": "направление",
    "decimals": "знаков после запятой", "year": "год", "quarter": "квартал", "plan": "план", "fact": "факт",
    "comment": "комментарий", "title": "контрольная точка", "due": "срок", "done": "выполнена", "value": "значение",
    "member_id": "показатель состава (код)", "weight": "вес в составе", "member_cap": "предел учёта достижения, %",
    "revision": "редакция", "reopened_at": "открыт для исправления", "reopen_reason": "причина",
}
OPERATION_WORDS = {"registration": "регистрация", "confirmation": "подтверждение личности",
                   "recovery": "восстановление доступа", "deletion": "удаление учётной записи"}
YES_NO = {"met", "active", "has_badge", "schedule_published"}


def _value(column: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if column in YES_NO:
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def describe(entry: Entry, labels: dict[str, str] | None = None) -> str:
    """What changed, in words: «Муниципальные служащие, всего (B): 45 → 50». `labels`: the methodology's words
    for the inputs of the item (or the requirements of the centers) the entry is about."""
    labels = labels or {}
    old, new = entry.old or {}, entry.new or {}
    field = old.get("field") or new.get("field") or old.get("requirement") or new.get("requirement")
    operation = old.get("kind") or new.get("kind") if entry.table == "center_operations" else None
    label = labels.get(field, field) if field else (OPERATION_WORDS.get(operation, operation) if operation else None)
    changes = []
    for column in dict.fromkeys([*old, *new]):
        if column in ("field", "requirement", "period_id") or (column == "kind" and operation) \
                or old.get(column) == new.get(column):
            continue
        before, after = _value(column, old.get(column)), _value(column, new.get(column))
        name = label if column in ("value", "met", "count") and label else COLUMNS.get(column, column)
        changes.append(f"{name}: {before} → {after}" if entry.action == "update" else
                       f"{name}: {after if entry.action == 'insert' else before}")
    return "; ".join(changes) or ACTIONS[entry.action]
