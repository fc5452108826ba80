"""The tabs of the quarter on screen; each is built (and its modules imported) the first time it is shown,
so the window opens as soon as the tab in front is ready."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from gui.editor import Editor
    from model.base.period import Period

TABS = (("plan", "План популяризации"), ("centers", "Центры обслуживания"), ("indicators", "Показатели"),
        ("services", "Услуги (МСЗУ)"), ("reports", "Отчёты"))
TAB_TITLES = tuple(title for _, title in TABS)
NAMES = tuple(name for name, _ in TABS)


def tab_class(name: str) -> type[QWidget]:
    """The class of a tab (imported when first asked for)."""
    if name == "plan":
        from gui.tabs.plan import PlanTab

        return PlanTab
    if name == "centers":
        from gui.tabs.centers import CentersTab

        return CentersTab
    if name == "indicators":
        from gui.tabs.indicators import IndicatorsTab

        return IndicatorsTab
    if name == "services":
        from gui.tabs.services import ServicesTab

        return ServicesTab
    from gui.tabs.reports import ReportsTab

    return ReportsTab


class NotBuilt(QWidget):
    """Holds a tab's place until it is first shown."""


class QuarterTabs:
    """Which tabs of the quarter exist; `get` builds one on demand and puts it in its place."""

    def __init__(self, tabs: QTabWidget, on_import: Callable[[Period], None]) -> None:
        self.tabs, self.on_import = tabs, on_import
        self.editor: Editor | None = None  # None: the quarter cannot be shown (no methodology for its year)
        self.built: dict[str, QWidget] = {}
        self.sub_pages = {"centers": 0, "indicators": 0}  # the part of a two-part tab the user was on
        tabs.currentChanged.connect(self._shown)

    def clear(self) -> None:
        """Take every tab away (the last first: none of the old tabs gets shown on the way)."""
        for name in self.sub_pages:
            tab = self.built.get(name)
            if isinstance(tab, QTabWidget):
                self.sub_pages[name] = tab.currentIndex()
        with QSignalBlocker(self.tabs):  # unblocked again whatever happens inside
            for index in reversed(range(self.tabs.count())):
                old = self.tabs.widget(index)
                self.tabs.removeTab(index)
                old.deleteLater()
        self.built = {}
        self.editor = None

    def show_quarter(self, editor: Editor, current: int) -> None:
        """Places for the four tabs; the one in front (and the plan, which everything else refers to) built now."""
        self.clear()
        self.editor = editor
        with QSignalBlocker(self.tabs):
            for title in TAB_TITLES:
                self.tabs.addTab(NotBuilt(), title)
        self.get("plan")
        self.tabs.setCurrentIndex(max(current, 0))
        self._shown(self.tabs.currentIndex())

    def show_instead(self, pages: list[QWidget]) -> None:
        """Pages in place of the tabs (the methodology choice, when the quarter's year has none)."""
        self.clear()
        for page, title in zip(pages, TAB_TITLES, strict=True):
            self.tabs.addTab(page, title)

    def get(self, name: str) -> QWidget | None:
        """The tab, built now if it was not yet; None while the quarter cannot be shown."""
        if self.editor is None:
            return None
        tab = self.built.get(name)
        if tab is None:
            tab = self._make(name)  # a fault here changes nothing: the place stays, to be built when shown again
            self.built[name] = tab
            index = NAMES.index(name)
            current = self.tabs.currentIndex()
            place = self.tabs.widget(index)
            with QSignalBlocker(self.tabs):  # a tab shown on insertion may fail: the signals come back regardless
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, tab, TAB_TITLES[index])
                self.tabs.setCurrentIndex(current)
            place.deleteLater()
        return tab

    def _make(self, name: str) -> QWidget:
        editor = self.editor
        assert editor is not None
        cls = tab_class(name)
        editor.need(*getattr(cls, "needs", cls.shows))  # type: ignore[attr-defined]  # what it shows, read first
        if name == "reports":
            return cls(editor, self.on_import)  # type: ignore[call-arg]
        tab = cls(editor)  # type: ignore[call-arg]
        if isinstance(tab, QTabWidget):
            tab.setCurrentIndex(self.sub_pages.get(name, 0))
        if name == "plan":
            tab.go_to_centers.connect(lambda: self.tabs.setCurrentWidget(self.get("centers")))  # type: ignore[attr-defined]
        return tab

    def _shown(self, index: int) -> None:
        if 0 <= index < len(NAMES) and isinstance(self.tabs.widget(index), NotBuilt):
            self.get(NAMES[index])

    def owner(self, area: str) -> str | None:
        """The tab where an area of the data is edited (after an undo, the window goes there)."""
        return next((name for name in NAMES if area in getattr(tab_class(name), "owns", ())), None)
