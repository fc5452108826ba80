"""The Excel workbook: sheets formatted for people, and the `data` sheet that machines read."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.areas import indicators as ind
from model.areas.centers import OPERATIONS, CenterQuarter
from model.areas.esia import MONTHS
from model.base.files import save_workbook, write_atomically
from model.base.words import item_score_text, score_text
from model.exchange.rows import HEADER, encode
from model.exchange.sheet import DATA_SHEET
from model.quarter.quarter import Quarter
from model.reports.sheets import (
    BODY_FONT,
    BOLD_FONT,
    COUNT,
    HEAD_FILL,
    MAX_ROW,
    PERCENT,
    SECTION_FILL,
    add_data_sheet,
    add_row,
    add_sheet,
    finish_sheet,
    put,
    text_lines,
)


def _plan_sheet(wb: Workbook, data: Quarter) -> None:
    m, s = data.methodology, data.scores
    revision = f", редакция {data.revision[0]} (исправленная: {data.revision[1]})" if data.revision[0] > 1 else ""
    ws = add_sheet(wb, "План", f"{m.title} — {data.profile.district}, {data.period.title()}{revision}", [
        ("№ п/п", 5), ("Содержание мероприятия", 31), ("Ответственные исполнители", 17), ("Срок исполнения", 14),
        ("Результаты", 35), ("Оценка уровня проделанной работы, %", 12), ("Максимальное значение показателя", 13),
        (m.evidence_title, 29)])
    fmt = {6: PERCENT, 7: COUNT}
    r = 4  # the next free row
    r += add_row(ws, r, [m.total.code, f"{m.total.title}: {m.total.formula}", "", "", "",
                         _score(s.total, s.provisional.get("total")), m.total.max, ""], fmt, HEAD_FILL, bold=True)
    for section in m.sections:
        r += add_row(ws, r, [section.number, f"{section.title}. {section.formula}", "", "", "",
                             _score(s.sections[section.number], s.provisional.get(section.number)), section.max, ""],
                     fmt, SECTION_FILL, bold=True)
        for item in section.items:
            evidence = [data.evidence.get(item.number, "")]
            evidence += [f"{e.day:%d.%m.%Y}{', ' + e.place if e.place else ''} — {e.topic}"
                         for e in data.events.get(item.number, [])]
            score = s.items[item.number]
            r += add_row(ws, r, [item.number, item.content, item.executors, item.deadline, item.results,
                                 score.score if score.score is not None else item_score_text(score), item.max,
                                 "\n".join(x for x in evidence if x)], fmt)
    _signature(ws, r + 1, data)
    finish_sheet(ws, data.profile.district, data.period.title())


def _score(value: float | None, provisional: float | None = None) -> float | str:
    """The number where there is one, else the words the PDF prints («не рассчитана…», «не заполнено»)."""
    return value if value is not None else score_text(None, provisional)


def _signature(ws: Worksheet, row: int, data: Quarter) -> None:
    """The head of administration signs under the table; the executor and phone below. As in the PDF: the position
    and name as the profile has them, «(инициалы, фамилия)» only under an empty line; rows as tall as their text."""
    p = data.profile
    named = bool(p.head_name.strip())
    line = Border(bottom=Side(style="thin", color="000000"))
    small = Font(name="Calibri", size=10, color="444444")
    position = "\n".join(x for x in (p.head_position.strip(), p.district) if x)
    executor = f"Исполнитель: {p.executor_name or '____________________'}, тел. {p.executor_phone or '____________'}"
    cells = {(0, 2): position, (0, 8): p.head_name, (1, 5): "(подпись)", (2, 2): "«____» ______________ 20___ г.",
             (2, 5): "М. П.", (2, 8): executor}
    if not named:
        cells[(1, 8)] = "(инициалы, фамилия)"
    for (k, col), value in cells.items():
        put(ws, row + k, col, value)
        cell = ws.cell(row=row + k, column=col)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom" if k == 0 else "top")
        if (k, col) in ((1, 5), (1, 8), (2, 8)):
            cell.font = small
    ws.cell(row=row, column=5).border = line
    if not named:
        ws.cell(row=row, column=8).border = line
    for k in (0, 2):  # the block stays on one page with the table's end: three rows in all
        tallest = max(text_lines(v, ws.column_dimensions[get_column_letter(c)].width or 10)
                      for (kk, c), v in cells.items() if kk == k)
        ws.row_dimensions[row + k].height = min(12.75 * tallest + (6 if k == 0 else 0), MAX_ROW)


def _centers_sheet(wb: Workbook, data: Quarter) -> None:
    item = next((i for i in data.methodology.items() if i.derive == "centers"), None)
    reqs = item.inputs if item else ()
    ws = add_sheet(wb, "Центры", f"Центры обслуживания — {data.period.title()}", [
        ("Поселение", 16), ("Адрес", 20), ("Организация", 19), ("Активен", 7),
        *[(f.heading.replace("\n", " "), 9) for f in reqs], ("Выполнено требований", 10),
        *[(name, 12) for name in OPERATIONS.values()]])
    r = 4
    for c in data.centers:
        q = data.center_quarter.get(c.id or 0, CenterQuarter())
        marks = [("да" if q.checks[f.key].met else "нет") if f.key in q.checks else "" for f in reqs]
        n = sum(1 for f in reqs if f.key in q.checks and q.checks[f.key].met) \
            if all(f.key in q.checks for f in reqs) else None
        ops = [q.operations.get(k) for k in OPERATIONS]
        base = 5 + len(reqs)
        r += add_row(ws, r, [c.settlement, c.address, c.host, "да" if c.active else "нет", *marks,
                             n if n is not None else "не проверен", *ops],
                     {base + k: COUNT for k in range(len(OPERATIONS) + 1)})
    finish_sheet(ws, data.profile.district, data.period.title())


def _esia_sheet(wb: Workbook, data: Quarter) -> None:
    p, f = data.esia_plan, data.esia_figures
    ws = add_sheet(wb, "Регистрации ЕСИА", f"План регистраций в ЕСИА на {p.year} год", [
        ("Месяц", 14), ("Регистраций", 14), ("План на месяц", 14), ("% выполнения за месяц", 14),
        ("С начала года", 14), ("% выполнения с начала года", 14)])
    for k in range(1, 13):
        entered = k in p.months
        add_row(ws, 3 + k, [MONTHS[k - 1].capitalize(), p.months.get(k), f.monthly_target, f.month_pct[k],
                         f.to_date[k] if entered else None, f.to_date_pct[k] if entered else None],
             {2: COUNT, 3: PERCENT, 4: PERCENT, 5: COUNT, 6: PERCENT})
    facts = [("Зарегистрировано на конец прошлого года (R0)", p.registered_start, COUNT),
             ("Целевой показатель на конец года (T)", p.target_end, PERCENT),
             ("Целевой показатель на год (Y = T − R0)", f.year_target, PERCENT),
             ("Численность населения (N)", p.population, COUNT),
             ("Всего зарегистрировано", p.total_registered, COUNT),
             ("Доля от численности населения, %", f.share_pct, PERCENT),
             ("На 1000 жителей", f.per_1000, PERCENT)]
    ws.column_dimensions["A"].width = 44  # the figures' labels below the months
    for n, (label, value, fmt) in enumerate(facts, start=18):
        add_row(ws, n, [label, value if value is not None else "не заполнено"], {2: fmt})
    reach = (0, 0)
    if p.months:
        ws.add_chart(_registrations_chart(ws, p.year), "A27")
        reach = (47, 6)  # 16 × 9 cm under the figures: to about F47
    # portrait: the months, the figures and the chart fill one A4 page at full size
    finish_sheet(ws, data.profile.district, data.period.title(), fit_height=True, orientation="portrait", reach=reach)


def _registrations_chart(ws: Worksheet, year: int) -> BarChart:
    """Registrations by month as bars, the monthly plan as a line: a native chart Excel and LibreOffice redraw."""
    bars = BarChart()
    bars.title = f"Регистрации в ЕСИА, {year} год, чел."
    bars.y_axis.title = "чел."
    bars.add_data(Reference(ws, min_col=2, min_row=3, max_row=15), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=4, max_row=15))
    plan = LineChart()
    plan.add_data(Reference(ws, min_col=3, min_row=3, max_row=15), titles_from_data=True)
    bars += plan
    bars.legend.position = "b"
    bars.height, bars.width = 9, 16  # centimetres
    return bars


def _indicators_sheet(wb: Workbook, data: Quarter) -> None:
    year = data.period.year
    ws = add_sheet(wb, "Показатели", f"Показатели за {year} год", [
        ("№", 4), ("Наименование показателя", 46), ("Тип", 14), ("Ед.", 5), ("Базовое значение", 10),
        ("Дата базового значения", 11), ("Лучше", 8), ("План", 8), ("Факт", 8), ("Достижение, %", 11),
        ("Статус", 12), ("Комментарий", 13)])
    values = data.values(year, ind.YEAR)  # composites' facts computed from their members
    r = 4
    for i in [i for i in data.indicators if i.active]:
        v = values.get(i.id or 0, ind.Value())
        result = ind.achievement(v, i.direction)
        r += add_row(ws, r, [i.number, i.name, i.kind, i.unit, i.base_value,
                             i.base_date.strftime("%d.%m.%Y") if i.base_date else "",
                             "больше" if i.direction == "up" else "меньше", v.plan, v.fact,
                             result.percent if result.percent is not None else "нет данных", result.status, v.comment],
                     {5: PERCENT, 8: PERCENT, 9: PERCENT, 10: PERCENT})
    for composite_id in data.composites:
        r = _composite_rows(ws, r + 1, data, composite_id)
    finish_sheet(ws, data.profile.district, data.period.title())


def _composite_rows(ws: Worksheet, row: int, data: Quarter, composite_id: int) -> int:
    """A composite's breakdown under the indicators: member, weight, plan, fact, achievement, as counted; returns
    the next free row."""
    year = data.period.year
    whole = next((i for i in data.indicators if i.id == composite_id and i.active), None)
    if whole is None:
        return row - 1
    result = data.composite(composite_id, year, ind.YEAR)
    stored = data.indicator_values.get((year, ind.YEAR), {})
    value = result.percent if result.percent is not None else "не рассчитано: нет данных по " + ", ".join(
        i.number or i.name[:30] for i in result.missing)
    row += add_row(ws, row, ["", f"Состав показателя «{whole.number or whole.name[:60]}»: значение, %", "", "", "",
                             "", "", "", "", value], {10: PERCENT}, HEAD_FILL, bold=True)
    row += add_row(ws, row, ["№", "Показатель в составе", "Вес", "", "", "", "", "План", "Факт", "Достижение, %",
                             "Учтено, %"], bold=True)
    for part in result.parts:
        v = stored.get(part.indicator.id or 0, ind.Value())
        row += add_row(ws, row, [part.indicator.number, part.indicator.name, part.weight, "", "", "", "", v.plan,
                                 v.fact, part.percent if part.percent is not None else "нет данных",
                                 part.counted if part.counted is not None else "—"],
                       {3: PERCENT, 8: PERCENT, 9: PERCENT, 10: PERCENT, 11: PERCENT})
    return row


def _services_sheet(wb: Workbook, data: Quarter) -> None:
    f, q = data.service_figures, data.period.quarter
    ws = add_sheet(wb, "Услуги", f"Перевод массовых социально значимых услуг в электронный вид — "
                                 f"{data.period.title()}", [
        ("№", 4), ("Услуга", 46), ("Уровень", 14), ("МСЗУ", 6), ("№ в перечне", 9), ("Ответственный орган", 18),
        ("План перевода", 10), ("Доступна с", 11), ("Статус", 14), ("Обращений", 10), ("В электронном виде", 11),
        ("Доля, %", 9)])
    requests = data.service_requests.get(q, {})
    r = 4
    for n, s in enumerate([s for s in data.services if s.active], start=1):
        got = requests.get(s.id or 0)
        share = got.electronic / got.total * 100 if got and got.total and got.electronic is not None else None
        r += add_row(ws, r, [n, s.name, s.level, "да" if s.mass else "нет", s.federal_number, s.department,
                             f"{s.planned[1]} кв. {s.planned[0]}" if s.planned else "",
                             s.available_on.strftime("%d.%m.%Y") if s.available_on else "",
                             f.statuses.get(s.id or 0, ""), got.total if got else None,
                             got.electronic if got else None, share if share is not None else "нет данных"],
                     {10: COUNT, 11: COUNT, 12: PERCENT})
    lines = [f.available_told(),
             f"Доля обращений за МСЗУ в электронном виде за {q} квартал: {f.share_told(q)}",
             *[f"{k} квартал: " + f.share_told(k) for k in range(1, 5) if k != q and (k in f.plan or f.share[k])]]
    for n, line in enumerate(lines, start=r + 1):  # a line of text across the table, as a person reads it
        put(ws, n, 2, line)
        ws.cell(row=n, column=2).font = BOLD_FONT if n < r + 3 else BODY_FONT
        ws.merge_cells(start_row=n, start_column=2, end_row=n, end_column=12)
    finish_sheet(ws, data.profile.district, data.period.title())


def _data_sheet(wb: Workbook, data: Quarter) -> None:
    """The machine-readable sheet (README, «The data sheet»), its first row and columns kept in sight for a person
    who unhides it."""
    ws = add_data_sheet(wb, DATA_SHEET, HEADER, encode(data))
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (16, 12, 20, 10, 40, 20), strict=True):
        ws.column_dimensions[letter].width = width


def build_workbook(data: Quarter) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    _plan_sheet(wb, data)
    if data.centers:
        _centers_sheet(wb, data)
    _esia_sheet(wb, data)
    if data.indicators:
        _indicators_sheet(wb, data)
    if any(s.active for s in data.services):
        _services_sheet(wb, data)
    _data_sheet(wb, data)
    wb.properties.creator = data.profile.executor_name or data.profile.district
    wb.properties.title = f"{data.profile.district} — {data.period.title()}"
    return wb


def write_xlsx(data: Quarter, target: Path | str) -> Path:
    """Write the workbook to target, whole or not at all."""
    wb = build_workbook(data)
    return write_atomically(target, lambda tmp: save_workbook(wb, tmp))
