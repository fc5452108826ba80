"""`main.py consolidate … --answers DIR --return --remark --accept` through the real command line: the seal checked
against the keys of the region's history, a book kept apart and accepted, the answers written and read back, the
history kept between runs (OMSU_DATA_DIR is each test's own folder, so each has its own history)."""

import re
from pathlib import Path

import pytest
from command_line import main_py, strict_json
from sealed_books import break_book, district, write_book, write_quarter

from model.base.period import Period
from model.exchange import region_files
from model.exchange.region_files import Answers
from model.region.history import open_history

Q1, Q2 = Period(2018, 1), Period(2018, 2)


def consolidate(data: Path, *args) -> tuple[int, dict, str]:
    out = main_py("consolidate", *args, data=data)
    return out.returncode, strict_json(out.stdout) if out.stdout.startswith("{") else {}, out.stdout + out.stderr


def history_of(data: Path):
    return open_history(data / "region" / "history.sqlite")


@pytest.fixture
def region(tmp_path):
    """A region whose history has keys for municipalities 1–3; Q1 merged before (unsealed books of Q1 came before the
    keys), Q2's books of 1–3 sealed, 4 without a key."""
    data = tmp_path / "данные"
    write_quarter(tmp_path / "q1", Q1, 4, seed=21)
    code, _, text = consolidate(data, "--period", "2018-Q1", "--out", tmp_path / "свод1", tmp_path / "q1")
    assert code == 0, text
    books = [district(n, Q2, 22) for n in (1, 2, 3, 4)]
    with history_of(data) as h:
        h.set_region("Забайкальский край")
        keys = {b.oktmo: h.key_for(b.oktmo, b.name) for b in books[:3]}
    for b in books:
        write_book(tmp_path / "q2", b, Q2, keys.get(b.oktmo))
    return data, books


def test_sealed_books_pass_and_the_answers_are_written(region, tmp_path):
    data, books = region
    code, result, text = consolidate(data, "--period", "2018-Q2", "--out", tmp_path / "свод", "--json",
                                     "--answers", tmp_path / "итоги", "--return", f"{books[1].oktmo}=Уточните 1.3",
                                     "--remark", f"{books[0].oktmo}=Хорошая работа", tmp_path / "q2")
    assert code == 0, text
    assert result["problems"] == [] and result["unsealed"] == [] and result["previous_period"] == "2018-Q1"
    assert all(d["previous_place"] is not None and d["place_change"] == d["previous_place"] - d["place"]
               for d in result["districts"])
    paths = [Path(p) for p in result["answers"]]
    assert paths[0].name == "Итоги_2018-Q2.json" and len(paths) == 5 and all(p.is_file() for p in paths)
    whole = region_files.read(paths[0])
    assert isinstance(whole, Answers) and whole.region == "Забайкальский край"
    by = {a.oktmo: a for a in whole.municipalities}
    assert by[books[1].oktmo].status == "returned" and by[books[1].oktmo].remarks == ("Уточните 1.3",)
    assert by[books[0].oktmo].status == "accepted" and by[books[0].oktmo].remarks == ("Хорошая работа",)
    assert {a.status for a in whole.municipalities} == {"accepted", "returned"}
    one = region_files.read(next(p for p in paths if p.name == "Итоги_2018-Q2_Муниципальный район № 2.json"))
    assert isinstance(one, Answers) and [a.oktmo for a in one.municipalities] == [books[1].oktmo]

    out = main_py("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--answers", tmp_path / "итоги2",
                  tmp_path / "q2", data=data)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[2] == str(tmp_path / "итоги2" / "Итоги_2018-Q2.json") and len(lines) >= 7
    with history_of(data) as h:
        assert [e.what for e in h.journal(Q2)] == ["merge replaced", "merge"]


def test_an_edited_book_is_kept_apart_then_accepted_and_a_missing_seal_is_caught(region, tmp_path):
    data, books = region
    break_book(books[0].path)
    write_book(tmp_path / "q2", books[2], Q2, None)  # the third's key is known, the book now carries no seal
    edited, unsealed = books[0].path.name, books[2].path.name
    code, result, text = consolidate(data, "--period", "2018-Q2", "--out", tmp_path / "свод", "--json",
                                     "--answers", tmp_path / "итоги", tmp_path / "q2")
    assert code == 1, text
    assert {u["file"] for u in result["unsealed"]} == {edited, unsealed}
    reasons = {p["file"]: p["reason"] for p in result["problems"]}
    assert "(печать не сходится) — в свод не взята" in reasons[edited]
    assert "(нет печати) — в свод не взята" in reasons[unsealed]
    assert "книга изменена после выгрузки или выгружена не программой района" in reasons[edited]
    assert {d["oktmo"] for d in result["districts"]} == {books[1].oktmo, books[3].oktmo}
    whole = region_files.read(Path(result["answers"][0]))
    assert isinstance(whole, Answers)
    returned = whole.find(books[0].oktmo)
    assert returned is not None and returned.status == "returned" and len(returned.reasons) == 1
    # the district reads what it can do, not the region's own advice («примите её с указанием причины»)
    assert "примите" in reasons[edited] and "примите" not in returned.reasons[0]
    assert returned.reasons[0].startswith("книга изменена после выгрузки или выгружена не программой района (печать "
                                          "не сходится) — в свод не взята: подготовьте отправку в программе заново")
    assert returned.place is None

    out = main_py("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", tmp_path / "q2", data=data)
    assert out.returncode == 1 and f"{edited}: книга изменена после выгрузки" in out.stdout, out.stdout

    code, result, text = consolidate(data, "--period", "2018-Q2", "--out", tmp_path / "свод", "--json",
                                     "--accept", f"{edited}=Сверено с районом: исправлена численность",
                                     tmp_path / "q2")
    assert code == 1, text  # the unsealed third is still kept apart
    assert [u["file"] for u in result["unsealed"]] == [unsealed]
    assert books[0].oktmo in {d["oktmo"] for d in result["districts"]}
    assert {"file": edited, "reason": "принята без печати: Сверено с районом: исправлена численность"} in \
        result["notes"]
    with history_of(data) as h:
        accepts = [e for e in h.journal(Q2) if e.what == "accept"]
        assert len(accepts) == 1 and accepts[0].reason == "Сверено с районом: исправлена численность"

    code, result, text = consolidate(data, "--period", "2018-Q2", "--out", tmp_path / "свод", "--json",
                                     tmp_path / "q2")  # the acceptance is kept: no need to say it again
    assert books[0].oktmo in {d["oktmo"] for d in result["districts"]}, text


@pytest.mark.parametrize("option, value, words", [
    ("--accept", "нет_такой.xlsx=причина", "Книги «нет_такой.xlsx» среди книг свода нет"),
    ("--accept", "район.xlsx", "ожидается ФАЙЛ=ПРИЧИНА"),
    ("--return", "53601000=", "ожидается ОКТМО=ПРИЧИНА"),
    ("--remark", "99999999=текст", "ОКТМО 99999999"),
])
def test_bad_options_exit_2_and_write_nothing(region, tmp_path, option, value, words):
    data, _ = region
    with history_of(data) as h:
        before = (h.merged(), h.journal())
    out = main_py("consolidate", "--period", "2018-Q2", "--out", tmp_path / "свод", "--answers", tmp_path / "итоги",
                  option, value, tmp_path / "q2", data=data)
    assert out.returncode == 2 and out.stdout == "" and words in out.stderr, out.stderr
    assert not (tmp_path / "свод").exists() and not (tmp_path / "итоги").exists()
    with history_of(data) as h:
        assert (h.merged(), h.journal()) == before


def test_the_year_table_goes_into_the_summary_workbook(region, tmp_path):
    data, _ = region
    code, _, text = consolidate(data, "--period", "2018-Q2", "--out", tmp_path / "свод", tmp_path / "q2")
    assert code == 0, text
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "свод" / "Свод_2018-Q2.xlsx")
    assert "Итоги года" in wb.sheetnames
    ws = wb["Итоги года"]
    heads = [c.value for c in ws[3]]
    assert heads[:7] == ["Муниципальное образование", "ОКТМО", "1 квартал", "2 квартал", "3 квартал",
                         "4 квартал", "Среднее за год"]
    assert ws.cell(4, 3).value is not None and ws.cell(4, 4).value is not None
    ranking = wb["Рейтинг"]
    column = [c.value for c in ranking[3]].index("Изменение места")
    changes = [ranking.cell(r, column + 1).value for r in range(4, 8)]
    assert all(re.fullmatch(r"[↑↓][1-3]|—", c) for c in changes), changes
    from pypdf import PdfReader

    pdf = " ".join(page.extract_text() for page in PdfReader(tmp_path / "свод" / "Свод_2018-Q2.pdf").pages)
    assert "Изменение" in pdf and "Итоги 2018 года: оценка P по кварталам" in pdf and "Среднее" in pdf
