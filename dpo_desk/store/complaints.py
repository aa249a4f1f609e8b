"""The repository of complaints: references per year of receipt, the complaint with its links,
the AZOP case and its log. The log is append-only here too: a save that would change or drop a
stored entry is refused, whatever the caller did."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from dpo_desk.domain.complaint import (
    AuthorityCase,
    Complaint,
    ComplaintFilter,
    ComplaintSort,
    ComplaintStatus,
    ComplaintSummary,
    DecisionOutcome,
    Entry,
    EntryKind,
    Outcome,
    Reason,
    appended_only,
    format_reference,
    parse_reference,
)
from dpo_desk.domain.errors import (
    ConcurrentEditError,
    FieldError,
    RecordNotFoundError,
    ValidationError,
)
from dpo_desk.domain.request import Channel
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.people import person_of, set_person
from dpo_desk.store.records import (
    ComplaintActivityRecord,
    ComplaintDocumentRecord,
    ComplaintEntryRecord,
    ComplaintIncidentRecord,
    ComplaintRecord,
    ComplaintRequestRecord,
)
from dpo_desk.store.requests import search_text

_AnySelect = TypeVar("_AnySelect", bound=Select[*tuple[Any, ...]])


def _entry(record: ComplaintEntryRecord) -> Entry:
    return Entry(
        on=record.on,
        kind=EntryKind(record.kind),
        text=record.text,
        who=record.who,
        due_on=record.due_on,
        corrects=record.corrects,
        document_ids=tuple(d.attachment_id for d in record.documents),
        recorded_at=record.recorded_at,
    )


def _complaint(record: ComplaintRecord) -> Complaint:
    authority = (
        AuthorityCase(
            case_number=record.case_number,
            lodged_on=record.lodged_on,
            decided_on=record.decided_on,
            decision=DecisionOutcome(record.decision) if record.decision else None,
            decision_summary=record.decision_summary,
            lawsuit_filed_on=record.lawsuit_filed_on,
            lawsuit_court=record.lawsuit_court,
            lawsuit_number=record.lawsuit_number,
            lawsuit_outcome=record.lawsuit_outcome,
        )
        if record.escalated
        else None
    )
    return Complaint(
        received_on=record.received_on,
        channel=Channel(record.channel),
        complainant=person_of(record, "complainant_"),
        representative=person_of(record, "representative_") if record.has_representative else None,
        reason=Reason(record.reason),
        reason_text=record.reason_text,
        summary=record.summary,
        request_ids=tuple(link.request_id for link in record.requests),
        incident_ids=tuple(link.incident_id for link in record.incidents),
        activity_ids=tuple(link.activity_id for link in record.activities),
        status=ComplaintStatus(record.status),
        answered_on=record.answered_on,
        outcome=Outcome(record.outcome) if record.outcome else None,
        closed_on=record.closed_on,
        authority=authority,
        entries=tuple(_entry(entry) for entry in record.entries),
        reference=record.reference,
        id=record.id,
        version=record.version,
    )


class SqlComplaintRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _record(self, complaint_id: int) -> ComplaintRecord:
        record = self._session.get(ComplaintRecord, complaint_id)
        if record is None:
            raise RecordNotFoundError(_("Complaint {id} no longer exists.").format(id=complaint_id))
        return record

    def get(self, complaint_id: int) -> Complaint:
        return _complaint(self._record(complaint_id))

    def find(self, reference: str) -> Complaint | None:
        parsed = parse_reference(reference)
        if parsed is None:
            return None
        record = self._session.scalars(
            select(ComplaintRecord).where(
                ComplaintRecord.year == parsed[0], ComplaintRecord.number == parsed[1]
            )
        ).one_or_none()
        return _complaint(record) if record is not None else None

    def received_between(self, start: date, end: date) -> list[Complaint]:
        """The complaints received from ``start`` to ``end`` (both included), oldest first."""
        records = self._session.scalars(
            select(ComplaintRecord)
            .options(
                selectinload(ComplaintRecord.requests),
                selectinload(ComplaintRecord.incidents),
                selectinload(ComplaintRecord.activities),
                selectinload(ComplaintRecord.entries).selectinload(ComplaintEntryRecord.documents),
            )
            .where(ComplaintRecord.received_on >= start, ComplaintRecord.received_on <= end)
            .order_by(ComplaintRecord.received_on, ComplaintRecord.id)
        ).all()
        return [_complaint(record) for record in records]

    def save(self, complaint: Complaint, attachment_ids: Sequence[Sequence[int]]) -> Complaint:
        """Creates or updates; refuses a stale version and any change to a stored log entry.
        ``attachment_ids``: the stored documents of each new entry, in order."""
        assert complaint.received_on is not None
        if complaint.id is None:
            year = complaint.received_on.year
            last = self._session.scalar(
                select(func.max(ComplaintRecord.number)).where(ComplaintRecord.year == year)
            )
            number = (last or 0) + 1
            record = ComplaintRecord(
                year=year, number=number, reference=format_reference(year, number)
            )
            self._session.add(record)
        else:
            record = self._record(complaint.id)
            if complaint.version != record.version:
                raise ConcurrentEditError(record.reference)
            record.updated_at = utc_now()
        stored = tuple(_entry(entry) for entry in record.entries)
        if not appended_only(stored, complaint.entries):
            raise ValidationError(
                [
                    FieldError(
                        "entries",
                        _("Log"),
                        _("the log only grows: correct an entry with a new one that says so"),
                    )
                ]
            )
        record.received_on = complaint.received_on
        record.channel = complaint.channel.value
        set_person(record, "complainant_", complaint.complainant)
        record.has_representative = complaint.representative is not None
        if complaint.representative is not None:
            set_person(record, "representative_", complaint.representative)
        else:
            for name in ("name", "email", "phone", "street", "postal_code", "city"):
                setattr(record, f"representative_{name}", "")
        record.reason = complaint.reason.value
        record.reason_text = complaint.reason_text
        record.summary = complaint.summary
        record.status = complaint.status.value
        record.answered_on = complaint.answered_on
        record.outcome = complaint.outcome.value if complaint.outcome else None
        record.closed_on = complaint.closed_on
        case_ = complaint.authority or AuthorityCase()
        record.escalated = complaint.authority is not None
        record.case_number = case_.case_number
        record.lodged_on = case_.lodged_on
        record.decided_on = case_.decided_on
        record.decision = case_.decision.value if case_.decision else None
        record.decision_summary = case_.decision_summary
        record.lawsuit_filed_on = case_.lawsuit_filed_on
        record.lawsuit_court = case_.lawsuit_court
        record.lawsuit_number = case_.lawsuit_number
        record.lawsuit_outcome = case_.lawsuit_outcome
        record.next_due_on = complaint.next_due_on
        record.search_text = search_text(
            record.reference,
            complaint.complainant.name,
            complaint.complainant.email,
            complaint.representative.name if complaint.representative else "",
            case_.case_number,
            complaint.summary,
        )
        record.requests = relinked(
            record.requests,
            "request_id",
            complaint.request_ids,
            lambda i: ComplaintRequestRecord(request_id=i),
        )
        record.incidents = relinked(
            record.incidents,
            "incident_id",
            complaint.incident_ids,
            lambda i: ComplaintIncidentRecord(incident_id=i),
        )
        record.activities = relinked(
            record.activities,
            "activity_id",
            complaint.activity_ids,
            lambda i: ComplaintActivityRecord(activity_id=i),
        )
        for offset, entry in enumerate(complaint.entries[len(stored) :]):
            added = attachment_ids[offset] if offset < len(attachment_ids) else ()
            documents = dict.fromkeys([*entry.document_ids, *added])
            record.entries.append(
                ComplaintEntryRecord(
                    position=len(stored) + offset,
                    on=entry.on,
                    kind=entry.kind.value,
                    text=entry.text,
                    who=entry.who,
                    due_on=entry.due_on,
                    corrects=entry.corrects,
                    recorded_at=utc_now(),
                    documents=[
                        ComplaintDocumentRecord(attachment_id=a, position=k)
                        for k, a in enumerate(documents)
                    ],
                )
            )
        self._session.flush()
        return _complaint(record)

    # --- the complaints page ---

    def _filtered(self, query: _AnySelect, flt: ComplaintFilter) -> _AnySelect:
        conditions: list[ColumnElement[bool]] = []
        if flt.status is not None:
            conditions.append(ComplaintRecord.status == flt.status.value)
        if flt.reason is not None:
            conditions.append(ComplaintRecord.reason == flt.reason.value)
        if flt.escalated:
            conditions.append(ComplaintRecord.escalated.is_(True))
        if flt.due_by is not None:
            conditions.append(ComplaintRecord.next_due_on <= flt.due_by)
        if flt.received_from is not None:
            conditions.append(ComplaintRecord.received_on >= flt.received_from)
        if flt.received_to is not None:
            conditions.append(ComplaintRecord.received_on <= flt.received_to)
        for word in flt.search.strip().lower().split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(ComplaintRecord.search_text.like(f"%{escaped}%", escape="\\"))
        return query.where(and_(*conditions)) if conditions else query

    def summaries(
        self, flt: ComplaintFilter, offset: int = 0, limit: int | None = None
    ) -> list[ComplaintSummary]:
        query = self._filtered(select(*_SUMMARY_COLUMNS), flt)
        orders = [
            column.desc().nulls_last() if flt.descending else column.asc().nulls_last()
            for column in _SORT_COLUMNS[flt.sort]
        ]
        query = query.order_by(*orders, ComplaintRecord.id.desc())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [
            ComplaintSummary(
                id=row[0],
                reference=row[1],
                received_on=row[2],
                channel=Channel(row[3]),
                complainant=row[4] or row[5],
                reason=Reason(row[6]),
                status=ComplaintStatus(row[7]),
                outcome=Outcome(row[8]) if row[8] else None,
                next_due_on=row[9],
                case_number=row[10],
                answered_on=row[11],
                closed_on=row[12],
            )
            for row in self._session.connection().execute(query).all()
        ]

    def count(self, flt: ComplaintFilter | None = None) -> int:
        query: Select[int] = select(func.count()).select_from(ComplaintRecord)
        if flt is not None:
            query = self._filtered(query, flt)
        return int(self._session.scalar(query) or 0)


_SUMMARY_COLUMNS = (
    ComplaintRecord.id,
    ComplaintRecord.reference,
    ComplaintRecord.received_on,
    ComplaintRecord.channel,
    ComplaintRecord.complainant_name,
    ComplaintRecord.complainant_email,
    ComplaintRecord.reason,
    ComplaintRecord.status,
    ComplaintRecord.outcome,
    ComplaintRecord.next_due_on,
    ComplaintRecord.case_number,
    ComplaintRecord.answered_on,
    ComplaintRecord.closed_on,
)
_SORT_COLUMNS: dict[ComplaintSort, tuple[Any, ...]] = {
    ComplaintSort.RECEIVED: (ComplaintRecord.received_on,),
    ComplaintSort.REFERENCE: (ComplaintRecord.year, ComplaintRecord.number),
    ComplaintSort.COMPLAINANT: (func.lower(ComplaintRecord.complainant_name),),
    ComplaintSort.DUE: (ComplaintRecord.next_due_on,),
    ComplaintSort.STATUS: (
        case({s.value: n for n, s in enumerate(ComplaintStatus)}, value=ComplaintRecord.status),
    ),
    ComplaintSort.REASON: (
        case({r.value: n for n, r in enumerate(Reason)}, value=ComplaintRecord.reason),
    ),
}
