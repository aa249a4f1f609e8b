"""The organisation block every export opens with (Art. 30(1)(a))."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import Person
from dpo_desk.i18n import set_language
from dpo_desk.reports.header import address_text, header_lines
from dpo_desk.services.sample import SAMPLE_PROFILE

GENERATED = datetime(2026, 11, 21, 13, 5, tzinfo=UTC)


def test_header_names_controller_dpo_authority_and_time() -> None:
    lines = header_lines(SAMPLE_PROFILE, GENERATED)
    assert lines == [
        (
            "Controller",
            "Leapbit d.o.o. (Pixelus), Savska Opatovina 36, 10000 Zagreb, Croatia, "
            "OIB 39821269208, info@leapbit.example, +385 1 555 0100",
        ),
        (
            "Data protection officer",
            "Ana Horvat, dpo@leapbit.example, +385 1 555 0142, Savska Opatovina 36, 10000 Zagreb, "
            "Croatia",
        ),
        ("Supervisory authority", "Agencija za zaštitu osobnih podataka (AZOP)"),
        ("Generated", "21.11.2026. 14:05"),
    ]


def test_the_representative_appears_only_when_there_is_one() -> None:
    representative = Person(
        name="Vertreter GmbH",
        email="rep@vertreter.example",
        address=Address("Unter den Linden 1", "10117", "Berlin", "DE"),
    )
    lines = dict(header_lines(replace(SAMPLE_PROFILE, representative=representative), GENERATED))
    assert lines["EU representative"] == (
        "Vertreter GmbH, rep@vertreter.example, Unter den Linden 1, 10117 Berlin, Germany"
    )
    assert "EU representative" not in dict(header_lines(SAMPLE_PROFILE, GENERATED))


def test_without_a_profile_the_header_says_so() -> None:
    assert header_lines(None, GENERATED) == [
        ("Controller", "(the organisation profile has not been filled in)"),
        ("Generated", "21.11.2026. 14:05"),
    ]


def test_blank_parts_are_left_out() -> None:
    bare = replace(SAMPLE_PROFILE, oib="", phone="", dpo=Person(name="Ana Horvat"))
    lines = dict(header_lines(bare, GENERATED))
    assert "OIB" not in lines["Controller"]
    assert ", ," not in lines["Controller"]
    assert lines["Data protection officer"] == "Ana Horvat"


def test_country_names_follow_the_language() -> None:
    address = Address("Ilica 1", "10000", "Zagreb", "HR")
    assert address_text(address) == "Ilica 1, 10000 Zagreb, Croatia"
    set_language("hr")
    assert address_text(address) == "Ilica 1, 10000 Zagreb, Hrvatska"
    assert address_text(Address(country_code="HR")) == ""  # a blank address gets no country
