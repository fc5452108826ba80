"""What a newer methodology changes, in its own words: the guide's 2027 example against 2018 line by line, and each
kind of change on its own and together (every line the methodology's words, never a rule's or an input's name)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.methodology import load_methodology, registry
from model.methodology.changes import change_list, changes, text_change
from model.methodology.rules import RULES
from model.methodology.types import InputField, Item, Methodology, Option, Section

ROOT = Path(__file__).resolve().parents[3]
M2018 = load_methodology(ROOT / "resources" / "methodologies" / "popularization-2018.toml")
M2027 = load_methodology(ROOT / "docs" / "examples" / "popularization-2027.toml")

GUIDE_2027 = [
    "методика: годы действия — 2018 год → 2027 год",
    "методика: название — слово «2018» заменено словом «2027»",
    "методика: основание — в новой редакции: «Пример региональной методики на 2027 год (руководство методиста, "
    "docs/методика.md)»",
    "раздел 2: формула «P2 = (P21 + P22 + P23 + P24 + P25 + P26 + P27 + P28) / 7» → "
    "«P2 = (P21 + P22 + P23 + P24 + P25 + P26 + P27 + P28 + P29) / 8»",
    "раздел 2: делитель 7 → 8",
    "пункт 2.6: содержание — исключены слова «в том в том числе, обмен положительным опытом по использованию "
    "механизма получения государственных и муниципальных услуг в электронном виде,»",
    "пункт 2.6: срок исполнения «На постоянной основе» → «Ежеквартально»",
    "пункт 2.6: ожидаемые результаты — в новой редакции: «Не менее трёх информационных бесед или обучающих семинаров "
    "в квартал.»",
    "пункт 2.6: формула «P26 = n × 100» → «P26 = A / 3 × 100, где A — число проведённых за квартал бесед и семинаров "
    "(не более 100)»",
    "пункт 2.6: правило расчёта — уровни → целевое значение 3",
    "пункт 2.6: подсказка к перечню мероприятий «При подготовке отчёта укажите дату и тему проведённого обучающего "
    "семинара.» → «Укажите дату, место и тему каждой беседы или семинара.»",
    "пункт 2.6: исключено поле «Информационные беседы и обучающие семинары» (выбор из вариантов: «информационные "
    "беседы и обучающие семинары не проводятся» — 0, «информационные беседы и обучающие семинары проводятся реже чем "
    "1-2 раз в квартал» — 0,5, «информационные беседы и обучающие семинары проводятся с периодичностью более 1-2 раз "
    "в квартал» — 1)",
    "пункт 2.6: добавлено поле «Проведено бесед и семинаров за квартал» (количество)",
    "пункт 2.7: срок исполнения «2018 год» → «2027 год»",
    "добавлен пункт 2.9: «Размещение информации о получении государственных и муниципальных услуг в электронном виде "
    "в местных средствах массовой информации (газеты, радио, телевидение).»; ответственные исполнители — "
    "«руководитель администрации муниципального района»; срок исполнения — «Ежеквартально»; ожидаемые результаты — "
    "«Жители района узнают о возможностях портала государственных услуг из местных средств массовой информации.»; "
    "формула — «P29 = n × 100»; правило расчёта — уровни; максимальное значение 100; исходные данные — «Публикации "
    "в местных СМИ» (выбор из вариантов: «публикаций нет» — 0, «одна публикация за квартал» — 0,5, «две публикации "
    "за квартал и больше» — 1)",
    "пункт 3.3: срок исполнения «2018 год» → «2027 год»",
]


def test_the_guides_2027_example_against_2018_line_by_line():
    assert changes(M2018, M2027) == GUIDE_2027
    assert registry.changes(M2018, M2027) == GUIDE_2027  # the registry's name for it is the same function


def test_changes_are_grouped_by_the_header_and_each_section_in_order():
    groups = [c.group for c in change_list(M2018, M2027)]
    assert list(dict.fromkeys(groups)) == [
        "Заголовок методики",
        "Раздел 2. Информирование населения о возможностях и преимуществах получения государственных и муниципальных "
        "услуг в электронном виде",
        "Раздел 3. Популяризация получения государственных и муниципальных услуг в электронном виде в сфере "
        "образования"]
    places = [c.place for c in change_list(M2018, M2027)]
    assert places[:5] == ["методика"] * 3 + ["раздел 2"] * 2 and places[-2:] == ["пункт 2.9", "пункт 3.3"]


def test_back_from_2027_to_2018_says_the_opposite():
    back = changes(M2027, M2018)
    assert "исключён пункт 2.9: «Размещение информации о получении государственных и муниципальных услуг в "\
           "электронном виде в местных средствах массовой информации (газеты, радио, телевидение).»" in back
    assert "пункт 2.6: правило расчёта — целевое значение 3 → уровни" in back
    assert "раздел 2: делитель 8 → 7" in back
    assert any(line.startswith("пункт 2.6: содержание — добавлены слова «в том в том числе,") and
               line.endswith("после слов «и т. д.,»") for line in back)


@pytest.mark.parametrize("m", [M2018, M2027])
def test_a_methodology_against_itself_changes_nothing(m):
    assert changes(m, m) == []
    assert changes(m, replace(m, version="9.9", path=None)) == []  # the version alone is no change of content


# -- building variants -----------------------------------------------------------------------------------------
def section_of(m: Methodology, number: str) -> Section:
    return next(s for s in m.sections if s.number == number)


def with_section(m: Methodology, number: str, **fields) -> Methodology:
    return replace(m, sections=tuple(replace(s, **fields) if s.number == number else s for s in m.sections))


def with_item(m: Methodology, number: str, **fields) -> Methodology:
    return replace(m, sections=tuple(replace(s, items=tuple(replace(i, **fields) if i.number == number else i
                                                            for i in s.items)) for s in m.sections))


def with_input(m: Methodology, number: str, key: str, **fields) -> Methodology:
    item = m.item(number)
    return with_item(m, number, inputs=tuple(replace(f, **fields) if f.key == key else f for f in item.inputs))


def with_items(m: Methodology, section: str, items: list[Item]) -> Methodology:
    return with_section(m, section, items=tuple(items))


def options(m: Methodology, number: str, key: str = "n") -> tuple[Option, ...]:
    return m.item(number).input(key).options


S2 = section_of(M2018, "2")
ITEM_28 = M2018.item("2.8")

# (a variant of 2018 or of 2027, the line its change gives) — each a kind of change the annex must say
CASES: list[tuple[str, Methodology, Methodology, str]] = [
    ("years", M2018, replace(M2018, years=(2018, 2019)), "методика: годы действия — 2018 год → 2018, 2019 годы"),
    ("title", M2018, replace(M2018, title="План на 2018 год"),
     "методика: название — в новой редакции: «План на 2018 год»"),
    ("source", M2018, replace(M2018, source="Приказ № 1"), "методика: основание — в новой редакции: «Приказ № 1»"),
    ("source added", replace(M2018, source=""), M2018, "методика: основание — добавлено: «Приложение 1 к "
     "постановлению администрации муниципального района «Калганский район» от 24 мая 2018 года № 228»"),
    ("evidence title", M2018, replace(M2018, evidence_title="Подтверждение"),
     "методика: заголовок подтверждения выполнения «Подтверждение выполнения: дополнительная информация / ссылки на "
     "размещённые материалы» → «Подтверждение»"),
    ("total formula", M2018, replace(M2018, total=replace(M2018.total, formula="P = (P1 + P2 + P3 + P4) / 4")),
     "итог: формула «P = (P1 + P2 + P3) / 3» → «P = (P1 + P2 + P3 + P4) / 4»"),
    ("total divisor", M2018, replace(M2018, total=replace(M2018.total, divisor=4)), "итог: делитель 3 → 4"),
    ("total max", M2018, replace(M2018, total=replace(M2018.total, max=10)), "итог: максимальное значение 100 → 10"),
    ("total title", M2018, replace(M2018, total=replace(M2018.total, title="Итоговая оценка")),
     "итог: название «Оценка уровня проделанной работы» → «Итоговая оценка»"),
    ("section title", M2018, with_section(M2018, "3", short_title="Образование"),
     "раздел 3: краткое название «Популяризация в сфере образования» → «Образование»"),
    ("section max", M2018, with_section(M2018, "1", max=50), "раздел 1: максимальное значение 100 → 50"),
    ("section code", M2018, with_section(M2018, "1", code="Q1"), "раздел 1: обозначение «P1» → «Q1»"),
    ("item executors", M2018, with_item(M2018, "2.5", executors="глава района"),
     "пункт 2.5: ответственные исполнители «руководитель администрации муниципального района» → «глава района»"),
    ("item content words", M2018, with_item(M2018, "2.2", content=M2018.item("2.2").content.replace(
        "на информационных стендах", "на стендах")),
     "пункт 2.2: содержание — исключено слово «информационных»"),
    ("item content replaced", M2018, with_item(M2018, "2.2", content=M2018.item("2.2").content.replace(
        "в общественных местах", "в людных местах")),
     "пункт 2.2: содержание — слово «общественных» заменено словом «людных»"),
    ("item results inserted", M2018, with_item(M2018, "2.4", results=M2018.item("2.4").results.replace(
        "размещён баннер-ссылка", "размещён и обновляется баннер-ссылка")),
     "пункт 2.4: ожидаемые результаты — добавлены слова «и обновляется» после слов «подведомственных учреждений "
     "размещён»"),
    ("item formula", M2018, with_item(M2018, "2.4", formula="P24 = n × 200"),
     "пункт 2.4: формула «P24 = n × 100» → «P24 = n × 200»"),
    ("item max", M2018, with_item(M2018, "2.4", max=100), "пункт 2.4: максимальное значение 50 → 100"),
    ("item code", M2018, with_item(M2018, "2.4", code="P2_4"), "пункт 2.4: обозначение «P24» → «P2_4»"),
    ("target", M2027, with_item(M2027, "2.6", target=4), "пункт 2.6: целевое значение 3 → 4"),
    ("weight", M2018, with_item(M2018, "1.2", weight=0.2), "пункт 1.2: вес требования 0,25 → 0,2"),
    ("weight exact", M2018, with_item(M2018, "1.2", weight=0.125), "пункт 1.2: вес требования 0,25 → 0,125"),
    ("rule", M2018, with_item(M2018, "2.8", rule="target", target=2),
     "пункт 2.8: правило расчёта — уровни → целевое значение 2"),
    ("rule to requirements", M2018, with_item(M2018, "2.8", rule="flags", weight=0.5),
     "пункт 2.8: правило расчёта — уровни → требования, вес 0,5"),
    ("events off", M2018, with_item(M2018, "2.6", events=False),
     "пункт 2.6: мероприятия в отчёте больше не перечисляются"),
    ("events on", M2018, with_item(M2018, "2.5", events=True),
     "пункт 2.5: в отчёте перечисляются мероприятия (дата, место, тема)"),
    ("events prompt added", M2018, with_item(M2018, "2.5", events_prompt="Укажите дату."),
     "пункт 2.5: подсказка к перечню мероприятий — добавлено: «Укажите дату.»"),
    ("evidence prompt removed", M2018, with_item(M2018, "3.3", evidence_prompt=""),
     "пункт 3.3: подсказка к подтверждению выполнения — исключено (было «Перечислите обучающие программы/курсы "
     "(лекции, уроки), включённые в просветительские и образовательные программы, и соответствующие им "
     "мероприятия.»)"),
    ("derive", M2018, with_item(M2018, "1.2", derive=""),
     "пункт 1.2: оценка больше не считается как среднее по центрам обслуживания"),
    ("part of", M2018, with_item(M2018, "1.3", part_of=True),
     "пункт 1.3: числитель доли — часть знаменателя: больше него не принимается"),
    ("pairs", M2018, with_item(M2018, "1.1", pairs=(("A1", "B1"), ("A2", "B1"))),
     "пункт 1.1: доли — «Муниципальные служащие, зарегистрированные в ЕСИА (A)» / «Муниципальные служащие, всего "
     "(B)»; «Работники подведомственных предприятий и учреждений, зарегистрированные в ЕСИА (A)» / «Работники "
     "подведомственных предприятий и учреждений, всего (B)» → «Муниципальные служащие, зарегистрированные в ЕСИА "
     "(A)» / «Муниципальные служащие, всего (B)»; «Работники подведомственных предприятий и учреждений, "
     "зарегистрированные в ЕСИА (A)» / «Муниципальные служащие, всего (B)»"),
    ("input relabelled", M2018, with_input(M2018, "2.4", "n", label="Баннер на сайте"),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ» теперь называется «Баннер на сайте»"),
    ("input hint", M2018, with_input(M2018, "1.3", "C", hint="С — по рейтингу"),
     "пункт 1.3: поле «Граждане, учётные записи которых необходимо подтвердить (C)»: пояснение — в новой редакции: "
     "«С — по рейтингу»"),
    ("input short", M2018, with_input(M2018, "1.2", "req3", short="Табличка"),
     "пункт 1.2: поле «у входа в помещение, где располагается Центр обслуживания, размещена вывеска о наличии "
     "данного Центра»: краткое название «Вывеска» → «Табличка»"),
    ("carry over", M2018, with_input(M2018, "1.3", "C", carry_over=False),
     "пункт 1.3: поле «Граждане, учётные записи которых необходимо подтвердить (C)»: больше не копируется из "
     "прошлого квартала"),
    ("suggest", M2018, with_input(M2018, "1.3", "A", suggest=""),
     "пункт 1.3: поле «Фактический прирост зарегистрированных в ЕСИА граждан (A)»: программа больше не предлагает "
     "регистрации квартала из плана регистраций в ЕСИА"),
    ("from center", M2018, with_input(M2018, "1.2", "req3", from_center="schedule"),
     "пункт 1.2: поле «у входа в помещение, где располагается Центр обслуживания, размещена вывеска о наличии "
     "данного Центра»: отмечается по карточкам центров обслуживания (опубликованный график работы)"),
    ("input kind", M2018, with_input(M2018, "2.1", "A", kind="level"),
     "пункт 2.1: поле «Проинформированные заявители, обратившиеся лично (A)»: вид — количество → выбор из "
     "вариантов"),
    ("input added", M2018, with_item(M2018, "2.4", inputs=(*M2018.item("2.4").inputs, InputField(
        "m", "level", "Баннер в соцсетях", options=(Option(0, "нет"), Option(0.5, "есть"))))),
     "пункт 2.4: добавлено поле «Баннер в соцсетях» (выбор из вариантов: «нет» — 0, «есть» — 0,5)"),
    ("input removed", M2018, with_item(M2018, "2.3", inputs=M2018.item("2.3").inputs[:1]),
     "пункт 2.3: исключено поле «Статьи и новости» (выбор из вариантов: «статьи, новости не размещаются» — 0, "
     "«статьи, новости размещаются, но не обновляются, в соответствии с материалами Репозитария Минкомсвязи России и "
     "материалами Министерства территориального развития Забайкальского края» — 0,25, «статьи, новости размещаются, "
     "обновляются, в соответствии с материалами Репозитария Минкомсвязи России и материалами Министерства "
     "территориального развития Забайкальского края (с периодичностью не реже 1 раз в месяц)» — 0,5)"),
    ("inputs reordered", M2018, with_item(M2018, "2.3", inputs=M2018.item("2.3").inputs[::-1]),
     "пункт 2.3: поля переставлены: теперь «Статьи и новости», «Тематический раздел на официальном сайте»"),
    ("option text", M2018, with_input(M2018, "2.4", "n", options=(options(M2018, "2.4")[0], Option(
        0.5, "баннер размещён"))),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ»: вариант со значением 0,5 «баннер-ссылка на ЕПГУ размещена» → "
     "«баннер размещён»"),
    ("option value", M2018, with_input(M2018, "2.4", "n", options=(options(M2018, "2.4")[0], Option(
        1, "баннер-ссылка на ЕПГУ размещена"))),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ»: вариант «баннер-ссылка на ЕПГУ размещена» — значение 0,5 → 1"),
    ("option added", M2018, with_input(M2018, "2.4", "n", options=(*options(M2018, "2.4"), Option(
        0.25, "размещена не везде"))),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ»: добавлен вариант «размещена не везде» — 0,25"),
    ("option removed", M2018, with_input(M2018, "2.4", "n", options=options(M2018, "2.4")[1:]),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ»: исключён вариант «баннер-ссылка на ЕПГУ не размещена» — 0"),
    ("options reordered", M2018, with_input(M2018, "2.4", "n", options=options(M2018, "2.4")[::-1]),
     "пункт 2.4: поле «Баннер-ссылка на ЕПГУ»: варианты переставлены: теперь «баннер-ссылка на ЕПГУ размещена», "
     "«баннер-ссылка на ЕПГУ не размещена»"),
    ("items reordered", M2018, with_items(M2018, "2", [*S2.items[:6], S2.items[7], S2.items[6]]),
     "раздел 2: пункты переставлены: теперь 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.8, 2.7"),
    ("item renumbered", M2018, with_items(M2018, "2", [*S2.items[:7], replace(ITEM_28, content="Выступления на "
                                          "радио"), replace(ITEM_28, number="2.9", code="P29")]),
     "пункт 2.8 стал пунктом 2.9"),
    ("item moved", M2018, with_section(with_items(M2018, "2", list(S2.items[:7])), "3", items=(
        *section_of(M2018, "3").items, replace(ITEM_28, number="3.4"))),
     "пункт 2.8 стал пунктом 3.4 (перенесён из раздела 2)"),
    ("item removed", M2018, with_items(M2018, "2", list(S2.items[:7])),
     "исключён пункт 2.8: «Продвижение и популяризация государственных и муниципальных услуг в электронном виде при "
     "проведении массовых мероприятий»"),
    ("section added", M2018, replace(M2018, sections=(*M2018.sections, replace(
        section_of(M2018, "3"), number="4", code="P4", title="Новый раздел", items=()))),
     "добавлен раздел 4 «Новый раздел»: формула — «P3 = (P31 + P32 + P33) / 3»; делитель 3; максимальное значение "
     "100"),
    ("section removed", M2018, replace(M2018, sections=M2018.sections[:2]),
     "исключён раздел 3 «Популяризация получения государственных и муниципальных услуг в электронном виде в сфере "
     "образования»"),
]


@pytest.mark.parametrize(("old", "new", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_said(old, new, line):
    assert line in changes(old, new), changes(old, new)


def test_a_renumbered_item_keeps_its_identity_and_the_new_one_is_added():
    new = CASES[[c[0] for c in CASES].index("item renumbered")][2]
    said = changes(M2018, new)
    assert said[0].startswith("добавлен пункт 2.8: «Выступления на радио»;")
    # nothing else: the old 2.8 is the new 2.9, unchanged but for its number and code
    assert said[1:] == ["пункт 2.8 стал пунктом 2.9", "пункт 2.9: обозначение «P28» → «P29»"]
    moved = [c for c in change_list(M2018, new) if c.place == "пункт 2.9"]
    assert [c.what for c in moved] == ["прежний номер 2.8", "обозначение «P28» → «P29»"]


def test_a_removed_section_lists_its_items():
    said = changes(M2018, replace(M2018, sections=M2018.sections[:2]))
    assert said[0].startswith("исключён раздел 3")
    assert [line.split(":")[0] for line in said[1:]] == ["исключён пункт 3.1", "исключён пункт 3.2",
                                                         "исключён пункт 3.3"]


def test_long_texts_changed_much_are_given_whole_in_their_new_wording():
    before = "слово " * 40
    assert text_change("содержание", before, "совсем другой текст " * 10) == \
        f"содержание — в новой редакции: «{('совсем другой текст ' * 10).strip()}»"
    assert text_change("содержание", "a\nb", "a  b") is None  # only a line break: nothing a reader sees


INTERNAL = re.compile(r"\b(ratios|flags|levels|target|count|flag|level|req\d|esia_quarter|badges|schedule|centers|"
                      r"part_of|carry_over|True|False|None)\b")


@pytest.mark.parametrize(("old", "new", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_no_line_names_a_rule_or_a_key(old, new, line):
    for said in changes(old, new):
        assert not INTERNAL.search(said), said


# -- any mix of changes: each is said, as it is said alone ---------------------------------------------------------
def _disjoint(name: str) -> bool:
    """Cases that touch things no other case of the mix touches (one per item, input or header field)."""
    return name in {"years", "title", "total divisor", "section code", "item executors", "item content words",
                    "item formula", "weight", "rule", "events on", "evidence prompt removed", "carry over",
                    "input relabelled", "input kind", "section title"}


MIXABLE = [c for c in CASES if _disjoint(c[0]) and c[1] is M2018]


def _mix(chosen: list[tuple[str, Methodology, Methodology, str]]) -> Methodology:
    m = M2018
    for _, _, variant, _ in chosen:
        if variant.years != M2018.years:
            m = replace(m, years=variant.years)
        if variant.title != M2018.title:
            m = replace(m, title=variant.title)
        if variant.total != M2018.total:
            m = replace(m, total=variant.total)
        for s_old, s_new in zip(M2018.sections, variant.sections, strict=True):
            if replace(s_old, items=()) != replace(s_new, items=()):
                m = with_section(m, s_new.number, **{k: getattr(s_new, k) for k in ("code", "short_title")
                                                     if getattr(s_new, k) != getattr(s_old, k)})
        for i_old, i_new in zip(M2018.items(), variant.items(), strict=True):
            if i_old != i_new:
                m = with_item(m, i_new.number, **{k: getattr(i_new, k) for k in Item.__dataclass_fields__
                                                  if getattr(i_new, k) != getattr(i_old, k)})
    return m


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(MIXABLE), min_size=1, max_size=6, unique_by=lambda c: c[0]))
def test_any_mix_of_changes_says_each_of_them(chosen):
    said = changes(M2018, _mix(chosen))
    for _, _, _, line in chosen:
        assert line in said
    assert len(said) == len({line for c in chosen for line in changes(M2018, c[2])})
    assert not any(INTERNAL.search(line) for line in said)


def test_every_rule_has_a_short_russian_name():
    for rule in RULES.values():
        assert rule.short and not re.search(r"[A-Za-z]", rule.short), rule.name
