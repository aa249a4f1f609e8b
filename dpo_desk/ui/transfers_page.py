"""The registers of recipients and of transfers to third countries: tables with warnings, the
forms, and their exports."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.activity import (
    STATUS_LABELS,
    ActivityFilter,
    ActivityStatus,
    CatalogueKind,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import DpoDeskError, ValidationError
from dpo_desk.domain.timefmt import office_today
from dpo_desk.domain.transfer import (
    DEROGATION_LABELS,
    DPF_COUNTRY,
    RECIPIENT_ROLE_LABELS,
    SAFEGUARD_TOOLS,
    SCC_MODULE_LABELS,
    TIA_OUTCOME_LABELS,
    TOOL_LABELS,
    AdequacyScope,
    Derogation,
    Recipient,
    RecipientRole,
    TiaOutcome,
    Transfer,
    TransferTool,
    normalise_recipient,
    normalise_transfer,
)
from dpo_desk.i18n import N_, _
from dpo_desk.services.bundle import Services
from dpo_desk.services.destinations import destination_name
from dpo_desk.services.transfer_columns import (
    RECIPIENT_COLUMNS,
    TRANSFER_COLUMNS,
    adequacy_text,
)
from dpo_desk.services.transfers import RecipientRow, TransferRow
from dpo_desk.ui.forms import (
    Checklist,
    FormDialog,
    combo,
    date_edit,
    date_value,
    form_tab,
    register_table,
    text_edit,
)
from dpo_desk.ui.table_model import ColumnTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import (
    CountryComboBox,
    LazyPage,
    export_in_background,
    menu_button,
    page_title,
)

RowT = TypeVar("RowT")


def _activity_items(services: Services) -> list[tuple[int | None, str, str]]:
    """The activities to tick, by name: read as the register table reads them (columns, not
    whole activities: a register of thousands opens the form at once); retired ones marked."""
    items: list[tuple[int | None, str, str]] = []
    for summary in services.activities.summaries(ActivityFilter()):
        retired = summary.status is ActivityStatus.RETIRED
        label = summary.name + (f" ({_(STATUS_LABELS[summary.status])})" if retired else "")
        items.append((summary.id, label, summary.owner))
    return items


class DocumentField(QWidget):
    """A document of a record (a signed agreement, clauses, a TIA): its file name, Attach… and
    Remove. A chosen file is stored only when the record is saved, and a replaced or removed
    document is deleted only after that save succeeded: a cancelled form leaves no file behind.
    """

    def __init__(self, services: Services, document_id: int | None, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._original = document_id
        self._pending: Path | None = None
        self._removed = False
        self._added: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        attach = QPushButton(_("Attach…"))
        attach.clicked.connect(self.choose)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(self.remove)
        row.addWidget(self.label, 1)
        row.addWidget(attach)
        row.addWidget(remove)
        self._original_name = ""
        if document_id is not None:
            try:
                self._original_name = services.attachments.get(document_id).file_name
            except DpoDeskError:
                self._original = None
        self._show()

    def _show(self) -> None:
        if self._pending is not None:
            self.label.setText(_("{name} (stored when you save)").format(name=self._pending.name))
        elif self._original is not None and not self._removed:
            self.label.setText(self._original_name)
        else:
            self.label.setText(_("No document attached"))

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Attach a document"))
        if name:
            self.attach(Path(name))

    def attach(self, path: Path) -> None:
        self._pending = path
        self._show()

    def remove(self) -> None:
        self._pending = None
        self._removed = True
        self._show()

    def has_document(self) -> bool:
        return self._pending is not None or self.current_id() is not None

    def is_changed(self) -> bool:
        return self._pending is not None or (self._removed and self._original is not None)

    def current_id(self) -> int | None:
        """The stored document the record refers to while nothing is saved yet."""
        return None if self._removed or self._pending else self._original

    def store(self) -> int | None:
        """Stores a chosen file (raises ValidationError naming it when it cannot be read or is
        too large) and returns the id the record should refer to."""
        if self._pending is not None:
            attachment, _changes = self._services.attachments.add_file(self._pending)
            self._added = attachment.id
            return attachment.id
        return self.current_id()

    def finish(self, referenced: set[int | None], saved: bool) -> None:
        """After the save (or its failure): deletes the stored files no record refers to."""
        unused = [self._added] if not saved or self._added not in referenced else []
        # The previous document goes only when the user removed or replaced it.
        replaced = self._removed or self._pending is not None
        if saved and replaced and self._original is not None and self._original not in referenced:
            unused.append(self._original)
        for document_id in unused:
            if document_id is None:
                continue
            # Still referred to elsewhere (the database refuses), or already gone: left as it is.
            with contextlib.suppress(DpoDeskError):
                self._services.attachments.delete(self._services.attachments.get(document_id))
        if saved:
            self._original, self._pending, self._removed = (
                self._added or self.current_id(),
                None,
                False,
            )
        self._added = None


def _save_with_documents(
    documents: Sequence[DocumentField],
    write: Callable[[list[int | None]], tuple[Changes, set[int | None]]],
) -> Changes:
    """Stores the chosen files, then the record through ``write`` (given the documents' ids;
    returns the changes and the ids the saved record refers to); a failure removes the files
    just stored, a success the ones the record no longer uses."""
    try:
        ids = [document.store() for document in documents]
        changes, referenced = write(ids)
    except BaseException:
        for document in documents:
            document.finish(set(), saved=False)
        raise
    for document in documents:
        document.finish(referenced, saved=True)
    return changes


class RecipientDialog(FormDialog):
    """One recipient: who, where, which activities disclose to it; for processors the Art. 28
    agreement and the processor that engaged a sub-processor; for US recipients the DPF."""

    def __init__(
        self, services: Services, recipient: Recipient, parent: QWidget | None = None
    ) -> None:
        super().__init__(recipient.name or _("New recipient"), parent)
        self._services = services
        self._recipient = recipient
        self.saved: Recipient | None = None
        self.resize(760, 640)
        tabs = QTabWidget()
        self.layout_.addWidget(tabs, 1)

        general, form = form_tab()
        self.name = QLineEdit(recipient.name)
        self.role = combo(RECIPIENT_ROLE_LABELS, recipient.role)
        self.country = CountryComboBox(allow_empty=True)
        self.country.set_code(recipient.country_code)
        self.description = text_edit(recipient.description, 2)
        self.contact = text_edit(recipient.contact, 2)
        self.dpo_contact = text_edit(recipient.dpo_contact, 2)
        self.notes = text_edit(recipient.notes, 3)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Country"), self.country)
        form.addRow(_("What they do"), self.description)
        form.addRow(_("Contact"), self.contact)
        form.addRow(_("DPO contact"), self.dpo_contact)
        form.addRow(_("Notes"), self.notes)
        tabs.addTab(general, _("General"))

        activities = QWidget()
        column = QVBoxLayout(activities)
        column.addWidget(QLabel(_("The processing activities that disclose personal data to it")))
        self.activities = Checklist(
            _activity_items(services),
            recipient.activity_ids,
        )
        column.addWidget(self.activities)
        tabs.addTab(activities, _("Processing activities"))

        contract, form = form_tab()
        self.processor = QComboBox()
        self.processor.addItem("—", None)
        for other in services.recipients.all():
            if other.is_processor and other.id != recipient.id:
                self.processor.addItem(other.name, other.id)
        self.processor.setCurrentIndex(max(self.processor.findData(recipient.processor_id), 0))
        self.agreement_signed_on = date_edit(recipient.agreement_signed_on)
        self.agreement_review_on = date_edit(recipient.agreement_review_on)
        self.agreement_document = DocumentField(services, recipient.agreement_document_id, self)
        self.dpf_certified = QCheckBox(
            _("Certified under the EU-US Data Privacy Framework (on the DPF list)")
        )
        self.dpf_certified.setChecked(recipient.dpf_certified)
        self.dpf_checked_on = date_edit(recipient.dpf_checked_on)
        form.addRow(_("Engaged by processor"), self.processor)
        form.addRow(_("Agreement signed (Art. 28(3))"), self.agreement_signed_on)
        form.addRow(_("Agreement review date"), self.agreement_review_on)
        form.addRow(_("Signed agreement"), self.agreement_document)
        form.addRow("", self.dpf_certified)
        form.addRow(_("DPF certification checked"), self.dpf_checked_on)
        self._contract_form = form
        tabs.addTab(contract, _("Agreement and certification"))

        self._fields = {
            "name": self.name,
            "role": self.role,
            "country_code": self.country,
            "processor_id": self.processor,
            "agreement_signed_on": self.agreement_signed_on,
            "agreement_review_on": self.agreement_review_on,
            "dpf_checked_on": self.dpf_checked_on,
        }
        self.role.currentIndexChanged.connect(self._update_rows)
        self.country.currentIndexChanged.connect(self._update_rows)
        self._finish_layout()
        self._update_rows()

    def _update_rows(self) -> None:
        role = RecipientRole(self.role.currentData())
        processor = role in (RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR)
        form = self._contract_form
        form.setRowVisible(self.processor, role is RecipientRole.SUB_PROCESSOR)
        for widget in (self.agreement_signed_on, self.agreement_review_on):
            form.setRowVisible(widget, processor)
        # A signed agreement stays visible (and removable) whatever the role becomes.
        form.setRowVisible(
            self.agreement_document, processor or self.agreement_document.has_document()
        )
        us = self.country.code() == "US"
        form.setRowVisible(self.dpf_certified, us)
        form.setRowVisible(self.dpf_checked_on, us)

    def recipient_from_form(self) -> Recipient:
        return replace(
            self._recipient,
            name=self.name.text(),
            role=RecipientRole(self.role.currentData()),
            country_code=self.country.code(),
            description=self.description.toPlainText(),
            contact=self.contact.toPlainText(),
            dpo_contact=self.dpo_contact.toPlainText(),
            notes=self.notes.toPlainText(),
            activity_ids=self.activities.chosen(),
            processor_id=self.processor.currentData(),
            agreement_signed_on=date_value(self.agreement_signed_on),
            agreement_review_on=date_value(self.agreement_review_on),
            agreement_document_id=self.agreement_document.current_id(),
            dpf_certified=self.dpf_certified.isChecked(),
            dpf_checked_on=date_value(self.dpf_checked_on),
        )

    @override
    def _write(self) -> Changes:
        def write(ids: list[int | None]) -> tuple[Changes, set[int | None]]:
            recipient = replace(self.recipient_from_form(), agreement_document_id=ids[0])
            self.saved, changes = self._services.recipients.save(recipient)
            return changes, {self.saved.agreement_document_id}

        return _save_with_documents([self.agreement_document], write)

    @override
    def _is_edited(self) -> bool:
        return self.agreement_document.is_changed() or normalise_recipient(
            self.recipient_from_form()
        ) != normalise_recipient(self._recipient)


def _destination_combo(services: Services, current: str) -> QComboBox:
    """The destinations outside the EEA (countries and international organisations), each
    marked when an adequacy decision is in force for it."""
    box = QComboBox()
    box.addItem("—", "")
    today = office_today()
    for destination in services.destinations.destinations():
        if destination.eea and destination.code != current:
            continue
        name = destination_name(destination)
        adequacy = destination.adequacy_in_force(today)
        if adequacy is not None:
            name += " — " + (
                _("adequacy (partial)") if adequacy.scope.value == "partial" else _("adequacy")
            )
        box.addItem(name, destination.code)
    box.setCurrentIndex(max(box.findData(current), 0))
    return box


class TransferDialog(FormDialog):
    """One transfer: recipient, destination, activities, data categories, the tool with what it
    needs (SCC module, Art. 49 ground and assessment), the TIA; warnings shown as they arise."""

    def __init__(
        self, services: Services, transfer: Transfer, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Transfer") if transfer.id else _("New transfer"), parent)
        self._services = services
        self._transfer = transfer
        self.saved: Transfer | None = None
        self.resize(820, 700)
        self.warnings = QLabel()
        self.warnings.setObjectName("transferWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "background: #fff1d6; color: #5c3b00; border: 1px solid #d99a00; padding: 6px;"
        )
        self.layout_.addWidget(self.warnings)
        tabs = QTabWidget()
        self.layout_.addWidget(tabs, 1)

        general, form = form_tab()
        self.recipient = QComboBox()
        self.recipient.addItem("—", None)
        self._recipients = {r.id: r for r in services.recipients.all()}
        for recipient in self._recipients.values():
            self.recipient.addItem(recipient.name, recipient.id)
        self.recipient.setCurrentIndex(max(self.recipient.findData(transfer.recipient_id), 0))
        self.destination = _destination_combo(services, transfer.country_code)
        self.adequacy = QLabel()
        self.adequacy.setWordWrap(True)
        self.adequacy.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.adequacy.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.description = text_edit(transfer.description, 2)
        self.notes = text_edit(transfer.notes, 2)
        form.addRow(_("Recipient"), self.recipient)
        form.addRow(_("Destination"), self.destination)
        form.addRow(_("Adequacy of the destination"), self.adequacy)
        self.scope_checked_on = date_edit(transfer.scope_checked_on)
        self.scope_checked_on.setToolTip(
            _(
                "A partial decision covers some recipients only: record the day you checked "
                "that this one is covered."
            )
        )
        form.addRow(_("Within the decision's scope, checked"), self.scope_checked_on)
        self._general_form = form
        form.addRow(_("What is transferred and why"), self.description)
        form.addRow(_("Notes"), self.notes)
        tabs.addTab(general, _("General"))

        links = QWidget()
        column = QVBoxLayout(links)
        column.addWidget(QLabel(_("Processing activities the data come from")))
        self.activities = Checklist(
            _activity_items(services),
            transfer.activity_ids,
        )
        column.addWidget(self.activities, 1)
        column.addWidget(QLabel(_("Categories of personal data transferred")))
        self.data_categories = Checklist(
            (
                (e.id, e.name, e.description)
                for e in services.catalogue.entries(CatalogueKind.DATA_CATEGORIES)
            ),
            transfer.data_category_ids,
        )
        column.addWidget(self.data_categories, 1)
        tabs.addTab(links, _("Activities and data"))

        tool_tab, form = form_tab()
        self.tool = combo(TOOL_LABELS, transfer.tool, allow_none=True)
        self.scc_module = combo(SCC_MODULE_LABELS, transfer.scc_module, allow_none=True)
        self.tool_reference = QLineEdit(transfer.tool_reference)
        self.tool_signed_on = date_edit(transfer.tool_signed_on)
        self.tool_document = DocumentField(services, transfer.tool_document_id, self)
        self.derogation = combo(DEROGATION_LABELS, transfer.derogation, allow_none=True)
        self.derogation_assessment = text_edit(transfer.derogation_assessment, 4)
        self.authority_informed_on = date_edit(transfer.authority_informed_on)
        self.subjects_informed_on = date_edit(transfer.subjects_informed_on)
        form.addRow(_("Transfer tool"), self.tool)
        form.addRow(_("SCC module"), self.scc_module)
        form.addRow(_("Reference (approval, code, certificate)"), self.tool_reference)
        form.addRow(_("Signed or approved"), self.tool_signed_on)
        form.addRow(_("Document"), self.tool_document)
        form.addRow(_("Art. 49 ground"), self.derogation)
        form.addRow(_("Documented assessment"), self.derogation_assessment)
        form.addRow(_("Supervisory authority informed"), self.authority_informed_on)
        form.addRow(_("Data subjects informed"), self.subjects_informed_on)
        self._tool_form = form
        tabs.addTab(tool_tab, _("Transfer tool"))

        tia_tab, form = form_tab()
        self.tia_assessed_on = date_edit(transfer.tia_assessed_on)
        self.tia_outcome = combo(TIA_OUTCOME_LABELS, transfer.tia_outcome, allow_none=True)
        self.tia_measures = text_edit(transfer.tia_measures, 4)
        self.tia_review_on = date_edit(transfer.tia_review_on)
        self.tia_document = DocumentField(services, transfer.tia_document_id, self)
        form.addRow(_("TIA date"), self.tia_assessed_on)
        form.addRow(_("TIA outcome"), self.tia_outcome)
        form.addRow(_("Supplementary measures"), self.tia_measures)
        form.addRow(_("TIA next review"), self.tia_review_on)
        form.addRow(_("TIA document"), self.tia_document)
        self._tia_tab = tia_tab
        self._tabs = tabs
        tabs.addTab(tia_tab, _("Impact assessment"))

        self._fields = {
            "recipient_id": self.recipient,
            "country_code": self.destination,
            "activity_ids": self.activities,
            "tool": self.tool,
            "scc_module": self.scc_module,
            "derogation": self.derogation,
            "derogation_assessment": self.derogation_assessment,
            "tia_outcome": self.tia_outcome,
            "tia_assessed_on": self.tia_assessed_on,
            "tia_review_on": self.tia_review_on,
            "tia_measures": self.tia_measures,
        }
        for box in (self.recipient, self.destination, self.tool, self.derogation, self.tia_outcome):
            box.currentIndexChanged.connect(self._update)
        for edit in (
            self.tia_review_on,
            self.tia_assessed_on,
            self.authority_informed_on,
            self.subjects_informed_on,
            self.scope_checked_on,
        ):
            edit.dateChanged.connect(self._update)
        self.activities.itemChanged.connect(self._update)
        self._finish_layout()
        self._update()

    def _update(self) -> None:
        """Shows the fields the tool needs and the warnings of the transfer as it stands."""
        tool = TransferTool(self.tool.currentData()) if self.tool.currentData() else None
        form = self._tool_form
        safeguards = tool in SAFEGUARD_TOOLS
        derogation = tool is TransferTool.DEROGATION
        form.setRowVisible(self.scc_module, tool is TransferTool.SCC)
        for widget in (self.tool_reference, self.tool_signed_on):
            form.setRowVisible(widget, safeguards)
        form.setRowVisible(self.tool_document, safeguards or self.tool_document.has_document())
        form.setRowVisible(self.derogation, derogation)
        form.setRowVisible(self.derogation_assessment, derogation)
        compelling = derogation and self.derogation.currentData() == (
            Derogation.COMPELLING_INTERESTS.value
        )
        form.setRowVisible(self.authority_informed_on, compelling)
        form.setRowVisible(self.subjects_informed_on, compelling)
        self._tabs.setTabEnabled(
            self._tabs.indexOf(self._tia_tab), safeguards or self.tia_document.has_document()
        )
        destination = self._services.destinations.get(str(self.destination.currentData() or ""))
        self.adequacy.setText(adequacy_text(destination) if destination else "—")
        decision = destination.adequacy_in_force(office_today()) if destination else None
        self._general_form.setRowVisible(
            self.scope_checked_on,
            decision is not None
            and decision.scope is AdequacyScope.PARTIAL
            and destination is not None
            and destination.code != DPF_COUNTRY
            and tool in (None, TransferTool.ADEQUACY),
        )
        try:
            warnings = self._services.transfers.warnings(self.transfer_from_form(), office_today())
        except DpoDeskError:
            warnings = []
        self.warnings.setText("\n".join(f"⚠ {w.message}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def transfer_from_form(self) -> Transfer:
        def value(box: QComboBox, kind: Any) -> Any:
            data = box.currentData()
            return kind(data) if data not in (None, "") else None

        return replace(
            self._transfer,
            recipient_id=self.recipient.currentData(),
            country_code=str(self.destination.currentData() or ""),
            description=self.description.toPlainText(),
            notes=self.notes.toPlainText(),
            activity_ids=self.activities.chosen(),
            data_category_ids=self.data_categories.chosen(),
            tool=value(self.tool, TransferTool),
            scc_module=self.scc_module.currentData(),
            tool_reference=self.tool_reference.text(),
            tool_signed_on=date_value(self.tool_signed_on),
            scope_checked_on=date_value(self.scope_checked_on),
            tool_document_id=self.tool_document.current_id(),
            derogation=value(self.derogation, Derogation),
            derogation_assessment=self.derogation_assessment.toPlainText(),
            authority_informed_on=date_value(self.authority_informed_on),
            subjects_informed_on=date_value(self.subjects_informed_on),
            tia_assessed_on=date_value(self.tia_assessed_on),
            tia_outcome=value(self.tia_outcome, TiaOutcome),
            tia_measures=self.tia_measures.toPlainText(),
            tia_document_id=self.tia_document.current_id(),
            tia_review_on=date_value(self.tia_review_on),
        )

    @override
    def _write(self) -> Changes:
        def write(ids: list[int | None]) -> tuple[Changes, set[int | None]]:
            transfer = replace(
                self.transfer_from_form(), tool_document_id=ids[0], tia_document_id=ids[1]
            )
            self.saved, changes = self._services.transfers.save(transfer)
            return changes, {self.saved.tool_document_id, self.saved.tia_document_id}

        return _save_with_documents([self.tool_document, self.tia_document], write)

    @override
    def _is_edited(self) -> bool:
        documents = (self.tool_document, self.tia_document)
        return any(d.is_changed() for d in documents) or normalise_transfer(
            self.transfer_from_form()
        ) != normalise_transfer(self._transfer)


class _RegisterPage(LazyPage, Generic[RowT]):
    """A small register (tens or hundreds of rows, read whole): title, export, search, the
    table with rows that need attention tinted, and New / Edit / Delete."""

    changed = Signal(object)  # Changes
    message = Signal(str)
    #: Which registers' changes make this page read again.
    watches: tuple[Register, ...] = ()
    export_name = ""
    title = ""

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        columns: Sequence[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._all: list[RowT] = []
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(page_title(_(self.title)), 1)
        export = menu_button(
            _("Export"),
            [
                (_("Excel workbook (.xlsx)…"), lambda: self.choose_export("xlsx")),
                (_("PDF…"), lambda: self.choose_export("pdf")),
            ],
        )
        header.addWidget(export)
        layout.addLayout(header)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.warnings_only = QCheckBox(_("Only with warnings"))
        self.warnings_only.toggled.connect(self._apply_filter)
        filters.addWidget(self.search, 1)
        self._add_filters(filters)
        filters.addWidget(self.warnings_only)
        layout.addLayout(filters)

        self.model: ColumnTableModel[RowT] = ColumnTableModel(
            columns, flagged=lambda row: bool(self._warnings(row))
        )
        self.table = register_table(self.model, fit_rows=True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        buttons = self.buttons_row = QHBoxLayout()
        self.new_button = QPushButton(_("New…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.count = QLabel()
        buttons.addWidget(self.count)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, self.edit_selected)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new)
        self.new_button.setToolTip(_("New entry (Ctrl+Shift+N)"))
        self.reload()

    # --- what a register supplies ---
    def _read(self) -> list[RowT]:
        raise NotImplementedError

    def _warnings(self, row: RowT) -> tuple[Any, ...]:
        raise NotImplementedError

    def _matches(self, row: RowT) -> bool:
        return True

    def _add_filters(self, layout: QHBoxLayout) -> None:
        """Adds the register's own filters (combo boxes) to the filter row."""

    def new(self) -> QDialog:
        raise NotImplementedError

    def _edit(self, row: RowT) -> QDialog:
        raise NotImplementedError

    def _delete(self, row: RowT) -> Changes:
        raise NotImplementedError

    def _name(self, row: RowT) -> str:
        raise NotImplementedError

    # --- shared behaviour ---
    def reload(self) -> None:
        self._all = self._read()
        self._apply_filter()

    def _apply_filter(self) -> None:
        words = self.search.text().casefold().split()
        columns = self.model.columns()
        shown = []
        for row in self._all:
            if self.warnings_only.isChecked() and not self._warnings(row):
                continue
            if not self._matches(row):
                continue
            text = " ".join(column.text(row) for column in columns).casefold()
            if all(word in text for word in words):
                shown.append(row)
        self.model.set_rows(shown)
        warned = sum(1 for row in self._all if self._warnings(row))
        self.count.setText(
            _("{shown} of {total}; {warned} with warnings").format(
                shown=len(shown), total=len(self._all), warned=warned
            )
        )
        self._update_buttons()

    def refresh(self, changes: Changes) -> None:
        if any(changes.touches(register) for register in self.watches):
            self.reload_when_shown()

    def selected(self) -> RowT | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def edit_selected(self) -> QDialog | None:
        row = self.selected()
        return self._edit(row) if row is not None else None

    def _row_id(self, row: RowT) -> int | None:
        raise NotImplementedError

    def select_id(self, record_id: int) -> None:
        """Selects the row of a record (after a save, the one just saved)."""
        for number, row in enumerate(self.model.rows()):
            if self._row_id(row) == record_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return

    def _open(self, dialog: QDialog) -> QDialog:
        def saved() -> None:
            self.changed.emit(getattr(dialog, "changes", Changes()))
            self.reload()
            record = getattr(dialog, "saved", None)
            if record is not None and record.id is not None:
                self.select_id(record.id)

        dialog.accepted.connect(saved)
        # A save refused because the record changed meanwhile: the table shows it as it is now.
        dialog.rejected.connect(lambda: self.reload() if getattr(dialog, "stale", False) else None)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, _("Delete?"), _("Delete “{name}”?").format(name=self._name(row))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = self._delete(row)
        except ValidationError as error:
            QMessageBox.warning(self, _("Cannot delete"), str(error))
            return
        except DpoDeskError as error:
            # Changed or deleted by someone else meanwhile: show what is there now.
            QMessageBox.warning(self, _("Cannot delete"), str(error))
            self.reload()
            return
        self.changed.emit(changes)
        self.reload()

    def choose_export(self, output_format: str) -> None:
        pattern = _("Excel workbooks (*.xlsx)") if output_format == "xlsx" else _("PDF (*.pdf)")
        file_name, _filter = QFileDialog.getSaveFileName(
            self, _(self.title), f"{self.export_name}.{output_format}", pattern
        )
        if file_name:
            self.start_export(Path(file_name), output_format)

    def start_export(self, destination: Path, output_format: str) -> None:
        export_in_background(
            self._tasks,
            self._services,
            self.export_name,
            output_format,
            destination,
            self,
            self.message.emit,
        )


class RecipientsPage(_RegisterPage[RecipientRow]):
    """Group companies, processors and sub-processors, third parties, public authorities."""

    key = "recipients"
    title = N_("Recipients")
    export_name = "recipients"
    watches = (Register.RECIPIENTS, Register.ACTIVITIES, Register.DESTINATIONS)

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, tasks, RECIPIENT_COLUMNS, parent)
        for index, spec in enumerate(RECIPIENT_COLUMNS):
            hidden = spec.key in {"contact", "dpo_contact", "description", "dpf", "processor"}
            self.table.setColumnHidden(index, hidden)

    @override
    def _add_filters(self, layout: QHBoxLayout) -> None:
        self.role_filter = combo(RECIPIENT_ROLE_LABELS, None, allow_none=True)
        self.role_filter.setItemText(0, _("Every role"))
        self.role_filter.currentIndexChanged.connect(self._apply_filter)
        layout.addWidget(self.role_filter)

    @override
    def _read(self) -> list[RecipientRow]:
        return self._services.recipients.rows(office_today())

    @override
    def _warnings(self, row: RecipientRow) -> tuple[Any, ...]:
        return row.warnings

    @override
    def _matches(self, row: RecipientRow) -> bool:
        wanted = self.role_filter.currentData()
        return wanted is None or row.recipient.role.value == wanted

    @override
    def _name(self, row: RecipientRow) -> str:
        return row.recipient.name

    @override
    def _row_id(self, row: RecipientRow) -> int | None:
        return row.recipient.id

    @override
    def new(self) -> QDialog:
        return self._open(RecipientDialog(self._services, Recipient(), self))

    @override
    def _edit(self, row: RecipientRow) -> QDialog:
        return self._open(RecipientDialog(self._services, row.recipient, self))

    @override
    def _delete(self, row: RecipientRow) -> Changes:
        return self._services.recipients.delete(row.recipient)


class TransfersPage(_RegisterPage[TransferRow]):
    """Transfers to third countries and international organisations, with their tools."""

    key = "transfers"
    title = N_("Transfers")
    export_name = "transfers"
    watches = (
        Register.TRANSFERS,
        Register.RECIPIENTS,
        Register.ACTIVITIES,
        Register.CATALOGUES,
        Register.DESTINATIONS,
    )

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, tasks, TRANSFER_COLUMNS, parent)
        self.duplicate_button = QPushButton(_("Duplicate…"))
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.buttons_row.insertWidget(2, self.duplicate_button)
        for index, spec in enumerate(TRANSFER_COLUMNS):
            hidden = spec.key in {"tool_details", "description", "adequacy", "data_categories"}
            self.table.setColumnHidden(index, hidden)
        self._update_buttons()

    @override
    def _add_filters(self, layout: QHBoxLayout) -> None:
        self.tool_filter = combo(TOOL_LABELS, None, allow_none=True)
        self.tool_filter.setItemText(0, _("Every transfer tool"))
        self.tool_filter.currentIndexChanged.connect(self._apply_filter)
        layout.addWidget(self.tool_filter)

    @override
    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "duplicate_button"):
            self.duplicate_button.setEnabled(self.selected() is not None)

    @override
    def _read(self) -> list[TransferRow]:
        return self._services.transfers.rows(office_today())

    @override
    def _warnings(self, row: TransferRow) -> tuple[Any, ...]:
        return row.warnings

    @override
    def _matches(self, row: TransferRow) -> bool:
        wanted = self.tool_filter.currentData()
        return wanted is None or (row.transfer.tool is not None and row.transfer.tool == wanted)

    @override
    def _name(self, row: TransferRow) -> str:
        recipient = row.recipient.name if row.recipient else ""
        return f"{recipient} → {destination_name(row.destination, row.transfer.country_code)}"

    @override
    def _row_id(self, row: TransferRow) -> int | None:
        return row.transfer.id

    @override
    def new(self) -> QDialog:
        return self._open(TransferDialog(self._services, Transfer(), self))

    @override
    def _edit(self, row: TransferRow) -> QDialog:
        return self._open(TransferDialog(self._services, row.transfer, self))

    def duplicate_selected(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            return None
        copy = self._services.transfers.duplicate(row.transfer)
        return self._open(TransferDialog(self._services, copy, self))

    @override
    def _delete(self, row: TransferRow) -> Changes:
        return self._services.transfers.delete(row.transfer)
