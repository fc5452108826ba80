"""The window's quarter leaves the other tabs' areas unread until the loader is asked for them, and then reads them
as a whole read would; an area used before it is read is a clear fault, never an empty list; actions on them see
the stored data once, never twice."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter

from model.areas.indicators import ControlPoint
from model.quarter import edits
from model.quarter.data import load_period, read_area
from model.quarter.quarter import DEFERRED

ROOT = Path(__file__).resolve().parents[3]


def test_deferred_quarter_reads_each_area_when_asked_and_equals_a_whole_read(db):
    fill_quarter(db)
    whole = load_period(db, Q2)
    lazy = load_period(db, Q2, deferred=True)
    assert lazy.unread() == list(DEFERRED) and whole.unread() == []
    assert lazy.inputs == whole.inputs and lazy.scores.total == whole.scores.total  # the plan is read at once
    read_area(db, lazy, "control_point")
    assert len(lazy.control_points) == 32  # read now, alone
    assert "control_point" not in lazy.unread() and "indicator" in lazy.unread()
    read_area(db, lazy, "esia")
    assert lazy.esia_plan.total_registered == 10176
    read_area(db, lazy, *DEFERRED)
    assert lazy.unread() == []
    lazy.generated_at = whole.generated_at  # read a moment apart
    assert lazy == whole  # every area read as the whole read reads it
    assert lazy.violations == whole.violations and lazy.service_figures == whole.service_figures


def test_an_area_used_before_it_is_read_is_a_fault_that_names_it(db):
    fill_quarter(db)
    lazy = load_period(db, Q2, deferred=True)
    for use in (lambda: len(lazy.indicators), lambda: list(lazy.services), lambda: lazy.service_plan.get(2),
                lambda: bool(lazy.control_points), lambda: lazy.esia_plan.total_registered,
                lambda: lazy.values(2018, 2), lambda: lazy.violations, lambda: lazy.esia_figures):
        with pytest.raises(RuntimeError, match="is not read yet"):
            use()
    assert "indicator" in repr(lazy)  # shown as not read, without reading it
    assert lazy.scores.total == load_period(db, Q2).scores.total  # what is read is used as it is
    read_area(db, lazy, "indicator", "plan")  # a read area is not read twice; "plan" is always read
    assert len(lazy.indicators) == len(load_period(db, Q2).indicators) > 0


def test_action_on_an_unread_area_shows_the_stored_row_once(db):
    fill_quarter(db)
    data = load_period(db, Q2, deferred=True)
    edits.save_point(db, data, ControlPoint(None, "Новая точка", date(2018, 6, 1), None))
    titles = [p.title for p in data.control_points]
    assert titles.count("Новая точка") == 1 and len(titles) == 33


def test_unknown_attribute_is_still_an_error(db):
    data = load_period(db, Q2, deferred=True)
    with pytest.raises(AttributeError, match="no_such_field"):
        data.no_such_field  # noqa: B018
    assert not hasattr(data, "__getattr__")  # nothing is read behind attribute access


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
    assert "gui.tabs.plan" in ran and "model.quarter.data" in ran and "model.quarter.quarter" in ran
    assert ran.isdisjoint({"model.areas.esia", "model.areas.indicators", "model.areas.public_services",
                           "model.quarter.control_ratios", "model.areas.deadlines"})
