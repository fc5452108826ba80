"""«Регистрации в ЕСИА»: the year's plan, month by month, its completion, and a chart against the target."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.editor import Editor
from gui.fields import CountField, ErrorLabel, hint_label
from gui.grid import GridView
from gui.style import ACCENT, ERROR, MUTED, OK
from model import edits, esia
from model.esia import MONTHS, EsiaFigures, EsiaPlan
from model.ru import (
    InputRefused,
    format_count,
    format_date,
    format_number,
    format_percent,
    parse_count,
    parse_date,
    parse_non_negative,
)

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Месяц", "Регистраций", "План на месяц", "% за месяц", "С начала года", "% с начала года")


class EsiaMonthsModel(QAbstractTableModel):
    """Twelve months: registrations (editable) and what follows from them."""

    refused = Signal(str)

    def __init__(self, store_months: Callable[[dict[int, int | None]], None]) -> None:
        super().__init__()
        self._store = store_months
        self.plan = EsiaPlan(2000)
        self.figures = esia.compute(self.plan)

    def reset(self, plan: EsiaPlan) -> None:
        # Same twelve rows: announce changed data, not a reset, which would tear down an open cell editor.
        self.plan, self.figures = plan, esia.compute(plan)
        self.dataChanged.emit(self.index(0, 0), self.index(11, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 12

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        month, col = index.row() + 1, index.column()
        f = self.figures
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col in (3, 5):
            value = f.month_pct[month] if col == 3 else f.to_date_pct[month]
            if value is not None:
                expected = 100.0 if col == 3 else month / 12 * 100
                return QBrush(QColor(OK if value >= expected else ERROR))
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and f.to_date_pct[month] is not None:
            return f"К концу месяца по плану: {format_percent(month / 12 * 100)} %"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if col == 0:
            return MONTHS[month - 1].capitalize()
        if col == 1:
            value = self.plan.months.get(month)
            return "" if value is None else format_count(value)
        if col == 2:
            return "" if f.monthly_target is None else format_number(f.monthly_target, 2)
        if col == 3:
            return "" if f.month_pct[month] is None else format_percent(f.month_pct[month])
        if col == 4:
            return "" if f.to_date[month] is None else format_count(f.to_date[month])
        return "" if f.to_date_pct[month] is None else format_percent(f.to_date_pct[month])

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            self._store({index.row() + 1: parse_count(str(value))})
        except InputRefused as exc:
            self.refused.emit(f"{MONTHS[index.row()].capitalize()}: {exc}")
            return False
        return True

    def paste(self, start: QModelIndex, rows: list[list[str]]) -> None:
        """Paste a column of registrations (a row of twelve cells is taken as well); all or nothing."""
        if not start.isValid() or not rows:
            return
        cells = [row[0] for row in rows] if all(len(r) == 1 for r in rows) else rows[0] if len(rows) == 1 else None
        if cells is None or start.column() != 1:
            self.refused.emit("Вставка не выполнена: вставляйте один столбец (или одну строку) чисел регистраций "
                              "в столбец «Регистраций»")
            return
        if start.row() + len(cells) > 12:
            self.refused.emit(f"Вставка не выполнена: {len(cells)} чисел не помещаются, начиная с месяца "
                              f"«{MONTHS[start.row()]}»")
            return
        values: dict[int, int | None] = {}
        for offset, text in enumerate(cells):
            month = start.row() + 1 + offset
            try:
                values[month] = parse_count(text)
            except InputRefused as exc:
                self.refused.emit(f"Вставка не выполнена: {MONTHS[month - 1]} — {exc}")
                return
        try:
            self._store(values)
        except InputRefused as exc:
            self.refused.emit(f"Вставка не выполнена: {exc}")

    def clear(self, indexes: list[QModelIndex]) -> None:
        months = {i.row() + 1: None for i in indexes if i.isValid() and i.column() == 1}
        if months:
            self._store(months)


class RegistrationsChart(QWidget):
    """Registered in ESIA, cumulative by month, against the straight line from R0 to the year's target."""

    def __init__(self) -> None:
        super().__init__()
        self.plan = EsiaPlan(2000)
        self.figures: EsiaFigures | None = None
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("График: зарегистрированные нарастающим итогом и целевая линия")

    def show_plan(self, plan: EsiaPlan, figures: EsiaFigures) -> None:
        self.plan, self.figures = plan, figures
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        r0, target = self.plan.registered_start, self.plan.target_end
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.drawText(QRectF(10, 4, self.width() - 20, 20), Qt.AlignmentFlag.AlignLeft,
                   f"Зарегистрировано в ЕСИА нарастающим итогом, {self.plan.year} год")
        p.setFont(self.font())
        if r0 is None or target is None or self.figures is None:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Введите число зарегистрированных на конец прошлого года\nи целевой показатель — "
                       "появится график")
            return
        actual = {k: r0 + v for k, v in self.figures.to_date.items() if v is not None}
        step = nice_step((max([target, r0, *actual.values()]) - min([r0, *actual.values()])) / 4)
        bottom = math.floor(min([r0, *actual.values()]) / step) * step
        top = math.ceil(max([target, r0, *actual.values()]) / step) * step
        ticks = int(round((top - bottom) / step))
        left, right, upper, lower = 70.0, self.width() - 16.0, 34.0, self.height() - 64.0

        def x(month: float) -> float:
            return left + (right - left) * month / 12

        def y(value: float) -> float:
            return lower - (lower - upper) * (value - bottom) / max(top - bottom, 1)

        p.setPen(QPen(QColor("#d0d7e2"), 1))
        for tick in range(ticks + 1):
            value = bottom + step * tick
            p.drawLine(QPointF(left, y(value)), QPointF(right, y(value)))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y(value) - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, format_count(round(value)))
            p.setPen(QPen(QColor("#d0d7e2"), 1))
        p.setPen(QColor(MUTED))
        for month in range(1, 13):
            p.drawText(QRectF(x(month) - 18, lower + 4, 36, 16), Qt.AlignmentFlag.AlignCenter, MONTHS[month - 1][:3])
        target_pen = QPen(QColor(ERROR), 2, Qt.PenStyle.DashLine)
        p.setPen(target_pen)
        p.drawLine(QPointF(x(0), y(r0)), QPointF(x(12), y(target)))
        if actual:
            path = QPainterPath(QPointF(x(0), y(r0)))
            for month in sorted(actual):
                path.lineTo(QPointF(x(month), y(actual[month])))
            p.setPen(QPen(QColor(ACCENT), 3))
            p.drawPath(path)
            p.setBrush(QColor(ACCENT))
            for month in sorted(actual):
                p.drawEllipse(QPointF(x(month), y(actual[month])), 3.5, 3.5)
        legend = ((QPen(QColor(ACCENT), 3), "зарегистрировано нарастающим итогом"),
                  (target_pen, f"целевая линия: от {format_count(r0)} к {format_number(target, 0)} на конец года"))
        for row, (pen, text) in enumerate(legend):
            legend_y = self.height() - 34.0 + 18 * row
            p.setPen(pen)
            p.drawLine(QPointF(left, legend_y), QPointF(left + 24, legend_y))
            p.setPen(QColor("black"))
            p.drawText(QPointF(left + 30, legend_y + 5), text)


def nice_step(raw: float) -> float:
    """A round step for axis ticks (1, 2 or 5 times a power of ten) not smaller than raw."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


class EsiaPage(QWidget):
    """Edits the year's registrations plan; each accepted value is stored at once, with undo."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor, self.db, self.year = editor, editor.db, editor.quarter.period.year
        self.plan = editor.quarter.esia_plan
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 11pt; font-weight: 600;")
        left.addWidget(self.title)
        inputs = QGroupBox("Исходные данные на год")
        form = QVBoxLayout(inputs)
        self.fields: dict[str, CountField] = {}
        for key, label in esia.FIELDS.items():
            parse = parse_non_negative if key == "target_end" else parse_count
            show = (lambda v: format_number(v, 2)) if key == "target_end" else format_count
            field = CountField(label, "", self._field_store(key), parse=parse, show=show)
            field.committed.connect(editor.seal)
            self.fields[key] = field
            form.addWidget(field)
        as_of_row = QFormLayout()
        self.as_of = QLineEdit()
        self.as_of.setPlaceholderText("дд.мм.гггг")
        self.as_of.setMaximumWidth(180)
        self.as_of.setAccessibleName("Дата, на которую указано «всего зарегистрировано»")
        self.as_of.editingFinished.connect(self._as_of_edited)
        as_of_row.addRow("«Всего зарегистрировано» — по состоянию на:", self.as_of)
        form.addLayout(as_of_row)
        self.form_error = ErrorLabel()
        form.addWidget(self.form_error)
        left.addWidget(inputs)
        self.model = EsiaMonthsModel(self.store_months)
        self.model.refused.connect(lambda m: self.table_error.say(m))
        self.view = GridView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Регистрации по месяцам")
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(330)
        left.addWidget(self.view, 1)
        self.table_error = ErrorLabel()
        left.addWidget(self.table_error)
        hint = hint_label("Числа можно вставить из Excel: скопируйте столбец ячеек и нажмите Ctrl+V на нужном месяце.")
        hint.setWordWrap(True)
        left.addWidget(hint)
        layout.addLayout(left, 3)
        right = QVBoxLayout()
        self.figures_label = QLabel()
        self.figures_label.setWordWrap(True)
        self.figures_label.setTextFormat(Qt.TextFormat.PlainText)
        self.figures_label.setStyleSheet("font-size: 11pt;")
        right.addWidget(self.figures_label)
        self.chart = RegistrationsChart()
        right.addWidget(self.chart, 1)
        layout.addLayout(right, 2)
        self.refresh()

    def reload(self) -> None:
        """Read the year's plan again from the database and show it."""
        self.editor.reread("esia")

    def refresh(self) -> None:
        """Show the year's plan as the quarter's data in memory holds it."""
        self.plan = self.editor.quarter.esia_plan
        self.title.setText(f"План регистраций в ЕСИА на {self.year} год")
        for key, field in self.fields.items():
            field.show_value(getattr(self.plan, key))
        if not self.as_of.hasFocus():
            self.as_of.setText(format_date(self.plan.total_as_of))
        current = self.view.currentIndex()
        self.model.reset(self.plan)
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        f = self.model.figures
        lines = [
            "Целевой показатель на год (Y = T − R0): "
            + ("—" if f.year_target is None else format_number(f.year_target, 2)),
            "План на месяц (Y / 12): " + ("—" if f.monthly_target is None else format_number(f.monthly_target, 2)),
        ]
        last = max((k for k, v in f.to_date.items() if v is not None and k in self.plan.months), default=None)
        if last is not None and f.to_date_pct[last] is not None:
            expected = last / 12 * 100
            lag = f.to_date_pct[last] - expected  # type: ignore[operator]
            lines.append(f"Выполнение с начала года по {MONTHS[last - 1]}: {format_percent(f.to_date_pct[last])} % "
                         f"при плане {format_percent(expected)} % — "
                         + ("опережение" if lag >= 0 else "отставание") + f" на {format_percent(abs(lag))} п. п.")
        lines.append("Зарегистрировано от численности населения: "
                     + ("—" if f.share_pct is None else f"{format_percent(f.share_pct)} %")
                     + ("" if f.per_1000 is None else f"; на 1000 жителей: {format_percent(f.per_1000)}"))
        self.figures_label.setText("\n".join(lines))
        self.chart.show_plan(self.plan, f)

    # -- writing -------------------------------------------------------------------------------------------
    def _save(self, new: EsiaPlan, text: str, merge_key: str | None = None) -> None:
        db, old = self.db, self.plan
        self.editor.do(text, lambda d: edits.save_esia(db, d, new), lambda d: edits.save_esia(db, d, old), merge_key)

    def _field_store(self, key: str) -> Callable[[float | None], None]:
        def store(value: float | None) -> None:
            self._save(replace(self.plan, **{key: value}), f"ЕСИА {self.year}: {esia.FIELDS[key].lower()}",
                       merge_key=f"esia:{self.year}:{key}")
        return store

    def _as_of_edited(self) -> None:
        text = self.as_of.text().strip()
        try:
            day = parse_date(text) if text else None
            if day != self.plan.total_as_of:
                self._save(replace(self.plan, total_as_of=day), f"ЕСИА {self.year}: дата итога")
        except InputRefused as exc:
            self.form_error.say(f"Не сохранено: {exc}")
            return
        self.form_error.say("")

    def store_months(self, values: dict[int, int | None]) -> None:
        months = dict(self.plan.months)
        for month, value in values.items():
            if value is None:
                months.pop(month, None)
            else:
                months[month] = value
        self._save(replace(self.plan, months=months), f"ЕСИА {self.year}: регистрации по месяцам")
        self.table_error.say("")
