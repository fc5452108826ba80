"""The window's start reads its own arguments (--db, --smoke) without building every command's parser: whatever it
reads is what the whole parser reads, and whatever it does not take (a command, --help, an empty or missing file
name) goes to the whole parser, which tells the error as before."""

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import main

TOKENS = ["--smoke", "--db", "--db=", "--db=база.sqlite", "база.sqlite", "C:\\Отчёты\\d.sqlite", " ", "", "-x", "--sm",
          "--smok", "scores", "export", "--help", "-h", "--db=-", "--period", "2018-Q2", "--", "=", "--dbx"]


def parsed(argv: list[str]):
    """What the whole parser makes of argv: (db, smoke, command), or the exit code of its refusal."""
    try:
        args = main.build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code
    return getattr(args, "db", None), getattr(args, "smoke", False), args.command


@given(st.lists(st.sampled_from(TOKENS), max_size=5))
def test_what_the_quick_reading_takes_the_parser_reads_the_same(argv):
    quick = main.window_arguments(argv)
    if quick is not None:
        assert (quick.db, quick.smoke, quick.command) == parsed(argv)


def test_the_window_arguments_are_read_quickly_and_commands_are_not():
    assert main.window_arguments([]).db is None
    args = main.window_arguments(["--smoke", "--db", "d.sqlite"])
    assert (args.db, args.smoke, args.command) == (Path("d.sqlite"), True, None)
    assert main.window_arguments(["--db=Отчёты 2018.sqlite"]).db == Path("Отчёты 2018.sqlite")
    for argv in (["scores"], ["--help"], ["--db"], ["--db", ""], ["--db", "--smoke"], ["--sm"], ["--smoke", "export"]):
        assert main.window_arguments(argv) is None, argv


def test_the_start_does_not_build_the_commands_parser(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["main.py", "--smoke", "--db", str(tmp_path / "d.sqlite")])
    monkeypatch.setattr(main, "build_parser", lambda: (_ for _ in ()).throw(AssertionError("parser built")))
    seen = []
    monkeypatch.setattr("gui.app.run_app", lambda db, smoke=False: seen.append((db, smoke)) or 0)
    assert main.main() == 0
    assert seen == [(tmp_path / "d.sqlite", True)]
