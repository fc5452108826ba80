"""Finds the program's resources the same way in the source tree, an installed wheel and the bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/: the bundle's copy when frozen, else the installed `resources` package."""
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    else:
        import resources  # a plain folder in the source tree and in an installed wheel; importlib.resources costs
        # ~12 ms of start-up for the zip imports it also supports, which the program never uses

        base = Path(resources.__file__).parent
    return base.joinpath(*parts)
