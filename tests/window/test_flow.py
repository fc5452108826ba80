"""A clerk's flow through the plan with the keyboard: switching items never loses typing nor crashes."""

from conftest import Q2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from model.areas import plan
from tests.window.test_plan_tab import filled_on_a_small_screen, type_text


def test_switching_items_while_typing_loses_nothing_and_does_not_crash(qtbot, window):
    """The issue's case: evidence typed in 1.1, Ctrl+PgDown, 50 ms, «5», Ctrl+PgDown."""
    tab = window.plan_tab
    tab.select_item("1.1")
    tab.form.evidence.setFocus()
    type_text(tab.form.evidence, "Зарегистрированы все служащие")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert tab.current_item() == "1.2"
    type_text(QApplication.focusWidget(), "5")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(700)  # past the evidence timer of the forms that went
    assert tab.current_item() == "1.3"  # pytest-qt fails the test on an exception in the event loop
    assert plan.load_evidence(window.db, Q2) == {"1.1": "Зарегистрированы все служащие"}


def test_ctrl_pgdown_puts_the_cursor_into_the_next_items_first_input(qtbot, window, db_path):
    tab = window.plan_tab
    tab.select_item("2.1")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tab.current_item() == "2.2"
    assert QApplication.focusWidget() is tab.form.levels["n"].buttons[0]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is tab.form.counts["A"].edit
    type_text(QApplication.focusWidget(), "12")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert plan.load_inputs(window.db, Q2)["2.1"] == {"A": 12.0}


def test_a_long_item_scrolled_to_its_input_keeps_its_title_in_sight(qtbot, window):
    """At 1366×690 Ctrl+PgDown from 1.1 to 1.2 scrolls to 1.2's evidence box, below its long results: the item's title
    went out of view and nothing on the pane said which item it was. Its title is now pinned over the pane's top edge
    while the title itself is scrolled away; a click on it goes back up, and the pin goes with the title in view."""
    tab = filled_on_a_small_screen(window)  # 1.2 with its centers: the first input is the evidence box, below the fold
    tab.select_item("1.1")
    tab.focus_first_input()
    QApplication.processEvents()
    assert not tab.pinned.isVisible()  # the title is in view: nothing pinned
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    bar, view, head = tab.scroll.verticalScrollBar(), tab.scroll.viewport(), tab.form.head
    assert tab.current_item() == "1.2" and bar.value() > head.mapTo(tab.pages, head.rect().bottomLeft()).y()
    assert tab.pinned.isVisible() and tab.pinned.text().startswith("1.2. Организация работы Центров обслуживания")
    assert tab.pinned.geometry().top() == view.geometry().top()
    focused = QApplication.focusWidget()  # the input scrolled to is not under the pinned title
    assert focused.mapTo(tab.scroll, focused.rect().topLeft()).y() >= tab.pinned.geometry().bottom()
    qtbot.mouseClick(tab.pinned, Qt.MouseButton.LeftButton)
    assert bar.value() == 0 and not tab.pinned.isVisible()
    tab.select_item("2.3")  # a title of three lines: its first line, with the number, scrolled out — pinned at once
    QApplication.processEvents()
    head = tab.form.head
    assert head.height() >= 3 * head.fontMetrics().lineSpacing()
    bar.setValue(head.mapTo(tab.pages, head.contentsRect().topLeft()).y() + head.fontMetrics().lineSpacing())
    assert tab.pinned.isVisible() and tab.pinned.text().startswith("2.3.")


def test_esc_in_an_event_s_date_lets_the_typed_text_go_and_its_message(qtbot, window):
    """Esc in a date field did nothing: a date refused in the new event's row stayed red with its message until it
    was typed right. Esc brings back what the field had (empty, for a new event) and the message goes; with nothing
    typed, Esc is left to the window (a dialog closes on it)."""
    from PySide6.QtWidgets import QDialog

    from gui.widgets.fields import DateField

    tab = window.plan_tab
    tab.select_item("2.6")
    events = tab.form.events_box
    events.day.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is events.day.edit)
    type_text(events.day.edit, "31.13.2018")
    qtbot.keyClick(events.day.edit, Qt.Key.Key_Tab)  # finished: refused, said under the row
    assert events.day.refused and "Дата мероприятия" in events.error.text() and events.error.isVisible()
    events.day.edit.setFocus()
    qtbot.keyClick(events.day.edit, Qt.Key.Key_Escape)
    assert events.day.edit.text() == "" and not events.day.refused and not events.error.isVisible()
    assert plan.load_events(window.db, Q2, "2.6") == []  # nothing stored on the way

    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = DateField("Дата", dialog)
    dialog.show()
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Escape)  # nothing typed: the dialog's own Esc
    assert not dialog.isVisible()


def test_date_field_takes_digits_and_stays_empty_until_filled(qtbot):
    from datetime import date

    from gui.widgets.fields import DateField

    field = DateField("Дата")
    qtbot.addWidget(field)
    assert field.value() is None and field.edit.text() == ""
    field.edit.setText("12042018")
    field.edit.editingFinished.emit()
    assert field.value() == date(2018, 4, 12) and field.edit.text() == "12.04.2018"


def test_center_check_dated_outside_the_quarter_is_refused(qtbot, window):
    from datetime import date

    from model.areas import centers
    from model.areas.centers import Center

    cid = centers.save_center(window.db, Center(None, "с. Бура"))
    window.tabs.setCurrentWidget(window.centers_tab)  # a tab shows what changed when it is in front
    page = window.centers_tab.centers_page
    page.reload()
    page.model.setData(page.model.index(0, page.model.first_req), Qt.CheckState.Checked.value,
                       Qt.ItemDataRole.CheckStateRole)
    page.view.selectRow(0)
    when = page.detail.rows[0][1]
    assert when.edit.text() == ""  # no date the user did not type
    when.edit.setText("01.01.2026")
    when.edit.editingFinished.emit()
    assert "вне отчётного периода" in page.error.text()
    assert centers.load_quarter(window.db, Q2)[cid].checks["req1"].checked_on is None
    when.edit.setText("15.05.2018")
    when.edit.editingFinished.emit()
    assert centers.load_quarter(window.db, Q2)[cid].checks["req1"].checked_on == date(2018, 5, 15)


KEYS = __import__("re").compile(r"(?<![\w.])(A1|B1|A2|B2|req\d|[nmAC])(?![\w.])\s*(=|—|:)")


def shown_texts(widget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
            if w.isVisibleTo(widget) and w.text()]


def test_no_input_key_on_the_screen(qtbot, window):
    """Every item's form speaks the methodology's words: no «n =», «A1:», «req1»."""
    tab = window.plan_tab
    for item in tab.methodology.items():
        tab.select_item(item.number)
        texts = shown_texts(tab.form)
        assert not [t for t in texts if KEYS.search(t)], (item.number, [t for t in texts if KEYS.search(t)])
    page = window.centers_tab.centers_page
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert "n" not in headers and "Бейдж" in headers
