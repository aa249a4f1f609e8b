"""Recipients and transfers to third countries (Chapter V): the warning rules both ways, the
validation rules with the fields they name, what normalising drops, and adequacy in force."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dpo_desk.domain.errors import FieldError
from dpo_desk.domain.transfer import (
    Adequacy,
    AdequacyScope,
    Derogation,
    Destination,
    Recipient,
    RecipientRole,
    RecipientUsage,
    ReferenceTable,
    TiaOutcome,
    Transfer,
    TransferTool,
    WarningKind,
    normalise_recipient,
    normalise_transfer,
    recipient_warnings,
    transfer_warnings,
    validate_recipient,
    validate_transfer,
)
from dpo_desk.i18n import set_language

TODAY = date(2026, 12, 1)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)

SWITZERLAND = Destination(
    "CH",
    adequacy=Adequacy(reference="Commission Decision 2000/518/EC", adopted_on=date(2000, 7, 26)),
)
CANADA = Destination(
    "CA",
    adequacy=Adequacy(
        reference="Commission Decision 2002/2/EC",
        adopted_on=date(2001, 12, 20),
        scope=AdequacyScope.PARTIAL,
        scope_en="Only organisations subject to PIPEDA",
        scope_hr="Samo organizacije na koje se primjenjuje PIPEDA",
    ),
)
JAPAN = Destination(
    "JP",
    adequacy=Adequacy(
        reference="Commission Implementing Decision (EU) 2019/419",
        adopted_on=date(2019, 1, 23),
        scope=AdequacyScope.PARTIAL,
        scope_en="Only business operators subject to the APPI",
    ),
)
UNITED_STATES = Destination(
    "US",
    adequacy=Adequacy(
        reference="Commission Implementing Decision (EU) 2023/1795",
        adopted_on=date(2023, 7, 10),
        scope=AdequacyScope.PARTIAL,
        scope_en="Only organisations certified under the EU-US Data Privacy Framework",
    ),
)
SERBIA = Destination("RS")  # no adequacy decision
GERMANY = Destination("DE", eea=True)

CLOUD = Recipient(name="Cloud Inc.", role=RecipientRole.PROCESSOR, country_code="US", id=1)
CERTIFIED = replace(CLOUD, dpf_certified=True, dpf_checked_on=date(2026, 9, 1))
SUPPORT = Recipient(name="Support d.o.o.", role=RecipientRole.PROCESSOR, country_code="RS", id=2)

#: A transfer that validates: SCC module 2 with an assessment, to a country without adequacy.
VALID = Transfer(
    recipient_id=2,
    country_code="RS",
    activity_ids=(1,),
    description="Support tickets",
    tool=TransferTool.SCC,
    scc_module=2,
    tia_assessed_on=date(2026, 2, 20),
    tia_outcome=TiaOutcome.ADEQUATE,
)

VALID_RECIPIENT = Recipient(
    name="Support d.o.o.",
    role=RecipientRole.PROCESSOR,
    country_code="RS",
    agreement_signed_on=date(2026, 3, 1),
    agreement_review_on=date(2027, 3, 1),
)


def kinds(
    transfer: Transfer,
    destination: Destination | None,
    recipient: Recipient | None = None,
    retired: tuple[str, ...] = (),
    today: date = TODAY,
) -> list[WarningKind]:
    return [w.kind for w in transfer_warnings(transfer, destination, recipient, retired, today)]


def recipient_kinds(recipient: Recipient, today: date = TODAY) -> list[WarningKind]:
    return [w.kind for w in recipient_warnings(recipient, today)]


def transfer_errors(transfer: Transfer, destination: Destination | None) -> list[FieldError]:
    return validate_transfer(normalise_transfer(transfer), destination)


def transfer_fields(transfer: Transfer, destination: Destination | None = SERBIA) -> list[str]:
    return [error.field for error in transfer_errors(transfer, destination)]


def recipient_errors(recipient: Recipient, known_country: bool = True) -> list[FieldError]:
    return validate_recipient(normalise_recipient(recipient), known_country)


# --- transfer warnings -------------------------------------------------------------------------


def test_the_valid_transfer_has_no_warnings_and_no_errors() -> None:
    assert kinds(VALID, SERBIA, SUPPORT) == []
    assert transfer_errors(VALID, SERBIA) == []


def test_no_tool_warns_only_where_no_adequacy_decision_covers_the_transfer() -> None:
    bare = Transfer(recipient_id=2, country_code="RS", activity_ids=(1,))
    (warning,) = transfer_warnings(bare, SERBIA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.NO_TOOL
    assert "Art. 46" in warning.message and "Art. 49" in warning.message
    # An adequate country needs no tool recorded.
    assert kinds(replace(bare, country_code="CH"), SWITZERLAND) == []
    # A tool silences it.
    assert kinds(replace(VALID, tool=TransferTool.BCR, scc_module=None), SERBIA) == []
    assert kinds(replace(bare, tool=TransferTool.DEROGATION), SERBIA) == []
    # Inside the EEA (refused on saving anyway) and for an unknown code there is nothing to say.
    assert kinds(replace(bare, country_code="DE"), GERMANY) == []
    assert kinds(replace(bare, country_code="XX"), None) == []


def test_no_tool_warns_for_a_us_recipient_that_is_not_dpf_certified() -> None:
    bare = Transfer(recipient_id=1, country_code="US", activity_ids=(1,))
    assert kinds(bare, UNITED_STATES, CLOUD) == [WarningKind.NO_TOOL]
    assert kinds(bare, UNITED_STATES, None) == [WarningKind.NO_TOOL]
    assert kinds(bare, UNITED_STATES, CERTIFIED) == []


def test_no_tool_warns_once_the_adequacy_decision_is_no_longer_in_force() -> None:
    bare = Transfer(recipient_id=1, country_code="CH", activity_ids=(1,))
    assert SWITZERLAND.adequacy is not None
    withdrawn = replace(SWITZERLAND, adequacy=replace(SWITZERLAND.adequacy, withdrawn_on=YESTERDAY))
    assert kinds(bare, withdrawn) == [WarningKind.NO_TOOL]
    assert kinds(bare, withdrawn, today=YESTERDAY - timedelta(days=1)) == []


def test_adequacy_without_a_decision_in_force_warns() -> None:
    on_adequacy = Transfer(recipient_id=2, country_code="RS", tool=TransferTool.ADEQUACY)
    (warning,) = transfer_warnings(on_adequacy, SERBIA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.NO_ADEQUACY
    assert "no adequacy decision is in force" in warning.message
    swiss = replace(on_adequacy, country_code="CH")
    assert kinds(swiss, SWITZERLAND) == []
    assert SWITZERLAND.adequacy is not None
    decision = SWITZERLAND.adequacy

    def with_decision(**fields: object) -> Destination:
        return replace(SWITZERLAND, adequacy=replace(decision, **fields))  # type: ignore[arg-type]

    # Withdrawn before today: no longer in force. Withdrawn only from tomorrow: still in force.
    assert kinds(swiss, with_decision(withdrawn_on=YESTERDAY)) == [WarningKind.NO_ADEQUACY]
    assert kinds(swiss, with_decision(withdrawn_on=TODAY)) == [WarningKind.NO_ADEQUACY]
    assert kinds(swiss, with_decision(withdrawn_on=TOMORROW)) == []
    # Expired yesterday: no longer in force; expiring today: still in force on its last day.
    assert kinds(swiss, with_decision(expires_on=YESTERDAY)) == [WarningKind.NO_ADEQUACY]
    assert kinds(swiss, with_decision(expires_on=TODAY)) == []
    # Adopted but not yet applicable.
    assert kinds(swiss, with_decision(adopted_on=TOMORROW)) == [WarningKind.NO_ADEQUACY]
    # A destination without an entry at all.
    assert kinds(swiss, None) == [WarningKind.NO_ADEQUACY]


def test_a_us_recipient_on_adequacy_must_be_dpf_certified() -> None:
    on_adequacy = Transfer(recipient_id=1, country_code="US", tool=TransferTool.ADEQUACY)
    (warning,) = transfer_warnings(on_adequacy, UNITED_STATES, CLOUD, (), TODAY)
    assert warning.kind is WarningKind.US_WITHOUT_DPF
    assert "Data Privacy Framework" in warning.message
    assert kinds(on_adequacy, UNITED_STATES, None) == [WarningKind.US_WITHOUT_DPF]
    # Certified: covered by the decision, and the partial scope is exactly the DPF, so no
    # partial-adequacy warning either.
    assert kinds(on_adequacy, UNITED_STATES, CERTIFIED) == []


def test_a_partial_adequacy_decision_asks_to_check_the_recipient_is_covered() -> None:
    canada = Transfer(recipient_id=2, country_code="CA", tool=TransferTool.ADEQUACY)
    (warning,) = transfer_warnings(canada, CANADA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.PARTIAL_ADEQUACY
    assert "Commission Decision 2002/2/EC" in warning.message
    assert "Only organisations subject to PIPEDA" in warning.message
    japan = replace(canada, country_code="JP")
    assert kinds(japan, JAPAN) == [WarningKind.PARTIAL_ADEQUACY]
    # A full decision: nothing to check.
    assert kinds(replace(canada, country_code="CH"), SWITZERLAND) == []
    # Another tool than adequacy: the decision's scope does not matter.
    assert kinds(replace(VALID, country_code="CA"), CANADA) == []


def test_the_partial_scope_is_quoted_in_the_interface_language() -> None:
    canada = Transfer(recipient_id=2, country_code="CA", tool=TransferTool.ADEQUACY)
    set_language("hr")
    (warning,) = transfer_warnings(canada, CANADA, SUPPORT, (), TODAY)
    assert "Samo organizacije na koje se primjenjuje PIPEDA" in warning.message
    assert "Only organisations subject to PIPEDA" not in warning.message
    # Without a Croatian text the English one is shown.
    (warning,) = transfer_warnings(replace(canada, country_code="JP"), JAPAN, None, (), TODAY)
    assert "Only business operators subject to the APPI" in warning.message


@pytest.mark.parametrize("tool", [TransferTool.SCC, TransferTool.BCR])
def test_scc_and_bcr_need_a_transfer_impact_assessment(tool: TransferTool) -> None:
    without = replace(VALID, tool=tool, tia_assessed_on=None, tia_outcome=None)
    (warning,) = transfer_warnings(without, SERBIA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.TIA_MISSING
    assert warning.message == "No transfer impact assessment is recorded."
    assert kinds(replace(without, tia_assessed_on=date(2026, 1, 1)), SERBIA) == []


def test_other_tools_do_not_ask_for_an_assessment() -> None:
    for tool in (TransferTool.CODE_OF_CONDUCT, TransferTool.AD_HOC, TransferTool.DEROGATION):
        transfer = replace(VALID, tool=tool, tia_assessed_on=None, tia_outcome=None)
        assert kinds(transfer, SERBIA) == [], tool


def test_a_tia_is_due_for_review_the_day_after_its_review_date() -> None:
    overdue = replace(VALID, tia_review_on=YESTERDAY)
    (warning,) = transfer_warnings(overdue, SERBIA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.TIA_REVIEW_DUE
    assert warning.message == "The transfer impact assessment was due for review on 30.11.2026."
    assert kinds(replace(VALID, tia_review_on=TODAY), SERBIA) == []
    assert kinds(replace(VALID, tia_review_on=TOMORROW), SERBIA) == []
    assert kinds(replace(VALID, tia_review_on=None), SERBIA) == []


def test_an_assessment_that_found_no_equivalent_protection_warns() -> None:
    failed = replace(VALID, tia_outcome=TiaOutcome.NOT_ADEQUATE)
    (warning,) = transfer_warnings(failed, SERBIA, SUPPORT, (), TODAY)
    assert warning.kind is WarningKind.TIA_NOT_ADEQUATE
    assert "suspended or ended" in warning.message
    measures = replace(VALID, tia_outcome=TiaOutcome.WITH_MEASURES, tia_measures="Encryption")
    assert kinds(measures, SERBIA) == []
    assert kinds(VALID, SERBIA) == []


def test_compelling_legitimate_interests_must_be_notified_to_the_authority() -> None:
    compelling = Transfer(
        recipient_id=2,
        country_code="RS",
        activity_ids=(1,),
        tool=TransferTool.DEROGATION,
        derogation=Derogation.COMPELLING_INTERESTS,
        derogation_assessment="One-off transfer, 12 records, assessed on 1.10.2026",
    )
    authority, subjects = transfer_warnings(compelling, SERBIA, SUPPORT, (), TODAY)
    assert authority.kind is WarningKind.AUTHORITY_NOT_INFORMED
    assert subjects.kind is WarningKind.SUBJECTS_NOT_INFORMED
    for warning in (authority, subjects):
        assert "Art. 49(1) second subparagraph" in warning.message
    told_authority = replace(compelling, authority_informed_on=date(2026, 10, 2))
    assert kinds(told_authority, SERBIA) == [WarningKind.SUBJECTS_NOT_INFORMED]
    told_subjects = replace(compelling, subjects_informed_on=date(2026, 10, 3))
    assert kinds(told_subjects, SERBIA) == [WarningKind.AUTHORITY_NOT_INFORMED]
    assert kinds(replace(told_authority, subjects_informed_on=date(2026, 10, 3)), SERBIA) == []
    # Other grounds of Art. 49(1) need no notification.
    assert kinds(replace(compelling, derogation=Derogation.EXPLICIT_CONSENT), SERBIA) == []


def test_a_transfer_linked_to_retired_activities_names_them() -> None:
    (warning,) = transfer_warnings(VALID, SERBIA, SUPPORT, ("Zeta", "Alpha"), TODAY)
    assert warning.kind is WarningKind.RETIRED_ACTIVITY
    assert warning.message == "Linked to retired activities: Alpha, Zeta."
    (one,) = transfer_warnings(VALID, SERBIA, SUPPORT, ("Zeta",), TODAY)
    assert one.message == "Linked to a retired activity: Zeta."
    assert kinds(VALID, SERBIA, SUPPORT, ()) == []


def test_several_warnings_come_in_the_rules_order() -> None:
    everything = replace(
        VALID,
        tool=TransferTool.BCR,
        scc_module=None,
        tia_assessed_on=None,
        tia_outcome=TiaOutcome.NOT_ADEQUATE,
        tia_review_on=YESTERDAY,
    )
    assert kinds(everything, SERBIA, SUPPORT, ("Old",)) == [
        WarningKind.TIA_MISSING,
        WarningKind.TIA_REVIEW_DUE,
        WarningKind.TIA_NOT_ADEQUATE,
        WarningKind.RETIRED_ACTIVITY,
    ]


# --- recipient warnings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "article"),
    [(RecipientRole.PROCESSOR, "Art. 28(3)"), (RecipientRole.SUB_PROCESSOR, "Art. 28(4)")],
)
def test_a_processor_needs_a_signed_agreement(role: RecipientRole, article: str) -> None:
    """A sub-processor's contract is with the processor that engaged it (Art. 28(4))."""
    unsigned = Recipient(name="Hosting", role=role, country_code="HR")
    (warning,) = recipient_warnings(unsigned, TODAY)
    assert warning.kind is WarningKind.AGREEMENT_MISSING
    assert article in warning.message
    assert recipient_kinds(replace(unsigned, agreement_signed_on=date(2026, 1, 5))) == []


@pytest.mark.parametrize(
    "role",
    [RecipientRole.THIRD_PARTY, RecipientRole.GROUP_COMPANY, RecipientRole.PUBLIC_AUTHORITY],
)
def test_recipients_that_are_not_processors_never_warn(role: RecipientRole) -> None:
    # Even with an overdue review date left behind (recipient_warnings reads what it is given).
    other = Recipient(name="Sponsor", role=role, country_code="HR", agreement_review_on=YESTERDAY)
    assert recipient_warnings(other, TODAY) == []


def test_a_processing_agreement_is_due_for_review_the_day_after_its_date() -> None:
    signed = replace(VALID_RECIPIENT, agreement_review_on=YESTERDAY)
    (warning,) = recipient_warnings(signed, TODAY)
    assert warning.kind is WarningKind.AGREEMENT_REVIEW_DUE
    assert warning.message == "The processing agreement was due for review on 30.11.2026."
    assert recipient_kinds(replace(signed, agreement_review_on=TODAY)) == []
    assert recipient_kinds(replace(signed, agreement_review_on=TOMORROW)) == []
    assert recipient_kinds(replace(signed, agreement_signed_on=None)) == [
        WarningKind.AGREEMENT_MISSING,
        WarningKind.AGREEMENT_REVIEW_DUE,
    ]


# --- validation --------------------------------------------------------------------------------


def test_an_unknown_destination_is_refused_naming_the_country_field() -> None:
    (error,) = transfer_errors(replace(VALID, country_code=" xx "), None)
    assert error.field == "country_code"
    assert error.label == "Destination"
    assert error.message == "“XX” is not a country code DPO Desk knows"
    (error,) = transfer_errors(replace(VALID, country_code=""), None)
    assert (error.field, error.message) == ("country_code", "is required")


def test_an_unknown_recipient_country_is_refused_naming_the_country_field() -> None:
    (error,) = recipient_errors(replace(VALID_RECIPIENT, country_code="zz"), known_country=False)
    assert error.field == "country_code"
    assert error.label == "Country"
    assert error.message == "“ZZ” is not a country code DPO Desk knows"
    assert str(error) == "Country: “ZZ” is not a country code DPO Desk knows"
    (error,) = recipient_errors(replace(VALID_RECIPIENT, country_code=" "), known_country=False)
    assert (error.field, error.message) == ("country_code", "is required")
    assert recipient_errors(VALID_RECIPIENT) == []


def test_a_destination_inside_the_eea_is_not_a_transfer() -> None:
    (error,) = transfer_errors(replace(VALID, country_code="DE"), GERMANY)
    assert error.field == "country_code"
    assert error.label == "Destination"
    assert error.message == "is inside the EEA: not a transfer under Chapter V"
    assert transfer_errors(replace(VALID, country_code="CH"), SWITZERLAND) == []


@pytest.mark.parametrize("module", [None, 0, 5])
def test_scc_need_their_module(module: int | None) -> None:
    (error,) = transfer_errors(replace(VALID, scc_module=module), SERBIA)
    assert error.field == "scc_module"
    assert error.label == "SCC module"
    assert "(1-4)" in error.message


@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_each_of_the_four_modules_is_accepted(module: int) -> None:
    assert transfer_errors(replace(VALID, scc_module=module), SERBIA) == []


def test_a_derogation_needs_its_ground() -> None:
    derogation = Transfer(
        recipient_id=2, country_code="RS", activity_ids=(1,), tool=TransferTool.DEROGATION
    )
    (error,) = transfer_errors(derogation, SERBIA)
    assert error.field == "derogation"
    assert error.label == "Art. 49 ground"
    assert error.message == "name the ground of Art. 49(1)"
    for ground in Derogation:
        if ground is not Derogation.COMPELLING_INTERESTS:
            assert transfer_errors(replace(derogation, derogation=ground), SERBIA) == [], ground


def test_compelling_legitimate_interests_need_the_documented_assessment() -> None:
    compelling = Transfer(
        recipient_id=2,
        country_code="RS",
        activity_ids=(1,),
        tool=TransferTool.DEROGATION,
        derogation=Derogation.COMPELLING_INTERESTS,
        derogation_assessment="  \n ",
    )
    (error,) = transfer_errors(compelling, SERBIA)
    assert error.field == "derogation_assessment"
    assert error.label == "Documented assessment"
    assert "Art. 49(6)" in error.message and "Art. 30(1)(e)" in error.message
    assert transfer_errors(replace(compelling, derogation_assessment="Assessed"), SERBIA) == []


def test_tia_dates_and_measures_are_checked() -> None:
    (error,) = transfer_errors(replace(VALID, tia_review_on=date(2026, 2, 19)), SERBIA)
    assert error.field == "tia_review_on"
    assert error.label == "TIA next review"
    assert error.message == "is before the assessment date"
    assert transfer_errors(replace(VALID, tia_review_on=date(2026, 2, 20)), SERBIA) == []
    (error,) = transfer_errors(replace(VALID, tia_outcome=TiaOutcome.WITH_MEASURES), SERBIA)
    assert (error.field, error.label) == ("tia_measures", "Supplementary measures")
    (error,) = transfer_errors(replace(VALID, tia_assessed_on=None), SERBIA)
    assert (error.field, error.label) == ("tia_assessed_on", "TIA date")


def test_a_transfer_needs_its_recipient_and_activities() -> None:
    errors = transfer_errors(replace(VALID, recipient_id=None, activity_ids=()), SERBIA)
    assert [(e.field, e.label) for e in errors] == [
        ("recipient_id", "Recipient"),
        ("activity_ids", "Processing activities"),
    ]
    assert errors[0].message == "is required"


def test_every_problem_of_a_transfer_is_reported_at_once() -> None:
    bad = Transfer(
        country_code="DE",
        tool=TransferTool.SCC,
        tia_outcome=TiaOutcome.WITH_MEASURES,
        tia_review_on=date(2026, 1, 1),
    )
    assert transfer_fields(bad, GERMANY) == [
        "recipient_id",
        "country_code",
        "activity_ids",
        "scc_module",
        "tia_measures",
        "tia_assessed_on",
    ]


def test_the_agreement_review_cannot_precede_the_signature() -> None:
    early = replace(VALID_RECIPIENT, agreement_review_on=date(2026, 2, 28))
    (error,) = recipient_errors(early)
    assert error.field == "agreement_review_on"
    assert error.label == "Agreement review date"
    assert error.message == "is before the signature date"
    assert recipient_errors(replace(early, agreement_review_on=date(2026, 3, 1))) == []


def test_a_sub_processor_names_the_processor_that_engaged_it() -> None:
    sub = replace(VALID_RECIPIENT, role=RecipientRole.SUB_PROCESSOR)
    (error,) = recipient_errors(sub)
    assert error.field == "processor_id"
    assert error.label == "Engaged by processor"
    assert error.message == "name the processor that engaged it"
    assert recipient_errors(replace(sub, processor_id=7)) == []
    (error,) = recipient_errors(replace(sub, processor_id=7, id=7))
    assert (error.field, error.message) == ("processor_id", "cannot be the recipient itself")


def test_a_recipient_needs_a_name_of_at_most_255_characters() -> None:
    (error,) = recipient_errors(replace(VALID_RECIPIENT, name=" \t "))
    assert (error.field, error.label, error.message) == ("name", "Name", "is required")
    (error,) = recipient_errors(replace(VALID_RECIPIENT, name="x" * 256))
    assert (error.field, error.message) == ("name", "is longer than 255 characters")
    assert recipient_errors(replace(VALID_RECIPIENT, name="x" * 255)) == []


# --- normalising -------------------------------------------------------------------------------

EVERYTHING = Transfer(
    recipient_id=2,
    country_code=" rs ",
    activity_ids=(3, 1, 3),
    data_category_ids=(9, 4, 9),
    description="  Tickets  ",
    tool=TransferTool.SCC,
    scc_module=2,
    tool_reference=" SCC-2026-1 ",
    tool_signed_on=date(2026, 3, 1),
    tool_document_id=11,
    derogation=Derogation.COMPELLING_INTERESTS,
    derogation_assessment=" Assessed ",
    authority_informed_on=date(2026, 3, 2),
    tia_assessed_on=date(2026, 2, 20),
    tia_outcome=TiaOutcome.WITH_MEASURES,
    tia_measures=" Encryption ",
    tia_document_id=12,
    tia_review_on=date(2027, 2, 20),
    notes=" Note ",
)


def test_normalise_transfer_trims_upper_cases_and_sorts() -> None:
    cleaned = normalise_transfer(EVERYTHING)
    assert cleaned.country_code == "RS"
    assert cleaned.activity_ids == (1, 3)
    assert cleaned.data_category_ids == (4, 9)
    assert (cleaned.description, cleaned.notes) == ("Tickets", "Note")
    assert cleaned.tool_reference == "SCC-2026-1"
    assert cleaned.tia_measures == "Encryption"


def test_scc_keep_their_module_safeguards_and_tia_but_no_derogation() -> None:
    cleaned = normalise_transfer(EVERYTHING)
    assert cleaned.scc_module == 2
    assert (cleaned.tool_signed_on, cleaned.tool_document_id) == (date(2026, 3, 1), 11)
    assert (cleaned.tia_assessed_on, cleaned.tia_outcome) == (
        date(2026, 2, 20),
        TiaOutcome.WITH_MEASURES,
    )
    assert (cleaned.tia_document_id, cleaned.tia_review_on) == (12, date(2027, 2, 20))
    assert cleaned.derogation is None
    assert cleaned.derogation_assessment == ""
    assert cleaned.authority_informed_on is None


@pytest.mark.parametrize(
    "tool",
    [
        TransferTool.BCR,
        TransferTool.CODE_OF_CONDUCT,
        TransferTool.CERTIFICATION,
        TransferTool.AD_HOC,
        TransferTool.PUBLIC_BODIES,
    ],
)
def test_other_art_46_tools_drop_the_module_but_keep_the_tia(tool: TransferTool) -> None:
    cleaned = normalise_transfer(replace(EVERYTHING, tool=tool))
    assert cleaned.scc_module is None
    assert cleaned.tool_reference == "SCC-2026-1"
    assert cleaned.tia_outcome is TiaOutcome.WITH_MEASURES
    assert cleaned.tia_review_on == date(2027, 2, 20)
    assert cleaned.derogation is None


@pytest.mark.parametrize("tool", [TransferTool.ADEQUACY, None])
def test_adequacy_or_no_tool_keeps_no_tool_fields(tool: TransferTool | None) -> None:
    cleaned = normalise_transfer(replace(EVERYTHING, tool=tool))
    assert cleaned == replace(
        EVERYTHING,
        country_code="RS",
        activity_ids=(1, 3),
        data_category_ids=(4, 9),
        description="Tickets",
        notes="Note",
        tool=tool,
        scc_module=None,
        tool_reference="",
        tool_signed_on=None,
        derogation=None,
        derogation_assessment="",
        authority_informed_on=None,
        tia_assessed_on=None,
        tia_outcome=None,
        tia_measures="",
        tia_review_on=None,
    )
    # Attached documents are evidence: a changed tool never drops them.
    assert (cleaned.tool_document_id, cleaned.tia_document_id) == (
        EVERYTHING.tool_document_id,
        EVERYTHING.tia_document_id,
    )


def test_a_derogation_keeps_its_ground_and_drops_the_safeguard_fields() -> None:
    cleaned = normalise_transfer(replace(EVERYTHING, tool=TransferTool.DEROGATION))
    assert cleaned.derogation is Derogation.COMPELLING_INTERESTS
    assert cleaned.derogation_assessment == "Assessed"
    assert cleaned.authority_informed_on == date(2026, 3, 2)
    assert cleaned.scc_module is None
    assert (cleaned.tool_reference, cleaned.tool_signed_on) == ("", None)
    assert (cleaned.tia_assessed_on, cleaned.tia_outcome, cleaned.tia_measures) == (None, None, "")
    assert cleaned.tia_review_on is None
    assert cleaned.tool_document_id == EVERYTHING.tool_document_id  # evidence stays attached
    # The notification date belongs to compelling legitimate interests only.
    consent = normalise_transfer(
        replace(EVERYTHING, tool=TransferTool.DEROGATION, derogation=Derogation.EXPLICIT_CONSENT)
    )
    assert consent.derogation is Derogation.EXPLICIT_CONSENT
    assert consent.derogation_assessment == "Assessed"
    assert consent.authority_informed_on is None


FULL_RECIPIENT = Recipient(
    name="  Cloud Inc. ",
    role=RecipientRole.SUB_PROCESSOR,
    country_code=" us ",
    description=" Hosting ",
    contact=" privacy@cloud.example ",
    dpo_contact=" dpo@cloud.example ",
    activity_ids=(5, 2, 5),
    processor_id=3,
    dpf_certified=True,
    dpf_checked_on=date(2026, 9, 1),
    agreement_signed_on=date(2026, 1, 1),
    agreement_document_id=8,
    agreement_review_on=date(2027, 1, 1),
    notes=" n ",
)


def test_normalise_recipient_keeps_what_a_us_sub_processor_uses() -> None:
    cleaned = normalise_recipient(FULL_RECIPIENT)
    assert cleaned == replace(
        FULL_RECIPIENT,
        name="Cloud Inc.",
        country_code="US",
        description="Hosting",
        contact="privacy@cloud.example",
        dpo_contact="dpo@cloud.example",
        activity_ids=(2, 5),
        notes="n",
    )


@pytest.mark.parametrize(
    "role",
    [RecipientRole.THIRD_PARTY, RecipientRole.GROUP_COMPANY, RecipientRole.PUBLIC_AUTHORITY],
)
def test_a_recipient_that_is_no_processor_drops_the_agreement_and_processor(
    role: RecipientRole,
) -> None:
    cleaned = normalise_recipient(replace(FULL_RECIPIENT, role=role))
    assert cleaned.processor_id is None
    assert cleaned.agreement_signed_on is None
    assert cleaned.agreement_document_id == FULL_RECIPIENT.agreement_document_id  # evidence stays
    assert cleaned.agreement_review_on is None
    assert (cleaned.dpf_certified, cleaned.dpf_checked_on) == (True, date(2026, 9, 1))


def test_a_processor_keeps_its_agreement_but_engages_no_processor() -> None:
    cleaned = normalise_recipient(replace(FULL_RECIPIENT, role=RecipientRole.PROCESSOR))
    assert cleaned.processor_id is None
    assert (cleaned.agreement_signed_on, cleaned.agreement_document_id) == (date(2026, 1, 1), 8)
    assert cleaned.agreement_review_on == date(2027, 1, 1)


def test_dpf_certification_applies_to_us_recipients_only() -> None:
    serbian = normalise_recipient(replace(FULL_RECIPIENT, country_code="rs"))
    assert (serbian.dpf_certified, serbian.dpf_checked_on) == (False, None)
    uncertified = normalise_recipient(replace(FULL_RECIPIENT, dpf_certified=False))
    assert (uncertified.dpf_certified, uncertified.dpf_checked_on) == (False, None)
    assert normalise_recipient(FULL_RECIPIENT).dpf_certified is True


# --- destinations and adequacy -----------------------------------------------------------------


def test_adequacy_in_force_on_its_boundary_dates() -> None:
    decision = Adequacy(
        reference="Decision",
        adopted_on=date(2020, 1, 10),
        expires_on=date(2030, 6, 30),
        withdrawn_on=date(2028, 3, 1),
    )
    assert not decision.in_force(date(2020, 1, 9))
    assert decision.in_force(date(2020, 1, 10))  # applicable from its adoption
    assert decision.in_force(date(2028, 2, 29))
    assert not decision.in_force(date(2028, 3, 1))  # withdrawn with effect from that day
    expiring = replace(decision, withdrawn_on=None)
    assert expiring.in_force(date(2030, 6, 30))  # its last day
    assert not expiring.in_force(date(2030, 7, 1))
    assert Adequacy().in_force(date(1900, 1, 1))  # no dates: in force


def test_a_destination_offers_its_decision_only_while_in_force() -> None:
    assert SWITZERLAND.adequacy_in_force(TODAY) == SWITZERLAND.adequacy
    assert SERBIA.adequacy_in_force(TODAY) is None
    assert SWITZERLAND.adequacy is not None
    withdrawn = replace(SWITZERLAND, adequacy=replace(SWITZERLAND.adequacy, withdrawn_on=TODAY))
    assert withdrawn.adequacy_in_force(TODAY) is None
    assert withdrawn.adequacy_in_force(YESTERDAY) is not None


def test_scope_text_falls_back_to_english() -> None:
    assert CANADA.adequacy is not None and JAPAN.adequacy is not None
    assert CANADA.adequacy.scope_text("hr") == "Samo organizacije na koje se primjenjuje PIPEDA"
    assert CANADA.adequacy.scope_text("en") == "Only organisations subject to PIPEDA"
    assert JAPAN.adequacy.scope_text("hr") == "Only business operators subject to the APPI"


def test_organisations_and_the_table_lookup() -> None:
    epo = Destination("IO-EPO", name_en="European Patent Organisation")
    assert epo.is_organisation
    assert not SWITZERLAND.is_organisation
    table = ReferenceTable(
        checked_on=TODAY, sources=(), destinations={"CH": SWITZERLAND, "IO-EPO": epo}
    )
    assert table.get(" ch ") is SWITZERLAND
    assert table.get("io-epo") is epo
    assert table.get("RS") is None


def test_recipient_usage_is_true_when_anything_uses_it() -> None:
    assert not RecipientUsage()
    assert RecipientUsage(activities=("Payroll",))
    assert RecipientUsage(transfers=("US",))
    assert RecipientUsage(sub_processors=("Tickets",))


def test_a_partial_decision_asks_for_a_check_even_without_a_tool_recorded() -> None:
    bare = Transfer(recipient_id=2, country_code="CA", activity_ids=(1,))
    assert kinds(bare, CANADA) == [WarningKind.PARTIAL_ADEQUACY]
    assert kinds(replace(bare, country_code="JP"), JAPAN) == [WarningKind.PARTIAL_ADEQUACY]
    # A full decision, or a tool of its own (clauses), needs no such check.
    assert kinds(replace(bare, country_code="CH"), SWITZERLAND) == []
    clauses = replace(VALID, country_code="CA")
    assert kinds(clauses, CANADA) == []


def test_a_partial_decision_stops_warning_once_the_scope_check_is_recorded() -> None:
    bare = Transfer(recipient_id=2, country_code="CA", activity_ids=(1,))
    checked = replace(bare, scope_checked_on=date(2026, 11, 2))
    assert kinds(checked, CANADA) == []
    assert kinds(replace(checked, tool=TransferTool.ADEQUACY), CANADA) == []
    assert kinds(bare, CANADA) == [WarningKind.PARTIAL_ADEQUACY]
    # The check belongs to adequacy: another tool drops it.
    clauses = normalise_transfer(replace(checked, tool=TransferTool.SCC, scc_module=2))
    assert clauses.scope_checked_on is None


@pytest.mark.parametrize(
    ("module", "role", "warns"),
    [
        (2, RecipientRole.PROCESSOR, False),
        (3, RecipientRole.SUB_PROCESSOR, False),
        (1, RecipientRole.THIRD_PARTY, False),
        (4, RecipientRole.GROUP_COMPANY, False),
        (2, RecipientRole.THIRD_PARTY, True),
        (1, RecipientRole.PROCESSOR, True),
        (4, RecipientRole.SUB_PROCESSOR, True),
    ],
)
def test_the_scc_module_must_fit_the_importers_role(
    module: int, role: RecipientRole, warns: bool
) -> None:
    importer = replace(SUPPORT, role=role)
    transfer = replace(VALID, scc_module=module)
    found = [w for w in transfer_warnings(transfer, SERBIA, importer, (), TODAY)]
    assert [w.kind for w in found] == ([WarningKind.SCC_MODULE_MISMATCH] if warns else [])
    if warns:
        assert f"Module {module}" in found[0].message


def test_a_dpf_certification_is_checked_again_after_a_year() -> None:
    bare = Transfer(
        recipient_id=1, country_code="US", activity_ids=(1,), tool=TransferTool.ADEQUACY
    )
    fresh = replace(CERTIFIED, dpf_checked_on=TODAY - timedelta(days=365))
    stale = replace(CERTIFIED, dpf_checked_on=TODAY - timedelta(days=366))
    never = replace(CERTIFIED, dpf_checked_on=None)
    assert kinds(bare, UNITED_STATES, fresh) == []
    assert kinds(bare, UNITED_STATES, stale) == [WarningKind.DPF_CHECK_OLD]
    assert kinds(bare, UNITED_STATES, never) == [WarningKind.DPF_CHECK_OLD]
    # With clauses of its own the transfer does not rest on the certification.
    clauses = replace(bare, tool=TransferTool.SCC, scc_module=2, tia_assessed_on=TODAY)
    assert WarningKind.DPF_CHECK_OLD not in kinds(clauses, UNITED_STATES, stale)


def test_a_recipient_abroad_that_activities_disclose_to_needs_a_transfer() -> None:
    abroad = Recipient(
        name="Support", role=RecipientRole.THIRD_PARTY, country_code="RS", activity_ids=(1,)
    )
    assert [w.kind for w in recipient_warnings(abroad, TODAY, SERBIA, has_transfer=False)] == [
        WarningKind.NO_TRANSFER_RECORDED
    ]
    assert recipient_warnings(abroad, TODAY, SERBIA, has_transfer=True) == []
    assert recipient_warnings(replace(abroad, country_code="DE"), TODAY, GERMANY, False) == []
    assert recipient_warnings(replace(abroad, activity_ids=()), TODAY, SERBIA, False) == []
