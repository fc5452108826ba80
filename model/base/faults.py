"""The system's and SQLite's failures in the user's words: one mapping, by error code, never by message text.

The operating system's own text (`strerror`) and SQLite's are English on most machines and name internals; they go
to the log. What the user reads is chosen here from the number: `errno` (and Windows' `winerror`) for files and
folders, SQLite's primary result code for the database.
"""

from __future__ import annotations

import errno
import sqlite3
import sys

# Windows' own codes, where they say more than the errno Python maps them to
_WINERROR = {
    32: "файл занят другой программой (например, открыт в Excel или его проверяет антивирус)",  # sharing violation
    33: "часть файла заблокирована другой программой",  # lock violation
    112: "на диске нет места",  # ERROR_DISK_FULL
    206: "слишком длинный путь к файлу",  # ERROR_FILENAME_EXCED_RANGE
    1920: "файл недоступен (возможно, он ещё не скачан из облака)",  # ERROR_CANT_ACCESS_FILE
}

_ERRNO = {
    errno.ENOSPC: "на диске нет места",
    errno.EDQUOT: "исчерпана квота на диске",
    errno.EACCES: "нет прав доступа (или файл открыт в другой программе)",
    errno.EPERM: "операция не разрешена (нет прав или файл защищён)",
    errno.EROFS: "диск доступен только для чтения",
    errno.ENOENT: "файла или папки нет",
    errno.ENOTDIR: "в пути вместо папки стоит файл",
    errno.EISDIR: "это папка, а не файл",
    errno.EEXIST: "файл или папка с таким именем уже есть",
    errno.ENAMETOOLONG: "слишком длинное имя файла или путь",
    errno.EIO: "ошибка ввода-вывода: диск, флешка или сетевое подключение неисправны",
    errno.EBUSY: "файл или диск занят другой программой",
    errno.ETXTBSY: "файл занят другой программой",
    errno.EMFILE: "открыто слишком много файлов",
    errno.ENFILE: "открыто слишком много файлов",
    errno.ELOOP: "ссылки в пути ведут по кругу",
    errno.EINVAL: "недопустимое имя файла",
    errno.EFBIG: "файл слишком велик",
    errno.ENXIO: "устройство недоступно",
    errno.ENODEV: "устройство недоступно",
    errno.ETIMEDOUT: "сетевая папка не ответила вовремя",
    errno.EHOSTUNREACH: "сетевая папка недоступна",
    errno.ENOMEM: "не хватает памяти",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in a few Russian words (no capital, no full stop)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR:
        return _WINERROR[winerror]
    if exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    code = errno.errorcode.get(exc.errno or 0) if exc.errno else None
    return f"системная ошибка {code or winerror or type(exc).__name__}"


# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of an extended code
SQLITE_ERROR, SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY = 1, 3, 5, 6, 7, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_TOOBIG = 10, 11, 13, 14, 18
SQLITE_CONSTRAINT, SQLITE_NOTADB, SQLITE_AUTH = 19, 26, 23

_SQLITE = {
    SQLITE_ERROR: "в базе данных нет нужной таблицы или столбца — она повреждена или изменена другой программой",
    SQLITE_PERM: "нет прав доступа к файлу",
    SQLITE_BUSY: "файл занят другой программой — закройте её и повторите",
    SQLITE_LOCKED: "файл занят другой программой — закройте её и повторите",
    SQLITE_NOMEM: "не хватает памяти",
    SQLITE_READONLY: "файл доступен только для чтения",
    SQLITE_IOERR: "ошибка чтения или записи диска (проверьте диск или сетевое подключение)",
    SQLITE_CORRUPT: "файл повреждён",
    SQLITE_FULL: "на диске нет места",
    SQLITE_CANTOPEN: "нет доступа к файлу или к его папке",
    SQLITE_TOOBIG: "значение слишком велико",
    SQLITE_NOTADB: "это не файл базы данных",
    SQLITE_AUTH: "нет прав доступа к файлу",
}


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (None when the error did not come from SQLite itself)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def sqlite_reason(exc: sqlite3.Error) -> str:
    """Why SQLite refused, in a few Russian words (its own English goes to the log)."""
    code = sqlite_code(exc)
    if code in _SQLITE:
        return _SQLITE[code]
    return f"ошибка SQLite с кодом {code}" if code is not None else "ошибка SQLite"


def sentence(*parts: str) -> str:
    """Parts joined into sentences: each ends with one full stop (none doubled, «..» never appears)."""
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part.endswith((".", "!", "?", "…")) else part + ".")
    return " ".join(out)


def logged_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """What Python cannot raise (a half-written file's close failing again when the object is collected, after its
    write failed and was told) goes to the log, never to the screen as «Exception ignored …». The command line and
    the window set it as sys.unraisablehook."""
    import logging

    said, logging.raiseExceptions = logging.raiseExceptions, False  # a log closed at exit stays silent too
    try:
        logging.getLogger("omsu").warning(
            "Ошибка при освобождении объекта: %s", unraisable.err_msg or "",
            exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 — nothing may reach the screen from here
        pass
    finally:
        logging.raiseExceptions = said
