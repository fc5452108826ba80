"""The PDF fonts' metrics read once, when the program is built, rather than at every export.

reportlab parses a whole TrueType file when a font is registered — its character map, widths and glyph places, in
Python, ~10 ms a DejaVu font. What the parse gives is kept beside the font (`DejaVuSans.ttf.metrics`, marshal: plain
numbers, texts and lists, loaded in ~2 ms) with the font file's size and checksum; a font is registered from it only
when the file is the one it was made from and the reportlab version the same, else the font is parsed as before. The
font file itself is still read whole: the PDF embeds the subset of glyphs it uses, cut from it.

Made again with `python -m model.reports.font_metrics` (tests/model/reports/test_font_metrics.py says when it is
stale).
"""

from __future__ import annotations

import marshal
import threading
import zlib
from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace

from model.base.resources import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SUFFIX = ".metrics"
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # reportlab's TTFNameBytes
_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes, its place, a function: made again on loading
_lock = threading.Lock()


def metrics_path(font: Path) -> Path:
    return font.with_name(font.name + SUFFIX)


def _stamp(data: bytes) -> dict[str, Any]:
    return {"size": len(data), "crc32": zlib.crc32(data), "reportlab": reportlab.Version}


def face_state(face: TTFontFace) -> dict[str, Any]:
    """What reportlab's parse of a font holds, as plain values (names as their text)."""
    state = {k: v for k, v in vars(face).items() if k not in _NOT_KEPT}
    for key in _NAMES:
        state[key] = ("name", state[key].ustr)
    return state


def make_metrics(font: Path) -> bytes:
    data = font.read_bytes()
    return marshal.dumps({**_stamp(data), "face": face_state(TTFontFace(str(font)))})


def _face(font: Path, data: bytes) -> TTFontFace | None:
    """The font's face from its kept metrics, or None when there are none for this very file and reportlab."""
    try:
        kept = marshal.loads(metrics_path(font).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(kept, dict) or {k: kept.get(k) for k in ("size", "crc32", "reportlab")} != _stamp(data) \
            or not isinstance(kept.get("face"), dict):
        return None
    state = dict(kept["face"])
    for key in _NAMES:
        state[key] = TTFNameBytes(state[key][1].encode("utf-8"))
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face.filename = str(font)
    per_unit = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * per_unit)
    return face


def load_font(name: str, font: Path) -> TTFont:
    """reportlab's TTFont for the file: from its kept metrics when they are the file's, else parsed."""
    data = font.read_bytes()
    face = _face(font, data)
    if face is None:
        return TTFont(name, str(font))
    with _lock:  # TTFont's own constructor, with the face it would have parsed
        parse = ttfonts.TTFontFace
        ttfonts.TTFontFace = lambda *args, **kwargs: face
        try:
            return TTFont(name, str(font))
        finally:
            ttfonts.TTFontFace = parse


def register_fonts() -> None:
    """The PDFs' fonts, registered once (here rather than in pdf_style: a workbook measures its text in them without
    loading reportlab's page layout)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(load_font(FONT, resource_path("fonts", "DejaVuSans.ttf")))
        pdfmetrics.registerFont(load_font(BOLD, resource_path("fonts", "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def main() -> None:
    for file in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = resource_path("fonts", file)
        metrics_path(font).write_bytes(make_metrics(font))
        print(metrics_path(font))


if __name__ == "__main__":
    main()
