"""User flows of the plan tab: typing Russian numbers, live scores, refusals, undo/redo, persistence."""

import os
import sqlite3
from datetime import date

import pytest
from conftest import FULL_QUARTER, Q2, fill_quarter
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from gui.dialogs.profile import ProfileDialog
from model.areas import plan
from model.areas.profile import load_profile
from model.base.period import Period


def stored(db_path, period=Q2):
    """What is on disk, read through a separate connection."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT i.item, i.field, i.value FROM plan_inputs i JOIN periods p ON p.id = i.period_id "
                        "WHERE p.year = ? AND p.quarter = ?", [period.year, period.quarter]).fetchall()
    conn.close()
    return {(item, field): value for item, field, value in rows}


def filled_on_a_small_screen(window):
    """The full quarter in a window of 1366×690 (a 768 px screen less the taskbar); its plan tab."""
    fill_quarter(window.db)
    window.imported(Q2)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 690)
    return window.plan_tab


def type_text(widget, text):
    """Type any text, Cyrillic included, as key events (QTest's key clicks take ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, field, text):
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)


def test_typing_russian_numbers_scores_live_and_stores(qtbot, window, db_path):
    tab = window.plan_tab
    tab.select_item("1.1")
    form = tab.form
    type_into(qtbot, form.counts["A1"], "45")
    type_into(qtbot, form.counts["B1"], "50")
    type_into(qtbot, form.counts["A2"], "1 200")
    assert "Не заполнено" in form.score_label.text()
    type_into(qtbot, form.counts["B2"], "2 000")
    assert "75,00\u00a0%" in form.score_label.text()
    assert tab._tree_items["1.1"].text(2) == "75,00"
    assert form.counts["B2"].edit.text() == "2\u00a0000"
    assert stored(db_path) == {("1.1", "A1"): 45, ("1.1", "B1"): 50, ("1.1", "A2"): 1200, ("1.1", "B2"): 2000}
    assert tab.section_cards["1"].note.text().startswith("предварительно")


@pytest.mark.parametrize(("text", "message"), [("60", "не может быть больше"), ("сорок", "не число"),
                                               ("-3", "отрицательным"), ("4,5", "целым")])
def test_bad_input_refused_next_to_field_nothing_stored(qtbot, window, db_path, text, message):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "50")
    type_into(qtbot, form.counts["A1"], text)
    assert form.counts["A1"].error.isVisible()
    assert message in form.counts["A1"].error.text()
    assert stored(db_path) == {("1.1", "B1"): 50}


def test_fixing_a_refused_value_clears_the_message(qtbot, window, db_path):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "50")
    type_into(qtbot, form.counts["A1"], "60")
    type_into(qtbot, form.counts["A1"], "40")
    assert not form.counts["A1"].error.isVisible()
    assert stored(db_path)[("1.1", "A1")] == 40


def test_a_text_refused_beside_another_value_is_stored_once_that_value_is_corrected(qtbot, window, db_path):
    """A = 40, then B = 30: refused (A greater than B). A corrected to 25: B's 30 fits now and is stored — it was
    wiped without a word, the field showing «не заполнено»."""
    form = window.plan_tab.form
    type_into(qtbot, form.counts["A1"], "40")
    type_into(qtbot, form.counts["B1"], "30")
    b = form.counts["B1"]
    assert b.error.isVisible() and "не может быть больше" in b.error.text()
    assert stored(db_path) == {("1.1", "A1"): 40}
    form.counts["A1"].edit.setFocus()
    form.counts["A1"].edit.selectAll()
    type_text(form.counts["A1"].edit, "5")  # 5: already fits, B's 30 is stored at this keystroke
    assert stored(db_path) == {("1.1", "A1"): 5, ("1.1", "B1"): 30}
    assert b.edit.text() == "30" and not b.error.isVisible()
    type_text(form.counts["A1"].edit, "0")  # 50 > 30: A refused now, B stays
    assert form.counts["A1"].error.isVisible() and stored(db_path) == {("1.1", "A1"): 5, ("1.1", "B1"): 30}


def test_a_refused_text_stays_while_another_input_changes_and_esc_lets_it_go(qtbot, window, db_path):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "50")
    type_into(qtbot, form.counts["A1"], "сорок")
    type_into(qtbot, form.counts["A2"], "7")  # another input stored: the refused text and its message stay
    a = form.counts["A1"]
    assert a.edit.text() == "сорок" and a.error.isVisible()
    a.edit.setFocus()
    qtbot.keyClick(a.edit, Qt.Key.Key_Escape)
    assert a.edit.text() == "" and not a.error.isVisible()


def test_undo_and_redo_with_keyboard(qtbot, window, db_path):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "250")
    type_into(qtbot, form.counts["A1"], "45")
    assert stored(db_path) == {("1.1", "B1"): 250, ("1.1", "A1"): 45}
    qtbot.keyClick(window.plan_tab.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {("1.1", "B1"): 250}  # the whole "45" is one step
    assert window.plan_tab.form.counts["A1"].edit.text() == ""
    qtbot.keyClick(window.plan_tab.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {}
    qtbot.keyClick(window.plan_tab.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.plan_tab.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {("1.1", "B1"): 250, ("1.1", "A1"): 45}
    assert window.plan_tab.form.counts["A1"].edit.text() == "45"


def test_radio_buttons_complete_the_plan_and_total_appears(qtbot, window, db_path):
    for number, values in FULL_QUARTER.items():
        if number != "3.3":
            plan.set_values(window.db, Q2, number, dict(values))
    tab = window.plan_tab
    tab.reload()
    assert tab.total_card.note.text().startswith("предварительно")
    tab.select_item("3.3")
    qtbot.mouseClick(tab.form.levels["n"].buttons[1], Qt.MouseButton.LeftButton)
    assert stored(db_path)[("3.3", "n")] == 1
    assert tab.form.levels["n"].buttons[1].isChecked()
    assert tab.section_cards["3"].value.text() == "83,33\u00a0%"
    assert tab.total_card.value.text() == "79,37\u00a0%"  # (250/3 + 500/7 + 250/3) / 3
    assert tab.total_card.note.text() == "заполнено 14 из 14"
    assert tab.filled_label.text() == "Заполнено 14 из 14"
    qtbot.mouseClick(tab.form.levels["n"].clear_button, Qt.MouseButton.LeftButton)
    assert ("3.3", "n") not in stored(db_path)
    assert tab.total_card.note.text().startswith("предварительно")


def test_an_item_filled_but_not_defined_says_so_on_screen(qtbot, window):
    """1.1 with «всего» B = 0: filled, but the share is not defined. The form said «Не заполнено — … равно нулю»
    and the list «не заполнено» beside the filled figures."""
    fill_quarter(window.db)
    plan.set_value(window.db, Q2, "1.1", "A1", 0)
    plan.set_value(window.db, Q2, "1.1", "B1", 0)
    window.imported(Q2)
    tab = window.plan_tab
    tab.select_item("1.1")
    said = tab.form.score_label.text()
    assert said.startswith("Оценка не определена: ") and "равно нулю" in said and "заполнено" not in said
    assert tab._tree_items["1.1"].text(2) == "не определена"


def test_requirement_checkboxes(qtbot, window, db_path):
    tab = window.plan_tab
    tab.select_item("1.2")
    flags = tab.form.flags
    assert flags.confirm.isVisible()
    # not the four requirements' texts over again above the checkboxes that show them (six lines at 1366 px)
    assert tab.form.score_label.text() == "Не заполнено: отметьте выполненные требования в «Исходных данных»"
    flags.boxes[2].click()
    assert {k: v for k, v in stored(db_path).items() if k[0] == "1.2"} == {
        ("1.2", "req1"): 0, ("1.2", "req2"): 0, ("1.2", "req3"): 1, ("1.2", "req4"): 0}
    assert "25,00\u00a0%" in tab.form.score_label.text()
    assert not flags.confirm.isVisible()
    flags.clear_button.click()
    assert not any(k[0] == "1.2" for k in stored(db_path))
    flags.confirm.click()  # checked as it is: none met
    assert "0,00\u00a0%" in tab.form.score_label.text()


def test_evidence_text_stored_on_focus_loss_and_kept_as_typed(qtbot, window, db_path):
    tab = window.plan_tab
    tab.select_item("2.3")
    text = "<b>ссылка</b> & «новости» =СУММ(A1)"
    tab.form.evidence.setFocus()
    tab.form.evidence.setPlainText(text)
    tab.tree.setFocus()
    assert plan.load_evidence(window.db, Q2) == {"2.3": text}
    assert tab.form.evidence_state.text() == "сохранено"


def test_events_added_removed_and_undone(qtbot, window):
    tab = window.plan_tab
    tab.select_item("3.1")
    box = tab.form.events_box
    box.day.edit.setText("14052018")  # digits only: read as 14.05.2018
    box.place.setText("МБОУ СОШ с. Калга")
    type_text(box.topic, "Родительское собрание: Госуслуги")
    qtbot.keyClick(box.topic, Qt.Key.Key_Return)
    events = plan.load_events(window.db, Q2, "3.1")
    assert [(e.day, e.place, e.topic) for e in events] == [(date(2018, 5, 14), "МБОУ СОШ с. Калга",
                                                             "Родительское собрание: Госуслуги")]
    assert tab.form.events_box.table.item(0, 0).text() == "14.05.2018"
    assert box.day.edit.text() == ""  # the next event's date is typed anew, not carried over
    qtbot.keyClick(box.topic, Qt.Key.Key_Return)
    assert "Укажите дату мероприятия" in tab.form.events_box.error.text()
    box.day.edit.setText("15.05.2018")
    qtbot.keyClick(box.topic, Qt.Key.Key_Return)  # empty topic
    assert "тему" in tab.form.events_box.error.text()
    box.day.edit.setText("12.04.2026")
    box.topic.setText("Семинар")
    qtbot.keyClick(box.topic, Qt.Key.Key_Return)  # a date of another quarter
    assert "вне отчётного периода: 2 квартал 2018 года — это 01.04.2018–30.06.2018" in box.error.text()
    assert box.day.edit.text() == "12.04.2026"  # kept for correcting
    tab.form.events_box.table.selectRow(0)
    tab.form.events_box.remove_button.click()
    assert plan.load_events(window.db, Q2, "3.1") == []
    window.undo_action.trigger()
    assert [e.id for e in plan.load_events(window.db, Q2, "3.1")] == [events[0].id]


def test_restart_shows_exactly_what_was_there(qtbot, open_window, db_path):
    first = open_window(db_path)
    for number, values in FULL_QUARTER.items():
        plan.set_values(first.db, Q2, number, dict(values))
    first.plan_tab.reload()
    shown = first.plan_tab.total_card.value.text()
    first.close()
    second = open_window(db_path)
    assert second.period() == Q2
    assert second.plan_tab.total_card.value.text() == shown == "68,25\u00a0%"
    second.plan_tab.select_item("1.1")
    assert second.plan_tab.form.counts["B2"].edit.text() == "200"


def test_copy_previous_quarter_button_and_undo(qtbot, window, db_path):
    plan.set_values(window.db, Q2, "1.1", {"A1": 3, "B1": 4})
    plan.set_values(window.db, Q2, "2.1", {"A": 3, "B": 4})  # the quarter's own counts: not copied
    window.quarter_box.setCurrentIndex(2)
    assert window.period() == Period(2018, 3)
    assert window.plan_tab.copy_button.isEnabled()
    window.plan_tab.copy_button.setFocus()  # as a click gives it
    window.plan_tab.copy_button.click()
    assert stored(db_path, Period(2018, 3)) == {("1.1", "A1"): 3, ("1.1", "B1"): 4}
    assert window.statusBar().currentMessage() == ("Скопировано значений из 2 квартала 2018 года: 2; не копируются — "
                                                   "вводятся заново каждый квартал: пункты 1.3, 2.1, 2.6, 3.1")
    assert not window.plan_tab.copy_button.isEnabled()
    assert window.plan_tab.form.isAncestorOf(QApplication.focusWidget())  # the item's input, not the search field
    window.undo_action.trigger()
    assert stored(db_path, Period(2018, 3)) == {}


def test_undo_returns_to_the_period_of_the_edit(qtbot, window, db_path):
    type_into(qtbot, window.plan_tab.form.counts["B1"], "10")
    window.quarter_box.setCurrentIndex(3)
    window.undo_action.trigger()
    assert window.period() == Q2
    assert stored(db_path) == {}


def test_next_item_shortcut(qtbot, window):
    window.plan_tab.select_item("1.3")
    qtbot.keyClick(window.plan_tab.tree, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.plan_tab.current_item() == "2.1"


def test_profile_dialog_refuses_bad_oktmo_then_saves(qtbot, window):
    dialog = ProfileDialog(window.db, first_start=True, parent=window)
    qtbot.addWidget(dialog)
    dialog.edits["district"].setText("Муниципальный район «Калганский район»")
    dialog.edits["oktmo"].setText("7661")
    dialog._save()
    assert "8 или 11 цифр" in dialog.errors["oktmo"].text()
    assert load_profile(window.db) is None
    dialog.edits["oktmo"].setText("76618000")
    dialog._save()
    assert load_profile(window.db).oktmo == "76618000"


def test_tabs(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["План популяризации", "Центры обслуживания", "Показатели", "Услуги (МСЗУ)", "Отчёты"]


def test_window_shows_which_file_is_open(window, db_path):
    assert window.db_label.toolTip() == str(db_path)  # whole; the label itself may cut the path's middle
    assert window.db_label.text().startswith("База данных: ") and window.db_label.text().endswith(db_path.name)
    assert db_path.name in window.windowTitle()


def test_field_says_so_when_the_file_takes_no_write(qtbot, window, db_path):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "50")
    window.db.conn.execute("PRAGMA query_only = ON")
    type_into(qtbot, form.counts["A1"], "40")
    window.db.conn.execute("PRAGMA query_only = OFF")
    said = form.counts["A1"].error.text()
    assert said.startswith("Не сохранено: файл базы данных открыт только для чтения")
    assert said.lower().count("не сохранено") == 1  # said once, not «Не сохранено: Изменение не сохранено…»
    assert stored(db_path) == {("1.1", "B1"): 50}


def test_a_count_field_suggests_a_whole_number(qtbot, window):
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "4,14")
    assert form.counts["B1"].error.text() == "Не сохранено: «4,14» — количество должно быть целым числом, например 4"
    form.counts["B1"].edit.clear()
    type_into(qtbot, form.counts["B1"], "много")
    said = form.counts["B1"].error.text()
    assert "например 4 или 1 250" in said and "," not in said.split("например")[1]


def test_history_of_an_item_lists_each_change(qtbot, window, monkeypatch):
    from gui.dialogs.history import HistoryDialog

    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self))
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "50")
    type_into(qtbot, form.counts["A1"], "45")
    form.show_history()
    table = shown[0].table
    texts = [table.item(r, 4).text() for r in range(table.rowCount())]
    # every keystroke that was stored is a change: one undo step, but two values on disk
    served, all_served = "Муниципальные служащие, зарегистрированные в ЕСИА (A)", "Муниципальные служащие, всего (B)"
    assert texts == [f"{served}: 4 → 45", f"{served}: 4", f"{all_served}: 5 → 50", f"{all_served}: 5"]
    assert not any("A1" in t or "." in t for t in texts)  # the methodology's words, Russian numbers


def test_ctrl_z_in_a_field_with_nothing_of_its_own_to_undo_undoes_the_last_edit(qtbot, window, db_path):
    """Clicking into the plan's search (or any field with nothing typed in it) and pressing Ctrl+Z undoes the last
    edit, as the menu does; a field with typing of its own keeps the key for it."""
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "250")
    assert stored(db_path) == {("1.1", "B1"): 250}
    search = window.plan_tab.search
    search.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {}
    qtbot.keyClick(search, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {("1.1", "B1"): 250}
    qtbot.keyClicks(search, "1.")
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path) == {("1.1", "B1"): 250}  # the search's own typing was taken back, not the edit


@pytest.mark.parametrize("linux", [False, True], ids=["windows", "linux"])
def test_ctrl_y_in_a_field_redoes_what_its_ctrl_z_undid(qtbot, window, db_path, monkeypatch, linux):
    """Ctrl+Z in a field with typing of its own undoes that typing; Ctrl+Y brought nothing back where the system's
    redo is Ctrl+Shift+Z (a Linux desktop): the window's «Повторить» had nothing, the field did not take the key. Now
    Ctrl+Y is the field's redo there too — in a number and in the evidence text."""
    if linux:  # the key bindings of a Linux desktop (offscreen Qt takes Ctrl+Y as redo, as Windows does)
        monkeypatch.setattr("gui.undo.system_redo", lambda event: event.key() == Qt.Key.Key_Z and event.modifiers()
                            == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    form = window.plan_tab.form
    type_into(qtbot, form.counts["B1"], "120")
    field = form.counts["B1"].edit
    field.setFocus()
    field.selectAll()
    type_text(field, "130")
    assert stored(db_path) == {("1.1", "B1"): 130}
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "120" and stored(db_path) == {("1.1", "B1"): 120}
    qtbot.keyClick(field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "130" and stored(db_path) == {("1.1", "B1"): 130}
    evidence = form.evidence
    evidence.setFocus()
    type_text(evidence, "Обучено 5 специалистов")
    qtbot.keyClick(evidence, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert evidence.toPlainText() == ""
    qtbot.keyClick(evidence, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert evidence.toPlainText() == "Обучено 5 специалистов"
    qtbot.keyClick(evidence, Qt.Key.Key_Tab)
    assert plan.load_evidence(window.db, Q2) == {"1.1": "Обучено 5 специалистов"}


def test_enter_in_a_number_goes_on_to_the_next_input(qtbot, window, db_path):
    """«1100», Enter, «1250», Enter: A and B, as in a spreadsheet (the second number was glued to the first:
    11 001 250 stored in A)."""
    tab = window.plan_tab
    tab.select_item("2.1")
    a, b = tab.form.counts["A"].edit, tab.form.counts["B"].edit
    a.setFocus()
    qtbot.waitUntil(a.hasFocus)
    for text in ("1100", "1250"):
        type_text(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert stored(db_path) == {("2.1", "A"): 1100, ("2.1", "B"): 1250}
    assert a.text() == "1\u00a0100" and b.text() == "1\u00a0250" and not b.hasFocus()


SQUEEZED = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
from gui.app import install_russian
install_russian(app)
from conftest import Q2, fill_quarter
from gui.main_window import MainWindow
folder = Path(tempfile.mkdtemp())
window = MainWindow(folder / "d.sqlite", QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), period=Q2)
window.resize(1366, 690)
window.show()
fill_quarter(window.db)
window.imported(Q2)
for _ in range(5):
    QApplication.processEvents()
window.plan_tab.select_item("1.2")
for _ in range(5):
    QApplication.processEvents()
form = window.plan_tab.forms["1.2"]
form.derived.toggle.setChecked(True)
for _ in range(5):
    QApplication.processEvents()
print(sum(1 for label in form.findChildren(QLabel) if label.wordWrap() and label.isVisible() and label.text()),
      [label.text()[:30] for label in form.findChildren(QLabel)
       if label.wordWrap() and label.isVisible() and label.height() < label.heightForWidth(label.width())])
window.db.conn.close()
"""


def test_an_items_texts_are_never_squeezed_by_the_centers_table(tmp_path):
    """Item 1.2, its centers shown after the form was laid out without them: every wrapped text of the form keeps
    the lines it needs at its width (the form scrolls); a form layout gave «Результаты» less, its last lines cut
    off. In a program of its own: the window as the program opens it (on the offscreen screen of 800 pixels)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OMSU_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests")])}
    done = subprocess.run([sys.executable, "-c", SQUEEZED], capture_output=True, text=True, env=env, cwd=root,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    wrapped, squeezed = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert int(wrapped) >= 3 and squeezed == "[]"


def test_ctrl_pgdown_scrolls_only_as_far_as_the_input_needs(window):
    """Each item reached with Ctrl+PgDown has the cursor in an input wholly in view (1.2's comment box too, not its
    cursor's line only), and the pane scrolled no further than that input needs: an input in view at the top leaves
    the item's title in sight (the places of the form shown before scrolled the pane past them)."""
    fill_quarter(window.db)
    window.imported(Q2)
    tab = window.plan_tab
    tab.select_item("1.1")
    QApplication.processEvents()
    view = tab.scroll.viewport()
    for _ in range(8):
        window._step_item(1)
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        top = focused.mapTo(tab.pages, focused.rect().topLeft()).y()
        scrolled = tab.scroll.verticalScrollBar().value()
        assert 0 <= top - scrolled and top - scrolled + focused.height() <= view.height(), tab.form.item.number
        if top + focused.height() + 40 <= view.height():
            assert scrolled == 0, tab.form.item.number


def test_ctrl_pgdown_shows_a_choice_whole_and_no_half_line_at_the_top(window):
    """At 1366×690 the choice of 3.3 stands low in a long item: it is shown with all its options and its «Очистить
    выбор» (the option after the chosen one was cut at the lower edge), and the pane's upper edge falls between
    two lines of text, not through one (the title's last line was cut in half there)."""
    from PySide6.QtWidgets import QLabel

    tab = filled_on_a_small_screen(window)
    tab.select_item("1.1")
    QApplication.processEvents()
    view, scrolled_items = tab.scroll.viewport(), []
    for _ in range(len(list(tab.methodology.items())) - 1):
        window._step_item(1)
        QApplication.processEvents()
        edge = tab.scroll.verticalScrollBar().value()
        number = tab.form.item.number
        for level in tab.form.levels.values():
            if level.isAncestorOf(QApplication.focusWidget()):
                top = level.mapTo(tab.pages, level.rect().topLeft()).y()
                assert edge <= top and top + level.height() <= edge + view.height(), number
        if edge:
            scrolled_items.append(number)
        for label in tab.form.findChildren(QLabel):
            if not (label.isVisible() and label.wordWrap()):
                continue
            first = label.mapTo(tab.pages, label.contentsRect().topLeft()).y()
            if first < edge < first + label.contentsRect().height():
                assert (edge - first) % label.fontMetrics().lineSpacing() == 0, (number, label.text()[:40])
    assert "3.3" in scrolled_items


def test_ctrl_pgdown_to_an_answered_choice_focuses_the_chosen_option(window):
    """An item answered by a choice: the cursor goes to the option chosen, not the first — Space or an arrow there
    would otherwise change the answer unasked."""
    fill_quarter(window.db)
    window.imported(Q2)
    tab = window.plan_tab
    tab.select_item("2.1")
    QApplication.processEvents()
    window._step_item(1)
    QApplication.processEvents()
    assert tab.form.item.number == "2.2"
    level = next(iter(tab.form.levels.values()))
    chosen = level.group.checkedButton()
    assert chosen is not None and chosen is not level.buttons[0]
    assert QApplication.focusWidget() is chosen


def test_esc_on_a_refused_number_brings_back_the_stored_one(qtbot, window):
    """A refused text stands red in its field until Esc: then the stored value is shown again, the message and the
    status bar's «Не всё сохранено» go, nothing is stored (they stayed until the item was left)."""
    fill_quarter(window.db)
    window.imported(Q2)
    window.activateWindow()
    tab = window.plan_tab
    tab.select_item("1.1")
    field = tab.form.counts["A1"]
    stored = plan.load_inputs(window.db, Q2)["1.1"]["A1"]
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.edit)
    type_text(field.edit, "99")  # more than all (B1): refused, said in red
    assert field.error.isVisible() and "Не всё сохранено" in window.saved_label.text()
    qtbot.keyClick(field.edit, Qt.Key.Key_Escape)
    assert not field.error.isVisible() and field.edit.text() == f"{stored:g}"
    assert window.saved_label.text().startswith("✓") and plan.load_inputs(window.db, Q2)["1.1"]["A1"] == stored
    assert QApplication.focusWidget() is field.edit  # still there, to type again


def test_a_locked_quarter_s_refusal_says_how_to_open_it_not_what_to_correct(qtbot, window, tmp_path):
    """Typing in a quarter whose sending was prepared is refused; the status bar said «исправьте то, что отмечено
    красным», though there is nothing to correct — the quarter is to be opened for correction first."""
    from model.quarter.data import load_period
    from model.reports import sending

    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    window.activateWindow()
    tab = window.plan_tab
    tab.select_item("1.1")
    field = tab.form.counts["A1"]
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.edit)
    type_text(field.edit, "1")
    assert field.error.isVisible() and "отправка квартала в регион подготовлена" in field.error.text()
    status = window.saved_label.text()
    assert "Открыть для исправления" in status and "исправьте" not in status
    field.edit.selectAll()
    type_text(field.edit, "457")  # more than B (50) as well: the lock is what to say, not the values' rule
    assert "отправка квартала в регион подготовлена" in field.error.text()
    assert "не может быть больше" not in field.error.text()


def test_esc_clears_the_search_only_from_the_search_field(qtbot, window):
    """The search's Esc is the field's own: Esc in an item's input leaves the list filtered (PySide6 dropped the
    shortcut's context given beside a positional slot, and Esc anywhere on the tab cleared the search)."""
    from PySide6.QtGui import QShortcut

    window.activateWindow()
    tab = window.plan_tab
    tab.search.setText("семинар")
    tab.select_item("3.1")
    field = next(iter(tab.form.counts.values()), None) if tab.form.counts else None
    target = field.edit if field is not None else tab.form.evidence
    target.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert tab.search.text() == "семинар"
    tab.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.search)
    qtbot.keyClick(tab.search, Qt.Key.Key_Escape)
    assert tab.search.text() == ""
    services = window.quarter_tabs.get("services") or window.services_tab
    pastes = [s for s in services.findChildren(QShortcut) if s.parent() is services]
    assert pastes and all(s.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut for s in pastes)
