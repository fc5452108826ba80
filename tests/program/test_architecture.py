"""The rooms hold: model/ never loads Qt and is built in layers (a module imports only from its own layer or the ones
below, type-only imports counted), neither model/ nor gui/ has an import circle, SQL stays in store/, areas/ and
region/history.py (the region's own database)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# model/'s layers, lowest first (README «Архитектура»); model/errors.py and model/__init__.py are below them all.
LAYERS = ("base", "methodology", "scoring", "store", "areas", "quarter", "exchange", "reports", "region")
SQL_ROOMS = ("model.store", "model.areas", "model.region.history")  # the last: the region's own database


def modules(package: str) -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in (ROOT / package).rglob("*.py")}


def imports(path: Path, module: str, with_type_checking: bool) -> set[str]:
    """Project modules this one imports, anywhere in it (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if not with_type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(n) for n in ast.walk(node))
    out = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else ".".join(module.split(".")[:-node.level] + [node.module])
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and "lazy.module" in ast.unparse(node):  # loaded on first use, by its name
            out.update(c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)
                       and c.value.startswith(("model.", "gui.")))
    return out


def cycles(package: str, with_type_checking: bool) -> list[list[str]]:
    found = modules(package)
    graph = {m: {i for i in imports(p, m, with_type_checking) if i in found and i != m} for m, p in found.items()}
    out, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                out.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    return out


def test_model_does_not_import_qt():
    names = sorted(m for m in modules("model") if m != "model")
    assert len(names) >= 30
    code = ("import sys, importlib\n"
            f"for m in {names!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_gui_has_no_import_circles_not_even_through_type_hints():
    assert cycles("gui", with_type_checking=True) == []


def test_model_has_no_import_circles_not_even_through_type_hints():
    assert cycles("model", with_type_checking=True) == []


def layer(module: str) -> int:
    """0 for model/errors.py and the package itself, then 1… by LAYERS; a module outside every layer fails."""
    parts = module.split(".")
    if module in ("model", "model.errors"):
        return 0
    assert parts[1] in LAYERS, f"{module}: model/ holds only its layers, errors.py and __init__.py"
    return LAYERS.index(parts[1]) + 1


def test_model_imports_only_from_its_own_layer_or_below():
    found = modules("model")
    upward = [f"{m} → {i}" for m, p in found.items() for i in imports(p, m, with_type_checking=True)
              if i in found and layer(i) > layer(m)]
    assert upward == []
    assert sorted({m.split(".")[1] for m in found if m.count(".") >= 1 and m != "model.errors"}) == sorted(LAYERS)


def test_the_layer_test_sees_an_upward_import_even_a_type_only_one(tmp_path):
    sample = tmp_path / "model" / "base" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from model.quarter.data import X\n",
                      encoding="utf-8")
    assert "model.quarter.data" in imports(sample, "model.base.sample", with_type_checking=True)
    assert layer("model.quarter.data") > layer("model.base.sample")
    sample.write_text("from model.base import lazy\nregion = lazy.module('model.region.consolidate')\n",
                      encoding="utf-8")
    assert "model.region.consolidate" in imports(sample, "model.base.sample", with_type_checking=False)


def test_the_command_line_is_an_interface_in_main_py_and_never_loads_qt():
    assert not (ROOT / "model" / "cli.py").exists() and "def build_parser" in (ROOT / "main.py").read_text("utf-8")
    code = "import sys, main\nprint(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sql_goes_through_the_storage_modules():
    calls: dict[str, int] = {}
    for package in ("model", "gui"):
        for module, path in modules(package).items():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            n = sum(1 for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute) and node.func.attr in ("execute", "executescript"))
            if n:
                calls[module] = n
    assert not [m for m in calls if m.startswith("gui")], calls
    outside = {m: n for m, n in calls.items() if not m.startswith(SQL_ROOMS)}
    assert outside == {}
