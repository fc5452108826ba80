"""The database's lock is the operating system's: a dead holder never blocks, one of many racers wins, and the
Windows branch (msvcrt.locking on a byte far past the holder's text) is exercised through its interface."""

import json
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from gui.opening import open_for_window
from model.base import writer_lock as lock
from model.store.db import is_read_only, open_database

ROOT = Path(__file__).resolve().parents[3]

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from model.base import writer_lock as lock
lock.acquire(Path({path!r}))
print("locked", flush=True)
time.sleep(60)
"""

RACE = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from model.base import writer_lock as lock
go = Path({go!r})
while not go.exists():
    time.sleep(0.005)
try:
    lock.acquire(Path({path!r}))
except lock.AlreadyOpen:
    print("lost", flush=True)
else:
    print("won", flush=True)
    sys.stdin.read()  # hold until the test closes our input
"""


def test_a_holder_killed_a_hundred_times_never_leaves_the_file_locked(tmp_path):
    db_path = tmp_path / "district.sqlite"
    for _ in range(100):
        holder = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT), path=str(db_path))],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(lock.AlreadyOpen):
                lock.acquire(db_path)
        finally:
            holder.kill()  # SIGKILL here, TerminateProcess on Windows: no clean-up runs in the holder
            holder.wait()
            holder.stdout.close()
        assert lock.read_holder(db_path).pid == holder.pid  # its text stays, and is not believed
        lock.acquire(db_path)  # no question: the OS let go with the process
        lock.release(db_path)


def test_a_live_unrelated_pid_in_a_left_file_does_not_block(tmp_path, db_path):
    open_database(db_path).conn.close()
    lock.lock_path(db_path).write_text(json.dumps({"host": lock.this_workstation()[0], "user": "ivanova",
                                                   "pid": os.getppid(), "since": "2026-11-24T09:00:00"}),
                                       encoding="utf-8")
    db = open_for_window(None, db_path, ask=False)
    try:
        assert not is_read_only(db) and lock.holds(db_path)
        assert lock.read_holder(db_path).pid == os.getpid()
    finally:
        db.conn.close()
        lock.release(db_path)


def test_of_fifty_processes_racing_for_one_file_exactly_one_wins(tmp_path):
    db_path, go = tmp_path / "district.sqlite", tmp_path / "go"
    racers = [subprocess.Popen([sys.executable, "-c", RACE.format(root=str(ROOT), path=str(db_path), go=str(go))],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(50)]
    try:
        time.sleep(0.5)
        go.touch()
        answers = [r.stdout.readline().strip() for r in racers]
    finally:
        for r in racers:
            r.stdin.close()
            r.wait(timeout=60)
            r.stdout.close()
    assert answers.count("won") == 1 and answers.count("lost") == 49


class FakeMsvcrt(types.ModuleType):
    """Windows' msvcrt.locking as the documentation gives it: a byte range at the file position, LK_NBLCK raises
    OSError when another handle has it, LK_UNLCK gives it back; locks belong to (file, range) across handles."""

    LK_UNLCK, LK_NBLCK = 0, 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.locks: dict[tuple[int, int, int], int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        where = (os.fstat(fd).st_ino, os.lseek(fd, 0, os.SEEK_CUR), nbytes)
        if mode == self.LK_NBLCK:
            if where in self.locks and self.locks[where] != fd:
                raise PermissionError(13, "Permission denied")
            self.locks[where] = fd
        elif mode == self.LK_UNLCK:
            if self.locks.get(where) != fd:
                raise PermissionError(13, "Permission denied")
            del self.locks[where]


def test_the_windows_branch_locks_a_byte_past_the_text_and_reads_the_holder(tmp_path, monkeypatch):
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(lock, "OS_LOCK", lock.WindowsLock())
    db_path = tmp_path / "district.sqlite"
    me = lock.acquire(db_path)
    inode = lock.lock_path(db_path).stat().st_ino
    assert list(fake.locks) == [(inode, lock.LOCK_OFFSET, 1)]  # the text before it stays readable for others
    assert lock.read_holder(db_path) == me
    other = os.open(lock.lock_path(db_path), os.O_RDWR)
    try:
        assert not lock.WindowsLock().try_lock(other)  # another handle: refused while held
        lock.release(db_path)
        assert fake.locks == {} and lock.WindowsLock().try_lock(other)  # given back
        lock.WindowsLock().unlock(other)
    finally:
        os.close(other)
    assert lock.acquire(db_path).pid == os.getpid()
    lock.release(db_path)


def test_the_holder_is_named_by_the_computer_s_own_name(tmp_path, monkeypatch):
    import socket

    assert lock.host_name() == socket.gethostname()  # the POSIX branch agrees with the socket module
    monkeypatch.setattr(sys, "platform", "win32")  # the Windows branch: the name in the system's properties
    monkeypatch.setenv("COMPUTERNAME", "ADM-KALGA-07")
    assert lock.host_name() == "ADM-KALGA-07"
    monkeypatch.delenv("COMPUTERNAME")
    assert lock.host_name() == "неизвестен"
    monkeypatch.setattr(sys, "platform", "linux")
    holder = lock.acquire(tmp_path / "district.sqlite")
    assert holder.host == socket.gethostname()
    lock.release(tmp_path / "district.sqlite")
