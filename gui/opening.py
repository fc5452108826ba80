"""Opening a database file for the window: who else has it, is it damaged, a backup on start."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from model.base import writer_lock as lock
from model.base.faults import os_reason, sentence, sqlite_reason
from model.errors import DatabaseDamaged, DatabaseRefused, WriteError
from model.store import backup
from model.store.db import is_read_only, open_database

if TYPE_CHECKING:
    from model.store.db import Database

log = logging.getLogger("omsu.opening")


def open_for_window(parent: QWidget | None, path: Path, ask: bool = True) -> Database | None:
    """Open path for the window, asking the user where a choice is needed; None when they decline.

    Takes the file's lock (or offers read-only when another workstation has it), offers the newest good
    backup for a damaged file, and makes the on-start backup of a writable one.
    """
    read_only = False
    try:  # a missing folder is made, as the command line and --smoke do (open_database makes it too)
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # told below: no lock and no file can be made there
    try:
        lock.acquire(path)
    except lock.AlreadyOpen as exc:
        if not ask:
            read_only = True
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, "База данных занята",
                              f"{exc}.\n\nПрограмма там сейчас работает с этим файлом. Если открыть его и здесь для "
                              "изменения, правки с двух компьютеров могут перезаписать друг друга. Откройте файл "
                              "только для чтения или попросите закрыть программу там. «Открыть всё равно» — только "
                              "если там точно никто не работает (например, компьютер отключился от сети, а файловый "
                              "сервер ещё не заметил этого).", parent=parent)
            read_button = box.addButton("Только для чтения", QMessageBox.ButtonRole.AcceptRole)
            force_button = box.addButton("Открыть всё равно", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is read_button:
                read_only = True
            elif box.clickedButton() is force_button:
                lock.acquire(path, force=True)
            else:
                return None
    except OSError:
        read_only = True  # no lock can be written beside the file: read-only media
    try:
        db = open_database(path, read_only=read_only)
    except DatabaseDamaged as exc:
        lock.release(path)
        return _offer_restore(parent, path, str(exc), ask)
    except DatabaseRefused:
        lock.release(path)
        raise
    if not is_read_only(db):
        start_backup(parent, path, db, ask)
    return db


def start_backup(parent: QWidget | None, path: Path, db: Database, ask: bool = True) -> str:
    """The on-start backup. Whatever stops it (a full disk, a folder without rights, a copy another program holds)
    never stops the start: it is logged and, when asking, said in Russian. Returns what was said ("" if done)."""
    try:
        backup.make_backup(path, "start", db.conn)
        return ""
    except WriteError as exc:  # the model's own Russian sentence
        why = str(exc)
    except OSError as exc:
        why = os_reason(exc) + (f" ({exc.filename})" if exc.filename else "")
    except sqlite3.Error as exc:
        why = f"база данных — {sqlite_reason(exc)}"
    log.warning("Резервная копия при запуске не сделана: %s", why)
    text = sentence("Резервная копия при запуске не сделана", why[:1].upper() + why[1:],
                    "Программа работает; копия будет сделана при следующем запуске")
    if ask:
        QMessageBox.warning(parent, "Резервная копия", text)
    return text


def _offer_restore(parent: QWidget | None, path: Path, problem: str, ask: bool) -> Database | None:
    good = backup.newest_good(path)
    if good is None or not ask:
        raise DatabaseRefused(problem + ("" if good else " Исправных резервных копий нет."))
    answer = QMessageBox.question(parent, "Файл повреждён", f"{problem}\n\nВосстановить резервную копию от "
                                  f"{good.made_at:%d.%m.%Y %H:%M} ({good.reason_text()})? Повреждённый файл "
                                  "останется рядом с расширением .damaged.")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    damaged = path.with_name(path.name + ".damaged")
    path.replace(damaged)
    backup.restore(path, good)
    return open_for_window(parent, path, ask)
