"""Keeping complaints: saving them with their log (the new entries' documents stored in the
same transaction), and the figures of the complaint-handling log for a period."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from dpo_desk.domain.activity import ActivityFilter
from dpo_desk.domain.attachment import NewAttachment
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.complaint import (
    Complaint,
    ComplaintFilter,
    ComplaintStatus,
    ComplaintSummary,
    Entry,
    Outcome,
    Reason,
    normalise_complaint,
    validate_complaint,
)
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.i18n import _
from dpo_desk.services.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class LogFigures:
    """The summary of the complaint-handling log for a period (complaints received in it)."""

    start: date
    end: date
    complaints: tuple[Complaint, ...]
    by_reason: dict[Reason, int]
    by_status: dict[ComplaintStatus, int]
    by_outcome: dict[Outcome | None, int]
    answered: int
    median_days_to_answer: float | None
    longest_days_to_answer: int | None
    escalated: int


def days_to_answer(complaint: Complaint) -> int | None:
    """Calendar days from receipt to the answer (None while unanswered)."""
    if complaint.received_on is None or complaint.answered_on is None:
        return None
    return (complaint.answered_on - complaint.received_on).days


def log_figures(start: date, end: date, complaints: list[Complaint]) -> LogFigures:
    days = [d for d in (days_to_answer(c) for c in complaints) if d is not None]
    return LogFigures(
        start=start,
        end=end,
        complaints=tuple(complaints),
        by_reason=dict(Counter(c.reason for c in complaints)),
        by_status=dict(Counter(c.status for c in complaints)),
        by_outcome=dict(Counter(c.outcome for c in complaints)),
        answered=len(days),
        median_days_to_answer=statistics.median(days) if days else None,
        longest_days_to_answer=max(days) if days else None,
        escalated=sum(1 for c in complaints if c.escalated),
    )


@dataclass(frozen=True)
class ComplaintLine:
    """A complaint as the log and its exports print it, with what it concerns by name."""

    complaint: Complaint
    requests: tuple[str, ...]
    incidents: tuple[str, ...]
    activities: tuple[str, ...]


class ComplaintService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def summaries(
        self, flt: ComplaintFilter, offset: int = 0, limit: int | None = None
    ) -> list[ComplaintSummary]:
        with self._unit_of_work() as uow:
            return uow.complaints.summaries(flt, offset, limit)

    def count(self, flt: ComplaintFilter | None = None) -> int:
        with self._unit_of_work() as uow:
            return uow.complaints.count(flt)

    def get(self, complaint_id: int) -> Complaint:
        with self._unit_of_work() as uow:
            return uow.complaints.get(complaint_id)

    def find(self, reference: str) -> Complaint | None:
        with self._unit_of_work() as uow:
            return uow.complaints.find(reference)

    def log(self, start: date, end: date) -> LogFigures:
        """The complaints received from ``start`` to ``end`` and their figures."""
        if end < start:
            raise ValidationError([FieldError("end", _("Period"), _("ends before it starts"))])
        with self._unit_of_work() as uow:
            complaints = uow.complaints.received_between(start, end)
        return log_figures(start, end, complaints)

    def lines(self, complaints: Sequence[Complaint]) -> list[ComplaintLine]:
        """The complaints with the references of the requests and incidents and the names
        of the activities they concern (read once for all)."""
        with self._unit_of_work() as uow:
            activities = {a.id: a.name for a in uow.activities.summaries(ActivityFilter())}
            requests = {
                i: uow.requests.get(i).reference or ""
                for i in {i for c in complaints for i in c.request_ids}
            }
            incidents = {
                i: uow.incidents.get(i).reference or ""
                for i in {i for c in complaints for i in c.incident_ids}
            }
        return [
            ComplaintLine(
                complaint,
                tuple(requests[i] for i in complaint.request_ids),
                tuple(incidents[i] for i in complaint.incident_ids),
                tuple(activities.get(i, "") for i in complaint.activity_ids),
            )
            for complaint in complaints
        ]

    def all(self) -> list[Complaint]:
        """Every complaint, oldest first."""
        with self._unit_of_work() as uow:
            return uow.complaints.received_between(date.min, date.max)

    def problems(self, complaint: Complaint, today: date) -> list[FieldError]:
        return validate_complaint(normalise_complaint(complaint), today)

    def save(self, complaint: Complaint, today: date) -> tuple[Complaint, Changes]:
        """Validates and saves; the documents of new log entries are stored with them. An
        entry already stored is never changed or removed (the store refuses it too)."""
        complaint = normalise_complaint(complaint)
        problems = validate_complaint(complaint, today)
        if problems:
            raise ValidationError(problems)
        with self._unit_of_work() as uow:
            # The store refuses a log that does not only grow (and the documents with it).
            stored = uow.complaints.get(complaint.id).entries if complaint.id else ()
            added = [
                tuple(_store(uow, document) for document in entry.new_documents)
                for entry in complaint.entries[len(stored) :]
            ]
            saved = uow.complaints.save(complaint, added)
            uow.commit()
        changes = Changes.of(Register.COMPLAINTS)
        if any(added):
            changes |= Changes.of(Register.ATTACHMENTS)
        return saved, changes

    def add_entry(
        self, complaint: Complaint, entry: Entry, today: date
    ) -> tuple[Complaint, Changes]:
        """Appends one dated entry to the log (a correction names the entry it corrects)."""
        return self.save(replace(complaint, entries=(*complaint.entries, entry)), today)


def _store(uow: UnitOfWork, document: NewAttachment) -> int:
    stored = uow.attachments.add(document)
    assert stored.id is not None
    return stored.id
