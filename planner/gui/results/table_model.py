"""The year-by-year table as a Qt model over ``Result.year_columns`` (the columns of the year
table by label: the window never needs pandas, whose import costs a third of a second)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
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

    columns: list[str]
    values: list[list[float]]
    texts: list[list[str]]
    plain: list[bool]
    widest: list[str]  # the longest text of each column, for its width


def table_data(columns: Mapping[str, np.ndarray]) -> TableData:
    """``columns``: label -> [rows] values (``Result.year_columns``)."""
    names = [str(c) for c in columns]
    values = (np.column_stack([np.asarray(v, dtype=float) for v in columns.values()]).tolist()
              if names else [])
    plain = [is_plain_number(c) for c in names]
    texts = [[cell_text(v, p) for v, p in zip(row, plain, strict=True)] for row in values]
    widest = [max((row[i] for row in texts), key=len, default="") for i in range(len(plain))]
    return TableData(names, values, texts, plain, widest)


class YearTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table_data({})
        self.columns: list[str] = []
        self._values: list[list[float]] = []
        self._text: list[list[str]] = []

    def set_table(self, table: TableData) -> None:
        """Show a new table; every cell's text is written once, not on every paint."""
        self.beginResetModel()
        self.table = table
        self.columns = table.columns
        self._values = table.values
        self._text = table.texts
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def value(self, row: int, column: int | str) -> float:
        col = column if isinstance(column, int) else self.columns.index(column)
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
                return self.columns[section]
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(RIGHT.value)
        return None
