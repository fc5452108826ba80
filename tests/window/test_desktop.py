"""What every desktop program has: the guide on F1, tab and file shortcuts, recent files, the saved status,
search over the plan, the font size."""

from collections import Counter
from datetime import date

import pytest
from conftest import Q2
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from gui.file_actions import recent_databases, remember_database
from gui.style import FONT_KEY
from model.areas import plan
from model.areas.periods import reporting_period
from model.base.period import Period, last_ended
from model.store.db import open_database
from tests.window.test_plan_tab import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


@pytest.mark.parametrize(("tab", "sub", "section"), [
    (0, None, "План популяризации"),
    (1, 0, "Центры обслуживания"),
    (1, 1, "Регистрации в ЕСИА"),
    (2, 1, "Показатели"),
    (3, None, "Услуги (МСЗУ)"),
    (4, None, "Отчёты и отправка"),
])
def test_f1_opens_the_guide_at_the_tabs_section(qtbot, window, tab, sub, section):
    window.tabs.setCurrentIndex(tab)
    if sub is not None:
        window.tabs.currentWidget().setCurrentIndex(sub)
    window.tabs.currentWidget().setFocus()
    press(qtbot, window, Qt.Key.Key_F1)
    guide = window.guide_window
    assert guide.isVisible()
    assert guide.contents.currentItem().text() == section
    qtbot.waitUntil(lambda: guide.in_view(section))
    before = list(guide.headings)[list(guide.headings).index(section) - 1]
    assert not guide.in_view(before)  # at the section, not at the start


def test_guide_has_a_section_for_every_place_f1_names(qtbot, window):
    from gui.dialogs.guide import GuideWindow

    guide = GuideWindow(window)
    qtbot.addWidget(guide)
    assert {"План популяризации", "Центры обслуживания", "Регистрации в ЕСИА", "Показатели", "Отчёты и отправка",
            "Методики", "Свод по региону"} <= set(guide.headings)
    guide.open_at("Свод по региону")
    qtbot.waitUntil(lambda: guide.in_view("Свод по региону"))
    guide.open_at("нет такого раздела")  # the start of the guide, not an error
    assert guide.text.verticalScrollBar().value() == 0


def test_ctrl_digit_switches_tabs(qtbot, window):
    for index, key in enumerate((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)):
        press(qtbot, window, key, CTRL)
        assert window.tabs.currentIndex() == index
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert window.tabs.currentWidget() is window.plan_tab


def test_ctrl_f_finds_an_item_and_enter_opens_it(qtbot, window):
    window.tabs.setCurrentIndex(3)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    tab = window.plan_tab
    assert window.tabs.currentWidget() is tab and QApplication.focusWidget() is tab.search
    type_text(tab.search, "семинар")
    shown = [n for n, row in tab._tree_items.items() if "." in n and not row.isHidden()]
    assert shown == tab.methodology.find_items("семинар") and shown
    press(qtbot, window, Qt.Key.Key_Return)
    assert tab.current_item() == shown[0]
    assert tab.form.isAncestorOf(QApplication.focusWidget())  # typing goes into the item's first input
    tab.search.setText("нет такого мероприятия")
    assert tab.not_found.isVisibleTo(tab) and all(row.isHidden() for row in tab._tree_items.values())
    tab.search.setFocus()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert tab.search.text() == "" and not any(row.isHidden() for row in tab._tree_items.values())


def test_find_items_by_number_and_by_words():
    from model.methodology import shipped_2018

    methodology = shipped_2018()
    assert methodology.find_items("2.3") == ["2.3"]
    assert methodology.find_items("3.") == ["3.1", "3.2", "3.3"]
    assert methodology.find_items("СЕМИНАРЫ") == methodology.find_items("семинар")
    assert methodology.find_items("  ") == [i.number for i in methodology.items()]
    assert methodology.find_items("кот в сапогах") == []


def test_status_bar_says_everything_is_saved_after_each_edit(qtbot, window):
    assert window.saved_label.text() == "✓ Все изменения сохранены"
    tab = window.plan_tab
    tab.select_item("1.1")
    tab.form.evidence.setFocus()
    type_text(tab.form.evidence, "Сделано")
    assert window.saved_label.text() == "Изменения сохраняются…"
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("✓ Все изменения сохранены ("), timeout=3000)
    assert plan.load_evidence(window.db, Q2) == {"1.1": "Сделано"}  # the status is true: it is on disk


def test_recent_files_reopen_and_forget_what_is_gone(qtbot, window, settings, tmp_path, monkeypatch):
    first = window.db_path
    remember_database(settings, first)
    second = tmp_path / "второй & запасной.sqlite"
    gone = tmp_path / "удалён.sqlite"
    open_database(gone).conn.close()
    remember_database(settings, gone)
    gone.unlink()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # the first start asks for the profile
    monkeypatch.setattr("gui.dialogs.profile.ProfileDialog.exec", lambda dialog: 0)
    assert window.period() == Period(2018, 2)
    assert window.open_database_file(second)
    # a file without the quarter shown: its quarter to fill (the last ended one), not the other file's quarter
    assert window.period() == reporting_period(window.db) == last_ended(date.today())
    assert recent_databases(settings) == [second, first]  # the deleted file is dropped
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Файл")
    recent = next(a.menu() for a in menu.actions() if a.text() == "Недавние файлы")
    window.fill_recent_menu(recent)
    entries = [a.text() for a in recent.actions()]
    assert entries == [f"&1  {first.name}  —  {first.parent}"]  # the open one is not offered
    recent.actions()[0].trigger()
    assert window.db_path == first
    window.fill_recent_menu(recent)
    assert recent.actions()[0].text().replace("&&", "&") == f"&1  {second.name}  —  {second.parent}"


def test_font_size_changes_the_whole_program_and_is_kept(qtbot, window, settings):
    app = QApplication.instance()
    normal = app.font().pointSizeF()
    def title() -> QLabel:
        return window.plan_tab.form.findChildren(QLabel)[0]  # the item's title, 12 pt in its style sheet

    def card() -> QLabel:
        return window.plan_tab.total_card.value

    assert title().font().pointSizeF() == 12 and card().font().pointSizeF() == 20
    try:
        press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        assert app.font().pointSizeF() == normal + 2
        qtbot.waitUntil(lambda: window.plan_tab.tree.font().pointSizeF() == normal + 2)
        assert int(settings.value(FONT_KEY)) == 2
        # the sizes style sheets give grow with the rest (the title stayed 12 pt); a card's figure fits its size
        assert title().font().pointSizeF() == 14 and card().font().pointSizeF() == 22
        assert card().width() >= card().fontMetrics().horizontalAdvance("100,00\u00a0%")
        assert card().height() >= card().fontMetrics().height()
        press(qtbot, window, Qt.Key.Key_Minus, CTRL)
        assert app.font().pointSizeF() == normal + 1
        for _ in range(10):
            press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        assert app.font().pointSizeF() == normal + 6  # a limit: the window still fits the screen
    finally:
        press(qtbot, window, Qt.Key.Key_0, CTRL)
    assert app.font().pointSizeF() == normal and int(settings.value(FONT_KEY)) == 0
    assert title().font().pointSizeF() == 12 and card().font().pointSizeF() == 20


def test_every_text_grows_with_the_font_step(qtbot, window):
    """A label or a button with a style sheet of its own (a grey hint, a red message, the cards' captions, the status
    bar's «✓ Все изменения сохранены», «Подготовить отправку…») kept the font it had: Qt sets a styled widget's font
    whole. Every text grows with the step now, on every tab, and comes back with Ctrl+0."""
    from PySide6.QtWidgets import QAbstractButton

    app = QApplication.instance()

    def sizes() -> list[tuple[str, str, float]]:
        for i in range(window.tabs.count()):  # every tab built
            window.tabs.setCurrentIndex(i)
            QApplication.processEvents()
        window.tabs.setCurrentIndex(0)
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the tabs made before the step: gone
        return sorted((type(w).__name__, w.text()[:40], w.font().pointSizeF()) for w in app.allWidgets()
                      if isinstance(w, (QLabel, QAbstractButton)) and w.window() is window and w.text())

    before = sizes()
    assert len(before) > 50
    try:
        press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        grown = sizes()
        both = {(k, t) for k, t, _ in before} & {(k, t) for k, t, _ in grown}  # a text that changed is left out
        expected = Counter((k, t, size + 2) for k, t, size in before if (k, t) in both)
        assert expected - Counter(x for x in grown if x[:2] in both) == Counter()
    finally:
        press(qtbot, window, Qt.Key.Key_0, CTRL)
    back = sizes()
    both = {(k, t) for k, t, _ in before} & {(k, t) for k, t, _ in back}
    assert Counter(x for x in before if x[:2] in both) == Counter(x for x in back if x[:2] in both)


def test_a_font_step_does_not_polish_the_tabs_it_makes_anew(qtbot, window, monkeypatch):
    """The quarter's tabs are built again in the new size; their old widgets were polished with the new sheets
    first, only to be thrown away. The step now restyles only what outlives it (the status bar, the banner)."""
    from PySide6.QtWidgets import QWidget

    for i in range(window.tabs.count()):  # every tab built
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
    old = [window.tabs.widget(i) for i in range(window.tabs.count())]
    styled: list[QWidget] = []
    set_sheet = QWidget.setStyleSheet

    def spy(widget: QWidget, sheet: str) -> None:
        styled.append(widget)
        set_sheet(widget, sheet)

    monkeypatch.setattr(QWidget, "setStyleSheet", spy)
    try:
        press(qtbot, window, Qt.Key.Key_Equal, CTRL)
        polished_old = [w for w in styled if any(page is w or page.isAncestorOf(w) for page in old)]
        assert styled and polished_old == []
        assert any(window.statusBar().isAncestorOf(w) for w in styled)  # its «✓ сохранено» grows still
    finally:
        monkeypatch.undo()
        press(qtbot, window, Qt.Key.Key_0, CTRL)


def test_ctrl_shift_s_saves_the_pdf_from_any_tab(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "отчёт.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    press(qtbot, window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.currentWidget() is window.reports_tab
    assert target.read_bytes().startswith(b"%PDF")
    target_xlsx = tmp_path / "отчёт.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target_xlsx), ""))
    window.tabs.setCurrentIndex(0)
    press(qtbot, window, Qt.Key.Key_E, CTRL)
    assert target_xlsx.read_bytes()[:2] == b"PK"


def test_reports_commands_say_why_without_a_methodology(qtbot, window, tmp_path, monkeypatch):
    from model.base.period import Period

    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))
    window.show_period(Period(2026, 3))  # no methodology for 2026 yet: the tabs offer to choose one
    assert window.reports_tab is None
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: pytest.fail("no report to save"))
    press(qtbot, window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert "не выбрана методика" in window.statusBar().currentMessage()
