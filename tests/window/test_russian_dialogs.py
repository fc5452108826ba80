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


def test_a_question_for_one_line_is_read_in_a_few_wide_lines(qtbot):
    """ask_text's dialog: the deadline's long question in lines of about 520 pixels, not a narrow column of five."""
    from gui.widgets.fields import text_dialog

    question = ("Срок представления отчёта за 2 квартал 2018 года: дата дд.мм.гггг — для этого квартала; число дней — "
                "для всех кварталов (сейчас 10 дней после окончания квартала); пусто — по числу дней.")
    dialog = text_dialog(None, "Срок представления", question)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = next(w for w in dialog.findChildren(QLabel) if w.text() == question)
    assert dialog.width() >= 500
    assert label.height() <= 3 * label.fontMetrics().lineSpacing() + 4
