"""«Итоги для районов…» after a merge: every municipality with its status (принят, возвращён на доработку, не
представлен), the merge's reasons, P and the place; the region accepts or returns each ranked book (one with the
merge's problems too) and types remarks, then «Записать итоги…» writes one file for all and one for each
municipality (model/region/answers.py)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.file_dialogs import folder_name
from gui.widgets.dialog_parts import add_footer, rows_follow_widths
from gui.widgets.fields import ErrorLabel, hint_label, tell_saved
from gui.widgets.screen import fit_to_screen
from model.base.faults import os_reason, sqlite_reason
from model.base.ru import format_percent
from model.errors import Refused, WriteError
from model.exchange.region_files import STATUSES, Answer
from model.region.answers import make_answers, write_answers
from model.region.consolidate import Summary
from model.region.history import open_history
from model.region.tables import place_change_text

COLUMNS = ["Муниципальное образование", "ОКТМО", "Статус", "Оценка, %", "Место", "Изменение места", "Замечания свода"]
STATUS, REASONS = 2, 6
CHOICES = ("accepted", "returned")


class StatusChoice(QComboBox):
    """A status in a row of the table: chosen by a click or the keyboard, never by the wheel — the wheel over it
    scrolls the table, as it does over the other cells."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        under = self.parentWidget()  # the table's viewport, which scrolls the table (the choice sits in a holder)
        while under is not None and not isinstance(under.parentWidget(), QAbstractScrollArea):
            under = under.parentWidget()
        if under is None:
            event.ignore()
            return
        at = QPointF(self.mapTo(under, event.position().toPoint()))
        QApplication.sendEvent(under, QWheelEvent(at, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                                  event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                                                  event.source()))
        event.accept()  # given to the table once: not passed on again


def key_of(answer: Answer) -> str:
    """The key the answers and the merge know a municipality by: OKTMO, or the name in lower case without one."""
    return answer.oktmo or answer.name.casefold()


class AnswersDialog(QDialog):
    """Statuses and remarks kept while the dialog is open; closing with something not written asks first."""

    def __init__(self, summary: Summary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(f"Итоги для районов — {summary.period.title()}")
        fit_to_screen(self, 1300, 680)
        self.answers = make_answers(summary, None).municipalities  # what the merge alone says (nothing recorded)
        self.ranked = {d.key for d in summary.districts} - {d.key for d in summary.unsealed}  # one kept apart: returned
        self.remarks: dict[str, str] = {}
        self.chosen: dict[str, str] = {}  # key → the status the region chose where it differs from the merge's
        self.written: tuple[dict[str, str], dict[str, str]] | None = None  # what the last «Записать итоги…» wrote
        self.folder = ""
        box = QVBoxLayout(self)
        box.addWidget(hint_label(
            "Статус каждого муниципального образования: «принят», «возвращён на доработку» или «не представлен». "
            "Решает регион: книгу из рейтинга можно принять или вернуть, в том числе книгу с замечаниями свода "
            "(замечания останутся в итогах). Книга без печати остаётся возвращённой, пока её не примут в окне "
            "свода. Замечания региона вводятся для выбранной строки. «Записать итоги…» сохраняет общий файл и файл "
            "для каждого района."))
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(len(self.answers), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Итоги по муниципальным образованиям")
        self.choices: dict[str, QComboBox] = {}
        for r, a in enumerate(self.answers):
            self._fill(r, a)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        heads, cells = header.fontMetrics(), self.table.fontMetrics()
        room = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 24  # the sort arrow
        widest = max((cells.horizontalAdvance(a.name) for a in self.answers), default=0) + 16
        status = max(cells.horizontalAdvance(STATUSES[s]) for s in STATUSES) + 48  # the combo's arrow
        # names as wide as the longest up to 260 px (a longer one wraps), the rest to the merge's remarks: a column of
        # 190 px made one remark a row of 150–200 px, two rows on the screen
        for c, width in enumerate((min(260, widest), 90, status, 70, 50, 80)):
            self.table.setColumnWidth(c, max(width, heads.horizontalAdvance(COLUMNS[c]) + room))
        rows_follow_widths(self.table)  # fitted to the first width only, a remark of four lines kept a row of twelve
        self.table.currentCellChanged.connect(lambda row, *_: self._show_remarks(row))
        split.addWidget(self.table)
        below = QWidget()
        bbox = QVBoxLayout(below)
        bbox.setContentsMargins(0, 0, 0, 0)
        self.remarks_label = QLabel()
        self.remarks_label.setWordWrap(True)
        bbox.addWidget(self.remarks_label)
        self.remark = QPlainTextEdit()
        self.remark.setAccessibleName("Замечания региона")
        self.remark.setPlaceholderText("Что району исправить или учесть — уйдёт в файл итогов этого района")
        self.remark.setTabChangesFocus(True)
        self.remark.textChanged.connect(self._typed)
        self.remark.setMinimumHeight(self.remark.fontMetrics().lineSpacing() * 3 + 12)
        bbox.addWidget(self.remark, 1)
        split.addWidget(below)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        self.write_button = QPushButton("Записать итоги…")
        self.write_button.clicked.connect(self.write)
        add_footer(box, self, actions=[self.write_button])
        self.shown_key: str | None = None
        if self.answers:
            self.table.setCurrentCell(0, 0)
            self._show_remarks(0)

    def _fill(self, r: int, a: Answer) -> None:
        key = key_of(a)
        reasons = "; ".join(a.reasons)
        cells = [a.name, a.oktmo, "", format_percent(a.total) if a.total is not None else "—",
                 "" if a.place is None else str(a.place),
                 place_change_text(a.place, a.previous_place) if self.summary.previous_period else "", reasons]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if text:
                item.setToolTip(text)
            # at the top of a row a long remark makes tall: the name is read beside the remark's first line
            item.setTextAlignment((Qt.AlignmentFlag.AlignRight if c in (3, 4, 5) else Qt.AlignmentFlag.AlignLeft)
                                  | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(r, c, item)
        if key in self.ranked:  # the region decides: a ranked book is accepted or returned, its problems or not
            choice = StatusChoice()
            choice.addItems([STATUSES[s] for s in CHOICES])
            choice.setCurrentIndex(CHOICES.index(a.status))
            choice.setAccessibleName(f"Статус: {a.name}")
            if a.reasons:
                choice.setToolTip("У книги есть замечания свода: она возвращается на доработку, если регион не "
                                  "примет её (замечания останутся в итогах)")
            choice.currentIndexChanged.connect(lambda i, key=key, merged=a.status: self._status(key, CHOICES[i],
                                                                                                 merged))
            self.choices[key] = choice
            holder = QWidget()  # the choice at the row's top, its own height, however tall the row
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(choice)
            column.addStretch(1)
            self.table.setCellWidget(r, STATUS, holder)
        else:
            item = QTableWidgetItem(STATUSES[a.status])
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(r, STATUS, item)
            item.setToolTip("Книга без печати возвращается на доработку, пока её не примут в окне свода "
                            "(вкладка «Без печати»)" if a.status == "returned" else "Отчёт не прислан")

    def key_at(self, row: int) -> str:
        return key_of(self.answers[row])

    def select(self, key: str) -> None:
        """Select the municipality's row (its remarks below)."""
        row = next(r for r, a in enumerate(self.answers) if key_of(a) == key)
        self.table.setCurrentCell(row, 0)

    def set_returned(self, key: str, returned: bool) -> None:
        self.choices[key].setCurrentIndex(1 if returned else 0)

    def status(self, key: str) -> str:
        """The status the row shows: the region's choice, else the merge's."""
        if key in self.chosen:
            return self.chosen[key]
        return next(a.status for a in self.answers if key_of(a) == key)

    def _status(self, key: str, status: str, merged: str) -> None:
        if status == merged:
            self.chosen.pop(key, None)
        else:
            self.chosen[key] = status

    def _show_remarks(self, row: int) -> None:
        if row < 0 or row >= len(self.answers):
            return
        a = self.answers[row]
        self.shown_key = None  # not to keep the text being replaced as this one's remarks
        self.remark.setPlainText(self.remarks.get(key_of(a), ""))
        self.shown_key = key_of(a)
        self.remarks_label.setText(f"Замечания региона для «{a.name}»:")

    def _typed(self) -> None:
        if self.shown_key is None:
            return
        text = self.remark.toPlainText()
        if text.strip():
            self.remarks[self.shown_key] = text
        else:
            self.remarks.pop(self.shown_key, None)

    def _state(self) -> tuple[dict[str, str], dict[str, str]]:
        return ({k: " ".join(v.split()) for k, v in self.remarks.items() if v.strip()}, dict(self.chosen))

    def unwritten(self) -> bool:
        """Remarks typed or a status chosen that no «Записать итоги…» has written yet."""
        state = self._state()
        if self.written is None:
            return bool(state[0] or state[1])
        return state != self.written

    def write(self) -> None:
        """Ask a folder, make the answers (the statuses recorded in the history) and write them."""
        folder = folder_name(self, "Куда записать итоги для районов")
        if not folder:
            return
        remarks, chosen = self._state()
        try:
            with open_history() as history:
                answers = make_answers(self.summary, history, {k: [v] for k, v in remarks.items()},
                                       {k: [] for k, s in chosen.items() if s == "returned"},
                                       accepted=[k for k, s in chosen.items() if s == "accepted"])
                written = write_answers(answers, folder)
        except (Refused, WriteError) as exc:
            self.error.say(f"Итоги не записаны: {exc}")
            return
        except sqlite3.Error as exc:
            self.error.say(f"Итоги не записаны: история свода не открылась ({sqlite_reason(exc)}). Закройте другую "
                           "программу, которая составляет свод, и повторите")
            return
        except OSError as exc:
            self.error.say(f"Итоги в папку {folder} не записаны: {os_reason(exc)}. Выберите другую папку")
            return
        self.error.say("")
        self.written = (remarks, chosen)
        self.folder = folder
        count = len(written) - 1
        tell_saved(self, "Итоги для районов", f"Итоги за {self.summary.period.title()} записаны: общий файл "
                   f"{written[0].name} и файлы муниципальных образований ({count})\n\nв папке {folder}", folder)

    def reject(self) -> None:
        if self.unwritten():
            box = QMessageBox(QMessageBox.Icon.Question, "Итоги для районов",
                              "Введённые замечания и статусы не записаны в файлы итогов. Закрыть без записи — "
                              "они пропадут?", parent=self)
            leave = box.addButton("Закрыть без записи", QMessageBox.ButtonRole.DestructiveRole)
            back = box.addButton("Вернуться", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(back)  # Enter keeps what was typed
            box.setEscapeButton(back)
            box.exec()
            if box.clickedButton() is not leave:
                return
        super().reject()
