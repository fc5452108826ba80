"""The quick bound of a sheet (whole-piece passes over XML written the usual way) is only a shortcut: on any piece it
either declines or counts exactly what the element-by-element scan counts, and refuses nothing that scan lets
through nor lets through anything it refuses. Pieces are made of rows and cells written the usual way and of every
way of writing them that calamine still reads (attributes glued, spaced, repeated, prefixed, tabs and form feeds,
texts that look like attributes), with references near and far."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from model.errors import ImportRefused
from model.exchange import sheet
from model.exchange.sheet import _Scan, up_to

NEAR = st.sampled_from(["A1", "F838", "BH50001", "AB12", "Z9", "BH1", "B50000"])
FAR = st.sampled_from(["BI2", "A50002", "XFD1048576", "A0", "A01", "a1", "$A$1", "1A", "A1048576", "AAA1"])
REFS = st.one_of(NEAR, NEAR, NEAR, FAR)  # mostly near: a far one among usual cells is what the quick bound must see
ROWS = st.one_of(st.sampled_from(["1", "9", "50001"]), st.sampled_from(["50002", "1048576", "0", "007", "x9"]))
TEXTS = st.sampled_from(["план", ' r ', '"r=', "'r =", "\n", "\t", "x\x0cy", '"region"', "A1:B2", "<f>", ":c "])


@st.composite
def cells(draw) -> str:
    ref, other = draw(REFS), draw(REFS)
    usual = [f'<c r="{ref}"><v>1</v></c>', f'<c r="{ref}" t="s"><v>0</v></c>', f'<c r="{ref}" s="3"/>']
    odd = [
        "<c/>", "<c><v>2</v></c>",
        f'<c t="n"r="{ref}"><v>1</v></c>',
        f'<c r="{ref}" t="n"r="{other}"><v>1</v></c>',
        f'<c r="{ref}" r="{other}"/>',
        f'<c r ="{ref}"/>',
        f'<c r="{ref}" t="n" r ="{other}"/>',
        f'<c s=">" r="{ref}"/>',
        f'<c r="{ref}"\x0cr="{other}"/>',
        f'<c\tr="{ref}"/>',
        f"<c r='{ref}'/>",
        f'<x:c r="{ref}"/>',
        '<a">":c/>', f'<a">":c r="{ref}"/>',
        f'<c x:r="{other}" r="{ref}"/>',
        f'<c r="{ref}" t="inlineStr"><is><t>{draw(TEXTS)}</t></is></c>',
    ]
    return draw(st.sampled_from(odd) if draw(st.integers(0, 5)) == 0 else st.sampled_from(usual))


@st.composite
def rows(draw) -> str:
    number, other = draw(ROWS), draw(ROWS)
    odd = ["<row>", f'<row spans="1:6" r="{number}">', f'<row r="{number}" r="{other}">',
           f'<row spans="1:6"r="{number}">', f'<row\nr="{number}">', f'<row r="{number}" spans="1:6">']
    head = draw(st.sampled_from(odd)) if draw(st.integers(0, 5)) == 0 else f'<row r="{number}">'
    return head + "".join(draw(st.lists(cells(), max_size=4))) + "</row>"


def outcome(part: bytes, quick: bool) -> tuple:
    """A whole sheet's refusal, or the number of cells counted in it."""
    scan = _Scan("книга.xlsx", "Лист «data»")
    saved = _Scan._usual
    if not quick:
        _Scan._usual = lambda self, chunk: False  # type: ignore[method-assign]
    try:
        scan.sheet(part)
    except ImportRefused as exc:
        return ("refused", str(exc))
    finally:
        _Scan._usual = saved  # type: ignore[method-assign]
    return ("counted", scan.cells)


@settings(max_examples=600, deadline=None)
@example(written=['<row r="9"><c r="A1" t="n"r="XFD1048576"><v>1</v></c></row>'])  # aborted calamine
@example(written=['<row r="9"><c r="A1"\x0cr="XFD1048576"><v>1</v></c></row>'])
@example(written=['<row r="9"><c r="A1" t="n" r ="XFD1048576"><v>1</v></c></row>'])
@given(written=st.lists(rows(), max_size=8))
def test_the_quick_bound_counts_and_refuses_as_the_element_by_element_scan(written):
    part = b'<worksheet xmlns="main"><dimension ref="A1:F9"/><sheetData>' + "".join(written).encode() + \
        b"</sheetData></worksheet>"
    assert outcome(part, quick=True) == outcome(part, quick=False)


def test_the_quick_bound_takes_the_programs_own_sheet():
    """Not a shortcut never taken: a sheet written the usual way goes the quick way, and is counted."""
    piece = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="BH1" t="s"><v>0</v></c></row>' \
            b'<row r="50001"><c r="F50001" s="2"/></row></sheetData>'
    scan = _Scan("книга.xlsx", "Лист «data»")
    assert scan._usual(piece) and scan.cells == 3
    assert not _Scan("книга.xlsx", "Лист «data»")._usual(piece.replace(b"F50001", b"F50002"))
    assert not _Scan("книга.xlsx", "Лист «data»")._usual(piece.replace(b'<c r="A1">', b'<c r="A1" t="n"r="A9">'))


def test_the_bound_of_row_numbers_is_every_number_up_to_the_limit():
    for limit in (1, 7, 10, 99, 100, 101, 12345, 30000, sheet.MAX_ROWS + 1):
        pattern = re.compile(up_to(limit))
        for n in range(0, 2 * limit + 12, max(1, limit // 5000)):
            assert bool(pattern.fullmatch(str(n).encode())) == (1 <= n <= limit), (limit, n)
            assert not pattern.fullmatch(b"0" + str(n).encode())
