"""The program's one error family: `Refused` and its subclasses, each a refusal the user reads.

`str(exc)` of a `Refused` is the whole message, in Russian: what happened and what to do. An interface catches
`Refused` in one place (the window: gui/failure.py; the command line: «Ошибка: <message>», exit code 2) and shows
that text as it is; anything else that escapes an action is a fault of the program (logged, told as such).

The family, by what it refuses (each class stays in the module that raises it, so callers import it from there):
- typed or imported data: `InputRefused` (model/base/ru.py) → `NumberRefused` (model/base/numbers.py),
  `ImportRefused` (model/exchange/errors.py), `CompositeRefused` (model/indicators.py), `NoMethodologyForYear`
  (model/periods.py), `WriteFailed` → `QuarterSent` (model/db.py: the database took no write; the quarter is sent);
- files: `WriteError` (model/files.py) → `FileHeld`, `CellTooLong` (model/sheets.py), `FewerData` (model/backup.py);
- the database file: `DatabaseRefused` → `DatabaseDamaged` (model/db.py), `AlreadyOpen` (model/lock.py);
- data files of the program: `MethodologyError` → `MethodologyMissing` (model/methodology/), `RulesError`
  (model/ratios.py: the control ratios' rules);
- the region's merge: `NothingToMerge` (model/region/consolidate.py).

Some also derive from the built-in class they were before (`InputRefused`, `MethodologyError`, `RulesError`: a
ValueError; `WriteError`: an OSError), so code that catches those still catches them — the command line's
`except ValueError` around a period typed, `except OSError` around a file written. Their `errno` is None: the
code that reads an `errno` (model/files.py `explain`, model/base/faults.py `os_reason`) reads the system's
OSError, never one of these.

Outside the family, on purpose — they are control flow, not refusals, and no user ever reads them as such:
`NotDefined` (model/methodology/rules.py: a rule has no value for these inputs, e.g. a zero denominator; the
scoring turns it into an item «не рассчитан» with its reason) and `Cancelled` (model/region/consolidate.py: the
user stopped the reading; nothing is said).
"""

from __future__ import annotations


class Refused(Exception):
    """Something the program will not do, and why: `str()` is the user's Russian message (what happened, what to
    do). Nothing of the refused action was kept unless the message says otherwise."""

    @property
    def message(self) -> str:
        return str(self)
