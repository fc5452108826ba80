"""Every window and dialog of the program, filled as a clerk fills them (long names, a whole quarter, a region of
forty books), checked against the screen it is shown on: it fits, its buttons are in sight, no text is cut.

Not collected by itself: tests/window/test_windows_fit.py runs it on a laptop's screen, 1366×690 at 100 % and the
same screen at 125 % (1093×552 logical pixels), each in a process of its own. Run by hand on such a screen:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.25 pytest tests/window/every_window.py

(screen.json as test_windows_fit.py writes it). With OMSU_SHOTS=DIR each window is saved there as a picture.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from region_books import make_books

from tests.window.fit import fit_problems

LONG = ("Муниципальное образование «Муниципальный район «Александрово-Заводский район» Забайкальского края» с "
        "административным центром в селе Александровский Завод")


def settle(widget: QWidget) -> None:
    for _ in range(5):
        QApplication.processEvents()


def look(widget: QWidget, name: str) -> list[str]:
    """The widget's problems on this screen; its picture into OMSU_SHOTS if set."""
    settle(widget)
    if os.environ.get("OMSU_SHOTS"):
        folder = Path(os.environ["OMSU_SHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(folder / f"{name}.png"))
    return [f"{name}: {p}" for p in fit_problems(widget)]


def while_shown(trigger, name: str) -> list[str]:
    """Run trigger, which opens a modal dialog (a message box, a question); check the dialog and close it."""
    found: list[list[str]] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        found.append(look(dialog, name))
        dialog.close()

    QTimer.singleShot(0, check)
    trigger()
    assert found, f"{name}: окно не открылось"
    return found[0]


@pytest.fixture
def main(qtbot, db_path, tmp_path):
    """The program's window as it opens the first time (maximised), on a whole quarter with long names."""
    from model.areas import centers
    from model.areas import indicators as ind
    from model.areas import public_services as sv
    from model.areas.centers import Center, StaffMember
    from model.areas.profile import load_profile, save_profile
    from model.store.db import open_database

    db = open_database(db_path)
    fill_quarter(db)
    save_profile(db, load_profile(db).__class__(**{**load_profile(db).__dict__, "district": LONG}))
    centers.save_center(db, Center(None, "с. Новоберёзовское-Нижнее (Верхне-Калгуканское сельское поселение)",
                                   address="ул. Центральная, д. 12, каб. 3 (здание администрации поселения)",
                                   host="Администрация сельского поселения «Верхне-Калгуканское»",
                                   staff=(StaffMember("Константинопольская Александра Владимировна", True),)))
    ids = sv.save_services(db, [
        sv.Service(None, "Выдача разрешения на строительство объекта капитального строительства", federal_number="12",
                   department="Отдел архитектуры и градостроительства", planned=(2018, 1),
                   available_on=date(2018, 3, 1)),
        sv.Service(None, "Предоставление земельного участка в аренду без торгов", department="Комитет по имуществу",
                   planned=(2018, 2))], date(2018, 6, 30))
    sv.set_requests(db, Q2, {ids[0]: sv.Requests(40, 18)})
    ind.save_indicator(db, ind.Indicator(None, LONG + ": доля заявлений, поданных в электронном виде", number="11"))
    db.conn.close()
    from gui.main_window import MainWindow

    window = MainWindow(db_path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), period=Q2)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.db.conn.close()


def test_the_main_window_and_its_tabs(main):
    problems = []
    for number in ("1.1", "1.2", "1.3", "2.3", "2.6", "3.3"):
        main.plan_tab.select_item(number)
        problems += look(main, f"plan_{number}")
    for tab, page, name in ((main.centers_tab, None, "centers"), (main.centers_tab, "esia_page", "esia"),
                            (main.indicators_tab, None, "indicators"), (main.indicators_tab, "points_page", "points"),
                            (main.services_tab, None, "services"), (main.reports_tab, None, "reports")):
        main.tabs.setCurrentWidget(tab)
        if page:
            tab.setCurrentWidget(getattr(tab, page))
        problems += look(main, name)
    assert not problems, "\n".join(problems)


def test_the_dialogs_of_the_main_window(main):
    from gui.dialogs.backups import BackupsDialog
    from gui.dialogs.center import CenterDialog
    from gui.dialogs.composite import CompositeDialog
    from gui.dialogs.history import HistoryDialog
    from gui.dialogs.indicator import IndicatorDialog
    from gui.dialogs.methodologies import MethodologiesDialog
    from gui.dialogs.profile import ProfileDialog
    from model.store.backup import make_backup

    make_backup(main.db_path, "start", main.db.conn)
    quarter = main.editor.need("center", "indicator")
    long_center = max(quarter.centers, key=lambda c: len(c.settlement))
    long_indicator = quarter.indicators[-1]
    problems = []
    for name, make in (
            ("profile_first", lambda: ProfileDialog(main.db, first_start=True, parent=main)),
            ("profile", lambda: ProfileDialog(main.db, parent=main)),
            ("center", lambda: CenterDialog(long_center, parent=main)),
            ("center_new", lambda: CenterDialog(parent=main)),
            ("indicator", lambda: IndicatorDialog(long_indicator, parent=main)),
            ("composite", lambda: CompositeDialog(long_indicator, quarter.indicators[:-1], None, {}, main)),
            ("backups", lambda: BackupsDialog(main)),
            ("history", lambda: HistoryDialog(main.db, None, main.db_path.name, main, quarter.methodology)),
            ("methodologies", lambda: MethodologiesDialog(main))):
        dialog = make()
        dialog.show()
        problems += look(dialog, f"dialog_{name}")
        dialog.close()
    main.show_guide()
    problems += look(main.guide_window, "guide")
    assert not problems, "\n".join(problems)


def test_the_files_from_the_region_and_their_marks(main, tmp_path):
    """The preview of the region's package (more than twenty lines), a refused one, the question a change of a value
    the region set asks; after it, the ESIA part with its marks, and «Отчёты» with a returned report."""
    from gui.dialogs.from_region import FromRegionDialog, ReasonDialog
    from model.exchange import from_region
    from model.quarter.data import load_period
    from model.reports import sending
    from tests.window.from_region_files import district_answers, district_package

    problems = []
    seen = from_region.preview(main.db, district_package())
    assert len(seen.lines) > 20 and seen.refusal is None
    package = district_package()
    refused = from_region.preview(main.db, replace(package, municipalities=package.municipalities[1:]))
    assert refused.refusal
    for name, make in (("from_region_package", lambda: FromRegionDialog(seen, main)),
                       ("from_region_refused", lambda: FromRegionDialog(refused, main)),
                       ("from_region_reason", lambda: ReasonDialog(tuple(line.what for line in seen.lines[:5]), main))):
        dialog = make()
        dialog.show()
        problems += look(dialog, f"dialog_{name}")
        dialog.close()
    from_region.apply(main.db, district_package())
    sending.mark_sent(main.db, load_period(main.db, Q2, history=True), tmp_path / "отправка")
    from_region.apply(main.db, district_answers("returned"))
    main.imported(Q2)
    main.tabs.setCurrentWidget(main.centers_tab)
    main.centers_tab.setCurrentWidget(main.centers_tab.esia_page)
    problems += look(main, "esia_region")
    main.tabs.setCurrentWidget(main.plan_tab)
    main.plan_tab.select_item("1.3")
    problems += look(main, "plan_1.3_region")
    main.tabs.setCurrentWidget(main.services_tab)
    problems += look(main, "services_region")
    main.tabs.setCurrentWidget(main.reports_tab)
    main.reports_tab.show_answer()  # as after loading the answer: scrolled to it
    assert main.reports_tab.answer_box.isVisibleTo(main.reports_tab)
    problems += look(main, "reports_answer")
    assert not problems, "\n".join(problems)


def test_message_boxes_and_questions_of_the_main_window(main, monkeypatch):
    from gui.app import install_crash_dialog
    from gui.opening import open_for_window
    from gui.widgets.fields import tell_saved
    from model.base import writer_lock as lock

    folder = str(Path.home() / ("Отчёты для региона " * 6).strip() / "2018" / "2 квартал")
    problems = while_shown(main.about, "about")
    main.tabs.setCurrentWidget(main.indicators_tab)
    page = main.indicators_tab.indicators_page
    page.view.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0))  # the one with the long name
    problems += while_shown(page.delete_indicator, "question_delete")
    main.tabs.setCurrentWidget(main.reports_tab)
    problems += while_shown(main.reports_tab.change_deadline, "input_deadline")
    warning = next(i for i in range(main.reports_tab.missing.count())
                   if "предупреждение" in main.reports_tab.missing.item(i).text())
    problems += while_shown(lambda: main.reports_tab.explain(main.reports_tab.missing.item(warning)), "input_explain")
    problems += while_shown(lambda: tell_saved(main, "Сохранить PDF", f"Отчёт сохранён:\n{folder}/отчёт.pdf", folder),
                            "saved")
    install_crash_dialog(lambda: main, Path.home() / "AppData" / "Local" / "Отчётность ОМСУ" / "logs" / "omsu.log")
    try:
        problems += while_shown(lambda: sys.excepthook(RuntimeError, RuntimeError("сбой"), None), "crash")
    finally:
        sys.excepthook = sys.__excepthook__
    holder = lock.Holder("BUHGALTERIYA-KOMITET-FINANSOV-02", "ivanova.mariya.sergeevna", 1, datetime(2018, 7, 2, 9, 5))

    def busy(path: Path, force: bool = False) -> None:  # another workstation holds the file
        raise lock.AlreadyOpen(holder)

    monkeypatch.setattr(lock, "acquire", busy)
    problems += while_shown(lambda: open_for_window(main, main.db_path), "database_busy")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def region_books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region") / "книги"
    books = make_books(folder, 40, Q2, seed=4, realistic=True)
    shutil.copy(books[0].path, folder / "район_001 (исправленный, присланный повторно по электронной почте).xlsx")
    (folder / "не книга.xlsx").write_text("не книга", encoding="utf-8")  # two remarks, long ones
    return folder


@pytest.fixture
def region(qtbot, tmp_path):
    from gui.region.window import RegionWindow

    window = RegionWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.year.setValue(2018)
    window.quarter.setCurrentIndex(1)
    return window


def test_the_regions_window_empty_and_with_its_dialogs(region, monkeypatch):
    from gui.region.expected_dialog import ExpectedDialog
    from model.region.expected import Municipality

    problems = look(region, "region_empty")
    for name, listed in (("expected_empty", []), ("expected", [Municipality(LONG, "76618000")] * 3)):
        dialog = ExpectedDialog(listed, region)
        dialog.show()
        problems += look(dialog, f"dialog_{name}")
        dialog.close()
    assert not problems, "\n".join(problems)


def test_the_regions_package_dialog_with_a_filled_table(region):
    from gui.region.package_dialog import PackageDialog

    dialog = PackageDialog(region)
    dialog.show()
    dialog.year.setValue(2018)
    problems = look(dialog, "package_empty")
    header = ["Наименование ОМСУ", "ОКТМО", "Целевой показатель на конец 2018 года", "Кол-во регистраций за 2017 год",
              "Численность населения МО", "1.3 C, 1 квартал", "1.3 C, 2 квартал", "Доля МСЗУ, 1 квартал"]
    rows = [[f"{LONG} {n}", f"{76618000 + n}", "14 480", "7694", "85 199", "100", "200", "40"] for n in range(41)]
    dialog.show_rows([header, *rows])
    assert dialog.summary.text() == "Муниципалитетов в таблице: 41"
    problems += look(dialog, "package_filled")
    dialog.show_rows([header, *[[*r[:1], "1"] + r[2:] for r in rows]])
    assert dialog.error.saying()
    problems += look(dialog, "package_problems")
    dialog.close()
    assert not problems, "\n".join(problems)


def test_the_regions_window_with_a_summary_of_forty_books(region, region_books, monkeypatch, tmp_path):
    region.add_paths([region_books])
    region.build()
    assert region.summary is not None and len(region.summary.districts) == 40 and len(region.summary.problems) == 2
    problems = []
    for i in range(region.results.count()):
        region.results.setCurrentIndex(i)
        problems += look(region, f"region_{i}")
    folder = tmp_path / "Своды по региону за все кварталы" / "2018" / "2 квартал, исправленный после проверки"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    problems += while_shown(region.save, "region_saved")
    assert not problems, "\n".join(problems)


def test_the_regions_reading_progress_with_a_long_file_name(region):
    from gui.region.window import reading, reading_progress

    progress = reading_progress(region)
    progress.setMaximum(40)
    progress.setValue(3)
    progress.setLabelText(reading(progress, 3, 40, "Муниципальный_район_" * 12 + ".xlsx"))
    progress.show()
    assert look(progress, "region_progress") == []


def test_the_methodology_editor_every_page_and_form(qtbot, tmp_path):
    """The methodology editor: each node's form, the preview and the list of changes, and the dialog of a
    new methodology for a year."""
    from gui.methodology_editor.window import MethodologyEditor, NewYearDialog
    from model.methodology.draft import Draft

    root = Path(__file__).resolve().parents[2]
    editor = MethodologyEditor(None, None, Draft.for_year(root / "resources" / "methodologies" /
                                                          "popularization-2018.toml", 2027))
    editor.show()  # as large as the screen allows (fit_to_screen)
    problems = []
    nodes = [("head",), ("total",)] + [("section", s) for s in range(3)] + [
        ("item", s, i) for s in range(3) for i in range(editor.draft.count(("section", s, "item")))]
    for node in nodes:
        editor.select(node)
        problems += look(editor, f"methodology_editor_{'_'.join(map(str, node))}")
    editor.select(("item", 1, 7))
    editor.add_item()  # a new item: its empty fields said under each, the list of problems full
    problems += look(editor, "methodology_editor_new_item")
    for index, name in ((1, "preview"), (2, "changes")):
        editor.pages.setCurrentIndex(index)
        problems += look(editor, f"methodology_editor_{name}")
    problems += look(NewYearDialog(editor), "methodology_new_year")
    editor.may_leave = lambda: True
    editor.close()
    assert problems == []


def test_the_regions_history_the_books_without_a_seal_and_the_answers(region, tmp_path, monkeypatch):
    """Two quarters of forty-one municipalities merged into a history of this test's own, one book of the second
    without its seal: the ranking with the change of place, the books kept apart, «История», the answers and the
    reason asked for a book without a seal."""
    from gui.region.answers_dialog import AnswersDialog
    from gui.region.unsealed import AcceptBookDialog
    from model.base.period import Period
    from model.region.history import open_history

    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "data"))
    make_books(tmp_path / "q1", 41, Period(2018, 1), seed=7, realistic=True)
    books = make_books(tmp_path / "q2", 41, Q2, seed=8, realistic=True)
    region.add_paths([tmp_path / "q1"])
    region.quarter.setCurrentIndex(0)
    region.build()
    with open_history() as history:
        history.key_for(books[0].oktmo, books[0].name)  # its book was exported without the key: no seal
    region.files.clear()
    region.add_paths([tmp_path / "q2"])
    region.quarter.setCurrentIndex(1)
    region.build()
    assert region.summary is not None and len(region.summary.unsealed) == 1
    problems = []
    titles = [region.results.tabText(i) for i in range(region.results.count())]
    for n, title in enumerate(titles):
        if title.split(" (")[0] in ("Рейтинг", "Без печати", "История"):
            region.results.setCurrentIndex(n)
            problems += look(region, f"region_history_{title.split(' (')[0].replace(' ', '_')}")
    answers = AnswersDialog(region.summary, region)
    answers.show()
    answers.select(books[5].oktmo)
    answers.remark.setPlainText("Приложите фотоотчёт о консультациях граждан в МФЦ и уточните число консультаций")
    problems += look(answers, "dialog_region_answers")
    problems += while_shown(answers.reject, "question_region_answers_unwritten")
    answers.written = answers._state()
    answers.close()
    accept = AcceptBookDialog(region.summary.unsealed[0], region.summary.period, region)
    accept.show()
    problems += look(accept, "dialog_region_accept_book")
    accept.close()
    assert not problems, "\n".join(problems)
