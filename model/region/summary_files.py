"""Where the summary goes: its PDF and workbook in a folder, named by the period."""

from __future__ import annotations

from pathlib import Path

from model.base.files import explain, together
from model.errors import WriteError
from model.region.consolidate import Summary


def summary_name(summary: Summary, suffix: str) -> str:
    return f"Свод_{summary.period}{suffix}"


def write_summary(summary: Summary, folder: Path | str) -> tuple[Path, Path]:
    """Write `Свод_<period>.pdf` and `.xlsx` into folder (made if needed), both or neither (the previous pair stays
    then); returns their paths."""
    from model.region.summary_pdf import write_summary_pdf
    from model.region.summary_xlsx import write_summary_xlsx

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(explain(exc, folder / "x")) from exc
    pdf, xlsx = folder / summary_name(summary, ".pdf"), folder / summary_name(summary, ".xlsx")
    with together([pdf, xlsx]) as (pdf_tmp, xlsx_tmp):
        write_summary_pdf(summary, pdf_tmp)
        write_summary_xlsx(summary, xlsx_tmp)
    return pdf, xlsx
