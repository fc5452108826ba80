"""The program's log: a rotating file in the user's data directory, never beside the executable."""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from model import APP_NAME
from model.paths import log_path
from model.version import program_version

log = logging.getLogger("omsu")


def setup_logging(path: Path | None = None) -> Path:
    """Send the program's log to a rotating file (1 MB, five files); returns the file's path."""
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1024 * 1024, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)  # a log nobody can write must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("omsu")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    log.info("%s %s, Python %s, %s", APP_NAME, program_version(), platform.python_version(), platform.platform())
    return path
