"""Two pieces of work at once where the system allows: one in a forked copy of the process, one here.

The command line's export writes the PDF and the workbook, two independent pieces of ~0,2 s each; on a machine with
two cores they take the time of the longer one. A forked child shares what the process has loaded already (the
quarter's data) and loads the rest itself. Only where fork is safe: a system that has it (not Windows), and a
process with one thread (never the window: forking a process with threads can leave a lock held forever). Elsewhere
the two run one after the other, `here` first — the same files, the same errors.

What the child raises is raised here, as it was (pickled through a pipe), after `here` has finished: an error of
`here` is raised first, as it would be if the two ran in order.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32" and threading.active_count() == 1


def side_by_side(here: Callable[[], object], there: Callable[[], object], at_once: bool = True) -> None:
    """Run `here` in this process and `there` in a forked child at the same time (at_once and can_fork()), else
    `here` then `there`; raise what either raised (`here`'s first)."""
    if not (at_once and can_fork()):
        here()
        there()
        return
    for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, not once by each process
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do `there`, send back what it raised (or None), leave without any clean-up of ours
        os.close(read)
        code = 0
        try:
            try:
                there()
                failure: BaseException | None = None
            except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent, which raises it
                failure = exc
                # the child's traceback does not travel with the exception: it goes as a note, for the log
                exc.add_note("В дочернем процессе:\n" + "".join(traceback.format_exception(exc)).rstrip())
            try:
                data = pickle.dumps(failure)
            except Exception:  # noqa: BLE001 — an exception that does not pickle: its type and words
                data = pickle.dumps(RuntimeError(f"{type(failure).__name__}: {failure}"))
            view = memoryview(data)
            while view:
                view = view[os.write(write, view):]
        except BaseException:  # noqa: BLE001 — the child never returns into the parent's code
            code = 1
        finally:
            logging.shutdown()  # what the child logged reaches the log file: os._exit flushes nothing
            os._exit(code)
    os.close(write)
    try:
        here()
    finally:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(f"the forked half of the work ended without a word (status {status})")
    failure = pickle.loads(data)  # noqa: S301 — our own child's bytes, through our own pipe
    if failure is not None:
        raise failure
