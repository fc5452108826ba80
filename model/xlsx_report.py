"""The Excel workbook: sheets formatted for people, and the `data` sheet that machines read."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model import indicators as ind
from model.centers import OPERATIONS, CenterQuarter
from model.esia import MONTHS
from model.exchange import DATA_SHEET, HEADER, encode
from model.files import write_atomically
from model.period_data import PeriodData

PERCENT = "#,##0.00"
COUNT = "#,##0"
_THIN = Side(style="thin", color="777777")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8ECF2")
_SECTION_FILL = PatternFill("solid", fgColor="F4F6F9")
_WRAP = Alignment(wrap_text=True, vertical="top")


def put(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None) -> None:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise take a leading "=" for a formula
        if value[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True  # and Excel will not re-read it as one when the cell is edited
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format


def _fit_height(ws: Worksheet, row: int, base: float = 15.0) -> None:
    """Set a row's height for its wrapped text: Excel and LibreOffice keep the stored height as is."""
    lines = 1
    for cell in ws[row]:
        if cell.value is None:
            continue
        width = ws.column_dimensions[cell.column_letter].width or 10
        chars = max(int(width * 1.15), 1)  # characters of 10-point text in a column of that width
        text = str(cell.value) if not isinstance(cell.value, float) else "0"
        lines = max(lines, sum(max(1, -(-len(part) // chars)) for part in text.split("\n")))
    ws.row_dimensions[row].height = min(base * lines, 409)


def _sheet(wb: Workbook, title: str, heading: str, columns: list[tuple[str, float]]) -> Worksheet:
    ws = wb.create_sheet(title)
    put(ws, 1, 1, heading)
    ws.cell(row=1, column=1).font = Font(bold=True, size=12)
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    for n, (name, width) in enumerate(columns, start=1):
        put(ws, 3, n, name)
        cell = ws.cell(row=3, column=n)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(n)].width = width
    total_chars = int(sum(width for _, width in columns) * 0.8)  # the title spans every column, in 12 points
    ws.row_dimensions[1].height = 18 * max(1, -(-len(heading) // max(total_chars, 1)))
    _fit_height(ws, 3)
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _row(ws: Worksheet, row: int, values: list, formats: dict[int, str] | None = None, fill=None, bold=False) -> None:
    for n, value in enumerate(values, start=1):
        put(ws, row, n, value, (formats or {}).get(n))
        cell = ws.cell(row=row, column=n)
        cell.border = _BORDER
        cell.alignment = _WRAP
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = Font(bold=True)
    _fit_height(ws, row)


def _plan_sheet(wb: Workbook, data: PeriodData) -> None:
    m, s = data.methodology, data.scores
    ws = _sheet(wb, "План", f"{m.title} — {data.profile.district}, {data.period.title()}", [
        ("№ п/п", 7), ("Содержание мероприятия", 48), ("Ответственные исполнители", 26), ("Срок исполнения", 16),
        ("Результаты", 48), ("Оценка уровня проделанной работы, %", 14), ("Максимальное значение показателя", 13),
        (m.evidence_title, 48)])
    fmt = {6: PERCENT, 7: COUNT}
    r = 4
    _row(ws, r, [m.total.code, f"{m.total.title}: {m.total.formula}", "", "", "", s.total, m.total.max, ""], fmt,
         _HEAD_FILL, bold=True)
    for section in m.sections:
        r += 1
        _row(ws, r, [section.number, f"{section.title}. {section.formula}", "", "", "", s.sections[section.number],
                     section.max, ""], fmt, _SECTION_FILL, bold=True)
        for item in section.items:
            r += 1
            evidence = [data.evidence.get(item.number, "")]
            evidence += [f"{e.day:%d.%m.%Y}{', ' + e.place if e.place else ''} — {e.topic}"
                         for e in data.events.get(item.number, [])]
            score = s.items[item.number]
            _row(ws, r, [item.number, item.content, item.executors, item.deadline, item.results,
                         score.score if score.filled else "не заполнено", item.max,
                         "\n".join(x for x in evidence if x)], fmt)


def _centers_sheet(wb: Workbook, data: PeriodData) -> None:
    item = next((i for i in data.methodology.items() if i.derive == "centers"), None)
    reqs = item.inputs if item else ()
    ws = _sheet(wb, "Центры", f"Центры обслуживания — {data.period.title()}", [
        ("Поселение", 22), ("Адрес", 30), ("Организация", 30), ("Активен", 9),
        *[(f"Требование {n}", 12) for n in range(1, len(reqs) + 1)], ("n", 6),
        *[(name, 14) for name in OPERATIONS.values()]])
    for r, c in enumerate(data.centers, start=4):
        q = data.center_quarter.get(c.id or 0, CenterQuarter())
        marks = [("да" if q.checks[f.key].met else "нет") if f.key in q.checks else "" for f in reqs]
        n = sum(1 for f in reqs if f.key in q.checks and q.checks[f.key].met) \
            if all(f.key in q.checks for f in reqs) else None
        ops = [q.operations.get(k) for k in OPERATIONS]
        base = 5 + len(reqs)
        _row(ws, r, [c.settlement, c.address, c.host, "да" if c.active else "нет", *marks, n, *ops],
             {base + 1 + k: COUNT for k in range(len(OPERATIONS))})


def _esia_sheet(wb: Workbook, data: PeriodData) -> None:
    p, f = data.esia_plan, data.esia_figures
    ws = _sheet(wb, "Регистрации ЕСИА", f"План регистраций в ЕСИА на {p.year} год", [
        ("Месяц", 14), ("Регистраций", 14), ("План на месяц", 14), ("% выполнения за месяц", 14),
        ("С начала года", 14), ("% выполнения с начала года", 14)])
    for k in range(1, 13):
        entered = k in p.months
        _row(ws, 3 + k, [MONTHS[k - 1].capitalize(), p.months.get(k), f.monthly_target, f.month_pct[k],
                         f.to_date[k] if entered else None, f.to_date_pct[k] if entered else None],
             {2: COUNT, 3: PERCENT, 4: PERCENT, 5: COUNT, 6: PERCENT})
    facts = [("Зарегистрировано на конец прошлого года (R0)", p.registered_start, COUNT),
             ("Целевой показатель на конец года (T)", p.target_end, PERCENT),
             ("Целевой показатель на год (Y = T − R0)", f.year_target, PERCENT),
             ("Численность населения (N)", p.population, COUNT),
             ("Всего зарегистрировано", p.total_registered, COUNT),
             ("Доля от численности населения, %", f.share_pct, PERCENT),
             ("На 1000 жителей", f.per_1000, PERCENT)]
    for n, (label, value, fmt) in enumerate(facts, start=18):
        _row(ws, n, [label, value], {2: fmt})
    ws.column_dimensions["A"].width = 44


def _indicators_sheet(wb: Workbook, data: PeriodData) -> None:
    year = data.period.year
    ws = _sheet(wb, "Показатели", f"Показатели за {year} год", [
        ("№", 6), ("Наименование показателя", 60), ("Тип", 14), ("Ед.", 8), ("Базовое значение", 12),
        ("Дата базового значения", 12), ("Лучше", 10), ("План", 11), ("Факт", 11), ("Достижение, %", 12),
        ("Статус", 14), ("Комментарий", 30)])
    values = data.indicator_values.get((year, ind.YEAR), {})
    for r, i in enumerate([i for i in data.indicators if i.active], start=4):
        v = values.get(i.id or 0, ind.Value())
        result = ind.achievement(v, i.direction)
        _row(ws, r, [i.number, i.name, i.kind, i.unit, i.base_value, i.base_date.strftime("%d.%m.%Y")
                     if i.base_date else "", "больше" if i.direction == "up" else "меньше", v.plan, v.fact,
                     result.percent, result.status, v.comment], {5: PERCENT, 8: PERCENT, 9: PERCENT, 10: PERCENT})


def _data_sheet(wb: Workbook, data: PeriodData) -> None:
    ws = wb.create_sheet(DATA_SHEET)
    for n, name in enumerate(HEADER, start=1):
        put(ws, 1, n, name)
        ws.cell(row=1, column=n).font = Font(bold=True)
    for r, row in enumerate(encode(data), start=2):
        for n, value in enumerate(row, start=1):
            put(ws, r, n, value)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (16, 12, 20, 10, 40, 20), strict=True):
        ws.column_dimensions[letter].width = width


def build_workbook(data: PeriodData) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    _plan_sheet(wb, data)
    if data.centers:
        _centers_sheet(wb, data)
    _esia_sheet(wb, data)
    if data.indicators:
        _indicators_sheet(wb, data)
    _data_sheet(wb, data)
    wb.properties.creator = data.profile.executor_name or data.profile.district
    wb.properties.title = f"{data.profile.district} — {data.period.title()}"
    return wb


def write_xlsx(data: PeriodData, target: Path | str) -> Path:
    """Write the workbook to target, whole or not at all."""
    wb = build_workbook(data)
    return write_atomically(target, lambda tmp: wb.save(tmp))
