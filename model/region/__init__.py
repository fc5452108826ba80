"""The region's side: the districts' workbooks merged into a summary and a ranking, with every bad file named."""
