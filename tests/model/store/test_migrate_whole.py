"""The migrations a file lacks run in one transaction: a new file is made in one write to the disk, and an upgrade
that fails part-way leaves the file as it was, at its old version, whole."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from model.errors import DatabaseRefused
from model.store import db as store
from model.store.db import SCHEMA_VERSION, open_database

FIXTURES = Path(__file__).parents[2] / "fixtures"


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_an_upgrade_that_fails_in_its_last_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", path)
    before = tables(path)
    broken = (*store.MIGRATIONS[:-1], store.MIGRATIONS[-1] + "\nCREATE TABLE centers (id INTEGER);")  # exists already
    monkeypatch.setattr(store, "MIGRATIONS", broken)
    with pytest.raises(DatabaseRefused):
        open_database(path)
    assert version(path) == 1 and tables(path) == before  # not the first eight migrations without the last
    monkeypatch.undo()
    open_database(path).conn.close()  # the program as shipped then upgrades it whole
    assert version(path) == SCHEMA_VERSION and "centers" in tables(path)


def test_a_new_file_is_made_at_the_current_version_in_one_transaction(tmp_path):
    path = tmp_path / "new.sqlite"
    commits = []
    conn = open_database(path).conn
    conn.close()
    traced = sqlite3.connect(tmp_path / "probe.sqlite", isolation_level=None)
    traced.set_trace_callback(commits.append)
    store._migrate(traced, 0)
    traced.close()
    assert version(path) == SCHEMA_VERSION
    assert [s for s in commits if s.strip().upper() in ("BEGIN IMMEDIATE", "COMMIT")] == ["BEGIN IMMEDIATE", "COMMIT"]
