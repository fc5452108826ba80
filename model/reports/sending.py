"""Sending upstream, offline: a folder with the PDF, the workbook, a ZIP, and an e-mail draft to the region."""

from __future__ import annotations

import base64
import mimetypes
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from model import APP_NAME
from model.areas.periods import ensure_period
from model.base import paths
from model.base.files import atomic_folder, explain, together, write_atomically, write_bytes_atomically
from model.base.paths import EXCEL_PATH_MAX, excel_warning, path_length, safe_file_name
from model.base.period import Period
from model.base.ru import clean_text
from model.errors import InputRefused, WriteError
from model.exchange.rows import encode, fingerprint
from model.quarter.data import load_period
from model.quarter.quarter import Quarter, readiness
from model.store import sent_lock
from model.store.backup import make_backup
from model.store.db import atomic, database_path
from model.store.sent_lock import SentState

if TYPE_CHECKING:
    from model.store.db import Database

_NOT_PLAIN = re.compile(r"[^\w-]+")  # anything but letters, digits, «_» and «-»: quotes, spaces, «№», slashes…
REPORT_KIND = "план"  # the quarter's report on the plan of activities, as districts call the document


@dataclass(frozen=True)
class Sending:
    folder: Path
    pdf: Path
    xlsx: Path
    zip: Path
    eml: Path
    warning: str | None = None  # Windows: Excel will not open the workbook where it lies (its path is too long)


# Long words of districts' official names and how they are written short, when a name must be shortened
_SHORT_FORMS = [(re.compile(rf"(?i)\b{long}\b"), short) for long, short in (
    (r"муниципальн\w*\s+район\w*", "МР"), (r"муниципальн\w*\s+округ\w*", "МО"), (r"городск\w*\s+округ\w*", "ГО"),
    (r"муниципальн\w*\s+образовани\w*", "МО"), (r"сельск\w*\s+поселени\w*", "СП"),
    (r"городск\w*\s+поселени\w*", "ГП"), (r"администраци\w*", "адм"))]
DISTRICT_SHORTEST = 16  # a district's part is never cut shorter than this (the warning says what to do then)


DISTRICT_LONGEST = 80  # a district's part is never longer than this, on any system


def district_part(district: str, room: int | None = None) -> str:
    """The district's name as a part of a file name: plain characters (letters, digits, «_», «-»: no quotes, spaces
    or signs that a mail client, an archive or Windows would mangle), at most 80 of them, or `room` when given
    (never under DISTRICT_SHORTEST): long official words are written short first (муниципальный район → МР), then
    the name is cut at a word's end where one is near (at 80 too: «…сельское_по» was cut inside «поселение»)."""
    def plain(text: str) -> str:
        return safe_file_name(_NOT_PLAIN.sub("_", text).strip("_"), "район")

    name = plain(district or "")
    room = DISTRICT_LONGEST if room is None else min(max(room, DISTRICT_SHORTEST), DISTRICT_LONGEST)
    if len(name) <= room:
        return name
    short = district
    for long, abbreviation in _SHORT_FORMS:
        short = long.sub(abbreviation, short)
    name = plain(short)
    if len(name) <= room:
        return name
    cut = name[:room]
    if "_" in cut and cut.rfind("_") >= room * 2 // 3 and name[room:room + 1] != "_":
        cut = cut[:cut.rfind("_")]
    return safe_file_name(cut.strip("_"), "район")


def base_name(data: Quarter, room: int | None = None) -> str:
    """`<district>_<year>-Q<n>`; room: the most characters the district's part may take."""
    return f"{district_part(data.profile.district, room)}_{data.period.year}-Q{data.period.quarter}"


def report_name(data: Quarter, suffix: str, room: int | None = None) -> str:
    """The report's file name: `<district>_<year>-Q<n>_план.pdf` (or .xlsx)."""
    return f"{base_name(data, room)}_{REPORT_KIND}{suffix}"


def _room(data: Quarter, out: Path, sending: bool, platform: str | None) -> int | None:
    """On Windows, the characters the district's part may take for the workbook's whole path to stay within what
    Excel opens (218): `out\\<name>_план.xlsx`, or `out\\<name>\\<name>_план.xlsx` for a sending's folder."""
    if (platform or paths.PLATFORM) != "win32":
        return None
    period = len(f"_{data.period.year}-Q{data.period.quarter}")
    tail = len(f"_{REPORT_KIND}.xlsx")
    free = EXCEL_PATH_MAX - path_length(out) - 1 - period - tail
    return (free - 1 - period) // 2 if sending else free


def export_files(db: Database, period: Period, out_dir: Path | str,
                 platform: str | None = None, at_once: bool = False) -> tuple[Path, Path]:
    """Write the period's PDF and XLSX into out_dir, both or neither (the previous pair stays then); their paths.
    On Windows their names are shortened for the workbook's path to stay within Excel's 218 characters where the
    folder allows it (excel_warning(xlsx) says when it does not). at_once: the workbook is written in a forked copy
    of the process while the PDF is written here, where that is safe (model/base/side_by_side.py: the command line,
    not Windows); the PDF's module and the workbook's are each loaded where they are used."""
    from model.base.side_by_side import side_by_side
    from model.reports.font_metrics import register_fonts

    out = Path(out_dir)
    data = load_period(db, period, history=True)
    room = _room(data, out, False, platform)
    pdf, xlsx = out / report_name(data, ".pdf", room), out / report_name(data, ".xlsx", room)
    register_fonts()  # both files measure text in the PDF's fonts: registered once, before the work divides
    with together([pdf, xlsx]) as (pdf_tmp, xlsx_tmp):
        side_by_side(lambda: _pdf(data, pdf_tmp), lambda: _xlsx(data, xlsx_tmp), at_once)
    return pdf, xlsx


def _pdf(data: Quarter, target: Path) -> Path:
    from model.reports.pdf_report import write_pdf  # loaded where it is used (see export_files)

    return write_pdf(data, target)


def _xlsx(data: Quarter, target: Path) -> Path:
    from model.reports.xlsx_report import write_xlsx

    return write_xlsx(data, target)


def _zip(target: Path, files: list[Path]) -> Path:
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, arcname=f.name)
    return write_atomically(target, write)


def _draft(data: Quarter, files: list[Path]) -> bytes:
    """The letter to the region as an .eml draft, attachments named both ways.

    Built with the compat32 email API: the modern one re-reads an RFC 2047 word set on a parameter and writes it
    out again as RFC 2231 (and then breaks long Content-Types). Each attachment carries its name as RFC 2231
    `filename*` on Content-Disposition and as an RFC 2047 word in `name=` on Content-Type, as mail libraries
    commonly do: older Outlook and The Bat! read only the latter.
    """
    from email.header import Header  # only when a letter is drafted: not on every export's path
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.policy import compat32
    from email.utils import formatdate

    p = data.profile
    msg = MIMEMultipart()
    msg["To"] = p.region_email
    # compat32 takes a Header object as a header value (the stubs say str)
    msg["Subject"] = Header(f"Отчёт: {p.district}, {data.period.title()}", "utf-8")  # type: ignore[assignment]
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"  # Outlook opens the file as a draft ready to send
    msg["X-Mailer"] = Header(APP_NAME, "utf-8")  # type: ignore[assignment]
    signature = "\n".join(x for x in (p.executor_name, p.executor_phone and f"тел. {p.executor_phone}") if x)
    msg.attach(MIMEText(f"Добрый день!\n\nНаправляем отчёт {p.district} за {data.period.title()}: печатная форма "
                        f"(PDF) и книга Excel с листом data для свода.\n\n{signature}\n", "plain", "utf-8"))
    for f in files:
        kind = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        part = MIMEApplication(f.read_bytes(), _subtype=kind.split("/", 1)[1])
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", f.name))
        part.set_param("name", "=?utf-8?b?" + base64.b64encode(f.name.encode("utf-8")).decode("ascii") + "?=")
        msg.attach(part)
    return msg.as_bytes(policy=compat32.clone(linesep="\r\n", max_line_length=998))  # RFC 5322: lines ≤ 998


def prepare_sending(db: Database, period: Period, out_dir: Path | str,
                    evidence_files: list[Path] | None = None, platform: str | None = None) -> Sending:
    """Write the folder `<district>_<year>-Q<n>` with the report's PDF and XLSX, a ZIP of them (and the evidence)
    and the .eml draft; mark the period as sent. Refused (InputRefused, nothing written) when readiness(data) says
    the report may not be sent, with its reasons."""
    data = load_period(db, period, history=True)
    ready = readiness(data)
    if not ready.may_send:  # a figure that breaks a mandatory control ratio is not sent unnoticed
        raise InputRefused(ready.refusal())
    make_backup(database_path(db), "sending", db.conn)
    room = _room(data, Path(out_dir), True, platform)
    name = base_name(data, room)
    folder = Path(out_dir) / name
    inside = [report_name(data, ".pdf", room), report_name(data, ".xlsx", room), f"{name}.zip", f"{name}.eml"]
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    for f in evidence_files or []:
        if not Path(f).is_file():
            raise WriteError(f"Файл подтверждения {f} не найден")
    with atomic_folder(folder, inside) as tmp:  # the four files appear together, or the previous folder stays
        pdf = _pdf(data, tmp / inside[0])
        xlsx = _xlsx(data, tmp / inside[1])
        _zip(tmp / inside[2], [pdf, xlsx, *[Path(f) for f in evidence_files or []]])
        write_bytes_atomically(tmp / inside[3], _draft(data, [pdf, xlsx]))
    mark_sent(db, data, folder)
    return Sending(folder, folder / pdf.name, folder / xlsx.name, folder / inside[2], folder / inside[3],
                   excel_warning(folder / xlsx.name, platform))


def mark_sent(db: Database, data: Quarter, folder: Path) -> None:
    """Record that the period's data, as it is now, went into the folder for the region; the quarter is locked."""
    with atomic(db):
        sent_lock.lock(db, ensure_period(db, data.period, data.methodology), fingerprint(encode(data)), folder)


def sent_state(db: Database, data: Quarter) -> SentState | None:
    """When the quarter was sent, and whether its data changed since (a change undone is no change; a sending
    recorded by an earlier version hashed the history too, and still matches while nothing was touched)."""
    if data.period_id is None:
        return None
    found = sent_lock.stored(db, data.period_id)
    if found is None:
        return None
    state, stored_fingerprint = found
    rows = encode(data)
    return replace(state, changed_since=stored_fingerprint not in (fingerprint(rows), fingerprint(rows, True)))


def reopen(db: Database, data: Quarter, reason: str) -> int:
    """Open a sent quarter for correction, recording why; returns the new revision. Refused for a quarter that
    was not sent or is open already, and without a reason."""
    reason = clean_text(reason, "Причина")
    if not reason:
        raise InputRefused("Укажите, почему квартал открывается заново: причина попадёт в журнал и в отчёт")
    state = sent_state(db, data)
    if state is None or data.period_id is None:
        raise InputRefused(f"{data.period.title()} в регион ещё не отправлялся: он и так открыт")
    if not state.locked:
        raise InputRefused(f"{data.period.title()} уже открыт для исправления (редакция {state.revision})")
    sent_lock.unlock(db, data.period_id, reason)
    return state.revision + 1
