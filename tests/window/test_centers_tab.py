"""User flows of the centers tab: adding, checking, deactivating a center; pasting registrations."""

from datetime import date

import pytest
from conftest import Q2
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from gui.dialogs import center as center_dialog
from model.areas import centers, esia, plan
from model.areas.centers import Center, StaffMember
from model.quarter.data import load_period


def add_center(db, settlement):
    return centers.save_center(db, Center(id=None, settlement=settlement, staff=(StaffMember("Иванова", True),)))


@pytest.fixture
def page(window):
    window.tabs.setCurrentWidget(window.centers_tab)
    return window.centers_tab.centers_page


def test_add_center_through_dialog(qtbot, window, page, monkeypatch):
    def fake_exec(dialog):
        dialog.settlement.setText("с. Калга")
        dialog.address.setText("ул. Партизанская, 19")
        dialog._add_staff(StaffMember("Петрова М. С.", True))
        dialog._accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(center_dialog.CenterDialog, "exec", fake_exec)
    page.add_button.click()
    stored = centers.list_centers(window.db)
    assert [(c.settlement, c.address, c.staff) for c in stored] == [
        ("с. Калга", "ул. Партизанская, 19", (StaffMember("Петрова М. С.", True),))]
    assert page.model.rowCount() == 1
    window.undo_action.trigger()
    assert centers.list_centers(window.db) == []
    window.redo_action.trigger()
    assert centers.list_centers(window.db)[0].id == stored[0].id


def test_one_center_is_counted_in_the_singular(qtbot, window, page):
    add_center(window.db, "с. Бура")
    window.editor.reread("center")
    window.plan_tab.select_item("1.2")
    assert "среднее по 1 активному центру (отмечено 0 из 1)" in window.plan_tab.form.derived.summary.text()


def test_dialog_refuses_published_schedule_without_link(qtbot):
    dialog = center_dialog.CenterDialog()
    qtbot.addWidget(dialog)
    dialog.settlement.setText("с. Бура")
    dialog.published.setChecked(True)
    dialog._accept()
    assert "ссылку" in dialog.error.text() and dialog.center() is None


def test_checking_a_center_fills_item_1_2(qtbot, window, page):
    a = add_center(window.db, "с. Бура")
    b = add_center(window.db, "с. Калга")
    page.reload()
    model = page.model
    badge = model.index(0, model.first_req)
    assert model.setData(badge, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    quarter = centers.load_quarter(window.db, Q2)
    assert {k: c.met for k, c in quarter[a].checks.items()} == {"req1": True, "req2": False, "req3": False,
                                                                 "req4": False}
    assert quarter[a].checks["req1"].checked_on is None  # a tick records the check; its date is typed, or none
    assert model.data(model.index(0, model.n_col)) == "1"
    assert model.data(model.index(1, model.n_col)) == "не проверен"
    assert not load_period(window.db, Q2).scores.items["1.2"].filled
    page.view.selectRow(1)
    page.checked_button.click()  # Калга recorded as shown: its card says its one employee has a badge
    assert load_period(window.db, Q2).scores.items["1.2"].score == pytest.approx(25)
    window.plan_tab.select_item("1.2")
    assert window.plan_tab.form.derived.isVisibleTo(window.plan_tab.form)
    assert not window.plan_tab.form.flags.isVisibleTo(window.plan_tab.form)
    assert window.plan_tab.form.derived.table.rowCount() == 2
    assert "среднее по 2 активным центрам (отмечено 2 из 2)" in window.plan_tab.form.derived.summary.text()
    assert window.plan_tab._tree_items["1.2"].text(2) == "25,00"
    assert b in centers.load_quarter(window.db, Q2)


def test_deactivating_a_center_leaves_it_out_of_1_2_and_keeps_history(qtbot, window, page):
    a = add_center(window.db, "с. Бура")
    b = add_center(window.db, "с. Калга")
    centers.set_checks(window.db, Q2, a, {k: centers.Check(True) for k in page.req_keys}, page.req_keys)
    centers.set_checks(window.db, Q2, b, {k: centers.Check(False) for k in page.req_keys}, page.req_keys)
    page.reload()
    page.view.selectRow(1)
    page.active_button.click()
    assert not centers.get_center(window.db, b).active
    assert page.model.rowCount() == 1  # inactive ones are hidden unless asked for
    assert load_period(window.db, Q2).scores.items["1.2"].score == 100
    page.show_inactive.setChecked(True)
    assert page.model.rowCount() == 2
    assert "неактивен" in page.model.data(page.model.index(1, 0))
    assert b in centers.load_quarter(window.db, Q2)
    window.undo_action.trigger()
    assert centers.get_center(window.db, b).active


def test_delete_is_refused_while_center_has_records(qtbot, window, page, monkeypatch):
    shown = []
    monkeypatch.setattr("gui.tabs.centers.QMessageBox.information", lambda *a: shown.append(a[2]))
    cid = add_center(window.db, "с. Бура")
    centers.set_operations(window.db, Q2, cid, "registration", 3)
    page.reload()
    page.delete_button.click()
    assert centers.get_center(window.db, cid) and "неактивным" in shown[0]


def test_operations_typed_and_pasted(qtbot, window, page):
    ids = [add_center(window.db, name) for name in ("с. Бура", "с. Калга", "с. Козлово")]
    page.reload()
    model = page.model
    assert model.setData(model.index(0, model.first_op), "1 250")
    assert centers.load_quarter(window.db, Q2)[ids[0]].operations == {"registration": 1250}
    assert not model.setData(model.index(0, model.first_op), "много")
    assert "не число" in page.error.text()
    QGuiApplication.clipboard().setText("10\t1\n20\t2\n30\t3\n")
    page.view.setCurrentIndex(model.index(0, model.first_op))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    quarter = centers.load_quarter(window.db, Q2)
    assert [quarter[i].operations for i in ids] == [{"registration": 10, "confirmation": 1},
                                                    {"registration": 20, "confirmation": 2},
                                                    {"registration": 30, "confirmation": 3}]
    QGuiApplication.clipboard().setText("5\t5\n6\tшесть\n")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert centers.load_quarter(window.db, Q2) == quarter  # one bad cell: nothing pasted
    assert "Вставка не выполнена" in page.error.text() and "шесть" in page.error.text()
    assert "«с. Калга»" in page.error.text()  # the center the bad cell fell on, and its column's heading
    assert "столбец «Подтверждение»" in page.error.text()
    page.view.setCurrentIndex(model.index(2, model.first_op))  # an edit accepted after it: the message goes
    qtbot.keyClicks(page.view, "4")
    qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: centers.load_quarter(window.db, Q2)[ids[2]].operations["registration"] == 4)
    assert page.error.text() == "" and not page.view.saying()


def test_centers_model_passes_qt_model_tester(qtmodeltester, window, page):
    add_center(window.db, "с. Бура")
    page.reload()
    qtmodeltester.check(page.model, force_py=True)


def test_months_model_passes_qt_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.centers_tab.esia_page.model, force_py=True)


@pytest.fixture
def esia_page(window):
    window.tabs.setCurrentWidget(window.centers_tab)
    window.centers_tab.setCurrentWidget(window.centers_tab.esia_page)
    return window.centers_tab.esia_page


def test_paste_of_twelve_months_with_one_bad_value_changes_nothing(qtbot, window, esia_page):
    view, model = esia_page.view, esia_page.model
    view.setCurrentIndex(model.index(0, 1))
    view.setFocus()
    good = ["1 010", "1105", "560", "430", "610", "380", "400", "420", "450", "470", "500", "520"]
    bad = good[:6] + ["4ОО"] + good[7:]  # Cyrillic О for zeros, as happens in real reports
    QGuiApplication.clipboard().setText("\n".join(bad) + "\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert esia.load_plan(window.db, 2018).months == {}
    assert "июль" in esia_page.table_error.text()
    QGuiApplication.clipboard().setText("\n".join(good) + "\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert esia.load_plan(window.db, 2018).months == {m: int(v.replace(" ", "")) for m, v in enumerate(good, 1)}
    assert not esia_page.table_error.isVisible()
    window.undo_action.trigger()
    assert esia.load_plan(window.db, 2018).months == {}


def test_typing_a_month_and_moving_down_with_enter(qtbot, window, esia_page):
    view, model = esia_page.view, esia_page.model
    view.setCurrentIndex(model.index(2, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_5)  # the first key opens the cell's editor, the rest go into it
    qtbot.keyClicks(view.focusWidget(), "60")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 3)  # Qt commits a closed editor on the next turn
    assert esia.load_plan(window.db, 2018).months == {3: 560}
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert esia.load_plan(window.db, 2018).months == {}


def test_esc_on_a_refused_cell_lets_the_text_and_its_message_go(qtbot, window, page):
    """A refused cell opens again with what was typed and says why; Esc lets the text go — the cell shows what is
    stored, and the red message and the status bar's «Не всё сохранено» go with it (they stayed for good). Esc on the
    grid itself puts away the message of a refused paste."""
    from PySide6.QtWidgets import QApplication

    add_center(window.db, "с. Калга")
    window.imported(Q2)
    page = window.centers_tab.centers_page
    stored = centers.load_quarter(window.db, Q2)
    view, model, saved = page.view, page.model, window.saved_label
    cell = model.index(0, model.first_op)
    view.setCurrentIndex(cell)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)
    qtbot.keyClicks(view.focusWidget(), "bc-3")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert "не сохранено" in page.error.text() and "Не всё сохранено" in saved.text()
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)  # open again with «abc-3»
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.error.isVisible())
    assert view.state() != view.State.EditingState and saved.text().startswith("✓")
    assert model.data(cell) in ("", None) and centers.load_quarter(window.db, Q2) == stored

    QGuiApplication.clipboard().setText("5\tшесть\n")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.error.isVisible() and "Не всё сохранено" in saved.text()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not page.error.isVisible() and saved.text().startswith("✓")


def test_plan_fields_figures_and_refusal(qtbot, window, esia_page):
    from tests.window.test_plan_tab import type_into
    type_into(qtbot, esia_page.fields["registered_start"], "7694")
    type_into(qtbot, esia_page.fields["target_end"], "14 480")
    type_into(qtbot, esia_page.fields["population"], "85 199")
    type_into(qtbot, esia_page.fields["total_registered"], "10176")
    esia_page.store_months({1: 1010, 2: 1105})
    text = esia_page.figures_label.text()
    assert "6 786" in text.replace("\u00a0", " ") and "11,94\u00a0%" in text and "119,44" in text
    assert model_text(esia_page.model, 0, 3) == "178,60" and model_text(esia_page.model, 1, 5) == "31,17"
    type_into(qtbot, esia_page.fields["target_end"], "5000")
    assert "должен быть больше" in esia_page.fields["target_end"].error.text()
    assert esia.load_plan(window.db, 2018).target_end == 14480


def model_text(model, row, col):
    return model.data(model.index(row, col, QModelIndex()))


def test_item_1_3_offers_the_quarters_registrations(qtbot, window):
    esia.save_plan(window.db, esia.EsiaPlan(2018, months={4: 430, 5: 610, 6: 380}))
    window.plan_tab.reload()
    window.plan_tab.select_item("1.3")
    label, button = window.plan_tab.form.suggestions["A"]
    assert "1 420" in label.text().replace("\u00a0", " ")
    button.click()
    assert plan.load_inputs(window.db, Q2)["1.3"] == {"A": 1420.0}
    assert not button.isVisibleTo(window.plan_tab.form)
    window.plan_tab.form.counts["A"].edit.setFocus()
    assert window.plan_tab.form.counts["A"].edit.text() == "1\u00a0420"


def test_centers_and_plan_survive_restart(qtbot, open_window, db_path):
    first = open_window(db_path)
    cid = add_center(first.db, "с. Бура")
    keys = first.centers_tab.centers_page.req_keys
    centers.set_checks(first.db, Q2, cid, {k: centers.Check(k != "req2", date(2018, 5, 1)) for k in keys}, keys)
    first.close()
    second = open_window(db_path)
    page = second.centers_tab.centers_page
    assert page.model.data(page.model.index(0, page.model.n_col)) == "3"
    assert load_period(second.db, Q2).scores.items["1.2"].score == 75


def test_check_date_and_note_are_stored_and_undone(qtbot, window, page):
    cid = add_center(window.db, "с. Бура")
    keys = page.req_keys
    centers.set_checks(window.db, Q2, cid, {k: centers.Check(True, date(2018, 5, 10)) for k in keys}, keys)
    page.reload()
    page.view.selectRow(0)
    assert "Иванова (бейдж)" in page.detail.info.text()
    _label, when, note = page.detail.rows[1]
    when.edit.setText("01.06.2018")
    when.edit.editingFinished.emit()
    note.setText("график на сайте обновлён")
    note.editingFinished.emit()
    stored = centers.load_quarter(window.db, Q2)[cid].checks[keys[1]]
    assert stored.checked_on == date(2018, 6, 1) and stored.note == "график на сайте обновлён"
    window.undo_action.trigger()  # the note
    window.undo_action.trigger()  # the date
    assert centers.load_quarter(window.db, Q2)[cid].checks[keys[1]] == centers.Check(True, date(2018, 5, 10))
    assert page.detail.rows[1][1].value() == date(2018, 5, 10)


def test_a_refused_check_date_keeps_its_message_while_another_is_put_right_or_stored(qtbot, window, page):
    """31.02 in one row, a wrong date in another, then that one cleared: the first stayed red with no message and the
    status bar said «all saved». Now its message is said again, and the refused text stays while the center's other
    checks are stored; another center lets it go."""
    cid = add_center(window.db, "с. Бура")
    add_center(window.db, "с. Калга")
    keys = page.req_keys
    centers.set_checks(window.db, Q2, cid, {k: centers.Check(True, date(2018, 5, 10)) for k in keys}, keys)
    page.reload()
    page.view.selectRow(0)
    rows = page.detail.rows
    for row, text in ((0, "31.02.2018"), (1, "сегодня")):
        rows[row][1].edit.setText(text)
        rows[row][1].edit.editingFinished.emit()
    rows[1][1].edit.setText("")  # the second put right
    rows[1][1].edit.editingFinished.emit()
    assert "31.02.2018" in page.error.text() and "такой даты нет в календаре" in page.error.text()
    assert rows[0][1].refused and rows[0][1].edit.text() == "31.02.2018"
    rows[2][2].setText("вывеска новая")  # another check stored: the refused date stays for correcting
    rows[2][2].editingFinished.emit()
    assert centers.load_quarter(window.db, Q2)[cid].checks[keys[2]].note == "вывеска новая"
    assert page.detail.rows[0][1].edit.text() == "31.02.2018" and "31.02.2018" in page.error.text()
    page.view.selectRow(1)  # another center: the text and its message go
    assert page.error.text() == "" and not page.detail.rows[0][1].refused


def test_the_centers_card_ticks_badges_and_published_schedule(qtbot, window, page):
    cid = centers.save_center(window.db, Center(None, "с. Кадая", schedule_published=True,
                                                schedule_link="https://kalga.ru/grafik",
                                                staff=(StaffMember("Иванова", True), StaffMember("Петров", True))))
    page.reload()
    model = page.model
    ticks = [model.data(model.index(0, model.first_req + k), Qt.ItemDataRole.CheckStateRole) for k in range(4)]
    suggested = Qt.CheckState.PartiallyChecked  # not a tick: nothing is recorded yet, 1.2 counts none of it
    assert ticks == [suggested, suggested, Qt.CheckState.Unchecked, Qt.CheckState.Unchecked]
    model.setData(model.index(0, model.first_req + 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    recorded = centers.load_quarter(window.db, Q2)[cid].checks
    assert {k: c.met for k, c in recorded.items()} == {"req1": True, "req2": True, "req3": False, "req4": True}
    assert load_period(window.db, Q2).scores.items["1.2"].score == 75  # one click, not three


def test_esia_page_says_when_the_total_disagrees_with_the_months(qtbot, window, esia_page):
    esia.save_plan(window.db, esia.EsiaPlan(2018, registered_start=7694, target_end=14480, population=85199,
                                            total_registered=10176, total_as_of=date(2018, 7, 1),
                                            months={m: 500 + 10 * m for m in range(1, 13)}))
    esia_page.reload()
    assert esia_page.check_label.isVisibleTo(esia_page) and "расхождение 728" in esia_page.check_label.text()
    esia_page.fields["total_registered"].edit.setText("10904")
    esia_page.fields["total_registered"]._typed("10904")
    assert not esia_page.check_label.isVisibleTo(esia_page)


def test_a_new_quarter_shows_the_checks_as_the_quarter_before_and_records_them_on_one_click(qtbot, settings, db_path):
    from conftest import fill_quarter

    from gui.main_window import MainWindow
    from model.base.period import Period
    from model.store.db import open_database

    db = open_database(db_path)
    fill_quarter(db)  # 2 quarter: every requirement of every center met
    first = centers.list_centers(db)[0]
    centers.set_checks(db, Q2, first.id, {"req4": centers.Check(False)}, ("req1", "req2", "req3", "req4"))
    q3 = Period(2018, 3)
    assert centers.previous_checks(db, q3)[first.id]["req4"] is False
    db.conn.close()
    window = MainWindow(db_path, settings, period=q3)
    qtbot.addWidget(window)
    page = window.centers_tab.centers_page
    row = [c.id for c in page.model.centers].index(first.id)
    shown = {f.key: page.model.shown_met(row, f) for f in page.requirements}
    # the card: a badge, no schedule published; the rest as the quarter before recorded it
    assert shown == {"req1": True, "req2": False, "req3": True, "req4": False}
    assert page.model.checks_of(row) is None and "как в прошлом" in page.summary.text()
    page.view.selectAll()
    page.checked_button.click()
    recorded = centers.load_quarter(window.db, q3)
    assert {k: c.met for k, c in recorded[first.id].checks.items()} == shown
    assert len(recorded) == 12 and "как в прошлом" not in page.summary.text()
    window.db.conn.close()


def test_the_check_panel_names_each_requirement_on_one_line(page):
    """«2) График на сайте»: the grid's heading, whose line break is the grid's narrow column's, read on one line."""
    labels = [label.text() for label, _, _ in page.detail.rows]
    assert labels[:2] == ["1) Бейдж", "2) График на сайте"] and not any("\n" in text for text in labels)


def test_the_grid_headings_are_whole_words(page):
    """«Выполнено», «Подтверждение»: a heading wraps between its words where its column is narrow, never inside one
    («Выпол-нено» stood under a two-line header while «Адрес» had room to spare)."""
    model, header = page.view.model(), page.view.horizontalHeader()
    titles = [model.headerData(s, Qt.Orientation.Horizontal) for s in range(model.columnCount())]
    assert "Выполнено" in titles and "Подтверждение" in titles and "Восстановление" in titles
    assert not [t for t in titles if "-\n" in t or "\u00ad" in t]
    metrics = header.fontMetrics()
    for section, title in enumerate(titles):  # each word fits its column
        assert header.sectionSize(section) >= max(metrics.horizontalAdvance(w) for w in title.split()), title


def test_the_staff_line_has_one_full_stop_after_initials(qtbot, window):
    """«Сотрудники: Сидорова А. А. График: не указан» — the initials' full stop ends the sentence (it read «А. А..»)."""
    centers.save_center(window.db, Center(id=None, settlement="с. Бура", staff=(StaffMember("Сидорова А. А.", False),)))
    window.imported(Q2)
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.centers_page
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.detail.info.text() == "Сотрудники: Сидорова А. А. График: не указан"


def test_a_cell_left_as_it_was_is_no_step_to_undo(qtbot, window, page):
    """Enter on a cell, or the same number typed into it, stores nothing and adds no undo step (11 → 11 was one)."""
    add_center(window.db, "с. Калга")
    window.imported(Q2)
    page = window.centers_tab.centers_page
    view, model = page.view, page.model
    cell = model.index(0, model.first_op)
    assert model.setData(cell, "11")
    steps = window.editor.stack.count()
    view.setCurrentIndex(cell)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)  # the first key opens the cell, the second goes into it
    qtbot.keyClicks(view.focusWidget(), "1")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert model.data(cell) == "11" and window.editor.stack.count() == steps
    assert model.setData(cell, "1250")
    steps = window.editor.stack.count()
    assert model.data(cell).replace("\u00a0", " ") == "1 250"
    view.setCurrentIndex(cell)
    qtbot.keyClicks(view, "1")
    qtbot.keyClicks(view.focusWidget(), "250")  # the same number without the space the cell shows
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.editor.stack.count() == steps
    view.setCurrentIndex(cell)
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.data(cell) == "2")
    assert window.editor.stack.count() == steps + 1  # a new number is a step, as before


def test_a_check_date_refused_in_a_sent_quarter_says_the_quarter_is_protected(qtbot, window, page, tmp_path):
    """A date outside the quarter typed in a quarter whose sending was prepared: the message said what was wrong with
    the date, though no date can be stored there — the lock is what to say, and how to open it."""
    from model.reports import sending

    cid = add_center(window.db, "с. Бура")
    keys = page.req_keys
    centers.set_checks(window.db, Q2, cid, {k: centers.Check(True, date(2018, 5, 10)) for k in keys}, keys)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.centers_page
    page.view.selectRow(0)
    row = page.detail.rows[0]
    row[1].edit.setText("10.01.2018")
    row[1].edit.editingFinished.emit()
    assert "отправка квартала в регион подготовлена" in page.error.text()
    assert "Открыть для исправления" in page.error.text() and "вне отчётного периода" not in page.error.text()
    assert centers.load_quarter(window.db, Q2)[cid].checks[keys[0]].checked_on == date(2018, 5, 10)


def test_a_check_date_the_quarter_refuses_is_framed_and_said_until_put_right(qtbot, window, page):
    """10.01.2018 in the second quarter is a date, but not one of the quarter: its message was said and the field
    kept the text with no red frame, and storing another check cleared the message. Now it is framed and said again
    as a date that is not a date is, until it is put right."""
    cid = add_center(window.db, "с. Бура")
    keys = page.req_keys
    centers.set_checks(window.db, Q2, cid, {k: centers.Check(True, date(2018, 5, 10)) for k in keys}, keys)
    page.reload()
    page.view.selectRow(0)
    rows = page.detail.rows
    rows[0][1].edit.setText("10.01.2018")
    rows[0][1].edit.editingFinished.emit()
    assert "вне отчётного периода" in page.error.text()
    assert rows[0][1].refused and rows[0][1].edit.text() == "10.01.2018"
    rows[2][2].setText("вывеска новая")  # another check stored: the refused date and its message stay
    rows[2][2].editingFinished.emit()
    assert centers.load_quarter(window.db, Q2)[cid].checks[keys[2]].note == "вывеска новая"
    assert "10.01.2018" in page.error.text() and page.detail.rows[0][1].refused
    assert page.detail.rows[0][1].edit.text() == "10.01.2018"
    rows = page.detail.rows
    rows[0][1].edit.setText("12.05.2018")  # put right: stored, the frame and the message go
    rows[0][1].edit.editingFinished.emit()
    assert centers.load_quarter(window.db, Q2)[cid].checks[keys[0]].checked_on == date(2018, 5, 12)
    assert page.error.text() == "" and not page.detail.rows[0][1].refused
