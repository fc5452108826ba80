"""The region's window: the districts' workbooks merged into a summary, a ranking and the problems list."""
