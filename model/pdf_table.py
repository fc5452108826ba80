"""Ruled tables that break across pages the way a person would: between rows where a row fits, and inside a row —
between lines of its texts — only where the page ends and the row would not fit on it (a row taller than a page,
or one that would leave much of the page empty). Header rows repeat on every page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from model.pdf_style import FONT, GREY, LINE, PlainText

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

    def __init__(self, rows: list[list], widths: list[float], header_rows: int, commands: list[Command]) -> None:
        super().__init__(rows, colWidths=widths, repeatRows=header_rows)
        self.setStyle(TableStyle(commands))
        self.rows, self.widths, self.header_rows = rows, widths, header_rows
        self.commands = _absolute(commands, len(rows))

    def _kept_together(self) -> set[int]:
        """Rows that may not be parted from the row before them (NOSPLIT over several rows)."""
        return {r for name, (_, r0), (_, r1), *_ in self.commands if name == "NOSPLIT" for r in range(r0 + 1, r1 + 1)}

    def _piece(self, rows: list[list], commands: list[Command]) -> PageTable:
        return PageTable(rows, self.widths, self.header_rows, commands)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab's names)
        self.wrap(availWidth, availHeight)
        heights, h = self._rowHeights, self.header_rows
        used = sum(heights[:h])
        k = h
        while k < len(self.rows) and used + heights[k] <= availHeight + 1e-6:
            used += heights[k]
            k += 1
        if k == len(self.rows):
            return [self]
        room = availHeight - used
        # a row kept with the one before it may still be cut: its first lines stay with that row
        if room >= MIN_PIECE and heights[k] > 2 * MIN_PIECE:  # short rows go whole
            parts = self._split_row(self.rows[k], room)
            if parts is not None:
                return self._parted(k, parts)
        together = self._kept_together()
        while k > h and k in together:
            k -= 1
        if k == h:
            return []  # not one row fits: the table begins on the next page
        return [self._piece(self.rows[:k], _moved(self.commands, range(0, k), 0, h)),
                self._piece(self.rows[:h] + self.rows[k:], _moved(self.commands, range(k, len(self.rows)), h, h))]

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

    def _parted(self, k: int, parts: tuple[list, list]) -> list[Flowable]:
        h, n = self.header_rows, len(self.rows)
        first = self._piece(self.rows[:k] + [parts[0]], _moved(self.commands, range(0, k + 1), 0, h))
        rest_commands = _moved(self.commands, range(k, n), h, h)
        second = self._piece(self.rows[:h] + [parts[1]] + self.rows[k + 1:], rest_commands)
        return [first, second]


def table(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None) -> PageTable:
    """A ruled table whose header rows repeat on every page and whose rows break between lines at a page's end."""
    return PageTable(rows, widths, header_rows, [*base_commands(header_rows), *(extra or [])])
