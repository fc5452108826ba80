"""Finds the program's resources the same way in the source tree, an installed wheel and the bundle."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/: the bundle's copy when frozen, else the installed `resources` package."""
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    else:
        base = Path(str(files("resources")))
    return base.joinpath(*parts)
