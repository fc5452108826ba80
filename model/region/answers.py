"""The region's answers after a merge: for every municipality its status (принят, возвращён на доработку with its
reasons, or не представлен), P, its place and the change of place, the regional mean and median — one file for all and
one for each municipality (model/exchange/region_files.py is the format)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from model.base.paths import safe_file_name
from model.base.version import program_version
from model.exchange import region_files
from model.exchange.region_files import Answer, Answers
from model.region.consolidate import District, Summary
from model.region.history import History
from model.region.merge import statuses

NOTE = "К сведению: "


def make_answers(summary: Summary, history: History | None, remarks: Mapping[str, Sequence[str]] | None = None,
                 returned: Mapping[str, Sequence[str]] | None = None, accepted: Iterable[str] = ()) -> Answers:
    """The answers to a merge. `remarks`: key (OKTMO, or the name in lower case without one) → what the region typed
    for a municipality; `returned`: key → why the region returns it (its remarks too; an empty list returns it
    without words); `accepted`: keys the region accepts although the merge has problems with the book. The status is
    model/region/merge.py `statuses`; `reasons` are the merge's problems with the book (a book sent twice is not
    one), `remarks` the region's words and the notes «к сведению». The expected who sent nothing are 'missing'.
    With a history, its region's name goes into the answers and the statuses are recorded in the merge's record."""
    remarks, returned = remarks or {}, returned or {}
    problems: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for p in summary.problems:
        if p.returns:
            problems.setdefault(p.file, []).append(p.told_district)
    for p in summary.notes:
        notes.setdefault(p.file, []).append(NOTE + p.reason)
    books: dict[str, list[District]] = {}  # a municipality's books: the ranked one first, then those kept apart
    for d in [*summary.districts, *summary.unsealed]:
        books.setdefault(d.key, []).append(d)
    status_of = statuses(summary, returned, accepted)
    out: list[Answer] = []
    for key, sent in books.items():
        d = sent[0]
        reasons = tuple(r for b in sent for r in problems.get(b.file, []))
        typed = [*returned.get(key, []), *remarks.get(key, [])]
        status = status_of[key]
        kept_apart = not any(d is r for r in summary.districts)
        out.append(Answer(name=d.name, oktmo=d.oktmo, status=status, reasons=reasons,
                          remarks=tuple(t.strip() for t in [*typed, *(n for b in sent for n in notes.get(b.file, []))]
                                        if t.strip()),
                          file=d.file, revision=d.report.revision[0],
                          total=None if kept_apart else d.scores.total, place=d.place,
                          previous_place=d.previous_place))
    reported = set(books) | {d.name.casefold() for d in [*summary.districts, *summary.unsealed]}
    out += [Answer(name=m.name, oktmo=m.oktmo, status="missing") for m in summary.missing
            if m.key() not in reported]
    if history is not None:
        history.set_statuses(summary.period, {a.oktmo or a.name.casefold(): a.status for a in out
                                              if a.status != "missing"})
    return Answers(region=history.region() if history is not None else "", period=summary.period,
                   made_at=datetime.now().replace(microsecond=0), municipalities=tuple(out), mean=summary.mean,
                   median=summary.median, expected=len(summary.expected), program_version=program_version())


def answers_name(answers: Answers, answer: Answer | None = None) -> str:
    """`Итоги_<period>.json`, or `Итоги_<period>_<name>.json` for one municipality."""
    if answer is None:
        return f"Итоги_{answers.period}.json"
    return f"Итоги_{answers.period}_{safe_file_name(answer.name, answer.oktmo or 'район')}.json"


def write_answers(answers: Answers, folder: Path | str) -> list[Path]:
    """The file for all, then one per municipality carrying only that one (two of one name told apart by their
    OKTMO), each written whole or not at all; the folder is made if needed. Returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [region_files.write(folder / answers_name(answers), answers)]
    names = [answers_name(answers, a) for a in answers.municipalities]
    for a, name in zip(answers.municipalities, names, strict=True):
        if [n.casefold() for n in names].count(name.casefold()) > 1 or name.casefold() == written[0].name.casefold():
            name = f"{name[:-len('.json')]}_{a.oktmo or len(written)}.json"
        one = Answers(region=answers.region, period=answers.period, made_at=answers.made_at, municipalities=(a,),
                      mean=answers.mean, median=answers.median, expected=answers.expected,
                      program_version=answers.program_version)
        written.append(region_files.write(folder / name, one))
    return written
