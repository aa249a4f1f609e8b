"""The audit log: every change through a service is logged in the same transaction, by whom, what.

Events are read back with plain SQL, as an auditor with a database tool would see them.
"""

from __future__ import annotations

import base64
import getpass
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.errors import DatabaseError, ValidationError
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from dpo_desk.store.database import SqlDatabase
from tests.store.support import rows, scalar, valid_profile

#: The smallest PNG there is (1x1, transparent): a logo the services accept.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@dataclass(frozen=True)
class Event:
    occurred_at: datetime
    os_user: str
    db_user: str | None
    action: str
    entity: str
    entity_id: str
    changes: dict[str, list[Any]]
    raw_changes: str


def _events(database: SqlDatabase, after: int = 0) -> list[Event]:
    """Audit events in the order written, read with plain SQL (the id after which to start)."""
    found = []
    with database.unit_of_work() as uow:
        # Instants through the repository (aware UTC on both backends), the rest by plain SQL.
        instants = {event.id: event.occurred_at for event in uow.audit.recent()}
    for event_id, os_user, db_user, action, entity, entity_id, changes in rows(
        database.engine,
        "SELECT id, os_user, db_user, action, entity, entity_id, changes FROM audit_event "
        "WHERE id > :after ORDER BY id",
        after=after,
    ):
        found.append(
            Event(
                instants[event_id],
                os_user,
                db_user,
                action,
                entity,
                entity_id,
                json.loads(changes),
                changes,
            )
        )
    return found


def _last_id(database: SqlDatabase) -> int:
    return int(scalar(database.engine, "SELECT coalesce(max(id), 0) FROM audit_event"))


def _check_who_and_when(database: SqlDatabase, events: list[Event], started: datetime) -> None:
    expected_db_user = "dpo" if database.is_server else None
    for event in events:
        assert event.os_user == getpass.getuser()
        assert event.db_user == expected_db_user
        assert event.occurred_at.utcoffset() == timedelta(0)
        assert started - timedelta(seconds=1) <= event.occurred_at <= utc_now()
        assert event.entity_id not in ("", "?", "None")


def test_saving_the_profile_logs_creation_then_each_change(
    services: Services, database: SqlDatabase
) -> None:
    started = utc_now()

    saved, _changes = services.organisation.save(valid_profile("Alfa d.o.o."))
    services.organisation.save(
        replace(saved, controller_name="Beta d.o.o.", email="ured@beta.example")
    )

    created, updated = _events(database)
    _check_who_and_when(database, [created, updated], started)
    assert (created.action, created.entity, created.entity_id) == ("create", "organisation", "1")
    assert created.changes["controller_name"] == [None, "Alfa d.o.o."]
    assert created.changes["oib"] == [None, "39821269208"]
    assert created.changes["dpo_email"] == [None, "dpo@primjer.example"]
    assert created.changes["has_representative"] == [None, False]
    assert not {"version", "created_at", "updated_at"} & set(created.changes)
    assert (updated.action, updated.entity, updated.entity_id) == ("update", "organisation", "1")
    assert updated.changes == {
        "controller_name": ["Alfa d.o.o.", "Beta d.o.o."],
        "email": ["info@primjer.example", "ured@beta.example"],
    }


def test_saving_an_unchanged_profile_logs_nothing(
    services: Services, database: SqlDatabase
) -> None:
    saved, _changes = services.organisation.save(valid_profile())

    again, _changes = services.organisation.save(saved)

    assert again.version == saved.version == 1
    assert [event.action for event in _events(database)] == ["create"]


def test_attachments_are_logged_with_their_id_and_facts(
    services: Services, database: SqlDatabase
) -> None:
    started = utc_now()

    stored, _changes = services.attachments.add(
        "Zahtjev Šimić.pdf", b"%PDF-1.7 zahtjev", date(2026, 3, 30), "čl. 15."
    )
    services.attachments.delete(stored)

    created, deleted = _events(database)
    _check_who_and_when(database, [created, deleted], started)
    assert (created.action, created.entity, created.entity_id) == (
        "create",
        "attachment",
        str(stored.id),
    )
    assert created.changes == {
        "content": [None, "16 bytes"],
        "description": [None, "čl. 15."],
        "file_name": [None, "Zahtjev Šimić.pdf"],
        "id": [None, stored.id],
        "media_type": [None, "application/pdf"],
        "received_on": [None, "2026-03-30"],
        "sha256": [None, stored.sha256],
        "size": [None, 16],
    }
    assert (deleted.action, deleted.entity, deleted.entity_id) == (
        "delete",
        "attachment",
        str(stored.id),
    )
    assert deleted.changes["file_name"] == ["Zahtjev Šimić.pdf", None]
    assert deleted.changes["sha256"] == [stored.sha256, None]


def test_a_logo_is_logged_on_both_records_it_touches(
    services: Services, database: SqlDatabase
) -> None:
    saved, _changes = services.organisation.save(valid_profile())
    mark = _last_id(database)

    with_logo, _changes = services.organisation.set_logo(saved, "logo.png", PNG)
    logo_id = with_logo.logo_attachment_id
    assert logo_id is not None
    logo_events = _events(database, after=mark)
    mark = _last_id(database)
    services.organisation.remove_logo(with_logo)
    removal_events = _events(database, after=mark)

    assert [(e.action, e.entity, e.entity_id) for e in logo_events] == [
        ("create", "attachment", str(logo_id)),
        ("update", "organisation", "1"),
    ]
    assert logo_events[1].changes == {"logo_attachment_id": [None, logo_id]}
    assert sorted((e.action, e.entity, e.entity_id) for e in removal_events) == [
        ("delete", "attachment", str(logo_id)),
        ("update", "organisation", "1"),
    ]
    (unlinked,) = [e for e in removal_events if e.entity == "organisation"]
    assert unlinked.changes == {"logo_attachment_id": [logo_id, None]}


def test_a_row_dropped_from_a_collection_is_logged_as_deleted(services: Services) -> None:
    """delete-orphan removes it in the flush: Session.deleted never lists it, yet the log must
    (a dropped adjustment lowers a breach's severity)."""
    from dpo_desk.domain.breach import Adjustment, AdjustmentKind
    from dpo_desk.domain.incident import Incident

    now = datetime(2026, 11, 20, tzinfo=UTC)
    adjusted = Incident(
        title="x",
        detected_at=now,
        adjustments=(Adjustment(AdjustmentKind.VOLUME, 1, "Sve kupce"),),
    )
    saved, _c = services.incidents.save(adjusted, now=now)
    before = services.audit.count()
    saved, _c = services.incidents.save(saved, now=now)
    assert services.audit.count() == before  # unchanged: nothing logged
    services.incidents.save(replace(saved, adjustments=()), now=now)
    deleted = [
        e
        for e in services.audit.recent()
        if e.action.value == "delete" and e.entity == "incident_adjustment"
    ]
    assert len(deleted) == 1
    assert deleted[0].changes["justification"] == ("Sve kupce", None)


def test_database_facts_are_logged_by_their_key(database: SqlDatabase) -> None:
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())

    events = _events(database)

    assert [(e.action, e.entity, e.entity_id) for e in events][:2] == [
        ("create", "database_info", "purpose"),
        ("create", "organisation", "1"),
    ]
    # The register that follows is logged too, row by row.
    entities = {e.entity for e in events[2:]}
    assert entities == {
        "catalogue_entry",
        "activity",
        "activity_link",
        "retention_rule",
        "recipient",
        "recipient_activity",
        "transfer",
        "transfer_activity",
        "transfer_data_category",
        "request",
        "request_right",
        "request_activity",
        "request_pause",
        "request_step",
        "request_letter",
        "request_recipient",
        "response_plan",
        "response_plan_step",
        "incident",
        "incident_activity",
        "incident_category",
        "incident_adjustment",
        "incident_step",
        "complaint",
        "complaint_request",
        "complaint_incident",
        "complaint_activity",
        "complaint_entry",
    }
    assert events[0].changes == {"key": [None, "purpose"], "value": [None, "sample"]}


def test_attachment_content_is_logged_as_its_size_never_its_bytes(
    database: SqlDatabase,
) -> None:
    secret = "Dijagnoza: tajni medicinski podatak, Čakovec".encode() * 30
    with database.unit_of_work() as uow:
        stored = uow.attachments.add(prepare_attachment("nalaz.txt", secret))
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.attachments.content(stored.id) == secret  # loaded into this session
        uow.attachments.delete(stored.id, stored.version)
        uow.commit()

    created, deleted = _events(database)
    assert created.changes["content"] == [None, f"{len(secret)} bytes"]
    # A deletion logs the content only if it happened to be loaded, and then as its size too.
    size = f"{len(secret)} bytes"
    assert deleted.changes.get("content", [size, None]) == [size, None]
    assert deleted.changes["size"] == [len(secret), None]
    everything = "".join(str(row) for row in rows(database.engine, "SELECT * FROM audit_event"))
    for form in (secret.decode(), secret.hex(), base64.b64encode(secret).decode(), "Dijagnoza"):
        assert form not in everything


def test_the_event_is_written_in_the_same_transaction_as_the_change(
    database: SqlDatabase,
) -> None:
    """Visible inside the transaction at once; gone with it when a later statement fails."""
    with pytest.raises(DatabaseError), database.unit_of_work() as uow:
        stored = uow.attachments.add(prepare_attachment("a.txt", b"a"))
        assert uow.audit.count() == 1
        uow.organisation.save(replace(valid_profile(), logo_attachment_id=stored.id + 1000))
        uow.commit()

    assert scalar(database.engine, "SELECT count(*) FROM attachment") == 0
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_a_unit_of_work_left_without_commit_logs_nothing(database: SqlDatabase) -> None:
    with database.unit_of_work() as uow:
        uow.organisation.save(valid_profile())
        uow.info.set("purpose", "register")
        assert uow.audit.count() == 2

    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_a_refused_save_logs_nothing(services: Services, database: SqlDatabase) -> None:
    with pytest.raises(ValidationError):
        services.organisation.save(replace(valid_profile(), oib="12345678901"))

    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_the_repository_reads_events_newest_first(
    services: Services, database: SqlDatabase
) -> None:
    saved, _changes = services.organisation.save(valid_profile("Alfa d.o.o."))
    services.organisation.save(replace(saved, controller_name="Beta d.o.o."))

    newest, oldest = services.audit.recent()

    assert services.audit.count() == 2
    assert [e.action for e in (newest, oldest)] == ["update", "create"]
    assert newest.changes == {"controller_name": ("Alfa d.o.o.", "Beta d.o.o.")}
    assert newest.occurred_at.tzinfo is not None
    assert newest.occurred_at >= oldest.occurred_at
    assert services.audit.recent(limit=1) == [newest]
    assert newest.occurred_at > datetime(2026, 1, 1, tzinfo=UTC)


def test_bulk_statements_on_audited_tables_are_refused(database: SqlDatabase) -> None:
    """An ORM bulk UPDATE/DELETE would change rows without an audit event: refused."""
    from sqlalchemy import delete, update

    from dpo_desk.store.audit import UnauditedStatementError
    from dpo_desk.store.records import AttachmentRecord, AuditEventRecord

    with database.unit_of_work() as uow:
        uow.attachments.add(prepare_attachment("dopis.pdf", b"%PDF-1.7 dopis"))
        uow.commit()
    with database.unit_of_work() as uow:
        session = uow._session
        with pytest.raises(UnauditedStatementError, match="attachment"):
            session.execute(update(AttachmentRecord).values(description="tiho"))
        with pytest.raises(UnauditedStatementError, match="attachment"):
            session.execute(delete(AttachmentRecord))
        # The audit log itself is not audited, so reading and pruning it is not blocked.
        session.execute(update(AuditEventRecord).where(AuditEventRecord.id < 0).values(os_user="x"))
    assert scalar(database.engine, "SELECT description FROM attachment") == ""


def test_every_audited_table_and_column_is_named_for_people() -> None:
    """The log names records and fields in words: a table added without labels would show its
    SQL names to the DPO."""
    from dpo_desk.services.audit import ENTITY_LABELS, field_label
    from dpo_desk.store.base import Base

    for table in Base.metadata.sorted_tables:
        mapped = [m.class_ for m in Base.registry.mappers if m.local_table is table]
        if not mapped or not getattr(mapped[0], "__audited__", False):
            continue
        assert table.name in ENTITY_LABELS, table.name
        unnamed = [
            c.name
            for c in table.columns
            if field_label(c.name) == c.name and c.info.get("audit") != "skip"
        ]
        assert not unnamed, (table.name, unnamed)
