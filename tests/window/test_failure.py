"""gui/failure.py: the one place the window tells a refusal — its message as it is; a fault of the program logged
and told as such, or left to the crash dialog; the wait cursor restored whatever happens."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.failure import attempt
from model.base.writer_lock import AlreadyOpen
from model.errors import DatabaseRefused, FileHeld, RulesError


@pytest.fixture
def warned(monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append((a[1], a[2])))
    return messages


def raising(exc):
    def action():
        raise exc
    return action


@pytest.mark.parametrize("exc", [FileHeld("Файл открыт в Excel: закройте его"), AlreadyOpen(None),
                                 DatabaseRefused("Файл — не база данных программы"), RulesError("Файл правил: ошибка")])
def test_every_refusal_is_its_own_message_and_the_cursor_comes_back(qapp, warned, exc):
    told = attempt(None, "Заголовок", raising(exc), fault="записать файл", busy=True, tail="Ничего не изменено.")
    assert told is None
    assert warned == [("Заголовок", f"{exc}\n\nНичего не изменено.")]
    assert QApplication.overrideCursor() is None


def test_a_fault_is_told_as_the_program_s_or_left_to_the_crash_dialog(qapp, warned, tmp_path, monkeypatch):
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path))
    fault = AttributeError("'Paragraph' object has no attribute 'blPara'")
    assert attempt(None, "Печать", raising(fault), fault="напечатать отчёт", busy=True) is None
    assert warned[0][1].startswith("Не удалось напечатать отчёт: при построении отчёта произошла ошибка программы")
    with pytest.raises(AttributeError):
        attempt(None, "Загрузка данных", raising(fault), busy=True)
    assert QApplication.overrideCursor() is None and len(warned) == 1
    assert attempt(None, "Сохранить", lambda: 42, busy=True) == 42 and QApplication.overrideCursor() is None
