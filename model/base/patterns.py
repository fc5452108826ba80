"""Regular expressions of a library compiled when first used rather than when the library is imported.

reportlab compiles about 170 patterns as it is imported, a third of its import time, most never used by a report
(the longest, a URL's in reportlab.platypus.paragraph, alone costs ~20 ms: a case-insensitive class up to U+FFFF).
`defer_patterns(names)` makes the modules named compile theirs on first use: while such a module's code runs,
re.compile gives a stand-in that compiles the real pattern when one of its methods is first called. Anything
else asked of a stand-in (its pattern text, flags, groups) compiles it at once, so it behaves as the pattern.
Other modules, and the named ones after their import, use re.compile as ever.
"""

from __future__ import annotations

import importlib.machinery
import re
import sys
import threading
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

_METHODS = frozenset({"match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "scanner"})
_compile = re.compile
_lock = threading.RLock()
_deferred: set[str] = set()  # the modules whose patterns wait for their first use


class Deferred:
    """A pattern compiled on first use (see the module's text)."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._pattern: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._pattern is None:
            self._pattern = _compile(*self._args)
        return self._pattern

    def __getattr__(self, name: str) -> Any:
        if name in _METHODS and self._pattern is None:
            return lambda *args, **kwargs: getattr(self.compiled(), name)(*args, **kwargs)
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        return self.compiled() == (other.compiled() if isinstance(other, Deferred) else other)

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return repr(self.compiled())


def _deferring(pattern: Any, flags: int = 0) -> Any:
    if isinstance(pattern, Deferred):
        pattern = pattern.compiled()
    if isinstance(pattern, re.Pattern) or sys._getframe(1).f_globals.get("__name__") not in _deferred:
        return _compile(pattern, flags)  # a module not named, imported by a named one as it runs
    return Deferred(pattern, flags)


class _Loader:  # importlib.abc's base classes are not needed (importing importlib.abc costs a few ms)
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with _lock:  # re.compile is the module re's own: one import at a time defers
            re.compile = _deferring
            try:
                self.inner.exec_module(module)
            finally:
                re.compile = _compile


class _Finder:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, name: str, path: Any,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader)  # type: ignore[assignment]
        return spec


def defer_patterns(names: Iterable[str]) -> Callable[[], None]:
    """Make the modules named (not imported yet) compile their patterns on first use; returns what undoes it."""
    finder = _Finder(frozenset(names) - set(sys.modules))
    _deferred.update(finder.names)
    sys.meta_path.insert(0, finder)

    def undo() -> None:
        _deferred.difference_update(finder.names)
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
    return undo
