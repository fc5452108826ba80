"""«Файл → Методики…»: the methodologies the program knows, and installing the file the region sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import file_dialogs
from gui.failure import tell_refused
from gui.widgets.dialog_parts import add_footer, list_table
from gui.widgets.fields import hint_label
from gui.widgets.screen import fit_to_screen
from model.base.faults import os_reason, sentence
from model.base.words import plural
from model.errors import Refused
from model.methodology import MethodologyError, registry

COLUMNS = ("Год", "Версия", "Методика", "Откуда")
TITLE = COLUMNS.index("Методика")
QUESTION_LINES = 8  # changes listed in the question before installing (it fits a 690 px screen); a longer one is cut


class MethodologiesDialog(QDialog):
    """Lists the shipped and installed methodologies; «Загрузить из файла…» checks and installs one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Методики оценки")
        fit_to_screen(self, 900, 420)
        self.installed: registry.Installed | None = None
        box = QVBoxLayout(self)
        box.addWidget(hint_label("Каждый квартал рассчитывается по методике своего года и навсегда сохраняет её "
                                 "версию. Методику на новый год регион присылает файлом — загрузите его здесь."))
        self.table = list_table(COLUMNS, wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)  # the title and its source, wrapped
        box.addWidget(self.table, 1)
        self.load_button = QPushButton("Загрузить из файла…")
        self.load_button.clicked.connect(self.choose_file)
        self.edit_button = QPushButton("Открыть в редакторе")
        self.edit_button.setToolTip("Посмотреть выбранную методику и сделать из неё новую версию (для методиста "
                                    "региона)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button = QPushButton("Новая на год…")
        self.new_button.setToolTip("Методика на следующий год — копия имеющейся, в редакторе методик")
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        add_footer(box, self, actions=[self.edit_button, self.new_button, self.load_button])
        self.reload()

    def reload(self) -> None:
        found = registry.entries()
        self.table.setRowCount(len(found))
        for row, e in enumerate(found):
            m = e.methodology
            origin = e.origin if e.installed_at is None else f"{e.origin}\n{e.installed_at:%d.%m.%Y %H:%M}"
            for column, text in enumerate((m.years_text(), m.version, f"{m.title}\n{m.source}", origin)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(f"{text}\n{e.path}" if column == TITLE else text)
                self.table.setItem(row, column, cell)

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        found = registry.entries()
        if not rows or rows[0].row() >= len(found):
            QMessageBox.information(self, "Редактор методик", "Выберите методику в списке.")
            return
        self.open_editor(found[rows[0].row()].path)

    def open_editor(self, path: Path | None) -> None:
        """The methodology editor, a window of its own beside this dialog's window; with no path, a new methodology
        for next year is offered."""
        from gui.methodology_editor.window import open_editor

        owner = self.parentWidget() or self
        editor = open_editor(owner, getattr(owner, "settings", None), path)
        if path is None and not editor.recovered:
            editor.new_for_year()
        self.editor = editor
        self.accept()

    def choose_file(self) -> None:
        name = file_dialogs.open_name(self, "Файл методики", "Методика (*.toml)")
        if name:
            self.install_file(Path(name))

    def install_file(self, path: Path) -> registry.Installed | None:
        """Check the file, show what changes, and install it once the user agrees."""
        try:
            methodology = registry.check_file(path)
        except MethodologyError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "Файл методики отклонён",
                              f"Файл {path.name} не установлен: в нём {len(exc.problems)} "
                              f"{plural(len(exc.problems), 'ошибка', 'ошибки', 'ошибок')}. Ничего не изменено. "
                              "Подробности — по кнопке «Показать подробности»; перешлите их в регион.", parent=self)
            box.setDetailedText("\n".join(exc.problems))
            box.exec()
            return None
        changes = {m.version: registry.changes(m, methodology) for y in methodology.years
                   for m in registry.for_year(y) if m.id == methodology.id and m.version != methodology.version}
        text = f"Установить методику {methodology.describe()}?"
        for version, lines in changes.items():
            shown = [f"• {line if len(line) <= 120 else line[:119].rstrip() + '…'}" for line in lines[:QUESTION_LINES]]
            if len(lines) > QUESTION_LINES:
                more = len(lines) - QUESTION_LINES
                shown.append(f"• и ещё {more} {plural(more, 'изменение', 'изменения', 'изменений')}")
            text += f"\n\nИзменения относительно версии {version}:\n" + ("\n".join(shown) or "• изменений нет")
        if QMessageBox.question(self, "Установка методики", text) != QMessageBox.StandardButton.Yes:
            return None
        try:
            self.installed = registry.install(path)
        except Refused as exc:  # a methodology that cannot be used, a file that cannot be written
            tell_refused(self, "Установка методики", exc)
            return None
        except OSError as exc:  # the data folder itself refused (no rights, a file where its folder should be)
            QMessageBox.warning(self, "Установка методики", sentence(
                f"Методика не установлена: {os_reason(exc)} ({exc.filename or 'папка методик'})",
                "Установленные методики не изменены"))
            return None
        self.reload()
        return self.installed
