"""The region's summary on paper and in its words: a region of long names and long indicator names printed, every
character at 8 pt or more, headings broken only between words, one count of remarks, the JSON saying what the text
says."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from openpyxl import load_workbook
from region_books import make_books, write_expected

from model.quarter.data import load_period
from model.region.consolidate import consolidate
from model.region.summary_files import write_summary
from model.region.summary_xlsx import build_summary_workbook
from model.region.tables import all_tables, headline, problems, remarks
from model.reports.sheets import text_lines
from model.reports.xlsx_report import write_xlsx
from tests.model.reports.test_printouts import characters, page_texts

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """Forty municipalities of a real region's long names, with the shipped indicators and a register of services."""
    root = tmp_path_factory.mktemp("region")
    books = make_books(root / "книги", 40, Q2, seed=3, realistic=True)
    summary = consolidate([root / "книги"], Q2)
    pdf, xlsx = write_summary(summary, root / "свод")
    return root, books, summary, pdf, xlsx


@pytest.fixture
def with_remarks(db, region, tmp_path):
    """Three books: two good ones, a bad file (a fault) and a book with a control-ratio warning (for the reader)."""
    books = region[1]
    folder = tmp_path / "книги"
    folder.mkdir()
    for book in books[:2]:
        shutil.copy(book.path, folder)
    (folder / "плохая.xlsx").write_text("не книга", encoding="utf-8")
    fill_quarter(db)
    write_xlsx(load_period(db, Q2, history=True), folder / "калга.xlsx")
    return folder


def test_every_character_of_the_summary_pdf_is_8_pt_or_more_inside_its_page(region):
    pdf = region[3]
    chars = list(characters(pdf))
    assert min(size for _, _, size, _, _ in chars) >= 8  # the chart's figures were 7,5 pt
    for page, char, _, (left, right, bottom, top), (width, height) in chars:
        assert 0 <= left <= right <= width and 0 <= bottom <= top <= height, (page, char)
    texts = page_texts(pdf)
    assert all(f"стр. {n} из {len(texts)}" in t for n, t in enumerate(texts, start=1))


def test_headings_break_only_between_words(region):
    """«взаимодействий», «муниципальных» whole in the PDF; and every heading's word fits its column of the workbook."""
    summary, pdf, xlsx = region[2], region[3], region[4]
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    words = {w.strip("(),.;:«»") for t in all_tables(summary) if t.rows for c in t.columns for w in c.title.split()}
    words = {w for w in words if len(w) > 3}
    assert {"взаимодействий", "муниципальных", "внутриведомственного"} <= words
    assert [w for w in sorted(words) if w not in text] == []
    wb = load_workbook(xlsx)
    for ws in wb.worksheets:
        if ws.title in ("data", "Диаграмма"):
            continue
        for cell in ws[3]:
            width = ws.column_dimensions[cell.column_letter].width
            assert all(text_lines(w, width, bold=True) == 1 for w in str(cell.value).split()), (ws.title, cell.value)


def test_every_sheet_names_the_period_once(region):
    wb = load_workbook(region[4])
    titles = {ws.title: ws["A1"].value for ws in wb.worksheets if ws.title not in ("data", "Диаграмма")}
    assert "Услуги (МСЗУ)" in titles
    assert {t: v.count("2 квартал 2018 года") for t, v in titles.items()} == {t: 1 for t in titles}


def test_the_charts_label_every_bar_and_tell_municipalities_apart(region):
    """The PDF's bars and the workbook's chart: each municipality its own label, «place. name» shortened alike."""
    summary = region[2]
    ws = build_summary_workbook(summary)["Диаграмма"]
    labels = [ws.cell(row=r, column=1).value for r in range(1, len(summary.districts) + 1)]
    assert len(set(labels)) == len(summary.districts)
    assert labels[0].startswith("1. ") and all(len(label) <= 45 for label in labels)
    assert not any("Муниципальное образование" in label for label in labels)  # «МО», as all of them


def test_one_count_of_remarks_in_the_headline_and_the_table(with_remarks):
    summary = consolidate([with_remarks], Q2)
    assert len(summary.problems) == 1 and len(summary.notes) >= 1
    line = f"Замечаний к\u00a0книгам: 1, к\u00a0сведению: {len(summary.notes)}"  # never «к» at a line's end
    assert line in headline(summary) and remarks(summary) == f"1, к\u00a0сведению: {len(summary.notes)}"
    rows = problems(summary).rows
    assert len(rows) == 1 + len(summary.notes)
    assert [r[1].startswith("К сведению: ") for r in rows] == [False] + [True] * len(summary.notes)


def test_two_books_exported_at_the_same_time_are_said_so(region, tmp_path):
    books = region[1]
    folder = tmp_path / "книги"
    folder.mkdir()
    shutil.copy(books[0].path, folder / "а.xlsx")
    shutil.copy(books[0].path, folder / "б.xlsx")
    summary = consolidate([folder], Q2)
    (problem,) = summary.problems
    assert [d.file for d in summary.districts] == ["б.xlsx"]
    assert "а.xlsx и б.xlsx выгружены в одно и то же время (28.06.2018 09:00)" in problem.reason
    assert "в свод взята б.xlsx" in problem.reason and "по книгам не определить" in problem.reason
    assert "более поздняя" not in problem.reason


def consolidate_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "consolidate", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_the_json_carries_everything_the_text_says(with_remarks, region, tmp_path):
    """The explained warning the text shows «к сведению», the headline's figures and the files written."""
    expected = write_expected(tmp_path / "список.xlsx", region[1][:3])
    args = ["--period", "2018-Q2", "--deadline", "01.07.2018", "--expected", expected, "--out", tmp_path / "свод",
            with_remarks]
    text, as_json = consolidate_cli(*args), consolidate_cli(*args, "--json")
    assert text.returncode == as_json.returncode == 1, text.stderr + as_json.stderr
    data = json.loads(as_json.stdout)
    said = text.stdout.splitlines()
    assert said[:2] == [data["output"]["pdf"], data["output"]["xlsx"]]
    notes = [line.split(": к сведению — ", 1) for line in said if ": к сведению — " in line]
    assert notes and [{"file": f, "reason": r} for f, r in notes] == data["notes"]
    assert any(n["reason"].startswith("Контрольное соотношение:") for n in data["notes"])
    faults = [line.split(": ", 1) for line in said[2:] if line.startswith(("плохая", "калга", "район"))
              and ": к сведению — " not in line]
    assert [{"file": f, "reason": r} for f, r in faults] == data["problems"]
    assert data["expected"] == 3 and data["deadline"] == "2018-07-01"
    assert f"медиана {data['median']:.2f}".replace(".", ",") in text.stdout
    assert f"Средняя оценка по региону {data['mean']:.2f}".replace(".", ",") in text.stdout
    assert any(line.startswith("Не представил отчёт: ") for line in said) and data["missing"]


def test_a_remark_beside_its_file_does_not_name_the_file_again(with_remarks):
    """«Файл» column: «плохая.xlsx»; «Замечание»: «Файл — не книга Excel (.xlsx)…», not «Файл плохая.xlsx — …»."""
    summary = consolidate([with_remarks], Q2)
    (problem,) = summary.problems
    assert problem.reason.startswith("Файл плохая.xlsx — не книга Excel")  # the reason itself, as the JSON gives it
    (row,) = [r for r in problems(summary).rows if r[0] == "плохая.xlsx"]
    assert row[1].startswith("Файл — не книга Excel (.xlsx)") and "плохая.xlsx" not in row[1]


def test_the_headline_counts_against_the_list_only_those_on_it(region):
    """«N из M» counts the books of municipalities on the expected list; one from outside it is told apart (a list of
    four and six books said «Представили отчёт: 6 из 4; не представили: 0»)."""
    from model.region.expected import Municipality

    root, books = region[0], region[1]
    folder = root / "шесть"
    folder.mkdir(exist_ok=True)
    for book in books[:6]:
        shutil.copy(book.path, folder)
    listed = [Municipality(b.name, b.oktmo) for b in books[2:6]]
    summary = consolidate([folder], Q2, expected=listed)
    assert headline(summary)[0] == "Представили отчёт: 4 из 4; не представили: 0; не из списка: 2"
    missing = [*listed[1:], Municipality("Нерчинский район", "76628000")]
    summary = consolidate([folder], Q2, expected=missing)
    assert headline(summary)[0] == "Представили отчёт: 3 из 4; не представили: 1; не из списка: 3"
    assert headline(consolidate([folder], Q2))[0] == "Представили отчёт: 6"


def test_the_names_keep_two_lines_of_room_beside_a_dozen_columns_of_figures():
    """«Показатели» of a region on A4: a dozen figures' columns at their least left the names five lines tall and
    eleven rows a page; the names now keep NAME_ROOM, the figures going on to the next group of columns."""
    from model.region.summary_pdf import NAME_ROOM, WIDTH, column_groups, column_widths, fit_widths, with_name_room
    from model.region.tables import Column, Table
    from model.reports.font_metrics import register_fonts

    register_fonts()

    name = "Муниципальное образование «Муниципальный район «Шелопугинский район»» № 106"
    table = Table("indicators", "Показатели", [Column("Муниципальное образование", 30),
                                               *[Column(f"{k}. Доля внутриведомственного и межведомственного "
                                                        f"взаимодействия {k}", 14, "percent") for k in range(1, 13)]],
                  [[name, *[115.38] * 12]])
    need = with_name_room(column_widths(table), table)
    groups = column_groups(need)
    assert len(groups) > 1 and all(group[0] == 0 for group in groups)
    for group in groups:
        widths = fit_widths([need[n] for n in group], [table.columns[n].kind == "text" for n in group])
        assert widths[0] >= NAME_ROOM - 0.01 and abs(sum(widths) - WIDTH) < 0.5
    plain = column_widths(table)  # without the room: the figures' headings took the spare, the names were squeezed
    first = column_groups(plain)[0]
    assert fit_widths([plain[n] for n in first], [table.columns[n].kind == "text" for n in first])[0] < NAME_ROOM
