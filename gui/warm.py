"""What the first opening of a tab would otherwise pay once a run, paid in the pauses after the window is up.

The start builds only the first screen (tests/window/test_start_lean.py). The other tabs are still built when first
opened, but part of what their first opening cost is not theirs: PySide6 makes the Python classes of a table view's
viewport and style — and looks through some seventy widget classes to find them — on first use (~30 ms), and each
tab's modules, the report libraries and PDFium load on first use (5–35 ms each). Once the window has been up for
WARM_AFTER_MS, that is done here one piece at a time, STEP_MS apart, and each piece waits while the user is at work
(QUIET_MS since the last key, button, wheel or mouse move): a piece takes at most a few tens of milliseconds, and
nothing is built, read or drawn — a tab opened before its piece was reached simply loads it itself, as before."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView

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


def warm_in_pauses(app: QApplication) -> Warming:
    """Start preparing in the pauses after the window is up (see the module's text)."""
    warming = Warming(app)
    warming.start()
    return warming
