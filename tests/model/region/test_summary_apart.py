"""The summary's workbook written by the program started again (`main.py --write-workbook`) while the merge writes the
PDF: the same workbook as one process writes, and written here when the writer fails."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from region_books import make_full_books

from model.base.period import Period
from model.errors import WriteError
from model.region import reading, summary_files, summary_xlsx
from model.region.consolidate import consolidate
from model.region.summary_files import write_summary


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    make_full_books(folder, 3)
    return consolidate([folder], Period(2018, 2), readers=0)


def _parts(book: Path) -> dict[str, bytes]:
    """The workbook's parts but its times of making (docProps/core.xml), which differ from one writing to the next."""
    with zipfile.ZipFile(book) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != "docProps/core.xml"}


def _cells(book: Path) -> dict[str, list]:
    wb = CalamineWorkbook.from_path(str(book))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


class Started(list):
    """What the programs the summary's writing starts were started as, and the processes."""

    processes: list[subprocess.Popen]


@pytest.fixture
def started(monkeypatch):
    commands = Started()
    commands.processes = []
    real = subprocess.Popen

    def popen(args, *rest, **kwargs):
        commands.append(list(args))
        commands.processes.append(real(args, *rest, **kwargs))
        return commands.processes[-1]
    monkeypatch.setattr(subprocess, "Popen", popen)
    return commands


HANGS = [sys.executable, "-c", "import time; time.sleep(3600)"]  # a writer that never finishes nor reads


def test_the_workbook_written_apart_is_the_one_this_process_writes(summary, tmp_path, started, monkeypatch):
    here = write_summary(summary, tmp_path / "here", apart=False)
    assert started == []
    real = summary_xlsx.write_workbook
    monkeypatch.setattr(summary_xlsx, "write_workbook", lambda *a: pytest.fail("written here, not apart"))
    apart = write_summary(summary, tmp_path / "apart", apart=True)
    assert started == [reading.command(summary_files.FLAG)] and started[0][-1] == "--write-workbook"
    assert _parts(apart[1]) == _parts(here[1])  # every sheet, the chart, the styles: byte for byte
    assert _cells(apart[1]) == _cells(here[1]) and len(_cells(here[1])["data"]) > 100
    assert apart[0].read_bytes()[:5] == b"%PDF-" and sorted(p.name for p in (tmp_path / "apart").iterdir()) == \
        sorted(p.name for p in (tmp_path / "here").iterdir())
    monkeypatch.setattr(summary_xlsx, "write_workbook", real)


@pytest.mark.parametrize("broken", [[sys.executable, "-c", "import sys; sys.exit(3)"],
                                    [sys.executable, "-c", "import sys; sys.stdin.buffer.read(10); sys.exit(0)"],
                                    [str(Path(sys.executable).with_name("no-such-program"))]])
def test_a_writer_that_fails_leaves_the_workbook_to_this_process(summary, tmp_path, monkeypatch, broken):
    """It ends with an error, ends at once saying it did (having written nothing), or does not start at all."""
    here = write_summary(summary, tmp_path / "here", apart=False)
    monkeypatch.setattr(reading, "command", lambda flag: broken)
    pdf, xlsx = write_summary(summary, tmp_path / "apart", apart=True)
    assert _parts(xlsx) == _parts(here[1]) and pdf.stat().st_size > 0
    assert [p.name for p in (tmp_path / "apart").iterdir() if p.name.startswith(".")] == []  # nothing left behind


@pytest.mark.parametrize("writer", ["real", "hangs"])
def test_a_pdf_that_fails_ends_the_writer_and_leaves_nothing(summary, tmp_path, monkeypatch, started, writer):
    """The writer is ended, not waited for, before the staging folder is cleared away."""
    import time

    from model.region import summary_pdf

    def fail(*args):
        raise WriteError("Свод не записан: диск заполнен")
    monkeypatch.setattr(summary_pdf, "write_summary_pdf", fail)
    if writer == "hangs":
        monkeypatch.setattr(reading, "command", lambda flag: HANGS)
    begun = time.monotonic()
    with pytest.raises(WriteError, match="диск заполнен"):
        write_summary(summary, tmp_path / "out", apart=True)
    assert time.monotonic() - begun < 20 and list((tmp_path / "out").iterdir()) == []
    assert len(started.processes) == 1 and started.processes[0].poll() is not None


def test_a_writer_that_hangs_is_ended_and_the_workbook_written_here(summary, tmp_path, monkeypatch, started):
    import time

    here = write_summary(summary, tmp_path / "here", apart=False)
    monkeypatch.setattr(reading, "command", lambda flag: HANGS)
    monkeypatch.setattr(summary_files, "WAIT_FIRST", 1.0)
    begun = time.monotonic()
    pdf, xlsx = write_summary(summary, tmp_path / "apart", apart=True)
    assert time.monotonic() - begun < 20 and started.processes[0].poll() is not None
    assert _parts(xlsx) == _parts(here[1]) and pdf.stat().st_size > 0


def test_the_writer_apart_said_nothing_writes_nothing(tmp_path):
    """Started alone (as a program that is not the merge would start it), it reads nothing and ends with 1."""
    main = Path(reading.__file__).resolve().parents[2] / "main.py"
    done = subprocess.run([sys.executable, str(main), "--write-workbook"], input=b"", capture_output=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 1 and list(tmp_path.iterdir()) == []


def test_only_a_large_summary_on_several_cores_is_written_apart(summary, tmp_path, started, monkeypatch):
    write_summary(summary, tmp_path / "small")
    assert started == []
    monkeypatch.setattr(reading, "APART_FROM", len(summary.districts))
    monkeypatch.setattr(summary_files.os, "cpu_count", lambda: 1)
    write_summary(summary, tmp_path / "one core")
    assert started == []
    monkeypatch.setattr(summary_files.os, "cpu_count", lambda: 2)
    write_summary(summary, tmp_path / "large")
    assert len(started) == 1
