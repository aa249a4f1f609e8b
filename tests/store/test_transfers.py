"""The repositories of recipients, transfers and destination changes on both backends: round
trips, links replaced as a whole, optimistic locking and the RESTRICT foreign keys."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from dpo_desk.domain.activity import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    LawfulBasis,
)
from dpo_desk.domain.errors import ConcurrentEditError, DatabaseError, RecordNotFoundError
from dpo_desk.domain.transfer import (
    Adequacy,
    AdequacyScope,
    Derogation,
    Destination,
    LocalChange,
    Recipient,
    RecipientRole,
    TiaOutcome,
    Transfer,
    TransferTool,
)
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase
from tests.store.support import rows, scalar

D = CatalogueKind.DATA_CATEGORIES


@dataclass(frozen=True)
class Links:
    """Ids of three activities and three data categories."""

    payroll: int
    hosting: int
    support: int
    identity: int
    contact: int
    logs: int


@pytest.fixture
def links(services: Services) -> Links:
    def entry(name: str) -> int:
        saved, _ = services.catalogue.save(CatalogueEntry(D, name))
        assert saved.id is not None
        return saved.id

    identity, contact, logs = entry("Identity data"), entry("Contact data"), entry("Logs")

    def activity(name: str) -> int:
        saved, _ = services.activities.save(
            Activity(
                name=name,
                purposes="Purposes",
                lawful_bases=(LawfulBasis.CONTRACT,),
                status=ActivityStatus.ACTIVE,
                data_category_ids=(identity,),
            )
        )
        assert saved.id is not None
        return saved.id

    return Links(
        activity("Payroll"), activity("Hosting"), activity("Support"), identity, contact, logs
    )


def save_recipient(database: SqlDatabase, recipient: Recipient) -> Recipient:
    with database.unit_of_work() as uow:
        saved = uow.recipients.save(recipient)
        uow.commit()
    return saved


def save_transfer(database: SqlDatabase, transfer: Transfer) -> Transfer:
    with database.unit_of_work() as uow:
        saved = uow.transfers.save(transfer)
        uow.commit()
    return saved


def get_transfer(database: SqlDatabase, transfer_id: int) -> Transfer:
    with database.unit_of_work() as uow:
        return uow.transfers.get(transfer_id)


def get_recipient(database: SqlDatabase, recipient_id: int) -> Recipient:
    with database.unit_of_work() as uow:
        return uow.recipients.get(recipient_id)


PROCESSOR = Recipient(
    name="Cloud Inc. — čćđšž",
    role=RecipientRole.PROCESSOR,
    country_code="US",
    description="Hosting",
    contact="privacy@cloud.example",
    dpo_contact="dpo@cloud.example",
    dpf_certified=True,
    dpf_checked_on=date(2026, 9, 15),
    agreement_signed_on=date(2026, 2, 1),
    agreement_review_on=date(2027, 2, 1),
    notes="Notes",
)


@pytest.fixture
def processor(database: SqlDatabase, links: Links) -> Recipient:
    return save_recipient(database, replace(PROCESSOR, activity_ids=(links.payroll,)))


def full_transfer(recipient: Recipient, links: Links) -> Transfer:
    return Transfer(
        recipient_id=recipient.id,
        country_code="US",
        activity_ids=(links.payroll, links.hosting),
        data_category_ids=(links.identity, links.contact),
        description="Backups",
        tool=TransferTool.SCC,
        scc_module=2,
        tool_reference="SCC-1",
        tool_signed_on=date(2026, 3, 1),
        derogation=Derogation.PUBLIC_REGISTER,  # the repository stores what it is given
        derogation_assessment="Assessment",
        authority_informed_on=date(2026, 3, 2),
        tia_assessed_on=date(2026, 2, 20),
        tia_outcome=TiaOutcome.WITH_MEASURES,
        tia_measures="Encryption",
        tia_review_on=date(2027, 2, 20),
        notes="Notes",
    )


def stripped(transfer: Transfer) -> Transfer:
    return replace(transfer, id=None, version=None, created_at=None, updated_at=None)


# --- round trips -----------------------------------------------------------------------------------


def test_a_recipient_round_trips_through_the_repository(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    assert processor.id is not None and processor.version == 1
    assert processor.created_at is not None and processor.created_at.utcoffset() is not None
    assert replace(processor, id=None, version=None, created_at=None, updated_at=None) == replace(
        PROCESSOR, activity_ids=(links.payroll,)
    )
    assert get_recipient(database, processor.id) == processor
    sub = save_recipient(
        database,
        Recipient(
            name="Tickets",
            role=RecipientRole.SUB_PROCESSOR,
            processor_id=processor.id,
            country_code="IN",
        ),
    )
    with database.unit_of_work() as uow:
        assert uow.recipients.all() == [processor, sub]
        usage = uow.recipients.usage(processor.id)
    assert usage.activities == ("Payroll",)
    assert usage.sub_processors == ("Tickets",)
    assert usage.transfers == ()


def test_a_transfer_round_trips_through_the_repository(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    transfer = full_transfer(processor, links)
    saved = save_transfer(database, transfer)
    assert saved.id is not None and saved.version == 1
    assert stripped(saved) == transfer
    assert get_transfer(database, saved.id) == saved
    with database.unit_of_work() as uow:
        assert uow.transfers.all() == [saved]
        assert uow.recipients.usage(processor.id or 0).transfers == ("US",)


def test_transfer_links_are_replaced_as_a_whole(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    saved = save_transfer(database, full_transfer(processor, links))
    changed = replace(
        saved,
        activity_ids=(links.hosting, links.support),
        data_category_ids=(links.logs,),
    )
    again = save_transfer(database, changed)
    assert again.version == 2
    assert again.activity_ids == (links.hosting, links.support)
    assert again.data_category_ids == (links.logs,)
    assert get_transfer(database, saved.id or 0) == again
    assert rows(
        database.engine,
        "SELECT activity_id FROM transfer_activity WHERE transfer_id = :id ORDER BY activity_id",
        id=saved.id,
    ) == [(links.hosting,), (links.support,)]
    assert rows(
        database.engine,
        "SELECT entry_id FROM transfer_data_category WHERE transfer_id = :id",
        id=saved.id,
    ) == [(links.logs,)]
    emptied = save_transfer(database, replace(again, data_category_ids=()))
    assert emptied.data_category_ids == ()
    assert scalar(database.engine, "SELECT count(*) FROM transfer_data_category") == 0
    assert scalar(database.engine, "SELECT count(*) FROM transfer_activity") == 2


def test_recipient_links_are_replaced_as_a_whole(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    again = save_recipient(
        database, replace(processor, activity_ids=(links.support, links.hosting))
    )
    assert again.version == 2
    assert again.activity_ids == (links.hosting, links.support)
    assert get_recipient(database, processor.id or 0) == again
    assert rows(
        database.engine,
        "SELECT activity_id FROM recipient_activity WHERE recipient_id = :id ORDER BY activity_id",
        id=processor.id,
    ) == [(links.hosting,), (links.support,)]


def test_what_save_returns_is_what_get_reads(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    """Links added to kept ones come back in the order a fresh read gives them."""
    saved = save_transfer(
        database, replace(full_transfer(processor, links), activity_ids=(links.support,))
    )
    more = save_transfer(database, replace(saved, activity_ids=(links.payroll, links.support)))
    assert more.activity_ids == (links.payroll, links.support)
    assert get_transfer(database, saved.id or 0) == more


def test_transfers_are_listed_by_recipient_then_destination(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    alpha = save_recipient(
        database, Recipient(name="alpha", role=RecipientRole.THIRD_PARTY, country_code="CH")
    )
    base = full_transfer(processor, links)
    cloud_us = save_transfer(database, base)
    cloud_ch = save_transfer(database, replace(base, country_code="CH"))
    alpha_in = save_transfer(database, replace(base, recipient_id=alpha.id, country_code="IN"))
    with database.unit_of_work() as uow:
        assert [t.id for t in uow.transfers.all()] == [alpha_in.id, cloud_ch.id, cloud_us.id]
        assert [r.name for r in uow.recipients.all()] == ["alpha", PROCESSOR.name]


def test_missing_records_are_reported(database: SqlDatabase) -> None:
    with database.unit_of_work() as uow:
        with pytest.raises(RecordNotFoundError, match="Recipient 404 no longer exists"):
            uow.recipients.get(404)
        with pytest.raises(RecordNotFoundError, match="Transfer 405 no longer exists"):
            uow.transfers.get(405)


# --- optimistic locking ----------------------------------------------------------------------------


def test_two_saves_of_the_same_transfer_version_conflict(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    saved = save_transfer(database, full_transfer(processor, links))
    save_transfer(database, replace(saved, description="Alice"))
    with pytest.raises(ConcurrentEditError):
        save_transfer(database, replace(saved, description="Bob"))
    # A change of links alone bumps the version too.
    current = get_transfer(database, saved.id or 0)
    relinked = save_transfer(database, replace(current, data_category_ids=(links.logs,)))
    assert relinked.version == 3
    with pytest.raises(ConcurrentEditError):
        save_transfer(database, replace(current, description="Overwrite"))
    with pytest.raises(ConcurrentEditError), database.unit_of_work() as uow:
        uow.transfers.delete(current)
    assert rows(database.engine, "SELECT description, version FROM transfer") == [("Alice", 3)]


def test_two_saves_of_the_same_recipient_version_conflict(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    save_recipient(database, replace(processor, activity_ids=(links.hosting,)))
    with pytest.raises(ConcurrentEditError, match="Bob"):
        save_recipient(database, replace(processor, name="Bob"))
    with pytest.raises(ConcurrentEditError), database.unit_of_work() as uow:
        uow.recipients.delete(processor)
    assert rows(database.engine, "SELECT name, version FROM recipient") == [(PROCESSOR.name, 2)]


def test_destination_changes_are_versioned(database: SqlDatabase) -> None:
    change = Destination(
        "JP",
        adequacy=Adequacy(
            reference="Decision 2019/419",
            adopted_on=date(2019, 1, 23),
            scope=AdequacyScope.PARTIAL,
            scope_en="APPI",
            scope_hr="APPI",
            withdrawn_on=date(2026, 12, 1),
            source="https://eur-lex.europa.eu/",
        ),
    )
    with database.unit_of_work() as uow:
        first = uow.destinations.save_change(change, "Withdrawn")
        uow.commit()
    assert first.local_change is not None and first.local_change.version == 1
    assert replace(first, local_change=None) == change
    with pytest.raises(ConcurrentEditError, match="JP"), database.unit_of_work() as uow:
        uow.destinations.save_change(change, "Another first change")
    with database.unit_of_work() as uow:
        second = uow.destinations.save_change(first, "Corrected")
        uow.commit()
    assert second.local_change is not None and second.local_change.version == 2
    with pytest.raises(ConcurrentEditError), database.unit_of_work() as uow:
        uow.destinations.revert("JP", 1)
    stale = replace(first, local_change=LocalChange(first.local_change.changed_at, "", 1))
    with pytest.raises(ConcurrentEditError), database.unit_of_work() as uow:
        uow.destinations.save_change(stale, "Stale")
    with database.unit_of_work() as uow:
        (only,) = uow.destinations.changes()
        assert only.local_change is not None and only.local_change.reason == "Corrected"
        uow.destinations.revert("JP", 2)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.destinations.changes() == []
    # A change without a decision (the entry's decision removed) keeps none.
    with database.unit_of_work() as uow:
        removed = uow.destinations.save_change(Destination("CH"), "Removed")
        uow.commit()
    assert removed.adequacy is None


# --- the database's own refusals (RESTRICT) -----------------------------------------------------


def _delete(database: SqlDatabase, sql: str, **params: object) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(sql), params)


def test_an_activity_linked_to_a_transfer_cannot_be_deleted(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    save_transfer(database, full_transfer(processor, links))
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM activity WHERE id = :id", id=links.hosting)
    assert (
        scalar(database.engine, "SELECT count(*) FROM activity WHERE id = :id", id=links.hosting)
        == 1
    )
    # An activity nothing in Chapter V refers to goes (its catalogue links cascade), so the
    # refusal above is the transfer link's.
    _delete(database, "DELETE FROM activity WHERE id = :id", id=links.support)
    assert (
        scalar(database.engine, "SELECT count(*) FROM activity WHERE id = :id", id=links.support)
        == 0
    )


def test_an_activity_linked_to_a_recipient_cannot_be_deleted(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM activity WHERE id = :id", id=links.payroll)
    assert get_recipient(database, processor.id or 0).activity_ids == (links.payroll,)


def test_a_data_category_carried_by_a_transfer_cannot_be_deleted(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    save_transfer(
        database, replace(full_transfer(processor, links), data_category_ids=(links.logs,))
    )
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM catalogue_entry WHERE id = :id", id=links.logs)
    _delete(database, "DELETE FROM catalogue_entry WHERE id = :id", id=links.contact)


def test_a_recipient_with_transfers_or_sub_processors_cannot_be_deleted(
    database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    sub = save_recipient(
        database,
        Recipient(
            name="Tickets",
            role=RecipientRole.SUB_PROCESSOR,
            processor_id=processor.id,
            country_code="IN",
        ),
    )
    transfer = save_transfer(database, replace(full_transfer(sub, links), country_code="IN"))
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM recipient WHERE id = :id", id=processor.id)
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM recipient WHERE id = :id", id=sub.id)
    # Past the service's check, the repository's delete is refused by the database too.
    with pytest.raises(DatabaseError), database.unit_of_work() as uow:
        uow.recipients.delete(uow.recipients.get(sub.id or 0))
        uow.commit()
    assert scalar(database.engine, "SELECT count(*) FROM recipient") == 2
    # Deleting the transfer takes its links with it; then the sub-processor, then the processor go.
    with database.unit_of_work() as uow:
        uow.transfers.delete(transfer)
        uow.recipients.delete(uow.recipients.get(sub.id or 0))
        uow.recipients.delete(uow.recipients.get(processor.id or 0))
        uow.commit()
    assert scalar(database.engine, "SELECT count(*) FROM transfer_activity") == 0
    assert scalar(database.engine, "SELECT count(*) FROM transfer_data_category") == 0
    assert scalar(database.engine, "SELECT count(*) FROM recipient_activity") == 0
    assert scalar(database.engine, "SELECT count(*) FROM recipient") == 0


def test_an_attachment_used_by_a_transfer_cannot_be_deleted(
    services: Services, database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    clauses, _ = services.attachments.add("scc.pdf", b"%PDF-1.4\n")
    save_transfer(database, replace(full_transfer(processor, links), tool_document_id=clauses.id))
    with pytest.raises(IntegrityError):
        _delete(database, "DELETE FROM attachment WHERE id = :id", id=clauses.id)
    assert services.attachments.get(clauses.id).file_name == "scc.pdf"


def test_transfers_and_recipients_are_audited(
    services: Services, database: SqlDatabase, processor: Recipient, links: Links
) -> None:
    transfer = save_transfer(database, full_transfer(processor, links))
    save_transfer(database, replace(transfer, description="Changed"))
    events = [
        (e.action, e.changes.get("description"))
        for e in services.audit.recent()
        if e.entity == "transfer" and e.entity_id == str(transfer.id)
    ]
    assert events == [("update", ("Backups", "Changed")), ("create", (None, "Backups"))]
    assert any(
        e.entity == "recipient" and e.entity_id == str(processor.id)
        for e in services.audit.recent()
    )
