"""Spreadsheets of the other formats the program reads, written without the programs that usually write them
(LibreOffice is not installed where the tests run): a LibreOffice table (.ods) and an Excel 97–2003 book (.xls,
BIFF8 in a compound file), each as small as a reader accepts, with places to put what a hostile file would."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import load_workbook


def book_values(book: Path) -> dict[str, list[tuple]]:
    """The values of an .xlsx, sheet by sheet (None for an empty cell)."""
    wb = load_workbook(book)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def write_ods(book: Path, target: Path) -> Path:
    """The book's values as a LibreOffice table (.ods), written as LibreOffice writes one: typed cells, a paragraph
    per line, the empty rest of each row and of the sheet as repeated empty cells. (LibreOffice itself is not
    installed where the tests run.)"""
    parts = []
    for title, rows in book_values(book).items():
        parts.append(f'<table:table table:name="{escape(title)}">')
        for row in rows:
            parts.append("<table:table-row>")
            for value in row:
                if value is None:
                    parts.append("<table:table-cell/>")
                elif isinstance(value, int | float):
                    parts.append(f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
                    parts.append(f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>')
            parts.append('<table:table-cell table:number-columns-repeated="16300"/></table:table-row>')
        parts.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                     'table:number-columns-repeated="16384"/></table:table-row></table:table>')
    return ods_file(target, "".join(parts))


def ods_file(target: Path, tables: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
                    zipfile.ZIP_DEFLATED)
    return target



# -- Excel 97–2003 ---------------------------------------------------------------------------------------------------
END, FREE = 0xFFFFFFFE, 0xFFFFFFFF


def record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


def text_cell(row: int, column: int, text: str) -> bytes:
    return record(0x0204, struct.pack("<HHHHB", row, column, 15, len(text), 1) + text.encode("utf-16-le"))


def number_cell(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 15, value))


def workbook_stream(sheets: dict[str, list[tuple]], extra: bytes = b"", offset: int | None = None) -> bytes:
    """BIFF8: the globals (a BOUNDSHEET per sheet, pointing at it), then each sheet: its size, its cells, `extra`.
    offset: where the first sheet is said to start, instead of where it does."""
    bodies = []
    for rows in sheets.values():
        cells = b"".join(number_cell(r, c, v) if isinstance(v, int | float) else text_cell(r, c, str(v))
                         for r, row in enumerate(rows) for c, v in enumerate(row) if v not in (None, ""))
        size = record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, max((len(r) for r in rows), default=0), 0))
        bodies.append(bof(0x0010) + size + cells + extra + record(0x000A))

    def globals_part(offsets: list[int]) -> bytes:
        out = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
        for name, at in zip(sheets, offsets, strict=True):
            out += record(0x0085, struct.pack("<IBBBB", at, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        return out + record(0x000A)

    at = len(globals_part([0] * len(bodies)))
    offsets = []
    for body in bodies:
        offsets.append(at)
        at += len(body)
    if offset is not None:
        offsets[0] = offset
    return globals_part(offsets) + b"".join(bodies)


def compound_file(stream: bytes, declared: int | None = None, loop: bool = False) -> bytes:
    """The stream as the «Workbook» of a compound file (512-byte sectors: the FAT, the directory, the stream).
    declared: the size its directory entry says; loop: the stream's last sector links back to its first."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    count = len(stream) // 512
    fats = -(-(count + 1) // 127)  # the FAT's own sectors take entries too
    first = fats + 1  # the FAT's sectors, the directory's, then the stream's
    fat = [0xFFFFFFFD] * fats + [END] + [first + n + 1 for n in range(count - 1)] + [first if loop else END]
    fat_part = struct.pack(f"<{len(fat)}I", *fat).ljust(fats * 512, b"\xff")

    def entry(name: str, kind: int, start: int, size: int, child: int = FREE) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", FREE, FREE, child)
                + bytes(36) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, END, 0, child=1) +
                 entry("Workbook", 2, first, len(stream) if declared is None else declared)).ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, fats, fats, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", *range(fats), *[FREE] * (109 - fats)))
    return header + fat_part + directory + stream


def compound_file_of(streams: list[tuple[str, bytes]], cutoff: int = 4096) -> bytes:
    """Several streams, each by its name in the directory in this order (two may share a name), in one compound file
    of 512-byte sectors; cutoff: the size below which the header says a stream lives in the mini stream."""
    bodies = [body.ljust(max(4096, -(-len(body) // 512) * 512), b"\0") for _, body in streams]
    count = sum(len(body) // 512 for body in bodies)
    fats = -(-(count + 2) // 127)
    fat, starts = [0xFFFFFFFD] * fats + [END], []
    for body in bodies:
        starts.append(len(fat))
        fat += [len(fat) + n + 1 for n in range(len(body) // 512 - 1)] + [END]
    fat_part = struct.pack(f"<{len(fat)}I", *fat).ljust(fats * 512, b"\xff")

    def entry(name: str, kind: int, start: int, size: int, child: int = FREE, right: int = FREE) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", FREE, right, child)
                + bytes(36) + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, END, 0, child=1) + b"".join(
        entry(name, 2, start, len(body), right=n + 2 if n + 1 < len(streams) else FREE)
        for n, ((name, _), start, body) in enumerate(zip(streams, starts, bodies, strict=True)))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, fats, fats, 0, cutoff, END, 0, END, 0)
              + struct.pack("<109I", *range(fats), *[FREE] * (109 - fats)))
    return header + fat_part + directory.ljust(-(-len(directory) // 512) * 512, b"\0") + b"".join(bodies)


def write_xls(book: Path, target: Path) -> Path:
    """The values of an .xlsx as an Excel 97–2003 book."""
    target.write_bytes(compound_file(workbook_stream(book_values(book))))
    return target
