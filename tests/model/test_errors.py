"""One error family: every refusal the user reads is a `Refused` whose text is the Russian message; only the two
control-flow signals stay outside; the classes that were a ValueError or an OSError still are one."""

import importlib
import inspect
import pkgutil

import pytest

import model
from model.base.files import explain
from model.errors import InputRefused, Refused, WriteError

CONTROL_FLOW = {"model.methodology.rules.NotDefined", "model.region.consolidate.Cancelled"}


def model_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for info in pkgutil.walk_packages(model.__path__, "model."):
        for value in vars(importlib.import_module(info.name)).values():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__.startswith("model"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_exception_of_the_model_is_a_refusal_but_the_control_flow_signals():
    found = model_exceptions()
    assert len(found) >= 20 and CONTROL_FLOW <= set(found)
    outside = {name for name, cls in found.items() if not issubclass(cls, Refused)}
    assert outside == CONTROL_FLOW
    roots = {next(k for k in reversed(cls.__mro__) if k.__module__.startswith("model")) for cls in found.values()}
    assert {f"{r.__module__}.{r.__qualname__}" for r in roots} == {"model.errors.Refused", *CONTROL_FLOW}


def test_the_old_catches_still_hold():
    from model.errors import CellTooLong, DatabaseDamaged, FileHeld, MethodologyMissing, QuarterSent, RulesError
    from model.store.backup import FewerData

    for cls in (WriteError, FileHeld, CellTooLong, FewerData):
        assert issubclass(cls, OSError) and issubclass(cls, Refused)
    for cls in (InputRefused, QuarterSent, MethodologyMissing, RulesError):
        assert issubclass(cls, ValueError) and issubclass(cls, Refused)
    assert issubclass(DatabaseDamaged, Refused)
    held = FileHeld("Файл открыт в другой программе")
    assert str(held) == held.message == "Файл открыт в другой программе" and held.errno is None


def test_a_write_error_explained_from_a_system_error_keeps_the_errno_reading(tmp_path):
    import errno

    told = explain(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "r.pdf")
    assert "диск" in told.lower() and "No space" not in told
    assert str(WriteError(told)) == told


@pytest.mark.parametrize("text", ["2018Q2", "1999-Q1"])
def test_a_period_typed_wrong_is_refused_in_russian(text):
    from model.base.period import Period

    with pytest.raises(InputRefused, match="период «"):
        Period.parse(text)


def test_a_profile_that_cannot_be_stored_is_a_refusal(db):
    from model.areas.profile import Profile, save_profile

    with pytest.raises(InputRefused):
        save_profile(db, Profile(oktmo="12"))


def test_a_refusal_no_command_tells_itself_is_one_russian_line_with_exit_code_2(tmp_path):
    """The command line's boundary: a refusal that escapes a command (here the database file open elsewhere, which
    the export does not ask about) is told as its message, not as «Ошибка программы»."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import fill_quarter
    from russian_output import assert_russian

    from model.store.db import open_database

    db = open_database(tmp_path / "d.sqlite")
    fill_quarter(db)
    db.conn.close()
    script = ("import sys, model.reports.sending as s\nfrom model.base.writer_lock import AlreadyOpen\n"
              "def held(*a, **k): raise AlreadyOpen(None)\n"
              "s.export_files = held\nimport main\n"
              f"sys.exit(main.main(['export', '--db', {str(tmp_path / 'd.sqlite')!r}, '--period', '2018-Q2', "
              f"'--out', {str(tmp_path / 'out')!r}]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2],
                         env={**os.environ, "OMSU_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith("Ошибка: База данных уже открыта в другой программе или на другом компьютере")
    assert_russian(out.stderr)
