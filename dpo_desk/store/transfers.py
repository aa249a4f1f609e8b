"""Repositories of recipients, transfers (Chapter V) and the user's changes to the destinations."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.domain.transfer import (
    Adequacy,
    AdequacyScope,
    Derogation,
    Destination,
    LocalChange,
    Recipient,
    RecipientRole,
    RecipientUsage,
    TiaOutcome,
    Transfer,
    TransferTool,
)
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.records import (
    ActivityRecord,
    DestinationChangeRecord,
    IncidentRecord,
    RecipientActivityRecord,
    RecipientNoticeRecord,
    RecipientRecord,
    RequestRecord,
    TransferActivityRecord,
    TransferDataCategoryRecord,
    TransferRecord,
)

_R = TypeVar("_R")


def _links(session: Session, columns: tuple[Any, Any]) -> dict[int, tuple[int, ...]]:
    """(owner id, linked id) pairs of a link table read as plain rows, grouped by owner and
    sorted: thousands of links without building an ORM object for each. Through the session's
    connection (after the flush the session would do): the select names no entity, and the
    ORM result layer would wrap every row once more."""
    session.flush()
    grouped: dict[int, list[int]] = {}
    for owner, linked in session.connection().execute(select(*columns)):
        grouped.setdefault(owner, []).append(linked)
    return {owner: tuple(sorted(ids)) for owner, ids in grouped.items()}


def _recipient(record: RecipientRecord, activity_ids: tuple[int, ...] | None = None) -> Recipient:
    return Recipient(
        name=record.name,
        role=RecipientRole(record.role),
        country_code=record.country_code,
        description=record.description,
        contact=record.contact,
        dpo_contact=record.dpo_contact,
        activity_ids=activity_ids
        if activity_ids is not None
        else tuple(sorted(link.activity_id for link in record.activities)),
        processor_id=record.processor_id,
        dpf_certified=record.dpf_certified,
        dpf_checked_on=record.dpf_checked_on,
        agreement_signed_on=record.agreement_signed_on,
        agreement_document_id=record.agreement_document_id,
        agreement_review_on=record.agreement_review_on,
        notes=record.notes,
        created_at=record.created_at,
        updated_at=record.updated_at,
        id=record.id,
        version=record.version,
    )


class SqlRecipientRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self) -> list[Recipient]:
        query = select(RecipientRecord).order_by(
            func.lower(RecipientRecord.name), RecipientRecord.id
        )
        links = _links(
            self._session,
            (RecipientActivityRecord.recipient_id, RecipientActivityRecord.activity_id),
        )
        return [
            _recipient(record, links.get(record.id, ())) for record in self._session.scalars(query)
        ]

    def _record(self, recipient_id: int) -> RecipientRecord:
        record = self._session.get(RecipientRecord, recipient_id)
        if record is None:
            raise RecordNotFoundError(_("Recipient {id} no longer exists.").format(id=recipient_id))
        return record

    def get(self, recipient_id: int) -> Recipient:
        return _recipient(self._record(recipient_id))

    def save(self, recipient: Recipient) -> Recipient:
        """Creates or updates; the row is always touched so that a change of links alone still
        checks and bumps the version."""
        if recipient.id is None:
            record = RecipientRecord()
            self._session.add(record)
        else:
            record = self._record(recipient.id)
            if recipient.version != record.version:
                raise ConcurrentEditError(recipient.name or _("The recipient"))
            record.updated_at = utc_now()
        record.name = recipient.name
        record.role = recipient.role.value
        record.country_code = recipient.country_code
        record.description = recipient.description
        record.contact = recipient.contact
        record.dpo_contact = recipient.dpo_contact
        record.processor_id = recipient.processor_id
        record.dpf_certified = recipient.dpf_certified
        record.dpf_checked_on = recipient.dpf_checked_on
        record.agreement_signed_on = recipient.agreement_signed_on
        record.agreement_document_id = recipient.agreement_document_id
        record.agreement_review_on = recipient.agreement_review_on
        record.notes = recipient.notes
        record.activities = relinked(
            record.activities,
            "activity_id",
            recipient.activity_ids,
            lambda activity_id: RecipientActivityRecord(activity_id=activity_id),
        )
        self._session.flush()
        return _recipient(record)

    def usage(self, recipient_id: int) -> RecipientUsage:
        activities = select(ActivityRecord.name).join(
            RecipientActivityRecord, RecipientActivityRecord.activity_id == ActivityRecord.id
        )
        return RecipientUsage(
            activities=tuple(
                self._session.scalars(
                    activities.where(RecipientActivityRecord.recipient_id == recipient_id).order_by(
                        func.lower(ActivityRecord.name)
                    )
                )
            ),
            transfers=tuple(
                self._session.scalars(
                    select(TransferRecord.country_code)
                    .where(TransferRecord.recipient_id == recipient_id)
                    .order_by(TransferRecord.id)
                )
            ),
            sub_processors=tuple(
                self._session.scalars(
                    select(RecipientRecord.name)
                    .where(RecipientRecord.processor_id == recipient_id)
                    .order_by(func.lower(RecipientRecord.name))
                )
            ),
            requests=tuple(
                self._session.scalars(
                    select(RequestRecord.reference)
                    .join(
                        RecipientNoticeRecord, RecipientNoticeRecord.request_id == RequestRecord.id
                    )
                    .where(RecipientNoticeRecord.recipient_id == recipient_id)
                    .order_by(RequestRecord.year, RequestRecord.number)
                )
            ),
            incidents=tuple(
                self._session.scalars(
                    select(IncidentRecord.reference)
                    .where(IncidentRecord.processor_recipient_id == recipient_id)
                    .order_by(IncidentRecord.year, IncidentRecord.number)
                )
            ),
        )

    def delete(self, recipient: Recipient) -> None:
        assert recipient.id is not None
        record = self._record(recipient.id)
        if recipient.version != record.version:
            raise ConcurrentEditError(recipient.name)
        self._session.delete(record)
        self._session.flush()


def _members(enum: Any, value: str | None) -> Any:
    return enum(value) if value else None


def _transfer(
    record: TransferRecord,
    activity_ids: tuple[int, ...] | None = None,
    data_category_ids: tuple[int, ...] | None = None,
) -> Transfer:
    return Transfer(
        recipient_id=record.recipient_id,
        country_code=record.country_code,
        activity_ids=activity_ids
        if activity_ids is not None
        else tuple(sorted(link.activity_id for link in record.activities)),
        data_category_ids=data_category_ids
        if data_category_ids is not None
        else tuple(sorted(link.entry_id for link in record.data_categories)),
        description=record.description,
        tool=_members(TransferTool, record.tool),
        scc_module=record.scc_module,
        tool_reference=record.tool_reference,
        tool_signed_on=record.tool_signed_on,
        tool_document_id=record.tool_document_id,
        scope_checked_on=record.scope_checked_on,
        derogation=_members(Derogation, record.derogation),
        derogation_assessment=record.derogation_assessment,
        authority_informed_on=record.authority_informed_on,
        subjects_informed_on=record.subjects_informed_on,
        tia_assessed_on=record.tia_assessed_on,
        tia_outcome=_members(TiaOutcome, record.tia_outcome),
        tia_measures=record.tia_measures,
        tia_document_id=record.tia_document_id,
        tia_review_on=record.tia_review_on,
        notes=record.notes,
        created_at=record.created_at,
        updated_at=record.updated_at,
        id=record.id,
        version=record.version,
    )


class SqlTransferRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self) -> list[Transfer]:
        """Every transfer, by recipient name then destination; the links (thousands, each
        transfer serving many activities) read as plain rows in two queries."""
        query = (
            select(TransferRecord)
            .join(RecipientRecord, RecipientRecord.id == TransferRecord.recipient_id)
            .order_by(
                func.lower(RecipientRecord.name), TransferRecord.country_code, TransferRecord.id
            )
        )
        activities = _links(
            self._session, (TransferActivityRecord.transfer_id, TransferActivityRecord.activity_id)
        )
        categories = _links(
            self._session,
            (TransferDataCategoryRecord.transfer_id, TransferDataCategoryRecord.entry_id),
        )
        return [
            _transfer(record, activities.get(record.id, ()), categories.get(record.id, ()))
            for record in self._session.scalars(query)
        ]

    def _record(self, transfer_id: int) -> TransferRecord:
        record = self._session.get(TransferRecord, transfer_id)
        if record is None:
            raise RecordNotFoundError(_("Transfer {id} no longer exists.").format(id=transfer_id))
        return record

    def get(self, transfer_id: int) -> Transfer:
        return _transfer(self._record(transfer_id))

    def save(self, transfer: Transfer) -> Transfer:
        if transfer.id is None:
            record = TransferRecord()
            self._session.add(record)
        else:
            record = self._record(transfer.id)
            if transfer.version != record.version:
                raise ConcurrentEditError(_("The transfer"))
            record.updated_at = utc_now()
        assert transfer.recipient_id is not None
        record.recipient_id = transfer.recipient_id
        record.country_code = transfer.country_code
        record.description = transfer.description
        record.tool = transfer.tool.value if transfer.tool else None
        record.scc_module = transfer.scc_module
        record.tool_reference = transfer.tool_reference
        record.tool_signed_on = transfer.tool_signed_on
        record.tool_document_id = transfer.tool_document_id
        record.scope_checked_on = transfer.scope_checked_on
        record.derogation = transfer.derogation.value if transfer.derogation else None
        record.derogation_assessment = transfer.derogation_assessment
        record.authority_informed_on = transfer.authority_informed_on
        record.subjects_informed_on = transfer.subjects_informed_on
        record.tia_assessed_on = transfer.tia_assessed_on
        record.tia_outcome = transfer.tia_outcome.value if transfer.tia_outcome else None
        record.tia_measures = transfer.tia_measures
        record.tia_document_id = transfer.tia_document_id
        record.tia_review_on = transfer.tia_review_on
        record.notes = transfer.notes
        record.activities = relinked(
            record.activities,
            "activity_id",
            transfer.activity_ids,
            lambda activity_id: TransferActivityRecord(activity_id=activity_id),
        )
        record.data_categories = relinked(
            record.data_categories,
            "entry_id",
            transfer.data_category_ids,
            lambda entry_id: TransferDataCategoryRecord(entry_id=entry_id),
        )
        self._session.flush()
        # Reloaded: links appended by this save follow the kept ones in the collections.
        return _transfer(record)

    def delete(self, transfer: Transfer) -> None:
        assert transfer.id is not None
        record = self._record(transfer.id)
        if transfer.version != record.version:
            raise ConcurrentEditError(_("The transfer"))
        self._session.delete(record)
        self._session.flush()


def _destination(record: DestinationChangeRecord) -> Destination:
    adequacy = (
        Adequacy(
            reference=record.reference,
            adopted_on=record.adopted_on,
            scope=AdequacyScope(record.scope),
            scope_en=record.scope_en,
            scope_hr=record.scope_hr,
            review_on=record.review_on,
            expires_on=record.expires_on,
            withdrawn_on=record.withdrawn_on,
            source=record.source,
        )
        if record.has_adequacy
        else None
    )
    return Destination(
        code=record.code,
        eea=record.eea,
        adequacy=adequacy,
        local_change=LocalChange(record.updated_at, record.reason, record.version),
    )


class SqlDestinationRepository:
    """The user's changes to the shipped reference table, one row per changed destination."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def changes(self) -> list[Destination]:
        query = select(DestinationChangeRecord).order_by(DestinationChangeRecord.code)
        return [_destination(record) for record in self._session.scalars(query)]

    def _find(self, code: str) -> DestinationChangeRecord | None:
        return self._session.scalars(
            select(DestinationChangeRecord).where(DestinationChangeRecord.code == code)
        ).one_or_none()

    def save_change(self, destination: Destination, reason: str) -> Destination:
        """Records ``destination`` as the user's version of its entry. ``destination.local_change``
        carries the version of the change it edits (None for a first change)."""
        record = self._find(destination.code)
        expected = destination.local_change.version if destination.local_change else None
        if record is None:
            if expected is not None:
                raise ConcurrentEditError(destination.code)
            record = DestinationChangeRecord(code=destination.code)
            self._session.add(record)
        else:
            if expected != record.version:
                raise ConcurrentEditError(destination.code)
            record.updated_at = utc_now()
        adequacy = destination.adequacy
        record.eea = destination.eea
        record.has_adequacy = adequacy is not None
        record.reference = adequacy.reference if adequacy else ""
        record.adopted_on = adequacy.adopted_on if adequacy else None
        record.scope = adequacy.scope.value if adequacy else AdequacyScope.FULL.value
        record.scope_en = adequacy.scope_en if adequacy else ""
        record.scope_hr = adequacy.scope_hr if adequacy else ""
        record.review_on = adequacy.review_on if adequacy else None
        record.expires_on = adequacy.expires_on if adequacy else None
        record.withdrawn_on = adequacy.withdrawn_on if adequacy else None
        record.source = adequacy.source if adequacy else ""
        record.reason = reason
        self._session.flush()
        return _destination(record)

    def revert(self, code: str, version: int | None) -> None:
        """Removes the user's change: the shipped entry applies again."""
        record = self._find(code)
        if record is None:
            return
        if version != record.version:
            raise ConcurrentEditError(code)
        self._session.delete(record)
        self._session.flush()
