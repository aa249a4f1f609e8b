"""The complaints page: every complaint, read lazily, AZOP's open deadlines marked; the complaint
form with what it concerns, the AZOP case, and the log that only grows (an entry is added,
never edited: a correction is a new entry naming the one it corrects); the dossier and the
complaint-handling log as PDF."""

from __future__ import annotations

import getpass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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

from dpo_desk.domain.activity import ActivityFilter
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.columns import Column
from dpo_desk.domain.complaint import (
    COMPLAINT_STATUS_LABELS,
    DECISION_LABELS,
    ENTRY_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    AuthorityCase,
    Complaint,
    ComplaintFilter,
    ComplaintSort,
    ComplaintStatus,
    ComplaintSummary,
    DecisionOutcome,
    Entry,
    EntryKind,
    Outcome,
    Reason,
)
from dpo_desk.domain.errors import DpoDeskError, FieldError
from dpo_desk.domain.incident import IncidentFilter
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import CHANNEL_LABELS, Channel, RequestFilter
from dpo_desk.domain.timefmt import format_day, office_today
from dpo_desk.i18n import N_, _
from dpo_desk.services.bundle import Services
from dpo_desk.ui.forms import (
    AttachedFiles,
    Checklist,
    FormDialog,
    combo,
    date_edit,
    date_value,
    form_tab,
    text_edit,
)
from dpo_desk.ui.paged_page import PagedPage
from dpo_desk.ui.table_model import OVERDUE_COLOUR, PagedTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import (
    error_banner,
    filter_combo,
    open_stored_documents,
    page_title,
    query_when_typing_pauses,
)

#: An AZOP deadline within this many days is amber; past it, red.
DUE_SOON_DAYS = 7
DUE_SOON_COLOUR = "#fbe7c6"


def complaint_columns(today: date) -> tuple[Column[ComplaintSummary], ...]:
    def due(row: ComplaintSummary) -> str:
        if row.next_due_on is None:
            return ""
        days = (row.next_due_on - today).days
        if days < 0:
            return _("{date}: overdue").format(date=format_day(row.next_due_on))
        return format_day(row.next_due_on)

    return (
        Column("reference", N_("Reference"), lambda r: r.reference, 14, ComplaintSort.REFERENCE),
        Column(
            "received_on",
            N_("Received"),
            lambda r: format_day(r.received_on),
            11,
            ComplaintSort.RECEIVED,
        ),
        Column("channel", N_("Received by"), lambda r: _(CHANNEL_LABELS[r.channel]), 10),
        Column(
            "complainant", N_("Complainant"), lambda r: r.complainant, 24, ComplaintSort.COMPLAINANT
        ),
        Column(
            "reason", N_("Reason"), lambda r: _(REASON_LABELS[r.reason]), 22, ComplaintSort.REASON
        ),
        Column(
            "status",
            N_("Status"),
            lambda r: _(COMPLAINT_STATUS_LABELS[r.status]),
            14,
            ComplaintSort.STATUS,
        ),
        Column("case_number", N_("AZOP case"), lambda r: r.case_number, 18),
        Column("due", N_("AZOP deadline"), due, 16, ComplaintSort.DUE),
        Column(
            "outcome",
            N_("Outcome"),
            lambda r: _(OUTCOME_LABELS[r.outcome]) if r.outcome else "",
            12,
        ),
    )


class ComplaintsPage(PagedPage[ComplaintSummary]):
    key = "complaints"
    summary_type = ComplaintSummary
    sort_type = ComplaintSort

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._sort = ComplaintSort.RECEIVED
        self._descending = True
        self._today = office_today()
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Complaints")))
        hint = QLabel(
            _(
                "Complaints to the organisation and to AZOP, newest first. AZOP's deadlines "
                "are due dates: red when passed, amber within a week."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New complaint…"))
        self.new_button.setToolTip(_("Record a complaint (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new_complaint)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.dossier_button = QPushButton(_("Dossier as PDF…"))
        self.dossier_button.clicked.connect(lambda: self.save_dossier())
        log = QPushButton(_("Complaint log…"))
        log.clicked.connect(self.show_log)
        for widget in (self.new_button, self.open_button, self.dossier_button):
            buttons.addWidget(widget)
        buttons.addStretch()
        buttons.addWidget(log)
        layout.addLayout(buttons)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search reference, complainant, AZOP case, summary…"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = filter_combo(_("Any status"), COMPLAINT_STATUS_LABELS)
        self.reason_filter = filter_combo(_("Any reason"), REASON_LABELS)
        self.escalated = QCheckBox(_("Before AZOP"))
        self.due_soon = QCheckBox(_("AZOP deadline within a week"))
        filters.addWidget(self.search, 2)
        for field in (self.status_filter, self.reason_filter, self.escalated, self.due_soon):
            filters.addWidget(field)
        layout.addLayout(filters)

        self.model: PagedTableModel[ComplaintSummary] = PagedTableModel(
            complaint_columns(self._today), self._fetch, self._count, tint=self._tint
        )
        self.table = self.paged_table(
            "complaintsTable", "received_on", Qt.SortOrder.DescendingOrder, "complainant"
        )
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        query_when_typing_pauses(self.search, self.requery)
        for box in (self.status_filter, self.reason_filter):
            box.currentIndexChanged.connect(lambda _index: self.requery())
        for check in (self.escalated, self.due_soon):
            check.toggled.connect(lambda _checked: self.requery())
        self.connect_table(
            self.open_selected,
            (
                ("Ctrl+Shift+N", self.new_complaint),
                (QKeySequence.StandardKey.Find, self.search.setFocus),
            ),
        )
        self._filter = self.current_filter()
        self.reload()

    def current_filter(self) -> ComplaintFilter:
        return ComplaintFilter(
            search=self.search.text(),
            status=ComplaintStatus(s) if (s := self.status_filter.currentData()) else None,
            reason=Reason(r) if (r := self.reason_filter.currentData()) else None,
            escalated=self.escalated.isChecked(),
            due_by=self._today + timedelta(days=DUE_SOON_DAYS)
            if self.due_soon.isChecked()
            else None,
            sort=self._sort,
            descending=self._descending,
        )

    def _fetch(self, offset: int, limit: int) -> list[ComplaintSummary]:
        return self._services.complaints.summaries(self._filter, offset, limit)

    def _count(self) -> int:
        return self._services.complaints.count(self._filter)

    def _tint(self, row: ComplaintSummary) -> str | None:
        if row.next_due_on is None:
            return None
        if row.next_due_on < self._today:
            return OVERDUE_COLOUR
        return DUE_SOON_COLOUR if (row.next_due_on - self._today).days <= DUE_SOON_DAYS else None

    def reload(self) -> None:
        selected = self.selected_summary()
        self._today = office_today()
        self._filter = self.current_filter()
        self.model.set_columns(complaint_columns(self._today))
        shown = self.model.total()
        unfiltered = self._filter == ComplaintFilter(sort=self._sort, descending=self._descending)
        total = shown if unfiltered else self._services.complaints.count()
        due = self._services.complaints.count(
            ComplaintFilter(due_by=self._today + timedelta(days=DUE_SOON_DAYS))
        )
        self.count_label.setText(
            _(
                "{shown} of {total} complaints shown; {due} with an AZOP deadline within a week"
            ).format(shown=shown, total=total, due=due)
        )
        if selected is not None:
            self.select_id(selected.id)
        self._update_buttons()

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.COMPLAINTS):
            self.reload_when_shown()

    def _update_buttons(self) -> None:
        selected = self.selected_summary() is not None
        self.open_button.setEnabled(selected)
        self.dossier_button.setEnabled(selected)

    def new_complaint(self) -> ComplaintDialog:
        return self._edit(Complaint(received_on=office_today()))

    def _edit(self, complaint: Complaint) -> ComplaintDialog:
        dialog = ComplaintDialog(self._services, complaint, self)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.finished.connect(lambda _result: self.reload() if dialog.stale else None)
        dialog.open()
        return dialog

    def selected_complaint(self) -> Complaint | None:
        return self.fetch_selected(self._services.complaints.get, _("Complaint"))

    def open_selected(self) -> ComplaintDialog | None:
        complaint = self.selected_complaint()
        return self._edit(complaint) if complaint is not None else None

    def save_dossier(self, destination: Path | None = None) -> Path | None:
        from dpo_desk.reports.complaint_reports import write_dossier

        complaint = self.selected_complaint()
        if complaint is None:
            return None
        if destination is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save the dossier"), f"{complaint.reference}.pdf", "PDF (*.pdf)"
            )
            if not name:
                return None
            destination = Path(name)
        try:
            written = write_dossier(self._services, complaint, destination)
        except (DpoDeskError, OSError) as error:
            QMessageBox.warning(self, _("Dossier"), str(error))
            return None
        self.message.emit(_("Written: {path}").format(path=written))
        return written

    def show_log(self) -> LogDialog:
        dialog = LogDialog(self._services, self._tasks, self)
        dialog.written.connect(self.message.emit)
        dialog.open()
        return dialog


class EntryDialog(QDialog):
    """A new entry of the log: dated, who, what, documents; an AZOP letter may set a deadline;
    a correction names the entry it corrects."""

    def __init__(self, parent: QWidget, count: int, escalated: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add to the log"))
        self.entry: Entry | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        today = office_today()
        self.on = date_edit(today)
        self.on.setMaximumDate(QDate(today.year, today.month, today.day))
        kinds = {
            kind: label
            for kind, label in ENTRY_LABELS.items()
            if escalated
            or kind not in (EntryKind.AZOP_LETTER, EntryKind.AZOP_REPLY, EntryKind.DECISION)
        }
        if count == 0:
            kinds.pop(EntryKind.CORRECTION)
        self.kind = combo(kinds, EntryKind.NOTE)
        self.who = QLineEdit(getpass.getuser())
        self.text = text_edit("", 3)
        self.due_on = date_edit(None)
        self.corrects = QSpinBox()
        self.corrects.setRange(1, max(count, 1))
        self.error = error_banner()
        self.files = AttachedFiles(self.error, 60)
        form.addRow(_("Date"), self.on)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Who"), self.who)
        form.addRow(_("What"), self.text)
        form.addRow(_("Deadline set by AZOP"), self.due_on)
        form.addRow(_("Corrects entry number"), self.corrects)
        form.addRow(_("Documents"), self.files)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    def _update(self) -> None:
        kind = EntryKind(self.kind.currentData())
        self.due_on.setEnabled(kind is EntryKind.AZOP_LETTER)
        self.corrects.setEnabled(kind is EntryKind.CORRECTION)

    def attach(self, paths: list[Path]) -> bool:
        return self.files.attach(paths)

    def confirm(self) -> None:
        day = date_value(self.on)
        kind = EntryKind(self.kind.currentData())
        problems = []
        if day is None:
            problems.append(FieldError("on", _("Date"), _("is required")))
        if not self.text.toPlainText().strip():
            problems.append(FieldError("text", _("What"), _("is required")))
        if problems or day is None:
            self.error.setText("\n".join(str(p) for p in problems))
            self.error.show()
            return
        self.entry = Entry(
            on=day,
            kind=kind,
            text=self.text.toPlainText(),
            who=self.who.text(),
            due_on=date_value(self.due_on) if kind is EntryKind.AZOP_LETTER else None,
            corrects=self.corrects.value() if kind is EntryKind.CORRECTION else None,
            new_documents=tuple(self.files.documents),
        )
        self.accept()


class ComplaintDialog(FormDialog):
    def __init__(self, services: Services, complaint: Complaint, parent: QWidget | None) -> None:
        title = (
            _("Complaint {reference}").format(reference=complaint.reference)
            if complaint.reference
            else _("New complaint")
        )
        super().__init__(title, parent)
        self.setObjectName("complaintDialog")
        self.resize(900, 680)
        self._services = services
        self._original = complaint
        self.saved: Complaint | None = None
        self._entries = list(complaint.entries)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._complaint_tab(complaint), _("Complaint"))
        self.tabs.addTab(self._concerns_tab(complaint), _("Concerns"))
        self.tabs.addTab(self._authority_tab(complaint), _("AZOP"))
        self.tabs.addTab(self._log_tab(), _("Log"))
        self.layout_.addWidget(self.tabs, 1)
        self._finish_layout()
        for edit in (
            self.received_on,
            self.answered_on,
            self.closed_on,
            self.lodged_on,
            self.decided_on,
            self.lawsuit_filed_on,
        ):
            edit.setMaximumWidth(160)
        self._initial = self._collect()
        self._update_authority()

    def _complaint_tab(self, complaint: Complaint) -> QWidget:
        tab, form = form_tab()
        self.received_on = date_edit(complaint.received_on)
        self.channel = combo(CHANNEL_LABELS, complaint.channel)
        self.name = QLineEdit(complaint.complainant.name)
        self.email = QLineEdit(complaint.complainant.email)
        self.phone = QLineEdit(complaint.complainant.phone)
        self.has_representative = QCheckBox(_("Made by a representative"))
        self.has_representative.setChecked(complaint.representative is not None)
        representative = complaint.representative or Person()
        self.representative_name = QLineEdit(representative.name)
        self.representative_email = QLineEdit(representative.email)
        self.reason = combo(REASON_LABELS, complaint.reason)
        self.reason_text = QLineEdit(complaint.reason_text)
        self.summary = text_edit(complaint.summary, 3)
        status = QHBoxLayout()
        self.status = combo(COMPLAINT_STATUS_LABELS, complaint.status)
        status.addWidget(self.status)
        status.addStretch()
        self.answered_on = date_edit(complaint.answered_on)
        self.outcome = combo(OUTCOME_LABELS, complaint.outcome, allow_none=True)
        self.closed_on = date_edit(complaint.closed_on)
        for label, widget in (
            (_("Received on") + " *", self.received_on),
            (_("Received by"), self.channel),
            (_("Complainant") + " *", self.name),
            (_("E-mail"), self.email),
            (_("Telephone"), self.phone),
            ("", self.has_representative),
            (_("Representative"), self.representative_name),
            (_("Representative's e-mail"), self.representative_email),
            (_("Reason"), self.reason),
            (_("Reason in detail"), self.reason_text),
            (_("Summary"), self.summary),
            (_("Status"), status),
            (_("Answered on"), self.answered_on),
            (_("Outcome"), self.outcome),
            (_("Closed on"), self.closed_on),
        ):
            form.addRow(label, widget)
        self.has_representative.toggled.connect(lambda _c: self._update_representative())
        self._update_representative()
        self._fields.update(
            {
                "received_on": self.received_on,
                "complainant": self.name,
                "complainant.email": self.email,
                "representative": self.representative_name,
                "reason_text": self.reason_text,
                "answered_on": self.answered_on,
                "outcome": self.outcome,
                "closed_on": self.closed_on,
                "status": self.status,
            }
        )
        return tab

    def _update_representative(self) -> None:
        on = self.has_representative.isChecked()
        self.representative_name.setEnabled(on)
        self.representative_email.setEnabled(on)

    def _concerns_tab(self, complaint: Complaint) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)
        requests = self._services.requests.summaries(RequestFilter())
        incidents = self._services.incidents.summaries(IncidentFilter())
        activities = self._services.activities.summaries(ActivityFilter())
        self.requests = Checklist(
            ((r.id, f"{r.reference}: {r.subject_name}", "") for r in requests),
            complaint.request_ids,
        )
        self.incidents = Checklist(
            ((i.id, f"{i.reference}: {i.title}", "") for i in incidents), complaint.incident_ids
        )
        self.activities = Checklist(
            ((a.id, a.name, a.owner) for a in activities), complaint.activity_ids
        )
        for title, widget in (
            (_("Requests"), self.requests),
            (_("Incidents"), self.incidents),
            (_("Processing activities"), self.activities),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            layout.addWidget(box)
        return tab

    def _authority_tab(self, complaint: Complaint) -> QWidget:
        tab, form = form_tab()
        case = complaint.authority or AuthorityCase()
        self.escalated = QCheckBox(_("The complaint is before AZOP"))
        self.escalated.setChecked(complaint.authority is not None)
        self.case_number = QLineEdit(case.case_number)
        self.lodged_on = date_edit(case.lodged_on)
        self.decided_on = date_edit(case.decided_on)
        self.decision = combo(DECISION_LABELS, case.decision, allow_none=True)
        self.decision_summary = text_edit(case.decision_summary, 2)
        self.lawsuit_filed_on = date_edit(case.lawsuit_filed_on)
        self.lawsuit_court = QLineEdit(case.lawsuit_court)
        self.lawsuit_number = QLineEdit(case.lawsuit_number)
        self.lawsuit_outcome = text_edit(case.lawsuit_outcome, 2)
        self.deadlines = QLabel()
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setWordWrap(True)
        for label, widget in (
            ("", self.escalated),
            (_("AZOP case number"), self.case_number),
            (_("Lodged with AZOP on"), self.lodged_on),
            (_("Open AZOP deadlines"), self.deadlines),
            (_("Decision (rješenje)"), self.decision),
            (_("Decided on"), self.decided_on),
            (_("Decision in short"), self.decision_summary),
            (_("Lawsuit filed on"), self.lawsuit_filed_on),
            (_("Administrative court"), self.lawsuit_court),
            (_("Lawsuit case number"), self.lawsuit_number),
            (_("Outcome of the lawsuit"), self.lawsuit_outcome),
        ):
            form.addRow(label, widget)
        self.escalated.toggled.connect(lambda _c: self._update_authority())
        self._fields.update(
            {
                "authority.case_number": self.case_number,
                "authority.decision": self.decision,
                "authority.decided_on": self.decided_on,
                "authority.lawsuit": self.lawsuit_court,
            }
        )
        return tab

    def _update_authority(self) -> None:
        on = self.escalated.isChecked()
        for widget in (
            self.case_number,
            self.lodged_on,
            self.decided_on,
            self.decision,
            self.decision_summary,
            self.lawsuit_filed_on,
            self.lawsuit_court,
            self.lawsuit_number,
            self.lawsuit_outcome,
        ):
            widget.setEnabled(on)
        deadlines = self._collect().open_deadlines()
        self.deadlines.setText(
            "; ".join(
                _("{date} (entry {n})").format(date=format_day(e.due_on), n=n) for n, e in deadlines
            )
            or _("none")
        )

    def _log_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(
            _(
                "Every action, dated. The log only grows: to correct an entry, add a "
                "correction that names it."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.log = QTableWidget(0, 6)
        self.log.setObjectName("log")
        self.log.setHorizontalHeaderLabels(
            [_("No."), _("Date"), _("Kind"), _("Who"), _("What"), _("Documents")]
        )
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.log.verticalHeader().hide()
        layout.addWidget(self.log, 1)
        buttons = QHBoxLayout()
        add = QPushButton(_("Add entry…"))
        add.clicked.connect(self.add_entry)
        open_documents = QPushButton(_("Open documents"))
        open_documents.clicked.connect(self._open_documents)
        buttons.addWidget(add)
        buttons.addWidget(open_documents)
        buttons.addStretch()
        layout.addLayout(buttons)
        self._fields["entries"] = self.log
        self._show_log()
        return tab

    def _show_log(self) -> None:
        self.log.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            what = entry.text
            if entry.corrects is not None:
                what += " " + _("(corrects entry {n})").format(n=entry.corrects)
            if entry.due_on is not None:
                what += " " + _("— due {date}").format(date=format_day(entry.due_on))
            documents = len(entry.document_ids) + len(entry.new_documents)
            for column, text in enumerate(
                (
                    str(row + 1),
                    format_day(entry.on),
                    _(ENTRY_LABELS[entry.kind]),
                    entry.who,
                    what,
                    str(documents) if documents else "",
                )
            ):
                self.log.setItem(row, column, QTableWidgetItem(text))

    def add_entry(self) -> EntryDialog:
        dialog = EntryDialog(self, len(self._entries), self.escalated.isChecked())
        dialog.accepted.connect(lambda: self._entry_added(dialog))
        dialog.open()
        return dialog

    def _entry_added(self, dialog: EntryDialog) -> None:
        if dialog.entry is not None:
            self._entries.append(dialog.entry)
            self._show_log()
            self._update_authority()

    def _open_documents(self) -> None:
        row = self.log.currentRow()
        if 0 <= row < len(self._entries):
            open_stored_documents(self, self._services, self._entries[row].document_ids)

    def _collect(self) -> Complaint:
        escalated = self.escalated.isChecked() if hasattr(self, "escalated") else False
        return Complaint(
            received_on=date_value(self.received_on),
            channel=Channel(self.channel.currentData()),
            complainant=Person(
                name=self.name.text(), email=self.email.text(), phone=self.phone.text()
            ),
            representative=Person(
                name=self.representative_name.text(), email=self.representative_email.text()
            )
            if self.has_representative.isChecked()
            else None,
            reason=Reason(self.reason.currentData()),
            reason_text=self.reason_text.text(),
            summary=self.summary.toPlainText(),
            request_ids=self.requests.chosen() if hasattr(self, "requests") else (),
            incident_ids=self.incidents.chosen() if hasattr(self, "incidents") else (),
            activity_ids=self.activities.chosen() if hasattr(self, "activities") else (),
            status=ComplaintStatus(self.status.currentData()),
            answered_on=date_value(self.answered_on),
            outcome=Outcome(o) if (o := self.outcome.currentData()) else None,
            closed_on=date_value(self.closed_on),
            authority=AuthorityCase(
                case_number=self.case_number.text(),
                lodged_on=date_value(self.lodged_on),
                decided_on=date_value(self.decided_on),
                decision=DecisionOutcome(d) if (d := self.decision.currentData()) else None,
                decision_summary=self.decision_summary.toPlainText(),
                lawsuit_filed_on=date_value(self.lawsuit_filed_on),
                lawsuit_court=self.lawsuit_court.text(),
                lawsuit_number=self.lawsuit_number.text(),
                lawsuit_outcome=self.lawsuit_outcome.toPlainText(),
            )
            if escalated
            else None,
            entries=tuple(self._entries),
            reference=self._original.reference,
            id=self._original.id,
            version=self._original.version,
        )

    @override
    def _write(self) -> Changes:
        self.saved, changes = self._services.complaints.save(self._collect(), office_today())
        return changes

    @override
    def _is_edited(self) -> bool:
        return self._collect() != self._initial or len(self._entries) != len(self._original.entries)


class LogDialog(QDialog):
    """The complaint-handling log for a period, as PDF (in the background)."""

    written = Signal(str)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Complaint-handling log"))
        self._services = services
        self._tasks = tasks
        today = office_today()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start = date_edit(date(today.year, 1, 1))
        self.end = date_edit(today)
        self.output_format = combo({"pdf": N_("PDF"), "xlsx": N_("Excel")}, "pdf")
        form.addRow(_("From"), self.start)
        form.addRow(_("To"), self.end)
        form.addRow(_("Format"), self.output_format)
        layout.addLayout(form)
        self.error = error_banner()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(lambda: self.write())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def write(self, destination: Path | None = None) -> Path | None:
        from dpo_desk.reports.complaint_reports import (
            write_complaint_log,
            write_complaint_log_xlsx,
        )
        from dpo_desk.services.progress import CancelToken, ignore_progress

        start, end = date_value(self.start), date_value(self.end)
        if start is None or end is None or end < start:
            self.error.setText(_("Period: choose a start and an end on or after it."))
            self.error.show()
            return None
        excel = self.output_format.currentData() == "xlsx"
        if destination is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the complaint log"),
                "complaint-log.xlsx" if excel else "complaint-log.pdf",
                "Excel (*.xlsx)" if excel else "PDF (*.pdf)",
            )
            if not name:
                return None
            destination = Path(name)
        writer = write_complaint_log_xlsx if excel else write_complaint_log
        try:
            written = writer(
                self._services, start, end, destination, ignore_progress, CancelToken()
            )
        except (DpoDeskError, OSError) as error:
            self.error.setText(str(error))
            self.error.show()
            return None
        self.written.emit(_("Written: {path}").format(path=written))
        self.accept()
        return written
