"""Printouts a head of administration signs: a full quarter's PDF read back character by character (sizes, page box,
pages), and its workbook's print setup as Excel and LibreOffice will read it."""

import ctypes
import re

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import Q2, fill_quarter
from openpyxl import load_workbook

from model.exchange import DATA_SHEET
from model.quarter.data import load_period
from model.reports.pdf_report import write_pdf
from model.reports.xlsx_report import write_xlsx


@pytest.fixture
def full(db):
    fill_quarter(db)
    return db


def characters(path):
    """Each printed character of the PDF: (page number, character, font size, box, page size)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()
            size = page.get_size()
            for i in range(pdfium_c.FPDFText_CountChars(textpage)):
                code = pdfium_c.FPDFText_GetUnicode(textpage, i)
                if code <= 32 or code == 0xFFFE:
                    continue
                box = [ctypes.c_double() for _ in range(4)]
                pdfium_c.FPDFText_GetCharBox(textpage, i, *box)
                yield number, chr(code), pdfium_c.FPDFText_GetFontSize(textpage, i), [b.value for b in box], size
    finally:
        document.close()


def page_texts(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_a_full_quarter_prints_on_eight_pages_in_readable_sizes_inside_the_page(full, tmp_path):
    path = write_pdf(load_period(full, Q2, history=True), tmp_path / "r.pdf")
    chars = list(characters(path))
    assert len(chars) > 10_000
    assert min(size for _, _, size, _, _ in chars) >= 8  # nothing smaller than 8 pt anywhere, footer included
    for page, char, _, (left, right, bottom, top), (width, height) in chars:
        assert 0 <= left <= right <= width and 0 <= bottom <= top <= height, (page, char)
    texts = page_texts(path)
    assert len(texts) <= 8
    assert all(f"стр. {n} из {len(texts)}" in t for n, t in enumerate(texts, start=1))


def test_the_pdf_has_the_title_block_totals_tables_and_signature(full, tmp_path):
    data = load_period(full, Q2, history=True)
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "Муниципальное образование Муниципальный район «Калганский район» (ОКТМО" in text
    assert f"версия {data.methodology.version}" in text
    assert "P — итоговая оценка, %" in text and "P1 — Регистрация граждан в ЕСИА" in text
    assert "Проведённые мероприятия" in text and "Пункт плана Дата Место проведения Тема" in text
    for events in data.events.values():
        for event in events:
            assert event.topic in text
    assert "5. Контрольные точки: выполнено 32 из 32, в срок 32" in text
    assert text.count("выполнена в срок") == 32
    assert "Регистрации по месяцам" in text and "чел." in text and "план на месяц 565,5" in text
    assert "Достижение плановых значений показателей" in text and "план — 100 %" in text
    assert "(подпись)" in text and "И.о. главы администрации муниципального района «Калганский район»" in text
    assert "С. А. Егоров" in text
    assert "(инициалы, фамилия)" not in text  # the name is printed: no line to write it on
    assert "Исполнитель: М. С. Петрова, тел." in text
    assert not re.search(r"\b(A1|B1|req\d)\b", text)  # the methodology's words, not input keys


def test_the_signature_block_says_what_the_profile_says_and_leaves_lines_for_what_it_does_not(db, tmp_path):
    from model.areas.profile import Profile, save_profile

    save_profile(db, Profile(district="Городской округ «Город Чита»", head_position="Мэр", head_name=""))
    text = " ".join(page_texts(write_pdf(load_period(db, Q2), tmp_path / "r.pdf")))
    assert "Мэр городского округа «Город Чита»" in text and "Глава" not in text  # the genitive after a position
    assert "(подпись)" in text and "(инициалы, фамилия)" in text
    save_profile(db, Profile(district="Городской округ «Город Чита»", head_position="", head_name="И. И. Кузнецов"))
    text = " ".join(page_texts(write_pdf(load_period(db, Q2), tmp_path / "r.pdf")))
    assert "Глава" not in text and "И. И. Кузнецов" in text and "(инициалы, фамилия)" not in text
    assert "Городской округ «Город Чита»" in text  # no position: the name alone, as the profile has it
    save_profile(db, Profile(district="Городской округ «Город Чита»", head_position="Мэр городского округа «Город "
                             "Чита»", head_name="И. И. Кузнецов"))
    text = " ".join(page_texts(write_pdf(load_period(db, Q2), tmp_path / "r.pdf")))
    assert re.search(r"Мэр городского округа «Город Чита»\s+(?!городского|Городской)", text)  # named once
    save_profile(db, Profile(district="Калганский район", head_position="Глава", head_name=""))
    text = " ".join(page_texts(write_pdf(load_period(db, Q2), tmp_path / "r.pdf")))
    assert "Глава Калганский район" in text  # a name of no known kind is not declined by guess


def test_an_unfilled_quarter_says_what_is_missing_in_both_files(db, tmp_path):
    data = load_period(db, Q2, history=True)
    assert data.scores.total is None
    text = " ".join(page_texts(write_pdf(data, tmp_path / "r.pdf")))
    assert "не заполнено" in text
    book = load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))
    plan = book["План"]
    scores = [plan.cell(row=r, column=6).value for r in range(4, plan.max_row + 1)]
    assert scores[0] in ("не заполнено",) or str(scores[0]).startswith("не рассчитана")
    assert "не заполнено" in scores


def test_an_item_filled_but_not_defined_is_told_so_not_as_unfilled(full, tmp_path):
    """1.1 with «всего» B = 0: every input is filled, the share is not defined. The PDF and the workbook printed
    «не заполнено» beside the filled figures; they say «не определена», as the plan's list does."""
    from model.areas import plan
    from model.base.words import ITEM_STATES, item_score_text

    plan.set_value(full, Q2, "1.1", "A1", 0)
    plan.set_value(full, Q2, "1.1", "B1", 0)
    data = load_period(full, Q2, history=True)
    score = data.scores.items["1.1"]
    assert score.state == "undefined" and "равно нулю" in score.reason
    assert item_score_text(score) == ITEM_STATES["undefined"] == "не определена"
    pdf = write_pdf(data, tmp_path / "r.pdf")
    text = " ".join(page_texts(pdf))
    assert "не определена" in text and "не заполнено" not in text
    book = load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))
    sheet = book["План"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "1.1")
    assert sheet.cell(row=row, column=6).value == "не определена"
    assert data.scores.items["1.2"].state == "scored" and item_score_text(data.scores.items["1.2"]) == "100,00"


def test_a_provisional_total_on_the_title_card_wraps_between_words(full, tmp_path):
    from model.areas import plan

    plan.set_value(full, Q2, "2.2", "n", None)
    first = page_texts(write_pdf(load_period(full, Q2), tmp_path / "r.pdf"))[0]
    assert first.count("не рассчитана (сейчас") == 3  # P and P2 on the card, P in the table: words whole


def test_a_score_over_its_maximum_prints_its_fact_unbroken(full, tmp_path):
    """1.3 over its plan printed «100,00 / (факт / 135,00) / из 100» in the score column: «(факт» and its figure on
    lines of their own. They stay together now."""
    data = load_period(full, Q2)
    score = data.scores.items["1.3"]
    assert score.raw is not None and score.raw > score.score  # the full quarter's 1.3 is over its maximum
    document = pypdfium2.PdfDocument(str(write_pdf(data, tmp_path / "r.pdf")))
    try:  # the text as laid out: a line's end is a line break in it
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "135,00" in text and re.search(r"\(факт[ \xa0]135,00\)", text), "«(факт» and its figure on one line"


def test_an_indicator_without_a_base_value_prints_no_date_of_it(full, tmp_path):
    """«— (14.12.2018)» in the base column: the date of a base value that is not there."""
    from datetime import date

    from model.areas import indicators as ind

    ind.save_indicator(full, ind.Indicator(None, "Доля услуг без базы", number="9", base_date=date(2018, 12, 14)))
    text = " ".join(page_texts(write_pdf(load_period(full, Q2), tmp_path / "r.pdf")))
    assert "Доля услуг без базы" in text and "— (14.12.2018)" not in text


def test_the_workbook_prints_each_sheet_on_a4_fitted_to_width_with_the_data_sheet_hidden(full, tmp_path):
    data = load_period(full, Q2, history=True)
    book = load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))
    machine = book[DATA_SHEET]
    assert machine.sheet_state == "hidden" and machine.protection.sheet  # for machines, out of print and of edits
    shown = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    assert [ws.title for ws in shown] == ["План", "Центры", "Регистрации ЕСИА", "Показатели"]
    assert book.active.title == "План"
    for ws in shown:
        assert ws.print_area, ws.title
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$3"
        assert "Калганский район" in ws.oddHeader.left.text and "2 квартал 2018 года" in ws.oddHeader.right.text
        assert ws.oddFooter.right.text == "стр. &P из &N"
        formats = {c.number_format for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, int | float)}
        assert formats and all(f.startswith("[$-419]") for f in formats), (ws.title, formats)  # Russian separators
    assert book["Регистрации ЕСИА"].page_setup.orientation == "portrait"  # one page: months, figures, chart
    assert book["Регистрации ЕСИА"].page_setup.fitToHeight == 1
    assert book["План"].page_setup.orientation == "landscape"
    for ws in shown:  # the page header and footer print clear of the repeated table header and of the last row
        assert ws.page_margins.top - ws.page_margins.header >= 0.45 and ws.page_margins.header >= 0.25
        assert ws.page_margins.bottom - ws.page_margins.footer >= 0.45


def test_workbook_rows_are_as_tall_as_their_text_wraps_in_libreoffice_without_calibri(full, tmp_path):
    """LibreOffice without Calibri or Carlito prints in Liberation Sans: seen there, 1.1's executors take eight lines
    in their column and «Оформление рабочего места сотрудника» one line of 1.2's results."""
    from model.reports.sheets import text_lines

    plan_sheet = load_workbook(write_xlsx(load_period(full, Q2), tmp_path / "r.xlsx"))["План"]
    row = next(r for r in range(4, 40) if plan_sheet.cell(r, 1).value == "1.1")
    assert text_lines(plan_sheet.cell(row, 3).value, plan_sheet.column_dimensions["C"].width) == 8
    assert plan_sheet.row_dimensions[row].height >= 8 * 12.75
    assert text_lines("Оформление рабочего места сотрудника", plan_sheet.column_dimensions["E"].width) == 1


def test_the_workbook_has_a_native_chart_and_the_signature_block(full, tmp_path):
    path = write_xlsx(load_period(full, Q2, history=True), tmp_path / "r.xlsx")
    import zipfile

    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = zf.read(charts[0]).decode("utf-8")
    assert "<barChart>" in chart and "<lineChart>" in chart  # registrations as bars, the monthly plan as a line
    assert "'Регистрации ЕСИА'!$B$4:$B$15" in chart and "'Регистрации ЕСИА'!$C$4:$C$15" in chart
    plan = load_workbook(path)["План"]
    texts = [str(c.value) for row in plan.iter_rows() for c in row if c.value is not None]
    assert "(подпись)" in texts and "С. А. Егоров" in texts
    assert any(t.startswith("Исполнитель: М. С. Петрова") for t in texts)
    last = max(r for r in range(1, plan.max_row + 1) if any(c.value is not None for c in plan[r]))
    assert plan.print_area == f"'План'!$A$1:$H${last}"  # the signature is inside the print area


def test_a_score_not_yet_counted_is_printed_in_whole_words(db, tmp_path):
    """«не рассчитана (сейчас 0,00)» where items are missing: the score column is as wide as its longest word in
    bold — at 19 mm it printed «рассчи / тана»."""
    text = " ".join(page_texts(write_pdf(load_period(db, Q2, history=True), tmp_path / "r.pdf")))
    assert text.count("не рассчитана (сейчас 0,00)") >= 4  # the total and each section
    assert "рассчи тана" not in text


def test_the_reports_sections_are_numbered_without_a_gap(db, tmp_path):
    """A quarter without control points printed «4. Показатели…» then «6. Перевод…»: the sections that are there are
    numbered in order."""
    from dataclasses import replace
    from datetime import date

    from model.areas import public_services as sv

    fill_quarter(db)
    sv.save_services(db, [sv.Service(None, "Выдача разрешения на строительство", planned=(2018, 2))],
                     date(2018, 6, 30))
    full = load_period(db, Q2, history=True)
    assert full.control_points
    for data, sections in ((full, 5), (replace(full, control_points=[]), 4)):
        text = "\n".join(page_texts(write_pdf(data, tmp_path / "отчёт.pdf")))
        heads = re.findall(r"(\d)\. (Центры обслуживания|План регистраций|Показатели за|Контрольные точки|Перевод "
                           r"массовых)", text)
        assert [int(n) for n, _ in heads] == list(range(2, 2 + sections)), heads
        assert heads[-1][1] == "Перевод массовых"
