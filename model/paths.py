"""Where the program keeps the user's data: the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from model import APP_ID

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
    import sys

    platform = platform or sys.platform
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
