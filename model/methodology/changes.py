"""What a newer version of a methodology changes, in the methodology's own words: one line a change, grouped by
section and item, the same lines everywhere — `methodology install` and `methodology diff` print them, the window
shows them, and the annex to the ministry's order (model/reports/pdf_changes.py) prints them.

Items are matched first by identical content (an item renumbered or moved keeps its identity), then by number; an
input by its key within its item, an option by its value, then by its text. Nothing internal is ever said: not a
rule's name in the file nor an input's key — the rule's Russian name, the input's label.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from model.base.ru import format_number
from model.methodology.rules import RULES
from model.methodology.types import InputField, Item, Methodology, Option, Section

SHORT = 100  # a text this long or shorter is quoted whole, before and after
KINDS = {"count": "количество", "flag": "да/нет", "level": "выбор из вариантов"}
SUGGESTIONS = {"esia_quarter": "регистрации квартала из плана регистраций в ЕСИА"}
FROM_CENTER = {"badges": "бейджи сотрудников", "schedule": "опубликованный график работы"}


@dataclass(frozen=True)
class Change:
    """One change: `group` is where it belongs in the annex («Заголовок методики», «Раздел 2. Информирование…»),
    `place` the thing changed («пункт 2.6», «раздел 2», «итог», «методика»), `what` the change itself, `line` the
    whole sentence printed on the command line."""

    group: str
    place: str
    what: str
    line: str


def changes(old: Methodology, new: Methodology) -> list[str]:
    """What a newer version changes, in Russian, one line a change."""
    return [c.line for c in change_list(old, new)]


def number_text(value: float) -> str:
    """A methodology's number as written, without rounding it away (0,125 stays 0,125)."""
    return format_number(value, 6)


def _q(text: str) -> str:
    return f"«{' '.join(text.split())}»"  # a line break or a run of spaces in a text is one space on the annex


def text_change(name: str, before: str, after: str) -> str | None:
    """A text's change: short ones whole («…» → «…»), a long one by the words removed, added or replaced when
    those are a small part of it, otherwise its new wording whole."""
    a, b = " ".join(before.split()), " ".join(after.split())
    if a == b:
        return None
    if not a:
        return f"{name} — добавлено: {_q(b)}"
    if not b:
        return f"{name} — исключено (было {_q(a)})"
    if len(a) <= SHORT and len(b) <= SHORT:
        return f"{name} {_q(a)} → {_q(b)}"
    old_words, new_words = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, [w for w, _, _ in old_words], [w for w, _, _ in new_words],
                                      autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    changed = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in edits)
    if len(edits) > 3 or changed * 2 > max(len(old_words), len(new_words)):
        return f"{name} — в новой редакции: {_q(b)}"
    parts = []
    for tag, i1, i2, j1, j2 in edits:
        removed, added = _Span(a, old_words[i1:i2]), _Span(b, new_words[j1:j2])
        if tag == "replace":
            parts.append(f"{removed.noun('слово', 'слова', 'знак', 'знаки')} {_q(removed.text)} "
                         f"{'заменено' if removed.one() else 'заменены'} "
                         f"{added.noun('словом', 'словами', 'знаком', 'знаками')} {_q(added.text)}")
        elif tag == "delete":
            parts.append(f"{'исключено' if removed.one() else 'исключены'} "
                         f"{removed.noun('слово', 'слова', 'знак', 'знаки')} {_q(removed.text)}")
        else:
            start, seen = j1, 0
            while start > 0 and seen < 3:  # three words before it, with the marks among them
                start -= 1
                seen += new_words[start][0][0].isalnum()
            context = _Span(b, new_words[start:j1])
            where = f" после слов {_q(context.text)}" if context.text else " в начале"
            parts.append(f"{'добавлено' if added.one() else 'добавлены'} "
                         f"{added.noun('слово', 'слова', 'знак', 'знаки')} {_q(added.text)}{where}")
    return f"{name} — " + "; ".join(parts)


_TOKEN = re.compile(r"\w+(?:[-']\w+)*|[^\w\s]")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words and the marks of a text, each with where it stands: a change is found word by word, a comma apart."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class _Span:
    """Some consecutive words of a text, quoted as they stand in it (with their spaces and marks)."""

    def __init__(self, text: str, tokens: list[tuple[str, int, int]]) -> None:
        self.text = text[tokens[0][1]:tokens[-1][2]] if tokens else ""
        self.words = sum(1 for w, _, _ in tokens if w[0].isalnum() or w[0] == "_")  # the rest are marks
        self.count = len(tokens)

    def one(self) -> bool:
        return self.count == 1

    def noun(self, word: str, words: str, mark: str, marks: str) -> str:
        if self.words == 0:
            return mark if self.count == 1 else marks
        return word if self.count == 1 else words


def rule_name(rule: str) -> str:
    """The rule's Russian name («уровни», «целевое значение»); a rule without a short name is said by its title."""
    known = RULES.get(rule)
    if known is None:
        return "неизвестное правило"
    return known.short or known.title


def rule_words(item: Item) -> str:
    """The item's rule with its own parameter: «целевое значение 3», «требования, вес 0,25», «доля», «уровни»."""
    name = rule_name(item.rule)
    if item.rule == "target":
        return f"{name} {number_text(item.target)}"
    if item.rule == "flags":
        return f"{name}, вес {number_text(item.weight)}"
    return name


def pairs_words(item: Item) -> str:
    return "; ".join(f"{_q(item.label(a))} / {_q(item.label(b))}" for a, b in item.pairs)


def option_words(o: Option) -> str:
    return f"{_q(o.text)} — {number_text(o.value)}"


def input_words(f: InputField) -> str:
    """An input described whole: its label, its kind and its options."""
    out = f"{_q(f.label)} ({KINDS.get(f.kind, f.kind)}"
    if f.options:
        out += ": " + ", ".join(option_words(o) for o in f.options)
    return out + ")"


def item_words(item: Item) -> str:
    """An added item described whole, as the annex needs it."""
    parts = [_q(item.content), f"ответственные исполнители — {_q(item.executors)}",
             f"срок исполнения — {_q(item.deadline)}", f"ожидаемые результаты — {_q(item.results)}",
             f"формула — {_q(item.formula)}", f"правило расчёта — {rule_words(item)}",
             f"максимальное значение {number_text(item.max)}"]
    if item.pairs:
        parts.append(f"доли — {pairs_words(item)}")
    parts.append("исходные данные — " + "; ".join(input_words(f) for f in item.inputs))
    if item.events:
        parts.append("в отчёте перечисляются мероприятия" + (f": {_q(item.events_prompt)}" if item.events_prompt
                                                             else ""))
    return "; ".join(parts)


class _Out:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, group: str, place: str, what: str | None, line: str | None = None) -> None:
        if what:
            self.changes.append(Change(group, place, what, line or f"{place}: {what}"))

    def each(self, group: str, place: str, whats: Iterable[str | None]) -> None:
        for what in whats:
            self.add(group, place, what)


def _was(name: str, before: float, after: float) -> str | None:
    return None if before == after else f"{name} {number_text(before)} → {number_text(after)}"


def _yes(before: bool, after: bool, now: str, no_longer: str) -> str | None:
    return None if before == after else (now if after else no_longer)


def _number_key(number: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", number))


def section_group(s: Section) -> str:
    return f"Раздел {s.number}. {' '.join(s.title.split())}"


def change_list(old: Methodology, new: Methodology) -> list[Change]:
    """Every change from old to new, in the order of the new methodology: its header, its total, then section by
    section, each section's own changes before its items'."""
    out = _Out()
    head, group = "методика", "Заголовок методики"
    out.each(group, head, [
        None if old.years == new.years else f"годы действия — {old.years_text()} → {new.years_text()}",
        text_change("название", old.title, new.title),
        text_change("основание", old.source, new.source),
        text_change("заголовок подтверждения выполнения", old.evidence_title, new.evidence_title)])
    t_old, t_new, group = old.total, new.total, "Итоговая оценка"
    out.each(group, "итог", [
        text_change("обозначение", t_old.code, t_new.code), text_change("название", t_old.title, t_new.title),
        text_change("формула", t_old.formula, t_new.formula), _was("делитель", t_old.divisor, t_new.divisor),
        _was("максимальное значение", t_old.max, t_new.max)])

    pairs = _match_items(old, new)
    matched_old = {id(o) for o, _ in pairs.values()}
    old_section_of = {id(i): s for s in old.sections for i in s.items}
    old_sections = {s.number: s for s in old.sections}
    for s in new.sections:
        group = section_group(s)
        before = old_sections.get(s.number)
        if before is None:
            out.add(group, f"раздел {s.number}", f"добавлен: {_q(s.title)}; формула — {_q(s.formula)}; делитель "
                    f"{number_text(s.divisor)}; максимальное значение {number_text(s.max)}",
                    f"добавлен раздел {s.number} {_q(s.title)}: формула — {_q(s.formula)}; делитель "
                    f"{number_text(s.divisor)}; максимальное значение {number_text(s.max)}")
        else:
            _section(out, group, before, s)
        rows: list[tuple[str, Item | None, Item | None]] = []
        for item in s.items:
            found = pairs.get(id(item))
            rows.append((item.number, found[0] if found else None, item))
        if before is not None:
            rows += [(i.number, i, None) for i in before.items if id(i) not in matched_old]
        rows.sort(key=lambda r: _number_key(r[0]))
        for _, was, now in rows:
            _item(out, group, was, now, old_section_of)
        if before is not None:
            kept = [pairs[id(i)][0].number for i in s.items if id(i) in pairs and pairs[id(i)][0].number == i.number]
            old_order = [i.number for i in before.items if i.number in kept]
            if kept != old_order:
                out.add(group, f"раздел {s.number}", "пункты переставлены: теперь " + ", ".join(
                    i.number for i in s.items))
    new_numbers = {s.number for s in new.sections}
    for s in old.sections:
        if s.number in new_numbers:
            continue
        group = section_group(s)
        out.add(group, f"раздел {s.number}", f"исключён: {_q(s.title)}",
                f"исключён раздел {s.number} {_q(s.title)}")
        for item in s.items:
            if id(item) not in matched_old:
                _item(out, group, item, None, old_section_of)
    return out.changes


def _match_items(old: Methodology, new: Methodology) -> dict[int, tuple[Item, Item]]:
    """New item's id → (old item, new item): the same content first (unique on both sides), then the same number."""
    found: dict[int, tuple[Item, Item]] = {}
    used: set[int] = set()

    def unique(items: list[Item]) -> dict[str, Item]:
        texts = [" ".join(i.content.split()) for i in items]
        return {t: i for t, i in zip(texts, items, strict=True) if texts.count(t) == 1}

    old_by_text, new_by_text = unique(old.items()), unique(new.items())
    for text, item in new_by_text.items():
        if text in old_by_text:
            found[id(item)] = (old_by_text[text], item)
            used.add(id(old_by_text[text]))
    old_by_number = {i.number: i for i in old.items() if id(i) not in used}
    for item in new.items():
        if id(item) not in found and item.number in old_by_number:
            found[id(item)] = (old_by_number.pop(item.number), item)
    return found


def _section(out: _Out, group: str, a: Section, b: Section) -> None:
    out.each(group, f"раздел {b.number}", [
        text_change("обозначение", a.code, b.code), text_change("название", a.title, b.title),
        text_change("краткое название", a.short_title, b.short_title), text_change("формула", a.formula, b.formula),
        _was("делитель", a.divisor, b.divisor), _was("максимальное значение", a.max, b.max)])


def _item(out: _Out, group: str, a: Item | None, b: Item | None, old_section_of: dict[int, Section]) -> None:
    if a is None and b is not None:
        what = item_words(b)
        out.add(group, f"пункт {b.number}", f"добавлен: {what}", f"добавлен пункт {b.number}: {what}")
        return
    if b is None and a is not None:
        what = _q(a.content)
        out.add(group, f"пункт {a.number}", f"исключён: {what}", f"исключён пункт {a.number}: {what}")
        return
    assert a is not None and b is not None
    place = f"пункт {b.number}"
    if a.number != b.number:
        was_in = old_section_of[id(a)].number
        now_in = b.number.split(".")[0]  # numbers start with their section's (the loader checks it)
        moved = (f"перенесён из раздела {was_in}, был пунктом {a.number}" if was_in != now_in
                 else f"прежний номер {a.number}")
        out.add(group, place, moved, f"пункт {a.number} стал пунктом {b.number}"
                + (f" (перенесён из раздела {was_in})" if was_in != now_in else ""))
    rule_same = a.rule == b.rule
    out.each(group, place, [
        text_change("обозначение", a.code, b.code), text_change("содержание", a.content, b.content),
        text_change("ответственные исполнители", a.executors, b.executors),
        text_change("срок исполнения", a.deadline, b.deadline),
        text_change("ожидаемые результаты", a.results, b.results), text_change("формула", a.formula, b.formula),
        None if rule_same else f"правило расчёта — {rule_words(a)} → {rule_words(b)}",
        _was("целевое значение", a.target, b.target) if rule_same and a.rule == "target" else None,
        _was("вес требования", a.weight, b.weight) if rule_same and a.rule == "flags" else None,
        _was("максимальное значение", a.max, b.max)])
    if b.pairs and pairs_words(a) != pairs_words(b):
        out.add(group, place, f"доли — {pairs_words(a)} → {pairs_words(b)}" if a.pairs else
                f"доли — {pairs_words(b)}")
    out.each(group, place, [
        _yes(a.part_of, b.part_of, "числитель доли — часть знаменателя: больше него не принимается",
             "числитель доли больше не считается частью знаменателя: может быть больше него")
        if a.rule == b.rule == "ratios" else None,
        _yes(a.derive == "centers", b.derive == "centers",
             "при наличии центров обслуживания оценка — среднее по центрам",
             "оценка больше не считается как среднее по центрам обслуживания"),
        _yes(a.events, b.events, "в отчёте перечисляются мероприятия (дата, место, тема)",
             "мероприятия в отчёте больше не перечисляются"),
        text_change("подсказка к перечню мероприятий", a.events_prompt, b.events_prompt),
        text_change("подсказка к подтверждению выполнения", a.evidence_prompt, b.evidence_prompt)])
    _inputs(out, group, place, a, b)


def _inputs(out: _Out, group: str, place: str, a: Item, b: Item) -> None:
    old = {f.key: f for f in a.inputs}
    new = {f.key: f for f in b.inputs}
    for f in a.inputs:
        if f.key not in new:
            out.add(group, place, f"исключено поле {input_words(f)}")
    for f in b.inputs:
        if f.key not in old:
            out.add(group, place, f"добавлено поле {input_words(f)}")
    for f in b.inputs:
        before = old.get(f.key)
        if before is not None:
            _input(out, group, place, before, f)
    kept_old = [f.key for f in a.inputs if f.key in new]
    kept_new = [f.key for f in b.inputs if f.key in old]
    if kept_old != kept_new:
        out.add(group, place, "поля переставлены: теперь " + ", ".join(_q(f.label) for f in b.inputs))


def _input(out: _Out, group: str, place: str, a: InputField, b: InputField) -> None:
    if a.label != b.label:
        out.add(group, place, f"поле {_q(a.label)} теперь называется {_q(b.label)}")
    field = f"поле {_q(b.label)}"
    out.each(group, place, [
        None if a.kind == b.kind else f"{field}: вид — {KINDS.get(a.kind, a.kind)} → {KINDS.get(b.kind, b.kind)}",
        text_change(f"{field}: пояснение", a.hint, b.hint),
        text_change(f"{field}: краткое название", a.short, b.short),
        _yes(a.carry_over, b.carry_over, f"{field}: снова копируется из прошлого квартала",
             f"{field}: больше не копируется из прошлого квартала"),
        None if a.suggest == b.suggest else (
            f"{field}: программа предлагает {SUGGESTIONS.get(b.suggest, b.suggest)}" if b.suggest
            else f"{field}: программа больше не предлагает {SUGGESTIONS.get(a.suggest, a.suggest)}"),
        None if a.from_center == b.from_center else (
            f"{field}: отмечается по карточкам центров обслуживания ({FROM_CENTER.get(b.from_center, '')})"
            if b.from_center else f"{field}: больше не отмечается по карточкам центров обслуживания")])
    _options(out, group, place, field, a.options, b.options)


def _options(out: _Out, group: str, place: str, field: str, a: tuple[Option, ...], b: tuple[Option, ...]) -> None:
    def same(x: float, y: float) -> bool:
        return abs(x - y) < 1e-9

    left, right = list(a), list(b)
    for o in b:  # the same value: its text may have changed
        was = next((x for x in left if same(x.value, o.value)), None)
        if was is not None:
            left.remove(was)
            right.remove(o)
            out.add(group, place, text_change(f"{field}: вариант со значением {number_text(o.value)}", was.text,
                                              o.text))
    for o in list(right):  # the same text: its value has changed
        was = next((x for x in left if x.text.strip() == o.text.strip()), None)
        if was is not None:
            left.remove(was)
            right.remove(o)
            out.add(group, place, f"{field}: вариант {_q(o.text)} — значение {number_text(was.value)} → "
                                  f"{number_text(o.value)}")
    for o in left:
        out.add(group, place, f"{field}: исключён вариант {option_words(o)}")
    for o in right:
        out.add(group, place, f"{field}: добавлен вариант {option_words(o)}")
    if not left and not right and len(a) == len(b) and not all(
            same(x.value, y.value) for x, y in zip(a, b, strict=True)):
        out.add(group, place, f"{field}: варианты переставлены: теперь " + ", ".join(_q(o.text) for o in b))
