"""The region's package and answers applied in the district: what changes (old → new, in the methodology's words),
the refusals that change nothing, the values «задано регионом» that take a reason to change (journalled and sent in
the data sheet), the seal every export then carries, the answers stored and read back."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from russian_output import tables

from model.areas import deadlines, esia, plan, region_targets
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.profile import load_profile
from model.areas.region_targets import TargetKey
from model.base.period import Period
from model.base.resources import resource_path
from model.errors import ImportRefused, ReasonNeeded
from model.exchange import from_region, region_files, seal
from model.exchange.decode import decode
from model.exchange.region_files import (
    Answer,
    Answers,
    IndicatorPlan,
    Manifest,
    MethodologyFile,
    Package,
    PlanTarget,
    Targets,
)
from model.methodology import registry
from model.quarter import edits
from model.quarter.data import load_period
from model.reports import sending
from model.reports.xlsx_report import write_xlsx
from model.store import audit
from model.store.db import open_database

OKTMO = "76618000"
REGION = "Забайкальский край"
KEY = "ab" * 32
SHIPPED_TEXT = (resource_path("methodologies") / "popularization-2018.toml").read_text("utf-8")
NEW_TEXT = SHIPPED_TEXT.replace('version = "2018.1"', 'version = "2018.2"', 1)
LATIN = re.compile(r"\b(?:registered_start|target_end|population|share|plan|esia|services|indicator)\b")


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """Methodologies installed by a package go to this test's own data folder."""
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))


def package(version: int = 1, oktmo: str = OKTMO, region: str = REGION, target_end: float = 15000,
            c_q2: float = 900, c_q3: float = 1200, made: datetime = datetime(2018, 1, 15, 10, 0),
            methodologies: tuple[MethodologyFile, ...] = (MethodologyFile("popularization-2018-2.toml", NEW_TEXT),),
            key: str | None = KEY) -> Package:
    own = Targets(name="Калганский район", oktmo=oktmo, key=key, registered_start=7694, target_end=target_end,
                  population=85199, plan=(PlanTarget(2, "1.3", "C", c_q2), PlanTarget(3, "1.3", "C", c_q3)),
                  indicators=(IndicatorPlan("1", 0, 77.0), IndicatorPlan("99", 0, 5.0)),
                  services_share={2: 40.0, 3: 45.0})
    other = Targets(name="Город Чита", oktmo="76701000", key="cd" * 32, target_end=100000, registered_start=50000)
    return Package(Manifest(REGION if region == REGION else region, 2018, version, made), methodologies,
                   {2: date(2018, 7, 10), 3: date(2018, 10, 10)}, (own, other))


def told(preview: from_region.Preview) -> str:
    return "\n".join(line.told() for line in (*preview.lines, *preview.skipped))


def test_a_package_shows_old_and_new_values_in_the_methodology_s_words_and_applies_them(db, db_path):
    fill_quarter(db)
    before = tables(db_path)
    seen = from_region.preview(db, package())
    assert seen.refusal is None and seen.nothing_to_do is None
    assert tables(db_path) == before  # a preview writes nothing
    text = told(seen)
    assert "Целевой показатель на конец 2018 года: 14\u00a0480 → 15\u00a0000" in text
    assert "Пункт 1.3, Граждане, учётные записи которых необходимо подтвердить (C), за 2 квартал 2018 года: " \
           "1\u00a0000 → 900" in text
    assert "за 3 квартал 2018 года: — → 1\u00a0200 (квартал ещё не начат" in text
    assert "Срок отчёта за 2 квартал 2018 года: 10.07.2018 (по умолчанию) → 10.07.2018" in text
    assert "Методика «" in text and "будет установлена" in text
    assert "показателя № 99" in text and "нет показателя № 99" in text  # an unknown number: skipped, said why
    assert "Регион (субъект РФ) в профиле: — → Забайкальский край" in text
    assert not LATIN.search(text), text

    done = from_region.apply(db, package())
    assert done.lines == seen.lines and done.nothing_to_do is None
    assert esia.load_plan(db, 2018).target_end == 15000 and esia.load_plan(db, 2018).registered_start == 7694
    assert len(esia.load_plan(db, 2018).months) == 12  # months and the total stay
    assert plan.load_inputs(db, Q2)["1.3"] == {"A": 1350, "C": 900}
    assert deadlines.deadline(db, Period(2018, 3)) == deadlines.Deadline(date(2018, 10, 10), True)
    first = next(i for i in ind.list_indicators(db) if i.number == "1")
    assert ind.load_values(db, 2018, 0)[first.id].plan == 77.0
    assert services.share_plan(db, 2018) == {2: 40.0, 3: 45.0}
    assert ("popularization", "2018.2") in {e.methodology.ref() for e in registry.entries()}
    assert load_profile(db).region == REGION
    assert region_targets.seal_key(db) == KEY
    journal = {e.table for e in audit.history(db, limit=1000)}
    assert {"region_packages", "region_targets", "esia_plans", "plan_inputs", "deadlines"} <= journal
    assert all(KEY not in str(e.new) for e in audit.history(db, limit=1000))  # the key is never journalled

    # the quarter started later takes the region's C; its marks are there for the screens
    q3 = Period(2018, 3)
    assert load_period(db, q3).inputs["1.3"] == {"C": 1200}  # shown before the quarter is started
    edits.set_plan_values(db, load_period(db, q3), "1.3", {"A": 100})
    assert plan.load_inputs(db, q3)["1.3"] == {"A": 100, "C": 1200}
    marks = from_region.region_targets(db, 2018)
    assert marks[TargetKey(2018, 3, "plan", "1.3", "C")].told == "задано регионом"
    assert marks[TargetKey(2018, 0, "esia", "", "target_end")].value == 15000

    again = from_region.preview(db, package())
    assert again.nothing_to_do and "уже загружен" in again.nothing_to_do


@pytest.mark.parametrize("case, words", [
    ("oktmo", "нет строки для кода ОКТМО 76618000"),
    ("region", "для региона «Республика Бурятия»"),
    ("older", "Уже загружен пакет версии 3 от 15.01.2018"),
    ("same-version-other-content", "под тем же номером версии другие значения"),
    ("no-oktmo", "заполните код ОКТМО в профиле"),
    ("bad-methodology", "Методика из пакета"),
    ("bad-esia", "Регистрации в ЕСИА за 2018 год по пакету"),
])
def test_a_refused_package_changes_nothing_and_says_why_in_russian(db, db_path, case, words):
    fill_quarter(db)
    if case == "no-oktmo":
        db.execute("UPDATE profile SET oktmo = ''")
    if case in ("older", "same-version-other-content"):
        from_region.apply(db, package(version=3))
    if case == "region":
        from_region.apply(db, package(version=1))  # the profile's region is now Забайкальский край
    document = {"oktmo": package(oktmo="76620000"), "region": package(version=2, region="Республика Бурятия"),
                "older": package(version=2), "same-version-other-content": package(version=3, target_end=16000),
                "no-oktmo": package(),
                "bad-methodology": package(methodologies=(MethodologyFile("x.toml", "[methodology]\nid = 1\n"),)),
                "bad-esia": package(target_end=100)}[case]
    before = tables(db_path)
    installed = {e.methodology.ref() for e in registry.entries()}
    seen = from_region.preview(db, document)
    assert seen.refusal and words in seen.refusal, seen.refusal
    assert seen.refusal.endswith("База данных не изменена.") and not seen.lines
    with pytest.raises(ImportRefused) as refused:
        from_region.apply(db, document)
    assert str(refused.value) == seen.refusal
    assert tables(db_path) == before
    assert {e.methodology.ref() for e in registry.entries()} == installed


def test_a_sent_quarter_keeps_its_figures_and_says_so(db, tmp_path):
    fill_quarter(db)
    sending.mark_sent(db, load_period(db, Q2), tmp_path)
    done = from_region.apply(db, package())
    assert plan.load_inputs(db, Q2)["1.3"]["C"] == 1000
    kept = [line for line in done.skipped if "за 2 квартал 2018 года" in line.what and "(C)" in line.what]
    assert kept and "подготовлена: его данные остаются как были" in kept[0].note
    assert TargetKey(2018, 2, "plan", "1.3", "C") not in from_region.region_targets(db, 2018)


def test_a_region_value_changes_only_with_a_reason_journalled_and_sent_in_the_data_sheet(db, db_path, tmp_path):
    fill_quarter(db)
    from_region.apply(db, package())
    data = load_period(db, Q2)
    before = tables(db_path)
    with pytest.raises(ReasonNeeded) as needed:
        edits.save_esia(db, data, esia.EsiaPlan(**{**esia.load_plan(db, 2018).__dict__, "target_end": 16000}))
    assert "задано регионом" in str(needed.value) and "Целевой показатель на конец 2018 года" in str(needed.value)
    assert needed.value.values == ((15000.0, 16000.0),)  # the region's value and the new one, for the question
    with pytest.raises(ReasonNeeded):
        edits.set_plan_values(db, data, "1.3", {"C": 950})
    with pytest.raises(ReasonNeeded):
        edits.set_service_plan(db, data, {2: 50.0})
    first = next(i for i in ind.list_indicators(db) if i.number == "1")
    with pytest.raises(ReasonNeeded):
        edits.set_indicator_values(db, data, 2018, 0, {first.id: ind.Value(80.0, None)})
    assert tables(db_path) == before  # refused: nothing stored
    edits.set_plan_values(db, data, "1.3", {"C": 950}, reason="Уточнён список по данным МФЦ")
    edits.save_esia(db, data, esia.EsiaPlan(**{**esia.load_plan(db, 2018).__dict__, "target_end": 16000}),
                    reason="Новая численность")
    assert plan.load_inputs(db, Q2)["1.3"]["C"] == 950 and data.inputs["1.3"]["C"] == 950
    marks = from_region.region_targets(db, 2018)
    c = marks[TargetKey(2018, 2, "plan", "1.3", "C")]
    assert c.changed and c.reason == "Уточнён список по данным МФЦ" and c.region_value == 900 and c.value == 950
    assert "изменено районом" in c.told
    change = next(e for e in audit.history(db) if e.table == "target_changes" and e.new["field"] == "C")
    assert change.new["reason"] == "Уточнён список по данным МФЦ"
    edits.set_plan_values(db, data, "1.3", {"C": 900})  # back to the region's value: no reason needed
    assert not from_region.region_targets(db, 2018)[TargetKey(2018, 2, "plan", "1.3", "C")].changed

    book = write_xlsx(load_period(db, Q2, history=True), tmp_path / "book.xlsx")
    report = decode(book)
    assert [(c.key, c.region_value, c.value, c.reason) for c in report.target_changes] == [
        (TargetKey(2018, 0, "esia", "", "target_end"), 15000, 16000, "Новая численность")]
    assert report.targets[TargetKey(2018, 3, "plan", "1.3", "C")].region_value == 1200
    assert report.profile.region == REGION
    assert seal.matches(report.content_digest, report.seal, KEY)  # the export carries the district's seal
    assert not seal.matches(report.content_digest, report.seal, "cd" * 32)

    # a newer package keeps the district's changed value and says so
    newer = from_region.preview(db, package(version=2, target_end=15500))
    kept = next(line for line in newer.skipped if "Целевой показатель" in line.what)
    assert "остаётся значение района" in kept.note and kept.old == "16\u00a0000" and kept.new == "15\u00a0500"
    from_region.apply(db, package(version=2, target_end=15500))
    assert esia.load_plan(db, 2018).target_end == 16000
    assert from_region.region_targets(db, 2018)[TargetKey(2018, 0, "esia", "", "target_end")].region_value == 15500


def test_a_book_without_region_rows_still_decodes(db, tmp_path):
    fill_quarter(db)
    report = decode(write_xlsx(load_period(db, Q2, history=True), tmp_path / "old.xlsx"))
    assert report.targets == {} and report.target_changes == [] and report.seal is None


def answers(made: datetime, status: str = "returned", oktmo: str = OKTMO, region: str = REGION) -> Answers:
    return Answers(region, Q2, made, (
        Answer("Калганский район", oktmo, status, reasons=("Не хватает строки оценки пункта 1.1",),
               remarks=("Уточните число центров",), total=71.03, place=3, previous_place=5),
        Answer("Город Чита", "76701000", "accepted", total=80.0, place=1)), mean=70.0, median=71.0, expected=2)


def test_answers_are_stored_read_back_and_a_later_one_replaces(db, db_path):
    fill_quarter(db)
    first = answers(datetime(2018, 7, 20, 9, 0))
    seen = from_region.preview(db, first)
    text = told(seen)
    assert "Отчёт за 2 квартал 2018 года: — → возвращён на доработку" in text
    assert "Место в рейтинге: — → 3 (+2 по сравнению с прошлым кварталом)" in text
    assert "Замечание региона: — → Уточните число центров" in text
    from_region.apply(db, first)
    got = from_region.answer(db, Q2)
    assert got is not None and got.answer.status == "returned" and got.answer.place_change == 2
    assert got.answer.remarks == ("Уточните число центров",) and got.median == 71.0
    assert from_region.preview(db, first).nothing_to_do
    from_region.apply(db, answers(datetime(2018, 7, 25, 9, 0), status="accepted"))
    assert from_region.answer(db, Q2).answer.status_words == "принят"
    assert from_region.preview(db, answers(datetime(2018, 7, 21))).nothing_to_do  # older than the one stored
    before = tables(db_path)
    for refused in (answers(datetime(2018, 8, 1), oktmo="76620000"),):
        with pytest.raises(ImportRefused, match="нет строки для кода ОКТМО"):
            from_region.apply(db, refused)
    from_region.apply(db, package())  # the profile's region is set
    before = tables(db_path)
    with pytest.raises(ImportRefused, match="составлены в регионе «Республика Бурятия»"):
        from_region.apply(db, answers(datetime(2018, 8, 1), region="Республика Бурятия"))
    assert tables(db_path) == before
    assert from_region.answer(db, Period(2018, 1)) is None


# -- any package the format accepts: applied or refused in Russian, never a crash ---------------------------------
numbers = st.floats(min_value=0, max_value=1e8, allow_nan=False)
counts = st.integers(min_value=0, max_value=100_000_000)
quarters = st.integers(min_value=1, max_value=4)
targets = st.builds(
    Targets, name=st.just("Калганский район"), oktmo=st.sampled_from([OKTMO, "76620000"]),
    key=st.one_of(st.none(), st.just(KEY)), registered_start=st.one_of(st.none(), counts),
    target_end=st.one_of(st.none(), numbers), population=st.one_of(st.none(), counts),
    plan=st.lists(st.builds(PlanTarget, quarter=quarters, item=st.sampled_from(["1.3", "1.1", "9.9"]),
                            field=st.sampled_from(["C", "A", "A1", "zz"]), value=numbers), max_size=4).map(tuple),
    indicators=st.lists(st.builds(IndicatorPlan, number=st.sampled_from(["1", "2", "77"]),
                                  quarter=st.integers(0, 4), plan=st.floats(-1e12, 1e12)), max_size=3).map(tuple),
    services_share=st.dictionaries(quarters, st.floats(0, 100), max_size=4))
packages = st.builds(
    lambda region, year, version, deadlines_, methodology, own: Package(
        Manifest(region, year, version, datetime(2018, 1, 15)), methodology, deadlines_, (own,)),
    st.sampled_from([REGION, "Республика Бурятия"]), st.sampled_from([2018, 2019]), st.integers(1, 3),
    st.dictionaries(quarters, st.dates(date(2017, 1, 1), date(2020, 12, 31)), max_size=4),
    st.sampled_from([(), (MethodologyFile("p.toml", NEW_TEXT),)]), targets)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "district.sqlite"
    db = open_database(path)
    fill_quarter(db)
    db.conn.close()
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(packages, st.booleans())
def test_any_package_is_applied_or_refused_in_russian_and_a_refused_one_changes_nothing(template, tmp_path,
                                                                                        document, first):
    path = tmp_path / "hyp.sqlite"
    shutil.copy(template, path)
    db = open_database(path)
    try:
        if first:
            from_region.apply(db, package(version=2))
        file = region_files.write(tmp_path / "package.json", document)
        document = region_files.read(file)  # what the format accepts, read back
        before = tables(path)
        seen = from_region.preview(db, document)
        if seen.refusal:
            assert re.search("[а-яё]", seen.refusal) and not LATIN.search(seen.refusal), seen.refusal
            with pytest.raises(ImportRefused):
                from_region.apply(db, document)
            assert tables(path) == before
        else:
            done = from_region.apply(db, document)
            text = "\n".join(line.told() for line in (*done.lines, *done.skipped))
            assert not LATIN.search(text), text
    finally:
        db.conn.close()


def test_copying_the_previous_quarter_keeps_the_region_s_value(db):
    fill_quarter(db)
    from_region.apply(db, package(methodologies=()))  # the 3rd quarter is not started: the region's C waits for it
    q3 = Period(2018, 3)
    change, count = edits.copy_previous_quarter(db, load_period(db, q3))
    assert plan.load_inputs(db, q3)["1.3"] == {"C": 1200}  # the region's, not the 2nd quarter's 900
    assert plan.load_inputs(db, q3)["1.1"] == {"A1": 45, "B1": 50, "A2": 120, "B2": 200} and count > 0


def test_the_region_s_answer_does_not_make_a_sent_quarter_look_changed(db, tmp_path):
    fill_quarter(db)
    sending.mark_sent(db, load_period(db, Q2, history=True), tmp_path)
    assert sending.sent_state(db, load_period(db, Q2, history=True)).changed_since is False
    from_region.apply(db, answers(datetime(2018, 7, 20, 9, 0)))
    assert sending.sent_state(db, load_period(db, Q2, history=True)).changed_since is False
    assert any(e.table == "region_answers" for e in audit.history(db))  # journalled all the same


def test_change_target_takes_a_reason_and_a_value_not_set_by_the_region_needs_none(db):
    fill_quarter(db)
    from_region.apply(db, package(methodologies=()))
    key = TargetKey(2018, 2, "services", "", "share")
    with pytest.raises(ReasonNeeded, match="Плановая доля обращений за МСЗУ в электронном виде, за 2 квартал"):
        from_region.change_target(db, key, 55.0, "  ")
    assert services.share_plan(db, 2018)[2] == 40.0
    from_region.change_target(db, key, 55.0, "Перевод услуги отложен")
    assert services.share_plan(db, 2018)[2] == 55.0
    assert from_region.region_targets(db, 2018)[key].reason == "Перевод услуги отложен"
    edits.set_service_plan(db, load_period(db, Q2), {1: 10.0})  # the region set no share for the 1st quarter
    assert services.share_plan(db, 2018)[1] == 10.0


@pytest.mark.parametrize("row, words", [
    (("target", "nothing:1", "C", "2018-Q2", 5, ""), "ожидается область"),
    (("target", "plan:1.3", "C", "2018-Q7", 5, ""), "ожидается год (2027) или квартал"),
    (("target", "plan:1.3", "C", "2018-Q4", "много", ""), "значение, заданное регионом"),
    (("target_change", "plan:1.3", "C", "2018-Q3", 5, "причина"), "нет строки target"),
    (("target_change", "plan:1.3", "C", "2018-Q2", 5, "при\x01чина"), "причина изменения"),
])
def test_bad_target_rows_are_refused_naming_the_row(db, tmp_path, row, words):
    from model.exchange.decode import decode_rows
    from model.exchange.rows import HEADER, encode

    fill_quarter(db)
    rows = [HEADER, *encode(load_period(db, Q2)), ("target", "plan:1.3", "C", "2018-Q2", 900, ""), row]
    with pytest.raises(ImportRefused, match=f"строка {len(rows)}: .*{re.escape(words)}"):
        decode_rows(rows)
