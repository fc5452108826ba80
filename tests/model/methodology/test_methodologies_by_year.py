"""Methodologies by year: the registry, the region's file installed, quarters keeping their version, the CLI."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import FULL_QUARTER, Q2, fill_quarter

from model.areas import plan
from model.areas.periods import choose_methodology, move_period, period_methodology, reporting_period, year_period
from model.base.period import Period
from model.errors import InputRefused, NoMethodologyForYear
from model.exchange import ImportRefused, decode_rows, encode
from model.methodology import MethodologyError, for_year, registry, shipped_2018
from model.quarter.data import load_period
from model.reports import sending
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[3]
GUIDE_EXAMPLE = ROOT / "docs" / "examples" / "popularization-2027.toml"
Q1_2027 = Period(2027, 1)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A user data folder of the test's own: nothing installed yet."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("OMSU_DATA_DIR", str(folder))
    return folder


def cli(*args, data_dir: Path):
    env = {**os.environ, "OMSU_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=60)


def variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """The guide's example with some text replaced (each replacement must apply)."""
    text = GUIDE_EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_year_without_methodology_is_not_scored_with_2018(db, data_dir):
    with pytest.raises(NoMethodologyForYear, match="Для 2026 года методика оценки не установлена"):
        load_period(db, Period(2026, 3))
    with pytest.raises(NoMethodologyForYear):
        plan.set_value(db, Period(2026, 3), "2.2", "n", 1)
    choose_methodology(db, Period(2026, 3), shipped_2018())  # the user picks the latest: remembered for the year
    assert period_methodology(db, Period(2026, 4)) == shipped_2018()
    plan.set_value(db, Period(2026, 4), "2.2", "n", 1)
    assert load_period(db, Period(2026, 4)).scores.items["2.2"].score == 100


def test_a_year_without_methodology_is_offered_every_one_there_is_nearest_earlier_first(data_dir, tmp_path):
    assert [m.version for m in registry.offers(2026)] == ["2018.1"]
    registry.install(GUIDE_EXAMPLE)
    assert [m.version for m in registry.offers(2026)] == ["2018.1", "2027.1"]  # the earlier year before the later
    assert [m.version for m in registry.offers(2030)] == ["2027.1", "2018.1"]
    assert [m.version for m in registry.offers(2015)] == ["2018.1", "2027.1"]  # none earlier: the nearest later
    registry.install(variant(tmp_path, "newer.toml", ('version = "2027.1"', 'version = "2027.2"')))
    two_years = variant(tmp_path, "2021.toml", ('version = "2027.1"', 'version = "2021.1"'),
                        ("years = [2027]", "years = [2021, 2022]"))
    registry.install(two_years)
    assert [m.version for m in registry.offers(2026)] == ["2021.1", "2018.1", "2027.2"]  # one version of each
    assert [m.version for m in registry.offers(2024)] == ["2021.1", "2018.1", "2027.2"]


def test_check_says_warnings_on_stderr_and_keeps_its_line_on_stdout(data_dir, tmp_path):
    """A weight the printed formula does not name passes the check (it is allowed) but is said: «ошибок нет» alone
    let 0,3 go out under a formula of 0,25."""
    text = (ROOT / "resources" / "methodologies" / "popularization-2018.toml").read_text(encoding="utf-8")
    path = tmp_path / "вес.toml"
    path.write_text(text.replace('version = "2018.1"', 'version = "2018.2"').replace("weight = 0.25", "weight = 0.3"),
                    encoding="utf-8")
    out = cli("methodology", "check", path, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Методика «План мероприятий") and "проверена: ошибок нет" in out.stdout
    assert len(out.stdout.splitlines()) == 1
    assert "Предупреждение. Пункт 1.2: в формуле нет значения 0,3, заданного в поле «Вес одного требования»" in \
        out.stderr
    assert "Предупреждение. Раздел 2: делитель 7 не равен числу пунктов (8)" in out.stderr


def test_guide_example_checks_installs_and_scores_its_year(db, data_dir, tmp_path):
    out = cli("methodology", "check", GUIDE_EXAMPLE, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "«План мероприятий по популяризации в 2027 году" in out.stdout and "версия 2027.1 (2027 год)" in out.stdout
    assert "ошибок нет" in out.stdout and "popularization" not in out.stdout  # named by title, not by its id
    assert not (data_dir / "methodologies").exists()  # check installs nothing
    for number, values in FULL_QUARTER.items():
        plan.set_values(db, Q2, number, dict(values))
    before = load_period(db, Q2).scores
    out = cli("methodology", "install", GUIDE_EXAMPLE, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert (data_dir / "methodologies" / registry.store_name("popularization", "2027.1")).exists()
    assert "Установлена методика «План мероприятий по популяризации в 2027 году" in out.stdout
    listed = json.loads(cli("methodology", "list", "--json", data_dir=data_dir).stdout)
    assert [(m["id"], m["version"], m["years"], m["origin"]) for m in listed] == [
        ("popularization", "2018.1", [2018], "shipped"), ("popularization", "2027.1", [2027], "installed")]
    text = cli("methodology", "list", data_dir=data_dir).stdout.splitlines()
    assert [line.split(" — ")[-1].split()[0] for line in text] == ["поставляется", "установлена"]
    assert all("popularization" not in line and "«План мероприятий" in line for line in text), text
    assert "версия 2018.1 (2018 год)" in text[0] and "версия 2027.1 (2027 год)" in text[1]
    methodology = period_methodology(db, Q1_2027)
    assert methodology.version == "2027.1"
    assert [i.number for i in methodology.sections[1].items][-1] == "2.9"
    plan.set_values(db, Q1_2027, "2.6", {"A": 2})  # the changed rule: 2 of 3 talks
    plan.set_values(db, Q1_2027, "2.9", {"n": 0.5})  # the added item
    scores = load_period(db, Q1_2027).scores
    assert scores.items["2.6"].score == pytest.approx(200 / 3)
    assert scores.items["2.9"].score == pytest.approx(50)
    assert load_period(db, Q2).scores == before  # the 2018 quarter is as it was
    assert load_period(db, Q2).methodology.version == "2018.1"


@pytest.mark.parametrize(("replacements", "words"), [
    ([('rule = "target"', 'rule = "targett"')], ["пункт 2.6", "неизвестное правило «targett»"]),
    ([("divisor = 8", "divisor = 7")], ["раздел 2", "делитель 7"]),
    ([('number = "2.9"', 'number = "2.8"')], ["номер «2.8» встречается дважды"]),
    ([('{ value = 0.5, text = "одна публикация за квартал" }', '{ value = 0.5, text = "публикаций нет" }')],
     ["тексты вариантов повторяются"]),
    ([('pairs = [["A", "C"]]', 'pairs = [["A", "D"]]')], ["поле «D» не описано"]),
    ([("years = [2027]", "years = [1927]")], ["не год"]),
])
def test_broken_methodology_is_refused_with_line_and_changes_nothing(data_dir, tmp_path, replacements, words):
    path = variant(tmp_path, "broken.toml", *replacements)
    for action in ("check", "install"):
        out = cli("methodology", action, path, data_dir=data_dir)
        assert out.returncode == 1, (action, out.stdout, out.stderr)
        assert out.stdout == ""
        assert all(w in out.stderr for w in words), out.stderr
        assert re.search(r"строка \d+", out.stderr), out.stderr
    assert not (data_dir / "methodologies").exists()


def test_methodology_commands_bad_arguments_exit_2(data_dir, tmp_path):
    assert cli("methodology", "check", tmp_path / "none.toml", data_dir=data_dir).returncode == 2
    assert cli("methodology", "install", tmp_path / "none.toml", data_dir=data_dir).returncode == 2
    assert cli("methodology", data_dir=data_dir).returncode == 2
    assert cli("methodology", "frobnicate", data_dir=data_dir).returncode == 2


def test_same_version_with_other_content_is_refused(data_dir, tmp_path):
    registry.install(GUIDE_EXAMPLE)
    changed = variant(tmp_path, "changed.toml", ("target = 3", "target = 4"))
    with pytest.raises(MethodologyError, match="уже есть, и её содержание другое"):
        registry.install(changed)
    assert registry.find("popularization", "2027.1").item("2.6").target == 3
    assert registry.install(GUIDE_EXAMPLE).already


def test_newer_version_shows_changes_and_quarters_keep_theirs(db, data_dir, tmp_path):
    registry.install(GUIDE_EXAMPLE)
    plan.set_values(db, Q1_2027, "2.6", {"A": 3})
    plan.set_values(db, Period(2027, 2), "2.6", {"A": 3})
    fill_quarter(db, Q2)
    sending.mark_sent(db, load_period(db, Period(2027, 2)), Path("sent"))
    newer = variant(tmp_path, "newer.toml", ('version = "2027.1"', 'version = "2027.2"'), ("target = 3", "target = 4"))
    out = cli("methodology", "install", newer, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "Изменения относительно версии 2027.1" in out.stdout and "пункт 2.6: целевое значение 3 → 4" in out.stdout
    assert period_methodology(db, Q1_2027).version == "2027.1"  # a stored quarter keeps its version
    assert period_methodology(db, Period(2027, 3)).version == "2027.2"  # a new one takes the newest
    assert load_period(db, Q1_2027).scores.items["2.6"].score == 100
    move_period(db, Q1_2027, registry.find("popularization", "2027.2"))  # the user agreed to move the open one
    assert load_period(db, Q1_2027).scores.items["2.6"].score == pytest.approx(75)
    with pytest.raises(InputRefused, match="уже подготовлена"):
        move_period(db, Period(2027, 2), registry.find("popularization", "2027.2"))
    assert load_period(db, Period(2027, 2)).methodology.version == "2027.1"


def test_reexport_of_an_old_quarter_gives_the_same_scores(db, data_dir):
    fill_quarter(db, Q2)
    scores = [r for r in encode(load_period(db, Q2)) if r[0] == "score"]
    registry.install(GUIDE_EXAMPLE)
    assert [r for r in encode(load_period(db, Q2)) if r[0] == "score"] == scores


def test_data_sheet_without_methodology_rows_says_so(db):
    fill_quarter(db, Q2)
    rows = [("section", "code", "field", "period", "value", "note")]
    rows += [r for r in encode(load_period(db, Q2)) if not (r[0] == "meta" and r[1].startswith("methodology"))]
    with pytest.raises(ImportRefused) as caught:
        decode_rows(rows)
    assert "не указана методика" in str(caught.value)
    assert "версии  " not in str(caught.value)


def test_workbook_of_a_version_not_installed_names_it(db, data_dir):
    fill_quarter(db, Q2)
    rows = [("section", "code", "field", "period", "value", "note")]
    rows += [(r[0], r[1], r[2], r[3], "2027.5" if r[1] == "methodology_version" else r[4], r[5])
             for r in encode(load_period(db, Q2))]
    with pytest.raises(ImportRefused, match="Методика версии 2027.5 не установлена"):
        decode_rows(rows)


@pytest.mark.parametrize(("today", "with_data", "expected"), [
    (date(2026, 11, 25), [], Period(2026, 3)),  # reports on Q3 are due in the first weeks of Q4
    (date(2026, 1, 10), [], Period(2025, 4)),
    (date(2026, 11, 25), [Period(2018, 2)], Period(2026, 3)),  # old data does not pull the window back
    (date(2018, 5, 20), [Period(2018, 2)], Period(2018, 2)),  # data in a later quarter than the one ended
])
def test_the_window_opens_on_the_quarter_being_reported(db, today, with_data, expected):
    for period in with_data:
        plan.set_value(db, period, "2.2", "n", 1)
    assert reporting_period(db, today) == expected


def test_started_but_empty_quarter_does_not_count_as_data(db, data_dir):
    choose_methodology(db, Period(2030, 1), shipped_2018())
    assert reporting_period(db, date(2026, 11, 25)) == Period(2026, 3)


@pytest.mark.parametrize(("year", "with_data", "expected"), [
    (2026, [], Period(2026, 3)),  # this year: the quarter that ended last
    (2026, [Period(2026, 4)], Period(2026, 4)),  # or a later one with data
    (2018, [], Period(2018, 4)),  # a year gone by: its last quarter
    (2018, [Period(2018, 2), Period(2026, 4)], Period(2018, 4)),  # data of another year does not count
    (2027, [], Period(2027, 1)),  # a year to come: its first
    (2027, [Period(2027, 2)], Period(2027, 2)),
])
def test_a_year_s_quarter_is_chosen_as_the_window_chooses_one(db, data_dir, year, with_data, expected):
    for period in with_data:
        choose_methodology(db, period, shipped_2018())
        plan.set_value(db, period, "2.2", "n", 1)
    assert year_period(db, year, date(2026, 11, 25)) == expected


def test_for_year_lists_newest_first(data_dir, tmp_path):
    registry.install(GUIDE_EXAMPLE)
    registry.install(variant(tmp_path, "v10.toml", ('version = "2027.1"', 'version = "2027.10"')))
    registry.install(variant(tmp_path, "v9.toml", ('version = "2027.1"', 'version = "2027.9"')))
    assert [m.version for m in for_year(2027)] == ["2027.10", "2027.9", "2027.1"]


def test_a_database_opened_elsewhere_without_the_file_says_what_to_install(db_path, data_dir, tmp_path, monkeypatch):
    registry.install(GUIDE_EXAMPLE)
    db = open_database(db_path)
    plan.set_values(db, Q1_2027, "2.9", {"n": 1})
    db.conn.close()
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "another-workstation"))
    with pytest.raises(MethodologyError, match="версии 2027.1 не установлена.*Методики"):
        load_period(open_database(db_path), Q1_2027)


def _fresh_registry(monkeypatch, tmp_path):
    """A process's first look at the methodologies, with the user's data in tmp_path."""
    from model.methodology import registry

    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(registry, "_cache", {})
    monkeypatch.setattr(registry, "_parsed", None)
    return registry


def test_a_file_read_once_is_not_parsed_again_but_still_checked(monkeypatch, tmp_path):
    from model.methodology import loader

    registry = _fresh_registry(monkeypatch, tmp_path)
    first = registry.find("popularization", "2018.1")
    assert registry.parsed_cache_path().is_file()
    registry = _fresh_registry(monkeypatch, tmp_path)  # the next start of the program

    def no_toml(text, name):
        raise AssertionError("the TOML was parsed again")

    checked = []
    monkeypatch.setattr(registry, "parse_toml", no_toml)
    monkeypatch.setattr(registry, "parse_methodology",
                        lambda values, name, text=None: checked.append(name) or loader.parse_methodology(values, name))
    assert registry.find("popularization", "2018.1") == first
    assert checked  # built and checked from the cached values, as from the file


def test_a_changed_file_is_parsed_again(monkeypatch, tmp_path):
    registry = _fresh_registry(monkeypatch, tmp_path)
    source = registry.resource_path("methodologies", "popularization-2018.toml").read_text(encoding="utf-8")
    changed = tmp_path / "popularization-2019.toml"
    changed.write_text(source.replace('version = "2018.1"', 'version = "2019.1"')
                       .replace("year = 2018", "year = 2019"), encoding="utf-8")
    registry.install(changed)
    assert registry.find("popularization", "2019.1").version == "2019.1"
    installed = registry.methodologies_dir() / registry.store_name("popularization", "2019.1")
    text = installed.read_text(encoding="utf-8")
    installed.write_text(text.replace("title = \"План мероприятий", "title = \"Уточнённый план мероприятий", 1),
                         encoding="utf-8")
    registry = _fresh_registry(monkeypatch, tmp_path)
    assert registry.find("popularization", "2019.1").title.startswith("Уточнённый план")


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01 not marshal", b"\xe9" * 64])
def test_a_damaged_cache_is_read_as_empty_and_written_anew(monkeypatch, tmp_path, garbage):
    registry = _fresh_registry(monkeypatch, tmp_path)
    registry.parsed_cache_path().parent.mkdir(parents=True)
    registry.parsed_cache_path().write_bytes(garbage)
    assert registry.find("popularization", "2018.1").version == "2018.1"
    assert registry.parsed_cache_path().read_bytes() != garbage
