"""Ruled tables that break across pages the way a person would: between rows where a row fits, and inside a row —
between lines of its texts — only where the page ends and the row would not fit on it (a row taller than a page,
or one that would leave much of the page empty). Header rows repeat on every page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from model.reports.pdf_style import FONT, GREY, LINE, PlainText

PADDING_X, PADDING_Y = 5.0, 3.5  # a cell's left + right and top + bottom padding in table()
MIN_PIECE = 30.0  # a row is split only where this much of it (about three lines) fits, and only one twice as tall
Command = tuple


def base_commands(header_rows: int) -> list[Command]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: the default would declare Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *([("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
           ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")] if header_rows else []),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING_X / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING_X / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING_Y - 1.5),
    ]


def _absolute(commands: list[Command], count: int) -> list[Command]:
    """The commands with negative row numbers (counted from the end) made plain."""
    def fix(r: int) -> int:
        return r + count if r < 0 else r
    return [(name, (c0, fix(r0)), (c1, fix(r1)), *rest) for name, (c0, r0), (c1, r1), *rest in commands]


def _moved(commands: list[Command], rows: range, to: int, header_rows: int) -> list[Command]:
    """The commands of the header rows, and of the rows in `rows` moved so that the first of them is row `to`."""
    out: list[Command] = []
    for name, (c0, r0), (c1, r1), *rest in commands:
        if r1 < header_rows or (r0 < header_rows and name != "SPAN"):  # the header's own, or the whole table's
            last = r1 if r1 < header_rows else min(r1, rows.stop - 1) - rows.start + to
            if last >= r0:
                out.append((name, (c0, r0), (c1, last), *rest))
            continue
        first, last = max(r0, rows.start), min(r1, rows.stop - 1)
        if first <= last:
            out.append((name, (c0, first - rows.start + to), (c1, last - rows.start + to), *rest))
    return out


def _splittable(cell: object) -> bool:
    return isinstance(cell, Paragraph | PlainText)


def _height(cell: object, width: float) -> float:
    """How tall a cell's content is at this width (a list of flowables stacked; a plain string by its lines)."""
    if isinstance(cell, Flowable):
        return cell.wrap(width, 1e6)[1]
    if isinstance(cell, list | tuple):
        return sum(_height(c, width) for c in cell)
    return 12.0 * len(str(cell).splitlines()) if cell else 0.0


class PageTable(Table):
    """A ruled table that knows its rows and style commands, so that it can split itself at a page's end."""

    def __init__(self, rows: list[list], widths: list[float], header_rows: int, commands: list[Command],
                 heights: list[float | None] | None = None) -> None:
        """`heights`: the rows' heights where they are known (None: measured when the table is laid out)."""
        super().__init__(rows, colWidths=widths, rowHeights=heights, repeatRows=header_rows)
        self.setStyle(TableStyle(commands))
        self.rows, self.widths, self.header_rows = rows, widths, header_rows
        self.commands = _absolute(commands, len(rows))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        size = super().wrap(availWidth, availHeight)
        self._argH = list(self._rowHeights)  # measured once: asked again (to split it), the table is not measured anew
        return size

    def _kept_together(self) -> set[int]:
        """Rows that may not be parted from the row before them (NOSPLIT over several rows)."""
        return {r for name, (_, r0), (_, r1), *_ in self.commands if name == "NOSPLIT" for r in range(r0 + 1, r1 + 1)}

    def _piece(self, rows: list[list], commands: list[Command], heights: list | None = None) -> PageTable:
        return PageTable(rows, self.widths, self.header_rows, commands, heights)

    def _cut(self, availHeight: float) -> tuple[int, tuple[list, list] | None] | None:  # noqa: N803
        """Where the table breaks on a page of this height: the rows before `k` stay on it — and row `k`'s first
        lines where the parts are given; (header_rows, None) where not one row fits; None where all of it fits.
        The table must have been wrapped."""
        heights, h = self._rowHeights, self.header_rows
        used = sum(heights[:h])
        k = h
        while k < len(self.rows) and used + heights[k] <= availHeight + 1e-6:
            used += heights[k]
            k += 1
        if k == len(self.rows):
            return None
        room = availHeight - used
        # a row kept with the one before it may still be cut: its first lines stay with that row
        if room >= MIN_PIECE and heights[k] > 2 * MIN_PIECE:  # short rows go whole
            parts = self._split_row(self.rows[k], room)
            if parts is not None:
                return k, parts
        together = self._kept_together()
        while k > h and k in together:
            k -= 1
        return k, None

    def _first_page(self, k: int, parts: tuple[list, list] | None) -> PageTable:
        """The rows before `k` (and row `k`'s first lines where it is parted), under the header."""
        rows = self.rows[:k] + ([parts[0]] if parts else [])
        heights = self._rowHeights[:k] + ([None] if parts else [])
        return self._piece(rows, _moved(self.commands, range(0, len(rows)), 0, self.header_rows), heights)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab's names)
        self.wrap(availWidth, availHeight)
        cut = self._cut(availHeight)
        if cut is None:
            return [self]
        k, parts = cut
        if k == self.header_rows and parts is None:
            return []  # not one row fits: the table begins on the next page
        # the rest is not built as a table here: it would be laid out again, all of it, on every page it fills
        return [self._first_page(k, parts), _Rest(self, list(self._rowHeights), k, parts[1] if parts else None)]

    def parted_tail(self, count: int) -> tuple[PageTable, PageTable]:
        """The table less its last `count` rows, and those rows as a table of their own (no heading: it goes on
        from the first where both share a page) — to keep them with what follows."""
        h, n = self.header_rows, len(self.rows)
        body = self._piece(self.rows[:n - count], _moved(self.commands, range(0, n - count), 0, h))
        return body, PageTable(self.rows[n - count:], self.widths, 0, _moved(self.commands, range(n - count, n), 0, 0))

    def _split_row(self, row: list, room: float) -> tuple[list, list] | None:
        """The row's cells cut between lines so that the first part fits in `room`; None where nothing can be cut."""
        part, rest, cut = [], [], False
        for cell, width in zip(row, self.widths, strict=True):
            pieces = cell.split(width - PADDING_X, room - PADDING_Y) if _splittable(cell) else [cell]
            if _splittable(cell) and len(pieces) == 2:
                part.append(pieces[0])
                rest.append(pieces[1])
                cut = True
            elif _splittable(cell) and not pieces:  # not even two lines fit: all of it in the second part
                part.append("")
                rest.append(cell)
            elif _height(cell, width - PADDING_X) > room - PADDING_Y:  # a cell that cannot be cut does not fit
                return None
            else:
                part.append(cell)
                rest.append("")
        return (part, rest) if cut else None


class _Rest(Flowable):
    """The rows of a long table a page has not taken yet. Only as many of them as the next page can hold are made
    into a table (under the header) and laid out; the heights of the others are known from the whole table, which
    was laid out once — so a table of n rows costs the same on every page, not n more each time."""

    def __init__(self, whole: PageTable, heights: list[float], start: int, first: list | None) -> None:
        super().__init__()
        self.whole, self.heights, self.start, self.first = whole, heights, start, first  # `first`: row start's rest
        self.hAlign, self.vAlign = whole.hAlign, whole.vAlign
        self.spaceBefore, self.spaceAfter = getattr(whole, "spaceBefore", 0), getattr(whole, "spaceAfter", 0)
        self._first_height: float | None = None
        self._table: PageTable | None = None

    def _piece(self, stop: int) -> PageTable:
        """The header and the rows from start to stop as a table."""
        w, h = self.whole, self.whole.header_rows
        rows = w.rows[:h] + [self.first if self.first is not None else w.rows[self.start]] + w.rows[self.start + 1:stop]
        heights = [*self.heights[:h], None if self.first is not None else self.heights[self.start],
                   *self.heights[self.start + 1:stop]]  # the rest of a parted row is measured, the others known
        return PageTable(rows, w.widths, h, _moved(w.commands, range(self.start, stop), h, h), heights)

    def _height(self, row: int) -> float:
        if row != self.start or self.first is None:
            return self.heights[row]
        if self._first_height is None:  # the rest of a row parted on the page before: measured once
            alone = self._piece(self.start + 1)
            alone.wrap(sum(self.whole.widths), 1e6)
            self._first_height = alone._rowHeights[self.whole.header_rows]
        return self._first_height

    def _reach(self, availHeight: float) -> tuple[int, float]:  # noqa: N803
        """The row after the first that does not fit (or the table's end), and the height down to it."""
        used, row, n = sum(self.heights[:self.whole.header_rows]), self.start, len(self.whole.rows)
        while row < n and used <= availHeight + 1e-6:
            used += self._height(row)
            row += 1
        return row, used

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        stop, used = self._reach(availHeight)
        if stop < len(self.whole.rows) or used > availHeight + 1e-6:
            self._table = None
            return sum(self.whole.widths), used  # more than the page holds: enough to know it must be split
        self._table = self._piece(stop)
        return self._table.wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        page = self._piece(self._reach(availHeight)[0])
        page.wrap(availWidth, availHeight)
        cut = page._cut(availHeight)
        if cut is None:
            return [page]
        k, parts = cut
        h = self.whole.header_rows
        if k == h and parts is None:
            return []
        rest = _Rest(self.whole, self.heights, self.start + k - h, parts[1] if parts else None)
        return [page._first_page(k, parts), rest]

    def draw(self) -> None:  # a frame draws what its wrap said fits: the rows to the table's end
        if self._table is None:
            self._table = self._piece(len(self.whole.rows))
            self._table.wrap(sum(self.whole.widths), 1e6)
        self._table.drawOn(self.canv, 0, 0)


def table(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None) -> PageTable:
    """A ruled table whose header rows repeat on every page and whose rows break between lines at a page's end."""
    return PageTable(rows, widths, header_rows, [*base_commands(header_rows), *(extra or [])])
