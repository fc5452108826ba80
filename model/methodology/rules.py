"""The named scoring rules a methodology file may use; each is a function of an item and its inputs.

A methodology names a rule and gives its parameters; it never carries code. To add a rule: write its
score function, its input check and its highest reachable value here, add it to RULES, and describe it
in docs/методика.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from model.base.ru import format_count
from model.methodology.types import Item

Values = Mapping[str, float]


class NotDefined(Exception):
    """The rule has no value for these inputs (a zero denominator); the message says why, in Russian."""


@dataclass(frozen=True)
class Rule:
    name: str
    title: str  # what the rule computes, in the guide's words
    input_kind: str  # the kind every input of the item must have
    params: tuple[str, ...]  # item keys this rule reads besides its inputs
    score: Callable[[Item, Values], float]  # the uncapped percentage; raises NotDefined
    problems: Callable[[Item, Values], list[tuple[str, str]]]  # (input key, message) for values that break it
    reachable: Callable[[Item], float | None]  # the highest percentage the inputs can give; None: no bound
    short: str = ""  # the rule's name for people, a word or two («доля», «уровни»): a list to choose from, a
    # spreadsheet's cell, a sentence of the list of changes («правило расчёта — уровни»)
    formula: str = ""  # the formula's text an item given this rule starts with; {code} and the parameters filled in


def _no_problems(_item: Item, _values: Values) -> list[tuple[str, str]]:
    return []


# -- ratios: the share of two counts, or the mean of several shares ------------------------------------------
def _ratios(item: Item, values: Values) -> float:
    for _, b_key in item.pairs:
        if values[b_key] == 0:
            raise NotDefined(f"«{item.label(b_key)}» равно нулю: доля не определена")
    return sum(values[a] / values[b] for a, b in item.pairs) / len(item.pairs) * 100


def _ratios_problems(item: Item, values: Values) -> list[tuple[str, str]]:
    out = []
    if item.part_of:
        for a_key, b_key in item.pairs:
            a, b = values.get(a_key), values.get(b_key)
            if a is not None and b is not None and a > b:
                out.append((a_key, f"«{item.label(a_key)}» ({format_count(a)}) не может быть больше, чем "
                                   f"«{item.label(b_key)}» ({format_count(b)}): это часть от него"))
    return out


# -- flags: requirements met × weight ------------------------------------------------------------------------
def _flags(item: Item, values: Values) -> float:
    return sum(values[f.key] for f in item.inputs) * item.weight * 100


# -- levels: the sum of the chosen levels ---------------------------------------------------------------------
def _levels(item: Item, values: Values) -> float:
    return sum(values[f.key] for f in item.inputs) * 100


def _levels_reachable(item: Item) -> float:
    return sum(max(f.option_values()) for f in item.inputs) * 100


# -- target: a count against a number the methodology sets ---------------------------------------------------
def _target(item: Item, values: Values) -> float:
    return values[item.inputs[0].key] / item.target * 100


@dataclass(frozen=True)
class Param:
    """A parameter a rule reads from its item, as a form shows it: `kind` is number, flag or pairs (pairs of the
    item's inputs: numerator and denominator)."""

    name: str
    kind: str
    label: str
    hint: str = ""


# Every parameter any rule reads; a new rule whose parameters are of these kinds appears in the editor by itself
PARAMS: dict[str, Param] = {p.name: p for p in (
    Param("pairs", "pairs", "Доли: числитель / знаменатель",
          "Каждая строка — одна доля A / B; при нескольких долях оценка — их среднее"),
    Param("part_of", "flag", "Числитель — часть знаменателя",
          "Тогда числитель больше знаменателя не принимается (например, зарегистрированные из всех служащих)"),
    Param("weight", "number", "Вес одного требования", "Например, 0,25 при четырёх требованиях"),
    Param("target", "number", "Целевое значение", "Оценка — A / целевое значение × 100"),
)}

RULES: dict[str, Rule] = {rule.name: rule for rule in (
    Rule("ratios", "доля A / B × 100, а при нескольких парах — среднее долей", "count", ("pairs", "part_of"),
         _ratios, _ratios_problems, lambda item: 100.0 if item.part_of else None, "доля", "{code} = A / B × 100"),
    Rule("flags", "число выполненных требований × вес × 100", "flag", ("weight",),
         _flags, _no_problems, lambda item: len(item.inputs) * item.weight * 100, "требования",
         "{code} = n × {weight} × 100, где n – количество выполненных требований"),
    Rule("levels", "сумма выбранных уровней × 100", "level", (),
         _levels, _no_problems, _levels_reachable, "уровни", "{code} = n × 100"),
    Rule("target", "A / целевое значение × 100", "count", ("target",),
         _target, _no_problems, lambda item: None, "целевое значение", "{code} = A / {target} × 100"),
)}

