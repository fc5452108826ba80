"""`main.py methodology diff OLD NEW [--pdf OUT]` run as a user runs it: the same lines `install` prints, the annex
to the order, a refused file and a bad call."""

from __future__ import annotations

from pathlib import Path

from command_line import main_py
from pypdf import PdfReader
from russian_output import assert_russian

from model.methodology import load_methodology
from model.methodology.changes import changes

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "resources" / "methodologies" / "popularization-2018.toml"
NEW = ROOT / "docs" / "examples" / "popularization-2027.toml"


def printed(version: str, lines: list[str]) -> str:
    return f"Изменения относительно версии {version}:\n" + "".join(f"  {line}\n" for line in lines)


def variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = NEW.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_prints_what_the_new_methodology_changes(tmp_path):
    out = main_py("methodology", "diff", OLD, NEW, data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert out.stdout == printed("2018.1", changes(load_methodology(OLD), load_methodology(NEW)))
    assert "  пункт 2.6: правило расчёта — уровни → целевое значение 3\n" in out.stdout
    assert "  раздел 2: делитель 7 → 8\n" in out.stdout


def test_diff_prints_the_lines_install_prints(tmp_path):
    data = tmp_path / "data"
    newer = variant(tmp_path, "newer.toml", ('version = "2027.1"', 'version = "2027.2"'), ("target = 3", "target = 4"))
    assert main_py("methodology", "install", NEW, data=data).returncode == 0
    installed = main_py("methodology", "install", newer, data=data)
    assert installed.returncode == 0, installed.stderr
    diff = main_py("methodology", "diff", NEW, newer, data=data)
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout == printed("2027.1", ["пункт 2.6: целевое значение 3 → 4"])
    assert installed.stdout.splitlines()[1:] == diff.stdout.splitlines()


def test_the_same_content_changes_nothing(tmp_path):
    same = variant(tmp_path, "same.toml", ('version = "2027.1"', 'version = "2027.2"'))
    out = main_py("methodology", "diff", NEW, same, data=tmp_path / "data")
    assert out.returncode == 0 and out.stdout == "По сравнению с версией 2027.1 изменений нет\n", out.stderr


def test_diff_writes_the_annex_to_the_order(tmp_path):
    target = tmp_path / "Изменения методики 2027.1.pdf"
    out = main_py("methodology", "diff", OLD, NEW, "--pdf", target, data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == f"Приложение к приказу записано: {target}"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(target)).pages)
    assert "Приложение к приказу" in text and "Правило расчёта — уровни → целевое значение 3" in text


def test_an_annex_that_cannot_be_written_is_said_and_exits_1(tmp_path):
    target = tmp_path / "нет такой папки" / "annex.pdf"
    out = main_py("methodology", "diff", OLD, NEW, "--pdf", target, data=tmp_path / "data")
    assert out.returncode == 1
    assert_russian(out.stderr, target)
    assert "нет такой папки" in out.stderr and not target.parent.exists()


def test_a_refused_file_exits_1_with_the_loaders_problems(tmp_path):
    broken = variant(tmp_path, "broken.toml", ('rule = "target"', 'rule = "цель"'))
    for args in ((OLD, broken), (broken, OLD)):
        out = main_py("methodology", "diff", *args, "--pdf", tmp_path / "annex.pdf", data=tmp_path / "data")
        assert out.returncode == 1, out.stdout
        assert out.stdout == ""
        assert "broken.toml: методика отклонена — ошибка" in out.stderr
        assert "неизвестное правило «цель»" in out.stderr and "строка " in out.stderr
        assert not (tmp_path / "annex.pdf").exists()


def test_bad_calls_exit_2(tmp_path):
    data = tmp_path / "data"
    for args in (("diff",), ("diff", OLD), ("diff", OLD, tmp_path / "none.toml"), ("diff", tmp_path, NEW),
                 ("diff", OLD, NEW, "--pdf"), ("diff", OLD, NEW, "--pdf", " "), ("diff", OLD, NEW, "extra")):
        out = main_py("methodology", *args, data=data)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert out.stdout == ""
        assert_russian(out.stderr, *args, "python main.py", "--pdf")
    missing = main_py("methodology", "diff", OLD, tmp_path / "none.toml", data=data)
    assert "Файла новой методики" in missing.stderr and "none.toml нет" in missing.stderr
