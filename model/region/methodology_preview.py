"""The methodologist's preview of a draft methodology before it is sent: a quarter scored by the old and the new
version side by side — every item, every section and the total, with the difference — and, for the region's folder
of books, each municipality's P and place under both.

Nothing here scores on its own: a quarter is scored by `model.quarter.quarter.score` (typed values by `score_plan`,
the function it calls), the very path every screen, report and the region's summary take, with the methodology
given explicitly; books are listed and read as the summary reads them (`model.region.consolidate`), places handed
out by `model.region.ranking.rank`.

Inputs are shared between the versions by (item number, input key): a value the old version has is the new
one's too where the new item has an input of that key; an input only the new version has is missing until typed.
What the methodologist types for such an input stands in for it in a book whose own methodology lacks it (a book
of last year cannot hold it) — `assumed` below — and is said so on the screen.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from model.base.period import Period
from model.exchange.decode import ReportData, decode
from model.methodology import Item, Methodology
from model.quarter.quarter import Quarter, score
from model.region.consolidate import (
    Cancelled,
    District,
    Problem,
    Progress,
    deduplicate,
    file_labels,
    read_book,
    workbook_files,
)
from model.region.ranking import rank
from model.scoring.score import PlanInputs, PlanScores, own_inputs, score_plan

__all__ = ["Books", "Cancelled", "Comparison", "FolderPreview", "Row", "Side", "Standing", "compare_quarter",
           "compare_values", "fill_ins", "preview_folder", "preview_workbook", "rank_books", "read_books"]

NOT_IN = "нет в методике"


@dataclass(frozen=True)
class Side:
    """One version's figure in a row: the score as it enters the sum above it, or None and why."""

    score: float | None
    reason: str = ""  # why there is no score: NOT_IN, or the scoring's own words («не заполнено: …»)
    raw: float | None = None  # an item's uncapped percentage, where it is over the item's maximum
    provisional: float | None = None  # a section's or the total's figure for what is filled, while it has none

    @property
    def present(self) -> bool:
        return self.reason != NOT_IN


@dataclass(frozen=True)
class Row:
    level: str  # "total", "section", "item"
    number: str  # the item's or the section's number; "" for the total
    code: str  # P, P1, P11
    title: str  # the methodology's words: the total's title, the section's short title, the item's content
    old: Side
    new: Side

    @property
    def difference(self) -> float | None:
        """new − old, or None when one of them has no score."""
        if self.old.score is None or self.new.score is None:
            return None
        return self.new.score - self.old.score

    @property
    def no_difference(self) -> str:
        """Why there is no difference, in Russian ("" when there is one)."""
        if self.difference is not None:
            return ""
        if not self.old.present and not self.new.present:
            return NOT_IN
        if not self.old.present:
            return "в прежней методике этого нет"
        if not self.new.present:
            return "в новой методике этого нет"
        whys = [f"{name}: {side.reason}" for name, side in (("было", self.old), ("стало", self.new))
                if side.score is None]
        return "; ".join(whys)

    @property
    def changed(self) -> bool:
        """The figure differs between the versions (or exists in one only)."""
        difference = self.difference
        if difference is not None:
            return abs(difference) > 1e-9
        return self.old.score is not None or self.new.score is not None or self.old.present != self.new.present


@dataclass(frozen=True)
class Comparison:
    """A quarter under both versions: the rows (total, then each section followed by its items) and the scores."""

    old: Methodology
    new: Methodology
    old_scores: PlanScores
    new_scores: PlanScores
    rows: tuple[Row, ...]

    @property
    def total(self) -> Row:
        return self.rows[0]

    def row(self, number: str, level: str = "item") -> Row:
        for r in self.rows:
            if r.number == number and r.level == level:
                return r
        raise KeyError(number)


def merged(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """The keys of `first` in its order, each key only `second` has placed after the one it follows there."""
    out = list(first)
    for n, key in enumerate(second):
        if key in out:
            continue
        before = next((k for k in reversed(second[:n]) if k in out), None)
        out.insert(out.index(before) + 1 if before is not None else 0, key)
    return out


def _unfilled(numbers: Iterable[str]) -> str:
    listed = list(numbers)
    return ("не рассчитан: не заполнен пункт " if len(listed) == 1 else "не рассчитан: не заполнены пункты ") + \
        ", ".join(listed)


def _item_side(m: Methodology, scores: PlanScores, number: str) -> Side:
    s = scores.items.get(number)
    if s is None:
        return Side(None, NOT_IN)
    over = s.raw if s.raw is not None and s.score is not None and s.raw > s.score else None
    return Side(s.score, "" if s.filled else s.reason, raw=over)


def _section_side(m: Methodology, scores: PlanScores, number: str) -> Side:
    section = next((s for s in m.sections if s.number == number), None)
    if section is None:
        return Side(None, NOT_IN)
    value = scores.sections[number]
    if value is not None:
        return Side(value)
    return Side(None, _unfilled(i.number for i in section.items if not scores.items[i.number].filled),
                provisional=scores.provisional.get(number))


def _total_side(m: Methodology, scores: PlanScores) -> Side:
    if scores.total is not None:
        return Side(scores.total)
    return Side(None, _unfilled(n for n, s in scores.items.items() if not s.filled),
                provisional=scores.provisional.get("total"))


def compare(old: Methodology, new: Methodology, old_scores: PlanScores, new_scores: PlanScores) -> Comparison:
    """The rows of two scorings of one quarter: the total, then each section (the union of both versions, by
    number) followed by its items (the union, by number); what one version lacks is «нет в методике» there."""
    title = new.total.title or old.total.title
    rows = [Row("total", "", new.total.code, title, _total_side(old, old_scores), _total_side(new, new_scores))]
    sections = merged([s.number for s in new.sections], [s.number for s in old.sections])
    home: dict[str, str] = {}  # item → its section's number: the new version's, else the old one's
    words: dict[str, Item] = {}  # item → its words: the new version's, else the old one's
    for m in (old, new):
        home.update((item.number, s.number) for s in m.sections for item in s.items)
        words.update((item.number, item) for item in m.items())
    items = merged([i.number for i in new.items()], [i.number for i in old.items()])
    for number in sections:
        section = next(s for m in (new, old) for s in m.sections if s.number == number)
        rows.append(Row("section", number, section.code, section.short_title or section.title,
                        _section_side(old, old_scores, number), _section_side(new, new_scores, number)))
        for item_number in (n for n in items if home[n] == number):
            item = words[item_number]
            rows.append(Row("item", item_number, item.code, item.content,
                            _item_side(old, old_scores, item_number), _item_side(new, new_scores, item_number)))
    return Comparison(old, new, old_scores, new_scores, tuple(rows))


def compare_values(old: Methodology, new: Methodology, values: PlanInputs) -> Comparison:
    """Typed values (item number → input key → value) scored by both versions: each takes the inputs its items have."""
    return compare(old, new, score_plan(old, own_inputs(old, values)), score_plan(new, own_inputs(new, values)))


def fill_ins(quarter: Quarter, assumed: PlanInputs) -> dict[str, dict[str, float]]:
    """The quarter's inputs with `assumed` values for the inputs its own methodology does not have (item number,
    input key): a book of last year's version cannot hold an input only the new one asks for."""
    own = {(item.number, f.key) for item in quarter.methodology.items() for f in item.inputs}
    out = {number: dict(values) for number, values in quarter.inputs.items()}
    for number, values in assumed.items():
        for key, value in values.items():
            if (number, key) not in own and value is not None:
                out.setdefault(number, {})[key] = value
    return out


def compare_quarter(quarter: Quarter, old: Methodology, new: Methodology,
                    assumed: PlanInputs | None = None) -> Comparison:
    """A quarter (a district's book decoded, or one from the database) scored as the program scores it — its
    service centers counted for an item derived from them — by both versions. `assumed`: see fill_ins."""
    if assumed:
        quarter = dataclasses.replace(quarter, inputs=fill_ins(quarter, assumed))
    return compare(old, new, score(quarter, old), score(quarter, new))


def preview_workbook(path: Path | str, old: Methodology, new: Methodology,
                     assumed: PlanInputs | None = None) -> tuple[ReportData, Comparison]:
    """A district's workbook read as the program reads it (bounded; ImportRefused says why it cannot be) and its
    quarter compared."""
    report = decode(path)
    return report, compare_quarter(report, old, new, assumed)


@dataclass(frozen=True)
class Standing:
    """One municipality of a folder under both versions."""

    name: str
    oktmo: str
    file: str
    comparison: Comparison
    old_place: int | None = None
    new_place: int | None = None

    @property
    def old_total(self) -> float | None:
        return self.comparison.total.old.score

    @property
    def new_total(self) -> float | None:
        return self.comparison.total.new.score

    @property
    def rise(self) -> int | None:
        """Places gained under the new version (negative: lost); None when it has no place under one of them."""
        if self.old_place is None or self.new_place is None:
            return None
        return self.old_place - self.new_place


@dataclass
class FolderPreview:
    old: Methodology
    new: Methodology
    period: Period | None  # the quarter most books are of; None when no book was read
    standings: list[Standing]  # by the place under the new version, then those without one
    problems: list[Problem]  # the books left out, each with why
    files: int = 0  # books found
    assumed: dict[str, dict[str, float]] = field(default_factory=dict)  # what stood in for inputs books lack


@dataclass(frozen=True)
class Books:
    """A folder's books read once: each one decoded with its label, the files left out with why."""

    reports: tuple[tuple[str, ReportData], ...]
    problems: tuple[Problem, ...]
    labels: tuple[str, ...]  # every file found, in order

    @property
    def files(self) -> int:
        return len(self.labels)


def read_books(paths: Iterable[Path], progress: Progress | None = None) -> Books:
    """Every book of the folder (or the files) read once, as the summary reads them: bounded, a bad one named with
    why, never stopping the rest; `progress` as consolidate's (False: Cancelled)."""
    files, problems = workbook_files(paths)
    labels = file_labels(files)
    read: list[tuple[str, ReportData]] = []
    for n, path in enumerate(files):
        if progress is not None and not progress(n, len(files), path.name):
            raise Cancelled()
        report = read_book(path, labels[path], problems)
        if report is not None:
            read.append((labels[path], report))
    if progress is not None:
        progress(len(files), len(files), "")
    return Books(tuple(read), tuple(problems), tuple(labels[f] for f in files))


def rank_books(books: Books, old: Methodology, new: Methodology, assumed: PlanInputs | None = None) -> FolderPreview:
    """Each municipality's total and place under both versions. One report per municipality, the later export
    winning, as in the summary; books of another quarter than most are left out. Quick: the editor calls it again
    on each change of the draft."""
    problems = list(books.problems)
    periods = Counter(report.period for _, report in books.reports)
    period = max(periods, key=lambda p: (periods[p], p)) if periods else None
    districts = []
    for label, report in books.reports:
        if report.period != period:
            assert period is not None
            problems.append(Problem(label, f"Книга за {report.period.title()}, а остальные книги — за "
                                           f"{period.title()}: в сравнение не взята"))
            continue
        comparison = compare_quarter(report, old, new, assumed)
        districts.append((District(report, label, comparison.old_scores, None, {}), comparison))
    comparisons = {id(d): c for d, c in districts}
    kept = deduplicate([d for d, _ in districts], problems)
    old_places = rank([comparisons[id(d)].total.old.score for d in kept])
    new_places = rank([comparisons[id(d)].total.new.score for d in kept])
    standings = [Standing(d.name, d.oktmo, d.file, comparisons[id(d)], o, n)
                 for d, o, n in zip(kept, old_places, new_places, strict=True)]
    standings.sort(key=lambda s: (s.new_place is None, s.new_place or 0, s.old_place is None, s.old_place or 0,
                                  s.name.casefold()))
    order = {label: i for i, label in enumerate(books.labels)}
    problems.sort(key=lambda p: order.get(p.file, -1))
    return FolderPreview(old, new, period, standings, problems, books.files,
                         {n: dict(v) for n, v in (assumed or {}).items() if v})


def preview_folder(paths: Iterable[Path], old: Methodology, new: Methodology, assumed: PlanInputs | None = None,
                   progress: Progress | None = None) -> FolderPreview:
    """A folder's books read once (read_books) and ranked under both versions (rank_books)."""
    return rank_books(read_books(paths, progress), old, new, assumed)


def typed_only_in(new: Methodology, old: Methodology) -> list[tuple[str, str]]:
    """(item number, input key) of the inputs only `new` has: what books of `old` cannot hold."""
    had = {(item.number, f.key) for item in old.items() for f in item.inputs}
    return [(item.number, f.key) for item in new.items() for f in item.inputs if (item.number, f.key) not in had]


def values_of(pairs: Mapping[tuple[str, str], float | None]) -> dict[str, dict[str, float]]:
    """(item number, input key) → value as the scoring takes it: item number → input key → value."""
    out: dict[str, dict[str, float]] = {}
    for (number, key), value in pairs.items():
        if value is not None:
            out.setdefault(number, {})[key] = value
    return out
