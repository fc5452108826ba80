"""The region's merge as the command line and the window make it: the history read around `consolidate` and written
after it.

`merge` reads the municipalities' seal keys, the books accepted without a seal and the previous quarter's places from
the region's history (model/region/history.py), consolidates (which itself writes nothing), and keeps the merge in
the history — a quarter merged again replaces its record, the earlier one going into the journal. The summary it
returns carries the year's table from the history too (`Summary.year`).

For the window: a book kept apart for its seal (`Summary.unsealed`) is accepted by `accept` — or by
History.accept_book(period, district.key, district.digest, reason) — and the merge made again; the statuses of the
answers are recorded by model/region/answers.py `make_answers`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path

from model.base.period import Period
from model.errors import InputRefused
from model.region.consolidate import Problem, Progress, Summary, consolidate, file_labels, read_book, workbook_files
from model.region.expected import Municipality
from model.region.history import History, open_history


def statuses(summary: Summary, returned: Iterable[str] = (), accepted: Iterable[str] = ()) -> dict[str, str]:
    """Each reporting municipality's status: 'returned' if the region returns it (`returned`: keys), or the merge has a
    problem with its book that the district must correct (`Problem.returns`: not a book sent twice) and the region did
    not accept it all the same (`accepted`: keys); a book kept apart for its seal is always 'returned' (the region
    takes it in by accepting it without a seal, then merges again). Else 'accepted'."""
    troubled = {p.file for p in summary.problems if p.returns}
    back, taken = set(returned), set(accepted)
    apart = {d.key for d in summary.unsealed}
    out: dict[str, str] = {}
    for d in [*summary.districts, *summary.unsealed]:  # any book of the municipality with a problem returns it
        if d.key in back or d.key in apart or (d.file in troubled and d.key not in taken) \
                or out.get(d.key) == "returned":
            out[d.key] = "returned"
        else:
            out[d.key] = "accepted"
    return out


def reported_keys(summary: Summary) -> set[str]:
    return {d.key for d in [*summary.districts, *summary.unsealed]}


def merge(paths: Iterable[Path], period: Period, expected: list[Municipality] | None = None,
          deadline: date | None = None, progress: Progress | None = None, history: History | None = None, *,
          exclude: Iterable[Path] = (), accept: Mapping[str, str] | None = None,
          returned: Iterable[str] = (), named: Iterable[str] = (),
          meanwhile: Callable[[], object] | None = None) -> Summary:
    """Consolidate with the history and keep the merge in it (NothingToMerge, Cancelled as `consolidate`).

    `history`: the region's history (opened from the data folder, and closed after, when not given).
    `accept`: file (as the merge names it: Summary's `file`) → the reason to take that book in although its seal
    fails or is missing; recorded in the history (journalled) only when that book is indeed kept apart for its seal.
    `returned`: keys (OKTMO) of municipalities the region returns; `named`: other keys the caller will speak of (the
    remarks). A file in `accept` that is not among the books, or a key that reported nothing, is refused
    (InputRefused) before anything is written. `meanwhile`: see `consolidate`."""
    own = history is None
    history = history or open_history()
    try:
        paths = list(paths)
        exclude = list(exclude)
        keys = history.keys()
        by_file = _accepted_books(paths, exclude, accept or {})
        previous = history.previous_period(period)
        summary = consolidate(paths, period, expected, deadline, progress, exclude, keys=keys,
                              accepted=lambda p, key, digest: by_file.get((key, digest)) or
                              history.accepted_reason(p, key, digest),
                              previous_places=history.previous_places(period), previous_period=previous,
                              meanwhile=meanwhile)
        reported = reported_keys(summary)
        unknown = [k for k in [*returned, *named] if k not in reported]
        if unknown:
            raise InputRefused(f"Муниципалитета с ОКТМО {unknown[0]} среди представивших книги за "
                               f"{period.title()} нет: проверьте код (возвращают и замечают только представленные "
                               "книги). Свод не записан")
        for d in summary.districts:
            reason = by_file.get((d.key, d.digest))
            if d.accepted is not None and reason is not None and reason == d.accepted:
                history.accept_book(period, d.key, d.digest, reason)
        history.record_merge(summary, statuses(summary, returned))
        summary.year = history.year_table(period.year)
        return summary
    finally:
        if own:
            history.close()


def _accepted_books(paths: list[Path], exclude: list[Path], accept: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """(key, digest) → reason of each book named in `accept`, read on its own; InputRefused for a name that is not
    among the books or a reason left empty."""
    if not accept:
        return {}
    files, _ = workbook_files(paths, exclude)
    labels = {label.casefold(): path for path, label in file_labels(files).items()}
    out: dict[tuple[str, str], str] = {}
    for name, reason in accept.items():
        reason = " ".join(reason.split())
        path = labels.get(name.strip().casefold())
        if path is None:
            raise InputRefused(f"Книги «{name}» среди книг свода нет: укажите имя файла так, как его называет свод "
                               "(например, «район_001.xlsx»). Свод не записан")
        if not reason:
            raise InputRefused(f"Не указана причина, по которой книга «{name}» принимается без печати: укажите её "
                               "после знака «=». Свод не записан")
        problems: list[Problem] = []
        report = read_book(path, name, problems)
        if report is None:
            raise InputRefused(f"Книга «{name}» не читается, принять её нельзя: {problems[0].reason}")
        key = Municipality(report.profile.district, report.profile.oktmo).key()
        out[(key, report.content_digest)] = reason
    return out
