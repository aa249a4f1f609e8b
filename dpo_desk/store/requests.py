"""The repository of data-subject requests: references allocated per year, the request with
its rights, activities, pauses and history, and the due date kept for sorting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dpo_desk.domain.deadlines import Pause
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError
from dpo_desk.domain.request import (
    Channel,
    IdentityMethod,
    ReplyChannel,
    Request,
    Right,
    Status,
    StatusChange,
    format_reference,
    parse_reference,
)
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.people import person_of, set_person
from dpo_desk.store.records import (
    RequestActivityRecord,
    RequestPauseRecord,
    RequestRecord,
    RequestRightRecord,
    RequestStepRecord,
)


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

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(RequestRecord)) or 0)

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
