"""«Резервные копии»: the copies of the open file, with date, size and why they were made; restoring one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from gui.widgets.dialog_parts import list_table
from gui.widgets.fields import ErrorLabel, hint_label
from gui.widgets.screen import fit_to_screen
from model.base.ru import format_number
from model.errors import WriteError
from model.store import backup
from model.store.db import is_read_only

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from model.store.db import Database


class BackupsHost(Protocol):
    """What the dialog needs from the window: the open file, and a way to open it again after a restore."""

    db: Database
    db_path: Path

    def reopen_after_restore(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


class BackupsDialog(QDialog):
    def __init__(self, window: BackupsHost) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Резервные копии")
        fit_to_screen(self, 760, 460)
        box = QVBoxLayout(self)
        where = hint_label(f"Копии файла {window.db_path.name} лежат в папке «{backup.FOLDER}» рядом с ним: "
                       "последние десять и по одной на каждый месяц. Копия делается при запуске, перед обновлением "
                       "структуры, перед загрузкой из Excel и перед подготовкой отправки.")
        box.addWidget(where)
        self.table = list_table(["Дата и время", "Размер", "Когда сделана"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.table, 1)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        row = QHBoxLayout()
        self.make_button = QPushButton("Сделать копию сейчас")
        self.make_button.clicked.connect(self.make)
        self.restore_button = QPushButton("Восстановить выбранную…")
        self.restore_button.clicked.connect(lambda: self.restore())  # not restore(checked): that skipped the question
        folder = QPushButton("Открыть папку")
        folder.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(backup.backup_dir(window.db_path)))))
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)
        for b in (self.make_button, self.restore_button, folder):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        box.addLayout(row)
        read_only = is_read_only(window.db)
        self.make_button.setEnabled(not read_only)
        self.restore_button.setEnabled(not read_only)
        self.reload()

    def reload(self) -> None:
        self.backups = backup.list_backups(self.window_.db_path)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            for c, text in enumerate((f"{b.made_at:%d.%m.%Y %H:%M:%S}", f"{format_number(b.size / 1024, 0)} КБ",
                                      b.reason_text())):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        for column in (0, 1):  # «07.12.2026 05:27:16» on one line; the reason takes the rest
            self.table.resizeColumnToContents(column)
        if self.backups:
            self.table.selectRow(0)

    def make(self) -> None:
        try:
            backup.make_backup(self.window_.db_path, "manual", self.window_.db.conn)
        except WriteError as exc:
            self.error.say(str(exc))
            return
        self.error.say("")
        self.reload()

    def restore(self, confirm: bool = True) -> bool:
        """Restore the chosen copy after asking (confirm=False: the caller has asked). A copy that is not the
        program's database is refused before the file is closed; one with fewer data is said table by table."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.backups):
            return False
        chosen = self.backups[row]
        window = self.window_
        try:
            comparison = backup.compare(chosen.path, window.db_path)
        except WriteError as exc:
            self.error.say(str(exc))
            return False
        if not comparison.ours:
            self.error.say(f"Файл {chosen.path.name} — не копия базы данных программы: в нём нет ни одной её "
                           "таблицы. Выберите другую копию.")
            return False
        if confirm:
            box, yes = self.confirm_box(chosen, comparison)
            box.exec()
            if box.clickedButton() is not yes:
                return False
        window.db.conn.close()
        try:
            backup.restore(window.db_path, chosen, fewer_allowed=True)  # asked above
        except WriteError as exc:
            self.error.say(str(exc))
            window.reopen_after_restore()
            return False
        window.reopen_after_restore()
        self.reload()
        window.statusBar().showMessage(f"Восстановлена копия от {chosen.made_at:%d.%m.%Y %H:%M}", 10000)
        return True

    def confirm_box(self, chosen: backup.Backup, comparison: backup.Comparison) -> tuple[QMessageBox, QPushButton]:
        """The question before a restore and its button that goes on. A copy with fewer data than the file says
        what would be lost, and its default is «Отмена»."""
        when = f"{chosen.made_at:%d.%m.%Y %H:%M}"
        kept = "Текущий файл сначала будет сохранён в резервную копию, так что к нему можно будет вернуться."
        losses = comparison.told(one_line=False)
        if not losses:
            box = QMessageBox(QMessageBox.Icon.Question, "Восстановление",
                              f"Заменить данные копией от {when}? {kept}", QMessageBox.StandardButton.NoButton, self)
            yes = box.addButton(QMessageBox.StandardButton.Yes)
            box.setDefaultButton(box.addButton(QMessageBox.StandardButton.No))
            return box, yes
        box = QMessageBox(QMessageBox.Icon.Warning, "Восстановление: в копии меньше данных",
                          f"Копия от {when} ({chosen.reason_text()}).\n\n"
                          f"{losses}", QMessageBox.StandardButton.NoButton, self)
        # a line per table, not a narrow column of wrapped words
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 34em; }")
        yes = box.addButton("Восстановить всё равно", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return box, yes
