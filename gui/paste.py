"""Blocks of cells copied from Excel or LibreOffice: tab-separated columns, one line a row."""

from __future__ import annotations


def split_block(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text; the trailing line break Excel adds is not a row."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [line.split("\t") for line in text.split("\n")]
