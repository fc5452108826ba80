"""Files appear whole or not at all, and a set of them (a report's PDF and workbook) all or none: written in a
staging folder beside them, flushed, then renamed into place; a killed run's leftovers are cleared by the next."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from model.errors import FileHeld, WriteError


def _system_temp(exc: OSError, path: Path) -> str | None:
    """The system's temporary folder, when the failing file is in it (and the target is not): a library that
    writes there first fails on that disk, not on the target's."""
    if not exc.filename:
        return None
    temp = os.path.normcase(os.path.abspath(tempfile.gettempdir()))
    where = os.path.normcase(os.path.abspath(os.fsdecode(exc.filename)))
    inside = os.path.normcase(os.path.abspath(path)).startswith(temp + os.sep)
    return tempfile.gettempdir() if where.startswith(temp + os.sep) and not inside else None


_STAGING = re.compile(r"\.(?:.+\.)?[a-z0-9_]{8}\.tmp")  # `.XXXXXXXX.tmp`; earlier versions put the name in


def shown(path: Path) -> Path:
    """The path a user knows: a file being written in a staging folder is named by where it will be."""
    parts = list(path.parts)
    for i in range(len(parts) - 2, 0, -1):
        if _STAGING.fullmatch(parts[i]) and parts[i + 1] in (NEW, OLD):
            parts[i:i + 2] = []
    return Path(*parts)


def explain(exc: OSError, path: Path) -> str:
    path = shown(path)
    temp = _system_temp(exc, path)
    if temp is not None and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"Не хватает места во временной папке {temp} (файл {path.name} не записан). Освободите место на "
                "этом диске и повторите; прежний файл не изменён.")
    if exc.errno == errno.ENOSPC:
        return f"Не хватает места на диске для файла {path.name}. Освободите место или выберите другую папку."
    from model.base.faults import os_reason  # the system's text may be English: the words come from the code

    if exc.errno == errno.EROFS:  # a disk or stick protected from writing: no other program to close
        return f"Папка {path.parent}: {os_reason(exc)}. Выберите другую папку (например, «Документы»)."
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: the file is open elsewhere (sharing or lock violation)
        return f"Файл {path.name}: {os_reason(exc)}. Закройте его и повторите."
    if exc.errno in (errno.EACCES, errno.EPERM):  # Windows says this of a file another program holds open, too
        return (f"Нет права записи в папку {path.parent}. Выберите другую папку "
                "(например, «Документы») или закройте файл, если он открыт в другой программе.")
    from model.base.paths import PLATFORM, path_length, too_long, too_long_message

    written = os.fsdecode(exc.filename) if exc.filename else str(path)
    over = too_long(written) or too_long(path) if PLATFORM == "win32" else None
    if exc.errno == errno.ENOENT and over:  # Windows says «no such path» for one too long
        return too_long_message(path, path_length(written), over)
    if exc.errno == errno.ENOENT and not os.path.isdir(path.parent):
        return f"Папки {path.parent} нет. Выберите существующую папку."
    if exc.errno == errno.EIO:
        return (f"Не удалось записать файл {path}: ошибка ввода-вывода — диск, флешка или сетевое подключение "
                "неисправны. Проверьте их и повторите; прежний файл не изменён.")
    return f"Не удалось записать файл {path}: {os_reason(exc)}. Повторите или выберите другую папку."


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
    """Yield a temporary path for target (in a staging folder beside it); on success it replaces target, on any
    failure it is removed."""
    with together([target]) as (tmp,):
        yield tmp


@contextmanager
def atomic_folder(target: Path | str, inside: Sequence[str] = ()) -> Iterator[Path]:
    """Yield a new empty folder (in a staging folder beside target); on success it takes target's place (a previous
    folder of that name goes only then), on any failure it is removed and the previous folder stays as it was.
    inside: the names of the files to be written in it, for the check of their paths' length."""
    with together([target], inside) as (tmp,):
        try:
            tmp.mkdir()
        except OSError as exc:
            raise WriteError(explain(exc, Path(target) / "x")) from exc
        yield tmp


def write_atomically(target: Path | str, write: Callable[[Path], object]) -> Path:
    """Call write(temporary path) and move the result into place; returns the target."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def write_bytes_atomically(target: Path | str, data: bytes) -> Path:
    return write_atomically(target, lambda tmp: tmp.write_bytes(data))


# A set of files (or folders) written together: everything is made in a staging folder `.<random>.tmp`
# beside the targets (the same disk, so the moves are renames), each file flushed to the disk, then moved in.
# The staging folder holds:
#   owner   — a file the writing process keeps locked (the OS's lock, gone with the process: model/base/writer_lock);
#   new/    — the files being written, under their final names;
#   old/    — the previous files, set aside while the new ones move in;
#   moving  — present from the first move to the last: a run that dies meanwhile is put back by the next one.
# If a move fails, what was moved goes back and the previous files return to their places; the next write into
# the same folder clears staging folders whose owner is gone (putting the previous files back if a run died
# between its moves), so a killed run leaves the old set or the new one, and nothing behind after the next run.
OWNER, MOVING, NEW, OLD = "owner", "moving", "new", "old"
# Leftovers of earlier versions (a `.name.XXXXXXXX.tmp` file or folder, a `.name.XXXXXXXX.old` folder) carry no
# owner: they are removed once older than this, as no write of the program takes so long.
LEFTOVER_AGE = 15 * 60
_LEFTOVER = re.compile(r"\.(?:.+\.)?[a-z0-9_]{8}\.(tmp|old)")
# The staging folder's name is as short as it can be (`.` + 8 random characters + `.tmp`): on Windows a path is
# at most 259 characters, and a file being written lies 18 characters (`\.xxxxxxxx.tmp\new`) deeper than its target.


def check_room(targets: Sequence[Path], inside: Sequence[str] = ()) -> None:
    """Refuse (WriteError, before anything is written) a set whose files Windows could not write for the length of
    their paths in the staging folder; inside: the names of the files to be written in a target that is a folder."""
    from model.base.paths import path_length, too_long, too_long_message

    for target in targets:
        staged = Path(target.parent, ".xxxxxxxx.tmp", NEW, target.name)
        checks = [(staged.parent, True, target)]
        if inside:
            checks += [(staged, True, target), *[(staged / name, False, target / name) for name in inside]]
        else:
            checks.append((staged, False, target))
        for path, folder, said in checks:
            limit = too_long(path, folder=folder)
            if limit is not None:
                raise WriteError(too_long_message(said, path_length(path), limit))


@contextmanager
def together(targets: Sequence[Path | str], inside: Sequence[str] = ()) -> Iterator[list[Path]]:
    """Yield a temporary path for each target (all in one folder); when the block ends without an error, all of
    them take their targets' places, or none does: the previous files stay as they were. Raises WriteError (in
    Russian) when the files cannot be written or moved in; nothing is left behind."""
    paths = [Path(t) for t in targets]
    folder = paths[0].parent
    assert paths and all(p.parent == folder for p in paths) and len({p.name for p in paths}) == len(paths)
    if _staged(folder):  # a file of a set being written (a workbook in a sending's folder): it moves in with the set
        yield paths
        return
    check_room(paths, inside)
    sweep(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise WriteError(explain(exc, paths[0])) from exc
    owner = None
    kept = False  # the staging folder holds previous files that could not be put back: it must stay
    try:
        try:
            owner = claim(staging)
            (staging / NEW).mkdir()
            (staging / OLD).mkdir()
        except OSError as exc:
            raise WriteError(explain(exc, paths[0])) from exc
        new = [staging / NEW / p.name for p in paths]
        try:
            yield new
        except WriteError:
            raise
        except OSError as exc:  # a write into the staging folder: said for the target it was for
            written = os.fsdecode(exc.filename or "")
            said = next((p for p, n in zip(paths, new, strict=True) if written.startswith(str(n))), paths[0])
            raise WriteError(explain(exc, said)) from exc
        for made, target in zip(new, paths, strict=True):
            _same_kind(made, target)
        current = paths[0]
        try:
            for made, target in zip(new, paths, strict=True):
                current = target
                _flush(made)
            if len(paths) == 1 and not new[0].is_dir():
                replace_retrying(new[0], paths[0])  # one file: os.replace puts it in place at once
            else:
                _mark(staging / MOVING, [p.name for p in paths])
                try:
                    for made, target in zip(new, paths, strict=True):
                        current = target
                        if os.path.lexists(target):
                            replace_retrying(target, staging / OLD / target.name)
                        replace_retrying(made, target)
                except BaseException:
                    kept = not _put_back(staging, folder)
                    raise
                (staging / MOVING).unlink()
            _sync_folder(folder)
        except WriteError:
            raise
        except OSError as exc:
            raise WriteError(explain(exc, current)) from exc
    finally:
        if not kept:
            _remove(staging, owner)
        elif owner is not None:
            os.close(owner)


def _staged(folder: Path) -> bool:
    """Whether folder lies in the `new` folder of a set being written: what is written there is flushed and moved
    in with the set, or removed with it, so it needs no staging folder of its own (which would add its length)."""
    for part in (folder, *folder.parents):
        if part.name == NEW and _STAGING.fullmatch(part.parent.name) and (part.parent / OWNER).is_file():
            return True
    return False


def _same_kind(made: Path, target: Path) -> None:
    """A file never takes the place of a folder (whatever it holds would go with the staging folder), nor a folder
    the place of a file: such a target is refused before anything is moved."""
    if not target.is_symlink() and target.exists() and target.is_dir() != made.is_dir():
        if target.is_dir():
            raise WriteError(f"Файл {target.name} не записан: в папке {target.parent} на его месте папка с тем же "
                             "именем. Переименуйте её или выберите другую папку; ничего не изменено.")
        raise WriteError(f"Папка {target.name} не записана: в папке {target.parent} на её месте файл с тем же "
                         "именем. Переименуйте его или выберите другую папку; ничего не изменено.")


_OWNER_FLAGS = os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)


def claim(folder: Path) -> int:
    """Make folder's owner file and hold the OS's lock on it while this process lives (model.base.writer_lock:
    Windows and the others release it with the process); the descriptor. Another run tells a folder of a run that
    is over by it."""
    from model.base.writer_lock import OS_LOCK

    fd = os.open(folder / OWNER, _OWNER_FLAGS | os.O_CREAT, 0o600)
    OS_LOCK.try_lock(fd)  # a fresh file nobody else has opened: the lock is ours
    return fd


def open_owner(folder: Path) -> int:
    """The descriptor of folder's owner file (OSError when there is none): try the lock on it to tell a run that
    is over."""
    return os.open(folder / OWNER, _OWNER_FLAGS)


def _flush(path: Path) -> None:
    """Everything written under path (a file, or a folder's files) reaches the disk before it is moved in."""
    if path.is_dir():
        normal_permissions(path, folder=True)
        for inner in sorted(path.rglob("*")):
            if inner.is_file():
                _flush(inner)
        return
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    normal_permissions(path)


def _sync_folder(folder: Path) -> None:
    """A folder's new names reach the disk, as far as the system allows (POSIX; Windows cannot open a folder, and
    NTFS journals names; some network file systems refuse it). The files are in place whatever this says."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mark(path: Path, names: list[str]) -> None:
    """The `moving` mark, with the names of the set, on the disk before the first move."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        data = "\n".join(names).encode("utf-8")
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    finally:
        os.close(fd)
    _sync_folder(path.parent)


def _put_back(staging: Path, folder: Path) -> bool:
    """Undo the moves of a set (its names are in the `moving` mark): what came in goes back into the staging
    folder, what was set aside returns. Whether every previous file is in its place again."""
    try:
        names = (staging / MOVING).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    whole = True
    for name in names:
        if not name or os.path.basename(name) != name or name in (".", ".."):
            continue  # not a name the program wrote
        target, new, old = folder / name, staging / NEW / name, staging / OLD / name
        try:
            if os.path.lexists(target) and not os.path.lexists(new):
                replace_retrying(target, new)  # the new file (or folder) leaves
            if os.path.lexists(old):
                replace_retrying(old, target)  # the previous one returns
        except OSError:
            whole = False
    return whole


def _remove(staging: Path, owner: int | None) -> None:
    """A staging folder goes (its lock file last: Windows cannot remove a file open in this process)."""
    import shutil

    for part in (NEW, OLD, MOVING):
        path = staging / part
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
    if owner is not None:
        os.close(owner)
    try:
        (staging / OWNER).unlink(missing_ok=True)
        staging.rmdir()
    except OSError:
        pass  # a file of another kind inside, or held: the next sweep tries again


def sweep(folder: Path, now: float | None = None) -> None:
    """Clear what runs that died left in folder: staging folders whose owner is gone (a dead run's previous files
    put back first), empty ones never claimed, and leftovers of earlier versions older than LEFTOVER_AGE. Only names
    the program makes are looked at; a staging folder still locked belongs to a run in progress (here or on another
    computer) and stays."""
    import shutil

    now = time.time() if now is None else now
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith((".tmp", ".old"))]
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.name.endswith(".tmp") and entry.is_dir(follow_symlinks=False) and (path / OWNER).is_file():
                _recover(path, folder)
            elif _STAGING.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                # a run killed between making its staging folder and claiming it left it empty: rmdir removes nothing
                # else (a run claiming one this very moment is told its write failed, and nothing of its changed)
                os.rmdir(path)
            elif _LEFTOVER.fullmatch(entry.name) and now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_AGE:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        except OSError:
            continue  # a leftover that cannot be cleared now is tried again by the next write


def _recover(staging: Path, folder: Path) -> None:
    from model.base.writer_lock import OS_LOCK

    fd = open_owner(staging)
    if not OS_LOCK.try_lock(fd):
        os.close(fd)  # its run is still writing
        return
    if os.path.lexists(staging / MOVING) and not _put_back(staging, folder):
        os.close(fd)
        return  # previous files that could not be put back stay where they are, for the next try
    _remove(staging, fd)


def save_workbook(workbook: object, path: Path) -> None:
    """openpyxl's Workbook.save, with its archive closed on any failure: openpyxl leaves it open when a write fails,
    and the archive's close then fails again when Python collects it («Exception ignored …» on the screen)."""
    import datetime
    import zipfile

    from model.base.sheet_rows import BodyWriter  # a sheet's plain rows (see plain_rows) written straight as XML

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)  # type: ignore[attr-defined]
        BodyWriter(workbook, archive).write_data()
