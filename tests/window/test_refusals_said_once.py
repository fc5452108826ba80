"""A refusal in the grids says what to type and says «не сохранено» once: a count suggests a whole number, a write
the database does not take is told without «Не сохранено: Изменение не сохранено…», and a paste it does not take
without «Вставка не выполнена: Изменение не сохранено…»."""

from datetime import date

import pytest
from conftest import Q2
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from gui.models.indicators import PLAN
from gui.models.services import ELECTRONIC, TOTAL
from model.areas import centers, esia
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.centers import Center
from model.areas.indicators import Indicator

READ_ONLY = "файл базы данных открыт только для чтения"


def said_once(text: str) -> bool:
    return text.lower().count("не сохранено") == 1 and "изменение не сохранено" not in text.lower()


def read_only(window):
    """Every write the window tries from now on is refused by the file, as a read-only or locked file does."""
    window.db.conn.execute("PRAGMA query_only = ON")


def paste(qtbot, view, index, text):
    QGuiApplication.clipboard().setText(text)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def services_tab(qtbot, window):
    tab = window.services_tab
    window.tabs.setCurrentWidget(tab)
    tab.add_service()  # «Новая услуга», its name open for typing: Escape keeps the name
    qtbot.keyClick(next(e for e in tab.view.findChildren(QLineEdit) if e.isVisible()), Qt.Key.Key_Escape)
    return tab


def test_a_fractional_count_typed_into_the_services_grid_suggests_a_whole_number(qtbot, window, services_tab):
    view, model = services_tab.view, services_tab.model
    view.setCurrentIndex(model.index(0, TOTAL))
    view.edit(model.index(0, TOTAL))
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
    editor.setText("4,14")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(services_tab.error.text()), timeout=1000)
    said = services_tab.error.text()
    assert "«4,14» — количество должно быть целым числом, например 4" in said, said
    assert "1 250 или 4,14" not in said and said_once(said)
    assert services.requests_of_year(window.db, 2018).get(2, {}) == {}
    assert not model.setData(model.index(0, ELECTRONIC), "2,5")
    assert "например 2" in services_tab.error.text()
    paste(qtbot, view, model.index(0, TOTAL), "10\t7,5\n")
    assert "строка 1, столбец «В электронном виде»: «7,5» — количество должно быть целым числом, например 8" in \
        services_tab.error.text()  # the column named by its heading, not its number in the pasted block
    assert services.requests_of_year(window.db, 2018).get(2, {}) == {}


def test_a_refused_write_in_the_services_grid_is_said_once(qtbot, window, services_tab):
    view, model = services_tab.view, services_tab.model
    read_only(window)
    assert not model.setData(model.index(0, TOTAL), "10")
    said = services_tab.error.text()
    assert said.startswith("«Новая услуга», обращений: не сохранено — " + READ_ONLY) and said_once(said), said
    paste(qtbot, view, model.index(0, TOTAL), "10\t5\n")
    assert services_tab.error.text().startswith("Вставка не выполнена: " + READ_ONLY), services_tab.error.text()


def test_a_refused_write_in_the_indicators_and_points_grids_is_said_once(qtbot, window):
    ind.save_indicator(window.db, Indicator(None, "Доля услуг в электронном виде", number="1"))
    tab = window.indicators_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    page, points = tab.indicators_page, tab.points_page
    tab.setCurrentWidget(points)  # a page shows what changed when it is in front, as a person sees it
    points.title.setText("Утверждён план")
    points.due.set_value(date(2018, 5, 1))
    points.add_point()
    tab.setCurrentWidget(page)
    read_only(window)
    assert not page.model.setData(page.model.index(0, PLAN), "90")
    assert page.error.text().startswith("Показатель 1, план: не сохранено — " + READ_ONLY), page.error.text()
    assert said_once(page.error.text())
    paste(qtbot, page.view, page.model.index(0, PLAN), "90\t95\n")
    assert page.error.text().startswith("Вставка не выполнена: " + READ_ONLY), page.error.text()
    tab.setCurrentWidget(points)
    assert not points.model.setData(points.model.index(0, 1), "Утверждён план мероприятий")
    assert points.error.text().startswith("Контрольная точка 1: не сохранено — " + READ_ONLY), points.error.text()
    assert said_once(points.error.text())


def test_a_refused_write_in_the_centers_and_months_grids_is_said_once(qtbot, window):
    centers.save_center(window.db, Center(id=None, settlement="с. Калга"))
    window.tabs.setCurrentWidget(window.centers_tab)
    page, months = window.centers_tab.centers_page, window.centers_tab.esia_page
    page.reload()
    read_only(window)
    assert not page.model.setData(page.model.index(0, page.model.first_op), "12")
    assert page.error.text().startswith("с. Калга, ") and f"не сохранено — {READ_ONLY}" in page.error.text()
    assert said_once(page.error.text()), page.error.text()
    paste(qtbot, page.view, page.model.index(0, page.model.first_op), "12\n")
    assert page.error.text().startswith("Вставка не выполнена: " + READ_ONLY), page.error.text()
    window.centers_tab.setCurrentWidget(months)
    assert not months.model.setData(months.model.index(0, 1), "1 010")
    assert months.table_error.text().startswith("Январь: не сохранено — " + READ_ONLY), months.table_error.text()
    paste(qtbot, months.view, months.model.index(0, 1), "1 010\n1 105\n")
    assert months.table_error.text().startswith("Вставка не выполнена: " + READ_ONLY), months.table_error.text()
    assert not any(q.operations for q in centers.load_quarter(window.db, Q2).values())
    assert esia.load_plan(window.db, 2018).months == {}


@pytest.mark.parametrize(("month", "cells", "says"), [
    (8, 5, "5 чисел не помещаются в 4 месяца до конца года, начиная с месяца «сентябрь»"),
    (11, 2, "2 числа не помещаются в 1 месяц до конца года, начиная с месяца «декабрь»"),
    (0, 21, "21 число не помещается в 12 месяцев до конца года, начиная с месяца «январь»"),
])
def test_a_paste_past_december_counts_its_numbers_in_words_that_agree(qtbot, window, month, cells, says):
    window.tabs.setCurrentWidget(window.centers_tab)
    months = window.centers_tab.esia_page
    window.centers_tab.setCurrentWidget(months)
    paste(qtbot, months.view, months.model.index(month, 1), "\n".join(["100"] * cells) + "\n")
    assert months.table_error.text() == f"Вставка не выполнена: {says}"
    assert esia.load_plan(window.db, 2018).months == {}
