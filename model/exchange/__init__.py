"""The `data` sheet, the contract between a district and the region: encode a quarter as rows, decode a workbook
back without a database, apply what was decoded to a database in one transaction.
"""

from model.errors import ImportRefused
from model.exchange.apply import apply, import_report, import_workbook
from model.exchange.decode import ReportData, check_whole, decode, decode_rows
from model.exchange.rows import HEADER, Row, encode, fingerprint
from model.exchange.sheet import DATA_SHEET, read_data_sheet

__all__ = ["DATA_SHEET", "HEADER", "ImportRefused", "ReportData", "Row", "apply", "check_whole", "decode",
           "decode_rows", "encode", "fingerprint", "import_report", "import_workbook", "read_data_sheet"]
