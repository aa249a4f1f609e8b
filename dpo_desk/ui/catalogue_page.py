"""The shared catalogues (data, subject and recipient categories, security measures), and the
retention schedule across the register."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.activity import (
    CATALOGUE_LABELS,
    ENISA_LABELS,
    MEASURE_KIND_LABELS,
    CatalogueEntry,
    CatalogueKind,
    EnisaDataType,
    MeasureKind,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import DpoDeskError, ValidationError
from dpo_desk.i18n import _
from dpo_desk.services.bundle import Services
from dpo_desk.services.register_columns import (
    CATALOGUE_COLUMNS,
    RETENTION_COLUMNS,
    RetentionLine,
    register_rows,
    retention_lines,
)
from dpo_desk.ui.forms import register_table
from dpo_desk.ui.table_model import ColumnTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import LazyPage, export_in_background, page_title

#: The catalogue columns that mean something for each kind of entry.
_COLUMNS_SHOWN = {
    CatalogueKind.DATA_CATEGORIES: {"name", "description", "special", "enisa"},
    CatalogueKind.SUBJECT_CATEGORIES: {"name", "description"},
    CatalogueKind.RECIPIENT_CATEGORIES: {"name", "description"},
    CatalogueKind.SECURITY_MEASURES: {"name", "description", "measure_kind"},
}


class CatalogueEntryDialog(QDialog):
    def __init__(self, entry: CatalogueEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(_(CATALOGUE_LABELS[entry.kind]))
        form = QFormLayout(self)
        self.name = QLineEdit(entry.name)
        self.description = QPlainTextEdit(entry.description)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Description"), self.description)
        self.special = QCheckBox(_("Special category (Art. 9) or criminal records (Art. 10)"))
        self.enisa = QComboBox()
        self.measure_kind = QComboBox()
        if entry.kind is CatalogueKind.DATA_CATEGORIES:
            self.special.setChecked(entry.special)
            for value, label in ENISA_LABELS.items():
                self.enisa.addItem(_(label), value)
            self.enisa.setCurrentIndex(max(self.enisa.findData(entry.enisa_type), 0))
            form.addRow("", self.special)
            form.addRow(_("ENISA data type"), self.enisa)
            self.special.toggled.connect(self._special_toggled)
        if entry.kind is CatalogueKind.SECURITY_MEASURES:
            for kind, kind_label in MEASURE_KIND_LABELS.items():
                self.measure_kind.addItem(_(kind_label), kind)
            self.measure_kind.setCurrentIndex(
                max(self.measure_kind.findData(entry.measure_kind), 0)
            )
            form.addRow(_("Kind of measure"), self.measure_kind)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _special_toggled(self, special: bool) -> None:
        # Art. 9/10 data weigh 4 in ENISA's method: suggest it, the DPO may still choose.
        if special:
            self.enisa.setCurrentIndex(self.enisa.findData(EnisaDataType.SENSITIVE))

    def edited(self) -> CatalogueEntry:
        enisa = self.enisa.currentData()
        kind = self.measure_kind.currentData()
        return replace(
            self.entry,
            name=self.name.text(),
            description=self.description.toPlainText(),
            special=self.special.isChecked(),
            enisa_type=EnisaDataType(enisa) if enisa else None,
            measure_kind=MeasureKind(kind) if kind else None,
        )


class CataloguePage(QWidget):
    """One tab per catalogue. Renaming an entry renames it in every activity (they link to it);
    deleting one in use is refused with the activities that use it."""

    key = "catalogues"
    changed = Signal(object)  # Changes

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Catalogues")))
        self.tabs = QTabWidget()
        self.models: dict[CatalogueKind, ColumnTableModel[CatalogueEntry]] = {}
        self.tables: dict[CatalogueKind, QTableView] = {}
        for kind in CatalogueKind:
            model: ColumnTableModel[CatalogueEntry] = ColumnTableModel(CATALOGUE_COLUMNS)
            table = register_table(model)
            table.doubleClicked.connect(lambda _index, k=kind: self.edit_selected(k))
            self.models[kind] = model
            self.tables[kind] = table
            for index, spec in enumerate(CATALOGUE_COLUMNS):
                table.setColumnHidden(index, spec.key not in _COLUMNS_SHOWN[kind])
            tab = QWidget()
            column = QVBoxLayout(tab)
            buttons = QHBoxLayout()
            add = QPushButton(_("Add…"))
            edit = QPushButton(_("Edit…"))
            delete = QPushButton(_("Delete"))
            add.clicked.connect(lambda _checked=False, k=kind: self.add(k))
            edit.clicked.connect(lambda _checked=False, k=kind: self.edit_selected(k))
            delete.clicked.connect(lambda _checked=False, k=kind: self.delete_selected(k))
            for button in (add, edit, delete):
                buttons.addWidget(button)
            buttons.addStretch()
            column.addLayout(buttons)
            column.addWidget(table)
            self.tabs.addTab(tab, _(CATALOGUE_LABELS[kind]))
        layout.addWidget(self.tabs, 1)
        self.reload()

    def reload(self) -> None:
        entries = self._services.catalogue.entries()
        for kind, model in self.models.items():
            model.set_rows([entry for entry in entries if entry.kind is kind])

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.CATALOGUES):
            self.reload()

    def selected(self, kind: CatalogueKind) -> CatalogueEntry | None:
        rows = self.tables[kind].selectionModel().selectedRows()
        return self.models[kind].row_at(rows[0].row()) if rows else None

    def add(self, kind: CatalogueKind) -> None:
        self._edit(CatalogueEntry(kind=kind, name=""))

    def edit_selected(self, kind: CatalogueKind) -> None:
        entry = self.selected(kind)
        if entry is not None:
            self._edit(entry)

    def _edit(self, entry: CatalogueEntry) -> None:
        dialog = CatalogueEntryDialog(entry, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                _saved, changes = self._services.catalogue.save(dialog.edited())
            except DpoDeskError as error:
                QMessageBox.warning(self, _("Not saved"), str(error))
                continue
            self.changed.emit(changes)
            self.reload()
            return

    def delete_selected(self, kind: CatalogueKind) -> None:
        entry = self.selected(kind)
        if entry is None:
            return
        answer = QMessageBox.question(
            self, _("Delete?"), _("Delete “{name}” from the catalogue?").format(name=entry.name)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = self._services.catalogue.delete(entry)
        except ValidationError as error:
            QMessageBox.warning(self, _("Cannot delete"), str(error))
            return
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot delete"), str(error))
            return
        self.changed.emit(changes)
        self.reload()


class RetentionPage(LazyPage):
    """Every retention rule across the register, by category of data: the retention schedule."""

    key = "retention"
    message = Signal(str)

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(page_title(_("Retention schedule")), 1)
        export = QPushButton(_("Export to Excel…"))
        export.clicked.connect(self.choose_export)
        header.addWidget(export)
        layout.addLayout(header)
        self.model: ColumnTableModel[RetentionLine] = ColumnTableModel(RETENTION_COLUMNS)
        self.table = register_table(self.model)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        rows = register_rows(self._services.activities.all(), self._services.catalogue.entries())
        self.model.set_rows(retention_lines(rows))
        self.table.resizeRowsToContents()

    def refresh(self, changes: Changes) -> None:
        """Reads the whole register, so it waits until the page is shown: saving an activity
        in a register of thousands must not pay for a page nobody is looking at."""
        if changes.touches(Register.ACTIVITIES) or changes.touches(Register.CATALOGUES):
            self.reload_when_shown()

    def choose_export(self) -> None:
        file_name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the retention schedule"),
            "retention.xlsx",
            _("Excel workbooks (*.xlsx)"),
        )
        if file_name:
            self.start_export(Path(file_name))

    def start_export(self, destination: Path) -> None:
        export_in_background(
            self._tasks, self._services, "retention", "xlsx", destination, self, self.message.emit
        )
