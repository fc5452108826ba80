"""A long session of a clerk typing in the real window, run as its own process by test_qt_binding.py:

    python tests/window/typing_session.py FOLDER KEYS

Every tab in turn — the plan's numbers, levels and evidence, the centers' operations and the months of the ESIA
plan, the indicators' facts, the services' requests, the report's pages — with undo and redo, until KEYS
keystrokes are made. Prints `keys=N none_lost=N stored=yes|no`; a binding that breaks Python's reference counts
ends the process with «Fatal Python error» instead."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
FOLDER = Path(sys.argv[1])
os.environ["OMSU_DATA_DIR"] = str(FOLDER / "data")

from conftest import Q2, fill_quarter  # noqa: E402
from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import install_russian  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.models.services import ELECTRONIC, TOTAL  # noqa: E402
from model.areas import esia, plan  # noqa: E402
from model.areas import indicators as ind  # noqa: E402
from model.areas import public_services as services  # noqa: E402
from model.store.db import open_database  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier


class Typist:
    """Key events into whatever has the focus, the event loop turning between them as it does for a person."""

    def __init__(self, window: MainWindow) -> None:
        self.window, self.keys = window, 0

    def text(self, text: str) -> None:
        for ch in text:
            target = QApplication.focusWidget() or self.window
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            self.keys += 1
            QApplication.processEvents()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(QApplication.focusWidget() or self.window, key, modifier)
            self.keys += 1
            QApplication.processEvents()

    def grid(self, view, row: int, column: int, values: list[str]) -> None:
        """Type a column of a grid from a cell down, Enter after each value."""
        view.setFocus()
        view.setCurrentIndex(view.model().index(row, column))
        for value in values:
            self.text(value)
            self.key(Qt.Key.Key_Return)


def plan_tab(t: Typist, window: MainWindow, n: int) -> None:
    t.key(Qt.Key.Key_1, CTRL)
    tab = window.plan_tab
    for number in ("1.1", "2.1", "1.3", "2.2", "3.1"):
        tab.select_item(number)
        form = tab.form
        for key, field in sorted(form.counts.items(), key=lambda kv: kv[0].startswith("A")):  # wholes first
            field.edit.setFocus()
            t.key(Qt.Key.Key_A, CTRL)
            t.text(str(400 + n) if not key.startswith("A") else str(n % 300))
            t.key(Qt.Key.Key_Tab)
        for level in form.levels.values():
            level.buttons[0].setFocus()
            t.key(Qt.Key.Key_Down)
            t.key(Qt.Key.Key_Space)
        form.evidence.setFocus()
        t.text(f"Проведено совещание № {n}; материалы размещены на сайте. ")
    t.key(Qt.Key.Key_Z, CTRL, times=3)
    t.key(Qt.Key.Key_Y, CTRL, times=3)


def other_tabs(t: Typist, window: MainWindow, n: int) -> None:
    t.key(Qt.Key.Key_2, CTRL)
    centers = window.centers_tab
    centers.setCurrentIndex(0)
    page = centers.centers_page
    t.grid(page.view, 0, page.model.first_op, [str(n + k) for k in range(6)])
    centers.setCurrentIndex(1)
    t.grid(centers.esia_page.view, 0, 1, [str(500 + n + k) for k in range(6)])
    t.key(Qt.Key.Key_3, CTRL)
    indicators = window.indicators_tab.indicators_page
    t.grid(indicators.view, 0, 6, [str(30 + n % 50 + k) for k in range(5)])
    t.key(Qt.Key.Key_4, CTRL)
    view = window.services_tab.view
    t.grid(view, 0, TOTAL, [str(200 + n)])
    t.grid(view, 0, ELECTRONIC, [str(n % 200)])
    window.tabs.setFocus()
    t.key(Qt.Key.Key_Z, CTRL, times=4)
    t.key(Qt.Key.Key_Y, CTRL, times=4)
    t.key(Qt.Key.Key_5, CTRL)
    t.key(Qt.Key.Key_PageDown, times=2)


def main() -> int:
    target = int(sys.argv[2])
    app = QApplication([])
    install_russian(app)
    path = FOLDER / "district.sqlite"
    db = open_database(path)
    fill_quarter(db)
    services.save_services(db, [services.Service(None, f"Услуга {k}", planned=(2018, 2)) for k in range(1, 4)])
    db.conn.close()
    window = MainWindow(path, QSettings(str(FOLDER / "settings.ini"), QSettings.Format.IniFormat), period=Q2)
    window.resize(1366, 690)
    window.show()
    t = Typist(window)
    before = sys.getrefcount(None)
    n = 0
    while t.keys < target:
        n += 1
        plan_tab(t, window, n)
        other_tabs(t, window, n)
    t.key(Qt.Key.Key_1, CTRL)
    window.plan_tab.select_item("2.1")
    field = window.plan_tab.form.counts["B"]
    field.edit.setFocus()
    t.key(Qt.Key.Key_A, CTRL)
    t.text("777")
    t.key(Qt.Key.Key_Tab)
    lost = before - sys.getrefcount(None)
    db = window.db
    typed = [plan.load_inputs(db, Q2).get("2.1", {}).get("B"), esia.load_plan(db, 2018).months.get(1),
             ind.load_values(db, 2018, ind.YEAR)[ind.list_indicators(db)[0].id].fact,
             services.requests_of_year(db, 2018)[2][services.list_services(db)[0].id].total]
    stored = typed == [777, 500 + n, 30 + n % 50, 200 + n]  # the last round's values, undone and redone
    print(f"keys={t.keys} none_lost={lost} stored={'yes' if stored else 'no'} rounds={n}")
    if not stored:
        print("typed:", typed, file=sys.stderr)
    window.db.conn.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
