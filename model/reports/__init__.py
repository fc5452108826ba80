"""The district's outputs: the PDF report (pdf_*), the workbook (xlsx_report, sheets) and sending upstream
(sending).
"""
