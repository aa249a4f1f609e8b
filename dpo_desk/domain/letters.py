"""Letters to data subjects (Art. 12) and about breaches (Art. 33, 34): their kinds, the templates they are written from, and
the rules a letter must meet before it is printed.

A template is plain text: a first line ``Subject: …``, then paragraphs separated by a blank
line. ``{name}`` is a placeholder filled from the request and the organisation; ``{{`` and
``}}`` are literal braces. A template naming a placeholder its letter does not know is refused
with the name, so a typo never prints as a blank in a letter to a data subject.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.organisation import OrganisationProfile
from dpo_desk.i18n import N_, _


class LetterType(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    IDENTITY_REQUEST = "identity-request"
    EXTENSION = "extension"
    CONFIRMATION = "confirmation"
    REFUSAL = "refusal"
    FEE = "fee"
    ACCESS = "access"
    PORTABILITY = "portability"
    # Personal-data breaches (an incident's, not a request's)
    BREACH_AUTHORITY = "breach-authority"  # Art. 33: the notification to AZOP
    BREACH_SUBJECTS = "breach-subjects"  # Art. 34: the communication to the data subjects


#: The letters written from a data-subject request.
REQUEST_LETTERS = (
    LetterType.ACKNOWLEDGEMENT,
    LetterType.IDENTITY_REQUEST,
    LetterType.EXTENSION,
    LetterType.CONFIRMATION,
    LetterType.REFUSAL,
    LetterType.FEE,
    LetterType.ACCESS,
    LetterType.PORTABILITY,
)
#: The letters written from an incident.
BREACH_LETTERS = (LetterType.BREACH_AUTHORITY, LetterType.BREACH_SUBJECTS)


LETTER_LABELS = {
    LetterType.ACKNOWLEDGEMENT: N_("Acknowledgement of receipt"),
    LetterType.IDENTITY_REQUEST: N_("Request for identity information or clarification"),
    LetterType.EXTENSION: N_("Extension notice (Art. 12(3))"),
    LetterType.CONFIRMATION: N_("Confirmation of the action taken"),
    LetterType.REFUSAL: N_("Refusal or no action (Art. 12(4), 12(5))"),
    LetterType.FEE: N_("Fee notice (Art. 12(5))"),
    LetterType.ACCESS: N_("Access answer (Art. 15)"),
    LetterType.PORTABILITY: N_("Portability package (Art. 20)"),
    LetterType.BREACH_AUTHORITY: N_("Notification of a breach to AZOP (Art. 33)"),
    LetterType.BREACH_SUBJECTS: N_("Communication of a breach to the data subjects (Art. 34)"),
}

#: What every letter may use: the organisation, its DPO, the authority and a free paragraph.
ORGANISATION_PLACEHOLDERS = frozenset(
    {
        "reference",
        "controller_name",
        "dpo_name",
        "dpo_contact",
        "authority_name",
        "authority_address",
        "free_text",
    }
)
#: What every letter from a request may use: the request and the people too.
COMMON_PLACEHOLDERS = ORGANISATION_PLACEHOLDERS | {
    "received_on",
    "due_on",
    "subject_name",
    "recipient_name",
    "rights",
    "summary",
    "on_behalf",
}
#: What the letters from an incident may use. {details}: where the notification's sections
#: (the Art. 33(3) items) are printed.
BREACH_PLACEHOLDERS = ORGANISATION_PLACEHOLDERS | {
    "title",
    "phase",
    "details",
    "authority_reference",
    "description",
    "consequences",
    "measures",
    "advice",
}

#: Placeholders only some letters have.
EXTRA_PLACEHOLDERS: dict[LetterType, frozenset[str]] = {
    LetterType.ACKNOWLEDGEMENT: frozenset(),
    LetterType.IDENTITY_REQUEST: frozenset({"asked_for"}),
    LetterType.EXTENSION: frozenset({"extension_reasons", "extended_due_on"}),
    LetterType.CONFIRMATION: frozenset({"actions", "recipients_told"}),
    LetterType.REFUSAL: frozenset({"reasons"}),
    LetterType.FEE: frozenset({"fee"}),
    # {register}: where the processing activities are listed, one section each (Art. 15(1)).
    LetterType.ACCESS: frozenset({"register", "enclosures"}),
    LetterType.PORTABILITY: frozenset({"package", "datasets"}),
    LetterType.BREACH_AUTHORITY: frozenset(),
    LetterType.BREACH_SUBJECTS: frozenset(),
}

#: What a letter's template cannot do without: the items the law asks the letter to carry.
#: An organisation's own version that drops one is refused.
REQUIRED_PLACEHOLDERS: dict[LetterType, frozenset[str]] = {
    # Art. 33(3): every item is in the sections.
    LetterType.BREACH_AUTHORITY: frozenset({"details"}),
    # Art. 34(2): the nature, the contact, the consequences, the measures (and the advice).
    LetterType.BREACH_SUBJECTS: frozenset(
        {"description", "consequences", "measures", "advice", "dpo_contact"}
    ),
    LetterType.ACCESS: frozenset({"register"}),
}
#: Placeholders that stand for a block of sections: alone in their paragraph.
_SECTION_PLACEHOLDERS = frozenset({"details", "register"})

#: What {register} becomes in a filled template: the renderer puts the sections there.
SECTIONS_MARK = "\x00sections\x00"


def placeholders(kind: LetterType) -> frozenset[str]:
    common = BREACH_PLACEHOLDERS if kind in BREACH_LETTERS else COMMON_PLACEHOLDERS
    return common | EXTRA_PLACEHOLDERS[kind]


@dataclass(frozen=True)
class LetterTemplate:
    subject: str
    paragraphs: tuple[str, ...]
    #: "Dear {recipient_name}," or the language's own formal greeting (optional line).
    salutation: str = ""


def parse_template(text: str, kind: LetterType, source: str) -> LetterTemplate:
    """The template in ``text`` (from ``source``, named in messages). ValidationError names
    every problem: no subject line, no paragraph, an unknown placeholder, a stray brace."""
    errors: list[FieldError] = []
    lines = text.replace("\r\n", "\n").split("\n")
    first = lines[0].strip() if lines else ""
    subject = ""
    if first.lower().startswith("subject:"):
        subject = first.split(":", 1)[1].strip()
        lines = lines[1:]
    else:
        errors.append(FieldError("template", source, _("the first line must be “Subject: …”")))
    salutation = ""
    if lines and lines[0].strip().lower().startswith("salutation:"):
        salutation = lines[0].split(":", 1)[1].strip()
        lines = lines[1:]
    body = "\n".join(lines).strip()
    paragraphs = tuple(
        " ".join(line.strip() for line in block.split("\n") if line.strip())
        for block in body.split("\n\n")
        if block.strip()
    )
    if not paragraphs:
        errors.append(FieldError("template", source, _("has no paragraph")))
    allowed = placeholders(kind)
    for part in (subject, salutation, *paragraphs):
        try:
            fields = [name for _literal, name, _spec, _conv in string.Formatter().parse(part)]
        except ValueError as error:
            errors.append(
                FieldError(
                    "template",
                    source,
                    _("has a stray brace ({problem}); write {{ or }} for a brace").format(
                        problem=error
                    ),
                )
            )
            continue
        for name in fields:
            if name is not None and name not in allowed:
                errors.append(
                    FieldError(
                        "template",
                        source,
                        _("uses the unknown placeholder {{{name}}}").format(name=name),
                    )
                )
    used = {
        name
        for part in (subject, salutation, *paragraphs)
        for _literal, name, _spec, _conv in _fields_of(part)
        if name
    }
    for name in sorted(REQUIRED_PLACEHOLDERS.get(kind, frozenset()) - used):
        errors.append(
            FieldError(
                "template",
                source,
                _("must contain {{{name}}}: the law asks the letter to carry it").format(name=name),
            )
        )
    for name in sorted(_SECTION_PLACEHOLDERS & used):
        if f"{{{name}}}" not in paragraphs:
            errors.append(
                FieldError(
                    "template",
                    source,
                    _("{{{name}}} must stand alone in its paragraph").format(name=name),
                )
            )
    if errors:
        raise ValidationError(errors)
    return LetterTemplate(subject=subject, paragraphs=paragraphs, salutation=salutation)


def _fields_of(part: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """The placeholders of a text ([] when its braces are broken: reported elsewhere)."""
    try:
        return list(string.Formatter().parse(part))
    except ValueError:
        return []


def fill(template: LetterTemplate, values: Mapping[str, str]) -> LetterTemplate:
    """The template with its placeholders replaced; a paragraph that is only an empty
    placeholder (no free text, no recipients) is left out rather than printed blank."""
    paragraphs = []
    for paragraph in template.paragraphs:
        filled = paragraph.format_map(values).strip()
        if filled:
            paragraphs.append(filled)
    return LetterTemplate(
        template.subject.format_map(values),
        tuple(paragraphs),
        template.salutation.format_map(values),
    )


@dataclass(frozen=True)
class LetterSection:
    """A titled block of a letter: one processing activity of an access answer, its items
    each a label and a text."""

    heading: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Letter:
    """A letter ready to print: who sends it, to whom, about what, and what it says."""

    kind: LetterType
    language: str
    reference: str
    dated_on: date
    dated: str  # the date in the letter's language
    sender_lines: tuple[str, ...]  # the letterhead: name, address, OIB, DPO contact
    recipient_lines: tuple[str, ...]  # the address in the envelope's window
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature_lines: tuple[str, ...]
    #: The sections (an access answer's activities), printed where ``SECTIONS_MARK`` stands
    #: among the paragraphs.
    sections: tuple[LetterSection, ...] = ()
    #: The letterhead's logo (PNG or JPEG), when the organisation set one.
    logo: bytes | None = None
    #: The letter's own text as written (what is asked for, the reasons, …).
    own_text: str = ""


def letterhead_problems(profile: OrganisationProfile | None) -> list[FieldError]:
    """What a letter needs from the organisation and is missing: refused, not printed blank."""
    if profile is None:
        return [FieldError("controller_name", _("Organisation"), _("is not set up"))]
    required = (
        ("controller_name", N_("Controller name"), profile.controller_name),
        ("address.street", N_("Street and number"), profile.address.street),
        ("address.postal_code", N_("Postal code"), profile.address.postal_code),
        ("address.city", N_("City"), profile.address.city),
        ("oib", N_("OIB"), profile.oib),
        ("dpo.name", N_("DPO name"), profile.dpo.name),
        ("dpo.email", N_("DPO e-mail"), profile.dpo.email or profile.dpo.phone),
    )
    return [
        FieldError(key, _(label), _("is needed for letters"))
        for key, label, value in required
        if not value.strip()
    ]


_MONTHS_HR = (
    "siječnja",
    "veljače",
    "ožujka",
    "travnja",
    "svibnja",
    "lipnja",
    "srpnja",
    "kolovoza",
    "rujna",
    "listopada",
    "studenoga",
    "prosinca",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def letter_date(day: date, language: str) -> str:
    """ "22. studenoga 2026." or "22 November 2026": a letter's date as each language writes
    it (Croatian takes the month in the genitive)."""
    if language == "hr":
        return f"{day.day}. {_MONTHS_HR[day.month - 1]} {day.year}."
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def body(letter: Letter) -> Iterator[str | LetterSection]:
    """The letter's paragraphs in order, its sections where the template placed them: what
    the PDF, the preview and the e-mail each print."""
    for paragraph in letter.paragraphs:
        if paragraph == SECTIONS_MARK:
            yield from letter.sections
        else:
            yield paragraph


def letter_text(letter: Letter) -> str:
    """The letter as plain text (the body of an e-mail that carries the PDF)."""
    blocks = [letter.salutation]
    for block in body(letter):
        if isinstance(block, LetterSection):
            lines = [block.heading] + [f"- {label}: {text}" for label, text in block.items]
            blocks.append("\n".join(lines))
        else:
            blocks.append(block)
    blocks.append(
        letter.closing + "\n" + "\n".join(line for line in letter.signature_lines if line)
    )
    return "\n\n".join(blocks) + "\n"
