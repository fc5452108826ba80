"""The preview of a PDF: its pages one under another, zoom (−/+, «по ширине») and page navigation (◀ ▶)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0)  # of the width that fits the pane
RENDER_DPI = 150  # sharp up to twice the fitting width on a 1366 px screen; times the screen's pixel ratio
PAGE_MARGIN = 8  # grey around each page
LAYOUT_MARGIN = 6


class PdfPreview(QWidget):
    """Shows a PDF file's pages; keeps the zoom when the file is shown again after a change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: list[QImage] = []
        self._showing = 0  # counts the calls of show_pdf: a render still running for an earlier one stops
        self._pdf = b""  # the bytes of the file shown: drawn again when the window moves to a screen of another scale
        self.labels: list[QLabel] = []
        self.zoom = 1.0
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        self.back = self._button("◀", "Предыдущая страница (PgUp)", lambda: self.go_to(self.current_page() - 1))
        self.page_label = QLabel()
        self.page_label.setMinimumWidth(110)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.forward = self._button("▶", "Следующая страница (PgDown)", lambda: self.go_to(self.current_page() + 1))
        self.smaller = self._button("−", "Мельче", lambda: self.set_zoom(self._step(-1)))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.larger = self._button("+", "Крупнее", lambda: self.set_zoom(self._step(1)))
        self.fit = self._button("По ширине", "Страница во всю ширину", lambda: self.set_zoom(1.0))
        for widget in (self.back, self.page_label, self.forward):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.smaller, self.zoom_label, self.larger, self.fit):
            bar.addWidget(widget)
        box.addLayout(bar)
        self.pages = QVBoxLayout()
        self.pages.setContentsMargins(LAYOUT_MARGIN, LAYOUT_MARGIN, LAYOUT_MARGIN, LAYOUT_MARGIN)
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self.pages)
        holder.setStyleSheet("background: #9aa4b2;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(holder)
        self.scroll.setAccessibleName("Предпросмотр отчёта")
        self.scroll.verticalScrollBar().valueChanged.connect(self._show_position)
        box.addWidget(self.scroll, 1)
        self._show_position()
        self._laid_width = 0
        self._hidden_page: int | None = None  # pages rendered while hidden, to be laid out when shown (at this one)
        self._relayout = QTimer(self, singleShot=True, interval=150)  # once the user stops dragging the edge
        self._relayout.timeout.connect(lambda: self.set_zoom(self.zoom))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.images and self._pdf:
            QTimer.singleShot(0, lambda: self.show_pdf(self._pdf))  # sharp on the new screen too
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.images and abs(self._fit_width() - self._laid_width) > 8:
            self._relayout.start()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- showing -------------------------------------------------------------------------------------------
    def show_pdf(self, source: Path | bytes) -> None:
        """Render the file's pages (the view stays on the page it was on). PDFium reads the file's bytes: no file
        stays open. A newer call made while this one renders (a click while the window is kept alive) wins: this
        one stops, and the pages shown are the newer file's, never a mix."""
        from gui.widgets.pdf_pages import render_pages  # PDFium loads when the first preview is drawn

        self._showing += 1
        mine = self._showing
        self._pdf = source if isinstance(source, bytes) else Path(source).read_bytes()  # read and closed at once
        page = self.current_page()
        ratio = self.pixel_ratio()
        images: list[QImage] = []
        pages = render_pages(self._pdf, RENDER_DPI * ratio)
        try:
            for image in pages:
                images.append(image)
                QApplication.processEvents()  # a long report keeps the window alive while it renders
                if self._showing != mine:
                    return
        finally:
            pages.close()
        self.images = images
        if not self.isVisible():  # rendered behind another tab: laid out at the width it is shown at, when shown
            self._hidden_page = page
            return
        self._lay_out()
        self.go_to(min(page, len(self.images) - 1))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # the pane has its size now (Qt sizes what a widget holds before it shows it)
        if self._hidden_page is not None:
            page, self._hidden_page = self._hidden_page, None
            self._relayout.stop()
            self._lay_out()
            self.go_to(min(page, len(self.images) - 1))

    def pixel_ratio(self) -> float:
        """Device pixels a logical pixel where the preview is shown (1,25 or 1,5 at Windows' 125 % or 150 %)."""
        return max(self.devicePixelRatioF(), 1.0)

    def show_failure(self, message: str) -> None:
        """No pages, and in their place why (the report could not be built) and what to do."""
        self._showing += 1  # a render still running for an earlier file does not replace this
        self._hidden_page = None
        self.images, self._pdf = [], b""
        self._lay_out()
        label = QLabel(message)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"background: white; padding: 12px; margin: {PAGE_MARGIN}px;")
        label.setMaximumWidth(self._fit_width())
        self.pages.addWidget(label)
        label.show()
        self.page_label.setText("отчёт не построен")

    def _fit_width(self) -> int:
        """A page's width at 100 %: the pane's, less the margins and room for the vertical scroll bar."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        scroll_bar_shown = self.scroll.verticalScrollBar().isVisible()
        return max(self.scroll.viewport().width() - 2 * PAGE_MARGIN - 2 * LAYOUT_MARGIN
                   - (0 if scroll_bar_shown else bar) - 2, 300)

    def _lay_out(self) -> None:
        while self.pages.count():
            widget = self.pages.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.labels = []
        self._laid_width = self._fit_width()
        ratio = self.pixel_ratio()
        width = round(self._laid_width * self.zoom * ratio)  # device pixels: drawn one for one, sharp at 125–150 %
        for image in self.images:
            label = QLabel()
            pixmap = QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setStyleSheet(f"background: white; margin: {PAGE_MARGIN}px;")
            self.pages.addWidget(label)
            label.show()  # now, so that the layout places it at once (Qt would show it on the next pass)
            self.labels.append(label)
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.smaller.setEnabled(self.zoom > ZOOMS[0])
        self.larger.setEnabled(self.zoom < ZOOMS[-1])
        holder = self.scroll.widget()  # place the pages now, not on the next event loop pass: go_to needs them
        holder.resize(holder.sizeHint().expandedTo(self.scroll.viewport().size()))
        self.pages.activate()
        self._show_position()

    # -- zoom ----------------------------------------------------------------------------------------------
    def _step(self, direction: int) -> float:
        if direction > 0:
            return next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1])
        return next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0])

    def set_zoom(self, zoom: float) -> None:
        page = self.current_page()
        self.zoom = zoom
        self._lay_out()
        self.go_to(page)

    # -- pages ---------------------------------------------------------------------------------------------
    def page_count(self) -> int:
        return len(self.labels)

    def current_page(self) -> int:
        """The page at the top of the view, from 0."""
        top = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        current = 0
        for index, label in enumerate(self.labels):
            if label.y() <= top:
                current = index
        return current

    def go_to(self, page: int) -> None:
        if not self.labels:
            return
        page = max(0, min(page, len(self.labels) - 1))
        self.scroll.verticalScrollBar().setValue(self.labels[page].y())
        self._show_position()

    def _show_position(self) -> None:
        count = len(self.labels)
        page = self.current_page() if count else -1
        self.page_label.setText(f"стр. {page + 1} из {count}" if count else "нет страниц")
        self.back.setEnabled(page > 0)
        self.forward.setEnabled(0 <= page < count - 1)
