"""The change journal in words: every table and field the journal records (read from the schema's audit triggers)
has Russian words; dates read dd.MM.yyyy, a whole year's value «за год», never a code or a database number."""

import re
from datetime import date, datetime

from conftest import Q2, fill_quarter

from model.areas import deadlines, indicators, plan, ratio_notes
from model.areas import public_services as services
from model.base.period import Period
from model.quarter.data import load_period
from model.quarter.journal_words import FIELDS, NAMED_VALUE, TABLE_TITLES, UNTOLD, WHICH, YES_NO, JournalWords
from model.reports import sending
from model.store import audit

LATIN = re.compile(r"[A-Za-z_]{2,}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def journalled(db) -> dict[str, tuple[str, set[str]]]:
    """Every table the audit triggers record: the prefix of its entries' keys and the fields they carry."""
    out: dict[str, tuple[str, set[str]]] = {}
    for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'"):
        table, prefix = re.search(r"VALUES \(omsu_actor\(\), '(\w+)', '(\w+:?)'", sql).groups()
        out.setdefault(table, (prefix, set()))[1].update(re.findall(r"'(\w+)', (?:NEW|OLD)\.", sql))
    return out


def key_for(prefix: str) -> str:
    return {"plan:": "plan:2018-Q2:1.1", "sent:": "sent:2018-Q2", "esia:": "esia:2018", "answer:": "answer:2018-Q2",
            "service_plan:": "service_plan:2018"}.get(prefix, prefix + "1" if prefix.endswith(":") else prefix)


SAMPLES = {"field": "A1", "requirement": "req1", "kind": "registration", "month": 12, "year": 2018, "quarter": 0,
"rule_id": "indicator-jump", "place": "показатель 1", "member_id": 1,
           "planned_year": 2018}
DATES = {"day", "due", "done", "checked_on", "base_date", "total_as_of", "available_on"}


def sample(table: str, column: str, shift: int = 0) -> object:
    if column in DATES:
        return f"2018-05-{10 + shift}"
    if table == "indicators" and column == "kind":
        return ("основной", "дополнительный")[shift]
    if column in YES_NO:
        return shift
    if column == "planned_quarter":
        return 2 + shift
    if column == "reopened_at":
        return (None, "2018-07-11T09:30:00")[shift]
    if column == "direction":
        return ("up", "down")[shift]
    if table == "plan_events" and column == "place":
        return f"ДК {shift}"
    return SAMPLES.get(column, 7 + shift)


def test_every_journalled_table_and_field_has_russian_words(db):
    fill_quarter(db)
    found = journalled(db)
    assert len(found) >= 20 and set(found) == set(TABLE_TITLES)  # the walk sees every table, the words know no other
    words = JournalWords(db, load_period(db, Q2).methodology)
    for table, (prefix, fields) in found.items():
        told = set(FIELDS.get(table, {})) | {NAMED_VALUE.get(table, "")}
        assert fields <= told | set(WHICH.get(table, ())) | UNTOLD, (table, fields - told)
        old = {c: sample(table, c) for c in fields}
        new = {c: sample(table, c) if c in WHICH.get(table, ()) or c in UNTOLD else sample(table, c, 1)
               for c in fields}
        for action, before, after in (("insert", None, new), ("update", old, new), ("delete", old, None)):
            entry = audit.Entry(1, datetime(2018, 5, 10), "ПК/клерк", table, key_for(prefix), action, before, after)
            shown = f"{words.subject(entry)} | {words.change(entry)}"
            assert not LATIN.search(shown) and not ISO_DATE.search(shown), shown
            assert "квартал: 0" not in shown and "квартал 0" not in shown, shown
            for column in fields & set(FIELDS.get(table, {})) - {"planned_year"}:
                assert FIELDS[table][column] in shown, (table, column, shown)
            if "quarter" in fields:
                assert "за 2018 год" in shown, shown  # quarter 0: the whole year's value
            if fields & DATES and action != "delete":
                assert "11.05.2018" in shown, shown


def test_a_whole_quarter_s_journal_reads_in_the_methodology_s_words(db, tmp_path):
    fill_quarter(db)
    plan.set_values(db, Q2, "1.1", {"A1": 40})
    plan.set_value(db, Q2, "2.2", "n", 1)
    plan.set_evidence(db, Q2, "2.2", "Фото стенда")
    ids = services.save_services(db, [services.Service(None, "Выдача разрешения на строительство",
                                                       planned=(2018, 1), available_on=date(2018, 3, 1))],
                                 date(2018, 6, 30))
    services.set_requests(db, Q2, {ids[0]: services.Requests(40, 18)})
    services.set_share_plan(db, 2018, {2: 40.0})
    first = indicators.list_indicators(db)[0]
    indicators.set_values(db, 2018, 0, {first.id: indicators.Value(80, 85)})
    indicators.set_values(db, 2018, 0, {first.id: indicators.Value(90, 85)})
    deadlines.set_deadline(db, Q2, date(2018, 7, 10))
    data = load_period(db, Q2)
    ratio_notes.set_note(db, data.period_id, "indicator-jump", "показатель 1", "Новая методика подсчёта")
    sending.mark_sent(db, load_period(db, Q2), tmp_path)
    sending.reopen(db, load_period(db, Q2), "Исправлен факт")
    entries = audit.history(db, limit=100_000)
    region = {"region_packages", "region_targets", "target_changes", "region_answers"}  # test_from_region.py
    assert {e.table for e in entries} >= set(TABLE_TITLES) - {"indicator_members"} - region
    words = JournalWords(db, data.methodology)
    for e in entries:
        shown = f"{words.subject(e)} | {words.change(e)}"
        assert not LATIN.search(shown.replace("omsu@region.ru", "")) and not ISO_DATE.search(shown), shown
    def latest(table: str, action: str, key: str = "") -> str:
        return next(words.change(e) for e in entries if (e.table, e.action) == (table, action) and key in e.key)

    assert latest("plan_inputs", "update", "1.1") == "Муниципальные служащие, зарегистрированные в ЕСИА (A): 45 → 40"
    assert latest("plan_inputs", "update", "2.2") == (
        "Информация на стендах: материал размещен, но не обновляется (0,5) → материал размещен и обновляется в "
        "соответствии с материалами Репозитория Минкомсвязи России, материалами Министерства территориального "
        "развития Забайкальского края (1)")  # the level in the methodology's words, its value beside
    assert latest("indicator_values", "update") == "за 2018 год — план: 80 → 90"
    assert latest("service_requests", "insert") == "за 2 квартал 2018 года — всего обращений: 40; обращений в " \
                                                   "электронном виде: 18"
    assert latest("ratio_notes", "insert").startswith("«Факт показателя изменился за квартал")
    assert latest("sent_periods", "update").startswith("редакция: 1 → 2; открыт для исправления: — → ")
    assert re.fullmatch(r"за 2 квартал 2018 года — (Бейдж|График на сайте|Вывеска|Материалы на стендах): да; дата "
                        r"проверки: \d\d\.\d\d\.2018; примечание: —", latest("center_checks", "insert"))
    assert re.fullmatch(r"за 2 квартал 2018 года — (регистрация|подтверждение личности|восстановление доступа|"
                        r"удаление учётной записи): \d+", latest("center_operations", "insert"))
    assert latest("deadlines", "insert") == "за 2 квартал 2018 года — срок представления: 10.07.2018"
    assert latest("esia_plans", "insert").startswith("зарегистрировано на конец прошлого года: 7\u00a0694;")
    subjects = {words.subject(e) for e in entries}
    assert {"Исходные данные, пункт 1.1, 2 квартал 2018 года", "Услуга «Выдача разрешения на строительство»",
            "Отправка в регион: 2 квартал 2018 года", "Центр обслуживания «с. Калга, ул. Центральная, 1»"} <= subjects


def test_an_input_is_named_by_the_methodology_of_its_own_quarter(db):
    plan.set_value(db, Period(2018, 3), "1.1", "B1", 50)
    entry = audit.history(db)[0]
    assert JournalWords(db).change(entry) == "Муниципальные служащие, всего (B): 50"  # no methodology at hand: its own
    assert JournalWords().change(entry) == "исходные данные: 50"  # nothing to ask: still no code
