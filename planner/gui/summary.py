"""The summary strip: the answer in words, then the headline figures in today's dollars.

Words and numbers come from ``planner.report`` (verdict, format), so the window and the PDF
say the same thing in the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.core.result import Result
from planner.report import format as fmt
from planner.report.verdict import verdict

OK_COLOR = "#2e6b3a"
WARN_COLOR = "#9a4a00"
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
        layout.setContentsMargins(12, 8, 12, 8)
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
        self._color = OK_COLOR
        self.headline = QLabel("Computing…")
        self.headline.setWordWrap(True)
        self.headline.setMinimumWidth(200)
        self.sentence = QLabel("")
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet(CAPTION_STYLE)
        answer = QVBoxLayout()
        answer.setContentsMargins(14, 8, 14, 8)
        answer.setSpacing(2)
        answer.addWidget(self.headline)
        answer.addWidget(self.sentence)

        self.success = Tile("Success rate")
        self.at_retirement = Tile("At retirement")
        self.terminal = Tile("At the end")
        self.spending = Tile("Spending, year 1")
        self.tax = Tile("Lifetime taxes")
        self.tiles = [self.success, self.at_retirement, self.terminal, self.spending, self.tax]

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addLayout(answer, 3)
        self.dividers: list[QFrame] = []
        for tile in self.tiles:
            self.dividers.append(_divider())
            row.addWidget(self.dividers[-1])
            row.addWidget(tile, 0)

    def show_result(self, result: Result) -> None:
        s = result.summary
        v = verdict(result)
        self.headline.setText(v.headline)
        self._color = OK_COLOR if v.ok else WARN_COLOR
        self._paint_headline()
        self.sentence.setText(v.sentence + " Amounts in today's dollars.")
        self.success.setVisible(result.n_paths > 1)
        self.dividers[0].setVisible(result.n_paths > 1)
        self.success.set(fmt.pct(s.success_rate))
        self.at_retirement.set(
            fmt.money(s.balance_at_retirement), f"At retirement ({s.retirement_year})"
        )
        self.terminal.set(fmt.money(s.terminal_balance), f"At the end ({result.plan.end_year})")
        self.spending.set(fmt.money(s.first_year_spending))
        self.tax.set(fmt.money(s.lifetime_tax))

    def set_stale(self, stale: bool) -> None:
        self._stale = stale
        self.setEnabled(not stale)
        self._paint_headline()

    def _paint_headline(self) -> None:
        color = "palette(placeholder-text)" if self._stale else self._color
        self.headline.setStyleSheet(f"font-size: 19px; font-weight: 600; color: {color};")

    def texts(self) -> dict[str, str]:
        """What the strip shows, by caption (for tests and accessibility)."""
        out = {"headline": self.headline.text()}
        for tile in self.tiles:
            out[tile.caption.text()] = tile.value.text()
        return out


def _divider() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: palette(midlight);")
    return line
