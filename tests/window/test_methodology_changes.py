"""The methodology editor's page «Что изменено»: the changes shown readably, a methodology with problems or without
changes said as such, and the annex to the order saved to PDF where the methodologist chose."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.methodology_editor.changes import BROKEN, NOTHING, ChangesPage
from model.methodology import load_methodology
from model.methodology.changes import change_list, changes
from tests.window.fit import clipped, unreachable

ROOT = Path(__file__).resolve().parents[2]
M2018 = load_methodology(ROOT / "resources" / "methodologies" / "popularization-2018.toml")
M2027 = load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")


@pytest.fixture
def page(qtbot):
    widget = ChangesPage()
    qtbot.addWidget(widget)
    widget.resize(1050, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fits(page: ChangesPage) -> bool:
    """The page fits the editor's 1050×560 with nothing cut or out of reach."""
    hint = page.minimumSizeHint()
    assert hint.width() <= 1050 and hint.height() <= 560, hint
    assert unreachable(page) == [] and clipped(page) == []
    return True


def shown(page: ChangesPage) -> str:
    return " ".join(page.view.toPlainText().split())


def test_the_changes_are_listed_by_section_in_the_methodologys_words(page, qapp):
    page.set_methodologies(M2018, M2027)
    qapp.processEvents()
    assert page.summary.text() == "Изменения против версии 2018.1: 16 изменений"
    assert "Новая редакция: «План мероприятий по популяризации в 2027 году" in page.about.text()
    assert "Прежняя редакция: «План мероприятий по популяризации в 2018 году" in page.about.text()
    assert page.lines() == changes(M2018, M2027)
    text = shown(page)
    for n, change in enumerate(change_list(M2018, M2027), start=1):
        assert " ".join(f"{n}. {change.place.capitalize()} {change.what}".split()) in text
    assert text.startswith("Заголовок методики 1. Методика годы действия — 2018 год → 2027 год")
    assert "Раздел 2. Информирование населения" in text
    assert "target" not in text and "levels" not in text
    assert page.view.isVisible() and page.save_button.isEnabled()
    assert fits(page)


def test_a_methodology_with_problems_and_one_without_changes_say_so(page, qapp):
    page.set_methodologies(M2018, None)
    qapp.processEvents()
    assert page.summary.text() == BROKEN
    assert not page.view.isVisible() and not page.save_button.isEnabled()
    assert fits(page)
    page.set_methodologies(M2027, replace(M2027, version="2027.2"))
    assert page.summary.text() == NOTHING == "Изменений нет"
    assert not page.view.isVisible() and not page.save_button.isEnabled()
    page.set_methodologies(None, M2027)
    assert "Сравнивать не с чем" in page.summary.text() and not page.save_button.isEnabled()
    page.set_methodologies(M2018, M2027)
    assert page.view.isVisible() and page.save_button.isEnabled()


def test_the_methodologists_text_is_shown_as_typed(page):
    typed = "<b>жирный</b> & <a href='x'>ссылка</a> =1+1"
    page.set_methodologies(M2018, replace(M2018, evidence_title=typed))
    assert f"→ «{typed}»" in shown(page)


def test_save_to_pdf_offers_a_name_writes_the_annex_and_says_where(page, tmp_path, monkeypatch):
    offered, told = [], []
    target = tmp_path / "приложение"  # typed without «.pdf»: the annex gets it

    def save_dialog(parent, title, path, filters):
        offered.append(path)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    page.set_methodologies(M2018, M2027)
    page.save_button.click()
    assert Path(offered[0]).name == "Изменения методики 2027.1.pdf"
    written = tmp_path / "приложение.pdf"
    assert told == [f"Приложение к приказу записано:\n{written}"]
    assert page.saved.text() == f"Записано: {written}"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(written)).pages)
    assert "Правило расчёта — уровни → целевое значение 3" in text


def test_a_pdf_that_cannot_be_written_is_said_in_russian(page, tmp_path, monkeypatch):
    warned = []
    target = tmp_path / "нет такой папки" / "annex.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("nothing was written"))
    page.set_methodologies(M2018, M2027)
    page.save_button.click()
    assert len(warned) == 1 and "нет такой папки" in warned[0] and "Папки" in warned[0]
    assert page.saved.text() == "Приложение не записано."
    assert not target.parent.exists()


def test_a_cancelled_dialog_writes_nothing(page, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("nothing was written"))
    page.set_methodologies(M2018, M2027)
    page.save_button.click()
    assert page.saved.text() == ""
