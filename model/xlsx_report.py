"""The Excel workbook: sheets formatted for people, and the `data` sheet that machines read."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from model import indicators as ind
from model.centers import OPERATIONS, CenterQuarter
from model.esia import MONTHS
from model.exchange import DATA_SHEET, HEADER, encode
from model.files import write_atomically
from model.period_data import PeriodData
from model.sheets import COUNT, HEAD_FILL, PERCENT, SECTION_FILL, add_row, add_sheet, put


def _plan_sheet(wb: Workbook, data: PeriodData) -> None:
    m, s = data.methodology, data.scores
    ws = add_sheet(wb, "План", f"{m.title} — {data.profile.district}, {data.period.title()}", [
        ("№ п/п", 7), ("Содержание мероприятия", 48), ("Ответственные исполнители", 26), ("Срок исполнения", 16),
        ("Результаты", 48), ("Оценка уровня проделанной работы, %", 14), ("Максимальное значение показателя", 13),
        (m.evidence_title, 48)])
    fmt = {6: PERCENT, 7: COUNT}
    r = 4
    add_row(ws, r, [m.total.code, f"{m.total.title}: {m.total.formula}", "", "", "", s.total, m.total.max, ""], fmt,
         HEAD_FILL, bold=True)
    for section in m.sections:
        r += 1
        add_row(ws, r, [section.number, f"{section.title}. {section.formula}", "", "", "", s.sections[section.number],
                     section.max, ""], fmt, SECTION_FILL, bold=True)
        for item in section.items:
            r += 1
            evidence = [data.evidence.get(item.number, "")]
            evidence += [f"{e.day:%d.%m.%Y}{', ' + e.place if e.place else ''} — {e.topic}"
                         for e in data.events.get(item.number, [])]
            score = s.items[item.number]
            add_row(ws, r, [item.number, item.content, item.executors, item.deadline, item.results,
                         score.score if score.filled else "не заполнено", item.max,
                         "\n".join(x for x in evidence if x)], fmt)


def _centers_sheet(wb: Workbook, data: PeriodData) -> None:
    item = next((i for i in data.methodology.items() if i.derive == "centers"), None)
    reqs = item.inputs if item else ()
    ws = add_sheet(wb, "Центры", f"Центры обслуживания — {data.period.title()}", [
        ("Поселение", 22), ("Адрес", 30), ("Организация", 30), ("Активен", 9),
        *[(f.heading.replace("\n", " "), 12) for f in reqs], ("Выполнено требований", 11),
        *[(name, 14) for name in OPERATIONS.values()]])
    for r, c in enumerate(data.centers, start=4):
        q = data.center_quarter.get(c.id or 0, CenterQuarter())
        marks = [("да" if q.checks[f.key].met else "нет") if f.key in q.checks else "" for f in reqs]
        n = sum(1 for f in reqs if f.key in q.checks and q.checks[f.key].met) \
            if all(f.key in q.checks for f in reqs) else None
        ops = [q.operations.get(k) for k in OPERATIONS]
        base = 5 + len(reqs)
        add_row(ws, r, [c.settlement, c.address, c.host, "да" if c.active else "нет", *marks, n, *ops],
             {base + 1 + k: COUNT for k in range(len(OPERATIONS))})


def _esia_sheet(wb: Workbook, data: PeriodData) -> None:
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
    for n, (label, value, fmt) in enumerate(facts, start=18):
        add_row(ws, n, [label, value], {2: fmt})
    ws.column_dimensions["A"].width = 44


def _indicators_sheet(wb: Workbook, data: PeriodData) -> None:
    year = data.period.year
    ws = add_sheet(wb, "Показатели", f"Показатели за {year} год", [
        ("№", 6), ("Наименование показателя", 60), ("Тип", 14), ("Ед.", 8), ("Базовое значение", 12),
        ("Дата базового значения", 12), ("Лучше", 10), ("План", 11), ("Факт", 11), ("Достижение, %", 12),
        ("Статус", 14), ("Комментарий", 30)])
    values = data.indicator_values.get((year, ind.YEAR), {})
    for r, i in enumerate([i for i in data.indicators if i.active], start=4):
        v = values.get(i.id or 0, ind.Value())
        result = ind.achievement(v, i.direction)
        add_row(ws, r, [i.number, i.name, i.kind, i.unit, i.base_value, i.base_date.strftime("%d.%m.%Y")
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
