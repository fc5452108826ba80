"""Russian words that agree: nouns with numbers (1 пункт, 2 пункта, 5 пунктов) and quarters in their cases.

Every message that counts something or names a quarter in a case other than the nominative uses these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from model.base.period import Period


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun that agrees with n: 1 ошибка, 2 ошибки, 5 ошибок (11–14 take «many»)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def counted(n: int, one: str, few: str, many: str) -> str:
    """«3 пункта», «11 ошибок»."""
    return f"{n} {plural(n, one, few, many)}"


def years(values: Sequence[object]) -> str:
    """«2018 год», «2026, 2027 годы» — the years a methodology applies to."""
    return f"{', '.join(str(y) for y in values)} {'год' if len(values) == 1 else 'годы'}"


# the kinds of municipality a district's name begins with, and each in the genitive
_KINDS = (("муниципальный район", "муниципального района"), ("муниципальный округ", "муниципального округа"),
          ("городской округ", "городского округа"), ("муниципальное образование", "муниципального образования"))


def of_district(name: str) -> str:
    """A district's name after a position, in the genitive: «Муниципальный район «Калганский район»» →
    «муниципального района «Калганский район»» (the name in quotes does not decline); a name that does not begin
    with a kind of municipality is left as it is."""
    for kind, genitive in _KINDS:
        if name.casefold().startswith(kind):
            return genitive + name[len(kind):]
    return name


def quarter(period: Period, case: str = "nominative") -> str:
    """A quarter in a case: «2 квартал 2018 года», из «2 квартала 2018 года», «во 2 квартале 2018 года»."""
    n, year = period.quarter, period.year
    if case == "nominative":
        return f"{n} квартал {year} года"
    if case == "genitive":
        return f"{n} квартала {year} года"
    if case == "prepositional":
        return f"{'во' if n == 2 else 'в'} {n} квартале {year} года"
    raise ValueError(case)


class Scored(Protocol):
    """What `item_score_text` reads of an item's score (model.scoring.score.ItemScore, a layer above this one)."""

    @property
    def score(self) -> float | None: ...
    @property
    def raw(self) -> float | None: ...
    @property
    def state(self) -> str: ...


# an item without a score, in a cell of the report, the workbook and the plan's list (ItemScore.state)
ITEM_STATES = {"missing": "не заполнено", "refused": "ошибка в данных", "undefined": "не определена"}


def item_score_text(score: Scored) -> str:
    """An item's score as a cell shows it: «75,00», «100,00 (факт 120,00)» over the maximum; without a score, why in
    two words — not filled, an error in the data, or not defined (all filled, a zero denominator: it printed «не
    заполнено» beside a filled item)."""
    from model.base.ru import format_percent

    if score.score is None:
        return ITEM_STATES[score.state]
    if score.raw is not None and score.raw != score.score:
        return f"{format_percent(score.score)} (факт\u00a0{format_percent(score.raw)})"  # «(факт» kept with its figure
    return format_percent(score.score)


def score_text(value: float | None, provisional: float | None = None) -> str:
    """A section's or the total's score as printed: «71,43», or why there is none — «не рассчитана (сейчас 40,00)»
    while some items of a section are not filled."""
    from model.base.ru import format_percent

    if value is not None:
        return format_percent(value)
    if provisional is not None:
        return f"не рассчитана (сейчас {format_percent(provisional)})"
    return "не заполнено"
