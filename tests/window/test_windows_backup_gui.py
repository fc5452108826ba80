"""The window's side of backups on the clerk's Windows: the start goes on when its backup cannot be made (a copy
another program holds, any refusal of the system), and a restore that would lose data asks first."""

import errno
import sqlite3

from conftest import Q2, fill_quarter
from PySide6.QtWidgets import QMessageBox
from russian_output import assert_russian, tables

from gui.dialogs.backups import BackupsDialog
from gui.opening import open_for_window
from model.areas import plan
from model.base import writer_lock as lock
from model.store import backup
from model.store.db import open_database
from tests.model.store.test_windows_backup import hold, old_copies


def test_the_start_goes_on_while_an_old_copy_is_held(qtbot, db_path, monkeypatch):
    open_database(db_path).conn.close()
    copies = old_copies(db_path, range(12))
    hold(monkeypatch, *copies)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    db = open_for_window(None, db_path)
    try:
        assert db is not None and said == []
        assert backup.list_backups(db_path)[0].reason == "start" and all(c.exists() for c in copies)
    finally:
        db.conn.close()
        lock.release(db_path)


def test_a_start_backup_the_system_refuses_is_said_in_russian_and_the_file_opens(qtbot, db_path, monkeypatch):
    open_database(db_path).conn.close()
    failures = [PermissionError(errno.EACCES, "Access is denied", str(db_path.parent / "Резервные копии")),
                OSError(errno.EIO, "Input/output error"), sqlite3.OperationalError("disk I/O error")]
    for failure in failures:
        def refuse(*args, failure=failure):
            raise failure

        monkeypatch.setattr(backup, "make_backup", refuse)
        said = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, said=said: said.append(a[2]))
        db = open_for_window(None, db_path)
        assert db is not None
        db.conn.close()
        lock.release(db_path)
        assert len(said) == 1 and said[0].startswith("Резервная копия при запуске не сделана."), said
        assert "Программа работает" in said[0]
        assert_russian(said[0], db_path.parent)


def answer(monkeypatch, text: str, shown: list) -> None:
    """The question's box is shown (kept in `shown`) and the user clicks the button with this text."""
    def exec_(box):
        shown.append(box)
        next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_a_restore_that_loses_data_asks_and_cancel_is_the_default(qtbot, open_window, db_path, monkeypatch):
    db = open_database(db_path)
    early = backup.make_backup(db_path, "start", db.conn)
    db.conn.close()
    window = open_window(db_path)
    fill_quarter(window.db)
    dialog = BackupsDialog(window)
    dialog.table.selectRow([b.path for b in dialog.backups].index(early.path))
    before = tables(db_path)
    shown: list[QMessageBox] = []
    answer(monkeypatch, "Отмена", shown)
    assert not dialog.restore()
    box = shown[0]
    assert "в копии 0 мероприятий, в текущей базе 2" in box.text()
    assert "в копии 0 центров обслуживания, в текущей базе 12" in box.text()
    assert box.defaultButton().text() == "Отмена" and box.escapeButton() is box.defaultButton()
    assert sorted(b.text() for b in box.buttons()) == ["Восстановить всё равно", "Отмена"]
    assert_russian(box.text())
    assert tables(db_path) == before and plan.load_inputs(window.db, Q2)  # the window still works on its file
    answer(monkeypatch, "Восстановить всё равно", shown)
    assert dialog.restore()
    assert plan.load_inputs(window.db, Q2) == {} and tables(db_path) == tables(early.path)
    assert backup.list_backups(db_path)[0].reason == "restore"


def test_a_file_that_is_not_our_database_is_refused_before_the_file_is_closed(qtbot, window, db_path, monkeypatch):
    plan.set_value(window.db, Q2, "2.2", "n", 1)
    folder = backup.backup_dir(db_path)
    folder.mkdir()
    stranger = folder / f"{db_path.stem}_2018-01-01_120000_000000_manual.sqlite"
    conn = sqlite3.connect(stranger)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    dialog = BackupsDialog(window)
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (_ for _ in ()).throw(AssertionError("спросили")))
    assert not dialog.restore()
    assert "не копия базы данных программы" in dialog.error.text()
    assert plan.load_inputs(window.db, Q2) == {"2.2": {"n": 1.0}}  # the open file is still open and unchanged


def test_the_restore_button_itself_asks_before_losing_data(qtbot, open_window, db_path, monkeypatch):
    """Through the button a clerk presses (its clicked(bool) signal), not a call: a copy with one event fewer is
    asked about, and «Отмена» keeps the file."""
    db = open_database(db_path)
    fill_quarter(db)
    early = backup.make_backup(db_path, "start", db.conn)
    db.conn.close()
    conn = sqlite3.connect(early.path)
    conn.create_function("omsu_audit_on", 0, lambda: 0)
    conn.create_function("omsu_actor", 0, lambda: "")
    conn.execute("DELETE FROM plan_events WHERE id = (SELECT max(id) FROM plan_events)")
    conn.execute("INSERT INTO centers(settlement) VALUES ('Новое село')")  # more of another table
    conn.commit()
    conn.close()
    window = open_window(db_path)
    dialog = BackupsDialog(window)
    dialog.table.selectRow([b.path for b in dialog.backups].index(early.path))
    before = tables(db_path)
    shown: list[QMessageBox] = []
    answer(monkeypatch, "Отмена", shown)
    dialog.restore_button.click()
    assert len(shown) == 1 and "в копии 1 мероприятие, в текущей базе 2" in shown[0].text()
    assert tables(db_path) == before
