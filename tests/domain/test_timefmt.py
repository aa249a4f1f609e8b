"""Instants: stored in UTC, shown on the Zagreb office's clock, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dpo_desk.domain.timefmt import OFFICE_ZONE, format_instant, local, utc_now


@pytest.mark.parametrize(
    ("instant", "shown"),
    [
        (datetime(2026, 11, 21, 13, 5, tzinfo=UTC), "21.11.2026. 14:05"),  # CET, UTC+1
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "02.07.2026. 00:30"),  # CEST, next day
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), "01.01.2027. 00:00"),  # new year in Zagreb
        # Spring forward, Sunday 29 March 2026 at 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026. 01:59"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026. 03:00"),
        # Fall back, Sunday 25 October 2026 at 01:00 UTC: 03:00 CEST becomes 02:00 CET, so the
        # hour 02:00-03:00 happens twice on the office clock.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25.10.2026. 02:30"),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25.10.2026. 02:30"),
        (datetime(2026, 10, 25, 2, 30, tzinfo=UTC), "25.10.2026. 03:30"),
    ],
)
def test_format_instant_on_the_office_clock(instant: datetime, shown: str) -> None:
    assert format_instant(instant) == shown


def test_the_repeated_hour_keeps_its_two_instants_apart() -> None:
    first = local(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    second = local(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    assert (first.hour, first.minute) == (second.hour, second.minute) == (2, 30)
    assert first.utcoffset() == timedelta(hours=2)
    assert second.utcoffset() == timedelta(hours=1)
    assert (first.fold, second.fold) == (0, 1)
    # Python subtracts two datetimes of the same zone by wall clock (0 here): elapsed time is
    # computed on UTC instants, which is why they are stored that way.
    assert second - first == timedelta(0)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert first.tzname() == "CEST" and second.tzname() == "CET"


def test_an_instant_in_another_zone_is_converted_not_relabelled() -> None:
    new_york = timezone(timedelta(hours=-5))
    assert format_instant(datetime(2026, 11, 21, 8, 5, tzinfo=new_york)) == "21.11.2026. 14:05"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_instant(datetime(2026, 11, 21, 14, 5))
    with pytest.raises(ValueError):
        local(datetime(2026, 11, 21, 14, 5))


def test_utc_now_is_aware_utc_and_local_is_zagreb() -> None:
    now = utc_now()
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert local(now).tzinfo is OFFICE_ZONE
    assert str(OFFICE_ZONE) == "Europe/Zagreb"
