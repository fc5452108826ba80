"""A methodology is data: sections, items, their inputs and the named rules that score them (TOML files).

`types` holds what it is made of, `rules` the named scoring rules, `loader` reads and checks a file,
`registry` knows the shipped and installed methodologies by year, `changes` says what a newer version changes.
"""

from model.errors import MethodologyError, MethodologyMissing
from model.methodology.loader import load_methodology, parse_methodology
from model.methodology.registry import find, for_year, offers
from model.methodology.types import InputField, Item, Methodology, Option, Section, Total

__all__ = ["InputField", "Item", "Methodology", "MethodologyError", "MethodologyMissing", "Option", "Section",
           "Total", "find", "for_year", "offers", "load_methodology", "parse_methodology", "shipped_2018"]


def shipped_2018() -> Methodology:
    """The 2018 popularization methodology of seed 003, shipped with the program (tests and examples)."""
    return find("popularization", "2018.1")
