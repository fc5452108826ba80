"""How the program's PDF documents look: embedded DejaVu fonts, paragraph styles, ruled tables, page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from model import APP_NAME
from model.base.files import write_atomically
from model.reports.font_metrics import BOLD as BOLD  # the fonts are registered there; their names said here too
from model.reports.font_metrics import FONT as FONT
from model.reports.font_metrics import register_fonts as register_fonts


def escape(text: str) -> str:
    """The text as a Paragraph's markup shows it: «&», «<» and «>» escaped (xml.sax.saxutils.escape's work, which
    would bring urllib, http and ssl into every export, ~17 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PAGE = landscape(A4)
MARGIN = 12 * mm
BOTTOM = 14 * mm  # the running footer lives below it
FRAME_HEIGHT = PAGE[1] - MARGIN - BOTTOM - 12  # the frame's own padding is 6 pt at the top and at the bottom
GREY = colors.HexColor("#e8ecf2")
LINE = colors.HexColor("#555555")


def styles() -> dict[str, ParagraphStyle]:
    """Sizes read on paper at arm's length: body 9–10 pt, tables 8,5 pt, the plan's dense table, headings and notes
    8 pt —
    nothing smaller anywhere (tests/model/reports/test_printouts.py measures the finished PDF)."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11)
    note = colors.HexColor("#333333")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=13, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=6, spaceAfter=4),
        "text": ParagraphStyle("text", parent=base, fontSize=10, leading=13),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10),
        "cellbold": ParagraphStyle("cellbold", parent=base, fontName=BOLD, fontSize=8.5, leading=10),
        "num": ParagraphStyle("num", parent=base, fontSize=8.5, leading=10, alignment=TA_RIGHT),
        "numbold": ParagraphStyle("numbold", parent=base, fontName=BOLD, fontSize=8.5, leading=10, alignment=TA_RIGHT),
        # the plan's table: the densest, at the smallest size allowed
        "dense": ParagraphStyle("dense", parent=base, fontSize=8, leading=9.4),
        "densebold": ParagraphStyle("densebold", parent=base, fontName=BOLD, fontSize=8, leading=9.4),
        "densenum": ParagraphStyle("densenum", parent=base, fontSize=8, leading=9.4, alignment=TA_RIGHT),
        "densenumbold": ParagraphStyle("densenumbold", parent=base, fontName=BOLD, fontSize=8, leading=9.4,
                                       alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8, leading=9.5, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10, textColor=note),
        "big": ParagraphStyle("big", parent=base, fontName=BOLD, fontSize=16, leading=19, alignment=TA_CENTER),
        "bigwait": ParagraphStyle("bigwait", parent=base, fontName=BOLD, fontSize=10, leading=12, alignment=TA_CENTER),
        "bigsub": ParagraphStyle("bigsub", parent=base, fontSize=8.5, leading=10, alignment=TA_CENTER),
    }


class PlainText(Flowable):
    """Plain text in a style, never read as markup: a text that fits on one line is drawn as it is, without
    reportlab's paragraph parser (most table cells — figures, dates, names — are such, and parsing them was most
    of a report's time); a longer one becomes an escaped Paragraph that wraps and splits."""

    def __init__(self, value: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = value or ""
        self.style = style
        self._paragraph: Paragraph | None = None
        self._one_line = False
        self._wrapped: tuple[float, tuple[float, float]] | None = None  # the paragraph's last width and size

    def paragraph(self) -> Paragraph:
        if self._paragraph is None:
            self._paragraph = Paragraph(escape(self.text).replace("\n", "<br/>"), self.style)
        return self._paragraph

    def _fits(self, width: float) -> bool:
        return "\n" not in self.text and self.text == self.text.strip() and \
            stringWidth(self.text, self.style.fontName, self.style.fontSize) <= width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        self._one_line = self._fits(availWidth)
        if self._one_line:
            self.width, self.height = availWidth, self.style.leading
            return self.width, self.height
        if self._wrapped is None or self._wrapped[0] != availWidth:  # a table asks again and again at one width
            self._wrapped = availWidth, self.paragraph().wrap(availWidth, availHeight)
        return self._wrapped[1]

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
        if self._fits(availWidth):
            return [self] if availHeight >= self.style.leading else []
        self.wrap(availWidth, availHeight)  # the paragraph's lines as they are at this width
        pieces = self.paragraph().split(availWidth, availHeight)
        # reportlab's split throws the paragraph's lines away when nothing fits (`del self.blPara`): the text then
        # goes whole to the next frame and must be laid out again there, not drawn from the remembered size
        self._wrapped = None
        return pieces

    def draw(self) -> None:
        if not self._one_line:
            self.paragraph().drawOn(self.canv, 0, 0)
            return
        canvas_ = self.canv
        canvas_.setFont(self.style.fontName, self.style.fontSize)
        canvas_.setFillColor(self.style.textColor)
        y = self.height - self.style.fontSize  # where Paragraph puts its first baseline
        if self.style.alignment == TA_RIGHT:
            canvas_.drawRightString(self.width, y, self.text)
        elif self.style.alignment == TA_CENTER:
            canvas_.drawCentredString(self.width / 2, y, self.text)
        else:
            canvas_.drawString(0, y, self.text)


def text(value: str, style: ParagraphStyle) -> PlainText:
    """Text a person reads: whatever the user typed is drawn as typed, never read as markup."""
    return PlainText(value, style)


def shortened(line: str, font: str, size: float, width: float) -> str:
    """The line as it is where it fits in width, else cut at a word with «…» (a running footer, never the report's
    own text)."""
    if stringWidth(line, font, size) <= width:
        return line
    while line and stringWidth(line + " …", font, size) > width:
        line = line[:-max(1, len(line) // 8)] if stringWidth(line, font, size) > 2 * width else line[:-1]
    return line.rstrip(" ·,") + " …"


class NumberedCanvas(canvas.Canvas):
    """Draws «стр. N из M» and the running footer once the page count is known: each page is kept until the end, its
    drawing as one text (a long summary's 900 pages as thousands of small texts each took ~60 MB), and let go once its
    footer is drawn."""

    footer = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        state = {k: v for k, v in self.__dict__.items() if k != "_pages"}
        state["_code"] = ["\n".join(self._code)] if self._code else []  # reportlab joins a page's code with «\n»
        self._pages.append(state)
        self._startPage()

    def save(self) -> None:
        pages, self._pages = self._pages[::-1], []  # popped from the end: each page let go once it is drawn
        total = len(pages)
        while pages:
            self.__dict__.update(pages.pop())
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#444444"))
            number = f"стр. {self._pageNumber} из {total}"
            width = self._pagesize[0]
            room = width - 2 * MARGIN - stringWidth(number, FONT, 8) - 6 * mm
            self.drawString(MARGIN, 7 * mm, shortened(self.footer, FONT, 8, room))
            self.drawRightString(width - MARGIN, 7 * mm, number)
            super().showPage()
        super().save()


def write_document(story: list, target: Path | str, title: str, author: str, footer: str,
                   pagesize: tuple[float, float] = PAGE) -> Path:
    """Lay out a story on A4 pages (landscape unless told) with the running footer and «стр. N из M»; whole or not
    at all."""
    def write(tmp: Path) -> None:
        # the file is opened (and closed on any failure) here: reportlab leaves a file it opened itself unclosed
        # when its write fails, and the failing close then comes when Python collects it
        with open(tmp, "wb") as fh:
            build(fh)

    def build(fh: BinaryIO) -> None:
        doc = SimpleDocTemplate(fh, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=BOTTOM, title=title, author=author, creator=APP_NAME,
                                initialFontName=FONT)  # else Helvetica, not embedded, is declared on every page
        canvas_class = type("FooterCanvas", (NumberedCanvas,), {"footer": footer})
        doc.build(story, canvasmaker=canvas_class)

    return write_atomically(target, write)
