"""The «Услуги (МСЗУ)» tab (seed 002): the register of services going electronic, the quarter's requests, the share
made electronically against the planned share, quarter by quarter."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.editor import Editor
from gui.models.services import DEPARTMENT, ELECTRONIC, NAME, STATUS, TOTAL, ServicesModel
from gui.style import REGION, REGION_FIELD, restyle
from gui.widgets.fields import hint_label, summary_label
from gui.widgets.indicator_charts import IndicatorChart
from gui.widgets.kept import HeightKept
from gui.widgets.page import page_grid
from model.areas.indicators import Indicator, Value
from model.areas.public_services import Requests, Service
from model.areas.region_targets import DISTRICT_CHANGED, REGION_SET, SERVICES_FIELD, TargetKey
from model.base.ru import format_number, not_saved, parse_number
from model.errors import InputRefused
from model.quarter import edits
from model.quarter.change import Change
from model.quarter.quarter import Quarter

SHARE = Indicator(None, "Доля обращений за МСЗУ в электронном виде", unit="%")  # drawn like an indicator


class ServicesTab(HeightKept, QWidget):
    shows = ("service",)
    owns = ("service",)

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "Услуги (МСЗУ)"

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        editor.need(*self.shows)  # the services, read before the tab is built
        self.editor, self.db = editor, editor.db
        self._stale = False  # a change came while another tab was in front: shown when this one is
        period = editor.quarter.period
        layout = QVBoxLayout(self)
        self.summary = summary_label()
        layout.addWidget(self.summary)

        plans = QHBoxLayout()
        plans.addWidget(QLabel(f"План доли обращений в электронном виде, %, {period.year}:"))
        self.plan_fields: dict[int, QLineEdit] = {}
        for q in range(1, 5):
            field = QLineEdit()
            field.setMaximumWidth(70)
            field.setPlaceholderText("нет")
            field.setAccessibleName(f"План доли на {q} квартал")
            field.editingFinished.connect(lambda q=q: self._store_plan(q))
            plans.addWidget(QLabel(f"{q} кв.:"))
            plans.addWidget(field)
            self.plan_fields[q] = field
        self.region_label = QLabel(REGION_SET)  # beside the shares the region set (their fields tinted)
        restyle(self.region_label, f"color: {REGION}; font-size: 8pt;")
        self.region_label.hide()
        plans.addWidget(self.region_label)
        self._storing_plan = False
        plans.addStretch(1)
        self.add_button = QPushButton("Добавить услугу")
        self.add_button.clicked.connect(self.add_service)
        self.delete_button = QPushButton("Удалить…")
        self.delete_button.clicked.connect(self.delete_service)
        plans.addWidget(self.add_button)
        plans.addWidget(self.delete_button)
        layout.addLayout(plans)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = ServicesModel(self._store_services, self._store_requests)
        self.view, self.error = page_grid(self.model, "Перечень услуг и обращения за квартал", stretch=(NAME,),
                                          most={DEPARTMENT: 160, TOTAL: 100, ELECTRONIC: 140, STATUS: 170}, wrap=True)
        splitter.addWidget(self.view)
        self.chart = IndicatorChart()
        self.chart.setMinimumHeight(120)  # on a small screen (1366×690 at 125 %) the register gets the room
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(hint_label(
            "Перечень вводится один раз и переходит из квартала в квартал; обращения — за квартал на экране. "
            "Уровень — «муниципальная» или «государственная», МСЗУ — «да»/«нет», план перевода — «3 кв. 2023», "
            "дата — дд.мм.гггг. Блок ячеек можно вставить из Excel (Ctrl+V): строки ниже последней станут новыми "
            "услугами."))
        # Ctrl+V anywhere on the tab but in a text field pastes into the list — an empty one has no cell to click
        QShortcut(QKeySequence.StandardKey.Paste, self, activated=self.view.paste_clipboard,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        editor.changed.connect(self._changed)
        self.refresh()

    def _changed(self, change: Change) -> None:
        if change.area in self.shows:
            if self.isVisible() or not self.window().isVisible():  # on screen (or no window on screen): now
                self.refresh()
            else:  # behind another tab (an undo there, a workbook loaded): shown again when it comes to the front
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def reveal(self, change: Change) -> None:
        """After an undo or a redo: the row of the service it was about, when there is one."""
        ids = [str(s.id) for s in self.model.rows]
        row = next((ids.index(k) for k in change.keys if k in ids), None)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, max(self.view.currentIndex().column(), NAME)))

    def reload(self) -> None:
        """Read the services again from the database and show them."""
        self.editor.reread("service")

    def refresh(self) -> None:
        data = self.editor.quarter
        q = data.period.quarter
        f = data.service_figures
        self.model.reset([s for s in data.services if s.active], dict(data.service_requests.get(q, {})),
                         f.statuses)
        if data.services:
            self.summary.setText(f"{f.available_told()}. Доля обращений за МСЗУ в электронном виде за {q} квартал: "
                                 f"{f.share_told(q)}.")
        else:
            self.summary.setText("Перечень услуг пуст: добавьте услуги («Добавить услугу») или вставьте перечень "
                                 "из Excel.")
        told: list[str] = []
        for k, field in self.plan_fields.items():
            if not field.hasFocus():
                field.setText(format_number(data.service_plan[k], 2) if k in data.service_plan else "")
            target = data.targets.get(TargetKey(data.period.year, k, "services", "", SERVICES_FIELD))
            field.setStyleSheet(REGION_FIELD if target is not None else "")
            field.setToolTip(f"План доли на {k} квартал: {target.told}" if target is not None else "")
            if target is not None:
                told.append(f"{k} квартал: {target.told}")
        changed = [k for k in self.plan_fields
                   if (t := data.targets.get(TargetKey(data.period.year, k, "services", "", SERVICES_FIELD)))
                   is not None and t.changed]
        self.region_label.setText(REGION_SET if not changed else DISTRICT_CHANGED if len(changed) == len(told) else
                                  f"{REGION_SET}; {DISTRICT_CHANGED}: " + ", ".join(f"{k} кв." for k in changed))
        self.region_label.setVisible(bool(told))
        self.region_label.setToolTip("\n".join(told))
        self.chart.show_history(SHARE, [(data.period.year, k, Value(data.service_plan.get(k), f.share.get(k)))
                                        for k in range(1, 5)],
                                "Доля обращений за МСЗУ в электронном виде по кварталам: план и факт, %")
        self.delete_button.setEnabled(bool(self.model.rows))

    # -- writing: each action one model edit, through the editor onto the undo stack ---------------------------
    def _do(self, text: str, step, inverse) -> object:  # type: ignore[no-untyped-def]
        """Store an action; a refusal is said under the grid and changes nothing."""
        return self.editor.do_or_say(self.error.say, text, step, inverse)

    def _store_services(self, changed: list[Service]) -> None:
        """Raises InputRefused for the grid to keep the typed text; redo puts back exactly what was stored first,
        under the same ids, and undo takes new rows away and gives changed ones their old values."""
        db = self.db
        before = {s.id: s for s in self.editor.quarter.services}
        old = [before[s.id] for s in changed if s.id in before]
        given: list[list[Service]] = []

        def store(d: Quarter) -> Change:
            if given:
                return edits.save_services(db, d, given[0])[0]
            change, ids = edits.save_services(db, d, changed)
            given.append([replace(s, id=i) for s, i in zip(changed, ids, strict=True)])
            return change

        def undo(d: Quarter) -> Change:
            new = [s.id or 0 for s, c in zip(given[0], changed, strict=True) if c.id is None]
            change = edits.delete_services(db, d, new) if new else Change("service", d.period)
            return edits.save_services(db, d, old)[0] if old else change

        self.editor.do("Перечень услуг", store, undo)
        self.error.say("")

    def _store_requests(self, changes: dict[int, Requests]) -> None:
        db = self.db
        stored = self.editor.quarter.service_requests.get(self.editor.quarter.period.quarter, {})
        old = {i: stored.get(i, Requests()) for i in changes}
        self.editor.do("Обращения за услугами", lambda d: edits.set_service_requests(db, d, changes),
                       lambda d: edits.set_service_requests(db, d, old))
        self.error.say("")

    def _store_plan(self, q: int) -> None:
        if self._storing_plan:  # the field loses the focus to the question about the region's value
            return
        self._storing_plan = True
        try:
            self._store_share(q)
        finally:
            self._storing_plan = False

    def _store_share(self, q: int) -> None:
        data = self.editor.quarter
        text = self.plan_fields[q].text()
        try:
            share = parse_number(text)
        except InputRefused as exc:
            self.error.say(not_saved(exc, f"План доли на {q} квартал"))
            return
        if share == data.service_plan.get(q):
            return
        db, old = self.db, data.service_plan.get(q)
        try:
            done = self.editor.do_reasoned("service", f"План доли на {q} квартал",
                                           lambda d, why: edits.set_service_plan(db, d, {q: share}, why),
                                           lambda d, why: edits.set_service_plan(db, d, {q: old}, why))
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        if done is None:  # not changed after all: the stored share again
            self.plan_fields[q].setText(format_number(old, 2) if old is not None else "")
        self.error.say("")

    def add_service(self) -> None:
        """A new row at the end, named for the user to overwrite; the cursor goes to its name."""
        try:
            self._store_services([Service(None, "Новая услуга")])
        except InputRefused as exc:
            self.error.say(str(exc))
            return
        row = len(self.model.rows) - 1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, NAME))
            self.view.edit(self.model.index(row, NAME))

    def delete_service(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        service = self.model.rows[row]
        if QMessageBox.question(self, "Удаление услуги", f"Удалить услугу «{service.name[:80]}» из перечня? Её можно "
                                "будет вернуть командой «Правка → Отменить».") != QMessageBox.StandardButton.Yes:
            return
        db, kept = self.db, service
        self._do("Удаление услуги", lambda d: edits.delete_services(db, d, [kept.id or 0]),
                 lambda d: edits.save_services(db, d, [kept])[0])
