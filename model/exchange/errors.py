"""Why a workbook cannot be read or applied."""

from __future__ import annotations

from model.errors import ImportRefused


def row_error(sheet: str, row: int, message: str) -> ImportRefused:
    where = f"Лист «{sheet}», строка {row}" if row else f"Лист «{sheet}»"
    return ImportRefused(f"{where}: {message}")
