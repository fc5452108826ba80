"""Where the program keeps the user's data: the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from model import APP_ID

DATA_DIR_ENV = "OMSU_DATA_DIR"  # another data folder (a portable copy, a test run)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "otchetnost.sqlite"


def log_path() -> Path:
    return data_dir() / "logs" / "omsu-report.log"


def methodologies_dir() -> Path:
    """Methodology files the user installed (those shipped with the program live in its resources)."""
    return data_dir() / "methodologies"
