"""Qt table models of the indicators tab: plan against fact by indicator, and the control points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gui.models import ANSWERED, FixedColumnsModel, replace_rows
from gui.style import ERROR, MUTED, OK, REGION_BG, WARN
from model.areas import indicators as ind
from model.areas.indicators import ControlPoint, Indicator, Value
from model.base.ru import (
    clean_text,
    format_date,
    format_number,
    format_percent,
    not_pasted,
    not_saved,
    parse_date,
    parse_number,
)
from model.errors import InputRefused

Index = QModelIndex | QPersistentModelIndex
STATUS_MARK = {ind.ACHIEVED: "✔ достигнут", ind.NOT_ACHIEVED: "✘ не достигнут", ind.NO_DATA: "— нет данных"}
STATUS_COLOUR = {ind.ACHIEVED: OK, ind.NOT_ACHIEVED: ERROR, ind.NO_DATA: MUTED}
VALUE_COLUMNS = ("№", "Наименование показателя", "Ед.", "Лучше", "Базовое", "План", "Факт", "Достижение,\u00a0%",
                 "Статус", "Комментарий")
PLAN, FACT, PERCENT, STATUS, COMMENT = 5, 6, 7, 8, 9


def _number_text(value: float | None, decimals: int) -> str:
    return "" if value is None else format_number(value, decimals)


class IndicatorValuesModel(FixedColumnsModel):
    """One row an indicator; plan, fact and comment of the chosen period are edited in place."""

    columns = VALUE_COLUMNS
    known_texts = {3: ("↑ больше", "↓ меньше"), STATUS: tuple(STATUS_MARK.values())}

    refused = Signal(str)

    def __init__(self, store: Callable[[dict[int, Value]], None]) -> None:
        super().__init__()
        self._store = store
        self.rows: list[Indicator] = []
        self.values: dict[int, Value] = {}
        self.composites: dict[int, str] = {}  # a composite's id → its breakdown, told on its fact
        self.region: dict[int, str] = {}  # an indicator's id → «задано регионом…» of its plan the region set
        self._results: dict[int, ind.Achievement] = {}  # a row's achievement, until the next reset

    def reset(self, rows: list[Indicator], values: dict[int, Value], composites: dict[int, str] | None = None,
              region: dict[int, str] | None = None) -> None:
        self.composites = composites or {}
        self.region = region or {}

        def put() -> None:
            self.rows, self.values, self._results = rows, values, {}
        replace_rows(self, [r.id for r in rows] == [r.id for r in self.rows], put)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = (PLAN, COMMENT) if self.rows[index.row()].id in self.composites else (PLAN, FACT, COMMENT)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in editable else base

    def value_of(self, row: int) -> Value:
        return self.values.get(self.rows[row].id or 0, Value())

    def _achievement(self, row: int) -> ind.Achievement:
        """The row's achievement, computed once a reset: a grid asks each cell for a dozen roles at every paint."""
        found = self._results.get(row)
        if found is None:
            found = self._results[row] = ind.achievement(self.value_of(row), self.rows[row].direction)
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in ANSWERED or not index.isValid():
            return None
        row, col = index.row(), index.column()
        indicator, value = self.rows[row], self.value_of(row)
        result = self._achievement(row) if col in (PERCENT, STATUS) else None
        if role == Qt.ItemDataRole.FontRole and not indicator.active:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == STATUS and result is not None:
                return QBrush(QColor(STATUS_COLOUR[result.status]))
            if col == PERCENT and result is not None and result.percent is not None:
                return QBrush(QColor(OK if result.status == ind.ACHIEVED else ERROR))
            if not indicator.active:
                return QBrush(QColor(MUTED))
        composite = indicator.id in self.composites
        if role == Qt.ItemDataRole.BackgroundRole and col == FACT and composite:
            return QBrush(QColor("#eef3fb"))  # computed, not typed
        if role == Qt.ItemDataRole.BackgroundRole and col == PLAN and indicator.id in self.region:
            return QBrush(QColor(REGION_BG))  # the region set it (its tooltip says so)
        if role == Qt.ItemDataRole.BackgroundRole and col in (PLAN, FACT) and indicator.active:
            missing = value.plan is None if col == PLAN else value.fact is None
            return QBrush(QColor("#fff6e5")) if missing else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, PLAN, FACT, PERCENT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return indicator.name
            if col == 3:
                return ind.DIRECTIONS[indicator.direction]
            if col == FACT and composite:
                return self.composites[indicator.id or 0]
            if col == PLAN and indicator.id in self.region:
                told = self.region[indicator.id or 0]
                return told[:1].upper() + told[1:]
            if col == PERCENT:
                return "факт / план × 100" if indicator.direction == "up" else "план / факт × 100"
            if col == COMMENT:
                return value.comment or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        d = indicator.decimals
        match col:
            case 0:
                return indicator.number
            case 1:
                return indicator.name + (" (составной)" if composite else "") + \
                    ("" if indicator.active else " (выведен из состава)")
            case 2:
                return indicator.unit
            case 3:
                return "↑ больше" if indicator.direction == "up" else "↓ меньше"
            case 4:
                return _number_text(indicator.base_value, d) or "—"
            case 5:
                return _number_text(value.plan, d)
            case 6:
                return _number_text(value.fact, d)
            case 7:
                return "" if result is None or result.percent is None else format_percent(result.percent)
            case 8:
                return "" if result is None else STATUS_MARK[result.status]
            case _:
                return value.comment

    @staticmethod
    def _changed(value: Value, col: int, text: str) -> Value:
        if col == COMMENT:
            return replace(value, comment=clean_text(text, "Комментарий"))
        number = parse_number(text)
        return replace(value, plan=number) if col == PLAN else replace(value, fact=number)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() not in (PLAN, FACT, COMMENT):
            return False
        row = index.row()
        try:
            self._store({self.rows[row].id or 0: self._changed(self.value_of(row), index.column(), str(value))})
        except InputRefused as exc:
            what = VALUE_COLUMNS[index.column()].lower()
            which = self.rows[row].number or self.rows[row].name[:30]
            self.refused.emit(not_saved(exc, f"Показатель {which}, {what}"))
            return False
        return True

    def paste(self, start: QModelIndex, block: list[list[str]]) -> None:
        """Paste plan / fact (/ comment) cells for several indicators; one bad cell refuses the block."""
        if not start.isValid() or not block:
            return
        changes: dict[int, Value] = {}
        try:
            for r, cells in enumerate(block):
                row = start.row() + r
                if row >= len(self.rows):
                    raise InputRefused(f"строк во вставке ({len(block)}) больше, чем показателей ниже курсора")
                for c, text in enumerate(cells):
                    col = start.column() + c
                    if col not in (PLAN, FACT, COMMENT):
                        raise InputRefused("вставлять можно в столбцы «План», «Факт» и «Комментарий»")
                    indicator_id = self.rows[row].id or 0
                    if col == FACT and indicator_id in self.composites:
                        raise InputRefused(f"факт показателя {self.rows[row].number} рассчитывается из его состава")
                    current = changes.get(indicator_id, self.value_of(row))
                    try:
                        changes[indicator_id] = self._changed(current, col, text)
                    except InputRefused as exc:
                        raise InputRefused(f"{self.place(row, col)}: {exc}") from None
            self._store(changes)
        except InputRefused as exc:
            self.refused.emit(not_pasted(exc))

    def clear(self, indexes: list[QModelIndex]) -> None:
        changes: dict[int, Value] = {}
        for i in indexes:
            if i.isValid() and i.column() in (PLAN, FACT, COMMENT) and \
                    not (i.column() == FACT and self.rows[i.row()].id in self.composites):
                indicator_id = self.rows[i.row()].id or 0
                current = changes.get(indicator_id, self.value_of(i.row()))
                field = {PLAN: "plan", FACT: "fact", COMMENT: "comment"}[i.column()]
                changes[indicator_id] = replace(current, **{field: "" if i.column() == COMMENT else None})
        if changes:
            try:
                self._store(changes)
            except InputRefused as exc:
                self.refused.emit(str(exc))


POINT_COLUMNS = ("№", "Контрольная точка", "Срок", "Выполнено", "Статус", "Комментарий")
POINT_STATUS_COLOUR = {ind.ON_TIME: OK, ind.LATE: WARN, ind.OVERDUE: ERROR, ind.PENDING: MUTED}


class ControlPointsModel(FixedColumnsModel):
    """Control points with their due and done dates; status follows from today's date."""

    columns = POINT_COLUMNS
    known_texts = {4: tuple(POINT_STATUS_COLOUR)}

    refused = Signal(str)

    def __init__(self, store: Callable[[ControlPoint], None], today: Callable[[], date]) -> None:
        super().__init__()
        self._store, self.today = store, today
        self.points: list[ControlPoint] = []

    def reset(self, points: list[ControlPoint]) -> None:
        def put() -> None:
            self.points = points
        replace_rows(self, [p.id for p in points] == [p.id for p in self.points], put)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.points)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (1, 2, 3, 5) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role not in ANSWERED:
            return None
        point, col = self.points[index.row()], index.column()
        status = ind.point_status(point, self.today()) if col == 4 else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(POINT_STATUS_COLOUR[status]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return point.title
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        return (str(index.row() + 1), point.title, format_date(point.due), format_date(point.done), status,
                point.comment)[col]

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() not in (1, 2, 3, 5):
            return False
        point, text = self.points[index.row()], str(value).strip()
        try:
            match index.column():
                case 1:
                    new = replace(point, title=text)
                case 2:
                    new = replace(point, due=parse_date(text))
                case 3:
                    new = replace(point, done=parse_date(text) if text else None)
                case _:
                    new = replace(point, comment=text)
            self._store(new)
        except InputRefused as exc:
            self.refused.emit(not_saved(exc, f"Контрольная точка {index.row() + 1}"))
            return False
        return True

    def clear(self, indexes: list[QModelIndex]) -> None:
        for i in indexes:
            if i.isValid() and i.column() in (3, 5):
                self.setData(i, "")
