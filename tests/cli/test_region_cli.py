"""`main.py consolidate`: the fixed contract — arguments, outputs, the JSON object, the exit codes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from region_books import make_books, write_expected

from model.base.period import Period

ROOT = Path(__file__).resolve().parents[2]


def consolidate(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "consolidate", *map(str, args)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=120)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    books = make_books(root / "книги", 6, Period(2018, 2), seed=11)
    expected = write_expected(root / "список.xlsx", books)
    return root, books, expected


def test_clean_region_exits_0_with_the_json_of_the_contract(region, tmp_path):
    root, books, expected = region
    out_dir = tmp_path / "свод" / "2018"  # made by the command
    out = consolidate("--period", "2018-Q2", "--expected", expected, "--deadline", "10.07.2018", "--out", out_dir,
                      "--json", root / "книги")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"period", "districts", "missing", "problems"} and data["period"] == "2018-Q2"
    assert data["missing"] == [] and data["problems"] == []
    assert len(data["districts"]) == 6
    for d in data["districts"]:
        assert set(d) == {"oktmo", "name", "file", "methodology_version", "total", "sections", "items", "place",
                          "filled", "registrations", "previous_place", "place_change"}
        assert d["file"].endswith(".xlsx") and "/" not in d["file"] and d["methodology_version"] == "2018.1"
        assert isinstance(d["total"], float) and set(d["sections"]) == {"1", "2", "3"} and len(d["items"]) == 14
        assert d["filled"] == 14 and isinstance(d["registrations"], dict)
    assert [d["place"] for d in data["districts"]] == [1, 2, 3, 4, 5, 6]
    assert sorted(p.name for p in out_dir.iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]


def test_folder_and_files_mixed_and_a_bad_one_exit_1(region, tmp_path):
    root, books, expected = region
    bad = tmp_path / "плохая.xlsx"
    bad.write_text("не книга", encoding="utf-8")
    out = consolidate("--period", "2018-Q2", "--expected", expected, "--out", tmp_path / "out", "--json",
                      books[0].path, books[1].path, bad)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert [d["file"] for d in data["problems"]] == ["плохая.xlsx"]
    assert "не книга Excel" in data["problems"][0]["reason"]
    assert {m["oktmo"] for m in data["missing"]} == {b.oktmo for b in books[2:]}


def test_without_json_it_names_the_files_and_says_what_is_wrong(region, tmp_path):
    root, books, expected = region
    out = consolidate("--period", "2018-Q3", "--out", tmp_path / "out", root / "книги")
    assert out.returncode == 2  # every book is of 2018-Q2: nothing to merge
    assert "Ни одна книга не подошла для свода за 3 квартал 2018 года" in out.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [
    ["--period", "2018-Q5", "--out", "x", "книги"],
    ["--period", "2018-Q2", "--deadline", "31.02.2018", "--out", "x", "книги"],
    ["--period", "2018-Q2", "--expected", "нет.xlsx", "--out", "x", "книги"],
    ["--period", "2018-Q2", "--out", "x"],
    ["--period", "2018-Q2", "--out", "x", "нет-такой-папки"],
])
def test_bad_arguments_exit_2(region, tmp_path, args):
    root = region[0]
    shutil.copytree(root / "книги", tmp_path / "книги")
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "consolidate", *args], capture_output=True, text=True,
                         cwd=tmp_path, env=os.environ.copy(), timeout=120)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stdout == "" and "Traceback" not in out.stderr and out.stderr.strip()
