"""Scoring engine: pure functions from a methodology and inputs to item, section and total scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from model.base import numbers
from model.base.ru import format_count
from model.base.words import plural
from model.errors import NumberRefused
from model.methodology import Item, Methodology
from model.methodology.rules import RULES, NotDefined

ItemInputs = Mapping[str, float]
PlanInputs = Mapping[str, ItemInputs]

_EPS = 1e-9


@dataclass(frozen=True)
class InputProblem:
    """One input that breaks a rule; the message is Russian and says what to do."""

    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"пункт {self.item}, поле {self.field}: {self.message}"

    def sentence(self) -> str:
        """The message alone, as a sentence."""
        return self.message[:1].upper() + self.message[1:]


@dataclass(frozen=True, slots=True)
class ItemScore:
    number: str
    raw: float | None = None  # the uncapped percentage
    score: float | None = None  # as it enters its section: capped at the item's maximum
    missing: tuple[str, ...] = ()
    reason: str = ""  # why it is not filled, in Russian
    problems: tuple[InputProblem, ...] = ()
    parts: tuple[ItemScore, ...] = ()  # per-source scores of a derived item (one per service center)
    source: str = ""  # for a part: which source it is (the service center's name)

    @property
    def filled(self) -> bool:
        return self.score is not None

    @property
    def state(self) -> str:
        """Why there is a score or none: «scored»; «missing» — an input, or a derived item's source, not filled;
        «refused» — an input out of its bounds (`problems`); «undefined» — all filled, but the rule has no value
        (a zero denominator, figures past their bounds)."""
        if self.score is not None:
            return "scored"
        if self.problems:
            return "refused"
        if self.missing or any(not p.filled for p in self.parts):
            return "missing"
        return "undefined"


@dataclass(frozen=True)
class PlanScores:
    items: dict[str, ItemScore]
    sections: dict[str, float | None]
    provisional: dict[str, float] = field(default_factory=dict)  # sections by number, and "total"
    total: float | None = None

    @property
    def filled_count(self) -> int:
        return sum(1 for s in self.items.values() if s.filled)

    @property
    def item_count(self) -> int:
        return len(self.items)


def check_value(item: Item, key: str, value: float) -> str | None:
    """Why one value is not acceptable for its field, or None when it is."""
    try:
        f = item.input(key)
    except KeyError:
        return f"в пункте {item.number} нет поля «{key}»"
    if f.kind == "count":
        if value < 0:
            return "количество не может быть отрицательным"
        if not numbers.is_whole(value):
            return f"количество должно быть целым числом, а записано {numbers.shown(value)}"
        return None
    allowed = f.option_values()
    if not any(abs(value - a) < _EPS for a in allowed):
        shown = ", ".join(format_count(a) if a == int(a) else str(a).replace(".", ",") for a in allowed)
        return f"значение {str(value).replace('.', ',')} не из числа допустимых ({shown})"
    return None


def check_item_inputs(item: Item, values: ItemInputs) -> list[InputProblem]:
    """Every rule the item's inputs break, each naming its field."""
    problems = [InputProblem(item.number, k, msg) for k, v in values.items()
                if (msg := check_value(item, k, v)) is not None]
    rule = RULES[item.rule]
    problems += [InputProblem(item.number, key, msg) for key, msg in rule.problems(item, values)]
    return problems


def score_item(item: Item, values: ItemInputs, source: str = "") -> ItemScore:
    """The item's score, or why it has none (missing input, zero denominator, broken rule)."""
    problems = tuple(check_item_inputs(item, values))
    if problems:
        return ItemScore(item.number, problems=problems, reason="; ".join(p.message for p in problems), source=source)
    missing = tuple(f.key for f in item.inputs if values.get(f.key) is None)
    if missing:
        return ItemScore(item.number, missing=missing, source=source,
                         reason="не заполнено: " + ", ".join(f"«{item.label(k)}»" for k in missing))
    try:
        raw = numbers.result(RULES[item.rule].score(item, values), f"пункт {item.number}")
    except (NotDefined, NumberRefused) as exc:  # a zero denominator; an overflow of figures out of bounds
        return ItemScore(item.number, reason=str(exc), source=source)
    return ItemScore(item.number, raw=raw, score=min(raw, item.max), source=source)


def score_item_mean(item: Item, sources: Sequence[tuple[str, ItemInputs]]) -> ItemScore:
    """A derived item: the mean of the item's rule over each (named) source; not filled while one is not."""
    parts = tuple(score_item(item, values, name) for name, values in sources)
    unfilled = sum(1 for p in parts if not p.filled)
    if unfilled:
        return ItemScore(item.number, parts=parts,
                         reason=f"требования не отмечены у {unfilled}\u00a0из\u00a0{len(parts)} "
                                f"{plural(len(parts), 'центра', 'центров', 'центров')} обслуживания")
    raw = sum(p.raw or 0.0 for p in parts) / len(parts)
    return ItemScore(item.number, raw=raw, score=min(raw, item.max), parts=parts)


def score_plan(methodology: Methodology, inputs: PlanInputs,
               derived: Mapping[str, Sequence[tuple[str, ItemInputs]]] | None = None) -> PlanScores:
    """Scores of every item, of each section and the total; a sum exists only when all under it do.

    `derived` gives, for items whose methodology derives them (1.2 from service centers), each source's
    name and inputs; an item with no sources there is scored from `inputs` as usual.
    """
    derived = derived or {}
    items: dict[str, ItemScore] = {}
    sections: dict[str, float | None] = {}
    provisional: dict[str, float] = {}
    for section in methodology.sections:
        scored = [score_item_mean(item, derived[item.number]) if item.derive and derived.get(item.number)
                  else score_item(item, inputs.get(item.number, {})) for item in section.items]
        items.update((s.number, s) for s in scored)
        earned = sum(s.score for s in scored if s.score is not None)
        provisional[section.number] = earned / section.divisor
        complete = all(s.filled for s in scored)
        sections[section.number] = earned / section.divisor if complete else None
    provisional["total"] = sum(provisional[s.number] for s in methodology.sections) / methodology.total.divisor
    complete = all(v is not None for v in sections.values())
    total = sum(v for v in sections.values() if v is not None) / methodology.total.divisor if complete else None
    return PlanScores(items=items, sections=sections, provisional=provisional, total=total)


def own_inputs(methodology: Methodology, inputs: PlanInputs) -> dict[str, dict[str, float]]:
    """The values a methodology's items have inputs for, by item number and input key; the rest left out: an input
    another version had and this one dropped is no value of this one (scoring it would say «нет поля»)."""
    out: dict[str, dict[str, float]] = {}
    for item in methodology.items():
        given = inputs.get(item.number, {})
        out[item.number] = {f.key: given[f.key] for f in item.inputs if given.get(f.key) is not None}
    return out


def scores_as_json(result: PlanScores) -> dict:
    """The calculator's answer: unrounded numbers, null for what is not filled — and why, in Russian, under
    "reasons" (not filled, a zero denominator, a figure arithmetic would overflow)."""
    raw = {n: s.raw for n, s in result.items.items() if s.raw is not None and s.raw != s.score}
    out: dict = {"items": {n: s.score for n, s in result.items.items()},
                 "sections": dict(result.sections), "total": result.total}
    if raw:
        out["raw"] = raw
    reasons = {n: s.reason for n, s in result.items.items() if s.score is None and s.reason}
    if reasons:
        out["reasons"] = reasons
    return out
