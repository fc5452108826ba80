"""Reading a sheet out of a spreadsheet file, refusing hostile, foreign or oversized files before they cost anything.

Reading goes through python-calamine (Rust's calamine): about 45 times faster than openpyxl on the region's forty
workbooks, and it does not expand XML entities. Before it sees a file, the archive is checked: a ZIP whose
declared unpacked size or worksheet size is implausible is refused, and a file that is not a workbook of ours
is named for what it is (an old .xls, an encrypted book, a LibreOffice .ods, a binary .xlsb, a damaged file).
Then the XML it would parse is streamed and bounded (scan_parts): calamine allocates a sheet's whole area up to its
farthest cell and reserves the shared strings' declared count, and a Rust abort is not an exception — one cell at
XFD1048576 in a 5 KB file killed the process. Every spreadsheet the program reads comes through read_sheet; a `data`
sheet exactly as the program writes it is read there by model/exchange/own_sheet.py instead, after the archive's
checks, and neither scanned nor given to calamine.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from model.base.faults import os_reason, sentence
from model.base.ru import format_count
from model.base.words import counted
from model.errors import ImportRefused
from model.exchange.biff import MAX_FILE as MAX_OLD_BOOK
from model.exchange.biff import scan_xls
from model.exchange.own_sheet import as_looked_up, own_rows

log = logging.getLogger("omsu.exchange")

DATA_SHEET = "data"
MAX_UNPACKED = 200 * 1024 * 1024  # a district's workbook is a few hundred kilobytes
MAX_SHEET = 16 * 1024 * 1024  # 50 000 rows of the data sheet take about 8 MB of XML
MAX_RATIO = 200  # deflate rarely beats 20:1 on real sheets; bombs go far past this
MAX_MEMBERS = 2000
MAX_ROWS = 50_000  # a district exports about 600 rows a quarter
MAX_COLUMNS = 60  # the data sheet has 6, the printed sheets 12, a list of municipalities a few: BH is generous
MAX_CELLS = 400_000  # cells written in one sheet: 50 000 rows of the data sheet are 300 000
MAX_STRINGS = 1_000_000  # shared strings, declared or present
MAX_SCANNED = 32 * 1024 * 1024  # the sheets' XML read by the pre-scan, all sheets together
# What calamine and python-calamine make of a book beyond its own size: a shared string is copied into every cell that
# names it (one of 8 MB named by 204 cells took 3 GB), and every sheet read is a full rectangle of cells up to its
# farthest one (40 sheets pointing at one part from A1 to BH50001 took 1,2 GB)
MAX_TEXT = 128 * 1024 * 1024  # the longest shared string times the cells that may name it
MAX_AREA = (MAX_ROWS + 1) * MAX_COLUMNS  # the cells of all the sheets read together: one full sheet's worth
_CHUNK = 1024 * 1024

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


def _regular(path: Path) -> None:
    """Refuse what is not a plain file before opening it: a pipe would wait forever, a device never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ImportRefused(sentence(f"Файл {path.name} не читается: {os_reason(exc)}")) from None
    if stat.S_ISDIR(mode):
        raise ImportRefused(f"{path.name} — папка, а не книга Excel (.xlsx)")
    if not stat.S_ISREG(mode):
        raise ImportRefused(f"{path.name} — не обычный файл (устройство или канал), а не книга Excel (.xlsx)")


EVERY_SHEET = "\0every"  # check_archive and scan_parts: every sheet is to be read (formulas checked in each)


def check_archive(path: Path, sheet: str | None = DATA_SHEET, other_formats: bool = False) -> None:
    """Refuse a file that is not an .xlsx of ours, or whose declared sizes are implausible, before parsing any XML;
    then bound what its sheets and shared strings ask for (see scan_parts) before a reader allocates anything.
    other_formats: a LibreOffice table (.ods) and an Excel 97–2003 book (.xls) are read too, bounded the same way
    (see scan_ods and model/exchange/biff.py)."""
    _checked(path, sheet, other_formats, own=False)


def _checked(path: Path, sheet: str | None, other_formats: bool, own: bool) -> list[tuple] | None:
    """check_archive; with `own`, a sheet the program wrote as it writes one (model/exchange/own_sheet.py) is read
    here, after the archive's checks and instead of the scan, and its rows returned (None: bounded for calamine)."""
    _regular(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportRefused(sentence(f"Файл {path.name} не читается: {os_reason(exc)}")) from None
    if other_formats and head.startswith(_OLE):
        try:
            if path.stat().st_size > MAX_OLD_BOOK:
                raise ImportRefused(f"Файл {path.name} занимает {path.stat().st_size // (1024 * 1024)} МБ — так много "
                                    "не бывает в книге программы; файл отклонён")
            data = path.read_bytes()
        except OSError as exc:
            raise ImportRefused(sentence(f"Файл {path.name} не читается: {os_reason(exc)}")) from None
        scan_xls(data, path.name, MAX_ROWS, MAX_COLUMNS, MAX_CELLS, MAX_STRINGS, MAX_TEXT)
        return None
    foreign = _foreign(path, head)
    if foreign:
        raise ImportRefused(foreign)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            names = {m.filename for m in members}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise ImportRefused(f"Файл {path.name} повреждён или обрезан (архив не читается до конца): вероятно, он "
                            "не докачался из почты — попросите прислать его заново") from None
    spreadsheet = mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet"
    if other_formats and spreadsheet and "content.xml" in names:
        _check_sizes(path, members)
        try:
            with zipfile.ZipFile(path) as zf:
                scan_ods(zf, path.name)
        except ImportRefused:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError, RuntimeError):
            raise ImportRefused(f"Файл {path.name} повреждён или обрезан (архив не читается до конца): вероятно, "
                                "он не докачался из почты — попросите прислать его заново") from None
        return None
    if b"opendocument" in mimetype.lower():
        raise ImportRefused(f"Файл {path.name} — таблица LibreOffice (.ods): {_SAVE_AS}")
    if "mimetype" in names or "content.xml" in names:  # calamine would read it as .ods by its name, unchecked
        raise ImportRefused(f"Файл {path.name} — архив, но не книга Excel (.xlsx): {_SAVE_AS}")
    if "xl/workbook.bin" in names:
        raise ImportRefused(f"Файл {path.name} — двоичная книга Excel (.xlsb): {_SAVE_AS}")
    if "xl/workbook.xml" not in names:
        raise ImportRefused(f"Файл {path.name} — архив, но не книга Excel (.xlsx)")
    _check_places(path, names)
    _check_sizes(path, members)
    try:
        with zipfile.ZipFile(path) as zf:
            if own and sheet is not None and (rows := own_rows(zf, sheet, MAX_ROWS)) is not None:
                return rows
            scan_parts(zf, path.name, sheet)
    except ImportRefused:
        raise
    except NotImplementedError:  # Deflate64, PPMd…: Excel writes Deflate only
        raise ImportRefused(f"Файл {path.name} сжат способом, которого Excel не использует: {_SAVE_AS}") from None
    except RuntimeError:  # a part flagged encrypted (ZIP's own password, not Excel's)
        raise ImportRefused(f"Часть книги {path.name} зашифрована паролем архива: программа не читает такие книги. "
                            "Попросите прислать книгу без пароля") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise ImportRefused(f"Файл {path.name} повреждён или обрезан (архив не читается до конца): вероятно, он "
                            "не докачался из почты — попросите прислать его заново") from None
    return None


# Parts calamine finds by a fixed name in the folder that `_rels/.rels` names for the workbook, reading the shared
# strings (reserving room for their declared count) before it looks for anything else: pointed elsewhere, it read
# parts the scan took for ornaments, and a declared count of four billion aborted the process. A book of any program
# keeps them in xl/ only.
_FIXED_PARTS = {"sharedstrings.xml": "xl/sharedstrings.xml", "styles.xml": "xl/styles.xml",
                "workbook.xml": "xl/workbook.xml", "workbook.xml.rels": "xl/_rels/workbook.xml.rels"}


def _check_places(path: Path, names: Iterable[str]) -> None:
    """Refuse a book that holds a workbook, its relationships, styles or shared strings anywhere but in xl/."""
    for name in names:
        where = as_looked_up(name)  # as a reader looks a part up, and broader
        place = _FIXED_PARTS.get(where.rpartition("/")[2])
        if place is not None and where != place:
            raise ImportRefused(sentence(f"Файл {path.name} повреждён или опасен: часть книги «{name[:80]}» лежит "
                                         "не на своём месте", "Попросите прислать книгу заново"))


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """The archive's parts: not too many, not too big unpacked, no XML part past a sheet's bound."""
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"Файл {path.name} содержит {counted(len(members), 'часть', 'части', 'частей')} — это "
                            "не книга, выгруженная программой")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise ImportRefused(f"Файл {path.name} при распаковке занял бы {unpacked // (1024 * 1024)} МБ — так много "
                            "не бывает в выгрузке программы; файл отклонён (возможно, он повреждён или опасен)")
    big = [m for m in members if m.file_size > MAX_SHEET and m.filename.lower().endswith((".xml", ".rels"))
           or m.filename.startswith("xl/worksheets/") and m.file_size > MAX_SHEET]
    if big:
        raise ImportRefused(f"Лист книги {path.name} занимает {big[0].file_size // (1024 * 1024)} МБ — в выгрузке "
                            f"программы не бывает больше {format_count(MAX_ROWS)} строк; файл отклонён")


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Every pattern below is possessive (*+, ++): on a tag that never closes a backtracking pattern would try every way of
# splitting its text — exponential time on a few dozen bytes, a file that hangs the reader.
# An element's prefix as calamine's XML reader (quick-xml) takes it: the name runs to a space, tab or line end and its
# local part starts after its first colon, so any other bytes may stand before that colon, or none (ж:c, a=:c, :c)
_P = rb"(?:(?:[^ \t\r\n<>:!?/][^ \t\r\n<>:]*+)?:)?"
_ATTRS = rb"((?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)"  # a tag's attributes; a quoted value may hold «>»
# A row or a cell and its attributes; the sheet's declared size; shared strings
# A name that may be a prefixed row, cell, string or formula: the quick bound declines a sheet holding one, whatever
# stands before the colon (the reader's name runs to a space: <a">":c r="…"> is a cell to it)
_MAYBE_PREFIXED = re.compile(rb":(?:c|row|si|f)[\s/>]")
_DIMENSION = re.compile(rb"<" + _P + rb"dimension(?=[\s/>])" + _ATTRS + rb">")
_SST = re.compile(rb"<" + _P + rb"sst(?=[\s/>])" + _ATTRS + rb">")
_SI = re.compile(rb"<" + _P + rb"si(?=[\s/>])")
_MAYBE_FORMULA = (re.compile(rb"<f"), re.compile(rb":f"))  # led by their text: sought as quickly as a byte
_FORMULA = re.compile(rb"<" + _P + rb"f(?=[\s/>])")
# A computed value: <v>…</v> with something in it, or Excel's explicit empty text (t="str" and <v></v>); openpyxl and
# other writers put an empty <v /> after a formula they could not compute
_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^<>/]*+)?+>[^<]")
_EMPTY_TEXT_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^<>/]*+)?+></" + _P + rb"v>")
# A cell that is opened (not self-closing) and its body up to its </c>; the body stops at any other cell's tag
_CELL_BODY = re.compile(rb"<" + _P + rb"c(?=[\s/>])((?:[^<>\"'/]++|\"[^\"]*+\"|'[^']*+')*+)>"
                        rb"((?:[^<]++|<(?!/?" + _P + rb"c[\s/>]))*+)</" + _P + rb"c>")
# r="…" first, then other attributes none of which is r: how Excel and the program write a row or a cell
_USUAL = re.compile(rb"""\s*+r="([^"]*+)"(?:\s++(?!r\s*=)[^\s="'<>/]++="[^"]*+")*+\s*+/?""")
# the usual kind of row and cell (how Excel and the program write them), every `r` attribute, every row and cell tag
_UNUSUAL_TAG = re.compile(rb'<(?:c|row)(?=[\s/>])(?! r=")')  # a row or cell whose first attribute is not `r`
# an `r` glued to the value before it, or spaced from its «=» (a pattern led by its text: sought as quickly as a byte)
_ODD_R = (re.compile(rb'"r *+='), re.compile(rb"'r *+="), re.compile(rb" r +=?"))
_LINE_SPACES = (b"\t", b"\n", b"\r")  # around an `r`, calamine still reads it (an Excel sheet has a line end only after
# its XML declaration, and a text may hold them: a piece is declined only where one stands beside an `r`)
# What makes a pattern read a part otherwise than calamine's XML reader (quick-xml), which a writer of workbooks never
# writes: a comment, CDATA or processing instruction (their text is no markup to the reader, a quote in it is to a
# pattern), control characters (XML has none; \x0c ends no name for the reader, a \s does for a pattern) and a «<»
# inside a tag outside quotes (the reader takes it as a letter of the tag, a pattern misses the whole tag)
_MARKUP = re.compile(rb"<[!?]")
# A tag as quick-xml reads one from its «<»: a start (or empty) tag runs to the first «>» outside quotes, an end tag to
# the first «>»; neither holds a «<» (a start tag's, outside quotes, is refused: the reader would read it as a letter)
_TAG = re.compile(rb"""<([^<>"'/!?][^<>"']*+(?:(?:"[^"]*+"|'[^']*+')[^<>"']*+)*+|/[^>]*+)>""")
_NAME_END = re.compile(rb"[ \t\r\n]")  # a tag's name runs to its first space, tab or line end
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BARE_LT = re.compile(rb"""<[^!?/<>"'][^<>"']*+(?:(?:"[^"]*+"|'[^']*+')[^<>"']*+)*+<""")
_ATTR = re.compile(rb"""(?:^|\s)([^\s="'<>/]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_LIMITS = (f"в выгрузке программы не больше {format_count(MAX_ROWS)} строк и "
           f"{counted(MAX_COLUMNS, 'столбца', 'столбцов', 'столбцов')}")


def _attributes(text: bytes) -> dict[str, bytes]:
    """An element's attributes by local name (a prefix such as r: dropped), with those only calamine's reading
    finds (glued to the one before: name="a"r:id="b"). Where a bound depends on one, see _values and _most."""
    found = {m.group(1).decode("ascii", "replace").rpartition(":")[2]: m.group(2) if m.group(2) is not None
             else m.group(3) for m in _ATTR.finditer(text)}
    for key, value in _raw_attributes(text):
        found.setdefault(key.decode("ascii", "replace").rpartition(":")[2], value)
    return found


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _letters(column: int) -> str:
    """A column's letters: 5 → E, 60 → BH."""
    out = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


# letters → column number for the columns allowed (a cell elsewhere is refused, not looked up)
_COLUMNS = {_letters(n).encode(): n for n in range(1, MAX_COLUMNS + 1)}


def up_to(limit: int) -> bytes:
    """A pattern for the whole numbers 1…limit written without leading zeros (50001: 1–4 digits, 1xxxx–4xxxx,
    50000, 50001)."""
    digits = str(limit)
    parts = [b"[1-9][0-9]{0,%d}" % (len(digits) - 2)] if len(digits) > 1 else []
    for at, digit in enumerate(digits):
        low = 1 if at == 0 else 0
        if int(digit) - 1 >= low:
            parts.append(f"{digits[:at]}[{low}-{int(digit) - 1}]{'[0-9]' * (len(digits) - at - 1)}".encode())
    return b"(?:" + b"|".join(parts + [digits.encode()]) + b")"


def _letters_of(columns: Iterable[bytes]) -> bytes:
    """A pattern for these columns' letters, grouped by all but the last (for A…BH: [A…Z]|A[A…Z]|B[A…H])."""
    last: dict[bytes, list[bytes]] = {}
    for letters in columns:
        last.setdefault(letters[:-1], []).append(letters[-1:])
    return b"(?:" + b"|".join(head + b"[" + b"".join(sorted(ends)) + b"]" for head, ends in sorted(last.items())) + b")"


# a usual row or cell whose reference is not within the bounds (or is written with leading zeros: the
# element-by-element scan takes those)
_FAR_USUAL = re.compile(rb'<c r="(?!' + _letters_of(_COLUMNS) + up_to(MAX_ROWS + 1) + rb'")|<row r="(?!' +
                        up_to(MAX_ROWS + 1) + rb'")')


def _where(column: int, row: int) -> str:
    """A cell in words: «ячейка BI2» while its letters are short, else by the numbers of its column and row."""
    if column <= 26 * 27:
        return f"ячейка {_letters(column)}{row}"
    return f"ячейка в столбце {format_count(column)}, строке {format_count(row)}"


def _cell_ref(value: bytes) -> tuple[int, int] | None:
    """(column, row) of a reference such as BH17, or None if it is not one."""
    found = _REF.fullmatch(value.strip())
    return (_column_number(found.group(1)), int(found.group(2))) if found else None


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """A part's XML, whole: every part a reader parses is at most MAX_SHEET (see _check_sizes), and a piece cut before
    a «<» could cut a tag where that «<» stands in a quoted value (a="<row"): a far cell after it was seen by no
    pattern. Only a larger part, which only the search for a DTD reads (a «<!DOCTYPE» is never cut: it holds one
    «<»), comes in pieces that each end before a «<»."""
    carry = b""
    with zf.open(member) as stream:
        if zf.getinfo(member).file_size <= MAX_SHEET:
            yield stream.read(MAX_SHEET + 1)  # the archive gives no more than the size it declares
            return
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            buffer = carry + chunk
            cut = buffer.rfind(b"<row")  # a row whole where rows are short: a cell is not cut from its value
            if cut <= 0 or len(buffer) - cut > 2 * _CHUNK:
                cut = buffer.rfind(b"<")
            if cut <= 0:
                carry = buffer
                continue
            carry = buffer[cut:]
            yield buffer[:cut]
    if carry:
        yield carry


class _Scan:
    """What one part asks a reader to allocate, bounded as it streams past; refusals name the file and the sheet."""

    def __init__(self, file: str, where: str) -> None:
        self.file, self.where = file, where
        self.column = self.cells = self.strings = self.longest = 0
        self.far_row = self.far_column = 0  # the farthest cell's row and column (followed tag by tag only)
        self.at = 0  # where in the part the tag `tags` gave last begins
        self.row = 1  # where a cell without a reference goes, as calamine places it: row 1 until a row says otherwise

    def refuse(self, what: str) -> ImportRefused:
        return ImportRefused(sentence(f"{self.where} книги {self.file}: {what}",
                                      "Файл отклонён: он повреждён или опасен — попросите прислать книгу заново"))

    def plain(self, chunk: bytes) -> None:
        """Refuse a part that a pattern would read otherwise than calamine's XML reader (see _MARKUP): before any
        pattern takes its tags one by one. The XML declaration at its start is let through."""
        start = 3 if chunk.startswith(b"\xef\xbb\xbf") else 0
        if any(found.start() != start or found.group() != b"<?" for found in _MARKUP.finditer(chunk)):
            raise self.refuse("в разметке есть комментарий или служебная вставка — так книги не пишет ни Excel, "
                              "ни программа")
        if _CONTROL.search(chunk):
            raise self.refuse("в разметке есть управляющие символы, которых не бывает в XML")
        if _BARE_LT.search(chunk):
            raise self.refuse("в одном из тегов разметки стоит лишний знак «<»")

    def tags(self, part: bytes) -> Iterator[tuple[bool, bytes, bytes, bool, bytes]]:
        """A whole part's tags as calamine's XML reader (quick-xml) meets them, text between them passed over: (an end,
        the local name — after the first colon —, the attributes, an empty element, the whole name). An empty
        element `<x/>` comes as its start and its end, as calamine asks the reader for. What the reader would take
        otherwise than this (see plain), or a tag that does not close, is refused."""
        self.plain(part)
        start = 3 if part.startswith(b"\xef\xbb\xbf") else 0
        at = part.find(b"?>", start) + 2 if part.startswith(b"<?", start) else 0  # past the XML declaration
        find, tag, name_end = part.find, _TAG.match, _NAME_END.search
        self.at = 0
        while (at := find(b"<", at)) >= 0:
            found = tag(part, at)
            if found is None:
                raise self.refuse("разметка не читается: один из тегов не закрыт или в нём лишний знак «<»")
            self.at, (content, at) = at, (found.group(1), found.end())  # where the tag begins; `at`: where it ends
            if content[:1] == b"/":
                name = content[1:].rstrip(b" \t\r\n")
                yield True, name.partition(b":")[2] if b":" in name else name, b"", False, name
                continue
            empty = content[-1:] == b"/"
            if empty:
                content = content[:-1]
            space = name_end(content)
            name = content[:space.start()] if space else content
            local = name.partition(b":")[2] if b":" in name else name
            yield False, local, content[len(name):], empty, name
            if empty:
                yield True, local, b"", False, name

    def no_dtd(self, chunk: bytes) -> None:
        if _DTD.search(chunk):
            raise ImportRefused(sentence(f"{self.where} книги {self.file} не читается: в нём объявлены XML-сущности "
                                         "(так устроены «XML-бомбы»)", "Файл отклонён"))

    def sheet(self, chunk: bytes, tag_by_tag: bool = False) -> None:
        """Every row's and cell's place, written or implied, as calamine places them: a cell without `r` goes to the
        column after the last cell's and to the row of the last row's start that has a number, or one row further
        for each row's end since (an end, not a start, sends the next cell back to column A — rows left unclosed
        pushed cells far right)."""
        self.no_dtd(chunk)
        at = chunk.find(b"dimension")
        while at >= 0:  # the pattern tried only where the word is: from every «<» it costs milliseconds a sheet
            found = _DIMENSION.match(chunk, chunk.rfind(b"<", 0, at) if at else 0)
            for ref in (set(_values(found.group(1), b"ref")) or {b""}) if found else ():
                self._dimension(ref)
            at = chunk.find(b"dimension", at + 1)
        if not tag_by_tag and not _MAYBE_PREFIXED.search(chunk) and self._usual(chunk):
            return
        limit, columns, usual, digits = MAX_ROWS + 1, _COLUMNS, _USUAL.fullmatch, b"0123456789"
        row, column, cells = self.row, self.column, self.cells  # locals: a sheet has up to a million cells
        inside = _Inside()
        for end, name, attrs, _, whole in self.tags(chunk):  # one by one: a list of a 16 MB sheet's tags would take
            if inside.cell and inside.within(end, name, whole, self):  # gigabytes
                continue
            if name != b"c" and name != b"row":
                if name == b"dimension" and not end:
                    for ref in set(_values(attrs, b"ref")) or {b""}:
                        self._dimension(ref)
                continue
            if end:
                if name == b"row":  # a row's end
                    row, column = row + 1, 0
                continue
            r = usual(attrs) if attrs else None
            value = r.group(1) if r is not None else self._reference(attrs) if attrs else None
            if name == b"row":
                if value is not None:
                    self.row = row
                    self._row(value)
                    row = self.row
                continue
            cells += 1
            inside.cell = True
            if value is None:
                column += 1
                if column > MAX_COLUMNS or row > MAX_ROWS + 1 or cells > MAX_CELLS:
                    self.cells = cells
                    self._far(column, row, None)
                self.far_row, self.far_column = max(self.far_row, row), max(self.far_column, column)
                continue
            letters = value.rstrip(digits)
            number = value[len(letters):]
            column = columns.get(letters, 0)
            if not column or not number or len(number) > 6 or int(number) > limit or cells > MAX_CELLS:
                self.cells = cells
                column = self._odd(value)
            place = _cell_ref(value)
            if place is not None:
                self.far_row, self.far_column = max(self.far_row, place[1]), max(self.far_column, place[0])
        self.row, self.column, self.cells = row, column, cells

    def _usual(self, chunk: bytes) -> bool:
        """The quick bound of a piece written the usual way — every row and cell with its own `r="…"` first and
        within the bounds, no other `r` anywhere (none after another attribute with or without a space, none spaced
        from its «=»), no prefix, no form feed, no tab or line end beside an `r` — in C-speed passes over the whole
        piece; False (nothing counted) for any other piece, which the element-by-element scan then takes and whose
        refusal names the cell. A tag that is not the usual kind makes the counts differ, so a far cell cannot hide
        behind a near one. The piece is a whole sheet (see _chunks): with every cell's place written, where a next
        one without it would go is not followed."""
        if b"\x0b" in chunk or b"\x0c" in chunk or any(pattern.search(chunk) for pattern in _ODD_R) or any(
                space in chunk and (space + b"r" in chunk or b"r" + space in chunk) for space in _LINE_SPACES):
            return False
        cells, rows = chunk.count(b'<c r="'), chunk.count(b'<row r="')
        if chunk.count(b" r=") != cells + rows or self.cells + cells > MAX_CELLS or _UNUSUAL_TAG.search(chunk) \
                or _FAR_USUAL.search(chunk):
            return False
        self.cells += cells
        return True

    def _reference(self, attrs: bytes) -> bytes | None:
        """The `r` of an element written otherwise (other attributes first, spaces, a prefix, no space before it:
        t="n"r="…", which calamine reads); two are refused, as is one that the two readings see differently: a
        scan that took another than calamine's would not see a far cell."""
        ours = [m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(attrs)
                if m.group(1) == b"r"]
        theirs = [value for key, value in _raw_attributes(attrs) if key.rpartition(b":")[2] == b"r"]
        found = max(ours, theirs, key=len)
        if len(found) > 1 or len(set(ours + theirs)) > 1:
            count = max(len(found), 2)
            raise self.refuse(f"у одной из ячеек или строк {counted(count, 'адрес', 'адреса', 'адресов')} сразу")
        return found[0] if found else None

    def _odd(self, value: bytes) -> int:
        """The column of a reference the quick path did not take (lowercase, $), or the refusal of a bad one."""
        place = _REF.fullmatch(value.strip())
        if place is not None and self.cells <= MAX_CELLS:
            column, row = _column_number(place.group(1)), int(place.group(2))
            if column <= MAX_COLUMNS and row <= MAX_ROWS + 1:
                return column
        self._far(0, 0, value)
        return 0

    def formulas(self, chunk: bytes) -> None:
        """A formula whose result was never computed (a book written by a program, not saved by Excel) would be read
        as an empty cell: the value the district saw is not in the file."""
        if not (_MAYBE_FORMULA[0].search(chunk) or _MAYBE_FORMULA[1].search(chunk)) or not _FORMULA.search(chunk):
            return
        for attrs, body in _CELL_BODY.findall(chunk):
            if _FORMULA.search(body) and not _VALUE.search(body) and not (
                    _attributes(attrs).get("t") == b"str" and _EMPTY_TEXT_VALUE.search(body)):
                ref = _attributes(attrs).get("r")
                place = _cell_ref(ref) if ref else None
                where = (f"строка {place[1]}, столбец {_letters(place[0])}" if place else "одна из ячеек")
                raise ImportRefused(sentence(
                    f"{self.where} книги {self.file}, {where}: формула без вычисленного значения (книгу записала "
                    "не Excel или её не пересчитали)", "Откройте книгу в Excel или LibreOffice Calc, пересчитайте "
                    "(F9), сохраните и загрузите снова"))

    def strings_part(self, chunk: bytes) -> None:
        """The shared strings: calamine reserves room for the count they declare."""
        self.no_dtd(chunk)
        # every <sst> a pattern finds, and the first the reader meets (calamine takes its count and reads no other)
        first = next((attrs for end, name, attrs, _, _ in self.tags(chunk) if name == b"sst" and not end), b"")
        for attrs in [first] + [found.group(1) for found in _SST.finditer(chunk)] if b"sst" in chunk else ():
            for declared in _values(attrs, b"count") + _values(attrs, b"uniqueCount"):
                declared = declared.strip()
                if not declared.isdigit() or len(declared) > 12 or int(declared) > MAX_STRINGS:
                    raise self.refuse(f"объявлено {declared[:20].decode('ascii', 'replace')} строк текста, "
                                      f"а допустимо не больше {format_count(MAX_STRINGS)}")
        starts = [found.start() for found in _SI.finditer(chunk)]
        self.strings += len(starts)
        self.longest = max((end - start for start, end in zip(starts, starts[1:] + [len(chunk)], strict=True)),
                           default=0)
        if self.strings > MAX_STRINGS:
            raise self.refuse(f"больше {format_count(MAX_STRINGS)} строк текста")

    def _far(self, column: int, row: int, value: bytes | None) -> None:
        """Refuse the cell that broke a bound (a reference that is not one included)."""
        if self.cells > MAX_CELLS:
            raise self.refuse(f"больше {format_count(MAX_CELLS)} ячеек")
        if value is not None:
            place = _cell_ref(value)
            if place is None:
                raise self.refuse(f"адрес ячейки «{value[:20].decode('utf-8', 'replace')}» не читается")
            raise self.refuse(f"{_where(*place)} далеко за пределами выгрузки ({_LIMITS})")
        raise self.refuse(f"ячейка {format_count(column)}-го столбца строки {format_count(row)} далеко за пределами "
                          f"выгрузки ({_LIMITS})")

    def _row(self, value: bytes) -> None:
        """A row's start with its number: its cells without a reference go there (the column is not reset here)."""
        if value.strip().isdigit() and len(value.strip()) <= 9:
            self.row = int(value)
        else:
            raise self.refuse(f"номер строки «{value[:20].decode('utf-8', 'replace')}» не читается")
        if self.row > MAX_ROWS + 1:
            raise self.refuse(f"строка {format_count(self.row)} далеко за пределами выгрузки ({_LIMITS})")

    def _dimension(self, ref: bytes) -> None:
        for corner in ref.split(b":"):
            place = _cell_ref(corner)
            if place is None:
                raise self.refuse(f"размер листа «{ref[:30].decode('utf-8', 'replace')}» не читается")
            column, row = place
            if row > MAX_ROWS + 1 or column > MAX_COLUMNS:
                raise self.refuse(f"объявлен размер листа до столбца {format_count(column)} и строки "
                                  f"{format_count(row)}, далеко за пределами выгрузки ({_LIMITS})")


# Inside a cell's value calamine reads on to the value's end, whatever it holds: a row's end or start there is none
_STRUCTURE = frozenset((b"c", b"row", b"v", b"f", b"is", b"sheetData", b"worksheet"))


class _Inside:
    """Where in a cell calamine's reading of a sheet stands (its cells reader): between a cell's start and the first
    end of a `c` it meets, every start is a value — <v>, <f> or <is>, read on to that value's end (any other is an
    error to it) — and every other end is passed over. A row's tag inside a cell, or inside its value, is no row to
    calamine: the sheet's scan must not take it for one (a hidden </row> sent the scan's column back to A while
    calamine's grew). Inside a value no tag of the sheet's structure is let through (a reader that ended the value
    elsewhere would read it); inside a text's <t> (of an <is>) no tag at all."""

    def __init__(self) -> None:
        self.cell = False
        self.value: bytes | None = None  # the whole name of the value being read
        self.text: bytes | None = None  # the whole name of the <t> being read inside an <is>
        self.phonetic = False

    def within(self, end: bool, name: bytes, whole: bytes, scan: _Scan) -> bool:
        """Take one tag met inside a cell; False once the cell has ended (its end is for the scan to see)."""
        if self.text is not None:
            if not (end and whole == self.text):
                raise scan.refuse("в тексте ячейки записана разметка — так книги не пишет ни Excel, ни программа")
            self.text = None
        elif self.value is not None:
            if end and whole == self.value:
                self.value = None
            elif name in _STRUCTURE or self.value.rpartition(b":")[2] != b"is":
                raise scan.refuse("в значении ячейки записана разметка — так книги не пишет ни Excel, ни программа")
            elif name == b"rPh":
                self.phonetic = not end
            elif name == b"t" and not end and not self.phonetic:
                self.text = whole
        elif end:
            if name == b"c":
                self.cell = False
                return False
        elif name in (b"v", b"f", b"is"):
            self.value, self.phonetic = whole, False
        else:
            raise scan.refuse("в ячейке записана разметка, которой не бывает в книге Excel")
        return True


def _check_amplified(file: str, sheets: list[_Scan], strings: list[_Scan], read: int) -> None:
    """Refuse a book whose few bytes calamine would make gigabytes of: its longest shared string copied into as many
    cells as a sheet has (`read`: how many sheets are read, each as big as the biggest), or, every sheet read, the
    full rectangles of its sheets."""
    cells = max((scan.cells for scan in sheets), default=0) * read
    longest = max((scan.longest for scan in strings), default=0)
    if cells * longest > MAX_TEXT:
        raise ImportRefused(sentence(
            f"Книга {file}: строка текста длиной {format_count(longest)} байт может стоять в "
            f"{format_count(cells)} ячейках — прочитанная, книга заняла бы больше "
            f"{MAX_TEXT // (1024 * 1024)} МБ памяти", "Файл отклонён: он повреждён или опасен"))
    area = max((scan.far_row * scan.far_column for scan in sheets), default=0) * read
    if read > 1 and area > MAX_AREA:
        raise ImportRefused(sentence(
            f"Книга {file}: {counted(read, 'лист', 'листа', 'листов')} до {format_count(area)} ячеек вместе — "
            f"больше, чем бывает в книге программы ({format_count(MAX_AREA)})", "Файл отклонён"))


def _part_name(target: str) -> str:
    """Where a relationship of the workbook points inside the archive (as a reader resolves it)."""
    target = target.replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else target if target.startswith("xl/") else "xl/" + target
    return posixpath.normpath(path)


def _part_names(target: bytes) -> set[str]:
    """Every part a relationship's target may stand for: read as above, and as calamine's own code reads it — the text
    as written (entities not replaced), after «xl/» or from the archive's root, nothing normalised."""
    out = set()
    for text in {target.decode("utf-8", "replace"), html.unescape(target.decode("utf-8", "replace"))}:
        out |= {_part_name(text), text[1:] if text.startswith("/") else "xl/" + text}
    return out


_SPACE = b" \t\n\r\x0c"


def _raw_attributes(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """An element's attributes as calamine reads them (its RawAttrIter): the key is whatever stands before «=», the
    value the quoted text after it, and no space is needed between one attribute and the next; a key without «=» or
    a value without quotes ends them."""
    pos, end = 0, len(raw)
    while True:
        while pos < end and raw[pos] in _SPACE:
            pos += 1
        equals = raw.find(b"=", pos)
        if pos >= end or equals < 0:
            return
        key, pos = raw[pos:equals].rstrip(_SPACE), equals + 1
        while pos < end and raw[pos] in _SPACE:
            pos += 1
        if pos >= end or raw[pos] not in b"\"'":
            return
        close = raw.find(raw[pos:pos + 1], pos + 1)
        close = end if close < 0 else close
        yield key, raw[pos + 1:close]
        pos = close + 1


def _values(raw: bytes, name: bytes) -> list[bytes]:
    """Every value an attribute of this local name has in an element, read either way (ours and calamine's)."""
    found = [value for key, value in _raw_attributes(raw) if key.rpartition(b":")[2] == name]
    return found + [m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(raw)
                    if m.group(1).rpartition(b":")[2] == name]


def scan_parts(zf: zipfile.ZipFile, file: str, sheet: str | None = DATA_SHEET) -> None:
    """Stream the XML a reader parses and bound what it asks for before the reader sees it: no DTD or entity
    anywhere; in every sheet the declared size, each cell's place (written or implied) and the number of cells;
    the shared strings' declared and real count; in the sheet to be read (`sheet`, None: the first), no formula
    without its computed value. Calamine allocates a sheet's whole area from its farthest cell
    (one cell at XFD1048576 aborts the process) and reserves the declared count of shared strings."""
    names = {m.filename for m in zf.infolist()}
    member_of = {as_looked_up(n): n for n in names}  # a part as a reader may look it up
    if len(member_of) != len(zf.infolist()):  # which of two a reader takes is its own affair: neither is read
        raise ImportRefused(sentence(f"Файл {file} повреждён или опасен: одна и та же часть книги записана в нём "
                                     "дважды", "Попросите прислать книгу заново"))

    def member(target: str) -> str | None:
        return member_of.get(as_looked_up(target))
    relations: dict[str, tuple[str, str]] = {}
    titles: dict[str, str] = {}
    order: list[str] = []  # the sheets' parts in the workbook's order
    read_as_sheets: set[str] = set()  # every part a sheet's relationship may point to, however a reader resolves it
    entries = 0  # the workbook's sheets, each read whole by read_sheets (two may point to one part)
    for part in ("xl/_rels/workbook.xml.rels", "xl/workbook.xml"):
        if part not in names:
            continue
        scan = _Scan(file, "Описание книги" if part.endswith(".xml") else "Связи листов")
        for chunk in _chunks(zf, part):
            scan.no_dtd(chunk)
            for end, element, raw, _, _ in scan.tags(chunk):  # as the reader meets them
                if end or element not in (b"Relationship", b"sheet"):
                    continue
                attrs = _attributes(raw)
                if element == b"Relationship":
                    if any(kind.strip().lower().endswith(b"sheet") for kind in _values(raw, b"Type")):
                        read_as_sheets.update(*(_part_names(t) for t in _values(raw, b"Target")))
                    relations[attrs.get("Id", b"").decode("utf-8", "replace")] = (
                        _part_name(html.unescape(attrs.get("Target", b"").decode("utf-8", "replace"))),
                        attrs.get("Type", b"").decode("utf-8", "replace").rpartition("/")[2])
                elif part.endswith(".xml"):
                    entries += 1
                if element == b"sheet" and "id" in attrs and "name" in attrs:
                    target = relations.get(attrs["id"].decode("utf-8", "replace"))
                    if target:
                        titles[target[0]] = html.unescape(attrs["name"].decode("utf-8", "replace"))
                        order.append(target[0])
    titles = {m: title for target, title in titles.items() if (m := member(target))}
    order = [m for target in order if (m := member(target))]
    sheets = {n for key, n in member_of.items() if key.startswith("xl/worksheets/") and not key.endswith(".rels")}
    sheets |= set(order)  # whatever type its relationship claims, a sheet of the workbook is a sheet
    sheets |= {m for target, kind in relations.values() if kind.endswith("sheet") and (m := member(target))}
    sheets |= {m for target in read_as_sheets if (m := member(target) or (target if target in names else None))}
    wanted = ["xl/sharedStrings.xml"] + [t for t, kind in relations.values() if kind == "sharedStrings"]
    strings = {m for target in wanted if (m := member(target))} - sheets
    others = {n for n in names if n.lower().endswith((".xml", ".rels"))} - sheets - strings
    total = sum(zf.getinfo(n).file_size for n in sheets | strings)
    if total > MAX_SCANNED:
        raise ImportRefused(f"Листы книги {file} занимают {total // (1024 * 1024)} МБ — в выгрузке программы не "
                            f"бывает больше {format_count(MAX_ROWS)} строк; файл отклонён")
    scans: dict[str, _Scan] = {}
    for part in sorted(sheets) + sorted(strings):
        where = f"Лист «{titles[part]}»" if part in titles else "Список строк текста" if part in strings else \
            "Один из листов"
        scan = scans[part] = _Scan(file, where)
        read = sheet == EVERY_SHEET or (part == (order[0] if order else None) if sheet is None
                                        else titles.get(part) == sheet)
        for chunk in _chunks(zf, part):
            if part in strings:
                scan.strings_part(chunk)
                continue
            scan.sheet(chunk, tag_by_tag=sheet == EVERY_SHEET)  # every sheet read: each one's rectangle is followed
            if read:
                scan.formulas(chunk)
    _check_amplified(file, [scans[part] for part in sheets], [scans[part] for part in strings],
                     max(entries, len(sheets)) if sheet == EVERY_SHEET else 1)
    for part in sorted(others):  # styles, themes, properties: read by the reader too; no DTD there either
        scan = _Scan(file, "Служебная часть")
        for chunk in _chunks(zf, part):
            scan.no_dtd(chunk)


MAX_SPACES = 1_000_000  # spaces a table's <text:s> elements stand for, all together: a reader writes each one out


def scan_ods(zf: zipfile.ZipFile, file: str) -> None:
    """Bound what a LibreOffice table asks a reader for before the reader sees it: no DTD or entity in any XML part;
    in content.xml every filled cell's place, repeats counted (a row or a cell «repeated» a million times is one
    element), the number of filled cells and the spaces that <text:s text:c="…"/> stands for (a reader writes them
    out: ten bytes of XML, a gigabyte of text). Empty cells repeated to the sheet's edge, as LibreOffice writes them,
    cost a reader nothing and are let through."""
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rdf")) or info.filename == "content.xml":
            continue
        scan = _Scan(file, "Служебная часть")
        for chunk in _chunks(zf, info.filename):
            scan.no_dtd(chunk)
    scan = _Scan(file, "Таблица")
    row = column = rows_repeated = cells = depth = spaces = 0
    in_row, text, open_cells = False, 0, list[tuple[int, int]]()  # (where a cell's content begins, its copies)
    for chunk in _chunks(zf, "content.xml"):
        scan.no_dtd(chunk)
        for end, name, attrs, empty, _ in scan.tags(chunk):  # as the reader meets them (any prefix: more than it reads)
            if name == b"s" and not end:
                count = (_most(attrs, b"c") or b"1").strip()
                spaces += int(count) if count.isdigit() and len(count) <= 9 else MAX_SPACES + 1
                if spaces > MAX_SPACES:
                    raise scan.refuse(f"в тексте ячеек записано больше {format_count(MAX_SPACES)} пробелов")
                continue
            if name not in _ODS_NAMES:
                continue
            if end:
                if name == b"table-row":
                    row, in_row = row + rows_repeated, False
                elif name == b"table":
                    depth -= 1
                elif open_cells:  # a cell's end: calamine copies its text into every repeat of it and of its row
                    begins, copies = open_cells.pop()
                    text += max(scan.at - begins, 0) * copies
                    if text > MAX_TEXT:
                        raise scan.refuse(f"текст ячеек, повторённых в таблице, занял бы больше "
                                          f"{MAX_TEXT // (1024 * 1024)} МБ памяти")
                continue
            if name == b"table":
                depth += 1
                if depth > 1:  # a table inside a cell: its rows count on in the sheet's (a reader may take them so)
                    continue
                row = column = 0
                name_given = _attributes(attrs).get("name", b"")
                scan.where = f"Лист «{html.unescape(name_given.decode('utf-8', 'replace'))[:40]}»"
                continue
            if name == b"table-row":
                # a row begun inside a row is no row to calamine (it reads the cells on into the first, to its end):
                # the first's repeats and columns go on
                if not in_row:
                    rows_repeated, column, in_row = _repeat(scan, _most(attrs, b"number-rows-repeated")), 0, True
                continue
            repeat = _repeat(scan, _most(attrs, b"number-columns-repeated"))
            open_cells.append((scan.at, repeat * max(rows_repeated, 1)))  # from its start tag: more, never less
            if b"value-type" in attrs or not empty:
                cells += repeat * max(rows_repeated, 1)
                if column + repeat > MAX_COLUMNS or row + rows_repeated > MAX_ROWS + 1 or cells > MAX_CELLS:
                    scan.cells = cells
                    if cells > MAX_CELLS:
                        raise scan.refuse(f"больше {format_count(MAX_CELLS)} ячеек")
                    raise scan.refuse(f"заполненная ячейка {format_count(column + repeat)}-го столбца строки "
                                      f"{format_count(row + rows_repeated)} далеко за пределами выгрузки ({_LIMITS})")
            column += repeat


_ODS_NAMES = frozenset((b"table", b"table-row", b"table-cell", b"covered-table-cell"))


def _most(attrs: bytes, name: bytes) -> bytes | None:
    """The largest of the values an attribute of this local name has, read either way (a reader may take any of
    them: calamine takes the first written, and reads attributes glued together); one that is not a number first,
    to be refused."""
    values = [value.strip() for value in _values(attrs, name)]
    odd = [value for value in values if not value.isdigit() or len(value) > 9]
    return odd[0] if odd else max(values, key=int, default=None)


def _repeat(scan: _Scan, value: bytes | None) -> int:
    if value is None:
        return 1
    value = value.strip()
    if not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise scan.refuse(f"число повторов «{value[:20].decode('utf-8', 'replace')}» не читается")
    return int(value)


@contextmanager
def _rust_quiet() -> Iterator[None]:
    """Rust's panic hook writes its English (and a backtrace) straight to the process's stderr before Python sees
    the panic: while calamine runs, what goes to file descriptor 2 goes nowhere (the panic itself goes to the log)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        sink = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # no descriptor 2 (a window without a console): nothing to hide
        yield
        return
    try:
        os.dup2(sink, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(sink)


def _fails(exc: BaseException) -> bool:
    """Whether calamine failed on the file: its errors, and its panics (a Rust panic reaches Python as pyo3's
    PanicException, which is not an Exception — a date cell of -1e300 raised one); never an interruption."""
    return not isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit)


def _open_book(path: Path, kind: str) -> Any:
    """calamine's workbook over a file check_archive has bounded; its failures in Russian."""
    from python_calamine import CalamineWorkbook  # loaded on first use: the window opens sooner without it

    try:
        with _rust_quiet():
            return CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine's errors name zip and XML internals in English: the user gets ours
        if not _fails(exc):
            raise
        log.warning("calamine could not open %s: %s: %s", path.name, type(exc).__name__, exc)
        raise ImportRefused(f"Файл {path.name} не читается как {kind}: он повреждён или записан "
                            "не Excel-совместимой программой — откройте его в Excel и сохраните заново") from None


def _sheet_rows(workbook: Any, name: str, path: Path, tail: str) -> list[tuple]:
    """One sheet's rows, at most MAX_ROWS of them (`tail`: what a longer sheet is said to be)."""
    try:
        with _rust_quiet():
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except BaseException as exc:
        if not _fails(exc):
            raise
        log.warning("calamine could not read sheet %s of %s: %s: %s", name, path.name, type(exc).__name__, exc)
        raise ImportRefused(sentence(f"Лист «{name}» книги {path.name} не читается: в нём повреждена разметка "
                                     "XML или записано значение, которого не бывает (например, дата вне "
                                     "календаря)", "Файл отклонён")) from None
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(f"В листе «{name}» книги {path.name} больше {format_count(MAX_ROWS)} строк{tail}")
    return [tuple(row) for row in rows]


def read_sheet(path: Path | str, sheet: str | None = DATA_SHEET) -> list[tuple]:
    """The values of one sheet (by name; None: the first sheet) as rows of cells, empty cells as ""."""
    path = Path(path)
    own = _checked(path, sheet, False, own=True)  # a sheet as the program writes it is read there, without calamine;
    if own is not None:  # any other is bounded there first: calamine sees no unbounded file (a crash of Rust is not
        return own  # an exception)
    workbook = _open_book(path, "книга Excel (.xlsx)")
    try:
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise ImportRefused(f"В книге {path.name} нет листа «{sheet}»: это не выгрузка программы "
                                "«Отчётность ОМСУ» (или лист переименован)")
        if not names:
            raise ImportRefused(f"В книге {path.name} нет ни одного листа — откройте её в Excel и сохраните заново")
        return _sheet_rows(workbook, sheet if sheet is not None else names[0], path, " — это не выгрузка программы")
    finally:
        workbook.close()


def read_data_sheet(path: Path | str) -> list[tuple]:
    """The rows of a workbook's `data` sheet (values, not formulas), refusing hostile or oversized files."""
    return read_sheet(path, DATA_SHEET)


def read_sheets(path: Path | str, other_formats: bool = False) -> dict[str, list[tuple]]:
    """Every sheet of a book by name (in the book's order), each as rows of cells, empty cells as ""; the file is
    bounded as for read_sheet before the reader sees it. other_formats: a LibreOffice table (.ods) and an Excel
    97–2003 book (.xls) are read too."""
    path = Path(path)
    check_archive(path, EVERY_SHEET, other_formats=other_formats)
    workbook = _open_book(path, "книга")
    try:
        return {name: _sheet_rows(workbook, name, path, "") for name in list(workbook.sheet_names)}
    finally:
        workbook.close()
