"""Backups of the database file: consistent copies made with SQLite's backup API, checked, rotated."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.base.faults import sentence, sqlite_reason
from model.files import WriteError, atomic_path, explain

FOLDER = "Резервные копии"
KEEP_LAST = 10
REASONS = {
    "start": "при запуске",
    "migration": "перед обновлением структуры",
    "import": "перед загрузкой из Excel",
    "sending": "перед подготовкой отправки",
    "restore": "перед восстановлением",
    "manual": "по команде",
}


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    size: int
    reason: str

    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def _name(db_path: Path, reason: str, when: datetime) -> str:
    return f"{db_path.stem}_{when:%Y-%m-%d_%H%M%S_%f}_{reason}.sqlite"


_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{6})")


def _parse(path: Path, db_path: Path) -> Backup | None:
    rest = path.stem.removeprefix(db_path.stem + "_")
    parts = rest.split("_")
    if len(parts) < 4:
        return None
    stamp = _STAMP.fullmatch("_".join(parts[:3]))  # as _name writes it (strptime would cost the start 3 ms)
    if stamp is None:
        return None
    year, month, day, hour, minute, second, micro = (int(g) for g in stamp.groups())
    try:
        made = datetime(year, month, day, hour, minute, second, micro)
    except ValueError:  # no such day or time
        return None
    return Backup(path, made, path.stat().st_size, "_".join(parts[3:]))


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of this database file, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob(f"{db_path.stem}_*.sqlite") if (b := _parse(p, db_path)) is not None]
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def integrity_ok(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open database into target (written whole, then renamed)."""
    try:
        with atomic_path(target) as tmp:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
            finally:
                dest.close()
    except sqlite3.Error as exc:  # SQLite's own text is English: the words come from its result code
        raise WriteError(sentence(f"Резервная копия {target.name} не сделана: {sqlite_reason(exc)}",
                                  "Прежние копии и база данных не изменены")) from exc


def make_backup(db_path: Path, reason: str, source: sqlite3.Connection | None = None) -> Backup:
    """Copy the database (through its open connection if given), check the copy, and rotate old copies."""
    folder = backup_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    target = folder / _name(db_path, reason, datetime.now())
    own = source is None
    conn = source or sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        copy_database(conn, target)
    finally:
        if own:
            conn.close()
    if not integrity_ok(target):
        target.unlink(missing_ok=True)
        raise WriteError("Резервная копия не прошла проверку целостности: исходный файл, возможно, повреждён")
    rotate(db_path)
    made = _parse(target, db_path)
    assert made is not None
    return made


KEEP_DAYS = 7  # the newest copy of each of the last seven days with copies
KEEP_WEEKS = 8  # of each of the last eight weeks


def rotate(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Keep, as Anki does, the last ten copies, the newest of each of the last 7 days and 8 weeks that have copies,
    and the newest of every month; returns what was removed. (A new copy has passed the integrity check before
    make_backup rotates, so a damaged copy never pushes a good one out.)"""
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:KEEP_LAST]}
    for bucket, limit in ((lambda t: t.date(), KEEP_DAYS), (lambda t: t.isocalendar()[:2], KEEP_WEEKS),
                          (lambda t: (t.year, t.month), None)):
        seen: list[object] = []
        for b in backups:  # newest first: the first seen of a bucket is its newest
            key = bucket(b.made_at)
            if key not in seen:
                seen.append(key)
                if limit is None or len(seen) <= limit:
                    keep.add(b.path)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore(db_path: Path, backup: Backup) -> Backup:
    """Replace the database with a backup, after backing up the current file; the file must be closed."""
    if not integrity_ok(backup.path):
        raise WriteError(f"Копия {backup.path.name} повреждена: выберите другую")
    before = make_backup(db_path, "restore") if db_path.exists() and integrity_ok(db_path) else None
    source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
    try:
        copy_database(source, db_path)
    finally:
        source.close()
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return before or backup


def newest_good(db_path: Path) -> Backup | None:
    return next((b for b in list_backups(db_path) if integrity_ok(b.path)), None)
