"""The district's explanations of soft control-ratio warnings, per quarter (stored with the quarter, locked with it)."""

from __future__ import annotations

from model.base.ru import clean_text
from model.store.db import Database, atomic


# -- the district's explanations of soft warnings, per quarter (stored with the quarter, locked with it) -------
def read_notes(db: Database, period_id: int | None) -> dict[tuple[str, str], str]:
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
