"""`main.py package apply --db DB [--dry-run] FILE` through the real command line: the lines «что: было → станет»,
«Загружено: …», exit 0 applied or nothing to do, 1 refused (one Russian line, nothing changed), 2 a bad call."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from command_line import main_py
from conftest import Q2, fill_quarter
from russian_output import assert_russian, tables

from model.areas import esia, plan
from model.base.resources import resource_path
from model.exchange import region_files, seal
from model.exchange.decode import decode
from model.exchange.region_files import Answer, Answers, Manifest, MethodologyFile, Package, PlanTarget, Targets
from model.quarter.data import load_period
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

OKTMO = "76618000"
KEY = "5a" * 32
TEXT = (resource_path("methodologies") / "popularization-2018.toml").read_text("utf-8") \
    .replace('version = "2018.1"', 'version = "2018.3"', 1)


def package(version: int = 1, oktmo: str = OKTMO, target_end: float = 15000) -> Package:
    return Package(Manifest("Забайкальский край", 2018, version, datetime(2018, 1, 15, 10, 0)),
                   (MethodologyFile("popularization-2018-3.toml", TEXT),), {3: date(2018, 10, 12)},
                   (Targets("Калганский район", oktmo, key=KEY, registered_start=7694, target_end=target_end,
                            population=85199, plan=(PlanTarget(2, "1.3", "C", 900),), services_share={2: 40.0}),))


@pytest.fixture
def district(tmp_path):
    path = tmp_path / "district.sqlite"
    db = open_database(path)
    fill_quarter(db)
    db.conn.close()
    return path


def test_apply_prints_the_changes_and_applies_them(district, tmp_path):
    data = tmp_path / "data"
    file = region_files.write(tmp_path / "Пакет_2018.json", package())
    before = tables(district)
    dry = main_py("package", "apply", "--db", district, "--dry-run", file, data=data)
    assert dry.returncode == 0, dry.stderr
    assert "Целевой показатель на конец 2018 года: 14\u00a0480 → 15\u00a0000" in dry.stdout
    assert "Срок отчёта за 3 квартал 2018 года: 10.10.2018 (по умолчанию) → 12.10.2018" in dry.stdout
    assert "база данных не изменена" in dry.stdout and tables(district) == before
    assert not (data / "methodologies").exists() or not any((data / "methodologies").iterdir())

    out = main_py("package", "apply", "--db", district, file, data=data)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert out.stdout.startswith("Пакет региона «Забайкальский край» на 2018 год, версия 1 от 15.01.2018")
    assert "Пункт 1.3, Граждане, учётные записи которых необходимо подтвердить (C), за 2 квартал 2018 года: " \
           "1\u00a0000 → 900" in out.stdout
    assert "Зарегистрировано в ЕСИА на конец 2017 года: 7\u00a0694 (без изменений)" in out.stdout
    assert "Загружено: 9 значений из файла региона, изменено 7" in out.stdout, out.stdout
    assert_russian(out.stdout, file)
    assert KEY not in out.stdout
    db = open_database(district)
    assert esia.load_plan(db, 2018).target_end == 15000 and plan.load_inputs(db, Q2)["1.3"]["C"] == 900
    book = write_xlsx(load_period(db, Q2, history=True), tmp_path / "book.xlsx")
    db.conn.close()
    report = decode(book)
    assert seal.matches(report.content_digest, report.seal, KEY)  # every export now carries the seal

    again = main_py("package", "apply", "--db", district, file, data=data)
    assert again.returncode == 0 and "уже загружен" in again.stdout, again.stdout


@pytest.mark.parametrize("case", ["oktmo", "older"])
def test_a_refused_file_exits_1_with_one_russian_line_and_nothing_changed(district, tmp_path, case):
    data = tmp_path / "data"
    if case == "older":
        newer = region_files.write(tmp_path / "v2.json", package(version=2))
        assert main_py("package", "apply", "--db", district, newer, data=data).returncode == 0
    file = region_files.write(tmp_path / "Пакет.json", package(oktmo="76620000") if case == "oktmo" else
                              package(version=1, target_end=17000))
    before = tables(district)
    out = main_py("package", "apply", "--db", district, file, data=data)
    assert out.returncode == 1 and out.stdout == "", out.stdout
    assert len(out.stderr.strip().splitlines()) == 1
    assert_russian(out.stderr, file, district)
    assert ("нет строки для кода ОКТМО" if case == "oktmo" else "Уже загружен пакет версии 2") in out.stderr
    assert "База данных не изменена" in out.stderr
    assert tables(district) == before


def test_answers_file_is_stored(district, tmp_path):
    answers = Answers("Забайкальский край", Q2, datetime(2018, 7, 20, 9, 0),
                      (Answer("Калганский район", OKTMO, "returned", remarks=("Уточните число центров",), total=70.0,
                              place=2, previous_place=2),))
    file = region_files.write(tmp_path / "Итоги_2018-Q2.json", answers)
    out = main_py("package", "apply", "--db", district, file, data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert "Отчёт за 2 квартал 2018 года: — → возвращён на доработку" in out.stdout
    assert "Замечание региона: — → Уточните число центров" in out.stdout
    from model.exchange.from_region import answer
    db = open_database(district)
    assert answer(db, Q2).answer.remarks == ("Уточните число центров",)
    db.conn.close()


def test_a_bad_call_exits_2(district, tmp_path):
    missing = main_py("package", "apply", "--db", district, tmp_path / "нет.json")
    assert missing.returncode == 2 and "нет.json" in missing.stderr
    not_region = tmp_path / "книга.json"
    not_region.write_text('{"a": 1}', encoding="utf-8")
    before = tables(district)
    out = main_py("package", "apply", "--db", district, not_region)
    assert out.returncode == 2 and "не пакет и не итоги свода" in out.stderr
    assert_russian(out.stderr, not_region)
    assert tables(district) == before
    no_db = main_py("package", "apply", "--db", tmp_path / "нет.sqlite", region_files.write(tmp_path / "p.json",
                                                                                         package()))
    assert no_db.returncode == 2 and not (tmp_path / "нет.sqlite").exists()
