"""One read path: `scores --db`, the plan screen, the workbook and the PDF give the same figures for one district.

The case of the issue: a workbook with three service centers whose checks give item 1.2 = 58,33, and all four
1.2 ticks typed in the plan as well, imported with `main.py import`.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import FULL_QUARTER, Q2
from openpyxl import load_workbook
from pypdf import PdfReader

from model.areas import centers, plan
from model.areas.centers import Center, Check
from model.areas.profile import Profile, save_profile
from model.base.ru import format_percent
from model.quarter.data import load_period
from model.reports.pdf_report import write_pdf
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("req1", "req2", "req3", "req4")


def main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)


@pytest.fixture
def imported(tmp_path) -> Path:
    source = open_database(tmp_path / "source.sqlite")
    save_profile(source, Profile(district="Калганский район", oktmo="76618000", head_name="С. А. Егоров"))
    for number, values in FULL_QUARTER.items():
        plan.set_values(source, Q2, number, dict(values))
    plan.set_values(source, Q2, "1.2", dict.fromkeys(KEYS, 1))  # the plan's own ticks: all four met
    for name, met in (("с. Калга", 4), ("с. Бура", 2), ("с. Кадая", 1)):  # (100 + 50 + 25) / 3 = 58,33
        cid = centers.save_center(source, Center(None, name))
        centers.set_checks(source, Q2, cid, {k: Check(n < met, date(2018, 5, 10)) for n, k in enumerate(KEYS)},
                           KEYS)
    workbook = write_xlsx(load_period(source, Q2, history=True), tmp_path / "district.xlsx")
    target = tmp_path / "imported.sqlite"
    out = main("import", "--db", target, workbook)
    assert out.returncode == 0, out.stderr
    return target


def test_every_consumer_shows_the_same_figures(imported, open_window, tmp_path):
    out = main("scores", "--db", imported, "--period", "2018-Q2")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["items"]["1.2"] == pytest.approx(175 / 3)  # from the centers, not the plan's four ticks
    expected_p1 = (75 + 175 / 3 + 100) / 3
    assert figures["sections"]["1"] == pytest.approx(expected_p1)
    assert figures["total"] == pytest.approx((expected_p1 + 500 / 7 + 50) / 3)

    window = open_window(imported)  # the screen
    shown = window.plan_tab.scores
    assert {n: s.score for n, s in shown.items.items()} == figures["items"]
    assert shown.sections == figures["sections"] and shown.total == figures["total"]
    assert window.plan_tab._tree_items["1.2"].text(2) == format_percent(figures["items"]["1.2"]) == "58,33"
    assert window.plan_tab.total_card.value.text() == f"{format_percent(figures['total'])}\u00a0%"

    db = open_database(imported)
    data = load_period(db, Q2, history=True)
    book = load_workbook(write_xlsx(data, tmp_path / "again.xlsx"), read_only=True)  # the workbook's score rows
    rows = {(r[1], r[2]): r[4] for r in book["data"].iter_rows(values_only=True) if r[0] == "score"}
    book.close()
    exact = {"rel": 1e-14}  # openpyxl writes 16 significant digits
    assert {code: rows[(code, "score")] for code in figures["items"]} == pytest.approx(figures["items"], **exact)
    assert {code: rows[(code, "score")] for code in figures["sections"]} == pytest.approx(figures["sections"], **exact)
    assert rows[("P", "score")] == pytest.approx(figures["total"], **exact)

    pdf = write_pdf(data, tmp_path / "again.pdf")  # the printed figures
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for value in (figures["items"]["1.2"], figures["sections"]["1"], figures["total"]):
        assert format_percent(value) in text, format_percent(value)
    assert format_percent(100.0) != format_percent(figures["items"]["1.2"])
