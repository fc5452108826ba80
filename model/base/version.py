"""The program's version: stamped into the bundle, read from the source tree, or from the installed package."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from model.base.resources import resource_path


@cache
def program_version() -> str:
    stamped = resource_path("version.txt")
    if stamped.exists():
        return stamped.read_text(encoding="utf-8").strip()
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"  # the source tree
    if pyproject.exists():
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            return match.group(1)
    from importlib.metadata import PackageNotFoundError, version  # an installed wheel only: not on the start path

    try:
        return version("omsu-report")
    except PackageNotFoundError:
        return "неизвестна"


def program_name() -> str:
    """How the user starts the program, for messages: the bundle's executable, or python main.py from sources."""
    import sys
    from pathlib import Path

    if getattr(sys, "frozen", False):
        return Path(sys.executable).name
    return "python main.py"
