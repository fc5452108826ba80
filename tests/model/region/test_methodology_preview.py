"""The preview of a draft methodology: the shipped 2018 methodology (old) against the guide's 2027 example (new: 2.6
from levels to a target of 3, 2.9 added, section 2 divided by 8), on seed 003's quarter typed, on a workbook the
program exported, and on a folder of books with a bad one. Every figure computed here by hand from DOMAIN.md's
formulas, not by the scoring the preview calls."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

import pytest
from conftest import FULL_ITEMS, FULL_QUARTER, FULL_SECTIONS, FULL_TOTAL, Q2, fill_quarter
from region_books import make_books

from model.base.period import Period
from model.methodology import load_methodology, shipped_2018
from model.quarter.data import load_period
from model.region.methodology_preview import (
    NOT_IN,
    compare_values,
    fill_ins,
    preview_folder,
    preview_workbook,
    typed_only_in,
)
from model.region.ranking import rank
from model.reports.xlsx_report import write_xlsx

ROOT = Path(__file__).resolve().parents[3]
OLD = shipped_2018()
NEW = load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")
ORDER = ["", "1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9",
         "3", "3.1", "3.2", "3.3"]


def hand_total(inputs: dict[str, dict[str, float]], new: bool, a26: float = 0.0, n29: float = 0.0) -> float:
    """DOMAIN.md's formulas written out: P = (P1 + P2 + P3) / 3; 2018: P2 = (P21…P28) / 7; 2027: 2.6 = A / 3 × 100
    (at most 100), 2.9 = n × 100, P2 = (P21…P29) / 8."""
    v = inputs
    p11 = (v["1.1"]["A1"] / v["1.1"]["B1"] + v["1.1"]["A2"] / v["1.1"]["B2"]) / 2 * 100
    p12 = sum(v["1.2"][f"req{k}"] for k in range(1, 5)) * 25
    p13 = min(v["1.3"]["A"] / v["1.3"]["C"] * 100, 100)
    p1 = (p11 + p12 + p13) / 3
    levels = sum(v[n]["n"] * 100 for n in ("2.2", "2.4", "2.5", "2.7", "2.8"))
    p2_common = v["2.1"]["A"] / v["2.1"]["B"] * 100 + (v["2.3"]["n"] + v["2.3"]["m"]) * 100 + levels
    if new:
        p2 = (p2_common + min(a26 / 3 * 100, 100) + n29 * 100) / 8
    else:
        p2 = (p2_common + v["2.6"]["n"] * 100) / 7
    p3 = (v["3.1"]["n"] + v["3.2"]["n"] + v["3.3"]["n"]) * 100 / 3
    return (p1 + p2 + p3) / 3


def test_the_hand_formula_gives_the_seed_total():
    assert hand_total(FULL_QUARTER, new=False) == pytest.approx(FULL_TOTAL)


def test_typed_seed_quarter_under_both_an_input_only_the_new_one_has_is_missing_until_typed():
    c = compare_values(OLD, NEW, FULL_QUARTER)
    assert [r.number for r in c.rows] == ORDER
    assert [r.level for r in c.rows][:3] == ["total", "section", "item"]
    assert {r.number: r.old.score for r in c.rows if r.level == "item" and r.number != "2.9"} == \
        pytest.approx(FULL_ITEMS)
    assert c.row("1", "section").old.score == pytest.approx(FULL_SECTIONS["1"])
    assert c.row("2", "section").old.score == pytest.approx(500 / 7)
    assert c.total.old.score == pytest.approx(FULL_TOTAL)
    # 2.6 asks for a count now (key A): the old level (key n) is not it, so 2.6 is simply not filled
    six = c.row("2.6")
    assert six.old.score == 100 and six.new.score is None and six.difference is None
    assert six.new.reason == "не заполнено: «Проведено бесед и семинаров за квартал»"
    nine = c.row("2.9")
    assert nine.old.reason == NOT_IN and not nine.old.present and nine.new.score is None
    assert nine.no_difference == "в прежней методике этого нет"
    two = c.row("2", "section")
    assert two.new.score is None and two.new.reason == "не рассчитан: не заполнены пункты 2.6, 2.9"
    assert two.new.provisional == pytest.approx((75 + 50 + 75 + 50 + 100 + 50 + 0) / 8)
    assert c.total.new.score is None and c.total.difference is None
    assert "стало: не рассчитан: не заполнены пункты 2.6, 2.9" in c.total.no_difference
    # what did not change differs by nothing
    assert c.row("1", "section").difference == 0 and c.row("2.1").difference == 0 and not c.row("2.1").changed
    assert c.row("3", "section").difference == 0


def test_typed_values_for_the_new_inputs_give_every_figure_and_its_difference():
    values = {**FULL_QUARTER, "2.6": {"n": 1, "A": 2}, "2.9": {"n": 0.5}}
    c = compare_values(OLD, NEW, values)
    assert c.row("2.6").old.score == 100  # the old version reads its own level n = 1
    assert c.row("2.6").new.score == pytest.approx(200 / 3)  # 2 talks of a target of 3
    assert c.row("2.6").difference == pytest.approx(200 / 3 - 100)
    assert c.row("2.9").new.score == 50 and c.row("2.9").difference is None
    new_p2 = (75 + 50 + 75 + 50 + 100 + 200 / 3 + 50 + 0 + 50) / 8
    assert c.row("2", "section").new.score == pytest.approx(new_p2)
    assert c.row("2", "section").difference == pytest.approx(new_p2 - 500 / 7)
    new_total = (250 / 3 + new_p2 + 50) / 3
    assert c.total.new.score == pytest.approx(new_total)
    assert c.total.difference == pytest.approx(new_total - FULL_TOTAL)
    assert c.total.new.score == pytest.approx(hand_total(FULL_QUARTER, new=True, a26=2, n29=0.5))


def test_over_the_target_the_item_is_capped_and_its_real_percentage_kept():
    c = compare_values(OLD, NEW, {**FULL_QUARTER, "2.6": {"A": 4}, "2.9": {"n": 1}})
    six = c.row("2.6")
    assert six.new.score == 100 and six.new.raw == pytest.approx(400 / 3)
    assert six.old.reason == "не заполнено: «Информационные беседы и обучающие семинары»"


def test_a_value_the_new_rule_refuses_is_not_filled_with_the_scorings_reason():
    c = compare_values(OLD, NEW, {**FULL_QUARTER, "2.6": {"A": 1.5}})
    assert c.row("2.6").new.score is None
    assert "целым" in c.row("2.6").new.reason


def test_only_the_new_inputs_are_listed_as_what_old_books_cannot_hold():
    assert typed_only_in(NEW, OLD) == [("2.6", "A"), ("2.9", "n")]
    assert typed_only_in(OLD, OLD) == []


def test_a_workbook_of_the_programs_own_export_centers_counted(db, tmp_path):
    fill_quarter(db)  # seed 003's quarter; 1.2 from 12 centers meeting every requirement: 100
    book = write_xlsx(load_period(db, Q2), tmp_path / "район.xlsx")
    report, c = preview_workbook(book, OLD, NEW)
    assert report.profile.district == "Муниципальный район «Калганский район»" and report.period == Q2
    assert c.row("1.2").old.score == c.row("1.2").new.score == 100
    assert c.total.old.score == pytest.approx(((75 + 100 + 100) / 3 + 500 / 7 + 50) / 3)
    assert c.total.new.score is None
    # what the methodologist typed stands in for the inputs the book's 2018 version cannot hold, and only for those
    assumed = {"2.6": {"A": 3}, "2.9": {"n": 1}, "2.1": {"A": 0, "B": 1}, "1.2": {"req1": 0}}
    _, c = preview_workbook(book, OLD, NEW, assumed)
    assert c.row("2.1").new.score == 75 and c.row("1.2").new.score == 100
    assert c.row("2.6").new.score == 100 and c.row("2.9").new.score == 100
    new_p2 = (75 + 50 + 75 + 50 + 100 + 100 + 50 + 0 + 100) / 8
    assert c.row("2", "section").new.score == pytest.approx(75.0) == pytest.approx(new_p2)
    assert c.total.new.score == pytest.approx(((75 + 100 + 100) / 3 + 75 + 50) / 3)
    assert c.total.old.score == pytest.approx(((75 + 100 + 100) / 3 + 500 / 7 + 50) / 3)
    assert fill_ins(report, assumed)["2.1"] == {"A": 300, "B": 400}


def test_a_file_that_is_not_a_book_is_refused_in_russian(tmp_path):
    from model.errors import ImportRefused

    bad = tmp_path / "не книга.xlsx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(ImportRefused) as refused:
        preview_workbook(bad, OLD, NEW)
    assert str(refused.value) == "Файл не книга.xlsx — не книга Excel (.xlsx): это другой файл или он повреждён"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    books = make_books(root / "книги", 6)
    (root / "книги" / "испорченная.xlsx").write_bytes(b"PK\x03\x04 broken")
    other = make_books(root / "другой", 1, Period(2018, 1), seed=7)[0]
    assert other.path is not None
    shutil.copy(other.path, root / "книги" / "за_первый.xlsx")
    return root / "книги", books


def test_a_folder_ranked_under_both_a_bad_book_named_the_rest_read(folder):
    path, books = folder
    preview = preview_folder([path], OLD, NEW, {"2.6": {"A": 2}, "2.9": {"n": 0.5}})
    assert preview.files == 8 and preview.period == Q2
    assert [p.file for p in preview.problems] == ["за_первый.xlsx", "испорченная.xlsx"]
    assert "в сравнение не взята" in preview.problems[0].reason
    assert preview.problems[1].reason.startswith("Файл испорченная.xlsx повреждён или обрезан")
    old_totals = [hand_total(b.inputs, new=False) for b in books]
    new_totals = [hand_total(b.inputs, new=True, a26=2, n29=0.5) for b in books]
    old_places, new_places = rank(old_totals), rank(new_totals)  # type: ignore[arg-type]
    by_name = {s.name: s for s in preview.standings}
    assert sorted(by_name) == sorted(b.name for b in books)
    for b, old, new, op, np_ in zip(books, old_totals, new_totals, old_places, new_places, strict=True):
        s = by_name[b.name]
        assert s.old_total == pytest.approx(old) and s.new_total == pytest.approx(new)
        assert (s.old_place, s.new_place) == (op, np_)
        assert s.rise == op - np_  # type: ignore[operator]
    assert [s.new_place for s in preview.standings] == sorted(new_places)  # type: ignore[type-var]
    assert preview.assumed == {"2.6": {"A": 2}, "2.9": {"n": 0.5}}


def test_a_folder_without_the_new_inputs_has_no_place_under_the_new_version(folder):
    path, books = folder
    preview = preview_folder([path], OLD, NEW)
    assert all(s.new_total is None and s.new_place is None and s.rise is None for s in preview.standings)
    assert sorted(s.old_place for s in preview.standings) == sorted(  # type: ignore[type-var]
        rank([hand_total(b.inputs, new=False) for b in books]))  # type: ignore[type-var]
    assert [s.old_place for s in preview.standings] == sorted(s.old_place for s in preview.standings)  # type: ignore


def test_the_same_municipality_twice_is_ranked_once_the_later_export_wins(folder, tmp_path):
    path, books = folder
    copy = tmp_path / "копия"
    shutil.copytree(path, copy)
    shutil.copy(copy / "район_001.xlsx", copy / "район_001_ещё.xlsx")
    preview = preview_folder([copy], OLD, NEW)
    assert len(preview.standings) == len(books)
    assert any("встречается в двух книгах" in p.reason for p in preview.problems)


def test_reading_is_cancelled_between_books(folder):
    from model.region.methodology_preview import Cancelled

    path, _ = folder
    seen = []

    def stop_at_third(done: int, total: int, name: str) -> bool:
        seen.append(done)
        return done < 2

    with pytest.raises(Cancelled):
        preview_folder([path], OLD, NEW, progress=stop_at_third)
    assert seen == [0, 1, 2]


def test_41_books_are_previewed_under_both_versions_in_under_2_seconds(tmp_path):
    make_books(tmp_path, 41)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        preview = preview_folder([tmp_path], OLD, NEW, {"2.6": {"A": 3}, "2.9": {"n": 1}})
        times.append(time.perf_counter() - start)
    assert len(preview.standings) == 41 and not preview.problems
    assert all(s.new_place is not None for s in preview.standings)
    assert statistics.median(times) < 2.0, times


def test_an_item_the_new_version_drops_is_not_in_it_and_keeps_its_place_in_the_order():
    c = compare_values(NEW, OLD, {**FULL_QUARTER, "2.6": {"n": 1, "A": 3}, "2.9": {"n": 1}})
    assert [r.number for r in c.rows] == ORDER
    nine = c.row("2.9")
    assert nine.old.score == 100 and nine.new.reason == NOT_IN and nine.no_difference == "в новой методике этого нет"
    assert c.total.old.score == pytest.approx(hand_total(FULL_QUARTER, new=True, a26=3, n29=1))
    assert c.total.new.score == pytest.approx(FULL_TOTAL)
