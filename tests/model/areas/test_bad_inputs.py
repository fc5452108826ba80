"""The bad-input catalogue: every kind of field, each bad value refused with its message, nothing stored."""

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from conftest import Q2, fill_quarter

from model.areas import centers, esia, plan
from model.areas import indicators as ind
from model.areas.centers import Center, Check
from model.areas.profile import Profile, save_profile
from model.base.ru import parse_count, parse_date, parse_non_negative, parse_number
from model.errors import InputRefused

BASE_PROFILE = Profile(district="Муниципальный район «Калганский район»", oktmo="76618000")


def typed_count(item, key):
    return lambda db, text: plan.set_value(db, Q2, item, key, parse_count(text))


def profile_field(field):
    return lambda db, text: save_profile(db, replace(BASE_PROFILE, **{field: text}))


def first_center(db):
    return centers.list_centers(db)[0].id


def first_indicator(db):
    return ind.list_indicators(db)[0].id


def esia_field(field, parse=parse_count):
    return lambda db, text: esia.save_plan(db, replace(esia.load_plan(db, 2018), **{field: parse(text)}))


def esia_month(month):
    def store(db, text):
        current = esia.load_plan(db, 2018)
        esia.save_plan(db, replace(current, months={**current.months, month: parse_count(text)}))
    return store


def indicator_value(field):
    def store(db, text):
        iid = first_indicator(db)
        value = ind.load_values(db, 2018, 0)[iid]
        ind.set_values(db, 2018, 0, {iid: replace(value, **{field: parse_number(text)})})
    return store


def point_done(db, text):
    point = ind.list_points(db)[0]
    ind.save_point(db, replace(point, done=parse_date(text)))


CATALOGUE = [
    # numbers typed into counts
    ("count: letters", typed_count("2.1", "A"), "12а", "без «а»"),
    ("count: word", typed_count("2.1", "A"), "много", "не число"),
    ("count: negative", typed_count("2.1", "A"), "-5", "отрицательным"),
    ("count: fraction", typed_count("2.1", "A"), "2,5", "целым"),
    ("count: 1e309", typed_count("2.1", "A"), "1e309", "не число"),
    ("count: NaN", typed_count("2.1", "A"), "NaN", "не число"),
    ("count: infinity", typed_count("2.1", "A"), "inf", "не число"),
    ("count: greater than sign", typed_count("2.1", "A"), ">25", "знак «>»"),
    ("count: percent", typed_count("2.1", "A"), "25 %", "без «%»"),
    ("count: Cyrillic О for zero", typed_count("2.1", "B"), "4ОО", "без «ОО»"),
    ("count: Latin look-alike", typed_count("2.1", "B"), "4O0", "не число"),
    ("count: right-to-left mark", typed_count("2.1", "A"), "1\u200f2", "не число"),
    ("count: control character", typed_count("2.1", "A"), "1\x002", "не число"),
    ("count: emoji", typed_count("2.1", "A"), "5😀", "не число"),
    ("count: Arabic-Indic digits", typed_count("2.1", "A"), "١٢", "не число"),
    ("count: too large", typed_count("2.1", "B"), "10000000000000", "слишком большое"),
    ("share: A greater than B", typed_count("2.1", "A"), "500", "не может быть больше"),
    ("share: B below A", typed_count("2.1", "B"), "100", "не может быть больше"),
    ("ratio 1.1: employees A > B", typed_count("1.1", "A2"), "201", "не может быть больше"),
    # options of a level and flags, as the calculator or an import would send them
    ("level: not an option", lambda db, t: plan.set_value(db, Q2, "2.2", "n", parse_number(t)), "0,75",
     "не из числа допустимых"),
    ("level: over the item's top", lambda db, t: plan.set_value(db, Q2, "2.4", "n", parse_number(t)), "1",
     "не из числа допустимых"),
    ("flag: two", lambda db, t: plan.set_value(db, Q2, "1.2", "req1", parse_number(t)), "2",
     "не из числа допустимых"),
    ("unknown field", lambda db, t: plan.set_value(db, Q2, "2.2", t, 1), "zz", "нет поля"),
    # texts
    ("evidence: 10 001 characters", lambda db, t: plan.set_evidence(db, Q2, "2.3", t), "ы" * 10_001,
     "слишком длинный"),
    ("evidence: control characters", lambda db, t: plan.set_evidence(db, Q2, "2.3", t), "ссылка\x07", "управляющие"),
    ("event: topic of spaces", lambda db, t: plan.add_event(db, Q2, "3.1", date(2018, 5, 1), "Школа", t), "   ",
     "тему"),
    ("event: date 31.02.2018", lambda db, t: plan.add_event(db, Q2, "3.1", parse_date(t), "Школа", "Тема"),
     "31.02.2018", "нет в календаре"),
    ("event: date written ISO", lambda db, t: plan.add_event(db, Q2, "3.1", parse_date(t), "Школа", "Тема"),
     "2018-05-01", "дд.мм.гггг"),
    # the profile
    ("profile: empty district", profile_field("district"), "", "укажите наименование"),
    ("profile: spaces-only district", profile_field("district"), "    ", "укажите наименование"),
    ("profile: OKTMO of 7 digits", profile_field("oktmo"), "7661800", "8 или 11 цифр"),
    ("profile: OKTMO with letters", profile_field("oktmo"), "7661800O", "8 или 11 цифр"),
    ("profile: OKTMO of full-width digits", profile_field("oktmo"), "７６６１８０００", "8 или 11 цифр"),
    ("profile: e-mail without @", profile_field("region_email"), "omsu.region.ru", "адрес почты"),
    ("profile: phone of letters", profile_field("executor_phone"), "звонить секретарю", "телефон"),
    ("profile: name of 10 000 characters", profile_field("head_name"), "Я" * 10_000, "слишком длинный"),
    ("profile: tab in the district", profile_field("district"), "Калга\tрайон", "управляющие"),
    # service centers
    ("center: no settlement", lambda db, t: centers.save_center(db, Center(None, t)), "", "поселение"),
    ("center: operations negative", lambda db, t: centers.set_operations(db, Q2, first_center(db), "registration",
                                                                         parse_number(t)), "-1", "от 0"),
    ("center: check in the future", lambda db, t: centers.set_checks(
        db, Q2, first_center(db), {"req1": Check(True, parse_date(t))}, ("req1",)), "01.01.2099", "не наступила"),
    # ESIA plan
    ("ESIA: target below registered", esia_field("target_end", parse_non_negative), "100", "должен быть больше"),
    ("ESIA: zero population", esia_field("population"), "0", "нулём"),
    ("ESIA: total above population", esia_field("total_registered"), "90 000", "больше численности"),
    ("ESIA: negative month", esia_month(5), "-3", "отрицательным"),
    ("ESIA: target negative", esia_field("target_end", parse_non_negative), "-14480", "отрицательным"),
    # indicators and control points
    ("indicator: fact <90", indicator_value("fact"), "<90", "знак «<»"),
    ("indicator: plan 4,14 балла", indicator_value("plan"), "4,14 балла", "без «балла»"),
    ("indicator: empty name", lambda db, t: ind.save_indicator(db, ind.Indicator(None, t)), " ", "наименование"),
    ("indicator: base date in the future", lambda db, t: ind.save_indicator(
        db, ind.Indicator(None, "Доля", base_date=parse_date(t))), "01.01.2099", "не наступила"),
    ("control point: done in the future", point_done, "01.01.2099", "не наступила"),
    ("control point: done 30.02.2022", point_done, "30.02.2022", "нет в календаре"),
]


def dump(db) -> list:
    """Every row of every table (sqlite-utils reads them)."""
    return [(t, sorted(db.utils[t].rows, key=repr)) for t in sorted(db.utils.table_names())]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from model.store.db import open_database

    path = tmp_path_factory.mktemp("cat") / "filled.sqlite"
    db = open_database(path)
    fill_quarter(db)
    plan.set_values(db, Q2, "2.1", {"A": 300, "B": 400})
    db.conn.close()
    return path


def test_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 40
    assert len({name for name, *_ in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(("name", "store", "typed", "message"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_bad_input_is_refused_and_nothing_changes(filled, tmp_path, name, store, typed, message):
    from model.store.db import open_database

    path = tmp_path / "db.sqlite"
    src = sqlite3.connect(filled)
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    db = open_database(path)
    before = dump(db)
    with pytest.raises((InputRefused, ValueError)) as caught:
        store(db, typed)
    assert message in str(caught.value), f"{name}: {caught.value}"
    assert dump(db) == before
