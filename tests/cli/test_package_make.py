"""`main.py package make`: the region's package for a year from a targets workbook, through the real command line —
seed 004's table 2 (with an OKTMO column, and without one, the codes taken from the kept expected list), keys and
versions kept in the region's history, the split per municipality, and targets books that must be refused."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from command_line import main_py
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from russian_output import assert_russian

from model.base.ru import parse_number
from model.exchange.region_files import Package, read
from model.exchange.seal import valid_key
from model.region.expected import Municipality, keep, load_kept

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "methodologies" / "popularization-2018.toml"
HEADERS = ["Наименование ОМСУ", "Кол-во регистраций за 2016 год", "Кол-во регистраций за январь 2017 года",
           "Кол-во регистраций за февраль 2017 года", "Целевой показатель на конец 2017 года",
           "Целевой показатель на 2017 год", "% выполнения плана за январь 2017 года",
           "% выполнения плана за февраль 2017 года", "% выполнения плана за 2017 год",
           "Всего регистраций на 01.03.2017",
           "Численность населения МО", "% зарегистрированных граждан от численности населения МО"]


def seed_table_2() -> list[list[str]]:
    """Table 2 of seed 004 as its cells (text, the way the seed writes them: «85 199», «178,60%»)."""
    text = (SEEDS / "004_dab01d5c5321f953.txt").read_text(encoding="utf-8")
    rows = []
    lines = text[text.index("Таблица 2."):].splitlines()
    header = next(line.split("\t") for line in lines if line.startswith("Наименование ОМСУ"))
    assert header == HEADERS
    for line in lines:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in line.split("\t")]
        if len(cells) == 12 and cells[1].replace(" ", "").isdigit():
            rows.append(cells)
    assert len(rows) == 4
    return rows


OKTMO = ["53712000", "53612000", "53715000", "53620000"]


def write_book(path: Path, rows: list[list], sheet_title: str = "План") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def seed_book(path: Path, oktmo: bool = True, extra: dict[str, list] | None = None) -> Path:
    """Seed 004's table 2 under a title row, as a region keeps it; the OKTMO column added by the test."""
    rows: list[list] = [["Таблица 2. Выполнение плана на 2017 год"], [],
                        HEADERS + (["ОКТМО"] if oktmo else []) + list(extra or {})]
    for n, cells in enumerate(seed_table_2()):
        rows.append(cells + ([float(OKTMO[n])] if oktmo else []) + [v[n] for v in (extra or {}).values()])
    return write_book(path, rows)


def make(tmp: Path, *args, data: Path | None = None):
    return main_py("package", "make", *args, data=data or tmp / "данные")


def test_the_seeds_table_with_oktmo_makes_a_package_of_its_targets(tmp_path):
    book = seed_book(tmp_path / "цели.xlsx", extra={"1.3 C, 1 квартал": [100, 50, 60, 70],
                                                     "Показатель 2, план на год": ["4,14", 3, 2, 1],
                                                     "Доля МСЗУ, 2 квартал": ["40%", 41, 42, 43]})
    out = make(tmp_path, "--year", "2018", "--region", "Оренбургская область", "--targets", book, "--out",
               tmp_path / "пакет.json", "--deadline", "1=15.04.2018")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(tmp_path / "пакет.json")
    assert lines[1].startswith("Пакет региона «Оренбургская область» на 2018 год, версия 1: муниципалитетов 4; "
                               "методика «План мероприятий по популяризации")
    assert lines[1].endswith("версия 2018.1 (2018 год); сроки: 1 кв. — 15.04.2018, 2 кв. — 10.07.2018, "
                             "3 кв. — 10.10.2018, 4 кв. — 10.01.2019")
    package = read(tmp_path / "пакет.json")
    assert isinstance(package, Package)
    assert (package.manifest.region, package.manifest.year, package.manifest.version) == ("Оренбургская область",
                                                                                           2018, 1)
    assert package.deadlines == {1: date(2018, 4, 15), 2: date(2018, 7, 10), 3: date(2018, 10, 10),
                                 4: date(2019, 1, 10)}
    assert [f.file for f in package.methodologies] == ["popularization-2018.toml"]
    assert package.methodologies[0].text == SHIPPED.read_text(encoding="utf-8")
    for n, cells in enumerate(seed_table_2()):
        t = package.find(OKTMO[n])
        assert t is not None and t.name == cells[0]
        assert t.registered_start == parse_number(cells[1])  # «Кол-во регистраций за 2016 год» is R0
        assert t.target_end == parse_number(cells[4])  # T, not the year's plan «Целевой показатель на 2017 год»
        assert t.population == parse_number(cells[10])  # «85 199»
        assert valid_key(t.key)
        assert [(p.quarter, p.item, p.field, p.value) for p in t.plan] == [(1, "1.3", "C", [100, 50, 60, 70][n])]
        assert [(i.number, i.quarter, i.plan) for i in t.indicators] == [("2", 0, [4.14, 3, 2, 1][n])]
        assert t.services_share == {2: [40, 41, 42, 43][n]}
    assert len({t.key for t in package.municipalities}) == 4
    # the region and the municipalities are kept for the next time
    again = make(tmp_path, "--year", "2018", "--targets", book, "--out", tmp_path / "пакет2.json")
    assert again.returncode == 0, again.stderr
    second = read(tmp_path / "пакет2.json")
    assert isinstance(second, Package)
    assert second.manifest.version == 2 and second.manifest.region == "Оренбургская область"
    assert {t.oktmo: t.key for t in second.municipalities} == {t.oktmo: t.key for t in package.municipalities}


def test_without_an_oktmo_column_the_codes_come_from_the_kept_expected_list(tmp_path, monkeypatch):
    data = tmp_path / "данные"
    monkeypatch.setenv("OMSU_DATA_DIR", str(data))
    book = seed_book(tmp_path / "цели.xlsx", oktmo=False)
    names = [cells[0] for cells in seed_table_2()]
    keep([Municipality(name, code) for name, code in zip(names[:3], OKTMO, strict=False)])
    refused = make(tmp_path, "--year", "2018", "--region", "Оренбургская область", "--targets", book,
                   "--out", tmp_path / "пакет.json")
    assert refused.returncode == 1 and refused.stdout == ""
    assert_russian(refused.stderr, book)
    assert "строка 7: у «Илекский район» нет кода ОКТМО — добавьте столбец «ОКТМО» или внесите муниципалитет в " \
           "список ожидаемых" in refused.stderr
    assert not (tmp_path / "пакет.json").exists()
    keep([Municipality(name, code) for name, code in zip(names, OKTMO, strict=True)])
    out = make(tmp_path, "--year", "2018", "--region", "Оренбургская область", "--targets", book,
               "--out", tmp_path / "пакет.json")
    assert out.returncode == 0, out.stderr
    package = read(tmp_path / "пакет.json")
    assert isinstance(package, Package)
    assert [(t.name, t.oktmo) for t in package.municipalities] == list(zip(names, OKTMO, strict=True))
    assert load_kept() == [Municipality(n, o) for n, o in zip(names, OKTMO, strict=True)]


def test_split_writes_one_file_per_municipality_with_only_its_key(tmp_path):
    book = seed_book(tmp_path / "цели.xlsx")
    out = make(tmp_path, "--year", "2018", "--region", "Оренбургская область", "--targets", book, "--out",
               tmp_path / "пакет.json", "--split", tmp_path / "районы")
    assert out.returncode == 0, out.stderr
    whole = read(tmp_path / "пакет.json")
    assert isinstance(whole, Package)
    files = sorted((tmp_path / "районы").iterdir())
    assert len(files) == 4 and all(str(f) in out.stdout for f in files)
    for cells, code in zip(seed_table_2(), OKTMO, strict=True):
        path = tmp_path / "районы" / f"Пакет_2018_v1_{cells[0]}.json"
        own = read(path)
        assert isinstance(own, Package)
        assert [t.oktmo for t in own.municipalities] == [code]
        assert own.municipalities[0] == whole.find(code)
        assert own.manifest == whole.manifest and own.deadlines == whole.deadlines
        assert sum(t.key in path.read_text(encoding="utf-8") for t in whole.municipalities if t.key) == 1


def test_a_methodology_file_for_another_year_is_named(tmp_path):
    book = seed_book(tmp_path / "цели.xlsx")
    text = SHIPPED.read_text(encoding="utf-8")
    own = tmp_path / "popularization-2027.toml"
    own.write_text(text.replace('version = "2018.1"', 'version = "2027.1"').replace("year = 2018", "year = 2027"),
                   encoding="utf-8")
    out = make(tmp_path, "--year", "2027", "--region", "Оренбургская область", "--targets", book, "--methodology",
               own, "--out", tmp_path / "пакет.json")
    assert out.returncode == 0, out.stderr
    assert "версия 2027.1 (2027 год); сроки: 1 кв. — 10.04.2027" in out.stdout
    package = read(tmp_path / "пакет.json")
    assert isinstance(package, Package) and package.methodologies[0].text == own.read_text(encoding="utf-8")
    wrong = make(tmp_path, "--year", "2027", "--targets", book, "--methodology", SHIPPED, "--out",
                 tmp_path / "другой.json")
    assert wrong.returncode == 1 and not (tmp_path / "другой.json").exists()
    assert_russian(wrong.stderr, SHIPPED)
    assert "не на 2027 год" in wrong.stderr
    none = make(tmp_path, "--year", "2030", "--targets", book, "--out", tmp_path / "другой.json")
    assert none.returncode == 1 and "Методики на 2030 год в программе нет" in none.stderr


def test_a_plan_column_naming_what_the_methodology_lacks_is_refused_in_its_words(tmp_path):
    book = seed_book(tmp_path / "цели.xlsx", extra={"1.3 Z, 1 квартал": [1, 2, 3, 4], "9.9 C, 2 кв.": [1, 2, 3, 4]})
    out = make(tmp_path, "--year", "2018", "--region", "Регион", "--targets", book, "--out", tmp_path / "п.json")
    assert out.returncode == 1 and out.stdout == "" and not (tmp_path / "п.json").exists()
    assert_russian(out.stderr, book)
    assert "Граждане, учётные записи которых необходимо подтвердить (C)" in out.stderr
    assert "нет пункта 9.9" in out.stderr


def test_bad_values_are_listed_one_line_each_and_nothing_is_written(tmp_path):
    rows = [["Наименование", "ОКТМО", "T", "R0", "N"],
            ["Калга", "76618000", "178,60%", "12", "1 000"],
            ["Шелопугино", "123", "10", "11", "12"],
            ["Нерчинск", "76628000", "10", "2,5", "-3"],
            ["Газимур", "76618000", "10", "11", "12"]]
    book = write_book(tmp_path / "цели.xlsx", rows)
    out = make(tmp_path, "--year", "2018", "--region", "Регион", "--targets", book, "--out", tmp_path / "п.json")
    assert out.returncode == 1 and out.stdout == "" and not (tmp_path / "п.json").exists()
    assert_russian(out.stderr, book)
    lines = out.stderr.splitlines()
    assert lines[0].endswith("ошибок: 5. Исправьте таблицу и загрузите её снова")
    assert lines[1].startswith("строка 2, столбец «T»: «178,60%» — введите только число")
    assert lines[2] == "строка 3, столбец «ОКТМО»: код ОКТМО «123» — ожидается 8 или 11 цифр"
    assert lines[3].startswith("строка 4, столбец «R0»:") and "целое" in lines[3]
    assert lines[4].startswith("строка 4, столбец «N»:") and "вне допустимых пределов" in lines[4]
    assert lines[5] == "строка 5: код ОКТМО 76618000 уже есть в строке 2"


@pytest.mark.parametrize("kind", ["empty", "text", "no header", "huge", "too many"])
def test_hostile_targets_books_are_refused_cleanly(tmp_path, kind):
    path = tmp_path / "цели.xlsx"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("Наименование;ОКТМО\nКалга;76618000\n", encoding="utf-8")
    elif kind == "no header":
        write_book(path, [["что-то"], ["Калга", 1, 2]])
    elif kind == "huge":
        write_book(path, [["Наименование", "ОКТМО", "T"]] + [[f"М{n}", f"{10_000_000 + n}", n] for n in range(60_000)])
    else:
        write_book(path, [["Наименование", "ОКТМО", "T"]] + [[f"М{n}", f"{10_000_000 + n}", n] for n in range(5_001)])
    out = make(tmp_path, "--year", "2018", "--region", "Регион", "--targets", path, "--out", tmp_path / "п.json")
    assert out.returncode == 1, (out.returncode, out.stderr)
    assert out.stdout == "" and not (tmp_path / "п.json").exists()
    assert_russian(out.stderr, path)
    assert len(out.stderr.splitlines()) <= 3, out.stderr


def test_bad_calls_exit_2(tmp_path):
    book = seed_book(tmp_path / "цели.xlsx")
    cases = [(["--targets", tmp_path / "нет.xlsx"], "нет"),
             (["--targets", book, "--deadline", "5=10.04.2018"], "квартал"),
             (["--targets", book, "--deadline", "1=31.02.2018"], "Срок"),
             (["--targets", book, "--deadline", "2=10.04.2018"], "позже конца квартала"),
             (["--targets", book, "--methodology", tmp_path / "нет.toml"], "нет")]
    for args, word in cases:
        out = make(tmp_path, "--year", "2018", "--region", "Регион", *args, "--out", tmp_path / "п.json")
        assert out.returncode == 2 and word in out.stderr, (args, out.stderr)
        assert_russian(out.stderr, tmp_path, "--deadline")
    no_region = make(tmp_path, "--year", "2018", "--targets", book, "--out", tmp_path / "п.json")
    assert no_region.returncode == 2 and "укажите --region" in no_region.stderr
    assert not (tmp_path / "п.json").exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.text(max_size=12), st.floats(allow_nan=True), st.integers(), st.none(),
                                   st.booleans()), max_size=8), max_size=12))
def test_any_table_gives_targets_or_one_refusal(rows):
    """parse_targets on any cells: a list of sound targets, or ImportRefused — never another exception."""
    from model.errors import ImportRefused
    from model.methodology import shipped_2018
    from model.region.targets import parse_targets

    table = [["Наименование", "ОКТМО", "T", "R0", "1.3 C, 1 кв."], *rows]
    try:
        found = parse_targets(table, "Таблица", [shipped_2018()])
    except ImportRefused as exc:
        assert str(exc).startswith("Таблица")
        return
    for t in found:
        assert len(t.oktmo) in (8, 11) and t.oktmo.isdigit() and t.name
        assert t.target_end is None or 0 <= t.target_end


def test_a_package_of_41_municipalities_is_made_in_under_a_second(tmp_path, monkeypatch):
    import time

    from model.region.history import open_history
    from model.region.package_make import make_package, package_methodologies, save_package
    from model.region.targets import read_targets

    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "данные"))
    header = ["Наименование", "ОКТМО", "T", "R0", "N", "1.3 C, 1 квартал", "1.3 C, 2 квартал",
              "Показатель 1, план на год", "Доля МСЗУ, 1 квартал"]
    book = write_book(tmp_path / "цели.xlsx", [header] + [[f"Район {n}", f"{76618000 + n}", 5000, 1000, 20000, 100,
                                                             200, 5, 40] for n in range(41)])
    started = time.perf_counter()
    methodologies = package_methodologies(2018)
    targets = read_targets(book, [m for m, _ in methodologies])
    with open_history() as history:
        package = make_package("Регион", 2018, targets, history)
        written = save_package(package, tmp_path / "пакет.json", history, tmp_path / "районы")
    assert time.perf_counter() - started < 1.0
    assert len(written) == 42 and len(package.municipalities) == 41


def test_a_package_adds_to_the_expected_list_and_takes_no_one_off(tmp_path, monkeypatch):
    """A package for some of the region's municipalities leaves the others expected: the summary still waits for
    them (the list of forty was replaced by the package's four, and «не представили» lost the ones missing)."""
    monkeypatch.setenv("OMSU_DATA_DIR", str(tmp_path / "данные"))
    names = [cells[0] for cells in seed_table_2()]
    others = [Municipality("Нерчинский район", "76628000"), Municipality(names[0].upper(), "")]
    keep(others)
    out = make(tmp_path, "--year", "2018", "--region", "Оренбургская область", "--targets",
               seed_book(tmp_path / "цели.xlsx"), "--out", tmp_path / "пакет.json")
    assert out.returncode == 0, out.stderr
    # the one on the list by name takes the package's name and code, in its place; the rest are added after
    assert load_kept() == [Municipality("Нерчинский район", "76628000"), Municipality(names[0], OKTMO[0]),
                           *(Municipality(n, o) for n, o in zip(names[1:], OKTMO[1:], strict=True))]
