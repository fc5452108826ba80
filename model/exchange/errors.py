"""Why a workbook cannot be read or applied."""

from __future__ import annotations

from model.base.ru import InputRefused


class ImportRefused(InputRefused):
    """A workbook that cannot be imported; the message names the file or sheet, the row and the reason."""


def row_error(sheet: str, row: int, message: str) -> ImportRefused:
    where = f"Лист «{sheet}», строка {row}" if row else f"Лист «{sheet}»"
    return ImportRefused(f"{where}: {message}")
