"""User flows of the reports tab: readiness, preview, printing, sending, importing."""

import email
from email import policy
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from model.areas import plan
from model.errors import QuarterSent
from model.quarter.data import load_period
from model.reports.sending import sent_state


@pytest.fixture
def tab(window):
    window.tabs.setCurrentWidget(window.reports_tab)
    return window.reports_tab


@pytest.fixture
def said(monkeypatch):
    messages = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, kind=kind: messages.append((kind, a[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)

    def answer(box):  # a message box with buttons of its own: press the first of these it has
        messages.append(("box", box.text()))
        for wanted in ("Без файлов", "Открыть папку"):
            button = next((b for b in box.buttons() if b.text() == wanted), None)
            if button is not None:
                button.click()
                return 0
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    return messages


def test_readiness_lists_what_is_missing(qtbot, window, tab, monkeypatch):
    assert tab.missing.count() >= 14  # nothing filled: every item, and the head's name
    fill_quarter(window.db)
    tab.reload()
    # all filled; the seed 004 figures' reported total disagrees with R0 + the months: a warning, not a block
    assert tab.missing.count() == 1 and "1 предупреждение контрольных соотношений" in tab.ready.text()
    assert tab.missing.item(0).text().startswith("Контрольное соотношение (предупреждение): регистрации в ЕСИА")
    monkeypatch.setattr("gui.tabs.reports.ask_text", lambda *a, **k: ("июнь уточнён после отчёта", True))
    tab.missing.itemActivated.emit(tab.missing.item(0))  # Enter or a double click on the warning: explain it
    assert "готов" in tab.ready.text() and tab.missing.item(0).text().endswith("Пояснение: июнь уточнён после отчёта")
    plan.set_value(window.db, Q2, "2.2", "n", None)
    tab.reload()
    missing = [tab.missing.item(i).text() for i in range(tab.missing.count())]
    assert missing[0] == "Пункт 2.2: не заполнено: «Информация на стендах»" and len(missing) == 2


def test_preview_shows_every_page_of_the_report(qtbot, window, tab):
    fill_quarter(window.db)
    tab.refresh_preview()
    pages = len(PdfReader(str(tab.preview_pdf)).pages)
    assert tab.preview.page_count() == pages >= 3
    assert tab.preview.page_label.text() == f"стр. 1 из {pages}"
    assert not tab.preview.back.isEnabled() and tab.preview.forward.isEnabled()


def test_preview_turns_pages_and_zooms(qtbot, window, tab):
    fill_quarter(window.db)
    window.resize(1366, 690)
    tab.refresh_preview()
    preview = tab.preview
    count = preview.page_count()
    preview.forward.click()
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page_label.text() == f"стр. 2 из {count}"
    fitting = preview.labels[0].pixmap().width()
    preview.larger.click()
    assert preview.zoom_label.text() == "125 %"
    assert preview.labels[0].pixmap().width() == round(fitting * 1.25)
    qtbot.waitUntil(lambda: preview.current_page() == 1)  # the same page stays in view
    for _ in range(10):
        preview.smaller.click()
    assert preview.zoom_label.text() == "50 %" and not preview.smaller.isEnabled()
    preview.fit.click()
    assert preview.labels[0].pixmap().width() == fitting
    preview.go_to(count - 1)
    qtbot.waitUntil(lambda: not preview.forward.isEnabled())
    assert preview.page_label.text() == f"стр. {count} из {count}"
    tab.refresh_preview()  # shown again after a change: still on the same page
    qtbot.waitUntil(lambda: preview.current_page() == count - 1)


def test_printing_puts_every_page_on_paper(qtbot, window, tab, tmp_path):
    fill_quarter(window.db)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printed = tab.print_to(printer)
    assert printed == len(PdfReader(str(tab.preview_pdf)).pages)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == printed


def test_prepare_sending_makes_folder_and_marks_period(qtbot, window, tab, tmp_path, monkeypatch, said):
    fill_quarter(window.db)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(tmp_path))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: pytest.fail("«Без файлов» asks for none"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    tab.buttons["send"].click()
    folder = Path(opened[0])
    assert folder.parent == tmp_path and len(list(folder.iterdir())) == 4
    eml = next(folder.glob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert len(list(message.iter_attachments())) == 2
    assert "Отправка подготовлена" in tab.sent.text()
    assert [m for k, m in said if k == "box"][0].startswith("Приложить к архиву файлы подтверждения")
    assert "защищены от случайных изменений" in tab.sent.text() and tab.reopen_button.isVisibleTo(tab)
    assert window.lock_banner.isVisibleTo(window) and "2 квартал 2018 года: отправка в регион подготовлена" in \
        window.lock_banner.text()  # said on every tab
    assert "показатели, регистрации и услуги года остаются открытыми" in window.lock_banner.text()  # what is not
    assert tab.deadline.text().startswith("Срок представления — 10.07.2018: отправка подготовлена")
    with pytest.raises(QuarterSent, match="Открыть для исправления"):  # a sent quarter does not change by accident
        plan.set_value(window.db, Q2, "2.2", "n", 1)
    answers = iter([("  ", True), ("уточнены данные пункта 2.2", True)])
    monkeypatch.setattr("gui.widgets.fields.ask_text", lambda *a, **k: next(answers))
    tab.reopen_button.click()  # no reason: refused, and asked again (the dialog closed, the quarter stayed sent)
    assert any("Укажите, почему квартал открывается заново" in m for _, m in said)
    assert "редакция 2" in said[-1][1] and not tab.reopen_button.isVisibleTo(tab)
    assert not window.lock_banner.isVisibleTo(window)
    assert "Открыт для исправления" in tab.sent.text() and "уточнены данные пункта 2.2" in tab.sent.text()
    plan.set_value(window.db, Q2, "2.2", "n", 1)
    tab.reload()
    state = sent_state(window.db, load_period(window.db, Q2, history=True))
    assert state.changed_since and not state.locked and state.revision == 2


def test_import_of_broken_workbook_says_why_and_changes_nothing(qtbot, window, tab, tmp_path, monkeypatch, said):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK broken")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    tab.buttons["import"].click()
    assert said[-1][0] == "warning" and "База данных не изменена" in said[-1][1]
    assert plan.load_inputs(window.db, Q2) == {}


def test_import_of_a_workbook_shows_its_data(qtbot, window, tab, tmp_path, monkeypatch, said, open_window):
    from model.reports.sending import export_files
    from model.store.db import open_database

    other = open_database(tmp_path / "other.sqlite")
    fill_quarter(other)
    _, xlsx = export_files(other, Q2, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(xlsx), ""))
    tab.buttons["import"].click()
    assert said[-1] == ("information", "Загружены данные за 2 квартал 2018 года.")
    assert window.plan_tab.scores.total == load_period(other, Q2).scores.total
    assert window.centers_tab.centers_page.model.rowCount() == 12


def test_the_deadline_is_changed_for_the_quarter_or_for_every_quarter(qtbot, window, tab, monkeypatch, said):
    from datetime import date

    from model.areas.deadlines import deadline

    fill_quarter(window.db)
    tab.reload()
    assert tab.deadline.text().startswith("Срок представления — 10.07.2018")
    for typed, due in (("05.07.2018", date(2018, 7, 5)), ("", date(2018, 7, 10)), ("20 дней", date(2018, 7, 20))):
        monkeypatch.setattr("gui.widgets.fields.ask_text", lambda *a, typed=typed, **k: (typed, True))
        tab.deadline_button.click()
        assert deadline(window.db, Q2).due == due
        assert tab.deadline.text().startswith(f"Срок представления — {due:%d.%m.%Y}")
    answers, offered = iter([("30.06.2018", True), ("сегодня", True), ("", False)]), []

    def asked(*_args, text="", **_kwargs):  # refused: the question comes again with what was typed in it
        offered.append(text)
        return next(answers)

    monkeypatch.setattr("gui.widgets.fields.ask_text", asked)
    tab.deadline_button.click()
    assert offered == ["", "30.06.2018", "сегодня"] and deadline(window.db, Q2).due == date(2018, 7, 20)
    assert [kind for kind, _ in said[-2:]] == ["warning", "warning"] and "после окончания квартала" in said[-2][1]
    assert "«сегодня» — не дата и не число дней" in said[-1][1] and "например 10.07.2018" in said[-1][1]


@pytest.mark.parametrize("size", [(1366, 690), (1093, 552)])  # 100 % and 125 % of a 1366×768 screen less the taskbar
def test_the_buttons_are_in_sight_whatever_the_district_is_called(qtbot, window, size):
    from model.areas.profile import Profile, save_profile

    fill_quarter(window.db)
    save_profile(window.db, Profile(district="Муниципальный район «Верхнекалганский муниципальный район Забайкальского "
                                             "края» с подведомственными территориями", head_name="В. В. Иванов"))
    window.resize(*size)
    window.tabs.setCurrentWidget(window.reports_tab)
    tab = window.reports_tab
    tab.reload()
    qtbot.wait(10)
    for key, button in tab.buttons.items():
        shown = button.visibleRegion().boundingRect()
        assert button.isVisible() and shown.height() == button.height() and shown.width() == button.width(), key


def test_sending_a_quarter_that_breaks_a_mandatory_ratio_says_which_and_writes_nothing(qtbot, window, tab, tmp_path,
                                                                                     monkeypatch, said):
    from dataclasses import replace

    from model.areas import esia

    fill_quarter(window.db)
    esia.save_plan(window.db, replace(esia.load_plan(window.db, 2018), total_registered=100))  # a hard ratio broken
    tab.reload()
    assert "Отправить нельзя" in tab.ready.text()
    faults = []
    for where in ("gui.failure", "gui.tabs.reports"):  # the program's-fault path: never for a refusal
        monkeypatch.setattr(f"{where}.report_failed", lambda *a, **k: faults.append(a) or "", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(out))
    tab.buttons["send"].click()
    warnings = [m for k, m in said if k == "warning"]
    assert len(warnings) == 1 and not faults
    told = warnings[0].replace("\xa0", " ")
    assert told.startswith("Отправить нельзя: нарушены обязательные контрольные соотношения")
    assert "регистраций за квартал 1 650 больше, чем всего зарегистрировано на 01.07.2018 — 100" in told
    assert QApplication.overrideCursor() is None
    assert list(out.iterdir()) == [] and sent_state(window.db, load_period(window.db, Q2)) is None


def test_a_refusal_of_any_kind_on_sending_is_told_as_such(qtbot, window, tab, tmp_path, monkeypatch, said):
    """Not only a ratio or a file: the quarter's methodology removed since the tab was shown (MethodologyMissing,
    neither a WriteError nor an InputRefused) is the refusal's own message, not «ошибка программы»."""
    from model.errors import MethodologyMissing

    fill_quarter(window.db)
    tab.reload()
    gone = "Методика квартала не установлена на этом компьютере: загрузите её файл («Файл → Методики…»)"

    def missing(*_a):
        raise MethodologyMissing(gone)
    monkeypatch.setattr("model.methodology.registry.find", missing)
    faults = []
    monkeypatch.setattr("gui.failure.report_failed", lambda *a, **k: faults.append(a) or "", raising=False)
    monkeypatch.setattr("gui.tabs.reports.report_failed", lambda *a, **k: faults.append(a) or "", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(out))
    tab.buttons["send"].click()
    assert [m for k, m in said if k == "warning"] == [gone] and not faults
    assert QApplication.overrideCursor() is None and list(out.iterdir()) == []
