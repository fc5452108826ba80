"""Every window and dialog fits a laptop's screen — 1366×768 less the taskbar, 1366×690 — at 100 % and at 125 %
scaling, with nothing cut: tests/window/every_window.py run on such a screen, one process a scaling (a Qt
application's screen is set when it starts)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCREEN = (1366, 690)


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_every_window_fits_the_screen_with_nothing_cut(scale, tmp_path):
    (tmp_path / "screen.json").write_text(json.dumps({
        "synchronousWindowSystemEvents": True, "windowFrameMargins": True,
        "screens": [{"name": "Ноутбук", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1], "logicalDpi": 96,
                     "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen:configfile=screen.json", "QT_SCALE_FACTOR": scale}
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    root = HERE.parent.parent
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root),
                          "-c", str(root / "pyproject.toml"), str(HERE / "every_window.py")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
