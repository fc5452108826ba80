"""The region's merge: the districts' workbooks for one quarter into a summary, a ranking, the missing and the late.

Every workbook is decoded with no database and scored again from its inputs with its own methodology version —
the same `score` every screen and report uses; the scores written in it are only compared, never used.
A bad file is a line in the problems list and never stops the merge of the good ones.

The seal: a book of a municipality whose OKTMO has a key (`keys`, from the region's history) must carry the seal that
key gives over its data sheet (model/exchange/seal.py); one whose seal fails or is missing is kept apart — not ranked,
listed in `Summary.unsealed` and as a problem — unless the region accepted that very book (`accepted`), when it is
ranked with a note. This module only reads: the history is read and written by model/region/merge.py.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from model.areas import indicators as ind
from model.areas.region_targets import TargetChange, target_words
from model.base.faults import os_reason
from model.base.period import Period
from model.base.ru import format_date, format_number, format_percent
from model.base.words import plural
from model.errors import ImportRefused, NothingToMerge
from model.exchange.decode import ReportData, decode
from model.exchange.region_files import place_change
from model.exchange.seal import matches
from model.methodology import Methodology, for_year
from model.quarter.quarter import Unread
from model.region.expected import Municipality
from model.region.ranking import TIE, rank
from model.region.reading import read_all
from model.region.year import YearTable
from model.scoring.score import PlanScores

log = logging.getLogger("omsu.region")
SUMMARY_NAME = re.compile(r"Свод_\d{4}-Q[1-4]\.xlsx", re.IGNORECASE)  # what model.region.summary_files writes
T = TypeVar("T")
Progress = Callable[[int, int, str], bool]  # (files done, files in all, file name) → go on?
# why the region took a book without a good seal into the merge: (period, municipality's key, the book's digest) →
# the reason or None (History.accepted_reason fits), or a mapping (key, digest) → reason
Accepted = Callable[[Period, str, str], "str | None"] | Mapping[tuple[str, str], str]
_UNSEALED_WHAT = "книга изменена после выгрузки или выгружена не программой района ({why}) — в свод не взята"
UNSEALED = _UNSEALED_WHAT + "; примите её с указанием причины, если книга верна"
# the same told to the district in the region's answer: what the district can do about it
UNSEALED_TO_DISTRICT = (_UNSEALED_WHAT + ": подготовьте отправку в программе заново («Отчёты» → «Подготовить "
                        "отправку…») и пришлите новую книгу, ничего в ней не меняя")


class Cancelled(Exception):
    """The user stopped the reading."""


@dataclass(frozen=True)
class Problem:
    file: str
    reason: str
    returns: bool = True  # a fault of the book the district must correct; False: the merge's own matter (a book twice)
    other_period: Period | None = None  # the book is another quarter's, and refused for that alone
    to_district: str = ""  # the reason in the answer to the district, where the region's words advise the region

    @property
    def told_district(self) -> str:
        """The reason in the region's answer to the district."""
        return self.to_district or self.reason

    @property
    def beside_file(self) -> str:
        """The reason as read next to the file's name (a table's «Файл» column, a line «файл: …»): «Файл — не книга
        Excel», «Файл пуст», not the name twice over."""
        named = f"Файл {self.file} "
        return "Файл " + self.reason[len(named):] if self.reason.startswith(named) else self.reason


@dataclass(frozen=True)
class Registrations:
    """Seed 004 table 2 for one municipality: the year's plan of ESIA registrations as of the quarter's end."""

    year_target: float | None  # Y = T − R0
    registered_start: int | None  # R0
    to_date: int | None  # registrations from January to the quarter's last month
    registered: int | None  # the reported total
    population: int | None
    completion_pct: float | None  # to_date / Y × 100
    share_pct: float | None
    per_1000: float | None
    place: int | None = None


@dataclass
class District:
    report: ReportData
    file: str
    scores: PlanScores
    registrations: Registrations | None
    achievement: dict[tuple[str, str], float | None]  # (number, name) of an indicator → its year's achievement, %
    place: int | None = None
    late: bool = False
    previous_place: int | None = None  # in the closest quarter merged before, from the region's history
    accepted: str | None = None  # the region's reason for taking it in although its seal fails or is missing

    @property
    def place_change(self) -> int | None:
        return place_change(self.place, self.previous_place)

    @property
    def digest(self) -> str:
        """The canonical digest of the book's data sheet: what its seal covers and what an acceptance names."""
        return self.report.content_digest

    @property
    def oktmo(self) -> str:
        return self.report.profile.oktmo

    @property
    def name(self) -> str:
        return self.report.profile.district

    @property
    def key(self) -> str:
        return Municipality(self.name, self.oktmo).key()

    @property
    def exported_at(self) -> datetime | None:
        return self.report.exported_at

    def missing_items(self) -> list[str]:
        """The items without a score for want of data (not those filled whose rule has no value: `undefined_items`)."""
        return [n for n, s in self.scores.items.items() if not s.filled and s.state != "undefined"]

    def undefined_items(self) -> list[str]:
        """The items filled whose rule has no value (a zero denominator)."""
        return [n for n, s in self.scores.items.items() if s.state == "undefined"]


@dataclass
class Summary:
    period: Period
    methodology: Methodology  # the one the region expects for the year; its items head the tables
    districts: list[District]  # ranked ones by place, then the ones without a total
    missing: list[Municipality]
    problems: list[Problem]
    expected: list[Municipality]
    deadline: date | None = None
    files_read: int = 0
    made_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    notes: list[Problem] = field(default_factory=list)  # for the reader, not faults: warnings, corrected reports
    unsealed: list[District] = field(default_factory=list)  # kept apart: the seal fails or is missing (not ranked)
    previous_period: Period | None = None  # the quarter the places are compared with (None: no change of place)
    year: YearTable | None = None  # the year's quarters so far, from the history (set by model/region/merge.py)

    @property
    def totals(self) -> list[float]:
        return [d.scores.total for d in self.districts if d.scores.total is not None]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.totals) if self.totals else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.totals) if self.totals else None

    def on_list(self) -> list[District]:
        """The merged books whose municipality is on the expected list (by its key or its name)."""
        listed = _known(self.expected)
        return [d for d in self.districts if _listed(d, listed)]

    @property
    def late(self) -> list[District]:
        return [d for d in self.districts if d.late]

    @property
    def clean(self) -> bool:
        """Every expected municipality reported and no file has a problem."""
        return not self.missing and not self.problems


def _known(expected: Iterable[Municipality]) -> set[str]:
    """What a book is matched to the expected list by: a municipality's key (ОКТМО) or its name in any case."""
    return {m.key() for m in expected} | {m.name.casefold() for m in expected}


def _listed(d: District, known: set[str]) -> bool:
    return d.key in known or d.name.casefold() in known


def workbook_files(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Problem]]:
    """The .xlsx files given, and those directly inside the folders given (not below them), but for `exclude`.
    A name that is not a plain file (a link to nothing, a pipe, a device, a folder named .xlsx) is a problem of its
    own, never opened: opening a pipe would wait forever."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():  # Excel's lock files (~$…) and the summaries made here before are not districts' books
            named = sorted((p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
                            and not SUMMARY_NAME.fullmatch(p.name)), key=lambda p: p.name.casefold())
            for p in named:
                if p.is_file():
                    files.append(p)
                else:
                    problems.append(Problem(p.name, _not_a_file(p)))
        elif path.is_file():
            files.append(path)
        elif path.is_symlink() or path.exists():
            problems.append(Problem(path.name, _not_a_file(path)))
        else:
            problems.append(Problem(path.name, f"Файла или папки {path} нет"))
    skip = {p.resolve() for p in exclude}
    unique = [p for p in dict.fromkeys(p.resolve() for p in files) if p not in skip]
    return unique, problems


def _not_a_file(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "ссылка на файл, которого нет: книга в свод не взята — положите в папку саму книгу"
    if path.is_dir():
        return "папка с именем книги, а не книга: в свод не взята"
    return "не обычный файл (канал или устройство), а не книга: в свод не взят"


def registrations(report: ReportData) -> Registrations | None:
    """Table 2's figures as of the quarter's last month, or None if the district sent no registrations plan."""
    plan = report.esia_plan
    if plan.registered_start is None and plan.target_end is None and plan.total_registered is None \
            and not plan.months:
        return None
    figures = report.esia_figures
    entered = [m for m in plan.months if m <= 3 * report.period.quarter]
    last = max(entered, default=3 * report.period.quarter)  # seed 004 reports «на 01.03» with two months
    return Registrations(year_target=figures.year_target, registered_start=plan.registered_start,
                         to_date=figures.to_date[last], registered=plan.total_registered, population=plan.population,
                         completion_pct=figures.to_date_pct[last], share_pct=figures.share_pct,
                         per_1000=figures.per_1000)


def _achievement(report: ReportData) -> dict[tuple[str, str], float | None]:
    values = report.values(report.period.year, ind.YEAR)  # a composite's fact computed from its members
    return {(i.number, i.name): ind.achievement(values.get(i.id or 0, ind.Value()), i.direction).percent
            for i in report.indicators if i.active}


def _differs(written: float | None, computed: float | None) -> bool:
    if written is None or computed is None:
        return written is not computed
    return abs(written - computed) > TIE * max(1.0, abs(computed))


def _hand_edited(report: ReportData, scores: PlanScores) -> str | None:
    """Where the scores written in the workbook differ from those its own inputs give."""
    m = report.methodology
    computed: dict[str, float | None] = {n: s.score for n, s in scores.items.items()}
    computed.update(scores.sections)
    computed[m.total.code] = scores.total
    differing = [(code, report.stored_scores.get(code), value) for code, value in computed.items()
                 if code in report.stored_scores and _differs(report.stored_scores[code], value)]
    if not differing:
        return None
    code, written, value = differing[0]
    what = "итог" if code == m.total.code else (f"раздел {code}" if "." not in code else f"пункт {code}")
    more = f" и ещё в {len(differing) - 1}" if len(differing) > 1 else ""
    return (f"Оценки в книге не совпадают с рассчитанными по её исходным данным ({what}: в книге "
            f"{format_percent(written)}, по данным {format_percent(value)}{more}) — книга, вероятно, изменена "
            "вручную; в свод взяты рассчитанные значения")


def file_labels(files: list[Path]) -> dict[Path, str]:
    """How each file is named to the reader: its name, or where two share a name, with as many of their folders
    as tell them apart («Июль/Калга.xlsx» and «Отправка/Калга.xlsx»)."""
    by_name: dict[str, list[Path]] = {}
    for path in files:
        by_name.setdefault(path.name.casefold(), []).append(path)
    labels: dict[Path, str] = {}
    for same in by_name.values():
        depth = 1
        while len(same) > 1 and depth < max(len(p.parts) for p in same) and \
                len({"/".join(p.parts[-depth:]).casefold() for p in same}) < len(same):
            depth += 1
        labels.update((p, "/".join(p.parts[-depth:])) for p in same)
    return labels


def _read(path: Path, label: str, period: Period, problems: list[Problem]) -> District | None:
    """One book decoded, checked and scored again; None (with its problem) if it cannot be used. Whatever one book
    holds, it never stops the merge of the others: a fault of the program on it is logged and said of that book."""
    def district() -> District | None:
        report = decode(path)
        if report.period != period:
            problems.append(Problem(label, f"Книга за {report.period.title()}, а свод составляется за "
                                           f"{period.title()}: книга в свод не взята", other_period=report.period))
            return None
        scores = report.scores
        edited = _hand_edited(report, scores)
        read = District(report, label, scores, registrations(report), _achievement(report))
        _keep_for_summary(report)
        if edited:
            problems.append(Problem(label, edited))
        return read

    return _one_book(path, label, problems, district)


# What the summary never reads of a district's book once it is scored: about nine tenths of its memory (2 300 books
# kept whole took about a gigabyte). Each is left Unread, so a use of one is a loud fault, never an empty figure.
NOT_KEPT = ("evidence", "events", "centers", "center_quarter", "indicators", "indicator_values", "composites",
            "control_points", "service_requests", "service_plan", "ratio_notes", "targets", "audit", "stored_scores")


def _keep_for_summary(report: ReportData) -> None:
    """The report trimmed to what the summary, the answers and the history use: the profile, methodology, period,
    registrations plan, services, the district's changes of the region's values, revision, seal and digest, and
    the figures computed from the rest (scores, control ratios, services' figures) before the rest is dropped."""
    for computed in ("scores", "violations", "service_figures", "esia_figures"):
        getattr(report, computed)
    for name in NOT_KEPT:
        setattr(report, name, Unread(f"{name}, not kept for the summary"))


def read_district(path: Path, label: str, period: Period) -> tuple[District | None, list[Problem]]:
    """One book read for the merge, with what is said of it (model/region/reading.py reads many this way)."""
    problems: list[Problem] = []
    return _read(path, label, period, problems), problems


def read_book(path: Path, label: str, problems: list[Problem]) -> ReportData | None:
    """One book decoded, as the merge reads it (bounded, checked); None with its problem if it cannot be read —
    the preview of a draft methodology reads a folder this way."""
    return _one_book(path, label, problems, lambda: decode(path))


def _one_book(path: Path, label: str, problems: list[Problem], read: Callable[[], T]) -> T | None:
    """The boundary of one book: what it refuses, what the disk says and a fault of the program on it become its
    problem (a fault logged too), so that the other books are read whatever this one holds."""
    try:
        return read()
    except ImportRefused as exc:
        problems.append(Problem(label, str(exc)))
    except OSError as exc:
        problems.append(Problem(label, f"Файл не читается: {os_reason(exc)}"))
    except Exception as exc:  # noqa: BLE001 (the boundary of one book: the others are merged whatever this one is)
        log.error("Книга %s не обработана", path, exc_info=exc)
        problems.append(Problem(label, "Книгу не удалось обработать (внутренняя ошибка программы, подробности — в "
                                       "журнале): книга в свод не взята. Запросите у района книгу заново и "
                                       "пришлите журнал разработчикам"))
    return None


NAMED_AT_MOST = 10  # books named one a line when none could be merged; the rest counted


def said_of(problems: list[Problem]) -> str:
    """Every book that could not be merged on a line of its own with why, the first ten of many and how many more
    («…и ещё 7 книг»): the three named before left the clerk guessing about the others."""
    lines = [f"{p.file}: {p.beside_file}" for p in problems[:NAMED_AT_MOST]]
    rest = len(problems) - len(lines)
    if rest:
        lines.append(f"…и ещё {rest} {plural(rest, 'книга', 'книги', 'книг')} с замечаниями")
    return "\n".join(lines)


def _reference(period: Period, districts: list[District]) -> Methodology | None:
    installed = for_year(period.year)
    if installed:
        return installed[0]
    used = Counter(d.report.methodology.ref() for d in districts)
    if not used:
        return None
    ref = used.most_common(1)[0][0]
    return next(d.report.methodology for d in districts if d.report.methodology.ref() == ref)


def _codes_by_name(districts: list[District], expected: Iterable[Municipality]) -> dict[str, str]:
    """The OKTMO a name stands for, where the other books or the expected list say it and say only one."""
    codes: dict[str, set[str]] = {}
    for name, oktmo in [(d.name, d.oktmo) for d in districts] + [(m.name, m.oktmo) for m in expected]:
        if oktmo and name.strip():
            codes.setdefault(name.casefold().strip(), set()).add(oktmo)
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


def deduplicate(districts: list[District], problems: list[Problem],
                 expected: Iterable[Municipality] = ()) -> list[District]:
    """One report per municipality: the later export wins (at the same time: the corrected revision, then the file
    last by name), and both files are named with why the one was kept. A book without an OKTMO is the municipality
    its name stands for in the other books or the expected list, so a copy with the code erased is not a second
    municipality in the ranking."""
    codes = _codes_by_name(districts, expected)
    by_key: dict[str, District] = {}
    for d in districts:
        key = d.oktmo or codes.get(d.name.casefold().strip(), d.key)
        other = by_key.get(key)
        if other is None:
            by_key[key] = d
            continue
        older, newer = sorted((other, d), key=lambda x: (x.exported_at or datetime.min, x.report.revision[0],
                                                         x.file.casefold()))
        by_key[key] = newer
        what = f"ОКТМО {key}" if key.isdigit() else f"«{d.name}»"
        problems.append(Problem(newer.file, f"{what} встречается в двух книгах: {_which(older, newer)}", returns=False))
    return list(by_key.values())


def _which(older: District, newer: District) -> str:
    """Which of two books of one municipality went into the summary, and why, as it is."""
    if older.exported_at != newer.exported_at:
        if older.exported_at is None:
            return (f"{older.file} (время выгрузки не указано) и {newer.file} (выгружена {_when(newer)}); в свод "
                    f"взята книга с указанным временем — {newer.file}")
        return (f"{older.file} (выгружена {_when(older)}) и {newer.file} (выгружена {_when(newer)}); в свод взята "
                f"более поздняя — {newer.file}")
    both = f"{older.file} и {newer.file}"
    when = f"{both} выгружены в одно и то же время ({_when(newer)})" if newer.exported_at else \
        f"{both}, время выгрузки не указано ни в одной"
    if older.report.revision[0] != newer.report.revision[0]:
        why = f"она исправленная редакция {newer.report.revision[0]}"
    else:
        why = "какая из них верная, по книгам не определить: взята последняя по имени файла — уточните у района"
    return f"{when}; в свод взята {newer.file} — {why}"


def _when(d: District) -> str:
    return f"{d.exported_at:%d.%m.%Y %H:%M}" if d.exported_at else "время неизвестно"


def target_change_note(report: ReportData, change: TargetChange) -> str:
    """«Район изменил значение, заданное регионом: Целевой показатель на конец 2018 года — регион 14 480, район 15 000;
    причина: …» — said to the region as a remark for the reader (the district's figures are used)."""
    words = target_words(change.key, report.methodology)
    value = format_number(change.value) if change.value is not None else "не указано"
    return (f"Район изменил значение, заданное регионом: {words} — регион {format_number(change.region_value)}, район "
            f"{value}; причина: {change.reason}")


def unsealed_reason(district: District, key: str) -> str | None:
    """Why the book's seal does not prove it (the problem's text), or None if the key gives its seal."""
    if matches(district.digest, district.report.seal, key):
        return None
    return UNSEALED.format(why=_seal_why(district))


def _seal_why(district: District) -> str:
    return "печать не сходится" if district.report.seal else "нет печати"


def _accepted_reason(accepted: Accepted | None, period: Period, key: str, digest: str) -> str | None:
    if accepted is None:
        return None
    if isinstance(accepted, Mapping):
        return accepted.get((key, digest))
    return accepted(period, key, digest)


def consolidate(paths: Iterable[Path], period: Period, expected: list[Municipality] | None = None,
                deadline: date | None = None, progress: Progress | None = None,
                exclude: Iterable[Path] = (), keys: Mapping[str, str] | None = None,
                accepted: Accepted | None = None, previous_places: Mapping[str, int] | None = None,
                previous_period: Period | None = None, readers: int | None = None,
                meanwhile: Callable[[], object] | None = None) -> Summary:
    """Read every workbook, check it, score it again, and rank the municipalities; NothingToMerge if none reads.
    Writes nothing (a preview uses it too): model/region/merge.py `merge` reads and keeps the history around it.

    `exclude`: files among the inputs that are not districts' books (the expected list kept beside them).
    `keys`: OKTMO → the municipality's seal key; a book of an OKTMO with a key is checked, one without is not.
    `accepted`: the books the region took in without a good seal (see `Accepted`).
    `previous_places`: key → place in `previous_period`, the quarter the change of place is against.
    `readers`: how many started copies of the program read books beside this process (None: as many as the books
    and the cores call for, see model/region/reading.py); the result is the same whatever the number.
    `meanwhile`: what the caller needs after the reading, done while the readers read (see reading.read_all)."""
    files, problems = workbook_files(paths, exclude)
    if not files:
        raise NothingToMerge("Не найдено ни одной книги .xlsx: укажите файлы или папку с книгами районов")
    districts: list[District] = []
    unsealed: list[District] = []
    notes: list[Problem] = []
    labels = file_labels(files)
    told = None if progress is None else lambda done, name: progress(done, len(files), name)
    results = read_all(files, labels, lambda path, label: read_district(path, label, period), told, period,
                       readers, meanwhile)
    if results is None:
        raise Cancelled()
    for district, said_of_book in results:
        said = len(problems)
        problems += said_of_book
        if district is None:
            continue
        key = (keys or {}).get(district.oktmo) if district.oktmo else None
        why = unsealed_reason(district, key) if key is not None else None
        if why is not None:
            reason = _accepted_reason(accepted, period, district.key, district.digest)
            if reason is None:  # its scores compared are beside the point: none of its figures is taken
                del problems[said:]
                problems.append(Problem(district.file, why,
                                        to_district=UNSEALED_TO_DISTRICT.format(why=_seal_why(district))))
                unsealed.append(district)
                continue
            district.accepted = reason
            notes.append(Problem(district.file, f"принята без печати: {reason}"))
        districts.append(district)
    if progress is not None:
        progress(len(files), len(files), "")
    if not districts and not unsealed:
        others = Counter(p.other_period for p in problems if p.other_period is not None)
        raise NothingToMerge(f"Ни одна книга не подошла для свода за {period.title()}:\n" + said_of(problems),
                             tuple(p for p, _ in others.most_common()))
    reference = _reference(period, districts or unsealed)
    assert reference is not None
    districts = deduplicate(districts, problems, expected or ())
    for d in districts:
        m = d.report.methodology
        if m.id != reference.id or m.version != reference.version:
            problems.append(Problem(d.file, f"Книга заполнена по методике {m.id} версии {m.version}, а на "
                                            f"{period.year} год действует версия {reference.version} "
                                            f"({reference.id}): оценки посчитаны по версии книги, но с другими "
                                            "районами они могут быть несравнимы — запросите книгу заново"))
        missing = d.missing_items()
        if missing:
            count = len(d.scores.items)
            problems.append(Problem(d.file, f"Книга заполнена не полностью: заполнено {count - len(missing)} из "
                                            f"{count} {plural(count, 'пункта', 'пунктов', 'пунктов')} (не заполнены "
                                            f"{', '.join(missing)}) — итоговая оценка не рассчитана, места в "
                                            "рейтинге нет"))
        undefined = d.undefined_items()
        if undefined:
            why = "Оценка не определена: " + "; ".join(f"пункт {n} — {d.scores.items[n].reason}" for n in undefined)
            problems.append(Problem(d.file, f"{why} — итоговая оценка не рассчитана, места в рейтинге нет; "
                                            "запросите у района исправленную книгу",
                                    to_district=f"{why} — исправьте данные пункта и пришлите книгу заново"))
        for violation in d.report.violations:  # checked again here, whatever the district's program said
            if violation.rule.hard:
                problems.append(Problem(d.file, violation.told()))
            else:
                notes.append(Problem(d.file, violation.told(as_note=True)))
        notes += [Problem(d.file, target_change_note(d.report, c)) for c in d.report.target_changes]
        number, why = d.report.revision
        if number > 1:
            notes.append(Problem(d.file, f"Исправленная редакция {number} отчёта (квартал открыт заново после "
                                            f"отправки{': ' + why if why else ''}) — заменяет прежнюю"))
        if not d.oktmo:
            problems.append(Problem(d.file, "В книге не указан код ОКТМО района: район сопоставлен со списком "
                                            "по наименованию"))
        if deadline is not None and d.exported_at is not None and d.exported_at.date() > deadline:
            d.late = True
    expected = list(expected or [])
    sent = districts + unsealed
    reported = {d.key for d in sent} | {d.name.casefold() for d in sent}
    listed = _known(expected)
    if expected:
        for d in districts:
            if not _listed(d, listed):
                problems.append(Problem(d.file, f"«{d.name}» (ОКТМО {d.oktmo or 'не указан'}) нет в списке ожидаемых "
                                                "муниципалитетов", returns=False))
    missing_ones = [m for m in expected if m.key() not in reported and m.name.casefold() not in reported]
    for d, place in zip(districts, rank([d.scores.total for d in districts]), strict=True):
        d.place = place
        d.previous_place = (previous_places or {}).get(d.key)
    with_regs = [d for d in districts if d.registrations is not None]
    for d, place in zip(with_regs, rank([d.registrations.completion_pct for d in with_regs  # type: ignore
                                         ]), strict=True):
        d.registrations = _with_place(d.registrations, place)
    districts.sort(key=lambda d: (d.place is None, d.place or 0, d.name.casefold()))
    order = {labels[f]: i for i, f in enumerate(files)}  # a remark names its book by its label (file_labels)
    problems.sort(key=lambda p: order.get(p.file, -1))
    notes.sort(key=lambda p: order.get(p.file, -1))
    unsealed.sort(key=lambda d: order.get(d.file, -1))
    return Summary(period, reference, districts, missing_ones, problems, expected, deadline, len(files), notes=notes,
                   unsealed=unsealed, previous_period=previous_period if previous_places is not None else None)


def _with_place(r: Registrations | None, place: int | None) -> Registrations | None:
    if r is None:
        return None
    return Registrations(r.year_target, r.registered_start, r.to_date, r.registered, r.population, r.completion_pct,
                         r.share_pct, r.per_1000, place)


def summary_json(summary: Summary) -> dict:
    """The command line's contract: unrounded scores or null; file names, not paths; reasons in Russian."""
    def regs(r: Registrations | None) -> dict | None:
        if r is None:
            return None
        return {"year_target": r.year_target, "registered_start": r.registered_start, "to_date": r.to_date,
                "registered": r.registered, "population": r.population, "completion_pct": r.completion_pct,
                "share_pct": r.share_pct, "per_1000": r.per_1000, "place": r.place}

    return {
        "period": str(summary.period),
        "districts": [{"oktmo": d.oktmo, "name": d.name, "file": d.file,
                       "methodology_version": d.report.methodology.version, "total": d.scores.total,
                       "sections": dict(d.scores.sections), "items": {n: s.score for n, s in d.scores.items.items()},
                       "place": d.place, "filled": d.scores.filled_count, "registrations": regs(d.registrations),
                       "previous_place": d.previous_place, "place_change": d.place_change}
                      for d in summary.districts],
        "unsealed": [{"oktmo": d.oktmo, "name": d.name, "file": d.file} for d in summary.unsealed],
        "previous_period": str(summary.previous_period) if summary.previous_period else None,
        "missing": [{"oktmo": m.oktmo, "name": m.name} for m in summary.missing],
        "problems": [{"file": p.file, "reason": p.reason} for p in summary.problems],
        "late": [{"oktmo": d.oktmo, "name": d.name, "file": d.file,
                  "exported_at": d.exported_at.isoformat() if d.exported_at else None} for d in summary.late],
        "notes": [{"file": p.file, "reason": p.reason} for p in summary.notes],
        "expected": len(summary.expected), "deadline": summary.deadline.isoformat() if summary.deadline else None,
        "mean": summary.mean, "median": summary.median,
    }


def deadline_text(summary: Summary) -> str:
    return f"срок представления — {format_date(summary.deadline)}" if summary.deadline else "срок не задан"
