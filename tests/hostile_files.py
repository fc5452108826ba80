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


# A sheet's own XML, written whole: the cells a hostile sheet holds, with a header row like the program's
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main">')


def sheet_xml(cells: str, dimension: str | None = None, head: str = "") -> bytes:
    """A worksheet of the given <sheetData> content (and a declared <dimension ref>, if any)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return _SHEET_HEAD + f"{head}{dim}<sheetData>{cells}</sheetData></worksheet>".encode()


def with_data_sheet(source: Path, target: Path, xml: bytes) -> Path:
    """A copy of a program's workbook whose data sheet is `xml`."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
    replace_member(source, target, member, lambda s: s.write(xml))
    return target


def with_sheet_edit(source: Path, target: Path, edit) -> Path:
    """A copy of a program's workbook whose data sheet's XML text is edit(text)."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
        text = zf.read(member).decode()
    replace_member(source, target, member, lambda s: s.write(edit(text).encode()))
    return target


def far_cell(source: Path, target: Path, ref: str = "XFD1048576") -> Path:
    """The program's data sheet with one more cell far away (a 5 KB file that asks a reader for the world)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return with_sheet_edit(source, target, lambda t: t.replace(
        "</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>'))


def far_dimension(source: Path, target: Path, ref: str = "A1:XFD1048576") -> Path:
    """The program's data sheet declaring a size far beyond its cells."""
    import re
    return with_sheet_edit(source, target, lambda t: re.sub(r'<dimension ref="[^"]*"\s*/>',
                                                             f'<dimension ref="{ref}"/>', t))


def huge_row_number(source: Path, target: Path, row: int = 1_048_576) -> Path:
    """A row numbered far away whose cells carry no reference of their own (their place follows from the row's)."""
    return with_sheet_edit(source, target, lambda t: t.replace(
        "</sheetData>", f'<row r="{row}"><c t="inlineStr"><is><t>plan</t></is></c><c><v>1</v></c></row>'
                        "</sheetData>"))


def many_cells(source: Path, target: Path, rows: int = 50_000, per_row: int = 22) -> Path:
    """A data sheet of rows × per_row empty cells (over a million, all within 50 000 rows and 60 columns)."""
    cells = "".join(f'<row r="{n}">' + "<c/>" * per_row + "</row>" for n in range(2, rows + 2))
    return with_data_sheet(source, target, sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>section</t></is>'
                                                     "</c></row>" + cells))


def extra_cell(source: Path, target: Path, cell: str) -> Path:
    """The program's data sheet with one more raw <c …> element (any attributes, any reference) in a new row."""
    return with_sheet_edit(source, target, lambda t: t.replace("</sheetData>", f'<row>{cell}</row></sheetData>'))


def extra_row(source: Path, target: Path, row: str) -> Path:
    """The program's data sheet with one more raw <row …> element."""
    return with_sheet_edit(source, target, lambda t: t.replace("</sheetData>", f"{row}</sheetData>"))


def doctype_entities(source: Path, target: Path) -> Path:
    """A data sheet with a DOCTYPE declaring a tiny, harmless entity (refused all the same)."""
    xml = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "plan">]>'
           + sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>')[len(b'<?xml version="1.0" '
                                                                                                   b'encoding="UTF-8"?>'):])
    return with_data_sheet(source, target, xml)


def external_entity(source: Path, target: Path) -> Path:
    """A data sheet whose DOCTYPE names an external entity (a file of the machine)."""
    xml = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
    return with_data_sheet(source, target, xml)


def add_member(source: Path, target: Path, member: str, data: bytes, content_type: str = "") -> Path:
    """A copy of a workbook with one more (or one replaced) archive member."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == member:
                continue
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml" and content_type and content_type.encode() not in body:
                body = body.replace(b"</Types>", content_type.encode() + b"</Types>")
            dst.writestr(info, body)
        dst.writestr(member, data)
    return target


_SST_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sharedStrings+xml"/>')


def _with_shared_strings(source: Path, target: Path, sst: bytes) -> Path:
    with zipfile.ZipFile(source) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    if "sharedStrings" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                            "</Relationships>")
    middle = target.with_name(target.stem + ".part.xlsx")
    add_member(source, middle, "xl/_rels/workbook.xml.rels", rels.encode())
    add_member(middle, target, "xl/sharedStrings.xml", sst, _SST_TYPE)
    middle.unlink()
    return target


def shared_strings_bomb(source: Path, target: Path, megabytes: int = 15) -> Path:
    """A shared strings part of `megabytes` of one long string repeated (a few hundred KB packed)."""
    text = "ж" * 5000
    count = megabytes * 1024 * 1024 // (len(text.encode()) + 20)
    body = "".join(f"<si><t>{text}</t></si>" for _ in range(count))
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main" count="{count}" uniqueCount="{count}">{body}</sst>').encode()
    return _with_shared_strings(source, target, sst)


def shared_strings_count(source: Path, target: Path, count: int = 4_000_000_000, glued: bool = False,
                         tail: str = "") -> Path:
    """A shared strings part that declares billions of strings and holds one (glued: the count written with no space
    before it, xmlns="…"uniqueCount="…", as calamine still reads it; tail: written at the end of the <sst> tag)."""
    gap = "" if glued else " "
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main" count="{count}"{gap}uniqueCount="{count}"{tail}><si><t>plan</t></si></sst>').encode()
    return _with_shared_strings(source, target, sst)


def long_shared_string(source: Path, target: Path, length: int = 1_000_000) -> Path:
    """A shared strings part whose one string is `length` letters long: calamine copies it into every cell naming
    it (one of 8 MB named by 204 cells took 3 GB)."""
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main" count="1" uniqueCount="1"><si><t>{"a" * length}</t></si></sst>').encode()
    return _with_shared_strings(source, target, sst)


def formula_without_value(source: Path, target: Path, row: int, column: str = "E", value: str = "",
                          formula: str = "1+1") -> Path:
    """The data sheet (the last sheet) with the cell of `row` (the value column) replaced by a formula whose result
    was never computed: no value at all, or `value` after it (openpyxl writes «<v />»)."""
    import re

    def edit(text: str) -> str:
        cell = f"{column}{row}"
        return re.sub(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', f'<c r="{cell}"><f>{formula}</f>{value}</c>', text,
                      count=1)
    return with_sheet_edit(source, target, edit)


def without_rows(source: Path, target: Path, keep) -> Path:
    """A copy of a workbook whose data sheet keeps only the rows for which keep(values) is true (via openpyxl)."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    sheet = wb["data"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    sheet.delete_rows(1, sheet.max_row)
    for values in rows[:1] + [r for r in rows[1:] if keep(r)]:
        sheet.append(list(values))
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

    from model.areas.indicators import Composite, Member
    from model.base.period import Period
    from model.methodology import shipped_2018
    from model.reports.xlsx_report import write_xlsx

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


def duplicate_member(source: Path, target: Path) -> Path:
    """The data sheet written twice in the archive: the program's, then one with a far cell (a reader takes one)."""
    import warnings

    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
        text = zf.read(member).decode()
    far = text.replace("</sheetData>", '<row r="5000"><c r="XFD5000"><v>1</v></c></row></sheetData>')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info.filename))
            dst.writestr(member, far.encode())
    return target


def _far_data_sheet(source: Path, cell: str) -> tuple[str, str, str]:
    """The data sheet's part name, its XML with one more row holding a far cell, and the workbook's relationships."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
        text = zf.read(member).decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    row = "".join(ch for ch in cell if ch.isdigit())
    return member, text.replace("</sheetData>", f'<row r="{row}"><c r="{cell}"><v>1</v></c></row></sheetData>'), rels


def sheet_elsewhere(source: Path, target: Path, cell: str = "XFD5000") -> Path:
    """The data sheet moved out of xl/worksheets/ (its relationship points there), with a far cell."""
    member, text, rels = _far_data_sheet(source, cell)
    rels = rels.replace(f'Target="/{member}"', 'Target="/xl/other/d.xml"').replace(
        f'Target="{member.removeprefix("xl/")}"', 'Target="other/d.xml"')
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == member:
                continue
            data = rels.encode() if info.filename == "xl/_rels/workbook.xml.rels" else src.read(info.filename)
            dst.writestr(info, data)
        dst.writestr("xl/other/d.xml", text.encode())
    return target


def sheet_elsewhere_glued(source: Path, target: Path, cell: str = "XFD5000") -> Path:
    """As sheet_elsewhere, the relationship's target glued to the attribute before it (Type="…"Target="…"): calamine
    reads such attributes, so the part it points to is a sheet to bound."""
    moved = sheet_elsewhere(source, target.with_name(target.stem + ".part.xlsx"), cell)
    with zipfile.ZipFile(moved) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    glued = rels.replace(' Target="/xl/other/d.xml"', 'Target="/xl/other/d.xml"').replace(
        ' Target="other/d.xml"', 'Target="other/d.xml"')
    assert glued != rels and '"Target="' in glued
    add_member(moved, target, "xl/_rels/workbook.xml.rels", glued.encode())
    moved.unlink()
    return target


def sheet_target_as_written(source: Path, target: Path, cell: str = "XFD5000") -> Path:
    """The data sheet's relationship written relative, starting with «xl/» (Target="xl/worksheets/sheetN.xml"), and
    a part at xl/xl/worksheets/sheetN.xml — where a reader taking the target as written after «xl/» (calamine's
    code of 0.36) looks — holding a far cell, the usual part left as it was."""
    member, text, rels = _far_data_sheet(source, cell)
    rels = rels.replace(f'Target="/{member}"', f'Target="{member}"')
    middle = target.with_name(target.stem + ".part.xlsx")
    add_member(source, middle, "xl/_rels/workbook.xml.rels", rels.encode())
    add_member(middle, target, "xl/" + member, text.encode())
    middle.unlink()
    return target


def workbook_elsewhere(source: Path, target: Path, count: int = 4_000_000_000) -> Path:
    """The package's relationship pointing the workbook to y/ (calamine then reads the workbook, its relationships,
    styles and shared strings there), every part of xl/ copied to y/ too, and y/'s shared strings declaring billions
    of strings: calamine reserved room for them before anything else and the process aborted."""
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main" count="{count}" uniqueCount="{count}"><si><t>plan</t></si></sst>').encode()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "_rels/.rels":
                data = data.replace(b"xl/workbook.xml", b"y/workbook.xml")
            dst.writestr(info.filename, data)
            if info.filename.startswith("xl/"):
                dst.writestr("y/" + info.filename[3:], data)
        dst.writestr("y/sharedStrings.xml", sst)
    return target


ODS_BOMB = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
            '<office:body><office:spreadsheet><table:table table:name="data"><table:table-row '
            'table:number-rows-repeated="9000"><table:table-cell table:number-columns-repeated="10000" '
            'office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet>'
            "</office:body></office:document-content>")


def ods_inside(source: Path, target: Path, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> Path:
    """A workbook that is also a LibreOffice table (a mimetype and a content.xml that repeats one cell 90 million
    times): named .ods, calamine reads it as one — 9 GB and 25 s — whatever else the archive holds."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("mimetype", mimetype)
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("content.xml", ODS_BOMB)
        dst.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:'
                     'names:tc:opendocument:xmlns:manifest:1.0"/>')
    return target


def date_out_of_range(source: Path, target: Path, value: str = "-1e300") -> Path:
    """A cell formatted as a date whose number is no date at all: calamine panics converting it (a Rust panic
    reaches Python as a BaseException, and Rust prints its English to the process's stderr)."""
    import re

    with zipfile.ZipFile(source) as zf:
        styles = zf.read("xl/styles.xml").decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    styles = re.sub(r'<cellXfs count="\d+"', f'<cellXfs count="{count + 1}"', styles).replace(
        "</cellXfs>", '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>')
    middle = target.with_name(target.stem + ".styles.xlsx")
    add_member(source, middle, "xl/styles.xml", styles.encode())
    extra_row(middle, target, f'<row r="200"><c r="E200" s="{count}"><v>{value}</v></c></row>')
    middle.unlink()
    return target


def odd_compression(source: Path, target: Path, method: int = 9, encrypted: bool = False) -> Path:
    """The data sheet stored with a compression method the reader may not know (9: Deflate64), or flagged as
    encrypted: the bytes are the program's, only the archive's description of them changes."""
    with zipfile.ZipFile(source) as zf:
        member = data_sheet_member(zf)
    replace_member(source, target, member, lambda s: s.write(b"<worksheet/>"))
    data = bytearray(target.read_bytes())
    name = member.encode()
    for signature, method_at, flags_at, name_at in ((b"PK\x03\x04", 8, 6, 30), (b"PK\x01\x02", 10, 8, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = int.from_bytes(data[start + (26 if signature == b"PK\x03\x04" else 28):][:2], "little")
            if data[start + name_at:start + name_at + length] == name:
                data[start + method_at:start + method_at + 2] = method.to_bytes(2, "little")
                if encrypted:
                    data[start + flags_at] |= 1
            start += 4
    target.write_bytes(bytes(data))
    return target


def future_zip_version(source: Path, target: Path, version: int = 73) -> Path:
    """A workbook whose archive says its parts need ZIP version 7.3 to unpack (Python's zipfile raises its own
    NotImplementedError while merely listing them)."""
    data = bytearray(source.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6:central + 8] = version.to_bytes(2, "little")
    target.write_bytes(bytes(data))
    return target


def unclosed_tag(source: Path, target: Path, length: int = 50_000) -> Path:
    """A cell's tag that never closes (its attributes run into the next tag): a backtracking pattern would try every
    way of splitting them — exponential time on a few dozen bytes."""
    return with_sheet_edit(source, target, lambda t: t.replace(
        "</sheetData>", '<row r="300"><c r="A300" ' + "a" * length + '<v>1</v></c></row></sheetData>'))
