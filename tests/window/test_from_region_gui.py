"""«Файл → Загрузить файл из региона…» in the district's window: the preview of what changes, «Загрузить», the
values the region set marked «задано регионом» where they are shown, the reason a change of one asks for (and
cancelling it), the region's answer in «Отчёты» with «Открыть для исправления»."""

from __future__ import annotations

from conftest import Q2, fill_quarter
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPlainTextEdit, QPushButton

from gui.main_window import DB_LABEL_WIDTH
from gui.models.indicators import PLAN
from model.areas import esia, plan
from model.areas import public_services as services
from model.areas.periods import year_period
from model.areas.region_targets import TargetKey, changes
from model.base.period import Period
from model.exchange import region_files
from model.quarter.data import load_period
from model.reports import sending
from model.reports.sending import sent_state
from tests.window.from_region_files import district_answers, district_package
from tests.window.test_plan_tab import type_text


def when_shown(act, answer) -> list[object]:
    """Run `act`, which opens a modal dialog; `answer` it (called with the dialog) and note what it returned."""
    seen: list[object] = []

    done: list[bool] = []

    def check() -> None:
        if done:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            seen.append(answer(dialog))  # every dialog opened is answered: a test never hangs on a second one
        QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)
    act()
    done.append(True)
    return seen


def activate(qtbot, window) -> None:
    """Offscreen, the window is not active again by itself after a dialog (a window manager would do it)."""
    window.activateWindow()
    qtbot.waitActive(window)


def type_and_leave(field, text: str) -> None:
    """Type over a count field's text, key by key, and leave it (Tab: the field's editing is finished)."""
    field.edit.selectAll()
    type_text(field.edit, text)
    field.edit.editingFinished.emit()


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def load(qtbot, window, monkeypatch, tmp_path, document, name="из региона.json") -> list[str]:
    """Load a file through the menu, press «Загрузить» in the preview; the preview's rows."""
    choose_file(monkeypatch, region_files.write(tmp_path / name, document))

    def press(dialog) -> list[str]:
        rows = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        dialog.load_button.click()
        return rows

    seen = when_shown(window.from_region_action.trigger, press)
    assert seen, "the preview did not open"
    activate(qtbot, window)
    return seen[0]  # type: ignore[return-value]


def test_a_package_is_previewed_loaded_and_its_values_marked(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    rows = load(qtbot, window, monkeypatch, tmp_path, district_package())
    assert len(rows) > 20
    assert "Целевой показатель на конец 2018 года" in rows
    assert any(r.startswith("Пункт 1.3, ") and "за 2 квартал 2018 года" in r for r in rows)
    assert esia.load_plan(window.db, 2018).target_end == 15000
    said = window.statusBar().currentMessage()
    assert said.startswith("Загружено из файла региона: ") and said.endswith(" значений") and len(said) < 60

    page = window.centers_tab.esia_page  # the screen shows the new values at once, marked
    window.tabs.setCurrentWidget(window.centers_tab)
    window.centers_tab.setCurrentWidget(page)
    t = page.fields["target_end"]
    assert t.edit.text() == "15\u00a0000" and t.region.isVisibleTo(page) and t.region.text() == "задано регионом"
    assert not page.fields["total_registered"].region.isVisibleTo(page)
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.select_item("1.3")
    c = window.plan_tab.form.counts["C"]
    assert c.edit.text() == "900" and c.region.isVisibleTo(window.plan_tab)
    window.tabs.setCurrentWidget(window.services_tab)
    assert window.services_tab.plan_fields[2].text() == "40" and "задано регионом" in \
        window.services_tab.plan_fields[2].toolTip()
    window.tabs.setCurrentWidget(window.indicators_tab)
    page = window.indicators_tab.indicators_page
    page.granularity.setCurrentIndex(page.granularity.findData(0))  # the year's plans
    model = page.model
    first = next(r for r, i in enumerate(model.rows) if i.number == "1")
    assert "Задано регионом" in model.data(model.index(first, PLAN), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(first, PLAN), Qt.ItemDataRole.BackgroundRole) is not None


def test_changing_a_value_the_region_set_asks_why_cancel_keeps_it(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    load(qtbot, window, monkeypatch, tmp_path, district_package())
    window.tabs.setCurrentWidget(window.centers_tab)
    page = window.centers_tab.esia_page
    window.centers_tab.setCurrentWidget(page)
    t = page.fields["target_end"]

    def cancel(dialog) -> tuple[str, str]:
        question = dialog.findChildren(type(t.region))[0].text()
        dialog.grab().save(str(tmp_path / "reason.png"))
        dialog.reject()
        return question, dialog.values.text()

    asked = when_shown(lambda: type_and_leave(t, "16000"), cancel)
    assert asked and asked[0][0].startswith("Значение задано регионом: Целевой показатель на конец 2018 года. Укажите "
                                            "причину изменения")
    assert asked[0][1] == "Было (задано регионом): 15\u00a0000 → станет: 16\u00a0000"
    assert esia.load_plan(window.db, 2018).target_end == 15000 and changes(window.db, 2018) == []
    assert t.edit.text() == "15\u00a0000"

    def give(dialog) -> None:
        dialog.field.setText("Уточнено по данным Росстата")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Изменить").click()

    asked = when_shown(lambda: type_and_leave(t, "16000"), give)
    assert len(asked) == 1  # once for the whole number typed, not at every keystroke
    assert esia.load_plan(window.db, 2018).target_end == 16000
    [kept] = changes(window.db, 2018)
    assert kept.key == TargetKey(2018, 0, "esia", "", "target_end") and kept.reason == "Уточнено по данным Росстата"
    assert kept.region_value == 15000 and kept.value == 16000
    assert t.region.text() == "изменено районом" and t.region.isVisibleTo(page)
    assert t.region.toolTip() == "изменено районом — Уточнено по данным Росстата (задано регионом: 15\u00a0000)"

    window.undo_stack.undo()  # back to the region's value: no reason needed, the change is gone
    assert esia.load_plan(window.db, 2018).target_end == 15000 and changes(window.db, 2018) == []
    window.undo_stack.redo()  # and again, with the reason given
    assert esia.load_plan(window.db, 2018).target_end == 16000
    assert [c.reason for c in changes(window.db, 2018)] == ["Уточнено по данным Росстата"]


def test_the_service_plan_the_region_set_asks_why_too(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    load(qtbot, window, monkeypatch, tmp_path, district_package())
    window.tabs.setCurrentWidget(window.services_tab)
    field = window.services_tab.plan_fields[2]
    field.setFocus()
    field.setText("55")
    asked = when_shown(field.editingFinished.emit, lambda dialog: dialog.reject())
    assert len(asked) == 1 and services.share_plan(window.db, 2018)[2] == 40.0 and field.text() == "40"
    assert window.services_tab.region_label.text() == "задано регионом"

    def give(dialog) -> None:
        dialog.field.setText("Уточнено по обращениям за квартал")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Изменить").click()

    field.setFocus()
    field.setText("55")
    assert len(when_shown(field.editingFinished.emit, give)) == 1
    assert services.share_plan(window.db, 2018)[2] == 55.0
    label = window.services_tab.region_label
    assert label.text() == "задано регионом; изменено районом: 2 кв."
    assert "2 квартал: изменено районом — Уточнено по обращениям за квартал (задано регионом: 40)" in label.toolTip()
    assert field.toolTip() == ("План доли на 2 квартал: изменено районом — Уточнено по обращениям за квартал "
                               "(задано регионом: 40)")


def test_the_region_s_answer_is_shown_in_reports_and_reopens_with_its_reasons(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("returned"), "итоги.json")
    tab = window.reports_tab
    assert window.tabs.currentWidget() is tab and tab.answer_box.isVisibleTo(tab)
    assert tab.answer_status.text() == "Отчёт возвращён на доработку"
    text = tab.answer_text.text()
    assert "Не заполнено подтверждение выполнения пункта 2.6" in text and "по данным региона 11" in text
    assert "Место в рейтинге: 3 из 41 (↑2 к прошлому кварталу)" in text and "71,03" in text
    assert "среднее 70" in text and "медиана 71" in text
    assert tab.answer_reopen.isVisibleTo(tab)

    offered: list[str] = []

    def reopen(_parent, _title, _question, text="", **_kwargs):
        offered.append(text)
        return text + ". Исправлено", True

    monkeypatch.setattr("gui.widgets.fields.ask_text", reopen)
    monkeypatch.setattr("gui.tabs.reports.QMessageBox.information", lambda *a: 0)
    tab.answer_reopen.click()
    assert offered and "Возвращён регионом на доработку: Не заполнено подтверждение" in offered[0]
    state = sent_state(window.db, load_period(window.db, Q2))
    assert state is not None and not state.locked and state.reopen_reason.endswith(". Исправлено")
    assert "по данным региона 11" in state.reopen_reason
    tab.reload()
    assert not tab.answer_reopen.isVisibleTo(tab)  # already open: not offered again


def test_reopening_asks_the_reason_in_a_wide_field_of_several_lines(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("returned"), "итоги.json")
    tab = window.reports_tab
    monkeypatch.setattr("gui.tabs.reports.QMessageBox.information", lambda *a: 0)

    def look(dialog) -> tuple[int, int, str, int, bool, str]:
        field = dialog.findChild(QPlainTextEdit)
        seen = (dialog.width(), dialog.height(), field.toPlainText(), field.textCursor().position(),
                field.textCursor().hasSelection(), dialog.windowTitle())
        dialog.grab().save(str(tmp_path / "reopen.png"))
        type_text(field, " Исправлено.")  # typed after the region's words, which stay
        next(b for b in dialog.findChildren(QPushButton) if b.text() in ("OK", "ОК")).click()
        return seen

    [seen] = when_shown(tab.answer_reopen.click, look)
    width, height, offered, cursor, selected, title = seen  # type: ignore[misc]
    assert 560 <= width <= 1366 and height <= 690 and title == "Открыть для исправления"
    assert offered.startswith("Возвращён регионом на доработку: Не заполнено подтверждение")
    assert cursor == len(offered) and not selected
    state = sent_state(window.db, load_period(window.db, Q2))
    assert state is not None and not state.locked and state.reopen_reason == offered + " Исправлено."


def resend_corrected(window, tmp_path) -> None:
    """Reopen the sent second quarter and send it again: revision 2."""
    data = load_period(window.db, Q2, history=True)
    sending.reopen(window.db, data, "Возвращён регионом на доработку")
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)


def test_a_corrected_revision_sent_after_the_answer_waits_for_the_next_one(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("returned", revision=1), "итоги.json")
    tab = window.reports_tab
    assert tab.answer_status.text() == "Отчёт возвращён на доработку" and tab.answer_reopen.isVisibleTo(tab)
    resend_corrected(window, tmp_path)
    tab = window.reports_tab
    state = sent_state(window.db, load_period(window.db, Q2))
    assert state is not None and state.locked and state.revision == 2
    assert tab.answer_status.text() == (f"Исправленная редакция 2 отправлена {state.sent_at:%d.%m.%Y} — ждём ответа "
                                        "региона")
    assert "color" not in tab.answer_status.styleSheet()  # not the red of a returned report
    assert tab.answer_text.text().startswith("Прежний ответ: отчёт возвращён на доработку")
    assert not tab.answer_reopen.isVisibleTo(tab)  # nothing of that answer to reopen for
    assert tab.reopen_button.isVisibleTo(tab)  # the district's own reopening stays

    load(qtbot, window, monkeypatch, tmp_path, district_answers("accepted", revision=2), "итоги 2.json")
    tab = window.reports_tab
    assert tab.answer_status.text() == "Отчёт принят"  # the answer to the corrected revision


def test_an_answer_without_its_revision_is_compared_by_when_it_came(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("returned"), "итоги.json")
    window.db.execute("UPDATE region_answers SET received_at = '2018-07-21T10:00:00'")  # came before the correction
    resend_corrected(window, tmp_path)
    tab = window.reports_tab
    assert tab.answer_status.text().startswith("Исправленная редакция 2 отправлена")
    assert not tab.answer_reopen.isVisibleTo(tab)
    window.db.execute("UPDATE region_answers SET received_at = '2099-01-01T10:00:00'")  # came after it: its answer
    tab.reload()
    assert tab.answer_status.text() == "Отчёт возвращён на доработку" and tab.answer_reopen.isVisibleTo(tab)


def test_a_refused_file_shows_why_with_only_close(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    window.db.execute("UPDATE profile SET oktmo = '76620000'")
    choose_file(monkeypatch, region_files.write(tmp_path / "пакет.json", district_package()))

    def look(dialog) -> tuple[str, list[str]]:
        said = dialog.message.text()
        buttons = [b.text() for b in dialog.findChildren(QPushButton)]
        dialog.reject()
        return said, buttons

    seen = when_shown(window.from_region_action.trigger, look)
    said, buttons = seen[0]  # type: ignore[misc]
    assert "нет строки для кода ОКТМО 76620000" in said and said.endswith("База данных не изменена.")
    assert buttons == ["Закрыть"]
    assert esia.load_plan(window.db, 2018).target_end == 14480


def test_the_plan_s_c_and_an_indicator_s_plan_ask_why_through_the_same_question(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    load(qtbot, window, monkeypatch, tmp_path, district_package())
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.select_item("1.3")
    c = window.plan_tab.form.counts["C"]

    def give(dialog) -> None:
        dialog.field.setText("Подтверждено письмом региона")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Изменить").click()

    assert len(when_shown(lambda: type_and_leave(c, "950"), give)) == 1
    assert plan.load_inputs(window.db, Q2)["1.3"]["C"] == 950
    [kept] = changes(window.db, 2018)
    assert kept.key == TargetKey(2018, 2, "plan", "1.3", "C") and kept.reason == "Подтверждено письмом региона"
    assert "изменено районом — Подтверждено письмом региона" in c.region.toolTip()
    assert c.region.text() == "изменено районом"

    window.tabs.setCurrentWidget(window.indicators_tab)
    page = window.indicators_tab.indicators_page
    page.granularity.setCurrentIndex(page.granularity.findData(0))
    model = page.model
    first = next(r for r, i in enumerate(model.rows) if i.number == "1")
    asked = when_shown(lambda: model.setData(model.index(first, PLAN), "60"), lambda dialog: dialog.reject())
    assert len(asked) == 1
    assert model.data(model.index(first, PLAN), Qt.ItemDataRole.DisplayRole) == "51"  # the region's, as before
    assert len(changes(window.db, 2018)) == 1  # only the plan's C
    assert when_shown(lambda: model.setData(model.index(first, PLAN), "60"), give)
    assert model.data(model.index(first, PLAN), Qt.ItemDataRole.ToolTipRole) == \
        "Изменено районом — Подтверждено письмом региона (задано регионом: 51)"


def test_an_answer_to_a_book_sent_without_preparing_the_sending_is_told_plainly(qtbot, window, monkeypatch,
                                                                                tmp_path):
    """The book went as a saved workbook, not «Подготовить отправку…»: the tab said «Отчёт возвращён на доработку»
    beside «В регион ещё не отправлялся» and offered nothing. Now it says the region has the book, and what to do."""
    fill_quarter(window.db)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("returned"), "итоги.json")
    tab = window.reports_tab
    assert tab.answer_status.text() == "Отчёт возвращён на доработку"
    assert tab.sent.text() == ("Отправка из программы не подготавливалась, но регион получил книгу этого квартала — "
                               "его ответ ниже.")
    assert "исправьте данные и подготовьте отправку («Подготовить отправку…»)" in tab.answer_text.text()
    assert not tab.answer_reopen.isVisibleTo(tab) and not tab.reopen_button.isVisibleTo(tab)  # nothing is locked


def test_the_preview_gives_the_new_values_the_width(qtbot, window, monkeypatch, tmp_path):
    """«Станет» holds the region's remarks: it takes what «Что» and «Было» leave (it had 150 px and a remark of ten
    lines beside a «Что» of 530)."""
    fill_quarter(window.db)
    window.imported(Q2)
    choose_file(monkeypatch, region_files.write(tmp_path / "итоги.json", district_answers("returned")))
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        dialog.resize(860, 560)
        QApplication.processEvents()
        table = dialog.table
        seen["widths"] = [table.columnWidth(c) for c in range(3)]
        seen["tallest"] = max(table.rowHeight(r) for r in range(table.rowCount()))
        seen["line"] = table.fontMetrics().lineSpacing()
        dialog.reject()

    when_shown(window.from_region_action.trigger, look)
    what, old, new = seen["widths"]
    assert new > what and new > old and new >= 380, seen
    assert seen["tallest"] <= 5 * seen["line"] + 8, seen


def test_an_accepted_report_offers_no_reopening(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    sending.mark_sent(window.db, load_period(window.db, Q2, history=True), tmp_path)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_answers("accepted"), "итоги.json")
    tab = window.reports_tab
    assert tab.answer_status.text() == "Отчёт принят" and not tab.answer_reopen.isVisibleTo(tab)
    assert tab.reopen_button.isVisibleTo(tab)  # the tab's own reopen stays for the district's own corrections


def test_the_reason_question_names_each_value_when_several_change():
    from gui.dialogs.from_region import values_told

    told = values_told(("Численность населения", "Целевой показатель на конец 2018 года"),
                       ((85199.0, 86000.0), (15000.0, None)))
    assert told == ("Численность населения. Было (задано регионом): 85\u00a0199 → станет: 86\u00a0000\n"
                    "Целевой показатель на конец 2018 года. Было (задано регионом): 15\u00a0000 → станет: не задано")
    assert values_told(("Доля",), ((40.5, 55.25),)) == "Было (задано регионом): 40,5 → станет: 55,25"


def test_the_status_bar_keeps_its_message_whole_beside_a_long_database_path(qtbot, open_window, tmp_path, monkeypatch):
    folder = tmp_path / "Администрация муниципального района" / "Отчётность ОМСУ в регион" / "Калганский район"
    folder.mkdir(parents=True)
    window = open_window(folder / "отчётность района за много лет.sqlite")
    fill_quarter(window.db)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_package())
    said = window.statusBar().currentMessage()
    assert said.startswith("Загружено из файла региона: ")
    label = window.db_label
    assert "…" in label.text() and label.toolTip() == str(folder / "отчётность района за много лет.sqlite")
    assert label.fontMetrics().horizontalAdvance(label.text()) <= DB_LABEL_WIDTH
    # at 1366 pixels (the offscreen screen here is narrower) the message, the «saved» mark and the path fit side by side
    used = window.statusBar().fontMetrics().horizontalAdvance(said) + label.width() + window.saved_label.width()
    assert used + 80 < 1366


def test_a_package_for_another_year_shows_that_year_when_this_quarter_is_empty(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    window.show_period(Period(2018, 3))  # nothing entered in the third quarter
    load(qtbot, window, monkeypatch, tmp_path, district_package(year=2019))
    assert window.period() == year_period(window.db, 2019) and window.period().year == 2019
    assert window.statusBar().currentMessage().startswith("Загружено из файла региона: ")


def test_a_package_for_another_year_leaves_a_quarter_with_data_and_says_so(qtbot, window, monkeypatch, tmp_path):
    fill_quarter(window.db)
    window.imported(Q2)
    load(qtbot, window, monkeypatch, tmp_path, district_package(year=2019))
    assert window.period() == Q2
    assert window.statusBar().currentMessage() == "Пакет на 2019 год загружен: выберите период 2019 года"
    load(qtbot, window, monkeypatch, tmp_path, district_package(version=2), "пакет 2018.json")
    assert window.period() == Q2  # the shown period's own year: nothing to choose
