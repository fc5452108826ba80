"""The district's outputs: the PDF report (pdf_*), the workbook (xlsx_report, sheets) and sending upstream
(sending).
"""

from model.base import lazy
from model.base.patterns import defer_patterns

# reportlab's paragraph module compiles its patterns as it is imported, ~40 ms, most of them never used by a report
defer_patterns(("reportlab.platypus.paragraph",))
# reportlab imports PIL.Image (~10 ms with the modules it brings) for pictures, which no report of the program has:
# it is loaded when first used
lazy.module("PIL.Image")
