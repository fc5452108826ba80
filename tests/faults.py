"""Runs the program in a child process whose file writes fail at a chosen step (tests/faultinject/sitecustomize.py):
the errnos of a full, failing or forbidden disk, and which of them each step gets.

FAULT_CODES_PER_STEP=3 runs every errno at every step (a developer's machine); fewer runs that many, rotating over
the steps (step n gets the errnos from n + FAULT_ROTATION on), so each run of the suite tries every step and, over
three runs with FAULT_ROTATION 0, 1, 2, every errno at every step. FAULT_ROTATION defaults to the day number."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INJECTOR = Path(__file__).resolve().parent / "faultinject"
CODES = (errno.ENOSPC, errno.EIO, errno.EACCES)
PER_STEP = max(1, min(len(CODES), int(os.environ.get("FAULT_CODES_PER_STEP", "1"))))
ROTATION = int(os.environ.get("FAULT_ROTATION", str(int(time.time() // 86400))))
TEMPORARY = (".tmp", ".old")  # what a staging folder or an earlier version's temporary file ends with


def codes_for(step: int) -> list[int]:
    return [CODES[(step + ROTATION + k) % len(CODES)] for k in range(PER_STEP)]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    steps: list[str]  # `kind<TAB>path`, the failed one marked with «!»

    @property
    def fired(self) -> str | None:
        return next((s[1:] for s in self.steps if s.startswith("!")), None)


def run(args: list[str], roots: list[Path], at: int, code: int, log: Path, cwd: Path | None = None) -> Run:
    """`python main.py ARGS` (or `python -c CODE` when args start with «-c») with step `at` failing with `code`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(INJECTOR), os.environ.get("PYTHONPATH", "")]),
           "FAULT_ROOTS": os.pathsep.join(str(r) for r in roots), "FAULT_AT": str(at), "FAULT_ERRNO": str(code),
           "FAULT_LOG": str(log)}
    argv = [sys.executable, *args] if args[0] == "-c" else [sys.executable, str(ROOT / "main.py"), *args]
    log.unlink(missing_ok=True)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=180, cwd=cwd)
    steps = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return Run(done.returncode, done.stdout, done.stderr, steps)


def temporary_left(*folders: Path) -> list[Path]:
    """Anything a write leaves for a moment: staging folders, temporary files, set-aside previous folders."""
    return [p for f in folders if f.exists() for p in f.rglob("*") if p.name.endswith(TEMPORARY)
            or p.name in ("moving", "owner")]
