"""What the services need from storage, as protocols the store implements (ports and adapters)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol

from dpo_desk.domain.activity import (
    Activity,
    ActivityFilter,
    ActivitySummary,
    CatalogueEntry,
    CatalogueKind,
    RegisterKind,
)
from dpo_desk.domain.attachment import Attachment, NewAttachment
from dpo_desk.domain.audit import AuditEvent
from dpo_desk.domain.complaint import Complaint, ComplaintFilter, ComplaintSummary
from dpo_desk.domain.incident import (
    Incident,
    IncidentFigures,
    IncidentFilter,
    IncidentSummary,
    ResponsePlan,
    Scenario,
)
from dpo_desk.domain.organisation import OrganisationProfile
from dpo_desk.domain.request import Request, RequestFilter, RequestSummary
from dpo_desk.domain.transfer import Destination, Recipient, RecipientUsage, Transfer
from dpo_desk.services.progress import CancelToken, ProgressReporter


class OrganisationRepository(Protocol):
    def get(self) -> OrganisationProfile | None:
        """The saved profile, or None before the organisation was set up."""

    def save(self, profile: OrganisationProfile) -> OrganisationProfile:
        """Creates or updates the profile. Refuses (ConcurrentEditError) when ``profile.version``
        is not the stored version: somebody saved in between."""


class AttachmentRepository(Protocol):
    def add(self, attachment: NewAttachment) -> Attachment: ...

    def get(self, attachment_id: int) -> Attachment:
        """Raises RecordNotFoundError when there is no such attachment."""

    def content(self, attachment_id: int) -> bytes: ...

    def delete(self, attachment_id: int, version: int) -> None: ...

    def delete_if_unused(self, attachment_id: int) -> bool:
        """Deletes the attachment when no record refers to it; returns whether it did."""


class AuditRepository(Protocol):
    def recent(self, limit: int | None = None) -> list[AuditEvent]:
        """Events, newest first."""

    def of_entity(self, entity: str, start: datetime, end: datetime) -> list[AuditEvent]:
        """One table's events from ``start`` to ``end`` (excluded), oldest first."""

    def count(self) -> int: ...


class DatabaseInfoRepository(Protocol):
    """Facts the database keeps about itself (for example, that it holds the sample)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


class CatalogueRepository(Protocol):
    def entries(self, kind: CatalogueKind | None = None) -> list[CatalogueEntry]:
        """By kind, then name (case-insensitive)."""

    def get(self, entry_id: int) -> CatalogueEntry: ...

    def find(self, kind: CatalogueKind, name: str) -> CatalogueEntry | None:
        """The entry of that kind with that name, ignoring case."""

    def save(self, entry: CatalogueEntry) -> CatalogueEntry: ...

    def users(self, entry_id: int) -> list[str]:
        """Names of the activities that use the entry."""

    def delete(self, entry: CatalogueEntry) -> None: ...


class ActivityRepository(Protocol):
    def get(self, activity_id: int) -> Activity: ...

    def all(self, register: RegisterKind | None = None) -> list[Activity]: ...

    def save(self, activity: Activity) -> Activity:
        """Creates or updates; ConcurrentEditError when ``activity.version`` is stale."""

    def summaries(self, flt: ActivityFilter) -> list[ActivitySummary]:
        """Rows for the register table, filtered and sorted by the database."""

    def count(self, flt: ActivityFilter | None = None) -> int: ...


class RecipientRepository(Protocol):
    def all(self) -> list[Recipient]:
        """By name (case-insensitive)."""

    def get(self, recipient_id: int) -> Recipient: ...

    def save(self, recipient: Recipient) -> Recipient:
        """Creates or updates; ConcurrentEditError when ``recipient.version`` is stale."""

    def usage(self, recipient_id: int) -> RecipientUsage: ...

    def delete(self, recipient: Recipient) -> None: ...


class TransferRepository(Protocol):
    def all(self) -> list[Transfer]:
        """By recipient name, then destination."""

    def get(self, transfer_id: int) -> Transfer: ...

    def save(self, transfer: Transfer) -> Transfer:
        """Creates or updates; ConcurrentEditError when ``transfer.version`` is stale."""

    def delete(self, transfer: Transfer) -> None: ...


class DestinationRepository(Protocol):
    """The user's changes to the shipped reference table of destinations."""

    def changes(self) -> list[Destination]:
        """Each changed destination as the user recorded it, with its ``local_change``."""

    def save_change(self, destination: Destination, reason: str) -> Destination: ...

    def revert(self, code: str, version: int | None) -> None: ...


class RequestRepository(Protocol):
    def get(self, request_id: int) -> Request: ...

    def find(self, reference: str) -> Request | None: ...

    def received_between(self, start: date, end: date) -> list[Request]:
        """Oldest first, both days included."""

    def count(self, flt: RequestFilter | None = None) -> int: ...

    def summaries(
        self, flt: RequestFilter, offset: int = 0, limit: int | None = None
    ) -> list[RequestSummary]:
        """One page of rows, filtered and sorted by the database."""

    def save(self, request: Request, due_on: date | None, paused: bool) -> Request:
        """Creates (allocating the next reference of the year of receipt) or updates;
        ConcurrentEditError when ``request.version`` is stale."""

    def finished_before(self, day: date) -> list[RequestSummary]:
        """Requests finished before ``day`` and not yet anonymised, oldest first."""

    def anonymise(self, request_ids: Sequence[int], at: datetime) -> list[int]:
        """Removes the requests' personal data (from the audit log too); returns the ids of
        the documents they held."""

    def forget_documents(self, attachment_ids: Sequence[int]) -> None:
        """Removes deleted documents' names and descriptions from the audit log."""


class IncidentRepository(Protocol):
    def get(self, incident_id: int) -> Incident: ...

    def find(self, reference: str) -> Incident | None: ...

    def all(self) -> list[Incident]:
        """Every incident, oldest first."""

    def with_category(self, entry_id: int) -> list[Incident]: ...

    def figures_of(self, incident: Incident) -> IncidentFigures: ...

    def save(self, incident: Incident, year: int, figures: IncidentFigures) -> Incident:
        """Creates (the next reference of ``year``) or updates; refuses a stale version."""

    def summaries(
        self, flt: IncidentFilter, offset: int = 0, limit: int | None = None
    ) -> list[IncidentSummary]: ...

    def count(self, flt: IncidentFilter | None = None) -> int: ...


class ResponsePlanRepository(Protocol):
    def all(self) -> list[ResponsePlan]: ...

    def get(self, scenario: Scenario) -> ResponsePlan | None: ...

    def save(self, plan: ResponsePlan) -> ResponsePlan: ...


class ComplaintRepository(Protocol):
    def get(self, complaint_id: int) -> Complaint: ...

    def find(self, reference: str) -> Complaint | None: ...

    def received_between(self, start: date, end: date) -> list[Complaint]:
        """Oldest first, both days included."""

    def save(self, complaint: Complaint, attachment_ids: Sequence[Sequence[int]]) -> Complaint:
        """Creates or updates; refuses a stale version and a change to a stored log entry."""

    def summaries(
        self, flt: ComplaintFilter, offset: int = 0, limit: int | None = None
    ) -> list[ComplaintSummary]: ...

    def count(self, flt: ComplaintFilter | None = None) -> int: ...


class UnitOfWork(Protocol):
    """One transaction: everything done through it is committed together or not at all."""

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

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Rolls back unless commit() was called."""

    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class DatabaseMaintenance(Protocol):
    """Operations on the database as a whole, which the store implements per engine."""

    @property
    def location(self) -> str:
        """Where the data is, for the status bar: a file path or a server URL without password."""

    @property
    def is_server(self) -> bool: ...

    @property
    def upgrade_backup(self) -> Path | None:
        """The backup taken before this opening upgraded the schema, if it did."""

    def backup(self, destination: Path, progress: ProgressReporter, cancel: CancelToken) -> Path:
        """Writes a consistent copy (an SQLite file) to ``destination`` and returns it."""

    def close(self) -> None:
        """Releases the database's connections; the services must not be used afterwards."""
