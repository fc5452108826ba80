"""One writer per database file: the operating system holds a lock on a file beside it while it is open.

The lock is the OS's (LockFileEx through `msvcrt.locking` on Windows, `flock` elsewhere), so it goes when the
process goes — a crash or a killed process never leaves a stale lock, and no process id is ever trusted or
signalled. On a network share the server holds the lock for the client: a computer switched off or cut from the
network keeps it until the server drops its session (minutes), and the message says so. OneDrive does not carry
the lock to other computers at all (model.base.paths.shared_place warns of that). The file's text only says who
holds it (computer, user, program, since) for the message «открыта на компьютере … пользователем … с …»; it is
believed only while the lock is held.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model import APP_NAME
from model.errors import Refused

# Windows locks byte ranges that other processes then cannot read: the lock is taken on one byte far past the
# holder's text, which stays readable. (Windows allows locking beyond the end of a file.)
LOCK_OFFSET = 1 << 30


@dataclass(frozen=True)
class Holder:
    host: str
    user: str
    pid: int
    since: datetime
    program: str = ""

    def describe(self) -> str:
        return f"на компьютере {self.host} пользователем {self.user} с {self.since:%d.%m.%Y %H:%M}"


class AlreadyOpen(Refused):
    """The file is open for writing elsewhere; the message is Russian and names the holder."""

    def __init__(self, holder: Holder | None, network: str | None = None) -> None:
        said = holder.describe() if holder is not None else "в другой программе или на другом компьютере"
        text = f"База данных уже открыта {said}"
        if network is not None:  # the server keeps a vanished client's lock until it drops the session
            text += (f". Файл лежит {network}: если тот компьютер выключили или он потерял сеть, сервер освободит "
                     "файл через несколько минут — подождите и откройте снова")
        super().__init__(text)
        self.holder = holder


class PosixLock:
    """flock: held by the open file, released by the OS with the process (also on NFS and CIFS mounts)."""

    def try_lock(self, fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def unlock(self, fd: int) -> None:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class WindowsLock:
    """msvcrt.locking (LockFileEx) on one byte at LOCK_OFFSET, released by Windows with the process."""

    def try_lock(self, fd: int) -> bool:
        import msvcrt

        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def unlock(self, fd: int) -> None:
        import msvcrt

        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


OS_LOCK: PosixLock | WindowsLock = WindowsLock() if sys.platform == "win32" else PosixLock()
_held: dict[str, int] = {}  # the lock files this process holds: their open descriptors


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _key(db_path: Path) -> str:
    return os.path.normcase(os.path.abspath(db_path))


def this_workstation() -> tuple[str, str]:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: still a workstation
        user = "неизвестен"
    return host_name(), user


def host_name() -> str:
    """The computer's name as its owner knows it (Windows: the name in the system's properties); without importing
    socket, which costs every start a few ms."""
    if sys.platform == "win32":
        return os.environ.get("COMPUTERNAME") or "неизвестен"
    return os.uname().nodename


def read_holder(db_path: Path) -> Holder | None:
    """Who the lock file says holds the database (whether or not the lock is still held)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return Holder(str(data["host"]), str(data["user"]), int(data["pid"]),
                      datetime.fromisoformat(data["since"]), str(data.get("program", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holds(db_path: Path) -> bool:
    """Whether this process holds the database's lock."""
    return _key(db_path) in _held


def acquire(db_path: Path, force: bool = False) -> Holder:
    """Take the database for this process; raises AlreadyOpen while another process holds it.

    With force (the user chose «Открыть всё равно»), a database held elsewhere is opened without the lock: the
    other process keeps it, and both may write — the caller has warned the user. OSError when no lock file
    can be made beside the database (read-only media).
    """
    from model.base.version import program_version

    host, user = this_workstation()
    me = Holder(host, user, os.getpid(), datetime.now().replace(microsecond=0), f"{APP_NAME} {program_version()}")
    key = _key(db_path)
    if key in _held:
        return read_holder(db_path) or me
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    fd = os.open(lock_path(db_path), flags, 0o644)
    if not OS_LOCK.try_lock(fd):
        holder = read_holder(db_path)
        os.close(fd)
        if not force:
            from model.base.paths import network_place

            raise AlreadyOpen(holder, network_place(db_path))
        return me
    try:
        text = json.dumps({"host": me.host, "user": me.user, "pid": me.pid, "since": me.since.isoformat(),
                           "program": me.program}, ensure_ascii=False, allow_nan=False).encode("utf-8")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, text)
    except OSError:
        pass  # the lock is held all the same; only the message for others would be vaguer
    _held[key] = fd
    return me


def release(db_path: Path) -> None:
    """Give the database back, if this process holds it.

    The lock file stays (empty): removing it would let a process that opened the old file a moment before
    lock a file nobody else looks at any more, while a third makes a new one.
    """
    fd = _held.pop(_key(db_path), None)
    if fd is None:
        return
    try:
        os.ftruncate(fd, 0)
    except OSError:
        pass
    try:
        OS_LOCK.unlock(fd)
    except OSError:
        pass  # closing the file releases it as well
    os.close(fd)
