"""Colours and small style helpers shared by the widgets."""

from __future__ import annotations

OK = "#1b5e20"
WARN = "#8a4b00"
ERROR = "#b00020"
MUTED = "#5f6368"
ACCENT = "#0b57d0"
CARD_BG = "#f3f6fb"

ERROR_FIELD = "QLineEdit { border: 2px solid #b00020; background: #fff4f4; }"
