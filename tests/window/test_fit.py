"""The check every window is put through (tests/window/fit.py) finds what a clerk would see cut, and passes what is
whole: each kind of fault made on purpose."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableView, QVBoxLayout

from tests.window.fit import fit_problems

LAPTOP = QRect(0, 0, 1366, 690)
TEXT = "Средняя оценка по региону 54,14 %, медиана 55,42 % (по 40 муниципалитетам с итоговой оценкой)"


@pytest.fixture
def dialog(qtbot):
    d = QDialog()
    d.setWindowTitle("Проверка")
    qtbot.addWidget(d)
    return d


def shown(qtbot, d, width=600, height=300):
    d.resize(width, height)
    d.show()
    qtbot.waitExposed(d)
    return fit_problems(d, LAPTOP)


def test_a_whole_dialog_passes(qtbot, dialog):
    box = QVBoxLayout(dialog)
    label = QLabel(TEXT)
    label.setWordWrap(True)
    box.addWidget(label)
    box.addWidget(QPushButton("Сохранить свод (PDF и Excel)…"))
    assert shown(qtbot, dialog) == []


def test_a_label_narrower_than_its_text(qtbot, dialog):
    label = QLabel(TEXT, dialog)
    label.setGeometry(10, 10, 200, 30)
    assert any("текст шире надписи" in p for p in shown(qtbot, dialog))


def test_a_wrapped_label_shorter_than_its_lines(qtbot, dialog):
    label = QLabel(TEXT * 3, dialog)
    label.setWordWrap(True)
    label.setGeometry(10, 10, 300, 40)
    assert any("обрезан снизу" in p for p in shown(qtbot, dialog))


def test_a_button_narrower_than_its_text_and_one_past_the_edge(qtbot, dialog):
    QPushButton("Вывести из состава", dialog).setGeometry(10, 10, 60, 30)
    QPushButton("Закрыть", dialog).setGeometry(560, 250, 100, 30)  # the dialog is 600 wide
    problems = shown(qtbot, dialog)
    assert any("«Вывести из состава»: текст шире кнопки" in p for p in problems)
    assert any("«Закрыть»: кнопка видна не целиком" in p for p in problems)


def test_a_heading_narrower_than_its_longest_word(qtbot, dialog):
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Муниципальное образование", "Взаимодействий"])
    view = QTableView(dialog)
    view.setModel(model)
    view.setGeometry(10, 10, 500, 200)
    view.horizontalHeader().resizeSection(1, 40)
    assert any("«Взаимодействий» шире столбца" in p for p in shown(qtbot, dialog))


def test_a_window_taller_than_the_screen_with_its_title_bar(qtbot, dialog):
    assert any("больше свободной части экрана" in p for p in shown(qtbot, dialog, 1280, 680))
