"""Figures that agree on the screen: the ESIA cross-check counts the months ended by its date, a score keeps its «%»
on its line, a center not checked this quarter shows no ticks while 1.2 is not computed, and the status bar never
says «all saved» beside a red «Не сохранено»."""

import re
from datetime import date

from conftest import Q2, fill_quarter
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from model.areas import esia
from model.base.period import Period
from model.quarter.data import load_period
from model.store.db import open_database
from tests.window.test_plan_tab import type_into, type_text

Q3 = Period(2018, 3)
UNIT_AFTER_NUMBER = re.compile(r"\d[ \t](%|п\. п\.)")  # a breakable space between a figure and its sign


def test_the_esia_total_at_the_end_of_september_is_checked_against_january_to_september(qtbot, window):
    esia.save_plan(window.db, esia.EsiaPlan(2018, registered_start=7694, target_end=14480, population=85199,
                                            months={m: 500 + 10 * m for m in range(1, 13)}))
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.esia_page
    window.centers_tab.setCurrentWidget(page)
    page.reload()
    january_to_september = 7694 + sum(500 + 10 * m for m in range(1, 10))
    type_into(qtbot, page.fields["total_registered"], str(january_to_september))
    page.as_of.setFocus()
    type_text(page.as_of, "30.09.2018")
    qtbot.keyClick(page.as_of, Qt.Key.Key_Tab)
    assert esia.load_plan(window.db, 2018).total_as_of == date(2018, 9, 30)
    assert not page.check_label.isVisibleTo(page)  # September has ended on its last day: no false alarm
    page.as_of.setFocus()
    page.as_of.selectAll()
    type_text(page.as_of, "29.09.2018")
    qtbot.keyClick(page.as_of, Qt.Key.Key_Tab)
    assert page.check_label.isVisibleTo(page)
    assert "Сверка не сходится" in page.check_label.text() and "январь–август" in page.check_label.text()


def _lines(label: QLabel, width: int) -> list[str]:
    """The lines a wrapped label shows at a width, as Qt's text layout breaks them."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text()) if "<" in label.text() else doc.setPlainText(label.text())
    doc.setTextWidth(width)
    doc.size()  # lays the text out
    lines, block = [], doc.begin()
    while block.isValid():
        layout = block.layout()
        lines += [block.text()[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()]
                  for i in range(layout.lineCount())]
        block = block.next()
    return lines


def test_a_score_never_wraps_apart_from_its_percent_sign(qtbot, open_window, db_path):
    db = open_database(db_path)
    fill_quarter(db)
    db.conn.close()
    window = open_window(db_path)
    form_of = {}
    for number in ("1.1", "1.3"):  # 75,00 %, and 100,00 % with 135,00 % over-fulfilled
        window.plan_tab.select_item(number)
        form_of[number] = window.plan_tab.form.score_label
        label = form_of[number]
        assert "%" in label.text()
        bold = label.font()
        bold.setBold(True)
        plain = re.sub(r"<[^>]+>", "", label.text())
        widest = max(QFontMetrics(bold).horizontalAdvance(w) for w in re.split(r"[ \t]+", plain)) + 2
        counts = set()
        for width in range(widest, 900):  # whatever the width the form is given, «%» begins no line
            lines = _lines(label, width)
            counts.add(len(lines))
            assert not any(line.lstrip().startswith("%") for line in lines), (number, width, lines)
        assert max(counts) >= 3  # it did wrap, at many places
    said = []
    for tab in (window.plan_tab, window.centers_tab, window.indicators_tab, window.services_tab):
        window.tabs.setCurrentWidget(tab)
        for page in ([tab.widget(i) for i in range(tab.count())] if hasattr(tab, "widget") else [tab]):
            if hasattr(tab, "setCurrentWidget"):
                tab.setCurrentWidget(page)
            QApplication.processEvents()
            said += [label.text() for label in page.findChildren(QLabel) if label.isVisible() and label.wordWrap()]
    assert any("%" in text for text in said)
    assert [text for text in said if UNIT_AFTER_NUMBER.search(text)] == []


def test_a_center_not_checked_this_quarter_shows_no_ticks_while_1_2_is_not_computed(qtbot, settings, db_path):
    from gui.main_window import MainWindow

    db = open_database(db_path)
    fill_quarter(db)  # the quarter before: every requirement of every center met
    db.conn.close()
    window = MainWindow(db_path, settings, period=Q3)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.centers_page
    model = page.model
    assert load_period(window.db, Q3).scores.items["1.2"].filled is False
    assert "пункт 1.2 плана пока не рассчитан" in page.summary.text()
    def states(row):
        return [model.data(model.index(row, model.first_req + k), Qt.ItemDataRole.CheckStateRole) for k in range(4)]

    for row in range(model.rowCount()):
        assert model.data(model.index(row, model.n_col)) == "не проверен"
        assert Qt.CheckState.Checked not in states(row)  # the quarter before's ticks are offered, not shown as made
        assert Qt.CheckState.PartiallyChecked in states(row)
    offered = [s == Qt.CheckState.PartiallyChecked for s in states(0)]
    tip = model.data(model.index(0, model.first_req + 2), Qt.ItemDataRole.ToolTipRole)
    assert "в прошлом квартале" in tip and "не входит" in tip
    page.view.selectAll()
    qtbot.mouseClick(page.checked_button, Qt.MouseButton.LeftButton)
    score = load_period(window.db, Q3).scores.items["1.2"].score
    assert score == 25 * sum(offered)  # what was offered is what is recorded, and now counted
    assert states(0) == [Qt.CheckState.Checked if o else Qt.CheckState.Unchecked for o in offered]
    assert model.data(model.index(0, model.n_col)) == str(sum(offered))
    assert f"{score:.2f}".replace(".", ",") + "\u00a0%" in page.summary.text()
    window.db.conn.close()


def test_the_status_bar_never_says_all_saved_beside_a_refusal(qtbot, window):
    saved = window.saved_label
    tab = window.plan_tab
    tab.select_item("1.1")
    form = tab.form
    type_into(qtbot, form.counts["B1"], "50")
    assert saved.text().startswith("✓ Все изменения сохранены")
    type_into(qtbot, form.counts["A1"], "60")  # more than all: refused, said in red under the field
    assert form.counts["A1"].error.isVisible() and "Не сохранено" in form.counts["A1"].error.text()
    assert not saved.text().startswith("✓") and "Не всё сохранено" in saved.text()
    window.tabs.setCurrentWidget(window.indicators_tab)  # still not saved while another tab is on the screen
    assert "Не всё сохранено" in saved.text()
    window.tabs.setCurrentWidget(tab)
    type_into(qtbot, form.counts["A1"], "40")
    assert not form.counts["A1"].error.isVisible() and saved.text().startswith("✓ Все изменения сохранены (")

    type_into(qtbot, form.counts["A1"], "сорок")
    assert "Не всё сохранено" in saved.text()
    tab.select_item("2.1")  # the refused text goes with its form: nothing on the screen is unsaved any more
    qtbot.waitUntil(lambda: saved.text().startswith("✓ Все изменения сохранены"), timeout=1000)

    window.tabs.setCurrentWidget(window.centers_tab)
    grid = window.centers_tab.esia_page
    window.centers_tab.setCurrentWidget(grid)
    assert not grid.model.setData(grid.model.index(0, 1), "-5")  # a refused cell of a grid
    assert grid.table_error.isVisible() and "Не всё сохранено" in saved.text()
    assert grid.model.setData(grid.model.index(0, 1), "5")
    assert not grid.table_error.isVisible() and saved.text().startswith("✓ Все изменения сохранены (")


def test_an_undo_the_database_refuses_is_not_called_saved(qtbot, window, tmp_path):
    from model.reports.sending import prepare_sending

    tab = window.plan_tab
    tab.select_item("1.1")
    type_into(qtbot, tab.form.counts["B1"], "50")
    assert window.saved_label.text().startswith("✓ Все изменения сохранены (")
    prepare_sending(window.db, Q2, tmp_path)  # sent to the region: the quarter takes no more changes
    window.undo_action.trigger()
    assert "отправка квартала в регион подготовлена" in window.statusBar().currentMessage()
    assert window.saved_label.text() == "✗ Последнее действие не выполнено"
    type_into(qtbot, tab.form.counts["A1"], "40")  # refused as well, at the field
    assert not window.saved_label.text().startswith("✓")
