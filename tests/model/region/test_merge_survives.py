"""The region's merge of forty good books and one bad one, for every kind of bad book the tests know: `consolidate`
writes its summary of the forty, names the bad one with a Russian reason, and exits 1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import hostile_files
import pytest
from region_books import make_books, period_data
from russian_output import assert_russian

from model.base.period import Period
from model.methodology import shipped_2018
from model.reports.xlsx_report import write_xlsx

ROOT = Path(__file__).resolve().parents[3]
Q2 = Period(2018, 2)
GOOD = 40


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    root = tmp_path_factory.mktemp("forty")
    return root / "книги", make_books(root / "книги", GOOD, Q2, seed=40)


def _rows_edited(edit):
    def make(source: Path, target: Path) -> Path:
        from openpyxl import load_workbook

        wb = load_workbook(source)
        edit(wb["data"])
        wb.save(target)
        return target
    return make


def _history(entry_id: str, text: str):
    """A book with one more row of the history of changes."""
    return _rows_edited(lambda sheet: sheet.append(["audit", entry_id, "plan_inputs", "2018-07-01T09:00:00", text,
                                                    "район"]))


def _meta(field: str, value: str):
    """A book whose own description (the rows of section «meta») says `value` for `field`."""
    def edit(sheet):
        row = next(r for r in sheet.iter_rows() if r[0].value == "meta" and r[1].value == field)
        row[4].value = value
    return _rows_edited(edit)


def _text(data: bytes):
    def make(source: Path, target: Path) -> Path:
        target.write_bytes(data)
        return target
    return make


def _other_time_zone(source: Path, target: Path) -> Path:
    """The first district's book again, exported later in Чита's time zone (beside its book without one)."""
    from model.exchange import decode

    report = decode(source)
    book = type("Book", (), {"name": report.profile.district, "oktmo": report.profile.oktmo,
                             "esia": report.esia_plan, "inputs": report.inputs})
    later = datetime(2018, 7, 2, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    return write_xlsx(period_data(book, Q2, shipped_2018(), later), target)  # type: ignore[arg-type]


BAD_BOOKS = {
    "empty file": _text(b""),
    "text named .xlsx": _text("не книга".encode()),
    "old Excel": _text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    "cut in half": lambda source, target: _text(source.read_bytes()[: source.stat().st_size // 2])(source, target),
    "entity bomb": hostile_files.billion_laughs,
    "zip bomb": hostile_files.zip_bomb,
    "endless sheet": lambda source, target: hostile_files.endless_sheet(source, target, 200_000),
    "history id of 30 digits": _history("9" * 30, '{"key": "k", "action": "insert", "old": null, "new": 1}'),
    "history nested deep": _history("1", "[" * 30_000),
    "history with NaN": _history("1", '{"key": "k", "action": "insert", "old": NaN, "new": Infinity}'),
    "export time unreadable": _meta("exported_at", "9999-99-99"),
    "export time out of range": _meta("exported_at", "0001-01-01T00:00:00+14:00"),
    "unknown methodology": _meta("methodology_version", "9999.9"),
    "revision not a number": _meta("revision", "1e400"),
    "another period": _meta("period", "2018-Q3"),
    "another time zone": _other_time_zone,
}


@pytest.mark.parametrize("case", sorted(BAD_BOOKS))
def test_forty_good_books_and_one_bad(forty, tmp_path, case):
    good_folder, books = forty
    folder = tmp_path / "книги"
    shutil.copytree(good_folder, folder)
    BAD_BOOKS[case](books[0].path, folder / "плохая.xlsx")
    out_dir = tmp_path / "свод"
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "consolidate", "--period", "2018-Q2", "--out",
                          str(out_dir), "--json", str(folder)], capture_output=True, text=True,
                         env=os.environ.copy(), timeout=300)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert {d["oktmo"] for d in data["districts"]} == {b.oktmo for b in books}
    named = [p for p in data["problems"] if p["file"] == "плохая.xlsx"]
    assert named, data["problems"]
    for problem in named:
        assert_russian(problem["reason"])
    assert sorted(p.name for p in out_dir.iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]
    assert out.stderr == ""
