"""A data-subject request (GDPR Art. 12, 15-22, 7(3)): what was asked, by whom, how it was
received, how identity is checked, and the workflow it moves through, each step dated.

The deadline itself is counted by domain.deadlines; this module holds the request and the
rules a request must satisfy before it is saved or moved on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from dpo_desk.domain import references
from dpo_desk.domain.attachment import NewAttachment
from dpo_desk.domain.contact import email_problem
from dpo_desk.domain.deadlines import HolidayCalendar, Pause, extension_possible, validate_pauses
from dpo_desk.domain.errors import FieldError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _


class Right(StrEnum):
    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21(1)
    OBJECTION_MARKETING = "objection_marketing"  # Art. 21(2)-(3): absolute
    AUTOMATED = "automated"  # Art. 22
    CONSENT_WITHDRAWAL = "consent_withdrawal"  # Art. 7(3)


RIGHT_LABELS = {
    Right.ACCESS: N_("Access (Art. 15)"),
    Right.RECTIFICATION: N_("Rectification (Art. 16)"),
    Right.ERASURE: N_("Erasure (Art. 17)"),
    Right.RESTRICTION: N_("Restriction (Art. 18)"),
    Right.PORTABILITY: N_("Portability (Art. 20)"),
    Right.OBJECTION: N_("Objection (Art. 21(1))"),
    Right.OBJECTION_MARKETING: N_("Objection to direct marketing (Art. 21(2))"),
    Right.AUTOMATED: N_("Automated decisions (Art. 22)"),
    Right.CONSENT_WITHDRAWAL: N_("Withdrawal of consent (Art. 7(3))"),
}

#: The rights after whose exercise each recipient is told (Art. 19).
ART_19_RIGHTS = frozenset({Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION})


class Channel(StrEnum):
    POST = "post"
    EMAIL = "email"
    WEB_FORM = "web_form"
    PHONE = "phone"
    IN_PERSON = "in_person"


CHANNEL_LABELS = {
    Channel.POST: N_("Post"),
    Channel.EMAIL: N_("E-mail"),
    Channel.WEB_FORM: N_("Web form"),
    Channel.PHONE: N_("Telephone"),
    Channel.IN_PERSON: N_("In person"),
}


class ReplyChannel(StrEnum):
    POST = "post"
    EMAIL = "email"
    ORAL = "oral"  # Art. 12(1): orally, when the person asks and identity is proven otherwise


class Status(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    AWAITING = "awaiting"  # identity information or a clarification (the clock is paused)
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"  # Art. 12(3)
    ANSWERED = "answered"
    REFUSED = "refused"  # Art. 12(4), 12(5)
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    Status.RECEIVED: N_("Received"),
    Status.ACKNOWLEDGED: N_("Acknowledged"),
    Status.AWAITING: N_("Awaiting identity or clarification"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.EXTENDED: N_("Extended"),
    Status.ANSWERED: N_("Answered"),
    Status.REFUSED: N_("Refused"),
    Status.CLOSED: N_("Closed"),
    Status.WITHDRAWN: N_("Withdrawn by the requester"),
}

_OPEN = {
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.AWAITING,
    Status.IN_PROGRESS,
    Status.EXTENDED,
}

#: The moves the workflow allows. A withdrawn request is final (a new letter from the person is
#: a new request); an answered, refused or closed one can be re-opened with a note.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset(
        {
            Status.ACKNOWLEDGED,
            Status.AWAITING,
            Status.IN_PROGRESS,
            Status.ANSWERED,
            Status.REFUSED,
            Status.WITHDRAWN,
        }
    ),
    Status.ACKNOWLEDGED: frozenset(
        {
            Status.AWAITING,
            Status.IN_PROGRESS,
            Status.EXTENDED,
            Status.ANSWERED,
            Status.REFUSED,
            Status.WITHDRAWN,
        }
    ),
    Status.AWAITING: frozenset(
        {
            Status.ACKNOWLEDGED,
            Status.IN_PROGRESS,
            Status.EXTENDED,
            Status.ANSWERED,
            Status.REFUSED,
            Status.WITHDRAWN,
        }
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.AWAITING, Status.EXTENDED, Status.ANSWERED, Status.REFUSED, Status.WITHDRAWN}
    ),
    Status.EXTENDED: frozenset(
        {Status.AWAITING, Status.IN_PROGRESS, Status.ANSWERED, Status.REFUSED, Status.WITHDRAWN}
    ),
    # Re-opened when the answer proved incomplete or AZOP orders more (a note says why).
    Status.ANSWERED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.REFUSED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
    Status.WITHDRAWN: frozenset(),
}

#: Moves back from an answer: allowed, but only with a note that says why.
_REOPENING = frozenset({Status.ANSWERED, Status.REFUSED, Status.CLOSED})


def is_open(status: Status) -> bool:
    """Whether the request still runs against its deadline."""
    return status in _OPEN


class IdentityMethod(StrEnum):
    NOT_NEEDED = "not_needed"  # nothing disclosed or changed that needs it
    ACCOUNT_EMAIL = "account_email"  # sent from the e-mail address on the account
    KNOWN_DETAILS = "known_details"  # details only the person would know, matched
    IN_PERSON = "in_person"
    SIGNED_LETTER = "signed_letter"  # a signed letter matching the address on record
    ID_DOCUMENT = "id_document"  # a copy of an identity document: only with a stated reason


IDENTITY_LABELS = {
    IdentityMethod.NOT_NEEDED: N_("Not needed for this request"),
    IdentityMethod.ACCOUNT_EMAIL: N_("Sent from the e-mail address on the account"),
    IdentityMethod.KNOWN_DETAILS: N_("Matching details already known"),
    IdentityMethod.IN_PERSON: N_("Seen in person"),
    IdentityMethod.SIGNED_LETTER: N_("Signed letter from the address on record"),
    IdentityMethod.ID_DOCUMENT: N_("Copy of an identity document"),
}

#: Shown whenever an identity document is chosen (Art. 12(6) and data minimisation; AZOP fined
#: Zagrebački holding EUR 25,000 in 2023 for demanding ID-card copies).
ID_DOCUMENT_WARNING = N_(
    "Ask for a copy of an identity document only when a reasonable doubt cannot be settled "
    "otherwise (Art. 12(6)); state why, ask for no more than needed, and delete the copy once "
    "identity is confirmed."
)


@dataclass(frozen=True)
class StatusChange:
    """One move of the workflow: from, to, on which day, and why."""

    status: Status
    on: date
    note: str = ""
    previous: Status | None = None


class Direction(StrEnum):
    IN = "in"  # from the requester (the request itself, an ID copy, a clarification)
    OUT = "out"  # from the organisation (acknowledgement, questions, the answer)


DIRECTION_LABELS = {Direction.IN: N_("Incoming"), Direction.OUT: N_("Outgoing")}


@dataclass(frozen=True)
class Correspondence:
    """One letter, e-mail or call in the request's correspondence log, with its documents (the
    scanned letter and envelope, the original e-mail and its attachments, the reply sent)."""

    on: date
    direction: Direction
    channel: Channel
    summary: str = ""
    document_ids: tuple[int, ...] = ()
    #: The kind of letter DPO Desk printed and kept here, "" otherwise. A kept letter is the
    #: evidence of what was sent: it is never removed or changed (a new version is a new
    #: letter).
    letter: str = ""
    #: Files chosen for the entry and not yet stored: the service stores them in the same
    #: transaction as the request, so a refused request leaves no orphan files behind.
    new_documents: tuple[NewAttachment, ...] = ()


@dataclass(frozen=True)
class RecipientNotice:
    """Art. 19: a recipient to be told of a rectification, erasure or restriction. ``told_on``
    is None until it was told; ``note`` records why telling it is impossible or would take
    disproportionate effort, when that is the case."""

    recipient_id: int
    told_on: date | None = None
    note: str = ""


REFERENCE_PREFIX = "DSR"


def format_reference(year: int, number: int) -> str:
    """ "DSR-2026-0042"."""
    return references.format_reference(REFERENCE_PREFIX, year, number)


def parse_reference(text: str) -> tuple[int, int] | None:
    """(year, number) of a reference such as "dsr-2026-0042", or None."""
    return references.parse_reference(REFERENCE_PREFIX, text)


@dataclass(frozen=True)
class Request:
    """A data-subject request. ``reference``/``id``/``version`` are set when first saved."""

    received_on: date | None = None
    channel: Channel = Channel.EMAIL
    postmark_on: date | None = None  # a letter's postmark
    registered_mail_number: str = ""
    rights: tuple[Right, ...] = ()
    subject: Person = field(default_factory=Person)  # the data subject
    requester: Person | None = None  # someone acting for them
    authority_documented: bool = False  # the requester's authority (power of attorney, parent)
    authority_document_id: int | None = None
    language: str = "hr"
    reply_channel: ReplyChannel = ReplyChannel.EMAIL
    activity_ids: tuple[int, ...] = ()
    summary: str = ""  # what the person asks, in a sentence
    notes: str = ""
    identity_method: IdentityMethod | None = None
    identity_reason: str = ""  # why this method (required for an identity document)
    identity_confirmed_on: date | None = None
    extended_on: date | None = None  # Art. 12(3): when the extension was decided and told
    extension_reasons: str = ""
    pauses: tuple[Pause, ...] = ()
    status: Status = Status.RECEIVED
    history: tuple[StatusChange, ...] = ()
    correspondence: tuple[Correspondence, ...] = ()
    recipients_told: tuple[RecipientNotice, ...] = ()  # Art. 19
    #: Set when the purge removed the personal data of a request kept past its retention.
    anonymised_at: datetime | None = None
    reference: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int | None = None

    @property
    def extended(self) -> bool:
        return self.extended_on is not None

    @property
    def closed_on(self) -> date | None:
        """The day of the step that finished the request (answered, refused, closed or
        withdrawn: the last one, so a closing after an answer counts), from which its retention
        runs; None while it is open."""
        if is_open(self.status) or not self.history:
            return None
        return self.history[-1].on

    @property
    def contact(self) -> Person:
        """Who the answer goes to: the requester acting for the subject, or the subject."""
        return self.requester if self.requester is not None else self.subject


REQUEST_FIELD_LABELS: dict[str, str] = {
    "received_on": N_("Received on"),
    "postmark_on": N_("Postmark date"),
    "rights": N_("Rights exercised"),
    "subject.name": N_("Data subject's name"),
    "subject.email": N_("Data subject's e-mail"),
    "requester.name": N_("Requester's name"),
    "requester.email": N_("Requester's e-mail"),
    "authority_documented": N_("Requester's authority"),
    "language": N_("Language of the reply"),
    "reply_channel": N_("Reply by"),
    "identity_reason": N_("Reason for the identity check"),
    "extension_reasons": N_("Reasons for the extension"),
    "extended_on": N_("Extension decided on"),
    "pauses": N_("Pauses"),
    "status": N_("Status"),
    "correspondence": N_("Correspondence"),
    "recipients_told": N_("Recipients told (Art. 19)"),
}


def _error(key: str, message: str) -> FieldError:
    label = REQUEST_FIELD_LABELS[key]
    return FieldError(field=key, label=_(label), message=message)


def _clean_person(person: Person) -> Person:
    return replace(
        person,
        name=" ".join(person.name.split()),
        email=person.email.strip(),
        phone=person.phone.strip(),
        address=replace(
            person.address,
            street=person.address.street.strip(),
            postal_code=person.address.postal_code.strip(),
            city=person.address.city.strip(),
            country_code=person.address.country_code.strip().upper(),
        ),
    )


def normalise_request(request: Request) -> Request:
    """Trims texts, orders the rights and activities, and drops what the channel or the
    identity method does not use."""
    requester = _clean_person(request.requester) if request.requester is not None else None
    if requester is not None and requester.is_blank():
        requester = None
    post = request.channel is Channel.POST
    return replace(
        request,
        rights=tuple(sorted(set(request.rights), key=list(Right).index)),
        subject=_clean_person(request.subject),
        requester=requester,
        authority_documented=request.authority_documented and requester is not None,
        authority_document_id=request.authority_document_id if requester is not None else None,
        postmark_on=request.postmark_on if post else None,
        registered_mail_number=request.registered_mail_number.strip() if post else "",
        activity_ids=tuple(sorted(set(request.activity_ids))),
        summary=request.summary.strip(),
        notes=request.notes.strip(),
        correspondence=tuple(
            sorted(
                (replace(entry, summary=entry.summary.strip()) for entry in request.correspondence),
                key=lambda entry: entry.on,
            )
        ),
        recipients_told=tuple(
            replace(notice, note=notice.note.strip()) for notice in request.recipients_told
        ),
        identity_reason=request.identity_reason.strip(),
        extension_reasons=request.extension_reasons.strip(),
        language=request.language if request.language in ("hr", "en") else "hr",
    )


def validate_request(
    request: Request, today: date, holidays: HolidayCalendar | None = None
) -> list[FieldError]:
    """Every problem with a normalised request on ``today`` (dates in the office's calendar);
    with ``holidays``, also whether an extension was decided within the first month."""
    errors: list[FieldError] = []
    if request.received_on is None:
        errors.append(_error("received_on", _("is required")))
    elif request.received_on > today:
        errors.append(_error("received_on", _("is in the future")))
    if (
        request.postmark_on is not None
        and request.received_on is not None
        and request.postmark_on > request.received_on
    ):
        errors.append(_error("postmark_on", _("is after the day the letter was received")))
    if not request.rights:
        errors.append(_error("rights", _("choose at least one right")))
    if not (request.subject.name or request.subject.email):
        errors.append(_error("subject.name", _("give a name or at least an e-mail address")))
    if request.subject.email and (problem := email_problem(request.subject.email)):
        errors.append(_error("subject.email", _(problem)))
    if request.requester is not None:
        if not request.requester.name:
            errors.append(_error("requester.name", _("is required for someone acting for them")))
        if request.requester.email and (problem := email_problem(request.requester.email)):
            errors.append(_error("requester.email", _(problem)))
        # A missing power of attorney does not stop the clock or the record: the DPO asks for
        # it (the request then awaits it), so it is not an error here.
    contact = request.contact
    if request.reply_channel is ReplyChannel.EMAIL and not contact.email:
        errors.append(_error("reply_channel", _("a reply by e-mail needs an e-mail address")))
    if request.reply_channel is ReplyChannel.POST and contact.address.is_blank():
        errors.append(_error("reply_channel", _("a reply by post needs a postal address")))
    if request.identity_method is IdentityMethod.ID_DOCUMENT and not request.identity_reason:
        errors.append(
            _error(
                "identity_reason",
                _("state the reasonable doubt that only an identity document settles"),
            )
        )
    if request.extended_on is not None:
        if not request.extension_reasons:
            errors.append(_error("extension_reasons", _("the data subject must be told why")))
        if request.received_on is not None and not (
            request.received_on <= request.extended_on <= today
        ):
            errors.append(_error("extended_on", _("must be between the day of receipt and today")))
        elif (
            holidays is not None
            and request.received_on is not None
            and not extension_possible(
                request.received_on, request.extended_on, holidays, request.pauses
            )
        ):
            errors.append(
                _error(
                    "extended_on",
                    _("is after the first month: Art. 12(3) allows an extension only within it"),
                )
            )
    if request.received_on is not None:
        for problem in validate_pauses(request.received_on, request.pauses, today):
            errors.append(_error("pauses", problem))
    errors.extend(_workflow_errors(request))
    errors.extend(_log_errors(request, today))
    return errors


def _workflow_errors(request: Request) -> list[FieldError]:
    """The status, the open pause and the extension must tell the same story: the clock
    stands still exactly while the request awaits the requester, and an extension is a step
    of the workflow (decided and told within the first month), not a date typed anywhere."""
    errors: list[FieldError] = []
    open_pause = any(pause.end is None for pause in request.pauses)
    if open_pause and request.status is not Status.AWAITING:
        errors.append(
            _error(
                "pauses",
                _(
                    "a pause without an end belongs to a request awaiting the requester: "
                    "give the day it ended"
                ),
            )
        )
    if request.status is Status.AWAITING and not open_pause:
        errors.append(
            _error(
                "pauses",
                _("the request awaits the requester: its pause stays open until they answer"),
            )
        )
    extended_step = any(step.status is Status.EXTENDED for step in request.history)
    if request.extended_on is not None and not extended_step:
        errors.append(
            _error("status", _("an extension is recorded by changing the status to Extended"))
        )
    if request.status is Status.EXTENDED and request.extended_on is None:
        errors.append(_error("extended_on", _("is required for an extended request")))
    return errors


def _log_errors(request: Request, today: date) -> list[FieldError]:
    """Problems with the correspondence log and the Art. 19 list."""
    errors: list[FieldError] = []
    first = request.postmark_on or request.received_on
    for entry in request.correspondence:
        if entry.on > today:
            errors.append(
                _error(
                    "correspondence",
                    _("the entry of {date} is in the future").format(date=format_day(entry.on)),
                )
            )
        elif first is not None and entry.on < first:
            errors.append(
                _error(
                    "correspondence",
                    _("the entry of {date} is before the request was sent").format(
                        date=format_day(entry.on)
                    ),
                )
            )
    if request.recipients_told and not ART_19_RIGHTS.intersection(request.rights):
        errors.append(
            _error(
                "recipients_told",
                _("recipients are told only of a rectification, erasure or restriction"),
            )
        )
    seen: set[int] = set()
    for notice in request.recipients_told:
        if notice.recipient_id in seen:
            errors.append(_error("recipients_told", _("a recipient is listed twice")))
        seen.add(notice.recipient_id)
        if notice.told_on is not None and (
            notice.told_on > today
            or (request.received_on is not None and notice.told_on < request.received_on)
        ):
            errors.append(
                _error(
                    "recipients_told",
                    _("the day a recipient was told must be between receipt and today"),
                )
            )
    return errors


def can_move(request: Request, to: Status) -> bool:
    return to in TRANSITIONS[request.status]


def move(request: Request, to: Status, on: date, note: str = "") -> Request:
    """The request moved to ``to`` on ``on``, the step added to its history. Raises ValueError
    saying why when the workflow does not allow the move: not from this status, before the
    request or its last step, re-opening without a note, extending without the extension's
    date and reasons recorded (Art. 12(3))."""
    if not can_move(request, to):
        raise ValueError(
            _("A request that is {current} cannot become {target}.").format(
                current=_(STATUS_LABELS[request.status]).lower(),
                target=_(STATUS_LABELS[to]).lower(),
            )
        )
    last = request.history[-1].on if request.history else request.received_on
    if last is not None and on < last:
        raise ValueError(_("The step cannot be dated before {date}.").format(date=format_day(last)))
    if request.status in _REOPENING and to is Status.IN_PROGRESS and not note.strip():
        raise ValueError(_("Say why the request is opened again."))
    if to is Status.EXTENDED and not (request.extended_on and request.extension_reasons):
        raise ValueError(
            _("Record the day the extension was decided and its reasons first (Art. 12(3)).")
        )
    change = StatusChange(status=to, on=on, note=note.strip(), previous=request.status)
    return replace(request, status=to, history=(*request.history, change))


class RequestSort(StrEnum):
    DUE = "due"
    RECEIVED = "received"
    REFERENCE = "reference"
    SUBJECT = "subject"
    STATUS = "status"
    CHANNEL = "channel"


@dataclass(frozen=True)
class RequestFilter:
    """The requests page's search and filters; None or empty means "any". ``due_by`` and
    ``overdue_on`` are days the service works out (N working days from today; today)."""

    search: str = ""  # in the reference, the names, the e-mail addresses and the summary
    status: Status | None = None
    open_only: bool = False
    right: Right | None = None
    channel: Channel | None = None
    due_by: date | None = None  # open requests due on or before that day (overdue ones too)
    overdue_on: date | None = None  # open requests whose due date is before that day
    paused: bool = False  # only requests whose clock stands still
    sort: RequestSort = RequestSort.DUE
    descending: bool = False


@dataclass(frozen=True)
class RequestSummary:
    """One row of the requests page: what the list shows, read in pages from the database."""

    id: int
    reference: str
    received_on: date
    channel: Channel
    rights: tuple[Right, ...]
    subject_name: str
    subject_email: str
    requester_name: str
    status: Status
    due_on: date | None
    paused: bool
    anonymised: bool = False
    closed_on: date | None = None
