"""«Показатели → Контрольные точки»: what is due when, and when it was done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.editor import Editor
from gui.models.indicators import ControlPointsModel
from gui.widgets.fields import DateField, hint_label, say_date, summary_label
from gui.widgets.page import page_grid
from model.areas import indicators as ind
from model.areas.indicators import ControlPoint
from model.base.ru import unbroken
from model.errors import InputRefused
from model.quarter import edits
from model.quarter.change import Change
from model.quarter.quarter import Quarter


class ControlPointsPage(QWidget):
    """Control points: what is due when and when it was done; on time, late or overdue by today's date."""

    def __init__(self, editor: Editor, today: Callable[[], date]) -> None:
        super().__init__()
        self.editor, self.db, self.today = editor, editor.db, today
        layout = QVBoxLayout(self)
        self.summary = summary_label(wrap=False)
        layout.addWidget(self.summary)
        add_row = QHBoxLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("Новая контрольная точка: в чём она состоит")
        self.title.returnPressed.connect(self.add_point)
        self.due = DateField("Срок контрольной точки", quarter=lambda: editor.quarter.period)
        self.due.edited.connect(lambda: say_date(self.due, self.error, "Срок контрольной точки"))
        self.due.returned.connect(self.add_point)  # Enter in either field of the new point adds it
        add = QPushButton("Добавить")
        add.clicked.connect(self.add_point)
        remove = QPushButton("Удалить выбранную")
        remove.clicked.connect(self.remove_point)
        add_row.addWidget(self.title, 1)
        add_row.addWidget(QLabel("срок:"))
        add_row.addWidget(self.due)
        add_row.addWidget(add)
        add_row.addWidget(remove)
        layout.addLayout(add_row)
        self.model = ControlPointsModel(self.store_point, today)
        self.view, self.error = page_grid(self.model, "Контрольные точки", stretch=(1,))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        hint = hint_label("Даты — дд.мм.гггг. Статус считается по сегодняшней дате: в срок, с опозданием, "
                      "просрочена, в работе. Чтобы отметить выполнение, впишите дату в столбец «Выполнено».")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.refresh()

    def reload(self) -> None:
        """Read the control points again from the database and show them."""
        self.editor.reread("control_point")

    def refresh(self) -> None:
        """Show the control points as the quarter's data in memory holds them."""
        points = self.editor.quarter.control_points
        self.model.reset(points)
        self.summary.setText(unbroken("Контрольные точки: " + (ind.points_summary(points, self.today()) if points
                                                                 else "пока нет ни одной")))

    def _do(self, text: str, step, inverse) -> object:  # type: ignore[no-untyped-def]
        """Store an action; a refusal is said under the grid and changes nothing."""
        return self.editor.do_or_say(self.error.say, text, step, inverse)

    def store_point(self, point: ControlPoint) -> None:
        db, today = self.db, self.today()
        old = next(p for p in self.model.points if p.id == point.id)
        self.editor.do("Контрольная точка", lambda d: edits.save_point(db, d, point, today),
                       lambda d: edits.save_point(db, d, old, today))
        self.error.say("")

    def add_point(self) -> None:
        db, today = self.db, self.today()
        try:
            due = self.due.value()
            if due is None:
                raise InputRefused("Укажите срок контрольной точки: дд.мм.гггг")
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        new = ControlPoint(None, self.title.text(), due)
        stored: list[ControlPoint] = []  # as first stored: redo puts it back under the same id

        def add(data: Quarter) -> Change:
            if stored:
                return edits.save_point(db, data, stored[0], today)[0]
            change, point_id = edits.save_point(db, data, new, today)
            stored.append(next(p for p in data.control_points if p.id == point_id))
            return change

        if self._do("Новая контрольная точка", add, lambda data: edits.delete_point(db, data, stored[0].id or 0)):
            self.title.clear()
            self.due.set_value(None)

    def remove_point(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(self.model.points):
            return
        db, point, today = self.db, self.model.points[row], self.today()
        self._do("Удаление контрольной точки", lambda d: edits.delete_point(db, d, point.id or 0),
                 lambda d: edits.save_point(db, d, point, today))
