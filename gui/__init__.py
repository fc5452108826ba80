"""The window: a thin layer over model/.

Importing PySide6 makes Python ask, after every later import, whether the new module uses PySide6 (for PySide's
optional `from __feature__ import …` switches, which this program does not use). PySide answers by reading the
module's source through `inspect.getsource` — line cache, tokens and all — for each of the ~100 modules the window
imports, about a tenth of the start. The question below is the same (does the module's file mention PySide6?),
asked by reading the file once; where PySide's support code has no such function, nothing changes.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads PySide's support code, whose import hook is answered below)


def _uses_pyside(module: ModuleType) -> bool:
    """Whether a module's source file mentions PySide6; a module without one (built in, frozen) does not."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


_feature = sys.modules.get("shibokensupport.feature")
if _feature is not None and callable(getattr(_feature, "_mod_uses_pyside", None)):
    _feature._mod_uses_pyside = _uses_pyside
