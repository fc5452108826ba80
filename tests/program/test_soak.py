"""Soak: thousands of random edits through the model, the writer killed with SIGKILL again and again.

After every kill the database must pass integrity_check and hold every edit the writer acknowledged.
SOAK_EDITS sets how many acknowledged edits to reach (10 000 by default; CI runs fewer).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.areas import centers, esia, plan
from model.areas import indicators as ind
from model.base.period import Period
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
Q2 = Period(2018, 2)
WRITER = """
import random, sys
from datetime import date
sys.path.insert(0, {root!r})
from model.areas import centers, esia, plan, indicators as ind
from model.store.db import open_database
from model.base.period import Period
db = open_database({path!r})
q = Period(2018, 2)
rng = random.Random({seed})
center, indicator = centers.list_centers(db)[0].id, ind.list_indicators(db)[0].id
counter = {start}
while True:
    counter += 1
    op = rng.choice(["plan", "esia", "center", "indicator", "event"])
    if op == "plan":
        plan.set_values(db, q, "2.1", {{"A": 0, "B": counter}})
        key = "2.1/B"
    elif op == "esia":
        month = rng.randint(1, 12)
        current = esia.load_plan(db, 2018)
        esia.save_plan(db, esia.EsiaPlan(2018, months={{**current.months, month: counter}}))
        key = f"esia/{{month}}"
    elif op == "center":
        centers.set_operations(db, q, center, "registration", counter)
        key = "center/registration"
    elif op == "indicator":
        ind.set_values(db, 2018, 0, {{indicator: ind.Value(1, counter)}})
        key = "indicator/fact"
    else:
        plan.add_event(db, q, "3.1", date(2018, 5, 1), "Школа", f"e{{counter}}")
        key = "event"
    print(op, key, counter, flush=True)
"""


def stored(db) -> dict[str, float]:
    values: dict[str, float] = {}
    inputs = plan.load_inputs(db, Q2).get("2.1", {})
    if "B" in inputs:
        values["2.1/B"] = inputs["B"]
    for month, r in esia.load_plan(db, 2018).months.items():
        values[f"esia/{month}"] = r
    ops = centers.load_quarter(db, Q2)
    for quarter in ops.values():
        if "registration" in quarter.operations:
            values["center/registration"] = quarter.operations["registration"]
    for value in ind.load_values(db, 2018, 0).values():
        if value.fact is not None:
            values["indicator/fact"] = value.fact
    return values


@pytest.mark.slow
def test_random_edits_with_kills_lose_nothing(tmp_path):
    target = int(os.environ.get("SOAK_EDITS", "10000"))
    path = tmp_path / "soak.sqlite"
    db = open_database(path)
    centers.save_center(db, centers.Center(None, "с. Калга"))
    ind.save_indicator(db, ind.Indicator(None, "Доля"))
    db.conn.close()
    rng = random.Random(20181231)
    acked: dict[str, int] = {}
    events: set[str] = set()
    counter, kills, total, lost = 0, 0, 0, 0
    while total < target:
        child = subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), path=str(path),
                                                                       seed=rng.randrange(10**9), start=counter)],
                                 stdout=subprocess.PIPE, text=True)
        budget = rng.randint(1, 400)
        assert child.stdout is not None
        for n, line in enumerate(child.stdout, start=1):
            op, key, value = line.split()
            counter = max(counter, int(value))
            if op == "event":
                events.add(f"e{value}")
            else:
                acked[key] = int(value)
            total += 1
            if n >= budget or total >= target:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        kills += 1
        counter += 1  # a committed but unacknowledged edit may hold the next number
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        db = open_database(path)
        now = stored(db)
        lost += sum(1 for key, value in acked.items() if now.get(key, -1) < value)
        topics = {e.topic for e in plan.load_events(db, Q2, "3.1")}
        lost += len(events - topics)
        db.conn.close()
    print(f"\nsoak: {total} acknowledged edits, {kills} kills, {lost} lost")
    assert lost == 0
