"""The user guide's key table says what Ctrl+1 … Ctrl+N really open: one row a tab, named as the tab bar names it."""

import re
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

GUIDE = Path(__file__).resolve().parents[2] / "resources" / "guide" / "user-guide.md"


def test_the_guide_s_tab_keys_match_the_window_s_tabs(window):
    rows = re.findall(r"^\| `(Ctrl\+\d)` \| вкладка «([^»]+)» \|$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert rows == [(f"Ctrl+{n}", title) for n, title in enumerate(titles, 1)] and len(rows) == 5
    actions = {a.shortcut().toString(): a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    for keys, title in reversed(rows):  # from the last tab back, so that each key really moves
        assert QKeySequence(keys).toString() in actions, keys
        actions[QKeySequence(keys).toString()].trigger()
        assert window.tabs.tabText(window.tabs.currentIndex()) == title


def test_every_key_the_guide_lists_is_a_key_of_the_window(window):
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| Клавиши | Действие |"):]
    keys = [k for row in re.findall(r"^\| (`[^|]+`) \|", table, re.MULTILINE) for k in re.findall(r"`([^`]+)`", row)]
    assert len(keys) >= 15
    shortcuts = {QKeySequence(s).toString() for a in window.findChildren(QAction) for s in a.shortcuts()}
    assert [k for k in keys if QKeySequence(k).toString() not in shortcuts] == []
