"""The «План популяризации» tab: items on the left, the chosen item's form on the right, scores on top."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.editor import Editor
from gui.style import CARD_BG, ERROR, OK, WARN, restyle, retip
from gui.tabs.plan_item import ItemForm
from gui.widgets.fields import hint_label, summary_label
from gui.widgets.kept import HeightKept
from gui.widgets.pinned import PinnedTitle
from model.areas.plan import PlanEvent, typed_anew
from model.areas.region_targets import RegionTarget, TargetKey
from model.base.ru import format_date, format_number, format_percent, percent_text
from model.base.words import ITEM_STATES, quarter
from model.errors import InputRefused
from model.methodology import Methodology
from model.quarter import edits
from model.quarter.change import Change
from model.quarter.quarter import Quarter
from model.scoring.score import ItemScore, PlanScores

SCROLL_MARGIN = 40  # pixels kept around an input scrolled to
PREPARE_AFTER_MS = 600  # a pause this long in the plan, and the next item's form is built


class Figure(QLabel):
    """A card's figure, sized for the widest it may show: a new figure at each keystroke is then painted in place, and
    the window is not laid out again for it. Sized again when its font changes (Вид → Крупнее)."""

    def fit(self) -> None:
        metrics = self.fontMetrics()
        self.setFixedSize(metrics.horizontalAdvance(percent_text(100.0)) + 4, metrics.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()


class ScoreCard(QFrame):
    """One score on the summary strip: its code, its value, and whether it is final."""

    def __init__(self, code: str, title: str, big: bool = False) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setStyleSheet(f"#card {{ background: {CARD_BG}; border: 1px solid #d0d7e2; border-radius: 6px; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(0)
        head = hint_label(f"{code} · {title}", selectable=False)  # a card's caption and note: their words are the
        head.setWordWrap(True)  # methodology's, shown in full beside it, and the tooltip says what the figure is
        self.value = Figure("—")
        self._size, self._title = (20 if big else 15), title
        restyle(self.value, self._style(WARN))
        self.value.ensurePolished()
        self.value.fit()
        self.note = hint_label(selectable=False)
        box.addWidget(head)
        box.addStretch(1)  # the figures of the strip's cards on one line, whether a caption takes one line or two
        box.addWidget(self.value, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.note)

    def _style(self, colour: str) -> str:
        return f"font-size: {self._size}pt; font-weight: 600; color: {colour};"

    def display(self, final: float | None, provisional: float, filled: int, count: int) -> None:
        value = final if final is not None else provisional
        self.value.setText(percent_text(value))
        colour = OK if final is not None else WARN
        restyle(self.value, self._style(colour))
        self.note.setText(f"заполнено {filled} из {count}" if final is not None
                          else f"предварительно: заполнено {filled} из {count}")
        retip(self, f"{self._title}: итог" if final is not None else
              f"{self._title}: предварительно — сумма заполненных пунктов; итог появится, "
              "когда будут заполнены все пункты")


class PlanTab(HeightKept, QWidget):
    """Edits the plan of the quarter on screen; every accepted change is stored before the screen shows it."""

    shows = ("plan", "center", "esia")  # 1.2 follows the centers, 1.3 is offered the quarter's registrations
    needs = ("plan", "center")  # read before the tab is built; the registrations when 1.3 is first shown
    owns = ("plan",)
    go_to_centers = Signal()

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "План популяризации"

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor, self.db = editor, editor.db
        self.period = editor.quarter.period
        self._stale = False  # a change came while another tab was in front: refreshed when this one is shown
        self.methodology: Methodology = editor.quarter.methodology
        self.form: ItemForm | None = None
        self.forms: dict[str, ItemForm] = {}  # each item's form, built when the item is first shown, then kept
        self._rows_shown: dict[str, ItemScore] = {}  # the score each row of the list shows
        self._prepare = QTimer(self)  # after a pause in the plan: the next item's form built behind this one
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(PREPARE_AFTER_MS)
        self._prepare.timeout.connect(self._prepare_next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        strip = QHBoxLayout()
        self.total_card = ScoreCard(self.methodology.total.code, "Итоговая оценка", big=True)
        strip.addWidget(self.total_card, 2)
        self.section_cards = {}
        for section in self.methodology.sections:
            card = ScoreCard(section.code, section.short_title)
            self.section_cards[section.number] = card
            strip.addWidget(card, 2)
        side = QVBoxLayout()
        self.filled_label = summary_label(wrap=False)
        self.copy_button = QPushButton("Заполнить из прошлого квартала")
        self.copy_button.setToolTip("Скопировать значения полей предыдущего квартала в этот пустой квартал "
                                    "(подтверждения и списки мероприятий не копируются)")
        self.copy_button.clicked.connect(self.copy_previous)
        side.addWidget(self.filled_label)
        side.addWidget(self.copy_button)
        side.addStretch(1)
        strip.addLayout(side, 2)
        layout.addLayout(strip)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Найти пункт: номер или слова из текста (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Поиск пункта плана")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_found)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, activated=self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.not_found = hint_label("Ничего не найдено: проверьте номер или попробуйте другое слово.")
        self.not_found.hide()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["№", "Мероприятие", "Оценка, %"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Пункты плана")
        self._tree_items: dict[str, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        for section in self.methodology.sections:
            top = QTreeWidgetItem([section.number, section.title, ""])
            top.setFont(0, bold)
            top.setFont(1, bold)
            top.setToolTip(1, section.title)
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(top)
            self._tree_items[section.code] = top
            for item in section.items:
                row = QTreeWidgetItem([item.number, item.content, ""])
                row.setToolTip(1, item.content)
                row.setData(0, Qt.ItemDataRole.UserRole, item.number)
                row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(row)
                self._tree_items[item.number] = row
        self.tree.expandAll()
        self.tree.currentItemChanged.connect(self._item_chosen)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(4)
        left_box.addWidget(self.search)
        left_box.addWidget(self.not_found)
        left_box.addWidget(self.tree, 1)
        splitter.addWidget(left)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the form wraps instead
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pages = QWidget()  # the forms built so far, one shown (a hidden one takes no room)
        pages_box = QVBoxLayout(self.pages)
        pages_box.setContentsMargins(0, 0, 0, 0)
        pages_box.setSpacing(0)
        self.scroll.setWidget(self.pages)
        self._pinned: PinnedTitle | None = None  # the item's title while a long item is scrolled to its inputs:
        self.scroll.verticalScrollBar().valueChanged.connect(self._pin_title)  # made once first scrolled (not at start)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 820])
        layout.addWidget(splitter, 1)
        self.refresh()
        self.tree.setCurrentItem(self._tree_items[self.methodology.items()[0].number])
        editor.changed.connect(self._changed)

    # -- reading -------------------------------------------------------------------------------------------
    @property
    def data(self) -> Quarter:
        return self.editor.quarter

    def _changed(self, change: Change) -> None:
        if change.area in self.shows and change.period == self.period:
            if self.isVisible() or not self.window().isVisible():  # on screen (or no window on screen): now
                self.refresh()
                self._prepare.start()  # typing: nothing is built meanwhile
            else:  # behind another tab of the window (the centers' edits): shown again when it comes to the front
                self._stale = True

    def _catch_up(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._catch_up()
        super().showEvent(event)

    def refresh(self) -> None:
        """Show the quarter's data as it is now in memory (no reading from the database)."""
        self._show_scores()
        if self.form is not None:
            self.form.sync()

    def reload(self) -> None:
        """Read what the plan shows (its inputs, the centers, the registrations) again from the database."""
        for area in self.shows:
            self.editor.reread(area)

    def reveal(self, change: Change) -> None:
        """After an undo or a redo: show the item it was about."""
        if change.keys and self.current_item() != change.keys[0]:
            self.select_item(change.keys[0])

    @property
    def scores(self) -> PlanScores:
        return self.data.scores

    def values(self, item: str) -> dict[str, float]:
        return dict(self.data.inputs.get(item, {}))

    def region_target(self, item: str, key: str) -> RegionTarget | None:
        """What the region set for an input (with the district's change and why), else None."""
        p = self.period
        return self.data.targets.get(TargetKey(p.year, p.quarter, "plan", item, key))

    def evidence(self, item: str) -> str:
        return self.data.evidence.get(item, "")

    def center_breakdown(self, item: str) -> list[tuple[str, ItemScore]]:
        """For an item derived from service centers: each active center's title and its own score."""
        return [(part.source, part) for part in self.scores.items[item].parts]

    def esia_quarter(self) -> tuple[int, int]:
        """The quarter's registrations in the ESIA plan, and how many of its three months are entered."""
        from model.areas.esia import quarter_registrations  # the registrations tab's module: not needed at start

        return quarter_registrations(self.editor.need("esia").esia_plan, self.period.quarter)

    def events(self, item: str) -> list[PlanEvent]:
        return list(self.data.events.get(item, []))

    def current_item(self) -> str | None:
        current = self.tree.currentItem()
        return current.data(0, Qt.ItemDataRole.UserRole) if current else None

    # -- writing (each action one model edit, through the editor onto the undo stack) -------------------------
    def apply_values(self, item: str, new: dict[str, float | None], merge_key: str | None = None) -> None:
        """Store inputs of one item; refuses (InputRefused) without a change."""
        db = self.db
        old = {k: self.data.inputs.get(item, {}).get(k) for k in new}
        self.editor.do_reasoned("plan", f"Пункт {item}: изменение данных",
                                lambda d, why: edits.set_plan_values(db, d, item, new, why),
                                lambda d, why: edits.set_plan_values(db, d, item, old, why),
                                merge_key=f"{self.period}:{merge_key}" if merge_key else None)

    def apply_evidence(self, item: str, text: str) -> None:
        db, old = self.db, self.data.evidence.get(item, "")
        self.editor.do(f"Пункт {item}: подтверждение выполнения", lambda d: edits.set_evidence(db, d, item, text),
                       lambda d: edits.set_evidence(db, d, item, old), merge_key=f"{self.period}:evidence:{item}")

    def add_event(self, item: str, day: date, place: str, topic: str) -> None:
        db = self.db
        _, event_id = self.editor.do(
            f"Пункт {item}: мероприятие {format_date(day)}", lambda d: edits.add_event(db, d, item, day, place, topic),
            lambda d: edits.remove_event(db, d, item, event_id))

    def remove_event(self, item: str, event_id: int) -> None:
        db = self.db
        event = next(e for e in self.events(item) if e.id == event_id)
        self.editor.do(f"Пункт {item}: удаление мероприятия", lambda d: edits.remove_event(db, d, item, event_id),
                       lambda d: edits.add_event(db, d, item, event.day, event.place, event.topic, event_id))

    def seal_undo(self) -> None:
        self.editor.seal()

    def typing(self) -> None:
        self.editor.typing()

    def flush(self) -> None:
        """Store any text still being typed (before switching period, database or closing)."""
        if self.form is not None:
            for count in self.form.counts.values():
                count.flush()
            self.form.flush_evidence()

    def copy_previous(self) -> None:
        db = self.db
        try:
            _, count = self.editor.do("Заполнение из прошлого квартала", lambda d: edits.copy_previous_quarter(db, d),
                                      lambda d: edits.set_plan(db, d, {i: dict.fromkeys(f) for i, f in copied.items()}))
        except InputRefused as exc:
            QMessageBox.information(self, "Заполнить из прошлого квартала", str(exc))
            return
        copied = {i: dict(f) for i, f in self.data.inputs.items()}
        anew = typed_anew(self.methodology)
        self.window().statusBar().showMessage(  # type: ignore[attr-defined]
            f"Скопировано значений из {quarter(self.period.previous(), 'genitive')}: {count}"
            + (f"; не копируются — вводятся заново каждый квартал: {'пункт' if len(anew) == 1 else 'пункты'} "
               f"{', '.join(anew)}" if anew else ""), 12000)
        self.focus_first_input()  # the button, now disabled, gave the focus away to the search field

    # -- showing --------------------------------------------------------------------------------------------
    def select_item(self, number: str) -> None:
        self._catch_up()
        row = self._tree_items.get(number)
        if row is not None:
            self.tree.setCurrentItem(row)

    def _item_chosen(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        number = current.data(0, Qt.ItemDataRole.UserRole)
        if number is None:  # a section row: show its first item
            if current.childCount():
                self.tree.setCurrentItem(current.child(0))
            return
        old = self.form
        if old is not None:
            old.leave()  # its typed text is stored
        self.seal_undo()
        form = self.forms.get(number)
        if form is None:  # the first time: built (with what is stored), and kept for the next time
            form = self.forms[number] = ItemForm(self, self.methodology.item(number))
            self.pages.layout().addWidget(form)
        else:  # shown again: refilled with what is stored now, not built again
            form.sync()
        self.form = form
        form.show()
        if old is not None and old is not form:
            old.hide()
        self.scroll.verticalScrollBar().setValue(0)
        if self._pinned is not None:
            self._pinned.stand_for(form.head)
        self._prepare.start()

    def _prepare_next(self) -> None:
        """After a pause (the user reads or fills the item on screen): the next item's form — or, at the end, the
        one before — is built and styled behind it, so that Ctrl+PgDown only fills and shows it (one form a pause,
        about 10 ms, never in the middle of typing)."""
        if not self.isVisible() or self.form is None:
            return
        numbers = [item.number for item in self.methodology.items()]
        at = numbers.index(self.form.item.number)
        for number in numbers[at + 1:at + 2] + (numbers[at - 1:at] if at else []):
            if self.prepare_form(number):
                return

    def prepare_form(self, number: str) -> bool:
        """Build an item's form behind the one shown, laid out at the width it will have (its wrapped lines
        measured), so that showing it only fills it; False if it was built already. Also done in the pauses after
        the start, for every item (gui/warm.py)."""
        if number in self.forms:
            return False
        form = self.forms[number] = ItemForm(self, self.methodology.item(number))
        form.hide()
        self.pages.layout().addWidget(form)
        form.ensurePolished()
        width = self.pages.width()
        form.resize(width, form.heightForWidth(width))
        form.layout().activate()
        return True

    def find(self) -> None:
        """Ctrl+F: the cursor into the search field, its text selected for a new search."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter(self, query: str) -> None:
        """Only the items that match stay in the list (with their sections); the first is ready for Enter."""
        found = set(self.methodology.find_items(query))
        for section in self.methodology.sections:
            shown = 0
            for item in section.items:
                hidden = item.number not in found
                self._tree_items[item.number].setHidden(hidden)
                shown += not hidden
            self._tree_items[section.code].setHidden(shown == 0)
        self.not_found.setVisible(not found)

    def _open_found(self) -> None:
        """Enter in the search field: open the first item found and put the cursor into its first input."""
        found = self.methodology.find_items(self.search.text())
        if found:
            if self.current_item() not in found:
                self.select_item(found[0])
            self.focus_first_input()

    @property
    def pinned(self) -> PinnedTitle:
        """The title pinned over the pane (gui/widgets/pinned.py), made when first needed."""
        if self._pinned is None:
            self._pinned = PinnedTitle(self.scroll)
            if self.form is not None:
                self._pinned.stand_for(self.form.head)
        return self._pinned

    def _pin_title(self, value: int) -> None:
        if self._pinned is None and value > 0:  # the pane scrolled for the first time: the pin follows it from now
            self.pinned.follow()

    def scroll_to(self, widget: QWidget) -> None:
        """Bring a widget of the item into view (the item's inputs may be below the fold). The form just shown is
        placed first: with the places of the form shown before, an input in view was scrolled to, the item's title
        out of sight."""
        pages, view = self.pages, self.scroll.viewport()
        pages.layout().activate()
        height = pages.heightForWidth(view.width()) if pages.hasHeightForWidth() else pages.sizeHint().height()
        pages.resize(view.width(), max(height, view.height()))  # as the scroll area will size it: places are final
        # the whole widget in view where it fits, its top first (Qt's ensureWidgetVisible shows a text box's cursor
        # line only: the comment box of 1.2 showed one line at the pane's lower edge)
        top = widget.mapTo(pages, QPoint(0, 0)).y()
        bar = self.scroll.verticalScrollBar()
        value = max(bar.value(), top + widget.height() + SCROLL_MARGIN - view.height())
        value = min(value, max(top - SCROLL_MARGIN, 0))
        # no half line at the pane's upper edge: past the line it would cut, while the widget's top stays in view
        bar.setValue(min(self._past_cut_line(value), max(top - 4, value)))

    def _past_cut_line(self, edge: int) -> int:
        """The pane's upper edge moved down past the line of wrapped text it cuts (the item's title or its
        «Результаты» at 1366×690), if it cuts one; else `edge` itself."""
        pages, moved = self.pages, edge
        if edge <= 0:
            return edge
        for x in (4, pages.width() // 3, pages.width() * 2 // 3):
            label = pages.childAt(QPoint(x, edge))
            if not isinstance(label, QLabel) or not label.wordWrap():
                continue
            first = label.mapTo(pages, QPoint(0, 0)).y() + label.contentsRect().top()
            line = label.fontMetrics().lineSpacing()
            if first < edge < first + label.contentsRect().height():
                moved = max(moved, first + -(-(edge - first) // line) * line)
        return moved

    def focus_first_input(self) -> None:
        """Put the cursor into the shown item's first input (after Ctrl+PgDown, typing goes there)."""
        if self.form is not None:
            self.form.focus_first_input()

    def _show_scores(self) -> None:
        s = self.scores
        for section in self.methodology.sections:
            filled = sum(1 for i in section.items if s.items[i.number].filled)
            self.section_cards[section.number].display(s.sections[section.number], s.provisional[section.number],
                                                    filled, len(section.items))
            top = self._tree_items[section.code]
            value = s.sections[section.number]
            shown = format_percent(value if value is not None else s.provisional[section.number])
            top.setText(2, shown if value is not None else f"≥ {shown}")
            top.setToolTip(2, "итог раздела" if value is not None else "предварительно: заполнены не все пункты")
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in section.items:
                score = s.items[item.number]
                if self._rows_shown.get(item.number) == score:
                    continue  # its score did not change: the row is left as it is
                self._rows_shown[item.number] = score
                row = self._tree_items[item.number]
                if score.filled:
                    row.setText(2, format_percent(score.score))
                    row.setForeground(2, QBrush(QColor(OK)))
                    row.setToolTip(2, f"из {format_number(item.max)}")
                else:
                    row.setText(2, ITEM_STATES[score.state])
                    row.setForeground(2, QBrush(QColor(ERROR if score.problems else WARN)))
                    row.setToolTip(2, score.reason)
        self.total_card.display(s.total, s.provisional["total"], s.filled_count, s.item_count)
        self.filled_label.setText(f"Заполнено {s.filled_count} из {s.item_count}")
        self.copy_button.setEnabled(not self.data.inputs)
