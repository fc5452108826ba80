"""A file from the region applied in the district: the package for a year (methodology, deadlines, this district's
targets and seal key) or the answers after a merge (the status of the district's report, the remarks, the place).

`preview(db, document)` tells what would change, old value → new, in the methodology's words, or why the file is
refused (`refusal`, nothing changed) or why there is nothing to do; `apply(db, document)` does it: the methodologies
first (installed as from «Файл → Методики…»), then every change to the database in one transaction, journalled by
the audit triggers. A refused file raises ImportRefused with the same Russian sentence as the preview's refusal.

What the region set is kept in `region_targets` (model/areas/region_targets.py): the screens mark those values
«задано регионом» (`region_targets(db, year)`), and changing one needs a reason — the edits of
model/quarter/edits.py take `reason=` and raise ReasonNeeded without it (`change_target` here does the same for one
value by its key). The reason is journalled and travels in the data sheet (`target_change` rows).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from functools import partial
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from model.areas import deadlines, esia, plan
from model.areas import indicators as ind
from model.areas import public_services as services
from model.areas import region_targets as rt
from model.areas.periods import methodology_for_new_period, period_row
from model.areas.profile import Profile, load_profile
from model.areas.region_targets import RegionTarget, TargetKey, target_words
from model.base.faults import sentence
from model.base.period import Period
from model.base.ru import format_date, format_number
from model.errors import ImportRefused, InputRefused, MethodologyError
from model.exchange.region_files import STATUSES, Answer, Answers, Package, Targets
from model.methodology import Methodology, registry
from model.store.db import atomic
from model.store.sent_lock import is_sent

if TYPE_CHECKING:
    from model.store.db import Database

NOT_CHANGED = "База данных не изменена"
MAX_REGION = 500  # as the profile's fields (model/areas/profile.py check_profile)


@dataclass(frozen=True)
class PreviewLine:
    """One value: what (in the methodology's words), the value now and the value the file brings («—»: none);
    `note` says why a value is kept or skipped."""

    what: str
    old: str
    new: str
    note: str = ""

    @property
    def changes(self) -> bool:
        return self.old != self.new

    def told(self) -> str:
        """«Целевой показатель на конец 2027 года: 9 000 → 9 500», «…: 9 000 (без изменений)»."""
        note = self.note or ("" if self.changes else "без изменений")
        shown = f"{self.old} → {self.new}" if self.changes else self.new
        return f"{self.what}: {shown}" + (f" ({note})" if note else "")


@dataclass(frozen=True)
class Preview:
    """What applying the file would do. `refusal`: why it cannot be applied (nothing would change);
    `nothing_to_do`: the same file was applied before. `lines` are applied, `skipped` are not (with the reason)."""

    title: str
    lines: tuple[PreviewLine, ...] = ()
    skipped: tuple[PreviewLine, ...] = ()
    refusal: str | None = None
    nothing_to_do: str | None = None


@dataclass(frozen=True)
class Applied:
    """What was applied: the same lines as the preview (`nothing_to_do` set: nothing was)."""

    title: str
    lines: tuple[PreviewLine, ...] = ()
    skipped: tuple[PreviewLine, ...] = ()
    nothing_to_do: str | None = None


@dataclass(frozen=True)
class ReceivedAnswer:
    """The region's answer to the district's report for a quarter, as received."""

    period: Period
    answer: Answer  # status (status_words), reasons, remarks, P (total), place, previous_place, place_change
    region: str
    made_at: datetime
    received_at: datetime
    mean: float | None = None
    median: float | None = None
    expected: int = 0


@dataclass
class _Plan:
    title: str
    lines: list[PreviewLine] = field(default_factory=list)
    skipped: list[PreviewLine] = field(default_factory=list)
    writes: list[Callable[[], None]] = field(default_factory=list)
    methodologies: list[Path] = field(default_factory=list)
    refusal: str | None = None
    nothing_to_do: str | None = None

    def preview(self) -> Preview:
        return Preview(self.title, tuple(self.lines), tuple(self.skipped), self.refusal, self.nothing_to_do)


class _Refused(ImportRefused):
    """Why the file is refused, raised while planning and told as the preview's refusal."""


# -- the public calls ------------------------------------------------------------------------------------------------
def preview(db: Database, document: Package | Answers) -> Preview:
    """What applying the file would change; nothing is written (the methodologies are only checked)."""
    with tempfile.TemporaryDirectory(prefix="omsu-region-") as folder:
        return _plan(db, document, Path(folder)).preview()


def apply(db: Database, document: Package | Answers) -> Applied:
    """Apply the file: methodologies installed first, then every change in one transaction with journal rows.
    ImportRefused (nothing changed) when the preview refuses it; nothing done when it was applied before."""
    with tempfile.TemporaryDirectory(prefix="omsu-region-") as folder:
        planned = _plan(db, document, Path(folder))
        if planned.refusal:
            raise ImportRefused(planned.refusal)
        if planned.nothing_to_do:
            return Applied(planned.title, nothing_to_do=planned.nothing_to_do)
        for path in planned.methodologies:
            registry.install(path)
    with atomic(db):
        for write in planned.writes:
            write()
    return Applied(planned.title, tuple(planned.lines), tuple(planned.skipped))


def region_targets(db: Database, year: int) -> dict[TargetKey, RegionTarget]:
    """Every value the region set for the year (for the screens' «задано регионом»), changed ones with the reason."""
    return rt.targets(db, year)


def change_target(db: Database, key: TargetKey, new_value: float | None, reason: str) -> None:
    """Store another value for one the region set, with the reason (ReasonNeeded without one; journalled). The
    window usually goes through the edits of model/quarter/edits.py with `reason=` instead."""
    with atomic(db):
        rt.guard(db, {key: new_value}, reason)
        _write_value(db, key, new_value)


def answer(db: Database, period: Period) -> ReceivedAnswer | None:
    """The region's answer to the district's report for the quarter, or None before one was received."""
    stored = rt.stored_answer(db, period)
    if stored is None:
        return None
    data = json.loads(stored.answer)
    a = data["answer"]
    return ReceivedAnswer(period, Answer(name=a["name"], oktmo=a["oktmo"], status=a["status"],
                                         reasons=tuple(a["reasons"]), remarks=tuple(a["remarks"]), file=a["file"],
                                         revision=a["revision"], total=a["total"], place=a["place"],
                                         previous_place=a["previous_place"]),
                          data["region"], stored.made_at, stored.received_at, data["mean"], data["median"],
                          data["expected"])


# -- planning ------------------------------------------------------------------------------------------------------
def _plan(db: Database, document: Package | Answers, folder: Path) -> _Plan:
    if isinstance(document, Package):
        m = document.manifest
        planned = _Plan(f"Пакет региона «{m.region}» на {m.year} год, версия {m.version} от "
                        f"{format_date(m.made_at.date())}")
    else:
        planned = _Plan(f"Итоги свода региона{f' «{document.region}»' if document.region else ''} за "
                        f"{document.period.title()} от {format_date(document.made_at.date())}")
    try:
        profile = load_profile(db)
        if profile is None or not profile.oktmo:
            raise _Refused("В профиле района не указан код ОКТМО, а по нему в файле из региона находятся данные "
                           "района: заполните код ОКТМО в профиле организации и загрузите файл снова")
        if isinstance(document, Package):
            _plan_package(db, document, profile, planned, folder)
        else:
            _plan_answers(db, document, profile, planned)
    except _Refused as exc:
        planned.refusal = sentence(str(exc), NOT_CHANGED)
        planned.lines, planned.skipped, planned.writes, planned.methodologies = [], [], [], []
    return planned


def _same_region(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _shown(value: float | None) -> str:
    return "—" if value is None else format_number(value, 6)


def _digest(package: Package, targets: Targets) -> str:
    """What of the package concerns this district, as a hash: the same version with the same content is the same
    package (the whole file or the district's own part of it)."""
    m = package.manifest
    content = {"region": m.region, "year": m.year, "version": m.version,
               "methodologies": [[f.file, f.text] for f in package.methodologies],
               "deadlines": {str(q): d.isoformat() for q, d in sorted(package.deadlines.items())},
               "targets": asdict(targets)}
    return sha256(json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _plan_package(db: Database, package: Package, profile: Profile, planned: _Plan, folder: Path) -> None:
    m = package.manifest
    year = m.year
    targets = package.find(profile.oktmo)
    if targets is None:
        raise _Refused(f"В пакете региона «{m.region}» на {year} год нет строки для кода ОКТМО {profile.oktmo} "
                       f"(«{profile.district}»): проверьте код ОКТМО в профиле организации или запросите у региона "
                       "пакет, в котором есть ваш район")
    planned.title += f" — «{targets.name}», ОКТМО {targets.oktmo}"
    if profile.region and not _same_region(profile.region, m.region):
        raise _Refused(f"Пакет составлен для региона «{m.region}», а в профиле района указан регион "
                       f"«{profile.region}»: загрузите пакет своего региона или исправьте регион в профиле")
    if len(m.region) > MAX_REGION:
        raise _Refused(f"Наименование региона в пакете длиннее {MAX_REGION} знаков: запросите пакет у региона "
                       "заново")
    digest = _digest(package, targets)
    applied = rt.applied_packages(db, m.region, year)
    same = next((a for a in applied if a.version == m.version), None)
    if same is not None:
        if same.digest == digest:
            planned.nothing_to_do = (f"Пакет версии {m.version} на {year} год уже загружен "
                                     f"{format_date(same.applied_at.date())}: изменений нет")
            return
        raise _Refused(f"Пакет версии {m.version} на {year} год уже загружен "
                       f"{format_date(same.applied_at.date())}, а в этом файле под тем же номером версии другие "
                       "значения: попросите регион выпустить пакет с новым номером версии")
    if applied and applied[0].version > m.version:
        newest = applied[0]
        raise _Refused(f"Уже загружен пакет версии {newest.version} от {format_date(newest.made_at.date())} — "
                       f"новее этого (версия {m.version}): более старый пакет его не заменяет")
    if not profile.region:
        planned.lines.append(PreviewLine("Регион (субъект РФ) в профиле", "—", m.region))
        planned.writes.append(lambda: rt.set_region(db, m.region))
    year_methodology = _methodologies(package, planned, folder)
    if year_methodology is None:
        try:
            year_methodology = methodology_for_new_period(db, year)
        except InputRefused:
            year_methodology = None
    changed = {c.key: c for c in rt.changes(db, year)}
    stored: dict[TargetKey, float] = {}
    _deadlines(db, package, planned)
    _esia(db, targets, year, changed, stored, planned)
    _plan_targets(db, targets, year, year_methodology, changed, stored, planned)
    _indicators(db, targets, year, changed, stored, planned)
    _services(db, targets, year, changed, stored, planned)
    if targets.key is not None:
        had = rt.seal_key(db)
        if had != targets.key:
            planned.lines.append(PreviewLine("Ключ печати отчётов района", "нет" if had is None else "прежний",
                                             "из пакета"))
        key = targets.key
        planned.writes.append(lambda: rt.set_seal_key(db, m.region, key))
    planned.writes.append(lambda: rt.replace_targets(db, year, stored))
    planned.writes.append(lambda: rt.record_package(db, m.region, year, m.version, m.made_at, digest))


def _methodologies(package: Package, planned: _Plan, folder: Path) -> Methodology | None:
    """Check the package's methodologies (refused whole if one is wrong); the newest of them for the year."""
    found: list[Methodology] = []
    installed = {e.methodology.ref(): e for e in registry.entries()}
    for n, f in enumerate(package.methodologies, start=1):
        name = "".join(c for c in Path(f.file.replace("\\", "/")).name if c.isalnum() or c in "-_.")[:80]
        path = folder / str(n) / (name if name.endswith(".toml") else f"{name or 'methodology'}.toml")
        path.parent.mkdir()
        path.write_bytes(f.text.encode("utf-8"))
        try:
            methodology = registry.check_file(path)
        except MethodologyError as exc:
            raise _Refused(f"Методика из пакета ({f.file[:80]}) не подходит: {exc}") from None
        entry = installed.get(methodology.ref())
        what = f"Методика {methodology.describe()}"
        if entry is not None:
            if entry.methodology != methodology and registry.read_text(entry.path) != f.text:
                raise _Refused(f"{what} уже установлена, и её содержание другое, чем в пакете: попросите в регионе "
                               "пакет с методикой под новым номером версии")
            planned.lines.append(PreviewLine(what, "установлена", "установлена"))
        else:
            planned.lines.append(PreviewLine(what, "не установлена", "будет установлена"))
            planned.methodologies.append(path)
        if package.manifest.year in methodology.years:
            found.append(methodology)
    found.sort(key=lambda m: registry.version_key(m.version), reverse=True)
    return found[0] if found else None


def _deadlines(db: Database, package: Package, planned: _Plan) -> None:
    year = package.manifest.year
    for q, due in sorted(package.deadlines.items()):
        period = Period(year, q)
        end = deadlines.quarter_end(period)
        if not end < due <= date.fromordinal(end.toordinal() + 366):
            raise _Refused(f"Срок отчёта за {period.title()} в пакете ({format_date(due)}) — не после окончания "
                           f"квартала ({format_date(end)}) или позже чем через год: сообщите об этом в регион")
        now = deadlines.deadline(db, period)
        old = format_date(now.due) + ("" if now.set_for_quarter else " (по умолчанию)")
        planned.lines.append(PreviewLine(f"Срок отчёта за {period.title()}", old, format_date(due)))
        planned.writes.append(partial(deadlines.set_deadline, db, period, due))


def _kept(key: TargetKey, change: rt.TargetChange, what: str, new: float) -> PreviewLine:
    return PreviewLine(what, _shown(change.value), _shown(new),
                       f"значение изменено районом («{change.reason[:200]}») — остаётся значение района")


def _esia(db: Database, targets: Targets, year: int, changed: dict[TargetKey, rt.TargetChange],
          stored: dict[TargetKey, float], planned: _Plan) -> None:
    given = {"registered_start": targets.registered_start, "target_end": targets.target_end,
             "population": targets.population}
    if all(v is None for v in given.values()):
        return
    current = esia.load_plan(db, year)
    values: dict[str, object] = {}
    for name, value in given.items():
        if value is None:
            continue
        key = TargetKey(year, rt.YEAR, "esia", "", name)
        stored[key] = float(value)
        what = target_words(key)
        if key in changed:
            planned.skipped.append(_kept(key, changed[key], what, float(value)))
            continue
        values[name] = int(value) if name != "target_end" else float(value)
        planned.lines.append(PreviewLine(what, _shown(getattr(current, name)), _shown(float(value))))
    new = replace(current, **values)  # type: ignore[arg-type]
    problem = esia.check_plan(new)
    if problem:
        raise _Refused(f"Регистрации в ЕСИА за {year} год по пакету: {problem}: сообщите об этом в регион")
    planned.writes.append(lambda: esia.save_plan(db, new))


def _plan_targets(db: Database, targets: Targets, year: int, year_methodology: Methodology | None,
                  changed: dict[TargetKey, rt.TargetChange], stored: dict[TargetKey, float], planned: _Plan) -> None:
    current: dict[int, dict[str, dict[str, float]]] = {}
    for t in targets.plan:
        period = Period(year, t.quarter)
        key = TargetKey(year, t.quarter, "plan", t.item, t.field)
        row = period_row(db, period)
        methodology: Methodology | None = year_methodology
        if row is not None:
            try:
                methodology = registry.find(row[1], row[2])
            except MethodologyError:
                methodology = None
        what = target_words(key, methodology)
        if methodology is None:
            planned.skipped.append(PreviewLine(what, "—", _shown(t.value), f"для {year} года нет методики"))
            continue
        try:
            item = methodology.item(t.item)
            item.input(t.field)
        except KeyError:
            planned.skipped.append(PreviewLine(what, "—", _shown(t.value), f"в методике {methodology.describe()} "
                                                                            "нет такого пункта или значения"))
            continue
        if row is None:
            stored[key] = t.value
            planned.lines.append(PreviewLine(what, "—", _shown(t.value), "квартал ещё не начат: значение будет "
                                                                          "внесено, когда он начнётся"))
            continue
        pid = row[0]
        inputs = current.setdefault(t.quarter, plan.read_inputs(db, pid))
        old = inputs.get(t.item, {}).get(t.field)
        if is_sent(db, pid):
            planned.skipped.append(PreviewLine(what, _shown(old), _shown(t.value), "отправка отчёта за "
                                               f"{period.title()} подготовлена: его данные остаются как были"))
            continue
        stored[key] = t.value
        if key in changed:
            planned.skipped.append(_kept(key, changed[key], what, t.value))
            continue
        try:
            merged = plan.check_values(item, inputs.get(t.item, {}), {t.field: t.value})
        except InputRefused as exc:
            stored.pop(key)
            planned.skipped.append(PreviewLine(what, _shown(old), _shown(t.value), str(exc)))
            continue
        inputs[t.item] = merged
        planned.lines.append(PreviewLine(what, _shown(old), _shown(t.value)))
        planned.writes.append(partial(plan.write_values, db, pid, t.item, {t.field: t.value}))


def _indicators(db: Database, targets: Targets, year: int, changed: dict[TargetKey, rt.TargetChange],
                stored: dict[TargetKey, float], planned: _Plan) -> None:
    if not targets.indicators:
        return
    by_number = {i.number: i for i in ind.list_indicators(db) if i.number}
    values = ind.values_of_year(db, year)
    for t in targets.indicators:
        key = TargetKey(year, t.quarter, "indicator", t.number, rt.INDICATOR_FIELD)
        indicator = by_number.get(t.number)
        what = target_words(key)
        if indicator is None or indicator.id is None:
            planned.skipped.append(PreviewLine(what, "—", _shown(t.plan), f"в списке показателей района нет "
                                                                           f"показателя № {t.number[:40]}"))
            continue
        what = f"{what} «{indicator.name[:80]}»"
        stored[key] = t.plan
        if key in changed:
            planned.skipped.append(_kept(key, changed[key], what, t.plan))
            continue
        now = values.setdefault((year, t.quarter), {}).get(indicator.id, ind.Value())
        try:
            new = ind.check_value(replace(now, plan=t.plan))
        except InputRefused as exc:
            stored.pop(key)
            planned.skipped.append(PreviewLine(what, _shown(now.plan), _shown(t.plan), str(exc)))
            continue
        values[(year, t.quarter)][indicator.id] = new
        planned.lines.append(PreviewLine(what, _shown(now.plan), _shown(t.plan)))
        planned.writes.append(partial(ind.set_values, db, year, t.quarter, {indicator.id: new}))


def _services(db: Database, targets: Targets, year: int, changed: dict[TargetKey, rt.TargetChange],
              stored: dict[TargetKey, float], planned: _Plan) -> None:
    now = services.share_plan(db, year)
    for q, share in sorted(targets.services_share.items()):
        key = TargetKey(year, q, "services", "", rt.SERVICES_FIELD)
        stored[key] = share
        what = target_words(key)
        if key in changed:
            planned.skipped.append(_kept(key, changed[key], what, share))
            continue
        planned.lines.append(PreviewLine(what, _shown(now.get(q)), _shown(share)))
        planned.writes.append(partial(services.set_share_plan, db, year, {q: share}))


def _write_value(db: Database, key: TargetKey, value: float | None) -> None:
    """One value by its target key, where the district's own values are."""
    if key.area == "esia":
        current = esia.load_plan(db, key.year)
        new = replace(current, **{key.field: value if key.field == "target_end" or value is None  # type: ignore[arg-type]
                                  else int(value)})
        problem = esia.check_plan(new)
        if problem:
            raise InputRefused(problem)
        esia.save_plan(db, new)
    elif key.area == "plan":
        plan.set_values(db, Period(key.year, key.quarter), key.key, {key.field: value})
    elif key.area == "indicator":
        found = next((i for i in ind.list_indicators(db, include_retired=True) if i.number == key.key), None)
        if found is None or found.id is None:
            raise InputRefused(f"В списке показателей района нет показателя № {key.key}")
        now = ind.load_values(db, key.year, key.quarter).get(found.id, ind.Value())
        ind.set_values(db, key.year, key.quarter, {found.id: replace(now, plan=value)})
    else:
        services.set_share_plan(db, key.year, {key.quarter: value})


# -- the answers -----------------------------------------------------------------------------------------------------
def _answer_json(answers: Answers, a: Answer) -> str:
    return json.dumps({"region": answers.region, "mean": answers.mean, "median": answers.median,
                       "expected": answers.expected, "answer": asdict(a)}, ensure_ascii=False, sort_keys=True)


def _plan_answers(db: Database, answers: Answers, profile: Profile, planned: _Plan) -> None:
    period = answers.period
    a = answers.find(profile.oktmo)
    if a is None:
        raise _Refused(f"В итогах свода за {period.title()} нет строки для кода ОКТМО {profile.oktmo} "
                       f"(«{profile.district}»): это итоги для другого района — проверьте код ОКТМО в профиле или "
                       "запросите итоги у региона")
    if answers.region and profile.region and not _same_region(answers.region, profile.region):
        raise _Refused(f"Итоги свода составлены в регионе «{answers.region}», а в профиле района указан регион "
                       f"«{profile.region}»: загрузите итоги своего региона")
    planned.title += f" — «{a.name}»"
    text = _answer_json(answers, a)
    before = rt.stored_answer(db, period)
    made_at = answers.made_at.replace(microsecond=0)
    if before is not None and (before.made_at > made_at or (before.made_at == made_at and before.answer == text)):
        planned.nothing_to_do = (f"Итоги свода за {period.title()} от {format_date(before.made_at.date())} уже "
                                 "загружены: этот файл их не меняет")
        return
    old = STATUSES.get(before.status, "—") if before else "—"
    planned.lines.append(PreviewLine(f"Отчёт за {period.title()}", old, a.status_words))
    if a.total is not None:
        planned.lines.append(PreviewLine("Итоговая оценка (P)", "—", format_number(a.total, 2)))
    if a.place is not None:
        change = a.place_change
        moved = "" if not change else f" ({'+' if change > 0 else '−'}{abs(change)} по сравнению с прошлым кварталом)"
        planned.lines.append(PreviewLine("Место в рейтинге", "—", f"{a.place}{moved}"))
    planned.lines += [PreviewLine("Замечание свода", "—", r) for r in a.reasons]
    planned.lines += [PreviewLine("Замечание региона", "—", r) for r in a.remarks]
    planned.writes.append(lambda: rt.store_answer(db, period, made_at, a.status, text))
