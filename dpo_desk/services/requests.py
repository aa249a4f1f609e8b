"""Keeping data-subject requests: saving them with their deadline worked out, and moving them
through the workflow, with the clock paused while the DPO waits for the requester."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.deadlines import Deadline, HolidayCalendar, Pause, compute_deadline
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.request import (
    Request,
    Status,
    is_open,
    move,
    normalise_request,
    validate_request,
)
from dpo_desk.i18n import _
from dpo_desk.services.ports import UnitOfWorkFactory


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
    paused = running and any(p.end is None for p in request.pauses)
    return (deadline.due if running else None), paused


class RequestService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, holidays: HolidayCalendar) -> None:
        self._unit_of_work = unit_of_work
        self._holidays = holidays

    def get(self, request_id: int) -> Request:
        with self._unit_of_work() as uow:
            return uow.requests.get(request_id)

    def find(self, reference: str) -> Request | None:
        with self._unit_of_work() as uow:
            return uow.requests.find(reference)

    def count(self) -> int:
        with self._unit_of_work() as uow:
            return uow.requests.count()

    def deadline(self, request: Request) -> Deadline:
        """The request's due date and the trail of rules that gave it."""
        return deadline_of(request, self._holidays)

    def save(self, request: Request, today: date) -> tuple[Request, Changes]:
        """Validates and saves (a new request gets its reference, DSR-YEAR-NNNN); the due date
        is worked out and kept with it. ValidationError names each bad field."""
        cleaned = normalise_request(request)
        errors = validate_request(cleaned, today, self._holidays)
        if errors:
            raise ValidationError(errors)
        due, paused = stored_deadline(cleaned, self._holidays)
        with self._unit_of_work() as uow:
            saved = uow.requests.save(cleaned, due, paused)
            uow.commit()
        return saved, Changes.of(Register.REQUESTS)

    def move(
        self, request: Request, to: Status, on: date, today: date, note: str = ""
    ) -> tuple[Request, Changes]:
        """Moves the request on ``on`` and saves it. Waiting for the requester opens a pause of
        the clock (from ``on``, the note as its reason); leaving that state closes it."""
        if on > today:
            raise ValidationError([FieldError("on", _("Date"), _("is in the future"))])
        try:
            moved = move(request, to, on, note)
        except ValueError as error:
            raise ValidationError([FieldError("status", _("Status"), str(error))]) from error
        pauses = list(moved.pauses)
        if to is Status.AWAITING and not any(p.end is None for p in pauses):
            pauses.append(Pause(start=on, end=None, reason=note.strip()))
        elif request.status is Status.AWAITING:
            pauses = [replace(p, end=on) if p.end is None else p for p in pauses]
        return self.save(replace(moved, pauses=tuple(pauses)), today)
