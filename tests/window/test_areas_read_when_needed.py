"""The window reads a tab's areas of the quarter before the tab is built, and no others: the plan's start leaves
the registrations, indicators, control points, services and explanations unread; an undo after the quarter was
read afresh (the user went to another quarter and back) reads what its step needs instead of failing on it."""

from datetime import date

from conftest import Q2

from model.areas.indicators import ControlPoint
from model.base.period import Period
from model.quarter import edits
from model.quarter.quarter import DEFERRED


def test_each_tab_reads_what_it_shows_when_it_is_built(window):
    quarter = window.editor.quarter
    assert quarter.unread() == list(DEFERRED)  # the plan on screen: nothing of the other tabs read
    assert window.plan_tab is not None and quarter.unread() == list(DEFERRED)
    assert window.indicators_tab is not None
    assert quarter.unread() == ["esia", "service", "ratio_note"]
    assert window.services_tab is not None
    assert quarter.unread() == ["esia", "ratio_note"]
    assert window.centers_tab is not None
    assert quarter.unread() == ["ratio_note"]


def test_the_plans_registrations_hint_reads_the_registrations_when_asked(window):
    plan = window.plan_tab
    assert "esia" in window.editor.quarter.unread()
    assert plan.esia_quarter() == (0, 0)  # no registrations entered: read, not refused
    assert "esia" not in window.editor.quarter.unread()


def test_an_undo_after_going_to_another_quarter_and_back_reads_the_area_it_undoes(window):
    db, editor = window.db, window.editor
    point = ControlPoint(None, "Новая точка", date(2018, 6, 1), None)

    def delete(d):
        return edits.delete_point(db, d, next(p.id for p in d.control_points if p.title == "Новая точка"))

    editor.do("Добавить контрольную точку", lambda d: edits.save_point(db, d, point), delete)
    window.show_period(Period(2018, 3))
    window.show_period(Q2)
    assert "control_point" in window.editor.quarter.unread()  # read afresh: the points not read yet
    window.undo_stack.undo()
    assert [p.title for p in window.editor.quarter.control_points].count("Новая точка") == 0
    window.undo_stack.redo()
    assert [p.title for p in window.editor.quarter.control_points].count("Новая точка") == 1
