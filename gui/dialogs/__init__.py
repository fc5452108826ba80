"""The window's dialogs: one file a dialog."""
