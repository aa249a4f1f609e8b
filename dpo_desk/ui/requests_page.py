"""The requests page: data-subject requests read lazily from the database (100,000 stay
instant), intake by post and by a dropped e-mail, the request form with its deadline trail,
the workflow's moves, the deadline calculator, exports and the retention purge."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
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
from dpo_desk.domain.attachment import NewAttachment, human_size, prepare_scan
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.deadlines import Deadline, Pause
from dpo_desk.domain.errors import DpoDeskError, FieldError, ValidationError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    ART_19_RIGHTS,
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    ID_DOCUMENT_WARNING,
    IDENTITY_LABELS,
    RIGHT_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
    Channel,
    Correspondence,
    Direction,
    IdentityMethod,
    RecipientNotice,
    ReplyChannel,
    Request,
    RequestFilter,
    RequestSort,
    RequestSummary,
    Right,
    Status,
    is_open,
)
from dpo_desk.domain.timefmt import format_day, format_instant, office_today
from dpo_desk.i18n import N_, _, ngettext
from dpo_desk.services.attachments import read_file
from dpo_desk.services.bundle import Services
from dpo_desk.services.email_intake import (
    IncomingMessage,
    MessageError,
    draft_request,
    read_message_file,
)
from dpo_desk.services.request_columns import (
    due_in_words,
    is_overdue,
    request_columns,
    rights_text,
    subject_text,
)
from dpo_desk.services.requests import (
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    with_message,
    with_received,
)
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
from dpo_desk.ui.letter_dialog import LetterDialog
from dpo_desk.ui.paged_page import PagedPage
from dpo_desk.ui.table_model import OVERDUE_COLOUR, PagedTableModel
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.widgets import (
    AddressFields,
    export_in_background,
    filter_combo,
    menu_button,
    open_stored_documents,
    page_title,
    query_when_typing_pauses,
)

#: Files that are e-mails, by their name (the content decides when they are read).
EMAIL_SUFFIXES = (".eml", ".msg")
#: Scans of a letter and its envelope.
SCAN_FILTER = N_("Scans (*.pdf *.png *.jpg *.jpeg)")
#: The tint of a paused request: light blue.
PAUSED_COLOUR = "#dbe9f7"

LANGUAGE_LABELS = {"hr": N_("Croatian"), "en": N_("English")}
REPLY_LABELS = {
    ReplyChannel.EMAIL: N_("E-mail"),
    ReplyChannel.POST: N_("Post"),
    ReplyChannel.ORAL: N_("Orally (Art. 12(1))"),
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def trail_text(deadline: Deadline) -> str:
    """The trail as lines: each rule applied, with its date."""
    return "\n".join(f"{format_day(step.day)}  {step.text}" for step in deadline.steps)


# --- the page ------------------------------------------------------------------------------


class RequestsPage(PagedPage[RequestSummary]):
    summary_type = RequestSummary
    sort_type = RequestSort
    key = "requests"

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._sort = RequestSort.DUE
        self._descending = False
        self._today = office_today()
        #: Dropped e-mails not yet opened, and whether the form of one is open.
        self._dropped: list[Path] = []
        self._intake_open = False
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Data-subject requests")))
        hint = QLabel(
            _(
                "Sorted by due date; overdue requests are red, paused ones blue. Drop an .eml "
                "or .msg file here to record a request received by e-mail."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

        buttons = QHBoxLayout()
        typed_in = {
            Channel.EMAIL: N_("Received by e-mail (typed in)…"),
            Channel.WEB_FORM: N_("Received through the web form…"),
            Channel.PHONE: N_("Received by telephone…"),
            Channel.IN_PERSON: N_("Received in person…"),
        }
        self.new_button = menu_button(
            _("New request"),
            [
                (_("Received by post…"), partial(self.new_request, Channel.POST)),
                (_("Received by e-mail (.eml, .msg)…"), self.choose_email),
                *((_(label), partial(self.new_request, c)) for c, label in typed_in.items()),
            ],
        )
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.move_button = QPushButton(_("Change status…"))
        self.move_button.clicked.connect(self.move_selected)
        self.trail_button = QPushButton(_("Deadline trail"))
        self.trail_button.clicked.connect(self.show_trail)
        self.letter_button = QPushButton(_("Letter…"))
        self.letter_button.setToolTip(_("Write a letter to the data subject (Ctrl+Shift+L)"))
        self.letter_button.clicked.connect(self.write_letter)
        calculator = QPushButton(_("Deadline calculator"))
        calculator.clicked.connect(self.show_calculator)
        export = menu_button(
            _("Export"),
            [
                (_("Requests log to Excel…"), lambda: self.export("xlsx")),
                (_("Requests log to PDF…"), lambda: self.export("pdf")),
            ],
        )
        purge = QPushButton(_("Retention…"))
        purge.clicked.connect(self.show_purge)
        for widget in (
            self.new_button,
            self.open_button,
            self.move_button,
            self.trail_button,
            self.letter_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch()
        for widget in (calculator, export, purge):
            buttons.addWidget(widget)
        layout.addLayout(buttons)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search reference, name, e-mail, summary…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.status_filter = filter_combo(
            _("Any status"), {"open": N_("Open requests"), **STATUS_LABELS}
        )
        self.right_filter = filter_combo(_("Any right"), RIGHT_LABELS)
        self.right_filter.setMaximumWidth(220)
        self.status_filter.setMaximumWidth(220)
        self.channel_filter = filter_combo(_("Any channel"), CHANNEL_LABELS)
        self.due_within = QCheckBox(_("Due within"))
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 60)
        self.due_days.setValue(5)
        self.due_days.setSuffix(" " + _("working days"))
        self.overdue = QCheckBox(_("Overdue"))
        self.paused = QCheckBox(_("Paused"))
        filters.addWidget(self.search, 2)
        for field in (self.status_filter, self.right_filter, self.channel_filter):
            filters.addWidget(field)
        for option in (self.due_within, self.due_days, self.overdue, self.paused):
            filters.addWidget(option)
        layout.addLayout(filters)

        self.model: PagedTableModel[RequestSummary] = PagedTableModel(
            request_columns(self._today), self._fetch, self._count, tint=self._tint
        )
        self.table = self.paged_table(
            "requestsTable", "due_on", Qt.SortOrder.AscendingOrder, "subject"
        )
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        query_when_typing_pauses(self.search, self.requery)
        for box in (self.status_filter, self.right_filter, self.channel_filter):
            box.currentIndexChanged.connect(lambda _index: self.requery())
        for check in (self.due_within, self.overdue, self.paused):
            check.toggled.connect(lambda _checked: self.requery())
        self.due_days.valueChanged.connect(
            lambda _value: self.requery() if self.due_within.isChecked() else None
        )
        self.connect_table(
            self.open_selected,
            (
                ("Ctrl+Shift+N", lambda: self.new_request(Channel.POST)),
                ("Ctrl+Shift+E", self.choose_email),
                ("Ctrl+Shift+M", self.move_selected),
                ("Ctrl+Shift+D", self.show_calculator),
                ("Ctrl+Shift+L", self.write_letter),
                (QKeySequence.StandardKey.Find, self.search.setFocus),
            ),
        )
        self._filter = self.current_filter()
        self.reload()

    # --- querying --------------------------------------------------------------------------
    def current_filter(self) -> RequestFilter:
        status = self.status_filter.currentData()
        today = self._today
        return RequestFilter(
            search=self.search.text(),
            status=Status(status) if status and status != "open" else None,
            open_only=status == "open",
            # Qt gives the enum members back as their plain string values.
            right=Right(right) if (right := self.right_filter.currentData()) else None,
            channel=Channel(channel) if (channel := self.channel_filter.currentData()) else None,
            due_by=(
                self._services.requests.working_days_ahead(today, self.due_days.value())
                if self.due_within.isChecked()
                else None
            ),
            overdue_on=today if self.overdue.isChecked() else None,
            paused=self.paused.isChecked(),
            sort=self._sort,
            descending=self._descending,
        )

    def _fetch(self, offset: int, limit: int) -> list[RequestSummary]:
        return self._services.requests.summaries(self._filter, offset, limit)

    def _count(self) -> int:
        return self._services.requests.count(self._filter)

    def _tint(self, row: RequestSummary) -> str | None:
        if is_overdue(row, self._today):
            return OVERDUE_COLOUR
        return PAUSED_COLOUR if row.paused else None

    def reload(self) -> None:
        selected = self.selected_summary()
        today = office_today()
        self._filter = self.current_filter()
        if today != self._today:  # the days left move on at midnight
            self._today = today
            self._filter = self.current_filter()
            self.model.set_columns(request_columns(today))
        else:
            self.model.reset()
        shown = self.model.total()
        total = shown if self._filter == RequestFilter(sort=self._sort) else None
        total = self._services.requests.count() if total is None else total
        overdue = self._services.requests.count(RequestFilter(overdue_on=self._today))
        self.count_label.setText(
            _("{shown} of {total} requests shown; {overdue} overdue").format(
                shown=shown, total=total, overdue=overdue
            )
        )
        if selected is not None:
            self.select_id(selected.id)
        self._update_buttons()

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.REQUESTS) or changes.touches(Register.ACTIVITIES):
            self.reload_when_shown()

    # --- selection -------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        selected = self.selected_summary()
        for button in (self.open_button, self.trail_button):
            button.setEnabled(selected is not None)
        self.letter_button.setEnabled(selected is not None and not selected.anonymised)
        self.move_button.setEnabled(
            selected is not None and not selected.anonymised and bool(TRANSITIONS[selected.status])
        )

    # --- intake ----------------------------------------------------------------------------
    def new_request(self, channel: Channel) -> RequestDialog:
        request = Request(
            received_on=office_today(),
            channel=channel,
            reply_channel=ReplyChannel.POST if channel is Channel.POST else ReplyChannel.EMAIL,
        )
        return self._edit(request)

    def choose_email(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Record a request received by e-mail"), "", _("E-mail (*.eml *.msg)")
        )
        if name:
            self.intake_email(Path(name))

    def intake_email(self, path: Path) -> RequestDialog | None:
        """Reads the message and opens the form filled from it, for the DPO to confirm; a file
        that is not an e-mail is refused with a message naming it."""
        try:
            message = read_message_file(path)
        except MessageError as error:
            QMessageBox.warning(self, _("Not an e-mail"), str(error))
            return None
        return self._edit(draft_request(message), message)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_emails(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_emails(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Read after the drop returns (the file manager is not held while a message is read or
        # a refusal is shown); several files open one after another, each form in turn.
        self._dropped.extend(paths)
        QTimer.singleShot(0, self._open_next_dropped)

    def _open_next_dropped(self) -> None:
        if self._intake_open or not self._dropped:
            return
        path = self._dropped.pop(0)
        dialog = self.intake_email(path)
        if dialog is None:
            QTimer.singleShot(0, self._open_next_dropped)
            return
        self._intake_open = True
        dialog.finished.connect(self._dropped_form_closed)

    def _dropped_form_closed(self) -> None:
        self._intake_open = False
        QTimer.singleShot(0, self._open_next_dropped)

    # --- actions ---------------------------------------------------------------------------
    def _edit(self, request: Request, message: IncomingMessage | None = None) -> RequestDialog:
        dialog = RequestDialog(self._services, request, self, message)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.finished.connect(lambda _result: self.reload() if dialog.stale else None)
        dialog.open()
        return dialog

    def _selected_request(self) -> Request | None:
        return self.fetch_selected(self._services.requests.get, _("Request"))

    def open_selected(self) -> RequestDialog | None:
        request = self._selected_request()
        return self._edit(request) if request is not None else None

    def move_selected(self) -> MoveDialog | None:
        request = self._selected_request()
        if request is None or request.anonymised_at is not None or not TRANSITIONS[request.status]:
            return None
        dialog = MoveDialog(self._services, request, self)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.finished.connect(lambda _result: self.reload() if dialog.stale else None)
        dialog.open()
        return dialog

    def write_letter(self) -> LetterDialog | None:
        request = self._selected_request()
        if request is None or request.anonymised_at is not None:
            return None
        dialog = LetterDialog(self._services, request, self)
        dialog.accepted.connect(lambda: self.after_save(dialog))
        dialog.open()
        return dialog

    def show_trail(self) -> DeadlineDialog | None:
        request = self._selected_request()
        if request is None:
            return None
        dialog = DeadlineDialog(self._services, self, request)
        dialog.open()
        return dialog

    def show_calculator(self) -> DeadlineDialog:
        dialog = DeadlineDialog(self._services, self)
        dialog.open()
        return dialog

    def show_purge(self) -> PurgeDialog:
        dialog = PurgeDialog(self._services, self._tasks, self)
        dialog.changed.connect(self._after_purge)
        dialog.open()
        return dialog

    def _after_purge(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self.reload()

    def export(self, output_format: str, destination: Path | None = None) -> None:
        if destination is None:
            suffix = "xlsx" if output_format == "xlsx" else "pdf"
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export the requests log"),
                f"requests.{suffix}",
                "Excel (*.xlsx)" if suffix == "xlsx" else "PDF (*.pdf)",
            )
            if not name:
                return
            destination = Path(name)
        export_in_background(
            self._tasks,
            self._services,
            "requests",
            output_format,
            destination,
            self,
            self.message.emit,
        )


def dropped_emails(urls: list[QUrl]) -> list[Path]:
    """The local .eml and .msg files among dropped URLs."""
    return [
        Path(url.toLocalFile())
        for url in urls
        if url.isLocalFile() and url.toLocalFile().lower().endswith(EMAIL_SUFFIXES)
    ]


# --- the request form ----------------------------------------------------------------------


class RequestDialog(FormDialog):
    """A request's whole record: what was received and how, who asks, the identity check, the
    activities concerned, the correspondence log, the Art. 19 recipients and the deadline with
    its trail. A new request from an e-mail shows the message first and keeps it (and its
    attachments) as the first entry of the correspondence log; a new request by post takes the
    scans of the letter and the envelope."""

    def __init__(
        self,
        services: Services,
        request: Request,
        parent: QWidget | None,
        message: IncomingMessage | None = None,
    ) -> None:
        title = (
            _("Request {reference}").format(reference=request.reference)
            if request.reference
            else _("New data-subject request")
        )
        super().__init__(title, parent)
        self.setObjectName("requestDialog")
        self.resize(880, 680)
        self._services = services
        self._original = request
        self._message = message
        self._scans: list[NewAttachment] = []
        self.saved: Request | None = None
        self.tabs = QTabWidget()
        if message is not None:
            self.tabs.addTab(self._message_tab(message), _("E-mail"))
        self.tabs.addTab(self._request_tab(request), _("Request"))
        self.tabs.addTab(self._people_tab(request), _("People"))
        self.tabs.addTab(self._identity_tab(request), _("Identity"))
        self.tabs.addTab(self._activities_tab(request), _("Activities"))
        self.tabs.addTab(self._correspondence_tab(request), _("Correspondence"))
        self.tabs.addTab(self._recipients_tab(request), _("Recipients told (Art. 19)"))
        self.tabs.addTab(self._deadline_tab(request), _("Deadline"))
        self.layout_.addWidget(self.tabs, 1)
        self._finish_layout()
        self._initial = self._collect()
        self._update_deadline()
        self._update_channel()
        if request.anonymised_at is not None:
            # Kept for the statistics only: nothing personal may be written back into it.
            self.tabs.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.errors.setText(
                _(
                    "This request was anonymised on {date} when its retention ended; it is kept "
                    "only for the statistics and cannot be changed."
                ).format(date=format_day(request.anonymised_at.date()))
            )
            self.errors.show()

    # --- tabs ------------------------------------------------------------------------------
    def _message_tab(self, message: IncomingMessage) -> QWidget:
        tab, form = form_tab()
        sender = message.sender_name
        if message.sender_email:
            sender = f"{sender} <{message.sender_email}>" if sender else message.sender_email
        form.addRow(_("From"), QLabel(sender or "—"))
        form.addRow(_("Sent"), QLabel(format_instant(message.sent_at) if message.sent_at else "—"))
        subject = QLabel(message.subject or "—")
        subject.setWordWrap(True)
        form.addRow(_("Subject"), subject)
        attachments = QListWidget()
        attachments.setObjectName("messageAttachments")
        attachments.addItem(
            _("{name} (the message itself, {size})").format(
                name=message.file_name, size=human_size(len(message.original))
            )
        )
        for attachment in message.attachments:
            attachments.addItem(f"{attachment.file_name} ({human_size(len(attachment.content))})")
        attachments.setFixedHeight(90)
        form.addRow(_("Kept with the request"), attachments)
        body = QPlainTextEdit(message.body)
        body.setObjectName("messageBody")
        body.setReadOnly(True)
        body.setMinimumHeight(220)
        form.addRow(_("Text"), body)
        if message.problems:
            problems = QLabel("\n".join(f"⚠ {problem}" for problem in message.problems))
            problems.setObjectName("messageProblems")
            problems.setWordWrap(True)
            problems.setStyleSheet("color: #7b4a00;")
            form.addRow("", problems)
        note = QLabel(
            _(
                "Check what was read from the message on the other tabs (received date, "
                "rights, language), then save."
            )
        )
        note.setWordWrap(True)
        form.addRow("", note)
        return tab

    def _request_tab(self, request: Request) -> QWidget:
        tab, form = form_tab()
        self.received_on = date_edit(request.received_on)
        self.received_on.setObjectName("received_on")
        self.received_on.setMaximumDate(_qdate(office_today()))
        self.channel = combo(CHANNEL_LABELS, request.channel)
        self.postmark_on = date_edit(request.postmark_on)
        self.registered_mail = QLineEdit(request.registered_mail_number)
        self.registered_mail.setMaxLength(64)
        form.addRow(_("Received on") + " *", self.received_on)
        form.addRow(_("Received by"), self.channel)
        form.addRow(_("Postmark date"), self.postmark_on)
        form.addRow(_("Registered mail number"), self.registered_mail)
        self.scans_row = QWidget()
        scans = QHBoxLayout(self.scans_row)
        scans.setContentsMargins(0, 0, 0, 0)
        self.scans = QListWidget()
        self.scans.setObjectName("scans")
        self.scans.setFixedHeight(60)
        add_scans = QPushButton(_("Add scans…"))
        add_scans.clicked.connect(self.choose_scans)
        remove_scan = QPushButton(_("Remove"))
        remove_scan.clicked.connect(self._remove_scan)
        scans.addWidget(self.scans, 1)
        scans.addWidget(add_scans)
        scans.addWidget(remove_scan)
        if request.id is None:
            form.addRow(_("Scans as received"), self.scans_row)
        self.rights = Checklist(
            ((n, _(label), "") for n, label in enumerate(RIGHT_LABELS.values())),
            (list(Right).index(right) for right in request.rights),
        )
        self.rights.setObjectName("rights")
        self.rights.setFixedHeight(175)
        form.addRow(_("Rights exercised") + " *", self.rights)
        self.summary = text_edit(request.summary, 2)
        form.addRow(_("What is asked"), self.summary)
        self.language = combo(LANGUAGE_LABELS, request.language)
        self.reply_channel = combo(REPLY_LABELS, request.reply_channel)
        form.addRow(_("Language of the reply"), self.language)
        form.addRow(_("Reply by"), self.reply_channel)
        self.notes = text_edit(request.notes, 3)
        form.addRow(_("Notes"), self.notes)
        self.channel.currentIndexChanged.connect(lambda _index: self._update_channel())
        self.received_on.dateChanged.connect(lambda _d: self._update_deadline())
        self._fields.update(
            {
                "received_on": self.received_on,
                "postmark_on": self.postmark_on,
                "rights": self.rights,
                "language": self.language,
                "reply_channel": self.reply_channel,
                "scan": self.scans,
            }
        )
        return tab

    def _people_tab(self, request: Request) -> QWidget:
        tab, form = form_tab()
        form.addRow(QLabel("<b>" + _("Data subject") + "</b>"))
        self.subject_name = QLineEdit(request.subject.name)
        self.subject_name.setObjectName("subject.name")
        self.subject_email = QLineEdit(request.subject.email)
        self.subject_phone = QLineEdit(request.subject.phone)
        form.addRow(_("Name"), self.subject_name)
        form.addRow(_("E-mail"), self.subject_email)
        form.addRow(_("Telephone"), self.subject_phone)
        self.subject_address = AddressFields(form, "subject.", self, allow_empty_country=True)
        self.subject_address.set_address(request.subject.address)
        self.acting = QCheckBox(_("Someone acts for the data subject"))
        self.acting.setChecked(request.requester is not None)
        form.addRow(self.acting)
        requester = request.requester or Person()
        self.requester_name = QLineEdit(requester.name)
        self.requester_email = QLineEdit(requester.email)
        self.requester_phone = QLineEdit(requester.phone)
        form.addRow(_("Requester's name"), self.requester_name)
        form.addRow(_("Requester's e-mail"), self.requester_email)
        form.addRow(_("Requester's telephone"), self.requester_phone)
        self.requester_address = AddressFields(form, "requester.", self, allow_empty_country=True)
        self.requester_address.set_address(requester.address)
        self.authority = QCheckBox(_("Their authority is documented (power of attorney, parent)"))
        self.authority.setChecked(request.authority_documented)
        form.addRow(self.authority)
        self.acting.toggled.connect(lambda _checked: self._update_requester())
        self._update_requester()
        self._fields.update(
            {
                "subject.name": self.subject_name,
                "subject.email": self.subject_email,
                "requester.name": self.requester_name,
                "requester.email": self.requester_email,
                "authority_documented": self.authority,
            }
        )
        return tab

    def _identity_tab(self, request: Request) -> QWidget:
        tab, form = form_tab()
        self.identity_method = combo(IDENTITY_LABELS, request.identity_method, allow_none=True)
        form.addRow(_("Identity check"), self.identity_method)
        self.id_warning = QLabel("⚠ " + _(ID_DOCUMENT_WARNING))
        self.id_warning.setObjectName("idDocumentWarning")
        self.id_warning.setWordWrap(True)
        self.id_warning.setStyleSheet(
            "background: #fff1d6; border: 1px solid #d9a441; padding: 6px;"
        )
        form.addRow("", self.id_warning)
        self.identity_reason = text_edit(request.identity_reason, 3)
        form.addRow(_("Reason for the identity check"), self.identity_reason)
        self.identity_confirmed_on = date_edit(request.identity_confirmed_on)
        form.addRow(_("Identity confirmed on"), self.identity_confirmed_on)
        explanation = QLabel(
            _(
                "Ask for identity information only when there is a reasonable doubt "
                "(Art. 12(6)); the clock stands still while the request awaits the answer "
                "(Change status… → Awaiting identity or clarification)."
            )
        )
        explanation.setWordWrap(True)
        form.addRow("", explanation)
        self.identity_method.currentIndexChanged.connect(lambda _i: self._update_identity())
        self._update_identity()
        self._fields["identity_reason"] = self.identity_reason
        return tab

    def _activities_tab(self, request: Request) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            QLabel(
                _(
                    "The processing activities that concern the data subject (the answer is "
                    "compiled from them)."
                )
            )
        )
        items = [
            (summary.id, summary.name, summary.owner)
            for summary in self._services.activities.summaries(ActivityFilter())
        ]
        self.activities = Checklist(items, request.activity_ids)
        self.activities.setObjectName("activities")
        layout.addWidget(self.activities, 1)
        return tab

    def _correspondence_tab(self, request: Request) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.letters = QTableWidget(0, 5)
        self.letters.setObjectName("correspondence")
        self.letters.setHorizontalHeaderLabels(
            [_("Date"), _("Direction"), _("Channel"), _("Summary"), _("Documents")]
        )
        self.letters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.letters.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.letters.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.letters.verticalHeader().hide()
        self._entries: list[Correspondence] = list(request.correspondence)
        self._document_names: dict[int, str] = {}
        for entry in self._entries:
            for document_id in entry.document_ids:
                try:
                    name = self._services.attachments.get(document_id).file_name
                except DpoDeskError:
                    name = f"#{document_id}"
                self._document_names[document_id] = name
        layout.addWidget(self.letters, 1)
        buttons = QHBoxLayout()
        add = QPushButton(_("Add entry…"))
        add.clicked.connect(self.add_entry)
        remove = QPushButton(_("Remove entry"))
        remove.clicked.connect(self._remove_entry)
        open_document = QPushButton(_("Open documents"))
        open_document.clicked.connect(self._open_documents)
        for button in (add, remove, open_document):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self._fields["correspondence"] = self.letters
        self._show_entries()
        return tab

    def _recipients_tab(self, request: Request) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.art19_note = QLabel(
            _(
                "After a rectification, erasure or restriction, each recipient is told unless "
                "that is impossible or takes disproportionate effort (Art. 19); say why in the "
                "note then. Tick the recipients concerned and the day each was told."
            )
        )
        self.art19_note.setWordWrap(True)
        layout.addWidget(self.art19_note)
        told = {notice.recipient_id: notice for notice in request.recipients_told}
        recipients = self._services.recipients.rows(office_today())
        self.recipients = QTableWidget(len(recipients), 3)
        self.recipients.setObjectName("recipientsTold")
        self.recipients.setHorizontalHeaderLabels([_("Recipient"), _("Informed on"), _("Note")])
        self.recipients.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.recipients.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.recipients.verticalHeader().hide()
        self._recipient_dates = []
        for row, recipient_row in enumerate(recipients):
            recipient = recipient_row.recipient
            notice = told.get(recipient.id or -1)
            item = QTableWidgetItem(recipient.name)
            item.setData(Qt.ItemDataRole.UserRole, recipient.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if notice else Qt.CheckState.Unchecked)
            self.recipients.setItem(row, 0, item)
            told_on = date_edit(notice.told_on if notice else None)
            self.recipients.setCellWidget(row, 1, told_on)
            self._recipient_dates.append(told_on)
            self.recipients.setItem(row, 2, QTableWidgetItem(notice.note if notice else ""))
        layout.addWidget(self.recipients, 1)
        self._fields["recipients_told"] = self.recipients
        self.rights.itemChanged.connect(lambda _item: self._update_art19())
        self._update_art19()
        return tab

    def _deadline_tab(self, request: Request) -> QWidget:
        tab, form = form_tab()
        self.due_label = QLabel()
        self.due_label.setObjectName("dueLabel")
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        form.addRow(_("Due"), self.due_label)
        self.trail = QLabel()
        self.trail.setObjectName("trail")
        self.trail.setWordWrap(True)
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("How it was counted"), self.trail)
        self.extended_on = date_edit(request.extended_on)
        self.extension_reasons = text_edit(request.extension_reasons, 3)
        # An extension is a step of the workflow (Change status… → Extended), decided within
        # the first month and told to the data subject; here it is shown, not typed.
        for widget in (self.extended_on, self.extension_reasons):
            widget.setEnabled(False)
            widget.setToolTip(_("Recorded with Change status… → Extended (Art. 12(3))."))
        form.addRow(_("Extension decided on (Art. 12(3))"), self.extended_on)
        form.addRow(_("Reasons for the extension"), self.extension_reasons)
        self.pauses = QTableWidget(0, 3)
        self.pauses.setObjectName("pauses")
        self.pauses.setHorizontalHeaderLabels([_("From"), _("To"), _("Reason")])
        self.pauses.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pauses.verticalHeader().hide()
        self.pauses.setFixedHeight(120)
        for pause in request.pauses:
            self._add_pause_row(pause)
        form.addRow(_("Pauses of the clock"), self.pauses)
        pause_buttons = QHBoxLayout()
        add_pause = QPushButton(_("Add pause"))
        add_pause.clicked.connect(lambda: self._add_pause_row(Pause(office_today())))
        remove_pause = QPushButton(_("Remove pause"))
        remove_pause.clicked.connect(self._remove_pause)
        pause_buttons.addWidget(add_pause)
        pause_buttons.addWidget(remove_pause)
        pause_buttons.addStretch()
        form.addRow("", pause_buttons)
        self.extended_on.dateChanged.connect(lambda _d: self._update_deadline())
        self._fields.update(
            {
                "extended_on": self.extended_on,
                "extension_reasons": self.extension_reasons,
                "pauses": self.pauses,
            }
        )
        return tab

    # --- behaviour -------------------------------------------------------------------------
    def _update_channel(self) -> None:
        post = self.channel.currentData() == Channel.POST
        for widget in (self.postmark_on, self.registered_mail):
            widget.setEnabled(post)

    def _update_requester(self) -> None:
        acting = self.acting.isChecked()
        for widget in (self.requester_name, self.requester_email, self.requester_phone):
            widget.setEnabled(acting)
        self.requester_address.set_enabled(acting)
        self.authority.setEnabled(acting)

    def _update_identity(self) -> None:
        self.id_warning.setVisible(self.identity_method.currentData() == IdentityMethod.ID_DOCUMENT)

    def _update_art19(self) -> None:
        chosen = {list(Right)[n] for n in self.rights.chosen()}
        applies = bool(ART_19_RIGHTS & chosen)
        ticked = any(
            (item := self.recipients.item(row, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
            for row in range(self.recipients.rowCount())
        )
        # Still open while a recipient is ticked, so that it can be unticked.
        self.recipients.setEnabled(applies or ticked)
        if not applies:
            self.recipients.setToolTip(
                _("Only after a rectification, erasure or restriction (Art. 19).")
            )

    def _update_deadline(self) -> None:
        received = date_value(self.received_on)
        if received is None:
            self.due_label.setText("—")
            self.trail.setText("")
            return
        extended_on = date_value(self.extended_on)
        deadline = self._services.requests.calculate(
            received, extended_on is not None, self._pause_values()
        )
        if deadline.due is None:
            self.due_label.setText(_("paused: the clock stands still"))
        else:
            days = (deadline.due - office_today()).days
            self.due_label.setText(
                f"{format_day(deadline.due)} ({_weekday(deadline.due)}) — "
                + due_in_words(deadline.due, office_today())
            )
            self.due_label.setStyleSheet(
                "font-size: 13pt; font-weight: 600;" + (" color: #b03a2e;" if days < 0 else "")
            )
        if not is_open(self._original.status):
            self.due_label.setText(
                _("finished {date}").format(date=format_day(self._original.closed_on))
            )
        self.trail.setText(trail_text(deadline))

    def choose_scans(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Scans of the letter and the envelope"), "", _(SCAN_FILTER)
        )
        self.add_scans([Path(name) for name in names])

    def add_scans(self, paths: list[Path]) -> bool:
        """Adds scans (PDF, PNG, JPEG by their content); a file that is not one is refused
        with its name, and nothing of that choice is added."""
        try:
            scans = [prepare_scan(path.name, read_file(path)) for path in paths]
        except ValidationError as error:
            self._show_errors(error)
            return False
        for scan in scans:
            self._scans.append(scan)
            self.scans.addItem(f"{scan.file_name} ({human_size(scan.size)})")
        return True

    def _remove_scan(self) -> None:
        row = self.scans.currentRow()
        if 0 <= row < len(self._scans):
            del self._scans[row]
            self.scans.takeItem(row)

    def _show_entries(self) -> None:
        self.letters.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            names = [self._document_names.get(d, f"#{d}") for d in entry.document_ids]
            names += [
                _("{name} (stored when you save)").format(name=new.file_name)
                for new in entry.new_documents
            ]
            values = (
                format_day(entry.on),
                _(DIRECTION_LABELS[entry.direction]),
                _(CHANNEL_LABELS[entry.channel]),
                entry.summary,
                ", ".join(names),
            )
            for column, value in enumerate(values):
                self.letters.setItem(row, column, QTableWidgetItem(value))

    def add_entry(self) -> CorrespondenceDialog:
        dialog = CorrespondenceDialog(self, self._channel_value())
        dialog.accepted.connect(lambda: self._entry_added(dialog))
        dialog.open()
        return dialog

    def _entry_added(self, dialog: CorrespondenceDialog) -> None:
        if dialog.entry is not None:
            self._entries.append(dialog.entry)
            self._entries.sort(key=lambda entry: entry.on)
            self._show_entries()

    def _remove_entry(self) -> None:
        row = self.letters.currentRow()
        if not (0 <= row < len(self._entries)):
            return
        entry = self._entries[row]
        if entry.letter:
            QMessageBox.information(
                self,
                _("Remove entry"),
                _(
                    "This letter was kept as sent: it stays in the log as evidence. Write a new "
                    "letter to correct it."
                ),
            )
            return
        if entry.document_ids or entry.new_documents:
            answer = QMessageBox.question(
                self,
                _("Remove entry"),
                _("Remove the entry of {date} and its documents from the log?").format(
                    date=format_day(entry.on)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        del self._entries[row]
        self._show_entries()

    def _open_documents(self) -> None:
        row = self.letters.currentRow()
        if 0 <= row < len(self._entries):
            open_stored_documents(self, self._services, self._entries[row].document_ids)

    def _add_pause_row(self, pause: Pause) -> None:
        row = self.pauses.rowCount()
        self.pauses.insertRow(row)
        start = date_edit(pause.start)
        end = date_edit(pause.end)
        for edit in (start, end):
            edit.dateChanged.connect(lambda _d: self._update_deadline())
        self.pauses.setCellWidget(row, 0, start)
        self.pauses.setCellWidget(row, 1, end)
        self.pauses.setItem(row, 2, QTableWidgetItem(pause.reason))
        if hasattr(self, "trail"):
            self._update_deadline()

    def _remove_pause(self) -> None:
        row = self.pauses.currentRow()
        if row >= 0:
            self.pauses.removeRow(row)
            self._update_deadline()

    def _pause_values(self) -> tuple[Pause, ...]:
        pauses = []
        for row in range(self.pauses.rowCount()):
            start = self.pauses.cellWidget(row, 0)
            end = self.pauses.cellWidget(row, 1)
            reason = self.pauses.item(row, 2)
            assert isinstance(start, type(self.received_on))
            assert isinstance(end, type(self.received_on))
            start_day = date_value(start)
            if start_day is None:
                continue
            pauses.append(
                Pause(start_day, date_value(end), reason.text() if reason is not None else "")
            )
        return tuple(pauses)

    def _channel_value(self) -> Channel:
        return Channel(self.channel.currentData())

    # --- saving ----------------------------------------------------------------------------
    def _collect(self) -> Request:
        """The request as the form shows it now."""
        acting = self.acting.isChecked()
        received_on = date_value(self.received_on)
        channel = self._channel_value()
        entries = list(self._entries)
        told = []
        for row in range(self.recipients.rowCount()):
            item = self.recipients.item(row, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            note = self.recipients.item(row, 2)
            told.append(
                RecipientNotice(
                    recipient_id=int(item.data(Qt.ItemDataRole.UserRole)),
                    told_on=date_value(self._recipient_dates[row]),
                    note=note.text() if note is not None else "",
                )
            )
        collected = replace(
            self._original,
            received_on=received_on,
            channel=channel,
            postmark_on=date_value(self.postmark_on),
            registered_mail_number=self.registered_mail.text(),
            rights=tuple(list(Right)[n] for n in self.rights.chosen()),
            subject=Person(
                name=self.subject_name.text(),
                email=self.subject_email.text(),
                phone=self.subject_phone.text(),
                address=self.subject_address.address(),
            ),
            requester=(
                Person(
                    name=self.requester_name.text(),
                    email=self.requester_email.text(),
                    phone=self.requester_phone.text(),
                    address=self.requester_address.address(),
                )
                if acting
                else None
            ),
            authority_documented=acting and self.authority.isChecked(),
            language=str(self.language.currentData()),
            reply_channel=ReplyChannel(self.reply_channel.currentData()),
            activity_ids=self.activities.chosen(),
            summary=self.summary.toPlainText(),
            notes=self.notes.toPlainText(),
            identity_method=(
                IdentityMethod(method) if (method := self.identity_method.currentData()) else None
            ),
            identity_reason=self.identity_reason.toPlainText(),
            identity_confirmed_on=date_value(self.identity_confirmed_on),
            extended_on=date_value(self.extended_on),
            extension_reasons=self.extension_reasons.toPlainText(),
            pauses=self._pause_values(),
            correspondence=tuple(entries),
            recipients_told=tuple(told),
        )
        if self._original.id is not None or received_on is None:
            return collected
        if self._message is not None:
            return with_message(collected, self._message)
        summary = (
            _("Letter and envelope as received")
            if channel is Channel.POST
            else _("Documents as received")
        )
        return with_received(collected, self._scans, summary)

    @override
    def _write(self) -> Changes:
        self.saved, changes = self._services.requests.save(self._collect(), office_today())
        return changes

    @override
    def _is_edited(self) -> bool:
        return self._collect() != self._initial or bool(self._scans)


def _weekday(day: date) -> str:
    names = (
        N_("Monday"),
        N_("Tuesday"),
        N_("Wednesday"),
        N_("Thursday"),
        N_("Friday"),
        N_("Saturday"),
        N_("Sunday"),
    )
    return _(names[day.weekday()])


class CorrespondenceDialog(QDialog):
    """One entry of the correspondence log: a letter, e-mail or call in or out, with files."""

    def __init__(self, parent: QWidget, channel: Channel) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add to the correspondence log"))
        self.entry: Correspondence | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.on = date_edit(office_today())
        self.on.setMaximumDate(_qdate(office_today()))
        self.direction = combo(DIRECTION_LABELS, Direction.OUT)
        self.channel = combo(CHANNEL_LABELS, channel)
        self.summary = text_edit("", 3)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #7b1e12;")
        self.error.hide()
        self.files = AttachedFiles(self.error, 70)
        form.addRow(_("Date"), self.on)
        form.addRow(_("Direction"), self.direction)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Summary"), self.summary)
        form.addRow(_("Documents"), self.files)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def attach(self, paths: list[Path]) -> bool:
        return self.files.attach(paths)

    def confirm(self) -> None:
        day = date_value(self.on)
        if day is None:
            self.error.setText(str(FieldError("on", _("Date"), _("is required"))))
            self.error.show()
            return
        self.entry = Correspondence(
            on=day,
            direction=Direction(self.direction.currentData()),
            channel=Channel(self.channel.currentData()),
            summary=self.summary.toPlainText(),
            new_documents=tuple(self.files.documents),
        )
        self.accept()


# --- moving through the workflow -----------------------------------------------------------


class MoveDialog(FormDialog):
    """Changes a request's status on a day, with a note; an extension asks for its day and
    reasons (Art. 12(3)), waiting for the requester pauses the clock."""

    discard_question = N_("Close without changing the status?")

    def __init__(self, services: Services, request: Request, parent: QWidget | None) -> None:
        super().__init__(
            _("Change the status of {reference}").format(reference=request.reference), parent
        )
        self.setObjectName("moveDialog")
        self._services = services
        self._request = request
        self.saved: Request | None = None
        form = QFormLayout()
        form.addRow(_("Current status"), QLabel(_(STATUS_LABELS[request.status])))
        self.target = QComboBox()
        self.target.setObjectName("status")
        for status in Status:
            if status in TRANSITIONS[request.status]:
                self.target.addItem(_(STATUS_LABELS[status]), status)
        form.addRow(_("New status"), self.target)
        self.on = date_edit(office_today())
        self.on.setMaximumDate(_qdate(office_today()))
        # Not before the request's last step (or its receipt).
        last = request.history[-1].on if request.history else request.received_on
        if last is not None:
            self.on.setMinimumDate(_qdate(last))
        form.addRow(_("On"), self.on)
        self.note = text_edit("", 3)
        form.addRow(_("Note"), self.note)
        self.extended_on = date_edit(request.extended_on or office_today())
        self.extension_reasons = text_edit(request.extension_reasons, 3)
        self.extension_rows = (
            QLabel(_("Extension decided on")),
            QLabel(_("Reasons for the extension")),
        )
        form.addRow(self.extension_rows[0], self.extended_on)
        form.addRow(self.extension_rows[1], self.extension_reasons)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.layout_.addLayout(form)
        self._fields.update(
            {
                "status": self.target,
                "on": self.on,
                "extended_on": self.extended_on,
                "extension_reasons": self.extension_reasons,
            }
        )
        self.target.currentIndexChanged.connect(lambda _i: self._update())
        self._finish_layout()
        self._update()

    def _update(self) -> None:
        target = self.target.currentData()
        extending = target == Status.EXTENDED
        for widget in (*self.extension_rows, self.extended_on, self.extension_reasons):
            widget.setVisible(extending)
        hints = {
            Status.AWAITING: N_(
                "The clock stops from this day until the requester answers; the note is the "
                "pause's reason."
            ),
            Status.EXTENDED: N_(
                "Two further months (Art. 12(3)): only within the first month, and the data "
                "subject must be told why."
            ),
            Status.REFUSED: N_(
                "Tell the data subject the reasons, and of the right to complain to AZOP and "
                "to a court (Art. 12(4))."
            ),
        }
        self.hint.setText(_(hints[target]) if target in hints else "")

    def target_status(self) -> Status:
        return Status(self.target.currentData())

    @override
    def _write(self) -> Changes:
        request = self._request
        target = self.target_status()
        if target is Status.EXTENDED:
            request = replace(
                request,
                extended_on=date_value(self.extended_on),
                extension_reasons=self.extension_reasons.toPlainText().strip(),
            )
        on = date_value(self.on)
        if on is None:
            raise ValidationError([FieldError("on", _("On"), _("is required"))])
        self.saved, changes = self._services.requests.move(
            request, target, on, office_today(), self.note.toPlainText()
        )
        return changes

    @override
    def _is_edited(self) -> bool:
        reasons = self.extension_reasons.toPlainText().strip()
        return bool(self.note.toPlainText().strip()) or reasons != self._request.extension_reasons


# --- the deadline calculator and trail -----------------------------------------------------


class DeadlineDialog(QDialog):
    """The deadline calculator: any received date, with the extension and a pause, gives the
    due date and the trail of rules (the same function the requests use). Opened for a
    request, it shows that request's trail."""

    def __init__(
        self, services: Services, parent: QWidget | None, request: Request | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deadlineDialog")
        self._services = services
        self._request = request
        self.setWindowTitle(
            _("Deadline of {reference}").format(reference=request.reference)
            if request is not None
            else _("Deadline calculator")
        )
        self.resize(780, 500)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.received = date_edit(request.received_on if request else office_today())
        self.extended = QCheckBox(_("Extended by two further months (Art. 12(3))"))
        self.extended.setChecked(bool(request and request.extended))
        self.paused = QCheckBox(_("The clock was paused"))
        self.paused.setChecked(bool(request and request.pauses))
        self.pause_start = date_edit(office_today())
        self.pause_end = date_edit(office_today())
        form.addRow(_("Received on"), self.received)
        form.addRow("", self.extended)
        form.addRow("", self.paused)
        form.addRow(_("Paused from"), self.pause_start)
        form.addRow(_("Paused until"), self.pause_end)
        layout.addLayout(form)
        self.due = QLabel()
        self.due.setObjectName("calculatedDue")
        self.due.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.due)
        self.trail = QLabel()
        self.trail.setObjectName("calculatedTrail")
        self.trail.setWordWrap(True)
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trail.setStyleSheet("font-family: monospace;")
        layout.addWidget(self.trail)
        layout.addStretch(1)
        rules = QLabel(
            _(
                "Regulation 1182/71: the day of receipt is not counted (Art. 3(1)); a period "
                "in months ends on the same date of the last month, or its last day "
                "(Art. 3(2)(c)); a Saturday, Sunday or Croatian public holiday moves the end "
                "to the next working day (Art. 3(4))."
            )
        )
        rules.setWordWrap(True)
        layout.addWidget(rules)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        if request is not None:
            for widget in (self.received, self.extended, self.paused):
                widget.setEnabled(False)
            self.pause_start.hide()
            self.pause_end.hide()
            for label_widget in (
                form.labelForField(self.pause_start),
                form.labelForField(self.pause_end),
            ):
                if label_widget is not None:
                    label_widget.hide()
        for edit in (self.received, self.pause_start, self.pause_end):
            edit.dateChanged.connect(lambda _d: self.calculate())
        self.extended.toggled.connect(lambda _c: self.calculate())
        self.paused.toggled.connect(self._pause_toggled)
        self.calculate()

    def _pause_toggled(self, paused: bool) -> None:
        """A pause starts after receipt: the dates offered follow the received date."""
        received = date_value(self.received)
        start = date_value(self.pause_start)
        if paused and received is not None and (start is None or start < received):
            for edit in (self.pause_start, self.pause_end):
                edit.blockSignals(True)
                edit.setDate(_qdate(received))
                edit.blockSignals(False)
        self.calculate()

    def calculate(self) -> Deadline | None:
        if self._request is not None:
            request = self._request
            assert request.received_on is not None
            deadline = self._services.requests.deadline(request)
        else:
            received = date_value(self.received)
            if received is None:
                self.due.setText(_("Choose the day the request was received."))
                self.trail.setText("")
                return None
            pauses: tuple[Pause, ...] = ()
            self.pause_start.setEnabled(self.paused.isChecked())
            self.pause_end.setEnabled(self.paused.isChecked())
            if self.paused.isChecked():
                start = date_value(self.pause_start)
                end = date_value(self.pause_end)
                if start is None or end is None or end < start or start < received:
                    self.due.setText(
                        _(
                            "A pause starts on the day of receipt or later, and cannot end "
                            "before it starts."
                        )
                    )
                    self.trail.setText("")
                    return None
                pauses = (Pause(start, end),)
            deadline = self._services.requests.calculate(
                received, self.extended.isChecked(), pauses
            )
        if deadline.due is None:
            self.due.setText(_("Paused: no due date until the requester answers."))
        else:
            self.due.setText(
                _("Due: {date} ({weekday})").format(
                    date=format_day(deadline.due), weekday=_weekday(deadline.due)
                )
            )
        self.trail.setText(trail_text(deadline))
        return deadline


# --- retention -----------------------------------------------------------------------------


class PurgeDialog(QDialog):
    """How long finished requests are kept, and the purge: it shows exactly which requests
    it will anonymise before it does."""

    changed = Signal(object)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("purgeDialog")
        self._tasks = tasks
        self.setWindowTitle(_("Retention of finished requests"))
        self.resize(820, 520)
        self._services = services
        #: How many requests the last purge anonymised.
        self.anonymised = 0
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The requests are personal data too (Art. 5(1)(e)). A request finished "
                "(answered, refused, closed or withdrawn) longer ago than this is anonymised: "
                "names, contact details, texts, notes and documents are removed, also from "
                "the audit log; the reference, dates, channel, rights and statuses stay for "
                "the statistics."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Keep finished requests for")))
        self.years = QSpinBox()
        self.years.setObjectName("retentionYears")
        self.years.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.years.setSuffix(" " + _("years"))
        self.years.setValue(services.requests.retention_years())
        save = QPushButton(_("Save setting"))
        save.clicked.connect(self.save_years)
        row.addWidget(self.years)
        row.addWidget(save)
        row.addStretch()
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("purgeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("purgeCandidates")
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Received"), _("Finished"), _("Rights"), _("Data subject")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.purge_button = buttons.addButton(
            _("Anonymise these requests"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.purge_button.clicked.connect(self.purge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_candidates()

    def show_candidates(self) -> None:
        today = office_today()
        self._candidates = self._services.requests.purge_candidates(today)
        cutoff = self._services.requests.purge_cutoff(today)
        self.table.setRowCount(len(self._candidates))
        for row, candidate in enumerate(self._candidates):
            values = (
                candidate.reference,
                format_day(candidate.received_on),
                format_day(candidate.closed_on),
                rights_text(candidate),
                subject_text(candidate),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.summary.setText(
            ngettext(
                "{count} request was finished before {date} and will be anonymised.",
                "{count} requests were finished before {date} and will be anonymised.",
                len(self._candidates),
            ).format(count=len(self._candidates), date=format_day(cutoff))
            if self._candidates
            else _("No request was finished before {date}: nothing to anonymise.").format(
                date=format_day(cutoff)
            )
        )
        self.purge_button.setEnabled(bool(self._candidates))

    def save_years(self) -> None:
        try:
            changes = self._services.requests.set_retention_years(self.years.value())
        except ValidationError as error:
            QMessageBox.warning(self, _("Retention"), str(error))
            return
        self.changed.emit(changes)
        self.show_candidates()

    def purge(self, confirmed: bool = False) -> None:
        """Asks, then anonymises the listed requests on the task runner (progress and Cancel
        after ~600 ms; a cancel leaves every request as it was)."""
        if not self._candidates:
            return
        if not confirmed:
            answer = QMessageBox.question(
                self,
                _("Anonymise requests"),
                ngettext(
                    "Remove the personal data of the {count} request listed? This cannot be "
                    "undone (a backup made before keeps it).",
                    "Remove the personal data of the {count} requests listed? This cannot be "
                    "undone (a backup made before keeps it).",
                    len(self._candidates),
                ).format(count=len(self._candidates)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        chosen = [candidate.id for candidate in self._candidates]
        today = office_today()
        self.purge_button.setEnabled(False)
        self._tasks.start(
            _("Anonymising requests…"),
            lambda progress, cancel: self._services.requests.purge(
                chosen, today, progress=progress, cancel=cancel
            ),
            on_success=self._purged,
            on_failure=self._purge_failed,
            on_cancel=self.show_candidates,
            parent=self,
        )

    def _purged(self, result: tuple[int, Changes]) -> None:
        count, changes = result
        self.anonymised = count
        self.changed.emit(changes)
        self.show_candidates()

    def _purge_failed(self, error: BaseException) -> None:
        QMessageBox.critical(self, _("Anonymise requests"), str(error))
        self.show_candidates()
