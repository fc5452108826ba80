"""The window's quarter leaves the other tabs' areas unread until they are asked for, and then reads them as a
whole read would; actions on them see the stored data once, never twice."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import Q2, fill_quarter

from model.areas.indicators import ControlPoint
from model.quarter import edits
from model.quarter.data import DEFERRED, load_period

ROOT = Path(__file__).resolve().parents[3]


def test_deferred_quarter_reads_each_area_when_asked_and_equals_a_whole_read(db):
    fill_quarter(db)
    whole = load_period(db, Q2)
    lazy = load_period(db, Q2, deferred=True)
    unread = {name for names in DEFERRED.values() for name in names}
    assert unread.isdisjoint(lazy.__dict__)
    assert lazy.inputs == whole.inputs and lazy.scores.total == whole.scores.total  # the plan is read at once
    assert len(lazy.control_points) == 32  # read now, alone
    assert "control_points" in lazy.__dict__ and "indicators" not in lazy.__dict__
    assert lazy.esia_plan.total_registered == 10176
    lazy.generated_at = whole.generated_at  # read a moment apart
    assert lazy == whole  # every remaining area read on comparison, the same as the whole read
    assert lazy.violations == whole.violations and lazy.service_figures == whole.service_figures


def test_action_on_an_unread_area_shows_the_stored_row_once(db):
    fill_quarter(db)
    data = load_period(db, Q2, deferred=True)
    edits.save_point(db, data, ControlPoint(None, "Новая точка", date(2018, 6, 1), None))
    titles = [p.title for p in data.control_points]
    assert titles.count("Новая точка") == 1 and len(titles) == 33


def test_unknown_attribute_is_still_an_error(db):
    data = load_period(db, Q2, deferred=True)
    try:
        data.no_such_field  # noqa: B018
    except AttributeError as exc:
        assert "no_such_field" in str(exc)
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")


def test_the_window_starts_without_the_other_tabs_areas(tmp_path):
    """python -X importtime lists every module whose code ran: the start shows the plan and imports none of
    the registrations', indicators', services' or control ratios' modules."""
    from model.areas.periods import choose_methodology, reporting_period
    from model.methodology import shipped_2018
    from model.store.db import open_database

    db_file = tmp_path / "full.sqlite"
    db = open_database(db_file)
    fill_quarter(db)
    choose_methodology(db, reporting_period(db), shipped_2018())  # the quarter the window opens on: its plan
    db.conn.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               OMSU_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--smoke", "--db", str(db_file)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    ran = {line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}
    assert "gui.tabs.plan" in ran and "model.quarter.data" in ran
    assert ran.isdisjoint({"model.areas.esia", "model.areas.indicators", "model.areas.public_services",
                           "model.quarter.control_ratios", "model.areas.deadlines"})
