"""The region's merge: generated workbooks against figures computed here, every check, ties, the missing list."""

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from region_books import Book, district_esia, make_books, period_data, write_expected

from model.areas.esia import EsiaPlan
from model.base.period import Period
from model.base.ru import parse_number
from model.errors import NothingToMerge
from model.exchange import read_data_sheet
from model.methodology import shipped_2018
from model.region.consolidate import consolidate, summary_json
from model.region.expected import Municipality, read_expected
from model.region.ranking import rank
from model.reports.xlsx_report import write_xlsx

Q2 = Period(2018, 2)
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def expected_scores(inputs: dict[str, dict[str, float]]) -> tuple[dict[str, float], float]:
    """DOMAIN.md's formulas, written out again here: sections and P of a fully filled 2018 plan."""
    i = inputs
    p11 = (i["1.1"]["A1"] / i["1.1"]["B1"] + i["1.1"]["A2"] / i["1.1"]["B2"]) / 2 * 100
    p12 = sum(i["1.2"].values()) * 0.25 * 100
    p13 = min(i["1.3"]["A"] / i["1.3"]["C"] * 100, 100)
    p2 = [i["2.1"]["A"] / i["2.1"]["B"] * 100, i["2.2"]["n"] * 100, (i["2.3"]["n"] + i["2.3"]["m"]) * 100,
          *[i[n]["n"] * 100 for n in ("2.4", "2.5", "2.6", "2.7", "2.8")]]
    sections = {"1": (p11 + p12 + p13) / 3, "2": sum(p2) / 7, "3": sum(i[n]["n"] * 100 for n in ("3.1", "3.2",
                                                                                                      "3.3")) / 3}
    return sections, sum(sections.values()) / 3


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Path, list[Book]]:
    folder = tmp_path_factory.mktemp("region") / "книги"
    return folder, make_books(folder, 12, Q2, seed=7)


def copy_books(books, tmp_path) -> Path:
    folder = tmp_path / "книги"
    shutil.copytree(books[0], folder)
    return folder


def edit_data_sheet(path: Path, change) -> None:
    """Open a workbook as a clerk would in Excel and change its data sheet."""
    wb = load_workbook(path)
    ws = wb["data"]
    change(ws)
    wb.save(path)


def test_merge_matches_figures_computed_independently(books):
    folder, made = books
    summary = consolidate([folder], Q2, [Municipality(b.name, b.oktmo) for b in made])
    assert summary.problems == [] and summary.missing == [] and summary.clean
    by_oktmo = {d.oktmo: d for d in summary.districts}
    totals = {}
    for book in made:
        district = by_oktmo[book.oktmo]
        sections, total = expected_scores(book.inputs)
        assert district.scores.sections == pytest.approx(sections)
        assert district.scores.total == pytest.approx(total)
        totals[book.oktmo] = total
    ordered = sorted(totals, key=lambda k: -totals[k])
    assert [d.oktmo for d in summary.districts] == ordered
    assert [d.place for d in summary.districts] == list(range(1, 13))
    assert summary.mean == pytest.approx(sum(totals.values()) / 12)
    values = sorted(totals.values())
    assert summary.median == pytest.approx((values[5] + values[6]) / 2)


def test_registrations_as_of_the_quarter(books):
    folder, made = books
    summary = consolidate([folder], Q2)
    for book in made:
        r = next(d for d in summary.districts if d.oktmo == book.oktmo).registrations
        e = book.esia
        year_target = e.target_end - e.registered_start
        to_date = sum(e.months[m] for m in range(1, 7))
        assert r.year_target == pytest.approx(year_target) and r.to_date == to_date
        assert r.completion_pct == pytest.approx(to_date / year_target * 100)
        assert r.per_1000 == pytest.approx(e.total_registered / e.population * 1000)
    completions = sorted((d.registrations.completion_pct, d.name) for d in summary.districts)
    best = next(d for d in summary.districts if d.name == completions[-1][1])
    assert best.registrations.place == 1


def seed_table_2() -> list[dict]:
    """Table 2 of seed 004: registrations of four municipalities on 01.03.2017."""
    text = (SEEDS / "004_dab01d5c5321f953.txt").read_text(encoding="utf-8")
    rows = []
    for line in text[text.index("Таблица 2."):].splitlines():
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in line.split("\t")]
        if len(cells) == 12 and cells[1].replace(" ", "").isdigit():
            number = [parse_number(c.rstrip("%")) for c in cells[1:]]
            rows.append({"name": cells[0], "r0": number[0], "jan": number[1], "feb": number[2], "target": number[3],
                         "year_target": number[4], "year_pct": number[7], "total": number[8], "population": number[9],
                         "share_pct": number[10]})
    assert len(rows) == 4
    return rows


def test_seed_004_table_2_comes_out_of_the_summary(tmp_path):
    folder = tmp_path / "книги"
    folder.mkdir()
    rows = seed_table_2()
    period = Period(2017, 1)
    for n, row in enumerate(rows, start=1):
        esia = EsiaPlan(2017, registered_start=int(row["r0"]), target_end=row["target"],
                        population=int(row["population"]), total_registered=int(row["total"]),
                        total_as_of=date(2017, 3, 1), months={1: int(row["jan"]), 2: int(row["feb"])})
        book = Book(row["name"], f"5370{n}000", {}, esia)
        write_xlsx(period_data(book, period, shipped_2018(), datetime(2017, 3, 5)), folder / f"{n}.xlsx")
    summary = consolidate([folder], period)
    for row in rows:
        r = next(d for d in summary.districts if d.name == row["name"]).registrations
        assert r.year_target == row["year_target"]
        # the seed printed completions of unrounded targets (Гайский: 7782,85, shown as 7783): within 0,015
        assert r.completion_pct == pytest.approx(row["year_pct"], abs=0.015)
        assert round(r.share_pct, 2) == row["share_pct"]
    assert all(d.place is None for d in summary.districts)  # the plans are empty: no total, no place


def test_ties_share_a_place_and_the_next_place_skips():
    assert rank([70.0, 80.0, 80.0 + 1e-12, 60.0, None]) == [3, 1, 1, 4, None]
    assert rank([50.0, 50.0, 50.0, 40.0]) == [1, 1, 1, 4]
    # seed 004, table 1: 0,106 and 0,106 as printed, but not equal unrounded: places 32 and 33
    assert rank([0.1064, 0.1058]) == [1, 2]
    assert rank([0.5 + 2e-9, 0.5]) == [1, 2]


def test_identical_districts_tie_in_the_merge(tmp_path):
    folder = tmp_path / "книги"
    made = make_books(folder, 4, Q2, seed=3)
    twin = Book("Муниципальный район-двойник", "53699000", made[1].inputs, made[1].esia)
    write_xlsx(period_data(twin, Q2, shipped_2018(), datetime(2018, 6, 28)), folder / "двойник.xlsx")
    summary = consolidate([folder], Q2)
    places = {d.name: d.place for d in summary.districts}
    assert places[twin.name] == places[made[1].name]
    assert sorted(places.values()) in ([1, 1, 3, 4, 5], [1, 2, 2, 4, 5], [1, 2, 3, 3, 5], [1, 2, 3, 4, 4])


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p.write_bytes(p.read_bytes()[:3000]), "повреждён или обрезан"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600),
     "защищена паролем"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "старого формата"),
    (lambda p: p.write_text("это не книга", encoding="utf-8"), "не книга Excel"),
    (lambda p: edit_data_sheet(p, lambda ws: ws.delete_rows(1, ws.max_row)), "заголовок"),
    (lambda p: edit_data_sheet(p, lambda ws: next(r for r in ws.iter_rows() if r[1].value == "methodology_version")[4]
                               .__setattr__("value", "2018.7")), "версии 2018.7 не установлена"),
])
def test_a_bad_file_is_named_and_the_good_ones_are_merged(books, tmp_path, make, words):
    folder = copy_books(books, tmp_path)
    bad = folder / "район_005.xlsx"
    make(bad)
    summary = consolidate([folder], Q2)
    assert [p.file for p in summary.problems] == ["район_005.xlsx"]
    assert words in summary.problems[0].reason, summary.problems[0].reason
    allowed = r"район_005\.xlsx|Excel|LibreOffice|Calc|XML|section \| code \| field \| period \| value \| note"
    assert not re.search(r"[A-Za-z]{5,}", re.sub(allowed, "", summary.problems[0].reason))
    assert len(summary.districts) == 11


def test_another_period_is_left_out(books, tmp_path):
    folder = copy_books(books, tmp_path)
    other = Book("Муниципальный район № 99", "53699000", books[1][0].inputs, books[1][0].esia)
    write_xlsx(period_data(other, Period(2018, 3), shipped_2018(), datetime(2018, 9, 30)), folder / "q3.xlsx")
    summary = consolidate([folder], Q2)
    problem = next(p for p in summary.problems if p.file == "q3.xlsx")
    assert "Книга за 3 квартал 2018 года, а свод составляется за 2 квартал 2018 года" in problem.reason
    assert "Муниципальный район № 99" not in [d.name for d in summary.districts]


def test_same_oktmo_twice_the_later_export_wins(books, tmp_path):
    folder = copy_books(books, tmp_path)
    first = books[1][2]
    inputs = {**first.inputs, "2.2": {"n": 0.0 if first.inputs["2.2"]["n"] else 1.0}}
    again = Book(first.name, first.oktmo, inputs, first.esia)
    write_xlsx(period_data(again, Q2, shipped_2018(), datetime(2018, 7, 2, 15, 0)), folder / "исправленный.xlsx")
    summary = consolidate([folder], Q2)
    kept = [d for d in summary.districts if d.oktmo == first.oktmo]
    assert len(kept) == 1 and kept[0].file == "исправленный.xlsx"
    assert kept[0].scores.items["2.2"].score == inputs["2.2"]["n"] * 100
    reason = next(p.reason for p in summary.problems if first.oktmo in p.reason)
    assert "район_003.xlsx" in reason and "исправленный.xlsx" in reason and "более поздняя" in reason


@pytest.mark.parametrize("listed", [False, True])
def test_a_copy_with_its_oktmo_erased_is_not_a_second_municipality(books, tmp_path, listed):
    folder = copy_books(books, tmp_path)
    first = books[1][2]
    again = Book(first.name.upper(), "", first.inputs, first.esia)  # the code erased, the name typed in capitals
    write_xlsx(period_data(again, Q2, shipped_2018(), datetime(2018, 7, 2, 15, 0)), folder / "без_октмо.xlsx")
    if listed:  # the name is known from the expected list alone
        (folder / "район_003.xlsx").unlink()
    expected = [Municipality(b.name, b.oktmo) for b in books[1]]
    summary = consolidate([folder], Q2, expected)
    assert len(summary.districts) == len(books[1])
    assert [d.file for d in summary.districts if d.name.casefold() == first.name.casefold()] == ["без_октмо.xlsx"]
    if not listed:
        reason = next(p.reason for p in summary.problems if first.oktmo in p.reason)
        assert "район_003.xlsx" in reason and "без_октмо.xlsx" in reason and "более поздняя" in reason
    assert summary.missing == []


def test_a_hand_edited_score_is_flagged_and_recomputed(books, tmp_path):
    folder = copy_books(books, tmp_path)
    book = books[1][3]
    edit_data_sheet(folder / "район_004.xlsx", lambda ws: next(
        r for r in ws.iter_rows() if r[0].value == "score" and r[1].value == "P")[4].__setattr__("value", 99.5))
    summary = consolidate([folder], Q2)
    district = next(d for d in summary.districts if d.oktmo == book.oktmo)
    assert district.scores.total == pytest.approx(expected_scores(book.inputs)[1])
    reason = next(p.reason for p in summary.problems if p.file == "район_004.xlsx")
    assert "изменена вручную" in reason and "99,50" in reason


def test_inputs_missing_give_no_total_and_no_place(books, tmp_path):
    folder = copy_books(books, tmp_path)
    first = books[1][5]
    partial = Book(first.name, first.oktmo, {k: v for k, v in first.inputs.items() if k not in ("2.3", "3.1")},
                   first.esia)
    write_xlsx(period_data(partial, Q2, shipped_2018(), datetime(2018, 6, 28)), folder / "район_006.xlsx")
    summary = consolidate([folder], Q2)
    district = next(d for d in summary.districts if d.file == "район_006.xlsx")
    assert district.scores.total is None and district.place is None
    assert summary.districts[-1] is district  # listed below the ranked ones
    assert district.scores.filled_count == 12
    assert [p.reason for p in summary.problems if p.file == "район_006.xlsx"] == [
        "Книга заполнена не полностью: заполнено 12 из 14 пунктов (не заполнены 2.3, 3.1) — итоговая оценка не "
        "рассчитана, места в рейтинге нет"]
    assert summary_json(summary)["districts"][-1]["filled"] == 12


def test_an_item_filled_but_not_defined_is_told_as_such_not_as_unfilled(books, tmp_path):
    """A book whose 1.1 has «всего» B = 0: every item filled, the share not defined. The merge said «заполнена не
    полностью … не заполнены 1.1»; it says the score is not defined, and why."""
    folder = copy_books(books, tmp_path)
    first = books[1][5]
    inputs = {**first.inputs, "1.1": {**first.inputs["1.1"], "A1": 0, "B1": 0}}
    write_xlsx(period_data(Book(first.name, first.oktmo, inputs, first.esia), Q2, shipped_2018(),
                           datetime(2018, 6, 28)), folder / "район_006.xlsx")
    summary = consolidate([folder], Q2)
    district = next(d for d in summary.districts if d.file == "район_006.xlsx")
    assert district.scores.total is None and district.place is None
    (reason,) = [p.reason for p in summary.problems if p.file == "район_006.xlsx"]
    assert reason.startswith("Оценка не определена: пункт 1.1 — ") and "равно нулю" in reason
    assert "не заполнен" not in reason and "места в рейтинге нет" in reason
    (told,) = [p.told_district for p in summary.problems if p.file == "район_006.xlsx"]
    assert "исправьте данные пункта" in told and "запросите" not in told  # the district's own words


def test_inputs_deleted_by_hand_are_flagged_as_an_edit(books, tmp_path):
    folder = copy_books(books, tmp_path)

    def drop_item(ws):
        for row in reversed(list(ws.iter_rows())):
            if row[0].value == "plan" and row[1].value == "2.3":
                ws.delete_rows(row[0].row)
    edit_data_sheet(folder / "район_007.xlsx", drop_item)
    reasons = [p.reason for p in consolidate([folder], Q2).problems if p.file == "район_007.xlsx"]
    assert any("изменена вручную" in r and "пункт 2.3" in r for r in reasons)
    assert any("заполнено 13 из 14" in r for r in reasons)


def test_the_missing_and_the_late(books, tmp_path):
    folder, made = books
    expected = [Municipality(b.name, b.oktmo) for b in made] + [Municipality("Городской округ Забытый", "53799000")]
    summary = consolidate([folder], Q2, expected, deadline=date(2018, 6, 27))  # the books say 28.06
    assert summary.missing == [Municipality("Городской округ Забытый", "53799000")]
    assert len(summary.late) == 12 and not summary.clean
    on_time = consolidate([folder], Q2, expected[:-1], deadline=date(2018, 6, 28))
    assert on_time.late == [] and on_time.clean


def test_nothing_readable_is_refused(tmp_path):
    (tmp_path / "a.xlsx").write_text("нет", encoding="utf-8")
    with pytest.raises(NothingToMerge, match="Ни одна книга не подошла"):
        consolidate([tmp_path], Q2)
    with pytest.raises(NothingToMerge, match="Не найдено ни одной книги"):
        consolidate([tmp_path / "пусто"], Q2)


def test_nothing_to_merge_names_each_book_on_its_line_and_counts_the_rest(tmp_path):
    """Every bad book is named with why, one a line — the message named the first three and no more — the first ten
    of many, then how many more."""
    for n in range(4):
        (tmp_path / f"книга {n}.xlsx").write_text("нет", encoding="utf-8")
    with pytest.raises(NothingToMerge) as four:
        consolidate([tmp_path], Q2)
    lines = str(four.value).splitlines()
    assert lines[0] == "Ни одна книга не подошла для свода за 2 квартал 2018 года:" and len(lines) == 5
    assert [line.split(":")[0] for line in lines[1:]] == [f"книга {n}.xlsx" for n in range(4)]
    for n in range(4, 13):
        (tmp_path / f"книга {n:02}.xlsx").write_text("нет", encoding="utf-8")
    with pytest.raises(NothingToMerge) as many:
        consolidate([tmp_path], Q2)
    lines = str(many.value).splitlines()
    assert len(lines) == 12 and lines[-1] == "…и ещё 3 книги с замечаниями"


def test_expected_list_from_a_workbook(tmp_path, books):
    path = write_expected(tmp_path / "список.xlsx", books[1][:3])
    assert [m.oktmo for m in read_expected(path)] == [b.oktmo for b in books[1][:3]]
    wb = load_workbook(path)
    wb.active["B3"] = 53602000.0  # Excel made the code a number
    wb.active.insert_rows(1)
    wb.active["A1"] = "Список на 2018 год"
    wb.save(path)
    assert read_expected(path)[1].oktmo == "53602000"


def test_summary_files_are_not_read_back_as_districts(books, tmp_path):
    folder = copy_books(books, tmp_path)
    from model.region.summary_files import write_summary

    write_summary(consolidate([folder], Q2), folder)
    again = consolidate([folder], Q2)
    assert again.problems == [] and len(again.districts) == 12
    assert read_data_sheet(folder / "Свод_2018-Q2.xlsx")[1][:2] == ("meta", "kind")


def test_districts_esia_generator_is_plausible():
    import random

    plan = district_esia(random.Random(1), 2018)
    assert plan.target_end > plan.registered_start and plan.total_registered < plan.population


def test_typed_names_stay_text_in_the_summary(tmp_path):
    import zipfile

    from pypdf import PdfReader

    from model.region.summary_files import write_summary

    folder = tmp_path / "книги"
    folder.mkdir()
    made = make_books(tmp_path / "другие", 1, Q2)[0]
    hostile = Book('=HYPERLINK("http://x";"<b>Район</b>")', "53601000", made.inputs, made.esia)
    write_xlsx(period_data(hostile, Q2, shipped_2018(), datetime(2018, 6, 28)), folder / "1.xlsx")
    pdf, xlsx = write_summary(consolidate([folder], Q2), tmp_path / "out")
    with zipfile.ZipFile(xlsx) as zf:
        assert not any("<f>" in zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))
    cells = [c for ws in load_workbook(xlsx) for row in ws.iter_rows() for c in row if c.value == hostile.name]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert '<b>Район</b>' in " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_a_long_name_stays_inside_its_column_of_the_summary_pdf(tmp_path):
    """Each cell is measured in its font: a name of wide letters wraps in its column, never runs into the OKTMO."""
    import pypdfium2

    from model.region.summary_files import write_summary

    folder = tmp_path / "книги"
    folder.mkdir()
    made = make_books(tmp_path / "другие", 1, Q2)[0]
    named = Book("Муниципальный район «Калганский район»", "76618000", made.inputs, made.esia)
    write_xlsx(period_data(named, Q2, shipped_2018(), datetime(2018, 6, 28)), folder / "1.xlsx")
    pdf, _ = write_summary(consolidate([folder], Q2), tmp_path / "out")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0].get_textpage()
        text = page.get_text_range()
        start, oktmo = text.index("Муниципальный район «"), text.index("76618000", text.index("Муниципальный район «"))
        name_right = max(page.get_charbox(i)[2] for i in range(start, oktmo) if not text[i].isspace())
        oktmo_left = page.get_charbox(oktmo)[0]
    finally:
        document.close()
    assert name_right < oktmo_left - 2  # points: a gap, not an overlap


def test_two_books_of_one_name_from_two_folders_are_told_apart_by_their_folders(tmp_path):
    from model.region.consolidate import file_labels

    a, b, c = tmp_path / "Июль" / "Калга.xlsx", tmp_path / "Отправка" / "калга.xlsx", tmp_path / "Июль" / "Бура.xlsx"
    assert file_labels([a, b, c]) == {a: "Июль/Калга.xlsx", b: "Отправка/калга.xlsx", c: "Бура.xlsx"}
    deep = [tmp_path / "x" / "Район" / "Калга.xlsx", tmp_path / "y" / "Район" / "Калга.xlsx"]
    assert file_labels(deep) == {deep[0]: "x/Район/Калга.xlsx", deep[1]: "y/Район/Калга.xlsx"}


def test_remarks_on_two_books_of_one_name_keep_the_books_order(books, tmp_path):
    """The remarks follow the books' order; those on two books of one name (labelled with their folders) were
    looked up by the bare file name, found nothing and went to the top."""
    good = books[1][0].path
    files = [tmp_path / "Июль" / "Калга.xlsx", tmp_path / "Бура.xlsx", tmp_path / "Отправка" / "Калга.xlsx"]
    for path in files:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"not a workbook")
    shutil.copy(good, tmp_path / "Акша.xlsx")
    summary = consolidate([files[0], tmp_path / "Акша.xlsx", *files[1:]], Q2)
    assert [p.file for p in summary.problems] == ["Июль/Калга.xlsx", "Бура.xlsx", "Отправка/Калга.xlsx"]


def test_one_book_in_two_folders_is_named_with_its_folder_in_the_remark(books, tmp_path):
    first = books[1][0].path
    for folder in ("Июль", "Отправка"):
        (tmp_path / folder).mkdir()
        shutil.copy(first, tmp_path / folder / first.name)
    summary = consolidate([tmp_path / "Июль", tmp_path / "Отправка"], Q2)
    reason = next(p.reason for p in summary.problems if "встречается в двух книгах" in p.reason)
    assert f"Июль/{first.name}" in reason and f"Отправка/{first.name}" in reason
    assert "одно и то же время" in reason


def test_a_whole_target_is_shown_without_decimals(books):
    from model.region.tables import all_tables

    table = next(t for t in all_tables(consolidate([books[0]], Q2)) if t.columns[2].title.startswith("Целевой"))
    shown = [table.shown(r, 2) for r in range(len(table.rows))]
    assert shown and all("," not in s for s in shown), shown  # «3 520», never «3 520,00»
