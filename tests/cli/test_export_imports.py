"""`main.py export` loads only what an export uses (python -X importtime lists every module whose code ran): it
writes the data sheet and never reads one back (no decoding, applying, reader), sends no mail (no e-mail package,
urllib, ssl), finds its version without importlib.metadata, leaves PIL unloaded (a report has no picture, and a
picture still loads when asked for); model.exchange's names stay the functions when their modules of the same name
are imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Q2, fill_quarter

from model.areas.periods import choose_methodology
from model.methodology import shipped_2018
from model.store.db import open_database

ROOT = Path(__file__).resolve().parent.parent.parent
NOT_USED = {"model.exchange.decode", "model.exchange.apply", "model.exchange.from_region",
            "python_calamine", "importlib.metadata", "email.message", "urllib.request", "ssl", "xml.sax", "PySide6",
            "PIL.ExifTags", "PIL.ImageMode"}


def test_export_loads_only_what_it_uses(tmp_path):
    db_file = tmp_path / "full.sqlite"
    db = open_database(db_file)
    fill_quarter(db)
    choose_methodology(db, Q2, shipped_2018())
    db.conn.close()
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), OMSU_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "export", "--db", str(db_file),
                          "--period", "2018-Q2", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, timeout=120, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".pdf", ".xlsx"]
    ran = {line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}
    assert {"model.exchange.rows", "model.reports.pdf_report", "model.reports.xlsx_report"} <= ran
    assert ran.isdisjoint(NOT_USED), sorted(ran & NOT_USED)


def test_the_names_decode_and_apply_stay_the_functions():
    code = ("from model.exchange.decode import decode_rows\nimport model.exchange.apply\nimport model.exchange as e\n"
            "from model.exchange import apply, decode, region_files\n"
            "print(callable(e.decode), callable(e.apply), apply is e.apply, decode is e.decode, "
            "type(region_files).__name__, e.decode_rows is decode_rows)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True", "True", "module", "True"]


def test_pictures_still_load_when_a_report_has_put_pil_off():
    code = ("import model.reports\nfrom reportlab.lib.utils import ImageReader\nfrom PIL import Image\n"
            "from model.base.resources import resource_path\nicon = resource_path('icons', 'omsu-report.png')\n"
            "print(Image.open(icon).size, ImageReader(str(icon)).getSize())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(256, 256) (256, 256)"
