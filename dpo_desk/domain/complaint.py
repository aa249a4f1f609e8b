"""A complaint by a data subject, to the organisation or to AZOP (Art. 77): what it concerns,
why, where it stands, and its log of actions, which only grows: a mistake is corrected by a new
entry that says so, never by rewriting what was recorded (the log is the evidence of how the
complaint was handled).

When the complaint goes to AZOP (zahtjev za utvrđivanje povrede prava), the case is kept with
it: AZOP's case number, each of AZOP's letters with the deadline it sets (a due date the DPO
is reminded of), the organisation's replies, the decision (rješenje) and an administrative
lawsuit against it, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from dpo_desk.domain import references
from dpo_desk.domain.attachment import NewAttachment
from dpo_desk.domain.contact import email_problem
from dpo_desk.domain.errors import FieldError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import Channel
from dpo_desk.i18n import N_, _

REFERENCE_PREFIX = "CMP"


def format_reference(year: int, number: int) -> str:
    """ "CMP-2026-0003"."""
    return references.format_reference(REFERENCE_PREFIX, year, number)


def parse_reference(text: str) -> tuple[int, int] | None:
    return references.parse_reference(REFERENCE_PREFIX, text)


class Reason(StrEnum):
    NO_ANSWER = "no_answer"  # no answer in time (Art. 12(3))
    INCOMPLETE_ACCESS = "incomplete_access"
    REFUSED_ERASURE = "refused_erasure"
    EXCESSIVE_IDENTITY = "excessive_identity"
    FEE_CHARGED = "fee"
    MARKETING_AFTER_OBJECTION = "marketing"
    SECURITY = "security"
    OTHER = "other"


REASON_LABELS = {
    Reason.NO_ANSWER: N_("No answer in time"),
    Reason.INCOMPLETE_ACCESS: N_("Incomplete access answer"),
    Reason.REFUSED_ERASURE: N_("Erasure refused"),
    Reason.EXCESSIVE_IDENTITY: N_("Excessive identity demands"),
    Reason.FEE_CHARGED: N_("Fee charged"),
    Reason.MARKETING_AFTER_OBJECTION: N_("Marketing after an objection"),
    Reason.SECURITY: N_("Security concern"),
    Reason.OTHER: N_("Other"),
}


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    ANSWERED = "answered"
    ESCALATED = "escalated"  # to AZOP
    CLOSED = "closed"


COMPLAINT_STATUS_LABELS = {
    ComplaintStatus.RECEIVED: N_("Received"),
    ComplaintStatus.UNDER_REVIEW: N_("Under review"),
    ComplaintStatus.ANSWERED: N_("Answered"),
    ComplaintStatus.ESCALATED: N_("Escalated to AZOP"),
    ComplaintStatus.CLOSED: N_("Closed"),
}


class Outcome(StrEnum):
    """How the complaint ended for the organisation."""

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OUTCOME_LABELS = {
    Outcome.UPHELD: N_("Upheld"),
    Outcome.PARTLY_UPHELD: N_("Partly upheld"),
    Outcome.REJECTED: N_("Rejected"),
    Outcome.WITHDRAWN: N_("Withdrawn"),
}


class DecisionOutcome(StrEnum):
    """AZOP's decision (rješenje) on the request to establish an infringement."""

    INFRINGEMENT = "infringement"  # the request is founded: an infringement established
    NO_INFRINGEMENT = "no_infringement"  # unfounded, rejected
    DISMISSED = "dismissed"  # odbačen: not examined on its merits
    DISCONTINUED = "discontinued"  # obustavljen: e.g. withdrawn


DECISION_LABELS = {
    DecisionOutcome.INFRINGEMENT: N_("Infringement established"),
    DecisionOutcome.NO_INFRINGEMENT: N_("No infringement (request rejected)"),
    DecisionOutcome.DISMISSED: N_("Request dismissed"),
    DecisionOutcome.DISCONTINUED: N_("Proceedings discontinued"),
}


class EntryKind(StrEnum):
    NOTE = "note"
    RECEIVED = "received"  # the complaint or a letter from the complainant
    SENT = "sent"  # a letter, e-mail or call to the complainant
    AZOP_LETTER = "azop_letter"  # a letter from AZOP (may set a deadline)
    AZOP_REPLY = "azop_reply"  # the organisation's reply to AZOP
    DECISION = "decision"  # AZOP's rješenje
    LAWSUIT = "lawsuit"  # an administrative lawsuit
    CORRECTION = "correction"  # corrects an earlier entry


ENTRY_LABELS = {
    EntryKind.NOTE: N_("Note"),
    EntryKind.RECEIVED: N_("Received from the complainant"),
    EntryKind.SENT: N_("Sent to the complainant"),
    EntryKind.AZOP_LETTER: N_("Letter from AZOP"),
    EntryKind.AZOP_REPLY: N_("Reply to AZOP"),
    EntryKind.DECISION: N_("AZOP's decision"),
    EntryKind.LAWSUIT: N_("Administrative lawsuit"),
    EntryKind.CORRECTION: N_("Correction"),
}


@dataclass(frozen=True)
class Entry:
    """One dated action on the complaint. ``due_on``: the deadline an AZOP letter sets, until
    a later reply to AZOP meets it. ``corrects``: the number (1-based) of the entry corrected."""

    on: date
    kind: EntryKind
    text: str
    who: str = ""
    due_on: date | None = None
    corrects: int | None = None
    document_ids: tuple[int, ...] = ()
    recorded_at: datetime | None = field(default=None, compare=False)
    new_documents: tuple[NewAttachment, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class AuthorityCase:
    """The complaint before AZOP."""

    case_number: str = ""
    lodged_on: date | None = None  # when the complainant went to AZOP (if known)
    decided_on: date | None = None
    decision: DecisionOutcome | None = None
    decision_summary: str = ""
    lawsuit_filed_on: date | None = None
    lawsuit_court: str = ""
    lawsuit_number: str = ""
    lawsuit_outcome: str = ""


@dataclass(frozen=True)
class Complaint:
    received_on: date | None = None
    channel: Channel = Channel.EMAIL
    complainant: Person = field(default_factory=Person)
    representative: Person | None = None
    reason: Reason = Reason.OTHER
    reason_text: str = ""
    summary: str = ""
    request_ids: tuple[int, ...] = ()
    incident_ids: tuple[int, ...] = ()
    activity_ids: tuple[int, ...] = ()
    status: ComplaintStatus = ComplaintStatus.RECEIVED
    answered_on: date | None = None
    outcome: Outcome | None = None
    closed_on: date | None = None
    authority: AuthorityCase | None = None
    entries: tuple[Entry, ...] = ()
    reference: str | None = None
    id: int | None = None
    version: int | None = field(default=None, compare=False)

    @property
    def escalated(self) -> bool:
        return self.authority is not None

    def open_deadlines(self) -> list[tuple[int, Entry]]:
        """AZOP's deadlines not yet met: each AZOP letter with a due date and no reply to AZOP
        recorded on or after its date. (number, entry), oldest deadline first."""
        found = []
        for number, entry in enumerate(self.entries, start=1):
            if entry.kind is not EntryKind.AZOP_LETTER or entry.due_on is None:
                continue
            answered = any(
                later.kind is EntryKind.AZOP_REPLY and later.on >= entry.on
                for later in self.entries[number:]
            )
            if not answered:
                found.append((number, entry))
        return sorted(found, key=lambda pair: pair[1].due_on or date.max)

    @property
    def next_due_on(self) -> date | None:
        """The earliest of AZOP's open deadlines (what the page sorts and warns by)."""
        deadlines = self.open_deadlines()
        return deadlines[0][1].due_on if deadlines else None


COMPLAINT_FIELD_LABELS = {
    "received_on": N_("Received on"),
    "complainant": N_("Complainant"),
    "complainant.email": N_("Complainant's e-mail"),
    "representative": N_("Representative"),
    "reason_text": N_("Reason in detail"),
    "answered_on": N_("Answered on"),
    "outcome": N_("Outcome"),
    "closed_on": N_("Closed on"),
    "status": N_("Status"),
    "authority.case_number": N_("AZOP case number"),
    "authority.decided_on": N_("Decided on"),
    "authority.decision": N_("Decision"),
    "authority.lawsuit": N_("Administrative lawsuit"),
    "entries": N_("Log"),
}


def _error(key: str, message: str) -> FieldError:
    return FieldError(key, _(COMPLAINT_FIELD_LABELS[key]), message)


def normalise_complaint(complaint: Complaint) -> Complaint:
    def person(p: Person) -> Person:
        return replace(p, name=p.name.strip(), email=p.email.strip(), phone=p.phone.strip())

    authority = complaint.authority
    if authority is not None:
        authority = replace(
            authority,
            case_number=authority.case_number.strip(),
            decision_summary=authority.decision_summary.strip(),
            lawsuit_court=authority.lawsuit_court.strip(),
            lawsuit_number=authority.lawsuit_number.strip(),
            lawsuit_outcome=authority.lawsuit_outcome.strip(),
        )
    return replace(
        complaint,
        complainant=person(complaint.complainant),
        representative=person(complaint.representative) if complaint.representative else None,
        reason_text=complaint.reason_text.strip(),
        summary=complaint.summary.strip(),
        request_ids=tuple(sorted(set(complaint.request_ids))),
        incident_ids=tuple(sorted(set(complaint.incident_ids))),
        activity_ids=tuple(sorted(set(complaint.activity_ids))),
        authority=authority,
        entries=tuple(
            replace(e, text=e.text.strip(), who=e.who.strip()) for e in complaint.entries
        ),
    )


def validate_complaint(complaint: Complaint, today: date) -> list[FieldError]:
    """Every problem with a (normalised) complaint; ``today`` bounds the dates given."""
    problems: list[FieldError] = []
    if complaint.received_on is None:
        problems.append(_error("received_on", _("is required")))
    elif complaint.received_on > today:
        problems.append(_error("received_on", _("is in the future")))
    if not (complaint.complainant.name or complaint.complainant.email):
        problems.append(_error("complainant", _("give a name or an e-mail address")))
    email = complaint.complainant.email
    problem = email_problem(email) if email else None
    if problem:
        problems.append(_error("complainant.email", _(problem)))
    if complaint.representative is not None and not complaint.representative.name:
        problems.append(_error("representative", _("give the representative's name")))
    if complaint.reason is Reason.OTHER and not complaint.reason_text:
        problems.append(_error("reason_text", _("describe the reason (chosen: other)")))
    problems += _status_problems(complaint, today)
    problems += _authority_problems(complaint)
    problems += _entry_problems(complaint, today)
    return problems


def _status_problems(complaint: Complaint, today: date) -> list[FieldError]:
    problems = []
    received = complaint.received_on
    for key, day in (
        ("answered_on", complaint.answered_on),
        ("closed_on", complaint.closed_on),
    ):
        if day is None:
            continue
        if day > today:
            problems.append(_error(key, _("is in the future")))
        elif received is not None and day < received:
            problems.append(_error(key, _("is before the complaint was received")))
    if complaint.status is ComplaintStatus.ANSWERED and complaint.answered_on is None:
        problems.append(_error("answered_on", _("say when the complaint was answered")))
    if complaint.status is ComplaintStatus.CLOSED:
        if complaint.closed_on is None:
            problems.append(_error("closed_on", _("say when the complaint was closed")))
        if complaint.outcome is None:
            problems.append(_error("outcome", _("choose the outcome before closing")))
    if complaint.status is ComplaintStatus.ESCALATED and complaint.authority is None:
        problems.append(_error("status", _("record the AZOP case first")))
    return problems


def _authority_problems(complaint: Complaint) -> list[FieldError]:
    case = complaint.authority
    if case is None:
        return []
    problems = []
    if not case.case_number:
        problems.append(
            _error("authority.case_number", _("is required once the complaint is before AZOP"))
        )
    if (case.decision is None) != (case.decided_on is None):
        problems.append(_error("authority.decision", _("give both the decision and its date")))
    if case.lawsuit_filed_on is not None:
        if case.decided_on is None:
            problems.append(
                _error("authority.lawsuit", _("a lawsuit challenges a decision: record it first"))
            )
        elif case.lawsuit_filed_on < case.decided_on:
            problems.append(_error("authority.lawsuit", _("is filed before the decision")))
        if not case.lawsuit_court:
            problems.append(_error("authority.lawsuit", _("name the administrative court")))
    return problems


def _entry_problems(complaint: Complaint, today: date) -> list[FieldError]:
    problems = []
    for number, entry in enumerate(complaint.entries, start=1):
        if not entry.text:
            problems.append(_error("entries", _("entry {n} says nothing").format(n=number)))
        if entry.on > today:
            problems.append(_error("entries", _("entry {n} is in the future").format(n=number)))
        if complaint.received_on is not None and entry.on < complaint.received_on:
            problems.append(
                _error(
                    "entries",
                    _("entry {n} is before the complaint was received").format(n=number),
                )
            )
        if entry.due_on is not None and entry.due_on < entry.on:
            problems.append(
                _error(
                    "entries", _("entry {n}: the deadline is before the letter").format(n=number)
                )
            )
        if entry.kind is EntryKind.CORRECTION and not (
            entry.corrects is not None and 1 <= entry.corrects < number
        ):
            problems.append(
                _error(
                    "entries",
                    _("entry {n} corrects no earlier entry").format(n=number),
                )
            )
        if entry.kind in (EntryKind.AZOP_LETTER, EntryKind.AZOP_REPLY, EntryKind.DECISION) and (
            complaint.authority is None
        ):
            problems.append(
                _error(
                    "entries",
                    _("entry {n} concerns AZOP: record the AZOP case first").format(n=number),
                )
            )
    return problems


def appended_only(before: tuple[Entry, ...], after: tuple[Entry, ...]) -> bool:
    """Whether ``after`` keeps every entry of ``before`` as it was, in order, and only adds."""
    return len(after) >= len(before) and after[: len(before)] == before


class ComplaintSort(StrEnum):
    RECEIVED = "received"
    REFERENCE = "reference"
    COMPLAINANT = "complainant"
    STATUS = "status"
    REASON = "reason"
    DUE = "due"


@dataclass(frozen=True)
class ComplaintFilter:
    search: str = ""
    status: ComplaintStatus | None = None
    reason: Reason | None = None
    escalated: bool = False
    due_by: date | None = None  # an AZOP deadline on or before that day
    received_from: date | None = None
    received_to: date | None = None
    sort: ComplaintSort = ComplaintSort.RECEIVED
    descending: bool = True


@dataclass(frozen=True)
class ComplaintSummary:
    id: int
    reference: str
    received_on: date
    channel: Channel
    complainant: str
    reason: Reason
    status: ComplaintStatus
    outcome: Outcome | None
    next_due_on: date | None
    case_number: str
    answered_on: date | None
    closed_on: date | None
