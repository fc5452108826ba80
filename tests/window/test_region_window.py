"""«Свод по региону»: choosing books, reading with progress and cancel, the tables, the expected list, saving."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog
from region_books import make_books

from gui.region.expected_dialog import ExpectedDialog
from gui.region.table_model import SummaryTableModel
from gui.region.window import RegionWindow
from model.base.period import Period
from model.region.expected import Municipality, load_kept
from model.region.tables import ranking

Q2 = Period(2018, 2)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "user-data"))


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books") / "книги"
    return folder, make_books(folder, 8, Q2, seed=5)


@pytest.fixture
def window(qtbot, tmp_path):
    w = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 690)
    w.show()
    w.year.setValue(2018)
    w.quarter.setCurrentIndex(1)
    return w


def test_build_shows_the_ranking_sorted_by_the_unrounded_total(window, books):
    folder, made = books
    window.add_paths([folder])
    window.build()
    summary = window.summary
    assert summary is not None and len(summary.districts) == 8
    titles = [window.results.tabText(i) for i in range(window.results.count())]
    assert titles == ["Рейтинг", "Диаграмма", "Пункты", "Регистрации ЕСИА", "Услуги (МСЗУ)", "Показатели",
                      "Полнота и сроки", "Замечания (0)", "История", "Не представили (список не задан)"]
    assert "Представили отчёт: 8" in window.headline.text()
    view = window.results.widget(0).findChild(type(window.results.widget(0).children()[1]))
    proxy = view.model()
    assert proxy.rowCount() == 8
    from PySide6.QtTest import QTest

    header = view.horizontalHeader()
    totals = sorted(d.scores.total for d in summary.districts)

    def click(column: int) -> list[str]:
        at = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        return [proxy.index(r, column).data() for r in range(8)]

    # «Оценка P»: the first click puts the best first (it put the worst), the second turns it round
    assert click(3) == [f"{t:.2f}".replace(".", ",") for t in reversed(totals)]
    assert click(3) == [f"{t:.2f}".replace(".", ",") for t in totals]
    assert click(0) == [str(n) for n in range(1, 9)]  # places: from the first
    assert window.save_button.isEnabled()


def test_twelve_tabs_fit_one_row_of_a_1366_screen(window, books):
    """The most tabs a summary has — the year's table, the remarks counted with notes, books kept apart — stand in one
    row at 1366 px (the window was 1280 wide with the style's full padding: the last tab read «Не представ…» behind
    scroll arrows)."""
    from PySide6.QtWidgets import QWidget

    window.add_paths([books[0]])
    window.build()
    window.resize(1366, 690)  # as wide as a 1366×768 screen
    titles = [window.results.tabText(i) for i in range(window.results.count())]
    remarks = titles.index("Замечания (0)")
    window.results.setTabText(remarks, "Замечания (10, к сведению: 1)")
    window.results.insertTab(remarks + 1, QWidget(), "Без печати (2)")
    window.results.insertTab(1, QWidget(), "Итоги года")
    window.results.setTabText(window.results.count() - 1, "Не представили (12)")
    assert window.results.count() == 12
    QApplication.processEvents()
    assert window.results.tabBar().sizeHint().width() <= window.results.width()


def test_books_of_another_quarter_offer_their_quarter(window, books):
    """The window opens on the last ended quarter; a folder of another quarter's books used to end in «Ни одна книга
    не подошла…» alone. Now it asks whether to merge for the books' quarter: «Отмена» keeps the choice, the other
    button takes the quarter and merges."""
    from PySide6.QtCore import QTimer

    window.year.setValue(2026)
    window.quarter.setCurrentIndex(2)
    window.add_paths([books[0]])
    asked: list[str] = []

    def answer(button: str) -> None:  # when the question is up (the reading's progress comes first)
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, lambda: answer(button))
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().startswith(button)).click()

    QTimer.singleShot(0, lambda: answer("Отмена"))
    window.build()
    assert asked == ["Ни одна книга не подошла для свода за 3 квартал 2026 года. Книги — за 2 квартал 2018 года. "
                     "Составить свод за 2 квартал 2018 года?"]
    assert window.summary is None and window.period() == Period(2026, 3)
    assert "Книга за 2 квартал 2018 года, а свод составляется за 3 квартал 2026 года" in window.error.text()
    QTimer.singleShot(0, lambda: answer("Составить за 2 квартал 2018 года"))
    window.build()
    assert window.period() == Q2 and window.summary is not None and window.summary.period == Q2
    assert len(window.summary.districts) == 8 and window.error.text() == ""


def test_cancel_stops_the_reading(window, books, monkeypatch):
    window.add_paths([books[0]])
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    window.build()
    assert window.summary is None and "остановлено" in window.statusBar().currentMessage()


def test_nothing_readable_is_said_in_the_window(window, tmp_path):
    (tmp_path / "x.xlsx").write_text("нет", encoding="utf-8")
    window.add_paths([tmp_path / "x.xlsx"])
    window.build()
    assert window.summary is None and "Ни одна книга не подошла" in window.error.text()


def test_a_bad_deadline_is_refused_before_reading(window, books):
    window.add_paths([books[0]])
    window.deadline.setText("32.13.2018")
    window.build()
    assert window.summary is None and "Срок представления" in window.error.text()


def test_dropping_a_folder_adds_it(window, books):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(books[0]))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.paths() == [books[0]]
    window.dropEvent(event)  # the same folder again: listed once
    assert window.paths() == [books[0]]


def test_expected_list_is_pasted_checked_and_kept(qtbot, books):
    dialog = ExpectedDialog([])
    qtbot.addWidget(dialog)
    QApplication.clipboard().setText("\n".join(f"{b.name}\t{b.oktmo}" for b in books[1][:3]) + "\nБез кода\t123")
    dialog.paste()
    dialog.save()
    assert "Строка 4: код ОКТМО" in dialog.error.text() and load_kept() == []
    dialog.table.removeRow(3)
    dialog.save()
    assert dialog.result() == 1
    assert load_kept() == [Municipality(b.name, b.oktmo) for b in books[1][:3]]


def test_the_next_window_comes_back_with_the_period_and_deadline_merged_last(qtbot, window, books, tmp_path):
    """The deadline was kept and the period not: the next day's window showed 10.07.2018 beside the last ended
    quarter. Both are kept with a merge and come back together; with nothing kept, the last ended quarter."""
    from datetime import date

    from model.base.period import last_ended

    fresh = RegionWindow(QSettings(str(tmp_path / "new.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    assert fresh.period() == last_ended(date.today()) and fresh.deadline.text() == ""
    window.add_paths([books[0]])
    window.deadline.setText("10.07.2018")
    window.build()
    assert window.summary is not None
    again = RegionWindow(window.settings)
    qtbot.addWidget(again)
    assert again.period() == Q2 and again.deadline.text() == "10.07.2018"


def test_a_row_added_to_the_expected_list_takes_the_keys(qtbot):
    """«Добавить строку» opens the new row's name for typing (the text went nowhere and each space pressed the button
    again, adding rows); Enter then saves the list, not the button pressed last."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QLineEdit, QPushButton

    dialog = ExpectedDialog([])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()

    def typed(text: str) -> None:  # into the cell being edited, as a keyboard types (QTest's keyClicks: Latin only)
        qtbot.waitUntil(lambda: isinstance(dialog.focusWidget(), QLineEdit))
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(dialog.focusWidget(),
                                       QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))

    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Добавить строку")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.table.state() == dialog.table.State.EditingState
    typed("Калганский район")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # the name taken, the code's cell opened
    qtbot.waitUntil(lambda: dialog.table.currentColumn() == 1)
    typed("76618000")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != dialog.table.State.EditingState)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "Калганский район"
    rows = ("Добавить строку", "Удалить выбранные", "Загрузить из книги…")
    assert not any(b.autoDefault() for b in dialog.findChildren(QPushButton) if b.text() in rows)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == 1)
    assert load_kept() == [Municipality("Калганский район", "76618000")]


def test_missing_municipality_gets_its_tab(window, books):
    window.expected = [Municipality(b.name, b.oktmo) for b in books[1]] + [Municipality("Пропавший район", "53999000")]
    window.add_paths([books[0]])
    window.build()
    last = window.results.count() - 1
    assert window.results.tabText(last) == "Не представили (1)"
    assert window.results.widget(last).item(0).text() == "Пропавший район (ОКТМО 53999000)"


def test_save_writes_both_files_and_offers_the_folder(window, books, tmp_path, monkeypatch):
    window.add_paths([books[0]])
    window.build()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    window.save()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Свод_2018-Q2.pdf", "Свод_2018-Q2.xlsx"]


def test_a_summary_tables_rows_are_measured_when_its_tab_is_first_shown(window, books, monkeypatch):
    """Measuring the rows of every table at once took 1,7 s of a 410-municipality summary (and was done again when
    each tab was shown): the table in sight is measured, each other one when its tab is first opened, then fitted."""
    from PySide6.QtWidgets import QTableView

    measured: list[QTableView] = []
    real = QTableView.resizeRowsToContents
    monkeypatch.setattr(QTableView, "resizeRowsToContents", lambda view: (measured.append(view), real(view))[1])
    window.add_paths([books[0]])
    window.build()
    QApplication.processEvents()
    pages = [window.results.widget(i) for i in range(window.results.count())]
    tables = {i: page.findChild(QTableView) for i, page in enumerate(pages) if window.results.tabText(i) != "История"}
    tables = {i: view for i, view in tables.items() if view is not None}
    first, later = tables[0], tables[max(tables)]
    assert first in measured and not set(measured) & (set(tables.values()) - {first})
    measured.clear()
    window.results.setCurrentIndex(max(tables))
    QApplication.processEvents()
    assert set(measured) == {later}
    assert all(later.rowHeight(r) == later.sizeHintForRow(r) for r in range(later.model().rowCount()))


def test_the_summary_is_offered_where_the_last_one_was_saved_not_among_the_books(window, books, tmp_path,
                                                                                 monkeypatch):
    window.add_paths([books[0]])
    window.settings.setValue("region/folder", str(books[0]))  # as «Добавить папку…» keeps it
    window.build()
    offered = []

    def choose(parent, title, start, *rest, **kwargs):
        offered.append(start)
        return str(tmp_path / "свод")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    window.save()
    window.save()
    assert offered[0] != str(books[0]) and Path(offered[0]).is_dir()  # the first time: Documents or home
    assert offered[1] == str(tmp_path / "свод")
    assert window._folder() == str(books[0])  # the books' own dialogs still open where the books are


def test_a_summary_that_cannot_be_built_is_said_in_russian_and_nothing_is_written(window, books, tmp_path,
                                                                                   monkeypatch):
    window.add_paths([books[0]])
    window.build()
    said = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    monkeypatch.setattr("model.region.summary_pdf.write_summary_pdf", lambda *a: 1 / 0)
    window.save()
    assert len(said) == 1 and said[0].startswith("Не удалось сохранить свод") and "Книги районов не изменены" in said[0]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert QApplication.overrideCursor() is None


def test_table_model_passes_qt_model_tester(qtmodeltester, books):
    from model.region.consolidate import consolidate

    model = SummaryTableModel(ranking(consolidate([books[0]], Q2)))
    qtmodeltester.check(model)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Оценка P, %"
    assert Path(books[0]).exists()


def test_the_means_label_stays_inside_the_chart_whatever_the_mean():
    from gui.region.chart import label_left

    assert label_left(500, 160, 1250) == 504  # right of the line
    assert label_left(1240, 160, 1250) == 1076  # at 99 % of the width: left of the line, whole
    assert label_left(100, 160, 150) == 0  # a narrow chart: from its left edge


def test_the_means_words_stand_under_the_scale_clear_of_the_title(qtbot, books):
    """The mean's words were drawn just above the bars, where the chart's title is: at a mean near the middle they
    ran into it. Now they stand under the scale: nothing red in the title's band, something red below the scale."""
    from PySide6.QtGui import QColor

    from gui.region.chart import ROW, RankingChart
    from gui.style import ERROR
    from model.region.consolidate import consolidate

    summary = consolidate([books[0]], Q2)
    chart = RankingChart(summary)
    qtbot.addWidget(chart)
    chart.resize(1340, chart.sizeHint().height())
    image = chart.grab().toImage()
    red = QColor(ERROR)

    def reddish(y0: int, y1: int) -> int:
        return sum(1 for y in range(y0, y1) for x in range(0, image.width(), 2)
                   if abs(image.pixelColor(x, y).red() - red.red()) < 40 and image.pixelColor(x, y).green() < 90
                   and image.pixelColor(x, y).blue() < 90)

    bottom = 34 + len(chart.rows) * ROW
    assert reddish(0, 30) == 0
    assert reddish(bottom + 22, bottom + 40) > 20


def test_a_long_file_name_wraps_at_its_underscores_instead_of_widening_the_remarks(qtbot):
    from PySide6.QtWidgets import QTableView

    from gui.region.table_view import NAME_WIDTH, table_page
    from model.region.tables import Column, Table

    name = "Муниципальный_район_Верхнекалганский_муниципальный_район_Забайкальского_края_2026-Q3_план.xlsx"
    table = Table("problems", "Замечания", [Column("Файл", 30), Column("Замечание", 60)],
                  [[name, f"ОКТМО 76618000 встречается в двух книгах: Июль/{name} и Отправка/{name}"]])
    page = table_page(table)
    qtbot.addWidget(page)
    view = page.findChild(QTableView)
    assert view.horizontalHeader().sectionSize(0) <= NAME_WIDTH + 40
    assert view.horizontalHeader().sectionSize(1) <= NAME_WIDTH + 40  # the remark wraps too
    assert view.model().index(0, 0).data().replace("\u200b", "") == name


def test_the_names_stay_in_sight_when_a_wide_table_is_scrolled_sideways(qtbot):
    """«Показатели» of a region is wider than the window: scrolled to its last columns, the municipalities' names
    stay at its left edge, each beside its own row, however the table is scrolled or sorted."""
    from PySide6.QtWidgets import QApplication, QTableView

    from gui.region.table_view import table_page
    from model.region.tables import Column, Table

    names = [f"Муниципальный район «Район № {n}» Забайкальского края с длинным названием" for n in range(40)]
    table = Table("indicators", "Показатели", [Column("Муниципальное образование", 30),
                                               *[Column(f"Показатель {k}", 14, "percent") for k in range(12)]],
                  [[name, *[float(n * k % 97) for k in range(12)]] for n, name in enumerate(names)])
    page = table_page(table)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    QApplication.processEvents()
    view = page.findChild(QTableView)
    frozen = view.findChild(QTableView, "frozen_names")
    assert frozen is not None and not frozen.isVisible()  # not scrolled: the column is in its place
    scroll = view.horizontalScrollBar()
    assert scroll.maximum() > 0
    scroll.setValue(scroll.maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert frozen.isVisible() and frozen.width() == view.columnWidth(0)
    assert frozen.verticalScrollBar().value() == view.verticalScrollBar().value()
    last = view.rowAt(view.viewport().height() - 2)
    assert frozen.rowAt(view.viewport().height() - 2) == last  # the name beside its own row
    assert frozen.model().index(last, 0).data() == view.model().index(last, 0).data()
    view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    QApplication.processEvents()
    assert [frozen.rowHeight(r) for r in range(len(names))] == [view.rowHeight(r) for r in range(len(names))]
    scroll.setValue(0)
    QApplication.processEvents()
    assert not frozen.isVisible()


def test_the_room_beyond_the_columns_goes_to_the_names_first(qtbot):
    """A wide window gives a municipality's name its one line (rows one line high), not a wide last column; a
    narrow one keeps the names at their least, wrapped, with rows as tall as their lines."""
    from PySide6.QtWidgets import QApplication, QTableView

    from gui.region.table_view import NAME_WIDTH, table_page
    from model.region.tables import Column, Table

    names = ["Муниципальный район «Нерчинско-Заводский район» Забайкальского края",
             "Городской округ «Город Петровск-Забайкальский»"]
    table = Table("ranking", "Рейтинг", [Column("Место", 6, "place"), Column("Муниципальное образование", 40),
                                         Column("Итоговая оценка, %", 10, "percent"), Column("Срок", 12)],
                  [[1, names[0], 71.03, "в срок"], [2, names[1], 55.3, "с опозданием"]])
    page = table_page(table)
    qtbot.addWidget(page)
    view = page.findChild(QTableView)
    header = view.horizontalHeader()
    least = header.sectionSize(1)
    assert least <= NAME_WIDTH + 40
    page.resize(900, 400)
    page.show()
    qtbot.waitUntil(lambda: view.rowHeight(0) <= view.fontMetrics().lineSpacing() + 12)
    one_line = view.fontMetrics().horizontalAdvance(names[0])
    assert one_line <= header.sectionSize(1) <= one_line + 40  # the name on one line
    assert header.sectionSize(3) < header.sectionSize(1)  # «Срок» takes the rest, not the names' room
    page.resize(520, 400)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.rowHeight(0) > 2 * view.fontMetrics().lineSpacing())
    assert header.sectionSize(1) == least


def test_the_deadline_comes_from_the_regions_package_for_the_chosen_period(window):
    import json
    from datetime import datetime

    from model.region.history import open_history

    with open_history() as history:
        history.record_package("Область", 2018, 1, datetime(2018, 1, 10),
                               json.dumps({"deadlines": {"1": "2018-04-20", "2": "2018-07-20"}}))
    window.deadline.setText("")
    window.quarter.setCurrentIndex(0)
    assert window.deadline.text() == "20.04.2018"
    window.quarter.setCurrentIndex(1)  # the field still holds the package's day for Q1: Q2's replaces it
    assert window.deadline.text() == "20.07.2018"
    window.quarter.setCurrentIndex(2)  # the package names no deadline for Q3
    assert window.deadline.text() == ""
    window.deadline.setText("25.07.2018")  # typed by hand: kept whatever the period
    window.quarter.setCurrentIndex(1)
    assert window.deadline.text() == "25.07.2018"
    window.year.setValue(2019)
    assert window.deadline.text() == "25.07.2018"


def test_a_deadline_from_a_package_is_replaced_for_another_period_after_a_restart(qtbot, tmp_path):
    import json
    from datetime import datetime

    from model.region.history import open_history

    with open_history() as history:
        history.record_package("Область", 2018, 1, datetime(2018, 1, 10),
                               json.dumps({"deadlines": {"1": "2018-04-20", "2": "2018-07-20"}}))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = RegionWindow(settings)
    qtbot.addWidget(first)
    first.year.setValue(2018)
    first.quarter.setCurrentIndex(0)
    first.deadline.setText("")
    first.quarter.setCurrentIndex(1)
    assert first.deadline.text() == "20.07.2018"
    first.settings.setValue("region/deadline", first.deadline.text())  # as «Собрать свод» keeps it
    first.close()
    again = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.year.setValue(2018)
    again.quarter.setCurrentIndex(0)
    assert again.deadline.text() == "20.04.2018"


def test_one_folder_kept_is_listed_again_as_one_folder(qtbot, tmp_path, books):
    """The list of books and folders is kept for the next time; a list of one is written by QSettings as a plain
    value (as here) and read back by the next start as a string — each of its letters was taken for a path («/»
    three times)."""
    folder = books[0]
    kept = tmp_path / "one.ini"
    kept.write_text(f"[region]\nfiles={folder}\n", encoding="utf-8")  # what QSettings wrote for a list of one
    again = RegionWindow(QSettings(str(kept), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert [again.files.item(i).text() for i in range(again.files.count())] == [str(folder)]


def test_a_number_after_the_number_sign_stays_with_it():
    """«… район» № 38»: a name wraps anywhere but between «№» and its number; a file name at its underscores."""
    from gui.region.table_model import breakable, words

    shown = breakable("Муниципальный район «Тунгиро-Олёкминский район» № 38")
    assert shown.endswith("№\u00a038") and shown.replace("\u00a0", " ").endswith("№ 38")
    assert words("район № 38, файл район_01.xlsx") == ["район", "№\u00a038,", "файл", "район_", "01.xlsx"]
