"""The repository of data-subject requests: references allocated per year, the request with
its rights, activities, pauses and history, and the due date kept for sorting."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from dpo_desk.domain.deadlines import Pause
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError
from dpo_desk.domain.request import (
    Channel,
    Correspondence,
    Direction,
    IdentityMethod,
    RecipientNotice,
    ReplyChannel,
    Request,
    RequestFilter,
    RequestSort,
    RequestSummary,
    Right,
    Status,
    StatusChange,
    format_reference,
    is_open,
    parse_reference,
)
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.people import person_of, set_person
from dpo_desk.store.records import (
    AuditEventRecord,
    CorrespondenceDocumentRecord,
    CorrespondenceRecord,
    RecipientNoticeRecord,
    RequestActivityRecord,
    RequestPauseRecord,
    RequestRecord,
    RequestRightRecord,
    RequestStepRecord,
)

_AnySelect = TypeVar("_AnySelect", bound=Select[*tuple[Any, ...]])


def _request(record: RequestRecord) -> Request:
    return Request(
        received_on=record.received_on,
        channel=Channel(record.channel),
        postmark_on=record.postmark_on,
        registered_mail_number=record.registered_mail_number,
        rights=tuple(sorted((Right(r.right) for r in record.rights), key=list(Right).index)),
        subject=person_of(record, "subject_"),
        requester=person_of(record, "requester_") if record.has_requester else None,
        authority_documented=record.authority_documented,
        authority_document_id=record.authority_document_id,
        language=record.language,
        reply_channel=ReplyChannel(record.reply_channel),
        activity_ids=tuple(link.activity_id for link in record.activities),
        summary=record.summary,
        notes=record.notes,
        identity_method=IdentityMethod(record.identity_method) if record.identity_method else None,
        identity_reason=record.identity_reason,
        identity_confirmed_on=record.identity_confirmed_on,
        extended_on=record.extended_on,
        extension_reasons=record.extension_reasons,
        pauses=tuple(Pause(p.start, p.end, p.reason) for p in record.pauses),
        correspondence=tuple(
            Correspondence(
                on=entry.on,
                direction=Direction(entry.direction),
                channel=Channel(entry.channel),
                summary=entry.summary,
                document_ids=tuple(document.attachment_id for document in entry.documents),
                letter=entry.letter,
            )
            for entry in record.correspondence
        ),
        recipients_told=tuple(
            RecipientNotice(recipient_id=n.recipient_id, told_on=n.told_on, note=n.note)
            for n in record.recipients_told
        ),
        anonymised_at=record.anonymised_at,
        status=Status(record.status),
        history=tuple(
            StatusChange(
                status=Status(step.status),
                on=step.on,
                note=step.note,
                previous=Status(step.previous) if step.previous else None,
            )
            for step in record.history
        ),
        reference=record.reference,
        created_at=record.created_at,
        updated_at=record.updated_at,
        id=record.id,
        version=record.version,
    )


def search_text(*texts: str) -> str:
    """What the page's search looks in: the texts lower-cased by Python (so "Đurđa" is found
    as "đurđa" on every database), joined by a separator no search word contains."""
    return "\x1f".join(texts).lower()


class SqlRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _record(self, request_id: int) -> RequestRecord:
        record = self._session.get(RequestRecord, request_id)
        if record is None:
            raise RecordNotFoundError(_("Request {id} no longer exists.").format(id=request_id))
        return record

    def get(self, request_id: int) -> Request:
        return _request(self._record(request_id))

    def find(self, reference: str) -> Request | None:
        """The request with that reference ("DSR-2026-0042", any case), or None."""
        parsed = parse_reference(reference)
        if parsed is None:
            return None
        record = self._session.scalars(
            select(RequestRecord).where(
                RequestRecord.year == parsed[0], RequestRecord.number == parsed[1]
            )
        ).one_or_none()
        return _request(record) if record is not None else None

    def received_between(self, start: date, end: date) -> list[Request]:
        """The requests received from ``start`` to ``end`` (both included), oldest first."""
        records = self._session.scalars(
            select(RequestRecord)
            .where(RequestRecord.received_on >= start, RequestRecord.received_on <= end)
            .order_by(RequestRecord.received_on, RequestRecord.id)
        ).all()
        return [_request(record) for record in records]

    def save(self, request: Request, due_on: date | None, paused: bool) -> Request:
        """Creates (allocating the next reference of the year of receipt) or updates; refuses a
        stale version. The history only grows: steps already stored are never rewritten."""
        assert request.received_on is not None
        if request.id is None:
            year = request.received_on.year
            last = self._session.scalar(
                select(func.max(RequestRecord.number)).where(RequestRecord.year == year)
            )
            number = (last or 0) + 1
            record = RequestRecord(
                year=year, number=number, reference=format_reference(year, number)
            )
            self._session.add(record)
        else:
            record = self._record(request.id)
            if request.version != record.version:
                raise ConcurrentEditError(record.reference)
            if len(request.history) < len(record.history):
                raise ConcurrentEditError(record.reference)
            record.updated_at = utc_now()
        record.received_on = request.received_on
        record.channel = request.channel.value
        record.postmark_on = request.postmark_on
        record.registered_mail_number = request.registered_mail_number
        set_person(record, "subject_", request.subject)
        record.has_requester = request.requester is not None
        if request.requester is not None:
            set_person(record, "requester_", request.requester)
        else:
            for field in ("name", "email", "phone", "street", "postal_code", "city"):
                setattr(record, f"requester_{field}", "")
        record.authority_documented = request.authority_documented
        record.authority_document_id = request.authority_document_id
        record.language = request.language
        record.reply_channel = request.reply_channel.value
        record.summary = request.summary
        record.notes = request.notes
        record.identity_method = request.identity_method.value if request.identity_method else None
        record.identity_reason = request.identity_reason
        record.identity_confirmed_on = request.identity_confirmed_on
        record.extended_on = request.extended_on
        record.extension_reasons = request.extension_reasons
        record.status = request.status.value
        record.due_on = due_on
        record.paused = paused
        record.rights = relinked(
            record.rights,
            "right",
            [right.value for right in request.rights],
            lambda value: RequestRightRecord(right=value),
        )
        record.activities = relinked(
            record.activities,
            "activity_id",
            request.activity_ids,
            lambda activity_id: RequestActivityRecord(activity_id=activity_id),
        )
        record.pauses = [
            RequestPauseRecord(position=n, start=p.start, end=p.end, reason=p.reason)
            for n, p in enumerate(request.pauses)
        ]
        record.search_text = search_text(
            record.reference,
            request.subject.name,
            request.subject.email,
            request.requester.name if request.requester else "",
            request.requester.email if request.requester else "",
            request.summary,
        )
        record.subject_sort = request.subject.name.lower()
        record.closed_on = request.closed_on
        record.anonymised_at = request.anonymised_at
        record.correspondence = [
            CorrespondenceRecord(
                position=n,
                on=entry.on,
                direction=entry.direction.value,
                channel=entry.channel.value,
                summary=entry.summary,
                letter=entry.letter,
                documents=[
                    CorrespondenceDocumentRecord(attachment_id=attachment_id, position=k)
                    for k, attachment_id in enumerate(dict.fromkeys(entry.document_ids))
                ],
            )
            for n, entry in enumerate(request.correspondence)
        ]
        record.recipients_told = [
            RecipientNoticeRecord(
                recipient_id=notice.recipient_id,
                position=n,
                told_on=notice.told_on,
                note=notice.note,
            )
            for n, notice in enumerate(request.recipients_told)
        ]
        for position in range(len(record.history), len(request.history)):
            step = request.history[position]
            record.history.append(
                RequestStepRecord(
                    position=position,
                    status=step.status.value,
                    previous=step.previous.value if step.previous else None,
                    on=step.on,
                    note=step.note,
                )
            )
        self._session.flush()
        return _request(record)

    # --- the requests page: filtered, sorted and read a page at a time by the database ---

    def _filtered(self, query: _AnySelect, flt: RequestFilter) -> _AnySelect:
        conditions: list[ColumnElement[bool]] = []
        if flt.status is not None:
            conditions.append(RequestRecord.status == flt.status.value)
        elif flt.open_only:
            conditions.append(RequestRecord.status.in_([s.value for s in Status if is_open(s)]))
        if flt.right is not None:
            conditions.append(
                exists().where(
                    RequestRightRecord.request_id == RequestRecord.id,
                    RequestRightRecord.right == flt.right.value,
                )
            )
        if flt.channel is not None:
            conditions.append(RequestRecord.channel == flt.channel.value)
        # due_on is kept only for open requests whose clock runs, so these need no status test.
        if flt.due_by is not None:
            conditions.append(RequestRecord.due_on <= flt.due_by)
        if flt.overdue_on is not None:
            conditions.append(RequestRecord.due_on < flt.overdue_on)
        if flt.paused:
            conditions.append(RequestRecord.paused.is_(True))
        for word in flt.search.strip().lower().split():
            # % and _ the user types are characters to find, not LIKE wildcards.
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(RequestRecord.search_text.like(f"%{escaped}%", escape="\\"))
        return query.where(and_(*conditions)) if conditions else query

    def summaries(
        self, flt: RequestFilter, offset: int = 0, limit: int | None = None
    ) -> list[RequestSummary]:
        """One page of the requests page's rows, filtered and sorted by the database: columns,
        not ORM objects, and the rights of just these rows in a second query."""
        query = self._filtered(select(*_SUMMARY_COLUMNS), flt)
        orders = [
            column.desc().nulls_last() if flt.descending else column.asc().nulls_last()
            for column in _SORT_COLUMNS[flt.sort]
        ]
        # Ties (the same due date) show the oldest request first; finished requests, which
        # have no due date, follow with the newest first.
        query = query.order_by(*orders, RequestRecord.received_on.desc(), RequestRecord.id.desc())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return self._summaries_of(query)

    def _summaries_of(self, query: Select[*tuple[Any, ...]]) -> list[RequestSummary]:
        found = self._session.connection().execute(query).all()
        rights: dict[int, list[Right]] = {}
        if found:
            for request_id, right in self._session.connection().execute(
                select(RequestRightRecord.request_id, RequestRightRecord.right).where(
                    RequestRightRecord.request_id.in_([row[0] for row in found])
                )
            ):
                rights.setdefault(request_id, []).append(_RIGHTS[right])
        order = list(Right)
        return [
            RequestSummary(
                id=row[0],
                reference=row[1],
                received_on=row[2],
                channel=_CHANNELS[row[3]],
                rights=tuple(sorted(rights.get(row[0], ()), key=order.index)),
                subject_name=row[4],
                subject_email=row[5],
                requester_name=row[6],
                status=_STATUSES[row[7]],
                due_on=row[8],
                paused=bool(row[9]),
                anonymised=row[10] is not None,
                closed_on=row[11],
            )
            for row in found
        ]

    def count(self, flt: RequestFilter | None = None) -> int:
        query: Select[int] = select(func.count()).select_from(RequestRecord)
        if flt is not None:
            query = self._filtered(query, flt)
        return int(self._session.scalar(query) or 0)

    # --- retention: finished requests kept past their time lose their personal data ---

    def finished_before(self, day: date) -> list[RequestSummary]:
        """Requests finished before ``day`` and not yet anonymised, oldest first."""
        return self._summaries_of(
            select(*_SUMMARY_COLUMNS)
            .where(RequestRecord.closed_on < day, RequestRecord.anonymised_at.is_(None))
            .order_by(RequestRecord.closed_on, RequestRecord.id)
        )

    def anonymise(self, request_ids: Sequence[int], at: datetime) -> list[int]:
        """Removes the personal data of these requests and from the audit log's record of
        them; what is kept (reference, dates, channel, rights, statuses, activities) still
        counts in the statistics. Returns the ids of the documents they held, for the caller
        to delete where nothing else uses them."""
        documents: set[int] = set()
        # Rows with ids of their own, whose update events do not name the request.
        children: set[tuple[str, str]] = set()
        for request_id in request_ids:
            record = self._record(request_id)
            children.update(("request_pause", str(pause.id)) for pause in record.pauses)
            children.update(("request_step", str(step.id)) for step in record.history)
            children.update(("request_letter", str(entry.id)) for entry in record.correspondence)
            for column in _PERSONAL_COLUMNS:
                setattr(record, column, "")
            record.search_text = search_text(record.reference)
            record.subject_sort = ""
            if record.authority_document_id is not None:
                documents.add(record.authority_document_id)
                record.authority_document_id = None
            for pause in record.pauses:
                pause.reason = ""
            for step in record.history:
                step.note = ""
            for entry in record.correspondence:
                entry.summary = ""
                documents.update(document.attachment_id for document in entry.documents)
                entry.documents = []
            for notice in record.recipients_told:
                notice.note = ""
            record.anonymised_at = at
            record.updated_at = at
        self._session.flush()
        self._scrub_audit(set(request_ids), children)
        return sorted(documents)

    def _scrub_audit(self, request_ids: set[int], children: set[tuple[str, str]]) -> None:
        """The audit log keeps every value a request ever had; for anonymised requests the
        personal ones are overwritten (storage limitation, Art. 5(1)(e), outweighs keeping the
        trail verbatim). Which rows changed, when and by whom stays.

        Only the events of these requests are read: the request's own (keyed by its id), its
        child rows' (keyed by their ids, or naming the request in a created or deleted row)."""
        audit = AuditEventRecord
        ids = sorted(request_ids)
        for start in range(0, len(ids), _SCRUB_BATCH):
            batch = ids[start : start + _SCRUB_BATCH]
            named = [
                audit.changes.like(f'%"request_id": {pattern}%')
                for request_id in batch
                for pattern in (f"[{request_id}, null]", f"[null, {request_id}]")
            ]
            conditions = [
                and_(audit.entity == "request", audit.entity_id.in_([str(i) for i in batch])),
                and_(
                    audit.entity == "request_recipient",
                    or_(*(audit.entity_id.like(f"{i},%") for i in batch)),
                ),
                and_(audit.entity.in_(_REQUEST_TABLES), or_(*named)),
            ]
            self._scrub(self._session.scalars(select(audit).where(or_(*conditions))))
        for entity in {entity for entity, _id in children}:
            wanted = sorted(entity_id for kind, entity_id in children if kind == entity)
            for start in range(0, len(wanted), _SCRUB_BATCH):
                self._scrub(
                    self._session.scalars(
                        select(audit).where(
                            audit.entity == entity,
                            audit.entity_id.in_(wanted[start : start + _SCRUB_BATCH]),
                        )
                    )
                )
        self._session.flush()

    @staticmethod
    def _scrub(events: Iterable[AuditEventRecord], keys: frozenset[str] | None = None) -> None:
        for event in events:
            changes = json.loads(event.changes)
            scrubbed = {
                key: [
                    ANONYMISED
                    if key in (keys or _PERSONAL_KEYS) and value not in (None, "")
                    else value
                    for value in values
                ]
                for key, values in changes.items()
            }
            if scrubbed != changes:
                event.changes = json.dumps(scrubbed, ensure_ascii=False, sort_keys=True)

    def forget_documents(self, attachment_ids: Sequence[int]) -> None:
        """The names and descriptions of documents deleted with an anonymised request leave
        the audit log too (an e-mail kept under its subject line often names the person)."""
        wanted = [str(i) for i in attachment_ids]
        for start in range(0, len(wanted), _SCRUB_BATCH):
            self._scrub(
                self._session.scalars(
                    select(AuditEventRecord).where(
                        AuditEventRecord.entity == "attachment",
                        AuditEventRecord.entity_id.in_(wanted[start : start + _SCRUB_BATCH]),
                    )
                ),
                _DOCUMENT_KEYS,
            )
        self._session.flush()


#: What an anonymised value reads in the audit log.
ANONYMISED = "[anonymised]"

_PEOPLE_FIELDS = ("name", "email", "phone", "street", "postal_code", "city")
_PERSONAL_COLUMNS = (
    *(f"subject_{field}" for field in _PEOPLE_FIELDS),
    *(f"requester_{field}" for field in _PEOPLE_FIELDS),
    "registered_mail_number",
    "summary",
    "notes",
    "identity_reason",
    "extension_reasons",
)
_PERSONAL_KEYS = frozenset({*_PERSONAL_COLUMNS, "reason", "note"})
_DOCUMENT_KEYS = frozenset({"file_name", "description"})
#: Ids per statement when scrubbing (SQL statements stay short; a purge of years is many).
_SCRUB_BATCH = 200
_REQUEST_TABLES = (
    "request",
    "request_pause",
    "request_step",
    "request_letter",
    "request_recipient",
)
_SUMMARY_COLUMNS = (
    RequestRecord.id,
    RequestRecord.reference,
    RequestRecord.received_on,
    RequestRecord.channel,
    RequestRecord.subject_name,
    RequestRecord.subject_email,
    RequestRecord.requester_name,
    RequestRecord.status,
    RequestRecord.due_on,
    RequestRecord.paused,
    RequestRecord.anonymised_at,
    RequestRecord.closed_on,
)
_SORT_COLUMNS: dict[RequestSort, tuple[Any, ...]] = {
    RequestSort.DUE: (RequestRecord.due_on,),
    RequestSort.RECEIVED: (RequestRecord.received_on,),
    RequestSort.REFERENCE: (RequestRecord.year, RequestRecord.number),
    RequestSort.SUBJECT: (RequestRecord.subject_sort,),
    # In the workflow's order and the channels' order, as the page lists them, not by the
    # stored words.
    RequestSort.STATUS: (
        case({s.value: n for n, s in enumerate(Status)}, value=RequestRecord.status),
    ),
    RequestSort.CHANNEL: (
        case({c.value: n for n, c in enumerate(Channel)}, value=RequestRecord.channel),
    ),
}
_RIGHTS = {right.value: right for right in Right}
_CHANNELS = {channel.value: channel for channel in Channel}
_STATUSES = {status.value: status for status in Status}
