"""Recipients, processors and transfers to third countries (Chapter V GDPR), and their rules.

A recipient is anyone personal data are disclosed to (Art. 4(9)); a transfer is a flow of
personal data to a country outside the EEA or to an international organisation, and needs a
tool of Chapter V: an adequacy decision (Art. 45), appropriate safeguards (Art. 46) or a
derogation (Art. 49). The destinations and their adequacy decisions are reference data
(resources/reference/destinations.json) which the user may correct when the Commission adopts or
withdraws a decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from dpo_desk.domain.errors import FieldError
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _, current_language, ngettext

# --- destinations and adequacy decisions ---------------------------------------------------------


class AdequacyScope(StrEnum):
    FULL = "full"
    PARTIAL = "partial"  # e.g. the United States: only organisations certified under the DPF


#: Prefix of the codes of international organisations (ISO 3166 has none for them).
ORGANISATION_PREFIX = "IO-"


@dataclass(frozen=True)
class Adequacy:
    """A Commission adequacy decision (Art. 45(3), or Art. 45(9) for those of Directive 95/46)."""

    reference: str = ""
    adopted_on: date | None = None
    scope: AdequacyScope = AdequacyScope.FULL
    scope_en: str = ""
    scope_hr: str = ""
    review_on: date | None = None
    expires_on: date | None = None
    withdrawn_on: date | None = None
    source: str = ""

    def in_force(self, today: date) -> bool:
        """Adopted, not withdrawn and not past its expiry on ``today``."""
        if self.adopted_on is not None and self.adopted_on > today:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= today:
            return False
        return not (self.expires_on is not None and self.expires_on < today)

    def scope_text(self, language: str) -> str:
        return (self.scope_hr if language == "hr" else self.scope_en) or self.scope_en


@dataclass(frozen=True)
class LocalChange:
    """That the user changed a reference entry here, when and why (the change itself is audited)."""

    changed_at: datetime
    reason: str
    version: int | None = None
    #: The shipped table was checked again after this change: it may now hold the same
    #: decision, or a newer one, and the DPO should compare and perhaps restore it.
    superseded: bool = False


@dataclass(frozen=True)
class Destination:
    """A country or international organisation data may go to, as the reference table has it."""

    code: str
    eea: bool = False
    adequacy: Adequacy | None = None
    name_en: str = ""  # only for international organisations; countries are named by pycountry
    name_hr: str = ""
    verified: bool = True  # whether the reference entry was checked against the primary text
    note: str = ""
    local_change: LocalChange | None = None

    @property
    def is_organisation(self) -> bool:
        return self.code.startswith(ORGANISATION_PREFIX)

    def adequacy_in_force(self, today: date) -> Adequacy | None:
        if self.adequacy is not None and self.adequacy.in_force(today):
            return self.adequacy
        return None


@dataclass(frozen=True)
class ReferenceTable:
    """The destinations, their sources and the date they were last checked against them."""

    checked_on: date
    sources: tuple[tuple[str, str], ...]  # (title, url)
    destinations: Mapping[str, Destination]

    def get(self, code: str) -> Destination | None:
        return self.destinations.get(code.strip().upper())


# --- recipients ---------------------------------------------------------------------------------


class RecipientRole(StrEnum):
    GROUP_COMPANY = "group_company"
    PROCESSOR = "processor"  # Art. 28
    SUB_PROCESSOR = "sub_processor"  # Art. 28(2), (4)
    THIRD_PARTY = "third_party"  # an independent controller: partner, sponsor, payment provider
    PUBLIC_AUTHORITY = "public_authority"


RECIPIENT_ROLE_LABELS = {
    RecipientRole.GROUP_COMPANY: N_("Group company"),
    RecipientRole.PROCESSOR: N_("Processor (Art. 28)"),
    RecipientRole.SUB_PROCESSOR: N_("Sub-processor"),
    RecipientRole.THIRD_PARTY: N_("Independent third party"),
    RecipientRole.PUBLIC_AUTHORITY: N_("Public authority"),
}

#: Roles bound by an Art. 28(3) agreement (a sub-processor by one with its processor, Art. 28(4)).
PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})


@dataclass(frozen=True)
class Recipient:
    """Someone the organisation discloses personal data to. ``id``/``version`` None until saved."""

    name: str = ""
    role: RecipientRole = RecipientRole.PROCESSOR
    country_code: str = ""
    description: str = ""  # what they do: "payment platform", "cloud hosting", "sponsor"
    contact: str = ""  # address, e-mail, telephone
    dpo_contact: str = ""
    activity_ids: tuple[int, ...] = ()  # the processing activities that disclose to it
    processor_id: int | None = None  # for a sub-processor: the processor that engaged it
    dpf_certified: bool = False  # on the EU-US Data Privacy Framework list (US recipients)
    dpf_checked_on: date | None = None
    agreement_signed_on: date | None = None  # Art. 28(3) contract
    agreement_document_id: int | None = None  # the signed agreement, an attachment
    agreement_review_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int | None = None

    @property
    def is_processor(self) -> bool:
        return self.role in PROCESSOR_ROLES


@dataclass(frozen=True)
class RecipientUsage:
    """What refers to a recipient, and so keeps it from being deleted."""

    activities: tuple[str, ...] = ()  # names of the activities that disclose to it
    transfers: tuple[str, ...] = ()  # destination codes of its transfers
    sub_processors: tuple[str, ...] = ()  # names of the sub-processors it engaged
    requests: tuple[str, ...] = ()  # references of requests it was told of (Art. 19)
    incidents: tuple[str, ...] = ()  # references of incidents it reported as processor

    def __bool__(self) -> bool:
        return bool(
            self.activities
            or self.transfers
            or self.sub_processors
            or self.requests
            or self.incidents
        )


RECIPIENT_FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "role": N_("Role"),
    "country_code": N_("Country"),
    "processor_id": N_("Engaged by processor"),
    "agreement_signed_on": N_("Agreement signed"),
    "agreement_review_on": N_("Agreement review date"),
    "dpf_checked_on": N_("DPF certification checked"),
}


# --- transfers ----------------------------------------------------------------------------------


class TransferTool(StrEnum):
    ADEQUACY = "adequacy"  # Art. 45
    SCC = "scc"  # Art. 46(2)(c): Commission Implementing Decision (EU) 2021/914
    BCR = "bcr"  # Art. 46(2)(b), Art. 47
    CODE_OF_CONDUCT = "code_of_conduct"  # Art. 46(2)(e), Art. 40
    CERTIFICATION = "certification"  # Art. 46(2)(f), Art. 42
    AD_HOC = "ad_hoc"  # Art. 46(3)(a), authorised by the supervisory authority
    PUBLIC_BODIES = "public_bodies"  # Art. 46(2)(a), 46(3)(b)
    DEROGATION = "derogation"  # Art. 49


TOOL_LABELS = {
    TransferTool.ADEQUACY: N_("Adequacy decision (Art. 45)"),
    TransferTool.SCC: N_("Standard contractual clauses 2021/914 (Art. 46(2)(c))"),
    TransferTool.BCR: N_("Binding corporate rules (Art. 46(2)(b), 47)"),
    TransferTool.CODE_OF_CONDUCT: N_("Approved code of conduct (Art. 46(2)(e))"),
    TransferTool.CERTIFICATION: N_("Approved certification mechanism (Art. 46(2)(f))"),
    TransferTool.AD_HOC: N_("Ad hoc contractual clauses (Art. 46(3)(a))"),
    TransferTool.PUBLIC_BODIES: N_("Instrument between public bodies (Art. 46(2)(a), 46(3)(b))"),
    TransferTool.DEROGATION: N_("Derogation (Art. 49)"),
}

#: Short names, for tables and the register export.
TOOL_SHORT_LABELS = {
    TransferTool.ADEQUACY: N_("Adequacy"),
    TransferTool.SCC: N_("SCC"),
    TransferTool.BCR: N_("BCR"),
    TransferTool.CODE_OF_CONDUCT: N_("Code of conduct"),
    TransferTool.CERTIFICATION: N_("Certification"),
    TransferTool.AD_HOC: N_("Ad hoc clauses"),
    TransferTool.PUBLIC_BODIES: N_("Public bodies"),
    TransferTool.DEROGATION: N_("Art. 49 derogation"),
}

#: The Art. 46 tools: a transfer impact assessment accompanies them (CJEU C-311/18, Schrems II;
#: EDPB Recommendations 01/2020).
SAFEGUARD_TOOLS = frozenset(
    {
        TransferTool.SCC,
        TransferTool.BCR,
        TransferTool.CODE_OF_CONDUCT,
        TransferTool.CERTIFICATION,
        TransferTool.AD_HOC,
        TransferTool.PUBLIC_BODIES,
    }
)

#: The tools for which the register must show a transfer impact assessment (the issue's rule).
TIA_REQUIRED_TOOLS = frozenset({TransferTool.SCC, TransferTool.BCR})

#: The four modules of the 2021/914 clauses, by number.
SCC_MODULE_LABELS = {
    1: N_("Module 1: controller to controller"),
    2: N_("Module 2: controller to processor"),
    3: N_("Module 3: processor to processor"),
    4: N_("Module 4: processor to controller"),
}


class Derogation(StrEnum):
    """Art. 49(1): the points of the first subparagraph, and the second subparagraph."""

    EXPLICIT_CONSENT = "a"
    CONTRACT_WITH_SUBJECT = "b"
    CONTRACT_FOR_SUBJECT = "c"
    PUBLIC_INTEREST = "d"
    LEGAL_CLAIMS = "e"
    VITAL_INTERESTS = "f"
    PUBLIC_REGISTER = "g"
    COMPELLING_INTERESTS = "second"  # compelling legitimate interests, the residual case


DEROGATION_LABELS = {
    Derogation.EXPLICIT_CONSENT: N_("Art. 49(1)(a) explicit consent"),
    Derogation.CONTRACT_WITH_SUBJECT: N_("Art. 49(1)(b) contract with the data subject"),
    Derogation.CONTRACT_FOR_SUBJECT: N_("Art. 49(1)(c) contract in the data subject's interest"),
    Derogation.PUBLIC_INTEREST: N_("Art. 49(1)(d) important reasons of public interest"),
    Derogation.LEGAL_CLAIMS: N_("Art. 49(1)(e) legal claims"),
    Derogation.VITAL_INTERESTS: N_("Art. 49(1)(f) vital interests"),
    Derogation.PUBLIC_REGISTER: N_("Art. 49(1)(g) public register"),
    Derogation.COMPELLING_INTERESTS: N_(
        "Art. 49(1) second subparagraph: compelling legitimate interests"
    ),
}


class TiaOutcome(StrEnum):
    ADEQUATE = "adequate"  # the destination's law does not impinge on the safeguards
    WITH_MEASURES = "with_measures"  # effective with the supplementary measures recorded
    NOT_ADEQUATE = "not_adequate"  # the transfer must not take place, or be suspended


TIA_OUTCOME_LABELS = {
    TiaOutcome.ADEQUATE: N_("Protection essentially equivalent, no further measures"),
    TiaOutcome.WITH_MEASURES: N_("Essentially equivalent with supplementary measures"),
    TiaOutcome.NOT_ADEQUATE: N_("Not essentially equivalent: do not transfer"),
}


@dataclass(frozen=True)
class Transfer:
    """A transfer of personal data to a third country or international organisation."""

    recipient_id: int | None = None
    country_code: str = ""  # ISO 3166-1 alpha-2, or IO-... for an international organisation
    activity_ids: tuple[int, ...] = ()
    data_category_ids: tuple[int, ...] = ()
    description: str = ""  # what goes there and why
    tool: TransferTool | None = None
    scc_module: int | None = None  # 1-4, for the 2021/914 clauses
    tool_reference: str = ""  # BCR approval, code, certificate, authorisation number
    tool_signed_on: date | None = None
    tool_document_id: int | None = None  # signed clauses, approval: an attachment
    # For a partial adequacy decision (Canada, Japan, Korea): the day the DPO checked that the
    # recipient falls within its scope.
    scope_checked_on: date | None = None
    derogation: Derogation | None = None
    derogation_assessment: str = ""  # Art. 49(6), Art. 30(1)(e): the documented assessment
    authority_informed_on: date | None = None  # Art. 49(1) second subparagraph
    subjects_informed_on: date | None = None  # the same: the data subjects are told too
    tia_assessed_on: date | None = None
    tia_outcome: TiaOutcome | None = None
    tia_measures: str = ""  # supplementary measures
    tia_document_id: int | None = None
    tia_review_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int | None = None


TRANSFER_FIELD_LABELS: dict[str, str] = {
    "recipient_id": N_("Recipient"),
    "country_code": N_("Destination"),
    "activity_ids": N_("Processing activities"),
    "tool": N_("Transfer tool"),
    "scc_module": N_("SCC module"),
    "derogation": N_("Art. 49 ground"),
    "derogation_assessment": N_("Documented assessment"),
    "tia_outcome": N_("TIA outcome"),
    "tia_assessed_on": N_("TIA date"),
    "tia_review_on": N_("TIA next review"),
    "tia_measures": N_("Supplementary measures"),
}


def field_label(labels: Mapping[str, str], key: str) -> str:
    """The field's translated name (looked up first: ``_(labels["key"])`` would hand the key
    itself to the message extractor)."""
    label = labels[key]
    return _(label)


def _field(labels: Mapping[str, str], key: str, message: str) -> FieldError:
    return FieldError(field=key, label=field_label(labels, key), message=_(message))


def normalise_recipient(recipient: Recipient) -> Recipient:
    """Trims texts, upper-cases the country and drops what does not apply to the role. A signed
    document stays attached whatever the role becomes: it is evidence (Art. 5(2)), removed
    only by the user."""
    processor = recipient.is_processor
    us = recipient.country_code.strip().upper() == "US"
    return replace(
        recipient,
        name=recipient.name.strip(),
        country_code=recipient.country_code.strip().upper(),
        description=recipient.description.strip(),
        contact=recipient.contact.strip(),
        dpo_contact=recipient.dpo_contact.strip(),
        notes=recipient.notes.strip(),
        activity_ids=tuple(sorted(set(recipient.activity_ids))),
        processor_id=recipient.processor_id
        if recipient.role is RecipientRole.SUB_PROCESSOR
        else None,
        agreement_signed_on=recipient.agreement_signed_on if processor else None,
        agreement_review_on=recipient.agreement_review_on if processor else None,
        dpf_certified=recipient.dpf_certified and us,
        dpf_checked_on=recipient.dpf_checked_on if us and recipient.dpf_certified else None,
    )


def validate_recipient(recipient: Recipient, known_country: bool) -> list[FieldError]:
    """Every problem with a normalised recipient. ``known_country``: the code names a country."""
    labels = RECIPIENT_FIELD_LABELS
    errors: list[FieldError] = []
    if not recipient.name:
        errors.append(_field(labels, "name", N_("is required")))
    elif len(recipient.name) > 255:
        errors.append(_field(labels, "name", N_("is longer than 255 characters")))
    if not recipient.country_code:
        errors.append(_field(labels, "country_code", N_("is required")))
    elif not known_country:
        errors.append(
            FieldError(
                "country_code",
                field_label(labels, "country_code"),
                _("“{code}” is not a country code DPO Desk knows").format(
                    code=recipient.country_code
                ),
            )
        )
    if recipient.role is RecipientRole.SUB_PROCESSOR and recipient.processor_id is None:
        errors.append(_field(labels, "processor_id", N_("name the processor that engaged it")))
    if recipient.processor_id is not None and recipient.processor_id == recipient.id:
        errors.append(_field(labels, "processor_id", N_("cannot be the recipient itself")))
    if (
        recipient.agreement_review_on is not None
        and recipient.agreement_signed_on is not None
        and recipient.agreement_review_on < recipient.agreement_signed_on
    ):
        errors.append(_field(labels, "agreement_review_on", N_("is before the signature date")))
    return errors


def normalise_transfer(transfer: Transfer) -> Transfer:
    """Trims texts and drops the fields the chosen tool does not use, so a tool changed in the
    form leaves no stale module, ground or assessment behind. Attached documents stay: they
    are evidence, removed only by the user."""
    tool = transfer.tool
    safeguards = tool in SAFEGUARD_TOOLS
    derogation = tool is TransferTool.DEROGATION
    compelling = derogation and transfer.derogation is Derogation.COMPELLING_INTERESTS
    return replace(
        transfer,
        country_code=transfer.country_code.strip().upper(),
        activity_ids=tuple(sorted(set(transfer.activity_ids))),
        data_category_ids=tuple(sorted(set(transfer.data_category_ids))),
        description=transfer.description.strip(),
        notes=transfer.notes.strip(),
        scc_module=transfer.scc_module if tool is TransferTool.SCC else None,
        tool_reference=transfer.tool_reference.strip() if safeguards else "",
        scope_checked_on=transfer.scope_checked_on
        if tool in (None, TransferTool.ADEQUACY)
        else None,
        tool_signed_on=transfer.tool_signed_on if safeguards else None,
        derogation=transfer.derogation if derogation else None,
        derogation_assessment=transfer.derogation_assessment.strip() if derogation else "",
        authority_informed_on=transfer.authority_informed_on if compelling else None,
        subjects_informed_on=transfer.subjects_informed_on if compelling else None,
        tia_assessed_on=transfer.tia_assessed_on if safeguards else None,
        tia_outcome=transfer.tia_outcome if safeguards else None,
        tia_measures=transfer.tia_measures.strip() if safeguards else "",
        tia_review_on=transfer.tia_review_on if safeguards else None,
    )


def validate_transfer(transfer: Transfer, destination: Destination | None) -> list[FieldError]:
    """Every problem with a normalised transfer; ``destination`` is the reference entry of its
    country code (None when the code is unknown)."""
    labels = TRANSFER_FIELD_LABELS
    errors: list[FieldError] = []
    if transfer.recipient_id is None:
        errors.append(_field(labels, "recipient_id", N_("is required")))
    if not transfer.country_code:
        errors.append(_field(labels, "country_code", N_("is required")))
    elif destination is None:
        errors.append(
            FieldError(
                "country_code",
                field_label(labels, "country_code"),
                _("“{code}” is not a country code DPO Desk knows").format(
                    code=transfer.country_code
                ),
            )
        )
    elif destination.eea:
        errors.append(
            _field(labels, "country_code", N_("is inside the EEA: not a transfer under Chapter V"))
        )
    if not transfer.activity_ids:
        errors.append(
            _field(labels, "activity_ids", N_("choose the activities the data come from"))
        )
    if transfer.tool is TransferTool.SCC and transfer.scc_module not in SCC_MODULE_LABELS:
        errors.append(_field(labels, "scc_module", N_("choose the module of the clauses (1-4)")))
    if transfer.tool is TransferTool.DEROGATION:
        if transfer.derogation is None:
            errors.append(_field(labels, "derogation", N_("name the ground of Art. 49(1)")))
        elif (
            transfer.derogation is Derogation.COMPELLING_INTERESTS
            and not transfer.derogation_assessment
        ):
            errors.append(
                _field(
                    labels,
                    "derogation_assessment",
                    N_(
                        "is required for compelling legitimate interests: record the "
                        "assessment and the safeguards (Art. 49(6), Art. 30(1)(e))"
                    ),
                )
            )
    if transfer.tia_outcome is TiaOutcome.WITH_MEASURES and not transfer.tia_measures:
        errors.append(_field(labels, "tia_measures", N_("describe the supplementary measures")))
    if transfer.tia_outcome is not None and transfer.tia_assessed_on is None:
        errors.append(_field(labels, "tia_assessed_on", N_("give the date of the assessment")))
    if (
        transfer.tia_review_on is not None
        and transfer.tia_assessed_on is not None
        and transfer.tia_review_on < transfer.tia_assessed_on
    ):
        errors.append(_field(labels, "tia_review_on", N_("is before the assessment date")))
    return errors


# --- warnings -----------------------------------------------------------------------------------


class WarningKind(StrEnum):
    NO_TOOL = "no_tool"
    NO_ADEQUACY = "no_adequacy"  # the tool is adequacy, but no decision covers the destination
    US_WITHOUT_DPF = "us_without_dpf"
    PARTIAL_ADEQUACY = "partial_adequacy"  # a partial decision: check the recipient is covered
    TIA_MISSING = "tia_missing"
    TIA_REVIEW_DUE = "tia_review_due"
    TIA_NOT_ADEQUATE = "tia_not_adequate"
    AUTHORITY_NOT_INFORMED = "authority_not_informed"
    SUBJECTS_NOT_INFORMED = "subjects_not_informed"
    RETIRED_ACTIVITY = "retired_activity"
    AGREEMENT_MISSING = "agreement_missing"
    AGREEMENT_REVIEW_DUE = "agreement_review_due"
    SCC_MODULE_MISMATCH = "scc_module_mismatch"  # the module does not fit the importer's role
    DPF_CHECK_OLD = "dpf_check_old"
    NO_TRANSFER_RECORDED = "no_transfer_recorded"  # a recipient outside the EEA, no transfer


@dataclass(frozen=True)
class RegisterWarning:
    """Something the DPO should look at; not an error (the record was saved)."""

    kind: WarningKind
    message: str


#: The United States' adequacy decision covers only organisations certified under the EU-US
#: Data Privacy Framework (Commission Implementing Decision (EU) 2023/1795).
DPF_COUNTRY = "US"

#: Certifications are renewed yearly and can lapse: a check older than this is not relied on.
DPF_CHECK_DAYS = 365

#: Whether each module of the 2021/914 clauses has a processor as the data importer (module 2
#: controller-to-processor, 3 processor-to-processor) or a controller (1 and 4).
SCC_MODULE_IMPORTERS = {1: False, 2: True, 3: True, 4: False}


def covering_adequacy(
    transfer: Transfer,
    destination: Destination | None,
    recipient: Recipient | None,
    today: date,
) -> Adequacy | None:
    """The adequacy decision in force that covers the transfer on ``today``: for the United
    States only when the recipient's DPF certification is recorded."""
    adequacy = destination.adequacy_in_force(today) if destination else None
    if adequacy is None:
        return None
    if transfer.country_code == DPF_COUNTRY and not (recipient and recipient.dpf_certified):
        return None
    return adequacy


def transfer_warnings(
    transfer: Transfer,
    destination: Destination | None,
    recipient: Recipient | None,
    retired_activities: Iterable[str],
    today: date,
) -> list[RegisterWarning]:
    """What is wrong or due about a saved transfer on ``today``. ``retired_activities``: the
    names of its linked activities that are retired."""
    warnings: list[RegisterWarning] = []

    def warn(kind: WarningKind, message: str) -> None:
        warnings.append(RegisterWarning(kind, message))

    adequacy = destination.adequacy_in_force(today) if destination else None
    us = transfer.country_code == DPF_COUNTRY
    dpf = recipient is not None and recipient.dpf_certified
    covered = covering_adequacy(transfer, destination, recipient, today) is not None
    if transfer.tool is None and not covered and destination is not None and not destination.eea:
        warn(
            WarningKind.NO_TOOL,
            _(
                "No transfer tool is recorded and no adequacy decision covers this transfer: "
                "choose safeguards (Art. 46) or a derogation (Art. 49)."
            ),
        )
    # A partial decision (Canada, Japan, Korea) covers some recipients only: whether the tool is
    # recorded as adequacy or left empty, the DPO must check the recipient is within it.
    partial = (
        adequacy is not None
        and adequacy.scope is AdequacyScope.PARTIAL
        and not us
        and transfer.tool in (None, TransferTool.ADEQUACY)
        and transfer.scope_checked_on is None
    )
    if transfer.tool is TransferTool.ADEQUACY:
        if adequacy is None:
            warn(
                WarningKind.NO_ADEQUACY,
                _("The transfer relies on adequacy, but no adequacy decision is in force for it."),
            )
        elif us and not dpf:
            warn(
                WarningKind.US_WITHOUT_DPF,
                _(
                    "The transfer to the United States relies on adequacy, but the recipient's "
                    "certification under the EU-US Data Privacy Framework is not recorded."
                ),
            )
    if us and dpf and transfer.tool in (None, TransferTool.ADEQUACY) and recipient is not None:
        checked = recipient.dpf_checked_on
        if checked is None or (today - checked).days > DPF_CHECK_DAYS:
            warn(
                WarningKind.DPF_CHECK_OLD,
                _(
                    "The recipient's DPF certification was last checked more than a year ago, "
                    "or never: certifications lapse; check the Data Privacy Framework List."
                ),
            )
    module_importer = SCC_MODULE_IMPORTERS.get(transfer.scc_module or 0)
    if (
        transfer.tool is TransferTool.SCC
        and recipient is not None
        and module_importer is not None
        and recipient.is_processor != module_importer
    ):
        warn(
            WarningKind.SCC_MODULE_MISMATCH,
            _(
                "Module {module} of the clauses is for an importer that is {expected}, but the "
                "recipient is recorded as {role}."
            ).format(
                module=transfer.scc_module,
                expected=_("a processor") if module_importer else _("a controller"),
                role=_(RECIPIENT_ROLE_LABELS[recipient.role]).lower(),
            ),
        )
    if partial and adequacy is not None:
        warn(
            WarningKind.PARTIAL_ADEQUACY,
            _(
                "The adequacy decision ({reference}) covers only part of the destination; "
                "check that the recipient is covered and record the date: {scope}"
            ).format(reference=adequacy.reference, scope=adequacy.scope_text(current_language())),
        )
    if transfer.tool in TIA_REQUIRED_TOOLS and transfer.tia_assessed_on is None:
        warn(WarningKind.TIA_MISSING, _("No transfer impact assessment is recorded."))
    if transfer.tia_review_on is not None and transfer.tia_review_on < today:
        warn(
            WarningKind.TIA_REVIEW_DUE,
            _("The transfer impact assessment was due for review on {date}").format(
                date=format_day(transfer.tia_review_on)
            ),
        )
    if transfer.tia_outcome is TiaOutcome.NOT_ADEQUATE:
        warn(
            WarningKind.TIA_NOT_ADEQUATE,
            _(
                "The transfer impact assessment found the protection not essentially "
                "equivalent: the transfer must be suspended or ended."
            ),
        )
    # Art. 49(1) second subparagraph: the controller informs the supervisory authority of the
    # transfer, and the data subjects of it and of the compelling legitimate interests pursued.
    if transfer.derogation is Derogation.COMPELLING_INTERESTS:
        if transfer.authority_informed_on is None:
            warn(
                WarningKind.AUTHORITY_NOT_INFORMED,
                _(
                    "A transfer on compelling legitimate interests must be notified to the "
                    "supervisory authority (Art. 49(1) second subparagraph)."
                ),
            )
        if transfer.subjects_informed_on is None:
            warn(
                WarningKind.SUBJECTS_NOT_INFORMED,
                _(
                    "The data subjects must be told of a transfer on compelling legitimate "
                    "interests and of the interests pursued (Art. 49(1) second subparagraph)."
                ),
            )
    retired = sorted(retired_activities)
    if retired:
        warn(
            WarningKind.RETIRED_ACTIVITY,
            ngettext(
                "Linked to a retired activity: {names}.",
                "Linked to retired activities: {names}.",
                len(retired),
            ).format(names=", ".join(retired)),
        )
    return warnings


def recipient_warnings(
    recipient: Recipient,
    today: date,
    destination: Destination | None = None,
    has_transfer: bool = True,
) -> list[RegisterWarning]:
    """What is missing or due about a saved recipient on ``today``. ``destination`` is its
    country's entry; ``has_transfer``: whether the transfers register holds one to it."""
    warnings: list[RegisterWarning] = []
    if (
        destination is not None
        and not destination.eea
        and recipient.activity_ids
        and not has_transfer
    ):
        warnings.append(
            RegisterWarning(
                WarningKind.NO_TRANSFER_RECORDED,
                _(
                    "The recipient is outside the EEA and activities disclose to it, but no "
                    "transfer to it is recorded (Art. 30(1)(e))."
                ),
            )
        )
    if recipient.is_processor:
        if recipient.agreement_signed_on is None:
            warnings.append(
                RegisterWarning(
                    WarningKind.AGREEMENT_MISSING,
                    _(
                        "No signed agreement with the processor that engaged it (Art. 28(4)) "
                        "is recorded."
                    )
                    if recipient.role is RecipientRole.SUB_PROCESSOR
                    else _("No signed processing agreement (Art. 28(3)) is recorded."),
                )
            )
        if recipient.agreement_review_on is not None and recipient.agreement_review_on < today:
            warnings.append(
                RegisterWarning(
                    WarningKind.AGREEMENT_REVIEW_DUE,
                    _("The processing agreement was due for review on {date}").format(
                        date=format_day(recipient.agreement_review_on)
                    ),
                )
            )
    return warnings
