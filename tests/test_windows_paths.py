"""Windows' rules for paths, simulated on any system through the platform passed in (or model.paths.PLATFORM):
folders OneDrive syncs told as shared, the lock's message on a network share, the lengths Windows and Excel allow,
and file names made from the user's text."""

from __future__ import annotations

import fcntl
import os

import pytest

from model import lock
from model.paths import onedrive_place, shared_place

LOCAL = lambda root: 3  # noqa: E731 (GetDriveTypeW: DRIVE_FIXED)
PROFILE = "C:\\Users\\Иванова"
ORGANISATION = PROFILE + "\\OneDrive - Администрация Энского муниципального района"


@pytest.mark.parametrize("variable", ["OneDrive", "OneDriveCommercial", "OneDriveConsumer"])
def test_each_onedrive_folder_is_told_as_synced(variable):
    env = {variable: ORGANISATION}
    for path in (ORGANISATION + "\\Документы\\otchetnost.sqlite",
                 ORGANISATION.lower() + "\\otchetnost.sqlite",  # Windows compares names without case
                 ORGANISATION.upper().replace("\\", "/") + "/Отчёты/../otchetnost.sqlite",
                 ORGANISATION):
        place = shared_place(path, "win32", LOCAL, environ=env)
        assert place is not None and place.synced, path
        assert place.where == "в папке OneDrive " + ORGANISATION
    assert shared_place(PROFILE + "\\Documents\\otchetnost.sqlite", "win32", LOCAL, environ=env) is None


def test_a_onedrive_folder_under_the_profile_is_told_without_the_variables():
    env = {"USERPROFILE": PROFILE}
    assert onedrive_place(ORGANISATION + "\\Отчёты\\x.sqlite", "win32", env) == "в папке OneDrive " + ORGANISATION
    assert onedrive_place(PROFILE.lower() + "\\onedrive\\x.sqlite", "win32", env) == \
        "в папке OneDrive " + PROFILE + "\\onedrive"
    assert onedrive_place(PROFILE + "\\Documents\\OneDrive\\x.sqlite", "win32", env) is None  # not the sync root
    assert onedrive_place("C:\\OneDrive\\x.sqlite", "win32", env) is None


def test_only_the_folder_itself_and_only_on_windows():
    env = {"OneDrive": "D:\\OneDrive"}
    assert onedrive_place("D:\\OneDriveArchive\\x.sqlite", "win32", env) is None  # a name that only begins so
    assert onedrive_place("D:\\OneDrive\\x.sqlite", "linux", env) is None
    assert onedrive_place("D:\\OneDrive\\x.sqlite", "win32", {"OneDrive": " "}) is None


def test_a_network_share_keeps_the_lock_a_onedrive_folder_does_not():
    env = {"OneDrive": "\\\\fileserver\\otchety"}  # a share is a network place first: its lock works
    share = shared_place("\\\\fileserver\\otchety\\x.sqlite", "win32", LOCAL, environ=env)
    assert share is not None and not share.synced
    assert "одновременно на двух компьютерах" in share.warning()
    assert "сервер ещё несколько минут считает файл занятым" in share.warning()
    synced = shared_place(ORGANISATION + "\\x.sqlite", "win32", LOCAL, environ={"OneDrive": ORGANISATION})
    assert synced is not None and synced.synced
    said = synced.warning()
    assert said.startswith(f"Файл базы данных лежит в папке OneDrive {ORGANISATION}. ")
    assert "Блокировка файла через OneDrive не передаётся" in said and "конфликтные копии" in said
    assert "Держите базу вне OneDrive" in said and "по умолчанию" in said


def test_the_lock_on_a_network_share_says_a_vanished_computer_holds_it_for_minutes(tmp_path, monkeypatch):
    import model.paths

    db = tmp_path / "otchetnost.sqlite"
    other = os.open(lock.lock_path(db), os.O_RDWR | os.O_CREAT)  # another process's lock (flock is per open file)
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        with pytest.raises(lock.AlreadyOpen) as local:
            lock.acquire(db)
        assert "несколько минут" not in str(local.value)
        monkeypatch.setattr(model.paths, "network_place", lambda path: "в сетевой папке \\\\fileserver\\otchety")
        with pytest.raises(lock.AlreadyOpen) as shared:
            lock.acquire(db)
        assert str(shared.value).startswith("База данных уже открыта")
        assert "Файл лежит в сетевой папке \\\\fileserver\\otchety: если тот компьютер выключили или он потерял " \
               "сеть, сервер освободит файл через несколько минут" in str(shared.value)
    finally:
        os.close(other)
