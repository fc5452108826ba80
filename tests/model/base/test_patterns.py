"""Patterns compiled on first use (model/base/patterns.py): a stand-in answers as the pattern would, a module named
compiles nothing as it is imported, a module it imports keeps re.compile as it is, and reportlab's paragraph module,
deferred by model.reports, still wraps and hyphenates as before."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from model.base.patterns import Deferred, defer_patterns

_PATTERNS = [(r"\s+", 0), (r"(\w+)@(\w+)", 0), (r"^[а-яё]+$", re.I), (r"([-\xad])", 0), (r"(?P<n>\d+)", 0)]


@given(which=st.sampled_from(_PATTERNS), text=st.text(max_size=30))
def test_a_stand_in_answers_as_the_pattern(which, text):
    real, lazy = re.compile(*which), Deferred(*which)
    assert lazy.split(text) == real.split(text)
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("_", text) == real.sub("_", text)
    assert (m.span() if (m := lazy.search(text)) else None) == (m.span() if (m := real.search(text)) else None)
    assert lazy.pattern == real.pattern and lazy.flags == real.flags and lazy.groups == real.groups
    assert lazy == real and hash(lazy) == hash(real)


def test_a_bound_method_taken_at_import_compiles_on_its_first_call():
    lazy = Deferred(r"[,;]+")
    split = lazy.split
    assert lazy._pattern is None
    assert split("a,b;;c") == ["a", "b", "c"] and lazy._pattern is not None


def test_a_named_module_compiles_on_first_use_and_the_modules_it_imports_as_ever(tmp_path, monkeypatch):
    (tmp_path / "lazy_patterns_inner.py").write_text("import re\nINNER = re.compile('b+')\n", encoding="utf-8")
    (tmp_path / "lazy_patterns_outer.py").write_text(
        "import re\nimport lazy_patterns_inner\nWORDS = re.compile(r'\\w+', re.I)\nSPLIT = re.compile(',').split\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    undo = defer_patterns(["lazy_patterns_outer"])
    try:
        import lazy_patterns_outer as outer  # type: ignore[import-not-found]
    finally:
        undo()
        sys.modules.pop("lazy_patterns_outer", None)
        sys.modules.pop("lazy_patterns_inner", None)
    assert re.compile is not None and isinstance(re.compile("x"), re.Pattern)  # re.compile is itself again
    assert isinstance(outer.lazy_patterns_inner.INNER, re.Pattern)
    assert isinstance(outer.WORDS, Deferred) and outer.WORDS._pattern is None
    assert outer.SPLIT("a,b") == ["a", "b"]
    assert outer.WORDS.findall("Раз, два") == ["Раз", "два"] and outer.WORDS._pattern is not None


_PARAGRAPHS = """
import model.reports  # defers reportlab.platypus.paragraph's patterns
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as module
from model.base.patterns import Deferred
from model.reports.pdf_style import BOLD, FONT, register_fonts

register_fonts()
assert isinstance(module.uri_pat, Deferred) and module.uri_pat._pattern is None
plain = Paragraph("Обычный текст отчёта в ячейке таблицы", ParagraphStyle("p", fontName=FONT, fontSize=9))
assert plain.wrap(60, 1000)[1] > 20 and module.uri_pat._pattern is None  # a plain paragraph never needs it
style = ParagraphStyle("x", fontName=FONT, fontSize=9, leading=11, embeddedHyphenation=1, uriWasteReduce=0.3)
text = "См. https://www.gosuslugi.ru/очень/длинный/адрес/страницы и-ещё-одно-очень-длинное-слово-через-дефисы"
print(len(Paragraph(text, style).breakLines([60.0]).lines))
print(bool(module.uri_pat.match("https://www.gosuslugi.ru/x")))
print(Paragraph(f"<b>{text}</b>", ParagraphStyle("b", fontName=BOLD, fontSize=9)).wrap(80, 1000)[1] > 40)
"""


def test_reportlabs_paragraph_wraps_and_splits_addresses_with_its_patterns_deferred():
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", _PARAGRAPHS], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines, matched, wrapped = done.stdout.split()
    assert int(lines) > 3 and matched == "True" and wrapped == "True"
