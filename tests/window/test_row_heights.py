"""A grid whose rows grow to their wrapped texts sizes each row from its cells' texts and fonts (ColumnFit.row_height,
GridView.sizeHintForRow), without Qt's delegate asking each cell for a dozen roles at every layout: the heights must
be the ones Qt's own sizing gives, for any texts (words, long words, line breaks, empty cells), fonts and check
boxes, at any column widths, in Fusion and in a style that makes items taller as Windows' own does."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QTableView

from gui.models import FixedColumnsModel
from gui.widgets.page import page_grid

WORDS = st.sampled_from(["а", "муниципальный", "район", "30\u00a0000\u00a0000", "Доля", "ЕСИА", "—", "%",
                         "взаимодействий граждан и коммерческих организаций", "оченьдлинноесловобезпробелов" * 3])
TEXT = st.one_of(st.none(), st.just(""), st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
                 st.lists(WORDS, min_size=2, max_size=5).map("\n".join))
CELL = st.tuples(TEXT, st.booleans(), st.booleans())  # text, italic, a check box


class Cells(FixedColumnsModel):
    columns = ("№", "Наименование показателя", "Ед.", "Комментарий")
    refused = Signal(str)

    def __init__(self, rows: list[list[tuple[str, bool, bool]]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        text, italic, check = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.FontRole and italic:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.CheckStateRole and check:
            return Qt.CheckState.Checked
        return None


class TallerItems(QProxyStyle):
    """A style that adds to an item's size, as Windows' own (QWindowsVistaStyle: 2 pixels) does."""

    def sizeFromContents(self, kind, option, size, widget=None):  # noqa: N802 (Qt's name)
        found = super().sizeFromContents(kind, option, size, widget)
        if kind == QStyle.ContentsType.CT_ItemViewItem:
            found.setHeight(found.height() + 2)
        return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=6),
       widths=st.lists(st.integers(20, 400), min_size=4, max_size=4), windows_like=st.booleans())
def test_a_rows_height_is_the_one_qt_gives(qapp, rows, widths, windows_like):
    model = Cells(rows)
    view, _error = page_grid(model, "Проверка", stretch=(1,), wrap=True)
    if windows_like:
        style = TallerItems()
        style.setParent(view)
        view.setStyle(style)
    try:
        view.resize(900, 500)
        view.show()
        QApplication.processEvents()
        for column, width in enumerate(widths):
            view.horizontalHeader().resizeSection(column, width)
        QApplication.processEvents()
        for row in range(model.rowCount()):
            assert view.sizeHintForRow(row) == QTableView.sizeHintForRow(view, row), (
                row, rows[row], [view.horizontalHeader().sectionSize(c) for c in range(4)], view.viewport().width())
            assert view.rowHeight(row) == max(view.sizeHintForRow(row), view.verticalHeader().minimumSectionSize())
    finally:
        view.deleteLater()
        QApplication.processEvents()


class LargerBoxes(QProxyStyle):
    """A style whose check boxes are taller and whose cells keep wider margins than Fusion's."""

    def pixelMetric(self, metric, option=None, widget=None):  # noqa: N802 (Qt's name)
        if metric == QStyle.PixelMetric.PM_IndicatorHeight:
            return 40
        if metric == QStyle.PixelMetric.PM_FocusFrameHMargin:
            return 9
        return super().pixelMetric(metric, option, widget)


def test_heights_follow_a_style_given_later(qapp):
    """The style's margins and check box are taken once, and again when the grid is given another style."""
    rows = [[("1", False, True), ("Доля взаимодействий граждан и коммерческих организаций", False, False),
             ("%", False, False), ("", False, False)]]
    model = Cells(rows)
    view, _error = page_grid(model, "Проверка", stretch=(1,), wrap=True)
    try:
        view.resize(600, 400)
        view.show()
        QApplication.processEvents()
        before = view.sizeHintForRow(0)
        assert before == QTableView.sizeHintForRow(view, 0)
        style = LargerBoxes()
        style.setParent(view)
        view.setStyle(style)
        QApplication.processEvents()
        assert view.sizeHintForRow(0) == QTableView.sizeHintForRow(view, 0) > before
    finally:
        view.deleteLater()
        QApplication.processEvents()
