"""An action on the undo stack: the model edit that did it and the one that undoes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from model.base.period import Period


class Replayer(Protocol):
    """What a command needs from the editor: the field still being typed into, and a way to replay a step."""

    open_key: str | None

    def replay(self, period: Period, step: Callable[[Any], Any]) -> None: ...

MERGEABLE = 1  # Qt merges commands of the same id; ours decide by their field (merge_key)


class EditCommand(QUndoCommand):
    """Pushed after the action was stored, so the redo() that QUndoStack.push() calls at once has nothing to do;
    later, undo() and redo() run the inverse and the action again through the editor."""

    def __init__(self, editor: Replayer, text: str, period: Period, step: Callable[[Any], Any],
                 inverse: Callable[[Any], Any], merge_key: str | None = None) -> None:
        super().__init__(text)
        self.editor, self.period, self.merge_key = editor, period, merge_key
        self._step, self._inverse = step, inverse
        self._just_pushed = True

    def redo(self) -> None:
        if self._just_pushed:
            self._just_pushed = False
            return
        self.editor.replay(self.period, self._step)

    def undo(self) -> None:
        self.editor.replay(self.period, self._inverse)

    def id(self) -> int:
        return MERGEABLE if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        """Keystrokes into the field still being typed into are one step: undo goes back to before the first."""
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key \
                or self.editor.open_key != self.merge_key:
            return False
        self._step = other._step
        return True
