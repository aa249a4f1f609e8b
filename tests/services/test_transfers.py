"""RecipientService and TransferService: round trips, validation, what keeps a recipient from
being deleted, the register rows and their warnings, and the sample recipients and transfers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from dpo_desk.app import build_services, shipped_destinations
from dpo_desk.domain.activity import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    EnisaDataType,
    LawfulBasis,
)
from dpo_desk.domain.changes import Register
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError, ValidationError
from dpo_desk.domain.transfer import (
    Derogation,
    Recipient,
    RecipientRole,
    TiaOutcome,
    Transfer,
    TransferTool,
    WarningKind,
    normalise_recipient,
    normalise_transfer,
    validate_recipient,
    validate_transfer,
)
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from dpo_desk.services.sample_transfers import SAMPLE_RECIPIENTS, SAMPLE_TRANSFERS
from dpo_desk.store.database import SqlDatabase

D = CatalogueKind.DATA_CATEGORIES
TODAY = date(2026, 12, 1)


@dataclass(frozen=True)
class World:
    """Two data categories and two active activities to link recipients and transfers to."""

    identity: int
    contact: int
    payroll: Activity
    hosting: Activity


@pytest.fixture
def world(services: Services) -> World:
    def entry(name: str) -> int:
        saved, _ = services.catalogue.save(CatalogueEntry(D, name, enisa_type=EnisaDataType.SIMPLE))
        assert saved.id is not None
        return saved.id

    identity, contact = entry("Identity data"), entry("Contact data")

    def activity(name: str) -> Activity:
        saved, _ = services.activities.save(
            Activity(
                name=name,
                purposes=f"{name} purposes",
                lawful_bases=(LawfulBasis.CONTRACT,),
                status=ActivityStatus.ACTIVE,
                data_category_ids=(identity, contact),
            )
        )
        return saved

    return World(identity, contact, activity("Payroll"), activity("Hosting"))


def ids(*activities: Activity) -> tuple[int, ...]:
    return tuple(a.id or 0 for a in activities)


def add_recipient(services: Services, **fields: object) -> Recipient:
    base = Recipient(
        name="Support d.o.o.",
        role=RecipientRole.PROCESSOR,
        country_code="RS",
        agreement_signed_on=date(2026, 3, 1),
    )
    saved, _ = services.recipients.save(replace(base, **fields))  # type: ignore[arg-type]
    return saved


def scc(recipient: Recipient, world: World, **fields: object) -> Transfer:
    """A transfer that validates and has no warnings on TODAY."""
    base = Transfer(
        recipient_id=recipient.id,
        country_code=recipient.country_code,
        activity_ids=ids(world.payroll),
        data_category_ids=(world.identity,),
        tool=TransferTool.SCC,
        scc_module=2,
        tia_assessed_on=date(2026, 2, 20),
        tia_outcome=TiaOutcome.ADEQUATE,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def add_transfer(services: Services, transfer: Transfer) -> Transfer:
    saved, _ = services.transfers.save(transfer)
    return saved


def stripped_recipient(recipient: Recipient) -> Recipient:
    return replace(recipient, id=None, version=None, created_at=None, updated_at=None)


def stripped_transfer(transfer: Transfer) -> Transfer:
    return replace(transfer, id=None, version=None, created_at=None, updated_at=None)


# --- round trips ---------------------------------------------------------------------------------


def test_every_recipient_field_round_trips(services: Services, world: World) -> None:
    agreement, _ = services.attachments.add("dpa.pdf", b"%PDF-1.4\nsigned\n")
    processor = Recipient(
        name="  Cloud Inc. — čćđšž ",
        role=RecipientRole.PROCESSOR,
        country_code=" us ",
        description=" Hosting and backups ",
        contact="1 Main St, Springfield; privacy@cloud.example",
        dpo_contact="dpo@cloud.example",
        activity_ids=ids(world.hosting, world.payroll, world.hosting),
        dpf_certified=True,
        dpf_checked_on=date(2026, 9, 15),
        agreement_signed_on=date(2026, 2, 1),
        agreement_document_id=agreement.id,
        agreement_review_on=date(2027, 2, 1),
        notes=" Reviewed by legal ",
    )
    saved, changes = services.recipients.save(processor)
    assert changes.touches(Register.RECIPIENTS) and changes.touches(Register.TRANSFERS)
    assert saved.id is not None and saved.version == 1
    assert saved.created_at is not None and saved.updated_at is not None
    assert stripped_recipient(saved) == normalise_recipient(processor)
    assert saved.name == "Cloud Inc. — čćđšž"
    assert saved.country_code == "US"
    assert saved.activity_ids == tuple(sorted(ids(world.payroll, world.hosting)))
    assert services.recipients.get(saved.id) == saved

    sub = Recipient(
        name="Tickets Ltd",
        role=RecipientRole.SUB_PROCESSOR,
        country_code="IN",
        processor_id=saved.id,
        activity_ids=ids(world.hosting),
        agreement_signed_on=date(2026, 3, 15),
    )
    sub_saved, _ = services.recipients.save(sub)
    assert stripped_recipient(sub_saved) == sub
    assert services.recipients.get(sub_saved.id or 0).processor_id == saved.id
    assert services.recipients.all() == [saved, sub_saved]


def test_a_recipient_change_bumps_the_version_and_relinks(services: Services, world: World) -> None:
    saved = add_recipient(services, activity_ids=ids(world.payroll))
    again, _ = services.recipients.save(replace(saved, activity_ids=ids(world.hosting)))
    assert again.version == 2
    assert again.activity_ids == ids(world.hosting)
    assert services.recipients.get(saved.id or 0) == again
    with pytest.raises(ConcurrentEditError, match=r"Support d\.o\.o\."):
        services.recipients.save(replace(saved, notes="stale"))


def test_every_transfer_field_round_trips(services: Services, world: World) -> None:
    recipient = add_recipient(services)
    clauses, _ = services.attachments.add("scc.pdf", b"%PDF-1.4\nclauses\n")
    tia, _ = services.attachments.add("tia.pdf", b"%PDF-1.4\nassessment\n")
    transfer = Transfer(
        recipient_id=recipient.id,
        country_code=" rs ",
        activity_ids=ids(world.hosting, world.payroll),
        data_category_ids=(world.contact, world.identity, world.contact),
        description=" Support reads tickets ",
        tool=TransferTool.SCC,
        scc_module=3,
        tool_reference=" SCC-2026-07 ",
        tool_signed_on=date(2026, 3, 1),
        tool_document_id=clauses.id,
        tia_assessed_on=date(2026, 2, 20),
        tia_outcome=TiaOutcome.WITH_MEASURES,
        tia_measures=" Encryption with keys held in the EU ",
        tia_document_id=tia.id,
        tia_review_on=date(2027, 2, 20),
        notes=" Onward transfers forbidden ",
    )
    saved, changes = services.transfers.save(transfer)
    assert changes.touches(Register.TRANSFERS) and changes.touches(Register.ACTIVITIES)
    assert saved.id is not None and saved.version == 1
    assert stripped_transfer(saved) == normalise_transfer(transfer)
    assert saved.country_code == "RS"
    assert saved.tia_measures == "Encryption with keys held in the EU"
    assert saved.data_category_ids == tuple(sorted((world.contact, world.identity)))
    assert services.transfers.get(saved.id) == saved
    assert services.transfers.all() == [saved]


def test_a_derogation_transfer_round_trips(services: Services, world: World) -> None:
    recipient = add_recipient(services, role=RecipientRole.THIRD_PARTY, country_code="BR")
    transfer = Transfer(
        recipient_id=recipient.id,
        country_code="BR",
        activity_ids=ids(world.payroll),
        tool=TransferTool.DEROGATION,
        derogation=Derogation.COMPELLING_INTERESTS,
        derogation_assessment="One-off, 12 records; the data subjects were informed",
        authority_informed_on=date(2026, 10, 2),
        tia_outcome=TiaOutcome.NOT_ADEQUATE,  # dropped: no Art. 46 tool
    )
    saved = add_transfer(services, transfer)
    reread = services.transfers.get(saved.id or 0)
    assert reread == saved
    assert reread.derogation is Derogation.COMPELLING_INTERESTS
    assert reread.authority_informed_on == date(2026, 10, 2)
    assert reread.tia_outcome is None
    assert stripped_transfer(reread) == normalise_transfer(transfer)


def test_changing_the_tool_leaves_nothing_stale_behind(services: Services, world: World) -> None:
    recipient = add_recipient(services, country_code="CH")
    saved = add_transfer(services, scc(recipient, world, tool_reference="SCC-1"))
    on_adequacy, _ = services.transfers.save(replace(saved, tool=TransferTool.ADEQUACY))
    assert on_adequacy.version == 2
    reread = services.transfers.get(saved.id or 0)
    assert reread.tool is TransferTool.ADEQUACY
    assert (reread.scc_module, reread.tool_reference) == (None, "")
    assert (reread.tia_assessed_on, reread.tia_outcome) == (None, None)


# --- validation ------------------------------------------------------------------------------------


def test_recipient_save_refuses_naming_each_field(services: Services) -> None:
    bad = Recipient(
        name="  ",
        role=RecipientRole.SUB_PROCESSOR,
        country_code="xx",
        agreement_signed_on=date(2026, 3, 1),
        agreement_review_on=date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as refusal:
        services.recipients.save(bad)
    assert [e.field for e in refusal.value.errors] == [
        "name",
        "country_code",
        "processor_id",
        "agreement_review_on",
    ]
    text = str(refusal.value)
    assert "Name: is required" in text
    assert "Country: “XX” is not a country code DPO Desk knows" in text
    assert "Agreement review date: is before the signature date" in text
    assert services.recipients.all() == []


def test_the_organisation_codes_are_destinations_too(services: Services) -> None:
    epo = add_recipient(services, name="EPO", role=RecipientRole.THIRD_PARTY, country_code="io-epo")
    assert epo.country_code == "IO-EPO"


def test_a_sub_processor_is_engaged_by_a_processor(services: Services) -> None:
    sponsor = add_recipient(services, name="Sponsor", role=RecipientRole.THIRD_PARTY)
    with pytest.raises(ValidationError) as refusal:
        add_recipient(
            services, name="Tickets", role=RecipientRole.SUB_PROCESSOR, processor_id=sponsor.id
        )
    (error,) = refusal.value.errors
    assert error.field == "processor_id"
    assert error.label == "Engaged by processor"
    assert error.message == "“Sponsor” is not a processor"
    assert [r.name for r in services.recipients.all()] == ["Sponsor"]
    processor = add_recipient(services, name="Support")
    tickets = add_recipient(
        services, name="Tickets", role=RecipientRole.SUB_PROCESSOR, processor_id=processor.id
    )
    assert tickets.processor_id == processor.id


def test_a_processor_with_sub_processors_keeps_its_role(services: Services) -> None:
    processor = add_recipient(services, name="Support")
    add_recipient(
        services, name="Tickets", role=RecipientRole.SUB_PROCESSOR, processor_id=processor.id
    )
    with pytest.raises(ValidationError) as refusal:
        services.recipients.save(replace(processor, role=RecipientRole.THIRD_PARTY))
    (error,) = refusal.value.errors
    assert (error.field, error.label) == ("role", "Role")
    assert "Tickets" in error.message
    assert services.recipients.get(processor.id or 0).role is RecipientRole.PROCESSOR
    # A processor role of another kind is still a processor: its sub-processors stay valid.
    parent = add_recipient(services, name="Parent")
    current = services.recipients.get(processor.id or 0)
    saved, _ = services.recipients.save(
        replace(current, role=RecipientRole.SUB_PROCESSOR, processor_id=parent.id)
    )
    assert (saved.role, saved.processor_id) == (RecipientRole.SUB_PROCESSOR, parent.id)


def test_sub_processors_cannot_engage_each_other(services: Services) -> None:
    head = add_recipient(services, name="Head")
    first = add_recipient(
        services, name="First", role=RecipientRole.SUB_PROCESSOR, processor_id=head.id
    )
    second = add_recipient(
        services, name="Second", role=RecipientRole.SUB_PROCESSOR, processor_id=first.id
    )
    with pytest.raises(ValidationError) as refusal:
        services.recipients.save(replace(first, processor_id=second.id))
    (error,) = refusal.value.errors
    assert (error.field, error.message) == (
        "processor_id",
        "this would make the chain of processors a circle",
    )


def test_a_missing_recipient_or_processor_is_a_field_error(
    services: Services, world: World
) -> None:
    with pytest.raises(ValidationError) as refusal:
        add_recipient(services, name="Orphan", role=RecipientRole.SUB_PROCESSOR, processor_id=4040)
    assert [(e.field, e.message) for e in refusal.value.errors] == [
        ("processor_id", "no longer exists")
    ]
    recipient = add_recipient(services)
    with pytest.raises(ValidationError) as refusal:
        services.transfers.save(replace(scc(recipient, world), recipient_id=4040))
    assert [(e.field, e.message) for e in refusal.value.errors] == [
        ("recipient_id", "no longer exists")
    ]
    assert services.transfers.all() == []


def test_transfer_save_refuses_naming_each_field(services: Services, world: World) -> None:
    recipient = add_recipient(services)
    with pytest.raises(ValidationError) as refusal:
        services.transfers.save(
            Transfer(recipient_id=recipient.id, country_code="de", tool=TransferTool.SCC)
        )
    assert [e.field for e in refusal.value.errors] == ["country_code", "activity_ids", "scc_module"]
    assert refusal.value.for_field("country_code")[0].message == (
        "is inside the EEA: not a transfer under Chapter V"
    )
    with pytest.raises(ValidationError) as refusal:
        services.transfers.save(scc(recipient, world, country_code="XK1"))
    (error,) = refusal.value.errors
    assert (error.field, error.label) == ("country_code", "Destination")
    assert error.message == "“XK1” is not a country code DPO Desk knows"
    with pytest.raises(ValidationError) as refusal:
        services.transfers.save(
            scc(
                recipient,
                world,
                tool=TransferTool.DEROGATION,
                derogation=Derogation.COMPELLING_INTERESTS,
            )
        )
    assert [e.field for e in refusal.value.errors] == ["derogation_assessment"]
    with pytest.raises(ValidationError) as refusal:
        services.transfers.save(scc(recipient, world, tia_review_on=date(2026, 1, 1)))
    assert [e.field for e in refusal.value.errors] == ["tia_review_on"]
    assert services.transfers.all() == []


def test_a_stale_transfer_is_refused(services: Services, world: World) -> None:
    saved = add_transfer(services, scc(add_recipient(services), world))
    services.transfers.save(replace(saved, description="First"))
    with pytest.raises(ConcurrentEditError):
        services.transfers.save(replace(saved, description="Second"))
    with pytest.raises(ConcurrentEditError):
        services.transfers.delete(saved)
    assert services.transfers.get(saved.id or 0).description == "First"


# --- deleting ----------------------------------------------------------------------------------------


def test_a_recipient_in_use_is_not_deleted_and_its_users_are_named(
    services: Services, world: World
) -> None:
    processor = add_recipient(
        services, name="Support d.o.o.", activity_ids=ids(world.payroll, world.hosting)
    )
    add_recipient(
        services,
        name="Tickets Ltd",
        role=RecipientRole.SUB_PROCESSOR,
        country_code="IN",
        processor_id=processor.id,
    )
    add_recipient(
        services,
        name="Calls Inc.",
        role=RecipientRole.SUB_PROCESSOR,
        country_code="US",
        processor_id=processor.id,
    )
    add_transfer(services, scc(processor, world))
    with pytest.raises(ValidationError) as refusal:
        services.recipients.delete(processor)
    (error,) = refusal.value.errors
    assert error.field == "recipient"
    assert error.label == "Support d.o.o."
    assert error.message == (
        "is used by processing activities: Hosting, Payroll; transfers to: Serbia; "
        "sub-processors: Calls Inc., Tickets Ltd. Change or delete those first."
    )
    assert services.recipients.get(processor.id or 0) == processor


@pytest.mark.parametrize("user", ["activity", "transfer", "sub_processor"])
def test_each_kind_of_user_alone_keeps_a_recipient(
    services: Services, world: World, user: str
) -> None:
    recipient = add_recipient(
        services, activity_ids=ids(world.hosting) if user == "activity" else ()
    )
    if user == "transfer":
        add_transfer(services, scc(recipient, world))
    if user == "sub_processor":
        add_recipient(
            services,
            name="Tickets Ltd",
            role=RecipientRole.SUB_PROCESSOR,
            processor_id=recipient.id,
        )
    expected = {
        "activity": "processing activities: Hosting",
        "transfer": "transfers to: Serbia",
        "sub_processor": "sub-processors: Tickets Ltd",
    }[user]
    with pytest.raises(ValidationError) as refusal:
        services.recipients.delete(recipient)
    assert (
        refusal.value.errors[0].message == f"is used by {expected}. Change or delete those first."
    )


def test_an_unused_recipient_is_deleted(services: Services, world: World) -> None:
    kept = add_recipient(services, name="Kept", activity_ids=ids(world.payroll))
    unused = add_recipient(services, name="Unused")
    changes = services.recipients.delete(unused)
    assert changes.touches(Register.RECIPIENTS)
    assert services.recipients.all() == [kept]
    with pytest.raises(RecordNotFoundError, match=f"Recipient {unused.id} no longer exists"):
        services.recipients.get(unused.id or 0)
    actions = [
        e.action
        for e in services.audit.recent()
        if e.entity == "recipient" and e.entity_id == str(unused.id)
    ]
    assert actions == ["delete", "create"]


def test_once_its_transfer_is_deleted_a_recipient_can_go(services: Services, world: World) -> None:
    recipient = add_recipient(services)
    transfer = add_transfer(services, scc(recipient, world))
    with pytest.raises(ValidationError):
        services.recipients.delete(recipient)
    changes = services.transfers.delete(transfer)
    assert changes.touches(Register.TRANSFERS)
    assert services.transfers.all() == []
    services.recipients.delete(recipient)
    assert services.recipients.all() == []


def test_a_data_category_carried_by_a_transfer_cannot_be_deleted(
    services: Services, world: World
) -> None:
    logs, _ = services.catalogue.save(CatalogueEntry(D, "Server logs"))
    assert logs.id is not None
    recipient = add_recipient(services, name="Cloud Inc.", country_code="US", dpf_certified=True)
    add_transfer(
        services,
        scc(recipient, world, country_code="US", data_category_ids=(logs.id,)),
    )
    assert services.catalogue.users(logs) == ["transfer to US (Cloud Inc.)"]
    with pytest.raises(ValidationError) as refusal:
        services.catalogue.delete(logs)
    (error,) = refusal.value.errors
    assert error.label == "Server logs"
    assert "transfer to US (Cloud Inc.)" in error.message
    assert logs.id in {e.id for e in services.catalogue.entries(D)}


# --- the register rows and their warnings ------------------------------------------------------------


def test_recipient_rows_carry_names_and_warnings(services: Services, world: World) -> None:
    processor = add_recipient(
        services,
        name="Support d.o.o.",
        activity_ids=ids(world.payroll, world.hosting),
        agreement_signed_on=None,
    )
    add_recipient(
        services,
        name="Tickets Ltd",
        role=RecipientRole.SUB_PROCESSOR,
        country_code="IN",
        processor_id=processor.id,
        agreement_review_on=date(2026, 11, 30),
    )
    add_recipient(
        services, name="Authority", role=RecipientRole.PUBLIC_AUTHORITY, country_code="HR"
    )
    rows = {row.recipient.name: row for row in services.recipients.rows(TODAY)}
    assert list(rows) == ["Authority", "Support d.o.o.", "Tickets Ltd"]

    support = rows["Support d.o.o."]
    assert support.activities == ("Payroll", "Hosting")
    assert support.sub_processors == ("Tickets Ltd",)
    assert support.processor == ""
    assert support.destination is not None and support.destination.code == "RS"
    # Outside the EEA, activities disclose to it, and no transfer is recorded yet.
    assert [w.kind for w in support.warnings] == [
        WarningKind.NO_TRANSFER_RECORDED,
        WarningKind.AGREEMENT_MISSING,
    ]

    tickets = rows["Tickets Ltd"]
    assert tickets.processor == "Support d.o.o."
    assert tickets.sub_processors == ()
    assert [w.kind for w in tickets.warnings] == [WarningKind.AGREEMENT_REVIEW_DUE]
    assert [w.kind for w in services.recipients.rows(date(2026, 11, 30))[2].warnings] == []

    authority = rows["Authority"]
    assert authority.warnings == ()
    assert authority.destination is not None and authority.destination.eea

    add_transfer(services, scc(processor, world))
    rows = {row.recipient.name: row for row in services.recipients.rows(TODAY)}
    assert [w.kind for w in rows["Support d.o.o."].warnings] == [WarningKind.AGREEMENT_MISSING]


def test_a_transfer_of_a_retired_activity_warns(services: Services, world: World) -> None:
    recipient = add_recipient(services)
    transfer = add_transfer(
        services, scc(recipient, world, activity_ids=ids(world.payroll, world.hosting))
    )
    (row,) = services.transfers.rows(TODAY)
    assert row.transfer == transfer
    assert row.recipient == recipient
    assert row.destination is not None and row.destination.code == "RS"
    assert row.activities == ("Payroll", "Hosting")
    assert row.data_categories == ("Identity data",)
    assert row.warnings == ()

    services.activities.retire(world.hosting)
    (row,) = services.transfers.rows(TODAY)
    (warning,) = row.warnings
    assert warning.kind is WarningKind.RETIRED_ACTIVITY
    assert warning.message == "Linked to a retired activity: Hosting."


def test_transfer_rows_follow_the_users_changes_to_the_destinations(
    services: Services, world: World
) -> None:
    recipient = add_recipient(services, name="Tokyo K.K.", country_code="JP")
    add_transfer(services, scc(recipient, world, tool=TransferTool.ADEQUACY, scc_module=None))
    (row,) = services.transfers.rows(TODAY)
    assert [w.kind for w in row.warnings] == [WarningKind.PARTIAL_ADEQUACY]
    japan = services.destinations.get("JP")
    assert japan is not None and japan.adequacy is not None
    services.destinations.save_change(
        replace(japan, adequacy=replace(japan.adequacy, withdrawn_on=TODAY)), "Withdrawn"
    )
    (row,) = services.transfers.rows(TODAY)
    assert [w.kind for w in row.warnings] == [WarningKind.NO_ADEQUACY]


def test_a_us_transfer_on_adequacy_depends_on_the_recipients_certification(
    services: Services, world: World
) -> None:
    cloud = add_recipient(services, name="Cloud Inc.", country_code="US")
    add_transfer(services, scc(cloud, world, tool=TransferTool.ADEQUACY, scc_module=None))
    (row,) = services.transfers.rows(TODAY)
    assert [w.kind for w in row.warnings] == [WarningKind.US_WITHOUT_DPF]
    services.recipients.save(replace(cloud, dpf_certified=True, dpf_checked_on=TODAY))
    (row,) = services.transfers.rows(TODAY)
    assert row.warnings == ()


def test_rows_of_activity_hold_only_that_activitys_transfers(
    services: Services, world: World
) -> None:
    support = add_recipient(services, name="Support")
    cloud = add_recipient(services, name="Cloud", country_code="CH")
    payroll_only = add_transfer(services, scc(support, world, activity_ids=ids(world.payroll)))
    both = add_transfer(
        services,
        scc(cloud, world, country_code="CH", activity_ids=ids(world.payroll, world.hosting)),
    )
    hosting_only = add_transfer(
        services, scc(support, world, country_code="IN", activity_ids=ids(world.hosting))
    )
    payroll = services.transfers.rows_of_activity(world.payroll.id or 0, TODAY)
    assert [row.transfer for row in payroll] == [both, payroll_only]
    assert payroll[0].activities == ("Payroll", "Hosting")
    hosting = services.transfers.rows_of_activity(world.hosting.id or 0, TODAY)
    assert [row.transfer for row in hosting] == [both, hosting_only]
    assert services.transfers.rows_of_activity(9999, TODAY) == []


def test_warnings_of_an_unsaved_transfer(services: Services, world: World) -> None:
    recipient = add_recipient(services)
    services.activities.retire(world.payroll)
    form = Transfer(recipient_id=recipient.id, country_code=" rs ", activity_ids=ids(world.payroll))
    assert [w.kind for w in services.transfers.warnings(form, TODAY)] == [
        WarningKind.NO_TOOL,
        WarningKind.RETIRED_ACTIVITY,
    ]
    # The form's stale TIA fields do not count once the tool no longer uses them.
    adequacy = replace(
        form, country_code="CH", tool=TransferTool.ADEQUACY, tia_outcome=TiaOutcome.NOT_ADEQUATE
    )
    assert [w.kind for w in services.transfers.warnings(adequacy, TODAY)] == [
        WarningKind.RETIRED_ACTIVITY
    ]


def test_duplicate_is_an_unsaved_copy(services: Services, world: World) -> None:
    saved = add_transfer(services, scc(add_recipient(services), world))
    copy = services.transfers.duplicate(saved)
    assert (copy.id, copy.version, copy.created_at, copy.updated_at) == (None, None, None, None)
    assert stripped_transfer(saved) == copy
    assert len(services.transfers.all()) == 1


# --- the sample ----------------------------------------------------------------------------------


@pytest.fixture
def sample(database: SqlDatabase) -> Services:
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())
    return build_services(database)


def test_the_sample_recipients_and_transfers_are_valid(sample: Services) -> None:
    table = shipped_destinations()
    recipients = sample.recipients.all()
    transfers = sample.transfers.all()
    assert len(recipients) == len(SAMPLE_RECIPIENTS)
    assert len(transfers) == len(SAMPLE_TRANSFERS)
    for recipient in recipients:
        assert normalise_recipient(recipient) == recipient, recipient.name
        known = table.get(recipient.country_code) is not None
        assert validate_recipient(recipient, known) == [], recipient.name
    for transfer in transfers:
        assert normalise_transfer(transfer) == transfer
        assert validate_transfer(transfer, table.get(transfer.country_code)) == [], transfer
        destination = table.get(transfer.country_code)
        assert destination is not None and not destination.eea, transfer.country_code
    # Every activity and data category the sample names was found.
    activities = {a.id for a in sample.activities.all()}
    categories = {e.id for e in sample.catalogue.entries(D)}
    for recipient in recipients:
        assert set(recipient.activity_ids) <= activities, recipient.name
    for transfer in transfers:
        assert transfer.activity_ids and set(transfer.activity_ids) <= activities
        assert transfer.data_category_ids and set(transfer.data_category_ids) <= categories


def test_the_sample_shows_each_kind_of_recipient_and_transfer(sample: Services) -> None:
    recipients = {r.id: r for r in sample.recipients.all()}
    subs = [r for r in recipients.values() if r.role is RecipientRole.SUB_PROCESSOR]
    assert subs
    for sub in subs:
        assert sub.processor_id is not None
        assert recipients[sub.processor_id].role is RecipientRole.PROCESSOR
    certified = [r for r in recipients.values() if r.country_code == "US" and r.dpf_certified]
    assert certified and all(r.dpf_checked_on is not None for r in certified)
    transfers = sample.transfers.all()
    assert any(
        t.tool is TransferTool.SCC and t.scc_module is not None and t.tia_assessed_on is not None
        for t in transfers
    )
    us = [t for t in transfers if t.country_code == "US"]
    assert us and all(recipients[t.recipient_id or 0].dpf_certified for t in us)
    # Within the sample's own time, its transfers raise no Chapter V warning.
    for row in sample.transfers.rows(date(2026, 6, 1)):
        assert row.warnings == (), (row.transfer.country_code, row.warnings)


def test_documents_go_with_their_record_unless_another_still_uses_them(
    services: Services, world: World
) -> None:
    agreement, _ = services.attachments.add("dpa.pdf", b"%PDF-1.4\nsigned\n")
    clauses, _ = services.attachments.add("scc.pdf", b"%PDF-1.4\nclauses\n")
    tia, _ = services.attachments.add("tia.pdf", b"%PDF-1.4\nassessment\n")
    recipient = add_recipient(services, agreement_document_id=agreement.id)
    first = add_transfer(
        services, scc(recipient, world, tool_document_id=clauses.id, tia_document_id=tia.id)
    )
    # A duplicate shares the clauses (the same signed document) but has no TIA of its own.
    second, _ = services.transfers.save(
        replace(services.transfers.duplicate(first), tia_document_id=None)
    )
    services.transfers.delete(first)
    assert services.attachments.get(clauses.id or 0).file_name == "scc.pdf"  # still used
    with pytest.raises(RecordNotFoundError):
        services.attachments.get(tia.id or 0)
    services.transfers.delete(second)
    with pytest.raises(RecordNotFoundError):
        services.attachments.get(clauses.id or 0)
    services.recipients.delete(services.recipients.get(recipient.id or 0))
    with pytest.raises(RecordNotFoundError):
        services.attachments.get(agreement.id or 0)


def test_a_changed_role_or_tool_keeps_the_signed_documents(
    services: Services, world: World
) -> None:
    agreement, _ = services.attachments.add("dpa.pdf", b"%PDF-1.4\nsigned\n")
    clauses, _ = services.attachments.add("scc.pdf", b"%PDF-1.4\nclauses\n")
    recipient = add_recipient(services, agreement_document_id=agreement.id)
    moved, _ = services.recipients.save(replace(recipient, role=RecipientRole.GROUP_COMPANY))
    assert moved.agreement_document_id == agreement.id
    transfer = add_transfer(services, scc(recipient, world, tool_document_id=clauses.id))
    changed, _ = services.transfers.save(
        replace(transfer, country_code="CH", tool=TransferTool.ADEQUACY)
    )
    assert changed.tool_document_id == clauses.id
    assert services.attachments.get(clauses.id or 0).file_name == "scc.pdf"
