"""The summary strip: the answer in words, then the headline figures in today's dollars.

Words and numbers come from ``planner.report`` (verdict, format), so the window and the PDF
say the same thing in the same way.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner import format as fmt
from planner.core.result import Result
from planner.gui import theme
from planner.report.verdict import verdict

CAPTION_STYLE = "color: palette(placeholder-text); font-size: 11px;"


class Tile(QFrame):
    """A caption over a value."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 2, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def set(self, value: str, caption: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)


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
        self.headline = QLabel("Computing…")
        self.headline.setAccessibleName("Verdict")
        self.sentence = QLabel("")
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

        self.success = Tile("Success rate")
        self.at_retirement = Tile("At retirement")
        self.terminal = Tile("Estate at the last death")
        self.spending = Tile("Spending, year 1")
        self.tax = Tile("Lifetime taxes")
        self.tiles = [self.success, self.at_retirement, self.terminal, self.spending, self.tax]

        # The answer in words across the top, the figures in a row under it.
        figures = QHBoxLayout()
        figures.setContentsMargins(2, 0, 2, 4)
        figures.setSpacing(0)
        self.dividers: list[QFrame] = []
        for k, tile in enumerate(self.tiles):
            if k:
                self.dividers.append(_divider())
                figures.addWidget(self.dividers[-1])
            figures.addWidget(tile, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(answer)
        column.addLayout(figures)

    def show_result(self, result: Result, real: bool = True) -> None:
        s = result.summary
        v = verdict(result)
        self.headline.setText(v.headline)
        self._ok = v.ok
        self._paint_headline()
        dollars = "today's dollars" if real else "future dollars (of each year)"
        self.sentence.setText(f"{v.sentence} Amounts in {dollars}.")
        self.success.setVisible(result.n_paths > 1)
        self.dividers[0].setVisible(result.n_paths > 1)
        self.success.set(fmt.pct(s.success_rate))
        figures = headline_figures(result, real)
        self.at_retirement.set(
            fmt.money(figures["at_retirement"]), f"At retirement ({s.retirement_year})"
        )
        self.terminal.set(fmt.money(figures["terminal"]), estate_caption(result))
        self.terminal.setToolTip(
            "What the accounts hold at the end of the year of the last death"
            + (", the median over paths (each path draws its own ages at death)."
               if result.deaths_drawn else "."))
        self.spending.set(fmt.money(figures["spending"]))
        # One source: the Summary's lifetime tax, a sum over the years in today's dollars
        # (a sum of future dollars of different years would mean little).
        self.tax.set(fmt.money(s.lifetime_tax),
                     "Lifetime taxes, incl. payroll" + ("" if real else " (today's $)"))
        self.tax.setToolTip("Federal and state income tax, payroll and self-employment tax "
                            "and early-withdrawal penalties, summed over the plan in today's "
                            "dollars" + (" (median over paths)." if result.n_paths > 1 else "."))
        for tile in self.tiles:
            tile.setAccessibleName(f"{tile.caption.text()}: {tile.value.text()}")

    def set_stale(self, stale: bool) -> None:
        self._stale = stale
        self.setEnabled(not stale)
        self._paint_headline()

    def _paint_headline(self) -> None:
        color = "palette(placeholder-text)" if self._stale else theme.color(
            "ok" if self._ok else "warn")
        self.headline.setStyleSheet(f"font-size: 19px; font-weight: 600; color: {color};")

    def texts(self) -> dict[str, str]:
        """What the strip shows, by caption (for tests and accessibility)."""
        out = {"headline": self.headline.text()}
        for tile in self.tiles:
            out[tile.caption.text()] = tile.value.text()
        return out


def estate_caption(result: Result) -> str:
    if result.deaths_drawn:
        return "Estate at the last death (median)"
    last = int(result.years[int(result.end_index[0])])
    return f"Estate at the last death ({last})"


def headline_figures(result: Result, real: bool) -> dict[str, float]:
    """The strip's balance and spending figures in today's dollars (the Summary's) or in
    future dollars; lifetime tax is always the Summary's, in today's dollars."""
    s = result.summary
    if real:
        return {"at_retirement": s.balance_at_retirement, "terminal": s.terminal_balance,
                "spending": s.first_year_spending, "tax": s.lifetime_tax}
    ret_t = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0,
                        result.n_years - 1))
    return {
        "at_retirement": s.balance_at_retirement_nominal,
        "terminal": s.terminal_balance_nominal,
        "spending": float(np.median(result.flows["spending_planned"][:, ret_t])),
        "tax": s.lifetime_tax,
    }


def _divider() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: palette(midlight);")
    return line
