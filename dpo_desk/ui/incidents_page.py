"""The incidents page: every security incident, breach or not (the Art. 33(5) register), read
lazily from the database, with the 72-hour clock running live in Zagreb time; the incident
form (short form first, then what it touched, ENISA's assessment beside the DPO's decision,
the notification and the response checklist); the response plans and the notification
policy."""

from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.activity import ActivityFilter, CatalogueKind, EnisaDataType
from dpo_desk.domain.breach import (
    ADJUSTMENT_LABELS,
    BAND_LABELS,
    NOTIFICATION_HOURS,
    Adjustment,
    AdjustmentKind,
    Availability,
    Band,
    Confidentiality,
    Identification,
    Integrity,
    NotificationPolicy,
    Recommendation,
    base_context,
    hours_elapsed,
    is_in_last_hours,
    notification_deadline,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import DpoDeskError, ValidationError
from dpo_desk.domain.incident import (
    CAUSE_LABELS,
    EXEMPTION_LABELS,
    FINDING_LABELS,
    INCIDENT_STATUS_LABELS,
    RECOMMENDATION_LABELS,
    SCENARIO_LABELS,
    SCENARIO_OF_CAUSE,
    Addressee,
    BreachFinding,
    Cause,
    Exemption,
    Incident,
    IncidentFilter,
    IncidentSort,
    IncidentStatus,
    IncidentSummary,
    PlanStep,
    ResponsePlan,
    Scenario,
)
from dpo_desk.domain.timefmt import OFFICE_ZONE, format_instant, office_today, utc_now
from dpo_desk.i18n import N_, _
from dpo_desk.services.bundle import Services
from dpo_desk.services.incident_columns import (
    hours_text,
    incident_columns,
    is_urgent,
    severity_formula,
    steps_overdue,
)
from dpo_desk.ui.forms import (
    Checklist,
    FormDialog,
    catalogue_checklist,
    combo,
    date_edit,
    date_value,
    form_tab,
    text_edit,
)
from dpo_desk.ui.notification_dialog import NotificationDialog
from dpo_desk.ui.paged_page import PagedPage
from dpo_desk.ui.table_model import OVERDUE_COLOUR, PagedTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import (
    export_in_background,
    filter_combo,
    menu_button,
    page_title,
    query_when_typing_pauses,
)

#: A checklist step past its due time, the clock not yet in its last hours: amber.
STEP_OVERDUE_COLOUR = "#fbe7c6"
#: The live clock is redrawn this often (ms): minutes are what it shows.
CLOCK_INTERVAL_MS = 30_000

IDENTIFICATION_LABELS = {
    Identification.NEGLIGIBLE: N_("Negligible (0.25): e.g. strongly encrypted, key safe"),
    Identification.LIMITED: N_("Limited (0.5)"),
    Identification.SIGNIFICANT: N_("Significant (0.75)"),
    Identification.MAXIMUM: N_("Maximum (1): names or direct identifiers"),
}
CONFIDENTIALITY_LABELS = {
    Confidentiality.NONE: N_("No loss (0)"),
    Confidentiality.KNOWN_RECIPIENTS: N_("Known recipients (+0.25)"),
    Confidentiality.UNKNOWN_OR_PUBLIC: N_("Unknown recipients or public (+0.5)"),
}
INTEGRITY_LABELS = {
    Integrity.NONE: N_("No loss (0)"),
    Integrity.RECOVERABLE: N_("Altered, recoverable (+0.25)"),
    Integrity.NOT_RECOVERABLE: N_("Altered, not recoverable (+0.5)"),
}
AVAILABILITY_LABELS = {
    Availability.NONE: N_("No loss (0)"),
    Availability.TEMPORARY: N_("Temporarily unavailable (+0.25)"),
    Availability.PERMANENT: N_("Permanently lost (+0.5)"),
}
DATA_TYPE_LABELS = {
    EnisaDataType.SIMPLE: N_("simple (1)"),
    EnisaDataType.BEHAVIOURAL: N_("behavioural (2)"),
    EnisaDataType.FINANCIAL: N_("financial (3)"),
    EnisaDataType.SENSITIVE: N_("sensitive (4)"),
}


def _wall_clock(value: datetime) -> QDateTime:
    """The instant as the office's wall clock shows it, to the minute."""
    shown = value.astimezone(OFFICE_ZONE)
    return QDateTime(QDate(shown.year, shown.month, shown.day), QTime(shown.hour, shown.minute))


class InstantEdit(QDateTimeEdit):
    """An instant, edited on the office's clock (Europe/Zagreb), to the minute; "—" when
    optional and empty.

    It remembers the exact instant it was given: shown unchanged, that instant is what it
    returns, so the hour repeated when clocks go back (02:30 CET after 02:30 CEST) and the
    seconds survive a save of an untouched form."""

    def __init__(self, value: datetime | None, optional: bool = True) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy. HH:mm")
        self.setMaximumWidth(190)
        self.setMinimumDateTime(QDateTime(QDate(2000, 1, 1), QTime(0, 0)))
        self.instant: datetime | None = None
        if optional:
            self.setSpecialValueText("—")
        if value is not None:
            self.set_instant(value)
        elif optional:
            self.setDateTime(self.minimumDateTime())
            # The calendar opens on this month, not on the year 2000 that "—" stands for.
            today = office_today()
            self.calendarWidget().setCurrentPage(today.year, today.month)
        else:
            self.set_instant(utc_now())

    def set_instant(self, value: datetime) -> None:
        self.instant = value
        self.setDateTime(_wall_clock(value))

    def value(self) -> datetime | None:
        if self.specialValueText() and self.dateTime() == self.minimumDateTime():
            return None
        if self.instant is not None and self.dateTime() == _wall_clock(self.instant):
            return self.instant
        shown = self.dateTime()
        day, time = shown.date(), shown.time()
        # A wall-clock time typed in the repeated hour is taken as the first (summer) one.
        return datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=OFFICE_ZONE
        )


class IncidentsPage(PagedPage[IncidentSummary]):
    summary_type = IncidentSummary
    sort_type = IncidentSort
    key = "incidents"

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._sort = IncidentSort.DETECTED
        self._descending = True
        self._now = utc_now()
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Incidents and breaches")))
        hint = QLabel(
            _(
                "Every security incident, breach or not (Art. 33(5)). The 72-hour clock runs "
                "from awareness; red rows are in their last 12 hours or past them, amber rows "
                "have a response step overdue."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New incident…"))
        self.new_button.setToolTip(_("Record an incident: a short form first (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new_incident)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.notify_button = QPushButton(_("Notification…"))
        self.notify_button.setToolTip(
            _("Prepare the notification to AZOP or the letter to the data subjects (Ctrl+Shift+L)")
        )
        self.notify_button.clicked.connect(lambda: self.notify_selected())
        export = menu_button(
            _("Export"),
            [
                (_("Breach register to Excel…"), lambda: self.export("xlsx")),
                (_("Breach register to PDF…"), lambda: self.export("pdf")),
            ],
        )
        plans = QPushButton(_("Response plans…"))
        plans.clicked.connect(self.show_plans)
        policy = QPushButton(_("Notification policy…"))
        policy.clicked.connect(self.show_policy)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.notify_button)
        buttons.addStretch()
        buttons.addWidget(export)
        buttons.addWidget(plans)
        buttons.addWidget(policy)
        self._extra_buttons = buttons
        layout.addLayout(buttons)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search reference, title, description, reporter…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.status_filter = filter_combo(_("Any status"), INCIDENT_STATUS_LABELS)
        self.cause_filter = filter_combo(_("Any cause"), CAUSE_LABELS)
        self.cause_filter.setMaximumWidth(240)
        self.finding_filter = filter_combo(_("Breach or not"), FINDING_LABELS)
        self.band_filter = filter_combo(_("Any severity"), BAND_LABELS)
        self.running = QCheckBox(_("72-hour clock running"))
        filters.addWidget(self.search, 2)
        for widget in (
            self.status_filter,
            self.cause_filter,
            self.finding_filter,
            self.band_filter,
            self.running,
        ):
            filters.addWidget(widget)
        layout.addLayout(filters)

        self.model: PagedTableModel[IncidentSummary] = PagedTableModel(
            incident_columns(self._now), self._fetch, self._count, tint=self._tint
        )
        self.table = self.paged_table(
            "incidentsTable", "detected", Qt.SortOrder.DescendingOrder, "title", 7
        )
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        query_when_typing_pauses(self.search, self.requery)
        for box in (self.status_filter, self.cause_filter, self.finding_filter, self.band_filter):
            box.currentIndexChanged.connect(lambda _index: self.requery())
        self.running.toggled.connect(lambda _checked: self.requery())
        self.connect_table(
            self.open_selected,
            (
                ("Ctrl+Shift+N", self.new_incident),
                ("Ctrl+Shift+L", self.notify_selected),
                (QKeySequence.StandardKey.Find, self.search.setFocus),
            ),
        )
        self._filter = self.current_filter()
        #: The clock moves on while the page is open.
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_INTERVAL_MS)
        self.clock.timeout.connect(self.tick)
        self.clock.start()
        self.reload()

    # --- querying --------------------------------------------------------------------------
    def current_filter(self) -> IncidentFilter:
        return IncidentFilter(
            search=self.search.text(),
            status=IncidentStatus(s) if (s := self.status_filter.currentData()) else None,
            cause=Cause(c) if (c := self.cause_filter.currentData()) else None,
            finding=BreachFinding(f) if (f := self.finding_filter.currentData()) else None,
            band=Band(b) if (b := self.band_filter.currentData()) else None,
            clock_running=self.running.isChecked(),
            sort=self._sort,
            descending=self._descending,
        )

    def _fetch(self, offset: int, limit: int) -> list[IncidentSummary]:
        return self._services.incidents.summaries(self._filter, offset, limit)

    def _count(self) -> int:
        return self._services.incidents.count(self._filter)

    def _tint(self, row: IncidentSummary) -> str | None:
        if is_urgent(row, self._now):
            return OVERDUE_COLOUR
        return STEP_OVERDUE_COLOUR if steps_overdue(row, self._now) else None

    def tick(self, now: datetime | None = None) -> None:
        """Redraws the clock and the tints at ``now`` without reading the rows again."""
        self._now = now or utc_now()
        self.model.retext(incident_columns(self._now))

    def reload(self) -> None:
        selected = self.selected_summary()
        self._now = utc_now()
        self._filter = self.current_filter()
        self.model.set_columns(incident_columns(self._now))
        shown = self.model.total()
        unfiltered = self._filter == IncidentFilter(sort=self._sort, descending=self._descending)
        total = shown if unfiltered else self._services.incidents.count()
        running = self._services.incidents.count(IncidentFilter(clock_running=True))
        self.count_label.setText(
            _("{shown} of {total} incidents shown; 72-hour clock running for {running}").format(
                shown=shown, total=total, running=running
            )
        )
        if selected is not None:
            self.select_id(selected.id)
        self._update_buttons()

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.INCIDENTS) or changes.touches(Register.CATALOGUES):
            self.reload_when_shown()

    # --- selection -------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        selected = self.selected_summary()
        self.open_button.setEnabled(selected is not None)
        self.notify_button.setEnabled(
            selected is not None and selected.finding is not BreachFinding.NOT_A_BREACH
        )

    # --- actions ---------------------------------------------------------------------------
    def new_incident(self) -> IncidentDialog:
        return self._edit(Incident(detected_at=utc_now().replace(second=0, microsecond=0)))

    def _edit(self, incident: Incident) -> IncidentDialog:
        dialog = IncidentDialog(self._services, incident, self)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.finished.connect(lambda _result: self.reload() if dialog.stale else None)
        dialog.open()
        return dialog

    def selected_incident(self) -> Incident | None:
        return self.fetch_selected(self._services.incidents.get, _("Incident"))

    def open_selected(self) -> IncidentDialog | None:
        incident = self.selected_incident()
        return self._edit(incident) if incident is not None else None

    def notify_selected(
        self, addressee: Addressee = Addressee.AUTHORITY
    ) -> NotificationDialog | None:
        incident = self.selected_incident()
        if incident is None or incident.finding is BreachFinding.NOT_A_BREACH:
            return None
        dialog = NotificationDialog(self._services, incident, self, addressee)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.open()
        return dialog

    def export(self, output_format: str, destination: Path | None = None) -> None:
        """The Art. 33(5) register, in the background with progress and Cancel."""
        if destination is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export the breach register"),
                f"incidents.{output_format}",
                "Excel (*.xlsx)" if output_format == "xlsx" else "PDF (*.pdf)",
            )
            if not name:
                return
            destination = Path(name)
        export_in_background(
            self._tasks,
            self._services,
            "incidents",
            output_format,
            destination,
            self,
            self.message.emit,
        )

    def show_plans(self) -> PlansDialog:
        dialog = PlansDialog(self._services, self)
        dialog.changed.connect(self.changed.emit)
        dialog.open()
        return dialog

    def show_policy(self) -> PolicyDialog:
        dialog = PolicyDialog(self._services, self)
        dialog.accepted.connect(lambda: self.changed.emit(dialog.changes))
        dialog.open()
        return dialog


def _spin(value: int | None, maximum: int = 2_000_000_000) -> QSpinBox:
    """A number that may be unknown (shown below 0 as "unknown"); 0 is a number."""
    box = QSpinBox()
    box.setRange(-1, maximum)
    box.setSpecialValueText(_("unknown"))
    box.setGroupSeparatorShown(True)
    box.setValue(-1 if value is None else value)
    return box


def _spin_value(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class IncidentDialog(FormDialog):
    """An incident's whole record. A new incident opens on the short form (what, when
    detected, cause); everything else can follow as the facts come in."""

    def __init__(self, services: Services, incident: Incident, parent: QWidget | None) -> None:
        title = (
            _("Incident {reference}").format(reference=incident.reference)
            if incident.reference
            else _("New incident")
        )
        super().__init__(title, parent)
        self.setObjectName("incidentDialog")
        self.resize(940, 720)
        self._services = services
        self._original = incident
        self.saved: Incident | None = None
        catalogue = services.catalogue.entries()
        self._data_entries = [e for e in catalogue if e.kind is CatalogueKind.DATA_CATEGORIES]
        self._subject_entries = [e for e in catalogue if e.kind is CatalogueKind.SUBJECT_CATEGORIES]
        self.clock_banner = QLabel()
        self.clock_banner.setObjectName("clockBanner")
        self.clock_banner.setWordWrap(True)
        self.layout_.addWidget(self.clock_banner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._facts_tab(incident), _("Incident"))
        self.tabs.addTab(self._affected_tab(incident), _("Affected"))
        self.tabs.addTab(self._assessment_tab(incident), _("Assessment and decision"))
        self.tabs.addTab(self._notification_tab(incident), _("Notification"))
        self.tabs.addTab(self._checklist_tab(incident), _("Response checklist"))
        self.layout_.addWidget(self.tabs, 1)
        self._finish_layout()
        self._initial = self._collect()
        self._update_processor()
        self._update_assessment()
        self._update_clock()
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_INTERVAL_MS)
        self.clock.timeout.connect(self._update_clock)
        self.clock.start()

    # --- tabs ------------------------------------------------------------------------------
    def _facts_tab(self, incident: Incident) -> QWidget:
        tab, form = form_tab()
        self.title_edit = QLineEdit(incident.title)
        self.title_edit.setMaxLength(255)
        self.title_edit.setPlaceholderText(_("A few words: what happened"))
        form.addRow(_("Title") + " *", self.title_edit)
        self.description = text_edit(incident.description, 3)
        form.addRow(_("What happened"), self.description)
        self.detected_at = InstantEdit(incident.detected_at, optional=False)
        form.addRow(_("Detected at") + " *", self.detected_at)
        window = QHBoxLayout()
        self.occurred_from = InstantEdit(incident.occurred_from)
        self.occurred_to = InstantEdit(incident.occurred_to)
        window.addWidget(self.occurred_from)
        window.addWidget(QLabel(_("until")))
        window.addWidget(self.occurred_to)
        window.addStretch()
        form.addRow(_("Happened at (or from)"), window)
        aware = QHBoxLayout()
        self.aware_at = InstantEdit(incident.aware_at)
        self.aware_at.setToolTip(
            _(
                "When the organisation was reasonably certain that personal data were "
                "compromised: the 72 hours run from here."
            )
        )
        aware_now = QPushButton(_("Now"))
        aware_now.clicked.connect(lambda: self.aware_at.set_instant(utc_now()))
        aware.addWidget(self.aware_at)
        aware.addWidget(aware_now)
        aware.addStretch()
        form.addRow(_("Became aware at"), aware)
        self.cause = combo(CAUSE_LABELS, incident.cause)
        form.addRow(_("Cause and origin"), self.cause)
        self.cause_details = QLineEdit(incident.cause_details)
        form.addRow(_("Cause in detail"), self.cause_details)
        self.scenario = combo(SCENARIO_LABELS, incident.scenario, allow_none=True)
        self.scenario.setToolTip(
            _("The response plan started as this incident's checklist when it is saved")
        )
        form.addRow(_("Response plan"), self.scenario)
        self.reported_by = QLineEdit(incident.reported_by)
        self.reported_by.setMaxLength(255)
        form.addRow(_("Reported by"), self.reported_by)
        processor = QHBoxLayout()
        self.processor_reported = QCheckBox(_("Reported by a processor"))
        self.processor_reported.setChecked(incident.processor_reported)
        recipients = {r.id: r.name for r in self._services.recipients.all() if r.is_processor}
        self.processor = combo(recipients, incident.processor_recipient_id, allow_none=True)
        self.processor_reported_at = InstantEdit(incident.processor_reported_at)
        processor.addWidget(self.processor_reported)
        processor.addWidget(self.processor, 1)
        processor.addWidget(QLabel(_("at")))
        processor.addWidget(self.processor_reported_at)
        form.addRow(_("Processor (Art. 33(2))"), processor)
        nature = QHBoxLayout()
        self.confidentiality = QCheckBox(_("Confidentiality"))
        self.integrity = QCheckBox(_("Integrity"))
        self.availability = QCheckBox(_("Availability"))
        for box, value in (
            (self.confidentiality, incident.confidentiality),
            (self.integrity, incident.integrity),
            (self.availability, incident.availability),
        ):
            box.setChecked(value)
            nature.addWidget(box)
        nature.addStretch()
        self.nature_row = QWidget()
        self.nature_row.setLayout(nature)
        form.addRow(_("Nature of the breach"), self.nature_row)
        self.ongoing = QCheckBox(_("Still going on"))
        self.ongoing.setChecked(incident.ongoing)
        form.addRow("", self.ongoing)
        status = QHBoxLayout()
        self.status = combo(INCIDENT_STATUS_LABELS, incident.status)
        self.closed_on = date_edit(incident.closed_on)
        status.addWidget(self.status)
        status.addWidget(QLabel(_("closed on")))
        status.addWidget(self.closed_on)
        status.addStretch()
        form.addRow(_("Status"), status)
        self.processor_reported.toggled.connect(lambda _c: self._update_processor())
        self.aware_at.dateTimeChanged.connect(lambda _d: self._update_clock())
        self.cause.currentIndexChanged.connect(lambda _i: self._suggest_scenario())
        self.scenario.currentIndexChanged.connect(lambda _i: self._scenario_changed())
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._fields.update(
            {
                "title": self.title_edit,
                "detected_at": self.detected_at,
                "occurred_from": self.occurred_from,
                "occurred_to": self.occurred_to,
                "aware_at": self.aware_at,
                "processor_recipient_id": self.processor,
                "processor_reported_at": self.processor_reported_at,
                "cause_details": self.cause_details,
                "nature": self.nature_row,
                "status": self.status,
                "closed_on": self.closed_on,
            }
        )
        return tab

    def _affected_tab(self, incident: Incident) -> QWidget:
        tab = QWidget()
        layout = QGridLayout(tab)
        layout.addWidget(QLabel(_("Processing activities affected")), 0, 0)
        self.activities = Checklist(
            (
                (s.id, s.name, s.owner)
                for s in self._services.activities.summaries(ActivityFilter())
            ),
            incident.activity_ids,
        )
        self.activities.setObjectName("activities")
        layout.addWidget(self.activities, 1, 0, 3, 1)
        suggest = QPushButton(_("Suggest categories from the activities"))
        suggest.setObjectName("suggestCategories")
        suggest.clicked.connect(self.suggest_categories)
        layout.addWidget(suggest, 4, 0)
        layout.addWidget(QLabel(_("Categories of personal data")), 0, 1)
        self.data_categories = catalogue_checklist(self._data_entries, incident.data_category_ids)
        self.data_categories.setObjectName("dataCategories")
        layout.addWidget(self.data_categories, 1, 1)
        layout.addWidget(QLabel(_("Categories of data subjects")), 2, 1)
        self.subject_categories = catalogue_checklist(
            self._subject_entries, incident.subject_category_ids
        )
        layout.addWidget(self.subject_categories, 3, 1)
        numbers = QFormLayout()
        self.subjects_approx = _spin(incident.subjects_approx)
        self.records_approx = _spin(incident.records_approx)
        numbers.addRow(_("Approximate number of data subjects"), self.subjects_approx)
        numbers.addRow(_("Approximate number of records"), self.records_approx)
        self.consequences = text_edit(incident.consequences, 2)
        numbers.addRow(_("Likely consequences"), self.consequences)
        self.cross_border = QCheckBox(_("People in other EU/EEA countries are affected"))
        self.cross_border.setChecked(incident.cross_border)
        numbers.addRow(_("Cross-border"), self.cross_border)
        self.cross_border_details = QLineEdit(incident.cross_border_details)
        self.cross_border_details.setPlaceholderText(
            _("Which Member States; the lead supervisory authority")
        )
        numbers.addRow(_("Cross-border aspects"), self.cross_border_details)
        layout.addLayout(numbers, 5, 0, 1, 2)
        self.data_categories.itemChanged.connect(lambda _i: self._update_assessment())
        self._fields.update(
            {
                "subjects_approx": self.subjects_approx,
                "records_approx": self.records_approx,
                "cross_border_details": self.cross_border_details,
            }
        )
        return tab

    def _assessment_tab(self, incident: Incident) -> QWidget:
        tab, form = form_tab()
        self.finding = combo(FINDING_LABELS, incident.finding)
        form.addRow(_("Personal-data breach?"), self.finding)
        self.finding_reasoning = text_edit(incident.finding_reasoning, 2)
        form.addRow(_("Why it is or is not a breach"), self.finding_reasoning)
        heading = QLabel("<b>" + _("Severity (ENISA: SE = DPC × EI + CB)") + "</b>")
        form.addRow(heading)
        self.base_label = QLabel()
        self.base_label.setObjectName("baseContext")
        self.base_label.setWordWrap(True)
        form.addRow(_("Data processing context"), self.base_label)
        adjustments = QGridLayout()
        self._adjustments: dict[AdjustmentKind, tuple[QSpinBox, QLineEdit]] = {}
        given = {a.kind: a for a in incident.adjustments}
        for row, kind in enumerate(AdjustmentKind):
            points = QSpinBox()
            points.setRange(-3, 3)
            points.setPrefix("")
            points.setValue(given[kind].points if kind in given else 0)
            justification = QLineEdit(given[kind].justification if kind in given else "")
            justification.setPlaceholderText(_("Justification (required when adjusted)"))
            adjustments.addWidget(QLabel(_(ADJUSTMENT_LABELS[kind])), row, 0)
            adjustments.addWidget(points, row, 1)
            adjustments.addWidget(justification, row, 2)
            points.valueChanged.connect(lambda _v: self._update_assessment())
            self._adjustments[kind] = (points, justification)
        self.adjustments_box = QWidget()
        self.adjustments_box.setLayout(adjustments)
        form.addRow(_("Adjustments"), self.adjustments_box)
        self.identification = combo(IDENTIFICATION_LABELS, incident.identification, allow_none=True)
        form.addRow(_("Ease of identification"), self.identification)
        self.lost_confidentiality = combo(CONFIDENTIALITY_LABELS, incident.lost_confidentiality)
        self.lost_integrity = combo(INTEGRITY_LABELS, incident.lost_integrity)
        self.lost_availability = combo(AVAILABILITY_LABELS, incident.lost_availability)
        self.malicious = QCheckBox(_("Malicious intent (+0.5)"))
        self.malicious.setChecked(incident.malicious)
        form.addRow(_("Loss of confidentiality"), self.lost_confidentiality)
        form.addRow(_("Loss of integrity"), self.lost_integrity)
        form.addRow(_("Loss of availability"), self.lost_availability)
        form.addRow("", self.malicious)
        self.score_label = QLabel()
        self.score_label.setObjectName("severityScore")
        self.score_label.setWordWrap(True)
        self.score_label.setStyleSheet("font-weight: 600;")
        form.addRow(_("Severity"), self.score_label)
        self.recommendation_label = QLabel()
        self.recommendation_label.setObjectName("recommendation")
        self.recommendation_label.setWordWrap(True)
        form.addRow(_("Policy's recommendation"), self.recommendation_label)
        form.addRow(QLabel("<b>" + _("The DPO's decision") + "</b>"))
        self.decision = combo(RECOMMENDATION_LABELS, incident.decision, allow_none=True)
        form.addRow(_("Decision"), self.decision)
        self.decision_reasoning = text_edit(incident.decision_reasoning, 3)
        form.addRow(_("Reasoning of the decision"), self.decision_reasoning)
        self.exemption = combo(EXEMPTION_LABELS, incident.exemption, allow_none=True)
        form.addRow(_("Art. 34(3) exemption"), self.exemption)
        for box in (
            self.identification,
            self.lost_confidentiality,
            self.lost_integrity,
            self.lost_availability,
        ):
            box.currentIndexChanged.connect(lambda _i: self._update_assessment())
        self.malicious.toggled.connect(lambda _c: self._update_assessment())
        self._fields.update(
            {
                "finding_reasoning": self.finding_reasoning,
                "adjustments": self.adjustments_box,
                "decision_reasoning": self.decision_reasoning,
                "exemption": self.exemption,
            }
        )
        return tab

    def _notification_tab(self, incident: Incident) -> QWidget:
        tab, form = form_tab()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        self.clock_label.setWordWrap(True)
        form.addRow(_("72-hour clock"), self.clock_label)
        notified = QHBoxLayout()
        self.notified_at = InstantEdit(incident.notified_at)
        notified_now = QPushButton(_("Now"))
        notified_now.clicked.connect(lambda: self.notified_at.set_instant(utc_now()))
        notified.addWidget(self.notified_at)
        notified.addWidget(notified_now)
        notified.addStretch()
        form.addRow(_("AZOP notified at"), notified)
        self.delay_reasons = text_edit(incident.delay_reasons, 2)
        form.addRow(_("Reasons for the delay"), self.delay_reasons)
        self.authority_reference = QLineEdit(incident.authority_reference)
        self.authority_reference.setMaxLength(64)
        form.addRow(_("AZOP case number"), self.authority_reference)
        self.measures_taken = text_edit(incident.measures_taken, 3)
        form.addRow(_("Measures taken"), self.measures_taken)
        self.measures_proposed = text_edit(incident.measures_proposed, 3)
        form.addRow(_("Measures proposed"), self.measures_proposed)
        self.subjects_told_on = date_edit(incident.subjects_told_on)
        self.subjects_told_on.setMaximumWidth(160)
        form.addRow(_("Data subjects told on"), self.subjects_told_on)
        self.subjects_told_how = QLineEdit(incident.subjects_told_how)
        form.addRow(_("How they were told"), self.subjects_told_how)
        self.notified_at.dateTimeChanged.connect(lambda _d: self._update_clock())
        self._fields.update(
            {
                "notified_at": self.notified_at,
                "delay_reasons": self.delay_reasons,
                "subjects_told_on": self.subjects_told_on,
            }
        )
        return tab

    def _checklist_tab(self, incident: Incident) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.checklist_hint = QLabel()
        self.checklist_hint.setWordWrap(True)
        layout.addWidget(self.checklist_hint)
        self.steps = QTableWidget(0, 6)
        self.steps.setObjectName("checklist")
        self.steps.setHorizontalHeaderLabels(
            [_("Done"), _("Step"), _("Role"), _("Due"), _("Done by"), _("Done at")]
        )
        self.steps.verticalHeader().hide()
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._steps = list(incident.checklist)
        self._show_steps()
        self.steps.itemChanged.connect(self._step_changed)
        layout.addWidget(self.steps, 1)
        self._fields["checklist"] = self.steps
        return tab

    # --- behaviour -------------------------------------------------------------------------
    def _show_steps(self) -> None:
        aware = self.aware_at.value() if hasattr(self, "aware_at") else None
        now = utc_now()
        self.steps.blockSignals(True)
        self.steps.setRowCount(len(self._steps))
        for row, step in enumerate(self._steps):
            done = QTableWidgetItem()
            done.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            done.setCheckState(
                Qt.CheckState.Checked if step.done_at is not None else Qt.CheckState.Unchecked
            )
            cells = [
                done,
                QTableWidgetItem(step.title),
                QTableWidgetItem(step.role),
                QTableWidgetItem(
                    format_instant(step.due_at(aware))
                    if aware is not None
                    else _("+{hours} h").format(hours=step.due_hours)
                ),
                QTableWidgetItem(step.done_by),
                QTableWidgetItem(format_instant(step.done_at) if step.done_at else ""),
            ]
            overdue = step.is_overdue(aware, now)
            for column, cell in enumerate(cells):
                if column not in (0, 4):
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if overdue:
                    # Amber, as the page marks an incident with a step overdue.
                    cell.setBackground(QColor(STEP_OVERDUE_COLOUR))
                    if column == 3:
                        cell.setText(cell.text() + " — " + _("overdue"))
                self.steps.setItem(row, column, cell)
        self.steps.blockSignals(False)
        self.checklist_hint.setText(
            _(
                "The steps of the response plan, due in hours after awareness. Tick a step "
                "when it is done: who and when are recorded."
            )
            if self._steps
            else _(
                "No checklist yet: choose a response plan on the first tab; its steps are "
                "started when the incident is saved."
            )
        )

    def _step_changed(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        step = self._steps[row]
        if column == 0:
            if item.checkState() == Qt.CheckState.Checked and step.done_at is None:
                step = replace(
                    step,
                    done_at=utc_now().replace(second=0, microsecond=0),
                    done_by=step.done_by or getpass.getuser(),
                )
            elif item.checkState() == Qt.CheckState.Unchecked:
                step = replace(step, done_at=None, done_by="")
        elif column == 4:
            step = replace(step, done_by=item.text())
        self._steps[row] = step
        self._show_steps()

    def _status_changed(self) -> None:
        """Closing dates itself today unless a date is given."""
        if (
            self.status.currentData() == IncidentStatus.CLOSED
            and date_value(self.closed_on) is None
        ):
            today = office_today()
            self.closed_on.setDate(QDate(today.year, today.month, today.day))

    def _suggest_scenario(self) -> None:
        if self.scenario.currentData() is None:
            suggested = SCENARIO_OF_CAUSE.get(Cause(self.cause.currentData()))
            if suggested is not None:
                self.scenario.setCurrentIndex(self.scenario.findData(suggested))

    def _scenario_changed(self) -> None:
        """Another plan replaces a checklist nobody has started on (its steps are started
        when the incident is saved); a checklist with ticked steps stays as it is."""
        if not hasattr(self, "steps") or any(s.done_at is not None for s in self._steps):
            return
        self._steps = []
        self._show_steps()

    def _update_processor(self) -> None:
        on = self.processor_reported.isChecked()
        self.processor.setEnabled(on)
        self.processor_reported_at.setEnabled(on)

    def suggest_categories(self) -> None:
        """Ticks the data and data-subject categories of the ticked activities (adding to what
        is ticked: the DPO removes what the incident did not touch)."""
        suggestion = self._services.incidents.suggest(self.activities.chosen())
        for checklist, ids in (
            (self.data_categories, suggestion.data_category_ids),
            (self.subject_categories, suggestion.subject_category_ids),
        ):
            wanted = set(ids)
            for index in range(checklist.count()):
                item = checklist.item(index)
                if item.data(Qt.ItemDataRole.UserRole) in wanted:
                    item.setCheckState(Qt.CheckState.Checked)
        self._update_assessment()

    def _update_assessment(self) -> None:
        if not hasattr(self, "score_label"):
            return
        incident = self._collect()
        evaluation = self._services.incidents.evaluate(incident)
        types = evaluation.data_types
        base = base_context(types)
        self.base_label.setText(
            _("{base}: the highest of the data categories' ENISA types ({types})").format(
                base=base,
                types=", ".join(_(DATA_TYPE_LABELS[t]) for t in types)
                or _("none given: simple data assumed"),
            )
        )
        found = evaluation.severity
        if found is None:
            self.score_label.setText(_("Choose the ease of identification to score."))
            self.recommendation_label.setText("")
            return
        self.score_label.setText(severity_formula(found))
        policy = self._services.incidents.policy()
        assert evaluation.recommendation is not None
        self.recommendation_label.setText(
            _(
                "{advice} (the organisation notifies AZOP from {authority} and tells the data "
                "subjects from {subjects})"
            ).format(
                advice=_(RECOMMENDATION_LABELS[evaluation.recommendation]),
                authority=_(BAND_LABELS[policy.authority_from]).lower(),
                subjects=_(BAND_LABELS[policy.subjects_from]).lower(),
            )
        )

    def _update_clock(self) -> None:
        aware = self.aware_at.value()
        notified = self.notified_at.value()
        now = utc_now()
        if aware is None:
            text = _("Not running: the organisation's awareness is not yet recorded.")
            urgent = False
        else:
            deadline = notification_deadline(aware)
            if notified is not None:
                elapsed = hours_elapsed(aware, notified)
                text = _("AZOP notified {elapsed} after awareness{late}.").format(
                    elapsed=hours_text(elapsed),
                    late=_(": late, give the reasons for the delay")
                    if elapsed > NOTIFICATION_HOURS
                    else "",
                )
                urgent = elapsed > NOTIFICATION_HOURS
            else:
                elapsed = hours_elapsed(aware, now)
                left = NOTIFICATION_HOURS - elapsed
                text = _(
                    "Aware since {aware}; 72 hours end {deadline} (Zagreb time). "
                    "Elapsed {elapsed}; {left}."
                ).format(
                    aware=format_instant(aware),
                    deadline=format_instant(deadline),
                    elapsed=hours_text(elapsed),
                    left=_("{time} left").format(time=hours_text(left))
                    if left >= 0
                    else _("overdue by {time}").format(time=hours_text(left)),
                )
                urgent = is_in_last_hours(aware, now)
        self.clock_label.setText(text)
        self.clock_banner.setText(text)
        style = "background: %s; padding: 4px;" % (OVERDUE_COLOUR if urgent else "#eef3f8")
        self.clock_banner.setStyleSheet(style)
        self.clock_banner.setProperty("urgent", urgent)
        # Redrawn for the overdue marks, but never under a name being typed (the redraw would
        # throw the editor's text away).
        if hasattr(self, "steps") and self.steps.state() != QAbstractItemView.State.EditingState:
            self._show_steps()

    def _collect(self) -> Incident:
        adjustments = (
            tuple(
                Adjustment(kind, points.value(), justification.text())
                for kind, (points, justification) in self._adjustments.items()
                if points.value() != 0 or justification.text().strip()
            )
            if hasattr(self, "_adjustments")
            else self._original.adjustments
        )
        return replace(
            self._original,
            title=self.title_edit.text(),
            description=self.description.toPlainText(),
            detected_at=self.detected_at.value(),
            occurred_from=self.occurred_from.value(),
            occurred_to=self.occurred_to.value(),
            aware_at=self.aware_at.value(),
            processor_reported=self.processor_reported.isChecked(),
            processor_recipient_id=self.processor.currentData(),
            processor_reported_at=self.processor_reported_at.value(),
            reported_by=self.reported_by.text(),
            confidentiality=self.confidentiality.isChecked(),
            integrity=self.integrity.isChecked(),
            availability=self.availability.isChecked(),
            cause=Cause(self.cause.currentData()),
            cause_details=self.cause_details.text(),
            ongoing=self.ongoing.isChecked(),
            scenario=Scenario(s) if (s := self.scenario.currentData()) else None,
            status=IncidentStatus(self.status.currentData()),
            closed_on=date_value(self.closed_on),
            activity_ids=self.activities.chosen(),
            data_category_ids=self.data_categories.chosen(),
            subject_category_ids=self.subject_categories.chosen(),
            subjects_approx=_spin_value(self.subjects_approx),
            records_approx=_spin_value(self.records_approx),
            consequences=self.consequences.toPlainText(),
            cross_border=self.cross_border.isChecked(),
            cross_border_details=self.cross_border_details.text(),
            finding=BreachFinding(self.finding.currentData()),
            finding_reasoning=self.finding_reasoning.toPlainText(),
            identification=Identification(i) if (i := self.identification.currentData()) else None,
            lost_confidentiality=Confidentiality(self.lost_confidentiality.currentData()),
            lost_integrity=Integrity(self.lost_integrity.currentData()),
            lost_availability=Availability(self.lost_availability.currentData()),
            malicious=self.malicious.isChecked(),
            adjustments=adjustments,
            decision=Recommendation(d) if (d := self.decision.currentData()) else None,
            decision_reasoning=self.decision_reasoning.toPlainText(),
            exemption=Exemption(e) if (e := self.exemption.currentData()) else None,
            notified_at=self.notified_at.value(),
            delay_reasons=self.delay_reasons.toPlainText(),
            authority_reference=self.authority_reference.text(),
            measures_taken=self.measures_taken.toPlainText(),
            measures_proposed=self.measures_proposed.toPlainText(),
            subjects_told_on=date_value(self.subjects_told_on),
            subjects_told_how=self.subjects_told_how.text(),
            checklist=tuple(self._steps),
        )

    @override
    def _write(self) -> Changes:
        self.saved, changes = self._services.incidents.save(self._collect())
        return changes

    @override
    def _is_edited(self) -> bool:
        return self._collect() != self._initial


class PlansDialog(QDialog):
    """The organisation's response plans, one per scenario: ordered steps, each with a role
    and a due time in hours after awareness. A change applies to incidents recorded after it;
    a started checklist stays as it was started."""

    changed = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("plansDialog")
        self.setWindowTitle(_("Response plans"))
        self.resize(820, 560)
        self._services = services
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Scenario")))
        self.scenario = combo(SCENARIO_LABELS, Scenario.RANSOMWARE)
        top.addWidget(self.scenario, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("planSteps")
        self.table.setHorizontalHeaderLabels([_("Step"), _("Role"), _("Due (hours)")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row_buttons = QHBoxLayout()
        for label, slot in (
            (_("Add step"), self.add_step),
            (_("Remove step"), self.remove_step),
            (_("Move up"), partial(self.move_step, -1)),
            (_("Move down"), partial(self.move_step, 1)),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row_buttons.addWidget(button)
        row_buttons.addStretch()
        layout.addLayout(row_buttons)
        self.errors = QLabel()
        self.errors.setObjectName("errorBanner")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #a40000;")
        self.errors.hide()
        layout.addWidget(self.errors)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._plan = services.incidents.plan(Scenario.RANSOMWARE)
        self._show(self._plan)
        self.scenario.currentIndexChanged.connect(lambda _i: self._switch())

    def _show(self, plan: ResponsePlan) -> None:
        self._plan = plan
        self.table.setRowCount(0)
        for step in plan.steps:
            self._append(step)
        self._shown = self.steps()

    def _append(self, step: PlanStep) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(step.title))
        self.table.setItem(row, 1, QTableWidgetItem(step.role))
        hours = QSpinBox()
        hours.setRange(0, 24 * 90)
        hours.setSuffix(" h")
        hours.setValue(step.due_hours)
        self.table.setCellWidget(row, 2, hours)

    def steps(self) -> tuple[PlanStep, ...]:
        found = []
        for row in range(self.table.rowCount()):
            title, role = self.table.item(row, 0), self.table.item(row, 1)
            hours = self.table.cellWidget(row, 2)
            assert isinstance(hours, QSpinBox)
            found.append(
                PlanStep(title.text() if title else "", role.text() if role else "", hours.value())
            )
        return tuple(found)

    def _switch(self) -> None:
        if self.steps() != self._shown:
            answer = QMessageBox.question(
                self,
                _("Save the plan?"),
                _("The plan you were editing has unsaved changes. Save them first?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Save and not self.save():
                previous = self.scenario.findData(self._plan.scenario)
                self.scenario.blockSignals(True)
                self.scenario.setCurrentIndex(previous)
                self.scenario.blockSignals(False)
                return
        self.errors.hide()
        self._show(self._services.incidents.plan(Scenario(self.scenario.currentData())))

    def add_step(self) -> None:
        self._append(PlanStep("", "", 24))
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        item = self.table.item(self.table.rowCount() - 1, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_step(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_step(self, offset: int) -> None:
        row = self.table.currentRow()
        steps = list(self.steps())
        target = row + offset
        if row < 0 or not 0 <= target < len(steps):
            return
        steps[row], steps[target] = steps[target], steps[row]
        self.table.setRowCount(0)
        for step in steps:
            self._append(step)
        self.table.setCurrentCell(target, 0)

    def save(self) -> bool:
        try:
            saved, changes = self._services.incidents.save_plan(
                replace(self._plan, steps=self.steps())
            )
        except ValidationError as error:
            self.errors.setText(
                _("Not saved. Please correct:") + "\n" + "\n".join(f"• {e}" for e in error.errors)
            )
            self.errors.show()
            return False
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Cannot save"), str(error))
            return False
        self.errors.hide()
        self._show(saved)
        self.changed.emit(changes)
        return True

    @override
    def reject(self) -> None:
        if self.steps() != self._shown:
            answer = QMessageBox.question(
                self,
                _("Discard changes?"),
                _("The plan has unsaved changes. Close without saving?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class PolicyDialog(FormDialog):
    """From which severity band the organisation notifies AZOP and tells the data subjects.
    ENISA does not say; the default is medium for AZOP (a risk, Art. 33(1)) and high for the
    data subjects (a high risk, Art. 34(1))."""

    def __init__(self, services: Services, parent: QWidget | None) -> None:
        super().__init__(_("Notification policy"), parent)
        self.setObjectName("policyDialog")
        self._services = services
        policy = services.incidents.policy()
        self._initial = policy
        note = QLabel(
            _(
                "ENISA's method gives a score and a band; which bands are notified is the "
                "organisation's policy. The default: AZOP from medium (a risk, Art. 33(1)), "
                "the data subjects from high (a high risk, Art. 34(1)). The DPO's decision on "
                "each breach is recorded beside the recommendation."
            )
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        form = QFormLayout()
        self.authority_from = combo(BAND_LABELS, policy.authority_from)
        self.subjects_from = combo(BAND_LABELS, policy.subjects_from)
        form.addRow(_("Notify AZOP from"), self.authority_from)
        form.addRow(_("Tell the data subjects from"), self.subjects_from)
        self.layout_.addLayout(form)
        self._fields["subjects_from"] = self.subjects_from
        self._finish_layout()

    def policy(self) -> NotificationPolicy:
        return NotificationPolicy(
            Band(self.authority_from.currentData()), Band(self.subjects_from.currentData())
        )

    @override
    def _write(self) -> Changes:
        return self._services.incidents.set_policy(self.policy())

    @override
    def _is_edited(self) -> bool:
        return self.policy() != self._initial
