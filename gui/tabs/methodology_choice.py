"""Shown in place of a quarter's tabs while the quarter has no methodology to be scored with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.widgets.fields import hint_label
from model.methodology import Methodology


class MethodologyChoice(QWidget):
    """Says plainly why the quarter cannot be filled in yet, and offers the two ways out."""

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "Методики"

    def __init__(self, year: int, problem: str, offer: Methodology | None, on_install: Callable[[], None],
                 on_pick: Callable[[Methodology], None]) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 40, 40, 40)
        head = QLabel(f"Этот квартал пока нельзя заполнить: нет методики оценки на {year} год")
        head.setStyleSheet("font-size: 14pt; font-weight: 600;")
        box.addWidget(head)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("font-size: 11pt;")
        box.addWidget(self.problem)
        row = QHBoxLayout()
        self.install_button = QPushButton("Загрузить файл методики…")
        self.install_button.clicked.connect(on_install)
        row.addWidget(self.install_button)
        self.pick_button: QPushButton | None = None
        if offer is not None:
            self.pick_button = QPushButton(f"Считать {year} год по методике {offer.year} года "
                                           f"(версия {offer.version})")
            self.pick_button.setToolTip(offer.describe())
            self.pick_button.clicked.connect(lambda: on_pick(offer))
            row.addWidget(self.pick_button)
        row.addStretch(1)
        box.addLayout(row)
        if offer is not None:
            box.addWidget(hint_label(
                f"Последняя из имеющихся: {offer.describe()}. Выбор запоминается для всех кварталов этого года; "
                "когда регион пришлёт методику на этот год, новые кварталы будут считаться по ней."))
        box.addStretch(1)
