"""Where the program keeps the user's data: the platform's user data directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from model import APP_ID

# The system whose rules for paths apply (a folder told as shared, the lengths Windows allows): tests set "win32"
# to check Windows' rules on Linux.
PLATFORM = sys.platform
DATA_DIR_ENV = "OMSU_DATA_DIR"  # another data folder (a portable copy, a test run)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "otchetnost.sqlite"


def log_path() -> Path:
    return data_dir() / "logs" / "omsu-report.log"


def methodologies_dir() -> Path:
    """Methodology files the user installed (those shipped with the program live in its resources)."""
    return data_dir() / "methodologies"


NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "afs", "ncpfs", "9p", "davfs",
                       "fuse.davfs2"}
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def network_place(path: Path | str, platform: str | None = None, drive_type=_windows_drive_type,
                  mounts=_mounts) -> str | None:
    """How a file is on the network, in words for the user («в сетевой папке \\\\server\\share»), or None.

    Windows: a UNC path or a mapped drive (GetDriveTypeW says DRIVE_REMOTE); elsewhere: the mount the path lies
    on has a network file system type (cifs, smb, nfs, sshfs…) in /proc/mounts.
    """
    platform = platform or PLATFORM
    text = str(path)
    if platform == "win32":
        if text.startswith(("\\\\", "//")):
            parts = [p for p in text.replace("/", "\\").split("\\") if p]
            return "в сетевой папке \\\\" + "\\".join(parts[:2])
        import ntpath  # Windows' path rules, whichever system runs this

        drive = ntpath.splitdrive(text)[0]
        if drive and drive_type(drive + "\\") == DRIVE_REMOTE:
            return f"на сетевом диске {drive.upper()}"
        return None
    absolute = os.path.abspath(text)
    best, kind = "", ""
    for line in mounts().splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = absolute == point or absolute.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return f"в сетевой папке {best} ({kind})" if kind in NETWORK_FILESYSTEMS else None


# Where OneDrive keeps its folders (the personal one, the organisation's, the personal one beside it)
ONEDRIVE_ENV = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def onedrive_place(path: Path | str, platform: str | None = None,
                   environ: Mapping[str, str] | None = None) -> str | None:
    """«в папке OneDrive C:\\Users\\…\\OneDrive - …» when the file lies in a folder OneDrive syncs, or None.

    Windows only: inside a folder named by %OneDrive%, %OneDriveCommercial% or %OneDriveConsumer% (compared as
    Windows compares names: case-insensitive, «/» as «\\», «..» resolved), or in a folder of the user's profile
    whose name begins with «OneDrive» («OneDrive - Администрация …») when the variables are not set.
    """
    import ntpath

    if (platform or PLATFORM) != "win32":
        return None
    environ = os.environ if environ is None else environ

    def key(text: str) -> str:
        return ntpath.normcase(ntpath.normpath(text)).rstrip("\\")

    target = key(str(path))
    for name in ONEDRIVE_ENV:
        root = environ.get(name) or ""
        if root.strip() and (target == key(root) or target.startswith(key(root) + "\\")):
            return f"в папке OneDrive {ntpath.normpath(root)}"
    profile = environ.get("USERPROFILE") or ""
    if profile.strip() and target.startswith(key(profile) + "\\"):
        first = ntpath.normpath(str(path))[len(key(profile)) + 1:].split("\\")[0]
        if first.casefold().startswith("onedrive"):
            return f"в папке OneDrive {ntpath.join(ntpath.normpath(profile), first)}"
    return None


@dataclass(frozen=True)
class SharedPlace:
    """A folder other computers reach: a network share (the lock works across it) or a synced OneDrive folder
    (it does not)."""

    where: str  # «в сетевой папке \\server\share», «в папке OneDrive C:\Users\…\OneDrive»
    synced: bool

    def warning(self) -> str:
        """What the user is told when the database lies there, and what to do."""
        if self.synced:
            home = default_database_path().parent
            keep = (f"например, в папке программы по умолчанию {home}" if onedrive_place(home) is None
                    else "например, в папке C:\\Отчёты")
            return (f"Файл базы данных лежит {self.where}. Блокировка файла через OneDrive не передаётся: если "
                    "открыть базу на двух компьютерах, обе программы будут записывать в неё, а OneDrive сделает "
                    "из двух версий конфликтные копии, и изменения одной из них в базу не попадут. Держите базу "
                    f"вне OneDrive — {keep} — и работайте с ней на одном компьютере.")
        return (f"Файл базы данных лежит {self.where}. Не работайте с ним одновременно на двух компьютерах: "
                "второй откроет его только для чтения. Если компьютер, на котором база была открыта, выключили "
                "или он потерял сеть, сервер ещё несколько минут считает файл занятым — подождите и откройте "
                "снова. При обрыве сети изменения последних секунд могут не сохраниться — надёжнее держать файл "
                "на своём компьютере.")


def shared_place(path: Path | str, platform: str | None = None, drive_type=_windows_drive_type, mounts=_mounts,
                 environ: Mapping[str, str] | None = None) -> SharedPlace | None:
    """Whether the file lies where other computers reach it: on the network, or in a folder OneDrive syncs."""
    network = network_place(path, platform, drive_type, mounts)
    if network is not None:
        return SharedPlace(network, synced=False)
    synced = onedrive_place(path, platform, environ)
    return SharedPlace(synced, synced=True) if synced is not None else None
