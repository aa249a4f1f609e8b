"""The organisation profile: the controller, its DPO, EU representative and supervisory authority.

Every letter and export opens with this block (Art. 30(1)(a) and 30(2)(a)); it lives in the
database, not in settings, so it travels with the register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from dpo_desk.domain.contact import (
    Address,
    email_problem,
    normalise_website,
    phone_problem,
    postal_code_problem,
    website_problem,
)
from dpo_desk.domain.errors import FieldError
from dpo_desk.domain.oib import is_valid_oib
from dpo_desk.i18n import N_, _

#: Agencija za zaštitu osobnih podataka, the Croatian supervisory authority (azop.hr, 2026).
AZOP_NAME = "Agencija za zaštitu osobnih podataka (AZOP)"
AZOP_ADDRESS = Address(street="Selska cesta 136", postal_code="10000", city="Zagreb")
AZOP_EMAIL = "azop@azop.hr"
AZOP_PHONE = "+385 1 4609 000"
AZOP_WEBSITE = "https://azop.hr"


@dataclass(frozen=True)
class Person:
    """A named contact: the DPO, the EU representative (Art. 27, 37(7)), a data subject or
    someone acting for one."""

    name: str = ""
    email: str = ""
    phone: str = ""
    address: Address = field(default_factory=Address)

    def is_blank(self) -> bool:
        return not (self.name or self.email or self.phone) and self.address.is_blank()


@dataclass(frozen=True)
class Authority:
    """The lead supervisory authority (Art. 56): where complaints and breach notices go."""

    name: str = AZOP_NAME
    address: Address = AZOP_ADDRESS
    email: str = AZOP_EMAIL
    phone: str = AZOP_PHONE
    website: str = AZOP_WEBSITE


@dataclass(frozen=True)
class OrganisationProfile:
    """The controller's identity and contacts. ``version`` is None until first saved."""

    controller_name: str = ""
    address: Address = field(default_factory=Address)
    oib: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    dpo: Person = field(default_factory=Person)
    representative: Person | None = None
    authority: Authority = field(default_factory=Authority)
    logo_attachment_id: int | None = None
    version: int | None = None


def new_profile() -> OrganisationProfile:
    """The form a new user starts from: AZOP already filled in as the lead authority."""
    return OrganisationProfile()


#: Labels of the profile's fields, by the key a FieldError carries (shown in forms and messages).
FIELD_LABELS: dict[str, str] = {
    "controller_name": N_("Controller name"),
    "address.street": N_("Street and number"),
    "address.postal_code": N_("Postal code"),
    "address.city": N_("City"),
    "oib": N_("OIB"),
    "phone": N_("Telephone"),
    "email": N_("E-mail"),
    "website": N_("Web site"),
    "dpo.name": N_("DPO name"),
    "dpo.email": N_("DPO e-mail"),
    "dpo.phone": N_("DPO telephone"),
    "dpo.address.postal_code": N_("DPO postal code"),
    "representative.name": N_("Representative name"),
    "representative.address.street": N_("Representative street and number"),
    "representative.address.city": N_("Representative city"),
    "representative.address.country_code": N_("Representative country"),
    "representative.email": N_("Representative e-mail"),
    "representative.phone": N_("Representative telephone"),
    "representative.address.postal_code": N_("Representative postal code"),
    "authority.name": N_("Authority name"),
    "authority.email": N_("Authority e-mail"),
    "authority.phone": N_("Authority telephone"),
    "authority.website": N_("Authority web site"),
    "authority.address.postal_code": N_("Authority postal code"),
}


def _error(key: str, message: str) -> FieldError:
    return FieldError(field=key, label=_(FIELD_LABELS[key]), message=_(message))


def normalise_profile(profile: OrganisationProfile) -> OrganisationProfile:
    """Trims every text and completes web addresses, so what is saved is what is checked."""

    def clean_address(address: Address, default_country: str = "HR") -> Address:
        return Address(
            street=address.street.strip(),
            postal_code=address.postal_code.strip(),
            city=address.city.strip(),
            country_code=address.country_code.strip().upper() or default_country,
        )

    def clean_person(person: Person, default_country: str = "HR") -> Person:
        return Person(
            name=person.name.strip(),
            email=person.email.strip(),
            phone=person.phone.strip(),
            address=clean_address(person.address, default_country),
        )

    representative = profile.representative
    if representative is not None:
        # Kept even when blank: ticking "has a representative" and leaving it empty is an error
        # the user must see, not a silent "no representative".
        # No default country: a representative is by definition in another Member State.
        representative = clean_person(representative, default_country="")
    authority = profile.authority
    return replace(
        profile,
        controller_name=profile.controller_name.strip(),
        address=clean_address(profile.address),
        oib=profile.oib.replace(" ", "").strip(),
        phone=profile.phone.strip(),
        email=profile.email.strip(),
        website=normalise_website(profile.website),
        dpo=clean_person(profile.dpo),
        representative=representative,
        authority=replace(
            authority,
            name=authority.name.strip(),
            address=clean_address(authority.address),
            email=authority.email.strip(),
            phone=authority.phone.strip(),
            website=normalise_website(authority.website),
        ),
    )


def validate_profile(profile: OrganisationProfile) -> list[FieldError]:
    """Every problem with a (normalised) profile, in the order the form shows the fields."""
    errors: list[FieldError] = []
    required = N_("is required")

    def check(key: str, value: str, problem: Callable[[str], str | None]) -> None:
        if value:
            message = problem(value)
            if message:
                errors.append(_error(key, message))

    def check_postal(key: str, address: Address) -> None:
        check(
            key, address.postal_code, lambda value: postal_code_problem(value, address.country_code)
        )

    if not profile.controller_name:
        errors.append(_error("controller_name", required))
    if not profile.address.street:
        errors.append(_error("address.street", required))
    if not profile.address.postal_code:
        errors.append(_error("address.postal_code", required))
    check_postal("address.postal_code", profile.address)
    if not profile.address.city:
        errors.append(_error("address.city", required))
    if profile.oib and not is_valid_oib(profile.oib):
        errors.append(
            _error(
                "oib",
                N_("must be 11 digits with a valid check digit (ISO 7064 MOD 11,10)")
                # isascii(): "٣" is a digit to str.isdigit() but never one of an OIB's.
                if not (len(profile.oib) == 11 and profile.oib.isascii() and profile.oib.isdigit())
                else N_(
                    "the check digit is wrong: please check the OIB against the court or tax register"
                ),
            )
        )
    elif not profile.oib and profile.address.country_code == "HR":
        errors.append(_error("oib", N_("is required for an organisation established in Croatia")))
    check("phone", profile.phone, phone_problem)
    if not profile.email:
        errors.append(_error("email", required))
    check("email", profile.email, email_problem)
    check("website", profile.website, website_problem)

    if not profile.dpo.name:
        errors.append(_error("dpo.name", required))
    if not profile.dpo.email:
        errors.append(
            _error(
                "dpo.email",
                N_("is required: Art. 37(7) GDPR asks for published DPO contact details"),
            )
        )
    check("dpo.email", profile.dpo.email, email_problem)
    check("dpo.phone", profile.dpo.phone, phone_problem)
    check_postal("dpo.address.postal_code", profile.dpo.address)

    representative = profile.representative
    if representative is not None:
        if not representative.name:
            errors.append(_error("representative.name", required))
        if not representative.address.street:
            errors.append(_error("representative.address.street", required))
        if not representative.address.city:
            errors.append(_error("representative.address.city", required))
        if not representative.address.country_code:
            errors.append(_error("representative.address.country_code", required))
        check_postal("representative.address.postal_code", representative.address)
        check("representative.email", representative.email, email_problem)
        check("representative.phone", representative.phone, phone_problem)

    authority = profile.authority
    if not authority.name:
        errors.append(_error("authority.name", required))
    check("authority.email", authority.email, email_problem)
    check("authority.phone", authority.phone, phone_problem)
    check("authority.website", authority.website, website_problem)
    check_postal("authority.address.postal_code", authority.address)
    return errors
