"""The window with a busy, damaged or read-only file, and the backups dialog."""

import subprocess
import sys

from conftest import Q2
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.backups import BackupsDialog
from gui.main_window import MainWindow
from gui.opening import open_for_window
from model.areas import plan
from model.base import writer_lock as lock
from model.store import backup
from model.store.db import is_read_only, open_database
from tests.model.store.test_safety import HOLDER, ROOT, _damage


def test_busy_file_opens_read_only_with_a_banner(qtbot, db_path, settings, monkeypatch):
    open_database(db_path).conn.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(db_path))],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    try:
        _busy_window(qtbot, db_path, settings, holder.pid)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def _busy_window(qtbot, db_path, settings, holder_pid):
    db = open_for_window(None, db_path, ask=False)
    assert is_read_only(db)
    window = MainWindow(db_path, settings, db, period=Q2)
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible() and "только для чтения" in window.banner.text()
    form = window.plan_tab.form
    form.store({"A1": 5.0})
    assert "только для чтения" in form.error.text()
    assert plan.load_inputs(db, Q2) == {}
    window.close()
    assert lock.read_holder(db_path).pid == holder_pid  # somebody else's lock is left alone


def test_damaged_file_offers_the_newest_good_backup(qtbot, db_path, monkeypatch):
    db = open_database(db_path)
    plan.set_value(db, Q2, "2.2", "n", 1)
    backup.make_backup(db_path, "manual", db.conn)
    db.conn.close()
    _damage(db_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    restored = open_for_window(None, db_path)
    assert plan.load_inputs(restored, Q2) == {"2.2": {"n": 1.0}}
    assert db_path.with_name(db_path.name + ".damaged").exists()
    restored.conn.close()
    lock.release(db_path)


def test_backups_dialog_makes_and_restores(qtbot, window, db_path):
    plan.set_value(window.db, Q2, "2.2", "n", 1)
    dialog = BackupsDialog(window)  # a child of the window, which the fixture closes
    dialog.make()
    assert dialog.table.rowCount() == 1 and "по команде" in dialog.table.item(0, 2).text()
    when = dialog.table.item(0, 0).text()  # «07.12.2026 05:27:16»: on one line, not wrapped at its space
    assert dialog.table.columnWidth(0) >= dialog.table.fontMetrics().horizontalAdvance(when)
    plan.set_value(window.db, Q2, "2.2", "n", 0.5)
    dialog.table.selectRow(0)
    assert dialog.restore(confirm=False)
    assert plan.load_inputs(window.db, Q2) == {"2.2": {"n": 1.0}}
    assert window.plan_tab.scores.items["2.2"].score == 100
    assert dialog.table.rowCount() == 2  # and the file as it was before, in case


def test_a_database_on_a_network_folder_is_said_so(qtbot, db_path, settings, monkeypatch):
    import model.base.paths

    monkeypatch.setattr(model.base.paths, "network_place", lambda path, *args: r"в сетевой папке \\fileserver\otchety")
    window = MainWindow(db_path, settings, period=Q2)
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert r"лежит в сетевой папке \\fileserver\otchety" in window.banner.text()
    assert "одновременно на двух компьютерах" in window.banner.text()
    assert "только для чтения:" not in window.banner.text()
    assert "сервер ещё несколько минут считает файл занятым" in window.banner.text()
    window.db.conn.close()


def test_a_database_in_onedrive_is_said_to_be_unlocked_across_computers(qtbot, db_path, settings, monkeypatch):
    import model.base.paths

    monkeypatch.setattr(model.base.paths, "PLATFORM", "win32")  # Windows' rules for the path, on any system
    monkeypatch.setenv("OneDriveCommercial", str(db_path.parent).upper())  # Windows compares names case-blind
    window = MainWindow(db_path, settings, period=Q2)
    qtbot.addWidget(window)
    window.show()
    text = window.banner.text()
    assert window.banner.isVisible() and "лежит в папке OneDrive" in text
    assert "Блокировка файла через OneDrive не передаётся" in text and "конфликтные копии" in text
    assert "Держите базу вне OneDrive" in text and "одновременно на двух компьютерах" not in text
    window.db.conn.close()
