"""Indicators: achievement by direction, the seed 000 starter set, refusals, control points by date."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from model.areas import indicators as ind
from model.areas.indicators import ACHIEVED, NO_DATA, NOT_ACHIEVED, ControlPoint, Indicator, Value
from model.errors import InputRefused
from model.quarter.data import load_period
from model.store.db import SCHEMA_VERSION, open_database, schema_version


@pytest.mark.parametrize(("value", "direction", "percent", "status"), [
    (Value(25, 30), "up", 120.0, ACHIEVED),
    (Value(25, 25), "up", 100.0, ACHIEVED),
    (Value(25, 20), "up", 80.0, NOT_ACHIEVED),
    (Value(90, 80), "down", 112.5, ACHIEVED),  # refusals fell below the plan
    (Value(90, 90), "down", 100.0, ACHIEVED),
    (Value(90, 100), "down", 90.0, NOT_ACHIEVED),
    (Value(0, 0), "up", None, ACHIEVED),  # seed 000 item 5: plan 0, fact 0
    (Value(0, 3), "up", None, ACHIEVED),
    (Value(5, 0), "down", None, ACHIEVED),  # no refusals at all
    (Value(0, 2), "down", 0.0, NOT_ACHIEVED),
    (Value(None, 5), "up", None, NO_DATA),
    (Value(5, None), "down", None, NO_DATA),
    (Value(), "up", None, NO_DATA),
])
def test_achievement(value, direction, percent, status):
    result = ind.achievement(value, direction)
    assert result.status == status
    assert result.percent == (pytest.approx(percent) if percent is not None else None)


def test_starter_set_matches_seed_000(db):
    ids = ind.load_starter_set(db, "МО «Мелекесский район»")
    loaded = ind.list_indicators(db)
    assert [i.id for i in loaded] == ids
    assert [i.number for i in loaded] == ["1", "2", "3", "4", "5"]
    assert [i.base_value for i in loaded] == [None, 0, 100, 0, 0]  # item 1's base is "-" in the seed
    assert {i.base_date for i in loaded} == {date(2018, 12, 14)}
    assert [i.direction for i in loaded] == ["up", "up", "down", "up", "up"]  # refusals must fall
    assert {i.kind for i in loaded} == {"основной"} and {i.unit for i in loaded} == {"%"}
    assert {i.territory for i in loaded} == {"МО «Мелекесский район»"}
    plans = ind.load_values(db, 2020, ind.YEAR)
    assert [plans[i].plan for i in ids] == [25, 2, 90, 5, 0]
    assert "отказов" in loaded[2].name
    with pytest.raises(InputRefused, match="уже загружен"):
        ind.load_starter_set(db, "X")


def test_seed_000_reentered_for_2020(db):
    ids = ind.load_starter_set(db, "МО «Мелекесский район»")
    # The seed's facts are ">25", ">2", "<90", ">5", "0"; typed as the numbers the district really has.
    facts = dict(zip(ids, [26.5, 3, 85, 6, 0], strict=True))
    plans = ind.load_values(db, 2020, ind.YEAR)
    ind.set_values(db, 2020, ind.YEAR, {i: Value(plans[i].plan, f) for i, f in facts.items()})
    values = ind.load_values(db, 2020, ind.YEAR)
    directions = {i.id: i.direction for i in ind.list_indicators(db)}
    results = [ind.achievement(values[i], directions[i]) for i in ids]
    assert [r.status for r in results] == [ACHIEVED] * 5
    assert [r.percent for r in results[:4]] == pytest.approx([106.0, 150.0, 90 / 85 * 100, 120.0])
    assert results[4].percent is None


@pytest.mark.parametrize(("indicator", "message"), [
    (Indicator(None, "  "), "наименование"),
    (Indicator(None, "Доля", kind="прочий"), "Тип"),
    (Indicator(None, "Доля", direction="sideways"), "Направление"),
    (Indicator(None, "Доля", decimals=9), "от 0 до 6"),
    (Indicator(None, "Доля", unit=""), "единицу"),
    (Indicator(None, "Доля", base_date=date(2999, 1, 1)), "не наступила"),
    (Indicator(None, "Доля", base_value=1e300), "слишком"),
])
def test_bad_indicator_refused(db, indicator, message):
    with pytest.raises(InputRefused, match=message):
        ind.save_indicator(db, indicator)
    assert ind.list_indicators(db, include_retired=True) == []


def test_reorder_retire_delete(db):
    a = ind.save_indicator(db, Indicator(None, "Первый"))
    b = ind.save_indicator(db, Indicator(None, "Второй"))
    ind.set_order(db, [b, a])
    assert [i.id for i in ind.list_indicators(db)] == [b, a]
    ind.set_values(db, 2020, 0, {a: Value(1, 2)})
    with pytest.raises(InputRefused, match="Выведите"):
        ind.delete_indicator(db, a)
    ind.set_active(db, a, False)
    assert [i.id for i in ind.list_indicators(db)] == [b]
    assert ind.history(db, a) == [(2020, 0, Value(1, 2))]
    ind.delete_indicator(db, b)
    assert [i.id for i in ind.list_indicators(db, include_retired=True)] == [a]


def test_values_all_or_nothing(db):
    a = ind.save_indicator(db, Indicator(None, "Первый"))
    with pytest.raises(InputRefused):
        ind.set_values(db, 2020, 0, {a: Value(1, 2), 999: Value(3, 4)})
    with pytest.raises(InputRefused, match="слишком"):
        ind.set_values(db, 2020, 0, {a: Value(float("nan"), 2)})
    assert ind.load_values(db, 2020, 0) == {}
    ind.set_values(db, 2020, 2, {a: Value(None, 2, "=СУММ(A1)")})
    assert ind.load_values(db, 2020, 2)[a].comment == "=СУММ(A1)"
    ind.set_values(db, 2020, 2, {a: Value()})
    assert ind.load_values(db, 2020, 2) == {}


TODAY = date(2022, 7, 1)


@pytest.mark.parametrize(("point", "status"), [
    (ControlPoint(None, "x", date(2022, 6, 30), date(2022, 6, 30)), ind.ON_TIME),
    (ControlPoint(None, "x", date(2022, 6, 30), date(2022, 7, 1)), ind.LATE),
    (ControlPoint(None, "x", date(2022, 6, 30)), ind.OVERDUE),
    (ControlPoint(None, "x", date(2022, 7, 1)), ind.PENDING),  # due today: not overdue yet
    (ControlPoint(None, "x", date(2022, 7, 2)), ind.PENDING),
])
def test_point_status_around_today(point, status):
    assert ind.point_status(point, TODAY) == status


def test_points_summary_like_seed_001():
    points = ([ControlPoint(None, "x", date(2022, 3, 1), date(2022, 2, 1))] * 29
              + [ControlPoint(None, "y", date(2022, 3, 1), date(2022, 4, 1))]
              + [ControlPoint(None, "z", date(2022, 6, 1))] + [ControlPoint(None, "w", date(2022, 12, 1))])
    assert ind.points_summary(points, TODAY) == "выполнено 30 из 32, в срок 29, просрочено 1"


def test_points_stored_and_refused(db):
    pid = ind.save_point(db, ControlPoint(None, "Утверждён план", date(2022, 3, 1), date(2022, 2, 20)))
    assert ind.list_points(db) == [ControlPoint(pid, "Утверждён план", date(2022, 3, 1), date(2022, 2, 20))]
    with pytest.raises(InputRefused, match="не наступила"):
        ind.save_point(db, ControlPoint(pid, "Утверждён план", date(2022, 3, 1), date(2999, 1, 1)))
    with pytest.raises(InputRefused, match="в чём"):
        ind.save_point(db, ControlPoint(None, " ", date(2022, 3, 1)))
    assert len(ind.list_points(db)) == 1
    ind.delete_point(db, pid)
    assert ind.list_points(db) == []


def test_upgrade_from_schema_2_keeps_centers_and_plan(tmp_path):
    from model.areas import centers, esia
    from model.base.period import Period
    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parents[2] / "fixtures" / "schema_v2.sqlite", path)
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    q2 = Period(2018, 2)
    assert load_period(db, q2).scores.items["1.2"].score == 75
    assert centers.load_quarter(db, q2)[centers.list_centers(db)[0].id].operations == {"registration": 42}
    assert esia.load_plan(db, 2018).months == {1: 293, 2: 137}
    assert ind.list_indicators(db) == []
