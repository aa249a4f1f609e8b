"""The unit of work and its repositories: one short Session per use case, frozen domain objects out."""

from __future__ import annotations

import json
from datetime import datetime
from types import TracebackType

from sqlalchemy import Select, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from dpo_desk.domain.attachment import Attachment, NewAttachment
from dpo_desk.domain.audit import AuditAction, AuditEvent
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ConcurrentEditError, DatabaseError, RecordNotFoundError
from dpo_desk.domain.organisation import Authority, OrganisationProfile, Person
from dpo_desk.i18n import _
from dpo_desk.services.ports import (
    ActivityRepository,
    AttachmentRepository,
    AuditRepository,
    CatalogueRepository,
    ComplaintRepository,
    DatabaseInfoRepository,
    DestinationRepository,
    IncidentRepository,
    OrganisationRepository,
    RecipientRepository,
    RequestRepository,
    ResponsePlanRepository,
    TransferRepository,
)
from dpo_desk.store.activities import SqlActivityRepository, SqlCatalogueRepository
from dpo_desk.store.base import Base
from dpo_desk.store.complaints import SqlComplaintRepository
from dpo_desk.store.incidents import SqlIncidentRepository, SqlResponsePlanRepository
from dpo_desk.store.people import address_of, person_of, set_address, set_person
from dpo_desk.store.records import (
    AttachmentRecord,
    AuditEventRecord,
    DatabaseInfoRecord,
    OrganisationRecord,
)
from dpo_desk.store.requests import SqlRequestRepository
from dpo_desk.store.transfers import (
    SqlDestinationRepository,
    SqlRecipientRepository,
    SqlTransferRepository,
)

ORGANISATION_ID = 1


def _check_version(record_version: int, expected: int | None, label: str) -> None:
    if expected is None or expected != record_version:
        raise ConcurrentEditError(label)


def _is_duplicate_key(error: IntegrityError) -> bool:
    """Whether the database refused a row because its key is taken (PostgreSQL's SQLSTATE 23505,
    SQLite's primary-key or unique constraint), not for a broken reference or a check."""
    original = error.orig
    if getattr(original, "sqlstate", None) == "23505":
        return True
    return getattr(original, "sqlite_errorname", None) in (
        "SQLITE_CONSTRAINT_PRIMARYKEY",
        "SQLITE_CONSTRAINT_UNIQUE",
    )


class SqlOrganisationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self) -> OrganisationProfile | None:
        record = self._session.get(OrganisationRecord, ORGANISATION_ID)
        return None if record is None else self._to_domain(record)

    def save(self, profile: OrganisationProfile) -> OrganisationProfile:
        record = self._session.get(OrganisationRecord, ORGANISATION_ID)
        creating = record is None
        if record is None:
            if profile.version is not None:
                # It was saved once, and someone has since removed it: do not silently recreate.
                raise ConcurrentEditError(_("The organisation profile"))
            record = OrganisationRecord(id=ORGANISATION_ID)
            self._session.add(record)
        else:
            _check_version(record.version, profile.version, _("The organisation profile"))
        record.controller_name = profile.controller_name
        set_address(record, "", profile.address)
        record.oib = profile.oib
        record.phone = profile.phone
        record.email = profile.email
        record.website = profile.website
        set_person(record, "dpo_", profile.dpo)
        representative = profile.representative
        record.has_representative = representative is not None
        set_person(
            record, "representative_", representative or Person(address=Address(country_code=""))
        )
        authority = profile.authority
        record.authority_name = authority.name
        set_address(record, "authority_", authority.address)
        record.authority_email = authority.email
        record.authority_phone = authority.phone
        record.authority_website = authority.website
        record.logo_attachment_id = profile.logo_attachment_id
        try:
            self._session.flush()
        except IntegrityError as error:
            # Two people setting up the organisation at once: both saw no profile, the other
            # one's is saved first. That is a concurrent edit, not a database failure.
            if creating and _is_duplicate_key(error):
                raise ConcurrentEditError(_("The organisation profile")) from error
            raise
        return self._to_domain(record)

    @staticmethod
    def _to_domain(record: OrganisationRecord) -> OrganisationProfile:
        return OrganisationProfile(
            controller_name=record.controller_name,
            address=address_of(record, ""),
            oib=record.oib,
            phone=record.phone,
            email=record.email,
            website=record.website,
            dpo=person_of(record, "dpo_"),
            representative=person_of(record, "representative_")
            if record.has_representative
            else None,
            authority=Authority(
                name=record.authority_name,
                address=address_of(record, "authority_"),
                email=record.authority_email,
                phone=record.authority_phone,
                website=record.authority_website,
            ),
            logo_attachment_id=record.logo_attachment_id,
            version=record.version,
        )


class SqlAttachmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, attachment: NewAttachment) -> Attachment:
        record = AttachmentRecord(
            file_name=attachment.file_name,
            media_type=attachment.media_type,
            size=attachment.size,
            sha256=attachment.sha256,
            received_on=attachment.received_on,
            description=attachment.description,
            content=attachment.content,
        )
        self._session.add(record)
        self._session.flush()
        return self._to_domain(record)

    def _record(self, attachment_id: int) -> AttachmentRecord:
        record = self._session.get(AttachmentRecord, attachment_id)
        if record is None:
            raise RecordNotFoundError(
                _("Attachment {id} no longer exists.").format(id=attachment_id)
            )
        return record

    def get(self, attachment_id: int) -> Attachment:
        return self._to_domain(self._record(attachment_id))

    def content(self, attachment_id: int) -> bytes:
        return self._record(attachment_id).content

    def delete(self, attachment_id: int, version: int) -> None:
        record = self._record(attachment_id)
        _check_version(record.version, version, record.file_name)
        self._session.delete(record)
        self._session.flush()

    def delete_if_unused(self, attachment_id: int) -> bool:
        """Deletes the attachment when no record refers to it any more (any column with a
        foreign key to it, in any table: later registers are covered without a change here);
        returns whether it did."""
        record = self._session.get(AttachmentRecord, attachment_id)
        if record is None:
            return False
        self._session.flush()
        attachment_id_column = AttachmentRecord.__table__.c.id
        for table in Base.metadata.sorted_tables:
            for key in table.foreign_keys:
                if key.column is attachment_id_column:
                    used = select(key.parent).where(key.parent == attachment_id).limit(1)
                    if self._session.execute(used).first() is not None:
                        return False
        self._session.delete(record)
        self._session.flush()
        return True

    @staticmethod
    def _to_domain(record: AttachmentRecord) -> Attachment:
        return Attachment(
            id=record.id,
            file_name=record.file_name,
            media_type=record.media_type,
            size=record.size,
            sha256=record.sha256,
            received_on=record.received_on,
            added_at=record.created_at,
            description=record.description,
            version=record.version,
        )


class SqlAuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def recent(self, limit: int | None = None) -> list[AuditEvent]:
        query = select(AuditEventRecord).order_by(AuditEventRecord.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return self._events(query)

    def of_entity(self, entity: str, start: datetime, end: datetime) -> list[AuditEvent]:
        """The events of one table from ``start`` (included) to ``end`` (excluded), oldest
        first (the annual report counts the register's changes from them)."""
        return self._events(
            select(AuditEventRecord)
            .where(
                AuditEventRecord.entity == entity,
                AuditEventRecord.occurred_at >= start,
                AuditEventRecord.occurred_at < end,
            )
            .order_by(AuditEventRecord.id)
        )

    def _events(self, query: Select[AuditEventRecord]) -> list[AuditEvent]:
        return [
            AuditEvent(
                id=record.id,
                occurred_at=record.occurred_at,
                os_user=record.os_user,
                db_user=record.db_user,
                action=AuditAction(record.action),
                entity=record.entity,
                entity_id=record.entity_id,
                changes={
                    key: (pair[0], pair[1]) for key, pair in json.loads(record.changes).items()
                },
            )
            for record in self._session.scalars(query)
        ]

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(AuditEventRecord)) or 0


class SqlDatabaseInfoRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> str | None:
        record = self._session.get(DatabaseInfoRecord, key)
        return None if record is None else record.value

    def set(self, key: str, value: str) -> None:
        record = self._session.get(DatabaseInfoRecord, key)
        if record is None:
            self._session.add(DatabaseInfoRecord(key=key, value=value))
        else:
            record.value = value
        self._session.flush()

    def delete(self, key: str) -> None:
        record = self._session.get(DatabaseInfoRecord, key)
        if record is not None:
            self._session.delete(record)
            self._session.flush()


class SqlUnitOfWork:
    """A transaction over one Session. Leaving the ``with`` block without commit() rolls back."""

    # Declared as the ports' types: the services' UnitOfWork protocol has settable attributes,
    # which mypy matches only when the types are the same, not merely compatible.
    organisation: OrganisationRepository
    attachments: AttachmentRepository
    audit: AuditRepository
    info: DatabaseInfoRepository
    catalogue: CatalogueRepository
    activities: ActivityRepository
    recipients: RecipientRepository
    transfers: TransferRepository
    destinations: DestinationRepository
    requests: RequestRepository
    incidents: IncidentRepository
    plans: ResponsePlanRepository
    complaints: ComplaintRepository

    def __init__(self, sessions: sessionmaker[Session], location: str) -> None:
        self._sessions = sessions
        self._location = location

    def __enter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.organisation = SqlOrganisationRepository(self._session)
        self.attachments = SqlAttachmentRepository(self._session)
        self.audit = SqlAuditRepository(self._session)
        self.info = SqlDatabaseInfoRepository(self._session)
        self.catalogue = SqlCatalogueRepository(self._session)
        self.activities = SqlActivityRepository(self._session)
        self.recipients = SqlRecipientRepository(self._session)
        self.transfers = SqlTransferRepository(self._session)
        self.destinations = SqlDestinationRepository(self._session)
        self.requests = SqlRequestRepository(self._session)
        self.incidents = SqlIncidentRepository(self._session)
        self.plans = SqlResponsePlanRepository(self._session)
        self.complaints = SqlComplaintRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._session.rollback()
        finally:
            self._session.close()
        if isinstance(exc, StaleDataError):
            raise ConcurrentEditError(_("The record")) from exc
        if isinstance(exc, DBAPIError):
            raise DatabaseError(
                _("The database {location} refused the change: {reason}").format(
                    location=self._location, reason=str(exc.orig or exc).strip().splitlines()[0]
                )
            ) from exc

    def commit(self) -> None:
        self._session.commit()
