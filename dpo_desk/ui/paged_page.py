"""A register page over a lazy table: the table the requests and incidents pages share, read
a page of rows at a time, sorted and filtered by the database."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from dpo_desk.i18n import _
from dpo_desk.ui.table_model import ROW_ROLE, PagedTableModel
from dpo_desk.ui.widgets import LazyPage


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


Summary = TypeVar("Summary", bound=_Identified)


class PagedPage(LazyPage, Generic[Summary]):
    """Subclasses set ``model`` and build ``table`` with ``paged_table``, and give the class
    of their rows as ``summary_type``."""

    summary_type: type
    model: PagedTableModel[Summary]
    table: QTableView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paged_table(
        self,
        name: str,
        sorted_by: str,
        order: Qt.SortOrder,
        stretch: str,
        character_width: int = 8,
    ) -> QTableView:
        """The table over ``self.model``: whole rows selected one at a time, sorted by the
        column ``sorted_by``, the column ``stretch`` taking what the window leaves."""
        table = QTableView()
        table.setObjectName(name)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        keys = [column.key for column in self.model.columns()]
        table.horizontalHeader().setSortIndicator(keys.index(sorted_by), order)
        table.setSortingEnabled(True)
        header = table.horizontalHeader()
        # Fixed widths: measuring the contents would read every page of the register.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for index, column in enumerate(self.model.columns()):
            heading = metrics.horizontalAdvance(_(column.header)) + 28  # and the sort arrow
            table.setColumnWidth(index, max(column.width * character_width, heading))
        header.setSectionResizeMode(keys.index(stretch), QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        return table

    def requery(self) -> None:
        """A new filter or order starts at the top (reading the page at the old scroll position
        of another query would cost a deep OFFSET for nothing)."""
        self.table.scrollToTop()
        self.reload()

    def selected_summary(self) -> Summary | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows:
            return None
        row = rows[0].data(ROW_ROLE)
        return cast("Summary", row) if isinstance(row, self.summary_type) else None

    def select_id(self, record_id: int) -> None:
        """Selects the record when it is among the rows already read (a saved record is
        usually on the first page; the page never reads the whole register to find one)."""
        for row in range(min(self.model.total(), self.model.loaded_rows())):
            found = self.model.row_at(row)
            if found is not None and found.id == record_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return
