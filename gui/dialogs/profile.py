"""The organisation profile dialog: asked on first start, editable later from the File menu."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.failure import attempt
from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel, hint_label
from model.areas.profile import LABELS, Profile, check_profile, load_profile, save_profile

if TYPE_CHECKING:
    from gui.editor import Editor
    from model.store.db import Database

_PLACEHOLDERS = {
    "district": "муниципальный район «Калганский район»",
    "oktmo": "76618000",
    "head_position": "Глава администрации",
    "head_name": "Иванов Иван Иванович",
    "executor_name": "Петрова Мария Сергеевна",
    "executor_phone": "+7 (30244) 4-13-34",
    "region_email": "omsu@region.ru",
    "region": "Забайкальский край (заполняется из пакета региона)",
}


class ProfileDialog(QDialog):
    """Edits the profile; stores it only when every field passes the model's checks. With the window's editor a
    change of a stored profile is an action on the undo stack (Ctrl+Z in the window puts the old one back) and the
    tabs that show the profile show it again."""

    def __init__(self, db: Database, first_start: bool = False, parent: QWidget | None = None,
                 editor: Editor | None = None):
        super().__init__(parent)
        self.db, self.editor = db, editor
        self.stored_aside = False  # stored without the editor: the window reads the profile again itself
        self.setWindowTitle("Профиль организации")
        self.setMinimumWidth(760)
        box = QVBoxLayout(self)
        if first_start:
            intro = hint_label("Добро пожаловать! Укажите сведения о районе один раз — они попадут в отчёты, "
                           "подпись и письмо в регион. Изменить их можно в меню «Файл → Профиль организации».")
            box.addWidget(intro)
        form = QFormLayout()
        current = load_profile(db) or Profile()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}
        for f in fields(Profile):
            edit = QLineEdit(getattr(current, f.name))
            edit.setPlaceholderText(_PLACEHOLDERS[f.name])
            edit.setAccessibleName(LABELS[f.name])
            error = ErrorLabel()
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(edit)
            cell.addWidget(error)
            label = QLabel(LABELS[f.name] + (" *" if f.name == "district" else "") + ":")
            label.setBuddy(edit)
            form.addRow(label, cell)
            self.edits[f.name], self.errors[f.name] = edit, error
        box.addLayout(form)
        add_footer(box, self, save=self._save)

    def profile(self) -> Profile:
        return Profile(**{name: edit.text().strip() for name, edit in self.edits.items()})

    def _save(self) -> None:
        profile = self.profile()
        problems = check_profile(profile)
        for name, error in self.errors.items():
            error.say(problems.get(name, ""))
        if problems:
            self.edits[next(iter(problems))].setFocus()
            return
        if attempt(self, "Профиль организации", lambda: self._store(profile)):
            self.accept()

    def _store(self, profile: Profile) -> bool:
        """Through the editor, with the profile as it was for undo; the first profile (nothing to go back to), or
        one stored with no quarter on screen, directly."""
        from model.quarter import edits

        db, editor, before = self.db, self.editor, load_profile(self.db)
        if profile == before:
            return True  # nothing changed: nothing to store or to undo
        if editor is None or editor.data is None or before is None:
            save_profile(db, profile)
            self.stored_aside = True
            return True
        editor.do("Профиль организации", lambda d: edits.set_profile(db, d, profile),
                  lambda d: edits.set_profile(db, d, before))
        return True
