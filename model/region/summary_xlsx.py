"""The region's summary as a workbook: a sheet per table for people, a chart of the ranking, a hidden `data` sheet."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model import APP_NAME
from model.base.files import save_workbook, write_atomically
from model.region.summary_parts import WorkbookParts, workbook_parts
from model.region.tables import SHORT_TITLES, Table
from model.reports.sheets import BODY_FONT, COUNT, PERCENT, UNIT, TableRows, add_data_sheet, add_sheet, put, text_lines

if TYPE_CHECKING:  # the workbook's writer (model/region/summary_files.py) loads no module of the merge's reading
    from model.region.consolidate import Summary

FORMATS = {"percent": PERCENT, "count": COUNT}
PRINTABLE = (734.0, 451.0)  # points of A4 landscape inside the default margins (0,75″ and 1″)


def _table_sheet(wb: Workbook, table: Table, heading: str, lines: list[str]) -> Worksheet:
    ws = add_sheet(wb, SHORT_TITLES[table.key], heading, [(c.title, c.width) for c in table.columns])
    width = sum(ws.column_dimensions[get_column_letter(n)].width for n in range(1, len(table.columns) + 1))
    if lines:
        _merged_text(ws, 2, "; ".join(lines), len(table.columns), width)
    formats = {n: FORMATS[c.kind] for n, c in enumerate(table.columns, start=1) if c.kind in FORMATS}
    for n, c in enumerate(table.columns, start=1):
        if c.kind == "number":  # whole numbers without «,00», decimals where there are any
            whole = all(isinstance(row[n - 1], int | float) and float(row[n - 1]).is_integer()  # type: ignore[arg-type]
                        for row in table.rows if row[n - 1] not in (None, ""))
            formats[n] = COUNT if whole else PERCENT
    body = TableRows(ws, 4)  # thousands of rows at the scale of a country: written as XML, no openpyxl cells
    for values in table.rows:
        body.add([v if v is not None and v != "" else (c.absent if c.absent != "—" else None)
                  for v, c in zip(values, table.columns, strict=True)], formats, line_height=13)
    if not table.rows:
        body.add([table.empty, *[""] * (len(table.columns) - 1)], line_height=13)
    body.close()
    last = body.last
    if table.note:
        last += 2
        _merged_text(ws, last, table.note, len(table.columns), width)
    heights = [ws.row_dimensions[r].height if r in ws.row_dimensions else None for r in range(1, body.first)]
    heights += [*body.heights, *([None, ws.row_dimensions[last].height] if table.note else [])]
    ws.page_setup.fitToHeight = _pages(heights, width)
    ws.print_area = f"A1:{get_column_letter(len(table.columns))}{last}"
    ws.oddFooter.center.text = "стр. &P из &N"
    ws.oddHeader.right.text = heading[:100].replace("&", "&&")
    return ws


def _merged_text(ws: Worksheet, row: int, value: str, columns: int, width: float) -> None:
    """A text across every column of the sheet, as tall as its lines."""
    put(ws, row, 1, value)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=row, column=1).font = BODY_FONT
    ws.row_dimensions[row].height = min(13 * text_lines(value, width), 409)


def _pages(heights: list[float | None], width: float) -> int:
    """Pages high a sheet of rows this tall (points, None a row of the reader's height) prints on once fitted to the
    page's width: 0 (as many as its rows need), or fewer by printing a little smaller when the last page would hold a
    few rows only."""
    scale = min(1.0, PRINTABLE[0] / (width * UNIT))
    height = sum(h or 15 for h in heights) * scale
    pages = height / PRINTABLE[1]
    return max(1, math.ceil(pages - 0.15)) if pages - int(pages) < 0.15 or pages < 1 else 0


def _chart(wb: Workbook, parts: WorkbookParts) -> None:
    """The ranking as a native bar chart, the first place on top, each bar labelled «place. name» as it fits
    (the labels and totals in hidden columns A and B of the sheet: the chart reads them there)."""
    ranked = parts.ranked
    if not ranked:
        return
    ws = wb.create_sheet("Диаграмма")
    for r, (label, total) in enumerate(ranked, start=1):
        put(ws, r, 1, label)
        put(ws, r, 2, total)
    ws.column_dimensions["A"].hidden = ws.column_dimensions["B"].hidden = True
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = parts.chart_title
    chart.y_axis.title = "%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 10
    chart.y_axis.number_format = "0"
    chart.x_axis.scaling.orientation = "maxMin"  # the first place on top
    chart.x_axis.txPr = _font(8)
    chart.x_axis.tickLblSkip = 1  # every bar its label: LibreOffice leaves every other one out when they crowd
    chart.y_axis.txPr = _font(8)
    chart.legend = None
    chart.visible_cells_only = False
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(ranked)), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=1, max_row=len(ranked)))
    chart.height = max(9.0, 0.55 * len(ranked) + 4)  # centimetres: a label's line for every bar
    chart.width = 17.0  # centimetres: A4 portrait inside the margins
    ws.add_chart(chart, "C1")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _font(size: float) -> RichText:
    """An axis's labels in `size` points."""
    chars = CharacterProperties(sz=int(size * 100))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=chars), endParaRPr=chars)])


def build_summary_workbook(summary: Summary) -> Workbook:
    return build_workbook(workbook_parts(summary))


def build_workbook(parts: WorkbookParts) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for table in parts.tables:
        _table_sheet(wb, table, f"{table.title} — {parts.period_title}",
                     parts.headline if table.key == "ranking" else [])
    _chart(wb, parts)
    add_data_sheet(wb, parts.data_sheet, parts.header, parts.rows)
    wb.properties.title = parts.title
    wb.properties.creator = APP_NAME
    return wb


def write_workbook(parts: WorkbookParts, target: Path | str) -> Path:
    """Write the summary workbook from its contents, whole or not at all."""
    wb = build_workbook(parts)
    return write_atomically(target, lambda tmp: save_workbook(wb, tmp))


def write_summary_xlsx(summary: Summary, target: Path | str) -> Path:
    """Write the summary workbook, whole or not at all."""
    return write_workbook(workbook_parts(summary), target)
