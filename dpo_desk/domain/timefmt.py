"""Instants are stored in UTC and shown in Europe/Zagreb, where the DPO's office is."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OFFICE_ZONE = ZoneInfo("Europe/Zagreb")


def utc_now() -> datetime:
    return datetime.now(UTC)


def local(instant: datetime) -> datetime:
    """The same instant on the office's clock (CET/CEST)."""
    if instant.tzinfo is None:
        raise ValueError("a naive datetime has no defined instant; DPO Desk stores aware UTC")
    return instant.astimezone(OFFICE_ZONE)


def format_instant(instant: datetime) -> str:
    """21.11.2026. 14:05 in both languages: Croatian usage, unambiguous to English readers."""
    return local(instant).strftime("%d.%m.%Y. %H:%M")


def office_today() -> date:
    """Today's date in Zagreb: review dates and legal periods are counted on the office's day."""
    return local(utc_now()).date()
