"""Shared fixtures: a fresh database per test, headless Qt, isolated window settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.db import open_database  # noqa: E402
from model.methodology import default_methodology  # noqa: E402
from model.periods import Period  # noqa: E402

Q2 = Period(2018, 2)

# A fully filled quarter and its scores computed by hand from DOMAIN.md's formulas.
FULL_QUARTER = {
    "1.1": {"A1": 45, "B1": 50, "A2": 120, "B2": 200},  # ((45/50) + (120/200)) / 2 × 100 = 75
    "1.2": {"req1": 1, "req2": 1, "req3": 0, "req4": 1},  # 3 × 0,25 × 100 = 75
    "1.3": {"A": 1350, "C": 1000},  # 135 % over-fulfilled, enters P1 as 100
    "2.1": {"A": 300, "B": 400},  # 75
    "2.2": {"n": 0.5},  # 50
    "2.3": {"n": 0.25, "m": 0.5},  # 75
    "2.4": {"n": 0.5},  # 50
    "2.5": {"n": 1},  # 100
    "2.6": {"n": 1},  # 100
    "2.7": {"n": 0.5},  # 50
    "2.8": {"n": 0},  # 0
    "3.1": {"n": 1},  # 100
    "3.2": {"n": 0.5},  # 50
    "3.3": {"n": 0},  # 0
}
FULL_ITEMS = {"1.1": 75.0, "1.2": 75.0, "1.3": 100.0, "2.1": 75.0, "2.2": 50.0, "2.3": 75.0, "2.4": 50.0,
              "2.5": 100.0, "2.6": 100.0, "2.7": 50.0, "2.8": 0.0, "3.1": 100.0, "3.2": 50.0, "3.3": 0.0}
FULL_SECTIONS = {"1": 250 / 3, "2": 500 / 7, "3": 50.0}
FULL_TOTAL = (250 / 3 + 500 / 7 + 50) / 3  # = 4300 / 63 ≈ 68,25


@pytest.fixture
def methodology():
    return default_methodology()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "district.sqlite"


@pytest.fixture
def db(db_path: Path):
    database = open_database(db_path)
    yield database
    database.conn.close()
