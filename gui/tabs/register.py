"""What the pages over a register (centers, indicators) do to the selected row: edit it in its dialog, take it out
of work and back, delete it — each one action through the editor onto the undo stack, a refusal said under the grid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QWidget

from gui.editor import Editor, Step
from gui.widgets.fields import ErrorLabel
from model.quarter.change import Change
from model.quarter.quarter import Quarter
from model.store.db import Database


class Record(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def active(self) -> bool: ...


R = TypeVar("R", bound=Record)


class RegisterActions(Generic[R]):
    """Mixed into a page (a QWidget) with `editor`, `db`, a grid `view` showing `shown()`, an `error` line under it."""

    editor: Editor
    db: Database
    error: ErrorLabel
    view: QAbstractItemView

    def shown(self) -> list[R]:
        """The records in the grid's rows, top to bottom."""
        raise NotImplementedError

    def selected(self) -> R | None:
        """The record of the grid's current row."""
        row, rows = self.view.currentIndex().row(), self.shown()
        return rows[row] if 0 <= row < len(rows) else None

    def _do(self, text: str, step: Step, inverse: Step) -> Any:
        """Store an action; a refusal is said under the grid and changes nothing."""
        return self.editor.do_or_say(self.error.say, text, step, inverse)

    def edit_selected(self, dialog: Callable[[R], Any], edited: Callable[[Any], R | None], text: Callable[[R], str],
                      save: Callable[[Database, Quarter, R], Any]) -> None:
        """The selected record in its dialog; what the dialog gives back is stored, undo puts the record back."""
        current = self.selected()
        if current is None:
            return
        window = dialog(current)
        if not window.exec() or edited(window) is None:
            return
        db, new = self.db, edited(window)
        assert new is not None
        self._do(text(current), lambda d: save(db, d, new), lambda d: save(db, d, current))

    def toggle_selected(self, text: Callable[[R, bool], str],
                        set_active: Callable[[Database, Quarter, int, bool], Change]) -> None:
        """Take the selected record out of work, or back into it."""
        current = self.selected()
        if current is None or current.id is None:
            return
        db, rid, active = self.db, current.id, not current.active
        self._do(text(current, active), lambda d: set_active(db, d, rid, active),
                 lambda d: set_active(db, d, rid, not active))

    def delete_selected(self, title: str, kept: Callable[[R], str | None], question: Callable[[R], str],
                        text: Callable[[R], str], delete: Callable[[Database, Quarter, int], Change],
                        restore: Callable[[R], Step]) -> None:
        """Delete the selected record once the user agrees; `kept` tells why it cannot be (it has a history),
        `restore` gives, before the record goes, the step that puts it back as it was."""
        current = self.selected()
        if current is None or current.id is None:
            return
        page: QWidget = self  # type: ignore[assignment]
        reason = kept(current)
        if reason is not None:
            QMessageBox.information(page, title, reason)
            return
        if QMessageBox.question(page, title, question(current)) != QMessageBox.StandardButton.Yes:
            return
        db, rid = self.db, current.id
        self._do(text(current), lambda d: delete(db, d, rid), restore(current))
