"""A title pinned over the top edge of a scroll area while the title itself is scrolled out of view: a long item's
first input lies below the fold, and Ctrl+PgDown showed a form with no word of which item it was."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QScrollArea

from gui.style import MUTED, restyle


class PinnedTitle(QLabel):
    """Stands over the pane's upper edge, on one line, while the label it stands for is scrolled away; a click
    scrolls back to the top."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.title: QLabel | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAutoFillBackground(True)  # the form scrolls under it, not through it
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("К началу пункта")
        restyle(self, f"font-weight: 600; border-bottom: 1px solid {MUTED}; padding: 3px 12px;")
        self.hide()
        bar = scroll.verticalScrollBar()
        bar.valueChanged.connect(self.follow)
        bar.rangeChanged.connect(self.follow)
        scroll.viewport().installEventFilter(self)

    def stand_for(self, title: QLabel) -> None:
        self.title = title
        self.follow()

    def follow(self, *_args: object) -> None:
        """Shown with the title's text while the title's first line (with the item's number) is above the pane's
        edge; hidden otherwise. (Shown only once the whole title was gone, a title of three lines scrolled by one
        left «…repozitoriy/.» at the top and no number anywhere.)"""
        title, page = self.title, self.scroll.widget()
        if title is None or page is None or not title.isVisibleTo(page):
            self.hide()
            return
        view = self.scroll.viewport()
        band = self.fontMetrics().height() + 8
        top = title.mapTo(page, QPoint(0, title.contentsRect().top())).y()
        if top + title.fontMetrics().height() // 2 >= self.scroll.verticalScrollBar().value():
            self.hide()
            return
        text = " ".join(title.text().split())
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(view.width() - 30, 50)))
        self.setGeometry(view.x(), view.y(), view.width(), band)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.follow()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.scroll.verticalScrollBar().setValue(0)

