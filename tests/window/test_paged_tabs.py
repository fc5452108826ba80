"""The tabs of two pages (centers and ESIA registrations; indicators and control points): a change shows again the
pages that show its area, and an undo made from another tab goes to the tab and the page where the change was made."""

from dataclasses import replace
from datetime import date

import pytest

from model.areas import centers
from model.areas.centers import Center, StaffMember
from model.quarter import edits


def test_undo_goes_to_the_centers_page(window):
    centers.save_center(window.db, Center(id=None, settlement="с. Бура", staff=(StaffMember("Иванова", True),)))
    window.editor.reread("center")
    tab = window.centers_tab
    window.tabs.setCurrentWidget(tab)
    page = tab.centers_page
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.active_button.click()
    assert page.model.centers == [] and "активных центров 0" in page.summary.text()  # shown again at once
    tab.setCurrentWidget(tab.esia_page)
    window.tabs.setCurrentWidget(window.plan_tab)
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is tab and tab.currentWidget() is page
    assert [c.settlement for c in page.model.centers] == ["с. Бура"] and "активных центров 1" in page.summary.text()


def test_a_control_point_shows_on_both_pages_and_undo_goes_to_its_page(window):
    tab = window.indicators_tab
    window.tabs.setCurrentWidget(tab)
    points = tab.points_page
    tab.setCurrentWidget(points)
    points.title.setText("Утвердить план")
    points.due.set_value(date(2018, 5, 31))
    points.add_point()
    assert len(points.model.points) == 1
    assert "Контрольные точки" not in tab.indicators_page.summary.text()  # behind the points: not shown again yet
    tab.setCurrentWidget(tab.indicators_page)
    assert "Контрольные точки" in tab.indicators_page.summary.text()  # in front: the indicators' page counts them
    window.tabs.setCurrentWidget(window.plan_tab)
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is tab and tab.currentWidget() is points
    assert points.model.points == [] and "Контрольные точки" not in tab.indicators_page.summary.text()


def test_the_page_behind_is_built_when_it_first_comes_to_the_front(window, monkeypatch):
    """A tab's first opening builds the page it shows; the other is built when shown, reading the quarter as it is
    then (an edit made meanwhile is in it); a fault in building it leaves its place to be built when shown again, and
    reading every page again from the database reads its area too."""
    from gui.tabs import centers as centers_tab

    window.tabs.setCurrentWidget(window.centers_tab)
    tab = window.centers_tab
    assert 1 in tab._makers and not tab.widget(1).findChildren(object)  # an empty place
    db, plan = window.db, window.editor.quarter.esia_plan
    window.editor.do("План ЕСИА", lambda d: edits.save_esia(db, d, replace(plan, population=12_345)),
                     lambda d: edits.save_esia(db, d, plan))
    real = centers_tab.EsiaPage

    def broken(editor):
        raise RuntimeError("построение страницы не удалось")
    monkeypatch.setattr(centers_tab, "EsiaPage", broken)
    with pytest.raises(RuntimeError):
        tab.page(1)  # as when it comes to the front (where the program's fault dialog shows the error)
    assert 1 in tab._makers  # not taken for built
    reread = []
    monkeypatch.setattr(window.editor, "reread", lambda *areas: reread.extend(areas))
    monkeypatch.setattr(tab.centers_page, "reload", lambda: reread.append("center page"))
    tab.reload()
    assert reread == ["center page", "esia"]
    monkeypatch.undo()
    monkeypatch.setattr(centers_tab, "EsiaPage", real)
    tab.setCurrentIndex(0)
    tab.setCurrentIndex(1)
    page = tab.currentWidget()
    assert isinstance(page, real) and tab.esia_page is page and 1 not in tab._makers
    assert page.fields["population"].edit.text() == "12\u00a0345"  # the edit made before it was built
