"""Shown in place of a quarter's tabs while the quarter has no methodology to be scored with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from gui.style import restyle
from gui.widgets.fields import hint_label
from model.methodology import Methodology


class MethodologyChoice(QWidget):
    """Says plainly why the quarter cannot be filled in yet, and offers the two ways out."""

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "Методики"

    def __init__(self, year: int, problem: str, offers: list[Methodology], on_install: Callable[[], None],
                 on_pick: Callable[[Methodology], None]) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 40, 40, 40)
        head = QLabel(f"Этот квартал пока нельзя заполнить: нет методики оценки на {year} год")
        restyle(head, "font-size: 14pt; font-weight: 600;")
        head.setWordWrap(True)
        box.addWidget(head)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        restyle(self.problem, "font-size: 11pt;")
        box.addWidget(self.problem)
        self.install_button = QPushButton("Загрузить файл методики…")
        self.install_button.clicked.connect(on_install)
        box.addWidget(self.install_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.pick_buttons: list[QPushButton] = []
        if offers:
            box.addWidget(hint_label(f"Или считайте {year} год по одной из имеющихся методик (первой идёт "
                                     "ближайшая к нему):"))
        for offer in offers:
            button = QPushButton(f"Считать {year} год по методике {_of_years(offer)} (версия {offer.version})")
            button.setToolTip(offer.describe())
            button.clicked.connect(lambda _=False, offer=offer: on_pick(offer))
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.pick_buttons.append(button)
        self.pick_button = self.pick_buttons[0] if self.pick_buttons else None
        if offers:
            box.addWidget(hint_label("Выбор запоминается для всех кварталов этого года; когда регион пришлёт методику "
                                     "на этот год, новые кварталы будут считаться по ней."))
        box.addStretch(1)


def _of_years(methodology: Methodology) -> str:
    """«2018 года», «2026, 2027 годов»."""
    years = ", ".join(str(y) for y in methodology.years)
    return f"{years} {'года' if len(methodology.years) == 1 else 'годов'}"
