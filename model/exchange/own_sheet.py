"""A sheet written exactly as the program writes one, read without calamine: the region's merge reads two thousand
districts' `data` sheets, and for these the bounding scan and calamine cost about two thirds of a book.

The program's writer (model/base/sheet_rows.py, openpyxl for the header) gives a `data` sheet a fixed shape: the
workbook names it once in plain text, its relationship points to /xl/worksheets/sheetN.xml, it declares its size as
A1 to the sixth column of its last row, and its sheetData holds rows numbered 1, 2, 3… each holding cells A…F in
order, every cell an inline text (escaped with &amp; &lt; &gt; only, spaces at its ends only with xml:space) or a
number without a style; the book has no shared strings. `own_rows` reads such a sheet with one pattern over its text
and gives the rows calamine gives (the same values, the same types, empty cells as ""); anything else it declines
(None) and the book is bounded and read by calamine as before (model/exchange/sheet.py) — a book saved by Excel, a
changed one, a hostile one. Declining is never a refusal: whatever is wrong with such a book is said by the usual
path. The book's other parts (the printed sheets, styles) are read by no one on this path: the archive's checks
before it (sizes, places, parts named twice) are all they get.

Nothing here can allocate more than the part's size: the part is at most MAX_SHEET (checked from the archive's
directory before), the pattern is possessive (no backtracking on a row that does not close) and rows past MAX_ROWS
are declined, so the usual path refuses them in its own words. tests/model/exchange/test_own_sheet.py compares the
two readings on the program's books, on generated ones and on every way of writing a cell that the pattern must not
take for its own; tests/model/exchange/test_hostile_reader.py's books are refused as before.
"""

from __future__ import annotations

import re
import zipfile

# A text: no markup, no line's \r (a reader may change it), and no _x0041_, which calamine reads as «A»
_TEXT = r"[^<&\r_]*+(?:(?:&(?:amp|lt|gt);|_(?![xX][0-9a-fA-F]{4}_))[^<&\r_]*+)*+"
_NUMBER = r"(-?\d{1,17}+(?:\.\d{1,17}+)?+(?:e[-+]\d{1,3}+)?+)"  # as openpyxl writes a number ("%.16g")
# A text as the writer stores it: spaces, tabs or line ends at its ends only with xml:space="preserve" (calamine drops a
# text of them alone written without it), never empty (an empty text is a cell without one) nor of spaces alone
_STORED = (rf'<t>(?=[^ \t\n<])({_TEXT})(?<![ \t\n])</t>'
           rf'|<t xml:space="preserve">(?=[ \t\n]*+[^ \t\n<])({_TEXT})</t>')
COLUMNS = "ABCDEF"  # the data sheet's columns: section, code, field, period, value, note


def _cell(letter: str) -> str:
    """One cell of the column, in the row whose number group 2 holds: its text in one of two groups, or its number
    in the third."""
    return (rf'(?:<c r="{letter}\2"(?: s="\d{{1,5}}+")?+ t="inlineStr"(?: />|><is>(?:{_STORED})</is></c>)'
            rf'|<c r="{letter}\2" t="n"><v>{_NUMBER}</v></c>)?+')


_ROW = re.compile(r'(<row r="([1-9]\d{0,5}+)">' + "".join(_cell(c) for c in COLUMNS) + "</row>)")
_SHEET = re.compile(r'<sheet name="([^"<>&]*+)" sheetId="\d{1,5}+" state="(?:visible|hidden)" r:id="(rId\d{1,5}+)" />')
_RELATION = re.compile(r'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                       r'worksheet" Target="/(xl/worksheets/sheet\d{1,4}+\.xml)" Id="(rId\d{1,5}+)" />')
_TEXT_GROUPS = range(2, 2 + 3 * len(COLUMNS), 3)  # in a row's groups: each cell's text (two ways), then its number
_DIMENSION = re.compile(r'<dimension ref="A1:F([1-9]\d{0,5}+)" />')
_ENTITY = re.compile(r"&(amp|lt|gt);")
_CHARACTER = {"amp": "&", "lt": "<", "gt": ">"}


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda found: _CHARACTER[found.group(1)], text)


def _plain(raw: bytes) -> str | None:
    """A part's text, or None where a pattern could read it otherwise than an XML reader (declarations, entities
    other than the three, line ends that a reader may change)."""
    if b"<!" in raw or b"\r" in raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The member holding the sheet of this name, found as the program writes the workbook; None otherwise."""
    names = [m.filename for m in zf.infolist()]
    folded = {n.casefold() for n in names}
    if len(folded) != len(names) or "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names \
            or any("sharedstrings" in n for n in folded):  # the writer writes none: calamine would read them first
        return None
    workbook = _plain(zf.read("xl/workbook.xml"))
    relations = _plain(zf.read("xl/_rels/workbook.xml.rels"))
    if workbook is None or relations is None or "&" in workbook or ":sheet" in workbook:
        return None
    entries = _SHEET.findall(workbook)
    if len(entries) != workbook.count("<sheet ") or len(entries) != workbook.count("sheet name="):
        return None
    ids = [rid for name, rid in entries if name == sheet]
    if len(ids) != 1 or relations.count(f'Id="{ids[0]}"') != 1:
        return None
    target = [part for part, rid in _RELATION.findall(relations) if rid == ids[0]]
    return target[0] if len(target) == 1 and target[0] in names else None


def own_rows(zf: zipfile.ZipFile, sheet: str, max_rows: int) -> list[tuple] | None:
    """The sheet's rows if the program wrote it as it writes a `data` sheet (at most max_rows + 1 of them, the
    header's among them); None for any other book, which is then read the usual way."""
    part = _part(zf, sheet)
    if part is None:
        return None
    try:
        text = zf.read(part).decode("utf-8")
    except UnicodeDecodeError:
        return None
    start = text.find("<sheetData>") + len("<sheetData>")
    end = text.rfind("</sheetData>")
    if start < len("<sheetData>") or end < start:
        return None
    # around the rows: one sheetData, one declared size, nothing an XML reader would take otherwise than a pattern (the
    # rows themselves are checked by the pattern: nothing but its rows may stand between <sheetData> and </sheetData>)
    head, tail = text[:start], text[end:]
    dimension = _DIMENSION.findall(head)
    if "<!" in head or "<!" in tail or "\r" in head or head.count("sheetData") != 1 or tail.count("sheetData") != 1 \
            or len(dimension) != 1 or head.count("dimension") != 1 or "dimension" in tail \
            or text.count("<row ", start, end) > max_rows + 1:
        return None
    found = _ROW.findall(text, start, end)
    if sum(len(row[0]) for row in found) != end - start:  # the rows, one after another, are the whole sheetData
        return None
    rows: list[tuple] = []
    add = rows.append
    for n, row in enumerate(found, start=1):
        if row[1] != str(n):
            return None
        add(tuple([float(row[k + 2]) if row[k + 2] else row[k] or row[k + 1] for k in _TEXT_GROUPS]))
    if "&" in text[start:end]:
        rows = [tuple([_unescape(c) if type(c) is str and "&" in c else c for c in row]) for row in rows]
    # calamine's rectangle runs to the farthest cell that holds something: here, the header's sixth and the last row
    if not rows or not all(type(c) is str and c for c in rows[0]) or all(c == "" for c in rows[-1]) \
            or dimension[0] != str(len(rows)):  # the size the writer declares: A1 to the sixth column of the last row
        return None
    return rows
