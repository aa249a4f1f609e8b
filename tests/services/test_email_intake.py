"""Reading requests that arrived by e-mail: a corpus of odd .eml files, Outlook .msg files built
by tests/services/msg_writer.py, property-based fuzzing, and the request drafted from each."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import extract_msg
import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpo_desk.domain.attachment import MAX_ATTACHMENT_BYTES
from dpo_desk.domain.request import Channel, ReplyChannel, Right
from dpo_desk.services.email_intake import (
    MAX_FILE_NAME,
    MAX_SUMMARY,
    IncomingMessage,
    MessageError,
    draft_request,
    guess_language,
    guess_rights,
    html_to_text,
    read_message,
    read_message_file,
    safe_file_name,
)
from tests.services.msg_writer import MsgAttachment, MsgMessage, build_cfb, build_msg

CORPUS = Path(__file__).resolve().parent.parent / "data" / "email"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF"

settings.register_profile(
    "email-intake",
    derandomize=True,  # the same examples on every run and in CI
    database=None,  # nothing written to .hypothesis/ in the work tree
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
FUZZ = settings.get_profile("email-intake")


def read(name: str) -> IncomingMessage:
    return read_message_file(CORPUS / name)


def assert_safe_name(name: str) -> None:
    assert name
    assert "/" not in name and "\\" not in name
    assert not name.startswith(".")
    assert len(name) <= MAX_FILE_NAME
    assert all(unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for char in name)
    assert not re.match(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", name, re.IGNORECASE)


def assert_well_formed(message: IncomingMessage) -> None:
    for attachment in message.attachments:
        assert_safe_name(attachment.file_name)
        assert attachment.content
    assert message.sent_at is None or message.sent_at.tzinfo is UTC
    assert message.sender_email == "" or "@" in message.sender_email
    assert all(isinstance(problem, str) and problem for problem in message.problems)


# --- The corpus ------------------------------------------------------------------------------


def test_plain_ascii_message_with_crlf_line_endings() -> None:
    message = read("01-plain-ascii-crlf.eml")
    assert message.file_name == "01-plain-ascii-crlf.eml"
    assert message.media_type == "message/rfc822"
    assert message.original == (CORPUS / "01-plain-ascii-crlf.eml").read_bytes()
    assert (message.sender_name, message.sender_email) == ("John Smith", "john.smith@example.com")
    assert message.sent_at == datetime(2026, 3, 2, 8, 14, 55, tzinfo=UTC)
    assert message.subject == "Subject access request"
    assert message.body.startswith("Dear Data Protection Officer,\n\nUnder Article 15 GDPR")
    assert "\r" not in message.body
    assert message.body.endswith("Kind regards,\nJohn Smith")
    assert message.attachments == ()
    assert message.problems == ()


def test_croatian_windows_1250_quoted_printable() -> None:
    message = read("02-croatian-qp-windows-1250-lf.eml")
    assert message.sender_name == "Đurđica Šimić-Čačić"
    assert message.sender_email == "durdica.simic@example.hr"
    assert message.subject == "Zahtjev za brisanje osobnih podataka – Đurđica Šimić"
    assert message.sent_at == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    # The soft line break (=\n) of quoted-printable joins the line again.
    assert "iz vaše baze (čl. 17. Opće uredbe o zaštiti podataka).\nŽelim potvrdu" in message.body
    assert message.body.endswith("Lijep pozdrav,\nĐurđica Šimić-Čačić")
    assert message.problems == ()


def test_line_endings_do_not_change_what_is_read() -> None:
    lf = (CORPUS / "02-croatian-qp-windows-1250-lf.eml").read_bytes()
    crlf = lf.replace(b"\n", b"\r\n")
    from_lf, from_crlf = read_message("lf.eml", lf), read_message("crlf.eml", crlf)
    assert (from_crlf.subject, from_crlf.body, from_crlf.sent_at) == (
        from_lf.subject,
        from_lf.body,
        from_lf.sent_at,
    )
    assert from_crlf.original == crlf


def test_base64_utf8_with_encoded_words() -> None:
    message = read("03-base64-utf8-rfc2047.eml")
    assert (message.sender_name, message.sender_email) == (
        "Željko Ćosić",
        "zeljko.cosic@example.hr",
    )
    assert message.subject == "Zahtjev za pristup podacima – čćđšž ČĆĐŠŽ"
    assert message.sent_at == datetime(2026, 3, 10, 15, 45, 12, tzinfo=UTC)
    assert "koristim pravo na pristup osobnim podacima (čl. 15.)" in message.body
    assert "uključujući snimke videonadzora" in message.body
    assert message.problems == ()


def test_html_only_message_becomes_readable_text() -> None:
    message = read("04-html-only.eml")
    assert message.body == (
        "Poštovani,\n\n"
        "ulažem prigovor na obradu mojih podataka za izradu profila čitatelja.\n\n"
        "• prvi razlog\n• drugi razlog\n\n"
        "Više na pravilima privatnosti <https://example.hr/pravila>.\nAna Horvat"
    )
    assert "alert" not in message.body and "color" not in message.body
    assert "ignored title" not in message.body


def test_pdf_and_jpeg_attachments_keep_their_names_bytes_and_types() -> None:
    message = read("05-pdf-and-jpeg.eml")
    assert message.sender_name == "Marko Babić"
    assert message.subject == "Ispravak podataka"
    assert message.body == (
        "Molim ispravak moje adrese, prilažem potvrdu o prebivalištu i fotografiju."
    )
    pdf, jpeg = message.attachments
    assert (pdf.file_name, pdf.media_type, pdf.content) == (
        "potvrda o prebivalištu.pdf",  # RFC 2047 in the name parameter
        "application/pdf",
        PDF,
    )
    assert jpeg.file_name == "slika računa.jpg"  # RFC 2231
    assert jpeg.media_type == "image/jpeg"
    assert jpeg.content.startswith(JPEG_START) and jpeg.content.endswith(b"\xff\xd9")
    assert len(jpeg.content) == 278
    assert message.problems == ()


def test_hostile_attachment_names_are_made_safe() -> None:
    message = read("06-hostile-attachment-names.eml")
    names = [attachment.file_name for attachment in message.attachments]
    assert names[0] == "passwd"  # "../../etc/passwd"
    assert names[1] == "fdp.exe"  # "\u202efdp.exe" showed as "exe.pdf"
    assert len(names[2]) == MAX_FILE_NAME and names[2].endswith("aaaa.pdf")
    assert names[3] == "attachment-4.jpg"  # an empty name: named by the JPEG's signature
    assert names[4] == "_CON"
    assert names[5] == "htaccess"  # "C:\\Users\\ana\\..\\.htaccess": no hidden file
    assert names[6] == "prilog[31m.txt"  # a tab, a bell and an escape removed
    assert names[7] == "attachment-8.jpg"  # no name at all
    for attachment in message.attachments:
        assert_safe_name(attachment.file_name)
    assert message.attachments[0].content == b"root:x:0:0:root:/root:/bin/bash\n"
    assert message.attachments[2].media_type == "application/pdf"
    assert message.attachments[3].media_type == "image/jpeg"
    assert message.sender_name == "" and message.sender_email == "mallory@example.net"


def test_forwarded_request_keeps_the_inner_message_and_its_attachment() -> None:
    message = read("07-forwarded-request.eml")
    assert (message.sender_name, message.sender_email) == ("Recepcija", "info@tvrtka.hr")
    assert message.sent_at == datetime(2026, 3, 30, 6, 5, tzinfo=UTC)
    assert message.body.startswith("Prosljeđujem zahtjev koji je stigao u petak.\n\n")
    assert "From: Ivana Kovač <ivana.kovac@example.hr>" in message.body
    assert "Sent: 27.03.2026. 17:20" in message.body  # shown in Zagreb time
    assert message.body.endswith("u strojno čitljivom obliku (prenosivost).")
    inner, power_of_attorney = message.attachments
    assert inner.file_name == "Zahtjev za prenosivost podataka.eml"
    assert inner.media_type == "message/rfc822"
    again = read_message(inner.file_name, inner.content)  # the kept .eml reads on its own
    assert again.sender_email == "ivana.kovac@example.hr"
    assert again.sent_at == datetime(2026, 3, 27, 16, 20, tzinfo=UTC)
    assert again.attachments[0].content == PDF
    assert (power_of_attorney.file_name, power_of_attorney.content) == ("punomoc.pdf", PDF)
    assert message.problems == (
        "It forwards a message from Ivana Kovač <ivana.kovac@example.hr> sent 27.03.2026. "
        "17:20: the data subject and the day of receipt may be those of the forwarded message.",
    )


def test_missing_date_is_a_problem_to_fill_in() -> None:
    message = read("08-no-date.eml")
    assert message.sent_at is None
    assert message.subject == "Ograničenje obrade"
    assert message.problems == ("The message has no date: enter the day it was received.",)


def test_missing_date_falls_back_to_the_receiving_server() -> None:
    content = (
        b"Received: from a.example.hr by mx.tvrtka.hr; Tue, 3 Mar 2026 10:00:00 +0100\n"
        b"Received: from b.example.hr by a.example.hr; Tue, 3 Mar 2026 09:59:00 +0100\n"
        b"From: a@example.hr\nSubject: x\n\nbody\n"
    )
    message = read_message("x.eml", content)
    assert message.sent_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert message.problems == (
        "The message has no date; the time its mail server received it was used instead.",
    )


def test_european_zone_name_is_not_read_as_utc() -> None:
    message = read("09-odd-date.eml")
    assert message.sent_at == datetime(2026, 3, 29, 8, 15, tzinfo=UTC)  # 10:15 CEST
    assert message.body.startswith("Please unsubscribe me from the newsletter")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Sat, 28 Mar 2026 14:05:00 +0100", datetime(2026, 3, 28, 13, 5, tzinfo=UTC)),
        ("Sat, 28 Mar 2026 14:05:00 +0100 (CET)", datetime(2026, 3, 28, 13, 5, tzinfo=UTC)),
        ("Sat, 28 Mar 2026 14:05:00 CET", datetime(2026, 3, 28, 13, 5, tzinfo=UTC)),
        ("Sat, 28 Mar 2026 14:05:00 -0000", datetime(2026, 3, 28, 14, 5, tzinfo=UTC)),
        ("Sat, 28 Mar 2026 14:05:00 GMT", datetime(2026, 3, 28, 14, 5, tzinfo=UTC)),
        ("28 Mar 26 14:05 EST", datetime(2026, 3, 28, 19, 5, tzinfo=UTC)),
        ("2026-07-01T09:30:00+02:00", datetime(2026, 7, 1, 7, 30, tzinfo=UTC)),
        ("2026-07-01T09:30:00Z", datetime(2026, 7, 1, 9, 30, tzinfo=UTC)),
        ("28.03.2026. 14:05", datetime(2026, 3, 28, 13, 5, tzinfo=UTC)),  # Zagreb, CET
        ("1.7.2026 u 9:30", datetime(2026, 7, 1, 7, 30, tzinfo=UTC)),  # Zagreb, CEST
    ],
)
def test_dates_as_clients_write_them(header: str, expected: datetime) -> None:
    message = read_message("d.eml", f"From: a@example.hr\nDate: {header}\n\nx\n".encode())
    assert message.sent_at == expected
    assert message.sent_at is not None and message.sent_at.tzinfo is UTC
    assert message.problems == ()


@pytest.mark.parametrize("header", ["yesterday", "32.13.2026. 25:61", "Sat, 28 Foo 2026", "0"])
def test_unreadable_date_is_a_problem(header: str) -> None:
    message = read_message("d.eml", f"From: a@example.hr\nDate: {header}\n\nx\n".encode())
    assert message.sent_at is None
    assert message.problems == (
        f"The message's date “{header}” could not be read: enter the day it was received.",
    )


def test_unknown_charset_is_read_as_windows_1250_and_said() -> None:
    message = read("10-unknown-charset.eml")
    assert message.subject == "Povlačenje privole"
    assert message.body == "Povlačim privolu za obradu podataka u svrhu promidžbe. Hvala."
    assert message.problems == (
        "Part of the text did not say its character set, or named one DPO Desk does not know "
        "(x-unknown); it was read as Central European (Windows-1250): check its letters.",
    )


def test_utf8_body_under_an_unknown_charset_needs_no_warning() -> None:
    content = (
        b"From: a@example.hr\nDate: Mon, 2 Mar 2026 09:00:00 +0100\n"
        b"Content-Type: text/plain; charset=unknown-8bit\n\n" + "Tražim uvid.".encode()
    )
    message = read_message("u.eml", content)
    assert message.body == "Tražim uvid."
    assert message.problems == ()


def test_iso_8859_2_label_on_windows_1250_bytes() -> None:
    content = b"From: a@example.hr\nContent-Type: text/plain; charset=iso-8859-2\n\n" + (
        "Poštovani, tražim brisanje. Žurno!".encode("cp1250")
    )
    assert read_message("l.eml", content).body == "Poštovani, tražim brisanje. Žurno!"


def test_file_cut_short_inside_its_headers_is_refused() -> None:
    with pytest.raises(MessageError) as raised:
        read("11-truncated-headers.eml")
    assert str(raised.value) == (
        "“11-truncated-headers.eml” is not an e-mail message: it ends inside its headers, "
        "so it seems cut short."
    )
    assert raised.value.file_name == "11-truncated-headers.eml"
    assert isinstance(raised.value, ValueError)


def test_file_that_is_not_an_email_is_refused() -> None:
    with pytest.raises(MessageError, match=r"^“12-not-an-email.eml” is not an e-mail message: "):
        read("12-not-an-email.eml")


def test_alternative_prefers_plain_text_and_keeps_the_inline_image() -> None:
    message = read("13-alternative-inline-image.eml")
    assert message.body == "Zanima me logika automatiziranog odlučivanja o mom kreditu."
    (image,) = message.attachments
    assert (image.file_name, image.media_type) == ("potpis.png", "image/png")
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert message.problems == (
        "Replies are asked to go to drugi.nikola@example.com, not to the sender's address "
        "nikola@example.hr: check which one belongs to the data subject.",
    )


def test_missing_from_and_broken_headers_are_survived() -> None:
    message = read("14-no-from-broken-headers.eml")
    assert (message.sender_name, message.sender_email) == ("", "")
    assert message.subject == "Zahtjev – uvid u snimke kamera"  # raw 8-bit UTF-8
    assert message.body == "Molim uvid u snimke kamera s ulaza od 15.3.2026."
    assert message.sent_at == datetime(2026, 3, 18, 12, 13, 13, tzinfo=UTC)
    assert message.problems == (
        "The message has no sender (From): enter the data subject's details.",
    )


def test_multipart_cut_short_is_read_with_a_problem() -> None:
    message = read("15-cut-multipart.eml")
    assert message.body == "I want to access my data."
    (partial,) = message.attachments
    assert partial.file_name == "id.pdf" and partial.content.startswith(b"%PDF-1.4")
    assert "The message seems cut short: part of it may be missing." in message.problems


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda path: path.name)
def test_every_corpus_file_is_read_or_refused_cleanly(path: Path) -> None:
    try:
        message = read_message(path.name, path.read_bytes())
    except MessageError as error:
        assert path.name in str(error)
        return
    assert_well_formed(message)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty."),
        (b" \r\n\t\n", "the file is empty."),
        (PDF, "it has no e-mail headers (From, To, Subject, Date)."),
        (bytes(range(256)) * 4, "it is a binary file, not text."),
        (b"Hello,\n\nthis is a letter, not an e-mail.\n", "it has no e-mail headers"),
        (b"X-Custom: 1\nFoo: bar\n\nbody\n", "it has no e-mail headers"),
        (b"\nFrom: a@example.hr\n\nbody\n", "it has no e-mail headers"),
    ],
)
def test_what_is_not_an_email_is_refused_naming_the_file(content: bytes, reason: str) -> None:
    with pytest.raises(MessageError) as raised:
        read_message("../zahtjev\u202e.eml", content)
    assert str(raised.value).startswith(
        f"“zahtjev.eml” is not an e-mail message: {reason}"
    )  # the name as safe to show as any other


def test_headers_without_a_blank_line_but_with_text_are_read() -> None:
    message = read_message("m.eml", b"From: a@example.hr\nSubject: x\nMolim uvid.\n")
    assert message.sender_email == "a@example.hr"
    assert message.body == "Molim uvid."


def test_file_name_is_made_safe() -> None:
    message = read_message("C:\\Mail\\..\\.zahtjev\x07.eml", b"From: a@example.hr\n\nx\n")
    assert message.file_name == "zahtjev.eml"
    assert read_message("", b"From: a@example.hr\n\nx\n").file_name == "message.eml"


def test_duplicate_attachment_names_are_numbered() -> None:
    outer = EmailMessage()
    outer["From"] = "a@example.hr"
    outer.set_content("Prilozi.")
    for content in (b"1", b"2", b"3"):
        outer.add_attachment(content, "application", "pdf", filename="scan.pdf")
    message = read_message("d.eml", outer.as_bytes())
    assert [(item.file_name, item.content) for item in message.attachments] == [
        ("scan.pdf", b"1"),
        ("scan (2).pdf", b"2"),
        ("scan (3).pdf", b"3"),
    ]


def test_empty_and_broken_attachments_are_left_out_with_a_problem() -> None:
    content = (
        b"From: a@example.hr\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
        b"Content-Type: text/plain\n\nTekst.\n--B\n"
        b'Content-Type: application/pdf\nContent-Disposition: attachment; filename="prazno.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\n\n--B\n"
        b'Content-Type: image/png\nContent-Disposition: attachment; filename="slika.png"\n'
        b"Content-Transfer-Encoding: base64\n\niVBORw0KGgo=AAAA*\n--B--\n"
    )
    message = read_message("b.eml", content)
    assert message.body == "Tekst."
    assert [item.file_name for item in message.attachments] == ["slika.png"]
    assert "Attachment “prazno.pdf” is empty and was left out." in message.problems
    assert "Attachment “slika.png” may be damaged: its encoding had errors." in message.problems


def test_deeply_nested_forwards_stop_at_a_limit() -> None:
    inner = EmailMessage()
    inner["From"] = "deep@example.hr"
    inner.set_content("Najdublje.")
    for level in range(12):
        outer = EmailMessage()
        outer["From"] = f"level{level}@example.hr"
        outer.set_content(f"Razina {level}.")
        outer.add_attachment(inner)
        inner = outer
    message = read_message("deep.eml", inner.as_bytes())
    assert "Parts nested more than 8 levels deep were left out." in message.problems
    assert message.body.startswith("Razina 11.")


def test_encrypted_message_says_it_cannot_be_read() -> None:
    content = (
        b"From: a@example.hr\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data;"
        b' name="smime.p7m"\nContent-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIAC\n'
    )
    message = read_message("s.eml", content)
    assert "The message is encrypted: DPO Desk cannot read what it says." in message.problems
    assert [item.file_name for item in message.attachments] == ["smime.p7m"]


def test_sender_without_a_valid_address() -> None:
    message = read_message("s.eml", b"From: Ana Horvat\nDate: 2 Mar 2026 09:00 +0100\n\nx\n")
    assert (message.sender_name, message.sender_email) == ("Ana Horvat", "")
    assert message.problems == ("The sender's address “Ana Horvat” is not an e-mail address.",)
    message = read_message("s.eml", b"From: Ana <ana@localhost>\n\nx\n")
    assert (message.sender_name, message.sender_email) == ("Ana", "")


# --- Reading from a path ---------------------------------------------------------------------


def test_read_message_file_refuses_a_large_file_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.eml"
    with path.open("wb") as file:
        file.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: the size the disk reports

    def no_reading(self: Path) -> bytes:
        raise AssertionError("read before the size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(MessageError, match=r"DPO Desk keeps files up to 25\.0 MiB"):
        read_message_file(path)


def test_read_message_refuses_content_over_the_limit() -> None:
    with pytest.raises(MessageError, match=r"^big.eml: is 25\.0 MiB; DPO Desk keeps"):
        read_message("big.eml", b"From: a@example.hr\n\n" + b"x" * MAX_ATTACHMENT_BYTES)


def test_read_message_file_names_the_path_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nema.eml"
    with pytest.raises(MessageError, match=r"^/.*nema\.eml: cannot be read: No such file"):
        read_message_file(missing)
    with pytest.raises(MessageError, match=r"cannot be read"):
        read_message_file(tmp_path)  # a folder


# --- Outlook .msg ----------------------------------------------------------------------------

CROATIAN_MSG = MsgMessage(
    subject="Zahtjev za brisanje – čćđšž ČĆĐŠŽ",
    sender_name="Đurđa Šimić",
    sender_email="durda.simic@example.hr",
    body="Poštovani,\r\nmolim brisanje mojih osobnih podataka.\r\n\r\nĐurđa\r\n",
    submit_time=datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
    delivery_time=datetime(2026, 3, 28, 23, 31, tzinfo=UTC),
    attachments=(
        MsgAttachment("osobna iskaznica – stražnja.pdf", PDF, "application/pdf"),
        MsgAttachment("fotografija.jpg", JPEG_START + bytes(5000), "image/jpeg"),  # > 4096 B
    ),
)


def test_generated_msg_is_a_valid_compound_file(tmp_path: Path) -> None:
    data = build_msg(CROATIAN_MSG)
    path = tmp_path / "check.msg"
    path.write_bytes(data)
    assert olefile.isOleFile(str(path))
    with olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.exists("__substg1.0_0037001F")
        assert ole.exists("__attach_version1.0_#00000001/__substg1.0_37010102")
        attachment = ole.openstream("__attach_version1.0_#00000001/__substg1.0_37010102").read()
        assert attachment == JPEG_START + bytes(5000)
    msg = extract_msg.openMsg(str(path))
    try:
        assert isinstance(msg, extract_msg.Message)
        assert msg.subject == CROATIAN_MSG.subject
        assert [item.longFilename for item in msg.attachments] == [
            "osobna iskaznica – stražnja.pdf",
            "fotografija.jpg",
        ]
    finally:
        msg.close()


def test_outlook_message_with_croatian_text() -> None:
    data = build_msg(CROATIAN_MSG)
    message = read_message("Zahtjev.msg", data)
    assert message.media_type == "application/vnd.ms-outlook"
    assert message.original == data
    assert (message.sender_name, message.sender_email) == ("Đurđa Šimić", "durda.simic@example.hr")
    assert message.subject == "Zahtjev za brisanje – čćđšž ČĆĐŠŽ"
    assert message.sent_at == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert message.body == "Poštovani,\nmolim brisanje mojih osobnih podataka.\n\nĐurđa"
    pdf, photo = message.attachments
    assert (pdf.file_name, pdf.media_type, pdf.content) == (
        "osobna iskaznica – stražnja.pdf",
        "application/pdf",
        PDF,
    )
    assert (photo.file_name, photo.media_type) == ("fotografija.jpg", "image/jpeg")
    assert photo.content == JPEG_START + bytes(5000)
    assert message.problems == ()
    assert draft_request(message).received_on == date(2026, 3, 29)


def test_outlook_format_is_told_by_content_not_name() -> None:
    message = read_message("zahtjev.eml", build_msg(CROATIAN_MSG))
    assert message.media_type == "application/vnd.ms-outlook"
    assert message.file_name == "zahtjev.eml"


def test_outlook_message_in_an_8_bit_code_page() -> None:
    data = build_msg(
        MsgMessage(
            subject="Ograničenje obrade",
            sender_name="Šime Žužić",
            sender_email="sime@example.hr",
            body="Tražim ograničenje obrade.",
            submit_time=datetime(2026, 1, 15, 22, 59, tzinfo=UTC),
            codepage=1250,
        )
    )
    message = read_message("ansi.msg", data)
    assert (message.sender_name, message.subject) == ("Šime Žužić", "Ograničenje obrade")
    assert message.body == "Tražim ograničenje obrade."


def test_outlook_html_body_and_exchange_sender() -> None:
    data = build_msg(
        MsgMessage(
            subject="Pristup",
            sender_name="Ivo Ivić",
            sender_email="/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=IVO",
            sender_address_type="EX",
            sender_smtp="ivo.ivic@example.hr",
            html=b"<html><body><p>Molim <b>pristup</b> podacima.</p><p>Ivo</p></body></html>",
            delivery_time=datetime(2026, 2, 2, 8, 0, tzinfo=UTC),
        )
    )
    message = read_message("html.msg", data)
    assert message.sender_email == "ivo.ivic@example.hr"  # not the X.500 path
    assert message.body == "Molim pristup podacima.\n\nIvo"
    assert message.sent_at == datetime(2026, 2, 2, 8, 0, tzinfo=UTC)  # delivery time


def test_outlook_message_without_date_or_address() -> None:
    data = build_msg(MsgMessage(subject="Bez datuma", sender_name="Netko", body="Tekst."))
    message = read_message("n.msg", data)
    assert message.sent_at is None
    assert message.sender_email == ""
    assert message.problems == (
        "The message has no sender's e-mail address: enter the data subject's details.",
        "The message has no date: enter the day it was received.",
    )
    assert draft_request(message).reply_channel is ReplyChannel.POST


def test_outlook_sender_and_date_from_transport_headers() -> None:
    data = build_msg(
        MsgMessage(
            subject="S",
            body="b",
            transport_headers=(
                "Received: from x by y; Sat, 28 Mar 2026 10:00:01 +0100\r\n"
                "From: =?utf-8?q?Ana_Kova=C4=8D?= <ana@example.hr>\r\n"
                "Date: Sat, 28 Mar 2026 10:00:00 +0100\r\n"
            ),
        )
    )
    message = read_message("h.msg", data)
    assert (message.sender_name, message.sender_email) == ("Ana Kovač", "ana@example.hr")
    assert message.sent_at == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)


def test_outlook_forward_keeps_the_attached_message_and_its_files() -> None:
    original = MsgMessage(
        subject="Zahtjev za pristup",
        sender_name="Ivana Kovač",
        sender_email="ivana@example.hr",
        body="Molim kopiju mojih podataka.",
        submit_time=datetime(2026, 3, 27, 16, 20, tzinfo=UTC),
        attachments=(MsgAttachment("punomoć.pdf", PDF, "application/pdf"),),
    )
    data = build_msg(
        MsgMessage(
            subject="FW: Zahtjev za pristup",
            sender_name="Recepcija",
            sender_email="info@tvrtka.hr",
            body="Prosljeđujem.",
            submit_time=datetime(2026, 3, 30, 6, 5, tzinfo=UTC),
            attachments=(MsgAttachment(embedded=original),),
        )
    )
    message = read_message("fw.msg", data)
    assert message.body.startswith("Prosljeđujem.\n\n")
    assert "From: Ivana Kovač <ivana@example.hr>" in message.body
    assert message.body.endswith("Molim kopiju mojih podataka.")
    attached, power_of_attorney = message.attachments
    assert attached.file_name == "Zahtjev za pristup.msg"
    assert attached.media_type == "application/vnd.ms-outlook"
    again = read_message(attached.file_name, attached.content)
    assert (again.sender_email, again.subject) == ("ivana@example.hr", "Zahtjev za pristup")
    assert (power_of_attorney.file_name, power_of_attorney.content) == ("punomoć.pdf", PDF)
    assert any(
        problem.startswith("It forwards a message from Ivana") for problem in message.problems
    )
    assert draft_request(message).summary == "Zahtjev za pristup"


def test_outlook_hostile_attachment_name_and_link_attachment() -> None:
    data = build_msg(
        MsgMessage(
            subject="x",
            sender_email="a@example.hr",
            body="x",
            submit_time=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
            attachments=(
                MsgAttachment("..\\..\\\u202egpj.exe", b"MZ", "application/octet-stream"),
                MsgAttachment("", b"%PDF-1.7 no name", ""),
                MsgAttachment("link.docx", None, "", method=2),  # by reference: no data
            ),
        )
    )
    message = read_message("h.msg", data)
    assert [item.file_name for item in message.attachments] == ["gpj.exe", "attachment-2.pdf"]
    assert len(message.problems) == 1
    assert message.problems[0] in (
        "Attachment “link.docx” is only a link to a file elsewhere and was left out.",
        "Attachment “link.docx” could not be decoded and was left out.",
    )


@pytest.mark.parametrize("fraction", [0.5, 0.25, 0.9, 0.99])
def test_truncated_outlook_file_is_refused(fraction: float) -> None:
    data = build_msg(CROATIAN_MSG)
    with pytest.raises(MessageError, match=r"^“cut.msg” is not an e-mail message: "):
        read_message("cut.msg", data[: int(len(data) * fraction)])


def test_office_file_that_is_not_a_message_is_refused() -> None:
    document = build_cfb({"WordDocument": b"\xec\xa5" + bytes(5000), "1Table": bytes(700)})
    with pytest.raises(MessageError) as raised:
        read_message("pismo.msg", document)
    assert str(raised.value) == (
        "“pismo.msg” is not an e-mail message: it is an Office document (OLE), but not an "
        "Outlook message."
    )


def test_ole_storage_with_streams_but_no_message_properties() -> None:
    empty = build_cfb({"__substg1.0_001A001F": "IPM.Note".encode("utf-16-le"), "junk": b"x"})
    with pytest.raises(MessageError):
        read_message("prazno.msg", empty)


def test_reading_msg_writes_no_files_and_logs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    levels = {name: logging.getLogger(name).level for name in ("extract_msg", "olefile")}
    caplog.set_level(logging.DEBUG)
    read_message("a.msg", build_msg(CROATIAN_MSG))
    with pytest.raises(MessageError):
        read_message("b.msg", build_msg(CROATIAN_MSG)[:3000])
    assert [record for record in caplog.records if not record.name.startswith("hypothesis")] == []
    assert list(tmp_path.iterdir()) == []
    assert {name: logging.getLogger(name).level for name in levels} == levels


# --- Pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zahtjev.pdf", "zahtjev.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\Desktop\\scan 1.jpg", "scan 1.jpg"),
        ("folder/", "folder"),
        ("\u202etxt.exe", "txt.exe"),
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ("...hidden", "hidden"),
        ("  spaced   out .pdf  ", "spaced out .pdf"),
        ("b" * 114 + "  .  " + "c" * 20 + ".pdf", "b" * 114 + ".pdf"),  # cut: no " ." left
        ("trailing dots...", "trailing dots"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("console.txt", "console.txt"),
        ("", "fallback.bin"),
        ("../..", "fallback.bin"),
        ("\x00\x01\x7f", "fallback.bin"),
        ("Cˇ", "Cˇ"),
        ("C\u030c.txt", "Č.txt"),  # decomposed (macOS) to composed
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("a" * 300, "a" * 120),
        ("x." + "y" * 200, ("x." + "y" * 200)[:120]),
    ],
)
def test_safe_file_name(name: str, expected: str) -> None:
    assert safe_file_name(name, "fallback.bin") == expected


def test_html_to_text_keeps_structure_and_drops_markup() -> None:
    markup = (
        "<html><head><style>.x{}</style></head><body>"
        "<div>Prvi redak</div><div>Drugi&nbsp;redak</div>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
        "<pre>  uvučeno\n  još</pre><p>kraj &amp; &lt;tag&gt;</p>"
        "<a href='mailto:x@example.hr'>x@example.hr</a><!-- comment --><p>unclosed"
    )
    assert html_to_text(markup) == (
        "Prvi redak\nDrugi redak\n\na b\n\nuvučeno\njoš\n\nkraj & <tag>\n\nx@example.hr\n\nunclosed"
    )


# --- Drafting a request ----------------------------------------------------------------------


def incoming(
    subject: str = "",
    body: str = "",
    sent_at: datetime | None = None,
    sender_email: str = "ana@example.hr",
) -> IncomingMessage:
    return IncomingMessage(
        file_name="m.eml",
        media_type="message/rfc822",
        original=b"",
        sender_name="Ana Horvat",
        sender_email=sender_email,
        sent_at=sent_at,
        subject=subject,
        body=body,
        attachments=(),
        problems=(),
    )


@pytest.mark.parametrize(
    ("sent_at", "received_on"),
    [
        # Saturday night before the change to summer time (29 March 2026, 02:00 CET): CET, +1.
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),
        # The next evening is summer time, +2: 22:30 UTC is already Monday in Zagreb.
        (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), date(2026, 3, 30)),
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),
        # Back to winter time on 25 October 2026.
        (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),
        (None, None),
    ],
)
def test_draft_request_received_on_the_zagreb_day(
    sent_at: datetime | None, received_on: date | None
) -> None:
    assert draft_request(incoming(sent_at=sent_at)).received_on == received_on


def test_draft_request_from_the_corpus() -> None:
    request = draft_request(read("02-croatian-qp-windows-1250-lf.eml"))
    assert request.received_on == date(2026, 3, 29)
    assert request.channel is Channel.EMAIL
    assert request.reply_channel is ReplyChannel.EMAIL
    assert request.subject.name == "Đurđica Šimić-Čačić"
    assert request.subject.email == "durdica.simic@example.hr"
    assert request.summary == "Zahtjev za brisanje osobnih podataka – Đurđica Šimić"
    assert request.rights == (Right.ERASURE,)
    assert request.language == "hr"
    assert request.notes == ""


def test_draft_request_replies_by_post_without_an_address() -> None:
    request = draft_request(read("14-no-from-broken-headers.eml"))
    assert request.reply_channel is ReplyChannel.POST
    assert request.rights == (Right.ACCESS,)


def test_draft_request_summary_is_one_line_without_reply_prefixes() -> None:
    assert draft_request(incoming("Fwd: RE:  Zahtjev\tza  uvid")).summary == "Zahtjev za uvid"
    long = draft_request(incoming("Zahtjev " * 60)).summary
    assert len(long) == MAX_SUMMARY and long.endswith("…")


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        ("Zahtjev za pristup osobnim podacima", (Right.ACCESS,)),
        ("Molim uvid i kopiju podataka", (Right.ACCESS,)),
        ("I would like a copy of my data", (Right.ACCESS,)),
        ("Molim da obrišete sve moje podatke", (Right.ERASURE,)),
        ("molim da obrisete sve", (Right.ERASURE,)),  # written without diacritics
        ("Please erase my account; right to be forgotten", (Right.ERASURE,)),
        ("Ispravak adrese", (Right.RECTIFICATION,)),
        ("Please rectify my surname", (Right.RECTIFICATION,)),
        ("Tražim ograničenje obrade", (Right.RESTRICTION,)),
        ("Please restrict processing", (Right.RESTRICTION,)),
        ("Pravo na prenosivost podataka", (Right.PORTABILITY,)),
        ("Data portability request", (Right.PORTABILITY,)),
        ("Ulažem prigovor na obradu", (Right.OBJECTION,)),
        ("I object to the processing", (Right.OBJECTION,)),
        ("Prigovor na promidžbene poruke", (Right.OBJECTION_MARKETING,)),
        ("Unsubscribe me from the newsletter", (Right.OBJECTION_MARKETING,)),
        ("I work in marketing; please send me my data", ()),
        ("Povlačim privolu", (Right.CONSENT_WITHDRAWAL,)),
        ("I withdraw my consent", (Right.CONSENT_WITHDRAWAL,)),
        ("Automatizirano odlučivanje o kreditu", (Right.AUTOMATED,)),
        ("About the automated decision on my loan", (Right.AUTOMATED,)),
        (
            "Request access and erasure, and I object to marketing",
            (Right.ACCESS, Right.ERASURE, Right.OBJECTION_MARKETING),
        ),
        ("Hello", ()),
    ],
)
def test_guess_rights(text: str, rights: tuple[Right, ...]) -> None:
    assert guess_rights(text) == rights


def test_rights_are_not_guessed_from_quotes_and_signatures() -> None:
    body = (
        "Molim uvid u moje podatke.\n\n> Please delete this message.\n-- \nAna\n"
        "If you received this e-mail in error, please delete it."
    )
    assert draft_request(incoming("Upit", body)).rights == (Right.ACCESS,)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Zahtjev za pristup", "hr"),
        ("Molim vas", "hr"),
        ("Postovani, trazim uvid", "hr"),  # no diacritics, but "postovani"
        ("Šaljem", "hr"),
        ("Dear DPO, please send me my data", "en"),
        ("", "en"),
    ],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


# --- Fuzzing ---------------------------------------------------------------------------------

# Header values cannot hold what str.splitlines() breaks at: the email package refuses them.
_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs"],
        exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=80,
)
# Not utf-16: the email package's own generator mangles it (8bit, with its newlines rewritten).
_CHARSETS = st.sampled_from(["utf-8", "iso-8859-2", "windows-1250", "latin-1", "koi8-r", "utf-7"])
_ODD_CHARSETS = st.sampled_from(["x-unknown", "unknown-8bit", "base64", "", "utf-8", "cp1250"])
_TYPES = st.sampled_from(
    [
        ("application", "pdf"),
        ("image", "jpeg"),
        ("application", "octet-stream"),
        ("text", "plain"),
        ("message", "rfc822"),
        ("application", "vnd.ms-outlook"),
    ]
)


@st.composite
def generated_messages(draw: st.DrawFn) -> tuple[EmailMessage, bool, str, str, list[bytes]]:
    """(the message, whether CRLF, its sender address, its body, the attachments' bytes)."""
    message = EmailMessage()
    address = draw(st.emails())
    message["From"] = Address(display_name=draw(_TEXT), addr_spec=address)
    message["Subject"] = draw(_TEXT)
    message["Date"] = "Sat, 28 Mar 2026 23:30:00 +0000"
    # No C1 controls (U+0080-U+009F): no one writes them, and ISO-8859-2 text that has their
    # bytes is read as Windows-1250 on purpose (Outlook's mislabel of Croatian letters).
    body = draw(
        st.text(
            st.characters(exclude_categories=["Cs"], max_codepoint=0x7F)
            | st.characters(min_codepoint=0xA0, exclude_categories=["Cs"]),
            max_size=300,
        )
    )
    if draw(st.booleans()):
        try:
            message.set_content(body, charset=draw(_CHARSETS))
        except (UnicodeError, LookupError, ValueError):
            message.set_content(body, charset="utf-8")
    else:
        raw = draw(st.binary(max_size=200))
        message.set_content(raw, "text", "plain", params={"charset": draw(_ODD_CHARSETS)})
        body = ""
    attachments = draw(st.lists(st.tuples(_TEXT, st.binary(max_size=300), _TYPES), max_size=3))
    for name, content, (maintype, subtype) in attachments:
        if maintype == "message":
            maintype, subtype = "application", "octet-stream"  # bytes cannot be message/*
        message.add_attachment(content, maintype, subtype, filename=name)
    crlf = draw(st.booleans())
    return message, crlf, address, body, [content for _name, content, _type in attachments]


def _normal(text: str) -> str:
    visible = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
    )
    return " ".join(visible.split())


@FUZZ
@given(generated_messages())
def test_fuzz_generated_messages_read_and_round_trip(
    generated: tuple[EmailMessage, bool, str, str, list[bytes]],
) -> None:
    email, crlf, address, body, contents = generated
    data = email.as_bytes(policy=default_policy.clone(linesep="\r\n" if crlf else "\n"))
    message = read_message("fuzz.eml", data)  # well-formed: never refused
    assert_well_formed(message)
    assert message.sender_email == address
    assert message.sent_at == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    if body:
        assert _normal(message.body) == _normal(body)
    # Every non-empty attachment arrives with exactly its bytes; empty ones are said.
    assert Counter(item.content for item in message.attachments) == Counter(
        content for content in contents if content
    )
    if any(not content for content in contents):
        assert any("is empty and was left out" in problem for problem in message.problems)


@FUZZ
@given(_TEXT, st.binary(max_size=100), _TYPES)
def test_fuzz_attachment_names_are_always_safe(
    name: str, content: bytes, kind: tuple[str, str]
) -> None:
    message = EmailMessage()
    message["From"] = "a@example.hr"
    message.set_content("x")
    message.add_attachment(content or b"x", "application", kind[1], filename=name)
    (attachment,) = read_message(name, message.as_bytes()).attachments
    assert_safe_name(attachment.file_name)
    assert attachment.content == (content or b"x")
    assert_safe_name(safe_file_name(name, "f.bin"))


def _read_or_refuse(name: str, data: bytes) -> None:
    try:
        message = read_message(name, data)
    except MessageError as error:
        assert str(error)
        return
    assert_well_formed(message)


@FUZZ
@given(
    st.sampled_from([b"", b"From: a@example.hr\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF"]),
    st.binary(max_size=2000),
)
def test_fuzz_arbitrary_bytes_are_read_or_refused(prefix: bytes, data: bytes) -> None:
    _read_or_refuse("random.eml", prefix + data)


_CORPUS_FILES = sorted(CORPUS.glob("*.eml"))


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(
                st.sampled_from([b"\n", b"\r\n\r\n", b"=?", b"--", b"\x00", b"\xff\xfe", b"=\n"])
                | st.binary(max_size=16)
            )
        else:
            del data[at:]
    return bytes(data)


@FUZZ
@given(st.data())
def test_fuzz_mutated_corpus_files_are_read_or_refused(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_CORPUS_FILES))
    _read_or_refuse(path.name, data.draw(mutated(path.read_bytes())))


_MSG = build_msg(CROATIAN_MSG)


@settings(FUZZ, max_examples=150)
@given(mutated(_MSG))
def test_fuzz_mutated_outlook_files_are_read_or_refused(data: bytes) -> None:
    _read_or_refuse("mutated.msg", data)


def test_a_forwarded_request_is_drafted_from_the_forwarded_message() -> None:
    """The front desk forwarded it three days after it arrived: the person who wrote it is the
    data subject, and the earlier day starts the clock (never counted too late)."""
    message = read_message_file(CORPUS / "07-forwarded-request.eml")
    assert message.sender_email == "info@tvrtka.hr"
    (inner,) = message.forwarded
    assert (inner.sender_name, inner.sender_email) == ("Ivana Kovač", "ivana.kovac@example.hr")
    draft = draft_request(message)
    assert draft.subject.email == "ivana.kovac@example.hr"
    assert draft.received_on == date(2026, 3, 27)
    assert any("forwards a message from Ivana Kovač" in p for p in message.problems)
