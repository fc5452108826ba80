"""The «Отчёты» tab: is the report ready, a preview of the very PDF that is sent, printing, files for the region."""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import file_dialogs
from gui.editor import Editor
from gui.failure import attempt, report_failed
from gui.style import ERROR, MUTED, OK, WARN, restyle
from gui.widgets.fields import ask_text, ask_until_done, tell_saved
from gui.widgets.preview import PdfPreview
from model.areas.deadlines import deadline, deadline_days
from model.base.files import OWNER, claim, open_owner
from model.base.period import Period
from model.base.ru import format_date, format_number, parse_date, unbroken
from model.base.words import counted
from model.quarter.change import Change
from model.quarter.data import load_period
from model.quarter.quarter import Quarter, readiness
from model.reports.sending import sent_state
from model.store.sent_lock import SentState

# reportlab, openpyxl and PDFium load on first use (model.reports.pdf_report, model.reports.xlsx_report,
# model.reports.sending, gui.widgets.pdf_pages): the window opens sooner without them.


PREVIEWS = "omsu-preview-"  # the previews' folders in the system's temporary folder: omsu-preview-XXXXXXXX
# each with an owner file its process keeps locked (model.base.files.claim): a folder whose lock is free is left over
UNOWNED_AGE = 24 * 3600  # a folder without an owner file (made by an earlier version) is removed when this old
_previews: list[Path] = []
_owner: list[int] = []
_serial = itertools.count(1)


def preview_folder() -> Path:
    """One folder a process for the previews' PDFs. Made on the first preview, after the folders earlier runs could
    not remove (a file held at their exit, a run killed) are cleared; emptied when the program ends."""
    if not _previews:
        temp = Path(tempfile.gettempdir())
        clear_leftovers(temp)
        folder = Path(tempfile.mkdtemp(prefix=PREVIEWS, dir=temp))
        _owner.append(claim(folder))
        _previews.append(folder)
        atexit.register(clear_previews)
    return _previews[0]


def clear_leftovers(temp: Path) -> None:
    """Remove the preview folders of runs that are over: their owner file is not locked any more (or missing).
    A folder whose owner is locked belongs to a program running now and stays; what cannot go now, goes next time."""
    from model.base.writer_lock import OS_LOCK

    try:
        found = [Path(e.path) for e in os.scandir(temp)
                 if e.name.startswith(PREVIEWS) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for folder in found:
        if folder in _previews:
            continue
        try:
            fd = open_owner(folder)
        except FileNotFoundError:  # an earlier version's folder (no owner file): gone once surely not in use
            if time.time() - _modified(folder) < UNOWNED_AGE:
                continue
            fd = None
        except OSError:
            continue
        if fd is not None:
            locked = OS_LOCK.try_lock(fd)
            os.close(fd)  # released with the close: the folder is removed next
            if not locked:
                continue  # its program is running
        _remove_files(folder)
        try:
            (folder / OWNER).unlink(missing_ok=True)
            folder.rmdir()
        except OSError:
            pass


def _modified(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return time.time()


def _remove_files(folder: Path, keep: Path | None = None) -> None:
    """Remove the preview PDFs in folder but keep; one another program holds (Windows refuses it) stays for the
    next try: the next preview, the program's end, the next start."""
    try:
        names = [Path(e.path) for e in os.scandir(folder) if e.name != OWNER]
    except OSError:
        return
    for path in names:
        if path != keep:
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)  # a staging folder of a write that died
                else:
                    path.unlink()
            except OSError:
                pass


def clear_previews() -> None:
    """At the end: this run's previews go, and the folder with them if nothing is held (else its owner file stays,
    unlocked, and the next start removes the rest)."""
    from model.base.writer_lock import OS_LOCK

    for fd in _owner:
        try:
            OS_LOCK.unlock(fd)
            os.close(fd)
        except OSError:
            pass
    for folder in _previews:
        _remove_files(folder)
        try:
            if all(p.name == OWNER for p in folder.iterdir()):
                (folder / OWNER).unlink(missing_ok=True)
                folder.rmdir()
        except OSError:
            pass
    _previews.clear()
    _owner.clear()


class ReportsTab(QWidget):
    """Readiness, preview, printing, saving and sending for the period shown in the window.

    What it shows is read (with the history the exported workbook carries) and its report PDF built and drawn when
    the tab is shown after something changed: an edit, an undo or a redo in any tab (the editor's Change), or a new
    day (the deadline counts days). Shown again with nothing changed, the state, the PDF and its pages are the ones
    drawn before. Another period, another database, a workbook or a file from the region build the tabs anew."""

    shows = ("plan", "center", "esia", "indicator", "control_point", "profile", "period", "service")
    needs = ()  # nothing of the window's quarter: the tab reads its own, whole (collected)
    owns = ("period", "profile")  # the deadline, the explanations of warnings; the profile is its header

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "Отчёты и отправка"

    def __init__(self, editor: Editor, on_import: Callable[[Period], None]) -> None:
        super().__init__()
        self.editor, self.db, self.period, self._on_import = editor, editor.db, editor.quarter.period, on_import
        self.data: Quarter | None = None
        self.shown_on: date | None = None  # the day the state on screen was read: None, read it when next shown
        self.drawn = False  # the preview shows the report of the data as it is now
        editor.changed.connect(self._changed)
        self.preview_pdf: Path | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.title = QLabel()
        restyle(self.title, "font-size: 12pt; font-weight: 600;")
        self.title.setWordWrap(True)
        left.addWidget(self.title)
        self.answer_box = QGroupBox("Ответ региона")  # the region's answer to this quarter's report, once received
        answer_layout = QVBoxLayout(self.answer_box)
        answer_layout.setContentsMargins(6, 4, 6, 6)
        self.answer_status = QLabel()
        self.answer_status.setWordWrap(True)
        self.answer_status.setTextFormat(Qt.TextFormat.PlainText)
        answer_layout.addWidget(self.answer_status)
        self.answer_text = QLabel()
        self.answer_text.setWordWrap(True)
        self.answer_text.setTextFormat(Qt.TextFormat.PlainText)
        self.answer_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer_layout.addWidget(self.answer_text)
        self.answer_reopen = QPushButton("Открыть для исправления")
        self.answer_reopen.setToolTip("Открыть отправленный квартал для исправления; причиной будут замечания "
                                      "региона (их можно дополнить)")
        self.answer_reopen.clicked.connect(self.reopen_as_asked)
        answer_layout.addWidget(self.answer_reopen)
        self.answer_box.hide()
        left.addWidget(self.answer_box)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline, 1)
        self.deadline_button = QPushButton("Срок…")
        self.deadline_button.setToolTip("Изменить срок представления отчёта за этот квартал или для всех кварталов")
        self.deadline_button.clicked.connect(self.change_deadline)
        deadline_row.addWidget(self.deadline_button, 0, Qt.AlignmentFlag.AlignTop)
        left.addLayout(deadline_row)
        self.sent = QLabel()
        self.sent.setWordWrap(True)
        left.addWidget(self.sent)
        self.reopen_button = QPushButton("Открыть для исправления…")
        self.reopen_button.setToolTip("Отправленный квартал защищён от случайных изменений. Открыть его заново можно, "
                                      "указав причину: исправленная редакция уйдёт в регион с новым номером.")
        self.reopen_button.clicked.connect(lambda: self.reopen())
        left.addWidget(self.reopen_button)
        self.ready = QLabel()
        self.ready.setWordWrap(True)
        self.ready.setStyleSheet("font-weight: 600;")
        left.addWidget(self.ready)
        self.missing = QListWidget()
        self.missing.setAccessibleName("Чего не хватает в отчёте")
        self.missing.setWordWrap(True)
        self.missing.itemActivated.connect(self.explain)
        left.addWidget(self.missing, 1)
        self.buttons: dict[str, QPushButton] = {}
        actions = QVBoxLayout()  # always in sight: the state above scrolls on a low screen, these never do
        actions.setContentsMargins(0, 4, 0, 0)
        for key, label, slot in (
                ("preview", "Обновить предпросмотр", self.rebuild),
                ("print", "Печать…", self.print_report),
                ("pdf", "Сохранить PDF…", self.save_pdf),
                ("xlsx", "Сохранить Excel…", self.save_xlsx),
                ("send", "Подготовить отправку…", self.prepare_sending),
                ("import", "Загрузить данные из Excel…", self.import_workbook)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.buttons[key] = button
            actions.addWidget(button)
        self.buttons["send"].setStyleSheet("font-weight: 600;")
        self._send_tip = ("Создаёт папку с PDF, книгой Excel, архивом ZIP и черновиком письма в регион (.eml: Outlook "
                          "откроет его готовым к отправке, Thunderbird — для чтения, тогда «Изменить как новое "
                          "сообщение», Ctrl+E)")
        self.buttons["send"].setToolTip(self._send_tip)
        state = QWidget()
        state.setLayout(left)
        self.missing.setMinimumHeight(self.missing.fontMetrics().lineSpacing() * 4)
        self.scroll = scroll = QScrollArea()  # a long district name or many warnings scroll; nothing is cut
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(state)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll, 1)
        column.addLayout(actions)
        side.setMinimumWidth(300)
        side.setMaximumWidth(420)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        self.preview = PdfPreview()
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter)

    # -- state ---------------------------------------------------------------------------------------------
    def _changed(self, _change: Change) -> None:
        self.data, self.shown_on, self.drawn = None, None, False  # read and drawn again when next shown
        if self.isVisible():
            self.reload()

    def collected(self) -> Quarter:
        """The quarter as the reports print it, read once per showing of the tab."""
        if self.data is None:
            self.data = load_period(self.db, self.period, history=True)
        return self.data

    def reload(self) -> None:
        self.data, self.drawn = None, False
        self.shown_on = date.today()
        data = self.collected()
        district = data.profile.district or "профиль не заполнен"
        self.title.setText(unbroken(f"Отчёт за {self.period.title()}") + f"\n{district}")
        ready = readiness(data)  # decided by the model: the tab only shows it
        self.missing.clear()
        self.missing.addItems(ready.missing)
        for v in ready.violations:
            item = QListWidgetItem(v.told())
            item.setForeground(QColor(ERROR if v.rule.hard else MUTED if v.explained else WARN))
            if not v.rule.hard:
                item.setData(Qt.ItemDataRole.UserRole, (v.rule.id, v.where, v.note))
                item.setToolTip("Дважды щёлкните (или Enter), чтобы пояснить предупреждение: пояснение уйдёт в регион "
                                "вместе с отчётом")
            self.missing.addItem(item)
        self.ready.setText(ready.verdict)
        colour = {"blocked": ERROR, "gaps": WARN, "warnings": WARN, "ready": OK}[ready.state]
        self.ready.setStyleSheet(f"font-weight: 600; color: {colour};")
        self.buttons["send"].setToolTip(self._send_tip if ready.may_send else f"{ready.refusal()}\n\n{self._send_tip}")
        state = sent_state(self.db, data)
        due = deadline(self.db, self.period)
        sent_on = state.sent_at.date() if state is not None and state.locked else None
        self.deadline.setText(unbroken(due.told(date.today(), sent_on)))
        self.deadline.setToolTip("Срок, установленный для этого квартала" if due.set_for_quarter else
                                 f"По умолчанию: {counted(deadline_days(self.db), 'день', 'дня', 'дней')} после "
                                 "окончания квартала")
        late = sent_on is None and due.due < date.today()
        self.deadline.setStyleSheet(f"color: {ERROR}; font-weight: 600;" if late else "")
        self.reopen_button.setVisible(state is not None and state.locked)
        revision = f" (редакция {state.revision})" if state is not None and state.revision > 1 else ""
        if state is None:
            self.sent.setText("В регион ещё не отправлялся.")
            self.sent.setStyleSheet(f"color: {MUTED};")
        elif not state.locked:
            self.sent.setText(f"Открыт для исправления {state.reopened_at:%d.%m.%Y %H:%M}{revision}: "
                              f"«{state.reopen_reason}». После исправлений подготовьте отправку заново — в регион "
                              "уйдёт исправленная редакция.")
            self.sent.setStyleSheet(f"color: {WARN}; font-weight: 600;")
        elif state.changed_since:
            self.sent.setText(f"Отправка подготовлена {state.sent_at:%d.%m.%Y %H:%M}{revision}, но данные "
                              "изменены после отправки — подготовьте отправку заново.")
            self.sent.setStyleSheet(f"color: {ERROR}; font-weight: 600;")
        else:
            self.sent.setText(f"Отправка подготовлена {state.sent_at:%d.%m.%Y %H:%M}{revision}. Данные квартала "
                              "защищены от случайных изменений.")
            self.sent.setToolTip(f"Папка отправки: {state.folder}")
            self.sent.setStyleSheet(f"color: {OK};")
        self._show_answer(state)
        self.preview_pdf = None

    def _show_answer(self, state: SentState | None) -> None:
        """The block «Ответ региона»: the status, the reasons and remarks, P, the place and its change, the region's
        mean and median, when it came; a returned report offers to open the sent quarter for correction. A corrected
        revision sent after the answer came waits for the region's next answer: the old one is shown as the previous
        one, and reopening is not offered for it."""
        from model.exchange.from_region import answer

        got = answer(self.db, self.period)
        self.answer_box.setVisible(got is not None)
        if got is None:
            self.answer_reopen.hide()
            return
        a = got.answer
        locked = state is not None and state.locked
        if state is None:  # the book went another way (a workbook saved and mailed): not «ещё не отправлялся»
            self.sent.setText("Отправка из программы не подготавливалась, но регион получил книгу этого квартала — "
                              "его ответ ниже.")
        if state is not None and answered_before(state, a.revision, got.received_at):
            self.answer_status.setText(f"Исправленная редакция {state.revision} отправлена "
                                       f"{format_date(state.sent_at.date())} — ждём ответа региона")
            self.answer_status.setStyleSheet("font-weight: 600;")
            lines = [f"Прежний ответ: отчёт {a.status_words}"]
            locked = False  # the answer was to an earlier revision: nothing of it to reopen for
        else:
            colour = {"accepted": OK, "returned": ERROR}.get(a.status, WARN)
            self.answer_status.setText(f"Отчёт {a.status_words}")
            self.answer_status.setStyleSheet(f"font-weight: 600; color: {colour};")
            lines = []
        lines += [f"— {r}" for r in (*a.reasons, *a.remarks)]
        if a.total is not None:
            lines.append(f"Итоговая оценка P: {format_number(a.total, 2)}")
        if a.place is not None:
            change = a.place_change
            moved = "" if not change else f" ({'↑' if change > 0 else '↓'}{abs(change)} к прошлому кварталу)"
            of = f" из {got.expected}" if got.expected else ""
            lines.append(f"Место в рейтинге: {a.place}{of}{moved}")
        figures = [f"{name} {format_number(value, 2)}" for name, value in (("среднее", got.mean),
                                                                            ("медиана", got.median))
                   if value is not None]
        if figures:
            lines.append("По региону: " + ", ".join(figures))
        if a.status == "returned" and not locked and lines[:1] != [f"Прежний ответ: отчёт {a.status_words}"]:
            lines.append("Квартал открыт для правки: исправьте данные и подготовьте отправку («Подготовить "
                         "отправку…») — в регион уйдёт исправленная книга.")
        lines.append(f"Получен {format_date(got.received_at.date())} (итоги от {format_date(got.made_at.date())})")
        self.answer_text.setText("\n".join(lines))
        self.answer_reopen.setVisible(a.status == "returned" and locked)
        if a.status == "returned" and locked:  # one «Открыть для исправления», the one with the region's reasons
            self.reopen_button.hide()

    def show_answer(self) -> None:
        """The region's answer just loaded: shown, and scrolled to."""
        self.reload()
        if self.answer_box.isVisibleTo(self):
            self.scroll.ensureWidgetVisible(self.answer_box, 0, 0)

    def reopen_as_asked(self) -> None:
        """«Открыть для исправления» of a returned report: the region's reasons and remarks as the reason."""
        from model.exchange.from_region import answer

        got = answer(self.db, self.period)
        said = "; ".join((*got.answer.reasons, *got.answer.remarks)) if got is not None else ""
        self.reopen(f"Возвращён регионом на доработку: {said}" if said else "Возвращён регионом на доработку")

    def explain(self, item: QListWidgetItem) -> None:
        """Explain a soft control-ratio warning (an empty text takes the explanation back)."""
        from model.quarter import edits

        found = item.data(Qt.ItemDataRole.UserRole)
        if not found:
            return
        rule, place, note = found
        text, ok = ask_text(self, "Пояснение к предупреждению", f"{place}: почему так? Пояснение "
                            "уйдёт в регион вместе с отчётом.", text=note)
        if not ok:
            return
        db = self.db
        attempt(self, "Пояснение к предупреждению", lambda: self.editor.do(
            "Пояснение к предупреждению", lambda d: edits.explain_warning(db, d, rule, place, text),
            lambda d: edits.explain_warning(db, d, rule, place, note)))

    def reopen(self, reason: str = "") -> None:
        """Open the sent quarter for correction: the reason (`reason` offered, the user may edit it) goes into the
        journal and the next revision."""
        from model.reports.sending import reopen

        number = ask_until_done(self, "Открыть для исправления",
                                f"Отправка отчёта за {self.period.title()} подготовлена. Почему квартал нужно "
                                "исправить? Причина попадёт в журнал изменений и в исправленный отчёт.",
                                lambda reason: reopen(self.db, self.collected(), reason), text=reason, multiline=True)
        if number is None:
            return
        self.editor.reread("period")
        QMessageBox.information(self, "Открыть для исправления",
                                f"{self.period.title()} открыт для исправления: редакция {number}. Когда исправите, "
                                "подготовьте отправку заново.")

    def change_deadline(self) -> None:
        """The region's deadline: a date for this quarter, a number of days after the end for every quarter, or
        empty — back to those days. An action on the undo stack: the deadline as it was comes back with Ctrl+Z."""
        from model.errors import InputRefused
        from model.quarter import edits

        due, days = deadline(self.db, self.period), deadline_days(self.db)
        db, own = self.db, due.due if due.set_for_quarter else None

        def change(text: str) -> bool:
            words = text.strip().removesuffix("дней").removesuffix("дня").removesuffix("день").strip()
            if words.isdigit():
                number = int(words)
                if number == days:
                    return True  # as it is: nothing to store or to undo
                self.editor.do("Срок представления", lambda d: edits.set_deadline_days(db, d, number),
                               lambda d: edits.set_deadline_days(db, d, days))
                return True
            if text.strip() and not set(text.strip()) <= set("0123456789./- "):  # neither a date nor days
                raise InputRefused(f"«{text.strip()}» — не дата и не число дней. Введите дату как дд.мм.гггг "
                                   "(например 10.07.2018), число дней после окончания квартала (например 10) "
                                   "или оставьте поле пустым.")
            new = parse_date(text) if text.strip() else None  # a date's own refusal: «такой даты нет в календаре»
            if new != own:
                self.editor.do("Срок представления", lambda d: edits.set_deadline(db, d, new),
                               lambda d: edits.set_deadline(db, d, own))
            return True

        ask_until_done(self, "Срок представления", f"Срок представления отчёта за {self.period.title()}: дата "
                       f"дд.мм.гггг — для этого квартала; число дней — для всех кварталов (сейчас "
                       f"{counted(days, 'день', 'дня', 'дней')} после окончания квартала); пусто — по числу дней.",
                       change, text=format_date(due.due) if due.set_for_quarter else "")  # stored: shown again here

    def reveal(self, _change: Change) -> None:
        """After an undo or a redo of the deadline or the profile: the window is on this tab, which shows it."""

    def _write_preview(self) -> Path:
        """The report's PDF, each time under a new name: a file written once is never replaced (on Windows a file
        another program reads cannot be), the earlier ones are removed when they can be."""
        from model.reports.pdf_report import write_pdf

        folder = preview_folder()
        path = folder / f"{self.period}-{id(self)}-{next(_serial)}.pdf"
        write_pdf(self.collected(), path)
        self.preview_pdf = path
        _remove_files(folder, keep=path)
        return path

    def refresh_preview(self) -> None:
        """Render the report's pages into the preview (or say in its place why it could not be built)."""
        busy = self.isVisible()  # drawn behind another tab in a pause (prepare), the user waits for nothing
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview.show_pdf(self._write_preview())
        except Exception as exc:  # a fault in building the report: the tab stays whole and says what to do
            self.preview.show_failure(report_failed("построить предпросмотр отчёта", exc))
        else:
            self.drawn = True
        finally:
            if busy:
                QApplication.restoreOverrideCursor()

    def rebuild(self) -> None:
        """«Обновить предпросмотр»: everything read from the database again, the report built and drawn anew."""
        self.reload()
        self.refresh_preview()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # what changed since it was last shown is shown as it is now; nothing else is redone
        self.prepare()

    def prepare(self) -> None:
        """The quarter read and the report drawn, unless they are as they were (changed, let go of, or read on
        another day: again). Called when the tab is shown, and in a pause after the start while it is behind another
        (gui/warm.py), so that its first showing finds them ready."""
        if self.data is None or self.shown_on != date.today():
            self.reload()
        if not self.drawn:
            self.refresh_preview()

    # -- printing and files --------------------------------------------------------------------------------
    def print_report(self) -> None:
        """The print dialog (all pages, a range, or the page in view), then the chosen pages on paper."""
        from gui.widgets.pdf_pages import page_count

        try:
            path = self._write_preview()
            total = page_count(path)
        except Exception as exc:
            QMessageBox.warning(self, "Печать", report_failed("напечатать отчёт", exc))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(printer.pageLayout().orientation().Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Печать отчёта")
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, total)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer, path)

    def print_to(self, printer: QPrinter, path: Path | None = None) -> int:
        """Paint the pages of the report PDF the printer's settings choose (all, a range, the page in view);
        returns the number of pages printed."""
        from gui.widgets.pdf_pages import chosen_pages, page_count, print_pages

        try:
            if path is None:
                path = self._write_preview()
            pdf = path.read_bytes()  # read and closed at once: the printing holds no file
            pages = chosen_pages(printer, page_count(pdf), self.preview.current_page())
        except Exception as exc:
            QMessageBox.warning(self, "Печать", report_failed("напечатать отчёт", exc))
            return 0
        progress = QProgressDialog("Печать отчёта…", "Отмена", 0, len(pages), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        painter = QPainter()
        if not painter.begin(printer):
            progress.close()
            QMessageBox.warning(self, "Печать", "Принтер недоступен: проверьте, что он включён и выбран верно.")
            return 0

        def printed(done: int) -> bool:
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            return print_pages(pdf, printer, painter, pages, printed)
        finally:
            painter.end()
            progress.close()

    def _save(self, suffix: str, title: str, write) -> None:
        from model.reports.sending import report_name

        data = self.collected()
        name = file_dialogs.save_name(self, title, report_name(data, suffix), f"*{suffix}")
        if not name:
            return
        if attempt(self, title, lambda: write(data, Path(name)), fault="записать файл", busy=True) is None:
            return
        from model.base.paths import excel_warning

        far = excel_warning(name) if suffix == ".xlsx" else None  # Windows: a path Excel will not open
        tell_saved(self, title, f"Файл записан:\n{name}" + (f"\n\n{far}" if far else ""), str(Path(name).parent))

    def save_pdf(self) -> None:
        from model.reports.pdf_report import write_pdf

        self._save(".pdf", "Сохранить PDF", write_pdf)

    def save_xlsx(self) -> None:
        from model.reports.xlsx_report import write_xlsx

        self._save(".xlsx", "Сохранить Excel", write_xlsx)

    def prepare_sending(self) -> None:
        from model.reports.sending import prepare_sending

        folder = file_dialogs.folder_name(self, "Куда положить папку для отправки")
        if not folder:
            return
        extra = self._evidence_files()
        if extra is None:
            return
        sending = attempt(self, "Подготовить отправку",  # refused: a mandatory ratio broken, a file not written…
                          lambda: prepare_sending(self.db, self.period, Path(folder), [Path(f) for f in extra]),
                          fault="подготовить отправку", busy=True)
        if sending is None:
            return
        self.editor.reread("period")  # sent: the quarter is locked, the window says so
        self.reload()
        tell_saved(self, "Подготовить отправку", f"Готово: {sending.folder}\n\nОткройте в ней файл "
                   f"{sending.eml.name} — письмо в регион с приложенными PDF и Excel. Outlook откроет его готовым к "
                   "отправке; Thunderbird и «Почта Windows» — только для чтения: в Thunderbird выберите «Изменить "
                   "как новое сообщение» (Ctrl+E), в «Почте Windows» — «Переслать»."
                   + (f"\n\n{sending.warning}" if sending.warning else ""), str(sending.folder))

    def _evidence_files(self) -> list[str] | None:
        """Ask whether to add evidence files to the archive; None: the user cancelled the sending."""
        box = QMessageBox(QMessageBox.Icon.Question, "Подготовить отправку",
                          "Приложить к архиву файлы подтверждения (фотографии, приказы, скриншоты)? В письмо они "
                          "не входят, только в архив ZIP.", parent=self)
        choose = box.addButton("Выбрать файлы…", QMessageBox.ButtonRole.AcceptRole)
        without = box.addButton("Без файлов", QMessageBox.ButtonRole.NoRole)
        box.addButton("Отменить отправку", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(without)
        box.exec()
        if box.clickedButton() is without:
            return []
        if box.clickedButton() is not choose:
            return None
        return file_dialogs.open_names(self, "Файлы подтверждения для архива")

    def import_workbook(self) -> None:
        name = file_dialogs.open_name(self, "Загрузить данные из книги Excel", "Книга Excel (*.xlsx)")
        if not name:
            return
        answer = QMessageBox.question(self, "Загрузка данных", "Данные из книги заменят данные этого файла базы за "
                                      "тот же период (отменить загрузку кнопкой «Отменить» нельзя). Продолжить?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        from model.exchange import import_workbook

        period = attempt(self, "Загрузка данных", lambda: import_workbook(self.db, name),  # the book refused, or
                         tail="База данных не изменена.", busy=True)  # the database took no write
        if period is None:
            return
        self._on_import(period)
        QMessageBox.information(self, "Загрузка данных", f"Загружены данные за {period.title()}.")


def answered_before(state: SentState, answered_revision: int | None, received_at: datetime) -> bool:
    """Whether the quarter was sent again, corrected, after the region's answer: the answer names an earlier
    revision, or (an answer without its revision) the corrected one was sent after the answer was received."""
    if not state.locked or state.revision <= 1:
        return False
    if answered_revision is not None:
        return state.revision > answered_revision
    return state.sent_at > received_at
