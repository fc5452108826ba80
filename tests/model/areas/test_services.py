"""Services going electronic (seed 002): the register, planned against done by quarter, the share of requests made
electronically against the plan, refusals, and the way out through the workbook."""

from datetime import date

import pytest
from conftest import Q2, fill_quarter

from model.areas import public_services as sv
from model.areas.public_services import Requests, Service
from model.base.period import Period
from model.errors import InputRefused, QuarterSent
from model.exchange import apply, decode
from model.quarter.data import load_period

Q4_2022 = Period(2022, 4)


def seed_002(db):
    """119 services available on the portal, 49 of them municipal; 88 are МСЗУ (seed 002's region)."""
    made = [Service(None, f"Услуга {n}", level="муниципальная" if n <= 49 else "государственная", mass=n <= 88,
                    federal_number=str(n) if n <= 88 else "", planned=(2022, 1 + n % 4),
                    available_on=date(2022, 1 + n % 12, 1)) for n in range(1, 120)]
    return sv.save_services(db, made, today=date(2023, 1, 20))


def test_seed_002_counts_and_the_share_of_electronic_requests_against_the_plan(db):
    ids = seed_002(db)
    assert len(ids) == 119
    mass = [i for n, i in enumerate(ids, start=1) if n <= 88]
    other = ids[100]
    # 11 months of 2022 in seed 002: 49,42 % of requests for МСЗУ made electronically against a plan of 40 %
    requests = {sid: Requests(100, 56) for sid in mass[:44]} | {sid: Requests(100, 43) for sid in mass[44:]}
    sv.set_requests(db, Q4_2022, requests | {other: Requests(1000, 0)})  # not a МСЗУ: outside the share
    sv.set_share_plan(db, 2022, {4: 40})
    f = sv.figures(sv.list_services(db), sv.requests_of_year(db, 2022), sv.share_plan(db, 2022), Q4_2022,
                   date(2023, 1, 20))
    assert (f.count, f.available, f.available_municipal, f.mass, f.available_mass) == (119, 119, 49, 88, 88)
    electronic = 44 * 56 + 44 * 43
    assert f.share[4] == pytest.approx(electronic / 8800 * 100)
    assert f.share[4] == pytest.approx(49.4, abs=0.2) and f.share[1] is None
    assert f.share_told(4).startswith(f"{f.share[4]:.2f}".replace(".", ",") + "\u00a0% при плане 40,00\u00a0% — "
                                      "достигнуто")  # each figure kept on one line with its sign
    assert f.share_told(1) == "нет данных об обращениях"


def test_planned_against_done_by_quarter(db):
    today = date(2023, 2, 1)
    cases = {
        sv.ON_TIME: Service(None, "В срок", planned=(2022, 3), available_on=date(2022, 9, 30)),
        sv.LATE: Service(None, "Поздно", planned=(2022, 3), available_on=date(2022, 10, 1)),
        sv.OVERDUE: Service(None, "Просрочена", planned=(2022, 4)),
        sv.PLANNED: Service(None, "В плане", planned=(2023, 2)),
        sv.NO_PLAN: Service(None, "Без срока"),
    }
    for status, service in cases.items():
        assert service.status(today) == status
    ids = sv.save_services(db, list(cases.values()), today=today)
    f = sv.figures(sv.list_services(db), {}, {}, Period(2022, 4), today)
    assert [f.statuses[i] for i in ids] == list(cases)
    assert f.available == 2  # available by the end of 2022: on time and late


@pytest.mark.parametrize(("requests", "message"), [
    (Requests(10, 11), "в электронном виде \\(11\\) больше, чем всего обращений \\(10\\)"),
    (Requests(-1, 0), "целое число от 0"),
    (Requests(10, 2.5), "целое число от 0"),
    (Requests(10**9, 0), "целое число от 0 до 100\u00a0000\u00a0000"),
    (Requests(1250, 1300), "в электронном виде \\(1\u00a0300\\) больше, чем всего обращений \\(1\u00a0250\\)"),
])
def test_impossible_requests_are_refused_and_nothing_is_stored(db, requests, message):
    name = "Выдача разрешения на строительство, реконструкцию"
    (sid,) = sv.save_services(db, [Service(None, name)])
    sv.set_requests(db, Q2, {sid: Requests(5, 1)})
    with pytest.raises(InputRefused, match=message) as refused:
        sv.set_requests(db, Q2, {sid: requests})
    assert str(refused.value).startswith("«Выдача разрешения на строительство, ")  # the name as typed, comma kept
    assert sv.requests_of_year(db, 2018)[2] == {sid: Requests(5, 1)}


@pytest.mark.parametrize(("service", "message"), [
    (Service(None, "  "), "наименование"),
    (Service(None, "Услуга", level="федеральная"), "муниципальная"),
    (Service(None, "Услуга", planned=(2022, 5)), "Плановый квартал"),
    (Service(None, "Услуга", available_on=date(2999, 1, 1)), "ещё не наступила"),
])
def test_a_service_that_cannot_be_kept_is_refused(db, service, message):
    with pytest.raises(InputRefused, match=message):
        sv.save_services(db, [Service(None, "Хорошая"), service])
    assert sv.list_services(db) == []  # the block is stored whole or not at all


def test_services_travel_in_the_workbook_and_are_locked_once_sent(db, tmp_path):
    from model.reports.sending import prepare_sending
    from model.reports.xlsx_report import write_xlsx
    from model.store.db import open_database

    fill_quarter(db)
    ids = sv.save_services(db, [Service(None, "Приём заявлений в первый класс", federal_number="12",
                                        department="Отдел образования", planned=(2018, 2),
                                        available_on=date(2018, 5, 20)),
                                Service(None, "Выдача архивных справок", level="государственная", mass=False)])
    sv.set_requests(db, Q2, {ids[0]: Requests(200, 120), ids[1]: Requests(50, 5)})
    sv.set_share_plan(db, 2018, {2: 40, 3: 45})
    data = load_period(db, Q2, history=True)
    assert data.service_figures.share[2] == pytest.approx(60)  # МСЗУ only: 120 of 200
    report = decode(write_xlsx(data, tmp_path / "книга.xlsx"))
    assert report.services == sv.list_services(db)
    assert report.service_requests[2] == sv.requests_of_year(db, 2018)[2] and report.service_plan == {2: 40, 3: 45}
    fresh = open_database(tmp_path / "новая.sqlite")
    apply(fresh, report)
    assert sv.list_services(fresh) == sv.list_services(db)
    assert load_period(fresh, Q2).service_figures == data.service_figures

    from model.region.consolidate import consolidate
    from model.region.tables import services as services_table

    book = write_xlsx(data, tmp_path / "для свода.xlsx")
    table = services_table(consolidate([book], Q2))
    assert table.rows == [[data.profile.district, 2, 1, 1, 1, 1, pytest.approx(60), 40, "достигнуто"]]

    prepare_sending(db, Q2, tmp_path / "отправка")
    with pytest.raises(QuarterSent):
        sv.set_requests(db, Q2, {ids[0]: Requests(200, 130)})
    sv.set_requests(db, Period(2018, 3), {ids[0]: Requests(10, 9)})  # the next quarter is open
    with pytest.raises(InputRefused, match="есть данные об обращениях"):
        sv.delete_service(db, ids[0])


def test_the_printouts_carry_the_services_and_the_share_against_the_plan(db, tmp_path):
    from openpyxl import load_workbook
    from test_printouts import page_texts

    from model.reports.pdf_report import write_pdf
    from model.reports.xlsx_report import write_xlsx

    fill_quarter(db)
    ids = sv.save_services(db, [Service(None, "Приём заявлений в первый класс", federal_number="12",
                                        planned=(2018, 2), available_on=date(2018, 5, 20)),
                                Service(None, "Выдача разрешения на ввод объекта", planned=(2018, 1))])
    sv.set_requests(db, Q2, {ids[0]: Requests(200, 90), ids[1]: Requests(100, 10)})
    sv.set_share_plan(db, 2018, {2: 40})
    data = load_period(db, Q2, history=True)
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "6. Перевод массовых социально значимых услуг в электронный вид" in text
    assert "Доступно в электронном виде 1 из 2 услуг, из них муниципальных 1; МСЗУ — 1 из 2" in text
    assert "за 2 квартал: 33,33 % при плане 40,00 % — не достигнуто" in text  # 100 of 300
    assert "переведена в срок" in text and "просрочена" in text and "план на 2 кв. — 40,00 %" in text
    sheet = load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))["Услуги"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Приём заявлений в первый класс" in values and pytest.approx(45) in values
    told = "Доля обращений за МСЗУ в электронном виде за 2 квартал: 33,33\u00a0%"
    assert any(str(v).startswith(told) for v in values)


@pytest.mark.parametrize(("count", "words"), [(1, "1 из 1 услуги"), (2, "0 из 2 услуг"), (5, "0 из 5 услуг"),
                                               (21, "0 из 21 услуги"), (11, "0 из 11 услуг")])
def test_the_count_of_services_agrees_with_its_number(count, words):
    f = sv.ServiceFigures(count, int(count == 1), 0, 0, 0, {}, {}, {})
    assert f.available_told().startswith(f"Доступно в электронном виде {words}, из них муниципальных 0")


def test_a_service_without_its_electronic_requests_is_left_out_of_the_share_not_counted_as_nought():
    from datetime import date

    from model.base.period import Period

    two = [sv.Service(1, "Выдача разрешений"), sv.Service(2, "Архивные справки")]
    f = sv.figures(two, {2: {1: sv.Requests(40, None), 2: sv.Requests(10, 5)}}, {2: 40.0}, Period(2018, 2),
                   date(2018, 7, 1))
    assert f.share[2] == 50.0  # 5 of 10: the 40 with no electronic count are not 0 of 40
    assert f.share_told(2).startswith("50,00\u00a0% (без 1 услуги, где не указано число обращений в электронном виде)")
    only = sv.figures(two[:1], {2: {1: sv.Requests(40, None)}}, {}, Period(2018, 2), date(2018, 7, 1))
    assert only.share[2] is None and only.share_told(2).startswith("нет данных")
