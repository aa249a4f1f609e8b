"""Letters to data subjects as PDF: compiled from the request and the organisation, in both
languages, with hostile text rendered as text, fonts embedded, refusals when something is
missing, and the printed letter kept with the request."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dpo_desk.domain.changes import Register
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.letters import REQUEST_LETTERS, LetterType
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    Channel,
    Direction,
    ReplyChannel,
    Request,
    Right,
    Status,
)
from dpo_desk.reports.letter_pdf import letter_pdf_bytes, write_letter_pdf
from dpo_desk.services.bundle import Services
from dpo_desk.services.letters import OWN_TEXT_LABELS, LetterService, LetterTexts
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

TODAY = date(2026, 11, 20)
HOSTILE = "Ana <b>Šimić</b> & \"Đuro\" 'O'Brien' ČĆŽŠĐ 王小明 🙂"
LONG_WORD = "Prijevoznikovazaštitapodatakaodgovornostiobveznika" * 3


@pytest.fixture
def sample(services: Services, database: object) -> Services:
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())  # type: ignore[attr-defined]
    return services


def _request(services: Services, language: str = "hr", **changes: object) -> Request:
    request = Request(
        received_on=date(2026, 11, 16),
        channel=Channel.POST,
        rights=(Right.ACCESS, Right.ERASURE),
        subject=Person(name=HOSTILE, email="ana@example.hr"),
        language=language,
        reply_channel=ReplyChannel.POST,
        summary="Kopija podataka i brisanje",
    )
    request = replace(
        request,
        subject=replace(
            request.subject,
            address=replace(
                request.subject.address, street="Ilica 1", postal_code="10000", city="Zagreb"
            ),
        ),
        **changes,  # type: ignore[arg-type]
    )
    saved, _ = services.requests.save(request, TODAY)
    return saved


def _text(
    tmp_path: Path,
    services: Services,
    request: Request,
    kind: LetterType,
    text: str = "",
    free_text: str = "",
) -> str:
    letter = services.letters.compose(request, kind, TODAY, LetterTexts(text, free_text))
    path = write_letter_pdf(letter, tmp_path / f"{kind.value}-{request.language}.pdf")
    assert unembedded_fonts_pypdf(path) == []
    return " ".join(pdf_text(path).split())


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_acknowledgement_names_the_reference_the_due_date_and_the_dpo(
    sample: Services, tmp_path: Path, language: str
) -> None:
    request = _request(sample, language)
    text = _text(tmp_path, sample, request, LetterType.ACKNOWLEDGEMENT)
    assert request.reference in text
    # Received Monday 16.11.2026: due Wednesday 16.12.2026.
    due = "16. prosinca 2026." if language == "hr" else "16 December 2026"
    assert due in text
    assert "Leapbit d.o.o." in text and "OIB 39821269208" in text
    assert "Ana Horvat" in text and "dpo@leapbit.example" in text
    assert "Ilica 1" in text and "10000 Zagreb" in text  # the window address
    assert ("Stranica 1 od 1" if language == "hr" else "Page 1 of 1") in text
    if language == "hr":
        assert "prava: pristup, brisanje." in text and "20. studenoga 2026." in text
        assert "Poštovani," in text
    else:
        assert "right(s) of: access, erasure." in text and "20 November 2026" in text
        assert "Dear Ana <b>Šimić</b>" in text


def test_hostile_text_renders_as_text(sample: Services, tmp_path: Path) -> None:
    request = _request(sample)
    text = _text(
        tmp_path,
        sample,
        request,
        LetterType.REFUSAL,
        text="Zahtjev je <i>očito</i> neutemeljen & pretjeran\nu smislu čl. 12. st. 5.",
        free_text=LONG_WORD,
    )
    assert "Ana <b>Šimić</b> &" in text  # the markup printed, not applied
    assert "<i>očito</i> neutemeljen & pretjeran" in text
    assert "ČĆŽŠĐ" in text
    assert "王小明" in text  # drawn with the fallback font, not as empty boxes
    assert LONG_WORD[:40] in text.replace(" ", "")
    pdf = tmp_path / f"{LetterType.REFUSAL.value}-hr.pdf"
    fonts = {str(font) for font in _font_names(pdf)}
    assert any("DroidSansFallback" in f for f in fonts)  # 王小明
    assert any("Symbola" in f for f in fonts)  # 🙂
    assert "Agencija za zaštitu osobnih podataka" in text  # the right to complain
    assert "sudski pravni lijek" in text


def test_each_letter_needs_its_own_text_and_a_complete_letterhead(
    services: Services, sample: Services
) -> None:
    request = _request(sample)
    for kind in (
        LetterType.IDENTITY_REQUEST,
        LetterType.REFUSAL,
        LetterType.CONFIRMATION,
        LetterType.FEE,
    ):
        with pytest.raises(ValidationError, match="is required for this letter"):
            sample.letters.compose(request, kind, TODAY)
    profile = sample.organisation.profile()
    assert profile is not None
    # A database whose profile lacks the DPO (an older one, or one filled in by hand).
    without_dpo = LetterService(
        sample.requests,
        lambda: replace(profile, dpo=Person()),
        sample.letters.templates,
        lambda i, t: [],
    )
    with pytest.raises(ValidationError) as refused:
        without_dpo.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    assert {e.field for e in refused.value.errors} == {"dpo.name", "dpo.email"}


def test_an_extension_notice_only_while_the_first_month_runs(sample: Services) -> None:
    request = _request(sample)
    with pytest.raises(ValidationError, match="record the extension"):
        sample.letters.compose(request, LetterType.EXTENSION, TODAY)
    acknowledged, _ = sample.requests.move(request, Status.ACKNOWLEDGED, TODAY, TODAY)
    extended, _ = sample.requests.move(
        replace(acknowledged, extended_on=TODAY, extension_reasons="Četrdeset sustava"),
        Status.EXTENDED,
        TODAY,
        TODAY,
    )
    letter = sample.letters.compose(extended, LetterType.EXTENSION, TODAY)
    body = " ".join(letter.paragraphs)
    assert "Četrdeset sustava" in body and "16. veljače 2027." in body  # three months
    with pytest.raises(ValidationError, match="first month has run out"):
        sample.letters.compose(extended, LetterType.EXTENSION, date(2026, 12, 17))


def test_the_confirmation_names_the_recipients_told(sample: Services) -> None:
    recipient = next(r for r in sample.recipients.all() if r.is_processor)
    from dpo_desk.domain.request import RecipientNotice

    request = _request(
        sample, recipients_told=(RecipientNotice(recipient.id or 0, date(2026, 11, 19)),)
    )
    letter = sample.letters.compose(
        request, LetterType.CONFIRMATION, TODAY, LetterTexts(text="Izbrisali smo račun.")
    )
    body = " ".join(letter.paragraphs)
    assert recipient.name in body, body
    assert "19. studenoga 2026." in body and "članak 19." in body


def test_a_printed_letter_is_kept_with_the_request_and_an_identity_request_pauses_it(
    sample: Services,
) -> None:
    request = _request(sample)
    letter = sample.letters.compose(
        request, LetterType.IDENTITY_REQUEST, TODAY, LetterTexts(text="Presliku ugovora.")
    )
    pdf = letter_pdf_bytes(letter)
    saved, changes = sample.letters.record(request, letter, pdf, TODAY)
    assert changes.touches(Register.ATTACHMENTS) and changes.touches(Register.REQUESTS)
    entry = saved.correspondence[-1]
    assert (entry.direction, entry.on, entry.channel) == (Direction.OUT, TODAY, Channel.POST)
    (document_id,) = entry.document_ids
    stored = sample.attachments.get(document_id)
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert sample.attachments.content(document_id) == pdf
    assert saved.status is Status.AWAITING and saved.pauses[-1].end is None
    assert sample.requests.deadline(saved).due is None


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_access_answer_compiles_every_art_15_item_from_the_linked_activities(
    sample: Services, tmp_path: Path, language: str
) -> None:
    """Art. 15(1)(a)-(h), 15(2) and 15(3), from the register: each linked activity's purposes,
    data, recipients, third countries with safeguards, retention, source and automated
    decisions; the rights and the complaint to AZOP; the copies enclosed."""
    activities = {a.name: a for a in sample.activities.all()}
    account = activities["Pixelus ID account"]
    support = activities["Customer service"]
    request = _request(sample, language, activity_ids=(account.id or 0, support.id or 0))
    text = _text(
        tmp_path, sample, request, LetterType.ACCESS, text="izvadak računa (PDF); kupnje (CSV)"
    )
    for name in ("Pixelus ID account", "Customer service"):
        assert name in text
    assert account.purposes.split(";")[0][:40] in text  # (a), the register's own words
    assert "Identity data" in text or "Identifikacijski" in text  # (b), the catalogue's names
    assert "Srbija" in text or "Serbia" in text  # (c) a third country, and (2) its safeguards
    assert "2021/914" in text
    assert "Customer service correspondence" in text  # (d) retention per data category
    assert "Agencija za zaštitu osobnih podataka" in text  # the right to complain (f)
    assert "izvadak računa (PDF); kupnje (CSV)" in text  # 15(3)
    labels = {
        "hr": [
            "Svrhe (čl. 15. st. 1. t. (a))",
            "Kategorije osobnih podataka (čl. 15. st. 1. t. (b))",
            "Primatelji (čl. 15. st. 1. t. (c))",
            "Treće zemlje (čl. 15. st. 1. t. (c))",
            "Zaštitne mjere za te prijenose (čl. 15. st. 2.)",
            "Koliko se dugo podaci čuvaju (čl. 15. st. 1. t. (d))",
            "Odakle podaci potječu (čl. 15. st. 1. t. (g))",
            "Automatizirano donošenje odluka i izrada profila (čl. 15. st. 1. t. (h))",
            "ispravak ili brisanje",  # (e)
        ],
        "en": [
            "Purposes (Art. 15(1)(a))",
            "Categories of personal data (Art. 15(1)(b))",
            "Recipients (Art. 15(1)(c))",
            "Third countries (Art. 15(1)(c))",
            "Safeguards for those transfers (Art. 15(2))",
            "How long the data are kept (Art. 15(1)(d))",
            "Where the data come from (Art. 15(1)(g))",
            "Automated decisions and profiling (Art. 15(1)(h))",
            "rectify or erase",  # (e)
        ],
    }[language]
    for label in labels:
        assert label in text, label


def test_an_access_answer_needs_the_activities_and_the_copies(sample: Services) -> None:
    request = _request(sample)
    with pytest.raises(ValidationError) as refused:
        sample.letters.compose(request, LetterType.ACCESS, TODAY)
    assert {e.field for e in refused.value.errors} == {"text", "activity_ids"}


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_fee_notice_states_the_fee_and_the_right_to_complain(
    sample: Services, tmp_path: Path, language: str
) -> None:
    request = _request(sample, language)
    text = _text(
        tmp_path, sample, request, LetterType.FEE, text="25,00 EUR za peti zahtjev u mjesec dana."
    )
    assert "25,00 EUR za peti zahtjev u mjesec dana." in text
    assert ("članak 12. stavak 5." if language == "hr" else "Article 12(5)") in text
    assert "Agencija za zaštitu osobnih podataka" in text


def test_a_kept_letter_cannot_be_removed_or_changed(sample: Services) -> None:
    request = _request(sample)
    letter = sample.letters.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    saved, _changes = sample.letters.record(request, letter, letter_pdf_bytes(letter), TODAY)
    assert saved.correspondence[-1].letter == "acknowledgement"
    with pytest.raises(ValidationError, match="kept as sent"):
        sample.requests.save(replace(saved, correspondence=()), TODAY)
    edited = replace(saved.correspondence[-1], summary="Nešto drugo")
    with pytest.raises(ValidationError, match="kept as sent"):
        sample.requests.save(replace(saved, correspondence=(edited,)), TODAY)
    # A second letter is a new entry beside the first.
    again = sample.letters.compose(saved, LetterType.ACKNOWLEDGEMENT, TODAY)
    twice, _changes = sample.letters.record(saved, again, letter_pdf_bytes(again), TODAY)
    assert [e.letter for e in twice.correspondence] == ["acknowledgement", "acknowledgement"]
    assert len({e.document_ids for e in twice.correspondence}) == 2


def test_an_e_mail_draft_needs_an_address(sample: Services) -> None:
    request = _request(sample)  # by post, the subject has an e-mail address
    letter = sample.letters.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    draft = sample.letters.email_draft(request, letter, letter_pdf_bytes(letter))
    assert b"X-Unsent: 1" in draft and b"ana@example.hr" in draft
    no_address = replace(request, subject=replace(request.subject, email=""))
    with pytest.raises(ValidationError, match="no e-mail address"):
        sample.letters.email_draft(no_address, letter, b"%PDF")


def test_the_letterhead_carries_the_logo_when_one_is_set(sample: Services, tmp_path: Path) -> None:
    import struct
    import zlib

    def png(width: int, height: int) -> bytes:
        raw = b"".join(b"\x00" + b"\x10\x50\xa0" * width for _ in range(height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"")
        )

    profile = sample.organisation.profile()
    assert profile is not None
    sample.organisation.set_logo(profile, "logo.png", png(120, 40))
    request = _request(sample)
    letter = sample.letters.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    assert letter.logo is not None
    path = write_letter_pdf(letter, tmp_path / "logo.pdf")
    from pypdf import PdfReader

    resources: Any = PdfReader(path).pages[0]["/Resources"]
    assert "/XObject" in resources and len(resources["/XObject"]) == 1


def test_a_representative_is_addressed_as_such_and_needs_authority_for_disclosure(
    sample: Services, tmp_path: Path
) -> None:
    lawyer = Person(
        name="Odvjetnički ured Kovač",
        email="ured@kovac.example",
        address=Address("Vlaška 5", "10000", "Zagreb", "HR"),
    )
    account = next(a for a in sample.activities.all() if a.name == "Pixelus ID account")
    request = _request(sample, "en", requester=lawyer, activity_ids=(account.id or 0,))
    letter = sample.letters.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    assert letter.recipient_lines[0] == "Odvjetnički ured Kovač"
    assert letter.salutation == "Dear Odvjetnički ured Kovač,"
    assert any("on behalf of Ana <b>Šimić</b>" in p for p in letter.paragraphs)
    with pytest.raises(ValidationError, match="cannot be disclosed to the requester"):
        sample.letters.compose(request, LetterType.ACCESS, TODAY, LetterTexts(text="izvadak"))
    documented = replace(request, authority_documented=True)
    sample.letters.compose(documented, LetterType.ACCESS, TODAY, LetterTexts(text="izvadak"))


def test_deadlines_in_letters_are_the_first_month_and_never_while_paused(
    sample: Services,
) -> None:
    request = _request(sample)
    acknowledged, _changes = sample.requests.move(request, Status.ACKNOWLEDGED, TODAY, TODAY)
    extended, _changes = sample.requests.move(
        replace(acknowledged, extended_on=TODAY, extension_reasons="Mnogo sustava"),
        Status.EXTENDED,
        TODAY,
        TODAY,
    )
    # Even after the extension, the acknowledgement speaks of the first month's end.
    letter = sample.letters.compose(extended, LetterType.ACKNOWLEDGEMENT, TODAY)
    assert "16. prosinca 2026." in " ".join(letter.paragraphs)
    waiting, _changes = sample.requests.move(extended, Status.AWAITING, TODAY, TODAY, "OIB")
    with pytest.raises(ValidationError, match="clock stands still"):
        sample.letters.compose(waiting, LetterType.ACKNOWLEDGEMENT, TODAY)
    # An extension notice needs the extension recorded, not only its reasons typed in.
    typed = replace(request, extension_reasons="Samo razlozi")
    with pytest.raises(ValidationError, match="record the extension"):
        sample.letters.compose(typed, LetterType.EXTENSION, TODAY)


def test_an_identity_request_only_for_a_request_that_can_await(sample: Services) -> None:
    request = _request(sample)
    answered, _changes = sample.requests.move(request, Status.ANSWERED, TODAY, TODAY)
    with pytest.raises(ValidationError, match="cannot await the requester"):
        sample.letters.compose(
            answered, LetterType.IDENTITY_REQUEST, TODAY, LetterTexts(text="OIB")
        )
    other = _request(sample)
    letter = sample.letters.compose(
        other, LetterType.IDENTITY_REQUEST, TODAY, LetterTexts(text="Presliku ugovora.")
    )
    saved, _changes = sample.letters.record(other, letter, letter_pdf_bytes(letter), TODAY)
    assert saved.pauses[-1].reason == "Presliku ugovora."


def test_a_long_window_address_wraps_and_a_broken_logo_is_left_out(
    sample: Services, tmp_path: Path
) -> None:
    long_name = "Ivana Marija Katarina " + "Šimić-Čačić-Đurđević " * 5
    request = _request(sample, "en")
    request = replace(request, subject=replace(request.subject, name=long_name.strip()))
    letter = sample.letters.compose(request, LetterType.ACKNOWLEDGEMENT, TODAY)
    profile = sample.organisation.profile()
    assert profile is not None
    broken = replace(letter, logo=b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # a truncated PNG
    path = write_letter_pdf(broken, tmp_path / "long.pdf")
    text = " ".join(pdf_text(path).split())
    assert "Šimić-Čačić-Đurđević" in text and "20 November 2026" in text


def test_the_e_mail_draft_carries_the_portability_package(sample: Services) -> None:
    from email import message_from_bytes, policy

    from dpo_desk.services.portability import read_dataset

    request = _request(sample, "en")
    datasets = (read_dataset("account.csv", b"email\nana@example.hr\n"),)
    letter = sample.letters.compose(
        request, LetterType.PORTABILITY, TODAY, LetterTexts(datasets=datasets)
    )
    package = sample.letters.package(request, datasets)
    draft = sample.letters.email_draft(request, letter, letter_pdf_bytes(letter), package)
    message = message_from_bytes(draft, policy=policy.default)
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names[1] == f"{request.reference}-portability.zip"


def _font_names(path: Path) -> set[str]:
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize("language", ["hr", "en"])
@pytest.mark.parametrize("kind", REQUEST_LETTERS)
def test_every_letter_prints_in_both_languages_with_its_required_items(
    sample: Services, tmp_path: Path, kind: LetterType, language: str
) -> None:
    """Each letter: the reference on every page, the letterhead with the DPO (Art. 37(7)),
    the date in the language's format, and (where the letter decides or discloses) the right
    to complain to AZOP."""
    from dpo_desk.services.portability import read_dataset

    account = next(a for a in sample.activities.all() if a.name == "Pixelus ID account")
    request = _request(sample, language, activity_ids=(account.id or 0,))
    if kind is LetterType.EXTENSION:
        request, _changes = sample.requests.move(request, Status.ACKNOWLEDGED, TODAY, TODAY)
        request, _changes = sample.requests.move(
            replace(request, extended_on=TODAY, extension_reasons="Mnogo sustava"),
            Status.EXTENDED,
            TODAY,
            TODAY,
        )
    texts = LetterTexts(
        text="Tekst dopisa." if kind in OWN_TEXT_LABELS else "",
        datasets=(read_dataset("a.csv", b"x\n1\n"),) if kind is LetterType.PORTABILITY else (),
    )
    letter = sample.letters.compose(request, kind, TODAY, texts)
    path = write_letter_pdf(letter, tmp_path / f"{kind.value}.pdf")
    assert unembedded_fonts_pypdf(path) == []
    text = " ".join(pdf_text(path).split())
    assert request.reference in text
    assert "Ana Horvat" in text and "OIB 39821269208" in text
    assert ("20. studenoga 2026." if language == "hr" else "20 November 2026") in text
    if kind not in (LetterType.ACKNOWLEDGEMENT, LetterType.IDENTITY_REQUEST):
        assert "Agencija za zaštitu osobnih podataka" in text
