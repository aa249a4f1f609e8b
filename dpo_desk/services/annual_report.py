"""The figures of the DPO's annual report for a year: requests, incidents, complaints, changes
to the register and transfers, counted from the database in one transaction.

Years are the office's (Zagreb): a request counts in the year it was received, an incident in
the year it was detected, a complaint in the year it was received, an activity in the year it
was created or retired.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dpo_desk.domain.activity import ActivityStatus
from dpo_desk.domain.breach import Band, is_late
from dpo_desk.domain.complaint import Outcome, Reason
from dpo_desk.domain.deadlines import HolidayCalendar
from dpo_desk.domain.incident import BreachFinding
from dpo_desk.domain.request import Channel, Request, Right, Status
from dpo_desk.domain.timefmt import OFFICE_ZONE, local
from dpo_desk.domain.transfer import TransferTool
from dpo_desk.services.incidents import evaluation_of
from dpo_desk.services.ports import UnitOfWorkFactory
from dpo_desk.services.requests import deadline_of

#: What answers a request: its first step to answered or refused.
_ANSWERS = (Status.ANSWERED, Status.REFUSED)


@dataclass(frozen=True)
class RequestFigures:
    received: int
    by_right: dict[Right, int]
    by_channel: dict[Channel, int]
    answered: int
    answered_on_time: int
    median_days: float | None
    longest_days: int | None
    extended: int
    refused: int

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None


@dataclass(frozen=True)
class IncidentFigures:
    recorded: int
    breaches: int
    by_nature: dict[str, int]  # "confidentiality", "integrity", "availability"
    by_band: dict[Band | None, int]  # None: not assessed
    notified: int
    notified_in_time: int
    notified_late: int
    subjects_told: int


@dataclass(frozen=True)
class ComplaintFigures:
    received: int
    by_reason: dict[Reason, int]
    by_outcome: dict[Outcome | None, int]
    escalated: int


@dataclass(frozen=True)
class RegisterFigures:
    added: int
    retired: int
    reviews_overdue: int
    transfers_by_tool: dict[TransferTool | None, int]


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    requests: RequestFigures
    incidents: IncidentFigures
    complaints: ComplaintFigures
    register: RegisterFigures


def answered_on(request: Request) -> date | None:
    """The day the request was first answered or refused (None when it never was)."""
    return next((step.on for step in request.history if step.status in _ANSWERS), None)


def request_figures(requests: list[Request], holidays: HolidayCalendar) -> RequestFigures:
    days: list[int] = []
    on_time = 0
    for request in requests:
        answer = answered_on(request)
        if answer is None or request.received_on is None:
            continue
        days.append((answer - request.received_on).days)
        due = deadline_of(request, holidays).due
        if due is not None and answer <= due:
            on_time += 1
    return RequestFigures(
        received=len(requests),
        by_right=dict(Counter(right for r in requests for right in r.rights)),
        by_channel=dict(Counter(r.channel for r in requests)),
        answered=len(days),
        answered_on_time=on_time,
        median_days=statistics.median(days) if days else None,
        longest_days=max(days) if days else None,
        extended=sum(1 for r in requests if r.extended),
        refused=sum(1 for r in requests if any(s.status is Status.REFUSED for s in r.history)),
    )


def _year_bounds(year: int, zone: ZoneInfo = OFFICE_ZONE) -> tuple[datetime, datetime]:
    """The year's first and next year's first instant in Zagreb, in UTC."""
    return (
        datetime(year, 1, 1, tzinfo=zone).astimezone(UTC),
        datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC),
    )


class AnnualReportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, holidays: HolidayCalendar) -> None:
        self._unit_of_work = unit_of_work
        self._holidays = holidays

    def figures(self, year: int, today: date) -> AnnualFigures:
        """The year's figures; ``today`` bounds the reviews counted as overdue."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        start, end = _year_bounds(year)
        with self._unit_of_work() as uow:
            requests = uow.requests.received_between(first, last)
            incidents = [
                i
                for i in uow.incidents.all()
                if i.detected_at is not None and local(i.detected_at).year == year
            ]
            bands = [
                (s.band if (s := evaluation_of(uow, i).severity) is not None else None)
                for i in incidents
                if i.finding is BreachFinding.BREACH
            ]
            complaints = uow.complaints.received_between(first, last)
            activities = uow.activities.all()
            retired = {
                event.entity_id
                for event in uow.audit.of_entity("activity", start, end)
                if event.changes.get("status", (None, None))[1] == ActivityStatus.RETIRED.value
            }
            transfers = uow.transfers.all()
        breaches = [i for i in incidents if i.finding is BreachFinding.BREACH]
        notified = [i for i in breaches if i.notified_at is not None]
        late = [
            i
            for i in notified
            if i.aware_at is not None
            and i.notified_at is not None
            and is_late(i.aware_at, i.notified_at)
        ]
        overdue_by = min(today, last)
        return AnnualFigures(
            year=year,
            requests=request_figures(requests, self._holidays),
            incidents=IncidentFigures(
                recorded=len(incidents),
                breaches=len(breaches),
                by_nature={
                    "confidentiality": sum(1 for i in breaches if i.confidentiality),
                    "integrity": sum(1 for i in breaches if i.integrity),
                    "availability": sum(1 for i in breaches if i.availability),
                },
                by_band=dict(Counter(bands)),
                notified=len(notified),
                notified_in_time=len(notified) - len(late),
                notified_late=len(late),
                subjects_told=sum(1 for i in breaches if i.subjects_told_on is not None),
            ),
            complaints=ComplaintFigures(
                received=len(complaints),
                by_reason=dict(Counter(c.reason for c in complaints)),
                by_outcome=dict(Counter(c.outcome for c in complaints)),
                escalated=sum(1 for c in complaints if c.escalated),
            ),
            register=RegisterFigures(
                added=sum(
                    1
                    for a in activities
                    if a.created_at is not None and local(a.created_at).year == year
                ),
                retired=len(retired),
                reviews_overdue=sum(
                    1
                    for a in activities
                    if a.status is ActivityStatus.ACTIVE
                    and a.next_review_on is not None
                    and first <= a.next_review_on < overdue_by
                    and (a.last_reviewed_on is None or a.last_reviewed_on < a.next_review_on)
                ),
                transfers_by_tool=dict(Counter(t.tool for t in transfers)),
            ),
        )
