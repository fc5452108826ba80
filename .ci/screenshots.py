"""Renders the main window offscreen at 1366×768 into shots/ for looking at (a developer's tool)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.main_window import MainWindow  # noqa: E402
from model import plan  # noqa: E402
from model.db import open_database  # noqa: E402
from model.periods import Period  # noqa: E402
from model.profile import Profile, save_profile  # noqa: E402


def main() -> None:
    out = Path("shots")
    out.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "shots.sqlite")
    save_profile(db, Profile(district="Муниципальный район «Калганский район»", oktmo="76618000",
                             head_name="С. А. Егоров", executor_name="М. С. Петрова"))
    p = Period(2018, 2)
    plan.set_values(db, p, "1.1", {"A1": 45, "B1": 50, "A2": 120, "B2": 200})
    plan.set_values(db, p, "1.2", {"req1": 1, "req2": 1, "req3": 0, "req4": 1})
    plan.set_values(db, p, "1.3", {"A": 1350, "C": 1000})
    plan.set_values(db, p, "2.3", {"n": 0.25, "m": 0.5})
    plan.set_values(db, p, "2.6", {"n": 1})
    from datetime import date
    plan.add_event(db, p, "2.6", date(2018, 4, 12), "ДК с. Калга", "Госуслуги для пенсионеров")
    plan.set_evidence(db, p, "2.6", "Фотоотчёт: https://калга.забайкальскийкрай.рф/news/123")
    db.conn.close()
    app = QApplication.instance() or QApplication(sys.argv)
    from gui.app import install_russian
    install_russian(app)
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tmp / "shots.sqlite", settings, period=p)
    window.resize(1366, 768)
    window.show()
    for number in sys.argv[1:] or ["1.1", "1.2", "1.3", "2.3", "2.6"]:
        window.plan_tab.select_item(number)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / f"plan_{number}.png"))
    window.plan_tab.select_item("2.1")
    form = window.plan_tab.form
    form.counts["B"].edit.setText("400")
    form.counts["B"]._typed("400")
    form.counts["A"].edit.setText("4O0")
    form.counts["A"]._typed("4O0")
    app.processEvents()
    window.grab().save(str(out / "plan_refused.png"))
    window.tabs.setCurrentIndex(1)
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(out / "placeholder.png"))
    from gui.dialogs.profile import ProfileDialog
    dialog = ProfileDialog(window.db, first_start=True, parent=window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "profile.png"))
    window.close()


if __name__ == "__main__":
    main()
