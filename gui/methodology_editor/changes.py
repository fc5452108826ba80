"""The editor's page «Что изменено»: what the methodology being made changes against the version it started from —
the same lines `methodology install` prints (model/methodology/changes.py), grouped by section — and the button that
prints them as the annex to the ministry's order (model/reports/pdf_changes.py)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gui import file_dialogs
from gui.failure import attempt
from gui.style import MUTED
from gui.widgets.fields import hint_label, summary_label, tell_saved
from gui.widgets.page import button_row
from model.base.words import plural
from model.methodology.changes import Change, change_list
from model.methodology.types import Methodology

BROKEN = "Методика с ошибками: список изменений появится, когда их не останется"
NOTHING = "Изменений нет"


def pdf_name(new: Methodology) -> str:
    """The name the annex is offered under: «Изменения методики 2027.1.pdf» (a version is letters, digits, «.», «-»
    and «_»: a name any disk takes)."""
    return f"Изменения методики {new.version}.pdf"


def changes_html(found: list[Change]) -> str:
    """The changes as the page shows them: a heading for each group, numbered lines under it; every text escaped
    (a methodology's text is data, never markup)."""
    parts = ["<table width='100%' cellspacing='0' cellpadding='2'>"]
    group = None
    for n, change in enumerate(found, start=1):
        if change.group != group:
            group = change.group
            top = "8" if n > 1 else "0"
            parts.append(f"<tr><td colspan='3' style='padding-top: {top}px; font-size: large; font-weight: 600'>"
                         f"{escape(group)}</td></tr>")
        parts.append(f"<tr><td align='right' width='28' style='color: {MUTED}'>{n}.</td>"
                     f"<td width='80' style='color: {MUTED}'>{escape(change.place.capitalize())}</td>"
                     f"<td>{escape(change.what)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class ChangesPage(QWidget):
    """What changed, in words, against the version the methodology started from; «Сохранить в PDF…» writes the annex
    to the order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.old: Methodology | None = None
        self.new: Methodology | None = None
        self.found: list[Change] = []
        self.summary = summary_label()
        self.about = hint_label()
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName("Список изменений методики")
        self.save_button = QPushButton("Сохранить в PDF…")
        self.save_button.setToolTip("Записать список изменений в PDF — приложение к приказу министерства")
        self.save_button.clicked.connect(self.save_pdf)
        self.saved = hint_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.about)
        layout.addWidget(self.view, 1)
        self.blank = QWidget()  # takes the room while there is no list, so that the lines stay at the top
        layout.addWidget(self.blank, 1)
        buttons = button_row(self.save_button)
        buttons.addWidget(self.saved, 1)
        layout.addLayout(buttons)
        self.set_methodologies(None, None)

    def set_methodologies(self, old: Methodology | None, new: Methodology | None) -> None:
        """Show what `new` changes against `old`; new None: the methodology being edited has problems; old None: it
        started from nothing to compare with."""
        self.old, self.new = old, new
        self.found = change_list(old, new) if old is not None and new is not None else []
        self.saved.setText("")
        if new is None:
            self.summary.setText(BROKEN)
            self.about.setText("Исправьте ошибки, отмеченные на других страницах редактора.")
        elif old is None:
            self.summary.setText("Сравнивать не с чем: методика составлена не из прежней версии")
            self.about.setText(f"Методика {new.describe()}.")
        else:
            count = len(self.found)
            self.summary.setText(f"Изменения против версии {old.version}: {count} "
                                 f"{plural(count, 'изменение', 'изменения', 'изменений')}" if count else NOTHING)
            self.about.setText(f"Новая редакция: {new.describe()}.\nПрежняя редакция: {old.describe()}.")
        self.view.setHtml(changes_html(self.found))
        self.view.setVisible(bool(self.found))
        self.blank.setVisible(not self.found)
        self.save_button.setEnabled(bool(self.found))

    def lines(self) -> list[str]:
        """The changes as `methodology install` prints them."""
        return [c.line for c in self.found]

    def save_pdf(self) -> None:
        old, new = self.old, self.new
        if old is None or new is None or not self.found:
            return
        title = "Сохранить изменения в PDF"
        name = file_dialogs.save_name(self, title, pdf_name(new), "PDF (*.pdf)")
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        from model.reports.pdf_changes import write_changes_pdf

        written = attempt(self, title, lambda: write_changes_pdf(old, new, path), fault="записать файл", busy=True)
        if written is None:
            self.saved.setText("Приложение не записано.")
            return
        self.saved.setText(f"Записано: {written}")
        tell_saved(self, title, f"Приложение к приказу записано:\n{written}", str(written.parent))
