"""The summary's figures side by side, in one row when the width allows, else in two.

Six figures need about 800 pixels in one row; with the editor beside them that is more than a
1280-pixel screen leaves. Rather than push the window wider than the screen (or cut the
captions), the row folds into two rows of three below that width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLayout, QWidget

MARGINS = (2, 0, 2, 4)


class FigureRow(QWidget):
    def __init__(self, tiles: Sequence[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = list(tiles)
        self.shown = [True] * len(self.tiles)
        self.dividers = [divider() for _ in self.tiles]  # the one left of each tile
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(*MARGINS)
        self.grid.setSpacing(0)
        # The grid must not hold the widget at its one-row width: this widget decides.
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.columns = 0
        self.place(len(self.tiles))

    # ----- which tiles, how many columns
    def set_shown(self, tile: QWidget, shown: bool) -> None:
        k = self.tiles.index(tile)
        if self.shown[k] != shown:
            self.shown[k] = shown
            self.place(self.columns_for(self.width()), force=True)

    def visible(self) -> list[QWidget]:
        return [t for t, s in zip(self.tiles, self.shown, strict=True) if s]

    def width_of(self, row: list[QWidget]) -> int:
        gaps = sum(d.sizeHint().width() for d in self.dividers[: max(len(row) - 1, 0)])
        return sum(t.minimumSizeHint().width() for t in row) + gaps + MARGINS[0] + MARGINS[2]

    def columns_for(self, width: int) -> int:
        tiles = self.visible()
        if not tiles or width >= self.width_of(tiles):
            return max(len(tiles), 1)
        return max(math.ceil(len(tiles) / 2), 1)

    def place(self, columns: int, force: bool = False) -> None:
        if columns == self.columns and not force:
            return
        self.columns = columns
        for widget in (*self.tiles, *self.dividers):
            self.grid.removeWidget(widget)
            widget.hide()
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 0)
        for k, tile in enumerate(self.visible()):
            row, col = divmod(k, columns)
            if col:
                line = self.dividers[k]
                self.grid.addWidget(line, row, 2 * col - 1)
                line.show()
            self.grid.addWidget(tile, row, 2 * col)
            self.grid.setColumnStretch(2 * col, 1)
            tile.show()
        self.updateGeometry()  # one row or two: the strip's height changes

    # ----- Qt
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.place(self.columns_for(event.size().width()))
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        tiles = self.visible()
        half = math.ceil(len(tiles) / 2)
        width = max(self.width_of(tiles[:half]), self.width_of(tiles[half:]))
        return QSize(width, self.grid.minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self.width_of(self.visible()), self.grid.sizeHint().height())


def divider() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: palette(midlight);")
    return line
