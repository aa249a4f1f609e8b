"""A read-only table model driven by a column spec (the same spec the exports use, habit 5).

Sorting is not done here: a click on a sortable header asks the page to query again with the
column's sort key, so the database sorts (lazy tables, habit 6; no proxy sort on top).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from typing_extensions import override

from dpo_desk.domain.columns import Column
from dpo_desk.i18n import _

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

#: Data role that returns the row object itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

#: The tint of a row with a warning: light amber, readable with black text.
FLAG_COLOUR = "#fff1d6"


class ColumnTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        on_sort: Callable[[str, bool], None] | None = None,
        flagged: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._rows: list[Row] = []
        self._on_sort = on_sort
        #: Rows that need the DPO's attention (a warning) are tinted.
        self._flagged = flagged

    def set_sort_handler(self, on_sort: Callable[[str, bool], None]) -> None:
        """Who queries again when a sortable header is clicked (set once the page is built)."""
        self._on_sort = on_sort

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def columns(self) -> tuple[Column[Row], ...]:
        return self._columns

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._columns[index.column()].text(row)
            return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 30 else None
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and self._flagged and self._flagged(row):
            return QBrush(QColor(FLAG_COLOUR))
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return _(self._columns[section].header)
        return super().headerData(section, orientation, role)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._columns)) or self._on_sort is None:
            return
        key = self._columns[column].sort_key
        if key is not None:
            self._on_sort(key, order == Qt.SortOrder.DescendingOrder)

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self._columns) and self._columns[column].sort_key is not None
