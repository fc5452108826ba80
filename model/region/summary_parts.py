"""What the region's summary workbook holds, as plain values (`WorkbookParts`): made here, where the summary is, and
written by model/region/summary_xlsx.py — in this process or in the program started to write it
(model/region/summary_files.py), which is why this module loads no workbook library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model import APP_NAME
from model.base.version import program_version
from model.region.tables import Table, all_tables, chart_labels, headline

if TYPE_CHECKING:
    from model.region.consolidate import Summary

CHART_LABEL = 45  # characters of a bar's label in the workbook's chart


@dataclass
class WorkbookParts:
    """What the summary's workbook holds, as plain values: all a writer needs, in this process or in a program
    started to write it (model/region/summary_files.py) — a few megabytes pickled at 2 300 municipalities where the
    summary itself, with every district's book read, is tens."""
    title: str
    period_title: str
    headline: list[str]
    tables: list[Table]
    chart_title: str
    ranked: list[tuple[str, float]]  # the chart's bars: each municipality with a total, as labelled, and its total
    rows: list[tuple]  # the data sheet's rows (summary_rows)
    data_sheet: str  # that sheet's name and header, as the districts' books have them
    header: list[str]


def workbook_parts(summary: Summary, tables: list[Table] | None = None) -> WorkbookParts:
    """The workbook's contents (`tables` as all_tables gives them, if the caller has them)."""
    from model.exchange.rows import HEADER
    from model.exchange.sheet import DATA_SHEET

    labels = chart_labels(summary, lambda label: len(label) <= CHART_LABEL)
    ranked = [(labels[d.key], d.scores.total) for d in summary.districts if d.scores.total is not None]
    return WorkbookParts(f"Свод отчётов муниципальных образований за {summary.period.title()}",
                         summary.period.title(), headline(summary), all_tables(summary) if tables is None else tables,
                         f"Оценка {summary.methodology.total.code}, % — {summary.period.title()}", ranked,
                         summary_rows(summary), DATA_SHEET, list(HEADER))


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
