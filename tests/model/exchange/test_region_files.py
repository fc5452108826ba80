"""The files from the region (the package, the answers): what is written reads back the same, and a file that is not
one, or one cut short, too big, of a later format or with a value out of bounds is refused with one Russian sentence
saying what to do — never half-read, never a crash."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.base.period import Period
from model.errors import ImportRefused
from model.exchange import region_files as rf
from model.exchange.seal import new_key

KEY = "ab" * 32


def package(**targets) -> rf.Package:
    return rf.Package(rf.Manifest("Забайкальский край", 2018, 1, datetime(2018, 1, 15, 10, 0), "1.4.0"),
                      (rf.MethodologyFile("popularization-2018.toml", "[methodology]\nid = \"x\"\n"),),
                      {1: date(2018, 4, 10)},
                      (rf.Targets("Калганский район", "76618000", KEY, 7694, 14480.0, 85199,
                                  (rf.PlanTarget(1, "1.3", "C", 900.0),), (rf.IndicatorPlan("2", 0, 4.14),),
                                  {1: 40.0}, **targets),))


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1,
                max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(name=names, t=st.one_of(st.none(), st.floats(0, 1e8)), c=st.floats(0, 1e8), share=st.floats(0, 100),
       plan=st.floats(-1e12, 1e12), count=st.integers(0, 40))
def test_any_package_written_reads_back_the_same(tmp_path_factory, name, t, c, share, plan, count):
    rows = tuple(rf.Targets(f"{name} {n}", f"{76600000 + n}", new_key(), n, t, n + 1,
                            (rf.PlanTarget(1 + n % 4, "1.3", "C", c),), (rf.IndicatorPlan(str(n), n % 5, plan),),
                            {1 + n % 4: share}) for n in range(count))
    written = rf.Package(rf.Manifest(name, 2027, 3, datetime(2026, 12, 6, 10, 0)), (), {4: date(2028, 1, 10)}, rows)
    path = rf.write(tmp_path_factory.mktemp("p") / "Пакет.json", written)
    assert rf.read(path) == written


def test_answers_read_back_with_the_change_of_place(tmp_path):
    answers = rf.Answers("Край", Period(2018, 2), datetime(2018, 7, 20, 10, 0), (
        rf.Answer("Калга", "76618000", "returned", ("не заполнен пункт 2.1",), ("Приложите фото",), "к.xlsx", 1,
                  None, None, 3),
        rf.Answer("Город", "76701000", "accepted", total=71.5, place=1, previous_place=4)), 54.1, 55.4, 40)
    back = rf.read(rf.write(tmp_path / "Итоги.json", answers))
    assert back == answers
    assert back.find("76701000").place_change == 3 and back.find("76618000").place_change is None
    assert json.loads((tmp_path / "Итоги.json").read_text("utf-8"))["municipalities"][1]["place_change"] == 3


def refused(tmp_path, raw: bytes, *words: str) -> str:
    path = tmp_path / "из региона.json"
    path.write_bytes(raw)
    with pytest.raises(ImportRefused) as caught:
        rf.read(path)
    text = str(caught.value)
    assert "из региона.json" in text and all(w in text for w in words), text
    return text


def test_what_is_not_a_file_from_the_region_is_refused_in_words(tmp_path):
    whole = json.dumps(rf.package_json(package()), ensure_ascii=False).encode("utf-8")
    refused(tmp_path, whole[: len(whole) // 2], "повреждён или обрезан", "прислать его заново")
    refused(tmp_path, b"PK\x03\x04 a workbook", "не пакет и не итоги свода")
    refused(tmp_path, b"", "не пакет")
    refused(tmp_path, b"[" * 100_000 + b"]" * 100_000, "не пакет")
    refused(tmp_path, json.dumps({"format": "omsu-region-package", "format_version": 2}).encode(), "версии 2",
            "обновите программу")
    refused(tmp_path, whole.replace(b"\"target_end\": 14480.0", b"\"target_end\": NaN"), "повреждён")
    refused(tmp_path, whole.replace(b'"registered_start": 7694', b'"registered_start": -5'),
            "число -5 вне допустимых пределов (от 0 до 100\u00a0000\u00a0000)")
    refused(tmp_path, whole.replace(KEY.encode(), b"12345"), "ключ печати")
    refused(tmp_path, whole.replace(b'"76618000"', b'"7661800"'), "ОКТМО", "8 или 11 цифр")
    refused(tmp_path, whole.replace("Калганский район".encode(), "Калга\u202eнский".encode()), "управляющ")
    twice = rf.package_json(package())
    twice["municipalities"] *= 2
    refused(tmp_path, json.dumps(twice, ensure_ascii=False).encode(), "встречается дважды")


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "большой.json"
    with open(path, "wb") as fh:
        fh.seek(rf.MAX_FILE + 1)
        fh.write(b"}")
    with pytest.raises(ImportRefused, match="слишком велик"):
        rf.read(path)
