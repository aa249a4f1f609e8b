"""Postal addresses, e-mail addresses, telephone numbers and web sites, and how each is checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dpo_desk.i18n import N_

# Deliberately permissive: one @, no spaces, a dot in the domain. Exact RFC 5322 parsing refuses
# nothing a DPO would type and accepts much a letter cannot be sent to.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()/.\-]+$")
_WEBSITE = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:[0-9]+)?(/\S*)?$")
_HR_POSTAL_CODE = re.compile(r"^[1-5][0-9]{4}$")


@dataclass(frozen=True)
class Address:
    """A postal address as a letter needs it; ``country_code`` is ISO 3166-1 alpha-2."""

    street: str = ""
    postal_code: str = ""
    city: str = ""
    country_code: str = "HR"

    def is_blank(self) -> bool:
        return not (self.street or self.postal_code or self.city)

    def lines(self) -> list[str]:
        """The address as lines for a letterhead (country added by the caller in its language)."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.street, place) if line]


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a usable e-mail address, or None when it is."""
    if not _EMAIL.match(value):
        return N_("is not an e-mail address (expected something like name@example.hr)")
    return None


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a usable telephone number, or None when it is."""
    if not _PHONE_ALLOWED.match(value):
        return N_("may contain only digits, spaces, + at the start, and ( ) / . -")
    if sum(char.isdigit() for char in value) < 6:
        return N_("is too short for a telephone number")
    return None


def website_problem(value: str) -> str | None:
    """Why ``value`` is not a web address, or None when it is."""
    if not _WEBSITE.match(value):
        return N_("is not a web address (expected something like https://www.example.hr)")
    return None


def postal_code_problem(value: str, country_code: str) -> str | None:
    """Croatian postal codes are five digits from 10000 to 53296; others are only length-checked."""
    if country_code == "HR" and not _HR_POSTAL_CODE.match(value):
        return N_("a Croatian postal code has five digits, for example 10000")
    if len(value) > 12:
        return N_("is too long for a postal code")
    return None


def normalise_website(value: str) -> str:
    """A web address with its scheme, so a letter can print it and a click can open it."""
    value = value.strip()
    if value and not value.lower().startswith(("http://", "https://")):
        return "https://" + value
    return value
