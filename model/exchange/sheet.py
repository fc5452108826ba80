"""Reading a sheet out of a spreadsheet file, refusing hostile, foreign or oversized files before they cost anything.

Reading goes through python-calamine (Rust's calamine): about 45 times faster than openpyxl on the region's forty
workbooks, and it does not expand XML entities. Before it sees a file, the archive is checked: a ZIP whose
declared unpacked size or worksheet size is implausible is refused, and a file that is not a workbook of ours
is named for what it is (an old .xls, an encrypted book, a LibreOffice .ods, a binary .xlsb, a damaged file).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from model.exchange.errors import ImportRefused
from model.ru import format_count
from model.words import counted

DATA_SHEET = "data"
MAX_UNPACKED = 200 * 1024 * 1024  # a district's workbook is a few hundred kilobytes
MAX_SHEET = 16 * 1024 * 1024  # 50 000 rows of the data sheet take about 8 MB of XML
MAX_RATIO = 200  # deflate rarely beats 20:1 on real sheets; bombs go far past this
MAX_MEMBERS = 2000
MAX_ROWS = 50_000  # a district exports about 600 rows a quarter

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Excel 97–2003 and of encrypted books
_SAVE_AS = "откройте её в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)»"


def _foreign(path: Path, head: bytes) -> str | None:
    """What a file that is not a ZIP is, in words, or None if it may be one."""
    if head.startswith(b"PK"):
        return None
    if not head:
        return f"Файл {path.name} пуст (0 байт): вероятно, он не дописан — попросите прислать его заново"
    if head.startswith(_OLE):
        with open(path, "rb") as fh:
            body = fh.read(512 * 1024)
        if "EncryptionInfo".encode("utf-16-le") in body:
            return (f"Книга {path.name} защищена паролем (зашифрована): программа не читает зашифрованные книги. "
                    "Попросите прислать книгу без пароля")
        return f"Файл {path.name} — книга старого формата Excel 97–2003 (.xls): {_SAVE_AS}"
    if head.lstrip().startswith((b"<?xml", b"<html", b"<HTML", b"<!DOCTYPE")):
        return f"Файл {path.name} — веб-страница или XML, а не книга Excel: {_SAVE_AS}"
    return f"Файл {path.name} — не книга Excel (.xlsx): это другой файл или он повреждён"


def check_archive(path: Path) -> None:
    """Refuse a file that is not an .xlsx of ours, or whose declared sizes are implausible, before parsing any XML."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportRefused(f"Файл {path.name} не читается: {exc.strerror or exc}") from None
    foreign = _foreign(path, head)
    if foreign:
        raise ImportRefused(foreign)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            names = {m.filename for m in members}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(f"Файл {path.name} повреждён или обрезан (архив не читается до конца): вероятно, он "
                            "не докачался из почты — попросите прислать его заново") from None
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportRefused(f"Файл {path.name} — таблица LibreOffice (.ods): {_SAVE_AS}")
    if "xl/workbook.bin" in names:
        raise ImportRefused(f"Файл {path.name} — двоичная книга Excel (.xlsb): {_SAVE_AS}")
    if "xl/workbook.xml" not in names:
        raise ImportRefused(f"Файл {path.name} — архив, но не книга Excel (.xlsx)")
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"Файл {path.name} содержит {counted(len(members), 'часть', 'части', 'частей')} — это "
                            "не книга, выгруженная программой")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise ImportRefused(f"Файл {path.name} при распаковке занял бы {unpacked // (1024 * 1024)} МБ — так много "
                            "не бывает в выгрузке программы; файл отклонён (возможно, он повреждён или опасен)")
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.file_size > MAX_SHEET]
    if sheets:
        raise ImportRefused(f"Лист книги {path.name} занимает {sheets[0].file_size // (1024 * 1024)} МБ — в выгрузке "
                            f"программы не бывает больше {format_count(MAX_ROWS)} строк; файл отклонён")


def read_sheet(path: Path | str, sheet: str | None = DATA_SHEET) -> list[tuple]:
    """The values of one sheet (by name; None: the first sheet) as rows of cells, empty cells as ""."""
    from python_calamine import CalamineWorkbook  # loaded on first use: the window opens sooner without it

    path = Path(path)
    check_archive(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine's errors name zip and XML internals in English: the user gets our words
        raise ImportRefused(f"Файл {path.name} не читается как книга Excel (.xlsx): он повреждён или записан "
                            "не Excel-совместимой программой — откройте его в Excel и сохраните заново") from None
    try:
        if sheet is not None and sheet not in workbook.sheet_names:
            raise ImportRefused(f"В книге {path.name} нет листа «{sheet}»: это не выгрузка программы "
                                "«Отчётность ОМСУ» (или лист переименован)")
        name = sheet if sheet is not None else workbook.sheet_names[0]
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            raise ImportRefused(f"Лист «{name}» книги {path.name} не читается: в нём повреждена разметка XML или "
                                "объявлены XML-сущности (так устроены «XML-бомбы») — файл отклонён") from None
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(f"В листе «{name}» книги {path.name} больше {format_count(MAX_ROWS)} строк — "
                            "это не выгрузка программы")
    return [tuple(row) for row in rows]


def read_data_sheet(path: Path | str) -> list[tuple]:
    """The rows of a workbook's `data` sheet (values, not formulas), refusing hostile or oversized files."""
    return read_sheet(path, DATA_SHEET)
