"""The window's tabs: one file a tab or a tab's page."""
