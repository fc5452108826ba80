"""Deadlines and sent quarters: a quarter sent to the region is locked against accidental edits (by the database
itself, whatever writes), reopened only with a reason that starts a new revision the files and the region see."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from test_printouts import page_texts

from model.areas import centers, plan
from model.areas import indicators as ind
from model.areas.deadlines import Deadline, deadline, quarter_end, set_deadline, set_deadline_days
from model.base.period import Period
from model.errors import InputRefused, QuarterSent
from model.exchange import apply, decode
from model.quarter.data import load_period
from model.reports.pdf_report import write_pdf
from model.reports.sending import prepare_sending, reopen, sent_state
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sent(db, tmp_path):
    fill_quarter(db)
    prepare_sending(db, Q2, tmp_path / "отправка")
    return db


def snapshot(db):
    return [db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("plan_inputs", "plan_evidence", "plan_events", "center_checks", "center_operations")]


def test_every_write_to_a_sent_quarter_is_refused_and_changes_nothing(sent):
    before = snapshot(sent)
    center = centers.list_centers(sent)[0].id
    event = plan.read_events(sent, load_period(sent, Q2).period_id)["2.6"][0]
    writes = [lambda: plan.set_value(sent, Q2, "2.2", "n", 0.5),
              lambda: plan.set_evidence(sent, Q2, "2.3", "другое"),
              lambda: plan.add_event(sent, Q2, "2.6", date(2018, 5, 5), "ДК", "Ещё одно"),
              lambda: plan.remove_event(sent, event.id),
              lambda: centers.set_operations(sent, Q2, center, "registration", 99),
              lambda: centers.set_checks(sent, Q2, center, {"req1": None}, ("req1",))]
    for write in writes:
        with pytest.raises(QuarterSent, match="отправка квартала в регион подготовлена.*«Открыть для исправления…»"):
            write()
    assert snapshot(sent) == before
    plan.set_value(sent, Period(2018, 3), "2.2", "n", 1)  # the next quarter is open
    ind.save_indicator(sent, ind.Indicator(None, "Новый показатель", number="11"))  # year-level data too


def test_a_value_refused_in_a_sent_quarter_says_the_quarter_is_protected_not_what_is_wrong_with_it(sent):
    """In a quarter whose sending was prepared, a value that also breaks its own rule — a center's check dated
    outside the quarter, an event without a topic, a count out of range, a plan value above its total — is refused
    for the lock: the clerk cannot store it either way, and the rule's words sent them to correct it first."""
    from model.areas.centers import Check
    from model.quarter import edits

    data = load_period(sent, Q2)
    center = centers.list_centers(sent)[0].id
    before = snapshot(sent)
    refused = [
        lambda: edits.set_checks(sent, data, center, {"req1": Check(True, date(2018, 1, 10), "")}, ("req1",)),
        lambda: edits.add_event(sent, data, "2.6", date(2018, 5, 5), "ДК", " "),
        lambda: edits.set_operations(sent, data, [(center, "registration", -1)]),
        lambda: edits.set_plan_values(sent, data, "1.1", {"A1": 10**9}),
        lambda: edits.set_evidence(sent, data, "2.3", "x" * 100_000)]
    for write in refused:
        with pytest.raises(QuarterSent, match="отправка квартала в регион подготовлена.*«Открыть для исправления…»"):
            write()
    assert snapshot(sent) == before
    open_quarter = load_period(sent, Period(2018, 3))  # the next quarter is open: the rule's own words
    with pytest.raises(InputRefused, match="Дата проверки") as refusal:
        edits.set_checks(sent, open_quarter, center, {"req1": Check(True, date(2018, 1, 10), "")}, ("req1",))
    assert not isinstance(refusal.value, QuarterSent)


def test_a_workbook_imported_over_a_sent_quarter_is_refused(sent, tmp_path, db_path):
    book = write_xlsx(load_period(sent, Q2, history=True), tmp_path / "книга.xlsx")
    report = decode(book)
    report.inputs["2.2"] = {"n": 0.5}
    before = snapshot(sent)
    with pytest.raises(QuarterSent, match="отправка квартала в регион подготовлена"):  # the database's lock
        apply(sent, report)
    assert snapshot(sent) == before
    sent.conn.close()
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(db_path), str(book)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "отправка квартала в регион подготовлена" in out.stderr and "Лист" not in out.stderr


def test_reopening_takes_a_reason_starts_a_revision_and_the_files_and_region_see_it(sent, tmp_path):
    data = load_period(sent, Q2, history=True)
    with pytest.raises(InputRefused, match="Укажите, почему"):
        reopen(sent, data, "   ")
    with pytest.raises(InputRefused, match="ещё не отправлялся"):
        reopen(sent, load_period(sent, Period(2018, 3), history=True), "причина")
    assert reopen(sent, data, "исправлено число регистраций") == 2
    with pytest.raises(InputRefused, match="уже открыт"):
        reopen(sent, load_period(sent, Q2, history=True), "ещё раз")
    plan.set_value(sent, Q2, "2.2", "n", 0.5)  # open: writes go in
    journal = sent.execute("SELECT new FROM audit WHERE tbl = 'sent_periods' AND key = 'sent:2018-Q2'").fetchall()
    assert len(journal) == 1 and "исправлено число регистраций" in journal[0][0]

    data = load_period(sent, Q2, history=True)
    assert data.revision == (2, "исправлено число регистраций")
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "Редакция 2 — исправленная: исправлено число регистраций" in text
    book = write_xlsx(data, tmp_path / "r.xlsx")
    assert decode(book).revision == (2, "исправлено число регистраций")
    from model.region.consolidate import consolidate

    summary = consolidate([book], Q2)
    assert any("Исправленная редакция 2" in p.reason and "исправлено число регистраций" in p.reason
               for p in summary.notes)

    prepare_sending(sent, Q2, tmp_path / "снова")  # sent again: locked again, still revision 2
    state = sent_state(sent, load_period(sent, Q2, history=True))
    assert state.locked and state.revision == 2 and not state.changed_since
    with pytest.raises(QuarterSent):
        plan.set_value(sent, Q2, "2.2", "n", 1)
    assert reopen(sent, load_period(sent, Q2, history=True), "вторая правка") == 3


def test_a_revision_survives_reopening_the_database_and_old_books_read_as_revision_one(sent, tmp_path, db_path):
    reopen(sent, load_period(sent, Q2, history=True), "причина")
    sent.conn.close()
    again = open_database(db_path)
    assert load_period(again, Q2).revision == (2, "причина")
    assert load_period(again, Period(2018, 3)).revision == (1, "")


def test_deadlines_by_default_ten_days_after_the_quarter_or_a_date_of_its_own(db):
    fill_quarter(db)
    assert [quarter_end(Period(2018, q)) for q in (1, 2, 3, 4)] == [
        date(2018, 3, 31), date(2018, 6, 30), date(2018, 9, 30), date(2018, 12, 31)]
    assert deadline(db, Q2) == Deadline(date(2018, 7, 10), False)
    assert deadline(db, Period(2018, 4)).due == date(2019, 1, 10)
    set_deadline_days(db, 15)
    assert deadline(db, Q2).due == date(2018, 7, 15)
    set_deadline(db, Q2, date(2018, 7, 5))
    assert deadline(db, Q2) == Deadline(date(2018, 7, 5), True) and deadline(db, Period(2018, 3)).due == \
        date(2018, 10, 15)
    for wrong in (date(2018, 6, 30), date(2019, 7, 10)):
        with pytest.raises(InputRefused, match="после окончания квартала"):
            set_deadline(db, Q2, wrong)
    with pytest.raises(InputRefused, match="от 0 до 120"):
        set_deadline_days(db, 200)
    set_deadline(db, Q2, None)
    assert deadline(db, Q2).due == date(2018, 7, 15)
    d = Deadline(date(2018, 7, 10), False)
    assert d.told(date(2018, 7, 5)) == "Срок представления — 10.07.2018: осталось 5 дней"
    assert d.told(date(2018, 7, 9)) == "Срок представления — 10.07.2018: остался 1 день".replace("остался", "осталось")
    assert d.told(date(2018, 7, 10)) == "Срок представления — 10.07.2018: сегодня последний день"
    assert d.told(date(2018, 7, 13)) == "Срок представления — 10.07.2018: просрочен на 3 дня"
    assert d.told(date(2018, 8, 1), sent_on=date(2018, 7, 9)) == \
        "Срок представления — 10.07.2018: отправка подготовлена в срок"
    assert d.told(date(2018, 8, 1), sent_on=date(2018, 7, 12)).endswith("отправка подготовлена с опозданием на 2 дня")
