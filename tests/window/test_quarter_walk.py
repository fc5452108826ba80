"""A returning clerk's whole quarter at 1366×690, by real clicks and keys, counted.

The quarter before is filled; this one starts empty. Everything the clerk does goes through input events on
widgets that are visible on the screen (a widget that could only be reached by scrolling counts a wheel turn),
and the counts are printed for the closing note: `pytest tests/window/test_quarter_walk.py -s`.
"""

from datetime import date

import pytest
from conftest import Q2, fill_quarter
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QScrollArea, QWidget

from gui.main_window import MainWindow
from model.areas import esia, plan
from model.areas import indicators as ind
from model.areas.centers import load_quarter
from model.base.period import Period
from model.quarter.data import load_period
from model.reports.sending import sent_state
from model.store.db import open_database

Q3 = Period(2018, 3)


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


class Clerk:
    """Input events as a person makes them, counted: clicks, keys (each character, each Tab/Enter) and wheel."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.clicks = self.keys = self.wheel = 0
        self.turns: list[str] = []

    def _on_screen(self, widget: QWidget) -> bool:
        return widget.isVisible() and not widget.visibleRegion().isEmpty()

    def click(self, widget: QWidget, at: QPoint | None = None) -> None:
        area = next((a for a in _ancestors(widget) if isinstance(a, QScrollArea)), None)
        if area is not None and not self._on_screen(widget):
            area.ensureWidgetVisible(widget)  # the person turns the wheel until it shows
            self.wheel += 1
            self.turns.append(repr(widget))
        assert self._on_screen(widget), f"не видно на экране: {widget!r} {getattr(widget, 'text', lambda: '')()}"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at or widget.rect().center())
        self.clicks += 1
        self.qtbot.wait(5)

    def click_cell(self, view, row: int, column: int) -> None:
        index = view.model().index(row, column)
        if not view.viewport().rect().contains(view.visualRect(index).center()):
            view.scrollTo(index)
            self.wheel += 1
            self.turns.append(f"{view.accessibleName()}: {row}, {column}")
        self.click(view.viewport(), view.visualRect(index).center())

    def type(self, text: str) -> None:
        for ch in text:
            target = QApplication.focusWidget()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            self.keys += 1

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(QApplication.focusWidget() or self.window, key, modifier)
        self.keys += 1
        self.qtbot.wait(5)  # the event loop runs between key presses, as it does for a person

    def column(self, values: list[str]) -> None:
        """Type a column of a grid, Enter after each number."""
        for value in values:
            self.type(value)
            self.press(Qt.Key.Key_Return)


@pytest.fixture
def returning(qtbot, settings, db_path, monkeypatch):
    db = open_database(db_path)
    fill_quarter(db)
    year_plan = esia.load_plan(db, 2018)
    esia.save_plan(db, esia.EsiaPlan(**{**year_plan.__dict__, "months": {m: v for m, v in year_plan.months.items()
                                                                          if m < 7}}))
    db.conn.close()
    window = MainWindow(db_path, settings, period=Q3)
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)  # not maximised on the test's 800×800 virtual screen
    window.resize(1366, 690)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.db.conn.close()


def test_a_returning_clerks_quarter_in_under_40_clicks(qtbot, returning, tmp_path, monkeypatch):
    window = returning
    clerk = Clerk(qtbot, window)

    # ESIA: this quarter's three months, and the registered total with its date
    clerk.press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    centers = window.centers_tab
    clerk.click(centers.tabBar(), centers.tabBar().tabRect(1).center())
    page = centers.esia_page
    clerk.click_cell(page.view, 6, 1)
    clerk.column(["812", "845", "790"])
    clerk.click(page.fields["total_registered"].edit)
    clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    clerk.type("12623")
    clerk.click(page.as_of)
    clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    clerk.type("01102018")
    clerk.press(Qt.Key.Key_Return)

    # the centers: every requirement checked for all twelve, then the quarter's operations typed down the columns
    clerk.click(centers.tabBar(), centers.tabBar().tabRect(0).center())
    cpage = centers.centers_page
    clerk.click_cell(cpage.view, 0, 0)
    clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    clerk.click(cpage.checked_button)
    first_op = cpage.model.first_op
    clerk.click_cell(cpage.view, 0, first_op)
    clerk.column([str(20 + i) for i in range(12)])
    clerk.click_cell(cpage.view, 0, first_op + 1)
    clerk.column([str(7 + i) for i in range(12)])

    # the plan: what carries over, then what is the quarter's own
    clerk.press(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    tab = window.plan_tab
    clerk.click(tab.copy_button)
    tab.select_item("1.1")
    clerk.click(tab.search)
    clerk.type("1.3")
    clerk.press(Qt.Key.Key_Return)
    clerk.click(tab.form.suggestions["A"][1])  # «Подставить»: the quarter's registrations from the ESIA tab
    clerk.press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # 1.3 → 2.1, the cursor in its A
    clerk.type("310")
    clerk.press(Qt.Key.Key_Tab)
    clerk.type("420")
    clerk.press(Qt.Key.Key_Tab)
    for number, day, place, topic in (("2.6", "14082018", "ДК с. Калга", "Госуслуги для пенсионеров"),
                                      ("3.1", "03092018", "МБОУ СОШ", "Родительское собрание")):
        clerk.click(tab.search)
        clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        clerk.type(number)
        clerk.press(Qt.Key.Key_Return)
        events = tab.form.events_box
        level = next(iter(tab.form.levels.values()))
        assert QApplication.focusWidget() is level.buttons[0]  # its level is the quarter's own: not copied
        for _ in level.buttons[1:]:  # the arrows to the last option, «проводятся»
            clerk.press(Qt.Key.Key_Down)
        assert level.buttons[-1].isChecked()
        while QApplication.focusWidget() is not events.day.edit:  # on to the events' date
            clerk.press(Qt.Key.Key_Tab)
        clerk.type(day)
        clerk.press(Qt.Key.Key_Tab)
        clerk.type(place)
        clerk.press(Qt.Key.Key_Tab)
        clerk.type(topic)
        clerk.press(Qt.Key.Key_Return)

    # indicators: the year's facts so far
    clerk.press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    ipage = window.indicators_tab.indicators_page
    clerk.click_cell(ipage.view, 0, 6)
    facts = [str(30 + 3 * n) for n in range(ipage.model.rowCount())]
    clerk.column(facts)

    # sending: the folder is chosen in the system's dialog (one click on «Выбор папки»), no evidence files, done
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(tmp_path))
    boxes = []

    def answer(box):
        boxes.append(box.text())
        button = next((b for b in box.buttons() if b.text() in ("Без файлов", "Закрыть", "OK")), box.buttons()[0])
        button.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    clerk.press(Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # «Отчёты»
    clerk.click(window.reports_tab.buttons["send"])
    clerk.clicks += 1 + len(boxes)  # the folder dialog's button, and one button in each message box

    print(f"\nКвартал целиком: щелчков {clerk.clicks}, клавиш {clerk.keys}, прокруток {clerk.wheel} {clerk.turns}")
    db = window.db
    assert [esia.load_plan(db, 2018).months.get(m) for m in (7, 8, 9)] == [812, 845, 790]
    assert plan.load_inputs(db, Q3)["1.3"]["A"] == 812 + 845 + 790
    assert plan.load_inputs(db, Q3)["2.1"] == {"A": 310, "B": 420}
    assert plan.load_inputs(db, Q3)["2.2"] == plan.load_inputs(db, Q2)["2.2"]  # carried over
    assert plan.load_inputs(db, Q3)["2.6"] == plan.load_inputs(db, Q3)["3.1"] == {"n": 1.0}  # chosen anew
    assert [e.day for n in ("2.6", "3.1") for e in plan.load_events(db, Q3, n)] == [date(2018, 8, 14),
                                                                                    date(2018, 9, 3)]
    quarter = load_quarter(db, Q3)
    assert sorted(q.operations["registration"] for q in quarter.values()) == list(range(20, 32))
    assert all(len(q.checks) == 4 for q in quarter.values()) and len(quarter) == 12
    assert all(q.checks["req3"].met for q in quarter.values())  # as the quarter before recorded it
    assert [v.fact for v in ind.load_values(db, 2018, ind.YEAR).values()][:len(facts)] == \
        [float(f) for f in facts]
    assert sent_state(db, load_period(db, Q3)) is not None
    assert clerk.clicks < 40
    assert clerk.wheel <= 1  # back up the centers' grid to the first row of the next column
