"""Reading back what a chart drew: lines and bands by label, bars by colour."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from planner.charts.style import make_figure


def new_axes() -> tuple[Figure, Axes]:
    fig = make_figure(8, 4.5)
    return fig, fig.add_subplot()


def line(ax: Axes, label: str) -> Line2D:
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert len(found) == 1, [ln.get_label() for ln in ax.get_lines()]
    return found[0]


def band(ax: Axes, label: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, lower, upper) of a fill_between band, read from its polygon's vertices."""
    found = [c for c in ax.collections
             if isinstance(c, PolyCollection) and c.get_label() == label]
    assert len(found) == 1, [c.get_label() for c in ax.collections]
    vertices = np.concatenate([p.vertices for p in found[0].get_paths()])
    xs = np.unique(vertices[:, 0])
    lower = np.array([vertices[vertices[:, 0] == x, 1].min() for x in xs])
    upper = np.array([vertices[vertices[:, 0] == x, 1].max() for x in xs])
    return xs, lower, upper


def bars(ax: Axes, label: str) -> list[Rectangle]:
    """The bars of one ax.bar call, found through its legend label."""
    containers = [c for c in ax.containers if c.get_label() == label]
    assert len(containers) == 1, [c.get_label() for c in ax.containers]
    return list(containers[0].patches)


def bar_labels(ax: Axes) -> list[str]:
    return [str(c.get_label()) for c in ax.containers]


def texts(ax: Axes) -> str:
    return "\n".join(t.get_text() for t in ax.texts)
