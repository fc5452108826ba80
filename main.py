"""Отчётность ОМСУ: starts the window, or runs a command without a screen (the commands: cli.py)."""

from __future__ import annotations

import gc
import os
import sys

from cli import build_parser, has_display, run_command, utf8_when_redirected
from model.base.version import program_name
from model.base.windowed import has_console, without_console


def main(argv: list[str] | None = None) -> int:
    if has_console():
        utf8_when_redirected()  # before anything is printed, --help and argument errors included
        args = build_parser().parse_args(argv)
    else:  # the windowed executable: a command's output would be lost, so it says to use the console twin
        parsed = without_console(build_parser(), argv)
        if isinstance(parsed, int):
            return parsed
        args = parsed
    if args.command:
        return run_command(args)
    if not has_display():
        if not args.smoke:
            print("Нет графического дисплея: запустите программу в графическом сеансе "
                  f"или через виртуальный экран: xvfb-run {program_name()}", file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Start-up creates a few hundred thousand objects that live as long as the window; the cyclic collector would
    # walk them again and again while they are made. run_app switches it back on once the first screen is up.
    gc.disable()
    from gui.app import run_app

    return run_app(args.db, smoke=args.smoke)


if __name__ == "__main__":
    sys.exit(main())
