"""The methodology editor's preview page in a 1366×690 window beside a tree of ~260 px, as the editor holds it:
values typed with keys, the difference seen; a draft with problems said plainly and the values kept; a district's
workbook and a folder of books chosen through their dialogs; the screenshot written for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QWidget,
)
from region_books import make_books

from gui.methodology_editor import preview as page_module
from gui.methodology_editor.preview import NEEDS_CLEAN, PreviewPage
from model.methodology import load_methodology, shipped_2018
from model.region.methodology_preview import preview_folder
from tests.window.fit import TITLE_BAR, fit_problems

ROOT = Path(__file__).resolve().parents[2]
OLD = shipped_2018()
NEW = load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")
LAPTOP = QRect(0, 0, 1366, 690)
SHOTS = Path(os.environ.get("PREVIEW_SHOTS", ""))  # set it to keep the screenshots


@pytest.fixture
def page(qtbot):
    host = QWidget()
    box = QHBoxLayout(host)
    tree = QTreeWidget()
    tree.setFixedWidth(260)
    box.addWidget(tree)
    preview = PreviewPage()
    box.addWidget(preview, 1)
    qtbot.addWidget(host)
    host.resize(1366 - 4, 690 - TITLE_BAR - 4)  # the frame and the title bar inside the laptop's screen
    host.show()
    qtbot.waitExposed(host)
    preview.set_methodologies(OLD, NEW)
    yield preview
    host.close()


def row_of(page: PreviewPage, number: str, level: str = "item") -> int:
    return next(n for n, r in enumerate(page.shown.rows) if r.number == number and r.level == level)


def shown(page: PreviewPage, number: str, level: str = "item") -> list[str]:
    """The comparison table's cells of a row as the person reads them."""
    row = row_of(page, number, level)
    return [page.comparison.item(row, c).text() for c in range(4)]


def type_count(qtbot, page: PreviewPage, number: str, key: str, text: str) -> None:
    """Click the value's cell and type, then Enter: as a person does."""
    row = page._keys.index((number, key))
    table = page.values
    table.setFocus()
    table.scrollTo(table.model().index(row, 2))
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClicks(table, text[0])  # the first key opens the cell's editor, the rest go into it
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the delegate commits queued


def choose(qtbot, page: PreviewPage, number: str, key: str, steps: int) -> QComboBox:
    """Open the level's list with the keyboard: Down `steps` times from «не заполнено»."""
    combo = page.values.cellWidget(page._keys.index((number, key)), 2)
    assert isinstance(combo, QComboBox)
    page.values.scrollTo(page.values.model().index(page._keys.index((number, key)), 2))
    combo.setFocus()
    for _ in range(steps):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    return combo


def test_typing_a_value_shows_the_difference_and_a_bad_one_is_refused_in_russian(qtbot, page):
    assert shown(page, "2.6")[1:] == ["не заполнено", "не заполнено", "—"]
    assert shown(page, "2.9")[1] == "нет в методике"
    choose(qtbot, page, "2.6", "n", 3)  # the old level: «1 — … более 1-2 раз в квартал»
    type_count(qtbot, page, "2.6", "A", "2")  # the new rule: 2 of a target of 3
    assert page.typed[("2.6", "A")] == 2 and page.typed[("2.6", "n")] == 1
    assert shown(page, "2.6")[1:] == ["100,00", "66,67", "−33,33"]
    row = row_of(page, "2.6")
    assert page.comparison.item(row, 3).foreground().color().name() == "#b00020"
    type_count(qtbot, page, "2.6", "A", "2,5")
    assert page.error.isVisible() and "целым числом" in page.error.text()
    assert page.typed[("2.6", "A")] == 2 and shown(page, "2.6")[2] == "66,67"
    type_count(qtbot, page, "2.6", "A", "4")
    assert not page.error.isVisible()
    assert shown(page, "2.6")[1:] == ["100,00", "100,00", "0,00"]
    assert "133,33" in page.comparison.item(row, 2).toolTip()  # over the target: its real percentage said


def test_a_draft_with_problems_is_said_plainly_and_the_values_survive(qtbot, page):
    type_count(qtbot, page, "2.6", "A", "3")
    page.set_methodologies(OLD, None)
    assert page.stack.currentWidget() is page.unclean and page.unclean.isVisible()
    assert page.unclean.text() == NEEDS_CLEAN and "без ошибок" in NEEDS_CLEAN
    assert not page.book_button.isEnabled()
    page.set_methodologies(OLD, NEW)
    assert page.stack.currentWidget() is page.splitter
    assert page.typed[("2.6", "A")] == 3
    cell = page.values.item(page._keys.index(("2.6", "A")), 2)
    assert cell.text() == "3" and shown(page, "2.6")[2] == "100,00"


def test_a_whole_quarter_typed_gives_the_totals_under_both(qtbot, page):
    from conftest import FULL_QUARTER

    for number, values in FULL_QUARTER.items():
        for key, value in values.items():
            page.set_value(number, key, str(value).replace(".", ","))
    page.set_value("2.6", "A", "2")
    page.set_value("2.9", "n", "0,5")
    new_p2 = (75 + 50 + 75 + 50 + 100 + 200 / 3 + 50 + 0 + 50) / 8
    old_total, new_total = (250 / 3 + 500 / 7 + 50) / 3, (250 / 3 + new_p2 + 50) / 3
    assert shown(page, "", "total")[1:] == [f"{old_total:.2f}".replace(".", ","), f"{new_total:.2f}".replace(".", ","),
                                            "−" + f"{old_total - new_total:.2f}".replace(".", ",")]
    assert shown(page, "2", "section")[1:3] == ["71,43", f"{new_p2:.2f}".replace(".", ",")]
    assert fit_problems(page.window(), LAPTOP) == []
    if SHOTS.name:
        page.window().grab().save(str(SHOTS / "preview-manual.png"))


def test_a_districts_workbook_chosen_in_its_dialog(qtbot, page, monkeypatch, tmp_path):
    book = make_books(tmp_path, 1)[0]
    monkeypatch.setattr(page_module, "open_name", lambda *a: str(book.path))
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    assert page.book_button.isChecked() and page.source == "book"
    assert book.name in page.source_line.text() and "2.6, 2.9" in page.source_line.text()
    assert shown(page, "", "total")[2] == "не рассчитан"
    a1 = page.values.item(page._keys.index(("1.1", "A1")), 2)
    assert a1.text() == str(int(book.inputs["1.1"]["A1"])) and not a1.flags() & Qt.ItemFlag.ItemIsEditable
    type_count(qtbot, page, "2.6", "A", "3")  # what the 2018 book cannot hold, typed beside it
    choose(qtbot, page, "2.9", "n", 3)
    assert shown(page, "2.6")[2] == "100,00" and shown(page, "2.9")[2] == "100,00"
    assert shown(page, "", "total")[2] not in ("не рассчитан", "")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    bad = tmp_path / "чужой.xlsx"
    bad.write_bytes(b"not a workbook")
    monkeypatch.setattr(page_module, "open_name", lambda *a: str(bad))
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    assert warned == ["Файл чужой.xlsx — не книга Excel (.xlsx): это другой файл или он повреждён"]
    assert page.source == "book" and page.book_button.isChecked()  # the book read before stays shown


def test_a_folder_ranked_under_both_with_a_bad_book_named(qtbot, page, monkeypatch, tmp_path):
    books = make_books(tmp_path / "книги", 6, realistic=True)
    (tmp_path / "книги" / "испорченная.xlsx").write_bytes(b"PK\x03\x04 broken")
    monkeypatch.setattr(page_module, "folder_name", lambda *a: str(tmp_path / "книги"))
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert page.results.indexOf(page.ranking_page) == 1
    page.results.setCurrentWidget(page.ranking_page)
    assert page.ranking.rowCount() == len(books)
    assert [page.ranking.item(r, 3).text() for r in range(6)] == ["нет"] * 6  # 2.6 and 2.9 not in the books yet
    assert "2.6, 2.9" in page.ranking_note.text()
    assert page.problems.count() == 1 and page.problems.item(0).text().startswith("испорченная.xlsx: Файл")
    type_count(qtbot, page, "2.6", "A", "2")
    choose(qtbot, page, "2.9", "n", 2)  # 0,5
    expected = preview_folder([tmp_path / "книги"], OLD, NEW, {"2.6": {"A": 2}, "2.9": {"n": 0.5}})
    for r, s in enumerate(expected.standings):
        cells = [page.ranking.item(r, c).text() for c in range(6)]
        assert cells[0] == s.name
        assert cells[2] == str(s.old_place) and cells[4] == str(s.new_place)
        assert cells[1] == f"{s.old_total:.2f}".replace(".", ",")
        rise = s.rise
        assert cells[5] == ("то же" if rise == 0 else f"выше на {rise}" if rise > 0 else f"ниже на {-rise}")
    page.ranking.selectRow(2)
    picked = expected.standings[2].name
    assert picked in page.comparison_title.text()
    type_count(qtbot, page, "2.6", "A", "0")  # places move: the picked municipality stays picked
    chosen = page.ranking.selectionModel().selectedRows()[0].row()
    assert page.ranking.item(chosen, 0).text() == picked and picked in page.comparison_title.text()
    assert fit_problems(page.window(), LAPTOP) == []
    if SHOTS.name:
        page.window().grab().save(str(SHOTS / "preview-folder.png"))
        page.results.setCurrentWidget(page.comparison_page)
        page.window().grab().save(str(SHOTS / "preview-folder-district.png"))


def test_a_folder_of_bad_books_only_says_why_and_cancel_stops_quietly(qtbot, page, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QProgressDialog

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "пустая.xlsx").write_bytes(b"")
    assert page.open_folder(tmp_path / "bad")
    assert page.ranking.rowCount() == 0 and page.problems.count() == 1
    assert page.results.currentWidget() is page.ranking_page and "Ни одна книга" in page.comparison_title.text()
    (tmp_path / "empty").mkdir()
    assert not page.open_folder(tmp_path / "empty")
    assert warned == [f"В папке {tmp_path / 'empty'} нет книг .xlsx: выберите папку, в которой лежат книги районов"]
    make_books(tmp_path / "книги", 3)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert not page.open_folder(tmp_path / "книги")
    assert len(warned) == 1 and page.problems.item(0).text().startswith("пустая.xlsx")  # as it was
    assert QApplication.overrideCursor() is None
