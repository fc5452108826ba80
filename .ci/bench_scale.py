"""The region at the scale of a country (issue 28): `main.py consolidate` of 41, 410 and 2 300 full books.

    .venv/bin/python .ci/bench_scale.py [N …] [--runs 3] [--books DIR] [--profile N] [--program TREE]

The books (tests/region_books.py make_full_books: every area filled, ~46 KB each, the size of a district's real
book) are made once into DIR (default /tmp/omsu_scale_books; two processes, about 2 minutes for 2 300) and reused;
each N merges the first N of them, linked into a folder of their own. Each N is run RUNS times as a whole process,
alternately with `python -c pass`; prints the median wall time, the range, the per-book cost (median less the bare
interpreter, over N), the peak memory (/usr/bin/time's maximum resident size) and whether the summary's files were
written. --profile N prints cProfile's top 30 (cumulative) of one merge of N books, in this process. --program TREE
runs another source tree's main.py on the same books (a before and after in one session). Not part of the tests.
"""

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


def books(store: Path, count: int) -> Path:
    """A folder holding the first `count` of the stored books (made where missing)."""
    from region_books import make_full_books

    every = store / "all"
    have = len(list(every.glob("*.xlsx"))) if every.is_dir() else 0
    if have < count:
        print(f"making {count} full books in {every} …", flush=True)
        make_full_books(every, count, processes=os.cpu_count() or 1)
    folder = store / f"first_{count}"
    if not folder.is_dir() or len(list(folder.glob("*.xlsx"))) != count:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path in sorted(every.glob("*.xlsx"))[:count]:
            os.link(path, folder / path.name)
    return folder


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    timer = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
    start = time.perf_counter()
    done = subprocess.run(([timer, "-f", "%M"] if timer else []) + command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    memory = float(done.stderr.strip().splitlines()[-1]) / 1024 if timer else float("nan")
    return seconds, memory, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[41, 410, 2300])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--books", type=Path, default=Path(tempfile.gettempdir()) / "omsu_scale_books")
    parser.add_argument("--profile", type=int)
    parser.add_argument("--program", type=Path, default=ROOT)
    args = parser.parse_args()
    if args.profile:
        import cProfile
        import pstats

        from model.base.period import Period
        from model.region.consolidate import consolidate
        from model.region.summary_files import write_summary

        folder = books(args.books, args.profile)
        out = Path(tempfile.mkdtemp(prefix="scale_out_"))
        profiler = cProfile.Profile()
        profiler.enable()
        write_summary(consolidate([folder], Period(2018, 2)), out)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        shutil.rmtree(out, ignore_errors=True)
        return
    compiled = [str(args.program / "model"), str(args.program / "main.py")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *compiled], check=True)
    for n in args.sizes:
        folder = books(args.books, n)
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "OMSU_DATA_DIR": str(Path(tmp) / "data"), "XDG_CONFIG_HOME": str(Path(tmp) / "cfg")}
            bare, wall, peak = [], [], []
            for run in range(args.runs):
                out = Path(tmp) / f"out{run}"
                bare.append(timed([sys.executable, "-c", "pass"], env)[0])
                seconds, memory, code = timed([sys.executable, str(args.program / "main.py"), "consolidate", "--period",
                                               "2018-Q2", "--out", str(out), str(folder)], env)
                if code not in (0, 1):
                    raise SystemExit(f"consolidate ended with {code}")
                if not list(out.glob("*.pdf")) or not list(out.glob("*.xlsx")):
                    raise SystemExit(f"consolidate of {n} wrote no summary")
                wall.append(seconds)
                peak.append(memory)
            median, nothing = statistics.median(wall), statistics.median(bare)
            each = (median - nothing) / n * 1000
            print(f"N = {n:>5}: {median:6.2f} s ({min(wall):.2f}–{max(wall):.2f}), {each:5.1f} "
                  f"ms a book, peak {max(peak):4.0f} MB; python -c pass {nothing * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
