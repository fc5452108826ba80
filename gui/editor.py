"""The one place the window stores a user's action: on the quarter on screen, onto the undo stack, and out to
every tab as a Change. Tabs never call each other: each listens here and shows again what its area holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gui.undo import EditCommand
from model.base.period import Period
from model.errors import InputRefused, ReasonNeeded
from model.quarter.change import Change
from model.quarter.data import load_period, read_area, reread
from model.quarter.quarter import DEFERRED, Quarter

if TYPE_CHECKING:
    from model.store.db import Database

Step = Callable[[Quarter], Any]  # a model edit on the quarter's data: returns a Change, or (Change, something)
ReasonedStep = Callable[[Quarter, "str | None"], Any]  # an edit that may change a value the region set: with a reason


def _change(result: Any) -> Change:
    return result[0] if isinstance(result, tuple) else result


class Editor(QObject):
    """Holds the quarter on screen; `do` runs an edit, `changed` says what it changed."""

    changed = Signal(object)  # Change: every tab that shows the area shows it again
    revealed = Signal(object)  # Change undone or redone: the window goes to where it happened
    refused = Signal(str)  # an undo or a redo the database did not take
    pending = Signal()  # text is being typed that is stored on a pause (the window says «сохраняется…»)

    def __init__(self, db: Database, stack: QUndoStack) -> None:
        super().__init__()
        self.db, self.stack = db, stack
        self.data: Quarter | None = None
        self.open_key: str | None = None  # the field still being typed into: its keystrokes merge into one step
        self.go_to: Callable[[Period], None] = self.show  # the window replaces this to rebuild its tabs
        # the targets' words, and the region's and the new value of each: the reason, or None (tests may answer it)
        self.ask_reason: Callable[[tuple[str, ...], tuple[tuple[float | None, float | None], ...]],
                                  str | None] = _ask_reason
        self._reason: tuple[str, str] | None = None  # (field, reason) given while that field is typed into

    def show(self, period: Period) -> Quarter:
        """Read the quarter the window is about to show (NoMethodologyForYear, MethodologyMissing if it cannot):
        the plan and the centers; the other tabs' areas when `need` asks for them."""
        self.data = load_period(self.db, period, deferred=True)
        return self.data

    def need(self, *areas: str) -> Quarter:
        """The quarter on screen with these areas read (those not read yet are read now): asked before a tab that
        shows them is built, or before a part of one (the plan's hint of 1.3: the registrations) first uses them."""
        return read_area(self.db, self.quarter, *areas)

    @property
    def quarter(self) -> Quarter:
        assert self.data is not None, "the window shows no quarter"
        return self.data

    def do(self, text: str, step: Step, inverse: Step, merge_key: str | None = None) -> Any:
        """Store an action (InputRefused: nothing stored, nothing on the undo stack) and tell the tabs."""
        data = self.quarter
        result = step(data)
        self.stack.push(EditCommand(self, text, data.period, step, inverse, merge_key))
        self.open_key = merge_key
        self.changed.emit(_change(result))
        return result

    def do_reasoned(self, area: str, text: str, step: ReasonedStep, inverse: ReasonedStep,
                    merge_key: str | None = None) -> Any:
        """`do` for an edit that may change a value the region set (model/errors.py ReasonNeeded): the user is asked
        why, and the edit is done again with the reason; cancelled, nothing is stored and the tabs showing `area`
        show the stored value again (returns None). The keystrokes that follow into the same field take the same
        reason without asking again. Undo and redo carry the reasons: redo the one given, undo the one the values
        had before (a return to the region's own value needs none)."""
        data = self.quarter
        before = {k: t.reason for k, t in data.targets.items() if t.changed}
        try:
            return self.do(text, lambda d: step(d, None), lambda d: inverse(d, None), merge_key)
        except ReasonNeeded as exc:
            given = self._reason
            if merge_key is not None and given is not None and given[0] == merge_key and self.open_key == merge_key:
                reason: str | None = given[1]
            else:
                reason = self.ask_reason(exc.targets, exc.values)
            if not reason:
                self._reason = None
                self.changed.emit(Change(area, data.period))
                return None
        touched = [k for k in before if k not in data.targets or data.targets[k].reason != before[k]]
        old_reason = before[touched[0]] if touched else reason
        result = self.do(text, lambda d: step(d, reason), lambda d: inverse(d, old_reason), merge_key)
        self._reason = (merge_key, reason) if merge_key is not None else None
        return result

    def do_or_say(self, say: Callable[[str], None], text: str, step: Step, inverse: Step) -> Any:
        """`do`, with a refusal said through `say` (under a tab's grid) instead of raised; nothing is stored then.
        An accepted action clears what was said before."""
        try:
            result = self.do(text, step, inverse)
        except InputRefused as exc:
            say(str(exc))
            return None
        say("")
        return result

    def typing(self) -> None:
        """Text is typed that will be stored on a pause: until `changed`, not everything is on disk."""
        self.pending.emit()

    def seal(self) -> None:
        """The field is left: the next keystroke starts a new undo step."""
        self.open_key = None

    def replay(self, period: Period, step: Step) -> None:
        """Undo or redo: go to the quarter the action was done in, do the step there, show where."""
        self.seal()
        if self.data is None or self.data.period != period:
            self.go_to(period)
        try:  # the step may be on an area no tab read since the quarter was last read: every area is read first
            change = _change(step(self.need(*DEFERRED)))
        except InputRefused as exc:
            self.refused.emit(str(exc))
            return
        self.changed.emit(change)
        self.revealed.emit(change)

    def reread(self, area: str) -> None:
        """After a change made outside an edit (a workbook imported): read the area again and tell the tabs."""
        reread(self.db, self.quarter, area)
        self.changed.emit(Change(area, self.quarter.period))


def _ask_reason(targets: tuple[str, ...], values: tuple[tuple[float | None, float | None], ...] = ()) -> str | None:
    from PySide6.QtWidgets import QApplication

    from gui.dialogs.from_region import ask_reason

    return ask_reason(QApplication.activeWindow(), targets, values)
