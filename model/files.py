"""Files appear whole or not at all: written under a temporary name, flushed, then renamed into place."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path


class WriteError(OSError):
    """A file could not be written; the message is Russian and says what to do. Nothing was left behind."""


def explain(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Не хватает места на диске для файла {path.name}. Освободите место или выберите другую папку."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Нет права записи в папку {path.parent}. Выберите другую папку "
                "(например, «Документы») или закройте файл, если он открыт в другой программе.")
    if exc.errno == errno.ENOENT:
        return f"Папки {path.parent} нет. Выберите существующую папку."
    if exc.errno == errno.EIO:
        return (f"Не удалось записать файл {path}: ошибка ввода-вывода — диск, флешка или сетевое подключение "
                "неисправны. Проверьте их и повторите; прежний файл не изменён.")
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))  # the system's text may be English: the code only
    return f"Не удалось записать файл {path} (ошибка {code}). Повторите или выберите другую папку."


# On Windows an antivirus or the search indexer opens a freshly written file for a moment, and a rename over
# it fails with PermissionError meanwhile: the rename is tried again for about two seconds.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.5, 0.75)


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: set it back at once
    os.umask(mask)
    return mask


def normal_permissions(path: Path, folder: bool = False) -> None:
    """The mode a file (or folder) made the usual way would have: temporary files are private (0600/0700), which
    on a shared folder keeps colleagues from reading a report."""
    if os.name == "nt":
        return  # Windows: access comes from the folder's ACL, not from these bits
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


class FileHeld(WriteError):
    """The target stayed held by another program through every retry."""


def replace_retrying(source: Path, target: Path) -> None:
    """os.replace, retried while the target (or the source) is briefly held open by another program."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if delay is None:
                raise FileHeld(f"Файл {target} открыт в другой программе (например, в Excel) или его проверяет "
                               "антивирус. Закройте файл и повторите; прежний файл не изменён.") from exc
            time.sleep(delay)


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside target; on success it replaces target, on any failure it is removed."""
    target = Path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(explain(exc, target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        normal_permissions(tmp)
        replace_retrying(tmp, target)
    except WriteError:  # already told in words (a file held by another program, a cell too long)
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(explain(exc, target)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(target: Path | str) -> Iterator[Path]:
    """Yield a temporary folder beside target; on success it takes target's place (a previous folder of that
    name goes only then), on any failure it is removed and the previous folder stays as it was."""
    import shutil

    target = Path(target)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise WriteError(explain(exc, target / "x")) from exc
    try:
        yield tmp
        normal_permissions(tmp, folder=True)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            old.rmdir()
            replace_retrying(target, old)
        try:
            replace_retrying(tmp, target)
        except OSError:
            if old is not None:
                replace_retrying(old, target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except WriteError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise WriteError(explain(exc, target)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_atomically(target: Path | str, write: Callable[[Path], object]) -> Path:
    """Call write(temporary path) and move the result into place; returns the target."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def write_bytes_atomically(target: Path | str, data: bytes) -> Path:
    return write_atomically(target, lambda tmp: tmp.write_bytes(data))
