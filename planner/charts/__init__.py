"""Charts as functions on a plain matplotlib Axes: one chart, drawn in the GUI and the PDF.

Nothing is imported here: ``registry`` and ``paths`` are light, and the window imports them
before matplotlib; the chart modules import matplotlib.
"""
