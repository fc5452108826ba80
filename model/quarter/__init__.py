"""One quarter: everything it holds read in one place (data: PeriodData, load_period, its score and readiness), the
control ratios checked on it, the edits a user makes and the Change each returns, and the journal in words.
"""
