"""PySide's question after every import («does this module use PySide6?») is answered by reading the file once,
with the answers PySide's own way (inspect.getsource) gives."""

import inspect
import json
import sys
from pathlib import Path

import gui.main_window
import model.quarter.data


def test_feature_hook_answers_as_pyside_would():
    feature = sys.modules["shibokensupport.feature"]
    ours = Path(inspect.getsourcefile(feature._mod_uses_pyside))  # the program's, not PySide's own
    assert ours.parts[-2:] == ("gui", "__init__.py") and ours.parent.parent != Path(__file__).parent.parent
    for module in (gui.main_window, model.quarter.data, json):
        assert feature._mod_uses_pyside(module) == ("PySide6" in inspect.getsource(module)), module.__name__
    assert feature._mod_uses_pyside(gui.main_window) is True
    assert feature._mod_uses_pyside(model.quarter.data) is False
    assert feature._mod_uses_pyside(sys) is False  # built in: no source
