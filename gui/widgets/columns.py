"""Columns that never cut what they show: each is at least as wide as its longest word (its header's included) and,
where rows do not grow, as its widest value; a header wraps at its spaces, and a grid wider than its window scrolls."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QHeaderView, QTableView
from shiboken6 import isValid

WORD_WRAP = Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
_BREAKS = re.compile(r"[ \t\r\n]+")  # where a line may break: not at the no-break space inside «30 000 000»
SLACK = 2  # pixels for a text laid out a fraction wider than its measured advance


def words(text: str) -> list[str]:
    """The pieces a wrapped line never splits: a number with its thousands is one piece."""
    return [w for w in _BREAKS.split(text) if w]


def widest(metrics: QFontMetrics, texts: Iterable[str]) -> int:
    return max((metrics.horizontalAdvance(t) for t in texts), default=0)


class WrappingHeader(QHeaderView):
    """A horizontal header whose titles wrap at spaces (explicit line breaks kept) and which grows to the tallest."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | WORD_WRAP)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.on_resized: list = []  # called when the header's (the viewport's) width changes
        # a section's size for its title at a width, in a font: Qt asks for every section at each layout of the grid
        self._sizes: dict[tuple[str, str, int, int], QSize] = {}
        self._bold: tuple[str, QFontMetrics] | None = None

    def title(self, section: int) -> str:
        model = self.model()
        text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) if model else None
        return "" if text is None else str(text)

    def metrics(self) -> QFontMetrics:
        """The header's font as bold: the section of the current cell is drawn in bold (highlighted), and wider."""
        key = self.font().key()
        if self._bold is None or self._bold[0] != key:
            font = QFont(self.font())
            font.setBold(True)
            self._bold = (key, QFontMetrics(font))
        return self._bold[1]

    def _margin(self) -> int:
        style = self.style()  # its enums through it: Qt's QStyle class, made on first use, is not made at start
        return style.pixelMetric(style.PixelMetric.PM_HeaderMargin, None, self)

    def least_width(self, section: int) -> int:
        """The narrowest the section may be: its longest word and the margins."""
        return widest(self.metrics(), words(self.title(section))) + 4 * self._margin() + SLACK

    def sectionSizeFromContents(self, section: int) -> QSize:  # noqa: N802 (Qt's name)
        text = self.title(section)
        key = (self.font().key(), text, self.sectionSize(section), int(self.sortIndicatorSection() == section))
        known = self._sizes.get(key)
        if known is not None:
            return QSize(known)
        hint = super().sectionSizeFromContents(section)
        if text:
            width = max(key[2] - 2 * self._margin(), 1)
            metrics, centre = self.metrics(), Qt.AlignmentFlag.AlignCenter
            lines = metrics.boundingRect(QRect(0, 0, width, 10_000), int(centre | WORD_WRAP), text)
            one_line = metrics.boundingRect(QRect(0, 0, 10_000, 10_000), int(centre), text)
            hint = QSize(hint.width(), hint.height() + max(lines.height() - one_line.height(), 0))
        if len(self._sizes) > 5_000:
            self._sizes.clear()
        self._sizes[key] = QSize(hint)
        return hint

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()  # Qt caches it; the height follows the widths here, so it is measured each time
        tallest = max((self.sectionSizeFromContents(s).height() for s in range(self.count())
                       if not self.isSectionHidden(s)), default=hint.height())
        return QSize(hint.width(), tallest)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            for call in self.on_resized:
                call()


class ColumnFit(QObject):
    """Keeps a table's columns wide enough for what they show, whatever is typed or pasted later: a column only
    grows, and only when a value needs it (a click after an edit still lands where it was aimed). `stretch` columns
    share the room left; `most` caps a column's first width (a capped column still grows to its longest word)."""

    def __init__(self, view: QTableView, stretch: Iterable[int] = (), most: Mapping[int, int] | None = None) -> None:
        super().__init__(view)
        self.view, self.stretch, self.most = view, tuple(stretch), dict(most or {})
        self.header = WrappingHeader(view)
        view.setHorizontalHeader(self.header)
        self.header.on_resized.append(self.lay_out)
        self.header.sectionResized.connect(self._resized)
        self._rows = QTimer(self)  # rows of wrapped text measured again once the widths settle
        self._rows.setSingleShot(True)
        self._rows.timeout.connect(self.fit_rows)
        self.header.sectionResized.connect(self._widths_changed)
        self._refit = QTimer(self)  # the font changed (Ctrl+=): measured again once the view has it
        self._refit.setSingleShot(True)
        self._refit.timeout.connect(self.fit)
        view.installEventFilter(self)
        self.sized = False  # the first widths were taken from rows, not only from the titles
        self._busy = False
        self._model = None
        self._needs: dict[int, int] = {}  # column → its least width, until its values change
        self._widths: dict[tuple, int] = {}  # a text's width in a font: the same texts come back at each refresh
        self._heights: dict[tuple, int] = {}  # a text's height wrapped at a width, in a font
        self._metrics: tuple[int, int, int] | None = None  # see _style_metrics
        self.attach()

    def attach(self) -> None:
        """Follow the view's model (call again after the view is given another)."""
        model = self.view.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged, model.headerDataChanged,
                       model.columnsInserted):
            signal.connect(self._changed)  # slots of this object, not lambdas: cut off when the view goes
        model.dataChanged.connect(self._data_changed)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and watched is self.view:
            self._needs.clear()
            self._metrics = None
            self._refit.start(0)
        return False

    def _changed(self, *_args) -> None:
        if isValid(self.view):  # a QTableWidget's own model is cleared while the table is being destroyed
            self.fit()

    def _data_changed(self, first: QModelIndex, last: QModelIndex, *_roles) -> None:
        if isValid(self.view):
            self.fit(range(first.column(), last.column() + 1))

    # -- measuring -----------------------------------------------------------------------------------------
    def wraps(self) -> bool:
        """Whether a cell's text may wrap: only where rows grow to their contents."""
        vertical = self.view.verticalHeader()
        return self.view.wordWrap() and vertical.count() > 0 and \
            vertical.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents

    def _style_metrics(self) -> tuple[int, int, int]:
        """The style's margin of a cell's text (its focus frame's and one more pixel, on each side) and a check box's
        width and height: asked of the style once, forgotten when the view's style or font changes."""
        if self._metrics is None:
            style, metric = self.view.style(), self.view.style().PixelMetric
            self._metrics = (style.pixelMetric(metric.PM_FocusFrameHMargin, None, self.view) + 1,
                             style.pixelMetric(metric.PM_IndicatorWidth, None, self.view),
                             style.pixelMetric(metric.PM_IndicatorHeight, None, self.view))
        return self._metrics

    def _cell_margin(self) -> int:
        return 2 * self._style_metrics()[0] + (1 if self.view.showGrid() else 0) + SLACK

    def _check_width(self) -> int:
        text_margin, check, _ = self._style_metrics()
        return check + 2 * text_margin

    def text_width(self, font: QFont, text: str, wraps: bool) -> int:
        """What a text needs on screen: its longest word where it wraps, its longest line where it does not."""
        return _kept(self._widths, (font.key(), text, wraps),
                     lambda: widest(QFontMetrics(font), words(text) if wraps else text.split("\n")))

    def text_height(self, font: QFont, text: str, width: int) -> int:
        """The height of a text wrapped at its words within `width`, as Qt's item delegate lays it out."""
        return _kept(self._heights, (font.key(), text, width), lambda: wrapped_height(font, text, width))

    def row_height(self, row: int) -> int:
        """A row's height for its cells' texts wrapped at their columns' widths, as Qt's sizing by contents gives
        it, from each cell's text, font and check box alone (Qt asks each cell for a dozen roles through the delegate,
        at every layout of the grid: a tab shown, a column widened, any value changed)."""
        model, header = self.view.model(), self.header
        plain, data, index_of, root = self.view.font(), model.data, model.index, QModelIndex()
        text_margin, check, check_height = self._style_metrics()
        display, font_role, check_role = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, \
            Qt.ItemDataRole.CheckStateRole
        grid = 1 if self.view.showGrid() else 0  # a cell is drawn inside its column less the grid's line
        height = 0
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            index = index_of(row, column, root)
            checkable = data(index, check_role) is not None
            if checkable:
                height = max(height, check_height)
            text = data(index, display)  # an empty cell, with or without a text, is still a line high
            font = data(index, font_role)
            width = header.sectionSize(column) - grid - 2 * text_margin - (check + 2 * text_margin if checkable else 0)
            height = max(height, self.text_height(font if isinstance(font, QFont) else plain,
                                                  "" if text is None else str(text), width))
        return height + grid

    def needed(self, column: int) -> int:
        """The narrowest this column may be, as measured when its values last changed (see measure)."""
        if column not in self._needs:
            self._needs[column] = self.measure(column)
        return self._needs[column]

    def measure(self, column: int) -> int:
        """The narrowest this column may be: its header's longest word, each value, each text it may show."""
        return self._measure(column)[0]

    def _measure(self, column: int) -> tuple[int, int]:
        """(the narrowest this column may be, as wide as its values want on one line): one pass over its cells,
        each asked for its text, check box and font only (what Qt's own sizing by contents also asks a dozen other
        roles of, for every cell, through the delegate)."""
        model = self.view.model()
        wraps = self.wraps()
        plain = self.view.font()
        margin = self._cell_margin()
        need = self.header.least_width(column)
        known = getattr(model, "known_texts", {}).get(column, ())
        natural = need = max(need, self.text_width(plain, "\n".join(known), False) + margin if known else 0)
        display, check_role, font_role = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, \
            Qt.ItemDataRole.FontRole
        data, index_of, root = model.data, model.index, QModelIndex()
        for row in range(model.rowCount()):
            index = index_of(row, column, root)
            text = data(index, display)
            checkable = data(index, check_role) is not None  # a check box is drawn
            if not text and not checkable:
                continue
            font = data(index, font_role)
            font = font if isinstance(font, QFont) else plain
            extra = margin + (self._check_width() if checkable else 0)
            text = str(text or "")
            need = max(need, self.text_width(font, text, wraps) + extra)
            natural = max(natural, self.text_width(font, text, False) + extra if wraps else need)
        return need, natural

    # -- sizing --------------------------------------------------------------------------------------------
    def fit(self, columns: Iterable[int] | None = None) -> None:
        """Widen the columns (all, or those given) where a value no longer fits; the first time there are rows, size
        every column to its contents."""
        model = self.view.model()
        if model is None or self._busy:
            return
        self._busy = True
        try:
            header = self.header
            first = not self.sized
            for column in range(model.columnCount()):
                if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if first:  # each column as wide as its title and its values on one line (capped by `most`)
                for column in range(model.columnCount()):
                    need, natural = self._measure(column)
                    self._needs[column] = need
                    width = max(natural, header.sectionSizeHint(column))
                    header.resizeSection(column, max(min(width, self.most.get(column, width)), need))
                self.sized = model.rowCount() > 0
            else:
                for column in range(model.columnCount()) if columns is None else columns:
                    need = self._needs[column] = self.measure(column)
                    if header.sectionSize(column) < need:
                        header.resizeSection(column, need)
        finally:
            self._busy = False
        self.lay_out()

    def fit_rows(self) -> None:
        """Rows whose text wraps take the height their cells need at the columns' widths now (Qt measures them
        when the data changes, not when a column is resized)."""
        self._rows.stop()
        if self.wraps():
            self.view.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)

    def _widths_changed(self, *_args) -> None:
        self._rows.start(0)

    def _resized(self, column: int, _old: int, new: int) -> None:
        """A column dragged narrower than its values springs back; the stretching ones take up the rest."""
        if self._busy or self.view.model() is None:
            return
        need = self.needed(column)
        if new < need:
            self._busy = True
            try:
                self.header.resizeSection(column, need)
            finally:
                self._busy = False
        if column not in self.stretch:
            self.lay_out()

    def lay_out(self) -> None:
        """Share the room the other columns leave among the stretching ones, none under what it needs."""
        model = self.view.model()
        if not self.stretch or model is None or self._busy:
            return
        header = self.header
        columns = [c for c in self.stretch if c < model.columnCount() and not header.isSectionHidden(c)]
        fixed = sum(header.sectionSize(c) for c in range(model.columnCount())
                    if c not in columns and not header.isSectionHidden(c))
        room = self.view.viewport().width() - fixed
        needs = {c: self.needed(c) for c in columns}
        widths = share(room, needs)
        self._busy = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._busy = False
        if self._rows.isActive():
            self.fit_rows()


def _kept(cache: dict[tuple, int], key: tuple, measure: Callable[[], int]) -> int:
    """A measure kept by its key: the same texts come back at each refresh (begun anew past 5 000 kept: a window
    dragged wider and narrower gives every row a new width each step)."""
    found = cache.get(key)
    if found is None:
        if len(cache) > 5_000:
            cache.clear()
        found = cache[key] = measure()
    return found


def wrapped_height(font: QFont, text: str, width: int) -> int:
    """A text's height wrapped at its words within `width` (a word wider stays whole), laid out line by line as
    Qt's item views lay out a cell's text (line breaks kept as line separators)."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    total = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, total))
        total += line.height()
    layout.endLayout()
    return math.ceil(total)


def share(room: int, needs: Mapping[int, int]) -> dict[int, int]:
    """Split `room` evenly, but give each its need at least: who needs more than an even share gets its need and
    the others share what is left."""
    widths: dict[int, int] = {}
    left = dict(needs)
    while left:
        each = max(room - sum(widths.values()), 0) // len(left)
        wide = {c: n for c, n in left.items() if n > each}
        if not wide:
            spare = max(room - sum(widths.values()), 0) - each * len(left)
            widths.update({c: each + (1 if i < spare else 0) for i, c in enumerate(left)})
            break
        widths.update(wide)
        for c in wide:
            del left[c]
    return widths
