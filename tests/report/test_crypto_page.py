"""The crypto page: every outlook and stress test, the share solver's answer, runs shared
with the rest of the report; a plan without crypto is not told it holds any."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner import format as fmt
from planner.charts.depletion import draw_depletion
from planner.charts.fan import draw_fan
from planner.core.analysis import crypto_outlooks, max_crypto_share, stress_tests
from planner.core.outlooks import named_outlooks
from planner.core.stress import stresses
from planner.report.comparison import comparison_text
from planner.report.inputs import ReportInputs
from planner.report.layout import Flow
from planner.report.pdf import report_style
from planner.report.sensitivity_page import add_sensitivity
from planner.report.summary_page import add_summary
from planner.run_counts import success_short
from tests.report.artists import new_axes
from tests.report.fakes import fake_inputs, small_inputs


def flow_text(flow: Flow, check_inside: bool = False) -> str:
    """Every figure-level text of the flow's pages (paragraphs and table cells), drawn; with
    ``check_inside``, also that nothing lies outside the page's margins."""
    out = []
    with report_style():
        for page in flow.pages:
            fig = Figure(figsize=page.size)
            for step in page.steps:
                step(fig)
            out += [t.get_text() for t in fig.texts]
            if check_inside:
                canvas = FigureCanvasAgg(fig)
                canvas.draw()
                renderer = canvas.get_renderer()
                margin = 0.3 * fig.dpi
                undrawn = set()
                for ax in fig.axes:  # tick labels past the limits exist but are not drawn
                    lo, hi = sorted(ax.get_xlim())
                    undrawn |= {id(t) for t in ax.get_xticklabels()
                                if not lo - 1e-9 <= t.get_position()[0] <= hi + 1e-9}
                    lo, hi = sorted(ax.get_ylim())
                    undrawn |= {id(t) for t in ax.get_yticklabels()
                                if not lo - 1e-9 <= t.get_position()[1] <= hi + 1e-9}
                for t in fig.findobj(Text):  # paragraphs, cells, labels, legends
                    if not t.get_visible() or not t.get_text() or id(t) in undrawn:
                        continue
                    box = Text.get_window_extent(t, renderer)
                    assert margin <= box.x0 and box.x1 <= fig.bbox.width - margin, t
                    assert margin <= box.y0 and box.y1 <= fig.bbox.height - margin, t
    return "\n".join(out)


def crypto_page(inputs: ReportInputs, check_inside: bool = False) -> str:
    flow = Flow()
    add_sensitivity(flow, inputs)
    return flow_text(flow, check_inside)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_outlook_and_every_stress_has_a_row() -> None:
    inputs = small_inputs(0.1)
    text = crypto_page(inputs, check_inside=True)
    lines = text.splitlines()
    plan = inputs.result.plan
    assert inputs.outlooks is not None and inputs.stresses is not None
    for o in named_outlooks():
        assert any(line.startswith(o.label) for line in lines), o.label
        assert o.rationale.split()[0] in text
    mine = [r for r in inputs.outlooks.rows if r.is_plans]
    assert len(mine) == 1
    assert f"{mine[0].label} (this plan)" in flat(text)
    for s in stresses(plan):
        assert s.label in lines, s.label
    for row in inputs.stresses.rows:
        assert success_short(row.stressed.success_rate, row.stressed.success_range) in lines
        assert fmt.money(row.stressed.median_wealth) in lines
    assert "No stress" in lines and "Without crypto (0%)" in flat(text)
    none = inputs.outlooks.without_crypto
    assert fmt.money(none.median_wealth) in lines
    assert "Break-even" in flat(text)
    assert "mix's median growth unchanged" in flat(text)


def test_the_share_solvers_answer_in_words() -> None:
    inputs = small_inputs(0.1)
    answer = inputs.share_answer
    assert answer is not None and answer.limit == 0.3
    text = flat(crypto_page(inputs))
    assert "within 2 points of 0%" in text
    assert "in Kim 401(k); searched up to the accounts' cap of 30%" in text
    if answer.share is not None and answer.at_share is not None:
        assert (f"{fmt.share(answer.share)} (success {fmt.pct(answer.at_zero.success_rate)} "
                f"at 0%, {fmt.pct(answer.at_share.success_rate)} at "
                f"{fmt.share(answer.share)})") in text
    assert "This answer holds under the plan's own outlook" in text


def test_the_page_runs_with_the_reports_seed_and_paths() -> None:
    """Monte Carlo with the main run's paths and seed: the core's own answers, and the
    'no stress' row is the summary's success rate."""
    inputs = small_inputs(0.1)
    plan, result = inputs.result.plan, inputs.result
    runs = inputs.crypto_runs
    assert runs is not None and (runs.mode, runs.paths, runs.seed) == ("monte-carlo", 60, 3)
    assert inputs.stresses == stress_tests(plan, paths=60, seed=3)
    assert inputs.outlooks == crypto_outlooks(plan, paths=60, seed=3)
    assert inputs.share_answer == max_crypto_share(plan, paths=60, seed=3)
    assert inputs.stresses is not None
    assert inputs.stresses.base.success_rate == result.summary.success_rate
    assert "Monte Carlo, 60 simulated paths, random seed 3" in flat(crypto_page(inputs))


def test_an_expected_report_runs_its_crypto_page_in_monte_carlo() -> None:
    inputs = small_inputs(0.1, "expected")
    runs = inputs.crypto_runs
    assert runs is not None and runs.mode == "monte-carlo" and runs.paths == 1000
    assert "expected path, which has no success rate" in flat(crypto_page(inputs))


def test_historical_mode_shows_the_range_over_alignments_and_no_path_count() -> None:
    inputs = small_inputs(0.1, "historical")
    result = inputs.result
    rng = result.summary.success_range
    assert rng is not None
    page = flat(crypto_page(inputs, check_inside=True))
    assert "historical mode" in page and "alignments" in page
    assert inputs.stresses is not None
    base = inputs.stresses.base
    assert success_short(base.success_rate, base.success_range) in page
    flow = Flow()
    add_summary(flow, result, date(2026, 11, 29))
    summary = flat(flow_text(flow))
    k = 11
    windows = result.n_paths // k
    wanted = (f"{fmt.pct(result.summary.success_rate)} ({fmt.pct(rng[0])[:-1]}\u2013"
              f"{fmt.pct(rng[1])} over the {k} alignments of Bitcoin's years)")
    assert wanted in summary
    assert f"{windows} windows \u00d7 {k} Bitcoin alignments" in summary
    assert "paths" not in summary.replace("typical path", "")
    assert fmt.count(result.n_paths) + " paths" not in page
    # The charts and the scenario comparison say the same.
    for draw in (draw_fan, draw_depletion):
        _, ax = new_axes()
        draw(ax, result)
        assert f"{windows} windows \u00d7 {k} Bitcoin alignments" in ax.get_title(loc="left")
        assert "paths" not in ax.get_title(loc="left")
    table = comparison_text([result, result], ["A", "B"])
    assert table.iloc[0]["A"] == success_short(result.summary.success_rate, rng)


def test_a_plan_without_crypto_is_not_told_it_holds_some() -> None:
    inputs = small_inputs(0.0)
    assert inputs.share_answer is None
    assert inputs.stresses is not None
    assert {r.key for r in inputs.stresses.rows} == {"crash-2008", "worst-stocks"}
    text = flat(crypto_page(inputs, check_inside=True))
    assert "This plan holds no crypto." in text
    assert "If every account held 5% in crypto (this plan holds none)" in text
    for misleading in ("(this plan)", "Crypto -80%", "Crypto to zero", "The largest crypto share",
                       "This answer holds", "For this plan's sleeve"):
        assert misleading not in text, misleading
    for s in inputs.stresses.rows:
        assert s.label in text


@pytest.mark.parametrize("make", [fake_inputs, lambda: small_inputs(0.0)])
def test_the_chart_on_the_page_marks_the_outlooks(make: object) -> None:
    inputs = make()  # type: ignore[operator]
    assert inputs.outlooks is not None
    crypto_page(inputs, check_inside=True)
