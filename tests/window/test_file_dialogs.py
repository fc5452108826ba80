"""Every file and folder dialog opens where the clerk saved last, or in Documents the first time; Qt's own file
dialog has no English word in its file list either."""

import re
from pathlib import Path

import pytest
from conftest import fill_quarter
from PySide6.QtCore import QLocale, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QMessageBox

from gui import file_dialogs
from gui.dialogs.methodologies import MethodologiesDialog


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Документы"
    folder.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(folder)
                        if location == QStandardPaths.StandardLocation.DocumentsLocation else str(tmp_path))
    return folder


@pytest.fixture
def asked(monkeypatch):
    """Where each dialog opened, and what the clerk chooses in it (set `asked.choice`)."""
    class Asked(list):
        choice = ""
    record = Asked()

    def dialog(kind):
        def ask(parent, title, start, *filters):
            record.append((kind, title, start))
            chosen = record.choice
            if kind == "files":
                return [chosen] if chosen else [], ""
            return chosen if kind == "folder" else (chosen, "")
        return ask

    for name, kind in (("getSaveFileName", "save"), ("getOpenFileName", "open"), ("getOpenFileNames", "files"),
                       ("getExistingDirectory", "folder")):
        monkeypatch.setattr(QFileDialog, name, dialog(kind))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: 0)
    return record


def test_dialogs_open_in_documents_then_where_the_clerk_saved_last(window, documents, asked, tmp_path):
    fill_quarter(window.db)
    tab = window.reports_tab
    window.tabs.setCurrentWidget(tab)
    tab.save_pdf()  # cancelled: nothing remembered
    assert asked[-1][0] == "save" and Path(asked[-1][2]).parent == documents
    assert Path(asked[-1][2]).name.endswith(".pdf")
    elsewhere = tmp_path / "Отчёты района"
    elsewhere.mkdir()
    asked.choice = str(elsewhere / "отчёт.pdf")
    tab.save_pdf()
    assert (elsewhere / "отчёт.pdf").exists()
    asked.choice = ""
    tab.save_xlsx()
    tab.prepare_sending()
    tab.import_workbook()
    window.choose_database()
    window.create_database()
    dialog = MethodologiesDialog(window)
    dialog.choose_file()
    starts = [Path(start) for _, _, start in asked[2:]]
    assert [s if s.is_dir() else s.parent for s in starts] == [elsewhere] * 6, asked
    assert window.settings.value(file_dialogs.KEY) == str(elsewhere)  # kept for the next start of the program
    dialog.close()


def test_a_folder_gone_since_is_not_offered(window, documents, asked, tmp_path):
    gone = tmp_path / "флешка"
    window.settings.setValue(file_dialogs.KEY, str(gone))
    window.choose_database()
    assert asked[-1][2] == str(documents)


def test_without_a_documents_folder_the_dialogs_open_at_home(window, asked, tmp_path, monkeypatch):
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(tmp_path / "нет такой"))
    window.choose_database()
    assert asked[-1][2] == str(Path.home())


@pytest.fixture
def russian_locale():
    """The locale the program sets at start (gui/app.py): the file types' names come in its language."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    yield
    QLocale.setDefault(before)


def test_the_file_list_of_qt_s_own_dialog_is_russian(qtbot, tmp_path, russian_locale):
    (tmp_path / "Отчёты").mkdir()
    for name in ("методика.toml", "район.xlsx", "отчёт.pdf", "база.sqlite"):
        (tmp_path / name).write_bytes(b"x")
    dialog = QFileDialog(None, "Файл", str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    root = model.index(str(tmp_path))
    qtbot.waitUntil(lambda: model.rowCount(root) == 5)
    types = {model.index(r, 0, root).data(): model.index(r, 2, root).data() for r in range(model.rowCount(root))}
    assert types["Отчёты"] == "Папка" and types["методика.toml"] == "Документ TOML"
    assert not [t for t in types.values() if re.search(r"[A-Za-z]{3,}", t) and not re.search(r"[А-Яа-яЁё]", t)]


def test_the_regions_dialogs_open_in_documents_then_in_the_books_folder(qtbot, settings, documents, asked, tmp_path):
    from gui.region.expected_dialog import ExpectedDialog
    from gui.region.window import RegionWindow

    region = RegionWindow(settings)
    qtbot.addWidget(region)
    region.add_files()
    assert asked[-1][0] == "files" and asked[-1][2] == str(documents)
    ExpectedDialog([], region).load_workbook()
    assert asked[-1][0] == "open" and asked[-1][2] == str(documents)
    books = tmp_path / "Книги районов"
    books.mkdir()
    asked.choice = str(books)
    region.add_folder()
    asked.choice = ""
    region.add_files()
    assert asked[-1][2] == str(books)
