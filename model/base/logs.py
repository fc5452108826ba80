"""The program's log: a file in the user's data directory, never beside the executable, rotated at start."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from model import APP_NAME
from model.base.paths import log_path
from model.base.version import program_version

log = logging.getLogger("omsu")


def _system() -> str:
    """The operating system for the log, without the platform module (it costs a start several ms)."""
    if sys.platform == "win32":
        version = sys.getwindowsversion()
        return f"Windows {version.major}.{version.minor}.{version.build}"
    uname = os.uname()
    return f"{uname.sysname} {uname.release} {uname.machine}"


LOG_LIMIT = 1024 * 1024
LOG_KEEP = 5


def rotate(path: Path, limit: int = LOG_LIMIT, keep: int = LOG_KEEP) -> None:
    """Past the limit, the log becomes «….log.1» (older ones shift up to «.5») before anything is written.

    Done once at start, never while a file is open: Windows refuses to rename a file another copy of the program
    (or the merge that started this one as its helper) still writes to, and then the log simply goes on growing
    until a later start. The log itself is moved aside first, so that a refusal shifts none of the older ones
    (shifted at every start without it, the oldest would be lost each time).
    """
    aside = path.with_name(f"{path.name}.rotating")
    try:
        if path.stat().st_size < limit:
            return
        os.replace(path, aside)
    except OSError:
        return
    try:
        for number in range(keep - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
    except OSError:
        pass  # an older log held open: the newest still becomes «.1»
    try:
        os.replace(aside, path.with_name(f"{path.name}.1"))
    except OSError:
        return


def setup_logging(path: Path | None = None, rotating: bool = True) -> Path:
    """Send the program's log to a file (rotated at start past 1 MB, five kept; not by a helper the merge started,
    `rotating` False: the merge itself writes the log meanwhile); returns the file's path.

    logging.handlers is not used: importing it (socket, pickle, queue) costs every start several ms.
    """
    path = path or log_path()
    handler: logging.Handler | None = None
    # A log nobody can write must not stop the program, nor reach the screen in English: the system's temporary
    # folder next, else no log at all
    for attempt in range(2):
        if attempt:
            import tempfile  # only when the data folder refuses the log

            place = Path(tempfile.gettempdir()) / path.name
        else:
            place = path
        try:
            place.parent.mkdir(parents=True, exist_ok=True)
            if rotating:
                rotate(place)
            handler = logging.FileHandler(place, encoding="utf-8")
        except OSError:
            continue
        path = place
        break
    if handler is None:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("omsu")
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    log.info("%s %s, Python %s, %s", APP_NAME, program_version(), sys.version.split()[0], _system())
    return path
