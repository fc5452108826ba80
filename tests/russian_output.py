"""What a user may read on the command line after a refusal or a fault: Russian sentences, no traceback, no English
internals (the operating system's or SQLite's text), no doubled full stop."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

from model.base.uri import database_uri

# Words a message may carry in Latin letters: file names and paths are removed before the check, and these are
# the program's own names and formats
ALLOWED_LATIN = {"xlsx", "xls", "ods", "pdf", "json", "toml", "xml", "excel", "libreoffice", "calc", "omsu", "report",
                 "cli", "sqlite", "data", "zip", "xlsb", "ctrl", "help", "esia", "id", "utf", "windows", "onedrive",
                 "section", "code", "field", "period", "value", "note"}  # the data sheet's column names (a contract)
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\w.~\-#%?+ ]*[/\\])+[^\s,;:«»()]*|\S+\.(?:xlsx|xls|ods|pdf|toml|json|sqlite|"
                   r"lock|tmp|txt|log)\b", re.IGNORECASE)


def assert_russian(text: str, *names: str | Path) -> None:
    """One or more Russian lines: no traceback, no English word beyond file names, paths and the program's own."""
    assert text.strip(), "нет сообщения"
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert ".." not in text.replace("...", ""), text
    stripped = text
    for name in names:
        stripped = stripped.replace(str(name), " ")
        stripped = stripped.replace(Path(name).name, " ")
    stripped = _PATH.sub(" ", stripped)
    english = [w for w in re.findall(r"[A-Za-z]{3,}", stripped) if w.casefold() not in ALLOWED_LATIN]
    assert not english, f"английские слова {english} в сообщении: {text}"
    assert re.search(r"[А-Яа-яЁё]{3,}", text), text


def tables(path: Path) -> dict[str, list[tuple]]:
    """A database's data, table by table (compared when a refusal must leave it unchanged)."""
    conn = sqlite3.connect(database_uri(path, read_only=True), uri=True)  # quoted: «#» or «%» in a folder's name
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
