"""Every file the program writes survives a full disk or an I/O error: nothing half-written, the previous file
kept, one Russian message, the database as it was. Each write is made to fail in turn, at each of its steps."""

import errno
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter

from model.areas import plan
from model.base import files
from model.errors import WriteError, WriteFailed
from model.methodology import registry
from model.quarter.data import load_period
from model.reports.pdf_report import write_pdf
from model.reports.sending import prepare_sending, sent_state
from model.reports.xlsx_report import write_xlsx
from model.store import backup

ROOT = Path(__file__).resolve().parents[3]
FAULTS = {errno.ENOSPC: "места", errno.EIO: "Не удалось записать"}


class Faults:
    """Make the n-th step of the program's file writing fail (the fsync of the written file, or its rename)."""

    def __init__(self, monkeypatch, number: int, code: int) -> None:
        self.number, self.code, self.steps = number, code, 0
        real_fsync, real_replace = os.fsync, files.replace_retrying

        def step(real):
            def failing(*args):
                if real is real_fsync and stat.S_ISDIR(os.fstat(args[0]).st_mode):
                    return real(*args)  # a folder's sync after the moves is best effort: the files are in place
                self.steps += 1
                if self.steps == self.number:
                    raise OSError(self.code, os.strerror(self.code))
                return real(*args)
            return failing
        monkeypatch.setattr(files.os, "fsync", step(real_fsync))
        monkeypatch.setattr(files, "replace_retrying", step(real_replace))

    @property
    def fired(self) -> bool:
        return self.steps >= self.number


def snapshot(folder: Path, backups: bool = True) -> dict[str, bytes]:
    """Every file under the folder but the database itself (its data is compared by reading it); without backups,
    the backup copies are only checked to be whole (sending makes one before it writes anything)."""
    found = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("district.sqlite"):
            continue
        if p.parent.name == backup.FOLDER and not backups:
            assert backup.integrity_ok(p)
            continue
        found[str(p.relative_to(folder))] = p.read_bytes()
    return found


@pytest.fixture
def filled(db, db_path, tmp_path):
    fill_quarter(db)
    return db


OPERATIONS = {
    "резервная копия": lambda db, db_path, out: backup.make_backup(db_path, "manual", db.conn),
    "PDF": lambda db, db_path, out: write_pdf(load_period(db, Q2), out / "отчёт.pdf"),
    "книга Excel": lambda db, db_path, out: write_xlsx(load_period(db, Q2, history=True), out / "отчёт.xlsx"),
    "отправка (PDF, Excel, ZIP, письмо)": lambda db, db_path, out: prepare_sending(db, Q2, out, []),
    "установка методики": lambda db, db_path, out: registry.install(ROOT / "docs" / "examples" /
                                                                    "popularization-2027.toml"),
}


@pytest.mark.parametrize("code", FAULTS)
@pytest.mark.parametrize("name", OPERATIONS)
def test_each_write_failing_at_each_step_leaves_the_previous_files_and_says_so(filled, db_path, tmp_path,
                                                                             monkeypatch, name, code):
    out = tmp_path / "out"
    out.mkdir()
    operation = OPERATIONS[name]
    data_dir = tmp_path / "данные пользователя"  # where methodologies are installed: empty for each case
    monkeypatch.setenv("OMSU_DATA_DIR", str(data_dir))
    if name != "установка методики":
        operation(filled, db_path, out)  # a previous good file to keep
    own = name == "резервная копия"
    before = snapshot(tmp_path, own)
    stored = plan.load_inputs(filled, Q2), plan.load_evidence(filled, Q2)
    sent_before = sent_state(filled, load_period(filled, Q2))
    for number in range(1, 40):
        with monkeypatch.context() as patch:
            faults = Faults(patch, number, code)
            try:
                operation(filled, db_path, out)
            except WriteError as exc:
                assert faults.fired
                message = str(exc)
                assert FAULTS[code] in message and "\n" not in message.strip()
                assert not re.search(r"Errno|No space|Input/output|Traceback", message)
            else:
                assert not faults.fired, f"{name}: a failed step {number} went unnoticed"
                break
        after = snapshot(tmp_path, own)
        changed = sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k))
        assert after == before, f"{name}: step {number} left a changed or half-written file: {changed}"
        assert not [p for p in tmp_path.rglob("*.tmp")]
        assert (plan.load_inputs(filled, Q2), plan.load_evidence(filled, Q2)) == stored
        assert sent_state(filled, load_period(filled, Q2)) == sent_before  # not marked sent
    else:
        pytest.fail(f"{name}: never succeeded")
    assert number > 1  # at least one step was made to fail


def test_a_full_disk_at_a_database_commit_refuses_the_edit_and_keeps_the_data(filled):
    before = plan.load_evidence(filled, Q2)
    pages = filled.execute("PRAGMA page_count").fetchone()[0]
    filled.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL, as on a full disk
    with pytest.raises(WriteFailed) as caught:
        plan.set_evidence(filled, Q2, "2.3", "длинный текст " * 700)
    assert "нет места" in str(caught.value) and "full" not in str(caught.value)
    assert plan.load_evidence(filled, Q2) == before
