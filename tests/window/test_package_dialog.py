"""«Пакет для районов…»: opened from the region's window, the table pasted from Excel, the package saved and read
back with its targets; problems said in the dialog; Enter does not save by accident, Escape closes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from gui.region.package_dialog import PackageDialog, sheet_columns
from gui.region.window import RegionWindow
from model.exchange.region_files import Package, read
from model.exchange.seal import valid_key
from model.region.expected import Municipality, load_kept
from model.region.history import open_history

PASTED = ("Наименование ОМСУ\tОКТМО\tЦелевой показатель на конец 2018 года\tКол-во регистраций за 2017 год\t"
          "Численность населения МО\t1.3 C, 1 квартал\t% выполнения\r\n"
          "г.Бузулук\t53712000\t14480\t7694\t85 199\t1 000\t178,60%\r\n"
          "Бузулукский район\t53612000\t5037\t507\t30 589\t250,5\t77,61%\r\n")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))


@pytest.fixture
def dialog(qtbot: QtBot) -> PackageDialog:
    d = PackageDialog()
    qtbot.addWidget(d)
    d.resize(1366, 690)
    d.show()
    d.year.setValue(2018)
    return d


def paste(dialog: PackageDialog, text: str, qtbot: QtBot) -> None:
    QApplication.clipboard().setText(text)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def headings(dialog: PackageDialog) -> list[str]:
    return [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]


def test_pasted_targets_are_saved_as_the_package_and_read_back(dialog, qtbot, tmp_path, monkeypatch):
    assert dialog.deadlines[1].text() == "10.04.2018" and dialog.deadlines[4].text() == "10.01.2019"
    assert "2018.1" in dialog.methodology.currentText()
    assert headings(dialog) == ["A", "B", "C", "D", "E", "F"]  # the sheet's columns, where the pasted cells go
    paste(dialog, PASTED, qtbot)
    assert headings(dialog) == ["A", "B", "C", "D", "E", "F", "G"]
    assert sheet_columns(28)[25:] == ["Z", "AA", "AB"]
    assert dialog.table.rowCount() == 3 and dialog.table.item(1, 0).text() == "г.Бузулук"
    assert dialog.summary.text() == "Муниципалитетов в таблице: 2" and not dialog.error.saying()
    dialog.region.setText("Оренбургская область")
    dialog.deadlines[2].setText("15.07.2018")
    offered = []

    def save_file_name(parent, title, start, filters):
        offered.append(Path(start).name)
        return str(tmp_path / "вывод" / Path(start).name), filters

    (tmp_path / "вывод").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    dialog.split.setChecked(True)
    dialog.save_button.click()
    assert offered == ["Пакет_2018_v1.json"]
    assert not dialog.error.saying(), dialog.error.text()
    assert dialog.done_label.isVisible() and dialog.done_label.text().startswith(
        "Пакет региона «Оренбургская область» на 2018 год, версия 1, записан: ")  # as the command line says it
    package = read(tmp_path / "вывод" / "Пакет_2018_v1.json")
    assert isinstance(package, Package)
    assert package.manifest.region == "Оренбургская область" and package.manifest.year == 2018
    assert package.deadlines[2] == date(2018, 7, 15) and package.deadlines[1] == date(2018, 4, 10)
    assert [(t.name, t.oktmo, t.target_end, t.registered_start, t.population) for t in package.municipalities] == [
        ("г.Бузулук", "53712000", 14480, 7694, 85199), ("Бузулукский район", "53612000", 5037, 507, 30589)]
    assert [p.value for t in package.municipalities for p in t.plan] == [1000, 250.5]
    assert all(valid_key(t.key) for t in package.municipalities)
    assert sorted(p.name for p in (tmp_path / "вывод").iterdir()) == [
        "Пакет_2018_v1.json", "Пакет_2018_v1_Бузулукский район.json", "Пакет_2018_v1_г.Бузулук.json"]
    assert load_kept() == [Municipality("г.Бузулук", "53712000"), Municipality("Бузулукский район", "53612000")]
    with open_history() as history:
        assert history.region() == "Оренбургская область" and history.next_package_version(
            "Оренбургская область", 2018) == 2
    again = PackageDialog()
    qtbot.addWidget(again)
    assert again.region.text() == "Оренбургская область"


def test_rows_pasted_without_a_header_go_below_and_problems_are_said(dialog, qtbot):
    paste(dialog, PASTED, qtbot)
    paste(dialog, "Илекский район\t123\t4024\t2572\t24 436\t5\t1%\n", qtbot)
    assert dialog.table.rowCount() == 4
    assert dialog.error.saying()
    assert "строка 4, столбец «ОКТМО»: код ОКТМО «123» — ожидается 8 или 11 цифр" in dialog.error.text()
    dialog.table.item(3, 1).setText("53620000")  # corrected in the table: checked again at once
    assert not dialog.error.saying() and dialog.summary.text() == "Муниципалитетов в таблице: 3"
    dialog.deadlines[3].setText("01.09.2018")
    dialog.region.setText("Регион")
    dialog.save_button.click()  # no file dialog: the deadline is refused first
    assert "позже конца квартала" in dialog.error.text()


def test_a_workbook_is_read_with_its_title_rows(dialog, tmp_path, monkeypatch):
    wb = Workbook()
    ws = wb.active
    ws.append(["Таблица 2. План на 2018 год"])
    ws.append([])
    ws.append(["Наименование", "ОКТМО", "T", "R0", "N"])
    ws.append(["Калга", 76618000.0, 5000, 1200, 8000])
    wb.save(tmp_path / "цели.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "цели.xlsx"), ""))
    dialog.load_workbook()
    assert dialog.table.rowCount() == 4 and dialog.table.item(3, 1).text() == "76618000"
    assert dialog.summary.text() == "Муниципалитетов в таблице: 1"
    (tmp_path / "не книга.xlsx").write_text("не книга", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "не книга.xlsx"), ""))

    def close_message() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, close_message)
            return
        said.append(box.findChildren(type(dialog.summary))[-1].text() if box.findChildren(type(dialog.summary))
                    else "")
        box.close()

    said: list[str] = []
    QTimer.singleShot(0, close_message)
    dialog.load_workbook()
    assert said and dialog.table.rowCount() == 4  # the table as it was


def test_enter_does_not_save_and_escape_closes(dialog, qtbot, monkeypatch):
    paste(dialog, PASTED, qtbot)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or ("", ""))
    dialog.region.setFocus()
    qtbot.keyClick(dialog.region, Qt.Key.Key_Return)
    assert asked == [] and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_region_window_opens_it(qtbot, tmp_path):
    window = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    seen = []

    def close() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, PackageDialog):
            QTimer.singleShot(20, close)
            return
        seen.append(d.windowTitle())
        d.reject()

    QTimer.singleShot(0, close)
    button = next(b for b in window.findChildren(type(window.build_button)) if b.text() == "Пакет для районов…")
    button.click()
    assert seen == ["Пакет для районов"]


def test_a_huge_workbook_is_refused_without_filling_the_table(dialog, tmp_path, monkeypatch):
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ОКТМО", "T"])
    for n in range(5_100):
        ws.append([f"М{n}", f"{10_000_000 + n}", n])
    wb.save(tmp_path / "большая.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "большая.xlsx"), ""))
    dialog.load_workbook()
    assert dialog.table.rowCount() == 0
    assert dialog.error.saying() and "это не таблица целевых показателей" in dialog.error.text()
