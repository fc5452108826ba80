"""Shared fixtures: a fresh database per test, headless Qt, isolated window settings."""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Installed methodologies, logs and the default database of a test run live apart from the user's own.
os.environ["OMSU_DATA_DIR"] = tempfile.mkdtemp(prefix="omsu-tests-")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.base.period import Period  # noqa: E402
from model.methodology import shipped_2018  # noqa: E402
from model.store.db import open_database  # noqa: E402

Q2 = Period(2018, 2)

# A test that hangs (a modal dialog nobody answers, a child process that never ends) stops the run after this many
# seconds with every thread's traceback on stderr, instead of holding CI until the machine's own limit; the longest
# test (the typing session) takes a few minutes
TEST_TIME_LIMIT = float(os.environ.get("TEST_TIME_LIMIT", "900"))


_STDERR: list[int] = []  # a copy of the terminal's stderr, made before the tests' output is captured


def pytest_configure(config):
    _STDERR.append(os.dup(sys.stderr.fileno()))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    faulthandler.dump_traceback_later(TEST_TIME_LIMIT, exit=True, file=_STDERR[0] if _STDERR else sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()

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
# fill_quarter below: the same, but 1.2 comes from 12 centers meeting every requirement (100)
FILLED_TOTAL = ((75 + 100 + 100) / 3 + 500 / 7 + 50) / 3  # ≈ 71,03


@pytest.fixture
def methodology():
    return shipped_2018()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "district.sqlite"


@pytest.fixture
def db(db_path: Path):
    database = open_database(db_path)
    yield database
    database.conn.close()


CENTER_NAMES = ["с. Калга", "с. Бура", "с. Нижний Калгукан", "с. Козлово", "с. Досатуй", "с. Чингильтуй", "с. Кадая",
                "с. Верхний Калгукан", "с. Шивия", "с. Запокровский", "с. Бура-1", "с. Чупров"]


def fill_quarter(db, period=Q2, executor="М. С. Петрова"):
    """A fully filled quarter: profile, plan, 12 centers, 12 months of registrations, 10 indicators, 32 points."""
    from datetime import date

    from model.areas import centers, esia, plan
    from model.areas import indicators as ind
    from model.areas.centers import Center, Check, StaffMember
    from model.areas.profile import Profile, save_profile

    save_profile(db, Profile(district="Муниципальный район «Калганский район»", oktmo="76618000",
                             head_name="С. А. Егоров", head_position="И.о. главы администрации",
                             executor_name=executor, executor_phone="+7 (30244) 4-13-34",
                             region_email="omsu@region.ru"))
    for number, values in FULL_QUARTER.items():
        plan.set_values(db, period, number, dict(values))
    plan.add_event(db, period, "2.6", date(2018, 4, 12), "ДК с. Калга", "Госуслуги для пенсионеров")
    plan.add_event(db, period, "3.1", date(2018, 5, 14), "МБОУ СОШ", "Родительское собрание")
    keys = ("req1", "req2", "req3", "req4")
    for i, name in enumerate(CENTER_NAMES):
        cid = centers.save_center(db, Center(None, name, address=f"ул. Центральная, {i + 1}",
                                             host="Администрация сельского поселения",
                                             staff=(StaffMember("Иванова А. П.", True),)))
        centers.set_checks(db, period, cid, {k: Check(True, date(2018, 5, 10)) for k in keys}, keys)
        centers.set_operations_many(db, period, [(cid, "registration", 10 + i), (cid, "confirmation", 5 + i)])
    esia.save_plan(db, esia.EsiaPlan(period.year, registered_start=7694, target_end=14480, population=85199,
                                     total_registered=10176, total_as_of=date(2018, 7, 1),
                                     months={m: 500 + 10 * m for m in range(1, 13)}))
    ids = ind.load_starter_set(db, "Калганский район")
    for extra in range(6, 11):
        ids.append(ind.save_indicator(db, ind.Indicator(None, f"Дополнительный показатель {extra}",
                                                        number=str(extra), kind="дополнительный", unit="ед.")))
    ind.set_values(db, period.year, 0, {i: ind.Value(10 + n, 9 + 2 * n) for n, i in enumerate(ids)})
    for k in range(32):
        ind.save_point(db, ind.ControlPoint(None, f"Контрольная точка {k + 1}", date(2018, 1 + k % 12, 1),
                                            date(2018, 1 + k % 12, 1)))
