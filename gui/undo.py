"""An action on the undo stack: the model edit that did it and the one that undoes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget
from shiboken6 import isValid

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


class _Naming(QObject):
    """Gives an undo (redo) action its text — «Отменить: контрольная точка», the verb alone when there is nothing —
    after Qt's own «verb what»."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self.action, self.verb = action, verb
        action.setIconText(verb)  # a toolbar's button: the verb

    def name(self, what: str) -> None:
        if isValid(self.action):  # the window's undo stack is cleared as the window is taken apart
            self.action.setText(f"{self.verb}: {_phrase(what)}" if what else self.verb)


def _phrase(what: str) -> str:
    """A command's text as the rest of «Отменить: …»: from a small letter (not an abbreviation: «ЕСИА», «P1»), its
    own colon a comma — «Пункт 1.3: изменение данных» → «пункт 1.3, изменение данных»."""
    what = what.replace(": ", ", ")
    return what[0].lower() + what[1:] if len(what) > 1 and what[0].isupper() and what[1].islower() else what


def undo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """«Отменить» and «Повторить» for a stack, each naming what it would undo (redo) after a colon (see _phrase)."""
    undo, redo = stack.createUndoAction(parent, "Отменить"), stack.createRedoAction(parent, "Повторить")
    for action, verb, changed, text in ((undo, "Отменить", stack.undoTextChanged, stack.undoText()),
                                        (redo, "Повторить", stack.redoTextChanged, stack.redoText())):
        naming = _Naming(action, verb)
        changed.connect(naming.name)
        naming.name(text)
    return undo, redo


def system_redo(event: QKeyEvent) -> bool:
    """Whether the key is the system's redo: Ctrl+Y on Windows, Ctrl+Shift+Z on a Linux desktop (Qt's key bindings
    of the platform; offscreen both)."""
    return event.matches(QKeySequence.StandardKey.Redo)


class EmptyFieldsPassUndo(QObject):
    """Ctrl+Z (Ctrl+Y, Ctrl+Shift+Z) in a text field of the window that has nothing of its own to undo (redo) — the
    plan's search, an empty plan of a quarter, a field just clicked into — goes to the window's undo: a field takes
    those keys whether or not it has typing to take back, and the clerk's Ctrl+Z did nothing. A field with typing of
    its own keeps the keys. Fields are watched as they get the focus."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, (QLineEdit, QPlainTextEdit)) and new.window() is self.window:
            new.installEventFilter(self)  # once: Qt keeps one entry for a filter installed again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if isinstance(watched, QLineEdit):
            can_undo, can_redo = watched.isUndoAvailable(), watched.isRedoAvailable()
        elif isinstance(watched, QPlainTextEdit):
            document = watched.document()
            can_undo, can_redo = document.isUndoAvailable(), document.isRedoAvailable()
        else:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            return not can_undo  # filtered out: not taken by the field, the window's shortcut acts
        ctrl_y = event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        if not (system_redo(event) or ctrl_y):
            return False
        if not can_redo:
            return True
        if ctrl_y and not system_redo(event):  # Ctrl+Y where the system's redo is
            watched.redo()  # Ctrl+Shift+Z (Linux): the field's own redo, as Ctrl+Z was its own undo
            event.accept()  # the key is the field's: the window's «Повторить» does not act on it as well
            return True
        return False
