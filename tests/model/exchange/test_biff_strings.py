"""The longest string of an Excel 97–2003 book's shared string table, as the bound of what calamine copies into each
cell naming one: read across the CONTINUE records a long table is cut into, with formatting runs and phonetic parts
passed over, and the most a string may hold where the table does not add up."""

from __future__ import annotations

import struct

from model.exchange.biff import longest_string


def _string(text: str, wide: bool = False, runs: int = 0, phonetic: bytes = b"") -> bytes:
    flags = (0x01 if wide else 0) | (0x08 if runs else 0) | (0x04 if phonetic else 0)
    head = struct.pack("<HB", len(text), flags) + (struct.pack("<H", runs) if runs else b"") + \
        (struct.pack("<I", len(phonetic)) if phonetic else b"")
    return head + text.encode("utf-16-le" if wide else "latin-1") + bytes(4 * runs) + phonetic


def test_a_string_cut_between_records_is_counted_whole():
    table = struct.pack("<II", 3, 3) + _string("short") + struct.pack("<HB", 12, 0) + b"abcde"  # 5 of 12 here
    rest = b"\x01" + "fghijkl".encode("utf-16-le") + _string("xyz", runs=2, phonetic=b"\0" * 6)  # 7 more, wide
    assert longest_string([table, rest], 3) == 12


def test_formatting_runs_and_phonetic_parts_are_passed_over():
    strings = [_string("один", wide=True, runs=3, phonetic=b"p" * 10), _string("a" * 40), _string("bb")]
    assert longest_string([struct.pack("<II", 3, 3) + b"".join(strings)], 3) == 40


def test_a_table_that_does_not_add_up_gives_the_most_a_string_holds():
    assert longest_string([struct.pack("<II", 2, 2) + struct.pack("<HB", 50, 0) + b"abc"], 2) == 0xFFFF
