"""A database on a network folder is recognised on Windows (UNC, mapped drive) and elsewhere (network mounts)."""

from model.base.paths import DRIVE_REMOTE, network_place
from model.store.db import open_database

MOUNTS = """/dev/sda1 / ext4 rw,relatime 0 0
//fileserver/otchety /mnt/otchety cifs rw,vers=3.0 0 0
server:/export /srv/nfs nfs4 rw 0 0
tmpfs /mnt/otchety/local tmpfs rw 0 0
/dev/sdb1 /mnt/usb\\040disk vfat rw 0 0
"""


def test_windows_unc_paths_and_mapped_drives_are_network_places():
    local = lambda root: 3  # noqa: E731 (DRIVE_FIXED)
    share = r"в сетевой папке \\fileserver\otchety"
    assert network_place(r"\\fileserver\otchety\район.sqlite", "win32", local) == share
    assert network_place("//fileserver/otchety/район.sqlite", "win32", local) == share
    assert network_place(r"C:\Users\ivanova\район.sqlite", "win32", local) is None
    asked = []
    remote = lambda root: asked.append(root) or DRIVE_REMOTE  # noqa: E731
    assert network_place(r"z:\Отчёты\район.sqlite", "win32", remote) == "на сетевом диске Z:"
    assert asked == ["z:\\"]


def test_linux_network_mounts_by_the_longest_mount_point():
    mounts = lambda: MOUNTS  # noqa: E731
    assert network_place("/mnt/otchety/2018/район.sqlite", "linux", mounts=mounts) == \
        "в сетевой папке /mnt/otchety (cifs)"
    assert network_place("/srv/nfs/район.sqlite", "linux", mounts=mounts) == "в сетевой папке /srv/nfs (nfs4)"
    assert network_place("/mnt/otchety/local/район.sqlite", "linux", mounts=mounts) is None  # a local mount inside
    assert network_place("/mnt/usb disk/район.sqlite", "linux", mounts=mounts) is None
    assert network_place("/mnt/otchety-old/район.sqlite", "linux", mounts=mounts) is None  # a prefix, not inside


def test_the_journal_is_a_rollback_journal_not_wal(tmp_path):
    db = open_database(tmp_path / "район.sqlite")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        db.conn.close()
