"""Where the program keeps the user's data: the platform's user data directory."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from model import APP_ID


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "otchetnost.sqlite"


def log_path() -> Path:
    return data_dir() / "logs" / "omsu-report.log"
