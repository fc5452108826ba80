"""Fault injection for a child process of the tests: on PYTHONPATH, Python imports this at start-up.

Every step of writing a file under the folders in FAULT_ROOTS (os.pathsep-separated) is counted: opening a file for
writing (`open`), its first write (`write`), its close with data still to flush (`close`), `os.open` that creates or
opens for writing (`create`), `os.write`, `os.fsync` of a file, `os.replace`/`os.rename` and `os.mkdir`. The step
numbered FAULT_AT fails with the errno FAULT_ERRNO, as a full or failing disk would; from then on the disk stays
bad: every later write, flush, fsync, creation and mkdir there fails too, while renames and removals still work
(a full disk still lets a program put files back and clear its temporary ones). FAULT_AT=0 only counts.
The steps seen are written, one `kind<TAB>path` a line, to FAULT_LOG when the process ends, and the step that
failed is marked with a leading `!`. A folder's own fsync is not a step: the program syncs folders as far as
the system allows and goes on (the files are in place by then).
"""

from __future__ import annotations

import atexit
import builtins
import io
import os
import stat

_ROOTS = [os.path.realpath(r) for r in os.environ.get("FAULT_ROOTS", "").split(os.pathsep) if r]
_AT = int(os.environ.get("FAULT_AT", "0") or 0)
_ERRNO = int(os.environ.get("FAULT_ERRNO", "28") or 28)
_LOG = os.environ.get("FAULT_LOG")
_steps: list[str] = []
_state = {"bad": False}
_fds: dict[int, str] = {}

_open, _os_open, _os_write, _fsync = builtins.open, os.open, os.write, os.fsync
_replace, _rename, _mkdir, _close = os.replace, os.rename, os.mkdir, os.close


def _under(path) -> str | None:
    if not _ROOTS or isinstance(path, int):
        return None
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None
    return real if any(real == r or real.startswith(r + os.sep) for r in _ROOTS) else None


def _fail(path: str | None):
    return OSError(_ERRNO, os.strerror(_ERRNO), path) if path else OSError(_ERRNO, os.strerror(_ERRNO))


def _step(kind: str, path: str, sticky: bool = True, filename: bool = True) -> None:
    """Count a step; raise if it is the one chosen, or if the disk went bad before (for writing steps)."""
    if _state["bad"]:
        if sticky:
            raise _fail(path if filename else None)
        return
    _steps.append(f"{kind}\t{path}")
    if len(_steps) == _AT:
        _steps[-1] = "!" + _steps[-1]
        _state["bad"] = True
        raise _fail(path if filename else None)


class FaultyFile:
    """A file object opened for writing under a root: its writes and its close are steps."""

    def __init__(self, real, path: str) -> None:
        self._real, self._path, self._written, self._dirty = real, path, False, False
        _fds[real.fileno()] = path

    def write(self, data):
        if not self._written:
            self._written = True
            self._dirty = True
            _step("write", self._path, filename=False)
        elif _state["bad"]:
            self._dirty = True
            raise _fail(None)
        self._dirty = True
        return self._real.write(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if self._dirty and _state["bad"]:
            raise _fail(None)
        self._real.flush()
        self._dirty = False

    def close(self):
        if self._real.closed:
            return
        _fds.pop(self._real.fileno(), None)
        try:
            if self._dirty:
                _step("close", self._path, filename=False)
        except OSError:
            try:
                self._real.close()  # the descriptor goes all the same, as with a real failing close
            except OSError:
                pass
            raise
        self._real.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return iter(self._real)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __del__(self):
        if not self._real.closed:
            self.close()  # as a real file object does when collected: a failure here is «Exception ignored»


def _writing(mode: str) -> bool:
    return any(c in mode for c in "wax+")


def faulty_open(file, mode="r", *args, **kwargs):
    path = _under(file) if isinstance(mode, str) and _writing(mode) else None
    if path is None:
        return _open(file, mode, *args, **kwargs)
    _step("open", path)
    return FaultyFile(_open(file, mode, *args, **kwargs), path)


def faulty_os_open(path, flags, mode=0o777, *args, **kwargs):
    where = _under(path)
    if where is not None and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
        _step("create", where)
    fd = _os_open(path, flags, mode, *args, **kwargs)
    if where is not None:
        _fds[fd] = where
    return fd


def faulty_write(fd, data):
    if fd in _fds:
        _step("os.write", _fds[fd], filename=False)
    return _os_write(fd, data)


def faulty_fsync(fd):
    number = fd if isinstance(fd, int) else fd.fileno()
    if number in _fds and not stat.S_ISDIR(os.fstat(number).st_mode):
        _step("fsync", _fds[number], filename=False)
    return _fsync(fd)


def faulty_close(fd):
    _fds.pop(fd, None)
    return _close(fd)


def _moving(real, kind):
    def move(src, dst, *args, **kwargs):
        where = _under(dst) or _under(src)
        if where is not None:
            _step(kind, where, sticky=False)
        return real(src, dst, *args, **kwargs)
    return move


def faulty_mkdir(path, mode=0o777, *args, **kwargs):
    where = _under(path)
    if where is not None:
        _step("mkdir", where)
    return _mkdir(path, mode, *args, **kwargs)


def _report() -> None:
    if _LOG:
        with _open(_LOG, "w", encoding="utf-8") as fh:
            fh.write("\n".join(_steps))


if _ROOTS:
    builtins.open = io.open = faulty_open  # type: ignore[assignment]
    os.open, os.write, os.fsync, os.close = faulty_os_open, faulty_write, faulty_fsync, faulty_close
    os.replace, os.rename, os.mkdir = _moving(_replace, "replace"), _moving(_rename, "rename"), faulty_mkdir
    atexit.register(_report)
