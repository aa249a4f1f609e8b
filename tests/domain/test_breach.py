"""The 72-hour clock (Art. 33(1)) and ENISA's severity method (2013), with the rule each test
checks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from dpo_desk.domain.activity import EnisaDataType
from dpo_desk.domain.breach import (
    Adjustment,
    AdjustmentKind,
    Assessment,
    Availability,
    Band,
    Confidentiality,
    Identification,
    Integrity,
    NotificationPolicy,
    Recommendation,
    assessment_problems,
    band_of,
    hours_elapsed,
    is_in_last_hours,
    is_late,
    notification_deadline,
    notification_problems,
    policy_problems,
    severity,
)
from dpo_desk.i18n import set_language

ZAGREB = ZoneInfo("Europe/Zagreb")


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


# --- the 72-hour clock: elapsed hours on instants, not days ---------------------------------


def test_72_hours_across_the_spring_change_end_an_hour_later_on_the_wall_clock() -> None:
    """Clocks go forward on Sunday 29.3.2026 at 02:00: 72 real hours after Saturday 10:00 are
    Tuesday 11:00 in Zagreb (the lost hour is not counted twice)."""
    aware = datetime(2026, 3, 28, 10, 0, tzinfo=ZAGREB)
    deadline = notification_deadline(aware)
    assert deadline == datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
    assert deadline.astimezone(ZAGREB) == datetime(2026, 3, 31, 11, 0, tzinfo=ZAGREB)
    wall_clock_three_days = datetime(2026, 3, 31, 10, 0, tzinfo=ZAGREB)
    assert hours_elapsed(aware, wall_clock_three_days) == 71.0


def test_72_hours_across_the_autumn_change_end_an_hour_earlier_on_the_wall_clock() -> None:
    """Clocks go back on Sunday 25.10.2026 at 03:00: 72 real hours after Saturday 10:00 are
    Tuesday 09:00 in Zagreb."""
    aware = datetime(2026, 10, 24, 10, 0, tzinfo=ZAGREB)
    assert notification_deadline(aware).astimezone(ZAGREB) == datetime(
        2026, 10, 27, 9, 0, tzinfo=ZAGREB
    )
    assert hours_elapsed(aware, datetime(2026, 10, 27, 10, 0, tzinfo=ZAGREB)) == 73.0


def test_weekends_holidays_and_the_year_end_do_not_extend_the_hours() -> None:
    """Art. 3(4) of Regulation 1182/71 does not apply to periods in hours: 72 hours from the
    evening of 30 December end on 2 January, though 1 January is a holiday."""
    aware = datetime(2026, 12, 30, 23, 30, tzinfo=ZAGREB)
    assert notification_deadline(aware).astimezone(ZAGREB) == datetime(
        2027, 1, 2, 23, 30, tzinfo=ZAGREB
    )


def test_the_clock_turns_red_in_its_last_12_hours_and_late_after_72() -> None:
    aware = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert not is_in_last_hours(aware, datetime(2026, 11, 22, 19, 59, tzinfo=UTC))
    assert is_in_last_hours(aware, datetime(2026, 11, 22, 20, 0, tzinfo=UTC))
    assert not is_late(aware, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert is_late(aware, datetime(2026, 11, 23, 8, 1, tzinfo=UTC))


def test_a_late_notification_needs_the_reasons_for_the_delay() -> None:
    """Art. 33(1): "where the notification … is not made within 72 hours, it shall be
    accompanied by reasons for the delay"."""
    aware = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    late = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert [p.field for p in notification_problems(aware, late, "")] == ["delay_reasons"]
    assert notification_problems(aware, late, "Processor told us on day 4.") == []
    assert notification_problems(aware, datetime(2026, 11, 21, tzinfo=UTC), "") == []
    before = datetime(2026, 11, 19, tzinfo=UTC)
    assert [p.field for p in notification_problems(aware, before, "")] == ["notified_at"]


def test_instants_without_a_time_zone_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        notification_deadline(datetime(2026, 11, 20, 8, 0))


# --- ENISA severity: SE = DPC x EI + CB ------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.25, Band.LOW),
        (1.99, Band.LOW),
        (2.0, Band.MEDIUM),
        (2.99, Band.MEDIUM),
        (3.0, Band.HIGH),
        (3.99, Band.HIGH),
        (4.0, Band.VERY_HIGH),
        (6.0, Band.VERY_HIGH),
    ],
)
def test_the_bands(score: float, band: Band) -> None:
    """ENISA: low < 2, medium 2 to < 3, high 3 to < 4, very high >= 4."""
    assert band_of(score) == band


def test_a_lost_laptop_with_customer_contacts() -> None:
    """Simple data (DPC 1), limited identification (0.5), confidentiality to unknown
    recipients (+0.5): 1 x 0.5 + 0.5 = 1.0, low."""
    result = severity(
        Assessment(
            data_types=(EnisaDataType.SIMPLE,),
            identification=Identification.LIMITED,
            confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
        )
    )
    assert (result.dpc, result.ei, result.cb, result.score, result.band) == (
        1,
        0.5,
        0.5,
        1.0,
        Band.LOW,
    )


def test_ransomware_on_health_data() -> None:
    """The highest category counts: sensitive (4) beside simple (1); maximum identification
    (1); data lost (+0.5), availability permanent (+0.5), malicious (+0.5): 4 + 1.5 = 5.5."""
    result = severity(
        Assessment(
            data_types=(EnisaDataType.SIMPLE, EnisaDataType.SENSITIVE),
            identification=Identification.MAXIMUM,
            integrity=Integrity.NOT_RECOVERABLE,
            availability=Availability.PERMANENT,
            malicious=True,
        )
    )
    assert (result.base, result.dpc, result.score, result.band) == (4, 4, 5.5, Band.VERY_HIGH)


def test_adjustments_move_the_context_within_1_to_4_and_need_a_justification() -> None:
    """ENISA: a pharmacy's customer list implies health (context +3), kept within 1-4."""
    pharmacy = Assessment(
        data_types=(EnisaDataType.SIMPLE,),
        identification=Identification.SIGNIFICANT,
        confidentiality=Confidentiality.KNOWN_RECIPIENTS,
        adjustments=(Adjustment(AdjustmentKind.CONTEXT, 3, "Pharmacy customers: health"),),
    )
    result = severity(pharmacy)
    assert (result.dpc, result.score, result.band) == (4, 3.25, Band.HIGH)
    clamped = severity(
        Assessment(
            data_types=(EnisaDataType.SENSITIVE,),
            identification=Identification.MAXIMUM,
            adjustments=(Adjustment(AdjustmentKind.VOLUME, 3, "Millions of records"),),
        )
    )
    assert clamped.dpc == 4
    floor = severity(
        Assessment(
            data_types=(EnisaDataType.BEHAVIOURAL,),
            identification=Identification.MAXIMUM,
            adjustments=(Adjustment(AdjustmentKind.PUBLICLY_AVAILABLE, -3, "Published"),),
        )
    )
    assert floor.dpc == 1
    unjustified = Assessment(
        data_types=(EnisaDataType.SIMPLE,),
        identification=Identification.LIMITED,
        adjustments=(
            Adjustment(AdjustmentKind.VULNERABLE, 1, " "),
            Adjustment(AdjustmentKind.VOLUME, 5, "x"),
        ),
    )
    messages = [str(p) for p in assessment_problems(unjustified)]
    assert messages == [
        "Vulnerable individuals: justify the adjustment (ENISA requires it)",
        "Volume of data: must be between -3 and +3",
    ]


def test_encrypted_data_with_the_key_safe_is_negligible() -> None:
    """Unintelligible data (Art. 34(3)(a)): EI 0.25, so even financial data scores low."""
    result = severity(
        Assessment(
            data_types=(EnisaDataType.FINANCIAL,),
            identification=Identification.NEGLIGIBLE,
            confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
        )
    )
    assert (result.score, result.band) == (1.25, Band.LOW)


def test_the_default_policy_and_a_stricter_one() -> None:
    default = NotificationPolicy()
    assert default.recommend(Band.LOW) is Recommendation.RECORD_ONLY
    assert default.recommend(Band.MEDIUM) is Recommendation.NOTIFY_AUTHORITY
    assert default.recommend(Band.HIGH) is Recommendation.NOTIFY_SUBJECTS_TOO
    assert default.recommend(Band.VERY_HIGH) is Recommendation.NOTIFY_SUBJECTS_TOO
    strict = NotificationPolicy(authority_from=Band.LOW, subjects_from=Band.MEDIUM)
    assert strict.recommend(Band.LOW) is Recommendation.NOTIFY_AUTHORITY
    assert policy_problems(strict) == []
    odd = NotificationPolicy(authority_from=Band.HIGH, subjects_from=Band.MEDIUM)
    assert [p.field for p in policy_problems(odd)] == ["subjects_from"]
