"""The printable report (PDF, A4 landscape) in the layout of the documents the region knows: seed 003's plan table
(№ | мероприятие | исполнители | срок | результат | оценка, with the confirmation) and the events held, then — each
numbered, an empty one left out — the service centers, seed 004's registrations, the indicators, their control
points and the services moved online (seed 002), and a signature block."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from model.areas import indicators as ind
from model.areas.centers import OPERATIONS, CenterQuarter
from model.areas.esia import MONTHS
from model.base.ru import format_count, format_date, format_number, format_percent
from model.base.words import item_score_text, of_district, score_text
from model.quarter.quarter import Quarter
from model.reports.pdf_chart import bar_chart
from model.reports.pdf_style import (
    BOLD,
    FONT,
    FRAME_HEIGHT,
    GREY,
    PlainText,
    register_fonts,
    styles,
    text,
    write_document,
)
from model.reports.pdf_table import PADDING_X, PageTable, table

WIDTH = 273 * mm  # A4 landscape less the margins
BLUE = colors.HexColor("#0b57d0")
SECTION_BG = colors.HexColor("#f4f6f9")
Styles = dict[str, ParagraphStyle]


def _inputs_line(data: Quarter, number: str) -> str:
    values = data.inputs.get(number, {})
    item = data.methodology.item(number)
    parts = [f"{f.label}: {f.option_text(values[f.key]) if f.kind != 'count' else format_count(values[f.key])}"
             for f in item.inputs if f.key in values]
    return "Исходные данные: " + "; ".join(parts) if parts else ""


def _title_block(data: Quarter, st: Styles) -> list:
    m, s, p = data.methodology, data.scores, data.profile
    district = p.district or "Муниципальный район (городской округ)"
    facts = [("Муниципальное образование", district + (f" (ОКТМО {p.oktmo})" if p.oktmo else "")),
             ("Отчётный период", data.period.title()),
             ("Методика", f"{m.source or m.title}, версия {m.version}"),
             ("Сформирован", f"{data.generated_at:%d.%m.%Y %H:%M}")]
    if data.revision[0] > 1:  # reopened after sending: the region must see a corrected report as such
        facts.append(("Редакция", f"{data.revision[0]} — исправленная: {data.revision[1]}"))
    about = Table([[text(a, st["note"]), text(b, st["base"])] for a, b in facts], colWidths=[34 * mm, 104 * mm],
                  style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    def box(value: float | None, provisional: float | None) -> PlainText:  # a figure big; «не рассчитана…» smaller
        return text(score_text(value, provisional), st["big" if value is not None else "bigwait"])

    boxes = [[box(s.total, s.provisional.get("total")),
              *[box(s.sections[x.number], s.provisional.get(x.number)) for x in m.sections]],
             [text(f"{m.total.code} — итоговая оценка, %", st["bigsub"]),
              *[text(f"{x.code} — {x.short_title or x.title}", st["bigsub"]) for x in m.sections]]]
    box_width = (WIDTH - 140 * mm) / (1 + len(m.sections))
    scores = Table(boxes, colWidths=[box_width] * (1 + len(m.sections)),
                   style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (0, -1), 1.2, BLUE),
                          ("BOX", (1, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
                          ("LINEBEFORE", (2, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, 0), 5)])
    return [text("Отчёт о реализации мероприятий по популяризации получения государственных и муниципальных "
                 "услуг в электронной форме", st["title"]), Spacer(1, 3 * mm),
            Table([[about, scores]], colWidths=[140 * mm, WIDTH - 140 * mm],
                  style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), FONT)]),
            Spacer(1, 2 * mm)]


def _plan_section(data: Quarter, st: Styles) -> list:
    m, s = data.methodology, data.scores
    head = ["№ п/п", "Содержание мероприятия", "Ответственные исполнители", "Срок исполнения", "Результаты",
            "Оценка, %", m.evidence_title]
    deadline = max([21 * mm, *(text_width(i.deadline, FONT, 8) for i in m.items())])  # «ежеквартально» unbroken
    shown_scores = [score_text(s.total, s.provisional.get("total")),
                    *(score_text(s.sections[x.number], s.provisional.get(x.number)) for x in m.sections)]
    score_width = max([19 * mm, *(text_width(t, BOLD, 8) for t in shown_scores),  # «не рассчитана» unbroken
                       *(text_width(item_score_text(s.items[i.number]), FONT, 8) for i in m.items())])  # as printed
    widths = [9 * mm, 66 * mm, 27 * mm, deadline, 73 * mm, score_width, 98 * mm - deadline - score_width]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    extra: list = []

    def score_cell(value: str, maximum: float, bold: bool = False) -> list[Paragraph]:
        return [text(value, st["densenumbold" if bold else "densenum"]),
                text(f"из {format_number(maximum)}", st["densenum"])]

    rows.append([text(m.total.code, st["densebold"]), text(f"{m.total.title}: {m.total.formula}", st["densebold"]),
                 "", "", "", score_cell(score_text(s.total, s.provisional.get("total")), m.total.max, True), ""])
    extra += [("SPAN", (1, 1), (4, 1)), ("BACKGROUND", (0, 1), (-1, 1), GREY)]
    for section in m.sections:
        r = len(rows)
        rows.append([text(section.number, st["densebold"]), text(f"{section.title}. {section.formula}",
                                                                  st["densebold"]), "", "", "",
                     score_cell(score_text(s.sections[section.number], s.provisional.get(section.number)),
                                section.max, True), ""])
        # a section's heading never stays alone at the bottom of a page: it goes with its first item
        extra += [("SPAN", (1, r), (4, r)), ("BACKGROUND", (0, r), (-1, r), SECTION_BG),
                  ("NOSPLIT", (0, r), (-1, r + 1))]
        for item in section.items:
            score = s.items[item.number]
            inputs = _inputs_line(data, item.number)
            if score.parts:
                inputs = f"Рассчитано по центрам обслуживания ({len(score.parts)}), см. раздел 2"
            evidence = [x for x in (inputs, data.evidence.get(item.number, "")) if x]
            events = data.events.get(item.number, [])
            if events:
                evidence.append(f"Проведено мероприятий: {len(events)} (см. «Проведённые мероприятия»)")
            shown = item_score_text(score)
            rows.append([text(item.number, st["dense"]), text(item.content, st["dense"]),
                         text(item.executors, st["dense"]), text(item.deadline, st["dense"]),
                         text(item.results, st["dense"]), score_cell(shown, item.max),
                         text("\n".join(evidence), st["dense"])])
    return [text(f"1. {m.title}", st["h2"]), table(rows, widths, extra=extra)]


def _events_section(data: Quarter, st: Styles) -> list:
    events = sorted(((number, e) for number, items in data.events.items() for e in items),
                    key=lambda pair: (pair[1].day, pair[0]))
    if not events:
        return []
    rows: list[list] = [[text(h, st["head"]) for h in ("Пункт плана", "Дата", "Место проведения", "Тема")]]
    rows += [[text(number, st["cell"]), text(format_date(e.day), st["cell"]), text(e.place or "—", st["cell"]),
              text(e.topic, st["cell"])] for number, e in events]
    return [CondPageBreak(30 * mm), text("Проведённые мероприятия", st["h2"]),
            table(rows, [22 * mm, 24 * mm, 80 * mm, WIDTH - 126 * mm])]


def _centers_section(data: Quarter, st: Styles, number: int) -> list:
    active = [c for c in data.centers if c.active or (c.id or 0) in data.center_quarter]
    if not active:
        return []
    m = data.methodology
    item = next((i for i in m.items() if i.derive == "centers"), None)
    reqs = item.inputs if item else ()
    head = ["Поселение, адрес", "Организация", *[f"{n}" for n in range(1, len(reqs) + 1)], "Выполнено",
            *OPERATIONS.values()]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    totals = dict.fromkeys(OPERATIONS, 0)
    for c in active:
        quarter = data.center_quarter.get(c.id or 0, CenterQuarter())
        marks = [("да" if quarter.checks[f.key].met else "нет") if f.key in quarter.checks else "—" for f in reqs]
        n = str(sum(1 for f in reqs if f.key in quarter.checks and quarter.checks[f.key].met)) \
            if all(f.key in quarter.checks for f in reqs) else "не проверен"
        for k in OPERATIONS:
            totals[k] += quarter.operations.get(k, 0)
        rows.append([text(c.title() + ("" if c.active else " (неактивен)"), st["cell"]), text(c.host, st["cell"]),
                     *[text(x, st["head"]) for x in marks], text(n, st["num"]),
                     *[text(format_count(quarter.operations.get(k)) or "—", st["num"]) for k in OPERATIONS]])
    rows.append([text("Итого", st["cellbold"]), "", *["" for _ in reqs], "",
                 *[text(format_count(totals[k]), st["numbold"]) for k in OPERATIONS]])
    widths = _centers_widths(rows[1:], len(reqs), [text_width(w, BOLD, 8) for w in OPERATIONS.values()])
    legend = "; ".join(f"{n}) {f.label}" for n, f in enumerate(reqs, start=1))
    return [CondPageBreak(35 * mm), text(f"{number}. Центры обслуживания пользователей ЕПГУ", st["h2"]),
            table(rows, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), GREY)]),
            Spacer(1, 2 * mm), text(f"Требования пункта {item.number if item else '1.2'}: {legend}.", st["note"])]


def text_width(words: str, font: str, size: float) -> float:
    """The width a cell needs for its longest word (a heading may wrap between words, never inside one)."""
    return max(stringWidth(w, font, size) for w in re.split(r"[ \n\t]+", words)) + PADDING_X + 1  # no-break spaces hold


def fitted_widths(head: list[str], rows: list[list], name: int, caps: dict[int, float] | None = None,
                  name_least: float = 60 * mm) -> list[float]:
    """Short columns as wide as their longest word or value (at most 40 mm, or their cap: a longer word wraps),
    never narrower than their heading's longest word; the `name` column takes the rest, at least `name_least`
    (the short ones give back what they have above their headings' words, in proportion, to make room)."""
    least = [text_width(h, BOLD, 8) for h in head]
    widths = [min(max(least[k], *(text_width(str(getattr(c, "text", "")) or "—", FONT, 8.5) for c in column)),
                  max(least[k], (caps or {}).get(k, 40 * mm)))
              for k, column in enumerate(zip(*rows, strict=True))] if rows else list(least)
    widths[name] = 0
    short = sum(widths)
    if WIDTH - short < name_least:
        spare = sum(w - least[k] for k, w in enumerate(widths) if k != name)
        give = min(name_least - (WIDTH - short), spare)
        widths = [w if k == name else w - (w - least[k]) * give / spare for k, w in enumerate(widths)]
    widths[name] = WIDTH - sum(widths)
    return widths


def _centers_widths(rows: list[list], requirements: int, operations: list[float]) -> list[float]:
    """Name and organisation as wide as their texts (one line each where the page allows), never narrower than a
    third of what is left for both; the checks as wide as «нет», the operations as their headings' longest word."""
    ops = [max(w, 20 * mm) for w in operations]
    mark = max(text_width("нет", BOLD, 8), text_width(str(requirements), BOLD, 8))
    done = max(text_width("проверен", FONT, 8.5), text_width("Выполнено", BOLD, 8))
    rest = WIDTH - mark * requirements - done - sum(ops)
    need = [max(stringWidth(row[k].text, FONT, 8.5) for row in rows[:-1]) + PADDING_X + 1 for k in (0, 1)]
    least = rest / 3
    first = min(max(rest * need[0] / sum(need), least), rest - least)
    return [first, rest - first, *[mark] * requirements, done, *ops]


def _esia_section(data: Quarter, st: Styles, number: int) -> list:
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
    summary = table([[text(a, st["cell"]), text(b, st["num"])] for a, b in facts], [72 * mm, 24 * mm], header_rows=0)
    head = ["Месяц", "Регистраций, чел.", "План на месяц, чел.", "% выполнения за месяц", "С начала года, чел.",
            "% выполнения с начала года"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    for k in range(1, 13):
        rows.append([text(MONTHS[k - 1].capitalize(), st["cell"]), text(format_count(p.months.get(k)), st["num"]),
                     text(format_number(f.monthly_target, 2) if f.monthly_target is not None else "", st["num"]),
                     text(format_percent(f.month_pct[k]) if f.month_pct[k] is not None else "", st["num"]),
                     text(format_count(f.to_date[k]) if k in p.months and f.to_date[k] is not None else "",
                          st["num"]),
                     text(format_percent(f.to_date_pct[k]) if k in p.months and f.to_date_pct[k] is not None
                          else "", st["num"])])
    months = table(rows, [26 * mm, 28 * mm, 28 * mm, 28 * mm, 28 * mm, 29 * mm])
    left = Table([[summary], [_esia_chart(data, 100 * mm)]], colWidths=[100 * mm],
                 style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    return [CondPageBreak(85 * mm), text(f"{number}. План регистраций граждан в ЕСИА на {p.year} год", st["h2"]),
            Table([[left, months]], colWidths=[104 * mm, WIDTH - 104 * mm],
                  style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])]


def _esia_chart(data: Quarter, width: float) -> Drawing:
    p, f = data.esia_plan, data.esia_figures
    names = [MONTHS[k - 1][:3] for k in range(1, 13)]
    label = f"план на месяц {format_number(f.monthly_target, 2)}" if f.monthly_target else ""
    return bar_chart("Регистрации по месяцам", "чел.", names, [float(p.months.get(k, 0)) for k in range(1, 13)],
                      f.monthly_target, label, width, 50 * mm)


def _indicators_section(data: Quarter, st: Styles, number: int) -> list:
    active = [i for i in data.indicators if i.active]
    if not active:
        return []
    year = data.period.year
    values = data.values(year, ind.YEAR)  # composites' facts computed from their members
    quarter_values = data.values(year, data.period.quarter)
    head = ["№", "Наименование показателя", "Тип", "Ед.", "Базовое значение", "План", "Факт", "Достижение, %",
            "Статус", "Комментарий"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    achieved: list[tuple[str, float]] = []
    for n, i in enumerate(active, start=1):
        v = values.get(i.id or 0, ind.Value())
        q = quarter_values.get(i.id or 0)
        result = ind.achievement(v, i.direction)
        if result.percent is not None:
            achieved.append((i.number or str(n), result.percent))
        base = format_number(i.base_value, i.decimals) if i.base_value is not None else "—"
        if i.base_date and i.base_value is not None:  # a date alone, «— (14.12.2018)», said nothing of a value
            base += f" ({format_date(i.base_date)})"
        comment = v.comment
        if q is not None and (q.plan is not None or q.fact is not None):
            comment = (f"{data.period.quarter} кв.: план {format_number(q.plan, i.decimals) or '—'}, "
                       f"факт {format_number(q.fact, i.decimals) or '—'}" + (f"\n{comment}" if comment else ""))
        rows.append([text(i.number, st["cell"]), text(i.name, st["cell"]), text(i.kind, st["cell"]),
                     text(i.unit, st["cell"]), text(base, st["num"]),
                     text(format_number(v.plan, i.decimals), st["num"]),
                     text(format_number(v.fact, i.decimals), st["num"]),
                     text(format_percent(result.percent) if result.percent is not None else "—", st["num"]),
                     text({"достигнут": "✔\u00a0достигнут", "не достигнут": "✘\u00a0не достигнут"}.get(result.status,
                                                                                               "— нет данных"),
                          st["cell"]),
                     text(comment, st["cell"])])
    widths = fitted_widths(head, rows[1:], name=1, caps={9: 50 * mm})  # a long comment wraps in its column
    out: list = [CondPageBreak(100 * mm), text(f"{number}. Показатели за {year} год", st["h2"]), table(rows, widths)]
    for composite_id in data.composites:
        out += _composite_breakdown(data, composite_id, st)
    if achieved:
        out += [Spacer(1, 3 * mm), KeepTogether([bar_chart(
            "Достижение плановых значений показателей (номера — как в таблице)", "%", [a for a, _ in achieved],
            [b for _, b in achieved], 100.0, "план — 100 %", WIDTH * 0.75, 42 * mm, ceiling=1000.0)])]
    return out


def _composite_breakdown(data: Quarter, composite_id: int, st: Styles) -> list:
    """How a composite indicator's value is made: each member's weight, plan, fact and achievement as counted."""
    year = data.period.year
    whole = next((i for i in data.indicators if i.id == composite_id), None)
    if whole is None or not whole.active:
        return []
    result = data.composite(composite_id, year, ind.YEAR)
    values = data.indicator_values.get((year, ind.YEAR), {})
    cap = data.composites[composite_id].cap
    rows: list[list] = [[text(h, st["head"]) for h in ("№", "Показатель в составе", "Вес", "План", "Факт",
                                                       "Достижение, %", "Учтено, %")]]
    for part in result.parts:
        v = values.get(part.indicator.id or 0, ind.Value())
        rows.append([text(part.indicator.number, st["cell"]), text(part.indicator.name, st["cell"]),
                     text(format_number(part.weight), st["num"]),
                     text(format_number(v.plan, part.indicator.decimals) or "—", st["num"]),
                     text(format_number(v.fact, part.indicator.decimals) or "—", st["num"]),
                     text(format_percent(part.percent) if part.percent is not None else "нет данных", st["num"]),
                     text(format_percent(part.counted) if part.counted is not None else "—", st["num"])])
    how = ("каждый учтён не более чем на " + format_number(cap) + " %") if cap is not None else "без предела учёта"
    if result.percent is not None:
        total = f"{format_percent(result.percent)} % — среднее достижение, взвешенное по весам ({how})"
    else:
        missing = ", ".join(i.number or i.name[:30] for i in result.missing)
        total = (f"не рассчитано: нет данных по {missing}" +
                 (f" (по остальным сейчас {format_percent(result.provisional)} %)" if result.provisional is not None
                  else ""))
    return [Spacer(1, 3 * mm), KeepTogether([
        text(f"Состав показателя «{whole.number or whole.name[:60]}»: значение {total}", st["cellbold"]),
        Spacer(1, 1.5 * mm), table(rows, [14 * mm, WIDTH - 124 * mm, 14 * mm, 20 * mm, 20 * mm, 28 * mm, 28 * mm])])]


def _services_section(data: Quarter, st: Styles, number: int) -> list:
    """Seed 002: the register with planned against done, the quarter's requests, the share against the plan."""
    shown = [s for s in data.services if s.active]
    if not shown:
        return []
    f, q = data.service_figures, data.period.quarter
    requests = data.service_requests.get(q, {})
    head = ["№", "Услуга", "Уровень", "МСЗУ", "№ в перечне", "Ответственный орган", "План перевода", "Доступна с",
            "Статус", "Обращений", "В электронном виде", "Доля, %"]
    rows: list[list] = [[text(h, st["head"]) for h in head]]
    for n, s in enumerate(shown, start=1):
        r = requests.get(s.id or 0)
        share = r.electronic / r.total * 100 if r and r.total and r.electronic is not None else None
        rows.append([text(str(n), st["num"]), text(s.name, st["cell"]), text(s.level, st["cell"]),
                     text("да" if s.mass else "нет", st["cell"]), text(s.federal_number or "—", st["cell"]),
                     text(s.department or "—", st["cell"]),
                     text(f"{s.planned[1]} кв. {s.planned[0]}" if s.planned else "—", st["cell"]),
                     text(format_date(s.available_on) or "—", st["cell"]),
                     text(f.statuses.get(s.id or 0, ""), st["cell"]),
                     text(format_count(r.total) if r and r.total is not None else "—", st["num"]),
                     text(format_count(r.electronic) if r and r.electronic is not None else "—", st["num"]),
                     text(format_percent(share) if share is not None else "—", st["num"])])
    widths = fitted_widths(head, rows[1:], name=1, name_least=45 * mm)
    summary = f"{f.available_told()}. Доля обращений за МСЗУ в электронном виде за {q} квартал: {f.share_told(q)}."
    out: list = [CondPageBreak(60 * mm), text(f"{number}. Перевод массовых социально значимых услуг в электронный вид",
                                              st["h2"]), text(summary, st["base"]), Spacer(1, 2 * mm),
                 table(rows, widths)]
    quarters = [k for k in range(1, 5) if f.share.get(k) is not None]
    if quarters:
        plan = f.plan.get(q)
        out += [Spacer(1, 3 * mm), KeepTogether([bar_chart(
            f"Доля обращений за МСЗУ в электронном виде по кварталам {data.period.year} года", "%",
            [f"{k} кв." for k in quarters], [f.share[k] or 0 for k in quarters], plan,
            f"план на {q} кв. — {format_percent(plan)} %" if plan is not None else "", WIDTH * 0.5, 50 * mm)])]
    return out


def _points_section(data: Quarter, st: Styles, number: int) -> list:
    """The control points as a table; more than a dozen go in two columns side by side, read down the left first,
    where both columns fit on one page (a longer list is one table that goes on over the pages)."""
    points = data.control_points
    if not points:
        return []
    today: date = data.generated_at.date()
    numbered = list(enumerate(points, start=1))
    heading = text(f"{number}. Контрольные точки: {ind.points_summary(points, today)}", st["h2"])
    if len(points) > 12:
        middle = (len(points) + 1) // 2
        width = (WIDTH - 4 * mm) / 2
        left, right = (_points_table(half, width, today, st) for half in (numbered[:middle], numbered[middle:]))
        body = Table([[left, "", right]], colWidths=[width, 4 * mm, width],
                     style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), FONT)])
        if body.wrap(WIDTH, FRAME_HEIGHT)[1] <= FRAME_HEIGHT - 30:  # with the heading, on one page
            return [CondPageBreak(40 * mm), heading, body]
    return [CondPageBreak(40 * mm), heading, _points_table(numbered, WIDTH, today, st)]


def _points_table(numbered: list[tuple[int, ind.ControlPoint]], width: float, today: date, st: Styles) -> Table:
    late = {ind.LATE, ind.OVERDUE}
    rows: list[list] = [[text(h, st["head"]) for h in ("№", "Контрольная точка", "Срок", "Выполнена", "Статус")]]
    for n, point in numbered:
        status = ind.point_status(point, today)
        title = point.title + (f" ({point.comment})" if point.comment else "")
        rows.append([text(str(n), st["num"]), text(title, st["cell"]), text(format_date(point.due), st["cell"]),
                     text(format_date(point.done) or "—", st["cell"]),
                     text(status, st["cellbold" if status in late else "cell"])])
    return table(rows, [8 * mm, width - 86 * mm, 20 * mm, 22 * mm, 36 * mm])


def _signature(data: Quarter, st: Styles, before: Flowable) -> list:
    """The signature block, kept on one page with what precedes it (the last rows of a long table go with it,
    never the block alone on the last page). The head's position and name as the profile has them; where the
    profile has no name, a line to write it on with «(инициалы, фамилия)» under it."""
    p = data.profile
    named = bool(p.head_name.strip())
    position, district = p.head_position.strip(), p.district.strip()
    quoted = district[district.find("«"):] if "«" in district else district
    if position and quoted and quoted in position:  # «Глава муниципального района «Калганский район»» typed whole
        district = ""
    elif position:  # «Глава администрации муниципального района …», not «… Муниципальный район …»
        district = of_district(district)
    rows = [[text("\n".join(x for x in (position, district) if x), st["text"]), "", "",
             text(p.head_name, st["text"])],
            ["", text("(подпись)", st["note"]), "", "" if named else text("(инициалы, фамилия)", st["note"])],
            [text("«____» ______________ 20___ г.", st["text"]), text("М. П.", st["note"]), "", ""]]
    sign = Table(rows, colWidths=[125 * mm, 55 * mm, 10 * mm, 70 * mm],
                 style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                        *([] if named else [("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black)]),
                        ("TOPPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 2), (-1, 2), 10)])
    executor = "Исполнитель: " + (p.executor_name or "____________________") + \
        ", тел. " + (p.executor_phone or "____________")
    block = [Spacer(1, 6 * mm), sign, Spacer(1, 4 * mm), text(executor, st["note"])]
    if isinstance(before, PageTable) and len(before.rows) > before.header_rows + 2:
        body, tail = before.parted_tail(2)
        return [body, KeepTogether([tail, *block])]
    return [KeepTogether([before, *block])]


def build_story(data: Quarter) -> list:
    register_fonts()
    st = styles()
    story: list = _title_block(data, st)
    story += _plan_section(data, st)
    story += _events_section(data, st)
    n = 2  # the sections numbered in order, an empty one left out without a gap (no points: the services are 5)
    for section in (_centers_section, _esia_section, _indicators_section, _points_section, _services_section):
        part = section(data, st, n)
        story += part
        n += bool(part)
    return story + _signature(data, st, story.pop())


def write_pdf(data: Quarter, target: Path | str) -> Path:
    """Write the report to target, whole or not at all."""
    # the district last: a name too long for the line is shortened there, the period and the time stay whole
    footer = f"{data.period.title()} · сформировано {data.generated_at:%d.%m.%Y %H:%M} · {data.profile.district}"
    return write_document(build_story(data), target, f"Отчёт — {data.profile.district} — {data.period.title()}",
                          data.profile.executor_name or data.profile.district, footer)
