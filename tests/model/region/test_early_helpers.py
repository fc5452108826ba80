"""The command line's merge starts its helpers first (model/region/reading.py start_merge_helpers): the readers, and
from APART_FROM books the workbook's writer, start while it loads the merge's modules; the merge takes them as it
would have started them, and those it does not take are ended. And a command ends without the interpreter's
teardown (main.py exit_now), its output, log and exit functions kept."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from command_line import main_py
from conftest import fill_quarter
from region_books import make_full_books

import main
from model.region import reading

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    make_full_books(folder, reading.PARALLEL_FROM + 2)
    return folder


@pytest.fixture
def popened(monkeypatch):
    """Every helper process the merge started, in order, as (flag, process)."""
    seen: list[tuple[str, subprocess.Popen]] = []
    real = reading._popen

    def popen(flag, stdout):
        seen.append((flag, real(flag, stdout)))
        return seen[-1][1]
    monkeypatch.setattr(reading, "_popen", popen)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    yield seen
    reading.end_early()


def test_the_helpers_started_early_are_the_ones_the_merge_uses(books, popened, tmp_path, monkeypatch, capsys):
    from model.region import merge as merging

    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(reading, "APART_FROM", 3)  # the workbook written apart too, as from 400 books
    taken = []
    real = reading.start_helper
    monkeypatch.setattr(reading, "start_helper", lambda flag, stdout: taken.append(real(flag, stdout)) or taken[-1])
    real_merge = merging.merge
    monkeypatch.setattr(merging, "merge", lambda *a, **k: popened.append(("merge", None)) or real_merge(*a, **k))
    assert main.main(["consolidate", "--period", "2018-Q2", "--out", str(tmp_path / "out"), str(books)]) == 0
    # one reader (two cores) and the writer, each started once, before the merge began: it took those very ones
    assert [flag for flag, _ in popened] == [reading.FLAG, reading.WRITER_FLAG, "merge"]
    started = [p for flag, p in popened if flag != "merge"]
    assert taken == started
    assert all(p.poll() is not None for p in started) and reading._early == {}
    with_helpers = capsys.readouterr().out
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 1)  # no helper at all: the same summary said
    assert main.main(["consolidate", "--period", "2018-Q2", "--out", str(tmp_path / "alone"), str(books)]) == 0
    assert len(started) == 2 and capsys.readouterr().out == with_helpers.replace("out", "alone")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]


def test_arguments_refused_start_no_helper(books, popened, tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))
    for wrong in (["--period", "2018-Q9"], ["--period", "2018-Q2", "--deadline", "32.13.2018"],
                  ["--period", "2018-Q2", "--accept", "без причины"]):
        assert main.main(["consolidate", *wrong, "--out", str(tmp_path / "out"), str(books)]) == 2
    assert popened == []


def test_a_writer_started_early_writes_even_a_small_summary(books, popened, tmp_path):
    """Once started (the books seemed many), the writer is used whatever the summary's size."""
    from model.base.period import Period
    from model.region import summary_xlsx
    from model.region.consolidate import consolidate
    from model.region.summary_files import write_summary

    summary = consolidate([books], Period(2018, 2), readers=0)
    reading.start_early(reading.WRITER_FLAG, subprocess.DEVNULL)
    real = summary_xlsx.write_workbook
    summary_xlsx.write_workbook = lambda *a: pytest.fail("written here, not by the writer started early")
    try:
        pdf, xlsx = write_summary(summary, tmp_path / "out")
    finally:
        summary_xlsx.write_workbook = real
    assert [flag for flag, _ in popened] == [reading.WRITER_FLAG] and popened[0][1].returncode == 0
    assert xlsx.stat().st_size > 0 and pdf.stat().st_size > 0 and not reading.waiting(reading.WRITER_FLAG)


def test_helpers_a_refused_merge_does_not_take_are_ended(books, popened, tmp_path, monkeypatch):
    """A merge refused before it reads (a file named to accept that is not among the books) leaves no helper
    running: each is given nothing and ends."""
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))
    code = main.main(["consolidate", "--period", "2018-Q2", "--out", str(tmp_path / "out"), str(books),
                      "--accept", "нет_такой.xlsx=принять"])
    assert code == 2 and [flag for flag, _ in popened] == [reading.FLAG]
    assert popened[0][1].returncode == 0 and reading._early == {}  # it ended as a reader given no books does


def test_few_books_or_one_core_start_no_helper_early(tmp_path, popened, monkeypatch):
    for n in range(reading.PARALLEL_FROM - 1):
        (tmp_path / f"книга_{n}.xlsx").write_bytes(b"")
    reading.start_merge_helpers([tmp_path])
    assert popened == []
    (tmp_path / "ещё.XLSX").write_bytes(b"")  # the names are counted as the merge takes them, any case
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 1)
    reading.start_merge_helpers([tmp_path, tmp_path / "нет такой папки"])
    assert popened == []
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    reading.start_merge_helpers([tmp_path, tmp_path / "нет такой папки"])
    assert [flag for flag, _ in popened] == [reading.FLAG]


def test_a_helper_that_ended_while_waiting_is_not_handed_out(tmp_path, popened, monkeypatch):
    monkeypatch.setattr(reading, "command", lambda flag: [sys.executable, "-c", "pass"])
    reading.start_early(reading.FLAG, subprocess.PIPE)
    ended = popened[0][1]
    ended.wait(30)
    assert not reading.waiting(reading.FLAG)
    given = reading.start_helper(reading.FLAG, subprocess.PIPE)
    assert given is not ended and given is popened[1][1] and ended.stdout.closed
    given.communicate(timeout=30)


def test_helpers_that_do_not_end_when_given_nothing_are_ended_together(popened, monkeypatch):
    """One second for them all, not one each (a start held by an antivirus would make a refused merge wait)."""
    import time

    monkeypatch.setattr(reading, "command", lambda flag: [sys.executable, "-c", "import time; time.sleep(600)"])
    reading.start_early(reading.FLAG, subprocess.PIPE, 3)
    reading.start_early(reading.WRITER_FLAG, subprocess.DEVNULL)
    assert reading.waiting(reading.WRITER_FLAG) and reading.waiting(reading.FLAG)
    begun = time.monotonic()
    reading.end_early()
    assert time.monotonic() - begun < 3.5  # four seconds, one after the other
    assert all(p.poll() is not None for _, p in popened) and len(popened) == 4
    assert not reading.waiting(reading.WRITER_FLAG)


def test_the_workbooks_writer_loads_none_of_the_merges_modules():
    """What `main.py --write-workbook` loads before it waits: the workbook's modules, not the books' reading (which
    made a writer's start ~0,2 s where it is now ~0,13)."""
    code = ("import sys; import model.region.summary_files, model.region.summary_parts, model.region.summary_xlsx; "
            "print(sorted(m for m in sys.modules if m.startswith(('model.region.consolidate', 'model.exchange', "
            "'model.areas', 'model.quarter', 'model.scoring'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


def test_the_writer_given_nothing_ends_quietly(tmp_path):
    done = main_py("--write-workbook", data=tmp_path / "data")
    log = (tmp_path / "data" / "logs" / "omsu-report.log").read_text(encoding="utf-8")
    assert done.returncode == 1 and "was given nothing" in log and "Traceback" not in log


EXITS = textwrap.dedent("""
    import atexit, logging, sys
    sys.path.insert(0, {root!r})
    import main
    from model.base.logs import setup_logging
    setup_logging()
    atexit.register(lambda: open({mark!r}, "w").write("выход"))
    logging.getLogger("omsu").warning("последняя строка журнала")
    sys.stdout.write("итог")  # held in the buffer: never flushed but by exit_now
    sys.stderr.write("конец")
    main.exit_now(3)
""")


def _unbuffered_off() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user's machine runs it


def test_a_command_ended_at_once_keeps_its_output_its_log_and_its_exit_functions(tmp_path):
    mark = tmp_path / "atexit.txt"
    done = subprocess.run([sys.executable, "-c", EXITS.format(root=str(ROOT), mark=str(mark))], capture_output=True,
                          text=True, encoding="utf-8", timeout=60,
                          env={**_unbuffered_off(), "OMSU_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 3 and done.stdout == "итог" and done.stderr == "конец"
    assert mark.read_text(encoding="utf-8") == "выход"
    assert "последняя строка журнала" in (tmp_path / "data" / "logs" / "omsu-report.log").read_text(encoding="utf-8")


def test_output_that_cannot_be_written_is_told_not_lost(tmp_path, db, db_path):
    """A command's output to a full disk (/dev/full): said, with exit code 2 — ended at once, it was lost with 0."""
    fill_quarter(db)
    db.conn.close()
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "scores", "--db", str(db_path), "--period",
                               "2018-Q2"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                              env={**_unbuffered_off(), "OMSU_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 2 and "на диске нет места" in done.stderr, done.stderr


def test_commands_end_at_once_and_the_window_as_python_does(tmp_path):
    """Which way main.py ends, run as the program: `exit_now` for a command or a merge's helper, Python's own exit for
    the window (its settings are written as Qt's objects are destroyed). Seen through os._exit, recorded."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent("""
        import os
        _exit = os._exit
        def recorded(code):
            open(os.environ["EXIT_MARK"], "w").write(str(code))
            _exit(code)
        os._exit = recorded
    """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(hook), "OMSU_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen"}
    for n, args in enumerate([["--write-workbook"], ["scores", "--db", str(tmp_path / "нет.sqlite"), "--period",
                                                     "2018-Q9"], ["--smoke", "--db", str(tmp_path / "окно.sqlite")]]):
        env["EXIT_MARK"] = str(tmp_path / f"exit{n}")
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              env=env, timeout=120)
        assert done.returncode == [1, 2, 0][n], done.stderr
        assert (tmp_path / f"exit{n}").exists() == (n < 2), args
