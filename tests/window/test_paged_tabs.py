"""The tabs of two pages (centers and ESIA registrations; indicators and control points): a change shows again the
pages that show its area, and an undo made from another tab goes to the tab and the page where the change was made."""

from datetime import date

from model.areas import centers
from model.areas.centers import Center, StaffMember


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
