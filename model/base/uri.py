"""The URI a database file is opened by: the one place that turns a path into SQLite's `file:` URI."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def database_uri(path: Path | str, read_only: bool = False) -> str:
    """`file:` and the whole absolute path percent-quoted, then `?mode=ro` if asked (open with uri=True).

    Unquoted, a «#» in a folder's name («Отдел #2») ends the path and drops `?mode=ro`, a «?» starts the
    parameters early, and «%41» is read as «A»: SQLite then opens — and creates, empty — another file. Quoted,
    every character of the name is the name's; on Windows the back-slashes and the drive's colon are quoted too,
    and SQLite gives them back as they were."""
    return f"file:{quote(str(Path(path).resolve()))}" + ("?mode=ro" if read_only else "")
