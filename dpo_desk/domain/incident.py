"""A security incident and, when personal data were compromised, a personal-data breach (Art.
4(12)): what happened and when, what it touched, ENISA's assessment, the decision on notifying
AZOP (Art. 33) and the data subjects (Art. 34), and the response plan's checklist.

Every incident is recorded, breach or not: Art. 33(5) asks the controller to document every
breach with the reasoning of each decision, and the incidents found not to be breaches are the
evidence that the question was asked. The short form needs only a title and the detection time;
everything else can follow as the facts come in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from dpo_desk.domain import references
from dpo_desk.domain.activity import EnisaDataType
from dpo_desk.domain.breach import (
    Adjustment,
    Assessment,
    Availability,
    Band,
    Confidentiality,
    Identification,
    Integrity,
    Recommendation,
    Severity,
    assessment_problems,
    notification_problems,
    severity,
)
from dpo_desk.domain.errors import FieldError
from dpo_desk.i18n import N_, _

REFERENCE_PREFIX = "INC"


def format_reference(year: int, number: int) -> str:
    """ "INC-2026-0007"."""
    return references.format_reference(REFERENCE_PREFIX, year, number)


def parse_reference(text: str) -> tuple[int, int] | None:
    return references.parse_reference(REFERENCE_PREFIX, text)


class Cause(StrEnum):
    """Cause and origin, as AZOP's notification form and the EDPB's examples group them."""

    LOST_OR_STOLEN = "lost_or_stolen"  # a device or paper
    MIS_SENT = "mis_sent"  # e-mail or post to the wrong person
    HACKING = "hacking"  # hacking, malware, phishing
    PUBLICATION = "publication"  # unintended publication
    WRONG_DATA_SHOWN = "wrong_data"  # another person's data shown
    INSIDER = "insider"
    PROCESSOR = "processor"
    OTHER = "other"


CAUSE_LABELS = {
    Cause.LOST_OR_STOLEN: N_("Lost or stolen device or paper"),
    Cause.MIS_SENT: N_("E-mail or post sent to the wrong person"),
    Cause.HACKING: N_("Hacking, malware or phishing"),
    Cause.PUBLICATION: N_("Unintended publication"),
    Cause.WRONG_DATA_SHOWN: N_("Another person's data shown"),
    Cause.INSIDER: N_("Misuse by an insider"),
    Cause.PROCESSOR: N_("Breach at a processor"),
    Cause.OTHER: N_("Other"),
}


class Scenario(StrEnum):
    """The response plans' scenarios (DOMAIN.md)."""

    RANSOMWARE = "ransomware"
    LOST_DEVICE = "lost_device"
    MIS_SENT = "mis_sent"
    INTRUSION = "intrusion"  # intrusion and exfiltration
    INSIDER = "insider"
    PROCESSOR = "processor"


SCENARIO_LABELS = {
    Scenario.RANSOMWARE: N_("Ransomware"),
    Scenario.LOST_DEVICE: N_("Lost or stolen device"),
    Scenario.MIS_SENT: N_("Mis-sent e-mail or post"),
    Scenario.INTRUSION: N_("Intrusion and exfiltration"),
    Scenario.INSIDER: N_("Insider misuse"),
    Scenario.PROCESSOR: N_("Breach at a processor"),
}

#: The plan a cause suggests (hacking may be ransomware instead: the DPO chooses).
SCENARIO_OF_CAUSE = {
    Cause.LOST_OR_STOLEN: Scenario.LOST_DEVICE,
    Cause.MIS_SENT: Scenario.MIS_SENT,
    Cause.HACKING: Scenario.INTRUSION,
    Cause.INSIDER: Scenario.INSIDER,
    Cause.PROCESSOR: Scenario.PROCESSOR,
}


class BreachFinding(StrEnum):
    """Whether the incident is a personal-data breach (Art. 4(12))."""

    UNDETERMINED = "undetermined"
    BREACH = "breach"
    NOT_A_BREACH = "no_breach"


FINDING_LABELS = {
    BreachFinding.UNDETERMINED: N_("Not yet determined"),
    BreachFinding.BREACH: N_("Personal-data breach"),
    BreachFinding.NOT_A_BREACH: N_("Not a personal-data breach"),
}

RECOMMENDATION_LABELS = {
    Recommendation.RECORD_ONLY: N_("Record internally only (Art. 33(5))"),
    Recommendation.NOTIFY_AUTHORITY: N_("Notify AZOP (Art. 33)"),
    Recommendation.NOTIFY_SUBJECTS_TOO: N_("Notify AZOP and tell the data subjects (Art. 34)"),
}


class Exemption(StrEnum):
    """Art. 34(3): when the data subjects need not be told despite a high risk."""

    UNINTELLIGIBLE = "unintelligible"  # (a)
    RISK_REMOVED = "risk_removed"  # (b)
    DISPROPORTIONATE = "disproportionate"  # (c): a public communication instead


EXEMPTION_LABELS = {
    Exemption.UNINTELLIGIBLE: N_("Art. 34(3)(a): the data are unintelligible (e.g. encrypted)"),
    Exemption.RISK_REMOVED: N_("Art. 34(3)(b): later measures removed the high risk"),
    Exemption.DISPROPORTIONATE: N_(
        "Art. 34(3)(c): disproportionate effort, a public communication instead"
    ),
}


class IncidentStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


INCIDENT_STATUS_LABELS = {
    IncidentStatus.OPEN: N_("In progress"),
    IncidentStatus.CLOSED: N_("Closed"),
}


class Phase(StrEnum):
    """Art. 33(4): the information may be given in phases."""

    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    FINAL = "final"


PHASE_LABELS = {
    Phase.INITIAL: N_("Initial notification"),
    Phase.FOLLOW_UP: N_("Follow-up notification"),
    Phase.FINAL: N_("Final notification"),
}


class Addressee(StrEnum):
    AUTHORITY = "authority"  # AZOP, Art. 33
    SUBJECTS = "subjects"  # the data subjects, Art. 34


@dataclass(frozen=True)
class PlanStep:
    """A step of a response plan: what, who, and by when counted from awareness."""

    title: str
    role: str
    due_hours: int


@dataclass(frozen=True)
class ResponsePlan:
    scenario: Scenario
    steps: tuple[PlanStep, ...] = ()
    id: int | None = None
    version: int | None = None


def plan_problems(plan: ResponsePlan) -> list[FieldError]:
    label = _("Steps")
    problems = []
    for number, step in enumerate(plan.steps, start=1):
        if not step.title.strip():
            problems.append(FieldError("steps", label, _("step {n} has no text").format(n=number)))
        if not step.role.strip():
            problems.append(
                FieldError("steps", label, _("step {n} names no role").format(n=number))
            )
        if not 0 <= step.due_hours <= 24 * 90:
            problems.append(
                FieldError(
                    "steps",
                    label,
                    _("step {n}: the due time must be 0 to 2,160 hours after awareness").format(
                        n=number
                    ),
                )
            )
    return problems


@dataclass(frozen=True)
class ChecklistStep:
    """A plan's step as started for one incident; ticked with who and when."""

    title: str
    role: str
    due_hours: int
    done_at: datetime | None = None
    done_by: str = ""
    note: str = ""

    def due_at(self, aware_at: datetime) -> datetime:
        """Counted in elapsed hours from awareness, like the 72-hour clock."""
        return aware_at.astimezone(UTC) + timedelta(hours=self.due_hours)

    def is_overdue(self, aware_at: datetime | None, now: datetime) -> bool:
        return self.done_at is None and aware_at is not None and now > self.due_at(aware_at)


def start_checklist(plan: ResponsePlan) -> tuple[ChecklistStep, ...]:
    """The plan's steps, in its order, none ticked: a copy, so that editing the plan later
    does not rewrite what an incident's team was asked to do."""
    return tuple(ChecklistStep(s.title.strip(), s.role.strip(), s.due_hours) for s in plan.steps)


@dataclass(frozen=True)
class NotificationVersion:
    """A notification as prepared and kept: the PDF is a stored attachment."""

    addressee: Addressee
    phase: Phase
    prepared_at: datetime
    language: str
    attachment_id: int | None = None


def next_phase(notifications: tuple[NotificationVersion, ...]) -> Phase:
    """The phase a new notification to AZOP takes (Art. 33(4)): initial first, then
    follow-ups; after the final one, a corrected final."""
    sent = [v.phase for v in notifications if v.addressee is Addressee.AUTHORITY]
    if not sent:
        return Phase.INITIAL
    return Phase.FINAL if sent[-1] is Phase.FINAL else Phase.FOLLOW_UP


def phase_problems(
    notifications: tuple[NotificationVersion, ...], addressee: Addressee, phase: Phase
) -> list[FieldError]:
    """One initial notification, before any follow-up or final one."""
    if addressee is not Addressee.AUTHORITY:
        return []
    sent = [v.phase for v in notifications if v.addressee is Addressee.AUTHORITY]
    label = _("Phase")
    if phase is Phase.INITIAL and sent:
        return [FieldError("phase", label, _("the initial notification was kept already"))]
    if phase is not Phase.INITIAL and not sent:
        return [FieldError("phase", label, _("the first notification is the initial one"))]
    return []


@dataclass(frozen=True)
class Incident:
    """An incident. ``reference``/``id``/``version`` are set when first saved."""

    title: str = ""
    description: str = ""  # what happened
    detected_at: datetime | None = None
    occurred_from: datetime | None = None  # when it happened, or the start of a window
    occurred_to: datetime | None = None  # the end of the window (None: a moment, or unknown)
    aware_at: datetime | None = None  # reasonable certainty that personal data were compromised
    processor_reported: bool = False
    processor_recipient_id: int | None = None  # the processor, from the recipients register
    processor_reported_at: datetime | None = None
    reported_by: str = ""
    confidentiality: bool = False
    integrity: bool = False
    availability: bool = False
    cause: Cause = Cause.OTHER
    cause_details: str = ""
    ongoing: bool = False
    scenario: Scenario | None = None
    finding: BreachFinding = BreachFinding.UNDETERMINED
    finding_reasoning: str = ""
    activity_ids: tuple[int, ...] = ()
    data_category_ids: tuple[int, ...] = ()
    subject_category_ids: tuple[int, ...] = ()
    subjects_approx: int | None = None
    records_approx: int | None = None
    consequences: str = ""
    measures_taken: str = ""
    measures_proposed: str = ""
    cross_border: bool = False
    cross_border_details: str = ""  # the other Member States, the lead authority
    # ENISA (the data types come from the data categories when assessed)
    identification: Identification | None = None  # None: not assessed yet
    lost_confidentiality: Confidentiality = Confidentiality.NONE
    lost_integrity: Integrity = Integrity.NONE
    lost_availability: Availability = Availability.NONE
    malicious: bool = False
    adjustments: tuple[Adjustment, ...] = ()
    # the DPO's decision beside the policy's recommendation
    decision: Recommendation | None = None
    decision_reasoning: str = ""
    exemption: Exemption | None = None
    notified_at: datetime | None = None  # AZOP
    delay_reasons: str = ""
    authority_reference: str = ""  # AZOP's case number
    subjects_told_on: date | None = None
    subjects_told_how: str = ""
    status: IncidentStatus = IncidentStatus.OPEN
    closed_on: date | None = None
    checklist: tuple[ChecklistStep, ...] = ()
    notifications: tuple[NotificationVersion, ...] = ()
    reference: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int | None = field(default=None, compare=False)

    @property
    def is_breach(self) -> bool:
        return self.finding is BreachFinding.BREACH

    @property
    def clock_running(self) -> bool:
        """Whether the 72-hour clock is something to watch: a breach (or not yet ruled out) the
        organisation is aware of, AZOP not notified, and no decision to keep it internal."""
        return (
            self.aware_at is not None
            and self.finding is not BreachFinding.NOT_A_BREACH
            and self.notified_at is None
            and self.decision is not Recommendation.RECORD_ONLY
            and self.status is IncidentStatus.OPEN
        )

    def assessment(self, data_types: tuple[EnisaDataType, ...]) -> Assessment | None:
        """ENISA's inputs, with the data types of the incident's data categories."""
        if self.identification is None:
            return None
        return Assessment(
            data_types=data_types,
            identification=self.identification,
            confidentiality=self.lost_confidentiality,
            integrity=self.lost_integrity,
            availability=self.lost_availability,
            malicious=self.malicious,
            adjustments=self.adjustments,
        )

    def severity(self, data_types: tuple[EnisaDataType, ...]) -> Severity | None:
        assessment = self.assessment(data_types)
        return severity(assessment) if assessment is not None else None


INCIDENT_FIELD_LABELS = {
    "title": N_("Title"),
    "description": N_("What happened"),
    "detected_at": N_("Detected at"),
    "occurred_from": N_("Happened at (from)"),
    "occurred_to": N_("Happened until"),
    "aware_at": N_("Became aware at"),
    "processor_recipient_id": N_("Processor"),
    "processor_reported_at": N_("Reported by the processor at"),
    "reported_by": N_("Reported by"),
    "nature": N_("Nature"),
    "cause_details": N_("Cause in detail"),
    "scenario": N_("Response plan"),
    "finding_reasoning": N_("Why it is or is not a breach"),
    "subjects_approx": N_("Approximate number of data subjects"),
    "records_approx": N_("Approximate number of records"),
    "cross_border_details": N_("Cross-border aspects"),
    "decision_reasoning": N_("Reasoning of the decision"),
    "exemption": N_("Art. 34(3) exemption"),
    "notified_at": N_("AZOP notified at"),
    "delay_reasons": N_("Reasons for the delay"),
    "subjects_told_on": N_("Data subjects told on"),
    "closed_on": N_("Closed on"),
    "status": N_("Status"),
    "checklist": N_("Response checklist"),
}


def _error(key: str, message: str) -> FieldError:
    return FieldError(key, _(INCIDENT_FIELD_LABELS[key]), message)


def normalise_incident(incident: Incident) -> Incident:
    """Trimmed texts, sorted link lists, and nothing kept that its switch turned off."""
    texts = {
        name: getattr(incident, name).strip()
        for name in (
            "title",
            "description",
            "reported_by",
            "cause_details",
            "finding_reasoning",
            "consequences",
            "measures_taken",
            "measures_proposed",
            "cross_border_details",
            "decision_reasoning",
            "delay_reasons",
            "authority_reference",
            "subjects_told_how",
        )
    }
    if not incident.cross_border:
        texts["cross_border_details"] = ""
    return replace(
        incident,
        **texts,
        activity_ids=tuple(sorted(set(incident.activity_ids))),
        data_category_ids=tuple(sorted(set(incident.data_category_ids))),
        subject_category_ids=tuple(sorted(set(incident.subject_category_ids))),
        processor_recipient_id=incident.processor_recipient_id
        if incident.processor_reported
        else None,
        processor_reported_at=incident.processor_reported_at
        if incident.processor_reported
        else None,
        adjustments=tuple(
            replace(a, justification=a.justification.strip()) for a in incident.adjustments
        ),
        closed_on=incident.closed_on if incident.status is IncidentStatus.CLOSED else None,
    )


#: Clocks differ between machines: an instant a minute ahead of this one is still accepted.
_CLOCK_SKEW = timedelta(minutes=5)


def validate_incident(incident: Incident, now: datetime) -> list[FieldError]:
    """Every problem with a (normalised) incident; ``now`` bounds the times given."""
    problems: list[FieldError] = []
    if not incident.title:
        problems.append(_error("title", _("is required: a few words on what happened")))
    if incident.detected_at is None:
        problems.append(_error("detected_at", _("is required")))
    for key in ("detected_at", "occurred_from", "occurred_to", "aware_at", "notified_at"):
        instant = getattr(incident, key)
        if instant is not None and instant > now + _CLOCK_SKEW:
            problems.append(_error(key, _("is in the future")))
    if incident.processor_reported_at is not None and incident.processor_reported_at > (
        now + _CLOCK_SKEW
    ):
        problems.append(_error("processor_reported_at", _("is in the future")))
    problems += _order_problems(incident)
    if incident.processor_reported and incident.processor_reported_at is None:
        problems.append(_error("processor_reported_at", _("say when the processor reported it")))
    if (
        incident.cause is Cause.OTHER
        and incident.finding is BreachFinding.BREACH
        and not incident.cause_details
    ):
        problems.append(_error("cause_details", _("describe the cause (chosen: other)")))
    for key in ("subjects_approx", "records_approx"):
        value = getattr(incident, key)
        if value is not None and value < 0:
            problems.append(_error(key, _("cannot be negative")))
    if incident.finding is not BreachFinding.UNDETERMINED and not incident.finding_reasoning:
        problems.append(
            _error("finding_reasoning", _("give the reasoning (Art. 33(5) documents it)"))
        )
    if incident.finding is BreachFinding.BREACH:
        if not (incident.confidentiality or incident.integrity or incident.availability):
            problems.append(
                _error("nature", _("choose confidentiality, integrity or availability"))
            )
        if incident.aware_at is None:
            problems.append(
                _error("aware_at", _("is required for a breach: the 72 hours run from it"))
            )
    if incident.cross_border and not incident.cross_border_details:
        problems.append(
            _error("cross_border_details", _("name the other Member States or the lead authority"))
        )
    problems += assessment_problems(
        Assessment((), Identification.MAXIMUM, adjustments=incident.adjustments)
    )
    problems += _decision_problems(incident)
    if incident.status is IncidentStatus.CLOSED:
        if incident.closed_on is None:
            problems.append(_error("closed_on", _("say when the incident was closed")))
        if incident.ongoing:
            problems.append(_error("status", _("an incident still going on cannot be closed")))
        if incident.finding is BreachFinding.UNDETERMINED:
            problems.append(
                _error("status", _("decide whether it is a personal-data breach before closing"))
            )
        problems += _closing_breach_problems(incident)
    for number, step in enumerate(incident.checklist, start=1):
        if (
            step.done_at is not None
            and incident.aware_at is not None
            and step.done_at < incident.aware_at - _CLOCK_SKEW
        ):
            problems.append(
                _error(
                    "checklist",
                    _("step {n} is ticked before the organisation became aware").format(n=number),
                )
            )
        if step.done_at is not None and not step.done_by.strip():
            problems.append(
                _error("checklist", _("step {n} is ticked: say who did it").format(n=number))
            )
        if step.done_at is not None and step.done_at > now + _CLOCK_SKEW:
            problems.append(
                _error("checklist", _("step {n} is ticked in the future").format(n=number))
            )
    return problems


def _order_problems(incident: Incident) -> list[FieldError]:
    problems = []
    start, end = incident.occurred_from, incident.occurred_to
    if start is not None and end is not None and end < start:
        problems.append(_error("occurred_to", _("is before the start of the window")))
    if end is not None and start is None:
        problems.append(_error("occurred_from", _("give the start of the window too")))
    detected = incident.detected_at
    if detected is not None and start is not None and start > detected:
        problems.append(_error("occurred_from", _("is after the incident was detected")))
    if detected is not None and incident.aware_at is not None and incident.aware_at < detected:
        # Awareness is reasonable certainty, reached on or after the first sign.
        problems.append(_error("aware_at", _("is before the incident was detected")))
    return problems


def _closing_breach_problems(incident: Incident) -> list[FieldError]:
    """A breach is closed only with its decision carried out (Art. 33(5) documents both)."""
    if incident.finding is not BreachFinding.BREACH:
        return []
    if incident.decision is None:
        return [_error("status", _("record the decision on notifying before closing a breach"))]
    problems = []
    notify = incident.decision in (
        Recommendation.NOTIFY_AUTHORITY,
        Recommendation.NOTIFY_SUBJECTS_TOO,
    )
    if notify and incident.notified_at is None:
        problems.append(
            _error("notified_at", _("the decision is to notify AZOP: record when it was done"))
        )
    if (
        incident.decision is Recommendation.NOTIFY_SUBJECTS_TOO
        and incident.subjects_told_on is None
        and incident.exemption is None
    ):
        problems.append(
            _error(
                "subjects_told_on",
                _("the decision is to tell the data subjects: record when, or the exemption"),
            )
        )
    return problems


def _decision_problems(incident: Incident) -> list[FieldError]:
    problems: list[FieldError] = []
    if incident.decision is not None:
        if not incident.decision_reasoning:
            problems.append(
                _error(
                    "decision_reasoning",
                    _("give the reasoning: Art. 33(5) asks for it with every decision"),
                )
            )
        if incident.finding is BreachFinding.NOT_A_BREACH:
            problems.append(
                _error("decision_reasoning", _("there is no decision to take on a non-breach"))
            )
    if (
        incident.exemption is not None
        and incident.exemption is not Exemption.DISPROPORTIONATE
        and incident.decision is Recommendation.NOTIFY_SUBJECTS_TOO
    ):
        problems.append(
            _error("exemption", _("the data subjects are being told: no exemption applies"))
        )
    if incident.exemption is not None and (
        incident.decision is Recommendation.RECORD_ONLY
        or incident.finding is BreachFinding.NOT_A_BREACH
    ):
        problems.append(
            _error("exemption", _("applies only where the data subjects would be told"))
        )
    if incident.notified_at is not None:
        if incident.finding is BreachFinding.NOT_A_BREACH:
            problems.append(_error("notified_at", _("the incident is not a breach")))
        elif incident.decision is Recommendation.RECORD_ONLY:
            problems.append(_error("notified_at", _("the decision is an internal record only")))
        elif incident.aware_at is not None:
            problems += notification_problems(
                incident.aware_at, incident.notified_at, incident.delay_reasons
            )
    if incident.subjects_told_on is not None and incident.finding is BreachFinding.NOT_A_BREACH:
        problems.append(_error("subjects_told_on", _("the incident is not a breach")))
    return problems


@dataclass(frozen=True)
class IncidentFigures:
    """What the service works out when it saves an incident, kept as columns
    so that the incidents page sorts and filters by them in the database."""

    notify_by: datetime | None
    clock_running: bool
    score: float | None
    band: Band | None
    next_step_due_at: datetime | None


@dataclass(frozen=True)
class IncidentSuggestion:
    """What the linked activities suggest the incident touched."""

    data_category_ids: tuple[int, ...]
    subject_category_ids: tuple[int, ...]


def suggested_categories(
    linked: Mapping[int, tuple[tuple[int, ...], tuple[int, ...]]], activity_ids: tuple[int, ...]
) -> IncidentSuggestion:
    """The union of the linked activities' data and data-subject categories (``linked``: an
    activity's id to its (data, subject) category ids)."""
    data: set[int] = set()
    subjects: set[int] = set()
    for activity_id in activity_ids:
        found = linked.get(activity_id)
        if found is not None:
            data.update(found[0])
            subjects.update(found[1])
    return IncidentSuggestion(tuple(sorted(data)), tuple(sorted(subjects)))


class IncidentSort(StrEnum):
    AWARE = "aware"
    DETECTED = "detected"
    REFERENCE = "reference"
    SEVERITY = "severity"
    STATUS = "status"
    CAUSE = "cause"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class IncidentFilter:
    """The incidents page's search and filters; None or empty means "any"."""

    search: str = ""  # in the reference, the title, the description and who reported it
    status: IncidentStatus | None = None
    cause: Cause | None = None
    finding: BreachFinding | None = None
    band: Band | None = None
    clock_running: bool = False  # only incidents whose 72-hour clock is to be watched
    sort: IncidentSort = IncidentSort.DETECTED
    descending: bool = True


@dataclass(frozen=True)
class IncidentSummary:
    """One row of the incidents page."""

    id: int
    reference: str
    title: str
    detected_at: datetime
    aware_at: datetime | None
    cause: Cause
    finding: BreachFinding
    band: Band | None
    score: float | None
    decision: Recommendation | None
    notified_at: datetime | None
    status: IncidentStatus
    clock_running: bool
    next_step_due_at: datetime | None = None  # the earliest due time of an unticked step
