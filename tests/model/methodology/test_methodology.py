"""The loader: the shipped 2018 methodology as in seed 003, and broken files refused by file and key."""

import re
import tomllib
from pathlib import Path

import pytest

from model.base.resources import resource_path
from model.methodology import MethodologyError, load_methodology, parse_methodology

SHIPPED = resource_path("methodologies", "popularization-2018.toml")
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"  # present wherever the tests run


def test_shipped_methodology_structure(methodology):
    assert methodology.id == "popularization" and methodology.year == 2018
    assert [s.code for s in methodology.sections] == ["P1", "P2", "P3"]
    assert [s.divisor for s in methodology.sections] == [3, 7, 3]
    assert methodology.total.divisor == 3
    assert [i.number for i in methodology.items()] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "3.1", "3.2", "3.3"]
    maxima = {i.number: i.max for i in methodology.items()}
    assert maxima == {n: (50 if n in ("2.4", "2.7") else 100) for n in maxima}
    assert [f.key for f in methodology.item("1.1").inputs] == ["A1", "B1", "A2", "B2"]
    assert [f.key for f in methodology.item("1.2").inputs] == ["req1", "req2", "req3", "req4"]
    assert [f.key for f in methodology.item("1.3").inputs] == ["A", "C"]
    assert [i.number for i in methodology.items() if i.events] == ["2.6", "3.1"]


def test_texts_are_the_seeds(methodology):
    seed = SEEDS / "003_5828163e623d0005.txt"
    squeezed = " ".join(seed.read_text(encoding="utf-8").split())
    for item in methodology.items():
        for field in item.inputs:
            texts = [o.text for o in field.options] + ([field.label] if field.kind == "flag" else [])
            for text in texts:
                assert " ".join(text.split()) in squeezed, text
        for text in (item.content, item.deadline, item.results.split(": ")[0]):
            assert " ".join(text.split()).split(": ")[0] in squeezed, text
    assert "Организация работы Центров обслуживания" in methodology.item("1.2").content
    assert methodology.item("2.7").deadline == "2018 год"


def _broken(tmp_path: Path, mutate) -> Path:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "broken.toml"
    path.write_text(_dump(data), encoding="utf-8")
    return path


def _dump(data) -> str:
    """A tiny TOML writer for the test's mutated copies (tables, arrays of tables, scalars, lists)."""
    import json

    lines: list[str] = []

    def scalar(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {scalar(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=False)

    def table(prefix, t, array=False):
        lines.append(f"[[{prefix}]]" if array else f"[{prefix}]")
        subs = []
        for k, v in t.items():
            if isinstance(v, dict):
                subs.append((k, v, False))
            elif isinstance(v, list) and k in ("section", "item", "input"):
                subs.append((k, v, True))
            else:
                lines.append(f"{k} = {scalar(v)}")
        for k, v, is_array in subs:
            for entry in (v if is_array else [v]):
                table(f"{prefix}.{k}", entry, is_array)

    for k, v in data.items():
        for entry in (v if isinstance(v, list) else [v]):
            table(k, entry, isinstance(v, list))
    return "\n".join(lines) + "\n"


def test_round_trip_of_the_test_writer(tmp_path):
    assert load_methodology(_broken(tmp_path, lambda d: None)).items() == load_methodology(SHIPPED).items()


@pytest.mark.parametrize(("mutate", "key"), [
    (lambda d: d["methodology"].pop("id"), "id"),
    (lambda d: d["section"][1].update(divisor=0), "divisor"),
    (lambda d: d["section"][0]["item"][2].update(max="сто"), "max"),
    (lambda d: d["section"][0]["item"][0].update(rule="magic"), "rule"),
    (lambda d: d["section"][0]["item"][0].update(pairs=[["A1", "Z9"]]), "pairs"),
    (lambda d: d["section"][1]["item"][1]["input"][0]["options"][1].pop("text"), "text"),
    (lambda d: d["section"][1]["item"][1]["input"][0].update(kind="slider"), "kind"),
    (lambda d: d["section"][2]["item"][0].update(maximum=100), "maximum"),
    (lambda d: d["section"][2]["item"][1].update(number="3.1"), "number"),
    (lambda d: d["section"][0]["item"][1].pop("weight"), "weight"),
    (lambda d: d["section"][0]["item"][0]["input"][0].update(kind="flag"), "kind"),
    (lambda d: d["methodology"].update(year="2018"), "year"),
    (lambda d: d.pop("total"), "total"),
])
def test_broken_file_names_file_line_and_key(tmp_path, mutate, key):
    path = _broken(tmp_path, mutate)
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    message = str(caught.value)
    assert str(path) in message and f"ключ «{key}»" in message, message
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in map(int, re.findall(r"строка (\d+)", message)):  # the line named holds the key, or its table
        assert f"{key} =" in lines[number - 1] or lines[number - 1].startswith("["), (number, lines[number - 1])


def test_every_problem_is_reported_with_its_line(tmp_path):
    def mutate(d):
        d["section"][0]["item"][0].update(rule="magic")
        d["section"][1]["item"][3]["input"][0]["options"][1]["text"] = d["section"][1]["item"][3]["input"][0][
            "options"][0]["text"]
        d["section"][1].update(divisor=8)
        d["section"][2]["item"][1].update(number="4.2")
    path = _broken(tmp_path, mutate)
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    problems = caught.value.problems
    assert len(problems) == 4, problems
    assert all(p.startswith("строка ") for p in problems)
    joined = "\n".join(problems)
    for words in ("неизвестное правило «magic»", "тексты вариантов повторяются", "делитель 8 = 87,5",
                  "должен начинаться с «3.»"):
        assert words in joined
    assert [int(p.split()[1].rstrip(":")) for p in problems] == sorted(int(p.split()[1].rstrip(":"))
                                                                       for p in problems)


def test_unreachable_maximum_is_refused(tmp_path):
    path = _broken(tmp_path, lambda d: d["section"][1]["item"][3].update(max=100))  # 2.4 tops out at 50
    with pytest.raises(MethodologyError, match="максимальное значение 100 недостижимо"):
        load_methodology(path)


def test_bad_toml_syntax_is_told_in_russian_with_its_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[methodology]\nid = \"x\"\nversion 2027\n", encoding="utf-8")
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    assert "bad.toml" in str(caught.value) and "строка 3" in str(caught.value)
    assert "после имени ключа ожидается «=»" in str(caught.value)
    assert not re.search(r"[A-Za-z]{4,}", str(caught.value).replace(str(path), "").replace("TOML", ""))


def test_missing_file(tmp_path):
    with pytest.raises(MethodologyError, match="не читается"):
        load_methodology(tmp_path / "none.toml")


def test_parse_rejects_non_table_section():
    with pytest.raises(MethodologyError, match="ключ «section»"):
        parse_methodology({"methodology": {}, "total": {}, "section": "x"}, "inline")
