"""A quarter whose year has no methodology, and «Файл → Методики…» installing the region's file."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.methodologies import MethodologiesDialog
from gui.main_window import MainWindow
from gui.tabs.methodology_choice import MethodologyChoice
from model.areas import plan
from model.areas.periods import period_methodology
from model.base.period import Period
from model.methodology import registry

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "popularization-2027.toml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))


def test_year_without_methodology_offers_a_choice_and_remembers_it(qtbot, db_path, settings):
    window = MainWindow(db_path, settings, period=Period(2026, 3))
    qtbot.addWidget(window)
    window.show()
    pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
    assert [type(p) is MethodologyChoice for p in pages] == [True] * 5  # the quarter waits for it
    assert window.plan_tab is None and window.indicators_tab is None
    choice = pages[0]
    assert "Для 2026 года методика оценки не установлена" in choice.problem.text()
    assert choice.pick_button is not None and "2018.1" in choice.pick_button.text()
    qtbot.mouseClick(choice.pick_button, Qt.MouseButton.LeftButton)
    assert window.plan_tab is not None and window.plan_tab.methodology.version == "2018.1"
    window.show_period(Period(2026, 4))  # remembered for the other quarters of the year
    assert window.plan_tab is not None
    assert period_methodology(window.db, Period(2026, 4)).version == "2018.1"
    window.close()
    window.db.conn.close()


def test_year_between_two_methodologies_offers_both_the_earlier_first(qtbot, db_path, settings):
    registry.install(EXAMPLE)
    window = MainWindow(db_path, settings, period=Period(2026, 3))
    qtbot.addWidget(window)
    window.show()
    choice = window.tabs.widget(0)
    assert [b.text() for b in choice.pick_buttons] == ["Считать 2026 год по методике 2018 года (версия 2018.1)",
                                                       "Считать 2026 год по методике 2027 года (версия 2027.1)"]
    assert all(b.isVisible() and "popularization" not in b.toolTip() for b in choice.pick_buttons)
    qtbot.mouseClick(choice.pick_buttons[1], Qt.MouseButton.LeftButton)
    assert window.plan_tab is not None and window.plan_tab.methodology.version == "2027.1"
    assert period_methodology(window.db, Period(2026, 1)).version == "2027.1"
    window.close()
    window.db.conn.close()


def test_dialog_installs_the_file_after_showing_what_it_is(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    dialog = MethodologiesDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.install_file(EXAMPLE) is not None
    assert "2027.1" in asked[0] and "popularization" not in asked[0]
    cells = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())] for r in range(2)]
    assert [row[:2] for row in cells] == [["2018 год", "2018.1"], ["2027 год", "2027.1"]]
    assert cells[0][2].startswith("План мероприятий по популяризации в 2018 году") and "№ 228" in cells[0][2]
    assert cells[1][3].startswith("установлена")
    assert not any("popularization" in text for row in cells for text in row)  # the title, never the id


def test_dialog_refuses_a_broken_file_and_lists_its_problems(qtbot, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    broken = tmp_path / "broken.toml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace('rule = "target"', 'rule = "цель"'),
                      encoding="utf-8")
    dialog = MethodologiesDialog()
    qtbot.addWidget(dialog)
    assert dialog.install_file(broken) is None
    text, details = shown[0]
    assert "1 ошибка" in text and "Ничего не изменено" in text
    assert "неизвестное правило «цель»" in details and "строка" in details
    assert dialog.table.rowCount() == 1
    assert len(registry.entries()) == 1


def test_installing_a_newer_version_asks_to_move_the_open_quarter(qtbot, db_path, settings, monkeypatch, tmp_path):
    registry.install(EXAMPLE)
    newer = tmp_path / "newer.toml"
    newer.write_text(EXAMPLE.read_text(encoding="utf-8").replace('version = "2027.1"', 'version = "2027.2"')
                     .replace("target = 3", "target = 4"), encoding="utf-8")
    window = MainWindow(db_path, settings, period=Period(2027, 1))
    qtbot.addWidget(window)
    plan.set_values(window.db, Period(2027, 1), "2.6", {"A": 3})
    questions = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: questions.append(text)
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(MethodologiesDialog, "exec", lambda dialog: dialog.install_file(newer) and 0)
    window.show_methodologies()
    assert "пункт 2.6: целевое значение 3 → 4" in questions[0]
    assert "Перевести его на версию 2027.2" in questions[1]
    assert window.plan_tab is not None and window.plan_tab.methodology.version == "2027.2"
    assert window.plan_tab.scores.items["2.6"].score == pytest.approx(75)
    window.close()
    window.db.conn.close()


def test_a_data_folder_that_refuses_the_install_is_said_in_russian(qtbot, monkeypatch, tmp_path):
    store = tmp_path / "user-data" / "methodologies"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"a file where the folder should be")
    said = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    dialog = MethodologiesDialog()
    qtbot.addWidget(dialog)
    assert dialog.install_file(EXAMPLE) is None
    [text] = said
    assert text.startswith("Методика не установлена") and "Установленные методики не изменены." in text
    assert store.read_bytes() == b"a file where the folder should be"
