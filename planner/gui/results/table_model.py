"""The year-by-year table as a Qt model over ``Result.year_table`` (a pandas DataFrame)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from planner import format as fmt

RAW_ROLE = Qt.ItemDataRole.UserRole  # the unformatted number, for sorting and tests
Index = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RIGHT = int(RIGHT.value)


def is_plain_number(column: str) -> bool:
    """Years and ages are counts, not money."""
    return column == "Year" or column == "Age" or column.startswith("Age ")


def cell_text(value: float, plain: bool) -> str:
    if not math.isfinite(value):
        return "" if plain else fmt.MISSING  # an age after the person's death is blank
    return str(int(value)) if plain else fmt.money(value)


@dataclass(frozen=True)
class TableData:
    """A year table with every cell's text written, ready to show (built on a worker)."""

    frame: pd.DataFrame
    values: list[list[float]]
    texts: list[list[str]]
    plain: list[bool]
    widest: list[str]  # the longest text of each column, for its width


def table_data(frame: pd.DataFrame) -> TableData:
    values = frame.to_numpy(dtype=float).tolist() if len(frame.columns) else []
    plain = [is_plain_number(str(c)) for c in frame.columns]
    texts = [[cell_text(v, p) for v, p in zip(row, plain, strict=True)] for row in values]
    widest = [max((row[i] for row in texts), key=len, default="") for i in range(len(plain))]
    return TableData(frame, values, texts, plain, widest)


class YearTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self.table = table_data(self.frame)
        self._values: list[list[float]] = []
        self._text: list[list[str]] = []

    def set_frame(self, frame: pd.DataFrame | TableData) -> None:
        """Show a new table; every cell's text is written once, not on every paint."""
        table = frame if isinstance(frame, TableData) else table_data(frame)
        self.beginResetModel()
        self.table = table
        self.frame = table.frame
        self._values = table.values
        self._text = table.texts
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.frame.columns)

    def value(self, row: int, column: int | str) -> float:
        col = column if isinstance(column, int) else list(self.frame.columns).index(column)
        return self._values[row][col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == RAW_ROLE:
            return self._values[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return str(self.frame.columns[section])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(RIGHT.value)
        return None
