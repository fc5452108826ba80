"""The program's one error family: `Refused` and its subclasses, each a refusal the user reads (Anki: anki/errors.py).

`str(exc)` of a `Refused` is the whole message, in Russian: what happened and what to do. An interface catches
`Refused` in one place (the window: gui/failure.py; the command line: «Ошибка: <message>», exit code 2) and shows
that text as it is; anything else that escapes an action is a fault of the program (logged, told as such).

Every class of the family is here, by what it refuses, but two that build their message from what they describe
and stay beside it: `AlreadyOpen` (model/base/writer_lock.py: who holds the database) and `FewerData`
(model/store/backup.py: what a restore would lose, table by table).
- typed or imported data: `InputRefused` → `NumberRefused`, `ImportRefused`, `CompositeRefused`,
  `NoMethodologyForYear`, `ReasonNeeded` (a value the region set, changed without a reason), `WriteFailed` (the
  database took no write) → `QuarterSent` (the quarter is sent: locked);
- files: `WriteError` → `FileHeld`, `CellTooLong`, `FewerData`;
- the database file: `DatabaseRefused` → `DatabaseDamaged`; `AlreadyOpen`;
- data files of the program: `MethodologyError` → `MethodologyMissing`; `RulesError` (the control ratios' rules);
- the region's merge: `NothingToMerge`.

Some also derive from the built-in class they were before (`InputRefused`, `MethodologyError`, `RulesError`: a
ValueError; `WriteError`: an OSError), so code that catches those still catches them — the command line's
`except ValueError` around a period typed, `except OSError` around a file written. Their `errno` is None: the
code that reads an `errno` (model/base/files.py `explain`, model/base/faults.py `os_reason`) reads the system's
OSError, never one of these.

Outside the family, on purpose — they are control flow, not refusals, and no user ever reads them as such:
`NotDefined` (model/methodology/rules.py: a rule has no value for these inputs, e.g. a zero denominator; the
scoring turns it into an item without a score, «не определена», with its reason) and `Cancelled`
(model/region/consolidate.py: the user stopped the reading; nothing is said).
"""

from __future__ import annotations


class Refused(Exception):
    """Something the program will not do, and why: `str()` is the user's Russian message (what happened, what to
    do). Nothing of the refused action was kept unless the message says otherwise."""

    @property
    def message(self) -> str:
        return str(self)


# -- typed or imported data ---------------------------------------------------------------------------------
class InputRefused(Refused, ValueError):
    """Raised when typed text is not acceptable; the message is Russian and says what to type."""


class NumberRefused(InputRefused):
    """A number that is not one (NaN), infinite or out of bounds; the message is Russian and says which."""


class ImportRefused(InputRefused):
    """A workbook that cannot be imported; the message names the file or sheet, the row and the reason."""


class CompositeRefused(InputRefused):
    """A composite that cannot be computed; `member`: the member indicator at fault (None: the whole)."""

    def __init__(self, message: str, member: int | None = None) -> None:
        super().__init__(message)
        self.member = member


class NoMethodologyForYear(InputRefused):
    """No methodology applies to the year and none was chosen for it; the user installs one or picks the latest."""

    def __init__(self, year: int) -> None:
        super().__init__(f"Для {year} года методика оценки не установлена. Загрузите файл методики, полученный из "
                         "региона («Файл → Методики… → Загрузить из файла…»), или выберите для этого года "
                         "одну из имеющихся.")
        self.year = year


class ReasonNeeded(InputRefused):
    """A value the region set (its package: model/exchange/from_region.py) changed without a reason: nothing is
    stored. The window asks for the reason and calls again with it; `targets` are the values in the methodology's
    words («Целевой показатель на конец 2027 года»); `values`, when the caller knows them, the region's value and
    the new one of each target, in the same order (None: no value)."""

    def __init__(self, targets: tuple[str, ...],
                 values: tuple[tuple[float | None, float | None], ...] = ()) -> None:
        shown = "; ".join(targets[:3]) + (f" и ещё {len(targets) - 3}" if len(targets) > 3 else "")
        super().__init__(f"Это значение задано регионом ({shown}). Чтобы изменить его, укажите причину: она "
                         "сохранится в журнале изменений и уйдёт в регион вместе с отчётом")
        self.targets = targets
        self.values = values


# -- the database file and its writes --------------------------------------------------------------------------
class DatabaseRefused(Refused):
    """The file cannot be opened as this program's database; the message says why, in Russian."""


class DatabaseDamaged(DatabaseRefused):
    """The file failed SQLite's quick check; it is not written to."""


class WriteFailed(InputRefused):
    """The database did not take a write (locked, read-only, disk full); nothing of the action was stored."""


class QuarterSent(WriteFailed):
    """The quarter was sent to the region: its data is locked against accidental edits until it is reopened."""


# -- files ---------------------------------------------------------------------------------------------------
class WriteError(Refused, OSError):
    """A file could not be written; the message is Russian and says what to do. Nothing was left behind."""


class FileHeld(WriteError):
    """The target stayed held by another program through every retry."""


class CellTooLong(WriteError):
    """A text longer than an Excel cell holds: the workbook is not written (nothing is cut silently)."""


# -- the program's data files: methodologies and the control ratios' rules -------------------------------------
class MethodologyError(Refused, ValueError):
    """A methodology that cannot be used; the message is Russian and names the file, the line and the reason."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class MethodologyMissing(MethodologyError):
    """A methodology a period or a workbook names is not known here; the message says what to install."""


class RulesError(Refused, ValueError):
    """A rules file that cannot be used; the message is Russian and names the rule."""


# -- the region's merge -------------------------------------------------------------------------------------
class NothingToMerge(Refused):
    """No file could be read; the message says why, in Russian. `periods`: the periods of books refused only for
    being another quarter's, the most books first — the merge could be made for one of them."""

    def __init__(self, message: str, periods: tuple[object, ...] = ()) -> None:  # Periods (errors import nothing)
        super().__init__(message)
        self.periods = periods
