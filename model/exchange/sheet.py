"""Reading the `data` sheet out of a workbook file, refusing hostile or oversized files before they cost anything."""

from __future__ import annotations

import zipfile
from pathlib import Path

from model.exchange.errors import ImportRefused
from model.exchange.rows import HEADER

DATA_SHEET = "data"


MAX_UNPACKED = 200 * 1024 * 1024  # a district's workbook is a few hundred kilobytes
MAX_RATIO = 200  # deflate rarely beats 20:1 on real sheets; bombs go far past this
MAX_MEMBERS = 2000
MAX_ROWS = 50_000  # a district exports about 600 rows a quarter


def check_archive(path: Path) -> None:
    """Refuse a file that is not a ZIP, or whose declared unpacked size is huge, before any XML is read."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"Файл {path.name} не читается как книга Excel (.xlsx): {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"Файл {path.name} содержит {len(members)} частей — это не книга, выгруженная программой")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise ImportRefused(f"Файл {path.name} при распаковке занял бы {unpacked // (1024 * 1024)} МБ — так много "
                            "не бывает в выгрузке программы; файл отклонён (возможно, он повреждён или опасен)")


def read_data_sheet(path: Path | str) -> list[tuple]:
    """The rows of a workbook's `data` sheet (values, not formulas), refusing hostile or oversized files."""
    from openpyxl import load_workbook  # loaded on first use: the window opens sooner without it

    path = Path(path)
    check_archive(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a file that is not a workbook
        if type(exc.__cause__).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            raise ImportRefused(f"Файл {path.name} не читается как книга Excel (.xlsx): в нём объявлены XML-сущности "
                                "(так устроены «XML-бомбы») — файл отклонён") from None
        raise ImportRefused(f"Файл {path.name} не читается как книга Excel (.xlsx): {type(exc).__name__}: "
                            f"{str(exc)[:200]}") from None
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise ImportRefused(f"В книге {path.name} нет листа «{DATA_SHEET}»: это не выгрузка программы")
        rows: list[tuple] = []
        try:
            for row in wb[DATA_SHEET].iter_rows(values_only=True, max_col=len(HEADER)):
                rows.append(tuple(row))
                if len(rows) > MAX_ROWS:
                    raise ImportRefused(f"В листе «{DATA_SHEET}» книги {path.name} больше {MAX_ROWS:,} строк — "
                                        "это не выгрузка программы".replace(",", " "))
        except ImportRefused:
            raise
        except Exception as exc:  # broken XML inside a valid ZIP
            raise ImportRefused(f"Лист «{DATA_SHEET}» книги {path.name} не читается: {type(exc).__name__}: "
                                f"{str(exc)[:200]}") from None
        return rows
    finally:
        wb.close()
