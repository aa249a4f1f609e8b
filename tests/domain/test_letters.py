"""Letter templates and the rules a letter meets before it is printed."""

from __future__ import annotations

from datetime import date

import pytest

from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.letters import (
    LetterType,
    fill,
    letter_date,
    letterhead_problems,
    parse_template,
)
from dpo_desk.domain.organisation import OrganisationProfile, Person
from dpo_desk.i18n import set_language
from dpo_desk.paths import letters_dir


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_a_template_has_a_subject_and_paragraphs() -> None:
    template = parse_template(
        "Subject: Your request {reference}\n\nFirst line\ncontinued.\n\n\nSecond {{braces}}.",
        LetterType.ACKNOWLEDGEMENT,
        "ack.txt",
    )
    assert template.subject == "Your request {reference}"
    assert template.paragraphs == ("First line continued.", "Second {{braces}}.")
    filled = fill(template, {"reference": "DSR-2026-0001"})
    assert filled.subject == "Your request DSR-2026-0001"
    assert filled.paragraphs[1] == "Second {braces}."


def test_an_unknown_placeholder_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_template(
            "Subject: {reference}\n\nDue {due_date} and {asked_for}.",
            LetterType.ACKNOWLEDGEMENT,
            "custom.txt",
        )
    messages = [str(error) for error in refused.value.errors]
    assert messages == [
        "custom.txt: uses the unknown placeholder {due_date}",
        "custom.txt: uses the unknown placeholder {asked_for}",  # only the identity request's
    ]
    # The identity request knows {asked_for}.
    parse_template("Subject: x\n\n{asked_for}", LetterType.IDENTITY_REQUEST, "id.txt")


def test_a_stray_brace_and_a_missing_subject_are_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_template("Dear {reference\n\nText.", LetterType.REFUSAL, "bad.txt")
    text = str(refused.value)
    assert "Subject: …" in text and "stray brace" in text


def test_an_empty_placeholder_paragraph_is_left_out() -> None:
    template = parse_template(
        "Subject: s\n\nOne.\n\n{free_text}\n\nTwo.", LetterType.ACKNOWLEDGEMENT, "t"
    )
    assert fill(template, {"free_text": ""}).paragraphs == ("One.", "Two.")


@pytest.mark.parametrize("language", ["hr", "en"])
@pytest.mark.parametrize("kind", list(LetterType))
def test_every_shipped_template_parses(kind: LetterType, language: str) -> None:
    path = letters_dir() / language / f"{kind.value}.txt"
    template = parse_template(path.read_text(encoding="utf-8"), kind, path.name)
    assert "{reference}" in template.subject
    assert any("{dpo_name}" in paragraph for paragraph in template.paragraphs)


def test_dates_are_written_as_each_language_writes_them() -> None:
    assert letter_date(date(2026, 11, 22), "hr") == "22. studenoga 2026."
    assert letter_date(date(2026, 3, 1), "hr") == "1. ožujka 2026."
    assert letter_date(date(2026, 11, 22), "en") == "22 November 2026"


def test_a_letter_needs_the_organisation_and_its_dpo() -> None:
    assert [e.field for e in letterhead_problems(None)] == ["controller_name"]
    partial = OrganisationProfile(controller_name="Tvrtka d.o.o.", oib="39821269208")
    assert [e.field for e in letterhead_problems(partial)] == [
        "address.street",
        "address.postal_code",
        "address.city",
        "dpo.name",
        "dpo.email",
    ]
    whole = OrganisationProfile(
        controller_name="Tvrtka d.o.o.",
        address=Address("Ilica 1", "10000", "Zagreb", "HR"),
        oib="39821269208",
        dpo=Person(name="Ana Horvat", phone="+385 1 555 0142"),
    )
    assert letterhead_problems(whole) == []


def test_a_template_must_keep_what_the_law_asks_the_letter_to_carry() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_template(
            "Subject: Obavijest {reference}\n\nPoštovani, {title}.",
            LetterType.BREACH_AUTHORITY,
            "t",
        )
    assert "{details}" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        parse_template(
            "Subject: s {reference}\n\nVidi: {details} ovdje.", LetterType.BREACH_AUTHORITY, "t"
        )
    assert "must stand alone" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        parse_template(
            "Subject: s {reference}\n\n{description} {consequences} {measures}",
            LetterType.BREACH_SUBJECTS,
            "t",
        )
    assert "{advice}" in str(refused.value) and "{dpo_contact}" in str(refused.value)
