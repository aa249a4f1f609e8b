"""A register page over a lazy table: the table the requests and incidents pages share, read
a page of rows at a time, sorted and filtered by the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QWidget

from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.i18n import _
from dpo_desk.ui.table_model import ROW_ROLE, PagedTableModel
from dpo_desk.ui.widgets import LazyPage


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


Summary = TypeVar("Summary", bound=_Identified)
Record = TypeVar("Record")


class PagedPage(LazyPage, Generic[Summary]):
    """Subclasses set ``model`` and build ``table`` with ``paged_table``, and give the class
    of their rows as ``summary_type``."""

    summary_type: type
    #: The sort keys the page's rows are ordered by (a StrEnum of the domain).
    sort_type: type
    model: PagedTableModel[Summary]
    table: QTableView
    changed = Signal(object)
    message = Signal(str)

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

    def connect_table(
        self, open_selected: Callable[[], object], shortcuts: Sequence[tuple[Any, Any]]
    ) -> None:
        """Enter and a double click open the selected row; each (key, slot) of ``shortcuts``
        works anywhere on the page; a new selection updates the buttons; a header click
        sorts in the database."""
        self.table.doubleClicked.connect(lambda _index: open_selected())
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(open_selected)
        for key, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.set_sort_handler(self._sort_by)

    def _update_buttons(self) -> None:
        """Enables the page's buttons for the selection (each page has its own)."""

    def _sort_by(self, key: str, descending: bool) -> None:
        self._sort = self.sort_type(key)
        self._descending = descending
        self.requery()

    def after_save(self, dialog: Any) -> None:
        """A form saved: the registers it changed are told, the page reads again and selects
        the record, and the status bar says so."""
        self.changed.emit(dialog.changes)
        self.reload()
        if dialog.saved is not None and dialog.saved.id is not None:
            self.select_id(dialog.saved.id)
            self.message.emit(_("Saved {reference}.").format(reference=dialog.saved.reference))

    def fetch_selected(self, read: Callable[[int], Record], what: str) -> Record | None:
        """The selected row's whole record, read again; a record deleted meanwhile is said so
        (naming ``what``) and the page reads again."""
        selected = self.selected_summary()
        if selected is None:
            return None
        try:
            return read(selected.id)
        except DpoDeskError as error:
            QMessageBox.warning(self, what, str(error))
            self.reload()
            return None

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
