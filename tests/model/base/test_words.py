"""Russian word forms and the calculator's input file, tested in-process."""

import json

import pytest
from conftest import FULL_QUARTER

from model.base.period import Period
from model.base.words import counted, plural, quarter
from model.errors import InputRefused
from model.methodology import shipped_2018
from model.scoring.calculator import read_inputs_file


@pytest.mark.parametrize(("n", "word"), [(1, "пункт"), (2, "пункта"), (4, "пункта"), (5, "пунктов"), (11, "пунктов"),
                                         (12, "пунктов"), (14, "пунктов"), (21, "пункт"), (22, "пункта"),
                                         (111, "пунктов"), (0, "пунктов")])
def test_plural_agrees_with_the_number(n, word):
    assert plural(n, "пункт", "пункта", "пунктов") == word
    assert counted(n, "пункт", "пункта", "пунктов") == f"{n} {word}"


def test_quarters_in_their_cases():
    assert quarter(Period(2018, 2)) == "2 квартал 2018 года"
    assert quarter(Period(2018, 2), "genitive") == "2 квартала 2018 года"
    assert quarter(Period(2018, 2), "prepositional") == "во 2 квартале 2018 года"
    assert quarter(Period(2018, 3), "prepositional") == "в 3 квартале 2018 года"
    with pytest.raises(ValueError):
        quarter(Period(2018, 1), "dative")


def test_inputs_file_read_in_process(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({**FULL_QUARTER, "2.1": {"A": "300", "B": "4 00", "X": None}}), encoding="utf-8")
    inputs = read_inputs_file(path, shipped_2018())
    assert inputs["2.1"] == {"A": 300.0, "B": 400.0} and inputs["1.1"]["A1"] == 45.0


@pytest.mark.parametrize(("content", "words"), [
    ("[1, 2]", "ожидается объект"), ("{не json", "это не JSON"), ('{"9.9": {}}', "нет такого пункта"),
    ('{"2.1": 5}', "ожидается объект полей"), ('{"2.1": {"A": true}}', "true/false"),
    ('{"2.1": {"A": [1]}}', "ожидается число"), ('{"2.1": {"A": 500, "B": 400}}', "не может быть больше"),
])
def test_inputs_file_refusals_name_what_is_wrong(tmp_path, content, words):
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputRefused, match=words):
        read_inputs_file(path, shipped_2018())


def test_unreadable_inputs_file(tmp_path):
    with pytest.raises(InputRefused, match="не читается"):
        read_inputs_file(tmp_path / "нет.json", shipped_2018())
