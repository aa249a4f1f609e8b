"""The organisation profile: new_profile(), normalise_profile() and validate_profile()."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.organisation import (
    AZOP_NAME,
    FIELD_LABELS,
    Authority,
    OrganisationProfile,
    Person,
    new_profile,
    normalise_profile,
    validate_profile,
)
from dpo_desk.i18n import _, has_catalog, set_language
from tests.support import compile_croatian_catalog

VALID = OrganisationProfile(
    controller_name="Leapbit d.o.o.",
    address=Address(street="Savska Opatovina 36", postal_code="10000", city="Zagreb"),
    oib="39821269208",
    phone="+385 1 555 0100",
    email="info@leapbit.example",
    website="https://www.pixelus.example",
    dpo=Person(name="Ana Horvat", email="dpo@leapbit.example", phone="+385 1 555 0142"),
)

REPRESENTATIVE = Person(
    name="Vertreter GmbH",
    email="rep@vertreter.example",
    phone="+49 30 1234567",
    address=Address(
        street="Unter den Linden 1", postal_code="10117", city="Berlin", country_code="DE"
    ),
)


def errors_by_field(profile: OrganisationProfile) -> dict[str, FieldError]:
    errors = validate_profile(normalise_profile(profile))
    by_field = {error.field: error for error in errors}
    assert len(by_field) == len(errors), "one message per field"
    return by_field


def test_a_complete_profile_has_no_errors() -> None:
    assert validate_profile(normalise_profile(VALID)) == []


def test_new_profile_has_azop_filled_in_and_nothing_else() -> None:
    profile = new_profile()
    assert profile.authority.name == AZOP_NAME
    assert "Agencija za zaštitu osobnih podataka" in profile.authority.name
    assert profile.authority.address == Address(
        street="Selska cesta 136", postal_code="10000", city="Zagreb", country_code="HR"
    )
    assert profile.authority.email == "azop@azop.hr"
    assert profile.authority.website.startswith("https://")
    assert profile.controller_name == ""
    assert profile.representative is None
    assert profile.version is None
    assert profile.logo_attachment_id is None
    # The prefilled authority is itself valid: only the user's own fields are missing.
    fields = {error.field for error in validate_profile(profile)}
    assert not any(field.startswith("authority") for field in fields)
    assert {"controller_name", "oib", "email", "dpo.name", "dpo.email"} <= fields


@pytest.mark.parametrize(
    ("field", "blanked", "label"),
    [
        ("controller_name", replace(VALID, controller_name="  "), "Controller name"),
        (
            "address.street",
            replace(VALID, address=replace(VALID.address, street="")),
            "Street and number",
        ),
        (
            "address.postal_code",
            replace(VALID, address=replace(VALID.address, postal_code="")),
            "Postal code",
        ),
        ("address.city", replace(VALID, address=replace(VALID.address, city=" ")), "City"),
        ("oib", replace(VALID, oib=""), "OIB"),
        ("email", replace(VALID, email=""), "E-mail"),
        ("dpo.name", replace(VALID, dpo=replace(VALID.dpo, name="")), "DPO name"),
        ("dpo.email", replace(VALID, dpo=replace(VALID.dpo, email="")), "DPO e-mail"),
        (
            "authority.name",
            replace(VALID, authority=replace(Authority(), name=" ")),
            "Authority name",
        ),
    ],
)
def test_each_required_field_is_named_when_missing(
    field: str, blanked: OrganisationProfile, label: str
) -> None:
    errors = validate_profile(normalise_profile(blanked))
    assert [error.field for error in errors] == [field]
    error = errors[0]
    assert error.label == label
    assert "required" in error.message
    assert str(error).startswith(f"{label}: ")
    assert label in str(ValidationError(errors))


def test_dpo_email_message_cites_article_37() -> None:
    error = errors_by_field(replace(VALID, dpo=replace(VALID.dpo, email="")))["dpo.email"]
    assert "37(7)" in error.message


def test_blank_profile_lists_errors_in_form_order() -> None:
    fields = [error.field for error in validate_profile(normalise_profile(OrganisationProfile()))]
    assert fields == [
        "controller_name",
        "address.street",
        "address.postal_code",
        "address.city",
        "oib",
        "email",
        "dpo.name",
        "dpo.email",
    ]


def test_oib_is_optional_outside_croatia_but_checked_when_given() -> None:
    abroad = replace(
        VALID,
        oib="",
        address=Address(
            street="Main Street 1", postal_code="D02 X285", city="Dublin", country_code="IE"
        ),
    )
    assert "oib" not in errors_by_field(abroad)
    assert "oib" in errors_by_field(replace(abroad, oib="12345"))


@pytest.mark.parametrize(
    ("oib", "says"),
    [
        ("3982126920", "11 digits"),
        ("39821269208X", "11 digits"),
        ("3982126920A", "11 digits"),
        ("٣٩٨٢١٢٦٩٢٠٨", "11 digits"),  # Arabic-Indic digits are not an OIB's digits
        ("39821269207", "check digit is wrong"),
        ("39821269209", "check digit is wrong"),
    ],
)
def test_bad_oib_says_what_is_wrong(oib: str, says: str) -> None:
    error = errors_by_field(replace(VALID, oib=oib))["oib"]
    assert error.label == "OIB"
    assert says in error.message


def test_oib_typed_with_spaces_is_accepted_and_stored_without_them() -> None:
    cleaned = normalise_profile(replace(VALID, oib=" 398 2126 9208 "))
    assert cleaned.oib == "39821269208"
    assert validate_profile(cleaned) == []


@pytest.mark.parametrize(
    ("field", "profile"),
    [
        ("email", replace(VALID, email="info(at)leapbit")),
        ("phone", replace(VALID, phone="call us")),
        ("website", replace(VALID, website="not a site")),
        ("address.postal_code", replace(VALID, address=replace(VALID.address, postal_code="100"))),
        ("dpo.email", replace(VALID, dpo=replace(VALID.dpo, email="ana"))),
        ("dpo.phone", replace(VALID, dpo=replace(VALID.dpo, phone="12"))),
        (
            "dpo.address.postal_code",
            replace(VALID, dpo=replace(VALID.dpo, address=Address(postal_code="ABCDE"))),
        ),
        ("authority.email", replace(VALID, authority=replace(Authority(), email="azop"))),
        ("authority.phone", replace(VALID, authority=replace(Authority(), phone="x"))),
        ("authority.website", replace(VALID, authority=replace(Authority(), website="azop"))),
        (
            "authority.address.postal_code",
            replace(
                VALID,
                authority=replace(
                    Authority(), address=replace(Authority().address, postal_code="1")
                ),
            ),
        ),
    ],
)
def test_malformed_values_are_named(field: str, profile: OrganisationProfile) -> None:
    errors = validate_profile(normalise_profile(profile))
    assert [error.field for error in errors] == [field]
    assert errors[0].label == FIELD_LABELS[field]
    assert errors[0].message


def test_representative_is_optional() -> None:
    assert validate_profile(normalise_profile(replace(VALID, representative=None))) == []
    assert validate_profile(normalise_profile(replace(VALID, representative=REPRESENTATIVE))) == []


def test_a_blank_representative_is_kept_and_reported() -> None:
    # "Has a representative" ticked and left empty is an error to see, not a silent "none".
    blank = Person(name="  ", address=Address(country_code="DE"))
    cleaned = normalise_profile(replace(VALID, representative=blank))
    assert cleaned.representative == Person(address=Address(country_code="DE"))
    assert [error.field for error in validate_profile(cleaned)] == [
        "representative.name",
        "representative.address.street",
        "representative.address.city",
    ]


def test_a_started_representative_must_be_completed() -> None:
    started = Person(name="Vertreter GmbH", email="rep@", address=Address(country_code="DE"))
    errors = errors_by_field(replace(VALID, representative=started))
    assert set(errors) == {
        "representative.address.street",
        "representative.address.city",
        "representative.email",
    }
    assert errors["representative.address.city"].label == "Representative city"


def test_foreign_representative_postal_code_is_not_held_to_croatian_rules() -> None:
    assert REPRESENTATIVE.address.postal_code == "10117"  # a Berlin code, also five digits
    foreign = replace(
        REPRESENTATIVE, address=replace(REPRESENTATIVE.address, postal_code="SW1A 1AA")
    )
    assert validate_profile(normalise_profile(replace(VALID, representative=foreign))) == []


def test_normalise_trims_everything_and_completes_web_addresses() -> None:
    messy = OrganisationProfile(
        controller_name="  Leapbit d.o.o. ",
        address=Address(
            street=" Savska Opatovina 36 ",
            postal_code=" 10000",
            city="Zagreb ",
            country_code=" hr ",
        ),
        oib=" 39821269208 ",
        phone=" +385 1 555 0100 ",
        email=" info@leapbit.example ",
        website=" www.pixelus.example ",
        dpo=Person(name=" Ana Horvat ", email=" dpo@leapbit.example ", phone=" 01 555 0142 "),
        authority=replace(Authority(), name=f" {AZOP_NAME} ", website="azop.hr"),
    )
    cleaned = normalise_profile(messy)
    assert cleaned.controller_name == "Leapbit d.o.o."
    assert cleaned.address == Address("Savska Opatovina 36", "10000", "Zagreb", "HR")
    assert cleaned.oib == "39821269208"
    assert cleaned.phone == "+385 1 555 0100"
    assert cleaned.email == "info@leapbit.example"
    assert cleaned.website == "https://www.pixelus.example"
    assert cleaned.dpo == Person("Ana Horvat", "dpo@leapbit.example", "01 555 0142", Address())
    assert cleaned.authority.name == AZOP_NAME
    assert cleaned.authority.website == "https://azop.hr"
    assert validate_profile(cleaned) == []
    assert normalise_profile(cleaned) == cleaned  # idempotent


def test_normalise_keeps_version_and_logo() -> None:
    saved = replace(VALID, version=7, logo_attachment_id=3)
    cleaned = normalise_profile(saved)
    assert (cleaned.version, cleaned.logo_attachment_id) == (7, 3)


def test_labels_and_messages_come_in_the_active_language(tmp_path: Path) -> None:
    locale = compile_croatian_catalog(
        tmp_path / "locale",
        {
            "Controller name": "Naziv voditelja obrade",
            "is required": "je obavezan podatak",
            "DPO name": "Ime službenika za zaštitu podataka",
        },
    )
    set_language("hr", locale)
    errors = {e.field: e for e in validate_profile(normalise_profile(OrganisationProfile()))}
    assert errors["controller_name"].label == "Naziv voditelja obrade"
    assert errors["controller_name"].message == "je obavezan podatak"
    assert str(errors["dpo.name"]) == "Ime službenika za zaštitu podataka: je obavezan podatak"
    # Text the catalog lacks falls back to English rather than failing.
    assert errors["address.city"].label == "City"
    set_language("en", locale)
    assert validate_profile(normalise_profile(OrganisationProfile()))[0].label == "Controller name"


def test_validation_works_with_the_shipped_croatian_catalog() -> None:
    set_language("hr")
    errors = validate_profile(normalise_profile(OrganisationProfile()))
    assert len(errors) == 8
    for error in errors:
        assert isinstance(error.label, str) and error.label
        assert isinstance(error.message, str) and error.message
        assert error.label == _(FIELD_LABELS[error.field])


#: Labels that read the same in Croatian.
SAME_IN_CROATIAN = {"OIB"}


def test_every_field_label_has_a_croatian_translation() -> None:
    if not has_catalog("hr"):
        pytest.skip("the Croatian catalog is not compiled (./run and ./test compile it)")
    set_language("hr")
    untranslated = [
        label
        for label in FIELD_LABELS.values()
        if _(label) == label and label not in SAME_IN_CROATIAN
    ]
    assert untranslated == []
    assert _("is required") != "is required"
