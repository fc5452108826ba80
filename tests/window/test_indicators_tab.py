"""User flows of the indicators tab: starter set, facts typed and pasted, refusals, undo, control points."""

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog

from gui.dialogs import indicator as indicator_dialog
from gui.editor import Editor
from gui.models.indicators import FACT, PLAN, STATUS
from gui.tabs.indicators import IndicatorsTab
from model.areas import indicators as ind
from model.areas.indicators import ControlPoint, Indicator, Value
from model.areas.periods import choose_methodology
from model.base.period import Period
from model.base.ru import format_number, unbroken
from model.methodology import shipped_2018


@pytest.fixture
def page(window):
    choose_methodology(window.db, Period(2020, 4), shipped_2018())  # 2020 has none of its own
    window.show_period(Period(2020, 4))
    window.tabs.setCurrentWidget(window.indicators_tab)
    return window.indicators_tab.indicators_page


def cell(model, row, col):
    return model.data(model.index(row, col, QModelIndex()))


def test_starter_set_then_seed_facts_entered(qtbot, window, page):
    page.starter_button.menu().actions()[0].trigger()  # «Цифровое государственное управление»
    model = page.model
    assert model.rowCount() == 5
    assert [cell(model, r, PLAN) for r in range(5)] == ["25", "2", "90", "5", "0"]
    for row, fact in enumerate(["26,5", "3", "95", "6", "0"]):
        assert model.setData(model.index(row, FACT), fact)
    assert [cell(model, r, STATUS) for r in range(5)] == [
        "✔ достигнут", "✔ достигнут", "✘ не достигнут", "✔ достигнут", "✔ достигнут"]
    assert cell(model, 2, 7) == "94,74"  # lower is better: 90 / 95 × 100
    assert "достигнуто\u00a04, не достигнуто\u00a01" in page.summary.text()  # a number never alone on a line
    window.undo_action.trigger()  # the last fact
    assert cell(model, 4, FACT) == "" and cell(model, 4, STATUS) == "— нет данных"


def test_tab_passes_over_the_cells_one_cannot_type_in(qtbot, window, page):
    """Tab in the indicators' grid stopped on every cell — the name, the unit, the status, the achievement — each a
    dead stop on the way from one fact to the next. It now goes from a typed cell to the next typed cell; Shift+Tab
    goes back the same way; past the last (before the first) it leaves the grid — it went round, a keyboard trap."""
    page.starter_button.menu().actions()[0].trigger()
    view, model = page.view, page.model
    editable = [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                if model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable]
    assert 0 < len(editable) < model.rowCount() * model.columnCount()  # some cells are computed or fixed
    view.setFocus()
    view.setCurrentIndex(model.index(*editable[0]))
    visited = [editable[0]]
    for _ in range(len(editable) - 1):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        if view.state() == view.State.EditingState:  # Tab out of an editor: the next editable cell opens
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        visited.append((view.currentIndex().row(), view.currentIndex().column()))
    assert visited == editable
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert (view.currentIndex().row(), view.currentIndex().column()) == editable[-2]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # past the last: out of the grid to the next control, not round again
    assert QApplication.focusWidget() is not view and (view.currentIndex().row(), view.currentIndex().column()) \
        == editable[-1]
    view.setFocus()
    view.setCurrentIndex(model.index(*editable[-1]))
    view.edit(view.currentIndex())  # and from an open cell the same
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view and not view.isAncestorOf(QApplication.focusWidget())
    view.setFocus()
    view.setCurrentIndex(model.index(*editable[0]))
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # before the first: out, back
    assert QApplication.focusWidget() is not view


@pytest.mark.parametrize(("text", "says"), [(">25", "знак «>»"), ("25 %", "без «%»: 25"),
                                            ("4,14 балла", "без «балла»: 4,14"), ("<90", "знак «<»")])
def test_sloppy_facts_refused_with_what_to_type(qtbot, window, page, text, says):
    indicator_id = ind.save_indicator(window.db, Indicator(None, "Доля", number="1"))
    page.reload()
    assert not page.model.setData(page.model.index(0, FACT), text)
    assert says in page.error.text() and "не сохранено" in page.error.text()
    assert ind.load_values(window.db, 2020, ind.YEAR).get(indicator_id) is None


def test_paste_plan_and_fact_block(qtbot, window, page):
    ids = [ind.save_indicator(window.db, Indicator(None, f"Показатель {n}", number=str(n))) for n in (1, 2, 3)]
    page.reload()  # added behind the window's back
    page.granularity.setCurrentIndex(2)  # 2nd quarter
    view = page.view
    view.setCurrentIndex(page.model.index(0, PLAN))
    view.setFocus()
    QGuiApplication.clipboard().setText("10\t12\n20\t18\n30\t30\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    values = ind.load_values(window.db, 2020, 2)
    assert [(values[i].plan, values[i].fact) for i in ids] == [(10, 12), (20, 18), (30, 30)]
    QGuiApplication.clipboard().setText("1\t1\n2\t>2\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert ind.load_values(window.db, 2020, 2) == values
    assert "Вставка не выполнена" in page.error.text()
    assert ind.load_values(window.db, 2020, ind.YEAR) == {}


def test_add_reorder_retire(qtbot, window, page, monkeypatch):
    def fake_exec(dialog):
        dialog.number.setText("6")
        dialog.name.setPlainText("Уровень удовлетворённости качеством МСЗУ")
        dialog.unit.setCurrentText("баллы")
        dialog.base_value.setText("3,9")
        dialog._accept()
        return QDialog.DialogCode.Accepted

    ind.save_indicator(window.db, Indicator(None, "Первый", number="1"))
    page.reload()
    monkeypatch.setattr(indicator_dialog.IndicatorDialog, "exec", fake_exec)
    page.add_button.click()
    assert [i.number for i in ind.list_indicators(window.db)] == ["1", "6"]
    assert ind.list_indicators(window.db)[1].unit == "баллы" and ind.list_indicators(window.db)[1].base_value == 3.9
    page.view.setCurrentIndex(page.model.index(1, 0))
    page.up_button.click()
    assert [i.number for i in ind.list_indicators(window.db)] == ["6", "1"]
    page.view.setCurrentIndex(page.model.index(1, 0))
    page.retire_button.click()
    assert [i.number for i in ind.list_indicators(window.db)] == ["6"]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [i.number for i in ind.list_indicators(window.db)] == ["1", "6"]


def test_dialog_refuses_bad_base_value(qtbot):
    dialog = indicator_dialog.IndicatorDialog()
    qtbot.addWidget(dialog)
    dialog.name.setPlainText("Доля")
    dialog.base_value.setText("<90")
    dialog._accept()
    assert "знак «<»" in dialog.error.text() and dialog.indicator() is None


def test_chart_follows_the_selected_indicator(qtbot, window, page):
    a = ind.save_indicator(window.db, Indicator(None, "Первый", number="1"))
    ind.set_values(window.db, 2019, 0, {a: Value(15, 17)})
    ind.set_values(window.db, 2020, 0, {a: Value(25, 26.5)})
    page.reload()
    assert [label for label, _ in page.chart.points] == ["2019 год", "2020 год"]
    assert [r[1].status for r in page.overview.rows] == [ind.ACHIEVED]
    image = page.chart.grab().toImage()
    assert image.width() > 0  # painted without error


def test_models_pass_qt_model_tester(qtmodeltester, window, page):
    ind.save_indicator(window.db, Indicator(None, "Первый", number="1"))
    ind.save_point(window.db, ControlPoint(None, "Точка", date(2020, 3, 1)))
    window.indicators_tab.reload()
    qtmodeltester.check(page.model, force_py=True)
    qtmodeltester.check(window.indicators_tab.points_page.model, force_py=True)


def test_control_points_with_injected_clock(qtbot, db):
    today = date(2022, 7, 1)
    choose_methodology(db, Period(2022, 3), shipped_2018())
    editor = Editor(db, QUndoStack())
    editor.show(Period(2022, 3))
    tab = IndicatorsTab(editor, today=lambda: today)
    qtbot.addWidget(tab)
    points = tab.points_page
    points.due.set_value(date(2022, 6, 30))
    points.title.setText("Утверждён план мероприятий")
    points.add_point()
    points.due.set_value(date(2022, 7, 1))
    points.title.setText("Проведено совещание")
    points.add_point()
    model = points.model
    assert [cell(model, r, 4) for r in range(2)] == [ind.OVERDUE, ind.PENDING]
    assert model.setData(model.index(0, 3), "01.07.2022")
    assert cell(model, 0, 4) == ind.LATE
    assert model.setData(model.index(1, 3), "30.06.2022")
    assert cell(model, 1, 4) == ind.ON_TIME
    assert points.summary.text() == unbroken("Контрольные точки: выполнено 2 из 2, в срок 1")
    assert not model.setData(model.index(1, 3), "02.07.2022")  # after "today"
    assert "не наступила" in points.error.text()
    assert not model.setData(model.index(1, 2), "31.02.2022")
    assert "нет в календаре" in points.error.text()
    assert [p.done for p in ind.list_points(db)] == [date(2022, 7, 1), date(2022, 6, 30)]


def test_indicators_survive_restart(qtbot, open_window, db_path):
    first = open_window(db_path)
    ids = ind.load_starter_set(first.db, "МО")
    ind.set_values(first.db, 2020, 0, {ids[2]: Value(90, 95)})
    choose_methodology(first.db, Period(2020, 1), shipped_2018())
    first.close()
    second = open_window(db_path)
    second.show_period(Period(2020, 1))
    model = second.indicators_tab.indicators_page.model
    assert cell(model, 2, STATUS) == "✘ не достигнут" and cell(model, 0, PLAN) == "25"


def test_point_grid_keeps_its_widths_and_a_refused_cell_its_text(qtbot, window):
    from PySide6.QtWidgets import QLineEdit

    choose_methodology(window.db, Period(2020, 4), shipped_2018())
    window.show_period(Period(2020, 4))
    window.tabs.setCurrentWidget(window.indicators_tab)
    points = window.indicators_tab.points_page
    window.indicators_tab.setCurrentWidget(points)
    for title in ("Короткая", "Утверждён план мероприятий по переводу услуг в электронный вид"):
        points.title.setText(title)
        points.due.set_value(date(2020, 3, 1))
        points.add_point()
    view = points.view
    widths = [view.columnWidth(c) for c in range(points.model.columnCount())]
    assert points.model.setData(points.model.index(0, 3), "01.02.2020")  # done: a longer cell than before
    assert [view.columnWidth(c) for c in range(points.model.columnCount())] == widths
    said = []
    orig = points.error.say
    points.error.say = lambda t: (said.append(t), orig(t))
    view.setCurrentIndex(points.model.index(1, 2))
    view.edit(points.model.index(1, 2))
    editor = view.findChild(QLineEdit)
    editor.setText("32.13.2020")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits through a queued call
    qtbot.waitUntil(lambda: bool(said), timeout=1000)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState, timeout=1000)
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
    assert editor.text() == "32.13.2020"  # kept for correcting
    assert "такой даты нет" in points.error.text()
    assert view.currentIndex().row() == 1  # Enter did not move on
    stored = points.model.index(1, 2).data()
    editor.setText(stored)  # the stored date typed back: nothing to store, and the refusal's message goes
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=1000)
    assert points.model.index(1, 2).data() == stored and not view.saying() and not points.error.isVisible()


def test_a_composite_shows_its_computed_fact_and_its_composition_is_chosen_and_undone(qtbot, window, page,
                                                                                     monkeypatch):
    from gui.dialogs.composite import USE, WEIGHT, CompositeDialog

    page.starter_button.menu().actions()[1].trigger()  # the example: nine members and «цифровая зрелость»
    model = page.model
    names = [cell(model, r, 1) for r in range(model.rowCount())]
    assert model.rowCount() == 10 and names[-1].endswith("(составной)")
    whole = model.rowCount() - 1
    assert not model.flags(model.index(whole, FACT)) & Qt.ItemFlag.ItemIsEditable  # computed, not typed
    assert model.flags(model.index(whole, PLAN)) & Qt.ItemFlag.ItemIsEditable
    for row in range(9):  # 2020: plan 100 and fact 81 for every member
        assert model.setData(model.index(row, PLAN), "100") and model.setData(model.index(row, FACT), "81")
    assert cell(model, whole, FACT) == "81"
    assert "учтено 81,00\u00a0%" in model.data(model.index(whole, FACT), Qt.ItemDataRole.ToolTipRole)
    assert model.setData(model.index(whole, PLAN), "80")
    assert cell(model, whole, STATUS) == "✔ достигнут"
    stored = ind.load_values(window.db, 2020, ind.YEAR)[model.rows[whole].id]
    assert stored.plan == 80 and stored.fact is None  # the computed fact is never stored as typed data

    # the composition: the first member weighs 10, the second leaves
    def choose(dialog: CompositeDialog) -> bool:
        dialog.table.item(0, WEIGHT).setText("10")
        dialog.table.item(1, USE).setCheckState(Qt.CheckState.Unchecked)
        dialog._accept()  # «Сохранить состав»
        return dialog.composite() is not None

    model.setData(model.index(0, FACT), "50")  # member 1 at 50 %
    page.view.setCurrentIndex(model.index(whole, 0))
    monkeypatch.setattr(CompositeDialog, "exec", choose)
    page.edit_composite()
    by_hand = (10 * 50 + 7 * 81) / 17
    assert cell(model, whole, FACT) == format_number(by_hand, 2)
    members = ind.list_composites(window.db)[model.rows[whole].id].members
    assert len(members) == 8 and members[0].weight == 10
    window.undo_action.trigger()
    assert len(ind.list_composites(window.db)[model.rows[whole].id].members) == 9
    assert cell(model, whole, FACT) == format_number((50 + 8 * 81) / 9, 2)


def test_a_fact_that_jumps_asks_for_a_comment_at_once(qtbot, window, page):
    from gui.models.indicators import COMMENT

    indicator_id = ind.save_indicator(window.db, Indicator(None, "Доля", number="1"))
    ind.set_values(window.db, 2020, 3, {indicator_id: Value(10, 10)})  # the quarter before: 10
    page.reload()
    page.granularity.setCurrentIndex(4)  # «4 квартал 2020 года», the quarter on screen
    model = page.model
    assert model.setData(model.index(0, FACT), "16")  # +60 %
    assert "изменение 60\u00a0% больше допустимых 50\u00a0%" in page.error.text() and "поясните в комментарии" in \
        page.error.text()
    assert page.view.currentIndex().column() == COMMENT
    assert model.setData(model.index(0, COMMENT), "открыт второй МФЦ")
    assert page.error.text() == ""
    assert not [v for v in window.editor.quarter.violations if v.rule.id == "indicator-jump"]
