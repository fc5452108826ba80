"""A tab whose feature is not built yet: it says so plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.style import MUTED


class NotYetTab(QWidget):
    def __init__(self, title: str, promise: str) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.addStretch(1)
        head = QLabel(f"Раздел «{title}» пока не работает")
        head.setStyleSheet("font-size: 15pt; font-weight: 600;")
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(f"Он появится в одной из следующих версий программы. Здесь будет: {promise}\n\n"
                      "Сейчас в этой вкладке ничего не вводится и не сохраняется.")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet(f"color: {MUTED};")
        font = text.font()
        font.setPointSize(11)  # a font, not a style sheet: the layout must measure the wrapped text in it
        text.setFont(font)
        text.setFixedWidth(720)
        box.addWidget(head)
        row = QHBoxLayout()  # no alignment flag on the label: with one, the layout ignores its height-for-width
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)


PLACEHOLDERS = (
    ("Отчёты", "печатная форма отчёта (PDF) с подписью главы, книга Excel для региона, предварительный "
     "просмотр, печать и подготовка письма в регион."),
)
