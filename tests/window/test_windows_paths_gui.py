"""The reports tab says when Excel will not open a workbook where it was written (Windows: a path over 218
characters), after «Сохранить Excel…» and after «Подготовить отправку…»; the files are written all the same."""

from pathlib import Path

from conftest import fill_quarter
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui import file_dialogs


def deep_folder(root: Path, length: int) -> Path:
    """A folder whose full path is `length` characters: a workbook in it is over Excel's 218, its staging path is
    under Windows' 259."""
    folder, left = root, length - len(str(root))
    while left > 0:  # names of at most 60 letters (Linux counts a name's bytes: 255), none empty
        part = left - 1 if left <= 61 else min(60, left - 3)
        folder, left = folder / ("п" * part), left - part - 1
    folder.mkdir(parents=True)
    assert len(str(folder)) == length
    return folder


def boxes(monkeypatch) -> list[str]:
    said: list[str] = []

    def answer(box):
        said.append(box.text())
        for b in box.buttons():
            if b.text() in ("Без файлов", "Закрыть"):
                b.click()
                return 0
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: None)
    return said


def test_save_excel_says_excel_will_not_open_it_there(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("model.base.paths.PLATFORM", "win32")
    fill_quarter(window.db)
    tab = window.reports_tab
    folder = deep_folder(tmp_path, 185)
    monkeypatch.setattr(file_dialogs, "save_name", lambda _p, _t, name, _f: str(folder / name))
    said = boxes(monkeypatch)
    tab.save_xlsx()
    assert list(folder.glob("*.xlsx")), said
    [book] = folder.glob("*.xlsx")
    assert said[-1].startswith("Файл записан") and "Excel не откроет её в этой папке" in said[-1]
    assert f"{len(str(book))} знаков" in said[-1]


def test_a_short_path_gets_no_such_word(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("model.base.paths.PLATFORM", "win32")
    fill_quarter(window.db)
    monkeypatch.setattr(file_dialogs, "save_name", lambda _p, _t, name, _f: str(tmp_path / name))
    said = boxes(monkeypatch)
    window.reports_tab.save_xlsx()
    assert said[-1].startswith("Файл записан") and "Excel" not in said[-1]


def test_prepare_sending_says_it_too(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("model.base.paths.PLATFORM", "win32")
    fill_quarter(window.db)
    folder = deep_folder(tmp_path, 165)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    said = boxes(monkeypatch)
    window.reports_tab.prepare_sending()
    assert list(folder.glob("*/*.xlsx")), said
    assert said[-1].startswith("Готово") and "Excel не откроет её в этой папке" in said[-1], said
