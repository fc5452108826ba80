"""How long the region's summary takes with a long list of expected municipalities, whole process.

    .venv/bin/python .ci/bench_summary.py [--books 10] [--keep DIR] [N …]   (default N: 100 1000 2300 5000)

Writes `--books` district books and, for each N, an expected list of N municipalities (the books' own and made-up
ones that sent nothing), then runs `main.py consolidate --expected` in a fresh process. Prints wall seconds, peak
memory (/usr/bin/time's, or resource.getrusage where it is absent) and the summary PDF's pages. Not part of the
tests (a minute); the figures go to README.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from region_books import make_books, write_expected  # noqa: E402


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def run(books: Path, expected: Path, out: Path, data: Path) -> tuple[float, float, int]:
    command = [sys.executable, str(ROOT / "main.py"), "consolidate", "--period", "2018-Q2", "--out", str(out),
               "--expected", str(expected), str(books)]
    env = {**os.environ, "OMSU_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    start = time.perf_counter()
    if timer:
        done = subprocess.run([timer, "-f", "%M", *command], env=env, capture_output=True, text=True)
        memory = float(done.stderr.strip().splitlines()[-1]) / 1024
    else:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"consolidate ended with {done.returncode}: {done.stderr[-2000:]}")
    return seconds, memory, pages(next(out.glob("*.pdf")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 2300, 5000])
    parser.add_argument("--books", type=int, default=10)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_summary_"))
    folder.mkdir(parents=True, exist_ok=True)
    books = make_books(folder / "книги", args.books)
    print(f"{args.books} books; whole process of `main.py consolidate --expected LIST`")
    for n in args.sizes:
        extra = [(f"Поселение № {k}", f"{70000000000 + k}") for k in range(max(n - len(books), 0))]
        expected = write_expected(folder / f"expected_{n}.xlsx", books[:n], extra)
        out = folder / f"out_{n}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, memory, count = run(folder / "книги", expected, out, folder / f"data_{n}")
        print(f"N = {n:>6}: {seconds:6.1f} s, {memory:5.0f} MB, {count} pages")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
