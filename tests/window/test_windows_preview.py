"""The preview and printing under Windows' rules, simulated on Linux.

- A file PDFium opens by name stays open while it is read, and Windows refuses to replace or remove an open file
  (PDFium opens without FILE_SHARE_DELETE): the fixture `windows_sharing` records which paths PDFium holds and
  makes os.replace / os.unlink / Path.unlink refuse them with PermissionError (EACCES), as Windows does; the
  retries' sleeps are counted (a frozen window is a sleep).
- Windows' 125 % and 150 % scale: the widget's device-pixel ratio forced (a patch, and QT_SCALE_FACTOR in a child).
- A printer at 600 dpi: a PDF printer of that resolution, the images drawn on it measured, and the memory of a child
  process that prints 8 pages."""

import errno
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import fill_quarter
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageRanges, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from gui.tabs import reports
from gui.widgets import pdf_pages
from gui.widgets.preview import RENDER_DPI, PdfPreview
from model.areas.profile import Profile, load_profile, save_profile

ROOT = Path(__file__).resolve().parents[2]


class Sharing:
    """The paths held open (by PDFium, or by «another program» a test names) and the sleeps of retries."""

    def __init__(self) -> None:
        self.held: dict[str, int] = {}
        self.sleeps: list[float] = []
        self.refused: list[str] = []

    def hold(self, path) -> None:
        key = os.path.abspath(path)
        self.held[key] = self.held.get(key, 0) + 1

    def release(self, path) -> None:
        key = os.path.abspath(path)
        self.held[key] -= 1
        if not self.held[key]:
            del self.held[key]

    def check(self, *paths) -> None:
        for path in paths:
            if isinstance(path, (str, os.PathLike)) and os.path.abspath(path) in self.held:
                self.refused.append(os.fspath(path))
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))


@pytest.fixture
def windows_sharing(monkeypatch, tmp_path):
    """Windows' sharing rule for files PDFium opens by name; the previews' folders in this test's own temp."""
    sharing = Sharing()
    real_document = pdfium.PdfDocument

    class HeldDocument(real_document):  # type: ignore[misc, valid-type]
        def __init__(self, source, *args, **kwargs):
            self._held_path = source if isinstance(source, (str, os.PathLike)) else None
            super().__init__(source, *args, **kwargs)
            if self._held_path is not None:
                sharing.hold(self._held_path)

        def close(self):
            if getattr(self, "_held_path", None) is not None:
                sharing.release(self._held_path)
                self._held_path = None
            super().close()

    real_replace, real_unlink, real_path_unlink = os.replace, os.unlink, Path.unlink

    def replace(src, dst, *args, **kwargs):
        sharing.check(src, dst)
        return real_replace(src, dst, *args, **kwargs)

    def unlink(path, *args, **kwargs):
        if not kwargs.get("dir_fd"):
            sharing.check(path)
        return real_unlink(path, *args, **kwargs)

    def path_unlink(self, missing_ok=False):
        sharing.check(self)
        return real_path_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(pdfium, "PdfDocument", HeldDocument)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", unlink)
    monkeypatch.setattr(Path, "unlink", path_unlink)
    monkeypatch.setattr(time, "sleep", sharing.sleeps.append)  # model.base.files' retries: counted, not slept
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(reports, "_previews", [])
    monkeypatch.setattr(reports, "_owner", [], raising=False)
    yield sharing
    getattr(reports, "clear_previews", lambda: None)()


@pytest.fixture
def tab(window):
    window.tabs.setCurrentWidget(window.reports_tab)
    return window.reports_tab


def rename(tab, n: int) -> None:
    """New data: the district's name carries the number (the tab reads the data again)."""
    save_profile(tab.db, replace(load_profile(tab.db), district=f"Район номер {n}"))
    tab.data = None


def first_page(source: Path | bytes, ratio: float = 1.0):
    return next(pdf_pages.render_pages(source if isinstance(source, bytes) else source.read_bytes(),
                                       RENDER_DPI * ratio))


def test_refreshing_printing_and_returning_never_replace_a_file_pdfium_holds(qtbot, windows_sharing, window):
    fill_quarter(window.db)
    save_profile(window.db, Profile(district="Район номер 0", head_name="В. В. Иванов"))
    window.tabs.setCurrentWidget(window.reports_tab)  # the first preview
    tab = window.reports_tab
    written: list[bytes] = []
    write = tab._write_preview

    def recorded():
        path = write()
        written.append(path.read_bytes())
        return path
    tab._write_preview = recorded

    # five refreshes, each clicked while the one before renders (the window is kept alive between its pages):
    # «Обновить предпросмотр» clicked again, Ctrl+P's file, a return to the tab — each writes the report again
    clicks = iter(range(2, 6))

    def click_again():
        n = next(clicks, None)
        if n is None:
            return
        QTimer.singleShot(0, click_again)  # the next click comes while this refresh renders
        rename(tab, n)
        tab.buttons["preview"].click()
    rename(tab, 1)
    QTimer.singleShot(0, click_again)
    tab.buttons["preview"].click()
    qtbot.wait(50)
    assert windows_sharing.sleeps == [] and windows_sharing.refused == []
    assert tab.preview.page_label.text() != "отчёт не построен"
    assert len(written) == 5 and len({hash(b) for b in written}) == 5
    assert "Район номер 5" in PdfReader(tab.preview_pdf).pages[0].extract_text()
    assert tab.preview.images[0] == first_page(written[-1])  # the newest data, not a mix of renders
    assert tab.preview.images[0] != first_page(written[-2])
    assert tab.preview.page_count() == len(PdfReader(tab.preview_pdf).pages)

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(Path(tempfile.gettempdir()) / "printed.pdf"))
    rename(tab, 6)
    assert tab.print_to(printer) == tab.preview.page_count()  # Ctrl+P: the report written again, and printed
    assert "Район номер 6" in PdfReader(tab.preview_pdf).pages[0].extract_text()
    window.tabs.setCurrentIndex(0)
    rename(tab, 7)
    window.tabs.setCurrentWidget(tab)  # back to the tab: the preview is made again
    assert windows_sharing.sleeps == [] and windows_sharing.refused == []
    assert tab.preview.images[0] == first_page(written[-1])
    assert "Район номер 7" in PdfReader(tab.preview_pdf).pages[0].extract_text()
    assert windows_sharing.held == {}  # nothing stays open
    folder = reports.preview_folder()
    assert sorted(p.name for p in folder.iterdir()) == sorted([reports.OWNER, tab.preview_pdf.name])


def test_a_preview_another_program_holds_is_removed_later(qtbot, windows_sharing, tab):
    fill_quarter(tab.db)
    tab.refresh_preview()
    held = tab.preview_pdf
    windows_sharing.hold(held)  # Explorer's preview pane or an antivirus reads it
    tab.refresh_preview()
    tab.refresh_preview()
    folder = held.parent
    assert held.exists() and windows_sharing.sleeps == []
    assert set(folder.iterdir()) == {folder / reports.OWNER, held, tab.preview_pdf}
    windows_sharing.release(held)
    tab.refresh_preview()  # tried again at the next render
    assert set(folder.iterdir()) == {folder / reports.OWNER, tab.preview_pdf}
    windows_sharing.hold(tab.preview_pdf)
    reports.clear_previews()  # the program's end: what is held stays, for the next start
    assert {p.name for p in folder.iterdir()} == {reports.OWNER, tab.preview_pdf.name}
    windows_sharing.release(tab.preview_pdf)
    tab.refresh_preview()  # «the next start»: the folder left behind is cleared, a new one is made
    assert not folder.exists() and tab.preview_pdf.parent != folder


def test_leftover_preview_folders_are_cleared_at_start_but_not_a_running_programs(qtbot, windows_sharing, window):
    from model.base.writer_lock import OS_LOCK

    temp = Path(tempfile.gettempdir())
    dead, running, old, recent = (temp / f"omsu-preview-{n}" for n in ("dead1234", "live1234", "old12345", "new12345"))
    for folder in (dead, running, old, recent):
        folder.mkdir()
        (folder / "2018-2-1-3.pdf").write_bytes(b"%PDF-1.4")
    (dead / "owner").write_bytes(b"")  # its program ended without removing it
    (running / "owner").write_bytes(b"")
    fd = os.open(running / reports.OWNER, os.O_RDWR)
    assert OS_LOCK.try_lock(fd)  # another program running now
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))  # an earlier version's folder, no owner file
    try:
        fill_quarter(window.db)
        window.tabs.setCurrentWidget(window.reports_tab)  # the program's first preview
    finally:
        os.close(fd)
    assert window.reports_tab.preview.page_count() > 0
    assert not dead.exists() and not old.exists()
    assert (running / "2018-2-1-3.pdf").exists() and (recent / "2018-2-1-3.pdf").exists()


# -- 125 % and 150 % -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("ratio", [1.25, 1.5])
def test_pages_are_drawn_at_the_screens_pixel_ratio(qtbot, tab, monkeypatch, ratio):
    """The ratio forced on the preview; the pixmaps it hands its labels are looked at (QLabel.pixmap() gives one
    made again for the label's own screen, here 1)."""
    given = []
    real = QLabel.setPixmap
    monkeypatch.setattr(QLabel, "setPixmap", lambda label, pixmap: given.append(pixmap) or real(label, pixmap))
    monkeypatch.setattr(PdfPreview, "devicePixelRatioF", lambda self: ratio)
    fill_quarter(tab.db)
    tab.refresh_preview()
    preview = tab.preview
    for zoom in (1.0, 1.5):
        given.clear()
        preview.set_zoom(zoom)
        logical = preview._laid_width
        pixmap = given[0]
        assert len(given) == preview.page_count()
        assert abs(pixmap.width() - logical * zoom * ratio) <= 1
        assert pixmap.devicePixelRatio() == ratio
        assert abs(pixmap.deviceIndependentSize().width() - logical * zoom) <= 1  # the same size on the screen
    assert abs(preview.images[0].width() - 297 / 25.4 * RENDER_DPI * ratio) <= 1  # A4 landscape rendered at the ratio


SCALED = """
import sys
sys.path[:0] = [{tests!r}, {root!r}]
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from conftest import Q2, fill_quarter
from gui.main_window import MainWindow
from model.store.db import open_database

app = QApplication([])
folder = Path({folder!r})
fill_quarter(open_database(folder / "db.sqlite"))
window = MainWindow(folder / "db.sqlite", QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), period=Q2)
window.resize(1366, 768)
window.show()
window.tabs.setCurrentWidget(window.reports_tab)
preview = window.reports_tab.preview
pixmap = preview.labels[0].pixmap()
print(preview.devicePixelRatioF(), pixmap.width(), pixmap.devicePixelRatio(), preview._fit_width())
preview.grab().save(str(folder / "preview.png"))
window.db.conn.close()
"""


@pytest.mark.parametrize("factor", ["1.25", "1.5"])
def test_at_windows_scale_the_preview_is_drawn_sharp(tmp_path, factor):
    """The whole program at Qt's scale factor (what Windows' 125 % and 150 % give): the page's pixmap has as many
    pixels as the screen shows, one for one."""
    script = SCALED.format(tests=str(ROOT / "tests"), root=str(ROOT), folder=str(tmp_path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor, "OMSU_REPORT_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    ratio, width, pixmap_ratio, logical = run.stdout.split()[-4:]
    assert float(ratio) == float(factor) and float(pixmap_ratio) == float(factor)
    assert abs(int(width) - int(logical) * float(factor)) <= 1
    assert (tmp_path / "preview.png").stat().st_size > 0


# -- printing ------------------------------------------------------------------------------------------------
def pdf_printer(path: Path, dpi: int = 600) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    printer.setPageOrientation(printer.pageLayout().orientation().Landscape)
    return printer


def test_a_page_is_rendered_once_at_the_size_it_is_printed(qtbot, tab, tmp_path, monkeypatch):
    """At 600 dpi a page used to be rendered at 300 dpi and then copied at the printer's 600 dpi (7 000 × 5 000
    pixels, about 100 MB a page); now the one image is at most 300 dpi at the printed size (about 3 300 × 2 300,
    RGB: 23 MB) and the painter stretches it. The bound: no image drawn or kept over 300 dpi of A4 landscape."""
    drawn: list[tuple[int, int]] = []
    real = QPainter.drawImage

    def draw(painter, *args):
        image = next(a for a in args if hasattr(a, "sizeInBytes"))
        drawn.append((image.width(), image.height()))
        return real(painter, *args)
    monkeypatch.setattr(QPainter, "drawImage", draw)
    fill_quarter(tab.db)
    tab.refresh_preview()
    pages = tab.preview.page_count()
    printed = tab.print_to(pdf_printer(tmp_path / "printed.pdf"))
    assert printed == pages and len(drawn) == pages
    a4_at_300 = (round(297 / 25.4 * 300), round(210 / 25.4 * 300))  # 3508 × 2480
    assert all(w <= a4_at_300[0] and h <= a4_at_300[1] for w, h in drawn), drawn
    assert all(w >= a4_at_300[0] * 0.85 for w, _ in drawn), drawn  # not blurred either: near 300 dpi on paper
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages


@pytest.mark.parametrize("chosen, expected", [
    ((QPrinter.PrintRange.PageRange, 2, 3), 2),
    ((QPrinter.PrintRange.PageRange, "1,3-4", 0), 3),  # a list of pages typed in the dialog
    ((QPrinter.PrintRange.CurrentPage, 0, 0), 1),
    ((QPrinter.PrintRange.AllPages, 0, 0), 6),
])
def test_only_the_pages_chosen_in_the_dialog_are_printed(qtbot, tab, tmp_path, monkeypatch, chosen, expected):
    kind, first, last = chosen
    asked: list[list[int]] = []
    real = pdf_pages.print_pages
    monkeypatch.setattr(pdf_pages, "print_pages", lambda *a, **k: asked.append(list(a[3])) or real(*a, **k))
    fill_quarter(tab.db)
    tab.refresh_preview()
    tab.preview.go_to(4)
    printer = pdf_printer(tmp_path / "printed.pdf", dpi=150)
    printer.setPrintRange(kind)
    if isinstance(first, str):
        printer.setPageRanges(QPageRanges.fromString(first))
    elif first:
        printer.setFromTo(first, last)
    assert tab.print_to(printer) == expected
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == expected
    everything = list(range(tab.preview.page_count()))
    current = [4] if kind == QPrinter.PrintRange.CurrentPage else everything
    assert asked == [{2: [1, 2], "1,3-4": [0, 2, 3], 0: current}[first]]


def test_the_print_dialog_offers_the_page_range_and_the_current_page(qtbot, tab, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    seen = {}

    def look(dialog):
        seen["range"] = dialog.testOption(QPrintDialog.PrintDialogOption.PrintPageRange)
        seen["current"] = dialog.testOption(QPrintDialog.PrintDialogOption.PrintCurrentPage)
        seen["min_max"] = (dialog.minPage(), dialog.maxPage())
        return QPrintDialog.DialogCode.Rejected
    monkeypatch.setattr(QPrintDialog, "exec", look)
    fill_quarter(tab.db)
    tab.print_report()
    assert seen == {"range": True, "current": True, "min_max": (1, tab.preview.page_count())}


PRINT_8 = """
import resource, sys
sys.path[:0] = [{root!r}]
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter
app = QApplication([])
from gui.widgets import pdf_pages
pdf = open({pdf!r}, "rb").read()
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName({out!r})
printer.setResolution(600)
printer.setPageOrientation(printer.pageLayout().orientation().Landscape)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
painter = QPainter()
assert painter.begin(printer)
total = pdf_pages.page_count(pdf)
done = pdf_pages.print_pages(pdf, printer, painter, [n % total for n in range(8)])  # 8 pages, the report's again
painter.end()
print(done, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_printing_8_pages_at_600_dpi_stays_within_a_memory_bound(qtbot, tab, tmp_path):
    """The peak memory a print of 8 pages at 600 dpi adds, in a child process (QImage's memory is not Python's, so
    tracemalloc cannot see it). Measured: the page rendered at 300 dpi then copied at the printer's 600 dpi (7 000 ×
    4 900 pixels) made the peak grow by about 350 MB; one page at 300 dpi at a time, drawn without a copy, by about
    100 MB (the page's 33 MB and Qt's PDF engine's work on it). The bound, 120 MB, lies between with room for the
    allocator's variations; a spool of 8 such pages at 600 dpi would be over 800 MB."""
    fill_quarter(tab.db)
    tab.refresh_preview()
    script = PRINT_8.format(root=str(ROOT), pdf=str(tab.preview_pdf), out=str(tmp_path / "printed.pdf"))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    done, grown_mb = map(int, run.stdout.split()[-2:])
    assert done == 8 and len(PdfReader(tmp_path / "printed.pdf").pages) == 8
    assert grown_mb < 120, grown_mb
