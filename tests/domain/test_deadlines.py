"""The deadline of a data-subject request: GDPR Art. 12(3)-(4) counted under Regulation 1182/71
with Croatia's public holidays. Each test names the rule it checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dpo_desk.domain.deadlines import (
    Pause,
    StepKind,
    add_months,
    compute_deadline,
    extension_possible,
    next_working_day,
    refusal_deadline,
    validate_pauses,
)
from dpo_desk.i18n import set_language


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm), independent of any library."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def croatian_holidays(year: int) -> dict[date, str]:
    """DOMAIN.md's list (Zakon o blagdanima, NN 110/2019, from 2020): written out here so the
    rules are tested against the law, not against the library the product uses."""
    fixed = {
        (1, 1): "New Year's Day",
        (1, 6): "Epiphany",
        (5, 1): "Labour Day",
        (5, 30): "Statehood Day",
        (6, 22): "Anti-Fascist Struggle Day",
        (8, 5): "Victory Day",
        (8, 15): "Assumption Day",
        (11, 1): "All Saints' Day",
        (11, 18): "Remembrance Day",
        (12, 25): "Christmas Day",
        (12, 26): "St. Stephen's Day",
    }
    days = {date(year, month, day): name for (month, day), name in fixed.items()}
    sunday = easter(year)
    days[sunday] = "Easter Sunday"
    days[sunday + timedelta(days=1)] = "Easter Monday"
    days[sunday + timedelta(days=60)] = "Corpus Christi"
    return days


class LawCalendar:
    """The HolidayCalendar of the law as DOMAIN.md states it."""

    def holiday(self, day: date) -> str | None:
        return croatian_holidays(day.year).get(day)


CROATIA = LawCalendar()


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def due(received: date, **options: object) -> date | None:
    return compute_deadline(received, CROATIA, **options).due  # type: ignore[arg-type]


# --- Art. 3(1) and 3(2)(c): a period in months ---------------------------------------------


def test_art_3_2_c_the_same_date_in_the_last_month() -> None:
    # Received Wednesday 14 January 2026: the day is not counted (Art. 3(1)), the month ends on
    # 14 February... a Saturday, so see Art. 3(4) below; 13 January gives a Friday.
    assert due(date(2026, 1, 13)) == date(2026, 2, 13)
    assert add_months(date(2026, 1, 13), 1) == (date(2026, 2, 13), False)


@pytest.mark.parametrize(
    ("received", "nominal"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),  # February has no 31st
        (date(2026, 1, 29), date(2026, 2, 28)),  # nor, in 2026, a 29th
        (date(2028, 1, 30), date(2028, 2, 29)),  # a leap year's February ends on the 29th
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),  # April has 30 days
        (date(2026, 5, 31), date(2026, 6, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),  # across the year
    ],
)
def test_art_3_2_c_the_last_day_when_the_last_month_has_no_such_date(
    received: date, nominal: date
) -> None:
    deadline = compute_deadline(received, CROATIA)
    assert deadline.nominal == nominal
    clipped = received.day != nominal.day
    kinds = [step.kind for step in deadline.steps]
    assert (StepKind.MONTH_END in kinds) is clipped
    assert (StepKind.MONTHS in kinds) is not clipped


def test_art_3_2_c_a_leap_day_received_ends_on_the_same_date_next_month() -> None:
    assert due(date(2028, 2, 29)) == date(2028, 3, 29)  # a Wednesday


# --- Art. 3(4): Saturdays, Sundays and public holidays ------------------------------------


def test_art_3_4_a_weekend_moves_the_end_to_monday() -> None:
    # 31 January 2026 + one month = 28 February, a Saturday; Sunday 1 March; Monday 2 March.
    deadline = compute_deadline(date(2026, 1, 31), CROATIA)
    assert deadline.due == date(2026, 3, 2)
    moved = [step for step in deadline.steps if step.kind is StepKind.NOT_WORKING]
    assert [step.day for step in moved] == [date(2026, 2, 28), date(2026, 3, 1)]
    assert "Saturday" in moved[0].text and "Sunday" in moved[1].text
    assert [step.kind for step in deadline.steps][-1] is StepKind.DUE


@pytest.mark.parametrize("year", range(2026, 2031))
def test_art_3_4_every_croatian_holiday_on_a_working_day_moves_the_end(year: int) -> None:
    """Art. 2 and 3(4): each holiday of Zakon o blagdanima (fixed and Easter-based) that falls
    on a weekday is passed over, by a request received a month earlier on the same date."""
    for holiday, name in sorted(croatian_holidays(year).items()):
        if holiday.weekday() >= 5:
            continue
        year_before, month_before = (
            (holiday.year, holiday.month - 1) if holiday.month > 1 else (holiday.year - 1, 12)
        )
        try:
            received = date(year_before, month_before, holiday.day)
        except ValueError:
            continue  # e.g. Easter Monday on 29 March: no 29 February that year
        deadline = compute_deadline(received, CROATIA)
        assert deadline.due is not None and deadline.due > holiday, name
        assert deadline.due.weekday() < 5 and CROATIA.holiday(deadline.due) is None, name
        assert any(name in step.text for step in deadline.steps), name


def test_art_3_4_the_christmas_chain() -> None:
    # Received 25 November 2025: Thursday 25 December (Christmas), Friday 26 (St Stephen's),
    # the weekend: due Monday 29 December.
    deadline = compute_deadline(date(2025, 11, 25), CROATIA)
    assert deadline.due == date(2025, 12, 29)
    passed = [step.day for step in deadline.steps if step.kind is StepKind.NOT_WORKING]
    assert passed == [date(2025, 12, d) for d in (25, 26, 27, 28)]


def test_art_3_4_the_easter_chain() -> None:
    # Easter 2026 is 5 April: Sunday (Easter) then Monday (Easter Monday): due Tuesday 7 April.
    assert due(date(2026, 3, 5)) == date(2026, 4, 7)
    # Good Friday is a working day in Croatia.
    assert due(date(2026, 3, 3)) == date(2026, 4, 3)


def test_art_3_4_corpus_christi_and_a_long_weekend() -> None:
    # Corpus Christi 2026: Thursday 4 June (Easter + 60 days); 5 June is a working day.
    assert due(date(2026, 5, 4)) == date(2026, 6, 5)


def test_removed_holidays_are_working_days() -> None:
    """Art. 3(4) with the law since 2020: 25 June and 8 October are no longer public holidays
    (the package's calendar is checked against this list in tests/services/test_holidays.py)."""
    assert due(date(2026, 5, 25)) == date(2026, 6, 25)  # a Thursday
    assert due(date(2026, 9, 8)) == date(2026, 10, 8)


def test_next_working_day_is_the_day_itself_when_it_works() -> None:
    assert next_working_day(date(2026, 11, 23), CROATIA) == (date(2026, 11, 23), [])


# --- Art. 12(3): the extension ----------------------------------------------------------------


def test_art_12_3_the_extension_is_three_months_from_receipt() -> None:
    deadline = compute_deadline(date(2026, 1, 13), CROATIA, extended=True)
    assert deadline.extended and deadline.nominal == date(2026, 4, 13)
    assert deadline.due == date(2026, 4, 13)  # Monday after Easter week, a working day
    # 30 November + three months: February has no 30th (2026): 28 February, a Saturday.
    assert due(date(2025, 11, 30), extended=True) == date(2026, 3, 2)


def test_art_12_3_an_extension_is_possible_only_within_the_first_month() -> None:
    received = date(2026, 1, 31)  # first month due Monday 2 March (weekend rule)
    assert extension_possible(received, date(2026, 2, 27), CROATIA)
    assert extension_possible(received, date(2026, 3, 2), CROATIA)
    assert not extension_possible(received, date(2026, 3, 3), CROATIA)
    # A pause moves the first month too.
    pause = Pause(date(2026, 2, 2), date(2026, 2, 12), "identity")  # 28 Feb + 10 = Tue 10 Mar
    assert extension_possible(received, date(2026, 3, 10), CROATIA, [pause])
    assert not extension_possible(received, date(2026, 3, 11), CROATIA, [pause])


# --- EDPB Guidelines 01/2022: pauses -----------------------------------------------------------


def test_a_pause_adds_its_days_before_the_weekend_rule() -> None:
    # 4 March + one month = 4 April; paused 10 to 20 March (10 days): 14 April, a Tuesday.
    pause = Pause(date(2026, 3, 10), date(2026, 3, 20), "identity information")
    deadline = compute_deadline(date(2026, 3, 4), CROATIA, pauses=[pause])
    assert deadline.nominal == date(2026, 4, 4)
    assert deadline.due == date(2026, 4, 14)
    (step,) = [s for s in deadline.steps if s.kind is StepKind.PAUSE]
    assert "10 days added" in step.text and "identity information" in step.text
    # Two pauses add up; a pause that ends on the day it started adds nothing.
    second = Pause(date(2026, 3, 25), date(2026, 3, 27), "clarification")
    assert due(date(2026, 3, 4), pauses=[second, pause]) == date(2026, 4, 16)
    assert due(date(2026, 3, 4), pauses=[Pause(date(2026, 3, 5), date(2026, 3, 5))]) == date(
        2026, 4, 7
    )  # 4 April is Saturday, 5-6 April Easter


def test_a_pause_asked_after_the_period_ran_out_is_not_counted() -> None:
    """An overdue request stays overdue: 13 January + one month = Friday 13 February."""
    late = Pause(date(2026, 3, 1), date(2026, 3, 20), "identity")
    deadline = compute_deadline(date(2026, 1, 13), CROATIA, pauses=[late])
    assert deadline.due == date(2026, 2, 13)
    assert [s.kind for s in deadline.steps].count(StepKind.LATE_PAUSE) == 1
    # An open pause asked too late does not hide the due date either.
    still = compute_deadline(date(2026, 1, 13), CROATIA, pauses=[Pause(date(2026, 6, 1))])
    assert still.due == date(2026, 2, 13)


def test_a_pause_asked_on_the_due_day_keeps_that_day_of_the_period() -> None:
    """14 January + one month = Saturday 14 February, so due Monday 16 February. Asked on the
    16th, answered on the 20th: the period had run on into the weekend, nothing is left of
    the month, and the answer is due when the requester's answer arrived (20 February)."""
    pause = Pause(date(2026, 2, 16), date(2026, 2, 20), "clarification")
    deadline = compute_deadline(date(2026, 1, 14), CROATIA, pauses=[pause])
    assert deadline.due == date(2026, 2, 20)
    assert pause.end is not None and deadline.due >= pause.end  # never before the answer
    # Asked on the nominal day itself (a working day): the same rule.
    on_the_day = Pause(date(2026, 2, 13), date(2026, 2, 18))
    assert due(date(2026, 1, 13), pauses=[on_the_day]) == date(2026, 2, 18)


def test_a_pause_moves_an_extended_period_too() -> None:
    # 29 November 2027 + three months = 29 February 2028 (a leap year), a Tuesday; paused a week.
    assert due(date(2027, 11, 29), extended=True) == date(2028, 2, 29)
    pause = Pause(date(2027, 12, 1), date(2027, 12, 8))
    assert due(date(2027, 11, 29), extended=True, pauses=[pause]) == date(2028, 3, 7)


def test_art_12_4_a_refusal_is_due_within_one_month_even_when_extended() -> None:
    received = date(2026, 1, 13)
    assert refusal_deadline(received, CROATIA).due == date(2026, 2, 13)
    assert due(received, extended=True) == date(2026, 4, 13)


def test_dates_beyond_the_calendar_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="beyond the calendar"):
        compute_deadline(date(9999, 12, 15), CROATIA)


def test_an_open_pause_leaves_the_due_date_unknown() -> None:
    deadline = compute_deadline(
        date(2026, 3, 4), CROATIA, pauses=[Pause(date(2026, 3, 10), None, "identity")]
    )
    assert deadline.due is None and deadline.days_left(date(2026, 3, 11)) is None
    assert deadline.steps[-1].kind is StepKind.OPEN_PAUSE


def test_pauses_are_checked() -> None:
    received, today = date(2026, 3, 4), date(2026, 4, 1)
    assert validate_pauses(received, [Pause(date(2026, 3, 5), date(2026, 3, 9))], today) == []
    assert validate_pauses(received, [Pause(date(2026, 3, 1), date(2026, 3, 9))], today) == [
        "A pause cannot start before the request was received."
    ]
    assert validate_pauses(received, [Pause(date(2026, 3, 9), date(2026, 3, 5))], today) == [
        "A pause cannot end before it starts."
    ]
    assert validate_pauses(received, [Pause(date(2026, 3, 9), date(2026, 4, 5))], today) == [
        "A pause cannot end in the future."
    ]
    overlapping = [
        Pause(date(2026, 3, 5), date(2026, 3, 12)),
        Pause(date(2026, 3, 10), date(2026, 3, 14)),
    ]
    assert validate_pauses(received, overlapping, today) == [
        "Pauses cannot overlap, and only the last may still be open."
    ]
    assert validate_pauses(
        received, [Pause(date(2026, 3, 5)), Pause(date(2026, 3, 20), date(2026, 3, 21))], today
    ) == ["Pauses cannot overlap, and only the last may still be open."]


def test_days_left_counts_calendar_days_and_goes_negative_when_overdue() -> None:
    deadline = compute_deadline(date(2026, 1, 13), CROATIA)
    assert deadline.days_left(date(2026, 2, 10)) == 3
    assert deadline.days_left(date(2026, 2, 16)) == -3


def test_the_trail_reads_in_order_with_every_date() -> None:
    deadline = compute_deadline(date(2025, 11, 25), CROATIA)
    kinds = [step.kind for step in deadline.steps]
    assert kinds == [
        StepKind.RECEIVED,
        StepKind.MONTHS,
        StepKind.NOT_WORKING,
        StepKind.NOT_WORKING,
        StepKind.NOT_WORKING,
        StepKind.NOT_WORKING,
        StepKind.DUE,
    ]
    assert "Art. 3(1)" in deadline.steps[0].text
    assert "Art. 3(2)(c)" in deadline.steps[1].text and "25.12.2025." in deadline.steps[1].text
    assert "Christmas Day" in deadline.steps[2].text
    assert deadline.steps[-1].text == "Due on 29.12.2025."
