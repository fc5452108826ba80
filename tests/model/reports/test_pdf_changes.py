"""The annex to the ministry's order: what a new methodology changes, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable

from model.errors import WriteError
from model.methodology import load_methodology
from model.methodology.changes import change_list, changes
from model.reports import pdf_changes
from model.reports.pdf_changes import write_changes_pdf

ROOT = Path(__file__).resolve().parents[3]
M2018 = load_methodology(ROOT / "resources" / "methodologies" / "popularization-2018.toml")
M2027 = load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")


def pages(path: Path) -> list[str]:
    """Each page's text with its line breaks and runs of spaces made one space (the table wraps long lines)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_annex_names_both_versions_and_lists_every_change(tmp_path):
    path = write_changes_pdf(M2018, M2027, tmp_path / "annex.pdf")
    texts = pages(path)
    whole = " ".join(texts)
    assert 1 <= len(texts) <= 3
    assert all(f"стр. {n} из {len(texts)}" in t for n, t in enumerate(texts, start=1))
    assert texts[0].startswith("Приложение к приказу от")
    assert "Изменения методики оценки «План мероприятий по популяризации в 2027 году" in whole
    assert flat(f"Новая редакция: методика {M2027.describe()}") in whole
    assert flat(f"Прежняя редакция: методика {M2018.describe()}") in whole
    assert "Раздел 2. Информирование населения о возможностях и преимуществах" in whole
    assert "Правило расчёта — уровни → целевое значение 3" in whole
    assert "Делитель 7 → 8" in whole
    assert "Добавлен: «Размещение информации о получении государственных и муниципальных услуг" in whole
    found = change_list(M2018, M2027)
    assert f"Всего изменений: {len(found)}." in whole
    for n, change in enumerate(found, start=1):  # numbered, each in its words, the long ones wrapped
        assert flat(f"{n}. {change.place.capitalize()} {change.what[:1].upper()}{change.what[1:]}") in whole
    for rule in ("ratios", "levels", "target", "flags"):
        assert rule not in whole
    box = PdfReader(str(path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))  # A4 portrait


def test_text_typed_by_the_methodologist_is_printed_as_typed(tmp_path):
    hostile = "<b>жирный</b> & <font size=40>огромный</font> =1+1 <br/> <unclosed"
    new = replace(M2018, title="План <i>наклонный</i> =HYPERLINK(\"x\")", sections=tuple(
        replace(s, items=tuple(replace(i, deadline=hostile) if i.number == "2.2" else i for i in s.items))
        for s in M2018.sections))
    whole = " ".join(pages(write_changes_pdf(M2018, new, tmp_path / "annex.pdf")))
    assert flat(f"Срок исполнения «На постоянной основе» → «{hostile}»") in whole
    assert "Изменения методики оценки «План <i>наклонный</i> =HYPERLINK(\"x\")»" in whole


def test_nothing_changed_is_said(tmp_path):
    whole = " ".join(pages(write_changes_pdf(M2027, replace(M2027, version="2027.2"), tmp_path / "same.pdf")))
    assert "Изменений нет" in whole and "Всего изменений: 0." in whole


def test_many_long_changes_break_across_pages_sanely(tmp_path):
    long = "очень длинное содержание пункта " * 150
    new = replace(M2018, sections=tuple(
        replace(s, items=tuple(replace(i, content=long, deadline="2030 год") for i in s.items))
        for s in M2018.sections))
    said = changes(M2018, new)
    path = write_changes_pdf(M2018, new, tmp_path / "long.pdf")
    texts = pages(path)
    assert 4 <= len(texts) <= 20
    assert f"Всего изменений: {len(said)}." in texts[-1]
    assert all(f"стр. {n} из {len(texts)}" in t for n, t in enumerate(texts, start=1))


class Broken(Flowable):
    def wrap(self, *_args):
        raise OSError(28, "No space left on device")


def test_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "annex.pdf"
    target.write_bytes(b"the previous annex")
    monkeypatch.setattr(pdf_changes, "build_changes_story", lambda old, new: [Broken()])
    with pytest.raises(OSError):
        write_changes_pdf(M2018, M2027, target)
    assert target.read_bytes() == b"the previous annex"
    assert [p.name for p in tmp_path.iterdir()] == ["annex.pdf"]


def test_a_folder_that_is_not_there_is_said_in_russian(tmp_path):
    with pytest.raises(WriteError, match="Папки .* нет"):
        write_changes_pdf(M2018, M2027, tmp_path / "нет такой папки" / "annex.pdf")


TEXTS = st.one_of(st.text(min_size=1, max_size=300).filter(str.strip),
                  st.text(alphabet="ЖжWw0=<>&", min_size=200, max_size=2000))  # long unbroken words, markup


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 13), TEXTS), max_size=15), TEXTS)
def test_any_texts_of_any_number_of_changes_print_and_read_back(tmp_path, edits, title):
    items = {i.number: i for i in M2018.items()}
    numbers = list(items)
    for index, text in edits:
        items[numbers[index]] = replace(items[numbers[index]], content=text)
    new = replace(M2018, version="2018.2", title=title, sections=tuple(
        replace(s, items=tuple(items[i.number] for i in s.items)) for s in M2018.sections))
    path = write_changes_pdf(M2018, new, tmp_path / "annex.pdf")
    import subprocess

    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split()).casefold()
    found = change_list(M2018, new)
    assert found  # the title always differs here
    assert "версия 2018.2 против версии 2018.1" in text
    for change in found:  # every change numbered in the table, under its place
        assert " ".join(change.place.split()).casefold() in text, change.place
