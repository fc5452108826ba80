"""Backups of the database file: consistent copies made with SQLite's backup API, checked, rotated; a restore
that would lose data is told before it is done, and the file it replaces is copied and checked first."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.base.faults import os_reason, sentence, sqlite_reason
from model.base.files import atomic_path, explain
from model.base.uri import database_uri
from model.base.words import counted
from model.errors import WriteError
from model.store.migrations import MIGRATIONS

log = logging.getLogger("omsu.backup")

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
    """The backups of this database file, newest first. A copy another program holds so that even its size cannot
    be read (or one removed meanwhile) is left out, and a folder that cannot be read lists nothing: the log has
    them."""
    folder = backup_dir(db_path)
    try:
        if not folder.is_dir():
            return []
        paths = list(folder.glob(f"{db_path.stem}_*.sqlite"))
    except OSError as exc:
        log.warning("Папка резервных копий %s не прочитана: %s", folder, os_reason(exc))
        return []
    found = []
    for path in paths:
        try:
            made = _parse(path, db_path)
        except OSError as exc:
            log.warning("Резервная копия %s пропущена: %s", path.name, os_reason(exc))
            continue
        if made is not None:
            found.append(made)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def _read_only(path: Path) -> sqlite3.Connection:
    """A database file opened for reading only (a missing file is an error, never made)."""
    return sqlite3.connect(database_uri(path, read_only=True), uri=True)


def integrity_ok(path: Path) -> bool:
    try:
        conn = _read_only(path)
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
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(explain(exc, target)) from exc


def make_backup(db_path: Path, reason: str, source: sqlite3.Connection | None = None) -> Backup:
    """Copy the database (through its open connection if given), check the copy, and rotate old copies.

    Every failure is a WriteError in Russian; a failing rotation is none (see rotate)."""
    folder = backup_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    target = folder / _name(db_path, reason, datetime.now())
    try:
        conn = source or _read_only(db_path)
    except sqlite3.Error as exc:
        raise WriteError(sentence(f"Резервная копия не сделана: файл {db_path} не открылся — {sqlite_reason(exc)}",
                                  "Прежние копии и база данных не изменены")) from exc
    try:
        copy_database(conn, target)
    finally:
        if source is None:
            conn.close()
    if not integrity_ok(target):
        _remove(target)
        raise WriteError("Резервная копия не прошла проверку целостности: исходный файл, возможно, повреждён")
    rotate(db_path)
    try:
        made = _parse(target, db_path)
    except OSError as exc:
        raise WriteError(explain(exc, target)) from exc
    assert made is not None
    return made


def _remove(path: Path) -> bool:
    """Remove a file; one another program holds (Windows refuses to remove an open file: an antivirus, Explorer's
    preview, a sync client) stays, and the log says so."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("Файл %s не удалён: %s", path, os_reason(exc))
        return False
    return True


KEEP_DAYS = 7  # the newest copy of each of the last seven days with copies
KEEP_WEEKS = 8  # of each of the last eight weeks


def rotate(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Keep, as Anki does, the last ten copies, the newest of each of the last 7 days and 8 weeks that have copies,
    and the newest of every month; returns what was removed. (A new copy has passed the integrity check before
    make_backup rotates, so a damaged copy never pushes a good one out.) A copy that cannot be removed — another
    program holds it — is left for the next rotation: rotating never fails."""
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
    return [b.path for b in backups if b.path not in keep and _remove(b.path)]


# Our tables, in the order a clerk meets them, with the words that count their rows (1, 2, 5).
TABLE_WORDS = {
    "profile": ("запись профиля организации", "записи профиля организации", "записей профиля организации"),
    "periods": ("квартал", "квартала", "кварталов"),
    "plan_inputs": ("значение плана популяризации", "значения плана популяризации", "значений плана популяризации"),
    "plan_events": ("мероприятие", "мероприятия", "мероприятий"),
    "plan_evidence": ("подтверждение к плану", "подтверждения к плану", "подтверждений к плану"),
    "centers": ("центр обслуживания", "центра обслуживания", "центров обслуживания"),
    "center_staff": ("сотрудник центров", "сотрудника центров", "сотрудников центров"),
    "center_checks": ("проверка центров", "проверки центров", "проверок центров"),
    "center_operations": ("запись об операциях центров", "записи об операциях центров",
                          "записей об операциях центров"),
    "esia_plans": ("план регистраций в ЕСИА", "плана регистраций в ЕСИА", "планов регистраций в ЕСИА"),
    "esia_months": ("месяц регистраций в ЕСИА", "месяца регистраций в ЕСИА", "месяцев регистраций в ЕСИА"),
    "indicators": ("показатель", "показателя", "показателей"),
    "indicator_values": ("значение показателей", "значения показателей", "значений показателей"),
    "indicator_members": ("связь сводных показателей", "связи сводных показателей", "связей сводных показателей"),
    "control_points": ("контрольная точка", "контрольные точки", "контрольных точек"),
    "services": ("услуга", "услуги", "услуг"),
    "service_requests": ("запись о заявлениях на услуги", "записи о заявлениях на услуги",
                         "записей о заявлениях на услуги"),
    "service_share_plan": ("плановая доля услуг", "плановые доли услуг", "плановых долей услуг"),
    "ratio_notes": ("пояснение к контрольным соотношениям", "пояснения к контрольным соотношениям",
                    "пояснений к контрольным соотношениям"),
    "deadlines": ("срок представления", "срока представления", "сроков представления"),
    "sent_periods": ("отправленный квартал", "отправленных квартала", "отправленных кварталов"),
    "audit": ("запись журнала изменений", "записи журнала изменений", "записей журнала изменений"),
}
SCHEMA_TABLES = tuple(re.findall(r"CREATE TABLE (\w+)", "\n".join(MIGRATIONS)))


def table_rows(path: Path) -> dict[str, int]:
    """Our schema's tables in a database file and the rows of each (a table it lacks is not there)."""
    conn = _read_only(path)
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in SCHEMA_TABLES if t in present}
    finally:
        conn.close()


def _schema_of(path: Path) -> int:
    conn = _read_only(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@dataclass(frozen=True)
class Comparison:
    """A backup against the current database: our tables in each and their rows."""

    copy: dict[str, int]
    current: dict[str, int]

    @property
    def ours(self) -> bool:
        """Whether the copy is this program's database at all: it has tables of our schema."""
        return bool(self.copy)

    def losses(self) -> list[str]:
        """What the current database holds that the copy does not, table by table, in words: «в копии 0
        мероприятий, в текущей базе 14», «в копии нет таблицы услуг (…), в текущей базе их 3»."""
        out = []
        for table in sorted(self.current, key=lambda t: list(TABLE_WORDS).index(t) if t in TABLE_WORDS else 99):
            words = TABLE_WORDS.get(table, ("строка таблицы " + table, "строки таблицы " + table,
                                            "строк таблицы " + table))
            now, then = self.current[table], self.copy.get(table)
            if then is None:
                out.append(f"в копии нет таблицы {words[2]} (копия сделана прежней версией программы), в текущей "
                           + (f"базе их {now}" if now else "базе она пуста"))
            elif then < now:
                out.append(f"в копии {counted(then, *words)}, в текущей базе {now}")
        return out

    def told(self, limit: int = 6, one_line: bool = True) -> str:
        """The losses as one Russian text (the first `limit` of them and how many more), or "" if none; a line each
        when not one_line (a window's message)."""
        losses = self.losses()
        if not losses:
            return ""
        more = len(losses) - limit
        tail = f"и ещё {counted(more, 'расхождение', 'расхождения', 'расхождений')}" if more > 0 else ""
        after = ("После восстановления этих данных в базе не будет (текущий файл сохранится в резервную копию "
                 "«перед восстановлением»).")
        if not one_line:
            items = [f"— {x}" for x in [*losses[:limit], *([tail] if tail else [])]]
            return "В копии меньше данных, чем в текущей базе:\n" + ";\n".join(items) + ".\n\n" + after
        return ("В копии меньше данных, чем в текущей базе: " + "; ".join(losses[:limit]) + (f" {tail}" if tail else "")
                + ". " + after)


def compare(backup_path: Path, db_path: Path) -> Comparison:
    """The copy's tables and rows against the current file's (a current file that is missing or unreadable counts
    as empty: nothing of it can be lost)."""
    try:
        copy = table_rows(backup_path)
    except sqlite3.Error as exc:
        raise WriteError(sentence(f"Копия {backup_path.name} не читается: {sqlite_reason(exc)}",
                                  "Выберите другую")) from exc
    try:
        current = table_rows(db_path) if db_path.exists() else {}
    except sqlite3.Error:
        current = {}
    return Comparison(copy, current)


class FewerData(WriteError):
    """The copy holds less than the current database; nothing was replaced. `comparison` says what."""

    def __init__(self, message: str, comparison: Comparison) -> None:
        super().__init__(message)
        self.comparison = comparison


def restore(db_path: Path, backup: Backup, fewer_allowed: bool = False) -> Backup:
    """Replace the database with a backup; the file must be closed. Returns the copy of the current file made
    first (or the backup itself when there was no sound current file to copy).

    Refused, with nothing replaced: a damaged copy; a file without our tables; a copy with fewer tables or rows
    than the current file unless fewer_allowed (FewerData: ask the user, then call again); a copy «перед
    восстановлением» that does not hold what the current file holds."""
    if not integrity_ok(backup.path):
        raise WriteError(f"Копия {backup.path.name} повреждена: выберите другую")
    comparison = compare(backup.path, db_path)
    if not comparison.ours:
        raise WriteError(sentence(f"Файл {backup.path.name} — не копия базы данных программы: в нём нет ни одной её "
                                  "таблицы", "Восстановление отменено, база данных не изменена"))
    newer = _schema_of(backup.path)
    if newer > len(MIGRATIONS):  # this version could not open the file it put in place
        raise WriteError(sentence(f"Копия {backup.path.name} сделана более новой версией программы (схема {newer}, "
                                  f"эта версия знает {len(MIGRATIONS)})", "Обновите программу и повторите; база "
                                  "данных не изменена"))
    if comparison.losses() and not fewer_allowed:
        raise FewerData(sentence(comparison.told(), "Восстановление не выполнено, база данных не изменена"),
                        comparison)
    before = None
    if db_path.exists() and integrity_ok(db_path):
        before = make_backup(db_path, "restore")
        try:
            same = integrity_ok(before.path) and table_rows(before.path) == comparison.current
        except sqlite3.Error:
            same = False
        if not same:
            _remove(before.path)
            raise WriteError(sentence("Копия текущей базы перед восстановлением не прошла проверку (в ней не те "
                                      "данные, что в базе)", "Восстановление отменено, база данных не изменена"))
    stale = [Path(f"{db_path}{suffix}") for suffix in ("-journal", "-wal", "-shm")]
    if not all(_remove(p) for p in stale):  # a journal left beside the new file would be played back into it
        held = next(p for p in stale if p.exists())
        raise WriteError(sentence(f"Файл {held.name} рядом с базой данных удалить нельзя: его держит другая "
                                  "программа", "Восстановление отменено, база данных не изменена",
                                  "Закройте программы, которые могут держать файл, и повторите"))
    _copy_file(backup.path, db_path)
    try:
        restored = integrity_ok(db_path) and table_rows(db_path) == comparison.copy
    except sqlite3.Error:
        restored = False
    if not restored:
        if before is not None:
            _copy_file(before.path, db_path)
        raise WriteError(sentence("Восстановленный файл не совпал с копией", "Восстановление отменено"
                                  + (", база данных возвращена в прежнее состояние" if before else "")))
    return before or backup


def _copy_file(source_path: Path, target: Path) -> None:
    source = _read_only(source_path)
    try:
        copy_database(source, target)
    finally:
        source.close()


def newest_good(db_path: Path) -> Backup | None:
    return next((b for b in list_backups(db_path) if integrity_ok(b.path)), None)
