"""Bounding an Excel 97–2003 book (.xls) before a reader sees it: the compound file's sectors and chains, each stream's
declared size, then the BIFF8 records of the Workbook stream — every cell's place and the number of cells, the shared
strings' declared count, each sheet's declared size. A reader allocates a sheet's whole area from its farthest cell,
reserves what counts declare and follows chains as they are written: a loop, a far cell or a declared size of
gigabytes in a file of kilobytes is refused here, in Russian, as for an .xlsx (model/exchange/sheet.py).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from model.base.ru import format_count
from model.base.words import counted
from model.errors import ImportRefused

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_FILE = 32 * 1024 * 1024  # a methodology's book is some tens of kilobytes, a district's a few hundred
_FREE, _END, _FAT, _DIFAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
# BIFF8 records: a cell's (row, column) first; MULRK and MULBLANK give the first column and end with the last
_CELLS = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
_MULTI = {0x00BD, 0x00BE}
_BOF, _EOF, _DIMENSIONS, _SST, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0200, 0x00FC, 0x0085, 0x002F
_CONTINUE, _LABEL_SST = 0x003C, 0x00FD
_MOST_CHARACTERS = 0xFFFF  # a string of the table holds at most this many characters (its count is two bytes)


def longest_string(bodies: list[bytes], count: int) -> int:
    """The most characters one string of a shared string table holds: its SST record's body and its CONTINUE records'
    (a string's characters run on into the next, which begins with the flag of their width; its formatting runs and
    phonetic part run on without one). Where the table does not add up, the most a string may hold."""
    record, at, most = 0, 8, 0
    try:
        for _ in range(min(count, 1_000_000)):
            if at >= len(bodies[record]):
                record, at = record + 1, 0
            body = bodies[record]
            characters, flags = struct.unpack_from("<HB", body, at)
            at += 3
            runs = struct.unpack_from("<H", body, at)[0] if flags & 0x08 else 0
            at += 2 if flags & 0x08 else 0
            extra = struct.unpack_from("<I", body, at)[0] if flags & 0x04 else 0
            at += 4 if flags & 0x04 else 0
            most, left, width = max(most, characters), characters, 2 if flags & 0x01 else 1
            while left:
                if at >= len(bodies[record]):
                    record += 1
                    width, at = 2 if bodies[record][0] & 0x01 else 1, 1
                taken = min(left, (len(bodies[record]) - at) // width)
                if taken == 0:
                    return _MOST_CHARACTERS
                left, at = left - taken, at + taken * width
            skip = 4 * runs + extra
            while skip:
                if at >= len(bodies[record]):
                    record, at = record + 1, 0
                taken = min(skip, len(bodies[record]) - at)
                skip, at = skip - taken, at + taken
    except (IndexError, struct.error):
        return _MOST_CHARACTERS
    return most


def scan_xls(data: bytes, file: str, max_rows: int, max_columns: int, max_cells: int, max_strings: int,
             max_text: int) -> None:
    """Refuse an .xls whose structure a reader could not follow safely or whose sheets ask for more than the bounds."""

    def refuse(what: str) -> ImportRefused:
        return ImportRefused(f"Книга {file} (Excel 97–2003): {what}. Файл отклонён: он повреждён или опасен — "
                             "попросите прислать книгу заново или сохраните её как «Книга Excel (.xlsx)»")

    if len(data) > MAX_FILE:
        raise refuse(f"файл занимает {len(data) // (1024 * 1024)} МБ, так много не бывает")
    if len(data) < 512 or not data.startswith(OLE):
        raise refuse("заголовок файла не читается")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise refuse("размер частей файла не читается")
    size = 1 << shift
    sectors = (len(data) - 1) // size  # the header takes the first sector's place
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, minifat_count, first_difat, difat_count = struct.unpack_from("<IIIII", data, 0x38)
    if fat_count > sectors or minifat_count > sectors or difat_count > sectors:
        raise refuse("объявлено больше частей, чем есть в файле")
    if cutoff != 4096:  # the format fixes it; a reader that keeps to 4096 would read the sheet from another chain
        raise refuse("граница малых частей файла объявлена не такой, как в формате")

    def sector(n: int) -> bytes:
        if n >= sectors:
            raise refuse("ссылка на часть за пределами файла")
        start = (n + 1) * size
        return data[start:start + size].ljust(size, b"\0")

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n not in (_FREE, _END)]
    next_difat, seen = first_difat, set[int]()
    while next_difat not in (_FREE, _END) and len(seen) < difat_count:
        if next_difat in seen:
            raise refuse("цепочка частей замкнута в кольцо")
        seen.add(next_difat)
        listed = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += [n for n in listed[:-1] if n not in (_FREE, _END)]
        next_difat = listed[-1]
    if len(fat_sectors) != fat_count:
        raise refuse("таблица частей файла не сходится с заголовком")
    fat = b"".join(sector(n) for n in fat_sectors)
    links = struct.unpack(f"<{len(fat) // 4}I", fat)

    def chain(start: int, table: tuple[int, ...], limit: int) -> list[int]:
        out: list[int] = []
        seen: set[int] = set()
        n = start
        while n not in (_END, _FREE):
            if n in seen or n >= len(table) or n >= limit:
                raise refuse("цепочка частей файла замкнута в кольцо или уходит за его пределы")
            seen.add(n)
            out.append(n)
            n = table[n]
        return out

    directory = b"".join(sector(n) for n in chain(first_dir, links, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise refuse("в файле нет оглавления")
    streams: dict[str, tuple[int, int]] = {}
    for entry in entries:
        kind = entry[66]
        if kind not in (1, 2, 5):
            continue
        length = min(struct.unpack_from("<H", entry, 64)[0], 64)
        name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
        start, declared = struct.unpack_from("<IQ", entry, 116)
        if shift == 9:
            declared &= 0xFFFFFFFF  # version 3 files: the high half is not used
        if declared > len(data):  # the mini stream's parts are inside the file too
            raise refuse(f"часть «{name[:30]}» объявлена размером {format_count(declared)} байт в файле меньшего "
                         "размера")
        key = name if kind != 5 else "\0root"
        if any(key.casefold() == other.casefold() for other in streams):  # a reader takes the first, a dict the last
            raise refuse(f"в оглавлении файла две части с именем «{name[:30]}»")
        streams[key] = (start, declared)
    if "EncryptionInfo" in streams:
        raise ImportRefused(f"Книга {file} защищена паролем (зашифрована): программа не читает зашифрованные книги. "
                            "Попросите прислать книгу без пароля")
    if "Workbook" not in streams:
        raise ImportRefused(f"Файл {file} — не книга Excel 97–2003 (в нём нет листов) или книга Excel 5.0/95, "
                            "которую программа не читает: откройте её в Excel или LibreOffice Calc и сохраните как "
                            "«Книга Excel (.xlsx)»")
    start, declared = streams["Workbook"]
    if declared >= cutoff:
        stream = b"".join(sector(n) for n in chain(start, links, sectors))
    else:
        root_start, root_size = streams.get("\0root", (_END, 0))
        mini = b"".join(sector(n) for n in chain(root_start, links, sectors))[:root_size]
        table = b"".join(sector(n) for n in chain(first_minifat, links, sectors))
        mini_links = struct.unpack(f"<{len(table) // 4}I", table)
        stream = b"".join(mini[n * 64:(n + 1) * 64] for n in chain(start, mini_links, len(mini) // 64 + 1))
    if len(stream) < declared:
        raise refuse("лист короче, чем объявлено")
    _scan_records(stream[:declared], file, refuse, max_rows, max_columns, max_cells, max_strings, max_text)


def _continued(stream: bytes, at: int) -> list[bytes]:
    """The bodies of the CONTINUE records right after the record that ends at `at`."""
    out = []
    while at + 4 <= len(stream) and struct.unpack_from("<H", stream, at)[0] == _CONTINUE:
        length = struct.unpack_from("<H", stream, at + 2)[0]
        out.append(stream[at + 4:at + 4 + length])
        at += 4 + length
    return out


def _scan_records(stream: bytes, file: str, refuse: Callable[[str], ImportRefused], max_rows: int,
                  max_columns: int, max_cells: int, max_strings: int, max_text: int) -> None:
    """The Workbook stream read record by record from its start and from each sheet's declared offset (a reader
    jumps there: a scan that only went along could be shown other records than the reader reads)."""
    starts, done = [0], set()
    longest = labels = 0  # the longest shared string, the cells naming one (counted in every pass: more, never less)
    while starts:
        at = starts.pop()
        if at in done:
            continue
        done.add(at)
        along, cells, sheet_begun, nested = at == 0, 0, False, 0
        while at + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, at)
            body = stream[at + 4:at + 4 + length]
            at += 4 + length
            if kind == _FILEPASS:
                raise ImportRefused(f"Книга {file} защищена паролем (зашифрована): программа не читает "
                                    "зашифрованные книги. Попросите прислать книгу без пароля")
            if kind == _BOF:
                # from a sheet's offset, a reader takes a later BOF as a block of its own (an embedded chart) and reads
                # the sheet on after that block's EOF: the cells are counted on, and only the sheet's own EOF ends it
                if along or not sheet_begun:
                    cells = 0
                else:
                    nested += 1
                sheet_begun = True
            elif kind == _BOUNDSHEET and len(body) >= 4:
                offset = struct.unpack_from("<I", body)[0]
                if offset >= len(stream):
                    raise refuse("лист объявлен за пределами книги")
                starts.append(offset)
            elif kind == _SST and len(body) >= 8:
                total, unique = struct.unpack_from("<II", body)
                if max(total, unique) > max_strings:
                    raise refuse(f"объявлено {format_count(max(total, unique))} строк текста, а допустимо не больше "
                                 f"{format_count(max_strings)}")
                longest = max(longest, longest_string([body, *_continued(stream, at)], unique))
            elif kind == _DIMENSIONS and len(body) >= 10:  # 10 bytes: rows in two bytes (a reader takes both forms)
                first, rows, _, columns = struct.unpack_from("<HHHH" if len(body) == 10 else "<IIHH", body)
                if first > rows:  # a reader counts the rows as last − first + 1, around through zero: billions
                    raise refuse(f"размер листа объявлен с первой строкой {format_count(first + 1)} после последней "
                                 f"({format_count(rows)})")
                if rows > max_rows + 1 or columns > max_columns:
                    raise refuse(f"объявлен размер листа до столбца {format_count(columns)} и строки "
                                 f"{format_count(rows)} — в книге не больше {format_count(max_rows)} строк и "
                                 f"{counted(max_columns, 'столбца', 'столбцов', 'столбцов')}")
            elif kind in _CELLS or kind in _MULTI:
                labels += kind == _LABEL_SST
                if labels * longest * 3 > max_text:  # calamine copies a shared string into each cell naming it
                    raise refuse(f"строка текста в {format_count(longest)} знаков может стоять в "
                                 f"{format_count(labels)} ячейках — прочитанная, книга заняла бы больше "
                                 f"{max_text // (1024 * 1024)} МБ памяти")
                if len(body) < 6:
                    raise refuse("запись ячейки обрезана")
                row, first = struct.unpack_from("<HH", body)
                last = struct.unpack_from("<H", body, len(body) - 2)[0] if kind in _MULTI else first
                cells += max(last - first + 1, 1)
                if row + 1 > max_rows + 1 or last + 1 > max_columns or last < first or cells > max_cells:
                    raise refuse(f"ячейка {format_count(last + 1)}-го столбца строки {format_count(row + 1)} далеко "
                                 f"за пределами (в книге не больше {format_count(max_rows)} строк и "
                                 f"{counted(max_columns, 'столбца', 'столбцов', 'столбцов')})" if cells <= max_cells
                                 else f"больше {format_count(max_cells)} ячеек")
            elif kind == _EOF and not along:  # a sheet read from its offset ends at its own EOF
                if not nested:
                    break
                nested -= 1
