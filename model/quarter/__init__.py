"""One quarter: what it holds and what is computed from it alone (quarter: Quarter, its scores, figures and
readiness; no database), read from the database in one place (data: load_period, reread), the control ratios
checked on it, the edits a user makes and the Change each returns, and the journal in words.
"""
