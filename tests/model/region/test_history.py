"""The region's history: every merge kept, a quarter merged again replaces its record and journals the earlier one,
previous places, the year table over four quarters, a municipality's series, books accepted without a seal."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sealed_books import break_book, district, write_book, write_quarter

from model.base.period import Period
from model.errors import InputRefused
from model.region.consolidate import consolidate
from model.region.history import open_history
from model.region.merge import merge
from model.region.tables import place_change_text

YEAR = 2018
QUARTERS = [Period(YEAR, q) for q in (1, 2, 3, 4)]


@pytest.fixture
def history(tmp_path):
    with open_history(tmp_path / "region" / "history.sqlite") as h:
        yield h


@pytest.fixture(scope="module")
def year_books(tmp_path_factory) -> Path:
    """Four quarters of five municipalities (the fifth sends nothing in Q3), each quarter in its own folder."""
    root = tmp_path_factory.mktemp("year")
    for q in QUARTERS:
        write_quarter(root / str(q), q, 5, seed=q.quarter)
    (root / str(QUARTERS[2]) / f"район_{53600000 + 5 * 1000}.xlsx").unlink()
    return root


def test_four_quarters_give_previous_places_the_year_table_and_series(history, year_books):
    summaries = [merge([year_books / str(q)], q, history=history) for q in QUARTERS]
    assert history.merged() == QUARTERS
    first = summaries[0]
    assert first.previous_period is None and all(d.previous_place is None for d in first.districts)
    for before, now in zip(summaries, summaries[1:], strict=False):
        places = {d.key: d.place for d in before.districts}
        assert now.previous_period == before.period
        assert {d.key: d.previous_place for d in now.districts} == {d.key: places.get(d.key) for d in now.districts}
        for d in now.districts:
            assert d.place_change == (None if places.get(d.key) is None else places[d.key] - d.place)
    assert history.previous_places(QUARTERS[3]) == {d.key: d.place for d in summaries[2].districts}
    assert history.previous_places(QUARTERS[0]) == {}

    table = history.year_table(YEAR)
    assert table.quarters == (1, 2, 3, 4) and len(table.rows) == 5
    totals = {(d.key, s.period.quarter): d.scores.total for s in summaries for d in s.districts}
    for row in table.rows:
        assert row.totals == tuple(totals.get((row.key, q)) for q in (1, 2, 3, 4))
        have = [t for t in row.totals if t is not None]
        assert row.mean == pytest.approx(sum(have) / len(have))
    fifth = next(r for r in table.rows if r.key == "53605000")
    assert fifth.totals[2] is None and fifth.totals[0] is not None
    assert [r.mean for r in table.rows] == sorted((r.mean for r in table.rows), reverse=True)
    assert summaries[3].year == table
    assert history.year_table(YEAR + 1).rows == ()

    series = history.series("53605000")
    assert [p for p, _, _ in series] == QUARTERS
    assert series[2] == (QUARTERS[2], None, None)
    assert series[0][1:] == (totals[("53605000", 1)],
                             next(d.place for d in summaries[0].districts if d.key == "53605000"))


def test_merging_a_quarter_again_replaces_it_and_journals_the_earlier(history, year_books, tmp_path):
    q = QUARTERS[0]
    first = merge([year_books / str(q)], q, history=history)
    only_two = tmp_path / "два"
    only_two.mkdir()
    for d in first.districts[:2]:
        (only_two / d.file).write_bytes((year_books / str(q) / d.file).read_bytes())
    second = merge([only_two], q, history=history)
    assert len(second.districts) == 2
    assert {r["key"] for r in history.results(q)} == {d.key for d in second.districts}
    assert history.merged() == [q]
    entries = history.journal(q)
    assert [e.what for e in entries] == ["merge replaced", "merge"]
    replaced = entries[0]
    assert replaced.old is not None and len(replaced.old["results"]) == 5
    assert {r["key"] for r in replaced.old["results"]} == {d.key for d in first.districts}
    assert replaced.new is not None and len(replaced.new["results"]) == 2
    assert replaced.old["mean"] == pytest.approx(first.mean)


def test_a_merge_that_fails_at_its_last_write_leaves_the_earlier_record_whole(history, year_books, tmp_path,
                                                                               monkeypatch):
    """record_merge is one transaction: the earlier quarter's record is deleted, the new one written, then the
    journal — a failure there (here: the journal's text) keeps every row as it was, on disk too."""
    import model.region.history as history_module

    q = QUARTERS[0]
    first = merge([year_books / str(q)], q, history=history)
    before = history.results(q)
    only_two = tmp_path / "два"
    only_two.mkdir()
    for d in first.districts[:2]:
        (only_two / d.file).write_bytes((year_books / str(q) / d.file).read_bytes())

    def broken(value: object) -> str:
        raise RuntimeError("the journal's text")

    with monkeypatch.context() as m:
        m.setattr(history_module, "_dumps", broken)
        with pytest.raises(RuntimeError):
            merge([only_two], q, history=history)
    assert not history.conn.in_transaction
    assert history.results(q) == before and len(before) == 5
    assert [e.what for e in history.journal(q)] == ["merge"]
    with open_history(Path(history.conn.execute("PRAGMA database_list").fetchone()[2])) as other:
        assert other.results(q) == before


def test_statuses_are_recorded_and_a_bad_status_changes_nothing(history, year_books):
    q = QUARTERS[1]
    summary = merge([year_books / str(q)], q, history=history, returned=["53602000"])
    status = {r["key"]: r["status"] for r in history.results(q)}
    assert status["53602000"] == "returned" and list(status.values()).count("accepted") == 4
    history.set_statuses(q, {"53601000": "returned"})
    assert {r["key"]: r["status"] for r in history.results(q)}["53601000"] == "returned"
    with pytest.raises(ValueError):
        history.set_statuses(q, {"53603000": "lost"})
    assert {r["key"]: r["status"] for r in history.results(q)}["53603000"] == "accepted"
    assert all(r["digest"] == next(d.digest for d in summary.districts if d.key == r["key"])
               for r in history.results(q))


def test_an_unknown_municipality_to_return_refuses_and_records_nothing(history, year_books):
    with pytest.raises(InputRefused, match="ОКТМО 99999999"):
        merge([year_books / str(QUARTERS[0])], QUARTERS[0], history=history, returned=["99999999"])
    assert history.merged() == [] and history.journal() == []


def test_a_sealed_book_passes_an_edited_one_is_kept_apart_until_accepted(history, tmp_path):
    q = QUARTERS[1]
    folder = tmp_path / "книги"
    books = [district(n, q, 3) for n in (1, 2, 3)]
    keys = {b.oktmo: history.key_for(b.oktmo, b.name) for b in books}
    for b in books:
        write_book(folder, b, q, keys[b.oktmo])
    unsealed = district(4, q, 3)
    keys[unsealed.oktmo] = history.key_for(unsealed.oktmo, unsealed.name)
    write_book(folder, unsealed, q)  # a key is known, the book carries no seal
    unknown = district(5, q, 3)
    write_book(folder, unknown, q)  # no key: not checked
    summary = merge([folder], q, history=history)
    assert len(summary.districts) == 4 and summary.problems[0].file.endswith(f"{unsealed.oktmo}.xlsx")
    assert [d.oktmo for d in summary.unsealed] == [unsealed.oktmo]
    assert "(нет печати) — в свод не взята" in summary.problems[0].reason and not summary.clean

    break_book(books[0].path)
    summary = consolidate([folder], q, keys=keys, accepted=history.accepted_reason)
    assert sorted(d.oktmo for d in summary.unsealed) == sorted([unsealed.oktmo, books[0].oktmo])
    broken = next(d for d in summary.unsealed if d.oktmo == books[0].oktmo)
    assert any(p.file == broken.file and "книга изменена после выгрузки или выгружена не программой района "
               "(печать не сходится)" in p.reason for p in summary.problems)
    assert broken.place is None and books[0].oktmo not in {d.oktmo for d in summary.districts}

    history.accept_book(q, broken.key, broken.digest, "  книга сверена   с районом по телефону ")
    assert history.accepted_reason(q, broken.key, broken.digest) == "книга сверена с районом по телефону"
    assert history.accepted_reason(q, broken.key, "0" * 64) is None
    assert history.accepted_reason(QUARTERS[2], broken.key, broken.digest) is None
    summary = consolidate([folder], q, keys=keys, accepted=history.accepted_reason)
    taken = next(d for d in summary.districts if d.oktmo == books[0].oktmo)
    assert taken.accepted == "книга сверена с районом по телефону" and taken.place is not None
    assert any(n.reason == "принята без печати: книга сверена с районом по телефону" for n in summary.notes)
    accepted = [e for e in history.journal(q) if e.what == "accept"]
    assert accepted[0].reason == "книга сверена с районом по телефону" and accepted[0].key == broken.key

    break_book(books[0].path)  # changed again: the acceptance was for the other sheet
    summary = consolidate([folder], q, keys=keys, accepted=history.accepted_reason)
    assert books[0].oktmo in {d.oktmo for d in summary.unsealed}


def test_acceptance_without_a_reason_is_refused_and_changes_nothing(history):
    with pytest.raises(InputRefused, match="причину"):
        history.accept_book(QUARTERS[0], "53601000", "a" * 64, "   ")
    assert history.journal() == [] and history.accepted_reason(QUARTERS[0], "53601000", "a" * 64) is None


def test_journal_entries_are_json_and_newest_first(history, year_books):
    merge([year_books / str(QUARTERS[0])], QUARTERS[0], history=history)
    merge([year_books / str(QUARTERS[1])], QUARTERS[1], history=history)
    entries = history.journal()
    assert [e.period for e in entries] == [str(QUARTERS[1]), str(QUARTERS[0])]
    assert json.dumps(entries[0].new, ensure_ascii=False)
    assert history.journal(limit=1) == entries[:1]


@given(place=st.integers(1, 5000), previous=st.none() | st.integers(1, 5000))
def test_the_change_of_place_reads_back(place, previous):
    text = place_change_text(place, previous)
    if previous is None:
        assert text == "новый"
    elif previous == place:
        assert text == "—"
    else:
        sign = 1 if text[0] == "↑" else -1
        assert text[0] in "↑↓" and previous - place == sign * int(text[1:])
    assert place_change_text(None, previous) == ""


def test_the_deadline_comes_from_the_newest_package_of_the_year(history):
    from datetime import date, datetime

    assert history.package_deadline(YEAR, 2) is None
    first = {"deadlines": {"1": "2018-04-20", "2": "2018-07-20"}}
    history.record_package("Область", YEAR, 1, datetime(2018, 1, 10), json.dumps(first))
    later = {"deadlines": {"2": "2019-07-15"}}
    history.record_package("Область", YEAR + 1, 1, datetime(2018, 12, 1), json.dumps(later))
    assert history.package_deadline(YEAR, 2) == date(2018, 7, 20)
    assert history.package_deadline(YEAR, 3) is None
    history.record_package("Область", YEAR, 2, datetime(2018, 3, 1), json.dumps({"deadlines": {"2": "2018-07-25"}}))
    assert history.package_deadline(YEAR, 2) == date(2018, 7, 25)
    assert history.package_deadline(YEAR, 1) is None  # the newest package alone decides
    assert history.package_deadline(YEAR + 1, 2) == date(2019, 7, 15)
    assert history.package_deadline(YEAR + 2, 2) is None
