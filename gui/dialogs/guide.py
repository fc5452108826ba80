"""«Справка → Руководство» (F1): the user guide shipped with the program, open at the section asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QSplitter, QTextBrowser, QWidget

from gui.widgets.screen import fit_to_screen
from model.base.resources import resource_path

GUIDE = ("guide", "user-guide.md")


class GuideWindow(QDialog):
    """The guide beside its contents; stays open beside the main window while the user works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Руководство пользователя")
        self.setWindowFlag(Qt.WindowType.Window)  # its own window: the main one stays usable
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName("Текст руководства")
        self.text.document().setDocumentMargin(16)
        self.text.setMarkdown(resource_path(*GUIDE).read_text(encoding="utf-8"))
        self.headings = self._headings(self.text.document())
        self.contents = QListWidget()
        self.contents.setAccessibleName("Разделы руководства")
        self.contents.addItems(list(self.headings))
        self.contents.currentTextChanged.connect(self._scroll_to)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640])
        box = QHBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(splitter)
        fit_to_screen(self, 900, 640)

    @staticmethod
    def _headings(document: QTextDocument) -> dict[str, QTextBlock]:
        """The guide's sections (second-level headings) by their titles, in order."""
        found = {}
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() == 2:
                found[block.text().strip()] = block
            block = block.next()
        return found

    def in_view(self, title: str) -> bool:
        """Whether the section's heading is on screen."""
        top = self.text.document().documentLayout().blockBoundingRect(self.headings[title]).top()
        scrolled = self.text.verticalScrollBar().value()
        return scrolled <= top < scrolled + self.text.viewport().height() - 20

    def open_at(self, section: str | None) -> None:
        """Show the window with the section at the top (or the start, for a section the guide lacks)."""
        self.show()
        self.raise_()
        self.activateWindow()
        row = list(self.headings).index(section) if section in self.headings else -1
        if row >= 0 and self.contents.currentRow() == row:
            self._scroll_to(section)  # type: ignore[arg-type]
        self.contents.setCurrentRow(row)
        if row < 0:
            self.text.verticalScrollBar().setValue(0)

    def _scroll_to(self, title: str) -> None:
        block = self.headings.get(title)
        if block is not None:
            top = self.text.document().documentLayout().blockBoundingRect(block).top()
            self.text.verticalScrollBar().setValue(round(top))
