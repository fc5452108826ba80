"""Start-up benchmark (a developer's tool): whole-process medians of the program's --smoke against bare windows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python .ci/bench_startup.py [RUNS] [--frozen]

Four commands run alternately RUNS times (default 15) after three warm-up rounds, so that the machine's noise
falls on all of them alike: a bare PySide6 window; the same bare window that also creates the Qt classes the
program's first screen uses (PySide6 builds each class and its enums on first use); the program opening a filled
quarter on the plan tab; the program's first start as a new user's, with no --db, no settings and no data folder
(each run in new, empty ones), so that it creates the database in the user's data folder. Prints each median in ms,
its range and its ratio to the bare window, and the median processor time of each (what a start costs the
processor, less sensitive than the wall clock to other work on the machine; it leaves out waiting for the disk).

With --frozen: the bundle in dist/omsu-report (`bash .ci/dev build`) against the same bare window frozen the same
way (PyInstaller one-folder, built into a temporary folder first).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

BARE = """import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1366, 690)
w.show()
app.processEvents()
w.close()
"""


def cpu_time() -> float:
    """Processor time (user and system) of the finished child processes so far: on a machine shared with other
    work, the part of a start that waits for a processor is left out of it. 0 where it is not known (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def first_screen_classes() -> str:
    """An import line for every Qt class the program's start creates."""
    import PySide6.QtCore as qt_core
    import PySide6.QtGui as qt_gui
    import PySide6.QtWidgets as qt_widgets

    modules = (qt_core, qt_gui, qt_widgets)
    before = {m: set(vars(m)) for m in modules}
    import gui.file_actions  # noqa: F401
    import gui.main_window  # noqa: F401
    import gui.tabs.plan  # noqa: F401

    return "\n".join(f"from {m.__name__} import {', '.join(sorted(set(vars(m)) - before[m]))}"
                     for m in modules if set(vars(m)) - before[m])


def filled_database(path: Path) -> None:
    """A filled 2018-Q2 (twelve centers, indicators, points); the quarter the window opens on (the last ended) is
    scored with the shipped methodology, so the plan tab is built, not the methodology choice."""
    from conftest import fill_quarter

    from model.areas.periods import choose_methodology, reporting_period
    from model.methodology import shipped_2018
    from model.store.db import open_database

    db = open_database(path)
    fill_quarter(db)
    choose_methodology(db, reporting_period(db), shipped_2018())
    db.conn.close()


def frozen_bare(folder: Path) -> Path:
    """The bare window as a PyInstaller one-folder program, as the bundle is built."""
    subprocess.run([str(Path(sys.executable).parent / "pyinstaller"), "-y", "--onedir", "--log-level", "WARN",
                    "--distpath", str(folder / "dist"), "--workpath", str(folder / "build"), "--specpath", str(folder),
                    str(folder / "bare.py")], check=True, cwd=folder)
    return folder / "dist" / "bare" / "bare"


def main() -> int:
    frozen = "--frozen" in sys.argv
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    runs = int(numbers[0]) if numbers else 15
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the program's modules start compiled, as installed ones do
    for package in ("model", "gui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        os.environ["OMSU_DATA_DIR"] = str(folder / "data")
        (folder / "bare.py").write_text(BARE, encoding="utf-8")
        (folder / "bare_qt.py").write_text(BARE.replace("import sys\n", f"import sys\n{first_screen_classes()}\n"),
                                           encoding="utf-8")
        filled_database(folder / "full.sqlite")
        python = sys.executable
        if frozen:
            bundle = ROOT / "dist" / "omsu-report" / "omsu-report"
            if not bundle.exists():
                print(f"Нет сборки {bundle}: сначала bash .ci/dev build", file=sys.stderr)
                return 2
            commands = {"bare window": [str(frozen_bare(folder))],
                        "frozen program --smoke, plan tab": [str(bundle), "--smoke", "--db",
                                                             str(folder / "full.sqlite")]}
        else:
            commands = {"bare window": [python, str(folder / "bare.py")],
                        "bare window + the program's Qt classes": [python, str(folder / "bare_qt.py")],
                        "program --smoke, plan tab": [python, str(ROOT / "main.py"), "--smoke", "--db",
                                                      str(folder / "full.sqlite")]}
        first = "program --smoke, first start (database created)"
        commands[first] = [str(bundle), "--smoke"] if frozen else [python, str(ROOT / "main.py"), "--smoke"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(runs + 3):
            for name, command in commands.items():
                env = None
                if name == first:  # a new user: no settings, no data folder yet
                    fresh = folder / f"new-{round_}"
                    env = dict(os.environ, XDG_CONFIG_HOME=str(fresh / "config"), OMSU_DATA_DIR=str(fresh / "data"))
                start, used = time.perf_counter(), cpu_time()
                subprocess.run(command, check=True, cwd=ROOT, env=env)
                if round_ >= 3:
                    times[name].append(time.perf_counter() - start)
                    cpu[name].append(cpu_time() - used)
                if env is not None and not (fresh / "data" / "otchetnost.sqlite").is_file():
                    print(f"Первый запуск не создал базу в {fresh / 'data'}", file=sys.stderr)
                    return 2
    base, base_cpu = statistics.median(times["bare window"]), statistics.median(cpu["bare window"])
    for name, measured in times.items():
        median, used = statistics.median(measured), statistics.median(cpu[name])
        print(f"{median * 1000:6.0f} ms  ×{median / base:4.2f}  ({min(measured) * 1000:.0f}–{max(measured) * 1000:.0f})"
              + (f"  processor {used * 1000:4.0f} ms ×{used / base_cpu:4.2f}" if base_cpu else "") + f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
