"""The summary strip: the answer in words, then the headline figures in today's dollars.

Words and numbers come from ``planner.report`` (verdict, format), so the window and the PDF
say the same thing in the same way.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.core.result import Result
from planner.gui import theme
from planner.report import format as fmt
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
        self.terminal = Tile("At the end")
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
        self.terminal.set(fmt.money(figures["terminal"]), f"At the end ({result.plan.end_year})")
        self.spending.set(fmt.money(figures["spending"]))
        self.tax.set(fmt.money(figures["tax"]))
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


def headline_figures(result: Result, real: bool) -> dict[str, float]:
    """The strip's money figures in today's dollars (the Summary's) or in future dollars."""
    s = result.summary
    if real:
        return {"at_retirement": s.balance_at_retirement, "terminal": s.terminal_balance,
                "spending": s.first_year_spending, "tax": s.lifetime_tax}
    ret_t = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0,
                        result.n_years - 1))
    n = result.median_path()
    tax = result.flows["tax_federal"] + result.flows["tax_state"] + result.flows["penalty"]
    return {
        "at_retirement": s.balance_at_retirement_nominal,
        "terminal": s.terminal_balance_nominal,
        "spending": float(np.median(result.flows["spending_planned"][:, ret_t])),
        "tax": float(tax[n].sum()),
    }


def _divider() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: palette(midlight);")
    return line
