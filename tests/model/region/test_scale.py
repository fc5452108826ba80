"""The region at scale: what the merge keeps of each book, and that keeping less changes nothing it says."""

from __future__ import annotations

import sys
import time

import pytest
from region_books import make_full_books

from model.base.period import Period
from model.region import consolidate as merging
from model.region import reading
from model.region.consolidate import NOT_KEPT, consolidate, summary_json
from model.region.summary_files import write_summary
from model.region.tables import headline


@pytest.fixture(scope="module")
def full_books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("full")
    make_full_books(folder, 4)
    return folder


def test_a_merged_book_keeps_only_what_the_summary_reads(full_books):
    summary = consolidate([full_books], Period(2018, 2))
    district = summary.districts[0]
    for name in NOT_KEPT:
        with pytest.raises(RuntimeError, match="not kept for the summary"):
            len(getattr(district.report, name))
    assert district.report.profile.district == district.name
    assert district.report.services and district.report.service_figures.count == len(district.report.services)
    assert district.scores.total is not None and district.registrations is not None
    assert district.achievement  # the indicators' achievement was taken before the indicators were dropped


def test_what_the_merge_says_is_the_same_as_with_every_book_kept_whole(full_books, tmp_path, monkeypatch):
    trimmed = consolidate([full_books], Period(2018, 2))
    monkeypatch.setattr(merging, "_keep_for_summary", lambda report: None)
    whole = consolidate([full_books], Period(2018, 2))
    assert summary_json(trimmed) == summary_json(whole)
    assert [p.reason for p in trimmed.notes] == [p.reason for p in whole.notes]
    assert headline(trimmed) == headline(whole)
    for summary, folder in ((trimmed, tmp_path / "trimmed"), (whole, tmp_path / "whole")):
        summary.made_at = whole.made_at
        write_summary(summary, folder)  # every table of the PDF and the workbook is made from the trimmed reports
    names = {side: sorted(p.name for p in (tmp_path / side).iterdir()) for side in ("trimmed", "whole")}
    assert names["trimmed"] == names["whole"]


@pytest.fixture
def started(monkeypatch):
    """The readers a merge starts."""
    readers = []
    real = reading._Reader.__init__

    def remember(self, *args):
        real(self, *args)
        readers.append(self)
    monkeypatch.setattr(reading._Reader, "__init__", remember)
    return readers


def test_books_read_by_started_readers_give_the_merge_one_process_gives(full_books, started, monkeypatch):
    """The readers are the program started again (`main.py --read-books`), as the merge does from 20 books on."""
    alone = consolidate([full_books], Period(2018, 2), readers=0)
    real = merging.read_district

    def after_the_reader(path, label, period):  # this process reads its first book once the reader sent two
        deadline = time.monotonic() + 60
        while started[0].done() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        return real(path, label, period)
    monkeypatch.setattr(merging, "read_district", after_the_reader)
    shared = consolidate([full_books], Period(2018, 2), readers=1)
    # the reader took books 0 and 1 as it started and 2 when it sent 0 back; this process took 3 from the end
    assert [sorted(r.results) for r in started] == [[0, 1, 2]]
    assert summary_json(shared) == summary_json(alone)
    assert [d.report.methodology for d in shared.districts] == [d.report.methodology for d in alone.districts]
    assert shared.districts[0].report.methodology is alone.districts[0].report.methodology  # the installed one
    monkeypatch.setattr(merging, "read_district", real)
    assert summary_json(consolidate([full_books], Period(2018, 2), readers=2)) == summary_json(alone)


def test_a_reader_that_fails_loses_no_book(full_books, monkeypatch):
    alone = consolidate([full_books], Period(2018, 2), readers=0)
    for broken in ([sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'\\x05\\x00\\x00\\x00abc')"],
                   [sys.executable, "-c", "raise SystemExit(3)"], [str(full_books / "no such program")]):
        monkeypatch.setattr(reading, "command", lambda flag, broken=broken: broken)
        assert summary_json(consolidate([full_books], Period(2018, 2), readers=1)) == summary_json(alone)


def test_a_reader_slow_to_start_is_not_waited_for(full_books, monkeypatch, started):
    """A reader that has sent back nothing when this process has read the rest (a cold start, a scan of the
    program) is stopped and its books read here: the merge does not wait for it."""
    alone = consolidate([full_books], Period(2018, 2), readers=0)
    monkeypatch.setattr(reading, "command", lambda flag: [sys.executable, "-c", "import time; time.sleep(60)"])
    begun = time.monotonic()
    shared = consolidate([full_books], Period(2018, 2), readers=1)
    assert time.monotonic() - begun < 30  # not the reader's minute
    assert summary_json(shared) == summary_json(alone)
    assert [r.results for r in started] == [{}] and all(r.process.poll() is not None for r in started)


def test_stopping_the_reading_stops_the_readers(full_books, started):
    told = []
    with pytest.raises(merging.Cancelled):
        consolidate([full_books], Period(2018, 2), readers=1, progress=lambda n, count, name: told.append(n) or n < 1)
    assert told == [0, 1] and started
    assert all(r.process.poll() is not None for r in started)  # none is left running


def test_how_many_readers():
    assert reading.readers_for(19, cores=8) == 0
    assert reading.readers_for(2300, cores=1) == 0
    assert reading.readers_for(41, cores=2) == reading.readers_for(410, cores=2) == 1
    assert reading.readers_for(2300, cores=16) == reading.MAX_READERS


def test_the_books_are_shared_from_both_ends_until_they_meet():
    books = reading._Books(5)
    taken = [books.from_front(), books.from_back(), books.from_back(), books.from_front(), books.from_back()]
    assert taken == [0, 4, 3, 1, 2]
    assert books.from_front() is None and books.from_back() is None
    assert reading._Books(0).from_back() is None


def test_what_the_caller_needs_after_is_done_once_while_the_readers_read(full_books, started):
    """`meanwhile` (the CLI: loading the summary's writers) runs once: once the readers are started, or after the
    reading where there are none; the summary is the same."""
    calls = []
    alone = consolidate([full_books], Period(2018, 2), readers=0, meanwhile=lambda: calls.append("alone"))
    assert calls == ["alone"]
    shared = consolidate([full_books], Period(2018, 2), readers=1,
                         meanwhile=lambda: calls.append([r.process is not None for r in started]))
    assert calls == ["alone", [True]]  # the reader was started before
    assert summary_json(shared) == summary_json(alone)


def test_the_lazy_modules_are_loaded_before_a_readers_thread_starts(full_books, monkeypatch):
    """The threads that take the readers' results unpickle the areas' classes while this process reads books: the
    modules made lazy are loaded first (model/base/lazy.py load_now), and only where there are readers."""
    order = []
    monkeypatch.setattr(reading.lazy, "load_now", lambda: order.append("loaded"))
    real = reading._Reader.__init__

    def starting(self, *args):
        order.append("reader")
        real(self, *args)
    monkeypatch.setattr(reading._Reader, "__init__", starting)
    consolidate([full_books], Period(2018, 2), readers=1)
    assert order == ["loaded", "reader"]
    order.clear()
    consolidate([full_books], Period(2018, 2), readers=0)
    assert order == []
