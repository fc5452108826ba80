"""The last row of the dialogs: «Сохранить»/«Отмена» where something is saved (the composite's «Сохранить состав»),
«Закрыть» where a dialog only shows (with its own actions beside); «Отмена» and «Закрыть» leave, saving
nothing, Enter in a saving dialog saves — and the lists in the showing dialogs are read, not edited, a click picks
a row."""

import pytest
from conftest import fill_quarter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox

from model.areas import indicators as ind
from model.store import audit


def _leave(dialog) -> None:
    """Click «Отмена» or «Закрыть»."""
    box = dialog.findChild(QDialogButtonBox)
    [leave] = [b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.RejectRole]
    leave.click()


def _texts(dialog) -> list[str]:
    box = dialog.findChild(QDialogButtonBox)
    return sorted(b.text() for b in box.buttons())


@pytest.fixture
def filled(db, db_path, open_window):
    fill_quarter(db)
    return open_window(db_path)


def test_saving_dialogs_save_on_enter_and_leave_on_esc(qtbot, filled, monkeypatch):
    from gui.dialogs.center import CenterDialog
    from gui.dialogs.composite import CompositeDialog
    from gui.dialogs.indicator import IndicatorDialog
    from gui.dialogs.profile import ProfileDialog
    from gui.region.expected_dialog import ExpectedDialog

    quarter = filled.editor.need("center", "indicator")
    made = {"center": lambda: CenterDialog(quarter.centers[0], parent=filled),
            "indicator": lambda: IndicatorDialog(quarter.indicators[0], parent=filled),
            "profile": lambda: ProfileDialog(filled.db, parent=filled),
            "composite": lambda: CompositeDialog(quarter.indicators[0], quarter.indicators[1:3], None, {}, filled),
            "expected": lambda: ExpectedDialog([], filled)}
    for name, make in made.items():
        dialog = make()
        qtbot.addWidget(dialog)
        assert _texts(dialog) == (["Отмена", "Сохранить состав"] if name == "composite" else ["Отмена", "Сохранить"])
        dialog.show()
        dialog.setResult(-1)
        _leave(dialog)
        assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible(), name
    saved = []
    monkeypatch.setattr(CenterDialog, "_accept", lambda self: saved.append(self))
    dialog = CenterDialog(quarter.centers[0], parent=filled)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.settlement, Qt.Key.Key_Return)
    assert saved == [dialog]


def test_showing_dialogs_close_and_list_rows_to_read(qtbot, filled):
    from gui.dialogs.backups import BackupsDialog
    from gui.dialogs.history import HistoryDialog
    from gui.dialogs.methodologies import MethodologiesDialog

    history = HistoryDialog(filled.db, None, "файл", filled)
    methodologies = MethodologiesDialog(filled)
    backups = BackupsDialog(filled)
    for dialog in (history, methodologies, backups):
        qtbot.addWidget(dialog)
        table = dialog.table
        assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
        assert table.verticalHeader().isHidden()
    assert backups.table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert history.table.rowCount() == len(audit.history(filled.db, None)) > 0
    assert _texts(history) == ["Закрыть"]
    assert _texts(methodologies) == ["Загрузить из файла…", "Закрыть", "Новая на год…", "Открыть в редакторе"]
    for dialog in (history, methodologies):
        dialog.show()
        dialog.setResult(-1)
        _leave(dialog)
        assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert ind.list_indicators(filled.db)  # the file is as it was
