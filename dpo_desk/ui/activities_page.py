"""The register of processing activities: a searchable, filterable table; the form; exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.activity import (
    LAWFUL_BASIS_LABELS,
    STATUS_LABELS,
    Activity,
    ActivityFilter,
    ActivityStatus,
    ActivitySummary,
    LawfulBasis,
    RegisterKind,
    SortKey,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.domain.timefmt import office_today
from dpo_desk.i18n import _
from dpo_desk.services.bundle import Services
from dpo_desk.services.register_columns import REGISTER_SHORT_LABELS, SUMMARY_COLUMNS
from dpo_desk.ui.activity_dialog import ActivityDialog
from dpo_desk.ui.table_model import ColumnTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import (
    export_in_background,
    filter_combo,
    menu_button,
    page_title,
    query_when_typing_pauses,
)


class ActivitiesPage(QWidget):
    """Both registers in one table; the register filter separates them."""

    key = "activities"
    changed = Signal(object)  # Changes
    #: A short message for the window's status bar.
    message = Signal(str)

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._sort = SortKey.NAME
        self._descending = False
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Register of processing activities")))

        actions = QHBoxLayout()
        self.new_button = QPushButton(_("New activity"))
        self.new_button.setToolTip(_("Describe a new processing activity (Ctrl+Shift+N)"))
        self.open_button = QPushButton(_("Open"))
        self.duplicate_button = QPushButton(_("Duplicate"))
        self.retire_button = QPushButton(_("Retire"))
        self.retire_button.setToolTip(
            _("Keep the activity for history but mark it as no longer carried out")
        )
        self.export_button = menu_button(
            _("Export"),
            [
                (
                    _("Register to Excel (all sheets)…"),
                    lambda: self.choose_export("activities", "xlsx"),
                ),
                (
                    _("Controller register to PDF…"),
                    lambda: self.choose_export("activities", "pdf"),
                ),
                (
                    _("Processor register to PDF…"),
                    lambda: self.choose_export("processor-activities", "pdf"),
                ),
            ],
        )
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setToolTip(
            _("Read activities from an Excel file: DPO Desk's export or the ICO template")
        )
        self.import_button.clicked.connect(self.choose_import)
        self.new_button.clicked.connect(self.new_activity)
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.retire_button.clicked.connect(self.retire_selected)
        for widget in (
            self.new_button,
            self.open_button,
            self.duplicate_button,
            self.retire_button,
        ):
            actions.addWidget(widget)
        actions.addStretch()
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, purposes, business function, systems…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.register_filter = filter_combo(_("Both registers"), REGISTER_SHORT_LABELS)
        self.status_filter = filter_combo(_("Any status"), STATUS_LABELS)
        self.basis_filter = filter_combo(_("Any lawful basis"), LAWFUL_BASIS_LABELS)
        self.review_due = QCheckBox(_("Review due"))
        self.special_only = QCheckBox(_("Special data"))
        self.show_retired = QCheckBox(_("Show retired"))
        for field in (self.search, self.register_filter, self.status_filter, self.basis_filter):
            filters.addWidget(field, 2 if field is self.search else 0)
        for check in (self.review_due, self.special_only, self.show_retired):
            filters.addWidget(check)
        layout.addLayout(filters)

        self.model: ColumnTableModel[ActivitySummary] = ColumnTableModel(SUMMARY_COLUMNS)
        self.table = QTableView()
        self.table.setObjectName("activitiesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        query_when_typing_pauses(self.search, self.reload)
        for combo in (self.register_filter, self.status_filter, self.basis_filter):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        for check in (self.review_due, self.special_only, self.show_retired):
            check.toggled.connect(lambda _checked: self.reload())
        open_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        open_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        open_shortcut.activated.connect(self.open_selected)
        new_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_shortcut.activated.connect(self.new_activity)
        find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_shortcut.activated.connect(self.search.setFocus)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.model.set_sort_handler(self._sort_by)
        self.reload()

    # --- querying --------------------------------------------------------------------------
    def current_filter(self) -> ActivityFilter:
        register = self.register_filter.currentData()
        status = self.status_filter.currentData()
        basis = self.basis_filter.currentData()
        return ActivityFilter(
            register=RegisterKind(register) if register else None,
            search=self.search.text(),
            status=ActivityStatus(status) if status else None,
            include_retired=self.show_retired.isChecked() or status == ActivityStatus.RETIRED,
            lawful_basis=LawfulBasis(basis) if basis else None,
            review_due_by=office_today() if self.review_due.isChecked() else None,
            special_only=self.special_only.isChecked(),
            sort=self._sort,
            descending=self._descending,
        )

    def reload(self) -> None:
        selected = self.selected_summary()
        rows = self._services.activities.summaries(self.current_filter())
        self.model.set_rows(rows)
        total = self._services.activities.count()
        self.count_label.setText(
            _("{shown} of {total} activities shown").format(shown=len(rows), total=total)
        )
        if selected is not None:
            self.select_id(selected.id)
        self._update_buttons()

    def _sort_by(self, key: str, descending: bool) -> None:
        self._sort = SortKey(key)
        self._descending = descending
        self.reload()

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.ACTIVITIES) or changes.touches(Register.CATALOGUES):
            self.reload()

    # --- selection ---------------------------------------------------------------------------
    def selected_summary(self) -> ActivitySummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def select_id(self, activity_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == activity_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _update_buttons(self) -> None:
        selected = self.selected_summary()
        for button in (self.open_button, self.duplicate_button):
            button.setEnabled(selected is not None)
        self.retire_button.setEnabled(
            selected is not None and selected.status is not ActivityStatus.RETIRED
        )

    # --- actions -----------------------------------------------------------------------------
    def _edit(self, activity: Activity) -> ActivityDialog:
        transfers = (
            self._services.transfers.rows_of_activity(activity.id, office_today())
            if activity.id is not None
            else []
        )
        dialog = ActivityDialog(
            self._services.activities,
            self._services.catalogue.entries(),
            activity,
            self,
            transfers,
        )
        dialog.accepted.connect(lambda: self._after_save(dialog))
        dialog.open()
        return dialog

    def _after_save(self, dialog: ActivityDialog) -> None:
        self.changed.emit(dialog.changes)
        self.reload()
        if dialog.saved is not None and dialog.saved.id is not None:
            self.select_id(dialog.saved.id)

    def new_activity(self) -> ActivityDialog:
        register = self.register_filter.currentData()
        return self._edit(
            Activity(register=RegisterKind(register) if register else RegisterKind.CONTROLLER)
        )

    def open_selected(self) -> ActivityDialog | None:
        selected = self.selected_summary()
        if selected is None:
            return None
        try:
            activity = self._services.activities.get(selected.id)
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot open"), str(error))
            self.reload()
            return None
        return self._edit(activity)

    def duplicate_selected(self) -> None:
        selected = self.selected_summary()
        if selected is None:
            return
        try:
            copy, changes = self._services.activities.duplicate(
                self._services.activities.get(selected.id)
            )
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot duplicate"), str(error))
            return
        self.changed.emit(changes)
        self.reload()
        if copy.id is not None:
            self.select_id(copy.id)

    def retire_selected(self) -> None:
        selected = self.selected_summary()
        if selected is None:
            return
        answer = QMessageBox.question(
            self,
            _("Retire the activity?"),
            _("“{name}” will be kept for history and marked as no longer carried out.").format(
                name=selected.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            _activity, changes = self._services.activities.retire(
                self._services.activities.get(selected.id)
            )
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot retire"), str(error))
            return
        self.changed.emit(changes)
        self.reload()

    def choose_export(self, register: str, output_format: str) -> None:
        suffix = "xlsx" if output_format == "xlsx" else "pdf"
        file_name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the register"),
            f"{register}.{suffix}",
            _("Excel workbooks (*.xlsx)") if suffix == "xlsx" else _("PDF documents (*.pdf)"),
        )
        if file_name:
            self.start_export(register, output_format, Path(file_name))

    def start_export(self, register: str, output_format: str, destination: Path) -> None:
        export_in_background(
            self._tasks,
            self._services,
            register,
            output_format,
            destination,
            self,
            self.message.emit,
        )

    def choose_import(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(
            self, _("Import activities"), "", _("Excel workbooks (*.xlsx)")
        )
        if file_name:
            self.import_file(Path(file_name))

    def import_file(self, path: Path) -> bool:
        """Shows the preview (what is created, updated, added to the catalogues, and every
        problem by sheet, row and column); writes only when there is no problem and the user
        confirms. Returns whether anything was written."""
        from dpo_desk.reports.spreadsheet import read_sheets
        from dpo_desk.services.activity_import import is_known_header

        try:
            plan = self._services.importer.plan(read_sheets(path, is_known_header))
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot import"), str(error))
            return False
        summary = _("{creates} to create, {updates} to update.").format(
            creates=plan.creates, updates=plan.updates
        )
        details = [
            _("New catalogue entry: {name}").format(name=name) for _k, name in plan.new_entries
        ]
        box = QMessageBox(self)
        box.setWindowTitle(_("Import activities"))
        if plan.problems:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(summary + "\n" + _("The file has problems; nothing was written."))
            box.setDetailedText("\n".join([*(str(p) for p in plan.problems), *details]))
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.exec()
            return False
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(summary + "\n" + _("Import now?"))
        if details:
            box.setDetailedText("\n".join(details))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        try:
            changes = self._services.importer.apply(plan)
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot import"), str(error))
            return False
        self.changed.emit(changes)
        self.reload()
        self.message.emit(_("Imported: {path}").format(path=path))
        return True

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
