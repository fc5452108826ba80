"""The database: the connection and what it registers (db), migrations, backups, the change journal (audit) and the
sent-quarter lock (sent_lock).
"""
