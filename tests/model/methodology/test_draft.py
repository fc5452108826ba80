"""The draft the methodology editor changes: every change keeps a TOML file the loader reads as the draft says, the
source's layout and comments stay, rules bring their parameters, divisors are proposed from the items."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import MethodologyError
from model.methodology import draft as draft_store
from model.methodology.draft import Draft, dump_values
from model.methodology.loader import check_text, check_values, load_methodology
from model.methodology.rules import RULES

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "resources" / "methodologies" / "popularization-2018.toml"
EXAMPLE = ROOT / "docs" / "examples" / "popularization-2027.toml"
FILES = [SHIPPED, EXAMPLE]


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_an_unchanged_draft_is_its_file_and_plain_values_lay_out_like_it(source):
    text = source.read_text(encoding="utf-8")
    draft = Draft.open(source)
    assert draft.text() == text
    assert draft.check().methodology == load_methodology(source)
    laid_out = dump_values(tomllib.loads(text))
    assert tomllib.loads(laid_out) == tomllib.loads(text)
    assert check_text(laid_out, "x") == load_methodology(source)


def test_the_loader_names_each_problem_by_its_key_path():
    values = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    values["section"][1]["item"][5]["rule"] = "неведомое"
    values["section"][0]["item"][0]["input"][1]["label"] = ""
    methodology, problems = check_values(values)
    assert methodology is None
    assert {p.path for p in problems} == {("section", 1, "item", 5, "rule"),
                                          ("section", 0, "item", 0, "input", 1, "label")}


def test_a_rule_brings_its_parameters_kinds_and_formula_and_takes_them_away():
    draft = Draft.open(SHIPPED)
    item = ("section", 1, "item", 5)  # 2.6: levels
    draft.set_rule(item, "target")
    assert draft.get((*item, "target")) == 1
    assert draft.get((*item, "input", 0, "kind")) == "count" and draft.get((*item, "input", 0, "options")) is None
    assert draft.get((*item, "formula")) == "P26 = A / 1 × 100"
    draft.set((*item, "target"), 3)
    draft.set_rule(item, "flags")
    assert draft.get((*item, "target")) is None and draft.get((*item, "weight")) == 0.25
    assert draft.get((*item, "input", 0, "kind")) == "flag"
    draft.set_rule(item, "levels")
    assert draft.get((*item, "weight")) is None
    assert [o["value"] for o in draft.get((*item, "input", 0, "options"))] == [0, 1]
    assert draft.check().methodology is not None, [p.text for p in draft.check().problems]
    tomllib.loads(draft.text())


def test_a_separator_comment_stays_before_the_section_it_precedes_when_an_item_is_appended_or_moved():
    draft = Draft.open(SHIPPED)
    rule = "# " + "─" * 97
    draft.insert(("section", 1, "item"), 8, {"number": "2.9", "code": "P29", "content": "c", "executors": "e",
                                             "deadline": "d", "results": "r", "formula": "f", "rule": "levels",
                                             "max": 50, "input": [{"key": "n", "kind": "level", "label": "l",
                                                                   "options": [{"value": 0, "text": "нет"},
                                                                               {"value": 0.5, "text": "да"}]}]})
    text = draft.text()
    assert f"{rule}\n[[section]]\nnumber = \"3\"" in text
    assert "]\n\n[[section.item]]\nnumber = \"2.9\"" in text  # a blank line, not the separator, before the new item
    draft.move(("section", 1, "item", 8), -1)
    text = draft.text()
    assert f"{rule}\n[[section]]\nnumber = \"3\"" in text
    assert [i["number"] for i in tomllib.loads(text)["section"][1]["item"]][-2:] == ["2.9", "2.8"]
    draft.renumber()
    assert [i["number"] for i in draft.get(("section", 1, "item"))][-2:] == ["2.8", "2.9"]
    assert [i["code"] for i in draft.get(("section", 1, "item"))][-2:] == ["P28", "P29"]


def test_the_divisor_is_proposed_from_the_items_and_a_count_that_differs_is_a_warning():
    draft = Draft.open(SHIPPED)
    assert draft.proposed_divisor(1) == (7, "P2 = (P21 + P22 + P23 + P24 + P25 + P26 + P27 + P28) / 7")
    assert [w.path for w in draft.warnings()] == [("section", 1, "divisor")]  # 8 items over 7, as seed 003 does
    draft.set(("section", 1, "divisor"), 0)
    assert draft.warnings() == []  # a refused divisor is an error, not also a warning
    assert draft.proposed_total() == (3, "P = (P1 + P2 + P3) / 3")


def test_a_copy_for_a_year_has_its_version_year_heading_and_a_warning_about_its_source():
    draft = Draft.for_year(SHIPPED, 2027, {"2027.1"})
    assert draft.get(("methodology", "version")) == "2027.2"
    assert draft.get(("methodology", "year")) == 2027
    assert "в 2027 году" in draft.get(("methodology", "title"))
    assert draft.text().startswith("# План мероприятий по популяризации в 2027 году")
    assert "2018 году" not in draft.text().split("[methodology]")[0]
    assert [w.path for w in draft.warnings()] == [("section", 1, "divisor"), ("methodology", "source")]
    draft.set(("methodology", "source"), "Приказ министерства от 1 декабря 2026 года № 1")
    assert [w.path for w in draft.warnings()] == [("section", 1, "divisor")]
    draft.set(("methodology", "years"), [2027, 2028])
    assert "years = [2027, 2028]" in draft.text() and "year =" not in draft.text()


def test_a_copy_for_a_year_moves_the_plans_deadlines_and_warns_of_any_other_old_year():
    """«Срок: 2 квартал 2018 года» stayed in the methodology for 2019, unsaid; now the deadlines and results take the
    new year, and a text elsewhere that names the old one is a warning pointing at it."""
    draft = Draft.for_year(SHIPPED, 2019)
    items = {i["number"]: i for s in draft.get(("section",)) for i in s["item"]}
    assert items["1.2"]["deadline"] == "2 квартал 2019 года"
    assert items["1.3"]["results"].endswith("в срок до 31 декабря 2019 года.")
    assert items["3.1"]["deadline"] == "Ежеквартально в течение 2019 года" and items["2.7"]["deadline"] == "2019 год"
    assert "2018" not in "".join(str(i.get(k, "")) for i in items.values() for k in ("deadline", "results"))
    assert [w.path for w in draft.warnings()] == [("section", 1, "divisor"), ("methodology", "source")]
    content = ("section", 2, "item", 0, "content")
    draft.set(content, draft.get(content) + " (по итогам 2018 года)")
    draft.set(("section", 1, "item", 1, "input", 0, "options", 1, "text"), "статьи 2018 года")
    said = {w.path: w.text for w in draft.warnings()}
    assert said[content] == "пункт 3.1: текст называет 2018 год, а методика — на 2019 год: проверьте его"
    assert ("section", 1, "item", 1, "input", 0, "options", 1, "text") in said
    draft.set(("methodology", "years"), [2018, 2019])  # for both years: the old one is its own
    assert content not in {w.path for w in draft.warnings()}


def test_a_formula_that_does_not_name_its_weight_is_a_warning():
    """The weight of 1.2 changed to 0,2 left the printed formula «P12 = n × 0,25 × 100» without a word."""
    draft = Draft.open(SHIPPED)
    weight, formula = ("section", 0, "item", 1, "weight"), ("section", 0, "item", 1, "formula")
    draft.set(weight, 0.2)
    said = {w.path: w.text for w in draft.warnings()}
    assert said[formula] == ("пункт 1.2: в формуле нет значения 0,2, заданного в поле «Вес одного требования»: "
                             "формула печатается в отчёте так, как написана, — исправьте её текст")
    draft.set(formula, "P12 = n × 0,2 × 100, где n – количество выполненных требований")
    assert formula not in {w.path for w in draft.warnings()}


def test_saving_refuses_problems_a_version_with_other_content_and_the_files_in_use(tmp_path):
    shipped = load_methodology(SHIPPED)
    known = [(shipped, SHIPPED)]
    draft = Draft.open(SHIPPED)
    draft.set(("section", 0, "title"), "")
    with pytest.raises(MethodologyError, match="в ней есть ошибки"):
        draft.save(tmp_path / "a.toml", known)
    draft.set(("section", 0, "title"), "Регистрация")
    with pytest.raises(MethodologyError, match="Версия 2018.1 уже есть.*например 2018.2"):
        draft.save(tmp_path / "a.toml", known)
    assert not (tmp_path / "a.toml").exists()
    same = Draft.open(SHIPPED)
    with pytest.raises(MethodologyError, match="методика, которой пользуется программа"):
        same.save(SHIPPED, known)
    assert same.save(tmp_path / "b.toml", known) == shipped


def test_the_unsaved_draft_is_kept_and_forgotten(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path))
    assert draft_store.kept() is None
    draft_store.keep("текст")
    assert draft_store.kept() == "текст"
    draft_store.forget()
    assert draft_store.kept() is None


# Any sequence of the editor's changes leaves a TOML file, and the loader reads that file exactly as it reads the
# draft's values: what the editor checks is what a district's program will load.
CHANGES = st.lists(st.tuples(st.sampled_from(["rule", "max", "title", "add", "remove", "move", "renumber",
                                              "divisor", "option"]),
                             st.integers(0, 2), st.integers(0, 9), st.sampled_from(list(RULES)),
                             st.text(max_size=12), st.integers(-1, 200)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANGES)
def test_any_changes_leave_a_file_the_loader_reads_as_the_draft(changes):
    draft = Draft.open(EXAMPLE)
    for what, s, i, rule, text, number in changes:
        items = draft.count(("section", s, "item"))
        i = i % items if items else 0
        item = ("section", s, "item", i)
        if what == "rule":
            draft.set_rule(item, rule)
        elif what == "max":
            draft.set((*item, "max"), number)
        elif what == "title":
            draft.set(("section", s, "title"), text)
        elif what == "add":
            draft.insert(("section", s, "item"), i + 1, {"number": f"{s + 1}.{items + 1}", "code": f"X{number}",
                                                         "content": text, "executors": "e", "deadline": "d",
                                                         "results": "r", "formula": "f", "rule": "levels",
                                                         "max": 100, "input": [{"key": "n", "kind": "level",
                                                                                "label": "l", "options": [
                                                                                    {"value": 0, "text": "нет"},
                                                                                    {"value": 1, "text": "да"}]}]})
        elif what == "remove" and items > 1:
            draft.remove(item)
        elif what == "move":
            draft.move(item, 1 if number % 2 else -1)
        elif what == "renumber":
            draft.renumber()
        elif what == "divisor":
            draft.set(("section", s, "divisor"), draft.proposed_divisor(s)[0])
        elif what == "option" and draft.get((*item, "input", 0, "kind")) == "level":
            draft.set((*item, "input", 0, "options"), [{"value": 0, "text": text or "нет"},
                                                       {"value": 1, "text": "да"}])
    text = draft.text()
    assert tomllib.loads(text) == draft.values()
    checked = draft.check()
    if checked.methodology is None:
        with pytest.raises(MethodologyError):
            check_text(text, "x")
    else:
        assert check_text(text, "x") == checked.methodology


def test_the_mean_over_centers_under_another_rule_is_said_as_such():
    values = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    values["section"][0]["item"][1]["rule"] = "levels"  # 1.2 keeps derive = "centers"
    _, problems = check_values(values)
    said = [p.message for p in problems if p.path[-1] == "derive"]
    assert said == ["среднее по центрам обслуживания (derive = «centers») бывает только у правила flags"]
