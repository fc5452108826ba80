"""The loop closed, through the real command line: the region makes a package from a targets workbook (T, R0 and N of
the municipalities of seed 004's table 2, read from the seed file), three districts apply it and see their own
targets, each fills a quarter and sends it; the region merges, writes the answers with one book returned; that
district reads the answer, reopens, corrects and sends again; the region's next merge shows the corrected revision
and the change of place against the quarter before; a book whose input was changed by hand after the export is
caught by its seal."""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from command_line import main_py, strict_json
from openpyxl import Workbook, load_workbook
from region_books import district_inputs

from model.areas import esia, plan
from model.areas.profile import Profile, save_profile
from model.base.numbers import parse_number
from model.base.period import Period
from model.exchange import region_files
from model.exchange.from_region import answer
from model.quarter.data import load_period
from model.reports.sending import prepare_sending, reopen
from model.store.db import open_database

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
Q1, Q2 = Period(2018, 1), Period(2018, 2)
OKTMO = ["53708000", "53612000", "53615000", "53618000"]
C = {1: [900, 300, 700, 400], 2: [1000, 350, 800, 450]}  # 1.3's C the region sets, by quarter and municipality


def seed_table_2() -> list[dict]:
    """Seed 004, table 2: name, registrations by the end of last year (R0), the target at the year's end (T), the
    population (N), as the seed prints them."""
    text = (SEEDS / "004_dab01d5c5321f953.txt").read_text(encoding="utf-8")
    rows = []
    for line in text[text.index("Таблица 2."):].splitlines():
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in line.split("\t")]
        if len(cells) == 12 and cells[1].replace(" ", "").isdigit():
            rows.append({"name": cells[0], "r0": int(parse_number(cells[1])), "t": parse_number(cells[4]),
                         "n": int(parse_number(cells[10]))})
    assert len(rows) == 4
    return rows


def targets_book(path: Path, rows: list[dict]) -> Path:
    """The region's table as a methodologist would keep it: the seed's headers (moved to the package's year), an
    OKTMO column, and 1.3's C for two quarters."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование ОМСУ", "ОКТМО", "Кол-во регистраций за 2017 год", "Целевой показатель на конец 2018 года",
               "Численность населения МО", "1.3 C, 1 квартал", "1.3 C, 2 квартал"])
    for n, row in enumerate(rows):
        ws.append([row["name"], OKTMO[n], row["r0"], row["t"], row["n"], C[1][n], C[2][n]])
    wb.save(path)
    return path


def shown(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def fill(db_path: Path, period: Period, seed: int) -> None:
    """What the district types for the quarter: every item but the region's C, and the registrations by month."""
    db = open_database(db_path)
    try:
        inputs = district_inputs(random.Random(seed))
        inputs["1.3"].pop("C")
        for number, values in inputs.items():
            plan.set_values(db, period, number, dict(values))
        kept = esia.load_plan(db, 2018)
        months = {m: 150 + 40 * seed + m for m in range(1, 3 * period.quarter + 1)}
        esia.save_plan(db, replace(kept, months=months, total_registered=(kept.registered_start or 0) +
                                   sum(months.values()), total_as_of=date(2018, 3 * period.quarter + 1, 1)))
    finally:
        db.conn.close()


def send(db_path: Path, period: Period, out: Path) -> Path:
    db = open_database(db_path)
    try:
        return prepare_sending(db, period, out).xlsx
    finally:
        db.conn.close()


def merge(data: Path, period: Period, books: list[Path], out: Path, *more: object) -> dict:
    result = main_py("consolidate", "--period", period, "--out", out, "--json", *more, *books, data=data)
    assert result.returncode in (0, 1), result.stderr
    return strict_json(result.stdout)


def test_the_region_and_three_districts_close_the_loop(tmp_path):
    region = tmp_path / "регион"
    seed = seed_table_2()
    book = targets_book(tmp_path / "показатели.xlsx", seed)
    made = main_py("package", "make", "--year", 2018, "--region", "Оренбургская область", "--targets", book,
                   "--out", tmp_path / "Пакет_2018.json", data=region)
    assert made.returncode == 0, made.stderr
    package = region_files.read(tmp_path / "Пакет_2018.json")
    assert isinstance(package, region_files.Package) and len(package.municipalities) == 4

    districts = []
    for n, row in enumerate(seed[:3]):
        path = tmp_path / f"район{n}.sqlite"
        db = open_database(path)
        save_profile(db, Profile(district=row["name"], oktmo=OKTMO[n], head_name="И. И. Иванов"))
        db.conn.close()
        applied = main_py("package", "apply", "--db", path, tmp_path / "Пакет_2018.json", data=tmp_path / f"д{n}")
        assert applied.returncode == 0, applied.stderr
        assert f"{row['name']}" in applied.stdout and shown(row["t"]) in applied.stdout  # its own target
        assert not [r for r in seed if r is not row and shown(r["t"]) in applied.stdout]  # and no other's
        db = open_database(path)
        kept = esia.load_plan(db, 2018)
        assert (kept.registered_start, kept.target_end, kept.population) == (row["r0"], row["t"], row["n"])
        db.conn.close()
        districts.append(path)

    # the first quarter: filled, sent, merged; the region's C is in each quarter as it starts
    q1_books = []
    for n, path in enumerate(districts):
        fill(path, Q1, n)
        db = open_database(path)
        assert load_period(db, Q1).inputs["1.3"]["C"] == C[1][n]
        db.conn.close()
        q1_books.append(send(path, Q1, tmp_path / "отправка1" / str(n)))
    first = merge(region, Q1, q1_books, tmp_path / "свод1")
    assert first["unsealed"] == [] and all(d["place"] for d in first["districts"])

    # the second quarter: one book returned with the region's remark
    q2_books = []
    for n, path in enumerate(districts):
        fill(path, Q2, n + 7)
        q2_books.append(send(path, Q2, tmp_path / "отправка2" / str(n)))
    answers_dir = tmp_path / "итоги"
    second = merge(region, Q2, q2_books, tmp_path / "свод2", "--answers", answers_dir,
                   "--return", f"{OKTMO[1]}=Пункт 2.1: число информированных не подтверждено")
    assert second["previous_period"] == "2018-Q1"
    for d in second["districts"]:
        before = next(x["place"] for x in first["districts"] if x["oktmo"] == d["oktmo"])
        assert d["previous_place"] == before and d["place_change"] == before - d["place"]
    mine = next(answers_dir.glob(f"Итоги_2018-Q2_{seed[1]['name']}*.json"))
    told = region_files.read(mine)
    assert isinstance(told, region_files.Answers) and [a.status for a in told.municipalities] == ["returned"]

    # the returned district reads the answer, reopens with the region's reason, corrects and sends again
    read = main_py("package", "apply", "--db", districts[1], mine, data=tmp_path / "д1")
    assert read.returncode == 0, read.stderr
    db = open_database(districts[1])
    try:
        received = answer(db, Q2)
        assert received is not None and received.answer.status == "returned"
        assert "число информированных не подтверждено" in " ".join(received.answer.remarks)
        quarter = load_period(db, Q2)
        reopen(db, quarter, "; ".join(received.answer.remarks))
        plan.set_values(db, Q2, "2.1", {"A": 400.0, "B": 400.0})
        for number in ("2.2", "2.5", "2.6", "3.1", "3.2", "3.3"):
            plan.set_values(db, Q2, number, {"n": 1.0})
    finally:
        db.conn.close()
    corrected = send(districts[1], Q2, tmp_path / "отправка2б")
    again = merge(region, Q2, [q2_books[0], corrected, q2_books[2]], tmp_path / "свод2б")
    fixed = next(d for d in again["districts"] if d["oktmo"] == OKTMO[1])
    was = next(d for d in second["districts"] if d["oktmo"] == OKTMO[1])
    assert fixed["total"] > was["total"]
    assert any("Исправленная редакция 2" in note["reason"] for note in again["notes"])
    assert fixed["previous_place"] == next(d["place"] for d in first["districts"] if d["oktmo"] == OKTMO[1])
    assert fixed["place_change"] == fixed["previous_place"] - fixed["place"]

    # a figure changed by hand after the export: the seal catches it, the book is kept apart
    edited = tmp_path / "правка" / q2_books[2].name
    edited.parent.mkdir()
    shutil.copy(q2_books[2], edited)
    wb = load_workbook(edited)
    row = next(r for r in wb["data"].iter_rows(min_row=2) if (r[0].value, r[1].value) == ("esia", "2018")
               and r[2].value == "population")
    row[4].value = float(row[4].value) + 1000
    wb.save(edited)
    caught = merge(region, Q2, [q2_books[0], corrected, edited], tmp_path / "свод2в")
    assert [d["oktmo"] for d in caught["unsealed"]] == [OKTMO[2]]
    assert any("книга изменена после выгрузки или выгружена не программой района" in p["reason"]
               for p in caught["problems"])
    assert OKTMO[2] not in [d["oktmo"] for d in caught["districts"]]
    assert json.loads(json.dumps(caught))  # strict JSON throughout
