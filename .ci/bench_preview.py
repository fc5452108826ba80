"""How long the methodology editor's preview of a region's folder takes: 41 books (tests/region_books.py, through the
program's own export) read once and ranked under the shipped 2018 methodology and the guide's 2027 example.

    .venv/bin/python .ci/bench_preview.py [--books 41] [--runs 7] [--realistic]

Prints the median and the spread of the whole preview (reading every book, scoring it by both versions, ranking) and
of the ranking alone (what the editor does again on each change of the draft, the books already read). Not part of
the tests; the goal (issue 26) is under 2 s for 41 books.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from region_books import make_books  # noqa: E402

from model.methodology import load_methodology, shipped_2018  # noqa: E402
from model.region.methodology_preview import preview_folder, rank_books, read_books  # noqa: E402

ASSUMED = {"2.6": {"A": 2}, "2.9": {"n": 0.5}}  # what 2018 books cannot hold, typed by the methodologist


def timed(action, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=41)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--realistic", action="store_true", help="long names, the starter indicators, services")
    args = parser.parse_args()
    old, new = shipped_2018(), load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")
    with tempfile.TemporaryDirectory(prefix="bench_preview_") as folder:
        make_books(Path(folder), args.books, realistic=args.realistic)
        whole = timed(lambda: preview_folder([Path(folder)], old, new, ASSUMED), args.runs)
        books = read_books([Path(folder)])
        ranking = timed(lambda: rank_books(books, old, new, ASSUMED), args.runs)
    print(f"{args.books} books{' (realistic)' if args.realistic else ''}, {args.runs} runs")
    print(f"  whole preview: median {statistics.median(whole):.3f} s (min {min(whole):.3f}, max {max(whole):.3f})")
    print(f"  ranking again: median {statistics.median(ranking) * 1000:.1f} ms "
          f"(min {min(ranking) * 1000:.1f}, max {max(ranking) * 1000:.1f})")


if __name__ == "__main__":
    main()
