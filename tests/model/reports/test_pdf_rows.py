"""A long table of plain texts drawn straight on the canvas (model/reports/pdf_rows.py): every row's text on its
pages, the header on every page, a text that wraps whole, markup-like text as typed, and rows never lost or doubled
between pages."""

from __future__ import annotations

import itertools
import subprocess

import model.reports.pdf_rows as pdf_rows
from model.reports.pdf_rows import PlainRows, plain_table
from model.reports.pdf_style import register_fonts, styles, text, write_document
from model.reports.pdf_table import PageTable

WIDTHS = [60.0, 300.0, 120.0]


def test_every_row_on_its_pages_under_the_header(tmp_path):
    register_fonts()
    st = styles()
    header = [text(h, st["head"]) for h in ("№", "Муниципальное образование", "Оценка, %")]
    rows = [[str(n), f"Поселение «Сосновка» <b>&amp; № {n}" + (" очень длинное название" * 3 if n % 7 == 0 else ""),
             f"{n},50"] for n in range(1, 401)]
    flowable = plain_table(header, rows, WIDTHS, [st["num"], st["cell"], st["num"]])
    assert isinstance(flowable, PlainRows)
    pdf = write_document([flowable], tmp_path / "t.pdf", "т", "т", "подвал")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 5
    assert all("Муниципальное образование" in p and "Оценка, %" in p for p in pages)
    whole = " ".join(" ".join(p.split()) for p in pages)
    for n in range(1, 401):
        assert f"Поселение «Сосновка» <b>&amp; № {n} " in whole + " "
        assert f"{n},50" in whole
    assert whole.count("очень длинное") == 3 * len(range(7, 401, 7))


def test_pages_take_the_rows_once_each():
    register_fonts()
    st = styles()
    rows = [[str(n), f"Поселение № {n}", "1"] for n in range(1000)]
    part = plain_table([text("a", st["head"])] * 3, rows, WIDTHS, [st["num"], st["cell"], st["num"]])
    taken = []
    while part.wrap(sum(WIDTHS), 500)[1] > 500:
        first, part = part.split(sum(WIDTHS), 500)
        assert first.wrap(sum(WIDTHS), 500)[1] <= 500
        taken += first.rows()
    taken += part.rows()
    assert taken == rows


def test_rows_a_page_may_part_go_to_the_usual_table():
    register_fonts()
    st = styles()
    rows = [["1", " ".join(["слово"] * 400), "2"]]
    assert isinstance(plain_table([text("a", st["head"])] * 3, rows, WIDTHS, [st["num"], st["cell"], st["num"]]),
                      PageTable)


def test_pages_kept_as_one_text_make_the_same_file(tmp_path, monkeypatch):
    """Each page waiting for «стр. N из M» is kept as one text and let go once drawn (NumberedCanvas): the file is the
    one the canvas writes when every page keeps reportlab's thousands of pieces until the end, byte for byte."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    import model.reports.pdf_style as pdf_style

    register_fonts()
    st = styles()
    header = [text(h, st["head"]) for h in ("№", "Муниципальное образование", "Оценка, %")]
    rows = [[str(n), f"Поселение «Сосновка» № {n} (ж)" * (1 + n % 3), f"{n},50"] for n in range(1, 301)]
    monkeypatch.setattr(rl_config, "invariant", 1)  # no time and no random identifier in the file

    def written(name: str) -> bytes:
        monkeypatch.setattr(pdf_rows, "_forms", itertools.count(1))  # the header form's name counts tables made
        story = [plain_table(header, rows, WIDTHS, [st["num"], st["cell"], st["num"]])]
        return write_document(story, tmp_path / name, "т", "т", "подвал").read_bytes()

    kept = []
    one_text = pdf_style.NumberedCanvas.showPage

    def show_page(self) -> None:
        one_text(self)
        kept.append(len(self._pages[-1]["_code"]))

    monkeypatch.setattr(pdf_style.NumberedCanvas, "showPage", show_page)
    joined = written("joined.pdf")
    assert len(kept) > 5 and set(kept) == {1}  # each page waits as one text

    class Pieces(pdf_style.NumberedCanvas):  # the usual «page N of M» canvas: every page's state kept as it is
        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(pdf_style.FONT, 8)
                self.setFillColor(pdf_style.colors.HexColor("#444444"))
                number = f"стр. {self._pageNumber} из {total}"
                room = self._pagesize[0] - 2 * pdf_style.MARGIN - pdf_style.stringWidth(number, pdf_style.FONT, 8) \
                    - 6 * pdf_style.mm
                self.drawString(pdf_style.MARGIN, 7 * pdf_style.mm,
                                pdf_style.shortened(self.footer, pdf_style.FONT, 8, room))
                self.drawRightString(self._pagesize[0] - pdf_style.MARGIN, 7 * pdf_style.mm, number)
                canvas.Canvas.showPage(self)
            canvas.Canvas.save(self)

    monkeypatch.setattr(pdf_style, "NumberedCanvas", Pieces)
    pieces = written("pieces.pdf")
    assert joined == pieces
    assert joined.count(b"/Type /Page\n") > 5 and b"/FlateDecode" in joined
