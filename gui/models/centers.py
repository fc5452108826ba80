"""Qt table model of the centers' quarter: one row a center, its four checks of 1.2 and its operations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gui.models import ANSWERED, replace_rows
from gui.style import MUTED, OK, WARN
from model.areas.centers import OPERATIONS, Center, CenterQuarter, card_says
from model.base.ru import format_count, not_pasted, not_saved, parse_count
from model.errors import InputRefused
from model.methodology import InputField

Index = QModelIndex | QPersistentModelIndex
_NOTHING = CenterQuarter()  # a center with nothing recorded this quarter (only read)


class CentersQuarterModel(QAbstractTableModel):
    """Rows are centers; columns: settlement, address, the requirements (check boxes), n, operations."""

    refused = Signal(str)

    def __init__(self, requirements: tuple[InputField, ...],
                 record_checks: Callable[[int, dict[str, bool]], None],
                 record_operations: Callable[[list[tuple[int, str, int | None]]], None]) -> None:
        super().__init__()
        self.requirements = requirements
        self._record_checks, self._record_operations = record_checks, record_operations
        self.centers: list[Center] = []
        self.quarter: dict[int, CenterQuarter] = {}
        self.previous: dict[int, dict[str, bool]] = {}
        self.first_req = 2
        self.n_col = self.first_req + len(requirements)
        self.first_op = self.n_col + 1
        self.kinds = list(OPERATIONS)
        self.known_texts = {self.n_col: ("не проверен", str(len(requirements)))}  # widths set for both at once

    def reset(self, centers: list[Center], quarter: dict[int, CenterQuarter],
              previous: dict[int, dict[str, bool]] | None = None) -> None:
        self.previous = previous or {}

        def put() -> None:
            self.centers, self.quarter = centers, quarter
        replace_rows(self, [c.id for c in centers] == [c.id for c in self.centers], put)

    # -- shape ---------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.centers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.first_op + len(self.kinds)

    def place(self, row: int, column: int) -> str:
        """Where a pasted cell landed: the center and the column's heading."""
        return f"«{self.centers[row].title()}», столбец «{self.heading(column)}»"

    def heading(self, column: int) -> str:
        """The column's heading on one line (the grid breaks it between words)."""
        return " ".join(str(self.headerData(column, Qt.Orientation.Horizontal) or "").split("\n"))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Поселение"
            if section == 1:
                return "Адрес"
            if self.first_req <= section < self.n_col:
                field = self.requirements[section - self.first_req]
                return field.short or f"Требование {section - self.first_req + 1}"
            if section == self.n_col:
                return "Выполнено"
            if section >= self.first_op:
                return ("Регистрация", "Подтверждение", "Восстановление", "Удаление")[section - self.first_op]
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.first_req <= section < self.n_col:
                return self.requirements[section - self.first_req].label
            if section == self.n_col:
                return "Сколько требований пункта 1.2 выполнено"
            if section >= self.first_op:
                return f"Операций за квартал: {OPERATIONS[self.kinds[section - self.first_op]].lower()}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.first_req <= index.column() < self.n_col:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() >= self.first_op:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- reading -------------------------------------------------------------------------------------------
    def shown_met(self, row: int, field: InputField) -> bool:
        """A requirement as recorded; before this quarter's first record, as suggested — as the center's card says
        (badges, the published schedule), otherwise as the quarter before recorded it. The grid shows a suggestion
        as a half-filled box, not a tick: until it is recorded, item 1.2 does not count it."""
        check = self.quarter.get(self.centers[row].id or 0, _NOTHING).checks.get(field.key)
        if check is not None:
            return check.met
        card = card_says(self.centers[row], field.from_center)
        if card is not None:
            return card
        return self.previous.get(self.centers[row].id or 0, {}).get(field.key, False)

    def checks_of(self, row: int) -> dict[str, bool] | None:
        """The row's four checks, or None while the center has not been checked this quarter."""
        center = self.centers[row]
        recorded = self.quarter.get(center.id or 0, _NOTHING).checks
        keys = [f.key for f in self.requirements]
        if not all(k in recorded for k in keys):
            return None
        return {k: recorded[k].met for k in keys}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in ANSWERED or not index.isValid():
            return None
        row, col = index.row(), index.column()
        center = self.centers[row]
        quarter = self.quarter.get(center.id or 0, _NOTHING)
        if role == Qt.ItemDataRole.FontRole and not center.active:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if not center.active:
                return QBrush(QColor(MUTED))
            if col == self.n_col:
                return QBrush(QColor(OK if self.checks_of(row) is not None else WARN))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.n_col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == 0 and role == Qt.ItemDataRole.DisplayRole:
            return center.settlement + ("" if center.active else " (неактивен)")
        if col == 1 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return center.address
        if self.first_req <= col < self.n_col:
            field = self.requirements[col - self.first_req]
            check = quarter.checks.get(field.key)
            if role == Qt.ItemDataRole.CheckStateRole:
                if check is not None:
                    return Qt.CheckState.Checked if check.met else Qt.CheckState.Unchecked
                return Qt.CheckState.PartiallyChecked if self.shown_met(row, field) else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                if check is not None:
                    return "выполнено" if check.met else "не выполнено"
                if not self.shown_met(row, field):
                    return "не проверено в этом квартале"
                where = "по карточке центра" if card_says(center, field.from_center) else "в прошлом квартале"
                return (f"не проверено в этом квартале ({where} — выполнено): в пункт 1.2 не входит, пока не записано "
                        "— отметьте или нажмите «Проверено: отметить как есть»")
        if col == self.n_col:
            checks = self.checks_of(row)
            if role == Qt.ItemDataRole.DisplayRole:
                return "не проверен" if checks is None else str(sum(checks.values()))
            if role == Qt.ItemDataRole.ToolTipRole and checks is None:
                return "Отметьте выполненные требования (или нажмите «Проверено»), чтобы центр вошёл в пункт 1.2"
        if col >= self.first_op and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = quarter.operations.get(self.kinds[col - self.first_op])
            return format_count(value) if value is not None else ""
        return None

    # -- writing -------------------------------------------------------------------------------------------
    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        row, col = index.row(), index.column()
        try:
            if self.first_req <= col < self.n_col and role == Qt.ItemDataRole.CheckStateRole:
                self.record_row(row, {self.requirements[col - self.first_req].key:
                                      Qt.CheckState(value) == Qt.CheckState.Checked})
                return True
            if col >= self.first_op and role == Qt.ItemDataRole.EditRole:
                count = parse_count(str(value))
                self._record_operations([(self.centers[row].id or 0, self.kinds[col - self.first_op], count)])
                return True
        except InputRefused as exc:
            self.refused.emit(not_saved(exc, f"{self.centers[row].settlement}, {self.heading(col).lower()}"))
        return False

    def record_row(self, row: int, changed: dict[str, bool] | None = None) -> None:
        """Store all the checks of a row: the changed ones, the rest as shown (unchecked means not met; before the
        first record, badges and the published schedule as the center's card says)."""
        values = {f.key: self.shown_met(row, f) for f in self.requirements}
        values.update(changed or {})
        self._record_checks(self.centers[row].id or 0, values)

    def paste(self, start: QModelIndex, rows: list[list[str]]) -> None:
        """Paste a block of operation counts; one bad cell refuses the whole block."""
        if not start.isValid() or not rows:
            return
        changes: list[tuple[int, str, int | None]] = []
        try:
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    row, col = start.row() + r, start.column() + c
                    if row >= len(self.centers) or col < self.first_op or col >= self.columnCount():
                        raise InputRefused("Вставлять можно только числа операций, в пределах таблицы центров")
                    try:
                        count = parse_count(text)
                    except InputRefused as exc:
                        raise InputRefused(f"{self.place(row, col)}: {exc}") from None
                    changes.append((self.centers[row].id or 0, self.kinds[col - self.first_op], count))
            self._record_operations(changes)
        except InputRefused as exc:
            self.refused.emit(not_pasted(exc))

    def clear(self, indexes: list[QModelIndex]) -> None:
        changes = [(self.centers[i.row()].id or 0, self.kinds[i.column() - self.first_op], None)
                   for i in indexes if i.isValid() and i.column() >= self.first_op]
        if changes:
            try:
                self._record_operations(changes)
            except InputRefused as exc:
                self.refused.emit(str(exc))


