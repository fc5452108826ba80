"""The program's data files: methodologies, indicator sets, fonts with their licence, icons (no code)."""
