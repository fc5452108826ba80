"""Makers of hostile workbooks for the tests and the benchmark: entity bombs, ZIP bombs, endless sheets."""

from __future__ import annotations

import zipfile
from pathlib import Path

BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def data_sheet_member(zf: zipfile.ZipFile) -> str:
    """The archive name of the sheet called `data` in a workbook written by the program."""
    workbook = zf.read("xl/workbook.xml").decode()
    sheets = workbook.count("<sheet ")
    return f"xl/worksheets/sheet{sheets}.xml"  # the data sheet is written last


def replace_member(source: Path, target: Path, member: str, write) -> None:
    """Copy a workbook, writing `member` anew through write(stream)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == member:
                with dst.open(member, "w", force_zip64=True) as stream:
                    write(stream)
            else:
                dst.writestr(info, src.read(info.filename))


def billion_laughs(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
    replace_member(source, target, member, lambda s: s.write(BILLION_LAUGHS.encode()))
    return target


def zip_bomb(source: Path, target: Path, megabytes: int = 300) -> Path:
    """A workbook whose data sheet unpacks to `megabytes` of spaces (a few hundred KB packed)."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
    chunk = b" " * (1024 * 1024)

    def write(stream) -> None:
        for _ in range(megabytes):
            stream.write(chunk)
    replace_member(source, target, member, write)
    return target


def endless_sheet(source: Path, target: Path, rows: int = 1_000_000) -> Path:
    """A workbook whose data sheet has `rows` rows of plausible cells."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)

    def write(stream) -> None:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
        stream.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>section</t></is></c></row>')
        for n in range(2, rows + 2):
            stream.write(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>plan</t></is></c>'
                         f'<c r="E{n}"><v>{n}</v></c></row>'.encode())
        stream.write(b"</sheetData></worksheet>")
    replace_member(source, target, member, write)
    return target
