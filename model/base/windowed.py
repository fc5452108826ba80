"""The windowed executable (omsu-report.exe) asked to run a command: it has no console, so what a command prints
would be lost and cmd does not wait for it. It runs no command then: it says, in a message box, to use the console
twin omsu-report-cli.exe, and ends with exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable, Sequence

CONSOLE_TWIN = "omsu-report-cli.exe"
TITLE = "Отчётность ОМСУ"


def has_console() -> bool:
    """False in a program built without a console (PyInstaller's windowed executable, pythonw): no stdout, no
    stderr."""
    return sys.stdout is not None and sys.stderr is not None


def advice(command: str | None, printed: str) -> str:
    """What the message box says: why nothing was done and the command line to type instead."""
    head = (f"Команду «{command}» эта программа не выполняет: у окна программы нет консоли, и то, что команда "
            "выводит, было бы потеряно." if command else
            "У окна программы нет консоли: справка и сообщения командной строки в нём не видны.")
    lines = [head, "",
             f"Команды выполняет {CONSOLE_TWIN} из той же папки — в командной строке (cmd) или в сценарии, например:",
             f"{CONSOLE_TWIN} export --db база.sqlite --period 2018-Q2 --out C:\\Отчёты",
             f"{CONSOLE_TWIN} --help — список команд."]
    if printed.strip():
        lines += ["", printed.strip()]
    return "\n".join(lines)


def message_box(title: str, text: str) -> None:
    """Windows: a message box (user32's own, no Qt needed); elsewhere (a build without a console on Linux):
    the program's log."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, title, 0x10)  # type: ignore[attr-defined]  # MB_ICONERROR
        return
    from model.base.logs import log, setup_logging

    setup_logging()
    log.warning("%s: %s", title, text)


def without_console(parser: argparse.ArgumentParser, argv: Sequence[str] | None,
                    tell: Callable[[str, str], None] = message_box) -> argparse.Namespace | int:
    """The parsed arguments when they ask for the window; otherwise (a command, --help, a wrong argument) the
    advice is told and the exit code returned."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or an argument the parser refused: its text goes into the box
        tell(TITLE, advice(None, printed.getvalue()))
        return 2 if exc.code not in (0, None) else 0
    if args.command:
        tell(TITLE, advice(args.command, ""))
        return 2
    return args
