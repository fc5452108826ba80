"""Pages of a PDF as images (PDFium), for the preview and for printing the very file that is sent.

PDFium is given the file's bytes, never its name: a document PDFium opens by name stays open (on Windows without
FILE_SHARE_DELETE) for as long as it is read, and while it is open Windows refuses to replace or remove the file.
A report's PDF is small (about 10 KB a page), so the bytes in memory cost nothing next to one rendered page."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

MAX_PRINT_DPI = 300  # sharper is not seen on paper; a page at 300 dpi is about 25 MB, at 600 dpi four times that


def read_pdf(source: Path | bytes) -> pdfium.PdfDocument:
    """The document from its bytes: the file is read and closed at once, PDFium holds no file."""
    return pdfium.PdfDocument(source if isinstance(source, bytes) else Path(source).read_bytes())


def page_count(source: Path | bytes) -> int:
    pdf = read_pdf(source)
    try:
        return len(pdf)
    finally:
        pdf.close()


@contextmanager
def _rendered(page: pdfium.PdfPage, scale: float, for_painting: bool = False) -> Iterator[QImage]:
    """The page rendered at scale, as an image over PDFium's own bitmap (no copy): valid inside the block only.
    for_painting: in PDFium's BGRx, which is Qt's RGB32 on every little-endian machine (the PCs this runs on), the
    format Qt's paint engines take as it is, without a converted copy of the page."""
    if for_painting and sys.byteorder == "little":
        bitmap = page.render(scale=scale, prefer_bgrx=True)
        image_format = QImage.Format.Format_RGB32
    else:
        bitmap = page.render(scale=scale, rev_byteorder=True)
        image_format = QImage.Format.Format_RGB888
    try:
        yield QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, image_format)
    finally:
        bitmap.close()


def _image(page: pdfium.PdfPage, scale: float) -> QImage:
    with _rendered(page, scale) as image:
        return image.copy()


def render_pages(source: Path | bytes, dpi: float) -> Iterator[QImage]:
    """Each page rendered at dpi, one at a time."""
    pdf = read_pdf(source)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield _image(page, dpi / 72)
            finally:
                page.close()
    finally:
        pdf.close()


def chosen_pages(printer: QPrinter, total: int, current: int = 0) -> list[int]:
    """The pages (from 0) the print dialog chose: all, a range («2-3», also «1,3-4»), or the page in view."""
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 0), total - 1)] if total else []
    if chosen == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [n - 1 for n in range(1, total + 1) if ranges.contains(n)]
        first, last = printer.fromPage(), printer.toPage()
        if first or last:
            return list(range(max(first, 1) - 1, min(last or total, total)))
    return list(range(total))


def print_pages(source: Path | bytes, printer: QPrinter, painter: QPainter, pages: Sequence[int],
                printed: Callable[[int], bool] | None = None) -> int:
    """Paint the pages (from 0) on the printer, painter begun on it: each page fitted to the printable area, rendered
    once at the size it is printed (at most MAX_PRINT_DPI, the painter stretches it to the printer's dots without a
    copy) and freed before the next. printed(n) is called after each page; False stops. Returns the pages printed."""
    pdf = read_pdf(source)
    done = 0
    try:
        for index in pages:
            if done:
                printer.newPage()
            page = pdf[index]
            try:
                width, height = page.get_size()  # points
                area = painter.viewport()  # the printable area in the printer's dots
                fit = min(area.width() / width, area.height() / height)  # dots a point
                dpi = min(printer.resolution(), MAX_PRINT_DPI) or MAX_PRINT_DPI
                with _rendered(page, fit * dpi / max(printer.resolution(), 1), for_painting=True) as image:
                    painter.drawImage(QRectF(area.x(), area.y(), width * fit, height * fit), image)
            finally:
                page.close()
            done += 1
            if printed is not None and not printed(done):
                break
    finally:
        pdf.close()
    return done
