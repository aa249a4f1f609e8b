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


class _ColumnModel(QAbstractTableModel, Generic[Row]):
    """What both table models share: the columns, their headers, read-only cells, and the
    sort that asks the page to query again."""

    def __init__(
        self, columns: Sequence[Column[Row]], on_sort: Callable[[str, bool], None] | None
    ) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._on_sort = on_sort

    def set_sort_handler(self, on_sort: Callable[[str, bool], None]) -> None:
        """Who queries again when a sortable header is clicked (set once the page is built)."""
        self._on_sort = on_sort

    def columns(self) -> tuple[Column[Row], ...]:
        return self._columns

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self._columns) and self._columns[column].sort_key is not None

    def _text(self, row: Row, column: int, role: int) -> str | None:
        """The cell's text, and as its tooltip when it is long enough to be cut off."""
        text = self._columns[column].text(row)
        return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 30 else None

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

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


class ColumnTableModel(_ColumnModel[Row]):
    """A table of rows held in memory (registers of hundreds or a few thousand rows)."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        on_sort: Callable[[str, bool], None] | None = None,
        flagged: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__(columns, on_sort)
        self._rows: list[Row] = []
        #: Rows that need the DPO's attention (a warning) are tinted.
        self._flagged = flagged

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column(), role)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and self._flagged and self._flagged(row):
            return QBrush(QColor(FLAG_COLOUR))
        return None


#: The tint of a row past its deadline: light red, readable with black text.
OVERDUE_COLOUR = "#fbd9d3"


class PagedTableModel(_ColumnModel[Row]):
    """A read-only table over a register too large to hold (100,000 requests): it keeps the
    row count and the pages of rows the view has asked for, and reads a missing page from the
    database when a row of it is drawn (ARCHITECTURE.md habit 6). Sorting and filtering are
    the database's: the page calls ``reset`` with a new query."""

    #: Rows read at a time: a screenful many times over, a few milliseconds to read.
    PAGE_SIZE = 200
    #: Pages kept; older ones are read again when scrolled back to.
    KEPT_PAGES = 20

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        fetch: Callable[[int, int], list[Row]],
        count: Callable[[], int],
        on_sort: Callable[[str, bool], None] | None = None,
        tint: Callable[[Row], str | None] | None = None,
    ) -> None:
        super().__init__(columns, on_sort)
        #: (offset, limit) -> rows; the count is read only on reset: counting a search over
        #: 100,000 requests costs more than reading a page, and scrolling reads many pages.
        self._fetch = fetch
        self._count = count
        self._tint = tint
        self._total = 0
        self._pages: dict[int, list[Row]] = {}

    def set_columns(self, columns: Sequence[Column[Row]]) -> None:
        """New column texts (the days left change at midnight); the rows are read again."""
        self._columns = tuple(columns)
        self.reset()

    def retext(self, columns: Sequence[Column[Row]]) -> None:
        """New column texts over the rows already read (a clock moving on): redrawn, not
        read again."""
        self._columns = tuple(columns)
        if self._total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._total - 1, len(self._columns) - 1)
            )

    def reset(self) -> None:
        """Reads the count and the first page again (after a filter, a sort or a change)."""
        self.beginResetModel()
        self._pages.clear()
        self._total = self._count()
        self._pages[0] = self._fetch(0, self.PAGE_SIZE)
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> Row | None:
        """The row at ``row``, reading its page when needed; None past the end (the register
        shrank since the count was read)."""
        number, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number * self.PAGE_SIZE, self.PAGE_SIZE)
            if len(self._pages) >= self.KEPT_PAGES:
                farthest = max(self._pages, key=lambda kept: abs(kept - number))
                del self._pages[farthest]
            self._pages[number] = page
        return page[offset] if offset < len(page) else None

    def loaded_rows(self) -> int:
        return sum(len(page) for page in self._pages.values())

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._total):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            ROW_ROLE,
        ):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column(), role)
        if role == ROW_ROLE:
            return row
        colour = self._tint(row) if self._tint else None
        return QBrush(QColor(colour)) if colour else None
