"""Adds or edits a service center: where it is, who hosts it, its schedule and its staff."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.dialog_parts import add_footer
from gui.widgets.fields import ErrorLabel
from model.areas.centers import Center, StaffMember, check_center
from model.errors import InputRefused


class CenterDialog(QDialog):
    """Returns the edited center through `center()` once the model's checks pass."""

    def __init__(self, center: Center | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = center or Center(id=None, settlement="")
        self.setWindowTitle("Центр обслуживания" if center else "Новый центр обслуживания")
        self.setMinimumWidth(720)
        box = QVBoxLayout(self)
        form = QFormLayout()
        c = self._original
        self.settlement = QLineEdit(c.settlement)
        self.settlement.setPlaceholderText("с. Калга")
        self.address = QLineEdit(c.address)
        self.address.setPlaceholderText("ул. Партизанская, 19")
        self.host = QLineEdit(c.host)
        self.host.setPlaceholderText("Администрация сельского поселения «Калгинское»")
        self.schedule = QLineEdit(c.schedule)
        self.schedule.setPlaceholderText("пн–пт 9:00–17:00, обед 13:00–14:00")
        self.published = QCheckBox("График опубликован на сайте")
        self.published.setChecked(c.schedule_published)
        self.link = QLineEdit(c.schedule_link)
        self.link.setPlaceholderText("https://… — страница с графиком работы")
        self.published.toggled.connect(self.link.setEnabled)
        self.link.setEnabled(c.schedule_published)
        form.addRow("Поселение *:", self.settlement)
        form.addRow("Адрес:", self.address)
        form.addRow("Организация, на базе которой работает центр:", self.host)
        form.addRow("График работы:", self.schedule)
        form.addRow("", self.published)
        form.addRow("Ссылка на график:", self.link)
        box.addLayout(form)

        self.staff = QTableWidget(0, 2)
        self.staff.setHorizontalHeaderLabels(["Сотрудник (Ф. И. О.)", "Есть бейдж"])
        self.staff.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.staff.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.staff.verticalHeader().hide()
        self.staff.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff.setMinimumHeight(120)
        for member in c.staff:
            self._add_staff(member)
        box.addWidget(self.staff)
        row = QHBoxLayout()
        add = QPushButton("Добавить сотрудника")
        add.clicked.connect(lambda: self._add_staff(StaffMember(""), edit=True))
        remove = QPushButton("Удалить сотрудника")
        remove.clicked.connect(lambda: self.staff.removeRow(self.staff.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        box.addLayout(row)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        for field in (self.settlement, self.address, self.host, self.schedule, self.link):
            field.textEdited.connect(self._recheck)
        self.published.toggled.connect(self._recheck)
        add_footer(box, self, save=self._accept)
        self._result: Center | None = None

    def _add_staff(self, member: StaffMember, edit: bool = False) -> None:
        row = self.staff.rowCount()
        self.staff.insertRow(row)
        self.staff.setItem(row, 0, QTableWidgetItem(member.name))
        badge = QTableWidgetItem()
        badge.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        badge.setCheckState(Qt.CheckState.Checked if member.has_badge else Qt.CheckState.Unchecked)
        self.staff.setItem(row, 1, badge)
        if edit:
            self.staff.setCurrentCell(row, 0)
            self.staff.editItem(self.staff.item(row, 0))

    def edited(self) -> Center:
        staff = tuple(StaffMember(self.staff.item(r, 0).text() if self.staff.item(r, 0) else "",
                                  self.staff.item(r, 1).checkState() == Qt.CheckState.Checked)
                      for r in range(self.staff.rowCount()))
        return replace(self._original, settlement=self.settlement.text(), address=self.address.text(),
                       host=self.host.text(), schedule=self.schedule.text(),
                       schedule_published=self.published.isChecked(), schedule_link=self.link.text(), staff=staff)

    def _accept(self) -> None:
        try:
            self._result = check_center(self.edited())
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self.accept()

    def _recheck(self) -> None:
        """While a refusal is shown, each correction checks again: the message goes once the center is right."""
        if not self.error.isVisible():
            return
        try:
            check_center(self.edited())
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        self.error.say("")

    def center(self) -> Center | None:
        return self._result
