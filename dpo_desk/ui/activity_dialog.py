"""The form of one processing activity: every Art. 30 field and the practitioner fields, in tabs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.activity import (
    DPIA_LABELS,
    FATE_LABELS,
    LAWFUL_BASIS_LABELS,
    REGISTER_LABELS,
    RETENTION_UNIT_LABELS,
    ROLE_LABELS,
    SPECIAL_CONDITION_LABELS,
    STATUS_LABELS,
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    DpiaStatus,
    LawfulBasis,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    Role,
    SpecialCondition,
    normalise_activity,
)
from dpo_desk.domain.changes import Changes
from dpo_desk.i18n import N_, _
from dpo_desk.services.activities import ActivityService
from dpo_desk.services.transfer_columns import tool_text, transfer_destination, warnings_text
from dpo_desk.services.transfers import TransferRow
from dpo_desk.ui.forms import (
    FormDialog,
    catalogue_checklist,
    combo,
    date_edit,
    date_value,
    form_tab,
    text_edit,
)


class RetentionTable(QTableWidget):
    """The activity's retention rules: category, period, unit, trigger, criterion, fate, citation."""

    HEADERS = (
        N_("Category of personal data"),
        N_("Period"),
        N_("Unit"),
        N_("Trigger"),
        N_("Criterion (when no number can be given)"),
        N_("At the end"),
        N_("Legal citation"),
    )

    def __init__(self, categories: list[CatalogueEntry], rules: tuple[RetentionRule, ...]) -> None:
        super().__init__(0, len(self.HEADERS))
        self._categories = categories
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((220, 70, 90, 200, 230, 100)):
            self.setColumnWidth(column, width)
        for rule in rules:
            self.add_rule(rule)

    def add_rule(self, rule: RetentionRule | None = None) -> None:
        rule = rule or RetentionRule()
        row = self.rowCount()
        self.insertRow(row)
        category = QComboBox()
        category.addItem(_("All data of the activity"), None)
        for entry in self._categories:
            category.addItem(entry.name, entry.id)
        category.setCurrentIndex(max(category.findData(rule.data_category_id), 0))
        period = QSpinBox()
        period.setRange(0, 999)
        period.setSpecialValueText("—")
        period.setValue(rule.period or 0)
        unit = combo(RETENTION_UNIT_LABELS, rule.unit or RetentionUnit.YEARS)
        fate = combo(FATE_LABELS, rule.fate)
        self.setCellWidget(row, 0, category)
        self.setCellWidget(row, 1, period)
        self.setCellWidget(row, 2, unit)
        self.setCellWidget(row, 3, QLineEdit(rule.trigger))
        self.setCellWidget(row, 4, QLineEdit(rule.criterion))
        self.setCellWidget(row, 5, fate)
        self.setCellWidget(row, 6, QLineEdit(rule.citation))

    def rules(self) -> tuple[RetentionRule, ...]:
        rules = []
        for row in range(self.rowCount()):
            category: QComboBox = self.cellWidget(row, 0)  # type: ignore[assignment]
            period: QSpinBox = self.cellWidget(row, 1)  # type: ignore[assignment]
            unit: QComboBox = self.cellWidget(row, 2)  # type: ignore[assignment]
            trigger: QLineEdit = self.cellWidget(row, 3)  # type: ignore[assignment]
            criterion: QLineEdit = self.cellWidget(row, 4)  # type: ignore[assignment]
            fate: QComboBox = self.cellWidget(row, 5)  # type: ignore[assignment]
            citation: QLineEdit = self.cellWidget(row, 6)  # type: ignore[assignment]
            has_period = period.value() > 0
            rules.append(
                RetentionRule(
                    data_category_id=category.currentData(),
                    period=period.value() if has_period else None,
                    unit=RetentionUnit(unit.currentData()) if has_period else None,
                    trigger=trigger.text(),
                    criterion=criterion.text(),
                    fate=RetentionFate(fate.currentData()),
                    citation=citation.text(),
                )
            )
        return tuple(rules)


class TransferList(QTableWidget):
    """The activity's transfers, read-only: they are kept in the transfers register."""

    HEADERS = (
        N_("Destination"),
        N_("Recipient"),
        N_("Transfer tool"),
        N_("Warnings"),
    )

    def __init__(self, transfers: Sequence[TransferRow]) -> None:
        super().__init__(len(transfers), len(self.HEADERS))
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.horizontalHeader().setStretchLastSection(True)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        for column, width in enumerate((160, 220, 330)):
            self.setColumnWidth(column, width)
        for row, transfer in enumerate(transfers):
            texts = (
                transfer_destination(transfer),
                transfer.recipient.name if transfer.recipient else "",
                tool_text(transfer),
                warnings_text(transfer.warnings),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(row, column, item)
        self.resizeRowsToContents()


class ActivityDialog(FormDialog):
    """Edits one activity; Save validates and writes, Cancel keeps nothing."""

    discard_question = N_("The activity has unsaved changes. Close without saving?")

    def __init__(
        self,
        service: ActivityService,
        catalogue: list[CatalogueEntry],
        activity: Activity,
        parent: QWidget | None = None,
        transfers: Sequence[TransferRow] = (),
    ) -> None:
        super().__init__(activity.name or _("New processing activity"), parent)
        self._service = service
        self._activity = activity
        self.saved: Activity | None = None
        self.resize(980, 680)
        by_kind = {kind: [e for e in catalogue if e.kind is kind] for kind in CatalogueKind}
        layout = self.layout_
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        # --- general
        general, form = form_tab()
        self.register = combo(REGISTER_LABELS, activity.register)
        self.register.currentIndexChanged.connect(self._register_changed)
        self.name = QLineEdit(activity.name)
        self.role = combo(ROLE_LABELS, activity.role)
        self.status = combo(STATUS_LABELS, activity.status)
        self.owner = QLineEdit(activity.owner)
        self.purposes = text_edit(activity.purposes, 4)
        self.joint_controllers = text_edit(activity.joint_controllers, 2)
        self.controller_name = QLineEdit(activity.controller_name)
        self.controller_contact = text_edit(activity.controller_contact, 2)
        self.processing_categories = text_edit(activity.processing_categories, 3)
        form.addRow(_("Register"), self.register)
        form.addRow(_("Name of the activity"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Status"), self.status)
        form.addRow(_("Business function"), self.owner)
        form.addRow(_("Purposes"), self.purposes)
        form.addRow(_("Joint controllers"), self.joint_controllers)
        form.addRow(_("Controller served"), self.controller_name)
        form.addRow(_("Controller's contact details"), self.controller_contact)
        form.addRow(_("Categories of processing"), self.processing_categories)
        self._general_form = form
        self.tabs.addTab(general, _("General"))

        # --- lawful basis
        basis, form = form_tab()
        self.bases: dict[LawfulBasis, QCheckBox] = {}
        box = QVBoxLayout()
        for value, label in LAWFUL_BASIS_LABELS.items():
            check = QCheckBox(_(label))
            check.setChecked(value in activity.lawful_bases)
            self.bases[value] = check
            box.addWidget(check)
        holder = QWidget()
        holder.setLayout(box)
        self.special_condition = combo(
            dict(SPECIAL_CONDITION_LABELS), activity.special_condition, allow_none=True
        )
        self.legitimate_interest = text_edit(activity.legitimate_interest, 3)
        self.balancing_test = QLineEdit(activity.balancing_test)
        form.addRow(_("Lawful basis"), holder)
        form.addRow(_("Art. 9(2) condition"), self.special_condition)
        form.addRow(_("Legitimate interest"), self.legitimate_interest)
        form.addRow(_("Balancing test"), self.balancing_test)
        self.tabs.addTab(basis, _("Lawful basis"))

        # --- data
        data = QWidget()
        grid = QHBoxLayout(data)
        self.subjects = catalogue_checklist(
            by_kind[CatalogueKind.SUBJECT_CATEGORIES], activity.subject_category_ids
        )
        self.data_categories = catalogue_checklist(
            by_kind[CatalogueKind.DATA_CATEGORIES], activity.data_category_ids
        )
        self.recipients = catalogue_checklist(
            by_kind[CatalogueKind.RECIPIENT_CATEGORIES], activity.recipient_category_ids
        )
        for title, widget in (
            (_("Categories of data subjects"), self.subjects),
            (_("Categories of personal data"), self.data_categories),
            (_("Categories of recipients"), self.recipients),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(widget)
            grid.addLayout(column)
        self.tabs.addTab(data, _("Data and recipients"))

        # --- retention
        retention = QWidget()
        column = QVBoxLayout(retention)
        self.retention = RetentionTable(by_kind[CatalogueKind.DATA_CATEGORIES], activity.retention)
        add_rule = QPushButton(_("Add a rule"))
        add_rule.clicked.connect(lambda: self.retention.add_rule())
        remove_rule = QPushButton(_("Remove the selected rule"))
        remove_rule.clicked.connect(lambda: self.retention.removeRow(self.retention.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add_rule)
        buttons.addWidget(remove_rule)
        buttons.addStretch()
        column.addWidget(self.retention)
        column.addLayout(buttons)
        self.tabs.addTab(retention, _("Retention"))

        # --- transfers
        transfer_tab = QWidget()
        column = QVBoxLayout(transfer_tab)
        self.transfers = TransferList(transfers)
        column.addWidget(
            QLabel(
                _(
                    "Transfers to third countries or international organisations (Chapter V). "
                    "They are kept in the Transfers register, where each names this activity."
                )
            )
        )
        column.addWidget(self.transfers)
        self.tabs.addTab(transfer_tab, _("Transfers"))

        # --- security
        security = QWidget()
        column = QVBoxLayout(security)
        self.measures = catalogue_checklist(
            by_kind[CatalogueKind.SECURITY_MEASURES], activity.measure_ids
        )
        self.measures_description = text_edit(activity.measures_description, 4)
        column.addWidget(QLabel(f"<b>{_('Security measures')}</b>"))
        column.addWidget(self.measures)
        column.addWidget(QLabel(_("General description (Art. 32(1))")))
        column.addWidget(self.measures_description)
        self.tabs.addTab(security, _("Security"))

        # --- more
        more, form = form_tab()
        self.source = text_edit(activity.source, 2)
        self.automated_decisions = QCheckBox(_("Automated decisions or profiling (Art. 22)"))
        self.automated_decisions.setChecked(activity.automated_decisions)
        self.automated_logic = text_edit(activity.automated_logic, 2)
        self.systems = QLineEdit(activity.systems)
        self.location = QLineEdit(activity.location)
        self.dpia_status = combo(DPIA_LABELS, activity.dpia_status)
        self.dpia_reference = QLineEdit(activity.dpia_reference)
        self.last_reviewed_on = date_edit(activity.last_reviewed_on)
        self.next_review_on = date_edit(activity.next_review_on)
        form.addRow(_("Source of the data"), self.source)
        form.addRow("", self.automated_decisions)
        form.addRow(_("Logic of automated decisions"), self.automated_logic)
        form.addRow(_("Systems used"), self.systems)
        form.addRow(_("Location of the data"), self.location)
        form.addRow(_("DPIA"), self.dpia_status)
        form.addRow(_("DPIA reference"), self.dpia_reference)
        form.addRow(_("Last reviewed"), self.last_reviewed_on)
        form.addRow(_("Next review"), self.next_review_on)
        self.tabs.addTab(more, _("More"))

        self._fields = {
            "name": self.name,
            "purposes": self.purposes,
            "lawful_bases": holder,
            "special_condition": self.special_condition,
            "legitimate_interest": self.legitimate_interest,
            "data_category_ids": self.data_categories,
            "controller_name": self.controller_name,
            "processing_categories": self.processing_categories,
            "retention": self.retention,
            "automated_logic": self.automated_logic,
            "dpia_reference": self.dpia_reference,
            "next_review_on": self.next_review_on,
        }
        self._finish_layout()
        self._register_changed()

    def _register_changed(self) -> None:
        processor = self.register.currentData() == RegisterKind.PROCESSOR
        form = self._general_form
        for widget in (self.controller_name, self.controller_contact, self.processing_categories):
            form.setRowVisible(widget, processor)
        for widget in (self.purposes, self.joint_controllers):
            form.setRowVisible(widget, not processor)

    def activity_from_form(self) -> Activity:
        condition = self.special_condition.currentData()
        return replace(
            self._activity,
            register=RegisterKind(self.register.currentData()),
            name=self.name.text(),
            role=Role(self.role.currentData()),
            status=ActivityStatus(self.status.currentData()),
            owner=self.owner.text(),
            purposes=self.purposes.toPlainText(),
            joint_controllers=self.joint_controllers.toPlainText(),
            controller_name=self.controller_name.text(),
            controller_contact=self.controller_contact.toPlainText(),
            processing_categories=self.processing_categories.toPlainText(),
            lawful_bases=tuple(b for b, check in self.bases.items() if check.isChecked()),
            special_condition=SpecialCondition(condition) if condition else None,
            legitimate_interest=self.legitimate_interest.toPlainText(),
            balancing_test=self.balancing_test.text(),
            subject_category_ids=self.subjects.chosen(),
            data_category_ids=self.data_categories.chosen(),
            recipient_category_ids=self.recipients.chosen(),
            measure_ids=self.measures.chosen(),
            measures_description=self.measures_description.toPlainText(),
            retention=self.retention.rules(),
            source=self.source.toPlainText(),
            automated_decisions=self.automated_decisions.isChecked(),
            automated_logic=self.automated_logic.toPlainText(),
            systems=self.systems.text(),
            location=self.location.text(),
            dpia_status=DpiaStatus(self.dpia_status.currentData()),
            dpia_reference=self.dpia_reference.text(),
            last_reviewed_on=date_value(self.last_reviewed_on),
            next_review_on=date_value(self.next_review_on),
        )

    @override
    def _write(self) -> Changes:
        self.saved, changes = self._service.save(self.activity_from_form())
        return changes

    @override
    def _is_edited(self) -> bool:
        return normalise_activity(self.activity_from_form()) != normalise_activity(self._activity)
