"""The `data` sheet, the contract between a district and the region: encode a quarter as rows, decode a workbook
back without a database, apply what was decoded to a database in one transaction.

The names below are loaded when first asked for: an export writes the sheet (rows, sheet) and never reads one back,
so decoding and applying (with what they import) stay unloaded. Two of the names are also their modules' names —
`decode` (decode.py) and `apply` (apply.py): importing such a module would make the package's attribute the module,
so the package keeps the function under that name (the modules stay reachable as `model.exchange.decode` in imports:
`from model.exchange.decode import decode_rows`).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.errors import ImportRefused
    from model.exchange.apply import apply, import_report, import_workbook
    from model.exchange.decode import ReportData, check_whole, decode, decode_rows
    from model.exchange.rows import HEADER, Row, encode, fingerprint
    from model.exchange.sheet import DATA_SHEET, read_data_sheet

_WHERE = {"ImportRefused": "model.errors", "apply": "model.exchange.apply", "import_report": "model.exchange.apply",
          "import_workbook": "model.exchange.apply", "ReportData": "model.exchange.decode",
          "check_whole": "model.exchange.decode", "decode": "model.exchange.decode",
          "decode_rows": "model.exchange.decode", "HEADER": "model.exchange.rows", "Row": "model.exchange.rows",
          "encode": "model.exchange.rows", "fingerprint": "model.exchange.rows", "DATA_SHEET": "model.exchange.sheet",
          "read_data_sheet": "model.exchange.sheet"}

__all__ = ["DATA_SHEET", "HEADER", "ImportRefused", "ReportData", "Row", "apply", "check_whole", "decode",
           "decode_rows", "encode", "fingerprint", "import_report", "import_workbook", "read_data_sheet"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


class _Package(ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, ModuleType):
            return  # a submodule named as one of the functions above: the name stays the function's
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
