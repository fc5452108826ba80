"""How long the region's package takes to make and a district to apply, as whole processes (issue 27): `package make`
for a table of 41 municipalities (with 1.3's C for four quarters), `package apply` of that package to a district's
database with a filled quarter, alternated run by run with a bare interpreter (`python -c pass`) started the same way.

    .venv/bin/python .ci/bench_package.py [--runs 7] [--municipalities 41]

Prints medians and spreads. Not part of the tests; the goals are make < 1 s and apply < 0,5 s."""

from __future__ import annotations

import argparse
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

from openpyxl import Workbook  # noqa: E402

from model.areas.profile import Profile, save_profile  # noqa: E402
from model.store.db import open_database  # noqa: E402


def run(args: list[str], data: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "OMSU_DATA_DIR": str(data)})
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args}: {done.returncode}\n{done.stderr}")
    return took


def told(name: str, times: list[float]) -> str:
    return f"{name:<28} median {statistics.median(times):.3f} s  ({min(times):.3f}–{max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--municipalities", type=int, default=41)
    a = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    try:
        wb = Workbook()
        ws = wb.active
        ws.append(["Наименование", "ОКТМО", "Зарегистрировано на конец прошлого года",
                   "Целевой показатель на конец года", "Численность населения",
                   *[f"1.3 C, {q} квартал" for q in range(1, 5)]])
        for n in range(a.municipalities):
            ws.append([f"Муниципальный район {n + 1}", f"{53600000 + n * 1000}", 5000 + n, 9000 + n, 40000 + n,
                       *[300 + q for q in range(1, 5)]])
        wb.save(folder / "targets.xlsx")
        db = open_database(folder / "district.sqlite")
        save_profile(db, Profile(district="Муниципальный район 1", oktmo="53600000"))
        db.conn.close()
        py, main_py = sys.executable, str(ROOT / "main.py")
        bare, make, apply = [], [], []
        for n in range(a.runs):
            bare.append(run([py, "-c", "pass"], folder / "data"))
            make.append(run([py, main_py, "package", "make", "--year", "2018", "--region", "Оренбургская область",
                             "--targets", str(folder / "targets.xlsx"), "--out", str(folder / "p.json")],
                            folder / "data"))
            district = folder / f"d{n}.sqlite"
            shutil.copy(folder / "district.sqlite", district)
            apply.append(run([py, main_py, "package", "apply", "--db", str(district), str(folder / "p.json")],
                             folder / f"d{n}"))
        print(told("python -c pass", bare))
        print(told(f"package make ({a.municipalities})", make))
        print(told("package apply", apply))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
