"""Storage: schema versions, refusals of foreign files, one transaction per edit, nothing invalid stored."""

import sqlite3
from datetime import date

import pytest
from conftest import FULL_QUARTER, FULL_TOTAL, Q2

from model.areas import plan
from model.areas.periods import choose_methodology, period_methodology
from model.areas.profile import Profile, load_profile, save_profile
from model.base.period import Period
from model.errors import DatabaseRefused, InputRefused, NoMethodologyForYear
from model.methodology import shipped_2018
from model.quarter.data import load_period
from model.store.db import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, open_database, schema_version


def fill(db, period, data=FULL_QUARTER):
    for number, values in data.items():
        plan.set_values(db, period, number, dict(values))


def test_new_file_gets_current_schema(db_path):
    db = open_database(db_path)
    assert schema_version(db) == SCHEMA_VERSION == len(MIGRATIONS)
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert {"profile", "periods", "plan_inputs", "plan_evidence", "plan_events"} <= set(db.utils.table_names())


def test_empty_existing_file_is_migrated(db_path):
    db_path.write_bytes(b"")
    assert schema_version(open_database(db_path)) == SCHEMA_VERSION


def test_opening_needs_no_sqlite_utils_until_tables_are_asked_for(db_path):
    """The window's start does not load sqlite-utils; the same connection answers through it later."""
    import subprocess
    import sys

    code = ("import sys; from model.store.db import open_database; db = open_database(sys.argv[1]); "
            "print('sqlite_utils' in sys.modules); "
            "db.execute('INSERT INTO centers (settlement) VALUES (?)', ['с. Бура']); "
            "print(db.utils['centers'].count, 'sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "1", "True"]


def test_reopen_keeps_everything(db_path):
    db = open_database(db_path)
    fill(db, Q2)
    plan.set_evidence(db, Q2, "2.6", "Отчёт <b>&amp;</b> «кавычки»")
    plan.add_event(db, Q2, "2.6", date(2018, 4, 12), "ДК", "Госуслуги")
    db.conn.close()
    again = open_database(db_path)
    assert plan.load_inputs(again, Q2) == {k: {f: float(v) for f, v in d.items()} for k, d in FULL_QUARTER.items()}
    assert load_period(again, Q2).scores.total == pytest.approx(FULL_TOTAL)
    assert plan.load_evidence(again, Q2) == {"2.6": "Отчёт <b>&amp;</b> «кавычки»"}
    events = [(e.day, e.place, e.topic) for e in plan.load_events(again, Q2, "2.6")]
    assert events == [(date(2018, 4, 12), "ДК", "Госуслуги")]


def test_newer_schema_is_refused_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseRefused, match="более новой версией"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_other_programs_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE customers (name)")
    conn.close()
    with pytest.raises(DatabaseRefused, match="другой программой"):
        open_database(db_path)


def test_file_that_is_not_sqlite_is_refused(db_path):
    db_path.write_text("это не база данных", encoding="utf-8")
    with pytest.raises(DatabaseRefused, match="не является базой"):
        open_database(db_path)
    assert db_path.read_text(encoding="utf-8") == "это не база данных"


def test_failed_migration_leaves_file_at_old_version(db_path, monkeypatch):
    open_database(db_path).conn.close()
    monkeypatch.setattr("model.store.db.MIGRATIONS", MIGRATIONS + ("CREATE TABLE extra (x); CREATE TABLE broken (",))
    monkeypatch.setattr("model.store.db.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(DatabaseRefused):
        open_database(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_period_keeps_methodology_version(db, methodology):
    plan.set_value(db, Q2, "2.2", "n", 1)
    row = db.execute("SELECT methodology_id, methodology_version FROM periods").fetchone()
    assert row == (methodology.id, methodology.version)
    assert period_methodology(db, Q2) == methodology


@pytest.mark.parametrize(("item", "key", "value", "message"), [
    ("1.1", "A1", 60, "не может быть больше"),
    ("1.1", "B1", 40, "не может быть больше"),
    ("2.2", "n", 0.7, "не из числа допустимых"),
    ("2.1", "A", -5, "отрицательным"),
    ("2.1", "B", 2.5, "целым"),
    ("9.9", "A", 1, "нет пункта"),
    ("2.2", "zz", 1, "нет поля"),
])
def test_invalid_input_is_refused_and_nothing_changes(db, item, key, value, message):
    plan.set_values(db, Q2, "1.1", {"A1": 45, "B1": 50})
    plan.set_values(db, Q2, "2.1", {"A": 3, "B": 4})
    plan.set_value(db, Q2, "2.2", "n", 0.5)
    before = plan.load_inputs(db, Q2)
    with pytest.raises(InputRefused, match=message):
        plan.set_value(db, Q2, item, key, value)
    assert plan.load_inputs(db, Q2) == before


def test_clearing_a_value_makes_item_not_filled(db):
    plan.set_values(db, Q2, "2.1", {"A": 3, "B": 4})
    plan.set_value(db, Q2, "2.1", "B", None)
    assert plan.load_inputs(db, Q2) == {"2.1": {"A": 3.0}}
    assert not load_period(db, Q2).scores.items["2.1"].filled


def test_set_values_is_all_or_nothing(db):
    with pytest.raises(InputRefused):
        plan.set_values(db, Q2, "1.1", {"A1": 10, "B1": 5})
    assert plan.load_inputs(db, Q2) == {}


def test_copy_previous_quarter(db):
    fill(db, Q2)
    q3 = Period(2018, 3)
    # the quarter's own counts (the methodology says they stay) and the answers that rest on the quarter's events
    own = {("1.3", "A"), ("2.1", "A"), ("2.1", "B"), ("2.6", "n"), ("3.1", "n")}
    assert plan.typed_anew(shipped_2018()) == ["1.3", "2.1", "2.6", "3.1"]
    assert plan.copy_previous_quarter(db, q3) == sum(len(v) for v in FULL_QUARTER.values()) - len(own)
    copied = plan.load_inputs(db, q3)
    assert "2.1" not in copied and copied["1.3"] == {"C": 1000.0}
    assert "2.6" not in copied and "3.1" not in copied  # «проводятся» copied without the events gave 100
    assert all(copied[i][k] == v for i, fields in plan.load_inputs(db, Q2).items() for k, v in fields.items()
               if (i, k) not in own)
    with pytest.raises(InputRefused, match="уже есть данные"):
        plan.copy_previous_quarter(db, q3)


def test_copy_from_an_empty_quarter_says_so(db):
    with pytest.raises(InputRefused, match="нет данных"):
        plan.copy_previous_quarter(db, Period(2019, 1))


def test_first_quarter_copies_from_fourth_of_last_year(db):
    plan.set_value(db, Period(2018, 4), "2.2", "n", 1)
    with pytest.raises(NoMethodologyForYear, match="Для 2019 года методика оценки не установлена"):
        plan.copy_previous_quarter(db, Period(2019, 1))  # 2019 has no methodology of its own: nothing is assumed
    assert plan.load_inputs(db, Period(2019, 1)) == {}
    choose_methodology(db, Period(2019, 1), shipped_2018())
    plan.copy_previous_quarter(db, Period(2019, 1))
    assert plan.load_inputs(db, Period(2019, 1)) == {"2.2": {"n": 1.0}}


@pytest.mark.parametrize(("text", "message"), [("a\x00b", "управляющие"), ("x" * 10_001, "слишком длинный")])
def test_evidence_refuses_bad_text(db, text, message):
    with pytest.raises(InputRefused, match=message):
        plan.set_evidence(db, Q2, "1.1", text)
    assert plan.load_evidence(db, Q2) == {}


def test_event_needs_a_topic(db):
    with pytest.raises(InputRefused, match="тему"):
        plan.add_event(db, Q2, "3.1", date(2018, 5, 1), "Школа № 1", "   ")
    assert plan.load_events(db, Q2, "3.1") == []


def test_event_removed_and_restored_under_same_id(db):
    event_id = plan.add_event(db, Q2, "3.1", date(2018, 5, 1), "Школа № 1", "Собрание")
    plan.remove_event(db, event_id)
    assert plan.load_events(db, Q2, "3.1") == []
    assert plan.add_event(db, Q2, "3.1", date(2018, 5, 1), "Школа № 1", "Собрание", event_id) == event_id


def test_profile_round_trip_and_checks(db):
    assert load_profile(db) is None
    profile = Profile(district="Калганский район", oktmo="76618000", head_name="С. А. Егоров",
                      region_email="omsu@region.ru", executor_phone="+7 (30244) 4-13-34")
    save_profile(db, profile)
    assert load_profile(db) == profile
    for bad in (Profile(district=""), Profile(district="X", oktmo="1234"), Profile(district="X", region_email="нет"),
                Profile(district="X", oktmo="７６６１８０００")):
        with pytest.raises(ValueError):
            save_profile(db, bad)
    assert load_profile(db) == profile


def test_write_to_read_only_file_is_refused_cleanly(db_path):
    db = open_database(db_path)
    plan.set_value(db, Q2, "2.2", "n", 1)
    db.conn.close()
    ro = open_database(db_path)
    ro.conn.execute("PRAGMA query_only = ON")  # stands in for a file the system will not let us write
    with pytest.raises(InputRefused, match="не сохранено"):
        plan.set_value(ro, Q2, "2.2", "n", 0.5)
    ro.conn.execute("PRAGMA query_only = OFF")
    assert plan.load_inputs(ro, Q2) == {"2.2": {"n": 1.0}}
    assert not ro.conn.in_transaction


SHIPPED_MIGRATIONS = ["365b611a8c71cc7c", "f9d4f73adc06afa0", "959f32da91a25710", "49859358f9d64d35",
                      "54133a7850867158", "c2f6b4f3984fa48b", "5463fdb6aecab59c", "b60ed348ec6a2b44",
                      "b675048f4654f942"]


def test_shipped_migrations_are_never_edited():
    """A released migration is fixed text (whitespace aside): change the schema by appending one."""
    import hashlib

    from model.store.migrations import MIGRATIONS

    digests = [hashlib.sha256(" ".join(m.split()).encode()).hexdigest()[:16] for m in MIGRATIONS]
    assert digests[:len(SHIPPED_MIGRATIONS)] == SHIPPED_MIGRATIONS
