"""«Свод по региону» with the region's history: merges from the window recorded and shown in «История» with the
change of place, a book kept apart for its seal accepted with a reason, «Итоги для районов…» written and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QTableView
from sealed_books import break_book, district, write_quarter

from gui.region.answers_dialog import AnswersDialog
from gui.region.history_tab import HistoryTab
from gui.region.unsealed import AcceptBookDialog, UnsealedPage
from gui.region.window import RegionWindow
from model.base.period import Period
from model.base.ru import format_percent
from model.exchange import region_files
from model.exchange.region_files import Answers
from model.region.answers import answers_name
from model.region.expected import Municipality
from model.region.history import open_history
from model.region.tables import place_change_text
from tests.window.test_plan_tab import type_text

Q1, Q2 = Period(2018, 1), Period(2018, 2)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))  # the history of this test alone


@pytest.fixture
def window(qtbot, tmp_path):
    w = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 690)
    w.show()
    w.year.setValue(2018)
    return w


def merge_in(window: RegionWindow, folder: Path, period: Period) -> None:
    window.files.clear()
    window.add_paths([folder])
    window.quarter.setCurrentIndex(period.quarter - 1)
    window.build()
    assert window.summary is not None and window.summary.period == period, window.error.text()


def tab(window: RegionWindow, title: str):
    titles = [window.results.tabText(i) for i in range(window.results.count())]
    found = [i for i, t in enumerate(titles) if t == title or t.startswith(title + " (")]
    assert found, f"{title} not among {titles}"
    return window.results.widget(found[0])


def when_modal(kind, act) -> list[str]:
    """Poll for a modal of `kind` and act on it; a list that tells whether it came — and, if acting on it failed,
    the failure (the modal is then closed, so the test fails instead of waiting on it for ever)."""
    done: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isVisible():
            QTimer.singleShot(20, poll)
            return
        done.append(type(widget).__name__)
        try:
            act(widget)
        except Exception as exc:  # noqa: BLE001 (told by the test's assertion on the list)
            done.append(f"failed: {exc!r}")
            widget.done(0)  # not `reject`: the answers' dialog would ask its question again

    QTimer.singleShot(0, poll)
    return done


def click(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def test_two_quarters_merged_from_the_window_are_in_the_history_tab_with_the_change_of_place(window, tmp_path):
    write_quarter(tmp_path / "q1", Q1, 5, seed=1)
    write_quarter(tmp_path / "q2", Q2, 5, seed=2)
    merge_in(window, tmp_path / "q1", Q1)
    first = {d.key: (d.place, d.scores.total) for d in window.summary.districts}
    merge_in(window, tmp_path / "q2", Q2)
    summary = window.summary
    with open_history() as history:
        assert history.merged() == [Q1, Q2]
        assert [e.what for e in history.journal()] == ["merge", "merge"]

    ranking = tab(window, "Рейтинг").findChild(type(window.history_tab.years))
    model = ranking.model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    change = columns.index("Изменение места")
    shown = {model.index(r, 2).data(): model.index(r, change).data() for r in range(model.rowCount())}
    assert shown == {d.oktmo: place_change_text(d.place, first[d.key][0]) for d in summary.districts}
    assert any(d.place != first[d.key][0] for d in summary.districts)  # the figures of another quarter move places

    page = tab(window, "История")
    assert isinstance(page, HistoryTab) and page is window.history_tab
    years = page.years.model()
    heads = [years.headerData(c, Qt.Orientation.Horizontal) for c in range(years.columnCount())]
    assert heads[:4] == ["Муниципальное образование", "ОКТМО", "1 квартал", "2 квартал"]
    rows = {years.index(r, 1).data(): [years.index(r, c).data() for c in (2, 3, 6)] for r in range(years.rowCount())}
    second = {d.key: d.scores.total for d in summary.districts}
    assert rows == {k: [format_percent(first[k][1]), format_percent(second[k]),
                        format_percent((first[k][1] + second[k]) / 2)] for k in second}
    key = summary.districts[-1].key
    page.select(key)
    assert page.chart.points == [(Q1, first[key][1], first[key][0]), (Q2, second[key], summary.districts[-1].place)]
    assert page.journal.count() == 2 and "2 квартал 2018 года записан" in page.journal.item(0).text()


def test_a_book_edited_after_its_seal_is_kept_apart_then_accepted_with_a_reason_and_ranked(window, tmp_path):
    books = [district(n, Q2, 3) for n in range(1, 4)]
    with open_history() as history:
        keys = {b.oktmo: history.key_for(b.oktmo, b.name) for b in books}
    write_quarter(tmp_path / "q2", Q2, 3, seed=3, keys=keys)
    edited = tmp_path / "q2" / f"район_{books[1].oktmo}.xlsx"
    break_book(edited)
    merge_in(window, tmp_path / "q2", Q2)
    assert [d.oktmo for d in window.summary.unsealed] == [books[1].oktmo]
    assert books[1].oktmo not in {d.oktmo for d in window.summary.districts}
    assert "Представили отчёт: 2; без печати (не в своде): 1" in window.headline.text()
    page = tab(window, "Без печати")
    assert isinstance(page, UnsealedPage) and page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == edited.name
    assert "книга изменена после выгрузки или выгружена не программой района" in page.table.item(0, 2).text()

    said: list[str] = []

    def answer(dialog: AcceptBookDialog) -> None:
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # no reason: refused, the dialog stays
        said.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.reason.setFocus()
        type_text(dialog.reason, "Район прислал книгу повторно, письмо № 12")
        ok.click()

    came = when_modal(AcceptBookDialog, answer)
    page.buttons[0].click()
    assert came == ["AcceptBookDialog"] and "Укажите причину" in said[0]
    summary = window.summary
    assert summary.unsealed == []
    ranked = next(d for d in summary.districts if d.oktmo == books[1].oktmo)
    assert ranked.place is not None and ranked.accepted == "Район прислал книгу повторно, письмо № 12"
    assert any("принята без печати" in n.reason for n in summary.notes)
    assert "без печати" not in window.headline.text()
    ranking = tab(window, "Рейтинг").findChild(QTableView).model()
    names = {ranking.index(r, 1).data().replace("\u200b", "").replace("\u00a0", " "):  # «№ 2» kept on one line
             ranking.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) for r in range(ranking.rowCount())}
    marked = {n: tip for n, tip in names.items() if "(принята без печати)" in n}
    assert list(marked) == [f"{books[1].name} (принята без печати)"]
    assert "Район прислал книгу повторно, письмо № 12" in marked[f"{books[1].name} (принята без печати)"]
    assert all(not window.results.tabText(i).startswith("Без печати") for i in range(window.results.count()))
    with open_history() as history:
        accepted = [e for e in history.journal() if e.what == "accept"]
        assert [(e.key, e.reason) for e in accepted] == [(books[1].oktmo, ranked.accepted)]
        assert history.accepted_reason(Q2, ranked.key, ranked.digest) == ranked.accepted
    lines = [window.history_tab.journal.item(i).text() for i in range(window.history_tab.journal.count())]
    assert any("принята без печати" in line and books[1].name in line for line in lines)


def test_answers_for_the_districts_with_one_returned_and_a_remark_read_back(window, tmp_path, monkeypatch):
    books = write_quarter(tmp_path / "q2", Q2, 3, seed=4)
    with open_history() as history:  # the third municipality's book carries no seal: kept apart, returned
        history.key_for(books[2].oktmo, books[2].name)
    window.expected = [Municipality(b.name, b.oktmo) for b in books] + [Municipality("Город Н", "53699000")]
    merge_in(window, tmp_path / "q2", Q2)
    assert window.answers_button.isEnabled()
    out = tmp_path / "Итоги для районов"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    back, noted, apart = books[0].oktmo, books[1].oktmo, books[2].oktmo
    checks: dict[str, object] = {}

    def work(dialog: AnswersDialog) -> None:
        statuses = {dialog.key_at(r): dialog.choices[dialog.key_at(r)].currentText() if dialog.key_at(r) in
                    dialog.choices else dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
        checks["statuses"] = statuses
        row = next(r for r in range(dialog.table.rowCount()) if dialog.key_at(r) == apart)
        checks["apart's reasons"] = dialog.table.item(row, 6).text()
        dialog.set_returned(back, True)
        dialog.select(noted)
        dialog.remark.setFocus()
        type_text(dialog.remark, "Приложите фотоотчёт о консультациях")
        dialog.select(back)  # another row and back: the remark is kept
        assert dialog.remark.toPlainText() == ""
        dialog.select(noted)
        assert dialog.remark.toPlainText() == "Приложите фотоотчёт о консультациях"
        asked = when_modal(QMessageBox, lambda box: click(box, "Вернуться"))
        dialog.reject()  # a mis-click: asked, and «Вернуться» keeps all typed
        checks["asked"] = asked == ["QMessageBox"]
        checks["still open"] = dialog.isVisible()
        told = when_modal(QMessageBox, lambda box: (checks.__setitem__("told", box.text()), click(box, "Закрыть")))
        dialog.write_button.click()
        checks["saved"] = told == ["QMessageBox"]
        dialog.reject()  # written: closes without asking
        checks["closed"] = not dialog.isVisible()

    came = when_modal(AnswersDialog, work)
    window.write_answers()
    assert came == ["AnswersDialog"]
    assert checks["statuses"] == {back: "принят", noted: "принят", apart: "возвращён на доработку",
                                  "53699000": "не представлен"}
    assert "книга изменена после выгрузки или выгружена не программой района" in str(checks["apart's reasons"])
    assert {k: checks[k] for k in ("asked", "still open", "saved", "closed")} == {
        "asked": True, "still open": True, "saved": True, "closed": True}
    assert "записаны" in str(checks["told"])
    every = region_files.read(out / f"Итоги_{Q2}.json")
    assert isinstance(every, Answers)
    by = {a.oktmo: a for a in every.municipalities}
    assert by[back].status == "returned" and by[back].remarks == ()
    assert by[noted].status == "accepted" and by[noted].remarks == ("Приложите фотоотчёт о консультациях",)
    assert by[apart].status == "returned" and by[apart].place is None and len(by[apart].reasons) == 1
    assert by["53699000"].status == "missing"
    one = region_files.read(out / answers_name(every, by[back]))
    assert isinstance(one, Answers) and [(a.oktmo, a.status) for a in one.municipalities] == [(back, "returned")]
    with open_history() as history:
        assert {r["key"]: r["status"] for r in history.results(Q2)}[back] == "returned"


def test_the_wheel_over_a_status_scrolls_the_list_and_never_changes_the_status(window, tmp_path, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    write_quarter(tmp_path / "q2", Q2, 8, seed=6)
    merge_in(window, tmp_path / "q2", Q2)
    dialog = AnswersDialog(window.summary, window)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 300)  # rows below the fold: the list has room to scroll
    dialog.show()
    bar = dialog.table.verticalScrollBar()
    assert bar.maximum() > 0
    key, choice = next(iter(dialog.choices.items()))
    before = (choice.currentText(), dialog.status(key), bar.value())
    for focused in (False, True):
        if focused:
            choice.setFocus()
        for step in (-120, 120, -120):
            at = QPointF(choice.rect().center())
            event = QWheelEvent(at, QPointF(choice.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, step),
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                                False)
            QApplication.sendEvent(choice, event)
            assert (choice.currentText(), dialog.status(key)) == before[:2]
    assert bar.value() != before[2]  # the wheel went to the table
    assert not dialog.unwritten()
    dialog.done(0)


def test_enter_in_the_closing_question_goes_back_and_keeps_what_was_typed(window, tmp_path, qtbot):
    from PySide6.QtTest import QTest

    write_quarter(tmp_path / "q2", Q2, 3, seed=4)
    merge_in(window, tmp_path / "q2", Q2)
    dialog = AnswersDialog(window.summary, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.remark.setFocus()
    type_text(dialog.remark, "Приложите фотоотчёт")
    defaults: list[str] = []

    def enter(box: QMessageBox) -> None:
        defaults.append(box.defaultButton().text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    asked = when_modal(QMessageBox, enter)
    dialog.reject()
    assert asked == ["QMessageBox"] and defaults == ["Вернуться"]
    assert dialog.isVisible() and dialog.remark.toPlainText() == "Приложите фотоотчёт"
    escaped = when_modal(QMessageBox, lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    dialog.reject()
    assert escaped == ["QMessageBox"] and dialog.isVisible() and dialog.unwritten()
    dialog.done(0)


def test_the_region_accepts_a_ranked_book_with_the_merges_problems_and_returns_a_clean_one(window, tmp_path,
                                                                                          monkeypatch, qtbot):
    from model.region.consolidate import Problem

    books = write_quarter(tmp_path / "q2", Q2, 4, seed=7)
    with open_history() as history:  # the fourth's key is known, its book carries no seal: kept apart
        history.key_for(books[3].oktmo, books[3].name)
    merge_in(window, tmp_path / "q2", Q2)
    summary = window.summary
    troubled, back, kept, apart = (b.oktmo for b in books)
    book = next(d for d in summary.districts if d.oktmo == troubled)
    summary.problems.append(Problem(book.file, "Оценки в книге не совпадают с рассчитанными"))
    out = tmp_path / "итоги"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    dialog = AnswersDialog(summary, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert set(dialog.choices) == {troubled, back, kept}  # the one kept apart for its seal has no choice
    assert dialog.choices[troubled].currentText() == "возвращён на доработку"
    assert dialog.status(apart) == "returned" and dialog.status(troubled) == "returned"
    assert not dialog.unwritten()
    dialog.choices[troubled].setCurrentIndex(0)  # «принят»: the region decides
    dialog.set_returned(back, True)
    assert dialog.unwritten() and dialog.status(troubled) == "accepted" and dialog.status(back) == "returned"
    told = when_modal(QMessageBox, lambda box: click(box, "Закрыть"))
    dialog.write_button.click()
    assert told == ["QMessageBox"], dialog.error.text()
    assert not dialog.unwritten()
    every = region_files.read(out / f"Итоги_{Q2}.json")
    assert isinstance(every, Answers)
    by = {a.oktmo: a for a in every.municipalities}
    assert by[troubled].status == "accepted"
    assert by[troubled].reasons == ("Оценки в книге не совпадают с рассчитанными",)  # its reasons stay listed
    assert by[back].status == "returned" and by[kept].status == "accepted" and by[apart].status == "returned"
    with open_history() as history:
        assert {r["key"]: r["status"] for r in history.results(Q2)} == {
            troubled: "accepted", back: "returned", kept: "accepted", apart: "returned"}
    dialog.choices[troubled].setCurrentIndex(1)  # back to the merge's status: something not written again
    assert dialog.unwritten()
    dialog.done(0)


def test_the_answers_remarks_have_the_width_and_each_row_reads_from_its_top(window, tmp_path, qtbot):
    """At 1366×690 the merge's remarks had 190 px beside a name column of 300: one remark made a row of 150–200 px,
    its name centred out of sight. Now the remarks take the width left by the names (as wide as they need, up to
    260), a row is as tall as its text at that width, and the name and the status stand at the row's top."""
    books = write_quarter(tmp_path / "q2", Q2, 6, seed=4)
    with open_history() as history:  # the last book carries no seal: kept apart, returned with a long remark
        history.key_for(books[-1].oktmo, books[-1].name)
    merge_in(window, tmp_path / "q2", Q2)
    dialog = AnswersDialog(window.summary, window)
    qtbot.addWidget(dialog)
    dialog.resize(1300, 650)
    dialog.show()
    qtbot.wait(20)
    table = dialog.table
    assert table.columnWidth(6) >= 450 and table.columnWidth(0) <= 260
    row = next(r for r in range(table.rowCount()) if dialog.key_at(r) == books[-1].oktmo)
    remark = table.item(row, 6)
    assert "подготовьте отправку в программе заново" in remark.text()
    lines = table.fontMetrics().boundingRect(0, 0, table.columnWidth(6) - 8, 10_000, Qt.TextFlag.TextWordWrap,
                                             remark.text()).height()
    assert table.rowHeight(row) <= lines + 3 * table.fontMetrics().lineSpacing()
    for r in range(table.rowCount()):
        assert table.item(r, 0).textAlignment() & Qt.AlignmentFlag.AlignTop
    choice = next(iter(dialog.choices.values()))
    assert choice.height() < 2 * table.fontMetrics().lineSpacing() + 12  # its own height at the row's top
    dialog.done(0)
