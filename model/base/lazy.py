"""Modules loaded when first used: the start of the window reads and shows the plan only, so the areas of the
other tabs (registrations, indicators, services, control ratios) need not be imported before it is up.

The recipe of the Python documentation (importlib.util.LazyLoader): the module object exists at once, its code
runs on the first attribute looked up in it. A module already imported is returned as it is.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

_made: list[ModuleType] = []  # every module made lazy here, its code run since or not


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
    _made.append(found)
    return found


def load_now() -> None:
    """Run now the code of every module made lazy so far that has not run yet — before a second thread may use one:
    Python 3.11's lazy loading is not safe for two threads using a module first at once (the second sees it half
    run: `module … has no attribute …`; python/cpython#114763). The merge's reader threads call for it."""
    for found in _made:
        if type(found) is not ModuleType:  # still the lazy kind: looking anything up in it runs its code
            found.__dict__  # noqa: B018
