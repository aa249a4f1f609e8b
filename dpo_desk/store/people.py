"""People and addresses kept as columns with a prefix ("dpo_name", "subject_city"): one mapping
for every record that holds them (the organisation's DPO and representative, a request's data
subject and requester)."""

from __future__ import annotations

from typing import Any

from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import Person


def address_of(record: Any, prefix: str) -> Address:
    return Address(
        street=getattr(record, f"{prefix}street"),
        postal_code=getattr(record, f"{prefix}postal_code"),
        city=getattr(record, f"{prefix}city"),
        country_code=getattr(record, f"{prefix}country_code") or "HR",
    )


def set_address(record: Any, prefix: str, address: Address) -> None:
    setattr(record, f"{prefix}street", address.street)
    setattr(record, f"{prefix}postal_code", address.postal_code)
    setattr(record, f"{prefix}city", address.city)
    setattr(record, f"{prefix}country_code", address.country_code)


def person_of(record: Any, prefix: str) -> Person:
    return Person(
        name=getattr(record, f"{prefix}name"),
        email=getattr(record, f"{prefix}email"),
        phone=getattr(record, f"{prefix}phone"),
        address=address_of(record, prefix),
    )


def set_person(record: Any, prefix: str, person: Person) -> None:
    setattr(record, f"{prefix}name", person.name)
    setattr(record, f"{prefix}email", person.email)
    setattr(record, f"{prefix}phone", person.phone)
    set_address(record, prefix, person.address)
