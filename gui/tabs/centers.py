"""The «Центры обслуживания» tab: the centers' register and quarter, and the ESIA registrations plan."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs.center import CenterDialog
from gui.editor import Editor
from gui.models.centers import CentersQuarterModel
from gui.tabs.center_checks import CheckDetail
from gui.tabs.esia import EsiaPage
from gui.tabs.register import RegisterActions
from gui.widgets.fields import hint_label, summary_label
from gui.widgets.page import PagedTab, button_row, page_grid
from model.areas import centers
from model.areas.centers import OPERATIONS, Center, CenterQuarter, Check
from model.base.ru import format_count, percent_text
from model.errors import InputRefused
from model.quarter import edits
from model.quarter.change import Change
from model.quarter.quarter import Quarter


class CentersPage(QWidget, RegisterActions[Center]):
    """The register of centers and, for the chosen quarter, their checks of 1.2 and operations."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor, self.db, self.period = editor, editor.db, editor.quarter.period
        methodology = editor.quarter.methodology
        derived = [i for i in methodology.items() if i.derive == "centers"]
        self.item = derived[0] if derived else methodology.item("1.2")
        self.requirements = self.item.inputs
        self.req_keys = tuple(f.key for f in self.requirements)

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.summary = summary_label()
        head.addWidget(self.summary, 1)
        self.show_inactive = QCheckBox("Показывать неактивные")
        self.show_inactive.toggled.connect(self.refresh)
        head.addWidget(self.show_inactive)
        layout.addLayout(head)

        self.add_button = QPushButton("Добавить центр…")
        self.add_button.setShortcut(QKeySequence("Ctrl+Ins"))
        self.add_button.clicked.connect(self.add_center)
        self.edit_button = QPushButton("Изменить…")
        self.edit_button.clicked.connect(self.edit_center)
        self.active_button = QPushButton("Сделать неактивным")
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button = QPushButton("Удалить…")
        self.delete_button.clicked.connect(self.delete_center)
        self.checked_button = QPushButton("Проверено: отметить как есть")
        self.checked_button.setToolTip("Записать отметки выбранных центров (Ctrl+A — всех) как они показаны: "
                                       "до проверки в этом квартале — как в карточке центра и в прошлом квартале; "
                                       "в том числе если ни одно требование не выполнено")
        self.checked_button.clicked.connect(self.mark_checked)
        self.history_button = QPushButton("История…")
        self.history_button.clicked.connect(self.show_history)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.active_button, self.delete_button,
                                    self.checked_button, self.history_button))

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = CentersQuarterModel(self.requirements, self.record_checks, self.record_operations)
        self.view, self.error = page_grid(self.model, "Центры обслуживания за квартал", stretch=(1,))
        self.view.doubleClicked.connect(lambda index: self.edit_center() if index.column() < 2 else None)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        splitter.addWidget(self.view)

        self.detail = CheckDetail(self.requirements, self._detail_edited, self.error_say,
                                  lambda: editor.quarter.period)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        self.totals = hint_label()
        layout.addWidget(self.totals)
        QShortcut(QKeySequence("F2"), self.view, activated=self.edit_center,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.refresh()

    # -- reading -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the centers again from the database (changed outside this window) and show them."""
        self.editor.reread("center")

    def refresh(self) -> None:
        """Show the centers as the quarter's data in memory holds them."""
        current = self.selected()
        row_before, column = self.view.currentIndex().row(), max(self.view.currentIndex().column(), 0)
        data = self.editor.quarter
        self.model.reset([c for c in data.centers if c.active or self.show_inactive.isChecked()],
                         data.center_quarter, centers.previous_checks(self.db, data.period))
        ids = [c.id for c in self.model.centers]
        if ids:
            row = ids.index(current.id) if current is not None and current.id in ids else \
                min(max(row_before, 0), len(ids) - 1)
            self.view.setCurrentIndex(self.model.index(row, column))
        self._show_summary()
        self._show_detail()

    def shown(self) -> list[Center]:
        return self.model.centers

    def _show_summary(self) -> None:
        active = [c for c in self.model.centers if c.active]
        checked = sum(1 for r, c in enumerate(self.model.centers) if c.active and self.model.checks_of(r) is not None)
        score = self.editor.quarter.scores.items[self.item.number]
        text = f"{self.period.title()}: активных центров {len(active)}, проверено {checked} из {len(active)}"
        if active:
            text += (f"; пункт {self.item.number} плана: {percent_text(score.score)}" if score.filled
                     else f"; пункт {self.item.number} плана пока не рассчитан")
        else:
            text += f". Пока центров нет — пункт {self.item.number} вводится прямо в плане."
        if checked < len(active) and self.model.previous:
            text += (f". Серые отметки — как в прошлом квартале, в пункт {self.item.number} не входят: выделите "
                     "центры и нажмите «Проверено: отметить как есть»")
        self.summary.setText(text)
        totals = {k: 0 for k in OPERATIONS}
        for quarter in self.model.quarter.values():
            for k, v in quarter.operations.items():
                totals[k] += v
        self.totals.setText("Итого операций за квартал: " + ", ".join(
            f"{name.lower()} — {format_count(totals[k])}" for k, name in OPERATIONS.items()))
        center = self.selected()
        for b in (self.edit_button, self.active_button, self.delete_button, self.checked_button):
            b.setEnabled(center is not None)
        if center is not None:
            self.active_button.setText("Сделать неактивным" if center.active else "Вернуть в работу")

    def _show_detail(self) -> None:
        center = self.selected()
        quarter = self.model.quarter.get(center.id or 0, CenterQuarter()) if center else CenterQuarter()
        self.detail.show_center(center, quarter)
        self._show_summary()

    def error_say(self, message: str) -> None:
        self.error.say(message)

    # -- writing: each action one model edit, through the editor onto the undo stack ---------------------------
    def record_checks(self, center_id: int, met: dict[str, bool]) -> None:
        db, keys = self.db, self.req_keys
        before = self.editor.quarter.center_quarter.get(center_id, CenterQuarter()).checks
        old: dict[str, Check | None] = {k: before.get(k) for k in met}
        new: dict[str, Check | None] = {  # a tick records the check; its date is the user's to type
            k: replace(before[k], met=v) if k in before else Check(v) for k, v in met.items()}
        self.editor.do("Центр обслуживания: проверка требований",
                       lambda d: edits.set_checks(db, d, center_id, new, keys),
                       lambda d: edits.set_checks(db, d, center_id, old, keys))
        self.error.say("")

    def record_operations(self, changes: list[tuple[int, str, int | None]]) -> None:
        db, quarter = self.db, self.editor.quarter.center_quarter
        old = [(cid, kind, quarter.get(cid, CenterQuarter()).operations.get(kind)) for cid, kind, _ in changes]
        self.editor.do("Центр обслуживания: операции", lambda d: edits.set_operations(db, d, changes),
                       lambda d: edits.set_operations(db, d, old))
        self.error.say("")

    def _detail_edited(self, key: str, check: Check, new: Check) -> str | None:
        """Store a check's date and note; why it was refused (said under the grid too), None when it is stored."""
        center = self.selected()
        if center is None or center.id is None:
            return None
        db, keys, cid = self.db, self.req_keys, center.id
        said: list[str] = []

        def say(text: str) -> None:
            said.append(text)
            self.error.say(text)
        self.editor.do_or_say(say, "Центр обслуживания: дата и примечание проверки",
                              lambda d: edits.set_checks(db, d, cid, {key: new}, keys),
                              lambda d: edits.set_checks(db, d, cid, {key: check}, keys))
        return said[-1] if said and said[-1] else None

    def mark_checked(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()} or
                      {self.view.currentIndex().row()})
        try:
            for row in rows:
                if 0 <= row < len(self.model.centers):
                    self.model.record_row(row)
        except InputRefused as exc:
            self.error.say(str(exc))

    def show_history(self) -> None:
        from gui.dialogs.history import HistoryDialog

        center = self.selected()
        if center is not None:
            HistoryDialog(self.db, f"center:{center.id}", center.title(), self,
                          self.editor.quarter.methodology).exec()

    def add_center(self) -> None:
        if not self._first_center_agreed():
            return
        dialog = CenterDialog(parent=self)
        if not dialog.exec() or dialog.center() is None:
            return
        db, new = self.db, dialog.center()
        assert new is not None
        stored: list[Center] = []  # the center as first stored: redo puts it back under the same id

        def add(d: Quarter) -> Change:
            if stored:
                return edits.restore_center(db, d, stored[0])
            change, center_id = edits.save_center(db, d, new)
            stored.append(centers.get_center(db, center_id))
            return change

        if self._do(f"Новый центр: {new.settlement}", add,
                    lambda d: edits.delete_center(db, d, stored[0].id or 0)) is not None:
            self.view.selectRow([c.id for c in self.model.centers].index(stored[0].id))

    def _first_center_agreed(self) -> bool:
        """Before the first active center: the plan's own ticks of the item stop counting — say so first."""
        data = self.editor.quarter
        if any(c.active for c in data.centers) or not data.inputs.get(self.item.number):
            return True
        answer = QMessageBox.question(
            self, "Первый центр обслуживания",
            f"Сейчас пункт {self.item.number} плана заполнен отметками на вкладке «План популяризации». Когда появится "
            f"первый центр обслуживания, пункт {self.item.number} будет считаться по центрам: среднее по их "
            "проверкам требований, а отметки в плане учитываться перестанут (они сохранятся).\n\nДобавить центр?")
        return answer == QMessageBox.StandardButton.Yes

    def edit_center(self) -> None:
        self.edit_selected(lambda center: CenterDialog(center, parent=self), lambda dialog: dialog.center(),
                           lambda center: f"Изменение центра: {center.settlement}", edits.save_center)

    def toggle_active(self) -> None:
        self.toggle_selected(lambda center, active: ("Возврат в работу: " if active else "Центр неактивен: ")
                             + center.settlement, edits.set_center_active)

    def delete_center(self) -> None:
        db = self.db
        self.delete_selected(
            "Удаление центра",
            lambda center: f"У центра «{center.title()}» есть записи проверок или операций, поэтому удалить его "
                           "нельзя. Если центр закрыт, нажмите «Сделать неактивным»: он перестанет входить в пункт "
                           "1.2, а история сохранится." if centers.has_records(db, center.id or 0) else None,
            lambda center: f"Удалить центр «{center.title()}»? Его можно будет вернуть командой «Правка → Отменить».",
            lambda center: f"Удаление центра: {center.settlement}", edits.delete_center,
            lambda center: lambda d: edits.restore_center(db, d, center))


class CentersTab(PagedTab):
    """Two parts: the centers of the quarter, and the year's ESIA registrations plan."""

    shows = ("center", "esia")
    owns = ("center", "esia")

    def __init__(self, editor: Editor) -> None:
        super().__init__(editor)
        self.centers_page = CentersPage(editor)
        self.add_page(self.centers_page, "Центры обслуживания", ("center",))
        self.add_page(lambda: EsiaPage(editor), "Регистрации в ЕСИА", ("esia",))  # built when first shown

    @property
    def esia_page(self) -> EsiaPage:
        return self.page(1)  # type: ignore[return-value]

    def guide_section(self) -> str:
        """The user guide's section about the part on screen (F1 opens it)."""
        return "Регистрации в ЕСИА" if self.currentIndex() == 1 else "Центры обслуживания"
