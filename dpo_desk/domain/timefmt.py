"""Instants are stored in UTC and shown in Europe/Zagreb, where the DPO's office is."""

from __future__ import annotations

import re
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


def format_day(day: date | None) -> str:
    """21.11.2026. (empty for no date): how every table, export and message writes a day."""
    return day.strftime("%d.%m.%Y.") if day is not None else ""


def office_today() -> date:
    """Today's date in Zagreb: review dates and legal periods are counted on the office's day."""
    return local(utc_now()).date()


def parse_date(text: str) -> date | None:
    """A day as people write it here ("31.01.2026." or "31. 1. 2026") or as ISO ("2026-01-31");
    None for an empty text; ValueError for anything else, or a day that does not exist."""
    found = re.match(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?\s*$", text) or None
    if found:
        return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    iso = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if text.strip():
        raise ValueError(text)
    return None
