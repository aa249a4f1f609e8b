"""Keeping data-subject requests: saving them with their deadline worked out, and moving them
through the workflow, with the clock paused while the DPO waits for the requester."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from dpo_desk.domain.attachment import NewAttachment, prepare_attachment
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.deadlines import (
    Deadline,
    HolidayCalendar,
    Pause,
    add_months,
    compute_deadline,
    extension_possible,
    working_days_after,
)
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.request import (
    Correspondence,
    Direction,
    Request,
    RequestFilter,
    RequestSummary,
    Status,
    is_open,
    move,
    normalise_request,
    validate_request,
)
from dpo_desk.domain.timefmt import format_day, utc_now
from dpo_desk.i18n import _
from dpo_desk.services.email_intake import IncomingMessage
from dpo_desk.services.ports import UnitOfWorkFactory
from dpo_desk.services.progress import CancelToken, ProgressReporter, ignore_progress

#: The database-info key of how many years finished requests are kept.
RETENTION_KEY = "requests.retention_years"
#: Three years after a request was finished: long enough to answer a complaint to AZOP about
#: it and the limitation period of a damages claim (Art. 82; three years under the Croatian
#: Civil Obligations Act from learning of the damage), short enough to honour Art. 5(1)(e).
DEFAULT_RETENTION_YEARS = 3
#: Requests anonymised per step of the purge's progress.
_PURGE_BATCH = 200
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 10


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February."""
    return add_months(day, 12 * years)[0]


def deadline_of(request: Request, holidays: HolidayCalendar) -> Deadline:
    """The request's due date and the trail of rules that gave it."""
    assert request.received_on is not None
    return compute_deadline(
        request.received_on, holidays, extended=request.extended, pauses=request.pauses
    )


def stored_deadline(request: Request, holidays: HolidayCalendar) -> tuple[date | None, bool]:
    """What the register keeps for sorting and filtering: the due date of an open request (None
    once it is answered, refused, closed or withdrawn, or while paused), and whether its clock
    is paused now."""
    deadline = deadline_of(request, holidays)
    running = is_open(request.status)
    # An open pause asked for after the period ran out does not stop it (deadlines.py): such a
    # request is overdue, not paused.
    paused = running and deadline.due is None
    return (deadline.due if running else None), paused


def with_received(request: Request, documents: Sequence[NewAttachment], summary: str) -> Request:
    """The request with what was received (the e-mail and its attachments, the scans of a
    letter) as the first entry of its correspondence, stored when the request is saved."""
    assert request.received_on is not None
    if not documents:
        return request
    received = Correspondence(
        on=request.received_on,
        direction=Direction.IN,
        channel=request.channel,
        summary=summary,
        new_documents=tuple(documents),
    )
    return replace(request, correspondence=(received, *request.correspondence))


def with_message(request: Request, message: IncomingMessage) -> Request:
    """A request read from an e-mail, keeping the original message and its attachments."""
    documents = [prepare_attachment(message.file_name, message.original)]
    documents += [prepare_attachment(a.file_name, a.content) for a in message.attachments]
    return with_received(request, documents, message.subject)


def _documents(request: Request) -> set[int]:
    """Every stored document a request refers to."""
    held = {i for entry in request.correspondence for i in entry.document_ids}
    if request.authority_document_id is not None:
        held.add(request.authority_document_id)
    return held


def _refuse_changed_letters(before: Request, after: Request) -> None:
    """A letter DPO Desk printed and kept is the evidence of what was sent: its entry stays
    as it was (a new version is a new letter)."""
    kept = [entry for entry in after.correspondence if entry.letter]
    for entry in before.correspondence:
        if entry.letter and entry not in kept:
            raise ValidationError(
                [
                    FieldError(
                        "correspondence",
                        _("Correspondence"),
                        _(
                            "the letter of {date} was kept as sent and cannot be removed or "
                            "changed; write a new letter instead"
                        ).format(date=format_day(entry.on)),
                    )
                ]
            )


def _anonymised_error() -> FieldError:
    return FieldError(
        "status",
        _("Status"),
        _("the request was anonymised when its retention ended and can no longer be changed"),
    )


class RequestService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, holidays: HolidayCalendar) -> None:
        self._unit_of_work = unit_of_work
        self._holidays = holidays

    @property
    def holidays(self) -> HolidayCalendar:
        """The calendar the deadlines are counted with (Croatia's public holidays)."""
        return self._holidays

    def recipient_names(self, recipient_ids: Sequence[int]) -> dict[int, str]:
        """Names of recipients, for letters naming those told under Art. 19."""
        with self._unit_of_work() as uow:
            return {r.id: r.name for r in uow.recipients.all() if r.id in set(recipient_ids)}

    def get(self, request_id: int) -> Request:
        with self._unit_of_work() as uow:
            return uow.requests.get(request_id)

    def find(self, reference: str) -> Request | None:
        with self._unit_of_work() as uow:
            return uow.requests.find(reference)

    def count(self, flt: RequestFilter | None = None) -> int:
        with self._unit_of_work() as uow:
            return uow.requests.count(flt)

    def summaries(
        self, flt: RequestFilter, offset: int = 0, limit: int | None = None
    ) -> list[RequestSummary]:
        """One page of the requests page, filtered and sorted by the database."""
        with self._unit_of_work() as uow:
            return uow.requests.summaries(flt, offset, limit)

    def working_days_ahead(self, today: date, days: int) -> date:
        """The day ``days`` working days after ``today`` (for "due within N working days")."""
        return working_days_after(today, days, self._holidays)

    # --- retention of finished requests ---

    def retention_years(self) -> int:
        """How many years a finished request is kept before the purge anonymises it."""
        with self._unit_of_work() as uow:
            stored = uow.info.get(RETENTION_KEY)
        try:
            years = int(stored) if stored is not None else DEFAULT_RETENTION_YEARS
        except ValueError:
            return DEFAULT_RETENTION_YEARS
        return (
            years
            if MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS
            else (DEFAULT_RETENTION_YEARS)
        )

    def set_retention_years(self, years: int) -> Changes:
        if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
            raise ValidationError(
                [
                    FieldError(
                        "retention_years",
                        _("Retention of finished requests"),
                        _("must be between {low} and {high} years").format(
                            low=MIN_RETENTION_YEARS, high=MAX_RETENTION_YEARS
                        ),
                    )
                ]
            )
        with self._unit_of_work() as uow:
            uow.info.set(RETENTION_KEY, str(years))
            uow.commit()
        return Changes.of(Register.REQUESTS)

    def purge_cutoff(self, today: date) -> date:
        """Requests finished before this day are past their retention."""
        return add_years(today, -self.retention_years())

    def purge_candidates(self, today: date) -> list[RequestSummary]:
        """Exactly what a purge today would anonymise, oldest first, to show before it runs."""
        cutoff = self.purge_cutoff(today)
        with self._unit_of_work() as uow:
            return uow.requests.finished_before(cutoff)

    def purge(
        self,
        request_ids: Sequence[int],
        today: date,
        at: datetime | None = None,
        progress: ProgressReporter = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> tuple[int, Changes]:
        """Anonymises the requests the preview showed, all in one transaction: the personal
        data of the request, its documents (unless another record uses them) and the audit
        log's copies of its values go; reference, dates, channel, rights, statuses and the
        activities stay for the statistics. A request that is no longer past its retention
        (re-opened meanwhile) is left alone. Returns how many were anonymised."""
        cutoff = self.purge_cutoff(today)
        with self._unit_of_work() as uow:
            due = {row.id for row in uow.requests.finished_before(cutoff)}
            chosen = [request_id for request_id in request_ids if request_id in due]
            moment = at or utc_now()
            documents: list[int] = []
            # In batches, with progress; a cancel before the commit leaves every request as it
            # was (one transaction: nothing is half anonymised).
            for start in range(0, len(chosen), _PURGE_BATCH):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                progress(start, len(chosen), _("Anonymising requests…"))
                documents += uow.requests.anonymise(chosen[start : start + _PURGE_BATCH], moment)
            deleted = [i for i in documents if uow.attachments.delete_if_unused(i)]
            uow.requests.forget_documents(deleted)
            if cancel is not None:
                cancel.raise_if_cancelled()
            uow.commit()
            progress(len(chosen), len(chosen), _("Anonymising requests…"))
        return len(chosen), Changes.of(Register.REQUESTS, Register.ATTACHMENTS)

    def deadline(self, request: Request) -> Deadline:
        """The request's due date and the trail of rules that gave it."""
        return deadline_of(request, self._holidays)

    def calculate(
        self, received: date, extended: bool = False, pauses: Sequence[Pause] = ()
    ) -> Deadline:
        """The deadline calculator (and a form not yet saved): the same rules, any date."""
        return compute_deadline(received, self._holidays, extended=extended, pauses=pauses)

    def problems(self, request: Request, today: date) -> list[FieldError]:
        """What saving the request would refuse, without saving it."""
        return validate_request(normalise_request(request), today, self._holidays)

    def save(self, request: Request, today: date) -> tuple[Request, Changes]:
        """Validates and saves (a new request gets its reference, DSR-YEAR-NNNN); the due date
        is worked out and kept with it. ValidationError names each bad field."""
        if request.anonymised_at is not None:
            raise ValidationError([_anonymised_error()])
        cleaned = normalise_request(request)
        errors = validate_request(cleaned, today, self._holidays)
        if errors:
            raise ValidationError(errors)
        due, paused = stored_deadline(cleaned, self._holidays)
        stores_files = any(entry.new_documents for entry in cleaned.correspondence)
        with self._unit_of_work() as uow:
            before = uow.requests.get(cleaned.id) if cleaned.id is not None else None
            if before is not None:
                _refuse_changed_letters(before, cleaned)
            if stores_files:
                cleaned = replace(
                    cleaned,
                    correspondence=tuple(
                        replace(
                            entry,
                            document_ids=(
                                *entry.document_ids,
                                *(uow.attachments.add(new).id for new in entry.new_documents),
                            ),
                            new_documents=(),
                        )
                        for entry in cleaned.correspondence
                    ),
                )
            saved = uow.requests.save(cleaned, due, paused)
            # A document removed from the log (an ID copy no longer needed) is deleted, unless
            # another record still uses it: it must not linger out of sight of the purge.
            dropped = _documents(before) - _documents(saved) if before is not None else set()
            deleted = [i for i in sorted(dropped) if uow.attachments.delete_if_unused(i)]
            uow.commit()
        if stores_files or deleted:
            return saved, Changes.of(Register.REQUESTS, Register.ATTACHMENTS)
        return saved, Changes.of(Register.REQUESTS)

    def move(
        self, request: Request, to: Status, on: date, today: date, note: str = ""
    ) -> tuple[Request, Changes]:
        """Moves the request on ``on`` and saves it. Waiting for the requester opens a pause of
        the clock (from ``on``, the note as its reason); leaving that state closes it."""
        return self.save(self.moved(request, to, on, today, note), today)

    def moved(self, request: Request, to: Status, on: date, today: date, note: str = "") -> Request:
        """The request as ``move`` would save it (checked, pauses adjusted), not yet saved."""
        if request.anonymised_at is not None:
            raise ValidationError([_anonymised_error()])
        if on > today:
            raise ValidationError([FieldError("on", _("Date"), _("is in the future"))])
        if to is Status.EXTENDED:
            # Said about the extension's own fields, so that the form marks them.
            cleaned = normalise_request(request)
            errors = [
                error
                for error in validate_request(cleaned, today, self._holidays)
                if error.field in ("extended_on", "extension_reasons")
            ]
            if cleaned.extended_on is None:
                errors.append(
                    FieldError("extended_on", _("Extension decided on"), _("is required"))
                )
            if cleaned.extended_on is not None and cleaned.extended_on > on:
                errors.append(
                    FieldError(
                        "extended_on",
                        _("Extension decided on"),
                        _("is after the day of this step"),
                    )
                )
            elif cleaned.received_on is not None and not extension_possible(
                cleaned.received_on, on, self._holidays, cleaned.pauses
            ):
                errors.append(
                    FieldError(
                        "on",
                        _("Date"),
                        _(
                            "is after the first month: Art. 12(3) allows an extension only within it"
                        ),
                    )
                )
            if not cleaned.extension_reasons and not errors:
                errors.append(
                    FieldError(
                        "extension_reasons",
                        _("Reasons for the extension"),
                        _("the data subject must be told why"),
                    )
                )
            if errors:
                raise ValidationError(errors)
        try:
            moved = move(request, to, on, note)
        except ValueError as error:
            raise ValidationError([FieldError("status", _("Status"), str(error))]) from error
        pauses = list(moved.pauses)
        if to is Status.AWAITING and not any(p.end is None for p in pauses):
            pauses.append(Pause(start=on, end=None, reason=note.strip()))
        elif request.status is Status.AWAITING:
            pauses = [replace(p, end=on) if p.end is None else p for p in pauses]
        return replace(moved, pauses=tuple(pauses))
