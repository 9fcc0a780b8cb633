"""The results: the summary strip, the chart tabs, the year-by-year table and the comparison
of plans."""
