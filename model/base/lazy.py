"""Modules loaded when first used: the start of the window reads and shows the plan only, so the areas of the
other tabs (registrations, indicators, services, control ratios) need not be imported before it is up.

The recipe of the Python documentation (importlib.util.LazyLoader): the module object exists at once, its code
runs on the first attribute looked up in it. A module already imported is returned as it is.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def module(name: str) -> ModuleType:
    """The module called name, its code run when it is first used."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    found = importlib.util.module_from_spec(spec)
    sys.modules[name] = found
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, found)  # as an import would: `model.areas.esia` works too
    loader.exec_module(found)
    return found
