"""Widgets the tabs and dialogs share: fields, the grid, charts, PDF pages."""
