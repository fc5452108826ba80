"""The pauses after the window is up prepare what the other tabs' first openings would (gui/warm.py): the tabs'
modules and the report libraries, PySide6's classes of a table view, then the other tabs themselves and the report's
pages; a piece waits while the user types, and a piece that fails leaves the rest to the tabs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import Q2, fill_quarter
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from gui import warm
from model.areas import plan
from model.areas.periods import choose_methodology, reporting_period
from model.methodology import shipped_2018
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_running_program_prepares_the_other_tabs_in_a_pause(tmp_path):
    """A whole program (`main.py`, its event loop running) left alone: within a few seconds the other tabs' modules
    and the report libraries are loaded, the table view's classes made, the other tabs built and the report's pages
    drawn — none of it by the start itself."""
    db = open_database(tmp_path / "d.sqlite")
    fill_quarter(db)
    choose_methodology(db, reporting_period(db), shipped_2018())  # the quarter it opens on has its plan
    db.conn.close()
    code = ("import sys, json, runpy\n"
            "from PySide6.QtCore import QTimer\n"
            "from PySide6.QtWidgets import QApplication\n"
            "import PySide6.QtWidgets as widgets\n"
            "def look(start):\n"
            "    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == 'MainWindow')\n"
            "    reports = window.quarter_tabs.built.get('reports')\n"
            "    drawn = reports is not None and reports.drawn and len(reports.preview.images)\n"
            "    built = sorted(window.quarter_tabs.built)\n"
            "    print(json.dumps([start, sorted(sys.modules), sorted(vars(widgets)), built, drawn]), flush=True)\n"
            "import time\n"
            "def ready():\n"
            "    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == 'MainWindow')\n"
            "    reports = window.quarter_tabs.built.get('reports')\n"
            "    return reports is not None and reports.drawn\n"
            "def later():\n"
            "    app = QApplication.instance()\n"
            "    look(True)\n"
            "    given = time.monotonic() + 60  # a few seconds here; a loaded machine may take longer\n"
            "    def poll():\n"
            "        if ready() or time.monotonic() > given:\n"
            "            look(False)\n"
            "            app.quit()\n"
            "        else:\n"
            "            QTimer.singleShot(200, poll)\n"
            "    QTimer.singleShot(200, poll)\n"
            "import gui.app\n"
            "real = gui.app.settle_start\n"
            "def settled():\n"
            "    real()\n"
            "    QTimer.singleShot(0, later)\n"
            "gui.app.settle_start = settled\n"
            f"sys.argv = ['main.py', '--db', {str(tmp_path / 'd.sqlite')!r}]\n"
            f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "OMSU_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    (_, at_start, _, built_at_start, drawn_at_start), (_, later, made_later, built_later, drawn_later) = [
        json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    loaded = ["gui.tabs.centers", "gui.tabs.indicators", "gui.tabs.services", "gui.tabs.reports", "reportlab",
              "pypdfium2", "model.reports.pdf_report"]
    assert [m for m in loaded if m in at_start] == []
    assert [m for m in loaded if m not in later] == [] and "QCommonStyle" in made_later
    assert built_at_start == ["plan"] and not drawn_at_start
    assert built_later == ["centers", "indicators", "plan", "reports", "services"] and drawn_later > 0


def test_a_piece_waits_while_the_user_types(qapp, monkeypatch):
    done = []
    warming = warm.Warming(qapp, (lambda: done.append(time.monotonic()),))
    try:
        warming.start(0)
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_5, Qt.KeyboardModifier.NoModifier, "5")
        typed = time.monotonic()
        QApplication.sendEvent(qapp, key)  # a key to the application passes its event filters
        deadline = time.monotonic() + 5
        while not warming.done and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        assert warming.done and len(done) == 1
        assert done[0] - typed >= warm.QUIET_MS / 1000 - 0.01  # not before the user had been quiet for QUIET_MS
    finally:
        warming.deleteLater()


def test_a_piece_that_fails_leaves_the_rest_to_the_tabs(qapp, caplog):
    after = []
    warming = warm.Warming(qapp, ("no_such_module_of_the_program", lambda: after.append(1)))
    try:
        warming.start(0)
        deadline = time.monotonic() + 5
        while not warming.done and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        assert warming.done and after == []
        assert "no_such_module_of_the_program" in caplog.text
    finally:
        warming.deleteLater()


def test_a_report_drawn_behind_another_tab_is_laid_out_as_shown(window):
    """The report's pages rendered while its tab is hidden (a pause) are laid out at the width the preview has when
    the tab is first shown — not at the size Qt gives a widget never shown — and nothing is built again then."""
    fill_quarter(window.db)
    window.imported(Q2)
    window.tabs.setCurrentIndex(0)
    for step in warm.window_steps(window):
        step()
    tab = window.reports_tab
    assert tab is not None and not tab.isVisible() and tab.drawn and len(tab.preview.images) == 8
    pdf = tab.preview_pdf
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    preview = tab.preview
    assert tab.preview_pdf == pdf  # the one built in the pause
    assert preview.page_count() == 8 and preview._laid_width == preview._fit_width()
    assert preview.labels[0].pixmap().deviceIndependentSize().width() <= preview.scroll.viewport().width()


def test_the_plans_forms_are_built_in_the_pauses_and_shown_with_what_is_stored(qtbot, window):
    """Every item's form is built in the pauses; going to an item then builds nothing and shows what is stored now,
    a value changed after the form was built included."""
    fill_quarter(window.db)
    window.imported(Q2)
    tab = window.plan_tab
    tab.select_item("1.1")
    for step in warm.window_steps(window):
        step()
    numbers = [item.number for item in tab.methodology.items()]
    assert sorted(tab.forms) == sorted(numbers)
    built = dict(tab.forms)
    field = tab.forms["2.1"].counts["A"]
    tab.select_item("2.1")
    QApplication.processEvents()
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "395")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert plan.load_inputs(window.db, Q2)["2.1"]["A"] == 395
    tab.select_item("2.2")
    tab.select_item("2.1")
    QApplication.processEvents()
    assert tab.forms == built and tab.form is built["2.1"] and field.edit.text() == "395"
