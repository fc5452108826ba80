"""Each thing a district reports, with its SQL and its checks: the plan of activities (plan), service centers, ESIA
registrations (esia), indicators with composites and control points, public services (МСЗУ: public_services), the
profile, deadlines, periods and the notes on control ratios.

The functions' names say how they reach the database:
- `read_*(db, pid)` reads a quarter already found (its period's row id; None: nothing stored yet);
- `load_*(db, period | year)` finds the quarter or year itself and reads it;
- `write_*(db, pid, …)` writes inside the caller's transaction (model/quarter/edits.py holds one around a user's
  edit and its audit);
- `set_*` and `save_*` open their own transaction: all of it is stored, or none; `save_*` stores a whole record
  and returns its id where it has one.
The window stores a user's edit through model/quarter/edits.py (which checks it against the quarter on screen and
asks for a reason before a value the region set is changed); the area functions are what it, an import and the
tests build on.
"""
