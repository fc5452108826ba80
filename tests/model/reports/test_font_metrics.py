"""The PDF fonts registered from their kept metrics (model/reports/font_metrics.py) are the fonts reportlab parses:
the kept files are current, the face is the same, a report — with text in scripts DejaVu lacks, too — is the same
PDF byte for byte; a font that is not the one the metrics were made from, or a damaged metrics file, is parsed."""

from __future__ import annotations

import marshal
import shutil

import pytest
from conftest import Q2, fill_quarter
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from model.areas import plan
from model.base.resources import resource_path
from model.errors import InputRefused
from model.quarter.data import load_period
from model.reports import font_metrics
from model.reports.font_metrics import face_state, load_font, make_metrics, metrics_path
from model.reports.pdf_report import write_pdf
from model.reports.pdf_style import BOLD, FONT, register_fonts

FONTS = [resource_path("fonts", "DejaVuSans.ttf"), resource_path("fonts", "DejaVuSans-Bold.ttf")]


def _plain(state: dict) -> dict:
    return {k: (bytes(v) if isinstance(v, bytes) else v) for k, v in state.items()}


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.name)
def test_the_kept_metrics_are_those_of_the_shipped_font(font):
    kept = marshal.loads(metrics_path(font).read_bytes())
    assert kept == marshal.loads(make_metrics(font)), "run: python -m model.reports.font_metrics"


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.name)
def test_a_font_from_its_metrics_is_the_font_reportlab_parses(font):
    parsed, kept = TTFontFace(str(font)), load_font("x", font).face
    assert type(kept) is TTFontFace
    assert _plain(face_state(kept)) == _plain(face_state(parsed))
    assert kept.name.ustr == parsed.name.ustr and kept._ttf_data == parsed._ttf_data
    assert [kept._pdfScale(v) for v in (0, 1, 2048, -77)] == [parsed._pdfScale(v) for v in (0, 1, 2048, -77)]
    assert kept.makeSubset(list(range(32, 127)) + list(range(0x410, 0x450))) == \
        parsed.makeSubset(list(range(32, 127)) + list(range(0x410, 0x450)))


def _fonts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (FONT, BOLD):
        monkeypatch.delitem(pdfmetrics._fonts, name, raising=False)


_FILLED: set[int] = set()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_a_report_is_the_same_pdf_with_kept_or_parsed_metrics(db, tmp_path_factory, monkeypatch, typed):
    """Text a user typed may hold any character (Chinese, emoji, signs DejaVu has no glyph for): it prints alike."""
    if id(db) not in _FILLED:  # hypothesis runs every example on the test's one database
        fill_quarter(db)
        _FILLED.add(id(db))
    try:
        plan.set_evidence(db, Q2, "2.3", f"{typed} 漢字 😀 ∑ Ω — «{typed}»")
    except InputRefused:  # what the program refuses to store never reaches a report
        reject()
    data = load_period(db, Q2, history=True)
    folder = tmp_path_factory.mktemp("pdf")
    monkeypatch.setattr(rl_config, "invariant", 1)
    written = []
    for kept in (True, False):
        with monkeypatch.context() as m:
            _fonts_again(m)
            if not kept:
                m.setattr(font_metrics, "_face", lambda font, data: None)
            register_fonts()
            written.append(write_pdf(data, folder / f"{kept}.pdf").read_bytes())
            _fonts_again(m)
    assert written[0] == written[1]


def test_a_changed_font_or_damaged_metrics_are_parsed(tmp_path):
    font = tmp_path / "DejaVuSans.ttf"
    shutil.copyfile(FONTS[0], font)
    shutil.copyfile(metrics_path(FONTS[0]), metrics_path(font))
    assert font_metrics._face(font, font.read_bytes()) is not None
    font.write_bytes(FONTS[0].read_bytes() + b"\0")  # another file than the metrics were made from
    assert font_metrics._face(font, font.read_bytes()) is None
    assert load_font("x", font).face.charWidths == TTFontFace(str(FONTS[0])).charWidths
    shutil.copyfile(FONTS[0], font)
    for damaged in (b"", b"\x00garbage", metrics_path(FONTS[0]).read_bytes()[:1000], marshal.dumps([1, 2])):
        metrics_path(font).write_bytes(damaged)
        assert font_metrics._face(font, font.read_bytes()) is None
        assert load_font("x", font).face.numGlyphs == TTFontFace(str(font)).numGlyphs
    metrics_path(font).unlink()
    assert font_metrics._face(font, font.read_bytes()) is None
