"""The «Услуги (МСЗУ)» tab: a register pasted from Excel, the quarter's requests typed, the share against the plan,
a refused cell, undo, and the refusal of a sent quarter."""

import pytest
from conftest import Q2
from PySide6.QtCore import Qt

from gui.models.services import AVAILABLE, ELECTRONIC, LEVEL, NAME, PLANNED, SHARE, STATUS, TOTAL
from model.areas import public_services as sv


@pytest.fixture
def tab(window):
    window.tabs.setCurrentIndex(3)
    assert window.tabs.tabText(3) == "Услуги (МСЗУ)"
    return window.services_tab


def cell(model, row, col):
    return model.data(model.index(row, col))


def test_a_register_pasted_from_excel_then_requests_and_the_share_against_the_plan(qtbot, window, tab):
    model = tab.model
    assert "Перечень услуг пуст" in tab.summary.text()
    tab.add_service()  # the first row, then Excel's block over it and below
    block = [["Приём заявлений в первый класс", "муниципальная", "да", "12", "Отдел образования", "2 кв. 2018",
              "20.05.2018"],
             ["Выдача архивных справок", "государственная", "нет", "", "Архив", "3 кв. 2018", ""]]
    model.paste(model.index(0, NAME), block)
    assert [cell(model, r, NAME) for r in range(2)] == ["Приём заявлений в первый класс", "Выдача архивных справок"]
    assert cell(model, 0, STATUS) == "переведена в срок" and cell(model, 1, PLANNED) == "3 кв. 2018"
    assert model.setData(model.index(0, TOTAL), "200") and model.setData(model.index(0, ELECTRONIC), "90")
    tab.plan_fields[2].setText("40")
    tab.plan_fields[2].editingFinished.emit()
    assert cell(model, 0, SHARE) == "45,00"
    assert "Доступно в электронном виде 1 из 2 услуг" in tab.summary.text()
    assert "за 2 квартал: 45,00\u00a0% при плане 40,00\u00a0% — достигнуто" in tab.summary.text()

    assert not model.setData(model.index(0, ELECTRONIC), "250")  # more electronic than all: a hard ratio
    assert "больше, чем всего обращений" in tab.error.text()
    assert not model.setData(model.index(1, LEVEL), "федеральная")
    assert "муниципальная" in tab.error.text()
    assert not model.setData(model.index(1, AVAILABLE), "31.02.2018")
    assert sv.requests_of_year(window.db, 2018)[2][model.rows[0].id] == sv.Requests(200, 90)

    window.undo_action.trigger()  # the plan
    assert "план не указан" in tab.summary.text()
    window.undo_action.trigger()  # the electronic requests
    assert cell(model, 0, ELECTRONIC) == "" and cell(model, 0, TOTAL) == "200"


def test_the_quarter_once_sent_refuses_requests_at_the_cell(qtbot, window, tab, tmp_path):
    from model.reports.sending import prepare_sending

    tab.add_service()
    prepare_sending(window.db, Q2, tmp_path)
    assert not tab.model.setData(tab.model.index(0, TOTAL), "10")
    assert "отправка квартала в регион подготовлена" in tab.error.text()
    assert tab.model.data(tab.model.index(0, STATUS), Qt.ItemDataRole.ForegroundRole) is not None
