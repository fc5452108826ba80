"""How the window tells what went wrong, in one place: a refusal (model.errors.Refused) is shown as its Russian
message; a fault of the program while it builds a report or a summary is logged and told with what to do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from model.errors import Refused

T = TypeVar("T")


def report_failed(what: str, exc: BaseException, kept: str = "Данные квартала сохранены и не изменены") -> str:
    """Log a fault in building a report; the Russian sentence that tells the user what happened, what is kept,
    and what to do."""
    from model.base.logs import log
    from model.base.paths import log_path

    log.error("Не удалось %s", what, exc_info=exc)
    return (f"Не удалось {what}: при построении отчёта произошла ошибка программы. {kept}, файлы не записаны."
            "\n\nПопробуйте ещё раз после изменения данных (например, сократив очень длинный текст); если ошибка "
            f"повторится, пришлите разработчикам журнал программы:\n{log_path()}")


def tell_refused(parent: QWidget | None, title: str, exc: Refused, tail: str = "") -> None:
    """Show a refusal: its message as it is (it says what happened and what to do), and `tail` after it."""
    QMessageBox.warning(parent, title, f"{exc}\n\n{tail}" if tail else str(exc))


def attempt(parent: QWidget | None, title: str, action: Callable[[], T], *, fault: str | None = None,
            kept: str | None = None, tail: str = "", busy: bool = False) -> T | None:
    """Run a user's action; its result, or None when it did not happen (then the user was told why).

    A refusal is shown (tell_refused). Anything else is a fault of the program: with `fault` («записать файл»)
    it is logged and told by report_failed (with `kept`: what stayed as it was); without, it goes on to the
    program's crash dialog. busy: the wait cursor while the action runs, restored whatever happens."""
    if busy:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return action()
    except Refused as exc:
        if busy:  # the message is read with the ordinary cursor
            QApplication.restoreOverrideCursor()
            busy = False
        tell_refused(parent, title, exc, tail)
        return None
    except Exception as exc:
        if fault is None:
            raise
        if busy:
            QApplication.restoreOverrideCursor()
            busy = False
        told = report_failed(fault, exc) if kept is None else report_failed(fault, exc, kept)
        QMessageBox.warning(parent, title, told)
        return None
    finally:
        if busy:
            QApplication.restoreOverrideCursor()
