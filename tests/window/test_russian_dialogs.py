"""Qt's standard dialogs speak Russian: no English word on a file, print, page setup or message dialog."""

import re

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QGroupBox, QLabel, QMessageBox, QTabWidget

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def english(widget) -> list[str]:
    texts = {w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)}
    texts |= {w.title() for w in widget.findChildren(QGroupBox)}
    texts |= {t.tabText(i) for t in widget.findChildren(QTabWidget) for i in range(t.count())}
    texts |= {c.itemText(i) for c in widget.findChildren(QComboBox) for i in range(c.count())
              if not re.search(r"\(\*\.|/|\d", c.itemText(i))}  # file filters, paths, paper sizes carry names
    return sorted(t for t in texts if ENGLISH.search(t) and not re.search(r"[А-Яа-яЁё]", t))


def test_file_dialogs(qtbot):
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "Книга")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        dialog.setNameFilter("Книга Excel (*.xlsx)")
        assert english(dialog) == []


def test_print_dialog_and_message_boxes(qtbot):
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    assert english(dialog) == []
    box = QMessageBox(QMessageBox.Icon.Question, "Вопрос", "Текст", QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel
                      | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert english(box) == []
