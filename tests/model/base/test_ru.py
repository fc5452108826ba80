import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.base.ru import (
    NBSP,
    control_char,
    format_count,
    format_number,
    format_percent,
    not_pasted,
    not_saved,
    parse_count,
    parse_date,
    parse_number,
    percent_text,
    unbroken,
)
from model.errors import InputRefused


@pytest.mark.parametrize(("text", "value"), [
    ("4,14", 4.14), ("85 199", 85199), ("85\u00a0199", 85199), ("1 250 000", 1250000), ("  7 ", 7),
    ("0,5", 0.5), ("-3", -3), ("4.14", 4.14), ("", None), ("   ", None),
])
def test_parse_number_accepts_russian_format(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12a", "1,2,3", "1e309", "nan", "inf", ">25", "<90", "25 %", "4,14 балла",
                                  "١٢", "1 2,3,4"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(InputRefused):
        parse_number(text)


@pytest.mark.parametrize(("text", "says"), [
    (">25", "знак «>» не принимается: введите точное значение числом, например 25"),
    ("<90", "знак «<» не принимается: введите точное значение числом, например 90"),
    ("25 %", "введите только число, без «%»: 25"),
    ("4,14 балла", "введите только число, без «балла»: 4,14"),
])
def test_sloppy_input_says_what_was_refused_and_what_to_type(text, says):
    with pytest.raises(InputRefused, match=says):
        parse_number(text)


@pytest.mark.parametrize("text", ["-1", "2,5", "1.5"])
def test_parse_count_refuses_negative_and_fractional(text):
    with pytest.raises(InputRefused):
        parse_count(text)


@pytest.mark.parametrize(("text", "says"), [
    ("4,14", "«4,14» — количество должно быть целым числом, например 4"),
    ("4,6", "например 5"), ("0,2", "например 0"),
    ("много", "«много» — не число. Введите число, например 4 или 1 250"),
])
def test_a_count_refused_suggests_a_whole_number(text, says):
    with pytest.raises(InputRefused) as refused:
        parse_count(text)
    assert says in str(refused.value) and "4,14" not in str(refused.value).replace("«4,14»", "")


def test_not_saved_is_said_once():
    assert not_saved("Изменение не сохранено: файл базы данных открыт только для чтения.") == \
        "Не сохранено: файл базы данных открыт только для чтения."
    assert not_saved(InputRefused("«х» — не число")) == "Не сохранено: «х» — не число"
    assert not_saved("Изменение не сохранено: отправка квартала в регион подготовлена", "План доли на 2 квартал") == \
        "План доли на 2 квартал: не сохранено — отправка квартала в регион подготовлена"
    assert not_pasted("Изменение не сохранено: отправка квартала в регион подготовлена") == \
        "Вставка не выполнена: отправка квартала в регион подготовлена"
    assert not_pasted(InputRefused("строка 2, столбец 1: «х» — не число")) == \
        "Вставка не выполнена: строка 2, столбец 1: «х» — не число"


def test_not_saved_names_nothing_twice_and_goes_on_in_lower_case():
    """What the place names is not said again after the dash; the reason goes on as a sentence does after a colon."""
    assert not_saved("Факт: слишком большое число", "Показатель 1, факт") == \
        "Показатель 1, факт: не сохранено — слишком большое число"
    name = "Выдача разрешения на строительство объектов капитального строительства"
    assert not_saved(f"{name}: обращений в электронном виде (5) больше, чем всего обращений (4)",
                     f"«{name[:40]}», в электронном виде") == \
        f"«{name[:40]}», в электронном виде: не сохранено — обращений в электронном виде (5) больше, чем всего " \
        "обращений (4)"
    assert not_saved("Количество не может быть отрицательным") == "Не сохранено: количество не может быть отрицательным"
    assert not_saved("ОКТМО — 8 или 11 цифр") == "Не сохранено: ОКТМО — 8 или 11 цифр"  # an abbreviation stays
    assert not_saved("Январь: «х» — не число", "Февраль") == "Февраль: не сохранено — январь: «х» — не число"
    assert not_saved("Ёмкость не указана") == "Не сохранено: ёмкость не указана"
    # a program's name and a quoted place keep their capitals
    assert not_saved("Excel держит файл открытым") == "Не сохранено: Excel держит файл открытым"
    assert not_saved("«Калга» уже есть в списке") == "Не сохранено: «Калга» уже есть в списке"


def test_a_percentage_is_held_to_its_sign():
    assert percent_text(75) == "75,00\u00a0%"
    assert percent_text(62.5, 1) == "62,5\u00a0%" and percent_text(60, 1) == "60\u00a0%"
    assert percent_text(1250, 0) == "1\u00a0250\u00a0%" and percent_text(None, 1) == "—"


def test_parse_count_reads_thousands():
    assert parse_count("1 250") == 1250


def test_formats():
    assert format_number(85199, 0) == "85\u00a0199"
    assert format_number(4.14) == "4,14"
    assert format_number(0.5) == "0,5"
    assert format_number(100.0) == "100"
    assert format_count(1250) == "1\u00a0250"
    assert format_percent(68.253968) == "68,25"
    assert format_percent(None) == "—"
    assert format_percent(1234.5) == "1\u00a0234,50"


def test_dates():
    assert parse_date("15.04.2018") == date(2018, 4, 15)
    with pytest.raises(InputRefused, match="нет в календаре"):
        parse_date("31.02.2018")
    with pytest.raises(InputRefused):
        parse_date("2018-04-15")


@pytest.mark.parametrize(("text", "day"), [("12.04.2018", date(2018, 4, 12)), ("12042018", date(2018, 4, 12)),
                                           ("1.4.2018", date(2018, 4, 1)), ("01/04/2018", date(2018, 4, 1)),
                                           (" 30-06-2018 ", date(2018, 6, 30))])
def test_dates_typed_with_or_without_dots(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(("text", "words"), [("12.04.18", "дд.мм.гггг"), ("1204201", "дд.мм.гггг"),
                                             ("31.02.2018", "такой даты нет"), ("сегодня", "дд.мм.гггг")])
def test_bad_dates_say_what_to_type(text, words):
    with pytest.raises(InputRefused, match=words):
        parse_date(text)


def test_a_date_outside_the_reported_quarter_is_refused_naming_it():
    from model.base.period import Period

    with pytest.raises(InputRefused, match="вне отчётного периода: 2 квартал 2018 года — это 01.04.2018–30.06.2018"):
        Period(2018, 2).check_day(date(2026, 2, 25), "Дата мероприятия")
    Period(2018, 2).check_day(date(2018, 6, 30), "Дата мероприятия")


def _first_not_text(text: str, multiline: bool) -> str | None:
    """control_char's definition, character by character."""
    return next((ch for ch in text if not (multiline and ch in "\n\t")
                 and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)


@given(st.text(st.sampled_from("Район 30\u00a0000\u2009\n\t\r\x00\x7f\x85\u200b\u200e\u202e\u2028\u2029\ufeff"
                               "\u00ad\u3000\ud7ff\U0001f600ё—«»")
               | st.characters(), max_size=40), st.booleans())
def test_control_char_finds_the_first_character_that_is_not_text(text, multiline):
    assert control_char(text, multiline) == _first_not_text(text, multiline)


@pytest.mark.parametrize(("text", "multiline", "found"), [
    ("Калганский район", False, None), ("30\u00a0000 жителей", False, None), ("две\nстроки", True, None),
    ("две\nстроки", False, "\n"), ("Район\u202e", False, "\u202e"), ("а\u00adб\n", True, "\u00ad"),
    ("\u2028", True, "\u2028"), ("таб\tи\u200b", True, "\u200b"),
])
def test_control_char_on_known_texts(text, multiline, found):
    assert control_char(text, multiline) == found


@pytest.mark.parametrize("text, kept", [
    ("Контрольные точки: выполнено 31 из 32, в срок 31, просрочено 1",
     ["выполнено 31 из 32", "в срок 31", "просрочено 1"]),
    ("Срок представления — 10.07.2018: просрочен на 3072 дня", ["на 3072 дня"]),
    ("Отчёт за 2 квартал 2018 года", ["за 2 квартал 2018 года"]),
    ("на 1000 жителей: 119,44", ["на 1000 жителей"]),
    ("Муниципальный район «Тунгиро-Олёкминский район» № 38", ["№ 38"]),
])
def test_a_number_and_a_short_word_stay_with_their_words(text, kept):
    shown = unbroken(text)
    assert shown.replace(NBSP, " ") == text  # the same text, only its spaces
    for words in kept:
        assert words.replace(" ", NBSP) in shown


@given(st.text(alphabet="вк авс1 9 %—,.:Ж", max_size=40))
def test_unbroken_changes_only_spaces(text):
    assert unbroken(text).replace(NBSP, " ") == text.replace(NBSP, " ")
