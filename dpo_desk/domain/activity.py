"""A processing activity of the Art. 30 register, its catalogues, and the rules it must satisfy.

Two registers are kept apart, as national authorities recommend: activities where the
organisation is controller (Art. 30(1)) and where it processes for another controller
(Art. 30(2)). The practitioner fields come from the UK ICO's controller template and CNIL's
register model (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from dpo_desk.domain.errors import FieldError
from dpo_desk.i18n import N_, _, ngettext


class RegisterKind(StrEnum):
    CONTROLLER = "controller"  # Art. 30(1)
    PROCESSOR = "processor"  # Art. 30(2)


REGISTER_LABELS = {
    RegisterKind.CONTROLLER: N_("Controller register (Art. 30(1))"),
    RegisterKind.PROCESSOR: N_("Processor register (Art. 30(2))"),
}


class Role(StrEnum):
    CONTROLLER = "controller"
    JOINT_CONTROLLER = "joint_controller"  # Art. 26
    PROCESSOR = "processor"  # Art. 28
    SUB_PROCESSOR = "sub_processor"  # Art. 28(2), (4)


ROLE_LABELS = {
    Role.CONTROLLER: N_("Controller"),
    Role.JOINT_CONTROLLER: N_("Joint controller (Art. 26)"),
    Role.PROCESSOR: N_("Processor (Art. 28)"),
    Role.SUB_PROCESSOR: N_("Sub-processor"),
}


class LawfulBasis(StrEnum):
    """Art. 6(1) GDPR, by its point."""

    CONSENT = "a"
    CONTRACT = "b"
    LEGAL_OBLIGATION = "c"
    VITAL_INTERESTS = "d"
    PUBLIC_TASK = "e"
    LEGITIMATE_INTERESTS = "f"


LAWFUL_BASIS_LABELS = {
    LawfulBasis.CONSENT: N_("Art. 6(1)(a) consent"),
    LawfulBasis.CONTRACT: N_("Art. 6(1)(b) contract"),
    LawfulBasis.LEGAL_OBLIGATION: N_("Art. 6(1)(c) legal obligation"),
    LawfulBasis.VITAL_INTERESTS: N_("Art. 6(1)(d) vital interests"),
    LawfulBasis.PUBLIC_TASK: N_("Art. 6(1)(e) public task"),
    LawfulBasis.LEGITIMATE_INTERESTS: N_("Art. 6(1)(f) legitimate interests"),
}


class SpecialCondition(StrEnum):
    """Art. 9(2) GDPR, by its point: the condition that lifts the ban on special categories."""

    EXPLICIT_CONSENT = "a"
    EMPLOYMENT = "b"
    VITAL_INTERESTS = "c"
    NOT_FOR_PROFIT = "d"
    MADE_PUBLIC = "e"
    LEGAL_CLAIMS = "f"
    PUBLIC_INTEREST = "g"
    HEALTH_CARE = "h"
    PUBLIC_HEALTH = "i"
    ARCHIVING_RESEARCH = "j"


SPECIAL_CONDITION_LABELS = {
    SpecialCondition.EXPLICIT_CONSENT: N_("Art. 9(2)(a) explicit consent"),
    SpecialCondition.EMPLOYMENT: N_("Art. 9(2)(b) employment and social security law"),
    SpecialCondition.VITAL_INTERESTS: N_("Art. 9(2)(c) vital interests"),
    SpecialCondition.NOT_FOR_PROFIT: N_("Art. 9(2)(d) not-for-profit body"),
    SpecialCondition.MADE_PUBLIC: N_("Art. 9(2)(e) manifestly made public by the data subject"),
    SpecialCondition.LEGAL_CLAIMS: N_("Art. 9(2)(f) legal claims"),
    SpecialCondition.PUBLIC_INTEREST: N_("Art. 9(2)(g) substantial public interest"),
    SpecialCondition.HEALTH_CARE: N_("Art. 9(2)(h) health or social care"),
    SpecialCondition.PUBLIC_HEALTH: N_("Art. 9(2)(i) public health"),
    SpecialCondition.ARCHIVING_RESEARCH: N_("Art. 9(2)(j) archiving, research, statistics"),
}


class ActivityStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"  # kept for history, never deleted


STATUS_LABELS = {
    ActivityStatus.DRAFT: N_("Draft"),
    ActivityStatus.ACTIVE: N_("Active"),
    ActivityStatus.RETIRED: N_("Retired"),
}


class DpiaStatus(StrEnum):
    """Art. 35: whether an impact assessment is needed and how far it has come."""

    NOT_ASSESSED = "not_assessed"
    NOT_REQUIRED = "not_required"
    REQUIRED = "required"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


DPIA_LABELS = {
    DpiaStatus.NOT_ASSESSED: N_("Not yet assessed"),
    DpiaStatus.NOT_REQUIRED: N_("Not required"),
    DpiaStatus.REQUIRED: N_("Required, not started"),
    DpiaStatus.IN_PROGRESS: N_("In progress"),
    DpiaStatus.COMPLETED: N_("Completed"),
}


class EnisaDataType(StrEnum):
    """The data processing context of ENISA's severity method (2013): its base score 1-4."""

    SIMPLE = "simple"
    BEHAVIOURAL = "behavioural"
    FINANCIAL = "financial"
    SENSITIVE = "sensitive"

    @property
    def score(self) -> int:
        return {"simple": 1, "behavioural": 2, "financial": 3, "sensitive": 4}[self.value]


ENISA_LABELS = {
    EnisaDataType.SIMPLE: N_("Simple (1)"),
    EnisaDataType.BEHAVIOURAL: N_("Behavioural (2)"),
    EnisaDataType.FINANCIAL: N_("Financial (3)"),
    EnisaDataType.SENSITIVE: N_("Sensitive (4)"),
}


class MeasureKind(StrEnum):
    TECHNICAL = "technical"
    ORGANISATIONAL = "organisational"


MEASURE_KIND_LABELS = {
    MeasureKind.TECHNICAL: N_("Technical"),
    MeasureKind.ORGANISATIONAL: N_("Organisational"),
}


class RetentionUnit(StrEnum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


RETENTION_UNIT_LABELS = {
    RetentionUnit.DAYS: N_("days"),
    RetentionUnit.MONTHS: N_("months"),
    RetentionUnit.YEARS: N_("years"),
}


class RetentionFate(StrEnum):
    """What happens when the period ends (Art. 5(1)(e): no longer than necessary)."""

    DELETE = "delete"
    ANONYMISE = "anonymise"


FATE_LABELS = {
    RetentionFate.DELETE: N_("Delete"),
    RetentionFate.ANONYMISE: N_("Anonymise"),
}


class CatalogueKind(StrEnum):
    DATA_CATEGORIES = "data_categories"
    SUBJECT_CATEGORIES = "subject_categories"
    RECIPIENT_CATEGORIES = "recipient_categories"
    SECURITY_MEASURES = "security_measures"


CATALOGUE_LABELS = {
    CatalogueKind.DATA_CATEGORIES: N_("Categories of personal data"),
    CatalogueKind.SUBJECT_CATEGORIES: N_("Categories of data subjects"),
    CatalogueKind.RECIPIENT_CATEGORIES: N_("Categories of recipients"),
    CatalogueKind.SECURITY_MEASURES: N_("Security measures"),
}


@dataclass(frozen=True)
class CatalogueEntry:
    """An entry of one of the shared catalogues the activities draw from.

    ``special`` and ``enisa_type`` apply to data categories (Art. 9/10 data; the ENISA data
    type the breach assessment uses); ``measure_kind`` to security measures.
    """

    kind: CatalogueKind
    name: str
    description: str = ""
    special: bool = False
    enisa_type: EnisaDataType | None = None
    measure_kind: MeasureKind | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """How long one category of data is kept (Art. 30(1)(f)): a period with its trigger, or a
    criterion in words where no number can be given; the fate at the end; the legal citation
    for a statutory period. ``data_category_id`` None: the rule covers the whole activity."""

    data_category_id: int | None = None
    period: int | None = None
    unit: RetentionUnit | None = None
    trigger: str = ""
    criterion: str = ""
    fate: RetentionFate = RetentionFate.DELETE
    citation: str = ""


@dataclass(frozen=True, slots=True)
class Activity:
    """One processing activity. ``id`` and ``version`` are None until it is first saved.

    Slotted, as its retention rules are: an export holds the whole register at once, and 5,000
    activities with their rules and rows take 16 MB slotted, 24 MB with a dictionary each."""

    register: RegisterKind = RegisterKind.CONTROLLER
    name: str = ""
    purposes: str = ""
    role: Role = Role.CONTROLLER
    lawful_bases: tuple[LawfulBasis, ...] = ()
    special_condition: SpecialCondition | None = None
    legitimate_interest: str = ""
    balancing_test: str = ""  # a reference or link to the Art. 6(1)(f) balancing test
    subject_category_ids: tuple[int, ...] = ()
    data_category_ids: tuple[int, ...] = ()
    recipient_category_ids: tuple[int, ...] = ()
    measure_ids: tuple[int, ...] = ()
    measures_description: str = ""  # the general description of Art. 32(1) measures
    retention: tuple[RetentionRule, ...] = ()
    source: str = ""  # Art. 14(2)(f): where the data come from when not from the data subject
    automated_decisions: bool = False  # Art. 22
    automated_logic: str = ""
    systems: str = ""
    location: str = ""
    dpia_status: DpiaStatus = DpiaStatus.NOT_ASSESSED
    dpia_reference: str = ""
    owner: str = ""  # the business function answerable for it
    status: ActivityStatus = ActivityStatus.DRAFT
    joint_controllers: str = ""
    # Processor register (Art. 30(2)(a), (b)): the controller served and what is done for it.
    controller_name: str = ""
    controller_contact: str = ""
    processing_categories: str = ""
    last_reviewed_on: date | None = None
    next_review_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int | None = None


#: Labels of the activity's fields, by the key a FieldError carries.
ACTIVITY_FIELD_LABELS: dict[str, str] = {
    "name": N_("Name of the activity"),
    "purposes": N_("Purposes"),
    "lawful_bases": N_("Lawful basis"),
    "special_condition": N_("Art. 9(2) condition"),
    "legitimate_interest": N_("Legitimate interest"),
    "data_category_ids": N_("Categories of personal data"),
    "subject_category_ids": N_("Categories of data subjects"),
    "controller_name": N_("Controller served"),
    "processing_categories": N_("Categories of processing"),
    "retention": N_("Retention"),
    "automated_logic": N_("Logic of automated decisions"),
    "dpia_reference": N_("DPIA reference"),
    "next_review_on": N_("Next review"),
}


def _error(key: str, message: str, detail: str = "") -> FieldError:
    label = _(ACTIVITY_FIELD_LABELS[key])
    return FieldError(field=key, label=f"{label} {detail}".strip(), message=_(message))


def normalise_activity(activity: Activity) -> Activity:
    """Trims texts and orders the links, so what is saved is what is checked and compared."""

    def clean(text: str) -> str:
        return text.strip()

    return replace(
        activity,
        name=clean(activity.name),
        purposes=clean(activity.purposes),
        legitimate_interest=clean(activity.legitimate_interest),
        balancing_test=clean(activity.balancing_test),
        measures_description=clean(activity.measures_description),
        source=clean(activity.source),
        automated_logic=clean(activity.automated_logic),
        systems=clean(activity.systems),
        location=clean(activity.location),
        dpia_reference=clean(activity.dpia_reference),
        owner=clean(activity.owner),
        joint_controllers=clean(activity.joint_controllers),
        controller_name=clean(activity.controller_name),
        controller_contact=clean(activity.controller_contact),
        processing_categories=clean(activity.processing_categories),
        lawful_bases=tuple(sorted(set(activity.lawful_bases))),
        subject_category_ids=tuple(sorted(set(activity.subject_category_ids))),
        data_category_ids=tuple(sorted(set(activity.data_category_ids))),
        recipient_category_ids=tuple(sorted(set(activity.recipient_category_ids))),
        measure_ids=tuple(sorted(set(activity.measure_ids))),
        retention=tuple(
            replace(
                rule,
                trigger=clean(rule.trigger),
                criterion=clean(rule.criterion),
                citation=clean(rule.citation),
            )
            for rule in activity.retention
        ),
    )


def validate_activity(
    activity: Activity, special_category_ids: Iterable[int] = ()
) -> list[FieldError]:
    """Every problem with a (normalised) activity. ``special_category_ids``: the data categories
    marked special (Art. 9/10), which make an Art. 9(2) condition necessary."""
    errors: list[FieldError] = []
    required = N_("is required")
    if not activity.name:
        errors.append(_error("name", required))
    elif len(activity.name) > 255:
        errors.append(_error("name", N_("is longer than 255 characters")))
    if activity.register is RegisterKind.CONTROLLER:
        if not activity.purposes:
            errors.append(_error("purposes", N_("is required: Art. 30(1)(b)")))
        if activity.status is ActivityStatus.ACTIVE and not activity.lawful_bases:
            errors.append(_error("lawful_bases", N_("choose at least one point of Art. 6(1)")))
        if (
            LawfulBasis.LEGITIMATE_INTERESTS in activity.lawful_bases
            and not activity.legitimate_interest
        ):
            errors.append(
                _error("legitimate_interest", N_("describe the interest relied on (Art. 6(1)(f))"))
            )
        special = set(special_category_ids) & set(activity.data_category_ids)
        if special and activity.special_condition is None:
            errors.append(
                _error(
                    "special_condition",
                    N_("special categories of data are processed: name the Art. 9(2) condition"),
                )
            )
    else:
        if not activity.controller_name:
            errors.append(_error("controller_name", N_("is required: Art. 30(2)(a)")))
        if not activity.processing_categories:
            errors.append(_error("processing_categories", N_("is required: Art. 30(2)(b)")))
    if activity.status is ActivityStatus.ACTIVE and not activity.data_category_ids:
        errors.append(
            _error("data_category_ids", N_("choose at least one: the activity is active"))
        )
    if activity.automated_decisions and not activity.automated_logic:
        errors.append(_error("automated_logic", N_("explain the logic involved (Art. 15(1)(h))")))
    if activity.dpia_status in (DpiaStatus.IN_PROGRESS, DpiaStatus.COMPLETED) and not (
        activity.dpia_reference
    ):
        errors.append(_error("dpia_reference", N_("give the reference of the assessment")))
    for number, rule in enumerate(activity.retention, start=1):
        detail = f"{number}"
        if rule.period is None and not rule.criterion:
            errors.append(
                _error("retention", N_("give a period or the criterion used to set it"), detail)
            )
        if rule.period is not None and (rule.period <= 0 or rule.unit is None):
            errors.append(
                _error("retention", N_("the period must be a positive number with a unit"), detail)
            )
    if (
        activity.next_review_on is not None
        and activity.last_reviewed_on is not None
        and activity.next_review_on < activity.last_reviewed_on
    ):
        errors.append(_error("next_review_on", N_("is before the last review")))
    return errors


def is_review_due(activity: Activity, today: date) -> bool:
    """Whether the activity's next review date has come (retired activities are never due)."""
    return (
        activity.status is not ActivityStatus.RETIRED
        and activity.next_review_on is not None
        and activity.next_review_on <= today
    )


def period_text(period: int, unit: RetentionUnit) -> str:
    """ "1 month", "3 years": the count with the unit in the right plural form."""
    if unit is RetentionUnit.DAYS:
        return ngettext("{count} day", "{count} days", period).format(count=period)
    if unit is RetentionUnit.MONTHS:
        return ngettext("{count} month", "{count} months", period).format(count=period)
    return ngettext("{count} year", "{count} years", period).format(count=period)


#: What happens at the end, as the tail of a sentence ("3 years after the call; then delete").
FATE_TEXTS = {
    RetentionFate.DELETE: N_("then delete"),
    RetentionFate.ANONYMISE: N_("then anonymise"),
}


def describe_retention(rule: RetentionRule, with_citation: bool = True) -> str:
    """ "3 years after the end of the contract; then delete (citation)" in the current language."""
    parts: list[str] = []
    if rule.period is not None and rule.unit is not None:
        parts.append(period_text(rule.period, rule.unit))
    if rule.trigger:
        parts.append(rule.trigger)
    if rule.criterion:
        parts.append(rule.criterion)
    text = " ".join(parts)
    text = f"{text}; {_(FATE_TEXTS[rule.fate])}" if text else _(FATE_LABELS[rule.fate])
    if rule.citation and with_citation:
        text += f" ({rule.citation})"
    return text


class SortKey(StrEnum):
    """What the register table can be sorted by; the database sorts (lazy tables, habit 6)."""

    NAME = "name"
    REGISTER = "register"
    STATUS = "status"
    OWNER = "owner"
    NEXT_REVIEW = "next_review_on"
    UPDATED = "updated_at"


@dataclass(frozen=True)
class ActivityFilter:
    """The register table's search and filters; None or empty means "any"."""

    register: RegisterKind | None = None
    search: str = ""  # in name, purposes, owner and systems
    status: ActivityStatus | None = None
    include_retired: bool = True
    lawful_basis: LawfulBasis | None = None
    review_due_by: date | None = None
    special_only: bool = False
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class ActivitySummary:
    """One row of the register table: what a list shows, without the activity's links."""

    id: int
    register: RegisterKind
    name: str
    status: ActivityStatus
    role: Role
    owner: str
    lawful_bases: tuple[LawfulBasis, ...]
    special: bool
    next_review_on: date | None
    updated_at: datetime


def lawful_bases_from_text(text: str) -> tuple[LawfulBasis, ...]:
    """ "bf" -> (CONTRACT, LEGITIMATE_INTERESTS): the points of Art. 6(1) as stored."""
    return tuple(LawfulBasis(letter) for letter in sorted(set(text)) if letter in "abcdef")


def lawful_bases_text(bases: Iterable[LawfulBasis]) -> str:
    return "".join(sorted({basis.value for basis in bases}))


def rights_available(bases: Iterable[LawfulBasis]) -> list[str]:
    """The data subject's rights that follow from the lawful bases (Art. 15-22, 7(3)), as N_()
    marked labels: the ICO template's "rights available to individuals" column."""
    chosen = set(bases)
    rights = [N_("access (Art. 15)"), N_("rectification (Art. 16)")]
    if chosen - {LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK} or not chosen:
        rights.append(N_("erasure (Art. 17)"))
    rights.append(N_("restriction (Art. 18)"))
    if chosen & {LawfulBasis.CONSENT, LawfulBasis.CONTRACT}:
        rights.append(N_("portability (Art. 20)"))
    if chosen & {LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.PUBLIC_TASK}:
        rights.append(N_("objection (Art. 21)"))
    if LawfulBasis.CONSENT in chosen:
        rights.append(N_("withdrawal of consent (Art. 7(3))"))
    return rights
