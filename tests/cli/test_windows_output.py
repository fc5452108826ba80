"""Redirected output on Windows: `--help > f.txt`, `| more`, a script reading `--json`. Windows' Python writes a
pipe or a file in the ANSI code page (cp1251 on a Russian Windows, cp1252 on an English one); the program's output
is UTF-8 there whatever the code page, and a console keeps its own encoding.

Windows is simulated two ways, each with PYTHONIOENCODING removed and PYTHONUTF8=0:
- `ansi`: a wrapper run with `-X utf8=0` wraps stdout and stderr in the code page exactly as Windows' Python does
  for a redirected stream (stdout strict, stderr backslashreplace), then calls main.main() — always available;
- `locale`: a real locale with that charset (ru_RU.CP1251, en_US.CP1252) compiled with localedef into a temporary
  LOCPATH, so Python itself picks the code page — .ci/dev installs Debian's `locales` for it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import command_line
import pytest
from command_line import strict_json
from russian_output import assert_russian

from main import utf8_when_redirected

ROOT = Path(__file__).resolve().parents[2]
filled = command_line.filled  # the shared fixture
CODE_PAGES = {"cp1251": "ru_RU", "cp1252": "en_US"}

WRAPPER = """\
import io, sys
code_page = sys.argv.pop(1)
# What Windows' Python does for a stream that is not a console: the ANSI code page, strict on stdout
sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding=code_page, errors="strict")
sys.stderr = io.TextIOWrapper(sys.stderr.buffer, encoding=code_page, errors="backslashreplace", line_buffering=True)
sys.path.insert(0, {root!r})
import main
sys.exit(main.main())
"""


def plain_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LC_CTYPE", "LANG")}
    env["PYTHONUTF8"] = "0"
    return env


@pytest.fixture(scope="module")
def locales(tmp_path_factory) -> Path:
    """ru_RU.CP1251 and en_US.CP1252 compiled into a folder (LOCPATH); .ci/dev installs what that needs."""
    folder = tmp_path_factory.mktemp("locales")
    assert shutil.which("localedef"), "localedef (Debian's libc-bin) is missing"
    for code_page, lang in CODE_PAGES.items():
        name = f"{lang}.{code_page.upper()}"
        subprocess.run(["localedef", "-i", lang, "-f", code_page.upper(), str(folder / name)], capture_output=True,
                       timeout=60)  # warnings of a charset without some characters are expected: the result counts
        assert (folder / name).is_dir(), f"{name} not compiled: the locale sources (Debian's locales) are missing"
    return folder


def run(how: str, code_page: str, locales: Path, tmp_path: Path, *args: object) -> subprocess.CompletedProcess:
    env = plain_env()
    if how == "ansi":
        wrapper = tmp_path / "ansi_main.py"
        wrapper.write_text(WRAPPER.format(root=str(ROOT)), encoding="utf-8")
        command = [sys.executable, "-X", "utf8=0", str(wrapper), code_page]
    else:
        env.update(LOCPATH=str(locales), LC_ALL=f"{CODE_PAGES[code_page]}.{code_page.upper()}")
        command = [sys.executable, "-X", "utf8=0", str(ROOT / "main.py")]
        probe = subprocess.run([sys.executable, "-X", "utf8=0", "-c", "import sys; print(sys.stdout.encoding)"],
                               capture_output=True, env=env, timeout=60)
        assert probe.stdout.decode().strip() == code_page  # the simulation is real: Python chose the code page
    return subprocess.run([*command, *map(str, args)], capture_output=True, env=env, timeout=180, cwd=tmp_path)


def reference(*args: object) -> subprocess.CompletedProcess:
    """The text a console shows: the same command in UTF-8 mode."""
    env = {**plain_env(), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, env=env,
                          timeout=180)


def same_as_console(out: subprocess.CompletedProcess, *args: object) -> tuple[str, str]:
    """The redirected output is UTF-8 and is the console's text, byte for byte."""
    want = reference(*args)
    assert b"Traceback" not in out.stderr, out.stderr.decode("utf-8", "replace")
    stdout, stderr = out.stdout.decode("utf-8"), out.stderr.decode("utf-8")  # UnicodeDecodeError: not UTF-8
    assert (out.returncode, stdout, stderr) == (want.returncode, want.stdout.decode(), want.stderr.decode())
    return stdout, stderr


SIMULATIONS = [("ansi", "cp1251"), ("ansi", "cp1252"), ("locale", "cp1251"), ("locale", "cp1252")]


@pytest.mark.parametrize(("how", "code_page"), SIMULATIONS)
def test_help_redirected_is_utf8(how, code_page, locales, tmp_path):
    out = run(how, code_page, locales, tmp_path, "--help")
    stdout, _ = same_as_console(out, "--help")
    assert out.returncode == 0 and "→" in stdout and "Использование:" in stdout


@pytest.mark.parametrize(("how", "code_page"), SIMULATIONS)
def test_json_redirected_is_utf8_and_parses(how, code_page, locales, tmp_path, filled):
    out = run(how, code_page, locales, tmp_path, "methodology", "list", "--json")
    stdout, _ = same_as_console(out, "methodology", "list", "--json")
    titles = [m["title"] for m in strict_json(stdout)]
    assert out.returncode == 0 and any("популяризац" in t.lower() for t in titles), titles

    args = ("scores", "--db", filled[0], "--period", "2018-Q2")
    out = run(how, code_page, locales, tmp_path, *args)
    stdout, _ = same_as_console(out, *args)
    assert out.returncode == 0 and strict_json(stdout)["total"] is not None


@pytest.mark.parametrize(("how", "code_page"), SIMULATIONS)
def test_errors_redirected_are_utf8(how, code_page, locales, tmp_path):
    # a Cyrillic name where argv is Unicode, as on Windows; under a cp125x locale Linux hands argv over in that code
    # page, which a Windows process never sees
    missing = tmp_path / ("нет такой базы.sqlite" if how == "ansi" else "no-such-base.sqlite")
    args = ("scores", "--db", missing, "--period", "2018-Q2")
    out = run(how, code_page, locales, tmp_path, *args)
    _, stderr = same_as_console(out, *args)
    assert out.returncode == 2 and stderr.startswith("Ошибка: ") and str(missing) in stderr
    assert_russian(stderr, missing)

    out = run(how, code_page, locales, tmp_path, "export")  # an argument error, said by argparse's own path
    _, stderr = same_as_console(out, "export")
    assert out.returncode == 2 and "не указаны обязательные параметры" in stderr


class Console(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_a_console_keeps_its_encoding_and_a_file_becomes_utf8():
    console = Console(io.BytesIO(), encoding="cp866", errors="strict")
    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1251", errors="strict")
    message = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", errors="backslashreplace")
    utf8_when_redirected(console, redirected, message, None)
    assert (console.encoding, redirected.encoding, redirected.errors) == ("cp866", "utf-8", "strict")
    assert (message.encoding, message.errors) == ("utf-8", "backslashreplace")
    redirected.write("Свод → рейтинг")
    redirected.flush()
    assert redirected.buffer.getvalue().decode("utf-8") == "Свод → рейтинг"
