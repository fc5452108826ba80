"""model/ never loads Qt: importing every model module leaves PySide6 out of sys.modules."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_model_does_not_import_qt():
    modules = sorted(p.stem for p in (ROOT / "model").glob("*.py") if p.stem != "__init__")
    assert len(modules) >= 8
    code = ("import sys, importlib\n"
            f"for m in {modules!r}: importlib.import_module('model.' + m)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
