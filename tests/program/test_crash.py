"""A child process edits and is killed with SIGKILL mid-way; every edit it reported as committed survives."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.areas import plan
from model.base.period import Period
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from datetime import date
sys.path.insert(0, {root!r})
from model.areas import plan
from model.store.db import open_database
from model.base.period import Period
db = open_database({path!r})
p = Period(2018, 2)
for i in range(1, 100000):
    plan.set_values(db, p, "2.1", {{"A": 0, "B": i}})
    print("value", i, flush=True)
    event = plan.add_event(db, p, "3.1", date(2018, 5, 1), "Школа", f"Собрание {{i}}")
    print("event", event, i, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [7, 150, 401])
def test_sigkill_loses_no_acknowledged_edit(tmp_path, kill_after):
    path = tmp_path / "crash.sqlite"
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                             stdout=subprocess.PIPE, text=True)
    acknowledged_value, events = 0, {}
    assert child.stdout is not None
    for count, line in enumerate(child.stdout, start=1):
        kind, *rest = line.split()
        if kind == "value":
            acknowledged_value = int(rest[0])
        else:
            events[int(rest[0])] = f"Собрание {rest[1]}"
        if count >= kill_after:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    db = open_database(path)
    stored = plan.load_inputs(db, Period(2018, 2))["2.1"]["B"]
    assert stored >= acknowledged_value > 0
    stored_events = {e.id: e.topic for e in plan.load_events(db, Period(2018, 2), "3.1")}
    assert events.items() <= stored_events.items()
