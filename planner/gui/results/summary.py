"""The summary strip: the answer in words, then the headline figures in today's dollars.

Words and numbers come from ``planner.report`` (verdict, format), so the window and the PDF
say the same thing in the same way.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from planner import format as fmt
from planner.core.model import Strategy
from planner.core.outcomes import SpendingRange, delivered_range
from planner.core.result import Result
from planner.gui import theme
from planner.gui.results.figure_row import FigureRow
from planner.outcome_text import spending_headline
from planner.report.verdict import verdict
from planner.run_counts import alignments, range_text, runs_text

CAPTION_STYLE = "color: palette(placeholder-text); font-size: 11px;"
SPENDING_STYLE = "font-size: 12px;"
SUCCESS_CAPTION = "Success rate"
# With a withdrawal strategy a "success" is a path whose accounts never ran dry: the rule
# cuts spending instead, so the rate says nothing about meeting the goal.
STRATEGY_CAPTION = "Never ran dry"
TILE_MARGIN = 4  # pixels either side of a figure (six fit in a row beside the editor at 1366)


class Tile(QFrame):
    """A caption over a value, and for some tiles a detail line under it."""

    def __init__(self, caption: str, detail: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Plain text: captions and verdicts can name people and accounts.
        self.caption = QLabel(caption)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.value = QLabel("—")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.value.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(TILE_MARGIN, 2, TILE_MARGIN, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self.detail: QLabel | None = None
        if detail:
            self.detail = QLabel("")
            self.detail.setTextFormat(Qt.TextFormat.PlainText)
            self.detail.setStyleSheet(CAPTION_STYLE)
            self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, caption: str | None = None, detail: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        if detail is not None and self.detail is not None:
            self.detail.setText(detail)

    def text(self) -> str:
        """What the tile says, for a screen reader."""
        detail = f", {self.detail.text()}".replace("\n", "; ") if self.detail is not None \
            and self.detail.text() else ""
        return f"{self.caption.text()}: {self.value.text()}{detail}"


class SummaryStrip(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary")
        self.setStyleSheet(
            "#summary { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self._stale = False
        self._ok = True
        self._cut = False
        self.state_tax = "—"
        self.deferred_tax = "—"
        self.legacy = "—"
        self.headline = QLabel("Computing…")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setAccessibleName("Verdict")
        self.sentence = QLabel("")
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet(CAPTION_STYLE)
        self.sentence.setAccessibleName("Verdict explained")
        # Two lines are always kept for the sentence, so the strip never changes height as
        # the words change (which would resize, and so redraw, the chart under it).
        self.sentence.setFixedHeight(2 * self.sentence.fontMetrics().lineSpacing() + 4)
        answer = QVBoxLayout()
        answer.setContentsMargins(14, 8, 14, 4)
        answer.setSpacing(2)
        answer.addWidget(self.headline)
        answer.addWidget(self.sentence)
        # What the spending did in retirement: every withdrawal-strategy plan, and a fixed
        # plan whose spending fell short (outcome_text.spending_headline). Two lines, kept
        # while shown, as the sentence's.
        self.spending_line = QLabel("")
        self.spending_line.setTextFormat(Qt.TextFormat.PlainText)
        self.spending_line.setAccessibleName("Spending delivered")
        self.spending_line.setWordWrap(True)
        self.spending_line.setStyleSheet(SPENDING_STYLE)
        self.spending_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spending_line.setFixedHeight(2 * self.spending_line.fontMetrics().lineSpacing() + 2)
        self.spending_line.hide()
        answer.addWidget(self.spending_line)

        self.success = Tile(SUCCESS_CAPTION, detail=True)
        self.at_retirement = Tile("At retirement")
        self.terminal = Tile("Estate at the last death", detail=True)
        self.spending = Tile("Spending, year 1")
        self.tax = Tile("Lifetime taxes", detail=True)
        self.health = Tile("Lifetime health care", detail=True)
        self.tiles = [self.success, self.at_retirement, self.terminal, self.spending, self.tax,
                      self.health]

        # The answer in words across the top, the figures in a row (or two) under it.
        self.figures = FigureRow(self.tiles)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(answer)
        column.addWidget(self.figures)

    def show_result(self, result: Result, real: bool = True) -> None:
        s = result.summary
        v = verdict(result)
        self.headline.setText(v.headline)
        spent = self.spending_range(result)
        strategy = result.plan.spending.strategy is not Strategy.FIXED
        note = spending_note(spent)
        # A strategy that lasted by spending less than the goal is not a green success.
        cut = strategy and spent is not None and spent.share_below_goal > 0
        self._ok = v.ok and not cut
        self._cut = v.ok and cut
        self._paint_headline()
        # Its amounts are always today's dollars (the sentence names the dollars shown).
        self.spending_line.setText(note if real or not note else f"{note} In today's dollars.")
        self.spending_line.setToolTip(
            "Spending actually delivered in retirement, in today's dollars, over the paths: "
            "the median and the 10th percentile (a bad sequence) against the household's "
            "goal (Spending delivered chart)." if note else "")
        self.spending_line.setVisible(bool(note))
        dollars = "today's dollars" if real else "future dollars (of each year)"
        self.sentence.setText(f"{v.sentence} Amounts in {dollars}.")
        self.figures.set_shown(self.success, result.n_paths > 1)
        # History with crypto: every window runs once per alignment of Bitcoin's years;
        # the range over alignments goes beside the rate.
        rng = s.success_range
        span = range_text(rng) if rng else ""  # the words are in the tooltip and sentence
        spread = f"{span} over {alignments(result)} alignments" if rng else ""
        preview = is_preview(result)
        self.success.set(fmt.pct(s.success_rate),
                         STRATEGY_CAPTION if strategy else SUCCESS_CAPTION,
                         detail=f"range {span}" if span else
                         f"preview: {fmt.count(result.n_paths)} of "
                         f"{fmt.count(result.plan.simulation.paths)} paths" if preview else "")
        what = ("whose accounts never ran dry paying the withdrawal rule (the rule cuts "
                "spending rather than run out, so this is not the share that met the goal: "
                "see the spending line above)" if strategy
                else "that fund every year's spending")
        self.success.setToolTip(
            f"The share of {runs_text(result)} {what}"
            + (f"; {spread} of Bitcoin's years (each alignment starts Bitcoin's few years "
               "at a different year of every window)." if spread else "."))
        figures = headline_figures(result, real)
        self.at_retirement.set(
            fmt.money(figures["at_retirement"]), f"At retirement ({s.retirement_year})"
        )
        rate = fmt.share(result.plan.taxes.heirs_tax_rate)
        self.legacy = fmt.money(figures["legacy"])
        self.terminal.set(fmt.money(figures["terminal"]), estate_caption(result),
                          f"after heirs' tax {self.legacy}")
        self.terminal.setToolTip(
            "What the accounts hold at the end of the year of the last death"
            + (", the median over paths (each path draws its own ages at death)."
               if result.deaths_drawn else ".")
            + f" After heirs' tax: what heirs other than a spouse keep. Roth and taxable "
            f"accounts pass at their value (taxable ones stepped up, so no gains tax); "
            f"traditional 401(k)/IRA and HSA money is taxed as the heirs' income, at {rate} "
            "(Taxes ▸ Heirs' tax rate).")
        self.spending.set(fmt.money(figures["spending"]))
        # One source: the Summary's lifetime figures, sums over the years in today's dollars
        # (a sum of future dollars of different years would mean little).
        # Captions keep their width in either dollars (six figures share 1366 pixels): the
        # note that these two stay in today's dollars goes on the detail line.
        todays = "" if real else "in today's $; "
        median = " (median over paths)" if result.n_paths > 1 else ""
        self.state_tax = fmt.money(s.lifetime_state_tax)
        self.deferred_tax = fmt.money(s.deferred_tax)
        self.tax.set(fmt.money(s.lifetime_tax), "Lifetime taxes, incl. payroll",
                     f"{todays or 'of which '}state {self.state_tax}\n"
                     f"not incl. {self.deferred_tax} deferred")
        self.tax.setToolTip("Federal and state income tax, payroll and self-employment tax "
                            "and early-withdrawal penalties, summed over the plan in today's "
                            f"dollars{median}. State income tax alone: "
                            f"{fmt.money(s.lifetime_state_tax)}{median}. Not included: "
                            f"{self.deferred_tax}{median} of tax deferred in the traditional "
                            "401(k)/IRA and HSA money left in the estate, which heirs pay at "
                            f"their tax rate ({rate}) when they withdraw it.")
        premiums = result.plan.health.premiums
        self.health.set(fmt.money(s.lifetime_health), "Lifetime health care",
                        "in today's $" if todays else
                        "premiums and costs" if premiums else "no premiums")
        self.health.setToolTip(
            ("Marketplace premiums after the premium tax credit, Medicare Part B and D, "
             if premiums else "Premiums are not modelled (Health ▸ Model marketplace and "
             "Medicare premiums): your spending goal is taken to include them. ")
            + f"IRMAA surcharges and out-of-pocket costs, summed over the plan in today's "
            f"dollars{median}. They are paid on top of the spending goal.")
        for tile in self.tiles:
            tile.setAccessibleName(tile.text())

    def spending_range(self, result: Result) -> SpendingRange | None:
        """The result's delivered-spending range: percentiles over every path, tens of ms
        for 10,000 paths, so the worker that prepared the result computed them already
        (``projection.prepare``) and the chart of it shares them."""
        return delivered_range(result)

    def set_stale(self, stale: bool) -> None:
        self._stale = stale
        self.setEnabled(not stale)
        self._paint_headline()

    def _paint_headline(self) -> None:
        if self._stale:
            color = "palette(placeholder-text)"
        elif self._cut:  # lasted, but by spending less than the goal: neither green nor red
            color = "palette(text)"
        else:
            color = theme.color("ok" if self._ok else "warn")
        self.headline.setStyleSheet(f"font-size: 19px; font-weight: 600; color: {color};")

    def texts(self) -> dict[str, str]:
        """What the strip shows, by caption (for tests and accessibility)."""
        out = {"headline": self.headline.text()}
        for tile in self.tiles:
            out[tile.caption.text()] = tile.value.text()
        # The figures in detail lines: the taxes tile's and the estate tile's
        out["Lifetime state tax"] = self.state_tax
        out["Deferred tax"] = self.deferred_tax
        out["Estate after heirs' tax"] = self.legacy
        return out

    @property
    def headline_color(self) -> str:
        """The headline's colour as painted (for tests)."""
        style = self.headline.styleSheet()
        return style.split("color:")[1].strip(" ;") if "color:" in style else ""


def is_preview(result: Result) -> bool:
    """A quick Monte Carlo run on fewer paths than the plan asks for, shown while the full
    run computes: its figures are labelled, since they can differ from the final ones."""
    return result.mode == "monte-carlo" and result.n_paths < result.plan.simulation.paths


def spending_note(r: SpendingRange | None) -> str:
    """The delivered-spending headline where it says something: every withdrawal-strategy
    plan, and a fixed plan only when its spending fell short of the goal in some year."""
    if r is None or (not r.is_strategy and r.share_below_goal <= 0):
        return ""
    return spending_headline(r)


def estate_caption(result: Result) -> str:
    if result.deaths_drawn:
        return "Estate at the last death (median)"
    last = int(result.years[int(result.end_index[0])])
    return f"Estate at the last death ({last})"


def headline_figures(result: Result, real: bool) -> dict[str, float]:
    """The strip's balance and spending figures in today's dollars (the Summary's) or in
    future dollars; lifetime tax is always the Summary's, in today's dollars. The estate
    after heirs' tax in future dollars is each path's at the price level of its end."""
    s = result.summary
    if real:
        return {"at_retirement": s.balance_at_retirement, "terminal": s.terminal_balance,
                "legacy": s.legacy_after_tax, "spending": s.first_year_spending,
                "tax": s.lifetime_tax}
    paths = np.arange(result.n_paths)
    end_price = result.price_index[paths, result.end_index + 1]
    ret_t = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0,
                        result.n_years - 1))
    return {
        "at_retirement": s.balance_at_retirement_nominal,
        "terminal": s.terminal_balance_nominal,
        "legacy": float(np.median(result.legacy_after_tax_real * end_price)),
        "spending": float(np.median(result.flows["spending_planned"][:, ret_t])),
        "tax": s.lifetime_tax,
    }
