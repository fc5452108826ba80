"""The loader: the shipped 2018 methodology as in seed 003, and broken files refused by file and key."""

import tomllib
from pathlib import Path

import pytest

from model.methodology import MethodologyError, load_methodology, parse_methodology
from model.resources import resource_path

SHIPPED = resource_path("methodologies", "popularization-2018.toml")


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
    seed = (Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_5828163e623d0005.txt")
    if not seed.exists():
        pytest.skip("seed 003 is not beside the project")
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
    (lambda d: d["methodology"].pop("id"), "methodology.id"),
    (lambda d: d["section"][1].update(divisor=0), "section[1].divisor"),
    (lambda d: d["section"][0]["item"][2].update(max="сто"), "section[0].item[2].max"),
    (lambda d: d["section"][0]["item"][0].update(rule="magic"), "section[0].item[0].rule"),
    (lambda d: d["section"][0]["item"][0].update(pairs=[["A1", "Z9"]]), "section[0].item[0].pairs[0]"),
    (lambda d: d["section"][1]["item"][1]["input"][0]["options"][1].pop("text"),
     "section[1].item[1].input[0].options[1].text"),
    (lambda d: d["section"][1]["item"][1]["input"][0].update(kind="slider"), "section[1].item[1].input[0].kind"),
    (lambda d: d["section"][2]["item"][0].update(maximum=100), "section[2].item[0].maximum"),
    (lambda d: d["section"][2]["item"][1].update(number="3.1"), "section"),
    (lambda d: d["section"][0]["item"][1].pop("weight"), "section[0].item[1].weight"),
    (lambda d: d["section"][0]["item"][0]["input"][0].update(kind="flag"), "section[0].item[0].input[0].kind"),
    (lambda d: d["methodology"].update(year="2018"), "methodology.year"),
    (lambda d: d.pop("total"), "total"),
])
def test_broken_file_names_file_and_key(tmp_path, mutate, key):
    path = _broken(tmp_path, mutate)
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    assert str(path) in str(caught.value)
    assert f"«{key}»" in str(caught.value)


def test_bad_toml_syntax(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[methodology\nid = ", encoding="utf-8")
    with pytest.raises(MethodologyError, match="bad.toml.*синтаксис"):
        load_methodology(path)


def test_missing_file(tmp_path):
    with pytest.raises(MethodologyError, match="не читается"):
        load_methodology(tmp_path / "none.toml")


def test_parse_rejects_non_table_section():
    with pytest.raises(MethodologyError, match="section"):
        parse_methodology({"methodology": {}, "total": {}, "section": "x"}, "inline")
