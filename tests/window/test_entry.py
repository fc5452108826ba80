"""Entry that behaves, through keys and clicks: Enter in a date field adds, a corrected date takes its red message
away, the calendar opens on the quarter being reported, Ctrl+V fills an empty list of services, arrow keys choose a
level as Space does."""

from datetime import date

import pytest
from conftest import Q2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget

from gui.dialogs.center import CenterDialog
from model.areas import centers, plan
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.centers import Center, Check
from model.areas.periods import choose_methodology
from model.base.period import Period
from model.methodology import shipped_2018
from tests.window.test_plan_tab import type_text


def _retype(qtbot, field, text: str, leave=Qt.Key.Key_Tab) -> None:
    """Click into a date field, select what is there, type over it and leave it (Tab) or press Enter."""
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    field.edit.selectAll()
    type_text(field.edit, text)
    qtbot.keyClick(field.edit, leave)


def _events(window):
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.select_item("2.6")
    return window.plan_tab.form.events_box


def test_enter_in_the_date_adds_the_event_and_a_corrected_date_clears_the_message(qtbot, window):
    box = _events(window)
    qtbot.mouseClick(box.topic, Qt.MouseButton.LeftButton)
    type_text(box.topic, "Госуслуги для пенсионеров")
    _retype(qtbot, box.day, "31.06.2018")
    assert "такой даты нет" in box.error.text() and box.error.isVisible()
    assert box.day.refused and "b00020" in box.day.edit.styleSheet()  # framed in red
    _retype(qtbot, box.day, "30.06.2018", leave=Qt.Key.Key_Return)  # Enter in the date adds the event
    assert [(e.day, e.topic) for e in plan.load_events(window.db, Q2, "2.6")] == \
        [(date(2018, 6, 30), "Госуслуги для пенсионеров")]
    assert not box.error.isVisible() and not box.day.refused and box.day.edit.styleSheet() == ""
    assert box.day.edit.text() == "" and box.table.rowCount() == 1

    _retype(qtbot, box.day, "1506201")  # a digit short: said at once, on leaving the field
    assert "дд.мм.гггг" in box.error.text()
    _retype(qtbot, box.day, "15062018")
    assert not box.error.isVisible()


def test_enter_in_the_due_date_adds_the_control_point_and_a_corrected_date_clears_the_message(qtbot, window):
    window.tabs.setCurrentWidget(window.indicators_tab)
    page = window.indicators_tab.points_page
    window.indicators_tab.setCurrentWidget(page)
    qtbot.mouseClick(page.title, Qt.MouseButton.LeftButton)
    type_text(page.title, "Утверждён план перевода услуг")
    _retype(qtbot, page.due, "01.13.2018")
    assert "такой даты нет" in page.error.text()
    _retype(qtbot, page.due, "01.12.2018")
    assert not page.error.isVisible()
    qtbot.keyClick(page.due.edit, Qt.Key.Key_Return)
    assert [(p.title, p.due) for p in ind.list_points(window.db)] == [("Утверждён план перевода услуг",
                                                                       date(2018, 12, 1))]


def test_a_check_date_put_back_right_clears_its_message(qtbot, window):
    cid = centers.save_center(window.db, Center(None, "с. Калга"))
    centers.set_checks(window.db, Q2, cid, {"req1": Check(True, date(2018, 5, 10))}, ("req1", "req2", "req3", "req4"))
    window.centers_tab.centers_page.reload()
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.centers_page
    page.view.setCurrentIndex(page.model.index(0, 0))
    when = page.detail.rows[0][1]
    assert when.edit.text() == "10.05.2018"
    _retype(qtbot, when, "10.05.20")
    assert "Дата проверки" in page.error.text() and page.error.isVisible()
    _retype(qtbot, when, "10.05.2018")  # back to what is stored: nothing to store, but the message goes
    assert not page.error.isVisible() and not when.refused


def test_the_center_dialog_drops_its_message_once_corrected(qtbot):
    dialog = CenterDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._accept()
    assert "Укажите поселение" in dialog.error.text() and dialog.error.isVisible()
    qtbot.mouseClick(dialog.settlement, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.settlement, "K")
    assert not dialog.error.isVisible()
    qtbot.mouseClick(dialog.published, Qt.MouseButton.LeftButton)  # published, but no link yet: not said until Save
    assert not dialog.error.isVisible()


def _calendar_month(qtbot, field) -> tuple[int, int]:
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    popup = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QCalendarWidget) and w.isVisible())
    shown = (popup.yearShown(), popup.monthShown())
    popup.close()
    return shown


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the popup, on the offscreen platform
def test_the_calendar_opens_on_the_quarter_being_reported(qtbot, window):
    box = _events(window)
    assert _calendar_month(qtbot, box.day) == (2018, 6)  # the second quarter of 2018, nearest today's date
    box.day.set_value(date(2018, 4, 12))
    assert _calendar_month(qtbot, box.day) == (2018, 4)  # a typed date opens its own month
    choose_methodology(window.db, Period(2099, 1), shipped_2018())
    window.show_period(Period(2099, 1))  # a quarter still ahead: its first month
    window.tabs.setCurrentWidget(window.indicators_tab)
    window.indicators_tab.setCurrentWidget(window.indicators_tab.points_page)
    assert _calendar_month(qtbot, window.indicators_tab.points_page.due) == (2099, 1)


def test_ctrl_v_on_the_empty_services_tab_pastes_the_list(qtbot, window):
    window.tabs.setCurrentWidget(window.services_tab)
    tab = window.services_tab
    assert "Перечень услуг пуст" in tab.summary.text() and "вставьте" in tab.summary.text()
    QApplication.clipboard().setText("Выдача архивных справок\tгосударственная\tнет\n"
                                     "Приём заявлений в первый класс\tмуниципальная\tда\n")
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton)  # the empty list: no cell to stand on
    qtbot.keyClick(tab.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [(s.name, s.level, s.mass) for s in services.list_services(window.db)] == [
        ("Выдача архивных справок", "государственная", False), ("Приём заявлений в первый класс", "муниципальная",
                                                                True)]
    window.undo_action.trigger()
    assert services.list_services(window.db) == []
    tab.add_button.setFocus()  # the cursor on a button of the tab, not in the list: still pasted into the list
    qtbot.keyClick(tab.add_button, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(services.list_services(window.db)) == 2


def test_arrow_keys_choose_a_level_as_space_does(qtbot, window):
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.select_item("2.2")
    level = window.plan_tab.form.levels["n"]
    assert plan.load_inputs(window.db, Q2).get("2.2", {}) == {}
    level.buttons[0].setFocus()
    qtbot.keyClick(level.buttons[0], Qt.Key.Key_Down)  # nothing chosen yet: Down chooses the next option
    assert plan.load_inputs(window.db, Q2)["2.2"] == {"n": 0.5} and level.buttons[1].isChecked()
    assert QApplication.focusWidget() is level.buttons[1]
    qtbot.keyClick(level.buttons[1], Qt.Key.Key_Down)
    assert plan.load_inputs(window.db, Q2)["2.2"] == {"n": 1}
    qtbot.keyClick(level.buttons[2], Qt.Key.Key_Down)  # the last stays chosen
    qtbot.keyClick(level.buttons[2], Qt.Key.Key_Up)
    qtbot.keyClick(level.buttons[1], Qt.Key.Key_Up)
    assert plan.load_inputs(window.db, Q2)["2.2"] == {"n": 0} and level.buttons[0].isChecked()
    qtbot.keyClick(level.buttons[0], Qt.Key.Key_Space)  # Space on the chosen one keeps it
    assert plan.load_inputs(window.db, Q2)["2.2"] == {"n": 0}
    window.undo_action.trigger()
    assert plan.load_inputs(window.db, Q2)["2.2"] == {"n": 0.5}
