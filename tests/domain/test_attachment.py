"""Attachments and logos: hash, media type by signature, size limits with messages naming the file."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from dpo_desk.domain.attachment import (
    MAX_ATTACHMENT_BYTES,
    MAX_LOGO_BYTES,
    guess_media_type,
    human_size,
    prepare_attachment,
    prepare_logo,
)
from dpo_desk.domain.errors import ValidationError

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20


def test_sha256_and_size_are_those_of_the_content() -> None:
    prepared = prepare_attachment("abc.txt", b"abc")
    # FIPS 180-2's own example: SHA-256("abc").
    assert prepared.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert prepared.size == 3
    assert prepared.content == b"abc"
    scan = prepare_attachment("scan.pdf", PDF)
    assert scan.sha256 == hashlib.sha256(PDF).hexdigest()


def test_name_description_and_date_are_kept_trimmed() -> None:
    prepared = prepare_attachment(
        "  zahtjev.pdf ", PDF, received_on=date(2026, 11, 20), description=" Zahtjev za pristup "
    )
    assert prepared.file_name == "zahtjev.pdf"
    assert prepared.description == "Zahtjev za pristup"
    assert prepared.received_on == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.bin", PDF, "application/pdf"),  # the signature beats the name
        ("letter.pdf", PNG, "image/png"),
        ("photo", JPEG, "image/jpeg"),
        ("fax.dat", b"II*\x00" + b"\x00" * 8, "image/tiff"),
        ("fax.dat", b"MM\x00*" + b"\x00" * 8, "image/tiff"),
        ("Re_ zahtjev.MSG", OLE, "application/vnd.ms-outlook"),
        ("old.doc", OLE, "application/msword"),  # OLE but not .msg: fall back to the name
        ("note.txt", b"hello", "text/plain"),
        ("reply.eml", b"From: a@b.hr\r\n", "message/rfc822"),
        ("mystery", b"\x00\x01\x02", "application/octet-stream"),
    ],
)
def test_media_type_by_signature_then_name(name: str, content: bytes, expected: str) -> None:
    assert guess_media_type(name, content) == expected
    assert prepare_attachment(name, content).media_type == expected


def test_a_file_at_the_limit_is_kept_and_one_byte_more_is_refused_naming_it() -> None:
    assert prepare_attachment("exact.bin", b"x" * 1024, limit=1024).size == 1024
    with pytest.raises(ValidationError) as caught:
        prepare_attachment("skenirani-ugovor.pdf", b"x" * 1025, limit=1024)
    (error,) = caught.value.errors
    assert error.field == "content"
    assert error.label == "skenirani-ugovor.pdf"
    assert "1.0 KiB" in error.message  # the size and the limit
    assert "skenirani-ugovor.pdf" in str(caught.value)


def test_default_limit_is_25_mib() -> None:
    assert MAX_ATTACHMENT_BYTES == 25 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        prepare_attachment("video.mp4", bytes(MAX_ATTACHMENT_BYTES + 1))
    assert "25.0 MiB" in caught.value.errors[0].message


def test_empty_file_and_blank_name_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_attachment("prazno.pdf", b"")
    assert caught.value.errors[0].label == "prazno.pdf"
    assert "empty" in caught.value.errors[0].message
    with pytest.raises(ValidationError) as caught:
        prepare_attachment("   ", b"abc")
    assert caught.value.for_field("file_name")[0].label == "File name"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (25 * 1024 * 1024, "25.0 MiB"),
        (5 * 1024**3, "5.0 GiB"),
        (2048 * 1024**3, "2048.0 GiB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_logo_accepts_png_and_jpeg() -> None:
    png = prepare_logo("logo.png", PNG)
    assert png.media_type == "image/png"
    assert png.description == "Letterhead logo"
    assert prepare_logo("logo.jpg", JPEG).media_type == "image/jpeg"
    assert MAX_LOGO_BYTES == 2 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.pdf", PDF),
        ("logo.tif", b"II*\x00" + b"\x00" * 8),
        ("logo.txt", b"Leapbit"),
        ("logo.png", b"this is text, not a PNG"),  # the name alone must not make it an image
        ("logo.jpg", PDF),
    ],
)
def test_logo_refuses_what_is_not_a_png_or_jpeg(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_logo(name, content)
    (error,) = caught.value.errors
    assert error.field == "logo"
    assert error.label == name
    assert "PNG or JPEG" in error.message


def test_logo_above_2_mib_is_refused_with_the_limit() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_logo("huge.png", PNG + bytes(MAX_LOGO_BYTES))
    assert caught.value.errors[0].label == "huge.png"
    assert "2.0 MiB" in caught.value.errors[0].message
