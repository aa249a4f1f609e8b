"""The legal deadline of a data-subject request, counted as the law counts it, with its trail.

GDPR Art. 12(3): one month from receipt, extendable by two further months (three from receipt);
Art. 12(4): a refusal within one month. Periods are counted under Regulation (EEC, Euratom)
No 1182/71, with the public holidays of the Member State where the act is done (Art. 2):
- Art. 3(1): the day of receipt is not counted;
- Art. 3(2)(c): a period in months ends on the day of the last month with the same date as the
  day of receipt, or on the last day of that month when it has no such date;
- Art. 3(4): a period that would end on a Saturday, Sunday or public holiday ends at the end of
  the next working day.
EDPB Guidelines 01/2022 on the right of access (time limits): while the controller waits for
identity information or a clarification it asked for, the clock stands still. DPO Desk records
such a pause from the day it asked to the day the answer arrived, and moves the period's end by
as many days before the weekend and holiday rule is applied (its own reading: the day of asking
counts, the day the answer arrives does not, as with Art. 3(1)).

A pure function: the calendar of holidays is handed in (services.holidays gives Croatia's).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Protocol

from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import _, ngettext


class HolidayCalendar(Protocol):
    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day`` (in the interface language), or None."""


#: One month to answer (Art. 12(3), 12(4)); three with the extension (Art. 12(3)).
MONTHS = 1
EXTENDED_MONTHS = 3


@dataclass(frozen=True)
class Pause:
    """The clock stood still from ``start`` (the day the DPO asked for identity information
    or a clarification) to ``end`` (the day the answer arrived); ``end`` None: still waiting."""

    start: date
    end: date | None = None
    reason: str = ""

    @property
    def days(self) -> int:
        return 0 if self.end is None else (self.end - self.start).days


class StepKind(StrEnum):
    RECEIVED = "received"  # Art. 3(1)
    MONTHS = "months"  # Art. 3(2)(c)
    MONTH_END = "month_end"  # Art. 3(2)(c), the last month has no such date
    PAUSE = "pause"  # EDPB 01/2022
    OPEN_PAUSE = "open_pause"
    LATE_PAUSE = "late_pause"
    NOT_WORKING = "not_working"  # Art. 3(4)
    DUE = "due"


@dataclass(frozen=True)
class Step:
    """One line of the trail: what rule moved the date, to which date, said in words."""

    kind: StepKind
    day: date
    text: str


@dataclass(frozen=True)
class Deadline:
    received: date
    months: int
    #: The end of the period in months (Art. 3(2)(c)), before pauses and the weekend rule.
    nominal: date
    #: The day the answer is due; None while a pause is still open.
    due: date | None
    steps: tuple[Step, ...]

    @property
    def extended(self) -> bool:
        return self.months == EXTENDED_MONTHS

    def days_left(self, today: date) -> int | None:
        """Calendar days from ``today`` to the due date (negative when overdue)."""
        return None if self.due is None else (self.due - today).days


def add_months(day: date, months: int) -> tuple[date, bool]:
    """The same date ``months`` later, or the last day of that month when it has no such date
    (Art. 3(2)(c)); the flag says whether the month's end was taken."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last)), day.day > last


def _weekday(day: date) -> str:
    return _("Saturday") if day.weekday() == 5 else _("Sunday")


def next_working_day(day: date, holidays: HolidayCalendar) -> tuple[date, list[Step]]:
    """``day`` itself when it is a working day; otherwise the next one, with a step for each day
    passed over and why (Art. 3(4) of Regulation 1182/71: Saturdays, Sundays and public
    holidays)."""
    steps: list[Step] = []
    while True:
        name = holidays.holiday(day)
        if day.weekday() < 5 and name is None:  # is_working_day, with the holiday's name kept
            return day, steps
        steps.append(
            Step(
                StepKind.NOT_WORKING,
                day,
                _(
                    "{date} is not a working day ({why}): the period ends on the next working "
                    "day (Art. 3(4) of Regulation 1182/71)"
                ).format(date=format_day(day), why=name if name is not None else _weekday(day)),
            )
        )
        day = _later(day, 1)


def is_working_day(day: date, holidays: HolidayCalendar) -> bool:
    return day.weekday() < 5 and holidays.holiday(day) is None


def working_days_after(day: date, count: int, holidays: HolidayCalendar) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself for 0): what "due within N
    working days" looks ahead to on the requests page."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count -= 1
    return day


def _later(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError as error:
        raise ValueError(_("The deadline falls beyond the calendar DPO Desk counts in.")) from error


def compute_deadline(
    received: date,
    holidays: HolidayCalendar,
    *,
    extended: bool = False,
    pauses: Sequence[Pause] = (),
) -> Deadline:
    """The due date of a request received on ``received``, with every rule applied as a step.

    A pause (DPO Desk's reading of EDPB Guidelines 01/2022): the clock stops on the day the DPO
    asked and runs again from the day the answer arrived, so the period's end moves by the days
    between them. A pause asked for after the period had run out is not counted: a request that
    was overdue stays overdue."""
    months = EXTENDED_MONTHS if extended else MONTHS
    steps = [
        Step(
            StepKind.RECEIVED,
            received,
            _(
                "Received on {date}; that day is not counted (Art. 3(1) of Regulation 1182/71)"
            ).format(date=format_day(received)),
        )
    ]
    try:
        nominal, clipped = add_months(received, months)
    except ValueError as error:
        raise ValueError(_("The deadline falls beyond the calendar DPO Desk counts in.")) from error
    period = (
        _("Three months from receipt, extended (Art. 12(3) GDPR)")
        if extended
        else _("One month from receipt (Art. 12(3) GDPR)")
    )
    if clipped:
        steps.append(
            Step(
                StepKind.MONTH_END,
                nominal,
                _(
                    "{period}: the last month has no such date, so the period ends on its last "
                    "day, {date} (Art. 3(2)(c) of Regulation 1182/71)"
                ).format(period=period, date=format_day(nominal)),
            )
        )
    else:
        steps.append(
            Step(
                StepKind.MONTHS,
                nominal,
                _(
                    "{period}: the same date in the last month, {date} (Art. 3(2)(c) of "
                    "Regulation 1182/71)"
                ).format(period=period, date=format_day(nominal)),
            )
        )
    end = nominal
    for pause in sorted(pauses, key=lambda p: p.start):
        reason = pause.reason or _("no reason given")
        # Asked after the period (with its weekend or holiday) had run out: nothing to stop.
        if pause.start > next_working_day(end, holidays)[0]:
            steps.append(
                Step(
                    StepKind.LATE_PAUSE,
                    pause.start,
                    _(
                        "A pause from {date} ({reason}) is not counted: the period had already "
                        "run out"
                    ).format(date=format_day(pause.start), reason=reason),
                )
            )
            continue
        if pause.end is None:
            steps.append(
                Step(
                    StepKind.OPEN_PAUSE,
                    pause.start,
                    _(
                        "Paused since {date} while waiting for the requester ({reason}): the "
                        "due date is known when the answer arrives"
                    ).format(date=format_day(pause.start), reason=reason),
                )
            )
            return Deadline(received, months, nominal, None, tuple(steps))
        # Asked on a day the period already ran on into (its weekend or holiday): the clock
        # starts again from the answer with nothing left of the month.
        end = _later(max(end, pause.start), pause.days)
        steps.append(
            Step(
                StepKind.PAUSE,
                end,
                ngettext(
                    "Paused {start} to {end} ({reason}): {count} day added, to {date}",
                    "Paused {start} to {end} ({reason}): {count} days added, to {date}",
                    pause.days,
                ).format(
                    start=format_day(pause.start),
                    end=format_day(pause.end),
                    reason=reason,
                    count=pause.days,
                    date=format_day(end),
                ),
            )
        )
    due, moved = next_working_day(end, holidays)
    steps.extend(moved)
    steps.append(Step(StepKind.DUE, due, _("Due on {date}").format(date=format_day(due))))
    return Deadline(received, months, nominal, due, tuple(steps))


def refusal_deadline(
    received: date, holidays: HolidayCalendar, pauses: Sequence[Pause] = ()
) -> Deadline:
    """Art. 12(4): not acting on a request is said, with reasons, within one month of receipt,
    whether or not the answer's period was extended."""
    return compute_deadline(received, holidays, pauses=pauses)


def extension_possible(
    received: date, on: date, holidays: HolidayCalendar, pauses: Sequence[Pause] = ()
) -> bool:
    """Whether an extension decided on ``on`` is still in time: Art. 12(3) lets the data subject
    be told of it, with the reasons, only within the first month (its due date included)."""
    first = compute_deadline(received, holidays, pauses=pauses)
    return first.due is None or on <= first.due


def validate_pauses(received: date, pauses: Iterable[Pause], today: date) -> list[str]:
    """Problems with recorded pauses, in words: a pause before receipt, one that ends before it
    starts or in the future, pauses that overlap."""
    problems: list[str] = []
    ordered = sorted(pauses, key=lambda p: p.start)
    for pause in ordered:
        if pause.start < received:
            problems.append(_("A pause cannot start before the request was received."))
        if pause.end is not None and pause.end < pause.start:
            problems.append(_("A pause cannot end before it starts."))
        if pause.end is not None and pause.end > today:
            problems.append(_("A pause cannot end in the future."))
    for earlier, later in pairwise(ordered):
        if earlier.end is None or later.start < earlier.end:
            problems.append(_("Pauses cannot overlap, and only the last may still be open."))
            break
    return problems
