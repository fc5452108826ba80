"""Does a shown window fit the clerk's screen with nothing cut? A check any window test may call:

    assert fit_problems(dialog) == []

It says, in a line each, what does not fit: the window (with its title bar) larger than the screen's free area or
out of it; a button out of sight that no scrolling reaches; a label whose text is wider than the label (or, wrapped,
taller); a button or a group box whose text is wider than its room; a tab's text elided; a table's heading narrower
than its longest word (a heading that wraps) or than its text (one that does not). Call it after the window is shown
and its events processed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import (
    QFontMetrics,
    Qt,  # its Qt has mightBeRichText too
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QToolButton,
    QWidget,
)

TITLE_BAR = 31  # Windows 10/11's title bar, in logical pixels at 100 % and 125 %; the offscreen platform draws none


def fit_problems(window: QWidget, area: QRect | None = None) -> list[str]:
    """Everything of the shown window that does not fit `area` (the screen's free area by default) or is cut."""
    area = area or window.screen().availableGeometry()
    return [*off_screen(window, area), *unreachable(window), *clipped(window)]


def name(widget: QWidget) -> str:
    """How a problem names a widget: its text, or its accessible name, or its class."""
    for getter in ("text", "title", "windowTitle", "accessibleName"):
        value = getattr(widget, getter, lambda: "")()
        if value:
            return f"{type(widget).__name__} «{_plain(value)[:60]}»"
    return type(widget).__name__


def off_screen(window: QWidget, area: QRect) -> list[str]:
    """The window with its frame (a title bar at least TITLE_BAR high) larger than the area, or placed out of it."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isMaximized():  # the platform fits it, title bar and all; its borders may lie past the edge
        inside = area.adjusted(-1, -1, 1, 1)  # a logical pixel of rounding at 125 %
        return [] if inside.contains(inner) else [f"{name(window)}: развёрнутое окно {_rect(inner)} за краем "
                                                  f"экрана {_rect(area)}"]
    top = max(inner.top() - frame.top(), TITLE_BAR)
    width = frame.width()
    height = inner.height() + top + (frame.bottom() - inner.bottom())
    out = []
    if width > area.width() or height > area.height():
        out.append(f"{name(window)}: {width}×{height} с рамкой и заголовком больше свободной части экрана "
                   f"{area.width()}×{area.height()}")
    elif not area.contains(frame):
        out.append(f"{name(window)}: стоит не целиком на экране ({_rect(frame)} при {_rect(area)})")
    return out


def unreachable(window: QWidget) -> list[str]:
    """Buttons shown but not wholly in sight — outside the window, or cut by a parent — where no scrolling helps."""
    out = []
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and not isinstance(button.parent(), QTabBar) and _cut_by_parent(button):
            place = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            out.append(f"{name(button)}: кнопка видна не целиком ({_rect(place)} в окне {_rect(window.rect())})")
    return out


def clipped(window: QWidget) -> list[str]:
    """Texts of labels, buttons, group boxes, tabs and table headings cut by their room."""
    out: list[str] = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            out += _label(label)
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            out += _button(button)
    for box in window.findChildren(QGroupBox):
        if box.isVisible() and box.title():
            need = QFontMetrics(box.font()).horizontalAdvance(_plain(box.title())) + 16
            if need > box.width():
                out.append(f"{name(box)}: заголовок шире рамки ({need} > {box.width()})")
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            out += _tabs(bar)
    for view in window.findChildren(QAbstractItemView):
        header = getattr(view, "horizontalHeader", lambda: None)() or getattr(view, "header", lambda: None)()
        if view.isVisible() and isinstance(header, QHeaderView) and header.isVisible():
            out += _headings(view, header)
    return out


def _label(label: QLabel) -> list[str]:
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                         and Qt.mightBeRichText(label.text())):
        width = _rich_width(label)
    else:
        width = max(QFontMetrics(label.font()).horizontalAdvance(line) for line in _plain(label.text()).split("\n"))
    room = label.contentsRect().width() - 2 * max(label.margin(), 0) - max(label.indent(), 0)
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return [f"{name(label)}: текст выше надписи ({need} > {label.height()}) — обрезан снизу"]
        widest = _wrapped_width(label, room)
        if widest > room + 1:
            return [f"{name(label)}: строка шире надписи — слово не переносится ({widest} > {room})"]
        return _cut(label)
    if width > room + 1:
        return [f"{name(label)}: текст шире надписи ({width} > {room})"]
    if label.sizeHint().height() > label.height() + 1:
        return [f"{name(label)}: текст выше надписи ({label.sizeHint().height()} > {label.height()})"]
    return _cut(label)


def _cut_by_parent(widget: QWidget) -> bool:
    """Whether a parent shows only a part of the widget (it lies partly outside the parent), unless a scroll area
    between them brings the rest into sight."""
    rect, child = QRect(QPoint(0, 0), widget.size()), widget
    while not child.isWindow():
        parent = child.parentWidget()
        rect = rect.translated(child.pos())
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return False
        if not parent.rect().contains(rect):
            return True
        child = parent
    return False


def _cut(widget: QWidget) -> list[str]:
    return [f"{name(widget)}: видна только часть, остальное за краем"] if _cut_by_parent(widget) else []


def _wrapped_width(label: QLabel, room: int) -> int:
    """The widest line of the label's text laid out as Qt wraps it (between words, after «/» or «-») in `room`."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    if label.textFormat() == Qt.TextFormat.PlainText or not Qt.mightBeRichText(label.text()):
        document.setPlainText(_plain(label.text()))
    else:
        document.setHtml(label.text())
    document.setTextWidth(max(room, 1))
    return int(document.idealWidth())


def _rich_width(label: QLabel) -> int:
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    document.setDocumentMargin(0)
    return int(document.idealWidth())


def _button(button: QAbstractButton) -> list[str]:
    text = _plain(button.text())
    metrics = QFontMetrics(button.font())
    width = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if not button.icon().isNull():
        width += button.iconSize().width() + 4
    style = button.style()
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox) else
               QStyle.SubElement.SE_RadioButtonContents if isinstance(button, QRadioButton) else None)
    if element is not None:
        room = style.subElementRect(element, option, button).width()
    elif isinstance(button, QPushButton):
        room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button).width()
        if button.menu() is not None:
            room -= style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    elif isinstance(button, QToolButton):
        room = button.width() - 6
    else:
        room = button.width()
    if width > room + 1:
        return [f"{name(button)}: текст шире кнопки ({width} > {room})"]
    return _cut(button)


def _tabs(bar: QTabBar) -> list[str]:
    out = []
    metrics = QFontMetrics(bar.font())
    for i in range(bar.count()):
        text = _plain(bar.tabText(i))
        if metrics.horizontalAdvance(text) + 8 > bar.tabRect(i).width():
            out.append(f"QTabBar «{text}»: надпись вкладки сокращена ({bar.tabRect(i).width()} пикселей)")
    return out


def _headings(view: QAbstractItemView, header: QHeaderView) -> list[str]:
    """Each column's heading as it is drawn: wrapped, its longest word fits and its lines fit the header's height;
    not wrapped, the whole heading fits."""
    model = view.model()
    if model is None:
        return []
    out = []
    metrics = QFontMetrics(header.font())
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2
    wraps = bool(header.defaultAlignment() & Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
    for section in range(header.count()):
        size = header.sectionSize(section)
        if header.isSectionHidden(section) or size <= 0:
            continue
        text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
        if not text.strip():
            continue
        room = size - margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            room -= header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if wraps:
            longest = max(metrics.horizontalAdvance(w) for w in text.split())
            lines = metrics.boundingRect(QRect(0, 0, max(room, 1), 10_000),
                                         int(Qt.TextFlag.TextWordWrap.value), text).height()
            if longest > room:
                out.append(f"{name(view)}: столбец «{text}» уже слова заголовка ({room} < {longest})")
            elif lines > header.height() - 4:
                out.append(f"{name(view)}: заголовок «{text}» не помещается по высоте ({lines} > "
                           f"{header.height() - 4})")
        elif widest > room:
            out.append(f"{name(view)}: заголовок «{text}» шире столбца ({widest} > {room})")
        elif metrics.lineSpacing() * (text.count("\n") + 1) > header.height():
            out.append(f"{name(view)}: заголовок «{text}» не помещается по высоте")
    return out


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Whether the widget lies inside a scroll area's viewport (scrolling brings it into sight)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _plain(text: str) -> str:
    """A widget's text as the eye reads it: without the shortcut's «&» and the markup of a rich text."""
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return re.sub(r"<[^>]+>", "", text) if Qt.mightBeRichText(text) else text


def _rect(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}×{r.height()}"
