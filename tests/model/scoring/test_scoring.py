"""The engine against hand-computed values for every item and every option."""

import pytest
from conftest import FULL_ITEMS, FULL_QUARTER, FULL_SECTIONS, FULL_TOTAL

from model.scoring.score import check_item_inputs, score_item, score_plan, scores_as_json


def test_full_quarter_matches_hand_computation(methodology):
    result = score_plan(methodology, FULL_QUARTER)
    assert {n: s.score for n, s in result.items.items()} == pytest.approx(FULL_ITEMS)
    assert result.sections == pytest.approx(FULL_SECTIONS)
    assert result.total == pytest.approx(FULL_TOTAL)
    assert round(result.total, 2) == 68.25
    assert result.filled_count == result.item_count == 14


@pytest.mark.parametrize(("values", "expected"), [
    ({"A1": 45, "B1": 50, "A2": 120, "B2": 200}, 75.0),
    ({"A1": 50, "B1": 50, "A2": 200, "B2": 200}, 100.0),
    ({"A1": 0, "B1": 50, "A2": 0, "B2": 200}, 0.0),
    ({"A1": 1, "B1": 3, "A2": 2, "B2": 3}, 50.0),
])
def test_item_1_1_mean_of_two_shares(methodology, values, expected):
    assert score_item(methodology.item("1.1"), values).score == pytest.approx(expected)


@pytest.mark.parametrize("met", range(5))
def test_item_1_2_counts_requirements_met(methodology, met):
    values = {f"req{i}": 1 if i <= met else 0 for i in range(1, 5)}
    assert score_item(methodology.item("1.2"), values).score == met * 25


def test_item_1_2_counts_any_requirements_not_only_the_first(methodology):
    values = {"req1": 0, "req2": 0, "req3": 1, "req4": 1}
    assert score_item(methodology.item("1.2"), values).score == 50


def test_item_1_3_over_fulfilment_capped_but_raw_kept(methodology):
    s = score_item(methodology.item("1.3"), {"A": 1350, "C": 1000})
    assert s.raw == pytest.approx(135.0)
    assert s.score == 100.0
    under = score_item(methodology.item("1.3"), {"A": 420, "C": 1000})
    assert under.raw == under.score == pytest.approx(42.0)


def test_item_2_1_share_of_informed(methodology):
    assert score_item(methodology.item("2.1"), {"A": 300, "B": 400}).score == pytest.approx(75.0)


# Every option of every level item, with the score DOMAIN.md gives for it.
LEVEL_CASES = [
    ("2.2", {"n": 0}, 0), ("2.2", {"n": 0.5}, 50), ("2.2", {"n": 1}, 100),
    ("2.4", {"n": 0}, 0), ("2.4", {"n": 0.5}, 50),
    ("2.5", {"n": 0}, 0), ("2.5", {"n": 0.5}, 50), ("2.5", {"n": 1}, 100),
    ("2.6", {"n": 0}, 0), ("2.6", {"n": 0.5}, 50), ("2.6", {"n": 1}, 100),
    ("2.7", {"n": 0}, 0), ("2.7", {"n": 0.5}, 50),
    ("2.8", {"n": 0}, 0), ("2.8", {"n": 1}, 100),
    ("3.1", {"n": 0}, 0), ("3.1", {"n": 1}, 100),
    ("3.2", {"n": 0}, 0), ("3.2", {"n": 0.5}, 50), ("3.2", {"n": 1}, 100),
    ("3.3", {"n": 0}, 0), ("3.3", {"n": 1}, 100),
] + [("2.3", {"n": n, "m": m}, (n + m) * 100) for n in (0, 0.25, 0.5) for m in (0, 0.25, 0.5)]


@pytest.mark.parametrize(("number", "values", "expected"), LEVEL_CASES)
def test_every_level_option(methodology, number, values, expected):
    assert score_item(methodology.item(number), values).score == pytest.approx(expected)


def test_level_items_have_exactly_the_options_of_the_seed(methodology):
    levels = [i for i in methodology.items() if i.rule == "levels"]
    options = {i.number: {f.key: f.option_values() for f in i.inputs} for i in levels}
    assert options == {
        "2.2": {"n": (0, 0.5, 1)}, "2.3": {"n": (0, 0.25, 0.5), "m": (0, 0.25, 0.5)}, "2.4": {"n": (0, 0.5)},
        "2.5": {"n": (0, 0.5, 1)}, "2.6": {"n": (0, 0.5, 1)}, "2.7": {"n": (0, 0.5)}, "2.8": {"n": (0, 1)},
        "3.1": {"n": (0, 1)}, "3.2": {"n": (0, 0.5, 1)}, "3.3": {"n": (0, 1)},
    }


@pytest.mark.parametrize(("number", "values"), [
    ("1.1", {}), ("1.1", {"A1": 45, "B1": 50, "A2": 120}), ("1.2", {"req1": 1}), ("2.3", {"n": 0.5}), ("2.2", {}),
])
def test_missing_inputs_mean_not_filled(methodology, number, values):
    s = score_item(methodology.item(number), values)
    assert not s.filled and s.score is None and s.missing


@pytest.mark.parametrize(("number", "values"), [
    ("1.1", {"A1": 0, "B1": 0, "A2": 1, "B2": 2}), ("1.3", {"A": 10, "C": 0}), ("2.1", {"A": 0, "B": 0}),
])
def test_zero_denominator_is_not_filled_not_a_crash(methodology, number, values):
    s = score_item(methodology.item(number), values)
    assert s.score is None and "нулю" in s.reason


@pytest.mark.parametrize(("number", "values", "field"), [
    ("1.1", {"A1": 51, "B1": 50, "A2": 1, "B2": 2}, "A1"),
    ("1.1", {"A1": 1, "B1": 50, "A2": 3, "B2": 2}, "A2"),
    ("2.1", {"A": 401, "B": 400}, "A"),
    ("2.2", {"n": 0.75}, "n"),
    ("2.4", {"n": 1}, "n"),
    ("1.2", {"req1": 2, "req2": 0, "req3": 0, "req4": 0}, "req1"),
    ("2.1", {"A": -1, "B": 400}, "A"),
    ("2.1", {"A": 1.5, "B": 400}, "A"),
    ("2.2", {"x": 1}, "x"),
])
def test_broken_rules_name_the_field(methodology, number, values, field):
    problems = check_item_inputs(methodology.item(number), values)
    assert [p.field for p in problems] == [field]
    assert score_item(methodology.item(number), values).score is None


def test_1_3_growth_may_exceed_base(methodology):
    assert check_item_inputs(methodology.item("1.3"), {"A": 2000, "C": 1000}) == []


def test_section_and_total_only_when_all_filled_provisional_otherwise(methodology):
    partial = dict(FULL_QUARTER)
    del partial["2.8"]  # scored 0 anyway, so the provisional P2 equals the final one
    del partial["3.2"]
    result = score_plan(methodology, partial)
    assert result.sections["1"] == pytest.approx(250 / 3)
    assert result.sections["2"] is None and result.sections["3"] is None
    assert result.total is None
    assert result.provisional["2"] == pytest.approx(500 / 7)
    assert result.provisional["3"] == pytest.approx(100 / 3)
    assert result.provisional["total"] == pytest.approx((250 / 3 + 500 / 7 + 100 / 3) / 3)
    assert result.filled_count == 12


def test_nothing_filled(methodology):
    result = score_plan(methodology, {})
    assert result.total is None and result.filled_count == 0 and result.provisional["total"] == 0


def test_json_shape(methodology):
    out = scores_as_json(score_plan(methodology, FULL_QUARTER))
    assert set(out) == {"items", "sections", "total", "raw"}
    assert out["raw"] == {"1.3": pytest.approx(135.0)}
    assert out["items"]["1.3"] == 100.0
    empty = scores_as_json(score_plan(methodology, {}))
    assert empty["total"] is None and "raw" not in empty and empty["items"]["1.1"] is None


def test_a_derived_item_says_how_many_centers_are_not_checked_in_words_that_read_right(methodology):
    """«не отмечены требования у центров обслуживания: 12 из 12» read as «all done», and broke as «12 / из 12»."""
    from model.scoring.score import score_item_mean

    item = methodology.item("1.2")
    done = {f.key: 1.0 for f in item.inputs}
    one = score_item_mean(item, [("МФЦ с. Калга", {}), ("ТОСП", done), ("Бура", done)])
    assert not one.filled and one.state == "missing"
    assert one.reason == "требования не отмечены у 1\u00a0из\u00a03 центров обслуживания"
    all_ = score_item_mean(item, [(str(n), {}) for n in range(21)])
    assert all_.reason == "требования не отмечены у 21\u00a0из\u00a021 центра обслуживания"
