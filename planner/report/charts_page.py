"""Chart pages: the GUI's own chart functions (through the registry), drawn into boxes of a
letter page. Charts without their data are left out and listed in a one-line note."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from planner.charts.inputs import ChartInputs
from planner.charts.registry import ChartSpec, chart
from planner.charts.style import plain_text
from planner.report.layout import BODY, MUTED, TITLE, BlockDraw, Flow

CHART_HEIGHT = 3.9  # inches per chart box, including its title, ticks and legend
# Room inside a box for what surrounds the plotting area (inches). Fixed rather than
# constrained layout, because the page also carries text that layout engines ignore.
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 0.65, 0.1, 0.35, 1.05
# Charts with a second y axis on the right need room for its tick labels.
PAD_RIGHT_BY_KEY = {"crypto": 0.65}

# The pages of charts at the front of the report: (page title, chart keys), two per page.
CHART_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Range of outcomes", ("fan", "depletion")),
    ("Balances and income", ("balances", "income")),
)


def chart_box(spec: ChartSpec, inputs: ChartInputs, real: bool) -> BlockDraw:
    pad_right = PAD_RIGHT_BY_KEY.get(spec.key, PAD_RIGHT)

    def place(fig: Figure, left: float, top: float, width: float, height: float) -> None:
        page_w, page_h = fig.get_figwidth(), fig.get_figheight()
        x0 = left + PAD_LEFT
        y0 = page_h - top - height + PAD_BOTTOM
        w = width - PAD_LEFT - pad_right
        h = height - PAD_TOP - PAD_BOTTOM
        ax = fig.add_axes((x0 / page_w, y0 / page_h, w / page_w, h / page_h))
        spec.draw(ax, inputs, real)
        fit_in_box(fig, ax, page_h - top - height)

    return place


def fit_in_box(fig: Figure, ax: Axes, bottom: float) -> None:
    """Raise the plot's bottom by what its words (a legend of four rows under the axis)
    reach below the box's ``bottom`` (inches from the page's foot), so a chart never runs
    onto what follows it on the page."""
    plain_text(fig)  # measured before the page is drawn: names must not parse as math
    dpi = fig.dpi
    renderer = RendererAgg(int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi), dpi)
    boxes = [a.get_tightbbox(renderer) for a in fig.axes if a is ax or _twin(a, ax)]
    lowest = min(b.y0 for b in boxes if b is not None) / dpi
    if lowest >= bottom:
        return
    rise = (bottom - lowest) / fig.get_figheight()
    for a in fig.axes:
        if a is ax or _twin(a, ax):
            x0, y0, w, h = a.get_position().bounds
            a.set_position((x0, y0 + rise, w, h - rise))


def _twin(a: Axes, ax: Axes) -> bool:
    """A twin of ``ax`` (the crypto chart's right axis) shares its place on the page."""
    return a is not ax and a.get_position().bounds == ax.get_position().bounds


def missing_note(specs: Sequence[ChartSpec], inputs: ChartInputs) -> str:
    """'Not shown: Range of outcomes (needs a Monte Carlo or historical run).' or ''."""
    gone = [f"{s.title} ({s.missing})" for s in specs if not s.available(inputs)]
    return f"Not shown: {'; '.join(gone)}." if gone else ""


def add_chart(flow: Flow, key: str, inputs: ChartInputs, real: bool) -> bool:
    """One chart box if the chart has its data; True when drawn."""
    spec = chart(key)
    if not spec.available(inputs):
        return False
    flow.block(CHART_HEIGHT, chart_box(spec, inputs, real))
    return True


def add_charts(flow: Flow, inputs: ChartInputs, real: bool = True) -> None:
    """The front chart pages; a page whose charts all lack data is skipped."""
    skipped: list[str] = []
    for title, keys in CHART_PAGES:
        specs = [chart(k) for k in keys]
        note = missing_note(specs, inputs)
        if not any(s.available(inputs) for s in specs):
            skipped.append(note)
            continue
        flow.new_page()
        flow.text(title, TITLE, bold=True, after=0.1)
        for line in [*skipped, note]:
            if line:
                flow.text(line, BODY, color=MUTED, after=0.1)
        skipped = []
        drawn = 0
        for key in keys:
            if drawn:
                flow.spacer(0.2)
            drawn += add_chart(flow, key, inputs, real)
