"""Grids show the clerk's own values whole at 1366×690: no number, unit or status cut to «3 0…», no header clipped.

The check measures each cell as Qt lays it out (the text's advance in the cell's font against the column's width less
the item margins) — independently of how the grid sizes its columns."""

from datetime import date

import pytest
from conftest import Q2, fill_quarter
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QTableWidget

from gui.widgets.grid import GridView
from model.areas import centers, esia, plan
from model.areas import indicators as ind
from model.areas import public_services as sv
from model.store.db import open_database

WRAP = int(Qt.TextFlag.TextWordWrap.value)


def _grids(window) -> list[GridView]:
    """Every grid of the quarter's tabs, each shown on its page at the window's size."""
    shown = []
    for tab, page in ((window.centers_tab, window.centers_tab.centers_page), (window.centers_tab,
                      window.centers_tab.esia_page), (window.indicators_tab, window.indicators_tab.indicators_page),
                      (window.indicators_tab, window.indicators_tab.points_page), (window.services_tab, None)):
        window.tabs.setCurrentWidget(tab)
        if page is not None:
            tab.setCurrentWidget(page)
        for _ in range(3):
            QApplication.processEvents()
        shown.extend(v for v in (page or tab).findChildren(GridView) if v.isVisible())
    assert len(shown) == 5
    return shown


def cut_cells(view: GridView) -> list[str]:
    """Cells whose text Qt would elide: wider than the column on one line, and not wrapped into a tall enough row."""
    model, style = view.model(), view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 1
    check = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, view) + margin
    cut = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            text = str(model.data(index) or "")
            font = model.data(index, Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
            boxed = model.data(index, Qt.ItemDataRole.CheckStateRole) is not None
            room = view.columnWidth(col) - margin - (check if boxed else 0)
            if room < 0 or not text:
                if room < 0:
                    cut.append(f"{row}:{col} флажок")
                continue
            if max(metrics.horizontalAdvance(line) for line in text.split("\n")) <= room:
                continue
            wrapped = metrics.boundingRect(QRect(0, 0, room, 100_000), WRAP, text)
            if not view.wordWrap() or wrapped.width() > room or wrapped.height() > view.rowHeight(row):
                cut.append(f"{row}:{col} «{text}» в {view.columnWidth(col)} px")
    return cut


def clipped_headers(view: GridView) -> list[str]:
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    margin = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    clipped = []
    for col in range(view.model().columnCount()):
        title = str(view.model().headerData(col, Qt.Orientation.Horizontal))
        room = header.sectionSize(col) - margin
        wrapped = metrics.boundingRect(QRect(0, 0, room, 100_000), WRAP | int(Qt.AlignmentFlag.AlignCenter), title)
        if wrapped.width() > room or wrapped.height() > header.height():
            clipped.append(f"«{title}» в {header.sectionSize(col)}×{header.height()} px")
    return clipped


def _at_1366x690(window) -> None:
    window.resize(1366, 690)
    for _ in range(3):
        QApplication.processEvents()


def test_empty_grids_show_every_header_word_whole(window):
    _at_1366x690(window)
    for view in _grids(window):
        assert view.model().rowCount() in (0, 12)  # the year's months are there before any registration
        assert clipped_headers(view) == [], view.accessibleName()
        assert cut_cells(view) == [], view.accessibleName()


@pytest.fixture
def long_values(db_path):
    """A full quarter with the long values a district really has: 30 000 000, long units, every status."""
    db = open_database(db_path)
    fill_quarter(db)
    unit = ind.save_indicator(db, ind.Indicator(None, "Число зарегистрированных", number="11",
                                                unit="человек на 1000 жителей"))
    missing = ind.save_indicator(db, ind.Indicator(None, "Показатель без данных", number="12", unit="ед."))
    ind.set_values(db, 2018, 0, {unit: ind.Value(30_000_000, 29_999_999.99), missing: ind.Value()})
    fresh = centers.save_center(db, centers.Center(None, "пгт Новокалганский-Заречный", address="ул. Центральная"))
    retired = centers.save_center(db, centers.Center(None, "с. Старый Калгукан-на-Газимуре"))
    centers.set_active(db, retired, False)
    assert fresh and retired
    for title, due, done in (("В срок", date(2018, 3, 1), date(2018, 2, 1)),
                             ("С опозданием", date(2018, 3, 1), date(2018, 4, 1)),
                             ("Просрочена", date(2018, 3, 1), None), ("В работе", date(2099, 3, 1), None)):
        ind.save_point(db, ind.ControlPoint(None, title, due, done, comment="Проверено комиссией администрации"))
    ids = sv.save_services(db, [
        sv.Service(None, "Выдача разрешения на строительство", federal_number="12.345.678",
                   department="Комитет по управлению муниципальным имуществом", planned=(2018, 1),
                   available_on=date(2018, 3, 1)),
        sv.Service(None, "Аренда", planned=(2018, 1), available_on=date(2018, 5, 1)),
        sv.Service(None, "Архив", level="государственная", mass=False, planned=(2018, 1)),
        sv.Service(None, "Справки", planned=(2099, 1)), sv.Service(None, "Без плана")], date(2018, 6, 30))
    sv.set_requests(db, Q2, {ids[0]: sv.Requests(30_000_000, 29_000_000)})
    esia.save_plan(db, esia.EsiaPlan(2018, registered_start=7694, target_end=30_014_480, population=85199,
                                     months={m: 30_000_000 for m in range(1, 13)}))
    plan.add_event(db, Q2, "2.6", date(2018, 6, 1), "Муниципальное бюджетное учреждение культуры «Межпоселенческий "
                   "культурно-досуговый центр» с. Калга", "Как получить государственные услуги в электронном виде: "
                   "регистрация, подтверждение и восстановление учётной записи на портале")
    db.conn.close()
    return db_path


def test_long_values_and_every_status_are_shown_whole(open_window, long_values):
    window = open_window(long_values)
    window.centers_tab.centers_page.show_inactive.setChecked(True)  # an inactive center's italic name too
    window.indicators_tab.indicators_page.show_retired.setChecked(True)
    _at_1366x690(window)
    grids = _grids(window)
    statuses = {str(v.model().data(v.model().index(r, c))) for v in grids for r in range(v.model().rowCount())
                for c in range(v.model().columnCount())}
    assert {"не проверен", "30\u00a0000\u00a0000", "человек на 1000 жителей", "— нет данных", "✘ не достигнут",
            *(ind.ON_TIME, ind.LATE, ind.OVERDUE, ind.PENDING),
            *(sv.ON_TIME, sv.LATE, sv.OVERDUE, sv.PLANNED, sv.NO_PLAN)} <= statuses
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.select_item("2.6")
    events = next(t for t in window.plan_tab.findChildren(QTableWidget) if t.isVisible() and t.rowCount() == 2)
    for _ in range(3):
        QApplication.processEvents()
    for view in (*grids, events):
        assert cut_cells(view) == [], view.accessibleName()
        assert clipped_headers(view) == [], view.accessibleName()


def _type_into(qtbot, view: GridView, row: int, column: int, text: str) -> None:
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClicks(view, text[0])  # any key opens the cell, as in a spreadsheet
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=1000)


def test_a_typed_number_widens_its_column_and_a_dragged_one_springs_back(qtbot, open_window, db_path):
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
    window = open_window(db_path)
    _at_1366x690(window)
    page = window.indicators_tab.indicators_page
    window.tabs.setCurrentWidget(window.indicators_tab)
    view, plan = page.view, 5
    narrow = view.columnWidth(plan)
    _type_into(qtbot, view, 0, plan, "30000000")
    assert page.model.data(page.model.index(0, plan)) == "30\u00a0000\u00a0000"
    assert view.columnWidth(plan) > narrow and cut_cells(view) == []
    view.horizontalHeader().resizeSection(plan, 10)  # the clerk drags the border too far
    assert cut_cells(view) == [] and clipped_headers(view) == []

    window.tabs.setCurrentWidget(window.centers_tab)
    grid = window.centers_tab.centers_page.view
    kinds = grid.model().first_op
    _type_into(qtbot, grid, 0, kinds, "1000000")
    assert grid.model().data(grid.model().index(0, kinds)) == "1\u00a0000\u00a0000"
    assert cut_cells(grid) == []


def test_a_larger_font_widens_the_columns_with_it(qtbot, open_window, long_values):
    window = open_window(long_values)
    _at_1366x690(window)
    app = QApplication.instance()
    normal = app.font().pointSizeF()
    try:
        for _ in range(3):  # Ctrl+= three times: the whole program three points larger
            qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        assert app.font().pointSizeF() == normal + 3
        for view in _grids(window):
            qtbot.waitUntil(lambda v=view: cut_cells(v) == [] and clipped_headers(v) == [], timeout=2000)
    finally:
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert app.font().pointSizeF() == normal


def test_the_current_columns_bold_heading_wraps_within_the_header(qtbot, window):
    """The section of the current cell is drawn in bold — wider: at its narrowest the header is still as tall as it."""
    from gui.models.services import ELECTRONIC

    window.tabs.setCurrentIndex(3)
    tab = window.services_tab
    tab.add_service()
    view, header = tab.view, tab.view.horizontalHeader()
    view.setCurrentIndex(tab.model.index(0, ELECTRONIC))
    header.resizeSection(ELECTRONIC, 0)  # springs back to the least it may be
    QApplication.processEvents()
    bold = QFont(header.font())
    bold.setBold(True)
    title = tab.model.headerData(ELECTRONIC, Qt.Orientation.Horizontal)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = header.sectionSize(ELECTRONIC) - 2 * margin
    assert all(QFontMetrics(bold).horizontalAdvance(w) <= width for w in title.split())
    needed = QFontMetrics(bold).boundingRect(QRect(0, 0, width, 10_000), int(Qt.AlignmentFlag.AlignCenter |
                                                                             Qt.TextFlag.TextWordWrap), title)
    assert header.height() >= needed.height()


def test_the_years_months_stand_whole_at_1366x690(window):
    """The registrations plan's twelve months fit their page on a laptop with a taskbar: no scroll bar for 3 px
    (the page's margins were Qt's 9 px; they are the plan's now)."""
    window.setWindowState(Qt.WindowState.WindowNoState)
    _at_1366x690(window)
    window.tabs.setCurrentWidget(window.centers_tab)
    window.centers_tab.setCurrentWidget(window.centers_tab.esia_page)
    for _ in range(3):
        QApplication.processEvents()
    view = window.centers_tab.esia_page.view
    assert window.height() == 690 and view.model().rowCount() == 12
    rows = view.horizontalHeader().height() + sum(view.rowHeight(r) for r in range(12)) + 2 * view.frameWidth()
    assert view.height() >= rows and not view.verticalScrollBar().isVisible()
