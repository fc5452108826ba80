"""The plan's score as a pure function of a methodology and inputs (score), and the region's calculator over a file
of inputs.

Where the formulas are: an item's arithmetic is its rule's (model/methodology/rules.py RULES, chosen by the item's
`rule` in the methodology file); a section's and the total's division is in score.py `score_plan`. The «Формула»
texts of a methodology (`Item.formula`, `Section.formula`) are what is printed, not what is computed.
"""
