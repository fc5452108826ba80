"""Every file write of export, consolidate, import (its backup), sending, methodology install, methodology diff's
annex and a backup made to fail, step by step, in a child process (tests/faultinject): the disk is full (ENOSPC),
failing (EIO) or forbidden (EACCES) from that step on. After each failure: the command's exit code for «nothing
done», one Russian message without a traceback or «Exception ignored», the previous files byte for byte, the
database table by table, and no temporary file left. Then the next step, until the run gets through."""

from __future__ import annotations

import errno
import json
import shutil
import textwrap
from pathlib import Path

import command_line
import faults
import pytest
from region_books import make_books
from russian_output import assert_russian, folder_state, tables

from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]
filled = command_line.filled  # the shared fixtures
METHODOLOGY = ROOT / "docs" / "examples" / "popularization-2027.toml"
SHIPPED = ROOT / "resources" / "methodologies" / "popularization-2018.toml"



@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("region")
    make_books(root / "книги", 3, seed=7)
    return root / "книги"


MODEL_CALL = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from model.store.db import open_database
    from model.base.files import WriteError
    from model.base.logs import setup_logging
    setup_logging()  # as the window does; not its sys.unraisablehook: no file may be left for Python to close
    from model.base.period import Period
    db_path, out = Path({db!r}), Path({out!r})
    try:
        db = open_database(db_path)
        {call}
    except WriteError as exc:
        print("Ошибка: " + str(exc), file=sys.stderr)
        sys.exit(2)
""")


def model_call(call: str, db: Path, out: Path) -> list[str]:
    """The window's own calls (sending, a backup), which have no command: through the model, as the window does."""
    return ["-c", MODEL_CALL.format(root=str(ROOT), db=str(db), out=str(out), call=call)]


def setup(name: str, tmp: Path, filled: tuple[Path, Path], books: Path):
    """(arguments, folders whose writes fail, folders to compare, database to compare, exit code of a refusal,
    whether a first good run makes the previous files)."""
    dbdir = tmp / "db"
    dbdir.mkdir()
    db = dbdir / "district.sqlite"
    shutil.copy(filled[0], db)
    out = tmp / "вывод"
    out.mkdir()
    if name == "export":
        return ["export", "--db", db, "--period", "2018-Q2", "--out", out], [out], [out], db, 2, True
    if name == "consolidate":
        return ["consolidate", "--period", "2018-Q2", "--out", out, books], [out], [out], None, 2, True
    if name == "import":
        empty = tmp / "пустая" / "district.sqlite"
        empty.parent.mkdir()
        open_database(empty).conn.close()
        return ["import", "--db", empty, filled[1]], [empty.parent], [empty.parent], empty, 2, False
    if name == "sending":
        call = "from model.reports.sending import prepare_sending; prepare_sending(db, Period(2018, 2), out, [])"
        # the backup made before sending may stay (it is whole: a backup is its own write, tested below)
        return model_call(call, db, out), [out, dbdir], [out], db, 2, True
    if name == "backup":
        call = "from model.store.backup import make_backup; make_backup(db_path, 'manual', db.conn)"
        return model_call(call, db, out), [dbdir / "Резервные копии"], [dbdir], db, 2, True
    if name == "install":
        store = tmp / "данные" / "methodologies"  # the log and the cache beside it in the data folder are no output
        return ["methodology", "install", METHODOLOGY], [store], [store], None, 1, False
    if name == "diff":
        annex = out / "Изменения методики 2027.1.pdf"
        return ["methodology", "diff", SHIPPED, METHODOLOGY, "--pdf", annex], [out], [out], None, 1, True
    raise AssertionError(name)


def state(folders: list[Path], db: Path | None) -> tuple:
    """The folders' files (the database and its lock file by their data: a lock file is no output), the data."""
    files = {}
    for f in folders:
        for k, v in folder_state(f).items():
            if not k.startswith("district.sqlite"):
                files[f"{f.name}/{k}"] = v
    return files, tables(db) if db is not None else None


@pytest.mark.parametrize("name", ["export", "consolidate", "import", "sending", "backup", "install", "diff"])
def test_a_disk_failing_at_each_step_of_a_write(name, tmp_path, filled, books, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "данные"))
    args, roots, compared, db, refused, previous = setup(name, tmp_path, filled, books)
    log = tmp_path / "steps.log"
    if previous:  # the previous files a failed run must leave as they were
        first = faults.run(args, roots, 0, 0, log)
        assert first.code in (0, 1), first.stderr
    before = state(compared, db)
    # the program's own file names (an .eml among them), the longest first: a folder's name begins its files
    written = sorted({p.name for f in compared for p in f.rglob("*")}, key=len, reverse=True)
    tried: list[tuple[int, int, str]] = []
    step = 0
    while True:
        step += 1
        assert step < 200, f"{name}: never got through"
        succeeded = False
        for code in faults.codes_for(step):
            done = faults.run(args, roots, step, code, log)
            where = f"{name}, шаг {step} ({done.fired}), errno {code}: {done.stderr}"
            if done.fired is None:
                assert done.code in (0, 1), where
                succeeded = True
                break
            kind = done.fired.split("\t")[0]
            tried.append((step, code, kind))
            if kind in ("replace", "rename") and code == errno.EACCES and done.code in (0, 1):
                # a rename refused once is tried again (on Windows an antivirus holds a new file for a moment)
                assert not faults.temporary_left(*roots), where
                before = state(compared, db)
                continue
            assert done.code == refused, where
            assert_russian(done.stderr, *written)
            assert state(compared, db) == before, where
            assert not faults.temporary_left(*roots), where
        if succeeded:
            break
    assert len(tried) >= 3, tried  # a write has at least a few steps
    kinds = {kind for _, _, kind in tried}
    assert {"fsync", "replace"} <= kinds or name == "install", kinds
    print(json.dumps({"operation": name, "steps": step - 1, "runs": len(tried), "kinds": sorted(kinds)},
                     ensure_ascii=False))
