"""The year-by-year table as a Qt model over ``Result.year_table`` (a pandas DataFrame)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from planner.report import format as fmt

RAW_ROLE = Qt.ItemDataRole.UserRole  # the unformatted number, for sorting and tests
Index = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def is_plain_number(column: str) -> bool:
    """Years and ages are counts, not money."""
    return column == "Year" or column == "Age" or column.startswith("Age ")


class YearTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self._values: list[list[float]] = []
        self._plain: list[bool] = []

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame
        self._values = frame.to_numpy(dtype=float).tolist() if len(frame.columns) else []
        self._plain = [is_plain_number(str(c)) for c in frame.columns]
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
        value = self._values[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if not math.isfinite(value):
                return fmt.MISSING
            if self._plain[index.column()]:
                return str(int(value))
            return fmt.money(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT.value)
        if role == RAW_ROLE:
            return value
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
