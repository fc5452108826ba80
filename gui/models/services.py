"""The Qt table model of the «Услуги (МСЗУ)» tab: the register of services (entered once, kept for every quarter)
and the quarter's requests, edited in place and pasted from Excel."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from gui.models import FixedColumnsModel, replace_rows
from gui.style import ERROR, MUTED, OK, WARN
from model.areas import public_services as sv
from model.areas.public_services import Requests, Service
from model.base.ru import (
    clean_text,
    format_count,
    format_date,
    format_percent,
    not_pasted,
    not_saved,
    parse_count,
    parse_date,
)
from model.errors import InputRefused

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
COLUMNS = ("№", "Услуга", "Уровень", "МСЗУ", "№ в перечне", "Ответственный орган", "План перевода", "Доступна с",
           "Статус", "Обращений", "В электронном виде", "Доля,\u00a0%")
NAME, LEVEL, MASS, NUMBER, DEPARTMENT, PLANNED, AVAILABLE, STATUS, TOTAL, ELECTRONIC, SHARE = range(1, 12)
REGISTER = (NAME, LEVEL, MASS, NUMBER, DEPARTMENT, PLANNED, AVAILABLE)
REQUESTS = (TOTAL, ELECTRONIC)
STATUS_COLOUR = {sv.ON_TIME: OK, sv.LATE: WARN, sv.OVERDUE: ERROR, sv.PLANNED: MUTED, sv.NO_PLAN: MUTED}
_QUARTER = re.compile(r"^\s*(?:([1-4])\s*(?:кв\.?|квартал)?\s*[ /.,-]?\s*(\d{4})\s*(?:г\.?|года?)?"
                      r"|(\d{4})\s*-?\s*Q([1-4]))\s*$", re.IGNORECASE)


def parse_quarter(text: str) -> tuple[int, int] | None:
    """«3 кв. 2023», «3 квартал 2023 года», «3/2023», «2023-Q3» → (2023, 3); empty → None."""
    if not text.strip():
        return None
    m = _QUARTER.match(text)
    if not m:
        raise InputRefused(f"квартал «{text.strip()[:20]}» не понят — введите, например, «3 кв. 2023»")
    return (int(m.group(2)), int(m.group(1))) if m.group(1) else (int(m.group(3)), int(m.group(4)))


def quarter_text(planned: tuple[int, int] | None) -> str:
    return f"{planned[1]} кв. {planned[0]}" if planned else ""


def _level(text: str) -> str:
    word = text.strip().casefold()
    for level in sv.LEVELS:
        if word and level.startswith(word[:3]):
            return level
    raise InputRefused("уровень — «муниципальная» или «государственная»")


def _yes(text: str) -> bool:
    word = text.strip().casefold()
    if word in ("да", "д", "1", "мсзу", "+"):
        return True
    if word in ("нет", "н", "0", "", "-"):
        return False
    raise InputRefused("МСЗУ — «да» или «нет»")


def _at(place: str, parse: Callable[..., T], *args) -> T:
    """A cell of a pasted block read (`parse(*args)`), or refused saying where it landed in the grid."""
    try:
        return parse(*args)
    except InputRefused as exc:
        raise InputRefused(f"{place}: {exc}") from None


class ServicesModel(FixedColumnsModel):
    """A row a service. The register's columns change the service (every quarter sees it); the request columns
    change this quarter's requests. Storing goes through the two callables, which may refuse."""

    columns = COLUMNS
    known_texts = {LEVEL: sv.LEVELS, MASS: ("да", "нет"), STATUS: tuple(STATUS_COLOUR)}

    refused = Signal(str)

    def __init__(self, store_services: Callable[[list[Service]], None],
                 store_requests: Callable[[dict[int, Requests]], None]) -> None:
        super().__init__()
        self._store_services, self._store_requests = store_services, store_requests
        self.rows: list[Service] = []
        self.requests: dict[int, Requests] = {}
        self.statuses: dict[int, str] = {}

    def reset(self, rows: list[Service], requests: dict[int, Requests], statuses: dict[int, str]) -> None:
        self.statuses = statuses

        def put() -> None:
            self.rows, self.requests = rows, requests
        replace_rows(self, [r.id for r in rows] == [r.id for r in self.rows], put)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (*REGISTER, *REQUESTS) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s, col = self.rows[index.row()], index.column()
        r = self.requests.get(s.id or 0, Requests())
        status = self.statuses.get(s.id or 0, "")
        if role == Qt.ItemDataRole.ForegroundRole and col == STATUS:
            return QBrush(QColor(STATUS_COLOUR.get(status, MUTED)))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, TOTAL, ELECTRONIC, SHARE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME:
            return s.name
        if role == Qt.ItemDataRole.ToolTipRole and col == PLANNED:
            return "Квартал, в котором услуга должна стать доступной в электронном виде: «3 кв. 2023»"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        share = r.electronic / r.total * 100 if r.total and r.electronic is not None else None
        return (str(index.row() + 1), s.name, s.level, "да" if s.mass else "нет", s.federal_number, s.department,
                quarter_text(s.planned), format_date(s.available_on), status,
                format_count(r.total) if r.total is not None else "",
                format_count(r.electronic) if r.electronic is not None else "",
                format_percent(share) if share is not None else "")[col]

    @staticmethod
    def changed(service: Service, col: int, text: str) -> Service:
        match col:
            case 1:
                return replace(service, name=clean_text(text, "Наименование"))
            case 2:
                return replace(service, level=_level(text))
            case 3:
                return replace(service, mass=_yes(text))
            case 4:
                return replace(service, federal_number=text)
            case 5:
                return replace(service, department=text)
            case 6:
                return replace(service, planned=parse_quarter(text))
            case _:
                return replace(service, available_on=parse_date(text) if text.strip() else None)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        s, col, text = self.rows[index.row()], index.column(), str(value)
        try:
            if col in REGISTER:
                self._store_services([self.changed(s, col, text)])
            elif col in REQUESTS:
                r = self.requests.get(s.id or 0, Requests())
                r = replace(r, total=parse_count(text)) if col == TOTAL else replace(r, electronic=parse_count(text))
                self._store_requests({s.id or 0: r})
            else:
                return False
        except InputRefused as exc:
            self.refused.emit(not_saved(exc, f"«{s.name[:40]}», {COLUMNS[col].lower()}"))
            return False
        return True

    def paste(self, start: QModelIndex, block: list[list[str]]) -> None:
        """A block from Excel: register columns (rows past the end become new services) or request columns;
        one bad cell refuses the whole block. With no cell chosen (an empty list) the block is a list of services
        from its name on."""
        if not block:
            return
        r0, c0 = (start.row(), start.column()) if start.isValid() else (len(self.rows), NAME)
        try:
            if all(c0 + c in REQUESTS for c in range(len(block[0]))):
                changes: dict[int, Requests] = {}
                for r, cells in enumerate(block):
                    if r0 + r >= len(self.rows):
                        raise InputRefused(f"строк во вставке ({len(block)}) больше, чем услуг ниже курсора")
                    s = self.rows[r0 + r]
                    got = changes.get(s.id or 0, self.requests.get(s.id or 0, Requests()))
                    for c, text in enumerate(cells):
                        field = "total" if c0 + c == TOTAL else "electronic"
                        got = replace(got, **{field: _at(self.place(r0 + r, c0 + c), parse_count, text)})
                    changes[s.id or 0] = got
                self._store_requests(changes)
                return
            if not all(c0 + c in REGISTER for c in range(len(block[0]))):
                raise InputRefused("вставлять можно в столбцы перечня (от «Услуга» до «Доступна с») или в столбцы "
                                   "обращений")
            services: list[Service] = []
            for r, cells in enumerate(block):
                row = r0 + r
                s = self.rows[row] if row < len(self.rows) else Service(None, "")
                for c, text in enumerate(cells):
                    s = _at(self.place(row, c0 + c), self.changed, s, c0 + c, text)
                services.append(s)
            self._store_services(services)
        except InputRefused as exc:
            self.refused.emit(not_pasted(exc))

    def clear(self, indexes: list[QModelIndex]) -> None:
        changes: dict[int, Requests] = {}
        for i in indexes:
            if i.isValid() and i.column() in REQUESTS:
                s = self.rows[i.row()]
                got = changes.get(s.id or 0, self.requests.get(s.id or 0, Requests()))
                changes[s.id or 0] = replace(got, **{"total" if i.column() == TOTAL else "electronic": None})
        if changes:
            try:
                self._store_requests(changes)
            except InputRefused as exc:
                self.refused.emit(str(exc))
