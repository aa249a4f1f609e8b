"""Contact validators: e-mail, telephone, web site, Croatian postal code, and addresses."""

from __future__ import annotations

import pytest

from dpo_desk.domain.contact import (
    Address,
    email_problem,
    normalise_website,
    phone_problem,
    postal_code_problem,
    website_problem,
)


@pytest.mark.parametrize(
    "value",
    [
        "azop@azop.hr",
        "dpo@leapbit.example",
        "ana.horvat+gdpr@mail.example.hr",
        "službenik@primjer.hr",  # a Croatian local part: permissive on purpose
        "a@b.co",
    ],
)
def test_usable_email_addresses_pass(value: str) -> None:
    assert email_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "azop.azop.hr",  # no @
        "azop@azop",  # no dot in the domain
        "azop@@azop.hr",
        "ana horvat@azop.hr",  # a space
        "@azop.hr",
        "azop@",
        "azop@azop.h",  # one-letter top-level domain
        "azop@azop.hr.",
        "",
    ],
)
def test_unusable_email_addresses_are_explained(value: str) -> None:
    problem = email_problem(value)
    assert problem is not None
    assert "e-mail" in problem


@pytest.mark.parametrize(
    "value",
    ["+385 1 4609 000", "01/4609-000", "(01) 4609 000", "+385.1.4609.000", "014609000"],
)
def test_telephone_numbers_as_people_write_them_pass(value: str) -> None:
    assert phone_problem(value) is None


@pytest.mark.parametrize("value", ["tel. 01 4609 000", "385+14609000", "01 4609 000 ext 5", "n/a"])
def test_telephone_with_foreign_characters_is_refused(value: str) -> None:
    problem = phone_problem(value)
    assert problem is not None
    assert "digits" in problem


@pytest.mark.parametrize("value", ["12345", "+385 1", "(01) 23"])
def test_telephone_with_too_few_digits_is_refused(value: str) -> None:
    problem = phone_problem(value)
    assert problem is not None
    assert "too short" in problem


@pytest.mark.parametrize(
    "value",
    [
        "https://azop.hr",
        "http://www.azop.hr/",
        "www.pixelus.example",
        "pixelus.example/privatnost?lang=hr",
        "https://www.example.hr:8443/path",
    ],
)
def test_web_addresses_pass(value: str) -> None:
    assert website_problem(value) is None


@pytest.mark.parametrize(
    "value",
    ["azop", "ftp://azop.hr", "https://", "https://azop .hr", "azop.hr path", "mailto:x@y.hr"],
)
def test_non_web_addresses_are_refused(value: str) -> None:
    problem = website_problem(value)
    assert problem is not None
    assert "web address" in problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("azop.hr", "https://azop.hr"),
        ("  www.azop.hr ", "https://www.azop.hr"),
        ("http://azop.hr", "http://azop.hr"),
        ("HTTPS://AZOP.HR", "HTTPS://AZOP.HR"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_website_adds_the_scheme_only_when_missing(value: str, expected: str) -> None:
    assert normalise_website(value) == expected


@pytest.mark.parametrize("value", ["10000", "21000", "31000", "51000", "53296", "52100"])
def test_croatian_postal_codes_pass(value: str) -> None:
    assert postal_code_problem(value, "HR") is None


@pytest.mark.parametrize(
    "value", ["1000", "100000", "00000", "09999", "60000", "HR-10000", "1000a"]
)
def test_wrong_croatian_postal_codes_are_refused(value: str) -> None:
    problem = postal_code_problem(value, "HR")
    assert problem is not None
    assert "five digits" in problem


def test_foreign_postal_codes_are_only_length_checked() -> None:
    assert postal_code_problem("SW1A 1AA", "GB") is None
    assert postal_code_problem("1010", "AT") is None
    assert postal_code_problem("D02 X285", "IE") is None
    problem = postal_code_problem("1234567890123", "DE")
    assert problem is not None
    assert "too long" in problem


def test_address_lines_and_blankness() -> None:
    address = Address(street="Selska cesta 136", postal_code="10000", city="Zagreb")
    assert address.lines() == ["Selska cesta 136", "10000 Zagreb"]
    assert not address.is_blank()
    assert Address(city="Zagreb").lines() == ["Zagreb"]
    assert Address().lines() == []
    # The country alone does not make an address: a new form is blank.
    assert Address(country_code="DE").is_blank()
