"""The answers after a merge: statuses from the merge's problems and the region's returns, remarks, places and their
change, the missing; one file for all and one per municipality, read back by the region files' reader."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sealed_books import district, write_book, write_quarter

from model.base.period import Period
from model.base.ru import control_char
from model.exchange import region_files
from model.exchange.region_files import Answers
from model.region.answers import make_answers, write_answers
from model.region.consolidate import Problem
from model.region.expected import Municipality
from model.region.history import open_history
from model.region.merge import merge

Q1, Q2 = Period(2018, 1), Period(2018, 2)


@pytest.fixture
def history(tmp_path):
    with open_history(tmp_path / "region" / "history.sqlite") as h:
        h.set_region("Забайкальский край")
        yield h


def test_answers_of_a_merge_with_a_problem_a_return_a_remark_and_one_missing(history, tmp_path):
    write_quarter(tmp_path / "q1", Q1, 4, seed=5)
    books = write_quarter(tmp_path / "q2", Q2, 4, seed=6)
    before = merge([tmp_path / "q1"], Q1, history=history)
    keys = {b.oktmo: history.key_for(b.oktmo, b.name) for b in books}  # the books of Q1 were made without keys
    write_book(tmp_path / "q2", books[3], Q2, None)  # the fourth's key is known, its book carries no seal
    expected = [Municipality(b.name, b.oktmo) for b in books] + [Municipality("Город Н", "53699000")]
    for b in books[:3]:
        write_book(tmp_path / "q2", b, Q2, keys[b.oktmo])
    summary = merge([tmp_path / "q2"], Q2, expected, history=history)
    first, second, third, fourth = (b.oktmo for b in books)
    answers = make_answers(summary, history, remarks={second: ["Приложите фотоотчёт"]},
                           returned={third: ["Уточните число консультаций в МФЦ"]})
    by = {a.oktmo: a for a in answers.municipalities}
    assert set(by) == {first, second, third, fourth, "53699000"}
    assert answers.region == "Забайкальский край" and answers.period == Q2 and answers.expected == 5
    assert answers.mean == pytest.approx(summary.mean) and answers.median == pytest.approx(summary.median)

    assert by[first].status == "accepted" and by[first].reasons == () and by[first].remarks == ()
    assert by[second].status == "accepted" and by[second].remarks == ("Приложите фотоотчёт",)
    assert by[third].status == "returned" and by[third].reasons == ()
    assert by[third].remarks == ("Уточните число консультаций в МФЦ",)
    assert by[fourth].status == "returned" and by[fourth].total is None and by[fourth].place is None
    assert len(by[fourth].reasons) == 1 and "нет печати" in by[fourth].reasons[0]
    assert by["53699000"].status == "missing" and by["53699000"].name == "Город Н"
    q1_places = {d.oktmo: d.place for d in before.districts}
    for d in summary.districts:
        a = by[d.oktmo]
        assert (a.total, a.place, a.previous_place, a.file) == (d.scores.total, d.place, d.previous_place, d.file)
        assert a.previous_place == q1_places[d.oktmo] and a.place_change == q1_places[d.oktmo] - d.place
    recorded = {r["key"]: r["status"] for r in history.results(Q2)}
    assert recorded == {first: "accepted", second: "accepted", third: "returned", fourth: "returned"}

    written = write_answers(answers, tmp_path / "итоги")
    assert [p.name for p in written] == ["Итоги_2018-Q2.json", *[f"Итоги_2018-Q2_{a.name}.json"
                                                                  for a in answers.municipalities]]
    whole = region_files.read(written[0])
    assert isinstance(whole, Answers) and whole.municipalities == answers.municipalities
    for path, a in zip(written[1:], answers.municipalities, strict=True):
        one = region_files.read(path)
        assert isinstance(one, Answers) and one.municipalities == (a,)
        assert one.mean == pytest.approx(answers.mean) and one.period == Q2


def test_notes_go_as_remarks_not_reasons(history, tmp_path):
    book = district(1, Q2, 8)
    write_book(tmp_path / "книги", book, Q2)
    summary = merge([tmp_path / "книги"], Q2, history=history)
    summary.notes.append(Problem(summary.districts[0].file, "проверьте сроки"))
    answers = make_answers(summary, None)
    assert answers.region == "" and answers.municipalities[0].status == "accepted"
    assert answers.municipalities[0].reasons == () and answers.municipalities[0].remarks == ("К сведению: проверьте "
                                                                                             "сроки",)


def test_two_municipalities_of_one_name_get_files_of_their_own(tmp_path):
    from datetime import datetime

    from model.exchange.region_files import Answer

    answers = Answers("Край", Q2, datetime(2018, 7, 20, 10, 0), (
        Answer("Район: «Северный»", "53601000", "accepted"), Answer("Район: «Северный»", "53602000", "missing")))
    written = write_answers(answers, tmp_path)
    assert len({p.name.casefold() for p in written}) == 3
    assert all(":" not in p.name for p in written)
    assert [region_files.read(p).municipalities[0].oktmo for p in written[1:]] == ["53601000", "53602000"]


def test_a_municipality_with_a_ranked_and_an_unsealed_book_is_answered_once(history, tmp_path):
    book = district(1, Q2, 9)
    key = history.key_for(book.oktmo, book.name)
    write_book(tmp_path / "книги", book, Q2, key, name="сданная.xlsx")
    write_book(tmp_path / "книги", book, Q2, None, name="копия.xlsx")
    summary = merge([tmp_path / "книги"], Q2, history=history)
    assert [d.file for d in summary.districts] == ["сданная.xlsx"] and [d.file for d in summary.unsealed] == [
        "копия.xlsx"]
    answers = make_answers(summary, history)
    assert len(answers.municipalities) == 1
    only = answers.municipalities[0]
    assert only.status == "returned" and only.file == "сданная.xlsx" and only.place == 1
    assert len(only.reasons) == 1 and "нет печати" in only.reasons[0]
    assert [(r["file"], r["status"]) for r in history.results(Q2)] == [("сданная.xlsx", "returned")]
    written = write_answers(answers, tmp_path / "итоги")
    assert region_files.read(written[0]).municipalities == answers.municipalities


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80)
                      .filter(lambda t: t.strip() and control_char(t) is None), min_size=1, max_size=6))
def test_any_names_give_one_readable_file_each(tmp_path_factory, names):
    """Whatever the municipalities are called (characters Windows forbids, device names, dots, one name twice), each
    gets a file of its own that reads back with only its answer. Names are those a district's profile accepts (a
    book's name passed check_profile): no hidden format characters, which the reader refuses as the profile does."""
    from datetime import datetime

    from model.exchange.region_files import Answer

    folder = tmp_path_factory.mktemp("итоги")
    answers = Answers("Край", Q2, datetime(2018, 7, 20, 10, 0), tuple(
        Answer(" ".join(name.split()), f"{53600000 + n * 1000}", "accepted") for n, name in enumerate(names, 1)))
    written = write_answers(answers, folder)
    assert len({p.name.casefold() for p in written}) == len(names) + 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    for path, a in zip(written[1:], answers.municipalities, strict=True):
        assert region_files.read(path).municipalities == (a,)
