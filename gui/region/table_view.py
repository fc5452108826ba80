"""A summary table on a tab of «Свод по региону»: columns as wide as their headings' longest word and their figures,
headings wrapped between words in a header as tall as the tallest, the table's note scrolling under it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.region.table_model import SORT_ROLE, SummaryTableModel, words
from gui.widgets.dialog_parts import rows_follow_widths
from gui.widgets.fields import hint_label
from model.region.tables import Table

NAME_WIDTH = 300  # pixels a name may take on one line before it wraps
HEADING_WIDTH = 150  # pixels a figure's column may grow to for its heading
NOTE_LINES = 3  # lines of a table's note in sight; the rest scrolls
WRAP = Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)


def table_page(table: Table) -> QWidget:
    """The table, sortable by any column (the table's own order until a heading is clicked), and its note."""
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 4, 0, 0)
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(SummaryTableModel(table))
    proxy.setSortRole(SORT_ROLE)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    biggest_first(view, table)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAccessibleName(table.title)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    size_columns(view, table)
    box.addWidget(view, 1)
    if table.note:
        box.addWidget(Note(table.note))
    return page


def biggest_first(view: QTableView, table: Table) -> None:
    """The first click on a column of figures (a score, a count) sorts the biggest first, as a reviewer reads a
    ranking (it sorted the worst first); a second click turns it round. Places and names: from the first."""
    header = view.horizontalHeader()
    last = [-1]

    def sorted_by(column: int, order: Qt.SortOrder) -> None:
        new, last[0] = column != last[0], column
        figures = 0 <= column < len(table.columns) and table.columns[column].kind in ("percent", "count")
        if new and figures and order == Qt.SortOrder.AscendingOrder:
            header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)

    header.sortIndicatorChanged.connect(sorted_by)


def size_columns(view: QTableView, table: Table) -> None:
    """Each column as wide as its heading's longest word (a heading wraps only between words) and as its figures
    on one line; a text as wide as its longest word and, up to NAME_WIDTH, as its longest value; the header as tall
    as its tallest heading. A table wider than the window scrolls sideways."""
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | WRAP)
    header.setTextElideMode(Qt.TextElideMode.ElideNone)
    style = header.style()
    margin = (2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
              + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + 6)  # a sorted column's arrow
    heads, cells = header.fontMetrics(), view.fontMetrics()
    tallest = heads.height()
    widths: list[int] = []
    names: tuple[int, int] | None = None  # the first text column (the municipalities' names): its index, one-line width
    for n, column in enumerate(table.columns):
        shown = [table.shown(r, n) for r in range(len(table.rows))]
        word = max(heads.horizontalAdvance(w) for w in column.title.split())
        if column.kind == "text":
            value = max([0, *(min(cells.horizontalAdvance(v), NAME_WIDTH) for v in shown),
                         *(cells.horizontalAdvance(w) for v in shown for w in words(v))])
        else:  # and a heading in three lines at most, where its words allow
            value = max([0, *(cells.horizontalAdvance(v) for v in shown),
                         min(heads.horizontalAdvance(column.title) // 3, HEADING_WIDTH)])
        width = max(word, value) + margin
        if column.kind == "text" and names is None:
            names = n, max([word, *(cells.horizontalAdvance(v) for v in shown)]) + margin
        widths.append(width)
        header.resizeSection(n, width)
        lines = heads.boundingRect(QRect(0, 0, width - margin, 10_000), int(Qt.AlignmentFlag.AlignCenter | WRAP),
                                   column.title)
        tallest = max(tallest, lines.height())
    header.setFixedHeight(tallest + 8)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    rows = rows_follow_widths(view)  # a wider text takes fewer lines
    if names is not None:
        NameRoom(view, names[0], widths, names[1], rows)
        if names[0] == 0:
            FrozenNames(view, 0)


class NameRoom(QObject):
    """The width a table has beyond its columns goes first to the names (up to one line each), then to the last
    column: a municipality's name on one line where the window allows, not a wide «Срок» beside names in two lines.
    The rows take their heights again once the columns have their widths."""

    def __init__(self, view: QTableView, column: int, widths: list[int], natural: int, rows: QTimer) -> None:
        super().__init__(view)
        self.view, self.column, self.natural, self.widths, self.rows = view, column, natural, widths, rows
        self.least = widths[column]
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            header = self.view.horizontalHeader()
            others = sum(w for n, w in enumerate(self.widths) if n != self.column and not header.isSectionHidden(n))
            spare = self.view.viewport().width() - others - self.least
            width = self.least + max(0, min(spare, self.natural - self.least))
            if width != header.sectionSize(self.column):
                header.resizeSection(self.column, width)
            self.rows.start(0)  # after the last column has stretched to the rest
        return False


class FrozenNames(QObject):
    """A table's first column of texts (the municipalities' names; the files' on «Замечания») kept in sight while a
    table wider than the window is scrolled sideways: a second view of the same rows over the table's left edge,
    showing that column only — the same model and selection, each row as tall, scrolled up and down with the
    table. Hidden while the table is not scrolled sideways (its own column is in its place then)."""

    def __init__(self, view: QTableView, column: int) -> None:
        super().__init__(view)
        self.view, self.column = view, column
        frozen = self.frozen = QTableView(view)
        frozen.setObjectName("frozen_names")
        frozen.setModel(view.model())
        frozen.setSelectionModel(view.selectionModel())
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.setWordWrap(True)
        frozen.setAlternatingRowColors(view.alternatingRowColors())
        frozen.verticalHeader().hide()
        frozen.setVerticalScrollMode(view.verticalScrollMode())
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setFrameShape(QFrame.Shape.NoFrame)
        frozen.setAccessibleName("Муниципальные образования (закреплённый столбец)")
        head = frozen.horizontalHeader()
        head.setDefaultAlignment(view.horizontalHeader().defaultAlignment())
        head.setSectionsClickable(False)  # sorted from the table's own heading
        for n in range(view.model().columnCount()):
            frozen.setColumnHidden(n, n != column)
        for row in range(view.model().rowCount()):
            frozen.setRowHeight(row, view.rowHeight(row))
        view.verticalHeader().sectionResized.connect(lambda row, _old, new: frozen.setRowHeight(row, new))
        view.horizontalHeader().sectionResized.connect(lambda *_: self.place())
        view.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        view.horizontalScrollBar().valueChanged.connect(lambda *_: self.place())
        frozen.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)  # the wheel over it
        view.model().layoutChanged.connect(self._heights)  # a sort: the rows' heights go with their rows
        view.viewport().installEventFilter(self)
        self.place()

    def _heights(self) -> None:
        for row in range(self.view.model().rowCount()):
            self.frozen.setRowHeight(row, self.view.rowHeight(row))

    def place(self) -> None:
        view, frozen = self.view, self.frozen
        if view.horizontalScrollBar().value() <= 0:
            frozen.hide()
            return
        frozen.setColumnWidth(self.column, view.columnWidth(self.column))
        frozen.horizontalHeader().setFixedHeight(view.horizontalHeader().height())
        frame = view.frameWidth()
        frozen.setGeometry(frame, frame, view.columnWidth(self.column),
                           view.horizontalHeader().height() + view.viewport().height())
        frozen.verticalScrollBar().setValue(view.verticalScrollBar().value())
        frozen.show()
        frozen.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False


class Note(QScrollArea):
    """A table's note: as tall as its lines, NOTE_LINES at most in sight; the rest a scroll away."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.label = hint_label(text)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.label)
        self.setAccessibleName("Пояснение к таблице")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        most = self.label.fontMetrics().lineSpacing() * NOTE_LINES + 1
        return QSize(super().sizeHint().width(), min(self.label.heightForWidth(max(self.width(), 100)), most))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # narrower, the note takes more lines
