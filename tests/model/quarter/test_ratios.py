"""Control ratios: rules as data, one engine; a hard violation keeps a report from being sent, a soft one warns
and a comment explains it; the region's merge checks every workbook again."""

from dataclasses import replace
from datetime import date

import pytest
from conftest import Q2, fill_quarter

from model.areas import esia
from model.areas import indicators as ind
from model.areas import public_services as sv
from model.areas.indicators import Value
from model.errors import InputRefused, RulesError
from model.exchange import ImportRefused
from model.exchange.decode import decode_rows
from model.exchange.rows import encode
from model.quarter.control_ratios import evaluate, parse_rules, shipped_rules
from model.quarter.data import load_period
from model.reports.sending import prepare_sending


def test_the_shipped_rules_parse_and_name_known_fields():
    rules = shipped_rules()
    assert {r.id for r in rules} == {"electronic-requests", "quarter-registrations", "esia-total", "indicator-jump"}
    assert {r.id: r.hard for r in rules} == {"electronic-requests": True, "quarter-registrations": True,
                                            "esia-total": False, "indicator-jump": False}


@pytest.mark.parametrize(("text", "says"), [
    ('[[rule]]\nid = "x"\ntext = "t"\nkind = "lt"\nleft = "service.total"\nright = "service.total"', "вид «lt»"),
    ('[[rule]]\nid = "x"\ntext = "t"\nkind = "le"\nleft = "service.nope"\nright = "service.total"',
     "поле «service.nope»"),
    ('[[rule]]\nid = "x"\nkind = "le"\nleft = "service.total"\nright = "service.total"', "не указано text"),
    ('[[rule]]\nid = "x"\ntext = "t"\nkind = "change"\nleft = "indicator.fact"\nright = "indicator.fact"',
     "limit"),
    ('[[rule]]\nid = "x"\ntext = "t"\nkind = "le"\nleft = "service.total"\nright = "service.total"\n'
     'severity = "strict"', "hard или soft"),
    ("[[rule]\n", "ошибка записи"),
])
def test_a_broken_rules_file_is_told_in_russian(text, says):
    with pytest.raises(RulesError, match=says):
        parse_rules(text, "проба.toml")


def test_a_hard_ratio_broken_in_the_data_keeps_the_report_from_going(db, tmp_path):
    fill_quarter(db)
    plan = esia.load_plan(db, 2018)
    # the quarter's registrations (April–June) made larger than the reported total: a hard rule
    esia.save_plan(db, replace(plan, total_registered=100))
    data = load_period(db, Q2, history=True)
    hard = [v for v in data.violations if v.rule.hard]
    assert [v.rule.id for v in hard] == ["quarter-registrations"]
    told = hard[0].told().replace("\xa0", " ")  # the total's day said: it may be before the quarter's end
    assert "регистраций за квартал 1 650 больше, чем всего зарегистрировано на 01.07.2018 — 100" in told
    with pytest.raises(InputRefused, match="Отправить нельзя: нарушены обязательные контрольные соотношения"):
        prepare_sending(db, Q2, tmp_path / "отправка")
    assert not (tmp_path / "отправка").exists()


def test_a_soft_jump_warns_until_a_comment_explains_it(db):
    fill_quarter(db)
    first = ind.list_indicators(db)[0]
    ind.set_values(db, 2018, 1, {first.id: Value(10, 10)})
    ind.set_values(db, 2018, 2, {first.id: Value(10, 16)})  # +60 % in a quarter
    jump = [v for v in evaluate(load_period(db, Q2)) if v.rule.id == "indicator-jump"]
    assert len(jump) == 1 and not jump[0].rule.hard
    assert "16 против 10 — изменение 60\u00a0% больше допустимых 50\u00a0%" in jump[0].detail
    ind.set_values(db, 2018, 2, {first.id: Value(10, 16, "открыт второй МФЦ")})
    assert not [v for v in evaluate(load_period(db, Q2)) if v.rule.id == "indicator-jump"]
    ind.set_values(db, 2018, 2, {first.id: Value(10, 14)})  # +40 %: within the limit
    assert not [v for v in evaluate(load_period(db, Q2)) if v.rule.id == "indicator-jump"]


def test_the_region_checks_every_book_again(db, tmp_path):
    """A workbook whose numbers were edited by hand past the entry checks is caught by the merge."""
    from model.region.consolidate import consolidate
    from model.reports.xlsx_report import write_xlsx

    fill_quarter(db)
    (sid,) = sv.save_services(db, [sv.Service(None, "Выдача разрешения на строительство",
                                              available_on=date(2018, 1, 10))])
    sv.set_requests(db, Q2, {sid: sv.Requests(100, 40)})
    data = load_period(db, Q2, history=True)
    rows = [r if r[:3] != ("service_requests", str(sid), "electronic") else (*r[:4], 140, r[5]) for r in encode(data)]
    with pytest.raises(ImportRefused, match="обращений в электронном виде \\(140\\) больше, чем всего обращений"):
        decode_rows([("section", "code", "field", "period", "value", "note"), *rows], "правленая.xlsx")
    book = write_xlsx(data, tmp_path / "честная.xlsx")
    summary = consolidate([book], Q2)
    # a warning is for the reader, not a fault: the summary stays clean
    # told as a note once: «К сведению: Контрольное соотношение: …», not «… (предупреждение)» beside it
    assert any(p.reason.startswith("Контрольное соотношение: регистрации в ЕСИА") for p in summary.notes)
    assert summary.problems == [] and summary.clean


def test_a_warning_explained_travels_with_the_report_and_is_locked_with_the_quarter(db, tmp_path):
    from model.errors import QuarterSent
    from model.quarter import edits
    from model.region.consolidate import consolidate
    from model.reports.xlsx_report import write_xlsx

    fill_quarter(db)
    data = load_period(db, Q2, history=True)
    (warning,) = [v for v in data.violations if v.rule.id == "esia-total"]
    assert not warning.explained
    edits.explain_warning(db, data, warning.rule.id, warning.where, "Сведения ЕСИА за июнь уточнены после отчёта")
    (again,) = [v for v in load_period(db, Q2).violations if v.rule.id == "esia-total"]
    assert again.explained and again.told().endswith("Пояснение: Сведения ЕСИА за июнь уточнены после отчёта")
    book = write_xlsx(load_period(db, Q2, history=True), tmp_path / "книга.xlsx")
    summary = consolidate([book], Q2)
    assert any("Пояснение: Сведения ЕСИА за июнь уточнены" in p.reason for p in summary.notes)
    prepare_sending(db, Q2, tmp_path / "отправка")
    with pytest.raises(QuarterSent):
        edits.explain_warning(db, load_period(db, Q2), warning.rule.id, warning.where, "иначе")


def test_the_command_line_merge_of_a_book_with_only_a_warning_exits_0_and_says_it(db, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from model.reports.xlsx_report import write_xlsx

    fill_quarter(db)
    (tmp_path / "книги").mkdir()
    write_xlsx(load_period(db, Q2, history=True), tmp_path / "книги" / "калга.xlsx")
    out = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[3] / "main.py"), "consolidate",
                          "--period", "2018-Q2", "--out", str(tmp_path / "свод"), str(tmp_path / "книги")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "калга.xlsx: к сведению — Контрольное соотношение: регистрации в ЕСИА" in out.stdout
