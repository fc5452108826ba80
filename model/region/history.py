"""The region's own database: what the region has issued and merged, kept between sessions, never edited by hand.

It lives in the region's data folder (`region/history.sqlite` under the program's data folder) and holds:
- `region`: the region's name (one row), as the packages name it;
- `keys`: each municipality's seal key (model/exchange/seal.py), made the first time a package names it, reused
  after; keys never leave this file but inside the package sent to the districts;
- `packages`: every package made (region, year, version, when, the whole JSON), so versions go up;
- `merges`: one row per merged quarter (when, how many books, the mean, the median, how many were expected) and
  `results`: one row per municipality that reported in it (P, place, registrations per 1 000, the status the region
  gave — 'accepted' or 'returned' — and the digest of its book's data sheet); a quarter merged again replaces its
  rows, the earlier record going into the journal whole;
- `acceptances`: the books the region took into a merge although their seal failed or was missing, each for one
  period, one municipality and one exact data sheet (its digest), with the reason;
- `journal`: what happened to the history (a merge recorded or replaced, a book accepted), with the old and the new
  record as JSON and the reason.

Writes are each one transaction; the file is SQLite like the district's database.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.base.paths import data_dir
from model.base.period import Period
from model.errors import DatabaseRefused, InputRefused
from model.exchange.seal import new_key
from model.region.year import YearRow, YearTable

if TYPE_CHECKING:
    from model.region.consolidate import Summary

APPLICATION_ID = 0x4F4D5352  # "OMSR": the region's history, not a district's database
SCHEMA = (
    """CREATE TABLE region (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL);
    CREATE TABLE keys (oktmo TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, made_at TEXT NOT NULL);
    CREATE TABLE packages (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        year INTEGER NOT NULL,
        version INTEGER NOT NULL,
        made_at TEXT NOT NULL,
        document TEXT NOT NULL,
        UNIQUE (region, year, version)
    );""",
    """CREATE TABLE merges (
        period TEXT PRIMARY KEY,
        made_at TEXT NOT NULL,
        files INTEGER NOT NULL,
        mean REAL,
        median REAL,
        expected INTEGER NOT NULL
    );
    CREATE TABLE results (
        period TEXT NOT NULL REFERENCES merges (period) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        file TEXT NOT NULL,
        revision INTEGER,
        total REAL,
        place INTEGER,
        per_1000 REAL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'returned')),
        digest TEXT NOT NULL,
        PRIMARY KEY (period, key)
    );
    CREATE TABLE acceptances (
        period TEXT NOT NULL,
        key TEXT NOT NULL,
        digest TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (period, key, digest)
    );
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        what TEXT NOT NULL,
        period TEXT NOT NULL,
        key TEXT NOT NULL,
        old TEXT,
        new TEXT,
        reason TEXT NOT NULL
    );
    CREATE INDEX journal_period ON journal (period, id)""",
)


STATUSES = ("accepted", "returned")
MAX_REASON = 2_000


@dataclass(frozen=True)
class JournalEntry:
    at: datetime
    what: str  # "merge" (a quarter merged), "merge replaced" (merged again: old is the earlier record), "accept"
    period: str
    key: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    reason: str


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def history_path() -> Path:
    return data_dir() / "region" / "history.sqlite"


class History:
    """An open history database. Use as a context manager, or call `close`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: every write inside it is kept, or none (nested, it joins the one open). The connection is
        in autocommit mode, where `with conn:` begins nothing — each statement was its own transaction, a merge of
        2 300 municipalities 2 300 writes to disk, and a failure halfway left half a record."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk or an I/O error
                self.conn.execute("ROLLBACK")
            raise

    # -- the region ------------------------------------------------------------------------------------------------
    def region(self) -> str:
        row = self.conn.execute("SELECT name FROM region WHERE id = 1").fetchone()
        return row[0] if row else ""

    def set_region(self, name: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO region (id, name) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                      [name])

    # -- keys ------------------------------------------------------------------------------------------------------
    def key_for(self, oktmo: str, name: str) -> str:
        """The municipality's seal key, made the first time it is asked for."""
        row = self.conn.execute("SELECT key FROM keys WHERE oktmo = ?", [oktmo]).fetchone()
        if row:
            return row[0]
        key = new_key()
        with self.transaction() as c:
            c.execute("INSERT INTO keys (oktmo, name, key, made_at) VALUES (?, ?, ?, ?)",
                      [oktmo, name, key, datetime.now().replace(microsecond=0).isoformat()])
        return key

    def keys(self) -> dict[str, str]:
        """OKTMO → key, for every municipality a package has named."""
        return dict(self.conn.execute("SELECT oktmo, key FROM keys").fetchall())

    # -- packages --------------------------------------------------------------------------------------------------
    def next_package_version(self, region: str, year: int) -> int:
        row = self.conn.execute("SELECT max(version) FROM packages WHERE region = ? AND year = ?",
                                [region, year]).fetchone()
        return (row[0] or 0) + 1

    def record_package(self, region: str, year: int, version: int, made_at: datetime, document: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO packages (region, year, version, made_at, document) VALUES (?, ?, ?, ?, ?)",
                      [region, year, version, made_at.isoformat(), document])

    def package_deadline(self, year: int, quarter: int) -> date | None:
        """The day the quarter's report is due by the newest package recorded for the year (its "deadlines"), or
        None when no package of that year was made or it names no deadline for the quarter."""
        row = self.conn.execute("SELECT document FROM packages WHERE year = ? ORDER BY id DESC LIMIT 1",
                                [year]).fetchone()
        if row is None:
            return None
        try:
            deadlines = json.loads(row[0]).get("deadlines")
            day = deadlines.get(str(quarter)) if isinstance(deadlines, dict) else None
            return date.fromisoformat(day) if isinstance(day, str) else None
        except (ValueError, AttributeError):
            return None

    # -- merges ----------------------------------------------------------------------------------------------------
    def record_merge(self, summary: Summary, statuses: Mapping[str, str]) -> None:
        """Keep a merge: the quarter's figures and a row for each municipality that reported (ranked or kept apart
        for its seal), with the status from `statuses` (key → 'accepted'/'returned'; a key not given: 'returned' if
        the merge has a problem with its book, else 'accepted'). A quarter merged before is replaced, its earlier
        record put in the journal whole. One transaction."""
        period = str(summary.period)
        troubled = {p.file for p in summary.problems}
        rows = []
        seen: set[str] = set()
        for d, kept_apart in [*((d, False) for d in summary.districts), *((d, True) for d in summary.unsealed)]:
            if d.key in seen:  # a book kept apart of a municipality whose other book is ranked: the ranked one
                continue
            seen.add(d.key)
            status = statuses.get(d.key) or ("returned" if d.file in troubled else "accepted")
            if status not in STATUSES:
                raise ValueError(f"status {status!r}")
            rows.append({"key": d.key, "name": d.name, "file": d.file, "revision": d.report.revision[0],
                         "total": None if kept_apart else d.scores.total, "place": d.place,
                         "per_1000": d.registrations.per_1000 if d.registrations and not kept_apart else None,
                         "status": status, "digest": d.report.content_digest})
        merge = {"made_at": summary.made_at.isoformat(), "files": summary.files_read, "mean": summary.mean,
                 "median": summary.median, "expected": len(summary.expected)}
        with self.transaction() as c:
            old = self._merge_record(period)
            if old is not None:
                c.execute("DELETE FROM merges WHERE period = ?", [period])
            c.execute("INSERT INTO merges (period, made_at, files, mean, median, expected) VALUES (?, ?, ?, ?, ?, ?)",
                      [period, merge["made_at"], merge["files"], merge["mean"], merge["median"], merge["expected"]])
            c.executemany("INSERT INTO results (period, key, name, file, revision, total, place, per_1000, status, "
                          "digest) VALUES (:period, :key, :name, :file, :revision, :total, :place, :per_1000, "
                          ":status, :digest)", [{"period": period, **r} for r in rows])
            c.execute("INSERT INTO journal (at, what, period, key, old, new, reason) VALUES (?, ?, ?, '', ?, ?, '')",
                      [_now(), "merge replaced" if old is not None else "merge", period,
                       None if old is None else _dumps(old), _dumps({**merge, "results": rows})])

    def set_statuses(self, period: Period, statuses: Mapping[str, str]) -> None:
        """The statuses the region's answers gave (key → 'accepted'/'returned'), into the quarter's record."""
        bad = [s for s in statuses.values() if s not in STATUSES]
        if bad:
            raise ValueError(f"status {bad[0]!r}")
        with self.transaction() as c:
            c.executemany("UPDATE results SET status = ? WHERE period = ? AND key = ?",
                          [(s, str(period), k) for k, s in statuses.items()])

    def _merge_record(self, period: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT made_at, files, mean, median, expected FROM merges WHERE period = ?",
                                [period]).fetchone()
        if row is None:
            return None
        results = self.conn.execute("SELECT key, name, file, revision, total, place, per_1000, status, digest "
                                    "FROM results WHERE period = ? ORDER BY place IS NULL, place, name",
                                    [period]).fetchall()
        names = ("key", "name", "file", "revision", "total", "place", "per_1000", "status", "digest")
        return {"made_at": row[0], "files": row[1], "mean": row[2], "median": row[3], "expected": row[4],
                "results": [dict(zip(names, r, strict=True)) for r in results]}

    def merged(self) -> list[Period]:
        """The quarters merged, in order."""
        return sorted(Period.parse(p) for (p,) in self.conn.execute("SELECT period FROM merges"))

    def results(self, period: Period) -> list[dict[str, Any]]:
        """The quarter's record: a dict per municipality (key, name, file, revision, total, place, per_1000, status,
        digest), by place; [] if the quarter was not merged."""
        record = self._merge_record(str(period))
        return record["results"] if record else []

    def previous_places(self, period: Period) -> dict[str, int]:
        """Key → place in the closest quarter merged before `period` ({} when there is none)."""
        previous = self.previous_period(period)
        if previous is None:
            return {}
        return dict(self.conn.execute("SELECT key, place FROM results WHERE period = ? AND place IS NOT NULL",
                                      [str(previous)]).fetchall())

    def previous_period(self, period: Period) -> Period | None:
        """The closest quarter merged before `period`."""
        earlier = [p for p in self.merged() if p < period]
        return earlier[-1] if earlier else None

    def year_table(self, year: int) -> YearTable:
        """P of every municipality by quarter of the year and the year's mean over the quarters it has P for."""
        found = self.conn.execute("SELECT period, key, name, total FROM results WHERE period LIKE ? "
                                  "ORDER BY period", [f"{year}-Q%"]).fetchall()
        totals: dict[str, list[float | None]] = {}
        names: dict[str, str] = {}
        quarters: set[int] = set()
        for period, key, name, total in found:
            q = Period.parse(period).quarter
            quarters.add(q)
            totals.setdefault(key, [None] * 4)[q - 1] = total
            names[key] = name  # the latest quarter's name
        rows = []
        for key, values in totals.items():
            have = [v for v in values if v is not None]
            rows.append(YearRow(names[key], key, (values[0], values[1], values[2], values[3]),
                                statistics.fmean(have) if have else None))
        rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0.0), r.name.casefold()))
        return YearTable(year, tuple(sorted(quarters)), tuple(rows))

    def series(self, key: str) -> list[tuple[Period, float | None, int | None]]:
        """The municipality's P and place in every quarter merged (None, None where it was not ranked), in order."""
        found = {Period.parse(p): (t, pl) for p, t, pl in self.conn.execute(
            "SELECT period, total, place FROM results WHERE key = ?", [key])}
        return [(p, *found.get(p, (None, None))) for p in self.merged()]

    # -- books accepted without a seal -----------------------------------------------------------------------------
    def accept_book(self, period: Period, key: str, digest: str, reason: str) -> None:
        """Take the book (this period, this municipality, this exact data sheet) into the merges although its seal
        fails or is missing; the reason is required and journalled."""
        reason = " ".join(reason.split())
        if not reason:
            raise InputRefused("Укажите причину, по которой книга принимается без печати: она записывается в журнал "
                               "истории свода")
        if len(reason) > MAX_REASON:
            raise InputRefused(f"Причина длиннее {MAX_REASON} знаков: сократите её")
        old = self.accepted_reason(period, key, digest)
        with self.transaction() as c:
            c.execute("INSERT INTO acceptances (period, key, digest, reason, at) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (period, key, digest) DO UPDATE SET reason = excluded.reason, at = excluded.at",
                      [str(period), key, digest, reason, _now()])
            c.execute("INSERT INTO journal (at, what, period, key, old, new, reason) VALUES (?, 'accept', ?, ?, ?, ?, "
                      "?)", [_now(), str(period), key, None if old is None else _dumps({"reason": old}),
                             _dumps({"digest": digest}), reason])

    def accepted_reason(self, period: Period, key: str, digest: str) -> str | None:
        """Why the region accepted this exact book without a seal, or None if it did not."""
        row = self.conn.execute("SELECT reason FROM acceptances WHERE period = ? AND key = ? AND digest = ?",
                                [str(period), key, digest]).fetchone()
        return row[0] if row else None

    def journal(self, period: Period | None = None, limit: int = 1_000) -> list[JournalEntry]:
        """The journal, newest first; of one quarter if `period` is given."""
        sql = "SELECT at, what, period, key, old, new, reason FROM journal"
        args: list[object] = []
        if period is not None:
            sql += " WHERE period = ?"
            args.append(str(period))
        rows = self.conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit]).fetchall()
        return [JournalEntry(datetime.fromisoformat(at), what, p, key, json.loads(old) if old else None,
                             json.loads(new) if new else None, reason) for at, what, p, key, old, new, reason in rows]


def open_history(path: Path | None = None) -> History:
    """The history database (created on first use); DatabaseRefused if the file is not one."""
    path = path or history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app not in (0, APPLICATION_ID) or (app == 0 and version != 0):
            raise DatabaseRefused(f"Файл {path} — не история свода программы: выберите другой файл")
        if version > len(SCHEMA):
            raise DatabaseRefused(f"История свода {path} записана более новой версией программы: обновите программу")
        for n in range(version, len(SCHEMA)):
            with closing(conn.cursor()) as cur:
                cur.execute("BEGIN")
                for statement in _statements(SCHEMA[n]):  # one transaction: executescript would commit first
                    cur.execute(statement)
                cur.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                cur.execute(f"PRAGMA user_version = {n + 1}")
                cur.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseRefused(f"История свода {path} не открывается: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return History(conn)


def _statements(script: str) -> list[str]:
    """The statements of a schema step (plain tables and indexes: no trigger bodies with inner semicolons)."""
    return [s.strip() for s in script.split(";") if s.strip()]
