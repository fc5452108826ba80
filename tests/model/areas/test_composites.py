"""Composite indicators (seed 001's «цифровая зрелость» from nine indicators): the weighted mean of the members'
achievement, each capped, computed once for the screen, the files and the region."""

import pytest
from conftest import Q2

from model.areas import indicators as ind
from model.areas.indicators import Composite, Indicator, Member, Value
from model.areas.periods import choose_methodology
from model.base.period import Period
from model.errors import InputRefused
from model.methodology import shipped_2018
from model.quarter import edits
from model.quarter.data import load_period

YEAR = 2022
Q4 = Period(YEAR, 4)


def nine(db):
    """The shipped example: nine members and the composite, with plans for 2022 (a quarter of 2022 scored with the
    shipped methodology, so that it can be read)."""
    choose_methodology(db, Q4, shipped_2018())
    ids = ind.load_starter_set(db, "Тюменская область", "digital-maturity")
    everyone = {i.number: i for i in ind.list_indicators(db)}
    members = [everyone[f"ЦЗ.{n}"] for n in range(1, 10)]
    assert len(ids) == 10 and set(ids) == {everyone["ЦЗ"].id, *(m.id for m in members)}
    return everyone["ЦЗ"], members


def test_nine_members_give_the_composite_computed_by_hand(db):
    composite, members = nine(db)
    plans = {m.id: ind.load_values(db, YEAR, ind.YEAR)[m.id].plan for m in members}
    # facts as a share of the plan: 60, 70, 75, 80, 85, 90, 95, 100, 135 % (the last counts as 100 %)
    shares = [0.60, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 1.00, 1.35]
    ind.set_values(db, YEAR, ind.YEAR, {m.id: Value(plans[m.id], plans[m.id] * s)
                                        for m, s in zip(members, shares, strict=True)})
    by_hand = (60 + 70 + 75 + 80 + 85 + 90 + 95 + 100 + 100) / 9  # = 83,888… with equal weights
    data = load_period(db, Q4)
    result = data.composite(composite.id, YEAR, ind.YEAR)
    assert result.percent == pytest.approx(by_hand)
    assert [round(p.counted, 6) for p in result.parts] == [60, 70, 75, 80, 85, 90, 95, 100, 100]
    assert result.parts[-1].percent == pytest.approx(135)  # shown uncapped in the breakdown
    shown = data.values(YEAR, ind.YEAR)[composite.id]
    assert shown.fact == pytest.approx(by_hand) and shown.plan == 80  # its own plan as stored

    # weights are data: the seed's 81 % with weights 3 on the first two members and 1 on the rest
    ind.set_composite(db, Composite(composite.id, tuple(Member(m.id, 3 if n < 2 else 1)
                                                       for n, m in enumerate(members)), 100))
    weighted = (3 * 60 + 3 * 70 + 75 + 80 + 85 + 90 + 95 + 100 + 100) / 13
    assert load_period(db, Q4).values(YEAR, ind.YEAR)[composite.id].fact == \
        pytest.approx(weighted)
    # and the same members chosen to give exactly 81 %
    ind.set_composite(db, Composite(composite.id, tuple(Member(m.id, 1) for m in members), 100))
    ind.set_values(db, YEAR, ind.YEAR, {m.id: Value(plans[m.id], plans[m.id] * 0.81) for m in members})
    assert load_period(db, Q4).values(YEAR, ind.YEAR)[composite.id].fact == pytest.approx(81)


def test_without_a_cap_overachievement_counts_and_a_missing_member_leaves_it_provisional(db):
    composite, members = nine(db)
    ind.set_composite(db, Composite(composite.id, tuple(Member(m.id, 1) for m in members[:2]), None))
    ind.set_values(db, YEAR, ind.YEAR, {members[0].id: Value(10, 15)})
    data = load_period(db, Q4)
    result = data.composite(composite.id, YEAR, ind.YEAR)
    assert result.percent is None and result.provisional == pytest.approx(150)  # uncapped: 150 % counts
    assert [m.id for m in result.missing] == [members[1].id]
    assert data.values(YEAR, ind.YEAR)[composite.id].fact is None
    ind.set_values(db, YEAR, ind.YEAR, {members[1].id: Value(90, 100)})  # a falling indicator: 90 / 100
    members[1] = ind.get_indicator(db, members[1].id)
    ind.save_indicator(db, Indicator(**{**members[1].__dict__, "direction": "down"}))
    result = load_period(db, Q4).composite(composite.id, YEAR, ind.YEAR)
    assert result.percent == pytest.approx((150 + 90) / 2)


@pytest.mark.parametrize(("members", "cap", "message"), [
    (lambda c, ms: (Member(ms[0].id, 1),), 100, "хотя бы два"),
    (lambda c, ms: (Member(c.id, 1), Member(ms[0].id, 1)), 100, "собственный состав"),
    (lambda c, ms: (Member(ms[0].id, 1), Member(ms[0].id, 2)), 100, "дважды"),
    (lambda c, ms: (Member(ms[0].id, 0), Member(ms[1].id, 1)), 100, "положительное число"),
    (lambda c, ms: (Member(ms[0].id, -1), Member(ms[1].id, 1)), 100, "положительное число"),
    (lambda c, ms: (Member(ms[0].id, float("nan")), Member(ms[1].id, 1)), 100, "положительное число"),
    (lambda c, ms: (Member(ms[0].id, 1), Member(ms[1].id, 1)), 50, "от 100 до 1\u00a0000\u00a0%"),
    (lambda c, ms: (Member(ms[0].id, 1), Member(99999, 1)), 100, "уже нет"),
])
def test_a_composite_that_cannot_be_computed_is_refused_and_nothing_changes(db, members, cap, message):
    composite, ms = nine(db)
    before = ind.list_composites(db)
    with pytest.raises(InputRefused, match=message):
        ind.set_composite(db, Composite(composite.id, members(composite, ms), cap))
    assert ind.list_composites(db) == before


def test_no_composite_of_composites_and_a_member_cannot_be_deleted(db):
    composite, ms = nine(db)
    other = ind.save_indicator(db, Indicator(None, "Другой составной", number="Д"))
    with pytest.raises(InputRefused, match="сам составной"):
        ind.set_composite(db, Composite(other, (Member(composite.id, 1), Member(ms[0].id, 1))))
    with pytest.raises(InputRefused, match="входит в состав другого"):
        ind.set_composite(db, Composite(ms[0].id, (Member(ms[1].id, 1), Member(other, 1))))
    bare = ind.save_indicator(db, Indicator(None, "Без значений", number="Б"))
    ind.set_composite(db, Composite(other, (Member(bare, 1), Member(ms[1].id, 1))))
    with pytest.raises(InputRefused, match="входит в состав «Д»"):
        ind.delete_indicator(db, bare)
    ind.set_composite(db, Composite(other, ()))  # no members: an ordinary indicator again
    assert other not in ind.list_composites(db)
    ind.delete_indicator(db, bare)


def test_composition_is_journalled_and_undone_through_the_edit(db):
    composite, ms = nine(db)
    data = load_period(db, Q2)
    old = ind.list_composites(db)[composite.id]
    new = Composite(composite.id, (Member(ms[0].id, 2), Member(ms[1].id, 1)), None)
    change = edits.set_composite(db, data, new)
    assert change.area == "indicator" and data.composites[composite.id] == new
    entries = db.execute("SELECT tbl, action FROM audit WHERE key = ? AND tbl IN ('indicator_members', 'indicators') "
                         "ORDER BY id", [f"indicator:{composite.id}"]).fetchall()
    assert ("indicator_members", "delete") in entries and ("indicator_members", "insert") in entries
    assert ("indicators", "update") in entries  # the cap went from 100 to none
    edits.set_composite(db, data, old)
    assert ind.list_composites(db)[composite.id] == old == data.composites[composite.id]


def test_a_composite_travels_in_the_workbook_and_reaches_the_region(db, tmp_path):
    from model.areas.profile import Profile, save_profile
    from model.exchange import apply, decode
    from model.region.consolidate import consolidate
    from model.reports.xlsx_report import write_xlsx
    from model.store.db import open_database

    save_profile(db, Profile(district="Тюменский район", oktmo="71644000", head_name="И. И. Иванов"))
    composite, members = nine(db)
    plans = {m.id: ind.load_values(db, YEAR, ind.YEAR)[m.id].plan for m in members}
    ind.set_values(db, YEAR, ind.YEAR, {m.id: Value(plans[m.id], plans[m.id] * 0.81) for m in members})
    book = write_xlsx(load_period(db, Q4, history=True), tmp_path / "книга.xlsx")
    report = decode(book)
    assert report.composites == ind.list_composites(db)
    assert report.values(YEAR, ind.YEAR)[composite.id].fact == pytest.approx(81)
    fresh = open_database(tmp_path / "новая.sqlite")
    apply(fresh, report)
    assert ind.list_composites(fresh) == ind.list_composites(db)
    summary = consolidate([book], Q4)
    (district,) = summary.districts
    # the composite's achievement in the region's table: 81 % of its plan of 80 %
    assert district.achievement[("ЦЗ", composite.name)] == pytest.approx(81 / 80 * 100)


def test_the_printouts_show_the_composite_and_how_it_is_made(db, tmp_path):
    from openpyxl import load_workbook
    from test_printouts import page_texts

    from model.reports.pdf_report import write_pdf
    from model.reports.xlsx_report import write_xlsx

    composite, members = nine(db)
    plans = {m.id: ind.load_values(db, YEAR, ind.YEAR)[m.id].plan for m in members}
    ind.set_values(db, YEAR, ind.YEAR, {m.id: Value(plans[m.id], plans[m.id] * 0.81) for m in members[:8]})
    data = load_period(db, Q4)
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "Состав показателя «ЦЗ»: значение не рассчитано: нет данных по ЦЗ.9" in text
    assert "(по остальным сейчас 81,00 %)" in text
    ind.set_values(db, YEAR, ind.YEAR, {members[8].id: Value(plans[members[8].id], plans[members[8].id] * 0.81)})
    data = load_period(db, Q4)
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "Состав показателя «ЦЗ»: значение 81,00 % — среднее достижение, взвешенное по весам" in text
    assert "каждый учтён не более чем на 100 %" in text and text.count("81,00") >= 10
    sheet = load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))["Показатели"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    row = next(r for r in rows if r[0] == "ЦЗ")
    assert row[8] == pytest.approx(81) and row[9] == pytest.approx(81 / 80 * 100)  # fact computed, achievement
    head = next(r for r in rows if str(r[1]).startswith("Состав показателя «ЦЗ»"))
    assert head[9] == pytest.approx(81)
    assert sum(1 for r in rows if str(r[0]).startswith("ЦЗ.") and r[10] is not None and r[10] == pytest.approx(81)) \
        == 9
