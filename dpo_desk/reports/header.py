"""The organisation block every register export opens with (Art. 30(1)(a), 30(2)(a))."""

from __future__ import annotations

from datetime import datetime

from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import OrganisationProfile, Person
from dpo_desk.domain.timefmt import format_instant
from dpo_desk.i18n import _
from dpo_desk.services.countries import country_name


def address_text(address: Address) -> str:
    parts = [*address.lines()]
    if address.country_code and not address.is_blank():
        parts.append(country_name(address.country_code))
    return ", ".join(parts)


def _person_text(person: Person) -> str:
    return ", ".join(
        part
        for part in (person.name, person.email, person.phone, address_text(person.address))
        if part
    )


def header_lines(
    profile: OrganisationProfile | None, generated_at: datetime
) -> list[tuple[str, str]]:
    """(label, value) pairs: controller, DPO, representative, authority, and when it was made."""
    if profile is None:
        return [
            (_("Controller"), _("(the organisation profile has not been filled in)")),
            (_("Generated"), format_instant(generated_at)),
        ]
    controller = ", ".join(
        part
        for part in (
            profile.controller_name,
            address_text(profile.address),
            f"OIB {profile.oib}" if profile.oib else "",
            profile.email,
            profile.phone,
        )
        if part
    )
    lines = [
        (_("Controller"), controller),
        (_("Data protection officer"), _person_text(profile.dpo)),
    ]
    if profile.representative is not None:
        lines.append((_("EU representative"), _person_text(profile.representative)))
    lines.append((_("Supervisory authority"), profile.authority.name))
    lines.append((_("Generated"), format_instant(generated_at)))
    return lines
