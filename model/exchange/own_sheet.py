"""A sheet written exactly as the program writes one, read without calamine: the region's merge reads two thousand
districts' `data` sheets, and for these the bounding scan and calamine cost about two thirds of a book.

The program's writer (model/base/sheet_rows.py, openpyxl for the rest) gives a book a fixed shape: its parts named
once (however a reader folds case and «\\»), compressed by Deflate or stored, no shared strings; the package's
relationships name xl/workbook.xml; the workbook names the `data` sheet once, its relationship (one, of its id)
points to /xl/worksheets/sheetN.xml; those parts, the styles and the sheet around its rows are elements as the
writer writes them (attributes in double quotes, no declaration, instruction, comment or entity), each closed in
order; the sheet declares its size as A1 to the sixth column of its last row, and its sheetData holds rows numbered
1, 2, 3… each holding cells A…F in order, every cell an inline text (escaped with &amp; &lt; &gt; only, spaces at
its ends only with xml:space, no control character, no _x0041_) or a number in ASCII digits without a style.
`own_rows` reads such a sheet with one pattern over its text and gives the rows calamine gives (the same values,
the same types, empty cells as ""); anything else it declines (None) and the book is bounded and read by calamine
as before (model/exchange/sheet.py) — a book saved by Excel, a changed one, a hostile one. Declining is never a
refusal: whatever is wrong with such a book is said by the usual path. A reviewer made books to be read here
otherwise than calamine reads them (a second part under a «\\» name, a second `data` sheet or relationship written
another way, an instruction or an open quote hiding the rows from an XML reader, other digits, control characters,
other compression, broken styles, something after the end); each is a test now, and is declined.

Reading here allocates a few times the part's size at most (the part is at most MAX_SHEET, 16 MB, checked from the
archive's directory before; a 16 MB sheet of rows took ~80 MB), the patterns are possessive (no backtracking on a row
that does not close: a 16 MB part in about a second at worst) and rows past MAX_ROWS are declined, so the usual path
refuses them in its own words. tests/model/exchange/test_own_sheet.py compares the two readings on the program's
books, on generated ones and on every way of writing a cell that the pattern must not take for its own;
tests/model/exchange/test_hostile_reader.py's books are refused as before.
"""

from __future__ import annotations

import html
import re
import zipfile

# A text: no markup, no line's \r (a reader may change it), no control character (the writer stores none; the usual
# path refuses some), and no _x0041_, which calamine reads as «A»
_PLAIN = r"[^<&\r_\x00-\x08\x0b\x0c\x0e-\x1f]*+"
_TEXT = rf"{_PLAIN}(?:(?:&(?:amp|lt|gt);|_(?![xX][0-9a-fA-F]{{4}}_)){_PLAIN})*+"
_NUMBER = r"(-?[0-9]{1,17}+(?:\.[0-9]{1,17}+)?+(?:e[-+][0-9]{1,3}+)?+)"  # as openpyxl writes a number ("%.16g")
# A text as the writer stores it: spaces, tabs or line ends at its ends only with xml:space="preserve" (calamine drops a
# text of them alone written without it), never empty (an empty text is a cell without one) nor of spaces alone
_STORED = (rf'<t>(?=[^ \t\n<])({_TEXT})(?<![ \t\n])</t>'
           rf'|<t xml:space="preserve">(?=[ \t\n]*+[^ \t\n<])({_TEXT})</t>')
COLUMNS = "ABCDEF"  # the data sheet's columns: section, code, field, period, value, note


def _cell(letter: str) -> str:
    """One cell of the column, in the row whose number group 2 holds: its text in one of two groups, or its number
    in the third."""
    return (rf'(?:<c r="{letter}\2"(?: s="[0-9]{{1,5}}+")?+ t="inlineStr"(?: />|><is>(?:{_STORED})</is></c>)'
            rf'|<c r="{letter}\2" t="n"><v>{_NUMBER}</v></c>)?+')


_ROW = re.compile(r'(<row r="([1-9][0-9]{0,5}+)">' + "".join(_cell(c) for c in COLUMNS) + "</row>)")
_SHEET = re.compile(r'<sheet name="([^"<>&]*+)" sheetId="[0-9]{1,5}+" state="(?:visible|hidden)" '
                    r'r:id="(rId[0-9]{1,5}+)" />')
_RELATION = re.compile(r'<Relationship Type="([^"<>&]*+)" Target="([^"<>&]*+)" Id="([^"<>&]*+)" />')
_SHEET_PART = re.compile(r"/xl/worksheets/sheet[0-9]{1,4}+\.xml")
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKBOOK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
# Anything an XML reader takes for an element of this name, with or without a prefix, however spaced
_NAMED = {name: re.compile(name + r"[\s/>]") for name in ("sheet", "Relationship")}
_TEXT_GROUPS = range(2, 2 + 3 * len(COLUMNS), 3)  # in a row's groups: each cell's text (two ways), then its number
_DIMENSION = re.compile(r'<dimension ref="A1:F([1-9][0-9]{0,5}+)" />')
# A tag as the writer writes one (a name; attributes, each a space, a name, «="», a value without markup, «"»; a
# space before «/>»), or text without markup
_PIECE = re.compile(r'<(/?+)([A-Za-z][A-Za-z0-9_.:-]*+)(?: [A-Za-z][A-Za-z0-9_.:-]*+="[^"<>&]*+")*+( ?+/)?+>'
                    r'|[^<&]++')


def as_looked_up(name: str) -> str:
    """A part's name as a reader looks it up: «\\» as «/», case folded (two names the same this way are one part)."""
    return name.replace("\\", "/").casefold()


def _well_formed(text: str) -> bool:
    """Whether the text is elements as the writer writes them, each closed in its order, with plain text between
    them: no declaration, instruction, comment, entity, quote left open or stray «<» — nothing an XML reader could
    take otherwise than the patterns here (one hid a sheet's rows from calamine, which read none)."""
    at, open_elements = 0, []
    for piece in _PIECE.finditer(text):
        if piece.start() != at:
            return False
        at = piece.end()
        if piece.group(2) is None or piece.group(3):  # text, or an empty element
            continue
        if not piece.group(1):
            open_elements.append(piece.group(2))
        elif not open_elements or open_elements.pop() != piece.group(2):
            return False
    return at == len(text) and not open_elements


def _part_text(zf: zipfile.ZipFile, name: str) -> str | None:
    """A small part's text if it is well formed (see _well_formed) and holds no line's \r; None otherwise."""
    try:
        text = zf.read(name).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    return text if "\r" not in text and _well_formed(text) else None


def _relations(text: str) -> list[tuple[str, str, str]] | None:
    """Every relationship (type, target, id) a relationships part holds, or None if one is written otherwise."""
    found = _RELATION.findall(text)
    return found if len(_NAMED["Relationship"].findall(text)) == len(found) else None


def _part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The member holding the sheet of this name, found as the program writes the workbook; None otherwise."""
    members = zf.infolist()
    names = {m.filename for m in members}
    folded = {as_looked_up(n) for n in names}
    if len(folded) != len(members) or any("sharedstrings" in n for n in folded) \
            or any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or m.flag_bits & 1
                   for m in members):  # no shared strings (calamine reads them first), Excel's compression only
        return None
    root, relations = _part_text(zf, "_rels/.rels"), _part_text(zf, "xl/_rels/workbook.xml.rels")
    workbook, styles = _part_text(zf, "xl/workbook.xml"), _part_text(zf, "xl/styles.xml")
    if root is None or relations is None or workbook is None or styles is None:
        return None
    documents = _relations(root)
    if documents is None or [(kind, target) for kind, target, _ in documents if kind == _WORKBOOK] != [
            (_WORKBOOK, "xl/workbook.xml")]:
        return None
    entries = _SHEET.findall(workbook)
    ids = [rid for name, rid in entries if name == sheet]
    related = _relations(relations)
    if len(_NAMED["sheet"].findall(workbook)) != len(entries) or len(ids) != 1 or related is None:
        return None
    targets = [(kind, target) for kind, target, rid in related if rid == ids[0]]
    if len(targets) != 1 or targets[0][0] != _WORKSHEET or not _SHEET_PART.fullmatch(targets[0][1]):
        return None
    part = targets[0][1][1:]
    return part if part in names else None


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
    # around the rows: elements as the writer writes them, closed in order (sheetData opened at the head's end and
    # closed at the tail's start), one sheetData, one declared size; the rows themselves are checked by the pattern:
    # nothing but its rows may stand between <sheetData> and </sheetData>
    head, tail = text[:start], text[end:]
    dimension = _DIMENSION.findall(head)
    if head.count("sheetData") != 1 or tail.count("sheetData") != 1 or len(dimension) != 1 \
            or head.count("dimension") != 1 or "dimension" in tail or "\r" in head or "\r" in tail \
            or not _well_formed(head + tail) or text.count("<row ", start, end) > max_rows + 1:
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
    if text.find("&", start, end) >= 0:  # only &amp; &lt; &gt; pass the pattern
        rows = [tuple([html.unescape(c) if type(c) is str and "&" in c else c for c in row]) for row in rows]
    # calamine's rectangle runs to the farthest cell that holds something: here, the header's sixth and the last row
    if not rows or not all(type(c) is str and c for c in rows[0]) or all(c == "" for c in rows[-1]) \
            or dimension[0] != str(len(rows)):  # the size the writer declares: A1 to the sixth column of the last row
        return None
    return rows
