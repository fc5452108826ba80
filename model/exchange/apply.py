"""apply: a decoded workbook written into the database in one transaction — all of it, or nothing.

An import gives the quarter exactly the book's data: what the quarter holds is replaced, not merged, so a value the
book does not have is cleared rather than kept from before; and a book that lacks rows the program always exports
(a score, the inputs of a scored item, the export's own marks) is refused before anything is touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.areas import centers, esia, plan, ratio_notes
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas.periods import clear_quarter, ensure_period, move_period
from model.areas.profile import load_profile, save_profile
from model.base.faults import sentence
from model.base.period import Period
from model.errors import ImportRefused, InputRefused, WriteFailed
from model.exchange.decode import ReportData, check_whole, decode
from model.store import audit
from model.store.backup import make_backup
from model.store.db import atomic, database_path

if TYPE_CHECKING:
    from model.store.db import Database


def apply(db: Database, report: ReportData) -> None:
    """Store the quarter a workbook holds, with its history (not recorded again); one failure changes nothing."""
    try:
        with atomic(db), audit.paused(db):
            _apply(db, report)
    except (ImportRefused, WriteFailed):  # a database that takes no write is not the book's fault
        raise
    except InputRefused as exc:
        raise ImportRefused(f"Лист «data»: {exc}") from None


def import_workbook(db: Database, path: Path | str) -> Period:
    """Read and check the workbook, back the database up, then apply the workbook (all or nothing)."""
    return import_report(db, decode(path))


def check_same_district(db: Database, report: ReportData) -> None:
    """Refuse another district's book: its import would silently turn this database into that district's."""
    mine, theirs = load_profile(db), report.profile
    if mine is not None and mine.oktmo and theirs.oktmo and mine.oktmo != theirs.oktmo:
        raise ImportRefused(sentence(
            f"Книга {report.file or 'Excel'} — отчёт района «{theirs.district}» (ОКТМО {theirs.oktmo}), а этот файл "
            f"базы данных — района «{mine.district}» (ОКТМО {mine.oktmo})",
            "Загрузите книгу в файл базы своего района или откройте нужный файл (Файл → Открыть базу данных…)"))


def import_report(db: Database, report: ReportData) -> Period:
    """Check the book is whole and of this district, back the database up, then give the quarter the book's data
    (all or nothing)."""
    check_whole(report)
    check_same_district(db, report)
    make_backup(database_path(db), "import", db.conn)
    apply(db, report)
    return report.period


def _apply(db: Database, r: ReportData) -> None:
    period, m = r.period, r.methodology
    if r.profile.district:
        save_profile(db, r.profile)
    ensure_period(db, period, m)
    move_period(db, period, m)  # the workbook's version is the one its figures were made with
    clear_quarter(db, period)  # the quarter gets the book's data, not a mix with what it held
    for number, values in r.inputs.items():
        plan.set_values(db, period, number, dict(values), m)
    for number, text in r.evidence.items():
        plan.set_evidence(db, period, number, text)
    for number, events in r.events.items():
        for event in events:
            plan.add_event(db, period, number, event.day, event.place, event.topic)
    for center in r.centers:
        centers.upsert_center(db, center)
    derived = next((i for i in m.items() if i.derive == "centers"), None)
    keys = tuple(f.key for f in derived.inputs) if derived else ()
    for center_id, recorded in r.center_quarter.items():
        if recorded.checks:
            centers.set_checks(db, period, center_id, dict(recorded.checks), keys)
        if recorded.operations:
            centers.set_operations_many(db, period, [(center_id, k, n) for k, n in recorded.operations.items()])
    e = r.esia_plan
    if any(v is not None for v in (e.registered_start, e.target_end, e.population, e.total_registered,
                                   e.total_as_of)) or e.months:
        esia.save_plan(db, e)
    for indicator in r.indicators:
        ind.upsert_indicator(db, indicator)
    if r.indicators:
        current = ind.order(db)
        wanted = [i.id for i in r.indicators]
        ind.set_order(db, sorted(current, key=lambda i: (wanted.index(i) if i in wanted else 10**6,
                                                         current.index(i))))
    for (year, quarter), indicator_values in r.indicator_values.items():
        if indicator_values:
            ind.set_values(db, year, quarter, indicator_values)
    for composite in r.composites.values():
        ind.set_composite(db, composite)
    for service in r.services:
        services.save_service(db, service)
    for quarter, requests in r.service_requests.items():
        if requests:
            services.set_requests(db, Period(r.period.year, quarter), requests)
    if r.service_plan:
        services.set_share_plan(db, r.period.year, dict(r.service_plan))
    for (rule, place), note in r.ratio_notes.items():
        ratio_notes.set_note(db, ensure_period(db, r.period, r.methodology), rule, place, note)
    for point in r.control_points:
        ind.save_point(db, point)
    audit.restore_entries(db, r.audit)
