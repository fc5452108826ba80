"""The printable report (PDF, A4 landscape) in the layout of the documents the region knows."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from model import indicators as ind
from model.centers import OPERATIONS, CenterQuarter
from model.esia import MONTHS
from model.pdf_style import FONT, GREY, register_fonts, styles, table, text, write_document
from model.period_data import PeriodData
from model.ru import format_count, format_date, format_number, format_percent


def _inputs_line(data: PeriodData, number: str) -> str:
    values = data.inputs.get(number, {})
    item = data.methodology.item(number)
    parts = [f"{f.label}: {f.option_text(values[f.key]) if f.kind != 'count' else format_count(values[f.key])}"
             for f in item.inputs if f.key in values]
    return "Исходные данные: " + "; ".join(parts) if parts else ""


def _plan_section(data: PeriodData, st: dict[str, ParagraphStyle]) -> list:
    m, s = data.methodology, data.scores
    head = ["№ п/п", "Содержание мероприятия", "Ответственные исполнители", "Срок исполнения", "Результаты",
            "Оценка уровня проделанной работы, %", "Максимальное значение показателя", m.evidence_title]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    widths = [11 * mm, 55 * mm, 30 * mm, 23 * mm, 50 * mm, 24 * mm, 22 * mm, 58 * mm]
    extra: list = []

    def score_cell(value: float | None, provisional: float | None = None, bold: bool = False) -> Paragraph:
        if value is not None:
            return text(format_percent(value), st["numbold" if bold else "num"])
        if provisional is not None:
            return text(f"не рассчитана (сейчас {format_percent(provisional)})", st["num"])
        return text("не заполнено", st["num"])

    rows.append([text(m.total.code, st["bold"]), text(f"{m.total.title}: {m.total.formula}", st["bold"]), "", "", "",
                 score_cell(s.total, s.provisional["total"], bold=True), text(format_number(m.total.max), st["num"]),
                 ""])
    extra += [("SPAN", (1, 1), (4, 1)), ("BACKGROUND", (0, 1), (-1, 1), GREY)]
    for section in m.sections:
        r = len(rows)
        rows.append([text(section.number, st["bold"]), text(f"{section.title}. {section.formula}", st["bold"]),
                     "", "", "", score_cell(s.sections[section.number], s.provisional[section.number], bold=True),
                     text(format_number(section.max), st["num"]), ""])
        extra += [("SPAN", (1, r), (4, r)), ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f4f6f9"))]
        for item in section.items:
            score = s.items[item.number]
            inputs = _inputs_line(data, item.number)
            if score.parts:
                inputs = f"Рассчитано по центрам обслуживания ({len(score.parts)}), см. раздел 2"
            evidence = [x for x in (inputs, data.evidence.get(item.number, "")) if x]
            for event in data.events.get(item.number, []):
                place = f", {event.place}" if event.place else ""
                evidence.append(f"{format_date(event.day)}{place} — {event.topic}")
            score_text = score_cell(score.score)
            if score.raw is not None and score.raw != score.score:
                score_text = text(f"{format_percent(score.score)} (факт {format_percent(score.raw)})", st["num"])
            rows.append([text(item.number, st["base"]), text(item.content, st["base"]),
                         text(item.executors, st["base"]), text(item.deadline, st["base"]),
                         text(item.results, st["small"]), score_text, text(format_number(item.max), st["num"]),
                         text("\n".join(evidence), st["base"])])
    return [text(f"1. {m.title}", st["h2"]), table(rows, widths, extra=extra)]


def _centers_section(data: PeriodData, st: dict[str, ParagraphStyle]) -> list:
    active = [c for c in data.centers if c.active or (c.id or 0) in data.center_quarter]
    if not active:
        return []
    m = data.methodology
    item = next((i for i in m.items() if i.derive == "centers"), None)
    reqs = item.inputs if item else ()
    head = ["Поселение, адрес", "Организация", *[f"{n}" for n in range(1, len(reqs) + 1)], "Выпол-нено",
            "Регистрация", "Подтверждение", "Восстановление", "Удаление"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    totals = dict.fromkeys(OPERATIONS, 0)
    for c in active:
        quarter = data.center_quarter.get(c.id or 0, CenterQuarter())
        marks = [("да" if quarter.checks[f.key].met else "нет") if f.key in quarter.checks else "—" for f in reqs]
        n = str(sum(1 for f in reqs if f.key in quarter.checks and quarter.checks[f.key].met)) \
            if all(f.key in quarter.checks for f in reqs) else "не проверен"
        for k in OPERATIONS:
            totals[k] += quarter.operations.get(k, 0)
        rows.append([text(c.title() + ("" if c.active else " (неактивен)"), st["base"]), text(c.host, st["base"]),
                     *[text(x, st["head"]) for x in marks], text(n, st["num"]),
                     *[text(format_count(quarter.operations.get(k)) or "—", st["num"]) for k in OPERATIONS]])
    rows.append([text("Итого", st["bold"]), "", *["" for _ in reqs], "",
                 *[text(format_count(totals[k]), st["numbold"]) for k in OPERATIONS]])
    widths = [68 * mm, 46 * mm, *[11 * mm] * len(reqs), 16 * mm, *[(273 - 130 - 11 * len(reqs)) / 4 * mm] * 4]
    legend = "; ".join(f"{n}) {f.label}" for n, f in enumerate(reqs, start=1))
    return [CondPageBreak(40 * mm), text("2. Центры обслуживания пользователей ЕПГУ", st["h2"]),
            table(rows, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), GREY)]),
            Spacer(1, 2 * mm), text(f"Требования пункта {item.number if item else '1.2'}: {legend}.", st["small"])]


def _esia_section(data: PeriodData, st: dict[str, ParagraphStyle]) -> list:
    p, f = data.esia_plan, data.esia_figures
    if p.registered_start is None and p.target_end is None and not p.months:
        return []
    facts = [
        ("Зарегистрировано на конец прошлого года (R0)", format_count(p.registered_start) or "—"),
        ("Целевой показатель на конец года (T)", format_number(p.target_end, 2) if p.target_end is not None else "—"),
        ("Целевой показатель на год (Y = T − R0)", format_number(f.year_target, 2) if f.year_target is not None
         else "—"),
        ("Численность населения (N)", format_count(p.population) or "—"),
        ("Всего зарегистрировано" + (f" на {format_date(p.total_as_of)}" if p.total_as_of else ""),
         format_count(p.total_registered) or "—"),
        ("Доля зарегистрированных от численности населения, %", format_percent(f.share_pct)),
        ("Зарегистрировано на 1000 жителей", format_percent(f.per_1000)),
    ]
    summary = table([[text(a, st["base"]), text(b, st["num"])] for a, b in facts], [84 * mm, 30 * mm],
                     header_rows=0)
    head = ["Месяц", "Регистраций", "План на месяц", "% выполнения за месяц", "С начала года",
            "% выполнения с начала года"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    for k in range(1, 13):
        rows.append([text(MONTHS[k - 1].capitalize(), st["base"]), text(format_count(p.months.get(k)), st["num"]),
                     text(format_number(f.monthly_target, 2) if f.monthly_target is not None else "", st["num"]),
                     text(format_percent(f.month_pct[k]) if f.month_pct[k] is not None else "", st["num"]),
                     text(format_count(f.to_date[k]) if k in p.months and f.to_date[k] is not None else "",
                          st["num"]),
                     text(format_percent(f.to_date_pct[k]) if k in p.months and f.to_date_pct[k] is not None
                          else "", st["num"])])
    months = table(rows, [26 * mm, 22 * mm, 22 * mm, 28 * mm, 24 * mm, 28 * mm])
    return [CondPageBreak(80 * mm), text(f"3. План регистраций граждан в ЕСИА на {p.year} год", st["h2"]),
            Table([[summary, months]], colWidths=[120 * mm, 153 * mm],
                  style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0)])]


def _indicator_chart(data: PeriodData, values: dict[int, ind.Value]) -> Drawing | None:
    shown = [i for i in data.indicators if i.active and i.id in values
             and (values[i.id].plan is not None or values[i.id].fact is not None)]
    if not shown:
        return None
    drawing = Drawing(273 * mm, 62 * mm, initialFontName=FONT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 12 * mm, 200 * mm, 44 * mm
    chart.data = [[values[i.id].plan or 0 for i in shown], [values[i.id].fact or 0 for i in shown]]  # type: ignore
    chart.categoryAxis.categoryNames = [f"{i.number or n + 1}" for n, i in enumerate(shown)]
    chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_number(v, 2)
    chart.bars[0].fillColor = colors.white
    chart.bars[0].strokeColor = colors.HexColor("#0b57d0")
    chart.bars[1].fillColor = colors.HexColor("#0b57d0")
    chart.bars[1].strokeColor = colors.HexColor("#0b57d0")
    chart.barSpacing = 1
    chart.groupSpacing = 8
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 222 * mm, 50 * mm
    legend.fontName = FONT
    legend.fontSize = 8
    legend.colorNamePairs = [(chart.bars[0].fillColor, "план"), (chart.bars[1].fillColor, "факт")]
    legend.strokeColor = colors.HexColor("#0b57d0")
    drawing.add(legend)
    drawing.add(String(14 * mm, 3 * mm, "План и факт по показателям (номера — как в таблице)", fontName=FONT,
                       fontSize=7))
    return drawing


def _indicators_section(data: PeriodData, st: dict[str, ParagraphStyle]) -> list:
    active = [i for i in data.indicators if i.active]
    if not active:
        return []
    year = data.period.year
    values = data.indicator_values.get((year, ind.YEAR), {})
    quarter_values = data.indicator_values.get((year, data.period.quarter), {})
    head = ["№", "Наименование показателя", "Тип", "Ед.", "Базовое значение", "План", "Факт", "Достижение, %",
            "Статус", "Комментарий"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    for i in active:
        v = values.get(i.id or 0, ind.Value())
        q = quarter_values.get(i.id or 0)
        result = ind.achievement(v, i.direction)
        base = format_number(i.base_value, i.decimals) if i.base_value is not None else "—"
        if i.base_date:
            base += f" ({format_date(i.base_date)})"
        comment = v.comment
        if q is not None and (q.plan is not None or q.fact is not None):
            comment = (f"{data.period.quarter} кв.: план {format_number(q.plan, i.decimals) or '—'}, "
                       f"факт {format_number(q.fact, i.decimals) or '—'}" + (f"\n{comment}" if comment else ""))
        rows.append([text(i.number, st["base"]), text(i.name, st["base"]), text(i.kind, st["base"]),
                     text(i.unit, st["base"]), text(base, st["num"]), text(format_number(v.plan, i.decimals),
                                                                          st["num"]),
                     text(format_number(v.fact, i.decimals), st["num"]),
                     text(format_percent(result.percent) if result.percent is not None else "—", st["num"]),
                     text({"достигнут": "✔ достигнут", "не достигнут": "✘ не достигнут"}.get(result.status,
                                                                                               "— нет данных"),
                          st["base"]),
                     text(comment, st["base"])])
    widths = [9 * mm, 86 * mm, 25 * mm, 12 * mm, 24 * mm, 16 * mm, 16 * mm, 22 * mm, 24 * mm, 39 * mm]
    out: list = [CondPageBreak(60 * mm), text(f"4. Показатели за {year} год", st["h2"]), table(rows, widths)]
    chart = _indicator_chart(data, values)
    if chart is not None:
        out += [Spacer(1, 3 * mm), chart]
    if data.control_points:
        out.append(text(f"Контрольные точки: {ind.points_summary(data.control_points, data.generated_at.date())}.",
                        st["text"]))
    return out


def _signature(data: PeriodData, st: dict[str, ParagraphStyle]) -> list:
    p = data.profile
    position = p.head_position or "Глава администрации"
    rows = [[text(f"{position}\n{p.district}", st["text"]), text("_______________________", st["text"]),
             text(p.head_name or "_______________________", st["text"])],
            [text("Дата: «____» ______________ 20___ г.", st["text"]), text("(подпись)", st["small"]), ""]]
    sign = Table(rows, colWidths=[120 * mm, 70 * mm, 80 * mm],
                 style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("TOPPADDING", (0, 0), (-1, -1), 6)])
    executor = ""
    if p.executor_name or p.executor_phone:
        executor = f"Исполнитель: {p.executor_name}" + (f", тел. {p.executor_phone}" if p.executor_phone else "")
    return [KeepTogether([Spacer(1, 8 * mm), sign, Spacer(1, 4 * mm), text(executor, st["small"])])]


def build_story(data: PeriodData) -> list:
    register_fonts()
    st = styles()
    district = data.profile.district or "Муниципальный район (городской округ)"
    story: list = [text("Отчёт о реализации мероприятий по популяризации получения государственных и "
                        "муниципальных услуг в электронной форме", st["title"]),
                   text(f"{district} — {data.period.title()}", st["subtitle"])]
    if data.profile.oktmo:
        story.append(text(f"ОКТМО {data.profile.oktmo}", st["subtitle"]))
    story.append(text(f"Методика: {data.methodology.source or data.methodology.title} "
                      f"(версия {data.methodology.version})", st["small"]))
    story.append(Spacer(1, 3 * mm))
    story += _plan_section(data, st)
    story += _centers_section(data, st)
    story += _esia_section(data, st)
    story += _indicators_section(data, st)
    story += _signature(data, st)
    return story


def write_pdf(data: PeriodData, target: Path | str) -> Path:
    """Write the report to target, whole or not at all."""
    footer = f"{data.profile.district} · {data.period.title()} · сформировано {data.generated_at:%d.%m.%Y %H:%M}"
    return write_document(build_story(data), target, f"Отчёт — {data.profile.district} — {data.period.title()}",
                          data.profile.executor_name or data.profile.district, footer)
