"""Methodology files from outside, through the real command line: numbers that are not numbers (NaN, infinities,
a weight of 1e308, a divisor of 1e-300), control characters in the texts, installs that would collide with or
replace another version, and a data folder that refuses the install. Each case: the exit code of the contract, a
Russian message without a traceback, and the installed files the same, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_files import methodology_file, methodology_text
from russian_output import assert_russian, folder_state

from model.methodology import loader, registry

ROOT = Path(__file__).resolve().parents[3]


# The file's own keys are its syntax (as the data sheet's column names are): a message quotes them, «max»
KEYS = [f"«{k}»" for k in (loader._HEAD_KEYS | loader._TOTAL_KEYS | loader._SECTION_KEYS | loader._ITEM_KEYS
                            | loader._INPUT_KEYS | {"value", "text"})]


def run(data: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMSU_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def store(data: Path) -> Path:
    return data / "methodologies"


def replace_once(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


def after(anchor: str, old: str, new: str):
    """Replace the first `old` after `anchor` (a key of one table rather than the first one in the file)."""
    def edit(text: str) -> str:
        at = text.index(anchor)
        head, tail = text[:at], text[at:]
        assert old in tail, old
        return head + tail.replace(old, new, 1)
    return edit


@pytest.fixture
def installed(tmp_path) -> Path:
    """A data folder with one methodology already installed (its file is compared before and after)."""
    data = tmp_path / "данные"
    out = run(data, "methodology", "install", methodology_file(tmp_path / "из региона", "первая.toml"))
    assert out.returncode == 0, out.stderr
    return data


# -- numbers that are not numbers ---------------------------------------------------------------------------------
NUMBERS = {
    "a section divisor nan": (replace_once("divisor = 3\nmax = 100\n\n[[section.item]]",
                                           "divisor = nan\nmax = 100\n\n[[section.item]]"), "divisor"),
    "the total's divisor -nan": (replace_once("divisor = 3", "divisor = -nan"), "divisor"),
    "the total's maximum inf": (after("[total]", "max = 100", "max = inf"), "max"),
    "an item's maximum nan": (after('number = "1.1"', "max = 100", "max = nan"), "max"),
    "an item's maximum -inf": (after('number = "2.1"', "max = 100", "max = -inf"), "max"),
    "a weight of 1e308": (replace_once("weight = 0.25", "weight = 1e308"), "weight"),
    "a weight nan": (replace_once("weight = 0.25", "weight = nan"), "weight"),
    "a weight of a hundred digits": (replace_once("weight = 0.25", "weight = 1" + "0" * 100), "weight"),
    "a divisor of 1e-300": (replace_once("divisor = 3", "divisor = 1e-300"), "divisor"),
    "a level's value nan": (after('number = "2.2"', "value = 0.5", "value = nan"), "value"),
    "a level's value inf": (after('number = "2.2"', "value = 1", "value = inf"), "value"),
}


@pytest.mark.parametrize("case", NUMBERS)
def test_check_refuses_a_number_that_is_not_one(tmp_path, case):
    edit, key = NUMBERS[case]
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run(tmp_path / "данные", "methodology", "check", path)
    assert out.returncode == 1 and out.stdout == "", out.stdout
    assert_russian(out.stderr, path, *KEYS)
    assert "строка " in out.stderr and f"«{key}»" in out.stderr, out.stderr
    assert "nan" not in out.stderr.casefold() and "inf" not in out.stderr.casefold()


@pytest.mark.parametrize("case", ["an integer of 5000 digits", "arrays 5000 deep"])
def test_check_refuses_what_the_reader_cannot_take(tmp_path, case):
    value = "1" + "0" * 5000 if case == "an integer of 5000 digits" else "[" * 5000 + "]" * 5000
    path = methodology_file(tmp_path, "методика.toml", edit=replace_once("weight = 0.25", f"weight = {value}"))
    out = run(tmp_path / "данные", "methodology", "check", path)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(out.stderr, path, *KEYS)


@pytest.mark.parametrize("case", ["a section divisor nan", "a weight of 1e308", "an item's maximum nan"])
def test_install_refuses_a_number_that_is_not_one(installed, tmp_path, case):
    before = folder_state(store(installed))
    path = methodology_file(tmp_path, "методика.toml", version="2019.2", edit=NUMBERS[case][0])
    out = run(installed, "methodology", "install", path)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(out.stderr, path, *KEYS)
    assert folder_state(store(installed)) == before


# -- control characters -------------------------------------------------------------------------------------------
TEXTS = {
    "ESC in the title": (replace_once("title = \"План мероприятий", "title = \"\\u001bПлан мероприятий"), "title"),
    "a line break in the title": (replace_once("title = \"План мероприятий", "title = \"План\\nмероприятий"),
                                  "title"),
    "a bell in an item's content": (after('number = "1.1"', 'content = "', 'content = "\\u0007'), "content"),
    "DEL in a code": (after('number = "1.1"', 'code = "', 'code = "\\u007f'), "code"),
    "a C1 control in a section's title": (after("[[section]]", '\ntitle = "', '\ntitle = "\\u0085'), "title"),
    "a right-to-left override in a label": (after("[[section.item.input]]", 'label = "', 'label = "\\u202e'),
                                            "label"),
    "a NUL in an option's text": (after("options = [", 'text = "', 'text = "\\u0000'), "text"),
}


@pytest.mark.parametrize("case", TEXTS)
def test_check_refuses_a_control_character(tmp_path, case):
    edit, key = TEXTS[case]
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run(tmp_path / "данные", "methodology", "check", path)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(out.stderr, path, *KEYS)
    assert "управляющий символ" in out.stderr and f"«{key}»" in out.stderr and "строка " in out.stderr, out.stderr


def test_a_tab_and_a_line_break_where_a_text_has_lines_are_accepted(tmp_path):
    edit = after('number = "1.1"', 'content = "', 'content = "Первая строка\\n\\tвторая строка: ')
    path = methodology_file(tmp_path, "методика.toml", edit=edit)
    out = run(tmp_path / "данные", "methodology", "check", path)
    assert out.returncode == 0, out.stderr


def test_install_refuses_a_control_character_and_changes_nothing(installed, tmp_path):
    before = folder_state(store(installed))
    path = methodology_file(tmp_path, "методика.toml", version="2019.2", edit=TEXTS["ESC in the title"][0])
    out = run(installed, "methodology", "install", path)
    assert out.returncode == 1
    assert_russian(out.stderr, path, *KEYS)
    assert folder_state(store(installed)) == before


# -- the store: unique names, nothing replaced ----------------------------------------------------------------------
def listed(data: Path) -> set[tuple[str, str]]:
    out = run(data, "methodology", "list", "--json")
    assert out.returncode == 0, out.stderr
    return {(m["id"], m["version"]) for m in json.loads(out.stdout, parse_constant=no_constant)}


def no_constant(name: str) -> object:
    raise AssertionError(f"{name} в JSON")


@pytest.mark.parametrize("first, second", [
    (("popularization", "2019-1"), ("popularization-2019", "1")),
    (("popularization", "2019.1"), ("popularization", "2019-1")),
    (("popularization", "V1"), ("popularization", "v1")),  # the same name on a disk that ignores case
    (("popularization", "1."), ("popularization", "1_")),  # a trailing dot Windows would drop
    (("con", "1"), ("con-1", "1")),  # a reserved name of Windows
])
def test_two_versions_never_share_a_file(tmp_path, first, second):
    data = tmp_path / "данные"
    paths = [methodology_file(tmp_path, f"м{n}.toml", method_id=i, version=v) for n, (i, v) in
             enumerate((first, second))]
    out = run(data, "methodology", "install", paths[0])
    assert out.returncode == 0, out.stderr
    kept = folder_state(store(data))
    out = run(data, "methodology", "install", paths[1])
    assert out.returncode == 0, out.stderr
    assert "уже установлена" not in out.stdout
    now = folder_state(store(data))
    assert len(now) == 2 and all(now[name] == digest for name, digest in kept.items())  # the first is untouched
    names = [n.casefold() for n in now]
    assert len(set(names)) == 2 and all(n.rstrip(". ") == n and len(n) < 120 for n in names)
    assert all(not any(ch in n for ch in '<>:"/\\|?*') for n in names)
    assert {first, second} <= listed(data)


def test_the_very_same_file_again_is_already_installed(installed, tmp_path):
    before = folder_state(store(installed))
    out = run(installed, "methodology", "install", methodology_file(tmp_path / "снова", "первая.toml"))
    assert out.returncode == 0 and "уже установлена" in out.stdout, out.stderr
    assert folder_state(store(installed)) == before


def test_the_same_version_with_other_content_is_refused(installed, tmp_path):
    before = folder_state(store(installed))
    path = methodology_file(tmp_path, "исправленная.toml",
                            edit=replace_once("title = \"План мероприятий", "title = \"Уточнённый план мероприятий"))
    out = run(installed, "methodology", "install", path)
    assert out.returncode == 1
    assert_russian(out.stderr, path, *KEYS)
    assert "уже есть" in out.stderr and "новым номером версии" in out.stderr
    assert folder_state(store(installed)) == before


def test_a_file_under_the_older_naming_still_loads_and_is_kept(tmp_path):
    """Installed before the names carried a hash: «<id>-<version>.toml». It is read, and an install of the version
    whose new name it might be mistaken for leaves it alone."""
    data = tmp_path / "данные"
    store(data).mkdir(parents=True)
    (store(data) / "popularization-2019-1.toml").write_text(
        methodology_text(version="2019-1"), encoding="utf-8")
    before = folder_state(store(data))
    assert ("popularization", "2019-1") in listed(data)
    out = run(data, "methodology", "install", methodology_file(tmp_path, "м.toml", method_id="popularization-2019",
                                                               version="1"))
    assert out.returncode == 0, out.stderr
    assert {("popularization", "2019-1"), ("popularization-2019", "1")} <= listed(data)
    assert all(folder_state(store(data))[name] == digest for name, digest in before.items())
    out = run(data, "methodology", "install", methodology_file(tmp_path, "снова.toml", version="2019-1"))
    assert out.returncode == 0 and "уже установлена" in out.stdout, out.stderr


def test_a_damaged_file_where_the_new_one_would_go_is_not_replaced(tmp_path):
    data = tmp_path / "данные"
    store(data).mkdir(parents=True)
    damaged = store(data) / registry.store_name("popularization", "2019.1")
    damaged.write_bytes(b"\x00\x01 not a methodology")
    out = run(data, "methodology", "install", methodology_file(tmp_path, "м.toml"))
    assert out.returncode == 0, out.stderr
    assert damaged.read_bytes() == b"\x00\x01 not a methodology"
    assert ("popularization", "2019.1") in listed(data)


def test_store_names_are_unique_for_every_id_and_version():
    pairs = [("popularization", "2019-1"), ("popularization-2019", "1"), ("a", "b-c"), ("a-b", "c"), ("x", "V1"),
             ("x", "v1"), ("x", "1.0"), ("x", "1-0"), ("x", "1_0"), ("con", "1"), ("nul", "nul")]
    names = [registry.store_name(i, v).casefold() for i, v in pairs]
    assert len(set(names)) == len(names)
    long = registry.store_name("a" * 64, "1" * 32)
    assert len(long) < 120 and long.endswith(".toml")


# -- a data folder that refuses the install ----------------------------------------------------------------------------
def refusal(stderr: str) -> str:
    """The refusal itself: the lines from «Ошибка:» on (where the data folder is unusable, the log falls back to
    stderr before it — see test_no_log_line_on_the_screen)."""
    return stderr[stderr.index("Ошибка:"):] if "Ошибка:" in stderr else stderr


def test_no_log_line_on_the_screen(tmp_path):
    data = tmp_path / "данные"
    data.write_bytes(b"not a folder")
    path = methodology_file(tmp_path, "м.toml")
    out = run(data, "methodology", "install", path)
    assert_russian(out.stderr, path, data)


def test_a_data_folder_that_is_a_file(tmp_path):
    data = tmp_path / "данные"
    data.write_bytes(b"not a folder")
    path = methodology_file(tmp_path, "м.toml")
    out = run(data, "methodology", "install", path)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(refusal(out.stderr), path, data)
    assert "Методика не установлена" in out.stderr
    assert data.read_bytes() == b"not a folder"


def test_a_data_folder_whose_name_is_too_long(tmp_path):
    data = tmp_path / ("д" * 300)  # longer than a file name may be, in bytes and in UTF-16 units
    path = methodology_file(tmp_path, "м.toml")
    out = run(data, "methodology", "install", path)
    assert out.returncode == 1 and out.stdout == ""
    assert_russian(refusal(out.stderr), path, data)
    assert "длинное имя" in out.stderr and "Методика не установлена (м.toml)" in out.stderr


@pytest.mark.parametrize("fault", ["mkdir", "write"])
def test_a_data_folder_without_rights(tmp_path, monkeypatch, capsys, fault):
    """The folder refuses with EACCES (made so in the process: the tests may run as a user no rights stop)."""
    import errno

    from main import build_parser, run_command
    from model.base import files

    data = tmp_path / "данные"
    monkeypatch.setenv("OMSU_DATA_DIR", str(data))
    if fault == "write":
        store(data).mkdir(parents=True)

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(store(data)))
        monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
        monkeypatch.setattr(files.tempfile, "mkdtemp", refuse)  # the staging folder of files.together
    else:
        data.mkdir()
        real = Path.mkdir

        def refuse_mkdir(self, *args, **kwargs):
            if self == store(data):
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real(self, *args, **kwargs)
        monkeypatch.setattr(Path, "mkdir", refuse_mkdir)
    path = methodology_file(tmp_path, "м.toml")
    code = run_command(build_parser().parse_args(["methodology", "install", str(path)]))
    err = capsys.readouterr().err
    assert code == 1
    assert_russian(err, path, data)
    assert "прав" in err and "Методика не установлена" in err
    assert not store(data).exists() or list(store(data).iterdir()) == []


def test_a_file_with_nan_installed_before_the_check_is_not_used(tmp_path):
    """A methodology with a NaN divisor that an older program let into the store: it is not listed, not offered
    for its year, and scoring with it is refused in Russian rather than printed as NaN."""
    data = tmp_path / "данные"
    store(data).mkdir(parents=True)
    (store(data) / "popularization-2019.1.toml").write_text(
        methodology_text(edit=replace_once("divisor = 3", "divisor = nan")), encoding="utf-8")
    assert ("popularization", "2019.1") not in listed(data)
    inputs = tmp_path / "входные.json"
    inputs.write_text('{"1.1": {"A1": 45, "B1": 50}}', encoding="utf-8")
    out = run(data, "scores", "--inputs", inputs, "--year", "2019")
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, inputs)
    assert "не установлена" in out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no pipes here")
@pytest.mark.parametrize("action", ["check", "install"])
def test_a_pipe_named_like_a_methodology(tmp_path, action):
    pipe = tmp_path / "методика.toml"
    os.mkfifo(pipe)  # opening it would wait for a writer for ever
    out = run(tmp_path / "данные", "methodology", action, pipe)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, pipe)
    assert not store(tmp_path / "данные").exists()


def test_a_methodology_file_whose_name_is_too_long(tmp_path):
    path = tmp_path / ("м" * 300 + ".toml")
    out = run(tmp_path / "данные", "methodology", "install", path)
    assert out.returncode == 2 and out.stdout == ""
    assert_russian(out.stderr, path)
    assert "длинное имя" in out.stderr
