"""Two pieces of work side by side (model/base/side_by_side.py): in a forked child and here where that is safe, one
after the other elsewhere; what the child raises is raised here as it was, `here`'s error first; and the export of
the command line, written so, is the export written in one process."""

from __future__ import annotations

import os
import sys
import threading
import zipfile

import pytest
from conftest import Q2, fill_quarter

from model.base import side_by_side as module
from model.base.side_by_side import can_fork, side_by_side
from model.errors import CellTooLong, WriteError
from model.exchange import read_data_sheet
from model.reports.sending import export_files


def _pid_into(path):
    return lambda: path.write_text(str(os.getpid()), encoding="utf-8")


def test_the_two_run_in_two_processes_where_fork_is_safe(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    side_by_side(_pid_into(here), _pid_into(there))
    pids = {here.read_text(encoding="utf-8"), there.read_text(encoding="utf-8")}
    assert str(os.getpid()) in pids
    assert can_fork() == (sys.platform != "win32")  # pytest runs no thread of its own here
    assert len(pids) == (2 if can_fork() else 1)


def test_one_after_the_other_when_asked_or_when_the_process_has_threads(tmp_path, monkeypatch):
    order: list[str] = []
    side_by_side(lambda: order.append("here"), lambda: order.append("there"), at_once=False)
    assert order == ["here", "there"]
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_fork()
        side_by_side(lambda: order.append("here"), lambda: order.append("there"))
    finally:
        stop.set()
        worker.join()
    assert order == ["here", "there"] * 2
    monkeypatch.setattr(module.sys, "platform", "win32")
    assert not can_fork()


@pytest.mark.parametrize("at_once", [True, False])
def test_what_the_child_raises_is_raised_here_as_it_was(at_once):
    def full_disk():
        raise WriteError("Не хватает места на диске для файла отчёт.xlsx: освободите место")

    with pytest.raises(WriteError, match="Не хватает места на диске для файла отчёт.xlsx"):
        side_by_side(lambda: None, full_disk, at_once)

    def too_long():
        raise CellTooLong("Текст на листе «План» не помещается в ячейку Excel")

    with pytest.raises(CellTooLong, match="не помещается в ячейку Excel") as raised:
        side_by_side(lambda: None, too_long, at_once)
    assert str(raised.value) == "Текст на листе «План» не помещается в ячейку Excel"  # what the user reads
    if at_once and can_fork():  # the child's traceback, for the log
        assert "too_long" in "".join(raised.value.__notes__)


@pytest.mark.parametrize("at_once", [True, False])
def test_heres_error_comes_first_and_an_unpicklable_one_is_told_by_type_and_words(at_once):
    def both(text):
        def fail():
            raise ValueError(text)
        return fail

    with pytest.raises(ValueError, match="here"):
        side_by_side(both("here"), both("there"), at_once)

    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a}/{b}")
            self.lock = threading.Lock()  # cannot be pickled

    def odd():
        raise Odd(1, 2)

    expected = RuntimeError if at_once and can_fork() else Odd
    with pytest.raises(expected, match="1/2"):
        side_by_side(lambda: None, odd, at_once)


def test_output_buffered_before_the_fork_is_written_once(tmp_path):
    import subprocess

    code = ("import sys\nfrom model.base.side_by_side import side_by_side\nprint('раз', end='')\n"
            "side_by_side(lambda: None, lambda: None)\nprint('два')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "раздва\n"


def test_an_export_side_by_side_is_the_export_in_one_process(db, tmp_path):
    fill_quarter(db)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    pdf_a, xlsx_a = export_files(db, Q2, tmp_path / "a", at_once=True)
    pdf_b, xlsx_b = export_files(db, Q2, tmp_path / "b", at_once=False)
    assert pdf_a.name == pdf_b.name and xlsx_a.name == xlsx_b.name
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted([pdf_a.name, xlsx_a.name])
    rows_a, rows_b = read_data_sheet(xlsx_a), read_data_sheet(xlsx_b)
    moment = [r for r in rows_a if r[1] in ("exported_at", "seal")]  # the export's moment and its seal differ
    assert [r for r in rows_a if r not in moment and r[1] != "seal"] == \
        [r for r in rows_b if r[1] not in ("exported_at", "seal")]
    with zipfile.ZipFile(xlsx_a) as a, zipfile.ZipFile(xlsx_b) as b:
        assert a.namelist() == b.namelist()
        differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
        # the core properties hold the time of writing, the data sheet the export's moment and its seal
        assert set(differ) <= {"docProps/core.xml"} | {n for n in differ if b"exported_at" in a.read(n)}
        assert len(differ) <= 2
    assert pdf_a.read_bytes()[:8] == b"%PDF-1.4" and abs(pdf_a.stat().st_size - pdf_b.stat().st_size) < 64
