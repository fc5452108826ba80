"""Reports: PDF text and layout, the workbook's data sheet, formula injection, import, sending upstream."""

import email
import sqlite3
import subprocess
import sys
import zipfile
from email import policy
from pathlib import Path

import pytest
from conftest import FILLED_TOTAL, Q2, fill_quarter
from openpyxl import load_workbook
from pypdf import PdfReader

from model.areas import plan
from model.errors import WriteError
from model.exchange import ImportRefused, apply, decode, decode_rows, encode, read_data_sheet
from model.quarter.data import load_period
from model.reports.pdf_report import write_pdf
from model.reports.sending import base_name, export_files, prepare_sending, reopen, sent_state
from model.reports.xlsx_report import write_xlsx
from model.store.db import open_database

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = '=HYPERLINK("http://evil","x") <b>жирный</b> & «кавычки» "двойные" \'одинарные\''


@pytest.fixture
def full(db):
    fill_quarter(db)
    plan.set_evidence(db, Q2, "2.3", HOSTILE)
    return db


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_pdf_has_cyrillic_titles_district_scores_and_user_text_as_typed(full, tmp_path):
    path = write_pdf(load_period(full, Q2, history=True), tmp_path / "r.pdf")
    text = pdf_text(path)
    squeezed = " ".join(text.split())
    assert "Отчёт о реализации мероприятий по популяризации" in squeezed
    assert "Муниципальный район «Калганский район»" in squeezed and "2 квартал 2018 года" in squeezed
    assert "Центры обслуживания пользователей ЕПГУ" in squeezed and "Показатели за 2018 год" in squeezed
    assert f"{FILLED_TOTAL:.2f}".replace(".", ",") in text  # the total P
    assert "С. А. Егоров" in text
    assert "<b>жирный</b> & «кавычки»" in squeezed and '"двойные"' in squeezed
    pages = len(PdfReader(str(path)).pages)
    assert f"стр. 1 из {pages}" in text and f"стр. {pages} из {pages}" in text


def test_pdf_embeds_and_subsets_the_font(full, tmp_path):
    path = write_pdf(load_period(full, Q2, history=True), tmp_path / "r.pdf")
    fonts = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded TrueType
    assert fonts and all("+" in f and "DejaVu" in f for f in fonts)  # "ABCDEF+DejaVuSans": a subset


def test_pdf_page_renders(full, tmp_path):
    path = write_pdf(load_period(full, Q2, history=True), tmp_path / "r.pdf")
    out = subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                         capture_output=True)
    assert out.returncode == 0
    png = next(tmp_path.glob("p-*.png"))
    assert png.stat().st_size > 5000


def test_data_sheet_for_a_filled_period(full, tmp_path):
    path = write_xlsx(load_period(full, Q2, history=True), tmp_path / "r.xlsx")
    rows = read_data_sheet(path)
    assert rows[0] == ("section", "code", "field", "period", "value", "note")
    by = {(r[0], r[1], r[2], r[3]): r[4] for r in rows[1:]}
    assert by[("plan", "1.1", "A1", "2018-Q2")] == 45
    assert by[("plan", "2.3", "m", "2018-Q2")] == 0.5
    assert by[("score", "1.1", "score", "2018-Q2")] == 75
    assert by[("score", "1.3", "raw", "2018-Q2")] == pytest.approx(135)
    assert by[("score", "P", "score", "2018-Q2")] == pytest.approx(FILLED_TOTAL)
    assert by[("score", "1.2", "score", "2018-Q2")] == 100  # from the 12 centers
    assert by[("meta", "oktmo", "", "")] == "76618000"
    assert by[("meta", "methodology_id", "", "")] == "popularization"
    assert by[("meta", "methodology_version", "", "")] == "2018.1"
    assert ("meta", "program_version", "", "") in by and ("meta", "exported_at", "", "") in by
    assert by[("esia_month", "2018", "1", "2018")] == 510
    assert by[("esia_score", "2018", "year_target", "2018")] == 6786
    assert sum(1 for r in rows if r[0] == "center" and r[2] == "settlement") == 12
    assert sum(1 for r in rows if r[0] == "indicator" and r[2] == "name") == 10
    assert sum(1 for r in rows if r[0] == "control_point" and r[2] == "title") == 32


def test_user_text_never_becomes_a_formula(full, tmp_path):
    path = write_xlsx(load_period(full, Q2, history=True), tmp_path / "r.xlsx")
    wb = load_workbook(path)  # formulas as written, not values
    found = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == HOSTILE]
    assert len(found) == 2  # the plan sheet and the data sheet
    assert all(c.data_type == "s" and c.quotePrefix for c in found)
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s for s in sheets)  # no formula anywhere in the workbook


def test_round_trip_gives_the_same_data_sheet(full, tmp_path):
    first = write_xlsx(load_period(full, Q2, history=True), tmp_path / "first.xlsx")
    empty = open_database(tmp_path / "empty.sqlite")
    apply(empty, report := decode(first))
    assert report.period == Q2
    second = write_xlsx(load_period(empty, Q2, history=True), tmp_path / "second.xlsx")

    def stable(rows):
        return [r for r in rows if not (r[0] == "meta" and r[1] == "exported_at")]

    assert stable(read_data_sheet(first)) == stable(read_data_sheet(second))
    assert load_period(empty, Q2).scores.total == load_period(full, Q2).scores.total


def _dump(path: Path) -> list:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = [(t, conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()) for t in tables]
    conn.close()
    return out


@pytest.mark.parametrize(("change", "words"), [
    (lambda rows: rows.__setitem__(10, ("plan", "1.1", "A1", "2018-Q2", 99999, None)), ["строка", "A1"]),
    (lambda rows: rows.append(("plan", "2.2", "n", "2018-Q2", 0.7, None)), ["строка", "2.2"]),
    (lambda rows: rows.append(("nonsense", "x", "y", "", 1, None)), ["строка", "неизвестный раздел"]),
    (lambda rows: rows.__setitem__(next(n for n, r in enumerate(rows) if r[:3] == ("esia_month", "2018", "5")),
                                   ("esia_month", "2018", "5", "2018", -3, None)),
     ["строка", "регистрации в ЕСИА за 2018 год"]),
    (lambda rows: rows.append(("control_point", "999", "due", "", "31.02.2018", None)), ["строка", "точка 999"]),
    (lambda rows: rows.__setitem__(0, ("раздел", "код", "поле", "период", "значение", "примечание")), ["строка 1"]),
])
def test_import_of_a_broken_workbook_changes_nothing(full, db_path, tmp_path, change, words):
    rows = read_data_sheet(write_xlsx(load_period(full, Q2, history=True), tmp_path / "r.xlsx"))
    target = tmp_path / "target.sqlite"
    fill_quarter(open_database(target), executor="Другой исполнитель")
    before = _dump(target)
    rows = list(rows)
    change(rows)
    with pytest.raises(ImportRefused) as caught:
        apply(open_database(target), decode_rows(rows))
    assert "Лист «data»" in str(caught.value) and all(w in str(caught.value) for w in words), str(caught.value)
    assert _dump(target) == before


def test_eml_parses_and_carries_both_attachments(full, tmp_path):
    evidence = tmp_path / "фото.jpg"
    evidence.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    sending = prepare_sending(full, Q2, tmp_path / "out", [evidence])
    name = base_name(load_period(full, Q2, history=True))
    assert name == "Муниципальный_район_Калганский_район_2018-Q2"  # plain characters: no quotes, no spaces
    assert sending.folder == tmp_path / "out" / name
    assert sorted(p.name for p in sending.folder.iterdir()) == sorted([f"{name}.eml", f"{name}_план.pdf",
                                                                        f"{name}_план.xlsx", f"{name}.zip"])
    message = email.message_from_bytes(sending.eml.read_bytes(), policy=policy.default)
    assert message["To"] == "omsu@region.ru" and "2 квартал 2018 года" in message["Subject"]
    attachments = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    assert set(attachments) == {f"{name}_план.pdf", f"{name}_план.xlsx"}
    assert attachments[f"{name}_план.pdf"] == sending.pdf.read_bytes()
    with zipfile.ZipFile(sending.zip) as zf:
        assert sorted(zf.namelist()) == sorted([f"{name}_план.pdf", f"{name}_план.xlsx", "фото.jpg"])


def test_sent_then_changed_after_sending(full, tmp_path):
    assert sent_state(full, load_period(full, Q2, history=True)) is None
    prepare_sending(full, Q2, tmp_path)
    state = sent_state(full, load_period(full, Q2, history=True))
    assert state is not None and not state.changed_since and state.locked
    reopen(full, load_period(full, Q2, history=True), "исправление")  # a sent quarter changes only when reopened
    plan.set_value(full, Q2, "2.2", "n", 1)
    assert sent_state(full, load_period(full, Q2, history=True)).changed_since


def test_a_change_put_back_is_no_change_since_sending(full, tmp_path):
    """The year's data stay open in a sent quarter; one changed and put back (an undo) left «данные изменены после
    отправки» for good: the hash held the journal, which only grows."""
    from dataclasses import replace

    from model.areas import esia

    prepare_sending(full, Q2, tmp_path)
    was = esia.load_plan(full, 2018)
    esia.save_plan(full, replace(was, population=(was.population or 0) + 1))
    assert sent_state(full, load_period(full, Q2, history=True)).changed_since
    esia.save_plan(full, was)
    assert not sent_state(full, load_period(full, Q2, history=True)).changed_since


def test_a_sending_recorded_with_the_history_in_its_hash_still_matches(full, tmp_path):
    """Sendings recorded before the audit trail was left out of the hash: unchanged data still match them."""
    from model.exchange.rows import encode, fingerprint

    prepare_sending(full, Q2, tmp_path)
    data = load_period(full, Q2, history=True)
    full.execute("UPDATE sent_periods SET fingerprint = ?", [fingerprint(encode(data), with_audit=True)])
    assert not sent_state(full, load_period(full, Q2, history=True)).changed_since


def test_unwritable_folder_gives_message_and_no_file(full, tmp_path, monkeypatch):
    import errno
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(tempfile, "mkstemp", refused)  # what a folder the OS user may not write into does
    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(WriteError, match="Нет права записи"):
        export_files(full, Q2, locked)
    assert list(locked.iterdir()) == []


def test_missing_folder_gives_message(full, tmp_path):
    with pytest.raises(WriteError, match="Папки .* нет"):
        export_files(full, Q2, tmp_path / "нет такой")


def test_failed_write_leaves_no_partial_file(full, tmp_path, monkeypatch):
    import errno

    from model.reports import xlsx_report

    def full_disk(workbook, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx_report, "save_workbook", full_disk)
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"the previous export")
    with pytest.raises(WriteError, match="Не хватает места"):
        write_xlsx(load_period(full, Q2, history=True), target)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["district.sqlite", "r.xlsx"]


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_command_line_export_and_import(full, db_path, tmp_path):
    full.conn.close()
    target = tmp_path / "новая папка" / "отчёт"  # not there yet: export makes it
    out = run("export", "--db", db_path, "--period", "2018-Q2", "--out", target)
    assert out.returncode == 0, out.stderr
    pdf, xlsx = (Path(line) for line in out.stdout.split("\n")[:2])
    assert pdf.exists() and xlsx.exists() and pdf.suffix == ".pdf" and pdf.parent == target
    # district, period and kind in plain characters (the profile's district is «Муниципальный район «Калганский район»»)
    assert (pdf.name, xlsx.name) == ("Муниципальный_район_Калганский_район_2018-Q2_план.pdf",
                                     "Муниципальный_район_Калганский_район_2018-Q2_план.xlsx")
    fresh = tmp_path / "fresh.sqlite"
    out = run("import", "--db", fresh, xlsx)
    assert out.returncode == 0, out.stderr
    assert load_period(open_database(fresh), Q2).scores.total == pytest.approx(FILLED_TOTAL)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    out = run("import", "--db", fresh, bad)
    assert out.returncode == 2 and "не книга Excel" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    out = run("export", "--db", db_path, "--period", "2019-Q1", "--out", tmp_path)
    assert out.returncode == 2 and "нет данных" in out.stderr


def test_data_rows_are_unrounded(full):
    rows = encode(load_period(full, Q2, history=True))
    p2 = next(r for r in rows if r[:3] == ("score", "2", "score"))
    assert p2[4] == pytest.approx(500 / 7) and p2[4] != round(p2[4], 2)


def test_upgrade_from_schema_3_keeps_indicators_and_points(tmp_path):
    import shutil

    from model.areas import indicators as ind
    from model.base.period import Period
    from model.store.db import SCHEMA_VERSION, schema_version

    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parents[2] / "fixtures" / "schema_v3.sqlite", path)
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert len(ind.list_indicators(db)) == 5
    third = ind.list_indicators(db)[2]
    assert ind.load_values(db, 2020, 0)[third.id] == ind.Value(90, 85, "снижение")
    assert [p.title for p in ind.list_points(db)] == ["Утверждена дорожная карта"]
    assert plan.load_inputs(db, Period(2020, 4)) == {"2.2": {"n": 1.0}}
    assert sent_state(db, load_period(db, Period(2020, 4), history=True)) is None


def test_pdf_names_inputs_by_the_methodologys_words(full, tmp_path):
    import re

    from pypdf import PdfReader

    path = write_pdf(load_period(full, Q2, history=True), tmp_path / "r.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert not re.search(r"\b(A1|B1|A2|B2|req\d)\s*=", text)
    assert "Муниципальные служащие, всего (B): 50" in " ".join(text.split())


def test_the_letter_names_its_attachments_both_ways_and_has_a_date(db, tmp_path):
    """RFC 2231 filename* on Content-Disposition and an RFC 2047 name= on Content-Type (older Outlook, The Bat!)."""
    import email
    import re as regex
    from email import policy
    from email.header import decode_header, make_header
    from email.utils import parsedate_to_datetime

    from model.reports.sending import prepare_sending

    fill_quarter(db)
    sending = prepare_sending(db, Q2, tmp_path / "out", [])
    raw = sending.eml.read_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = email.message_from_bytes(raw, policy=policy.default)
    assert parsedate_to_datetime(message["Date"]).year >= 2026
    names = [sending.pdf.name, sending.xlsx.name]
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == names  # from filename*
    assert [p.get_content_type() for p in parts] == ["application/pdf", "application/vnd.openxmlformats-"
                                                     "officedocument.spreadsheetml.sheet"]
    words = regex.findall(rb'name="(=\?utf-8\?b\?[A-Za-z0-9+/=]+\?=)"', raw)
    assert [str(make_header(decode_header(w.decode()))) for w in words] == names
    assert raw.count(b"filename*=utf-8''") == 2


def test_written_files_have_the_users_normal_permissions(db, tmp_path):
    import os
    import stat

    from model.reports.sending import prepare_sending

    fill_quarter(db)
    mask = os.umask(0o022)
    os.umask(mask)
    sending = prepare_sending(db, Q2, tmp_path / "out", [])
    for path in (sending.pdf, sending.xlsx, sending.zip, sending.eml):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE(sending.folder.stat().st_mode) == 0o777 & ~mask
