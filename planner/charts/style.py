"""What every chart shares: figure factory, palette, money axis, dollars wording.

Charts draw on a plain ``matplotlib.figure.Figure`` (never pyplot), so the GUI can put the
figure in a Qt canvas and the report can save the same figure as vector graphics.
"""

from __future__ import annotations

import colorsys
import unicodedata
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import BboxBase, IdentityTransform

from planner import format as fmt
from planner.core.model import AccountKind
from planner.core.result import Result

# One calm, fixed hue per account kind, so an account keeps its colour in every chart and
# plan (pre-tax in blues, Roth in greens, HSA teal, taxable amber).
KIND_COLORS: dict[AccountKind, str] = {
    AccountKind.TRADITIONAL_401K: "#4C78A8",
    AccountKind.TRADITIONAL_IRA: "#7BA3CC",
    AccountKind.ROTH_401K: "#54A24B",
    AccountKind.ROTH_IRA: "#88C580",
    AccountKind.HSA: "#3E9C9C",
    AccountKind.TAXABLE: "#E0A33B",
}

# Income chart colours: sources in muted tones, the goal in ink, problems in red. Pay for
# work in greens, benefits in purples, property and windfalls in earth tones; money that
# leaves or enters the accounts keeps its account colours (withdrawals in the pre-tax blue,
# savings in the taxable amber, since surpluses go to a taxable account).
SALARY_COLOR = "#4E8A5B"
OTHER_WAGES_COLOR = "#7FB27A"
SELF_EMPLOYMENT_COLOR = "#A9C97F"
PENSION_COLOR = "#B07AA1"
RENTAL_COLOR = "#9C755F"
TAX_FREE_COLOR = "#7FBFC4"
INFLOW_COLOR = "#E3C45B"
SOCIAL_SECURITY_COLOR = "#8E6BB0"
WITHDRAWAL_COLOR = "#4C78A8"
TAX_COLOR = "#A0A0A0"
CONTRIBUTION_COLOR = "#A7C4E0"
SAVED_COLOR = "#E0A33B"
# Health care (premiums after the premium credit, IRMAA, out-of-pocket costs): the same
# coral wherever health care is drawn, kept apart from the tax greys and the income tones.
HEALTH_COLOR = "#E39A6B"
SURPLUS_SPENT_COLOR = "#D9C7A7"
SHORTFALL_COLOR = "#D1373F"
GOAL_COLOR = "#222222"
RETIREMENT_COLOR = "#555555"
GRID_COLOR = "#E6E6E6"

TITLE_SIZE = 11
LABEL_SIZE = 9
TICK_SIZE = 8
LEGEND_SIZE = 8


class PlainTextFigure(Figure):
    """A Figure whose text is always drawn as it is written: never parsed as mathtext or TeX.

    Titles, legends and notes carry the plan's own names (people, accounts, income streams,
    the plan name); a name such as ``Al $\\foo$`` must print literally, not reach
    matplotlib's math parser (which raises on it and leaves the chart blank). Turning math
    off on every Text just before drawing (and before constrained layout measures them)
    covers every artist on the figure, however it was added; the app draws no math text.
    """

    def draw(self, renderer: object) -> None:  # type: ignore[override]
        plain_text(self)
        super().draw(renderer)  # type: ignore[arg-type]


def plain_text(fig: Figure) -> None:
    """Turn math-text parsing (and TeX) off on every Text artist of ``fig``, and drop the
    characters no font draws (see ``drawable``)."""
    for artist in fig.findobj(Text):
        assert isinstance(artist, Text)
        artist.set_parse_math(False)
        artist.set_usetex(False)
        text = artist.get_text()
        clean = drawable(text)
        if clean != text:
            artist.set_text(clean)


def drawable(text: str) -> str:
    """``text`` without what the PDF writer cannot place: invisible format characters
    (U+FEFF, zero-width spaces, direction marks) and control characters other than a line
    break are dropped (the PDF backend fails on a glyph that draws nothing), a tab becomes a
    space, and a lone surrogate (not a character at all) becomes U+FFFD."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        elif ch == "\t":
            out.append(" ")
        elif ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"):
            out.append(ch)
    return "".join(out)


def plain(text: str) -> str:
    """``text`` escaped so a Text that does parse math shows it literally: every ``$``
    becomes ``\\$`` (which also keeps a user's own ``\\$`` as written). For the rare Text
    not on a ``PlainTextFigure``; Text on one needs no escaping."""
    return text.replace("$", "\\$")


def make_figure(width_in: float, height_in: float) -> Figure:
    """A pyplot-free figure with constrained layout, so legends and labels are never clipped,
    and with plain (never mathtext) text, so any name prints as written."""
    return PlainTextFigure(figsize=(width_in, height_in), layout="constrained")


def account_colors(kinds: Sequence[AccountKind]) -> list[str]:
    """The kind's colour for each account; later accounts of the same kind get lighter shades."""
    seen: dict[AccountKind, int] = {}
    colors = []
    for kind in kinds:
        k = seen.get(kind, 0)
        seen[kind] = k + 1
        colors.append(_shade(KIND_COLORS[kind], k))
    return colors


def _shade(color: str, step: int) -> str:
    if step == 0:
        return color
    h, lightness, s = colorsys.rgb_to_hls(*to_rgb(color))
    lightness = min(0.88, lightness + 0.12 * step)
    return to_hex(colorsys.hls_to_rgb(h, lightness, s))


def money_formatter() -> FuncFormatter:
    """Tick labels like $1.2M / $850k, written by the shared format module."""
    return FuncFormatter(lambda value, _pos: fmt.money_short(value))


def style_axes(ax: Axes, title: str, xlabel: str) -> None:
    ax.set_title(title, fontsize=TITLE_SIZE, loc="left")
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.yaxis.set_major_formatter(money_formatter())
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def first_person_ages(result: Result) -> np.ndarray:
    return np.asarray(result.ages[0], dtype=float)


def add_year_axis(ax: Axes, result: Result) -> None:
    """Label each age tick with its calendar year underneath (year = age + birth year).

    Two-line tick labels rather than a secondary axis: the two scales then always share the
    same ticks, also when the GUI zooms.
    """
    birth = result.plan.people[0].birth_year
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda a, _pos: f"{a:.0f}\n{a + birth:.0f}")
    )


def age_axis_label(result: Result) -> str:
    return f"Age of {result.plan.people[0].name} / calendar year"


class UnderXAxis(BboxBase):
    """A zero-height box as wide as the axes, at the bottom of its x axis's label (or tick
    labels), in display pixels; read each time the legend is placed.

    A legend anchored at a fixed fraction of the axes height (-0.2) lands on the axis label
    when the chart is short (a 250-pixel chart at 1366x768); anchored here, it always sits
    under the label, and constrained layout makes room for it. The axis places its label
    before the legend asks (axes lay out and draw their axis before their legend). The box
    is recomputed whenever the axes move (its child), which is when the label moves: its
    distance below the axes is set by fonts alone."""

    # It computes its points on every call, so it never counts as valid: pass each move of
    # the axes on to the legend's copy of it regardless.
    pass_through = True

    def __init__(self, ax: Axes) -> None:
        super().__init__()
        self.ax = ax
        self.set_children(ax.bbox)

    def get_points(self) -> np.ndarray:
        box = self.ax.bbox
        bottom = box.y0
        label = self.ax.xaxis.label
        texts = [label] if label.get_visible() and label.get_text() else [
            t for t in self.ax.xaxis.get_ticklabels() if t.get_visible() and t.get_text()]
        for text in texts:
            bottom = min(bottom, text.get_window_extent().y0)
        return np.array([[box.x0, bottom], [box.x1, bottom]])


def legend_below(ax: Axes, ncols: int = 3, handles: Sequence[Artist] | None = None,
                 labels: Sequence[str] | None = None) -> Legend:
    """Legends sit under the plot, below the x axis's label, so they never hide data and
    never overlap the axis title (``handles`` and ``labels`` as ``Axes.legend`` takes them,
    else the axes' own)."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    return ax.legend(
        list(handles), list(labels), loc="upper center", bbox_to_anchor=UnderXAxis(ax),
        bbox_transform=IdentityTransform(), ncols=ncols, fontsize=LEGEND_SIZE, frameon=False,
    )


# Fan chart: one hue, lighter for wider bands, so the eye reads the median first.
FAN_COLOR = "#4C78A8"
FAN_BAND_ALPHAS = ((5, 95, 0.16), (10, 90, 0.22), (25, 75, 0.32))
MEDIAN_COLOR = "#1F3F66"
WORST_COLOR = "#C0504D"

# Tax kinds, from the biggest (federal ordinary income) to the rarest, in calm tones that stay
# apart from the account and income colours (and from the health-care coral: IRMAA is a
# Medicare premium, drawn with health care, not with the taxes).
TAX_KIND_COLORS = (
    "#6B7FA6",  # ordinary income tax
    "#9AAFCF",  # capital-gains tax
    "#C9B37E",  # NIIT
    "#8C8C8C",  # federal tax not broken down by kind
    "#B9A3C9",  # state tax
    "#6FA38C",  # payroll tax (Social Security and Medicare), paid on pay for work
    "#D1373F",  # early-withdrawal penalty: a cost worth seeing, in the problem red
)

SUCCESS_COLOR = "#2F6B2A"
DEPLETION_COLOR = "#C0504D"
SCENARIO_COLORS = ("#4C78A8", "#E0A33B", "#54A24B", "#B07AA1", "#3E9C9C", "#8C6D31")
NOTE_COLOR = "#666666"


def message(ax: Axes, title: str, text: str) -> None:
    """A chart that has nothing to draw says why, centred, instead of showing empty axes."""
    ax.set_title(title, fontsize=TITLE_SIZE, loc="left")
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=LABEL_SIZE + 1, color=NOTE_COLOR, wrap=True, parse_math=False)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)


def age_index(result: Result, x: float | None) -> int | None:
    """The year index under an age-axis position (nearest whole age), or None off the chart."""
    if x is None or not np.isfinite(x):
        return None
    ages = first_person_ages(result)
    t = int(round(x - ages[0]))
    return t if 0 <= t < len(ages) else None


def age_year_text(result: Result, t: int) -> str:
    """'Age 67 (2053)': how hover text names a year."""
    return f"Age {int(result.ages[0][t])} ({int(result.years[t])})"


# The smallest top of a money axis: below it a whole-dollar formatter repeats its labels
# ($0 $0 $1 $1 on an axis from $0 to $1 when every path ends empty).
MIN_MONEY_TOP = 1_000.0


def focus_top(ax: Axes, wanted: float, highest: float) -> str:
    """Set the y range to 0..``wanted`` (what the reader needs to see: medians and weak
    outcomes), but no higher than the data reaches. A few lucky paths can end 10 times
    richer than the median; scaling to them would flatten everything that matters into
    the bottom of the chart. Returns the note to show when bands are cut off, else ""."""
    top = min(wanted, highest * 1.02) if highest > 0 else MIN_MONEY_TOP
    ax.set_ylim(0, max(top, MIN_MONEY_TOP))
    return "Upper bands continue above the chart" if highest > top * 1.001 else ""


def corner_note(ax: Axes, *lines: str) -> None:
    """Small muted notes in the top-left corner of the plot (empty lines are skipped)."""
    text = "\n".join(line for line in lines if line)
    if text:
        ax.text(0.01, 0.98, text, transform=ax.transAxes, ha="left", va="top",
                fontsize=TICK_SIZE, color=NOTE_COLOR, parse_math=False)
