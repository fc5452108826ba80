"""Chooses the members of a composite indicator and their weights (seed 001's «цифровая зрелость»)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel, hint_label
from model.areas import indicators as ind
from model.areas.indicators import Composite, Indicator, Member
from model.base.ru import format_number, parse_number
from model.errors import InputRefused

USE, NUMBER, NAME, WEIGHT = range(4)


class CompositeDialog(QDialog):
    """A row per indicator that may join: ticked ones are members, with a weight each; `composite()` gives the
    result once the model's checks pass (no ticks: the indicator is an ordinary one again)."""

    def __init__(self, whole: Indicator, candidates: list[Indicator], current: Composite | None,
                 others: dict[int, Composite], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole, self._candidates, self._others = whole, candidates, others
        self._result: Composite | None = None
        self.setWindowTitle(f"Состав показателя «{whole.number or whole.name[:40]}»")
        self.setMinimumWidth(760)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(f"Значение показателя «{whole.number or whole.name[:60]}» — среднее достижение отмеченных "
                             "показателей, взвешенное по весам."))
        weights = {m.indicator_id: m.weight for m in (current.members if current else ())}
        self.table = QTableWidget(len(candidates), 4)
        self.table.setHorizontalHeaderLabels(["В составе", "№", "Показатель", "Вес"])
        self.table.setAccessibleName("Показатели состава и их веса")
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)  # a long name whole, in as many lines as it takes
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, candidate in enumerate(candidates):
            use = QTableWidgetItem()
            use.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            use.setCheckState(Qt.CheckState.Checked if candidate.id in weights else Qt.CheckState.Unchecked)
            self.table.setItem(row, USE, use)
            for col, value in ((NUMBER, candidate.number), (NAME, candidate.name)):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(candidate.name)
                self.table.setItem(row, col, item)
            self.table.setItem(row, WEIGHT, QTableWidgetItem(format_number(weights.get(candidate.id or 0, 1.0))))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in (USE, NUMBER, WEIGHT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.table, 1)
        self.cap = QCheckBox("Учитывать достижение каждого показателя не более чем на 100 %")
        self.cap.setChecked(current is None or current.cap is not None)
        box.addWidget(self.cap)
        box.addWidget(hint_label("Составной показатель не входит в состав другого; сам он в своём составе не "
                                 "бывает. Снимите все отметки, чтобы показатель снова вводился вручную."))
        self.error = ErrorLabel()
        box.addWidget(self.error)
        add_footer(box, self, save=self._accept, save_text="Сохранить состав")

    def _members(self) -> tuple[Member, ...]:
        members = []
        for row, candidate in enumerate(self._candidates):
            if self.table.item(row, USE).checkState() != Qt.CheckState.Checked:
                continue
            text = self.table.item(row, WEIGHT).text()
            try:
                weight = parse_number(text)
            except InputRefused as exc:
                raise InputRefused(f"Вес показателя {candidate.number or candidate.name[:30]}: {exc}") from None
            if weight is None:
                raise InputRefused(f"Укажите вес показателя {candidate.number or candidate.name[:30]}")
            members.append(Member(candidate.id or 0, weight))
        return tuple(members)

    def _accept(self) -> None:
        try:
            composite = Composite(self._whole.id or 0, self._members(), 100.0 if self.cap.isChecked() else None)
            ind.check_composite(composite, [self._whole, *self._candidates], self._others)
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self._result = composite
        self.accept()

    def composite(self) -> Composite | None:
        return self._result
