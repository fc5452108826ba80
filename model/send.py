"""Sending upstream, offline: a folder with the PDF, the workbook, a ZIP, and an e-mail draft to the region."""

from __future__ import annotations

import base64
import mimetypes
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model import APP_NAME
from model.backup import make_backup
from model.base.ru import InputRefused
from model.db import database_path
from model.files import WriteError, atomic_folder, explain, together, write_atomically, write_bytes_atomically
from model.pdf_report import write_pdf
from model.period_data import PeriodData, load_period
from model.periods import Period
from model.sent import mark_sent
from model.xlsx_report import write_xlsx

if TYPE_CHECKING:
    from model.db import Database

_NOT_PLAIN = re.compile(r"[^\w-]+")  # anything but letters, digits, «_» and «-»: quotes, spaces, «№», slashes…
REPORT_KIND = "план"  # the quarter's report on the plan of activities, as districts call the document


@dataclass(frozen=True)
class Sending:
    folder: Path
    pdf: Path
    xlsx: Path
    zip: Path
    eml: Path


def base_name(data: PeriodData) -> str:
    """`<district>_<year>-Q<n>` in plain characters (letters, digits, «_», «-»): no quotes, spaces or signs that
    a mail client, an archive or Windows would mangle."""
    district = _NOT_PLAIN.sub("_", data.profile.district or "").strip("_")[:80].strip("_") or "район"
    return f"{district}_{data.period.year}-Q{data.period.quarter}"


def report_name(data: PeriodData, suffix: str) -> str:
    """The report's file name: `<district>_<year>-Q<n>_план.pdf` (or .xlsx)."""
    return f"{base_name(data)}_{REPORT_KIND}{suffix}"


def export_files(db: Database, period: Period, out_dir: Path | str) -> tuple[Path, Path]:
    """Write the period's PDF and XLSX into out_dir, both or neither (the previous pair stays then); their paths."""
    out = Path(out_dir)
    data = load_period(db, period, history=True)
    pdf, xlsx = out / report_name(data, ".pdf"), out / report_name(data, ".xlsx")
    with together([pdf, xlsx]) as (pdf_tmp, xlsx_tmp):
        write_pdf(data, pdf_tmp)
        write_xlsx(data, xlsx_tmp)
    return pdf, xlsx


def _zip(target: Path, files: list[Path]) -> Path:
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, arcname=f.name)
    return write_atomically(target, write)


def _draft(data: PeriodData, files: list[Path]) -> bytes:
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
                    evidence_files: list[Path] | None = None) -> Sending:
    """Write the folder `<district>_<year>-Q<n>` with the report's PDF and XLSX, a ZIP of them (and the evidence)
    and the .eml draft; mark the period as sent."""
    data = load_period(db, period, history=True)
    hard = [v for v in data.violations if v.rule.hard]
    if hard:  # a figure that breaks a control ratio is not sent unnoticed
        raise InputRefused("Отправить нельзя: нарушены обязательные контрольные соотношения — исправьте числа. "
                           + " ".join(v.told() for v in hard[:5]))
    make_backup(database_path(db), "sending", db.conn)
    name = base_name(data)
    folder = Path(out_dir) / name
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    for f in evidence_files or []:
        if not Path(f).is_file():
            raise WriteError(f"Файл подтверждения {f} не найден")
    with atomic_folder(folder) as tmp:  # the four files appear together, or the previous folder stays
        pdf = write_pdf(data, tmp / report_name(data, ".pdf"))
        xlsx = write_xlsx(data, tmp / report_name(data, ".xlsx"))
        _zip(tmp / f"{name}.zip", [pdf, xlsx, *[Path(f) for f in evidence_files or []]])
        write_bytes_atomically(tmp / f"{name}.eml", _draft(data, [pdf, xlsx]))
    mark_sent(db, data, folder)
    return Sending(folder, folder / pdf.name, folder / xlsx.name, folder / f"{name}.zip", folder / f"{name}.eml")
