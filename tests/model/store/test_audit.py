"""The audit trail: every change to reported data, with old and new values, when, where and by whom."""

import socket
from datetime import date

from conftest import Q2, fill_quarter

from model.areas import centers, esia, plan
from model.areas import indicators as ind
from model.areas.centers import Center, Check
from model.areas.profile import Profile, save_profile
from model.exchange import apply, decode_rows, read_data_sheet
from model.quarter.data import load_period
from model.quarter.journal_words import JournalWords
from model.reports.xlsx_report import write_xlsx
from model.store import audit
from model.store.db import open_database


def test_plan_changes_are_recorded_with_old_and_new(db):
    plan.set_values(db, Q2, "1.1", {"A1": 45, "B1": 50})
    plan.set_value(db, Q2, "1.1", "A1", 40)
    plan.set_value(db, Q2, "1.1", "B1", None)
    plan.set_evidence(db, Q2, "1.1", "Приказ № 12")
    entries = audit.history(db, "plan:2018-Q2:1.1")
    words = JournalWords(db)
    assert [(e.action, words.change(e)) for e in entries] == [
        ("insert", "подтверждение выполнения: Приказ № 12"), ("delete", "Муниципальные служащие, всего (B): 50"),
        ("update", "Муниципальные служащие, зарегистрированные в ЕСИА (A): 45 → 40"),
        ("insert", "Муниципальные служащие, всего (B): 50"),
        ("insert", "Муниципальные служащие, зарегистрированные в ЕСИА (A): 45")]
    assert all(e.actor.startswith(socket.gethostname() + "/") for e in entries)
    assert all((e.at.date() - date.today()).days == 0 for e in entries)


def test_an_unchanged_write_is_not_recorded(db):
    plan.set_value(db, Q2, "2.2", "n", 1)
    plan.set_value(db, Q2, "2.2", "n", 1)
    assert len(audit.history(db, "plan:2018-Q2:2.2")) == 1


def test_every_kind_of_reported_data_is_tracked(db):
    save_profile(db, Profile(district="Калганский район"))
    plan.add_event(db, Q2, "2.6", date(2018, 4, 12), "ДК", "Госуслуги")
    cid = centers.save_center(db, Center(None, "с. Калга"))
    centers.set_checks(db, Q2, cid, {"req1": Check(True)}, ("req1",))
    centers.set_operations(db, Q2, cid, "registration", 3)
    esia.save_plan(db, esia.EsiaPlan(2018, registered_start=1, target_end=10, months={1: 2}))
    iid = ind.save_indicator(db, ind.Indicator(None, "Доля"))
    ind.set_values(db, 2018, 0, {iid: ind.Value(1, 2)})
    pid = ind.save_point(db, ind.ControlPoint(None, "Точка", date(2018, 3, 1)))
    tables = {e.table for e in audit.history(db)}
    assert tables == {"profile", "plan_events", "centers", "center_checks", "center_operations", "esia_plans",
                      "esia_months", "indicators", "indicator_values", "control_points"}
    assert {e.key for e in audit.history(db)} >= {"profile", "plan:2018-Q2:2.6", f"center:{cid}", "esia:2018",
                                                 f"indicator:{iid}", f"control_point:{pid}"}


def test_history_survives_export_and_import(db, tmp_path):
    fill_quarter(db)
    plan.set_value(db, Q2, "2.2", "n", 1)
    before = audit.history(db, "plan:2018-Q2:2.2")
    rows = read_data_sheet(write_xlsx(load_period(db, Q2, history=True), tmp_path / "r.xlsx"))
    other = open_database(tmp_path / "other.sqlite")
    apply(other, decode_rows(rows))
    assert audit.history(other, "plan:2018-Q2:2.2") == before
    assert len(audit.history(other)) == len(load_period(db, Q2, history=True).audit)


def test_upgrade_from_schema_4_starts_the_trail(tmp_path):
    import shutil
    from pathlib import Path

    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parents[2] / "fixtures" / "schema_v4.sqlite", path)
    db = open_database(path)
    assert audit.history(db) == []
    assert load_period(db, Q2).scores.items["1.2"].score == 100  # the 12 centers came through
    plan.set_value(db, Q2, "2.2", "n", 1)
    assert [e.action for e in audit.history(db)] == ["update"]
