"""Undo commands: each wraps a model call that has already been applied once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from model.ru import InputRefused

_MERGE_ID = 1


class ModelCommand(QUndoCommand):
    """An edit already stored by the model; redo and undo store it again or restore what was before.

    Commands with the same merge_key merge into one undo step until `seal()` is called (keystrokes
    into one field form one step).
    """

    _open_key: str | None = None

    def __init__(self, text: str, redo: Callable[[], None], undo: Callable[[], None],
                 after: Callable[[], None], merge_key: str | None = None) -> None:
        super().__init__(text)
        self._redo, self._undo, self._after = redo, undo, after
        self._applied = True  # the caller stored it before pushing
        self.merge_key = merge_key

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            ModelCommand.seal()
            self._redo()
        self._after()

    def undo(self) -> None:
        ModelCommand.seal()  # typing after an undo starts a new step
        self._undo()
        self._after()

    def id(self) -> int:
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, ModelCommand) or other.merge_key != self.merge_key:
            return False
        if ModelCommand._open_key != self.merge_key:
            return False
        self._redo = other._redo
        return True

    @classmethod
    def open_merge(cls, key: str) -> None:
        cls._open_key = key

    @classmethod
    def seal(cls) -> None:
        cls._open_key = None


def perform(stack: QUndoStack, text: str, do: Callable[[], object], undo: Callable[[], object],
            after: Callable[[], None], refused: Callable[[str], None]) -> bool:
    """Apply a model change; if it is refused say why and change nothing, else put it on the undo stack."""
    try:
        do()
    except InputRefused as exc:
        refused(str(exc))
        return False
    stack.push(ModelCommand(text, do, undo, after))  # type: ignore[arg-type]
    refused("")
    return True
