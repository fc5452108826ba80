"""The summary's tables, described once: the window, the PDF and the workbook all render these."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.base.ru import format_count, format_number, format_percent
from model.base.words import plural
from model.region.year import YearTable

if TYPE_CHECKING:  # the workbook's writer (model/region/summary_files.py) unpickles tables without the merge's modules
    from model.region.consolidate import Summary

# each table's short name: the window's tab and the workbook's sheet
SHORT_TITLES = {"ranking": "Рейтинг", "items": "Пункты", "registrations": "Регистрации ЕСИА",
                "services": "Услуги (МСЗУ)", "indicators": "Показатели", "completeness": "Полнота и сроки",
                "problems": "Замечания", "year": "Итоги года"}
QUARTERS = ("1 квартал", "2 квартал", "3 квартал", "4 квартал")  # as periods are named: «2 квартал 2018 года»


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # in characters of 10-point text
    kind: str = "text"  # text, percent, count, place
    absent: str = "—"  # what an empty value reads as


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)  # raw values: numbers unrounded, None when absent
    note: str = ""
    empty: str = "Нет данных."  # what the table says when it has no rows
    # (row, column) → (what the window adds after the cell's value, its tooltip): the window's marks, not on paper
    marks: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)

    def shown(self, row: int, column: int) -> str:
        """The value as a person reads it: Russian numbers, two decimals for percentages."""
        value, c = self.rows[row][column], self.columns[column]
        if value is None or value == "":
            return c.absent
        if c.kind == "percent":
            return format_percent(float(value))  # type: ignore[arg-type]
        if c.kind == "count":
            return format_count(float(value))  # type: ignore[arg-type]
        if c.kind == "number":  # decimals only where there are any: «3 520», «3 520,5»
            return format_number(float(value), 2)  # type: ignore[arg-type]
        return str(value)


def shortened(value: str, limit: int) -> str:
    """The text cut at a word boundary within `limit` characters, with «…» when something was cut."""
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return f"{cut or value[:limit]}…"


# the usual short forms of a municipality's kind, for a chart's label too long for its place beside the bar
SHORT_KINDS = [(re.compile(rf"\b{long}\b", re.IGNORECASE), short) for long, short in (
    ("муниципальное образование", "МО"), ("муниципальный район", "МР"), ("муниципальный округ", "МО"),
    ("городской округ", "ГО"), ("городское поселение", "ГП"), ("сельское поселение", "СП"))]


def chart_labels(summary: Summary, fits: Callable[[str], bool]) -> dict[str, str]:
    """The ranking chart's label of each municipality with a total («place. name») as it fits beside its bar:
    whole, or — all alike, when one does not fit — with the kinds of municipality in their short forms, and one
    still too long cut at a word with «…»."""
    labels = {d.key: f"{d.place}. {d.name}" for d in summary.districts if d.scores.total is not None}
    if all(fits(label) for label in labels.values()):
        return labels
    for key, label in labels.items():
        for pattern, short in SHORT_KINDS:
            label = pattern.sub(short, label)
        while not fits(label):
            label = shortened(label, len(label) - 2)
        labels[key] = label
    return labels


def _filled(summary: Summary, n: int) -> str:
    total = len(summary.methodology.items())
    return f"{n} из {total}"


def ranking(summary: Summary) -> Table:
    sections = summary.methodology.sections
    table = Table("ranking", "Рейтинг муниципальных образований", [
        Column("Место", 7, "place"), Column("Муниципальное образование", 34), Column("ОКТМО", 12),
        Column(f"Оценка {summary.methodology.total.code}, %", 11, "percent", "не рассчитана"),
        *[Column(f"{s.code}, %", 9, "percent") for s in sections],
        Column("Заполнено пунктов", 12), Column("Регистраций в ЕСИА на 1000 жителей", 14, "percent"),
        Column("Книга выгружена", 16), *([Column("Срок", 13)] if summary.deadline else []),
        *([Column("Изменение места", 10)] if summary.previous_period else [])])
    for d in summary.districts:
        if d.accepted is not None:
            table.marks[(len(table.rows), 1)] = ("(принята без печати)", f"Книга принята без печати: {d.accepted}")
        when = f"{d.exported_at:%d.%m.%Y %H:%M}" if d.exported_at else ""
        timely = "" if summary.deadline is None else ("с опозданием" if d.late else "в срок")
        table.rows.append([d.place, d.name, d.oktmo, d.scores.total, *[d.scores.sections[s.number] for s in sections],
                           _filled(summary, d.scores.filled_count),
                           d.registrations.per_1000 if d.registrations else None, when,
                           *([timely] if summary.deadline else []),
                           *([place_change_text(d.place, d.previous_place)] if summary.previous_period else [])])
    table.note = (f"Места — по оценке {summary.methodology.total.code}, сравниваемой без округления; равные оценки "
                  "делят место, следующее место пропускается. Без итоговой оценки места нет.")
    if summary.previous_period:
        table.note += (f" Изменение места — против свода за {summary.previous_period.title()}: «↑2» — на два места "
                       "выше, «↓1» — на одно ниже, «—» — то же место, «новый» — тогда места не было.")
    return table


def place_change_text(place: int | None, previous: int | None) -> str:
    """«↑2», «↓1», «—» (the same place), «новый» (no place before); "" without a place now."""
    if place is None:
        return ""
    if previous is None:
        return "новый"
    if previous == place:
        return "—"
    return f"↑{previous - place}" if previous > place else f"↓{place - previous}"


def year_table(summary: Summary) -> Table | None:
    """P of every municipality by quarter of the year and the year's mean, from the region's history — when it holds
    more than one quarter of the year."""
    year = summary.year
    if year is None or len(year.quarters) < 2:
        return None
    return quarters_table(year, summary.methodology.total.code)


def quarters_table(year: YearTable, code: str) -> Table:
    """The year's table of the region's history (however many quarters it holds): name, OKTMO, P of each quarter and
    the year's mean — the summary's «Итоги года» and the window's «История»."""
    table = Table("year", f"Итоги {year.year} года: оценка {code} по кварталам, %", [
        Column("Муниципальное образование", 34), Column("ОКТМО", 12),
        *[Column(q, 10, "percent") for q in QUARTERS], Column("Среднее за год", 10, "percent")],
        empty=f"За {year.year} год в истории свода нет ни одного квартала.")
    for row in year.rows:
        table.rows.append([row.name, row.key if row.key.isdigit() else "", *row.totals, row.mean])
    merged = ", ".join(QUARTERS[q - 1] for q in year.quarters)
    table.note = "" if not year.quarters else (
        f"По сводам за {merged} {year.year} года из истории свода. Среднее — по кварталам, за которые у "
        "муниципалитета есть оценка; строки — по убыванию среднего. «—» — оценки за квартал нет.")
    return table


def items(summary: Summary) -> Table:
    numbers = [i.number for i in summary.methodology.items()]
    table = Table("items", "Оценки по пунктам плана, %", [
        Column("Муниципальное образование", 30), *[Column(n, 7, "percent") for n in numbers]])
    for d in summary.districts:
        table.rows.append([d.name, *[d.scores.items[n].score if n in d.scores.items else None for n in numbers]])
    table.note = "; ".join(f"{i.number} — {shortened(i.content, 60)}" for i in summary.methodology.items())
    return table


def registrations(summary: Summary) -> Table:
    year = summary.period.year
    last = summary.period.last_day()
    table = Table("registrations", f"Выполнение плана регистраций граждан в ЕСИА на {year} год", [
        Column("Муниципальное образование", 30), Column(f"Регистраций на конец {year - 1} года", 13, "count"),
        Column(f"Целевой показатель на {year} год", 12, "number"),
        Column(f"Регистраций с начала года по {last:%d.%m.%Y}", 13, "count"),
        Column("% выполнения плана с начала года", 12, "percent"), Column("Всего регистраций", 12, "count"),
        Column("Численность населения", 12, "count"), Column("% от численности населения", 12, "percent"),
        Column("На 1000 жителей", 10, "percent"), Column("Место по выполнению плана", 11, "place")])
    for d in summary.districts:
        r = d.registrations
        if r is None:
            continue
        table.rows.append([d.name, r.registered_start, r.year_target, r.to_date, r.completion_pct, r.registered,
                           r.population, r.share_pct, r.per_1000, r.place])
    table.rows.sort(key=lambda row: (row[-1] is None, row[-1] or 0))
    without = [d.name for d in summary.districts if d.registrations is None]
    if without:
        table.note = "Не представили план регистраций: " + ", ".join(without)
    return table


def services(summary: Summary) -> Table:
    """Seed 002 by municipality: services available electronically and the share of requests for МСЗУ made
    electronically in the quarter, against each one's plan."""
    q = summary.period.quarter
    table = Table("services", "Перевод услуг в электронный вид и доля обращений за МСЗУ в электронном виде", [
        Column("Муниципальное образование", 30), Column("Услуг в перечне", 10, "count"),
        Column("Доступно в электронном виде", 12, "count"), Column("из них муниципальных", 12, "count"),
        Column("МСЗУ", 8, "count"), Column("МСЗУ доступно", 10, "count"),
        Column("Доля обращений за МСЗУ в электронном виде в квартале, %", 14, "percent"),
        Column("План доли, %", 10, "percent"), Column("Выполнение", 12)],
        empty="Ни одна книга не содержит перечня услуг.")
    for d in summary.districts:
        if not d.report.services:
            continue
        f = d.report.service_figures
        share, plan = f.share.get(q), f.plan.get(q)
        done = "" if share is None or plan is None else ("достигнуто" if share >= plan else "не достигнуто")
        table.rows.append([d.name, f.count, f.available, f.available_municipal, f.mass, f.available_mass, share, plan,
                           done])
    without = [d.name for d in summary.districts if not d.report.services]
    if without and table.rows:
        table.note = "Не представили перечень услуг: " + ", ".join(without)
    return table


def indicators(summary: Summary) -> Table:
    keys: list[tuple[str, str]] = []
    for d in summary.districts:
        keys += [k for k in d.achievement if k not in keys]
    table = Table("indicators", f"Достижение показателей за {summary.period.year} год, % от плана", [
        Column("Муниципальное образование", 30),
        *[Column(f"{number}. {shortened(name, 40)}" if number else shortened(name, 40), 14, "percent")
          for number, name in keys]])
    for d in summary.districts:
        table.rows.append([d.name, *[d.achievement.get(k) for k in keys]])
    table.note = "; ".join(f"{number or '—'} — {name}" for number, name in keys)
    return table


def completeness(summary: Summary) -> Table:
    table = Table("completeness", "Полнота и своевременность представления", [
        Column("Муниципальное образование", 34), Column("ОКТМО", 12), Column("Представлен", 12),
        Column("Книга", 26), Column("Выгружена", 16), Column("Срок", 13)])
    by_key = {d.key: d for d in summary.districts} | {d.name.casefold(): d for d in summary.districts}
    timely = {True: "с опозданием", False: "в срок"}
    for m in summary.expected:
        d = by_key.get(m.key()) or by_key.get(m.name.casefold())
        if d is None:
            table.rows.append([m.name, m.oktmo, "нет", "", "", ""])
            continue
        table.rows.append([m.name, m.oktmo, "да", d.file, f"{d.exported_at:%d.%m.%Y %H:%M}" if d.exported_at else "",
                           "" if summary.deadline is None else timely[d.late]])
    if not summary.expected:
        table.rows = [[d.name, d.oktmo, "да", d.file, f"{d.exported_at:%d.%m.%Y %H:%M}" if d.exported_at else "",
                       "" if summary.deadline is None else timely[d.late]] for d in summary.districts]
        table.note = "Список ожидаемых муниципалитетов не задан: показаны представившие отчёт."
    return table


def problems(summary: Summary) -> Table:
    table = Table("problems", "Книги с замечаниями", [Column("Файл", 28), Column("Замечание", 110)],
                  empty="Замечаний к книгам нет.")
    table.rows = [[p.file, p.beside_file] for p in summary.problems]
    table.rows += [[p.file, f"К сведению: {p.beside_file}"] for p in summary.notes]
    if summary.notes:
        table.note = ("Предупреждения контрольных соотношений и исправленные редакции — к сведению: свод с ними "
                      "считается полным.")
    return table


def headline(summary: Summary) -> list[str]:
    """The summary's figures in a few lines for the top of the window, the PDF and the workbook."""
    expected = len(summary.expected)
    on_list = len(summary.on_list())
    apart = len({d.key for d in summary.unsealed} - {d.key for d in summary.districts})
    if expected:  # «N из M» counts those on the list: a book from outside it is told apart, never «6 из 4»
        extra = len(summary.districts) - on_list
        lines = [f"Представили отчёт: {on_list} из {expected}; не представили: {len(summary.missing)}"
                 + (f"; не из списка: {extra}" if extra else "")]
    else:
        lines = [f"Представили отчёт: {len(summary.districts)}"]
    lines[0] += f"; без печати (не в своде): {apart}" if apart else ""
    if summary.deadline is not None:
        lines.append(f"Срок — {summary.deadline:%d.%m.%Y}; с опозданием: {len(summary.late)}")
    mean, median = summary.mean, summary.median
    if mean is not None and median is not None:
        count = len(summary.totals)
        lines.append(f"Средняя оценка по региону {format_percent(mean)} %, медиана {format_percent(median)} % (по "
                     f"{count} {plural(count, 'муниципалитету', 'муниципалитетам', 'муниципалитетам')} с итоговой "
                     "оценкой)")
    if summary.problems or summary.notes:
        lines.append(f"Замечаний к\u00a0книгам: {remarks(summary)}")  # a preposition never ends a line
    return lines


def remarks(summary: Summary) -> str:
    """How many remarks on the books there are, in one wording for the headline and the window's tab: the faults,
    and apart from them what is only for the reader (a control-ratio warning, a corrected revision)."""
    return f"{len(summary.problems)}" + (f", к\u00a0сведению: {len(summary.notes)}" if summary.notes else "")


def all_tables(summary: Summary) -> list[Table]:
    year = year_table(summary)
    return [ranking(summary), *([year] if year else []), items(summary), registrations(summary), services(summary),
            indicators(summary), completeness(summary), problems(summary)]
