"""Modules loaded when first used (model/base/lazy.py), and loaded at once before a second thread may use them:
Python 3.11's lazy loading lets a second thread see a module half run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

RACE = r"""
import sys, threading
sys.path.insert(0, {root!r})
from model.base import lazy
ratios = lazy.module("model.quarter.control_ratios")
if {load_now}:
    lazy.load_now()
missed = []
start = threading.Barrier(8)
def use():
    start.wait()
    try:
        ratios.evaluate
    except AttributeError as exc:
        missed.append(str(exc))
threads = [threading.Thread(target=use) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(missed))
"""


def race(load_now: bool) -> int:
    code = RACE.format(root=str(ROOT), load_now=load_now)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return int(done.stdout.split()[-1])


def test_a_module_made_lazy_runs_when_first_used_or_when_loaded_now(tmp_path, monkeypatch):
    (tmp_path / "lazy_probe_module.py").write_text("RAN = []\nRAN.append(1)\nVALUE = 7\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from model.base import lazy

    try:
        found = lazy.module("lazy_probe_module")
        assert "VALUE" not in object.__getattribute__(found, "__dict__")  # its code has not run
        lazy.load_now()
        assert found.VALUE == 7 and found.RAN == [1]  # run once, by load_now
        lazy.load_now()
        assert found.RAN == [1]
    finally:
        sys.modules.pop("lazy_probe_module", None)


def test_threads_that_first_use_a_module_loaded_now_all_see_it_whole():
    """Eight threads first using a lazy module at once: loaded now before, none misses an attribute (the merge's
    reader threads unpickle the areas' classes while the merge reads books; on Python 3.11.7 without it a thread
    often sees the module half run)."""
    assert [race(load_now=True) for _ in range(5)] == [0] * 5
