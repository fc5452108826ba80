"""The seal on a district's book: HMAC-SHA256, with the district's own key from the region's package, over a canonical
form of the `data` sheet's rows. The region checks it at the merge with the same key from its history database.

What it proves: the rows of the data sheet are those the program of a district holding that key wrote; a value changed
by hand in Excel afterwards, a row added or removed, breaks it. What it does not prove: who pressed the button (anyone
with the district's database can export), nor anything about the printed sheets. It is not an electronic signature.

The canonical form is what both sides can compute alike — the writer from the rows it is about to write, the reader
from the rows the workbook gives back (numbers as floats, empty cells as ""):
- the header row and the `meta | seal` row are left out;
- each cell becomes text: nothing and "" → "", a truth value → "1"/"0", a whole number (int or integral float within
  2⁵³) → its digits, another float → Python's shortest repr of the float its 16 significant digits give (a workbook
  stores 16; so the writer's value and the one read back agree), a text → itself with line ends as "\\n" and the control
  characters a workbook cannot hold as U+FFFD (as the writer stores them);
- the rows, six cells each, are sorted and written as compact JSON (UTF-8, no ASCII escapes);
- the seal is HMAC-SHA256(key, "omsu-seal-1\\n" + SHA-256 hex of that JSON), in lowercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Sequence
from itertools import chain

SEAL_ROW = ("meta", "seal")
SEAL_NOTE = "hmac-sha256"
KEY_BYTES = 32
_PREFIX = b"omsu-seal-1\n"
_UNSTORABLE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # what a workbook cannot hold (openpyxl's set)
_HEX_KEY = re.compile(r"[0-9a-f]{64}")
_ODD_TEXT = re.compile(r"[\000-\010\013\014\r\016-\037]")  # what _cell changes in a text


def new_key() -> str:
    """A district's key: 32 random bytes as 64 lowercase hex digits."""
    return secrets.token_hex(KEY_BYTES)


def valid_key(key: object) -> bool:
    return isinstance(key, str) and _HEX_KEY.fullmatch(key) is not None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = float(f"{value:.16g}")  # what the workbook stores (openpyxl writes 16 significant digits)
        if value.is_integer() and abs(value) < 2 ** 53:
            return str(int(value))
        return repr(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSTORABLE.sub("\ufffd", text)


def _sealed_rows(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    given = [row[:6] for row in rows]
    # A text is most often itself: only the other cells are converted, and all the texts are sought through at once
    # for a line end or a character a workbook cannot hold; in the rows that have one, every text is converted too.
    converted = [[value if type(value) is str else _cell(value) for value in row] for row in given]
    if _ODD_TEXT.search("\n".join(chain.from_iterable(converted))):
        converted = [[_cell(value) for value in row] if _ODD_TEXT.search("\n".join(cells)) else cells
                     for row, cells in zip(given, converted, strict=True)]
    out: list[list[str]] = []
    for cells in converted:
        cells += [""] * (6 - len(cells))
        if cells[0] == "section" and cells[1] == "code":  # the header row
            continue
        if (cells[0], cells[1]) == SEAL_ROW:
            continue
        if not any(cells):
            continue
        out.append(cells)
    out.sort()
    return out


def digest(rows: Iterable[Sequence[object]]) -> str:
    """SHA-256 (hex) of the canonical form of the rows: what the seal covers."""
    text = json.dumps(_sealed_rows(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_of(content_digest: str, key: str) -> str:
    """The seal over a digest made by `digest`, with a district's key (64 hex digits)."""
    return hmac.new(bytes.fromhex(key), _PREFIX + content_digest.encode("ascii"), hashlib.sha256).hexdigest()


def seal(rows: Iterable[Sequence[object]], key: str) -> str:
    return seal_of(digest(rows), key)


def seal_row(rows: Sequence[Sequence[object]], key: str) -> tuple[str, str, str, str, str, str]:
    """The `meta | seal` row to add to the rows written in the data sheet."""
    return ("meta", "seal", "", "", seal(rows, key), SEAL_NOTE)


def written_seal(rows: Iterable[Sequence[object]]) -> str | None:
    """The seal the rows carry, or None if they carry none."""
    for row in rows:  # a cell is "meta" or "seal" only as that very text (see _cell)
        if len(row) >= 5 and row[0] == SEAL_ROW[0] and row[1] == SEAL_ROW[1]:
            found = _cell(row[4]).strip().lower()
            return found or None
    return None


def matches(content_digest: str, written: str | None, key: str) -> bool:
    """Whether a written seal is the one the key gives for the digest (compared in constant time)."""
    if not written:
        return False
    return hmac.compare_digest(seal_of(content_digest, key), written)
