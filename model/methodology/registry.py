"""The methodologies this program knows: shipped with it, and installed from files the region sends."""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.base.faults import os_reason, sentence
from model.base.files import write_bytes_atomically
from model.base.paths import data_dir, methodologies_dir
from model.base.resources import resource_path
from model.errors import MethodologyError, MethodologyMissing, WriteError
from model.methodology.loader import check_text, parse_methodology, parse_toml, read_text
from model.methodology.types import Methodology


def changes(old: Methodology, new: Methodology) -> list[str]:
    """What a newer version changes, in Russian, one line a change (model/methodology/changes.py, loaded when first
    asked for: the window's start does not compare versions)."""
    from model.methodology.changes import changes as listed

    return listed(old, new)


SHIPPED, INSTALLED = "поставляется с программой", "установлена"


@dataclass(frozen=True)
class Entry:
    methodology: Methodology
    origin: str  # SHIPPED or INSTALLED
    path: Path
    installed_at: datetime | None = None


FileKey = tuple[str, int, int]  # the file's path, its modification time (ns) and size: the same key, the same text
_cache: dict[FileKey, Methodology] = {}

# The files' TOML values as read before, kept in the user's data folder (marshal), so that opening the window
# does not parse TOML again: a methodology is still checked whole each time it is loaded; only the reading of
# its text is saved. A missing, damaged or foreign cache is read as empty and written anew.
PARSED_FORMAT = 1
_parsed: dict[FileKey, dict] | None = None


def parsed_cache_path() -> Path:
    return data_dir() / "cache" / "methodologies.bin"


def _parsed_files() -> dict[FileKey, dict]:
    global _parsed
    if _parsed is None:
        try:
            stored = marshal.loads(parsed_cache_path().read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            stored = None
        ok = isinstance(stored, dict) and stored.get("format") == PARSED_FORMAT and isinstance(stored.get("files"),
                                                                                              dict)
        _parsed = stored["files"] if ok else {}
    return _parsed


def _remember_parsed(key: FileKey, values: dict) -> None:
    files = {k: v for k, v in _parsed_files().items() if k[0] != key[0]}  # an older state of the same file goes
    files[key] = values
    target = parsed_cache_path()
    staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        blob = marshal.dumps({"format": PARSED_FORMAT, "files": files})
        target.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all, without waiting for the disk: a cache a power cut leaves short or empty is read as
        # damaged, hence empty, and written anew (the first start made it through write_atomically's staging and
        # syncs, 13–25 ms).
        staged.write_bytes(blob)
        os.replace(staged, target)
    except (ValueError, OSError):  # a value marshal cannot keep, a folder that cannot be written
        try:
            staged.unlink(missing_ok=True)
        except OSError:
            pass
        return
    global _parsed
    _parsed = files


def _load(path: Path) -> Methodology:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        values = _parsed_files().get(key)
        if values is not None:
            _cache[key] = parse_methodology(values, path)
        else:
            text = read_text(path)
            values = parse_toml(text, str(path))
            _cache[key] = parse_methodology(values, path, text)
            _remember_parsed(key, values)
    return _cache[key]


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError:  # a data folder whose path is too long or cannot be read: nothing installed can be read there
        return []


def entries() -> list[Entry]:
    """Every usable methodology, shipped first; an installed file that no longer loads is left out."""
    out = [Entry(_load(p), SHIPPED, p) for p in _files(resource_path("methodologies"))]
    known = {e.methodology.ref() for e in out}
    for path in _files(methodologies_dir()):
        try:
            m = _load(path)
        except (MethodologyError, OSError):
            continue
        if m.ref() not in known:
            known.add(m.ref())
            out.append(Entry(m, INSTALLED, path, datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)))
    return out


def version_key(version: str) -> tuple:
    """«2027.10» after «2027.9»: numbers compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[._-]", version))


def find(method_id: str, version: str) -> Methodology:
    """The methodology with this id and version, or MethodologyMissing saying what to do."""
    if not method_id or not version:
        raise MethodologyMissing("В данных не указана методика оценки и её версия: это не выгрузка программы или "
                                 "книга изменена вручную")
    for e in entries():
        if e.methodology.ref() == (method_id, version):
            return e.methodology
    raise MethodologyMissing(f"Методика версии {version} не установлена в этой программе. Установите файл "
                             "методики, полученный из региона: «Файл → Методики… → Загрузить из файла…»")


def for_year(year: int) -> list[Methodology]:
    """Methodologies that apply to the year, newest version first."""
    found = [e.methodology for e in entries() if year in e.methodology.years]
    return sorted(found, key=lambda m: (m.id, version_key(m.version)), reverse=True)


def offers(year: int) -> list[Methodology]:
    """What a user may pick for a year without a methodology of its own: every methodology there is (the newest
    version of each), the nearest earlier year first, then the later years, nearest first."""
    newest: dict[tuple[str, tuple[int, ...]], Methodology] = {}
    for m in (e.methodology for e in entries()):
        known = newest.get((m.id, m.years))
        if known is None or version_key(m.version) > version_key(known.version):
            newest[(m.id, m.years)] = m

    def nearness(m: Methodology) -> tuple[int, int]:
        earlier = [y for y in m.years if y <= year]
        return (0, year - max(earlier)) if earlier else (1, min(m.years) - year)

    return sorted(newest.values(), key=lambda m: (nearness(m), m.id))


@dataclass(frozen=True)
class Installed:
    methodology: Methodology
    path: Path
    already: bool  # the very same file was installed before
    replaces: dict[str, list[str]]  # older versions of the same id for its years: version → what changed


def check_file(path: Path | str) -> Methodology:
    """Check a methodology file completely; MethodologyError lists every problem with its line."""
    return check_text(read_text(path), Path(path).name)


def install(path: Path | str) -> Installed:
    """Check the file and copy it into the user's methodologies; a refused file changes nothing."""
    text = read_text(path)
    methodology = check_text(text, Path(path).name)
    for e in entries():
        if e.methodology.ref() != methodology.ref():
            continue
        same = read_text(e.path) == text or e.methodology == methodology
        if same:
            return Installed(e.methodology, e.path, True, {})
        raise MethodologyError(
            f"{Path(path).name}: методика {methodology.describe()} уже есть, и её содержание другое. Уже "
            "заполненные кварталы рассчитаны по прежнему содержанию, поэтому его не заменить: попросите в регионе "
            f"файл с новым номером версии (например, {methodology.version}.1).")
    replaces = {m.version: changes(m, methodology) for y in methodology.years for m in for_year(y)
                if m.id == methodology.id}
    name = Path(path).name
    folder = methodologies_dir()
    kept = "Установленные методики не изменены"
    try:
        if folder.exists() and not folder.is_dir():
            raise WriteError(sentence(f"Методика не установлена ({name}): на месте папки методик {folder} файл",
                                      "Переименуйте или удалите этот файл и повторите", kept))
        folder.mkdir(parents=True, exist_ok=True)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(sentence(f"Методика не установлена ({name}): папку методик {folder} создать нельзя: "
                                  f"{os_reason(exc)}", kept)) from None
    target = folder / store_name(methodology.id, methodology.version)
    for n in range(2, 100):  # a file already there (one that no longer loads) is never replaced
        if not target.exists() and not target.is_symlink():
            break
        target = folder / store_name(methodology.id, methodology.version, n)
    try:
        write_bytes_atomically(target, text.encode("utf-8"))
    except WriteError as exc:
        raise WriteError(sentence(f"Методика не установлена ({name})", str(exc), kept)) from None
    return Installed(methodology, target, False, replaces)


def store_name(method_id: str, version: str, copy: int = 1) -> str:
    """The installed file's name: unique for every (id, version) on any disk — a readable part (lower-case Latin
    letters, digits and «-»: nothing Windows forbids or folds together) and a short hash of the exact id and
    version, so «popularization» 2019-1 and «popularization-2019» 1 never meet. Files installed under the older
    naming («<id>-<version>.toml») are still read: every .toml in the folder is."""
    readable = re.sub(r"[^a-z0-9]+", "-", f"{method_id}-{version}".lower()).strip("-")[:80] or "methodology"
    digest = hashlib.sha256(f"{method_id}\n{version}".encode()).hexdigest()[:12]
    return f"{readable}-{digest}{'' if copy == 1 else f'-{copy}'}.toml"
