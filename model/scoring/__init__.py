"""The plan's score as a pure function of a methodology and inputs (score), and the region's calculator over a file
of inputs.
"""
