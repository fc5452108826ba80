"""What a methodology is made of: sections of items, each item's inputs and the named rule that scores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model.base import words


@dataclass(frozen=True)
class Option:
    value: float
    text: str


@dataclass(frozen=True)
class InputField:
    key: str
    kind: str  # count, flag, level
    label: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    suggest: str = ""  # "esia_quarter": the quarter's registrations from the ESIA plan are offered
    carry_over: bool = True  # whether «Заполнить из прошлого квартала» copies it
    short: str = ""  # a few words for a narrow column; the label is used where there is room
    from_center: str = ""  # "badges" or "schedule": a center's card already says whether it is met

    @property
    def heading(self) -> str:
        """The label for a column header: the short one when the methodology gives it."""
        return self.short or self.label

    def option_text(self, value: float | None) -> str:
        """The methodology's words for a chosen level (or «да»/«нет» for a flag)."""
        if value is None:
            return ""
        if self.kind == "flag":
            return "да" if value else "нет"
        return next((o.text for o in self.options if abs(o.value - value) < 1e-9), "")

    def option_values(self) -> tuple[float, ...]:
        if self.kind == "flag":
            return (0.0, 1.0)
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Item:
    number: str
    code: str
    content: str
    executors: str
    deadline: str
    results: str
    formula: str
    rule: str
    max: float
    inputs: tuple[InputField, ...]
    pairs: tuple[tuple[str, str], ...] = ()
    part_of: bool = False
    weight: float = 0.0
    target: float = 0.0
    events: bool = False
    events_prompt: str = ""
    evidence_prompt: str = ""
    derive: str = ""  # "centers": with active centers, the score is the mean of each center's score

    def input(self, key: str) -> InputField:
        for f in self.inputs:
            if f.key == key:
                return f
        raise KeyError(key)

    def label(self, key: str) -> str:
        """The methodology's words for an input, never its key."""
        try:
            return self.input(key).label
        except KeyError:
            return key


@dataclass(frozen=True)
class Section:
    number: str
    code: str
    title: str
    short_title: str
    formula: str
    divisor: float
    max: float
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Total:
    code: str
    title: str
    formula: str
    divisor: float
    max: float


@dataclass(frozen=True)
class Methodology:
    id: str
    version: str
    years: tuple[int, ...]
    title: str
    source: str
    evidence_title: str
    total: Total
    sections: tuple[Section, ...]
    path: Path | None = field(default=None, compare=False)

    @property
    def year(self) -> int:
        """The first year the methodology applies to."""
        return min(self.years)

    def ref(self) -> tuple[str, str]:
        return (self.id, self.version)

    def years_text(self) -> str:
        """«2018 год», «2026, 2027 годы»."""
        return words.years(self.years)

    def describe(self) -> str:
        """«План мероприятий по популяризации…», версия 2018.1 (2018 год) — how the program names it to a person."""
        return f"«{self.title[:80]}{'…' if len(self.title) > 80 else ''}», версия {self.version} ({self.years_text()})"

    def items(self) -> list[Item]:
        return [item for s in self.sections for item in s.items]

    def item(self, number: str) -> Item:
        for item in self.items():
            if item.number == number:
                return item
        raise KeyError(number)

    def find_items(self, query: str) -> list[str]:
        """Numbers of the items a person looks for: «2.3» or «2.» by number, otherwise every word of the query
        in the item's content, executors or results (case and «ё» do not matter, nor word endings)."""
        query_words = _fold(query).split()
        if not query_words:
            return [item.number for item in self.items()]
        if len(query_words) == 1 and query_words[0][0].isdigit():
            number = query_words[0].rstrip(".")
            return [item.number for item in self.items()
                    if item.number == number or item.number.startswith(f"{number}.")]
        stems = [w[:-2] if len(w) > 5 else w for w in query_words]  # «регистрации» finds «регистрация»
        found = []
        for item in self.items():
            text = _fold(f"{item.number} {item.content} {item.executors} {item.results}")
            if all(stem in text for stem in stems):
                found.append(item.number)
        return found


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")
