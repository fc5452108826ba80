"""The selected row of the centers' and the indicators' registers: edited in its dialog, taken out of work and back,
deleted once the user agrees (or refused, with the reason, when it has a history) — each one step that undo takes
back and redo puts again, under the text the Edit menu shows."""

import pytest
from conftest import Q2
from PySide6.QtWidgets import QDialog, QMessageBox

from gui.dialogs import center as center_dialog
from gui.dialogs import indicator as indicator_dialog
from model.areas import centers
from model.areas import indicators as ind
from model.areas.centers import Center, StaffMember


@pytest.fixture
def asked(monkeypatch):
    """What the message boxes said; the questions are answered «Да»."""
    said: list[tuple[str, str, str]] = []

    def question(parent, title, text, *args):
        said.append(("question", title, text))
        return QMessageBox.StandardButton.Yes

    def information(parent, title, text, *args):
        said.append(("information", title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", information)
    return said


def _centers_page(window, *settlements):
    for name in settlements:
        centers.save_center(window.db, Center(id=None, settlement=name, staff=(StaffMember("Иванова", True),)))
    window.editor.reread("center")
    window.tabs.setCurrentWidget(window.centers_tab)
    return window.centers_tab.centers_page


def _select(page, row):
    page.view.setCurrentIndex(page.model.index(row, 0))


def _typed(monkeypatch, dialog_class, shown, typed):
    """The dialog, when it opens, shows `shown` (its field's text) and saves after `typed(dialog)`."""
    def run(dialog):
        assert shown(dialog)
        typed(dialog)
        dialog._accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", run)


def test_center_edited_in_its_dialog_and_undone(window, monkeypatch):
    page = _centers_page(window, "с. Бура", "с. Калга")

    _typed(monkeypatch, center_dialog.CenterDialog, lambda dialog: dialog.settlement.text() == "с. Калга",
           lambda dialog: dialog.settlement.setText("с. Калга-2"))  # the dialog shows the selected center
    _select(page, 1)
    page.edit_button.click()
    assert [c.settlement for c in centers.list_centers(window.db)] == ["с. Бура", "с. Калга-2"]
    assert window.editor.stack.undoText() == "Изменение центра: с. Калга"
    window.undo_action.trigger()
    assert [c.settlement for c in centers.list_centers(window.db)] == ["с. Бура", "с. Калга"]

    monkeypatch.setattr(center_dialog.CenterDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    page.edit_button.click()  # cancelled: nothing stored, nothing to undo
    assert [c.settlement for c in centers.list_centers(window.db)] == ["с. Бура", "с. Калга"]
    assert not window.editor.stack.canUndo()


def test_center_made_inactive_and_back(window):
    page = _centers_page(window, "с. Бура")
    _select(page, 0)
    page.active_button.click()
    assert centers.list_centers(window.db, include_inactive=True)[0].active is False
    assert window.editor.stack.undoText() == "Центр неактивен: с. Бура"
    window.undo_action.trigger()
    assert centers.list_centers(window.db)[0].active is True
    window.redo_action.trigger()
    assert centers.list_centers(window.db, include_inactive=True)[0].active is False


def test_center_deleted_when_agreed_and_refused_when_it_has_records(window, asked):
    page = _centers_page(window, "с. Бура", "с. Калга")
    first = centers.list_centers(window.db)[0]
    centers.set_operations(window.db, Q2, first.id, "registration", 5)
    window.editor.reread("center")
    _select(page, 0)
    page.delete_button.click()
    assert asked == [("information", "Удаление центра",
                      f"У центра «{first.title()}» есть записи проверок или операций, поэтому удалить его нельзя. "
                      "Если центр закрыт, нажмите «Сделать неактивным»: он перестанет входить в пункт 1.2, а история "
                      "сохранится.")]
    assert len(centers.list_centers(window.db)) == 2 and not window.editor.stack.canUndo()
    asked.clear()
    second = centers.list_centers(window.db)[1]
    _select(page, 1)
    page.delete_button.click()
    assert asked == [("question", "Удаление центра", f"Удалить центр «{second.title()}»? Его можно будет вернуть "
                                                     "командой «Правка → Отменить».")]
    assert [c.settlement for c in centers.list_centers(window.db)] == ["с. Бура"]
    assert window.editor.stack.undoText() == "Удаление центра: с. Калга"
    window.undo_action.trigger()
    assert centers.list_centers(window.db)[1] == second


def _indicators_page(window, *names):
    for n, name in enumerate(names, start=1):
        ind.save_indicator(window.db, ind.Indicator(None, name, number=f"{n}"))
    window.editor.reread("indicator")
    window.tabs.setCurrentWidget(window.indicators_tab)
    return window.indicators_tab.indicators_page


def test_indicator_edited_retired_and_returned(window, monkeypatch):
    page = _indicators_page(window, "Первый", "Второй")

    _typed(monkeypatch, indicator_dialog.IndicatorDialog, lambda dialog: dialog.name.toPlainText() == "Второй",
           lambda dialog: dialog.name.setPlainText("Второй, уточнённый"))
    _select(page, 1)
    page.edit_button.click()
    assert [i.name for i in ind.list_indicators(window.db)] == ["Первый", "Второй, уточнённый"]
    assert window.editor.stack.undoText() == "Изменение показателя 2"
    window.undo_action.trigger()
    assert [i.name for i in ind.list_indicators(window.db)] == ["Первый", "Второй"]

    _select(page, 0)
    page.retire_button.click()
    assert [i.name for i in ind.list_indicators(window.db)] == ["Второй"]
    assert window.editor.stack.undoText() == "Вывод из состава: 1"
    page.show_retired.setChecked(True)
    _select(page, 0)
    assert page.retire_button.text() == "Вернуть в состав"
    page.retire_button.click()
    assert window.editor.stack.undoText() == "Возврат показателя 1"
    assert [i.name for i in ind.list_indicators(window.db)] == ["Первый", "Второй"]


def test_indicator_deleted_back_in_its_place_and_refused_with_values(window, asked):
    page = _indicators_page(window, "Первый", "Второй", "Третий")
    _select(page, 1)
    page.delete_button.click()
    assert asked == [("question", "Удаление показателя", "Удалить показатель «Второй»? Его можно будет вернуть "
                                                         "командой «Правка → Отменить».")]
    assert [i.name for i in ind.list_indicators(window.db)] == ["Первый", "Третий"]
    assert window.editor.stack.undoText() == "Удаление показателя"
    window.undo_action.trigger()
    assert [i.name for i in ind.list_indicators(window.db)] == ["Первый", "Второй", "Третий"]  # in its place

    asked.clear()
    first = ind.list_indicators(window.db)[0]
    ind.set_values(window.db, 2018, 2, {first.id: ind.Value(10, 5)})
    window.editor.reread("indicator")
    _select(page, 0)
    page.delete_button.click()
    assert asked == [("information", "Удаление показателя", "У показателя есть значения, поэтому удалить его "
                      "нельзя. Нажмите «Вывести из состава»: он скроется, а история сохранится.")]
    assert len(ind.list_indicators(window.db)) == 3
