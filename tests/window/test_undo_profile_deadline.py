"""The profile (File → Профиль организации) and the report's deadline (the reports tab) are actions of the window
like any other: on the undo stack, Ctrl+Z puts back what was stored before, and the tabs show what is stored."""

from datetime import date

import pytest
from conftest import Q2
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gui.dialogs.profile import ProfileDialog
from model.areas.deadlines import Deadline, deadline, deadline_days, set_deadline_days
from model.areas.profile import Profile, load_profile, save_profile
from model.store.db import open_database

OLD = "Муниципальный район «Калганский район»"
NEW = "Муниципальный район «Нерчинский район»"


@pytest.fixture
def window(open_window, db_path):
    db = open_database(db_path)
    save_profile(db, Profile(district=OLD, head_name="С. А. Егоров"))
    set_deadline_days(db, 20)  # kept in the profile's row: a change of the profile leaves it as it is
    db.conn.close()
    window = open_window(db_path)
    window.tabs.setCurrentWidget(window.reports_tab)
    return window


def save_in_dialog(monkeypatch, window, district):
    """File → Профиль организации: type the district's name, press «Сохранить» of the real dialog."""
    def typed(dialog):
        dialog.edits["district"].setText(district)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(ProfileDialog, "exec", typed)
    window.edit_profile()


def shown(window):
    return window.reports_tab.title.text().split("\n")[1], window.district_label.text()


def test_a_changed_profile_is_undone_and_redone(qtbot, window, monkeypatch):
    assert shown(window) == (OLD, OLD)
    save_in_dialog(monkeypatch, window, NEW)
    assert load_profile(window.db).district == NEW and shown(window) == (NEW, NEW)
    assert window.undo_action.text() == "Отменить: профиль организации"
    assert window.redo_action.text() == "Повторить"  # nothing to redo: the verb alone, no colon
    window.tabs.setCurrentWidget(window.plan_tab)
    window.undo_action.trigger()  # Ctrl+Z from another tab: the window goes where the profile is shown
    assert window.tabs.currentWidget() is window.reports_tab
    assert load_profile(window.db) == Profile(district=OLD, head_name="С. А. Егоров")
    assert shown(window) == (OLD, OLD) and NEW not in window.windowTitle()
    assert window.redo_action.text() == "Повторить: профиль организации"
    assert window.undo_action.iconText() == "Отменить"  # a toolbar's button: the verb
    window.redo_action.trigger()
    assert load_profile(window.db).district == NEW and shown(window) == (NEW, NEW)
    assert deadline_days(window.db) == 20  # the profile's row kept the deadline days all along
    changes = window.db.execute("SELECT action, json_extract(new, '$.district') FROM audit WHERE tbl = 'profile' "
                                "ORDER BY id").fetchall()
    assert changes[-3:] == [("update", NEW), ("update", OLD), ("update", NEW)]  # each in the change journal


def test_an_unchanged_or_refused_profile_puts_nothing_on_the_stack(qtbot, window, monkeypatch):
    save_in_dialog(monkeypatch, window, OLD)
    assert window.undo_stack.count() == 0
    save_in_dialog(monkeypatch, window, "")  # the district is required: the dialog says so and stays open
    assert window.undo_stack.count() == 0 and load_profile(window.db).district == OLD


def test_the_first_profile_is_stored_without_an_undo_step(qtbot, open_window, db_path, monkeypatch):
    monkeypatch.setattr(ProfileDialog, "exec", lambda dialog: 0)  # the first start's question, left for now
    window = open_window(db_path)
    assert load_profile(window.db) is None
    save_in_dialog(monkeypatch, window, NEW)
    assert load_profile(window.db).district == NEW and window.district_label.text() == NEW
    assert window.undo_stack.count() == 0  # there is no profile to go back to


@pytest.fixture
def said(monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append(a[2]))
    return messages


def set_deadline_in_tab(monkeypatch, window, typed):
    """`typed` into «Срок представления…»; refused, the question comes again: then «Отмена»."""
    answers = iter([(typed, True)])
    monkeypatch.setattr("gui.widgets.fields.ask_text", lambda *a, **k: next(answers, ("", False)))
    window.reports_tab.deadline_button.click()


def test_the_deadline_of_the_quarter_is_undone_and_redone(qtbot, window, monkeypatch, said):
    tab = window.reports_tab
    assert deadline(window.db, Q2).due == date(2018, 7, 20)
    set_deadline_in_tab(monkeypatch, window, "05.07.2018")
    assert deadline(window.db, Q2).due == date(2018, 7, 5) and tab.deadline.text().startswith(
        "Срок представления — 05.07.2018")
    window.tabs.setCurrentWidget(window.plan_tab)
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is tab
    assert deadline(window.db, Q2) == Deadline(date(2018, 7, 20), False)
    assert tab.deadline.text().startswith("Срок представления — 20.07.2018")
    window.redo_action.trigger()
    assert deadline(window.db, Q2).due == date(2018, 7, 5) and tab.deadline.text().startswith(
        "Срок представления — 05.07.2018")
    set_deadline_in_tab(monkeypatch, window, "")  # back to the days after the quarter's end; undo: the date again
    assert deadline(window.db, Q2).due == date(2018, 7, 20)
    window.undo_action.trigger()
    assert deadline(window.db, Q2).due == date(2018, 7, 5) and tab.deadline.text().startswith(
        "Срок представления — 05.07.2018")
    set_deadline_in_tab(monkeypatch, window, "30.06.2018")  # refused: said, nothing stored, nothing to undo
    assert "после окончания квартала" in said[-1]
    assert window.undo_stack.count() == 2 and window.undo_stack.index() == 1
    assert not said[:-1]


def test_the_deadline_days_are_undone_and_redone(qtbot, window, monkeypatch, said):
    tab = window.reports_tab
    set_deadline_in_tab(monkeypatch, window, "15 дней")
    assert deadline_days(window.db) == 15 and tab.deadline.text().startswith("Срок представления — 15.07.2018")
    window.undo_action.trigger()
    assert deadline_days(window.db) == 20 and tab.deadline.text().startswith("Срок представления — 20.07.2018")
    window.redo_action.trigger()
    assert deadline_days(window.db) == 15 and tab.deadline.text().startswith("Срок представления — 15.07.2018")
    set_deadline_in_tab(monkeypatch, window, "15")  # as it is: no step
    assert window.undo_stack.count() == 1 and not said


def test_a_methodology_the_file_does_not_take_is_said_and_the_quarter_stays_unshown(qtbot, window, said):
    from model.areas.periods import period_row
    from model.base.period import Period
    from model.methodology import shipped_2018

    window.show_period(Period(2099, 1))  # a year without a methodology of its own: the tabs offer to choose one
    assert window.plan_tab is None
    window.db.conn.execute("PRAGMA query_only = ON")  # the file takes no write (read-only, the disk full…)
    window._pick_methodology(shipped_2018())
    window.db.conn.execute("PRAGMA query_only = OFF")
    assert said == ["Изменение не сохранено: файл базы данных открыт только для чтения."]
    assert period_row(window.db, Period(2099, 1)) is None and window.plan_tab is None
    window._pick_methodology(shipped_2018())  # taken: the quarter is shown, nothing is put on the undo stack
    assert window.plan_tab is not None and window.undo_stack.count() == 0


def test_undo_items_read_as_russian_phrases(qapp):
    """«Отменить: пункт 1.3, изменение данных»: the command's text after a colon, from a small letter but for an
    abbreviation, its own colon a comma; the verb alone when there is nothing to undo."""
    from PySide6.QtGui import QUndoCommand, QUndoStack

    from gui.undo import undo_actions

    stack = QUndoStack()
    undo, redo = undo_actions(stack, stack)
    assert (undo.text(), redo.text()) == ("Отменить", "Повторить")
    stack.push(QUndoCommand("Пункт 1.3: изменение данных"))
    assert undo.text() == "Отменить: пункт 1.3, изменение данных"
    stack.push(QUndoCommand("ЕСИА: план на год"))
    assert undo.text() == "Отменить: ЕСИА, план на год"
    stack.undo()
    assert (undo.text(), redo.text()) == ("Отменить: пункт 1.3, изменение данных", "Повторить: ЕСИА, план на год")
