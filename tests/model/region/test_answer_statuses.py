"""What the region's answer says of a book, and what the region is told: a corrected revision sent beside the old
book is not returned for being sent twice; the region may accept a book the merge has remarks on; a book kept apart
for its seal is told only that (not the scores it was not merged with); a district's change of a value the region
set reaches the region with the reason."""

from __future__ import annotations

from datetime import datetime

from region_books import period_data
from sealed_books import break_book, district, write_book

from model.areas.region_targets import RegionTarget, TargetChange, TargetKey
from model.base.period import Period
from model.exchange.seal import new_key
from model.methodology import shipped_2018
from model.region.answers import make_answers
from model.region.consolidate import consolidate
from model.region.merge import statuses
from model.reports.xlsx_report import write_xlsx

Q2 = Period(2018, 2)


def test_a_corrected_revision_beside_the_old_book_is_accepted(tmp_path):
    first, second = district(1, Q2, 1), district(2, Q2, 1)
    write_book(tmp_path, first, Q2)
    write_book(tmp_path, second, Q2)
    data = period_data(second, Q2, shipped_2018(), datetime(2018, 7, 9, 9, 0))
    data.revision = (2, "исправлено по замечанию региона")
    write_xlsx(data, tmp_path / "район_2_исправленный.xlsx")
    summary = consolidate([tmp_path], Q2)
    twice = [p for p in summary.problems if "встречается в двух книгах" in p.reason]
    assert twice and not any(p.returns for p in twice)
    assert statuses(summary)[second.oktmo] == "accepted"
    answer = make_answers(summary, None).find(second.oktmo)
    assert answer is not None and answer.status == "accepted" and answer.revision == 2
    assert not any("встречается в двух книгах" in r for r in answer.reasons)


def test_the_region_may_accept_a_book_the_merge_has_remarks_on(tmp_path):
    book = district(1, Q2, 3)
    book.inputs.pop("2.1")  # not filled: a remark that returns the book
    write_book(tmp_path, book, Q2)
    summary = consolidate([tmp_path], Q2)
    assert statuses(summary)[book.oktmo] == "returned"
    assert statuses(summary, accepted=[book.oktmo])[book.oktmo] == "accepted"
    answer = make_answers(summary, None, accepted=[book.oktmo]).find(book.oktmo)
    assert answer is not None and answer.status == "accepted" and any("не полностью" in r for r in answer.reasons)
    assert statuses(summary, returned=[book.oktmo], accepted=[book.oktmo])[book.oktmo] == "returned"


def test_a_book_kept_apart_for_its_seal_is_told_only_that(tmp_path):
    book = district(1, Q2, 5)
    key = new_key()
    path = write_book(tmp_path, book, Q2, key)
    break_book(path)
    summary = consolidate([tmp_path], Q2, keys={book.oktmo: key})
    said = [p.reason for p in summary.problems]
    assert len(said) == 1 and "книга изменена после выгрузки" in said[0], said
    assert statuses(summary, accepted=[book.oktmo])[book.oktmo] == "returned"  # taken in only by accepting its seal


def test_a_districts_change_of_a_regions_value_reaches_the_region(tmp_path):
    book = district(1, Q2, 7)
    data = period_data(book, Q2, shipped_2018(), datetime(2018, 7, 5, 9, 0))
    key = TargetKey(2018, 0, "esia", "", "target_end")
    data.targets = {key: RegionTarget(14480.0, 15000.0, True, "уточнено письмом департамента")}
    data.target_changes = [TargetChange(key, 14480.0, 15000.0, "уточнено письмом департамента")]
    write_xlsx(data, tmp_path / "район.xlsx")
    summary = consolidate([tmp_path], Q2)
    notes = [n.reason for n in summary.notes]
    assert ("Район изменил значение, заданное регионом: Целевой показатель на конец 2018 года — регион 14\u00a0480, "
            "район 15\u00a0000; причина: уточнено письмом департамента") in notes
    answer = make_answers(summary, None).find(book.oktmo)
    assert answer is not None and answer.status == "accepted"
