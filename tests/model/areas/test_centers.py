"""Service centers: register, deactivation, refused deletion, checks and operations, and item 1.2 from them."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import Q2

from model.areas import centers, plan
from model.areas.centers import Center, Check, StaffMember
from model.errors import InputRefused
from model.quarter.data import load_period
from model.store.db import SCHEMA_VERSION, open_database, schema_version

REQS = ("req1", "req2", "req3", "req4")


def add(db, settlement="с. Калга", **kw):
    return centers.save_center(db, Center(id=None, settlement=settlement, **kw))


def check_all(db, center_id, met, period=Q2):
    for req, value in zip(REQS, met, strict=True):
        centers.set_check(db, period, center_id, req, Check(bool(value), date(2018, 5, 10)), REQS)


def test_add_edit_and_staff(db):
    cid = add(db, address="ул. Советская, 5", host="Администрация СП «Калгинское»",
              staff=(StaffMember("Иванова А. П.", True), StaffMember("  ", False)))
    center = centers.get_center(db, cid)
    assert center.staff == (StaffMember("Иванова А. П.", True),)
    centers.save_center(db, Center(id=cid, settlement="с. Калга", address="ул. Советская, 7",
                                   schedule="пн–пт 9:00–17:00", schedule_published=True,
                                   schedule_link="https://калга.рф/цо", staff=()))
    center = centers.get_center(db, cid)
    assert center.address == "ул. Советская, 7" and center.staff == () and center.schedule_published


@pytest.mark.parametrize(("center", "message"), [
    (Center(id=None, settlement="  "), "поселение"),
    (Center(id=None, settlement="с. Бура", schedule_published=True), "ссылку"),
    (Center(id=None, settlement="с.\x07Бура"), "управляющие"),
])
def test_bad_center_refused(db, center, message):
    with pytest.raises(InputRefused, match=message):
        centers.save_center(db, center)
    assert centers.list_centers(db) == []


def test_mean_over_active_centers_gives_item_1_2(db):
    a, b, c = add(db, "с. Калга"), add(db, "с. Бура"), add(db, "с. Нижний Калгукан")
    check_all(db, a, (1, 1, 1, 1))  # 100
    check_all(db, b, (1, 0, 1, 0))  # 50
    assert not load_period(db, Q2).scores.items["1.2"].filled  # c not checked yet
    assert "1\xa0из\xa03" in load_period(db, Q2).scores.items["1.2"].reason
    check_all(db, c, (0, 0, 0, 1))  # 25
    score = load_period(db, Q2).scores.items["1.2"]
    assert score.score == pytest.approx((100 + 50 + 25) / 3)
    assert [p.score for p in score.parts] == [50, 100, 25]  # in the register's order: Бура, Калга, Нижний Калгукан
    centers.set_active(db, c, False)  # closed: left out, history kept
    assert load_period(db, Q2).scores.items["1.2"].score == pytest.approx(75.0)
    assert centers.load_quarter(db, Q2)[c].checks["req4"].met


def test_without_centers_1_2_is_entered_directly(db):
    plan.set_values(db, Q2, "1.2", {"req1": 1, "req2": 1, "req3": 0, "req4": 0})
    assert load_period(db, Q2).scores.items["1.2"].score == 50
    cid = add(db)
    assert not load_period(db, Q2).scores.items["1.2"].filled  # now it follows the centers
    centers.set_active(db, cid, False)
    assert load_period(db, Q2).scores.items["1.2"].score == 50


def test_delete_refused_while_center_has_data(db):
    cid = add(db)
    centers.set_operations(db, Q2, cid, "registration", 12)
    with pytest.raises(InputRefused, match="неактивным"):
        centers.delete_center(db, cid)
    assert centers.get_center(db, cid)
    centers.set_operations(db, Q2, cid, "registration", None)
    centers.delete_center(db, cid)
    assert centers.list_centers(db) == []


def test_restore_after_delete_keeps_id(db):
    cid = add(db, address="ул. Ленина, 1", staff=(StaffMember("Петров", False),))
    center = centers.get_center(db, cid)
    centers.delete_center(db, cid)
    centers.restore_center(db, center)
    assert centers.get_center(db, cid) == center


@pytest.mark.parametrize(("kind", "count", "message"), [
    ("registration", -1, "от 0"), ("registration", 10_000_001, "от 0"), ("teleport", 1, "Неизвестный"),
])
def test_operations_refused(db, kind, count, message):
    cid = add(db)
    with pytest.raises(InputRefused, match=message):
        centers.set_operations(db, Q2, cid, kind, count)
    assert centers.load_quarter(db, Q2) == {}


def test_check_in_future_refused(db):
    cid = add(db)
    with pytest.raises(InputRefused, match="не наступила"):
        centers.set_check(db, Q2, cid, "req1", Check(True, date(2999, 1, 1)), REQS)
    with pytest.raises(InputRefused, match="требование"):
        centers.set_check(db, Q2, cid, "req9", Check(True), REQS)


def test_quarter_survives_restart(db_path):
    db = open_database(db_path)
    cid = add(db)
    check_all(db, cid, (1, 0, 1, 1))
    centers.set_check(db, Q2, cid, "req2", Check(False, date(2018, 5, 11), "график не опубликован"), REQS)
    centers.set_operations(db, Q2, cid, "confirmation", 31)
    db.conn.close()
    quarter = centers.load_quarter(open_database(db_path), Q2)[cid]
    assert quarter.checks["req2"] == Check(False, date(2018, 5, 11), "график не опубликован")
    assert quarter.operations == {"confirmation": 31}


def test_upgrade_from_schema_1_keeps_the_data(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parents[2] / "fixtures" / "schema_v1.sqlite", path)
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert plan.load_inputs(db, Q2)["1.1"] == {"A1": 45, "B1": 50, "A2": 120, "B2": 200}
    assert plan.load_evidence(db, Q2) == {"1.1": "Приказ № 12"}
    assert load_period(db, Q2).scores.items["1.2"].score == 75  # entered directly: no centers yet
    assert centers.list_centers(db) == []


def test_centers_come_in_one_order_on_the_screen_and_read_back_from_the_workbook(db, tmp_path):
    """Upper- and lower-case Cyrillic compared alike: SQLite's NOCASE put «Усть-Берея» before «с. Калга», the
    workbook read back the other way, and 1.2's per-center scores came back in another order."""
    from conftest import fill_quarter

    from model.exchange import decode
    from model.reports.xlsx_report import write_xlsx

    fill_quarter(db)
    for name, met in (("с. Калга", (1, 1, 0, 0)), ("Усть-Берея", (1, 1, 1, 1)), ("ж/д ст. Бура", (0, 0, 0, 1))):
        check_all(db, add(db, name), met)
    listed = [c.settlement for c in centers.list_centers(db)]
    assert listed.index("ж/д ст. Бура") < listed.index("с. Калга") < listed.index("Усть-Берея")
    quarter = load_period(db, Q2, history=True)
    back = decode(write_xlsx(quarter, tmp_path / "book.xlsx"))
    assert [c.settlement for c in back.centers] == listed
    assert [p.source for p in back.scores.items["1.2"].parts] == [p.source for p in quarter.scores.items["1.2"].parts]
    assert back.scores.items["1.2"] == quarter.scores.items["1.2"]
