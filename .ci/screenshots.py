"""Renders every tab and dialog offscreen into shots/ for looking at (a developer's tool).

    python .ci/screenshots.py [WIDTHxHEIGHT] [--scale 1.25] [--font 3]

The default is 1366×690: a 1366×768 screen less the Windows taskbar. With --scale the window gets the
logical size that screen has at that scaling (1366×690 at 125 % is 1093×552); --font N sets the font size
setting N points above the system's (shots go to shots/WxH-font+N).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ["OMSU_DATA_DIR"] = tempfile.mkdtemp(prefix="omsu-shots-")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--") and not a.lstrip("-").isdigit()]
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    if "--scale" in sys.argv:
        args = [a for a in args if a != sys.argv[sys.argv.index("--scale") + 1]]
    width, height = (int(x) for x in (args[0] if args else "1366x690").split("x"))
    width, height = int(width / scale), int(height / scale)
    out = ROOT / "shots" / f"{width}x{height}"
    out.mkdir(parents=True, exist_ok=True)

    from conftest import fill_quarter
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from model.base.period import Period
    from model.store.db import open_database

    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "shots.sqlite")
    fill_quarter(db)
    from datetime import date

    from model.areas import public_services as sv

    ids = sv.save_services(db, [
        sv.Service(None, "Выдача разрешения на строительство", federal_number="12", department="Отдел архитектуры",
                   planned=(2018, 1), available_on=date(2018, 3, 1)),
        sv.Service(None, "Предоставление земельного участка в аренду без торгов", department="Комитет по имуществу",
                   planned=(2018, 2)),
        sv.Service(None, "Выдача архивных справок", level="государственная", mass=False,
                   department="Архивный отдел", planned=(2018, 4))], date(2018, 6, 30))
    sv.set_requests(db, Period(2018, 2), {ids[0]: sv.Requests(40, 18), ids[1]: sv.Requests(25, 3)})
    sv.set_share_plan(db, 2018, {2: 40.0})
    db.conn.close()
    app = QApplication.instance() or QApplication(sys.argv)
    from gui.app import install_russian

    install_russian(app)
    from gui.main_window import MainWindow
    from gui.style import apply_font_size

    if "--font" in sys.argv:  # the font size setting, in points above the system's
        step = int(sys.argv[sys.argv.index("--font") + 1])
        apply_font_size(app, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), step)
        out = out.with_name(f"{out.name}-font+{step}")
        out.mkdir(parents=True, exist_ok=True)

    window = MainWindow(tmp / "shots.sqlite", QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat),
                        period=Period(2018, 2))
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)  # it opens maximised; the shots want the given size
    window.resize(width, height)

    def shot(name: str, widget=None) -> None:
        for _ in range(5):
            app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))

    for number in ("1.1", "1.2", "1.3", "2.3", "2.6", "3.3"):
        window.plan_tab.select_item(number)
        shot(f"plan_{number}")
    window.tabs.setCurrentWidget(window.centers_tab)
    shot("centers")
    window.centers_tab.setCurrentWidget(window.centers_tab.esia_page)
    shot("esia")
    window.tabs.setCurrentWidget(window.indicators_tab)
    shot("indicators")
    window.indicators_tab.setCurrentWidget(window.indicators_tab.points_page)
    shot("points")
    window.tabs.setCurrentWidget(window.services_tab)
    shot("services")
    window.tabs.setCurrentWidget(window.reports_tab)
    shot("reports")
    window.reports_tab.preview.larger.click()
    window.reports_tab.preview.forward.click()
    shot("reports_zoomed")
    window.tabs.setCurrentWidget(window.plan_tab)
    window.plan_tab.search.setText("семинар")
    shot("plan_search")
    window.plan_tab.search.clear()
    window.show_guide()
    shot("guide", window.guide_window)
    window.guide_window.close()
    from gui.dialogs.center import CenterDialog
    from gui.dialogs.history import HistoryDialog
    from gui.dialogs.indicator import IndicatorDialog
    from gui.dialogs.methodologies import MethodologiesDialog
    from gui.dialogs.profile import ProfileDialog
    from gui.region.expected_dialog import ExpectedDialog
    from gui.region.window import RegionWindow

    for name, dialog in (("profile", ProfileDialog(window.db, first_start=True, parent=window)),
                         ("center", CenterDialog(window.editor.quarter.centers[0], parent=window)),
                         ("indicator", IndicatorDialog(window.editor.quarter.indicators[0], parent=window)),
                         ("methodologies", MethodologiesDialog(window)),
                         ("history", HistoryDialog(window.db, None, "файл", window,
                                                   window.editor.quarter.methodology)),
                         ("expected", ExpectedDialog([], window))):
        dialog.show()
        shot(f"dialog_{name}", dialog)
        print(f"{name}: {dialog.width()}×{dialog.height()}", "OVER" if dialog.height() > height else "")
        dialog.close()
    region = RegionWindow(window.settings)
    region.resize(width, height)
    region.show()
    shot("region", region)
    from gui.methodology_editor.window import MethodologyEditor
    from model.methodology.draft import Draft

    editor = MethodologyEditor(None, None, Draft.for_year(ROOT / "resources" / "methodologies" /
                                                          "popularization-2018.toml", 2027))
    editor.resize(width, height)
    editor.show()
    for node in (("head",), ("total",), ("section", 1), ("item", 0, 0), ("item", 0, 1), ("item", 1, 5)):
        editor.select(node)
        shot(f"methodology_editor_{'_'.join(map(str, node))}", editor)
    editor.select(("item", 1, 7))
    editor.add_item()
    shot("methodology_editor_new_item", editor)
    for index, name in ((1, "preview"), (2, "changes")):
        editor.pages.setCurrentIndex(index)
        shot(f"methodology_editor_{name}", editor)
    editor.may_leave = lambda: True
    editor.close()
    print(f"window minimum {window.minimumSize().width()}×{window.minimumSize().height()}; shots in {out}")
    window.close()
    region.close()


if __name__ == "__main__":
    main()
