"""The program's version: from the installed package, or from the file the bundle build stamps in."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from model.resources import resource_path


@cache
def program_version() -> str:
    stamped = resource_path("version.txt")
    if stamped.exists():
        return stamped.read_text(encoding="utf-8").strip()
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.exists():
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            return match.group(1)
    return "неизвестна"
