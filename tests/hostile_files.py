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


# -- numbers that are not numbers, composites that cannot be computed, methodologies that lie ----------------------
def edited_data(source: Path, target: Path, edit) -> Path:
    """A copy of a workbook with its data sheet's rows changed by edit(list of rows of cells) (openpyxl)."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    edit(wb["data"])
    wb.save(target)
    return target


def set_cell(source: Path, target: Path, section: str, code: str, name: str, value: object) -> Path:
    """A copy of a workbook whose data row `section | code | name` carries `value` in its value column."""
    def edit(ws) -> None:
        for row in ws.iter_rows(min_row=2):
            if (row[0].value, str(row[1].value), str(row[2].value)) == (section, code, name):
                row[4].value = value
                return
        raise AssertionError(f"нет строки {section} | {code} | {name}")
    return edited_data(source, target, edit)


def composite_book(folder: Path, name: str, members: list[tuple[int, float]], composite_id: int = 1,
                   cap: float | None = 100.0, seed: int = 7, more: dict | None = None) -> Path:
    """A district's book (the shipped indicators) in which indicator `composite_id` is composed of `members`
    (indicator id, weight), and each of `more` ({id: members}) too — as a hand-edited or a hostile book would carry
    them: no check on the way out."""
    import random
    from dataclasses import replace
    from datetime import datetime

    from region_books import Book, district_esia, district_inputs, period_data

    from model.indicators import Composite, Member
    from model.methodology import shipped_2018
    from model.periods import Period
    from model.xlsx_report import write_xlsx

    rng = random.Random(seed)
    period = Period(2018, 2)
    book = Book(f"Район {name}", f"{76600000 + seed * 1000}", district_inputs(rng), district_esia(rng, 2018))
    data = period_data(book, period, shipped_2018(), datetime(2018, 6, 28, 9, 0), realistic=True)
    composites = {c: Composite(c, tuple(Member(i, w) for i, w in ms), cap)
                  for c, ms in {composite_id: members, **(more or {})}.items()}
    folder.mkdir(parents=True, exist_ok=True)
    return write_xlsx(replace(data, composites=composites), folder / f"{name}.xlsx")


SHIPPED_METHODOLOGY = Path(__file__).resolve().parent.parent / "resources" / "methodologies" / \
    "popularization-2018.toml"


def methodology_text(method_id: str = "popularization", version: str = "2019.1", year: int = 2019,
                     edit=None) -> str:
    """The shipped methodology's text under another id, version and year, changed by edit(text) → text."""
    text = SHIPPED_METHODOLOGY.read_text(encoding="utf-8")
    text = text.replace('id = "popularization"', f'id = "{method_id}"', 1)
    text = text.replace('version = "2018.1"', f'version = "{version}"', 1).replace("year = 2018", f"year = {year}", 1)
    return edit(text) if edit else text


def methodology_file(folder: Path, name: str, **kwargs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(methodology_text(**kwargs), encoding="utf-8")
    return path
