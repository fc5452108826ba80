"""A set of files written together (a report's PDF and workbook) appears whole or not at all, even when a move
fails halfway or the process dies between two moves; what a dead run leaves is cleared by the next write into
the same folder, and only what the program made, and only when its run is over."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from model.base import files
from model.base.files import together
from model.errors import WriteError

ROOT = Path(__file__).resolve().parents[3]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def previous_pair(folder: Path) -> tuple[Path, Path]:
    a, b = folder / "Свод_2018-Q2.pdf", folder / "Свод_2018-Q2.xlsx"
    a.write_bytes(b"old pdf")
    b.write_bytes(b"old xlsx")
    return a, b


def test_a_set_moves_in_whole(tmp_path):
    a, b = previous_pair(tmp_path)
    with together([a, b]) as (ta, tb):
        ta.write_bytes(b"new pdf")
        tb.write_bytes(b"new xlsx")
    assert (a.read_bytes(), b.read_bytes()) == (b"new pdf", b"new xlsx")
    assert names(tmp_path) == [a.name, b.name]


def test_a_move_failing_halfway_puts_the_previous_pair_back(tmp_path, monkeypatch):
    """The workbook cannot take its place (held by Excel on Windows, a disk gone): the new PDF already moved in
    leaves again and the previous PDF returns."""
    a, b = previous_pair(tmp_path)
    monkeypatch.setattr(files, "RETRY_DELAYS", ())
    real = os.replace

    def replace(src, dst):
        if Path(dst) == b and "new" in Path(src).parts:
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(WriteError, match="открыт в другой программе"):
        with together([a, b]) as (ta, tb):
            ta.write_bytes(b"new pdf")
            tb.write_bytes(b"new xlsx")
    assert (a.read_bytes(), b.read_bytes()) == (b"old pdf", b"old xlsx")
    assert names(tmp_path) == [a.name, b.name]


def test_a_failure_while_writing_leaves_the_previous_pair_and_nothing_else(tmp_path):
    a, b = previous_pair(tmp_path)
    with pytest.raises(WriteError, match="места"):
        with together([a, b]) as (ta, tb):
            ta.write_bytes(b"new pdf")
            raise OSError(28, "No space left on device", str(tb))
    assert (a.read_bytes(), b.read_bytes()) == (b"old pdf", b"old xlsx")
    assert names(tmp_path) == [a.name, b.name]


DIE_BETWEEN_MOVES = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from model.base import files
    real, moves = os.replace, []
    def replace(src, dst):
        real(src, dst)
        moves.append(dst)
        if len(moves) == {after}:
            os._exit(9)  # as a killed process: no cleanup of any kind
    files.os.replace = replace
    folder = Path({folder!r})
    with files.together([folder / "Свод_2018-Q2.pdf", folder / "Свод_2018-Q2.xlsx"]) as (a, b):
        a.write_bytes(b"new pdf")
        b.write_bytes(b"new xlsx")
""")


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_run_dead_between_its_moves_is_put_back_by_the_next(tmp_path, after):
    """Moves: the old PDF aside, the new PDF in, the old workbook aside, the new one in. Dying after any of the
    first three leaves a mix on the disk for a moment; the next write into the folder puts the old pair back."""
    a, b = previous_pair(tmp_path)
    script = DIE_BETWEEN_MOVES.format(root=str(ROOT), folder=str(tmp_path), after=after)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # the dead run's staging folder
    files.write_bytes_atomically(tmp_path / "другой.txt", b"x")  # any next write into the folder
    assert (a.read_bytes(), b.read_bytes()) == (b"old pdf", b"old xlsx")
    assert names(tmp_path) == [a.name, b.name, "другой.txt"]


def test_a_staging_folder_of_a_run_still_writing_is_left_alone(tmp_path):
    a, b = previous_pair(tmp_path)
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from model.base import files
        folder = Path({str(tmp_path)!r})
        with files.together([folder / "Свод_2018-Q2.pdf", folder / "Свод_2018-Q2.xlsx"]) as (a, b):
            a.write_bytes(b"new pdf")
            print("writing", flush=True)
            time.sleep(60)
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == b"writing\n"
            files.sweep(tmp_path)
            staging = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
            assert len(staging) == 1 and (staging[0] / "new" / a.name).read_bytes() == b"new pdf"
        finally:
            writer.kill()
    files.sweep(tmp_path)  # its run is over now
    assert names(tmp_path) == [a.name, b.name]


def test_a_staging_folder_never_claimed_goes_at_the_next_write(tmp_path):
    """A run killed between making its staging folder and claiming it (found by the test that kills exports at random
    moments) left an empty `.XXXXXXXX.tmp` that nothing cleared; one with anything in it stays, as do other names."""
    unclaimed, holding, foreign = tmp_path / ".ffrticm2.tmp", tmp_path / ".k2j4h5g6.tmp", tmp_path / ".чужая.tmp"
    for folder in (unclaimed, holding, foreign):
        folder.mkdir()
    (holding / "x.pdf").write_bytes(b"x")
    files.sweep(tmp_path)
    assert names(tmp_path) == sorted([holding.name, foreign.name])


def test_leftovers_of_earlier_versions_go_only_when_old(tmp_path):
    old_file, old_folder = tmp_path / ".отчёт.pdf.ab12cd34.tmp", tmp_path / ".Район_2018-Q2.k2j4h5g6.old"
    fresh, foreign = tmp_path / ".отчёт.xlsx.zz99yy88.tmp", tmp_path / ".чужой.tmp"
    old_file.write_bytes(b"half")
    old_folder.mkdir()
    (old_folder / "x.pdf").write_bytes(b"x")
    fresh.write_bytes(b"being written")
    foreign.write_bytes(b"not ours")
    hour_ago = time.time() - 3600
    for p in (old_file, old_folder, foreign):
        os.utime(p, (hour_ago, hour_ago))
    files.sweep(tmp_path)
    assert names(tmp_path) == sorted([fresh.name, foreign.name])


def test_a_message_names_the_file_the_user_knows_and_a_full_system_temporary_folder(tmp_path):
    """A file failing inside a staging folder is named by where it was going; a library's file failing in the
    system's temporary folder is said to be there, not on the target's disk."""
    import tempfile

    target = tmp_path / "вывод" / "Свод_2018-Q2.pdf"
    target.parent.mkdir()
    with pytest.raises(WriteError) as caught:
        with together([target]) as (tmp,):
            raise OSError(5, "Input/output error", str(tmp))
    assert str(target) in str(caught.value) and ".tmp" not in str(caught.value)
    elsewhere = Path(tempfile.gettempdir()) / "openpyxl-chunk.tmp"
    told = files.explain(OSError(28, "No space left on device", str(elsewhere)), Path("D:/Отчёты/Свод_2018-Q2.xlsx"))
    assert "временной папке" in told and tempfile.gettempdir() in told
