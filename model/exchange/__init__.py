"""The `data` sheet, the contract between a district and the region: encode a quarter as rows, decode a workbook
back without a database, apply what was decoded to a database in one transaction.

The names below load with their module when first used: the export writes rows and needs neither the reader nor
apply (~28 ms of imports less for each export).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from model.errors import ImportRefused

if TYPE_CHECKING:
    from model.exchange.apply import apply, import_report, import_workbook
    from model.exchange.decode import ReportData, check_whole, decode, decode_rows
    from model.exchange.rows import HEADER, Row, encode, fingerprint
    from model.exchange.sheet import DATA_SHEET, read_data_sheet

_WHERE = {"apply": "apply", "import_report": "apply", "import_workbook": "apply", "ReportData": "decode",
          "check_whole": "decode", "decode": "decode", "decode_rows": "decode", "HEADER": "rows", "Row": "rows",
          "encode": "rows", "fingerprint": "rows", "DATA_SHEET": "sheet", "read_data_sheet": "sheet"}

__all__ = ["DATA_SHEET", "HEADER", "ImportRefused", "ReportData", "Row", "apply", "check_whole", "decode",
           "decode_rows", "encode", "fingerprint", "import_report", "import_workbook", "read_data_sheet"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"model.exchange.{module}"), name)
    globals()[name] = value
    return value
