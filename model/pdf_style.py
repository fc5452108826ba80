"""How the program's PDF documents look: embedded DejaVu fonts, paragraph styles, ruled tables, page numbers."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from model import APP_NAME
from model.files import write_atomically
from model.resources import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE = landscape(A4)
MARGIN = 12 * mm
GREY = colors.HexColor("#e8ecf2")
LINE = colors.HexColor("#555555")


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=7.2, leading=8.6)
    return {
        "base": base,
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, alignment=TA_CENTER, fontSize=6.6, leading=8),
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "numbold": ParagraphStyle("numbold", parent=base, alignment=TA_RIGHT, fontName=BOLD),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=4),
        "text": ParagraphStyle("text", parent=base, fontSize=9, leading=12),
        "small": ParagraphStyle("small", parent=base, fontSize=6.5, leading=7.8, textColor=colors.HexColor("#444444")),
    }


def text(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: whatever the user typed is escaped, never read as markup."""
    return Paragraph(escape(value or "").replace("\n", "<br/>"), style)


class NumberedCanvas(canvas.Canvas):
    """Draws «стр. N из M» and the running footer once the page count is known."""

    footer = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, 7 * mm, self.footer)
            self.drawRightString(PAGE[0] - MARGIN, 7 * mm, f"стр. {self._pageNumber} из {total}")
            super().showPage()
        super().save()


def table(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: the default would declare Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *(extra or []),
    ]))
    return table


def write_document(story: list, target: Path | str, title: str, author: str, footer: str) -> Path:
    """Lay out a story on A4 landscape pages with the running footer and «стр. N из M»; whole or not at all."""
    def write(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=14 * mm, title=title, author=author, creator=APP_NAME,
                                initialFontName=FONT)  # else Helvetica, not embedded, is declared on every page
        canvas_class = type("FooterCanvas", (NumberedCanvas,), {"footer": footer})
        doc.build(story, canvasmaker=canvas_class)

    return write_atomically(target, write)
