"""The methodology editor: the region's methodologist makes next year's methodology in forms, sees every problem
beside the thing it belongs to, previews the scores under the old and the new version, and saves a file that
`methodology check` accepts. Opened from «Файл → Методики…» and from «Свод по региону»."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import file_dialogs
from gui.failure import attempt
from gui.methodology_editor.forms import FIELD_WORDS, Form, HeadForm, ItemForm, SectionForm, TotalForm
from gui.style import ERROR, WARN
from gui.undo import undo_actions
from gui.widgets.fields import hint_label
from gui.widgets.screen import fit_to_screen
from model.base.resources import resource_path
from model.base.words import plural
from model.methodology import draft as draft_store
from model.methodology import registry
from model.methodology.draft import Checked, Draft, Path_
from model.methodology.loader import Problem
from model.methodology.types import Methodology

Node = tuple  # ("head",), ("total",), ("section", s), ("item", s, i)


class Step(QUndoCommand):
    """One change of the draft: the file's text before and after it. Pushed after the change was made, so the
    redo() that push() calls at once does nothing."""

    def __init__(self, editor: MethodologyEditor, text: str, before: str, after: str, node: Node) -> None:
        super().__init__(text)
        self.editor, self.before, self.after, self.node = editor, before, after, node
        self.fresh = True

    def redo(self) -> None:
        if self.fresh:
            self.fresh = False
            return
        self.editor.restore(self.after, self.node)

    def undo(self) -> None:
        self.editor.restore(self.before, self.node)


def node_of(path: Path_) -> Node:
    """The tree's node a key path belongs to."""
    if path[:1] == ("section",) and len(path) >= 4 and path[2] == "item":
        return ("item", path[1], path[3])
    if path[:1] == ("section",) and len(path) >= 2 and isinstance(path[1], int):
        return ("section", path[1])
    if path[:1] == ("total",):
        return ("total",)
    return ("head",)


class MethodologyEditor(QMainWindow):
    """A window of its own over one Draft."""

    def __init__(self, settings: QSettings | None, parent: QWidget | None = None,
                 draft: Draft | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Редактор методик")
        self.draft = draft or Draft.for_year(registry.entries()[-1].path, _next_year())
        self.saved_path: Path | None = None
        self.recovered = False  # a draft left unsaved by a crash was taken up on opening
        self.checked: Checked = self.draft.check()
        self.node: Node = ("head",)
        self.form: Form | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self._toolbar()
        self.banner = hint_label()
        self.banner.setStyleSheet(f"color: {WARN}; font-weight: 600;")
        splitter = QSplitter()
        splitter.addWidget(self._left())
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.pages.addTab(self.scroll, "Правка")
        self._add_pages()
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.pages, 1)
        self.problems_title = QLabel()
        self.problems_title.setStyleSheet("font-weight: 600;")
        right_box.addWidget(self.problems_title)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Ошибки и предупреждения методики")
        self.problems.setWordWrap(True)
        self.problems.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes through the form; F8 to the problems
        self.problems.itemActivated.connect(self.go_to_problem)
        self.problems.itemClicked.connect(self.go_to_problem)
        self.problems.setToolTip("Щелчок или Enter — к месту ошибки; F8 — к следующей ошибке из любого места")
        next_problem = QAction("Следующая ошибка", self)
        next_problem.setShortcut(QKeySequence("F8"))
        next_problem.triggered.connect(lambda _=False: self.next_problem())
        self.addAction(next_problem)
        right_box.addWidget(self.problems)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 1000])
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.banner)
        box.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.statusBar()
        fit_to_screen(self, 1280, 760)
        self.load(self.draft)

    # -- building --------------------------------------------------------------------------------------------------
    def _toolbar(self) -> None:
        bar = QToolBar("Методика")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.toolbar = bar
        self.open_button = QToolButton()
        self.open_button.setText("Открыть")
        self.open_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.open_menu = QMenu(self.open_button)
        self.open_menu.aboutToShow.connect(self._fill_open_menu)
        self.open_button.setMenu(self.open_menu)
        bar.addWidget(self.open_button)
        self.new_action = self._action(bar, "Новая на год…", self.new_for_year, QKeySequence.StandardKey.New)
        self.save_action = self._action(bar, "Сохранить как…", self.save, QKeySequence.StandardKey.Save)
        bar.addSeparator()
        undo, redo = undo_actions(self.undo_stack, self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        bar.addAction(undo)
        bar.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        self._excel_actions(bar)

    def _action(self, bar: QToolBar, text: str, slot: Callable[[], object],
                key: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(lambda _=False: slot())
        bar.addAction(action)
        return action

    def _excel_actions(self, bar: QToolBar) -> None:
        """The spreadsheet round trip, for those who prefer Excel (model/region/methodology_book.py)."""
        bar.addSeparator()
        self.excel_button = QToolButton()
        self.excel_button.setText("Excel")
        self.excel_button.setToolTip("Методика как книга Excel: выгрузить, чтобы править в Excel, и загрузить обратно")
        self.excel_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.excel_button)
        menu.addAction("Выгрузить в книгу Excel…").triggered.connect(lambda _=False: self.to_excel())
        menu.addAction("Загрузить из книги Excel…").triggered.connect(lambda _=False: self.from_excel())
        self.excel_button.setMenu(menu)
        bar.addWidget(self.excel_button)

    def _add_pages(self) -> None:
        """The preview of scores under the old and the new version, and the list of changes: built when first shown,
        each follows the draft while it is on the screen and catches up when it is shown again."""
        self.preview: QWidget | None = None
        self.changes: QWidget | None = None
        for title in ("Предпросмотр оценок", "Что изменилось"):
            self.pages.addTab(QWidget(), title)
        self.pages.currentChanged.connect(lambda _index: self._pages_follow())

    def _page(self, index: int) -> QWidget:
        """The page at the tab, built the first time it is asked for."""
        from gui.methodology_editor.changes import ChangesPage
        from gui.methodology_editor.preview import PreviewPage

        if index == 1 and self.preview is None:
            self.preview = PreviewPage()
            self._put_page(1, self.preview, "Предпросмотр оценок")
        elif index == 2 and self.changes is None:
            self.changes = ChangesPage()
            self._put_page(2, self.changes, "Что изменилось")
        return self.preview if index == 1 else self.changes  # type: ignore[return-value]

    def _put_page(self, index: int, page: QWidget, title: str) -> None:
        """The page in place of its placeholder, in a scroll area: on a small screen (1366×768 at 125 %) it scrolls
        instead of widening the window past the screen."""
        self.pages.blockSignals(True)
        current = self.pages.currentIndex()
        placeholder = self.pages.widget(index)
        self.pages.removeTab(index)
        placeholder.deleteLater()
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QScrollArea.Shape.NoFrame)
        holder.setWidget(page)
        self.pages.insertTab(index, holder, title)
        self.pages.setCurrentIndex(current)
        self.pages.blockSignals(False)

    def _left(self) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Разделы и пункты методики")
        self.tree.currentItemChanged.connect(self._picked)
        box.addWidget(self.tree, 1)
        grid = QHBoxLayout()
        self.add_item_button = QPushButton("+ Пункт")
        self.add_item_button.setToolTip("Новый пункт после выбранного (Ctrl+Ins)")
        self.add_item_button.setShortcut(QKeySequence("Ctrl+Ins"))
        self.add_item_button.clicked.connect(self.add_item)
        self.add_section_button = QPushButton("+ Раздел")
        self.add_section_button.setToolTip("Новый раздел после выбранного")
        self.add_section_button.clicked.connect(self.add_section)
        self.remove_button = QPushButton("Удалить")
        self.remove_button.setToolTip("Удалить выбранный пункт или раздел (Ctrl+Del)")
        self.remove_button.setShortcut(QKeySequence("Ctrl+Del"))
        self.remove_button.clicked.connect(self.remove_node)
        for b in (self.add_item_button, self.add_section_button, self.remove_button):
            grid.addWidget(b)
        box.addLayout(grid)
        moves = QHBoxLayout()
        self.up_button = QPushButton("↑ Выше")
        self.up_button.setShortcut(QKeySequence("Ctrl+Shift+Up"))
        self.up_button.setToolTip("Переставить выше (Ctrl+Shift+↑)")
        self.up_button.clicked.connect(lambda: self.move_node(-1))
        self.down_button = QPushButton("↓ Ниже")
        self.down_button.setShortcut(QKeySequence("Ctrl+Shift+Down"))
        self.down_button.setToolTip("Переставить ниже (Ctrl+Shift+↓)")
        self.down_button.clicked.connect(lambda: self.move_node(1))
        self.renumber_button = QPushButton("Перенумеровать")
        self.renumber_button.setToolTip("Номера разделов и пунктов по порядку (1, 1.1, 1.2…), обозначения в "
                                        "формулах — вслед за ними")
        self.renumber_button.clicked.connect(self.renumber)
        for b in (self.up_button, self.down_button, self.renumber_button):
            moves.addWidget(b)
        box.addLayout(moves)
        return holder

    # -- the draft -------------------------------------------------------------------------------------------------
    def load(self, draft: Draft, path: Path | None = None) -> None:
        self.draft = draft
        self.saved_path = path
        self.undo_stack.clear()
        self.node = ("head",)
        shipped = path is not None and path.is_relative_to(resource_path("methodologies"))
        self.banner.setText("Методика поставляется с программой: её файл не изменяется. Изменения сохраняются в "
                            "новый файл, с новым номером версии." if shipped else "")
        self.banner.setVisible(shipped)
        self.refresh(rebuild=True)

    def apply(self, what: str, change: Callable[[], object], rebuild: bool = False) -> None:
        """Make a change, record it for undo and check the methodology again."""
        before = self.draft.text()
        change()
        after = self.draft.text()
        if after == before:
            return
        self.undo_stack.push(Step(self, what, before, after, self.node))
        self.refresh(rebuild)
        draft_store.keep(after)  # a crash or a power cut loses nothing typed: offered again at the next opening

    def restore(self, text: str, node: Node) -> None:
        self.draft.restore(text)
        self.node = node
        self.refresh(rebuild=True)
        draft_store.keep(text)

    def refresh(self, rebuild: bool = False) -> None:
        self.checked = self.draft.check()
        self._fill_tree()
        if rebuild or self.form is None:
            self._show_form()
        self._show_problems()
        self._update_title()
        self._pages_follow()

    def _pages_follow(self) -> None:
        """The page on the screen follows the methodology as it now checks; the others when they are shown."""
        index = self.pages.currentIndex()
        if index == 0:
            return
        self._page(index)
        page = self.preview if index == 1 else self.changes
        base = self.base()
        if page is self.changes:
            self.changes.set_methodologies(base, self.checked.methodology)  # type: ignore[attr-defined]
        elif page is self.preview and base is not None:
            self.preview.set_methodologies(base, self.checked.methodology)  # type: ignore[attr-defined]

    def base(self) -> Methodology | None:
        """The version the draft is compared with: the one it started from; for a methodology opened as it is (the
        draft is that very version), the newest earlier version of its id."""
        method_id = self.draft.get(("methodology", "id"), "")
        version = str(self.draft.get(("methodology", "version"), ""))
        if self.draft.base is not None and (self.draft.base.id, self.draft.base.version) != (method_id, version):
            return self.draft.base
        others = [e.methodology for e in registry.entries()
                  if e.methodology.id == method_id and e.methodology.version != version]
        earlier = [m for m in others if registry.version_key(m.version) < registry.version_key(version)]
        return max(earlier or others, key=lambda m: registry.version_key(m.version), default=None)

    def _update_title(self, _clean: bool = False) -> None:
        m = self.checked.methodology
        version = self.draft.get(("methodology", "version"), "")
        name = f"методика {version}" if version else "методика"
        star = "" if self.undo_stack.isClean() else " — не сохранена"
        self.setWindowTitle(f"Редактор методик: {name}{star}")
        self.save_action.setEnabled(m is not None)
        self.save_action.setToolTip("Сохранить методику в новый файл (Ctrl+S)" if m is not None else
                                    "Пока в методике есть ошибки, её не сохранить: они перечислены внизу")

    # -- the tree ----------------------------------------------------------------------------------------------
    def _fill_tree(self) -> None:
        troubled = {node_of(p.path) for p in self.checked.problems}
        warned = {node_of(p.path) for p in self.checked.warnings}
        self.tree.blockSignals(True)
        self.tree.clear()
        current = None

        def add(parent: QTreeWidget | QTreeWidgetItem, node: Node, text: str) -> QTreeWidgetItem:
            nonlocal current
            item = QTreeWidgetItem(parent, [text])
            item.setData(0, Qt.ItemDataRole.UserRole, node)
            item.setToolTip(0, text)
            if node in troubled:
                item.setForeground(0, QBrush(QColor(ERROR)))
                item.setText(0, f"⚠ {text}")
            elif node in warned:
                item.setForeground(0, QBrush(QColor(WARN)))
            if node == self.node:
                current = item
            return item

        d = self.draft
        add(self.tree, ("head",), "Заголовок")
        add(self.tree, ("total",), f"Итог: {d.get(('total', 'title'), '')}")
        for s in range(d.count(("section",))):
            title = d.get(("section", s, "short_title")) or d.get(("section", s, "title"), "")
            section = add(self.tree, ("section", s), f"Раздел {d.get(('section', s, 'number'), '')}. {title}")
            for i in range(d.count(("section", s, "item"))):
                p = ("section", s, "item", i)
                content = " ".join(str(d.get((*p, "content"), "") or "(без содержания)").split())
                add(section, ("item", s, i), f"{d.get((*p, 'number'), '')} {content[:60]}")
            section.setExpanded(True)
        if current is None:
            current = self.tree.topLevelItem(0)
            self.node = ("head",)
        self.tree.setCurrentItem(current)
        self.tree.blockSignals(False)
        self._buttons()

    def _picked(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        """Another node picked: its form comes once the tree's own handling is over (handing on a text still being
        typed in the old form rebuilds the tree, which must not happen inside the tree's signal)."""
        if item is not None:
            node = tuple(item.data(0, Qt.ItemDataRole.UserRole))
            QTimer.singleShot(0, self.tree, lambda: self._switch(node))

    def _switch(self, node: Node) -> None:
        if self.form is not None:
            self.form.commit_pending()
        self.node = node
        self._show_form()
        self._show_problems()
        self._buttons()
        current = self.tree.currentItem()
        if current is None or tuple(current.data(0, Qt.ItemDataRole.UserRole)) != node:
            found = self._tree_item(node)
            if found is not None:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(found)
                self.tree.blockSignals(False)

    def _buttons(self) -> None:
        kind = self.node[0]
        self.add_item_button.setEnabled(kind in ("section", "item"))
        self.remove_button.setEnabled(kind in ("section", "item"))
        self.up_button.setEnabled(kind in ("section", "item"))
        self.down_button.setEnabled(kind in ("section", "item"))

    def _show_form(self) -> None:
        kind = self.node[0]
        if kind == "total":
            form: Form = TotalForm(self)
        elif kind == "section":
            form = SectionForm(self, self.node[1])
        elif kind == "item":
            form = ItemForm(self, self.node[1], self.node[2])
        else:
            form = HeadForm(self)
        position = self.scroll.verticalScrollBar().value() if self.form is not None and \
            getattr(self, "_form_node", None) == self.node else 0
        if self.form is not None:
            self.form.retired = True
        self.form = form
        self._form_node = self.node
        old = self.scroll.takeWidget()
        if old is not None:  # deleted later: the change may come from a widget of that form, still in its handler
            old.hide()
            old.deleteLater()
        self.scroll.setWidget(form)
        QTimer.singleShot(0, self.scroll, lambda: self.scroll.verticalScrollBar().setValue(position))

    # -- problems -------------------------------------------------------------------------------------------------
    def _node_words(self, node: Node) -> str:
        d = self.draft
        if node[0] == "item":
            return f"Пункт {d.get(('section', node[1], 'item', node[2], 'number'), '')}"
        if node[0] == "section":
            return f"Раздел {d.get(('section', node[1], 'number'), '')}"
        return "Итог" if node[0] == "total" else "Заголовок"

    def problem_text(self, problem: Problem) -> str:
        key = next((str(p) for p in reversed(problem.path) if isinstance(p, str)), "")
        words = FIELD_WORDS.get(key, "")
        field = ""
        if "input" in problem.path and problem.path.index("input") + 1 < len(problem.path):
            n = problem.path[problem.path.index("input") + 1]
            field = f", поле {int(n) + 1}" if isinstance(n, int) else ""
        if "options" in problem.path and problem.path.index("options") + 1 < len(problem.path):
            n = problem.path[problem.path.index("options") + 1]
            if isinstance(n, int):  # «Пункт 2.2, поле 1, вариант 4 · Текст варианта», not «поле 1 · Текст»
                field += f", вариант {n + 1}"
                words = f"{words} варианта".capitalize() if words else words
        from model.region.methodology_book import problem_words

        return (f"{self._node_words(node_of(problem.path))}{field}{' · ' + words if words else ''}: "
                f"{problem_words(problem)}")

    def _show_problems(self) -> None:
        self.problems.clear()
        problems, warnings = self.checked.problems, self.checked.warnings
        for p, warning in [(p, False) for p in problems] + [(p, True) for p in warnings]:
            item = QListWidgetItem(("Предупреждение. " if warning else "") + self.problem_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            item.setForeground(QBrush(QColor(WARN if warning else ERROR)))
            self.problems.addItem(item)
        if problems:
            self.problems_title.setText(f"Ошибок: {len(problems)} — пока они есть, методику не сохранить. "
                                        "Щелчок по строке открывает место ошибки.")
            self.problems_title.setStyleSheet(f"font-weight: 600; color: {ERROR};")
        else:
            self.problems_title.setText("Ошибок нет: методику можно сохранить." + (
                f" Предупреждений: {len(warnings)}." if warnings else ""))
            self.problems_title.setStyleSheet("font-weight: 600;")
        self.problems.setVisible(bool(problems or warnings))
        metrics = self.problems.fontMetrics()
        width = max(300, self.problems.viewport().width() - 12)
        rows = sum(metrics.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap,
                                        self.problems.item(i).text()).height() + 4
                   for i in range(min(self.problems.count(), 5)))
        self.problems.setFixedHeight(min(120, rows + 2 * self.problems.frameWidth() + 4))
        if self.form is not None:
            self.form.show_problems(problems, warnings)

    def go_to_problem(self, item: QListWidgetItem) -> None:
        path = tuple(item.data(Qt.ItemDataRole.UserRole))
        self.pages.setCurrentIndex(0)
        self.select(node_of(path))
        if self.form is not None:
            widget = self.form.focus(path)
            if widget is not None:
                self.scroll.ensureWidgetVisible(widget, 20, 60)

    def next_problem(self) -> None:
        """F8: the next problem in the list (after the one last gone to), its field in focus."""
        count = self.problems.count()
        if not count:
            self.statusBar().showMessage("Ошибок нет", 4000)
            return
        row = (getattr(self, "_problem_row", -1) + 1) % count  # the list is filled anew on every check
        self._problem_row = row
        self.go_to_problem(self.problems.item(row))
        self.problems.setCurrentRow(row)

    def select(self, node: Node) -> None:
        """Go to a node: the tree shows it picked and its form is shown."""
        found = self._tree_item(node)
        if found is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(found)
            self.tree.blockSignals(False)
            self._switch(node)

    def _tree_item(self, node: Node) -> QTreeWidgetItem | None:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if tuple(item.data(0, Qt.ItemDataRole.UserRole)) == tuple(node):
                return item
            stack.extend(item.child(i) for i in range(item.childCount()))
        return None

    # -- structure -------------------------------------------------------------------------------------------------
    def _commit(self) -> None:
        if self.form is not None:
            self.form.commit_pending()

    def add_item(self) -> None:
        self._commit()
        if self.node[0] not in ("section", "item"):
            return
        s = self.node[1]
        at = self.node[2] + 1 if self.node[0] == "item" else self.draft.count(("section", s, "item"))
        number = str(self.draft.get(("section", s, "number"), s + 1))
        taken = {str(i.get("number")) for i in self.draft.get(("section", s, "item"), [])}
        n = next(k for k in range(at + 1, 1000) if f"{number}.{k}" not in taken)
        code = f"{self.draft.get(('section', s, 'code'), '')}{n}"
        values = {"number": f"{number}.{n}", "code": code, "content": "", "executors": "", "deadline": "",
                  "results": "", "formula": f"{code} = n × 100", "rule": "levels", "max": 100,
                  "input": [{"key": "n", "kind": "level", "label": "",
                             "options": [{"value": 0, "text": "не выполнено"}, {"value": 1, "text": "выполнено"}]}]}
        self.node = ("item", s, at)
        self.apply(f"Добавлен пункт {number}.{n}", lambda: self.draft.insert(("section", s, "item"), at, values),
                   rebuild=True)

    def add_section(self) -> None:
        self._commit()
        at = self.node[1] + 1 if self.node[0] in ("section", "item") else self.draft.count(("section",))
        taken = {str(s.get("number")) for s in self.draft.get(("section",), [])}
        n = next(k for k in range(at + 1, 1000) if str(k) not in taken)
        total = self.draft.get(("total", "code"), "P")
        values = {"number": str(n), "code": f"{total}{n}", "title": "", "formula": f"{total}{n} = ({total}{n}1) / 1",
                  "divisor": 1, "max": 100,
                  "item": [{"number": f"{n}.1", "code": f"{total}{n}1", "content": "", "executors": "",
                            "deadline": "", "results": "", "formula": f"{total}{n}1 = n × 100", "rule": "levels",
                            "max": 100, "input": [{"key": "n", "kind": "level", "label": "", "options": [
                                {"value": 0, "text": "не выполнено"}, {"value": 1, "text": "выполнено"}]}]}]}
        self.node = ("section", at)
        self.apply(f"Добавлен раздел {n}", lambda: self.draft.insert(("section",), at, values), rebuild=True)

    def remove_node(self) -> None:
        self._commit()
        node = self.node
        if node[0] == "item":
            if self.draft.count(("section", node[1], "item")) <= 1:
                QMessageBox.information(self, "Удаление пункта", "Это единственный пункт раздела: удалите раздел "
                                                                 "целиком или сначала добавьте другой пункт.")
                return
            path: Path_ = ("section", node[1], "item", node[2])
            what = f"Удалён пункт {self.draft.get((*path, 'number'), '')}"
            self.node = ("item", node[1], max(0, node[2] - 1))
        elif node[0] == "section":
            if self.draft.count(("section",)) <= 1:
                QMessageBox.information(self, "Удаление раздела", "Это единственный раздел методики.")
                return
            path = ("section", node[1])
            what = f"Удалён раздел {self.draft.get((*path, 'number'), '')}"
            self.node = ("section", max(0, node[1] - 1))
        else:
            return
        self.apply(f"{what} (Ctrl+Z — вернуть)", lambda: self.draft.remove(path), rebuild=True)
        self.statusBar().showMessage(f"{what}. Вернуть — Ctrl+Z", 8000)

    def move_node(self, delta: int) -> None:
        self._commit()
        node = self.node
        if node[0] == "item":
            path: Path_ = ("section", node[1], "item", node[2])
        elif node[0] == "section":
            path = ("section", node[1])
        else:
            return
        moved: list[Path_] = []

        def change() -> None:
            moved.append(self.draft.move(path, delta))
        before = self.node
        self.node = (node[0], *[p for p in path[1:] if isinstance(p, int)][:-1], path[-1] + delta) \
            if isinstance(path[-1], int) else node
        limit = self.draft.count(path[:-1])
        if not 0 <= int(path[-1]) + delta < limit:
            self.node = before
            return
        self.apply("Перемещено", change, rebuild=True)

    def renumber(self) -> None:
        self._commit()
        self.apply("Перенумерованы разделы и пункты", self.draft.renumber, rebuild=True)

    # -- files -----------------------------------------------------------------------------------------------------
    def _fill_open_menu(self) -> None:
        self.open_menu.clear()
        for e in registry.entries():
            action = self.open_menu.addAction(f"{e.methodology.years_text()}, версия {e.methodology.version} — "
                                              f"{e.origin}")
            action.triggered.connect(lambda _=False, p=e.path: self.open_file(p))
        self.open_menu.addSeparator()
        self.open_menu.addAction("Из файла…").triggered.connect(lambda _=False: self.choose_file())

    def may_leave(self) -> bool:
        """Whether the draft may be left: nothing unsaved, or the user agrees to drop it."""
        self._commit()
        if self.undo_stack.isClean():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Методика не сохранена",
                          "Изменения методики не сохранены. Если продолжить, они пропадут.", parent=self)
        drop = box.addButton("Не сохранять изменения", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Вернуться к методике", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        if box.clickedButton() is drop:
            draft_store.forget()
            return True
        return False

    def choose_file(self) -> None:
        name = file_dialogs.open_name(self, "Открыть методику", "Методика (*.toml)")
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        if not self.may_leave():
            return
        draft = attempt(self, "Открыть методику", lambda: Draft.open(path))
        if draft is not None:
            self.load(draft, path)

    def new_for_year(self) -> None:
        if not self.may_leave():
            return
        dialog = NewYearDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        entry = dialog.source()
        taken = {e.methodology.version for e in registry.entries() if e.methodology.id == entry.methodology.id}
        draft = attempt(self, "Новая методика", lambda: Draft.for_year(entry.path, dialog.year.value(), taken))
        if draft is not None:
            self.load(draft)
            self.statusBar().showMessage(f"Методика на {dialog.year.value()} год — копия версии "
                                         f"{entry.methodology.version}. Внесите изменения и сохраните.", 10000)

    def save(self) -> Path | None:
        self._commit()
        if self.checked.methodology is None:
            QMessageBox.warning(self, "Сохранение методики", f"В методике {len(self.checked.problems)} "
                                f"{plural(len(self.checked.problems), 'ошибка', 'ошибки', 'ошибок')}: пока они есть, "
                                "её не сохранить. Они перечислены внизу окна — щелчок по строке открывает место.")
            return None
        m = self.checked.methodology
        name = file_dialogs.save_name(self, "Сохранить методику", f"{m.id}-{m.version}.toml", "Методика (*.toml)")
        if not name:
            return None
        return self.save_to(Path(name))

    def save_to(self, path: Path) -> Path | None:
        known = [(e.methodology, e.path) for e in registry.entries()]
        saved = attempt(self, "Сохранение методики", lambda: self.draft.save(path, known))
        if saved is None:
            return None
        self.saved_path = path
        self.undo_stack.setClean()
        draft_store.forget()
        self.statusBar().showMessage(f"Методика {saved.version} сохранена: {path}", 15000)
        QMessageBox.information(self, "Методика сохранена",
                                f"Методика {saved.describe()} сохранена в файл\n{path}\n\nФайл проверен: ошибок нет. "
                                "Разошлите его районам; у себя его можно установить через «Файл → Методики… → "
                                "Загрузить из файла…».")
        return path

    def to_excel(self) -> Path | None:
        from model.region.methodology_book import to_xlsx

        self._commit()
        version = self.draft.get(("methodology", "version"), "")
        name = file_dialogs.save_name(self, "Выгрузить методику в книгу Excel", f"Методика {version}.xlsx",
                                      "Книга Excel (*.xlsx)")
        if not name:
            return None
        written = attempt(self, "Выгрузка методики в Excel", lambda: to_xlsx(self.draft.values(), Path(name)),
                          fault="выгрузить методику в книгу", kept="Методика не изменена")
        if written is not None:
            self.statusBar().showMessage(f"Методика выгружена в книгу {written}. После правки загрузите её обратно: "
                                         "Excel → «Загрузить из книги Excel…»", 15000)
        return written

    def from_excel(self, path: Path | None = None) -> bool:
        """A book the methodologist edited in Excel becomes the draft (as one step, which Ctrl+Z takes back); a
        book with problems changes nothing and says each one with its sheet, row and column."""
        from model.region.methodology_book import EXTENSIONS, read_book

        self._commit()
        if path is None:
            name = file_dialogs.open_name(self, "Загрузить методику из книги Excel",
                                          "Книга Excel или LibreOffice (" + " ".join(f"*{e}" for e in EXTENSIONS) + ")")
            if not name:
                return False
            path = Path(name)
        read = read_book(path)
        if read.text is None:
            count = len(read.problems)
            box = QMessageBox(QMessageBox.Icon.Warning, "Книга методики не загружена",
                              f"В книге {path.name} {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}; методика в "
                              "редакторе не изменена. Исправьте их в книге и загрузите её снова:\n\n" +
                              "\n".join(p.text for p in read.problems[:6]) +
                              (f"\n… и ещё {count - 6}" if count > 6 else ""), parent=self)
            box.setDetailedText("\n".join(p.text for p in read.problems))
            box.exec()
            return False
        text = read.text

        def change() -> None:
            self.draft.restore(text)
        self.apply(f"Загружена книга {path.name}", change, rebuild=True)
        self.statusBar().showMessage(f"Методика загружена из книги {path.name}. Вернуть как было — Ctrl+Z", 15000)
        return True

    def offer_kept(self, text: str) -> bool:
        """A draft the editor kept when it last closed without saving (a crash, a power cut): continue it, or drop
        it."""
        try:
            draft = Draft(text, "несохранённая методика")
            version = draft.get(("methodology", "version"), "")
        except Exception:  # noqa: BLE001 — a kept file that is no longer TOML: nothing to offer
            draft_store.forget()
            return False
        answer = QMessageBox.question(
            self, "Несохранённая методика",
            f"В прошлый раз редактор закрылся, не сохранив методику{f' версии {version}' if version else ''}. "
            "Продолжить её? «Нет» — удалить её и открыть выбранную.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            draft_store.forget()
            return False
        before = self.draft.text()
        self.draft = draft
        self.undo_stack.push(Step(self, "Несохранённая методика", before, text, ("head",)))
        self.refresh(rebuild=True)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.may_leave():
            event.accept()
        else:
            event.ignore()


def _next_year() -> int:
    newest = max((y for e in registry.entries() for y in e.methodology.years), default=2018)
    from datetime import date

    return max(newest + 1, date.today().year + 1)


class NewYearDialog(QDialog):
    """«Новая на год…»: which methodology to copy and for which year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Новая методика на год")
        self.entries = sorted(registry.entries(), key=lambda e: (max(e.methodology.years),
                                                                  registry.version_key(e.methodology.version)))
        box = QVBoxLayout(self)
        box.addWidget(hint_label("Новая методика — копия имеющейся: год и номер версии ставятся новые, всё "
                                 "остальное — как в копируемой. Затем внесите изменения."))
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(_next_year())
        self.year.setAccessibleName("Год новой методики")
        form.addRow("Год:", self.year)
        self.copy_of = QComboBox()
        self.copy_of.setAccessibleName("Копия методики")
        for e in self.entries:
            self.copy_of.addItem(f"{e.methodology.years_text()}, версия {e.methodology.version}")
        self.copy_of.setCurrentIndex(len(self.entries) - 1)
        form.addRow("Копия методики:", self.copy_of)
        box.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Создать")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.year.setFocus()
        self.year.selectAll()

    def source(self) -> registry.Entry:
        return self.entries[self.copy_of.currentIndex()]


def open_editor(parent: QWidget, settings: QSettings | None, path: Path | None = None) -> MethodologyEditor:
    """The editor over a methodology file, or over a new one for next year; a draft left unsaved by a crash is
    offered first."""
    draft = Draft.open(path) if path is not None else None
    editor = MethodologyEditor(settings, parent, draft)
    if path is not None:
        editor.load(editor.draft, path)
    left = draft_store.kept()
    editor.recovered = left is not None and left != editor.draft.text() and editor.offer_kept(left)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    return editor

