"""What the first opening of a tab would otherwise pay once a run, paid in the pauses after the window is up.

The start builds only the first screen (tests/window/test_start_lean.py). The other tabs are still built when first
opened, but part of what their first opening cost is not theirs: PySide6 makes the Python classes of a table view's
viewport and style — and looks through some seventy widget classes to find them — on first use (~30 ms), and each
tab's modules, the report libraries and PDFium load on first use (5–35 ms each). Once the window has been up for
WARM_AFTER_MS, that is done here one piece at a time, STEP_MS apart, and each piece waits while the user is at work
(QUIET_MS since the last key, button, wheel or mouse move). Then, in the same way, the plan's form of each item and
each other tab of the quarter in the window are built behind the one in front, one a pause, and last the report is
read and drawn in the «Отчёты» tab
(ReportsTab.prepare: its PDF built, ~0,2 s, and its pages rendered one by one, the window answering between them).
A tab opened before its piece was reached builds and draws itself, as before; one that changes after its piece is
drawn again when shown, as before; a piece that fails leaves the rest to the tabs."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView
from shiboken6 import isValid

log = logging.getLogger("omsu.window")
WARM_AFTER_MS = 1000
STEP_MS = 60
QUIET_MS = 700
INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                   QEvent.Type.MouseMove, QEvent.Type.Wheel})  # a drag of a splitter or a column is work too


def _table_view_classes() -> None:
    view = QTableView()
    view.viewport()
    view.style()
    view.deleteLater()


# in the order the tabs stand; the report libraries last (the «Отчёты» tab loads them to build its preview)
STEPS: tuple[str | Callable[[], object], ...] = (
    _table_view_classes, "gui.tabs.centers", "gui.tabs.esia", "gui.tabs.indicators", "gui.tabs.services",
    "gui.tabs.reports", "reportlab.lib.colors", "reportlab.platypus.flowables", "reportlab.platypus",
    "model.reports.pdf_report", "pypdfium2", "gui.widgets.pdf_pages")


class Warming(QObject):
    """The pieces of STEPS not done yet, each done in a pause; `done` when all are (or one failed: the rest is
    left to the tabs, which load what they need themselves)."""

    def __init__(self, app: QApplication, steps: tuple[str | Callable[[], object], ...] = STEPS) -> None:
        super().__init__(app)
        self.app, self.left = app, list(steps)
        self.last_input = 0.0
        self.done = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._step)
        app.installEventFilter(self)  # removed when done, or when the program ends before
        app.aboutToQuit.connect(self._finish)

    def start(self, after_ms: int = WARM_AFTER_MS) -> None:
        self.timer.start(after_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in INPUT:
            self.last_input = time.monotonic()
        return False

    def _step(self) -> None:
        quiet = (time.monotonic() - self.last_input) * 1000
        if quiet < QUIET_MS:  # the user is at work: a piece now could hold back the next key
            self.timer.start(round(QUIET_MS - quiet) + 1)
            return
        step = self.left.pop(0)
        try:
            importlib.import_module(step) if isinstance(step, str) else step()
        except Exception:  # noqa: BLE001 — the tab that needs it loads it itself and says what failed then
            log.warning("Подготовка %s в паузе не удалась: загрузит вкладка, которой это нужно", step, exc_info=True)
            self.left.clear()
        if self.left:
            self.timer.start(STEP_MS)
        else:
            self._finish()

    def _finish(self) -> None:
        self.timer.stop()
        self.done = True
        self.app.removeEventFilter(self)


def _build(window: Any, name: str) -> None:
    if not isValid(window):
        return
    tab = window.quarter_tabs.get(name)  # None while the quarter cannot be shown: nothing to build
    front = window.tabs.currentWidget()
    if tab is not None and tab is not front and front is not None:
        tab.setGeometry(front.geometry())  # laid out and drawn once at the size it will be shown at (Qt does both
        tab.grab()  # for a hidden widget it draws): its first showing only paints it again


def _draw_report(window: Any) -> None:
    tab = window.quarter_tabs.built.get("reports") if isValid(window) else None
    if tab is not None and not tab.isVisible():  # shown, it has drawn itself
        tab.prepare()


def _plan_form(window: Any, number: str) -> None:
    plan = window.quarter_tabs.built.get("plan") if isValid(window) else None
    if plan is not None and number in {item.number for item in plan.methodology.items()}:  # the same quarter's plan
        plan.prepare_form(number)


def window_steps(window: Any) -> tuple[Callable[[], object], ...]:
    """The main window's pieces: each item's form of the plan (Ctrl+PgDown then only fills and shows it), the other
    tabs of its quarter built, then its report drawn."""
    from gui.quarter_tabs import NAMES

    plan = window.quarter_tabs.built.get("plan")
    numbers = [item.number for item in plan.methodology.items()] if plan is not None else []
    return (tuple(partial(_plan_form, window, number) for number in numbers)
            + tuple(partial(_build, window, name) for name in NAMES if name != "plan")
            + (partial(_draw_report, window),))


def warm_in_pauses(app: QApplication, window: Any = None) -> Warming:
    """Start preparing in the pauses after the window is up (see the module's text)."""
    warming = Warming(app, STEPS + (window_steps(window) if window is not None else ()))
    warming.start()
    return warming
