"""The methodology editor as the region's methodologist uses it: the guide's 2027 methodology made from 2018 with
clicks and keys on a 1366×690 window, saved, and scoring a 2027 quarter exactly as the guide's example does."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from gui.methodology_editor import window as editor_window
from gui.methodology_editor.forms import TextBox
from gui.methodology_editor.window import MethodologyEditor, NewYearDialog
from model.methodology import registry
from model.methodology.draft import Draft
from model.methodology.loader import load_methodology
from model.scoring.score import score_plan
from tests.window.test_plan_tab import type_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "methodologies" / "popularization-2018.toml"
EXAMPLE = ROOT / "docs" / "examples" / "popularization-2027.toml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))


EDITORS: list[MethodologyEditor] = []


def open_editor(source: Path) -> MethodologyEditor:
    editor = MethodologyEditor(None, None, Draft.open(source))
    EDITORS.append(editor)
    editor.resize(1366, 690)
    editor.show()
    QApplication.processEvents()
    return editor


@pytest.fixture(autouse=True)
def close_editors(qtbot):
    """Each test's editors closed at its end without the question about unsaved changes (a test that stops midway
    leaves one unsaved)."""
    yield
    while EDITORS:
        editor = EDITORS.pop()
        if not shiboken6.isValid(editor):  # closed with the window that opened it
            continue
        editor.may_leave = lambda: True
        editor.close()
        editor.deleteLater()


class User:
    """Clicks and keys on visible widgets, counted: an action is a click, a key combination, or one value typed."""

    def __init__(self, qtbot, editor: MethodologyEditor) -> None:
        self.qtbot, self.editor = qtbot, editor
        self.actions = 0
        self.keys = 0

    def click(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        if QApplication.activeModalWidget() is None and QApplication.activeWindow() is not self.editor:
            self.editor.activateWindow()  # a window manager gives the window back when its dialog closes
            QApplication.processEvents()
        self.editor.form.layout().activate() if self.editor.form else None
        self.editor.scroll.ensureWidgetVisible(widget)
        QApplication.processEvents()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(min(10, widget.width() // 2),
                                                                       widget.height() // 2))
        self.actions += 1

    def key(self, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.actions += 1
        self.keys += 1

    def type(self, widget: QWidget, text: str) -> None:
        """Click into the field, select what is there, type, and leave it (Tab)."""
        self.click(widget)
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(widget, text)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        self.keys += len(text) + 2
        self.actions += 1

    def field(self, path: tuple) -> QWidget:
        widget = self.editor.form.fields[path][0]
        self.editor.scroll.ensureWidgetVisible(widget)
        QApplication.processEvents()
        return widget

    def tree(self, node: tuple) -> None:
        item = self.editor._tree_item(node)
        self.editor.tree.scrollToItem(item)
        rect = self.editor.tree.visualItemRect(item)
        QTest.mouseClick(self.editor.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QApplication.processEvents()
        self.actions += 1
        assert self.editor.node == node

    def button(self, text: str) -> QPushButton:
        found = [b for b in self.editor.form.findChildren(QPushButton) if b.text() == text and b.isVisible()]
        assert found, text
        return found[-1]


def when_modal(kind: type, act) -> None:
    """Act on the dialog of this kind once it is up (it comes up inside the click that opens it)."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, look)
    QTimer.singleShot(20, look)


def make_2027(qtbot, tmp_path: Path, monkeypatch) -> tuple[MethodologyEditor, User, Path]:
    editor = open_editor(SHIPPED)
    user = User(qtbot, editor)

    # «Новая на год…»: the year typed into the dialog, Enter
    def answer(dialog: NewYearDialog) -> None:
        QTest.keyClicks(dialog.year, "2027")
        QTest.keyClick(dialog.year, Qt.Key.Key_Return)
        user.actions += 2
        user.keys += 5
    when_modal(NewYearDialog, answer)
    user.click(editor.toolbar.widgetForAction(editor.new_action))
    assert editor.draft.get(("methodology", "version")) == "2027.1"
    assert editor.draft.get(("methodology", "year")) == 2027

    # 2.6: the rule «целевое значение», target 3, the input A counted each quarter afresh
    user.tree(("item", 1, 5))
    rule = user.field(("section", 1, "item", 5, "rule"))
    assert isinstance(rule, QComboBox)
    user.click(rule)
    popup = rule.view()
    user.key(popup, Qt.Key.Key_End)
    user.key(popup, Qt.Key.Key_Return)
    assert editor.draft.get(("section", 1, "item", 5, "rule")) == "target"
    item = ("section", 1, "item", 5)
    user.type(user.field((*item, "target")), "3")
    user.type(user.field((*item, "formula")), "P26 = A / 3 × 100")
    user.type(user.field((*item, "input", 0, "key")), "A")
    user.type(user.field((*item, "input", 0, "label")), "Проведено бесед и семинаров за квартал")
    carry = user.field((*item, "input", 0, "carry_over"))
    assert isinstance(carry, QCheckBox) and carry.isChecked()
    user.click(carry)

    # 2.9 after 2.8
    user.tree(("item", 1, 7))
    user.click(editor.add_item_button)
    assert editor.node == ("item", 1, 8)
    new = ("section", 1, "item", 8)
    assert editor.draft.get((*new, "number")) == "2.9" and editor.draft.get((*new, "code")) == "P29"
    user.type(user.field((*new, "content")), "Размещение информации об услугах в электронном виде в местных СМИ.")
    user.type(user.field((*new, "executors")), "руководитель администрации муниципального района")
    user.type(user.field((*new, "deadline")), "Ежеквартально")
    user.type(user.field((*new, "results")), "Жители узнают о портале госуслуг из местных СМИ.")
    user.type(user.field((*new, "input", 0, "label")), "Публикации в местных СМИ")
    options = user.field((*new, "input", 0, "options"))
    user.click(user.button("Добавить вариант"))
    options = user.field((*new, "input", 0, "options"))
    edits = [e for e in options.findChildren(QLineEdit)]
    assert len(edits) == 6  # value and text of three options
    for widget, text in zip(edits, ("0", "публикаций нет", "0,5", "одна публикация за квартал", "1",
                                    "две публикации за квартал и больше"), strict=True):
        if widget.text() != text:
            user.type(widget, text)
        options = user.field((*new, "input", 0, "options"))
        edits = [e for e in options.findChildren(QLineEdit)]
    assert [o["value"] for o in editor.draft.get((*new, "input", 0, "options"))] == [0, 0.5, 1]

    # section 2: eight items' worth over nine items — the divisor proposed from the items
    assert editor.checked.methodology is None  # 800 / 7 is not 100: a problem until the divisor follows
    user.tree(("section", 1))
    user.click(user.button("Предложить по пунктам"))
    assert editor.draft.get(("section", 1, "divisor")) == 8
    assert editor.checked.methodology is not None, [p.text for p in editor.checked.problems]

    # Ctrl+S, the file's name, Enter on the message that it is saved
    out = tmp_path / "popularization-2027.toml"
    monkeypatch.setattr(editor_window.file_dialogs, "save_name", lambda *a: str(out))

    def close_message(box: QMessageBox) -> None:
        assert "сохранена" in box.text()
        QTest.keyClick(box, Qt.Key.Key_Return)
    when_modal(QMessageBox, close_message)
    QTest.keySequence(editor, QKeySequence.StandardKey.Save)
    user.actions += 3  # Ctrl+S, the name typed in the file dialog, Enter on the message
    user.keys += 1 + len(out.name) + 1 + 1
    return editor, user, out


def quarter_2027() -> dict[str, dict[str, float]]:
    """A 2027 quarter: every input of the guide's example filled."""
    example = load_methodology(EXAMPLE)
    values: dict[str, dict[str, float]] = {}
    for n, item in enumerate(example.items()):
        inputs = {}
        for k, f in enumerate(item.inputs):
            if f.kind == "count":
                inputs[f.key] = float(40 + 7 * n + 3 * k) if not item.pairs or f.key in {b for _, b in item.pairs} \
                    else float(20 + n + k)
            else:
                inputs[f.key] = f.option_values()[(n + k) % len(f.option_values())]
        values[item.number] = inputs
    values["2.6"] = {"A": 2.0}
    return values


def test_the_guides_2027_methodology_is_made_from_2018_with_clicks_and_keys(qtbot, tmp_path, monkeypatch):
    editor, user, out = make_2027(qtbot, tmp_path, monkeypatch)
    assert out.exists()
    assert editor.undo_stack.isClean()
    saved = registry.check_file(out)  # what `methodology check` does
    example = load_methodology(EXAMPLE)
    quarter = quarter_2027()
    ours, theirs = score_plan(saved, quarter), score_plan(example, quarter)
    assert ours.total is not None and ours.total == theirs.total
    assert ours.sections == theirs.sections
    assert {n: s.score for n, s in ours.items.items()} == {n: s.score for n, s in theirs.items.items()}
    assert ours.items["2.6"].score == pytest.approx(2 / 3 * 100)
    assert saved.item("2.9").inputs[0].option_text(0.5) == "одна публикация за квартал"
    assert saved.item("2.6").inputs[0].carry_over is False
    # the source's comments are kept: the file is the 2018 file, changed where it was changed
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# План мероприятий по популяризации в 2027 году")  # the heading names its version
    assert "# Составлена в редакторе методик из версии 2018.1 (2018 год)." in text
    assert "# the center's card: every staff member has a badge" in text
    assert user.actions < 60, user.actions
    print(f"\nМетодика 2027 года из 2018: действий {user.actions}, нажатий клавиш {user.keys}")


def test_undo_walks_the_whole_making_back_to_the_copy_for_2027(qtbot, tmp_path, monkeypatch):
    editor, _, _ = make_2027(qtbot, tmp_path, monkeypatch)
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    assert editor.draft.text() == Draft.for_year(SHIPPED, 2027, {"2018.1"}).text()
    while editor.undo_stack.canRedo():
        editor.undo_stack.redo()
    assert load_methodology(tmp_path / "popularization-2027.toml") == editor.checked.methodology


def test_a_broken_edit_is_shown_beside_its_field_and_blocks_saving(qtbot, tmp_path, monkeypatch):
    editor = open_editor(EXAMPLE)
    user = User(qtbot, editor)
    user.tree(("item", 1, 5))
    user.type(user.field(("section", 1, "item", 5, "max")), "150")  # 2.6 can give at most… no bound: a target
    user.tree(("item", 1, 8))
    user.type(user.field(("section", 1, "item", 8, "max")), "150")  # levels up to 1 reach 100, never 150
    problems = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any(p.startswith("Пункт 2.9 · Максимальное значение: максимальное значение 150 недостижимо")
               for p in problems), problems
    error = editor.form.fields[("section", 1, "item", 8, "max")][1]
    assert error.isVisible() and "недостижимо" in error.text()
    assert not editor.save_action.isEnabled()
    called = []
    monkeypatch.setattr(editor_window.file_dialogs, "save_name", lambda *a: called.append(a) or "")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: called.append("warned"))
    editor.save()
    assert called == ["warned"]  # no file dialog while a problem remains
    # a click on the problem goes there
    user.tree(("head",))
    row = next(i for i in range(editor.problems.count()) if "Пункт 2.9" in editor.problems.item(i).text())
    rect = editor.problems.visualItemRect(editor.problems.item(row))
    QTest.mouseClick(editor.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.node == ("item", 1, 8)
    assert QApplication.focusWidget() is editor.form.fields[("section", 1, "item", 8, "max")][0]
    # not a number: said under the field, nothing changed
    before = editor.draft.text()
    user.type(user.field(("section", 1, "item", 8, "max")), "сто")
    assert editor.draft.text() == before
    assert "не число" in editor.form.fields[("section", 1, "item", 8, "max")][1].text()


def test_a_version_that_exists_with_other_content_is_not_saved(qtbot, tmp_path):
    editor = open_editor(SHIPPED)
    editor.apply("Срок", lambda: editor.draft.set(("section", 0, "item", 0, "deadline"), "Ежемесячно"))
    known = [(e.methodology, e.path) for e in registry.entries()]
    with pytest.raises(Exception, match="Версия 2018.1 уже есть"):
        editor.draft.save(tmp_path / "x.toml", known)
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize("source", [SHIPPED, EXAMPLE], ids=["2018", "2027"])
def test_every_shipped_and_example_methodology_survives_save_unchanged(source, tmp_path):
    draft = Draft.open(source)
    known = [(e.methodology, e.path) for e in registry.entries()]
    draft.save(tmp_path / "copy.toml", known)
    assert (tmp_path / "copy.toml").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert load_methodology(tmp_path / "copy.toml") == load_methodology(source)
    assert tomllib.loads((tmp_path / "copy.toml").read_text(encoding="utf-8")) == tomllib.loads(
        source.read_text(encoding="utf-8"))


def test_every_form_fits_the_window(qtbot, tmp_path):
    """Each node's form at 1366×690: no field narrower than its text needs, labels whole."""
    editor = open_editor(EXAMPLE)
    nodes = [("head",), ("total",)] + [("section", s) for s in range(3)] + [
        ("item", s, i) for s in range(3) for i in range(editor.draft.count(("section", s, "item")))]
    for node in nodes:
        editor.select(node)
        QApplication.processEvents()
        form = editor.form
        assert form.width() <= editor.scroll.viewport().width() + 1, node  # no horizontal scrolling
        for widget, _ in form.fields.values():
            if isinstance(widget, (QLineEdit, TextBox)) and widget.isVisible():
                assert widget.width() >= 100, (node, widget.accessibleName())
    shots = tmp_path / "shots"
    shots.mkdir()
    editor.select(("item", 1, 5))
    editor.grab().save(str(shots / "item.png"))
    assert (shots / "item.png").stat().st_size > 10_000


def test_the_pages_follow_the_draft_and_excel_goes_there_and_back(qtbot, tmp_path, monkeypatch):
    editor = open_editor(SHIPPED)
    editor.load(Draft.for_year(SHIPPED, 2027), None)
    item = ("section", 1, "item", 5)
    editor.apply("Правило", lambda: editor.draft.set_rule(item, "target"), rebuild=True)
    editor.pages.setCurrentIndex(2)  # «Что изменилось», built when first shown
    changes = editor.changes
    assert changes is not None and changes.isVisible()
    said = "\n".join(c.line for c in changes.found)
    assert "правило расчёта — уровни → целевое значение 1" in said
    editor.apply("Цель", lambda: editor.draft.set((*item, "target"), 3))
    assert "правило расчёта — уровни → целевое значение 3" in "\n".join(c.line for c in changes.found)
    editor.pages.setCurrentIndex(1)
    assert editor.preview is not None and editor.preview.new == editor.checked.methodology
    assert editor.preview.old.version == "2018.1"
    # the draft to a book, the book edited, the book back as one step
    book = tmp_path / "Методика 2027.1.xlsx"
    monkeypatch.setattr(editor_window.file_dialogs, "save_name", lambda *a: str(book))
    assert editor.to_excel() == book
    from openpyxl import load_workbook

    wb = load_workbook(book)
    sheet = wb["Пункты"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Номер пункта")].value == "2.6")
    row[header.index("Срок исполнения")].value = "Ежемесячно"
    wb.save(book)
    assert editor.from_excel(book)
    assert editor.draft.get((*item, "deadline")) == "Ежемесячно"
    assert editor.draft.get((*item, "target")) == 3
    editor.undo_stack.undo()
    assert editor.draft.get((*item, "deadline")) == "На постоянной основе"
    # a book with a problem changes nothing and names the cell
    row[header.index("Максимальное значение")].value = "сто"
    wb.save(book)
    told = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    before = editor.draft.text()
    assert not editor.from_excel(book)
    assert editor.draft.text() == before
    assert "лист «Пункты»" in told[0] and "столбец «Максимальное значение»" in told[0], told


def test_a_draft_left_unsaved_by_a_crash_is_offered_at_the_next_opening(qtbot, tmp_path, monkeypatch):
    from model.methodology import draft as draft_store

    editor = open_editor(SHIPPED)
    editor.load(Draft.for_year(SHIPPED, 2027), None)
    editor.apply("Срок", lambda: editor.draft.set(("section", 0, "item", 0, "deadline"), "Ежемесячно"))
    assert draft_store.kept() == editor.draft.text()  # on disk at once: a crash now loses nothing
    left = editor.draft.text()
    EDITORS.remove(editor)
    editor.deleteLater()  # the window gone without closing, as in a crash
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    again = editor_window.open_editor(None, None, SHIPPED)
    EDITORS.append(again)
    assert "не сохранив методику версии 2027.1" in asked[0]
    assert again.draft.text() == left
    again.undo_stack.undo()  # «Нет» after all: the file that was chosen
    assert again.draft.text() == SHIPPED.read_text(encoding="utf-8")
    again.undo_stack.redo()
    monkeypatch.setattr(editor_window.file_dialogs, "save_name", lambda *a: str(tmp_path / "m.toml"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: 0)
    assert again.save() == tmp_path / "m.toml"
    assert draft_store.kept() is None  # saved: nothing is offered next time


def test_an_option_moves_up_and_an_input_is_added_removed_and_moved(qtbot):
    editor = open_editor(SHIPPED)
    editor.select(("item", 1, 5))  # 2.6: three levels
    user = User(qtbot, editor)
    field = ("section", 1, "item", 5, "input", 0)
    options = user.field((*field, "options"))
    up = [b for b in options.findChildren(QToolButton) if b.accessibleName() == "Вариант 3 выше"][0]
    user.click(up)
    assert [o["value"] for o in editor.draft.get((*field, "options"))] == [0, 1, 0.5]
    user.click(user.button("Добавить поле"))
    assert editor.draft.count(("section", 1, "item", 5, "input")) == 2
    assert editor.draft.get(("section", 1, "item", 5, "input", 1, "key")) == "n2"
    assert editor.checked.methodology is None  # a new field without a name: said, not saved
    move = [b for b in editor.form.findChildren(QToolButton) if b.accessibleName() == "Поле 2 выше"][0]
    user.click(move)
    assert editor.draft.get(("section", 1, "item", 5, "input", 0, "key")) == "n2"
    remove = [b for b in editor.form.findChildren(QToolButton) if b.accessibleName() == "Удалить поле 1"][0]
    user.click(remove)
    assert [f["key"] for f in editor.draft.get(("section", 1, "item", 5, "input"))] == ["n"]
    assert [o["value"] for o in editor.draft.get((*field, "options"))] == [0, 1, 0.5]
    assert editor.checked.methodology is not None


def test_ctrl_z_in_a_field_undoes_the_methodology_not_only_the_field(qtbot):
    editor = open_editor(SHIPPED)
    editor.select(("item", 0, 0))
    user = User(qtbot, editor)
    path = ("section", 0, "item", 0, "deadline")
    user.type(user.field(path), "Первое")
    field = user.field(path)
    user.click(field)
    type_text(field, "Второе")  # typed, not yet handed on
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert editor.draft.get(path) == "Первое"  # the typing handed on, then undone by the editor's undo
    assert user.field(path).text() == "Первое"
    field = user.field(path)
    user.click(field)
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert editor.draft.get(path) == "На постоянной основе"
    field = user.field(path)
    user.click(field)
    QTest.keyClick(field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert editor.draft.get(path) == "Первое"


def test_removing_a_field_of_a_share_removes_the_share_and_never_shows_another_field(qtbot):
    editor = open_editor(SHIPPED)
    editor.select(("item", 0, 0))  # 1.1: A1/B1 and A2/B2
    user = User(qtbot, editor)
    item = ("section", 0, "item", 0)
    remove = [b for b in editor.form.findChildren(QToolButton) if b.accessibleName() == "Удалить поле 2"][0]
    user.click(remove)  # B1
    assert editor.draft.get((*item, "pairs")) == [["A2", "B2"]]
    problems = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any("A1" in p and "не входят ни в одну пару" in p for p in problems), problems
    assert not any("ratios" in p or "ключ" in p for p in problems), problems
    editor.apply("Пара", lambda: editor.draft.set((*item, "pairs"), [["A2", "B2"], ["A1", "B9"]]), rebuild=True)
    combos = [c for c in editor.form.findChildren(QComboBox) if c.accessibleName() == "Доля 2: знаменатель"]
    assert combos[0].currentText() == "— выберите поле —"  # a field that is not there is not shown as another


def test_a_new_option_takes_the_middle_of_the_widest_gap(qtbot):
    editor = open_editor(SHIPPED)
    editor.select(("item", 1, 7))  # 2.8: levels 0 and 1
    user = User(qtbot, editor)
    user.click(user.button("Добавить вариант"))
    values = [o["value"] for o in editor.draft.get(("section", 1, "item", 7, "input", 0, "options"))]
    assert values == [0, 1, 0.5]
    problems = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    # the new option's empty text, said with its number («Пункт 2.8, поле 1 · Текст: …» named no such field)
    assert "Пункт 2.8, поле 1, вариант 3 · Текст варианта: ожидается непустой текст" in problems, problems


def test_a_long_text_shows_its_beginning(qtbot):
    """An option or a line longer than its field shows how it begins («оссии, материалами…» was shown)."""
    editor = open_editor(SHIPPED)
    editor.select(("item", 1, 1))  # 2.2: a long option
    options = [w for w in editor.form.findChildren(QLineEdit) if w.accessibleName().startswith("Вариант ")
               and len(w.text()) > 60]
    assert options and all(w.cursorPosition() == 0 for w in options)
    editor.select(("item", 0, 0))
    formula = editor.form.fields[("section", 0, "item", 0, "formula")][0]
    assert len(formula.text()) > 100 and formula.cursorPosition() == 0


def test_f8_goes_from_problem_to_problem(qtbot):
    editor = open_editor(SHIPPED)
    editor.apply("", lambda: editor.draft.set(("section", 0, "item", 1, "deadline"), ""), rebuild=True)
    editor.apply("", lambda: editor.draft.set(("section", 2, "title"), ""), rebuild=True)
    QTest.keyClick(editor, Qt.Key.Key_F8)
    QApplication.processEvents()
    assert editor.node == ("item", 0, 1)
    assert QApplication.focusWidget() is editor.form.fields[("section", 0, "item", 1, "deadline")][0]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    QApplication.processEvents()
    assert editor.node == ("section", 2)


def test_the_editor_opens_from_the_methodologies_dialog_and_from_the_regions_window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.dialogs.methodologies import MethodologiesDialog
    from gui.region.window import RegionWindow

    region = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(region)
    region.show()
    button = [b for b in region.findChildren(QPushButton) if b.text() == "Методики…"][0]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    editor = region.methodology_editor
    EDITORS.append(editor)
    assert editor.isVisible() and editor.draft.get(("methodology", "version")) == "2018.1"
    dialog = MethodologiesDialog(region)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    edit = [b for b in dialog.findChildren(QPushButton) if b.text() == "Открыть в редакторе"][0]
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    EDITORS.append(dialog.editor)
    assert dialog.editor.isVisible() and dialog.editor.banner.isVisible()  # a shipped file: never written
    assert "поставляется с программой" in dialog.editor.banner.text()
