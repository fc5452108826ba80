"""Reading many districts' books on several cores: the same books, the same districts and problems, in the same order
as one process reading them one after another.

The program itself is started again as a reader (`main.py --read-books`; the bundle's executable with the same flag),
fed the period and then books one at a time through a pipe, and sends back each book's result as it is read: the
district (its methodology named, not copied: the reader and the merge have the same installed ones) and its
problems. No multiprocessing (the bundle leaves it out: it costs every start 12 ms) and no fork: a started program is
the same on Windows and Linux, and safe from a window with threads. The books are shared as they are read, not
beforehand: this process takes them from the end of the list, the readers from its start, each reader two ahead of
what it has sent back, until the two ends meet — so a reader slow to start (~0,2 s) or a core busy with other work
leaves no one waiting at the end for a share fixed in advance. A reader that fails, ends early or says something it
should not leaves the books it took unread by it: they are read here, one after another, so no fault of a reader
loses a book.

Few books are read here alone: starting a reader pays from about twenty books on (a reader reads a book in ~25 ms).
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from model.base import lazy
from model.base.period import Period

log = logging.getLogger("omsu.region")
FLAG = "--read-books"  # main.py hands the process to serve() when it is started with this alone
WRITER_FLAG = "--write-workbook"  # … and to model.region.summary_files.serve_workbook() with this one
PARALLEL_FROM = 20  # fewer books are read in this process alone
MAX_READERS = 3
# Municipalities from which the summary's workbook is written apart (model/region/summary_files.py): the writer costs
# ~0,3 s of processor to start and end, the workbook ~1 ms a municipality (measured on Linux, see README; the frozen
# program on Windows starts slower, not measured); below it, even started early, the writer's start costs the
# reading more than writing beside the PDF gains
APART_FROM = 400
AHEAD = 2  # books a reader holds beyond those it has sent back: the next is there when it finishes one
_SIZE = struct.Struct("<I")

# (file index, district or None, the book's problems): what reading one book gives
Result = tuple[int, Any, list]
ReadOne = Callable[[Path, str], tuple[Any, list]]


def readers_for(count: int, cores: int | None = None) -> int:
    """How many readers besides this process: none for few books or one core, else one a core less this one's."""
    cores = os.cpu_count() or 1 if cores is None else cores
    if count < PARALLEL_FROM or cores < 2:
        return 0
    return min(cores - 1, MAX_READERS, count // (PARALLEL_FROM // 2))


def command(flag: str = FLAG) -> list[str]:
    """How the program starts itself as a reader (or, with another flag, as another helper of the merge): the
    bundle's executable, or this interpreter on main.py."""
    if getattr(sys, "frozen", False):
        return [sys.executable, flag]
    return [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py"), flag]


class _Books:
    """The books not taken yet: this process takes from the end, the readers from the start, until none is left."""

    def __init__(self, count: int) -> None:
        self.front, self.back = 0, count - 1
        self._lock = threading.Lock()

    def from_front(self) -> int | None:
        with self._lock:
            if self.front > self.back:
                return None
            self.front += 1
            return self.front - 1

    def from_back(self) -> int | None:
        with self._lock:
            if self.front > self.back:
                return None
            self.back -= 1
            return self.back + 1


class _Reader:
    """One started reader: the books it took, and the results it has sent so far (collected by a thread of its
    own, which gives it the next book as each result comes back)."""

    def __init__(self, files: list[Path], labels: dict[Path, str], books: _Books, period: Period) -> None:
        self.files, self.labels, self.books = files, labels, books
        self.taken: set[int] = set()
        self.results: dict[int, tuple[Any, list]] = {}
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        try:
            self.process = start_helper(FLAG, subprocess.PIPE)
        except OSError as exc:
            log.warning("the book reader did not start (%s): its books are read here", exc)
            return
        first = [n for n in (books.from_front() for _ in range(AHEAD)) if n is not None]  # taken now: a reader
        self.taken.update(first)  # started has its first books whatever this process reads meanwhile
        self.thread = threading.Thread(target=self._collect, args=(period, first), daemon=True)
        self.thread.start()

    def _give(self, stream: IO[bytes], n: int) -> None:
        _send(stream, (n, str(self.files[n]), self.labels[self.files[n]]))

    def _collect(self, period: Period, first: list[int]) -> None:
        process = self.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        stdin = process.stdin
        try:
            _send(stdin, period)
            for n in first:
                self._give(stdin, n)
            if not first:
                stdin.close()
            while True:
                record = _receive(process.stdout)
                if record is None:
                    break
                n, district, problems = record
                if n not in self.taken or n in self.results:
                    raise ValueError(f"a book not given: {n}")
                self.results[n] = (_methodology_back(district), problems)
                if not stdin.closed:
                    following = self.books.from_front()
                    if following is None:
                        stdin.close()  # the reader ends when it has sent back what it holds
                    else:
                        self.taken.add(following)
                        self._give(stdin, following)
        except Exception as exc:  # noqa: BLE001 — whatever the reader did, its books are read here instead
            log.warning("the book reader stopped (%s: %s): the books it did not send are read here",
                        type(exc).__name__, exc)
        finally:
            _close(process)

    def done(self) -> int:
        return len(self.results)

    def finish(self) -> dict[int, tuple[Any, list]]:
        if self.thread is not None:
            self.thread.join()
        if self.process is not None:
            self.process.wait()
        return self.results

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.finish()


NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: a reader opens no console window
# Helpers started before the merge needs them (start_early), by flag and output: each waits, its modules loaded,
# until start_helper hands it out
_early: dict[tuple[str, int], list[subprocess.Popen]] = {}


def start_helper(flag: str, stdout: int) -> subprocess.Popen:
    """The program started as a helper of the merge (`flag`), fed through its stdin; its errors go nowhere (it logs
    them), its output to `stdout` (a pipe, or DEVNULL). One started early for the same is handed out first."""
    ready = _early.get((flag, stdout))
    while ready:
        process = ready.pop(0)
        if process.poll() is None:
            return process
        _close(process)  # ended before it was needed (it logged why): another is started
    return _popen(flag, stdout)


def start_early(flag: str, stdout: int, count: int = 1) -> None:
    """Start `count` helpers now, for start_helper to hand out when the merge asks for them: the command line starts
    them before it loads the merge's own modules, so that their start (~0,1 s each) is made meanwhile on another
    core. One that does not start is no fault: the merge starts it when it needs it, or does its work itself."""
    for _ in range(count):
        try:
            _early.setdefault((flag, stdout), []).append(_popen(flag, stdout))
        except OSError as exc:
            log.warning("a helper of the merge did not start early (%s)", exc)
            return


def start_merge_helpers(paths: Iterable[Path]) -> None:
    """The helpers a merge of `paths` will use, started now (start_early) when there is a second core, as many as the
    books seem to call for (the .xlsx names in the folders given, counted roughly): its readers, and from APART_FROM
    books the summary workbook's writer. Their start (~0,1 s each) is then made while this process loads the
    merge's modules. Those the merge does not take are ended by end_early."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return
    count = 0
    for path in paths:
        try:
            count += sum(p.suffix.lower() == ".xlsx" for p in path.iterdir()) if path.is_dir() else 1
        except OSError:
            continue  # the merge says what is wrong with it
    start_early(FLAG, subprocess.PIPE, readers_for(count, cores))
    if count >= APART_FROM:
        start_early(WRITER_FLAG, subprocess.DEVNULL)


def _popen(flag: str, stdout: int) -> subprocess.Popen:
    return subprocess.Popen(command(flag), stdin=subprocess.PIPE, stdout=stdout, stderr=subprocess.DEVNULL,
                            creationflags=NO_WINDOW)


def waiting(flag: str) -> bool:
    """Whether a helper started early for `flag` waits to be handed out."""
    return any(p.poll() is None for (f, _), started in _early.items() if f == flag for p in started)


def end_early() -> None:
    """End the helpers started early that the merge did not take (fewer books than it seemed, a merge refused): each
    is given nothing — its stdin closed, it ends as one with no work — and those that have not ended within one
    second, all together, are ended."""
    started = [p for started_ in _early.values() for p in started_]
    _early.clear()
    for process in started:
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass  # the helper is gone: its pipe cannot be flushed
    deadline = time.monotonic() + 1.0
    for process in started:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _close(process)


def _close(process: subprocess.Popen) -> None:
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass  # the helper is gone: its pipe cannot be flushed


def read_all(files: list[Path], labels: dict[Path, str], read: ReadOne, progress: Callable[[int, str], bool] | None,
             period: Period, readers: int | None = None,
             meanwhile: Callable[[], object] | None = None) -> list[tuple[Any, list]] | None:
    """Every book's (district or None, problems), in the order of `files`. `progress(done, name)` is told before
    each book read here; False stops the reading (and the readers) and gives None. `meanwhile`: what the caller
    will need after the reading (the modules it writes with), done here once the readers are started — they take
    the books this process would have read meanwhile — and after the reading where none is."""
    count = len(files)
    books = _Books(count)
    started: list[_Reader] = []
    out: list[tuple[Any, list] | None] = [None] * count
    here = 0
    try:
        wanted = readers_for(count) if readers is None else readers
        if wanted:
            lazy.load_now()  # the threads that take the readers' results unpickle the areas' classes meanwhile
        for _ in range(wanted):
            started.append(_Reader(files, labels, books, period))
        if meanwhile is not None and started:
            meanwhile()
        while (n := books.from_back()) is not None:
            if progress is not None and not progress(here + sum(r.done() for r in started), files[n].name):
                return None
            out[n] = read(files[n], labels[files[n]])
            here += 1
        for reader in started:
            if not reader.done():  # not one book back yet (slow to start: a cold disk, a scan of the program):
                reader.stop()      # its books are read here rather than waited for
            for n, result in reader.finish().items():
                out[n] = result
    finally:
        for reader in started:
            reader.stop()
    for n, path in enumerate(files):  # what a reader took and did not send is read here
        if out[n] is None:
            if progress is not None and not progress(sum(x is not None for x in out), path.name):
                return None
            out[n] = read(path, labels[path])
    if meanwhile is not None and not started:
        meanwhile()
    return [x for x in out if x is not None]


def _methodology_out(district: Any) -> Any:
    """The district with its methodology named instead of copied (a methodology pickled is ~30 KB a book)."""
    if district is not None:
        m = district.report.methodology
        district.report.methodology = (m.id, m.version)
    return district


def _methodology_back(district: Any) -> Any:
    from model.methodology import registry

    if district is not None:
        ref = district.report.methodology
        if not isinstance(ref, tuple) or len(ref) != 2:
            raise ValueError("a district without its methodology's name")
        district.report.methodology = registry.find(*ref)
    return district


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_SIZE.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_SIZE.size)
    if not head:
        return None
    if len(head) < _SIZE.size:
        raise EOFError("a record cut short")
    data = stream.read(_SIZE.unpack(head)[0])
    if len(data) < _SIZE.unpack(head)[0]:
        raise EOFError("a record cut short")
    return pickle.loads(data)  # noqa: S301 — our own reader's bytes, through our own pipe


def serve(read: Callable[[Path, str, Period], tuple[Any, list[Any]]], stdin: IO[bytes] | None = None,
          stdout: IO[bytes] | None = None) -> int:
    """The reader's side: the period, then books one at a time from stdin until it ends, each read by `read`
    (model.region.consolidate.read_district, handed in by main.py) and its result sent to stdout as it is read."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    period = _receive(stdin)
    while (job := _receive(stdin)) is not None:
        n, path, label = job
        district, problems = read(Path(path), label, period)
        _send(stdout, (n, _methodology_out(district), problems))
    return 0
