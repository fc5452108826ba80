"""`kill -9` at random moments of import, export and consolidate (Popen.kill: SIGKILL here, TerminateProcess on
Windows). After each kill: the database passes integrity_check and holds the old quarter or the new one, never a
mix; the output folder holds the old pair or the new one — or, killed between the two files' moves, one of each
with the previous file set aside for the next run to put back (its first step, `sweep`); and after the next whole
run no temporary file is left. Each run's content differs from the one before, so a mixed pair shows as one file changed
and the other not. KILLS sets how many kills per command (30 by default)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from region_books import make_books

from model.areas import plan
from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("KILLS", "30"))
HIT: list[bool] = []  # whether a kill came while files were being written (or after the new pair was in)


def start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def timed(*args) -> float:
    began = time.monotonic()
    with start(*args) as whole:
        assert whole.wait(timeout=120) in (0, 1)
    return time.monotonic() - began


def kill_at_random(args: list, duration: float, rng: random.Random) -> bool:
    """Start the command and kill it after a random part of its usual time; whether it was killed before it ended."""
    with start(*args) as child:
        time.sleep(rng.uniform(0.35, 0.95) * duration)  # the start (imports) is most of a run: kills aim past it
        ended = child.poll() is not None
        child.kill()
        child.wait(timeout=60)
    return not ended


def pair(out: Path) -> tuple[str | None, ...]:
    """The hashes of the folder's PDF and workbook (None for one not there), each checked whole."""
    found = []
    for suffix in (".pdf", ".xlsx"):
        files = sorted(p for p in out.glob(f"*{suffix}") if not p.name.startswith("."))
        assert len(files) <= 1, files
        if not files:
            found.append(None)
            continue
        data = files[0].read_bytes()
        if suffix == ".pdf":
            assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:], f"{files[0]} is not whole"
        else:
            with zipfile.ZipFile(files[0]) as book:
                assert book.testzip() is None
        found.append(hashlib.sha256(data).hexdigest())
    return tuple(found)


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".old"))]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_pair(out: Path, before: tuple) -> tuple:
    """The pair after a kill: the old one or the new one; or — a kill between the two files' moves — a pair the
    next run puts back: its staging folder marked «moving», each file that changed set aside there as it was. Returns
    the pair a reader has after the next run's sweep."""
    now = pair(out)
    staging = [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len(staging) <= 2  # a dead run's at most, then swept
    HIT.append(bool(staging) or now != before)
    if (now[0] == before[0]) == (now[1] == before[1]) and (now[0] is None) == (now[1] is None):
        return now
    moving = [p for p in staging if (p / "moving").exists()]
    assert len(moving) == 1, f"a mixed pair that no run puts back: {before} → {now}"
    for suffix, was, is_ in zip((".pdf", ".xlsx"), before, now, strict=True):
        if was != is_:
            kept = sorted((moving[0] / "old").glob(f"*{suffix}"))
            assert [digest(k) for k in kept] == ([] if was is None else [was]), f"{suffix} not kept to put back"
    return before


WRITE_PAIR = """
import io, os, sys, zipfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from model.base import files
out, text, die_at = Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
calls = []
real = files.replace_retrying

def dying(source, target):
    calls.append(target)
    if len(calls) == die_at:
        os._exit(9)  # as a kill: nothing of Python's own clean-up runs
    real(source, target)

files.replace_retrying = dying
book = io.BytesIO()
with zipfile.ZipFile(book, "w") as archive:
    archive.writestr("text", text)
with files.together([out / "Свод.pdf", out / "Свод.xlsx"]) as (pdf, xlsx):
    pdf.write_bytes(b"%PDF-1.4 " + text.encode() + b" %%EOF")
    xlsx.write_bytes(book.getvalue())
"""


@pytest.mark.parametrize("die_at", [2, 3])  # the old PDF set aside (and the new one not in) / the new PDF in
def test_a_kill_between_the_two_files_moves_is_put_back_by_the_next_run(tmp_path, die_at):
    """The one moment a reader finds one file of each run (or one missing): a kill between the pair's two moves.
    The check the random kills use accepts it only with the previous file set aside for the next run, and the next
    run's first step (`sweep`) brings the old pair back whole."""
    from model.base.files import sweep

    out = tmp_path / "свод"
    out.mkdir()

    def write(text: str, die_at: int = 0) -> int:
        return subprocess.run([sys.executable, "-c", WRITE_PAIR, str(ROOT), str(out), text, str(die_at)],
                              timeout=60).returncode

    assert write("первый") == 0
    before = pair(out)
    assert write("второй", die_at) == 9
    now = pair(out)
    assert now != before and now[1] == before[1]  # one of each (or the PDF missing): what a kill here leaves
    assert check_pair(out, before) == before
    sweep(out)
    assert pair(out) == before and not leftovers(out) and not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_export_killed_at_random_moments(tmp_path):
    db_path = tmp_path / "district.sqlite"
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
    out = tmp_path / "вывод"
    args = ["export", "--db", db_path, "--period", "2018-Q2", "--out", out]
    duration = min(timed(*args), timed(*args))
    HIT.clear()
    rng, before, killed = random.Random(9), pair(out), 0
    for i in range(KILLS):
        db = open_database(db_path)
        plan.set_evidence(db, Q2, "2.3", f"Отчёт о мероприятиях, редакция {i}")  # each run writes other files
        db.conn.close()
        killed += kill_at_random(args, duration, rng)
        before = check_pair(out, before)
    assert timed(*args) and not leftovers(out)
    assert killed >= KILLS // 3  # most runs die before their end (a loaded machine makes a few quicker than timed)
    print("export: killed", killed, "during or after the writes", sum(HIT))


@pytest.mark.slow
def test_consolidate_killed_at_random_moments(tmp_path):
    books = make_books(tmp_path / "все", 5, seed=31)
    out = tmp_path / "свод"
    sets = []
    for k in range(5):  # five sets of four books: each run merges another set than the run before
        folder = tmp_path / f"набор{k}"
        folder.mkdir()
        for j, book in enumerate(books):
            if j != k:
                assert book.path is not None
                shutil.copy(book.path, folder / book.path.name)
        sets.append(folder)
    duration = min(timed("consolidate", "--period", "2018-Q2", "--out", out, sets[k]) for k in (0, 1))
    HIT.clear()
    rng, before, killed = random.Random(10), pair(out), 0
    for i in range(KILLS):
        killed += kill_at_random(["consolidate", "--period", "2018-Q2", "--out", out, sets[(i + 1) % 5]], duration,
                                 rng)
        before = check_pair(out, before)
    assert timed("consolidate", "--period", "2018-Q2", "--out", out, sets[0]) and not leftovers(out)
    assert killed >= KILLS // 3  # most runs die before their end (a loaded machine makes a few quicker than timed)
    print("consolidate: killed", killed, "during or after the writes", sum(HIT))


def quarter(db_path: Path) -> tuple:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    db = open_database(db_path)
    try:
        return plan.load_inputs(db, Q2), plan.load_evidence(db, Q2)
    finally:
        db.conn.close()


@pytest.mark.slow
def test_import_killed_at_random_moments(tmp_path):
    source = open_database(tmp_path / "source.sqlite")
    fill_quarter(source)
    book_a = write_xlsx(load_period(source, Q2, history=True), tmp_path / "a.xlsx")
    plan.set_evidence(source, Q2, "2.3", "Другая редакция отчёта")
    plan.set_values(source, Q2, "2.1", {"A": 310, "B": 400})
    book_b = write_xlsx(load_period(source, Q2, history=True), tmp_path / "b.xlsx")
    source.conn.close()
    db_path = tmp_path / "база" / "district.sqlite"
    db_path.parent.mkdir()
    open_database(db_path).conn.close()
    books = [book_a, book_b]
    timed("import", "--db", db_path, book_b)
    quarter_b = quarter(db_path)
    duration = min(timed("import", "--db", db_path, book_a) for _ in range(2))
    HIT.clear()
    quarter_a = quarter(db_path)
    assert quarter_a != quarter_b
    rng, killed = random.Random(11), 0
    for i in range(KILLS):
        killed += kill_at_random(["import", "--db", db_path, books[i % 2]], duration, rng)
        assert quarter(db_path) in (quarter_a, quarter_b)
        HIT.append(bool(leftovers(db_path.parent)))
    assert timed("import", "--db", db_path, book_a) and quarter(db_path) == quarter_a
    assert not leftovers(db_path.parent)
    assert killed >= KILLS // 3  # most runs die before their end (a loaded machine makes a few quicker than timed)
    print("import: killed", killed, "leaving a backup half made", sum(HIT))
