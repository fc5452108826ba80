"""Windows' rules for paths, simulated on any system through the platform passed in (or model.base.paths.PLATFORM):
folders OneDrive syncs told as shared, the lock's message on a network share, the lengths Windows and Excel allow,
and file names made from the user's text."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Q2, fill_quarter
from russian_output import assert_russian, folder_state

import model.base.paths
import model.reports.xlsx_report
from model.areas.profile import load_profile, save_profile
from model.base import writer_lock as lock
from model.base.files import explain
from model.base.paths import (
    EXCEL_PATH_MAX,
    WINDOWS_PATH_MAX,
    excel_warning,
    onedrive_place,
    path_length,
    safe_file_name,
    shared_place,
)
from model.errors import WriteError
from model.reports.sending import DISTRICT_SHORTEST, district_part, export_files, prepare_sending
from model.store.db import database_path

ROOT = Path(__file__).resolve().parents[3]

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
    import model.base.paths

    db = tmp_path / "otchetnost.sqlite"
    other = os.open(lock.lock_path(db), os.O_RDWR | os.O_CREAT)  # another process's lock (flock is per open file)
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        with pytest.raises(lock.AlreadyOpen) as local:
            lock.acquire(db)
        assert "несколько минут" not in str(local.value)
        monkeypatch.setattr(model.base.paths, "network_place", lambda path: "в сетевой папке \\\\fileserver\\otchety")
        with pytest.raises(lock.AlreadyOpen) as shared:
            lock.acquire(db)
        assert str(shared.value).startswith("База данных уже открыта")
        assert "Файл лежит в сетевой папке \\\\fileserver\\otchety: если тот компьютер выключили или он потерял " \
               "сеть, сервер освободит файл через несколько минут" in str(shared.value)
    finally:
        os.close(other)


# -- lengths and names ---------------------------------------------------------------------------------------------
DISTRICT = "Энский муниципальный район Энской области имени героев труда и победы"  # 69 characters


def deep_folder(root: Path, length: int) -> Path:
    """A real folder whose absolute path is `length` characters, like `…\\OneDrive - Администрация …\\Документы`."""
    folder = root / "OneDrive - Администрация Энского муниципального района" / "Документы" / "Отчётность ОМСУ"
    pad = length - len(str(folder)) - 1
    assert pad > 0
    folder = folder / ("2026 " + "о" * pad)[:pad]
    assert path_length(folder) == length
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def district_db(db):
    fill_quarter(db)
    save_profile(db, replace(load_profile(db), district=DISTRICT))
    return db


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(model.base.paths, "PLATFORM", "win32")  # Windows' rules (long paths off, as by default)
    deepest = []
    real = model.reports.xlsx_report.save_workbook

    def recorded(workbook, path):
        deepest.append(path_length(path))  # the path the workbook is really written at (in its staging folder)
        return real(workbook, path)

    monkeypatch.setattr(model.reports.xlsx_report, "save_workbook", recorded)
    return deepest


def test_file_names_from_user_text_are_what_windows_writes():
    for text, name in [("CON", "CON_"), ("con.txt", "con_.txt"), ("Com1.pdf", "Com1_.pdf"), ("lpt9", "lpt9_"),
                       ("NUL .x", "NUL _.x"), ("AUX.tar.gz", "AUX_.tar.gz"), ("console", "console"),
                       ("Отдел #2 %", "Отдел #2 %"), ("Отчёт?  ", "Отчёт_"), ("имя. . .", "имя"),
                       ('a<b>c:d"e/f\\g|h*i\x01j\x7f', "a_b_c_d_e_f_g_h_i_j_"), ("..", "район"), ("  ", "район")]:
        assert safe_file_name(text, "район") == name, text
    assert district_part("CON") == "CON_"  # with the period after it, still never a device's name
    assert district_part(" Отдел #2 % «Север»?. ") == "Отдел_2_Север"
    assert district_part("...") == "район"


def test_a_long_district_is_shortened_readably():
    assert len(DISTRICT) == 69 and district_part(DISTRICT) == DISTRICT.replace(" ", "_")
    short = district_part(DISTRICT, 30)
    assert short == "Энский_МР_Энской_области_имени" and len(short) <= 30  # the long words short, cut at a word
    assert district_part(DISTRICT, 3) == district_part(DISTRICT, DISTRICT_SHORTEST)  # never shorter than that
    assert len(district_part(DISTRICT, 3)) <= DISTRICT_SHORTEST


def test_a_name_over_eighty_characters_is_shortened_at_a_word_on_any_system():
    """Without a room (Linux, or a short folder) the part is still at most 80 characters: the long words short first,
    then cut at a word's end — it was cut at 80 inside «поселение» («…сельское_по»)."""
    name = ("Администрация муниципального образования сельское поселение «Верхне-Калгуканское» муниципального района "
            "«Калганский район» Забайкальского края")
    part = district_part(name)
    assert len(part) <= 80 and part == "адм_МО_СП_Верхне-Калгуканское_МР_Калганский_район_Забайкальского_края"
    longer = "Сельское поселение " + " ".join(["Верхнекалгуканское"] * 6)
    part = district_part(longer)
    assert len(part) <= 80 and part.startswith("СП_") and part.endswith("Верхнекалгуканское")


def test_an_export_in_a_deep_onedrive_folder_fits_excel_and_windows(district_db, tmp_path, windows):
    out = deep_folder(tmp_path, 164)
    unshortened = path_length(out / f"{DISTRICT.replace(' ', '_')}_2018-Q2_план.xlsx")
    assert unshortened == 252  # the case: over Excel's 218
    pdf, xlsx = export_files(district_db, Q2, out)
    assert path_length(xlsx) <= EXCEL_PATH_MAX and excel_warning(xlsx) is None
    assert xlsx.name.startswith("Энский_МР_") and xlsx.name.endswith("_2018-Q2_план.xlsx") and pdf.is_file()
    assert max(windows) <= WINDOWS_PATH_MAX  # every path written, staging folders included
    assert sorted(p.name for p in out.iterdir()) == sorted([pdf.name, xlsx.name])  # nothing left behind


def test_a_sending_in_a_deep_onedrive_folder_fits_excel_and_windows(district_db, tmp_path, windows):
    out = deep_folder(tmp_path, 150)
    sending = prepare_sending(district_db, Q2, out)
    assert path_length(sending.xlsx) <= EXCEL_PATH_MAX and sending.warning is None
    assert sending.folder.name.startswith("Энский_МР_") and sending.xlsx.name.startswith(sending.folder.name)
    assert all(p.is_file() for p in (sending.pdf, sending.xlsx, sending.zip, sending.eml))
    assert max(windows) <= WINDOWS_PATH_MAX


def test_a_folder_too_deep_for_excel_still_gets_the_export_and_a_warning(district_db, tmp_path, windows):
    out = deep_folder(tmp_path, 195)
    _, xlsx = export_files(district_db, Q2, out)
    assert xlsx.is_file() and path_length(xlsx) > EXCEL_PATH_MAX and max(windows) <= WINDOWS_PATH_MAX
    said = excel_warning(xlsx)
    assert said is not None and said.startswith("Книга записана, но Excel не откроет её в этой папке")
    assert str(xlsx) in said and "C:\\Отчёты" in said
    assert excel_warning(xlsx, "linux") is None  # only Windows' Excel has the limit


def test_a_folder_too_deep_for_windows_is_refused_before_anything_is_written(district_db, tmp_path, windows):
    out = deep_folder(tmp_path, 240)
    before = folder_state(out)
    with pytest.raises(WriteError) as refused:
        export_files(district_db, Q2, out)
    said = str(refused.value)
    assert "слишком длинный для Windows" in said and "Выберите папку ближе к корню диска, например C:\\Отчёты" in said
    assert "Папки" not in said and not windows  # refused before the first byte
    assert_russian(said, out)
    assert folder_state(out) == before and list(out.iterdir()) == []
    with pytest.raises(WriteError, match="слишком длинный для Windows"):
        prepare_sending(district_db, Q2, deep_folder(tmp_path / "s", 200))


def test_windows_no_such_path_for_a_long_one_is_not_told_as_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(model.base.paths, "PLATFORM", "win32")
    target = deep_folder(tmp_path, 230) / "отчёт.xlsx"
    long = OSError(errno.ENOENT, "The system cannot find the path specified", str(target.parent / ("x" * 40)))
    said = explain(long, target)
    assert "слишком длинный для Windows" in said and "Папки" not in said
    short = OSError(errno.ENOENT, "No such file", str(tmp_path / "x"))  # the folder is there: not «Папки … нет»
    assert "Папки" not in explain(short, tmp_path / "отчёт.xlsx")
    assert explain(short, tmp_path / "нет" / "отчёт.xlsx").startswith("Папки")


def test_paths_with_hash_percent_question_and_trailing_spaces_get_the_export(district_db, tmp_path):
    out = tmp_path / "Отдел #2 % ? " / "Отчёты %20 #1 "  # legal on Linux; on Windows «?» is refused by the system
    pdf, xlsx = export_files(district_db, Q2, out if out.mkdir(parents=True) is None else out)
    assert pdf.parent == out and xlsx.is_file() and pdf.is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted([pdf.name, xlsx.name])


CLI_WRAPPER = """\
import sys
sys.path.insert(0, {root!r})
import model.base.paths
model.base.paths.PLATFORM = "win32"  # Windows' rules for lengths, on this system
import main
sys.exit(main.main())
"""


def windows_cli(tmp_path: Path, *args: object) -> subprocess.CompletedProcess:
    wrapper = tmp_path / "windows_main.py"
    wrapper.write_text(CLI_WRAPPER.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.run([sys.executable, str(wrapper), *map(str, args)], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "OMSU_DATA_DIR": str(tmp_path / "data")})


def test_command_line_export_warns_of_excel_and_refuses_windows_lengths(district_db, tmp_path):
    db = database_path(district_db)
    district_db.conn.close()
    out = deep_folder(tmp_path, 195)
    done = windows_cli(tmp_path, "export", "--db", db, "--period", "2018-Q2", "--out", out)
    assert done.returncode == 0, done.stderr
    warning = done.stderr.strip()
    assert warning.startswith("Предупреждение: Книга записана, но Excel не откроет её") and "\n" not in warning
    assert Path(done.stdout.splitlines()[1]).is_file()

    deep = deep_folder(tmp_path / "d", 240)
    refused = windows_cli(tmp_path, "export", "--db", db, "--period", "2018-Q2", "--out", deep)
    assert refused.returncode == 2 and refused.stdout == "" and list(deep.iterdir()) == []
    assert refused.stderr.startswith("Ошибка: Путь ") and "слишком длинный для Windows" in refused.stderr
    assert_russian(refused.stderr, deep)

    missing = deep_folder(tmp_path / "m", 240) / "новая папка"  # too long to be made: not «no such folder»
    refused = windows_cli(tmp_path, "export", "--db", db, "--period", "2018-Q2", "--out", missing)
    assert refused.returncode == 2 and not missing.exists()
    assert "слишком длинный для Windows" in refused.stderr and "можно не больше 247" in refused.stderr
    assert_russian(refused.stderr, missing)


def _refused(number: int, winerror: int | None = None) -> OSError:
    exc = PermissionError(number, "Access is denied") if number != errno.EROFS else OSError(number, "Read-only")
    if winerror is not None:
        exc.winerror = winerror  # type: ignore[attr-defined]  # as Windows raises it (the attribute exists there)
    return exc


def test_a_refusal_says_which_of_folder_disk_or_open_file_is_to_blame(tmp_path):
    """A folder the user may not write into, a disk or stick protected from writing, a file Excel holds open
    (Windows: a sharing or lock violation, 32 or 33) — each told what to do about it, in Russian."""
    target = tmp_path / "Свод_2018-Q2.xlsx"
    folder = explain(_refused(errno.EACCES), target)
    assert folder.startswith(f"Нет права записи в папку {tmp_path}") and "Документы" in folder
    assert explain(_refused(errno.EACCES, 5), target) == folder  # Windows' «access denied»: the folder, or a file open
    read_only = explain(_refused(errno.EROFS), target)
    assert read_only == f"Папка {tmp_path}: диск доступен только для чтения. Выберите другую папку (например, " \
        "«Документы»)."
    open_elsewhere = explain(_refused(errno.EACCES, 32), target)
    assert open_elsewhere == "Файл Свод_2018-Q2.xlsx: файл занят другой программой (например, открыт в Excel или " \
        "его проверяет антивирус). Закройте его и повторите."
    assert explain(_refused(errno.EACCES, 33), target).startswith("Файл Свод_2018-Q2.xlsx: часть файла заблокирована")
    for said in (folder, read_only, open_elsewhere):
        assert_russian(said)
