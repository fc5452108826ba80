"""Export benchmark (a developer's tool): whole-process median of `main.py export` against `python -c pass`.

    .venv/bin/python .ci/bench_export.py [RUNS] [--profile] [--against TREE]

The full-quarter fixture (tests/conftest.py fill_quarter: twelve centers, indicators, points) is exported for
2018-Q2 — the PDF and the workbook — into a fresh folder each time, alternately with a bare `python -c pass`,
RUNS times (default 7) after two warm-up rounds, so that the machine's noise falls on both alike. Prints each
median in ms, the range, and the export less the bare interpreter. The goal (issue 28): under 0,35 s whole process.
The program's modules are compiled first (as the bundle and an installed program carry them): with
PYTHONDONTWRITEBYTECODE set, a start from source would compile ~60 modules each time (~0,1 s).
--profile prints cProfile's top 25 of one export (cumulative) after the figures.
--against TREE alternates a third command too: the export of another source tree (say `git archive main | tar -x -C
/tmp/ref`), the same database and interpreter — a before and after measured in one run, under the same noise.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def filled_database(path: Path) -> None:
    from conftest import fill_quarter

    from model.areas.periods import choose_methodology
    from model.base.period import Period
    from model.methodology import shipped_2018
    from model.store.db import open_database

    db = open_database(path)
    fill_quarter(db)
    choose_methodology(db, Period(2018, 2), shipped_2018())
    db.conn.close()


def main() -> int:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]  # RUNS (a TREE of digits alone is not expected)
    runs = int(numbers[0]) if numbers else 7
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        os.environ["OMSU_DATA_DIR"] = str(folder / "data")
        database = folder / "full.sqlite"
        filled_database(database)
        subprocess.run([sys.executable, "-m", "compileall", "-q", "main.py", "model"], check=True, cwd=ROOT)
        out = folder / "out"
        export = [sys.executable, str(ROOT / "main.py"), "export", "--db", str(database), "--period", "2018-Q2",
                  "--out", str(out)]
        commands = {"python -c pass": [sys.executable, "-c", "pass"], "main.py export (PDF + workbook)": export}
        if "--against" in sys.argv:
            other = Path(sys.argv[sys.argv.index("--against") + 1]).resolve()
            subprocess.run([sys.executable, "-m", "compileall", "-q", "main.py", "model"], check=True, cwd=other)
            commands[f"{other}: main.py export"] = [sys.executable, str(other / "main.py"), *export[2:]]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(runs + 2):
            for name, command in commands.items():
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
                if round_ >= 2:
                    times[name].append(time.perf_counter() - start)
        base = statistics.median(times["python -c pass"])
        for name, measured in times.items():
            median = statistics.median(measured)
            print(f"{median * 1000:6.0f} ms  ({min(measured) * 1000:.0f}–{max(measured) * 1000:.0f})  "
                  f"less python -c pass {(median - base) * 1000:5.0f} ms  {name}")
        if "--profile" in sys.argv:
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumulative", *export[1:]], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
