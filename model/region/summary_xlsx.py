"""The region's summary as a workbook: a sheet per table for people, a chart of the ranking, a hidden `data` sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from model import APP_NAME
from model.exchange.rows import HEADER
from model.files import write_atomically
from model.region.consolidate import Summary
from model.region.tables import SHORT_TITLES, Table, all_tables, headline
from model.sheets import COUNT, PERCENT, add_row, add_sheet, put
from model.version import program_version

FORMATS = {"percent": PERCENT, "count": COUNT}
ROWS_A_PAGE = 45


def _table_sheet(wb: Workbook, table: Table, heading: str, lines: list[str]) -> Worksheet:
    ws = add_sheet(wb, SHORT_TITLES[table.key], heading, [(c.title, c.width) for c in table.columns])
    if lines:
        put(ws, 2, 1, "; ".join(lines))
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(table.columns))
        ws.cell(row=2, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        width = sum(c.width for c in table.columns)
        ws.row_dimensions[2].height = 15 * max(1, -(-len("; ".join(lines)) // int(width * 1.1)))
    formats = {n: FORMATS[c.kind] for n, c in enumerate(table.columns, start=1) if c.kind in FORMATS}
    for r, values in enumerate(table.rows):
        shown = [v if v is not None and v != "" else (c.absent if c.absent != "—" else None)
                 for v, c in zip(values, table.columns, strict=True)]
        add_row(ws, 4 + r, shown, formats, line_height=13)
    if not table.rows:
        add_row(ws, 4, [table.empty, *[""] * (len(table.columns) - 1)], line_height=13)
    last = 3 + max(len(table.rows), 1)
    ws.page_setup.fitToHeight = max(1, -(-len(table.rows) // ROWS_A_PAGE))  # 41 rows: one page, a little smaller
    if table.note:
        put(ws, last + 2, 1, table.note)
        ws.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=len(table.columns))
        ws.cell(row=last + 2, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        width = sum(c.width for c in table.columns)
        ws.row_dimensions[last + 2].height = min(15 * max(1, -(-len(table.note) // int(width * 1.1))), 409)
        last += 2
    ws.print_area = f"A1:{ws.cell(row=last, column=len(table.columns)).coordinate}"
    ws.oddFooter.center.text = "стр. &P из &N"
    ws.oddHeader.right.text = heading[:100].replace("&", "&&")
    return ws


def _chart(wb: Workbook, ranking: Worksheet, summary: Summary) -> None:
    ranked = sum(1 for d in summary.districts if d.scores.total is not None)
    if not ranked:
        return
    ws = wb.create_sheet("Диаграмма")
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = f"Оценка {summary.methodology.total.code}, % — {summary.period.title()}"
    chart.y_axis.title = "%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.x_axis.scaling.orientation = "maxMin"  # the first place on top
    chart.legend = None
    data = Reference(ranking, min_col=4, min_row=4, max_row=3 + ranked)
    names = Reference(ranking, min_col=2, min_row=4, max_row=3 + ranked)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(names)
    chart.height = max(9.0, 0.5 * ranked + 3)  # centimetres
    chart.width = 24.0
    ws.add_chart(chart, "A1")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def summary_rows(summary: Summary) -> list[tuple]:
    """The summary for machines: one row per figure, in the layout of the districts' data sheets."""
    p = str(summary.period)
    rows: list[tuple] = [("meta", "kind", "", "", "summary", ""), ("meta", "period", "", p, p, ""),
                         ("meta", "methodology_id", "", "", summary.methodology.id, ""),
                         ("meta", "methodology_version", "", "", summary.methodology.version, ""),
                         ("meta", "program", "", "", APP_NAME, ""),
                         ("meta", "program_version", "", "", program_version(), ""),
                         ("meta", "made_at", "", "", summary.made_at.isoformat(), ""),
                         ("meta", "deadline", "", "", summary.deadline.isoformat() if summary.deadline else "", ""),
                         ("meta", "mean", "", p, summary.mean, ""), ("meta", "median", "", p, summary.median, "")]
    for d in summary.districts:
        key = d.oktmo or d.name
        rows += [("district", key, "name", p, d.name, ""), ("district", key, "file", p, d.file, ""),
                 ("district", key, "methodology_version", p, d.report.methodology.version, ""),
                 ("district", key, "exported_at", p, d.exported_at.isoformat() if d.exported_at else "", ""),
                 ("district", key, "late", p, int(d.late), ""), ("district", key, "place", p, d.place, ""),
                 ("district", key, "filled", p, d.scores.filled_count, ""),
                 ("score", key, summary.methodology.total.code, p, d.scores.total, "")]
        rows += [("score", key, number, p, value, "") for number, value in d.scores.sections.items()]
        rows += [("score", key, number, p, s.score, "") for number, s in d.scores.items.items()]
        if d.registrations is not None:
            r = d.registrations
            rows += [("registrations", key, name, p, getattr(r, name), "") for name in
                     ("year_target", "registered_start", "to_date", "registered", "population", "completion_pct",
                      "share_pct", "per_1000", "place")]
        rows += [("indicator", key, number or name, p, value, name) for (number, name), value in d.achievement.items()]
    rows += [("missing", m.oktmo or m.name, "name", p, m.name, "") for m in summary.missing]
    rows += [("problem", str(n), "file", p, problem.file, problem.reason) for n, problem in
             enumerate(summary.problems, start=1)]
    rows += [("note", str(n), "file", p, note.file, note.reason) for n, note in enumerate(summary.notes, start=1)]
    return rows


def _data_sheet(wb: Workbook, summary: Summary) -> None:
    ws = wb.create_sheet("data")
    for n, name in enumerate(HEADER, start=1):
        put(ws, 1, n, name)
        ws.cell(row=1, column=n).font = Font(bold=True)
    for r, row in enumerate(summary_rows(summary), start=2):
        for n, value in enumerate(row, start=1):
            put(ws, r, n, value)
    ws.sheet_state = "hidden"  # for machines: it neither distracts nor prints
    ws.protection.sheet = True


def build_summary_workbook(summary: Summary) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    title = f"Свод отчётов муниципальных образований за {summary.period.title()}"
    lines = headline(summary)
    sheets = {}
    for table in all_tables(summary):
        sheets[table.key] = _table_sheet(wb, table, f"{table.title} — {summary.period.title()}",
                                         lines if table.key == "ranking" else [])
    _chart(wb, sheets["ranking"], summary)
    _data_sheet(wb, summary)
    wb.properties.title = title
    wb.properties.creator = APP_NAME
    return wb


def write_summary_xlsx(summary: Summary, target: Path | str) -> Path:
    """Write the summary workbook, whole or not at all."""
    wb = build_summary_workbook(summary)
    return write_atomically(target, lambda tmp: wb.save(tmp))
