"""One writer per database file: a lock file beside it says who has it open, from which workstation."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Holder:
    host: str
    user: str
    pid: int
    since: datetime

    def describe(self) -> str:
        return f"на компьютере {self.host} (пользователь {self.user}) с {self.since:%d.%m.%Y %H:%M}"


class AlreadyOpen(Exception):
    """The file is open for writing elsewhere; the message is Russian and names the holder."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(f"База данных уже открыта {holder.describe()}")
        self.holder = holder


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def this_workstation() -> tuple[str, str]:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: still a workstation
        user = "неизвестен"
    import socket  # only when a file is opened for writing: not on every start's path

    return socket.gethostname(), user


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def read_holder(db_path: Path) -> Holder | None:
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return Holder(data["host"], data["user"], int(data["pid"]), datetime.fromisoformat(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(db_path: Path, force: bool = False) -> Holder:
    """Take the file for this process; raises AlreadyOpen while a live process elsewhere holds it."""
    host, user = this_workstation()
    me = Holder(host, user, os.getpid(), datetime.now().replace(microsecond=0))
    path = lock_path(db_path)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = read_holder(db_path)
            stale = holder is None or (holder.host == host and (holder.pid == me.pid or not _alive(holder.pid)))
            if not (stale or force):
                raise AlreadyOpen(holder) from None  # type: ignore[arg-type]
            path.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"host": me.host, "user": me.user, "pid": me.pid, "since": me.since.isoformat()}, fh)
        return me
    raise AlreadyOpen(read_holder(db_path) or me)


def release(db_path: Path) -> None:
    """Give the file back, if this process holds it."""
    holder = read_holder(db_path)
    if holder is not None and holder.pid == os.getpid() and holder.host == this_workstation()[0]:
        lock_path(db_path).unlink(missing_ok=True)
