"""«История» of «Свод по региону»: the year's table from the region's history (P of every municipality by quarter and
the year's mean, sortable), the selected municipality's P over the quarters as a chart, and the history's journal."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.region.chart import SeriesChart
from gui.region.table_model import SORT_ROLE, SummaryTableModel
from gui.region.table_view import size_columns
from model.base.period import Period
from model.region.history import History, JournalEntry
from model.region.tables import Table, quarters_table
from model.region.year import YearTable

Series = list[tuple[Period, float | None, int | None]]


@dataclass(frozen=True)
class HistoryView:
    """What the tab shows, read from the history at once (the database is not kept open by the window)."""

    year: YearTable
    series: dict[str, Series]  # key → P and place in every quarter merged
    journal: list[JournalEntry]


def read_view(history: History, year: int) -> HistoryView:
    table = history.year_table(year)
    merged = history.merged()
    found: dict[str, dict[Period, tuple[float | None, int | None]]] = {}
    for period in merged:
        for r in history.results(period):
            found.setdefault(r["key"], {})[period] = (r["total"], r["place"])
    series = {row.key: [(p, *found.get(row.key, {}).get(p, (None, None))) for p in merged] for row in table.rows}
    return HistoryView(table, series, history.journal(limit=200))


def journal_line(entry: JournalEntry, names: dict[str, str] | None = None) -> str:
    """One line of the journal as the region reads it."""
    when = f"{entry.at:%d.%m.%Y %H:%M}"
    period = Period.parse(entry.period).title()
    if entry.what == "merge":
        return f"{when} — свод за {period} записан в историю"
    if entry.what == "merge replaced":
        return f"{when} — свод за {period} составлен заново: прежняя запись сохранена в журнале"
    if entry.what == "accept":
        who = (names or {}).get(entry.key) or f"ОКТМО {entry.key}"
        return f"{when} — {period}: книга «{who}» принята без печати. Причина: {entry.reason}"
    return f"{when} — {period}: {entry.reason or entry.what}"


class HistoryTab(QWidget):
    def __init__(self, view: HistoryView, code: str) -> None:
        super().__init__()
        self.view = view
        self.table: Table = quarters_table(view.year, code)
        self.code = code
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.years = QTableView()
        self.proxy = QSortFilterProxyModel(self.years)
        self.proxy.setSourceModel(SummaryTableModel(self.table))
        self.proxy.setSortRole(SORT_ROLE)
        self.years.setModel(self.proxy)
        self.years.setSortingEnabled(True)
        self.years.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.years.setAlternatingRowColors(True)
        self.years.setWordWrap(True)
        self.years.verticalHeader().hide()
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.years.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.years.setAccessibleName(self.table.title)
        self.years.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        size_columns(self.years, self.table)
        for q in range(1, 5):  # the quarters not merged yet take no room
            self.years.setColumnHidden(1 + q, q not in view.year.quarters)
        self.years.selectionModel().selectionChanged.connect(self._selected)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self.table.title)
        self.caption.setStyleSheet("font-weight: 600;")
        self.caption.setWordWrap(True)
        lbox.addWidget(self.caption)
        lbox.addWidget(self.years, 1)
        split.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        self.chart = SeriesChart()
        right.addWidget(self.chart)
        self.journal = QListWidget()
        self.journal.setAccessibleName("Журнал истории свода")
        self.journal.setWordWrap(True)
        self.journal.setMinimumHeight(3 * self.journal.fontMetrics().lineSpacing())
        names = {row.key: row.name for row in view.year.rows}
        self.journal.addItems([journal_line(e, names) for e in view.journal] or ["Журнал пуст."])
        for i, e in enumerate(view.journal):
            self.journal.item(i).setToolTip(journal_line(e, names))
        journal = QWidget()
        jbox = QVBoxLayout(journal)
        jbox.setContentsMargins(0, 0, 0, 0)
        jbox.addWidget(QLabel("Журнал истории свода (новые сверху):"))
        jbox.addWidget(self.journal, 1)
        right.addWidget(journal)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        box.addWidget(split, 1)
        self.split = split
        self._sized = False
        if self.table.rows:
            self.years.selectRow(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The first time shown: the year's table whole where the window allows, the chart the rest."""
        super().showEvent(event)
        if self._sized:
            return
        self._sized = True
        header = self.years.horizontalHeader()
        wide = sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)) + \
            self.years.verticalScrollBar().sizeHint(
            ).width() + 2 * self.years.frameWidth() + 2
        total = max(self.split.width(), 1)
        left = min(wide, total - max(self.chart.minimumWidth(), total // 3))
        self.split.setSizes([left, total - left])

    def select(self, key: str) -> None:
        """Show the municipality of this key (OKTMO) in the chart, its row selected."""
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            if self.view.year.rows[source].key == key:
                self.years.selectRow(r)
                return

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in selected.indexes()}
        if not rows:
            return
        row = self.view.year.rows[min(rows)]
        self.chart.show_series(f"{row.name}\nоценка {self.code} по кварталам, % (и место в рейтинге)",
                               self.view.series.get(row.key, []))
