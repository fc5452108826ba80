"""How long the methodology editor takes to open a methodology: the file read and checked, the window built with its
tree and the first form, shown and painted (QT_QPA_PLATFORM=offscreen). Whole processes, alternated with a bare
window of the same size as the reference.

    .venv/bin/python .ci/bench_editor.py [--runs 7]

Each methodology is opened twice: in a fresh process (its modules imported too), and as from the running program
(the main window's modules imported before the clock starts). Prints the median of each. Not part of the tests; the
goal (issue 26) is under 0,3 s to open a methodology.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
if sys.argv[2] == "running":  # opened from the running program: what its window imported is there already
    import gui.main_window  # noqa: F401
    import model.methodology.registry  # noqa: F401
t1 = time.perf_counter()
if sys.argv[1] == "bare":
    w = QWidget()
else:
    from gui.methodology_editor.window import MethodologyEditor
    from model.methodology.draft import Draft
    w = MethodologyEditor(None, None, Draft.open(sys.argv[1]))
w.resize(1366, 690)
w.show()
app.processEvents()
w.grab()
t2 = time.perf_counter()
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    cases = {"bare": "bare", "2018": str(ROOT / "resources" / "methodologies" / "popularization-2018.toml"),
             "2027": str(ROOT / "docs" / "examples" / "popularization-2027.toml")}
    times: dict[str, list[float]] = {name: [] for name in cases}
    cases |= {f"{name}, из работающей программы": arg for name, arg in cases.items() if name != "bare"}
    times = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, arg in cases.items():
            out = subprocess.run([sys.executable, "-c", CHILD, arg, "running" if "программы" in name else "cold"],
                                 env=env, capture_output=True, text=True, check=True).stdout.split()
            times[name].append(float(out[1]))
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values) * 1000:.0f} ms after QApplication "
              f"(from {min(values) * 1000:.0f} to {max(values) * 1000:.0f} ms, {args.runs} runs)")


if __name__ == "__main__":
    main()
