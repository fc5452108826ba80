"""Pages of a PDF as images (PDFium), for the preview and for printing the very file that is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtGui import QImage


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_pages(path: Path, dpi: float) -> Iterator[QImage]:
    """Each page rendered at dpi, one at a time."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()
            bitmap.close()
            page.close()
            yield image
    finally:
        pdf.close()
