"""The program run as a user runs it: `main.py` in a child process, and what the hostile-file tests share — a
filled quarter with the book exported from it, strict JSON, an import that must be refused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from region_books import make_books
from russian_output import assert_russian, tables

from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parent.parent


def main_py(*args, data: Path | None = None, cwd: Path | None = None,
            timeout: float = 180) -> subprocess.CompletedProcess:
    """`main.py ARGS…` (each turned into text); `data`: the data folder it uses (OMSU_DATA_DIR)."""
    env = {**os.environ, **({"OMSU_DATA_DIR": str(data)} if data else {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=cwd)


def filled_quarter(root: Path) -> tuple[Path, Path]:
    """A database with a whole quarter in root, and the workbook exported from it."""
    db = open_database(root / "district.sqlite")
    fill_quarter(db)
    book = write_xlsx(load_period(db, Q2, history=True), root / "book.xlsx")
    db.conn.close()
    return root / "district.sqlite", book


def no_constant(name: str) -> object:
    raise AssertionError(f"{name} в JSON")


def strict_json(text: str):
    """JSON as the standard has it: NaN and Infinity are not JSON."""
    return json.loads(text, parse_constant=no_constant)


def refused_import(database: Path, book: Path, *words: str) -> subprocess.CompletedProcess:
    """`import` of a book that must be refused: exit 2, nothing on stdout, Russian naming the book with `words`
    in it, the database unchanged table by table."""
    before = tables(database)
    out = main_py("import", "--db", database, book)
    assert out.returncode == 2 and out.stdout == "", out.stdout
    assert_russian(out.stderr, book)
    assert all(w in out.stderr for w in words), out.stderr
    assert tables(database) == before
    return out


# Fixtures shared by the hostile-file tests (imported by name into the modules that use them)
@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, Path]:
    return filled_quarter(tmp_path_factory.mktemp("filled"))


@pytest.fixture
def database(filled, tmp_path) -> Path:
    """A copy of the filled quarter's database, for one test."""
    copy = tmp_path / "db" / "district.sqlite"
    copy.parent.mkdir()
    shutil.copy(filled[0], copy)
    return copy


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    """Three good districts' books; the bad ones are made beside them per case."""
    folder = tmp_path_factory.mktemp("книги")
    make_books(folder, 3, realistic=True)
    return folder


@pytest.fixture(scope="module")
def district(tmp_path_factory, books) -> Path:
    """A database with a quarter imported from a good book (compared table by table after each refusal)."""
    path = tmp_path_factory.mktemp("район") / "район.sqlite"
    out = main_py("import", "--db", path, books / "район_001.xlsx")
    assert out.returncode == 0, out.stderr
    return path
