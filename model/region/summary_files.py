"""Where the summary goes: its PDF and workbook in a folder, named by the period.

A large summary's workbook is written by the program started again (`main.py --write-workbook`; the bundle's
executable with the same flag) while this process writes the PDF: at 2 300 municipalities each takes two to three
seconds, one after the other five. The workbook's contents (model.region.summary_xlsx.WorkbookParts, plain values)
go to it through a pipe, with the temporary path to write; it writes the workbook as this process would and ends
with 0. A writer that does not start, fails or ends otherwise leaves the workbook to be written here, after the PDF —
the same workbook, and the same error said if there is one (a text too long for a cell). No fork, no
multiprocessing, as for the readers (model/region/reading.py)."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

from model.base.files import explain, together
from model.errors import WriteError
from model.region import reading

if TYPE_CHECKING:
    from model.region.consolidate import Summary

log = logging.getLogger("omsu.region")
FLAG = reading.WRITER_FLAG
# How long the writer is waited for once the PDF is written, in seconds: past it (a writer that hangs: held by an
# antivirus, stopped by the system) it is ended and the workbook written here
WAIT_FIRST, WAIT_EACH = 30.0, 0.02


def summary_name(summary: Summary, suffix: str) -> str:
    return f"Свод_{summary.period}{suffix}"


def write_summary(summary: Summary, folder: Path | str, apart: bool | None = None) -> tuple[Path, Path]:
    """Write `Свод_<period>.pdf` and `.xlsx` into folder (made if needed), both or neither (the previous pair stays
    then); returns their paths. `apart`: the workbook written by a program started for it (None: when the summary
    is large and there is a second core, or a writer started early waits: see reading.start_early)."""
    from model.region.summary_parts import workbook_parts
    from model.region.summary_pdf import write_summary_pdf
    from model.region.tables import all_tables

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    if apart is None:
        apart = len(summary.districts) >= reading.APART_FROM and (os.cpu_count() or 1) > 1 or reading.waiting(FLAG)
    pdf, xlsx = folder / summary_name(summary, ".pdf"), folder / summary_name(summary, ".xlsx")
    tables = all_tables(summary)
    with together([pdf, xlsx]) as (pdf_tmp, xlsx_tmp):
        # the contents go to the writer and are dropped here once sent: the PDF is made beside them at most
        writer = _Writer(workbook_parts(summary, tables), xlsx_tmp) if apart else None
        try:
            write_summary_pdf(summary, pdf_tmp, tables)
        except BaseException:
            if writer is not None:
                writer.stop()  # ended before the staging folder is cleared away: nothing is left writing into it
            raise
        if writer is None or not writer.finish(WAIT_FIRST + WAIT_EACH * len(summary.districts)):
            from model.region.summary_xlsx import write_workbook

            write_workbook(workbook_parts(summary, tables), xlsx_tmp)
    return pdf, xlsx


class _Writer:
    """The program started to write the workbook at `target`; `finish` waits for it and says whether it did."""

    def __init__(self, parts: object, target: Path) -> None:
        self.target = target
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        try:
            self.process = reading.start_helper(FLAG, subprocess.DEVNULL)
        except OSError as exc:
            log.warning("the workbook's writer did not start (%s): the workbook is written here", exc)
            return
        # sent by a thread of its own: the pipe takes the contents as the writer reads them, meanwhile the PDF
        self.thread = threading.Thread(target=self._give, args=(parts,), daemon=True)
        self.thread.start()

    def _give(self, parts: object) -> None:
        assert self.process is not None and self.process.stdin is not None
        try:
            with self.process.stdin as stdin:  # pickled into the pipe as it goes: never one copy of it all here
                pickle.dump((str(self.target), parts), stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 — the writer gone (a broken pipe) or contents it cannot take: finish()
            log.warning("the workbook's writer took nothing", exc_info=True)  # finds it ended otherwise than written

    def finish(self, timeout: float) -> bool:
        """Wait for the writer at most `timeout` seconds; whether it wrote the workbook (if not, it has ended)."""
        if self.process is None:
            return False
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("the workbook's writer did not finish in %.0f s: ended, the workbook is written here", timeout)
            self.stop()
            return False
        self._joined()
        if code != 0 or not self.target.is_file():
            log.warning("the workbook's writer ended with %s: the workbook is written here", code)
            return False
        return True

    def stop(self) -> None:
        """End the writer and wait until it has (its pipe broken, the thread sending to it ends too)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._joined()

    def _joined(self) -> None:
        if self.thread is not None:
            self.thread.join(10)  # the writer has ended: the pipe no longer holds the thread


def serve_workbook(stdin: IO[bytes] | None = None) -> int:
    """The writer's side: the target's path and the workbook's contents from stdin; 0 when the workbook is written,
    1 when it is not (nothing or something else came: the merge then writes it itself, and says why if it fails).
    Its modules are loaded first, before anything comes: a writer started early (reading.start_early) waits ready.
    Nothing at all (its stdin closed at once: a merge that did not need it) ends it quietly."""
    from model.region.summary_parts import WorkbookParts
    from model.region.summary_xlsx import write_workbook
    from model.reports.font_metrics import register_fonts

    register_fonts()  # the rows' heights are measured in the fonts: loaded while it waits
    stream = stdin or sys.stdin.buffer
    try:
        peek = getattr(stream, "peek", None)  # a pipe's buffered reader has it; waits for the first byte or the end
        if peek is not None and not peek(1):
            log.info("the summary's workbook writer was given nothing: the merge did not need it")
            return 1
        target, parts = pickle.load(stream)  # noqa: S301 — the merge's bytes, through its pipe
        if not isinstance(target, str) or not isinstance(parts, WorkbookParts):
            raise TypeError("not a summary's workbook")
        write_workbook(parts, Path(target))
    except Exception:  # noqa: BLE001 — whatever it was, the merge writes the workbook itself and says it
        log.exception("the summary's workbook was not written apart")
        return 1
    return 0
