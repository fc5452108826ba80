"""Russian number and date formats: the one place that parses and prints them."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from model.errors import InputRefused

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_NUMBER_WITH_UNIT = re.compile(r"([+-]?[0-9][0-9\s\u00a0]*(?:[.,][0-9]+)?)\s*([%A-Za-zА-Яа-яЁё.]+\.?)")
_DATE = re.compile(r"([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})|([0-9]{2})([0-9]{2})([0-9]{4})")


MAX_TEXT = 10_000


NOT_SAVED = "Изменение не сохранено"  # how a write the database refused begins (model/store/db.py)


def _why(reason: Exception | str, what: str = "") -> str:
    """The reason after a colon: «не сохранено» not said twice, what `what` names already not named again («Показатель
    1, факт: не сохранено — слишком большое число», not «— Факт: слишком…»), its first word in lower case."""
    why = str(reason).removeprefix(f"{NOT_SAVED}: ")
    head, colon, rest = why.partition(": ")
    if colon and what and _named(head, what):
        why = rest
    if len(why) > 1 and why[1].islower() and ("А" <= why[0] <= "Я" or why[0] == "Ё"):
        why = why[0].lower() + why[1:]  # «Количество…»; not «ОКТМО…», ««Калга»…» or a program's name («Excel…»)
    return why


def _named(head: str, what: str) -> bool:
    """Whether `what` («Показатель 1, факт», «"Выдача разрешения…", всего») names `head` already («Факт», the
    service's whole name): `head` is in it, or begins with one of its parts (a name cut short there)."""
    def bare(text: str) -> str:
        return text.strip(" «»\"…").casefold()

    head = bare(head)
    parts = [bare(part) for part in what.split(", ")]
    return bool(head) and (head in what.casefold() or any(len(p) >= 3 and head.startswith(p) for p in parts))


def not_saved(reason: Exception | str, what: str = "") -> str:
    """«Не сохранено: <why>», or «<what>: не сохранено — <why>»: said once, also when the reason says it already."""
    return f"{what}: не сохранено — {_why(reason, what)}" if what else f"Не сохранено: {_why(reason)}"


def not_pasted(reason: Exception | str) -> str:
    """«Вставка не выполнена: <why>» — not «Вставка не выполнена: Изменение не сохранено: …»."""
    return f"Вставка не выполнена: {_why(reason)}"


def parse_number(text: str, example: str = "1 250 или 4,14") -> float | None:
    """Parse a number typed the Russian way ('85 199', '4,14'); empty text gives None. `example`: what a refusal
    suggests typing instead."""
    cleaned = _SPACES.sub("", text or "")
    if not cleaned:
        return None
    if cleaned.startswith(("<", ">", "≤", "≥")):
        rest = cleaned.lstrip("<>≤≥=") or "25"
        raise InputRefused(f"«{text.strip()}» — знак «{cleaned[0]}» не принимается: введите точное значение "
                           f"числом, например {rest}")
    if not _NUMBER.fullmatch(cleaned):
        with_unit = _NUMBER_WITH_UNIT.fullmatch(text.strip())
        if with_unit:
            raise InputRefused(f"«{text.strip()}» — введите только число, без «{with_unit.group(2)}»: "
                               f"{with_unit.group(1).strip()}")
        raise InputRefused(f"«{text.strip()}» — не число. Введите число, например {example}")
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):
        raise InputRefused(f"«{text.strip()}» — слишком большое число")
    return value


def is_whole(value: float) -> bool:
    """Whether a count is one: a whole number exactly, with no fraction however small — 1e-20 is not 0 (arithmetic
    would use it as it is and divide by it), nor is 2,0000001 two. The one rule for counts wherever they enter: typed
    here, from a book, from JSON (model/base/numbers.py, model/scoring/score.py)."""
    return math.isfinite(value) and value == math.floor(value)


def parse_count(text: str) -> int | None:
    """Parse a whole non-negative count ('1 250'); empty text gives None."""
    value = parse_number(text, "4 или 1 250")
    if value is None:
        return None
    if value < 0:
        raise InputRefused("Количество не может быть отрицательным")
    if not is_whole(value):
        raise InputRefused(f"«{text.strip()}» — количество должно быть целым числом, например "
                           f"{format_count(max(round(value), 0))}")
    if value > 10**12:
        raise InputRefused(f"«{text.strip()}» — слишком большое число")
    return int(value)


def format_number(value: float | None, decimals: int = 2) -> str:
    """Format with a decimal comma and spaces between thousands; trailing zeros dropped."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in ("-0", "") else text


def format_count(value: float | None) -> str:
    """Format a whole count: '85 199'."""
    return "" if value is None else format_number(float(value), 0)


def format_percent(value: float | None) -> str:
    """Format a score for display: two decimals, Russian style ('72,50')."""
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


NBSP = "\u00a0"
# Where a line of running text on screen must not break: between a word or «№» and the number after it («из 32»,
# «на 3072», «№ 38»), a number and the word or sign after it («3072 дня», «2018 года»), a one-letter word and the
# next («в срок»)
_UNBROKEN = re.compile(r"(?<=[А-Яа-яЁёA-Za-z№]) (?=[0-9])|(?<=[0-9]) (?=[а-яё%])|(?<![^\s(«])([ВКСОУИАвксоуиа]) ")


def unbroken(text: str) -> str:
    """Text for a label that wraps, with no-break spaces where a line must not break: a number stays with the word
    before it and the word after it, a one-letter preposition with its word — «выполнено 32 из 32, в срок 32» never
    leaves «32» alone on the next line."""
    return _UNBROKEN.sub(lambda m: (m.group(1) or "") + NBSP, text)


def percent_text(value: float | None, decimals: int | None = None) -> str:
    """A percentage with its sign for running text: «75,00 %», the two joined so a line never breaks between them.
    A score has two decimals; with `decimals` other figures («изменение 62,5 %», «допустимо 50 %») drop trailing
    zeros as format_number does."""
    if value is None:
        return "—"
    return f"{format_percent(value) if decimals is None else format_number(value, decimals)}{NBSP}%"


def parse_date(text: str) -> date:
    """Parse a date typed as dd.mm.yyyy (or with / or -), or as eight digits: 12042018."""
    match = _DATE.fullmatch((text or "").strip())
    if not match:
        raise InputRefused(f"«{(text or '').strip()}» — дата вводится как дд.мм.гггг, например 15.04.2018 "
                           "(можно без точек: 15042018)")
    day, month, year = (int(g) for g in match.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        raise InputRefused(f"«{text.strip()}» — такой даты нет в календаре") from None


def parse_optional_date(text: str) -> date | None:
    """As parse_date; an empty field is no date."""
    return parse_date(text) if (text or "").strip() else None


def format_date(value: date | None) -> str:
    """Format as dd.MM.yyyy."""
    return "" if value is None else value.strftime("%d.%m.%Y")


# What is not text, for every text the program takes in (a methodology's, a book's, a list's, one typed): the control
# characters (Cc: C0, DEL, C1), the invisible format characters (Cf: the direction marks, embeddings, overrides and
# isolates U+200E/F, U+202A–E, U+2066–9 that make a name read other than it is written; zero-width spaces and joiners;
# a byte-order mark inside a text; the soft hyphen) and the line and paragraph separators (Zl, Zp). Two names that
# look alike are then equal, and a ranking cannot be spoofed.
_NOT_TEXT = ("Cc", "Cf", "Zl", "Zp")


def control_char(text: str, multiline: bool = False) -> str | None:
    """The first character of the text that is not text (above), or None; a line break or a tab is text only where
    the text may have several lines (`multiline`)."""
    # Python's «printable» leaves out every character of those categories (and the other separators): a text that
    # is printable as it is, or without its line breaks and tabs where they are text, is checked at C speed.
    if text.isprintable() or (multiline and text.replace("\n", "").replace("\t", "").isprintable()):
        return None
    for ch in text:
        if ch in "\n\t" and multiline:
            continue
        if unicodedata.category(ch) in _NOT_TEXT:
            return ch
    return None


_DIRECTION = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")


def describe_char(ch: str, text: str) -> str:
    """What the character is and where, in Russian words (a user cannot see it, and a code like U+FEFF says
    nothing): «знак направления письма после «Район»», «код 27 в начале»."""
    if ch == "\n":
        kind = "перевод строки"
    elif ch == "\t":
        kind = "табуляция"
    elif ch in _DIRECTION:
        kind = "знак направления письма"
    elif ch in _ZERO_WIDTH:
        kind = "невидимый пробел"
    elif ch == "\u00ad":
        kind = "мягкий перенос"
    elif unicodedata.category(ch) in ("Zl", "Zp"):
        kind = "разделитель строк"
    elif unicodedata.category(ch) == "Cf":
        kind = "невидимый знак форматирования"
    else:
        kind = f"код {ord(ch)}"
    before = text[:text.index(ch)].strip()[-20:] if ch in text else ""
    return f"{kind} после «{before}»" if before else f"{kind} в начале"


def control_problem(ch: str, text: str) -> str:
    """What is said of a text holding `ch`: «текст содержит управляющие символы (знак направления письма после
    «Район») — удалите их»."""
    return f"текст содержит управляющие символы ({describe_char(ch, text)}) — удалите их"


def clean_text(text: str, what: str, multiline: bool = True) -> str:
    """User text as stored: trimmed, without control or invisible characters (control_char); a line break or a tab
    only in a `multiline` text."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise InputRefused(f"{what}: слишком длинный текст — знаков {format_count(len(text))}, допустимо не больше "
                           f"{format_count(MAX_TEXT)}")
    bad = control_char(text, multiline)
    if bad is not None:
        raise InputRefused(f"{what}: {control_problem(bad, text)}")
    return text


def parse_non_negative(text: str) -> float | None:
    """Parse a number that cannot be negative (a target, a population share); empty text gives None."""
    value = parse_number(text)
    if value is not None and value < 0:
        raise InputRefused("Значение не может быть отрицательным")
    return value
