"""Attachments in the database: their facts, their exact bytes, and the size limit."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from dpo_desk.domain.attachment import MAX_ATTACHMENT_BYTES
from dpo_desk.domain.errors import ValidationError
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase
from tests.store.support import rows, scalar

#: A PDF header, then every byte value: binary-safe storage or bust.
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def _nothing_written(database: SqlDatabase) -> None:
    assert scalar(database.engine, "SELECT count(*) FROM attachment") == 0
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_an_attachment_is_stored_with_its_facts(services: Services, database: SqlDatabase) -> None:
    stored, _changes = services.attachments.add(
        "  Zahtjev Šimić.pdf ", PDF, date(2026, 3, 30), " Zahtjev za pristup (čl. 15.) "
    )

    assert rows(
        database.engine,
        "SELECT id, file_name, media_type, size, sha256, description, version FROM attachment",
    ) == [
        (
            stored.id,
            "Zahtjev Šimić.pdf",
            "application/pdf",
            len(PDF),
            hashlib.sha256(PDF).hexdigest(),
            "Zahtjev za pristup (čl. 15.)",
            1,
        )
    ]
    (received_on,) = rows(database.engine, "SELECT received_on FROM attachment")[0]
    assert str(received_on) == "2026-03-30"
    assert stored == services.attachments.get(stored.id)
    assert stored.received_on == date(2026, 3, 30)
    assert stored.added_at.tzinfo is not None


def test_the_content_comes_back_byte_for_byte(services: Services, database: SqlDatabase) -> None:
    stored, _changes = services.attachments.add("ugovor.pdf", PDF)

    assert services.attachments.content(stored.id) == PDF
    assert bytes(scalar(database.engine, "SELECT content FROM attachment")) == PDF


def test_a_file_is_read_from_disk_by_its_name(
    services: Services, database: SqlDatabase, tmp_path: Path
) -> None:
    path = tmp_path / "Privola ispitanika.eml"
    path.write_bytes(b"From: ana@example.hr\r\nSubject: privola\r\n\r\nDa.\r\n")

    stored, _changes = services.attachments.add_file(path, date(2026, 4, 1))

    assert (stored.file_name, stored.media_type) == ("Privola ispitanika.eml", "message/rfc822")
    assert services.attachments.content(stored.id) == path.read_bytes()


def test_a_file_of_exactly_the_limit_is_kept(services: Services, database: SqlDatabase) -> None:
    content = b"\x00" * MAX_ATTACHMENT_BYTES

    stored, _changes = services.attachments.add("scan.tiff", content)

    assert stored.size == MAX_ATTACHMENT_BYTES
    assert scalar(database.engine, "SELECT size FROM attachment") == MAX_ATTACHMENT_BYTES
    assert (
        scalar(database.engine, "SELECT sha256 FROM attachment")
        == hashlib.sha256(content).hexdigest()
    )


def test_content_above_the_limit_is_refused(services: Services, database: SqlDatabase) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.attachments.add("Snimka sastanka.mp4", b"\x00" * (MAX_ATTACHMENT_BYTES + 1))

    message = str(refusal.value)
    assert "Snimka sastanka.mp4" in message
    assert "25.0 MiB" in message
    _nothing_written(database)


def test_a_file_above_the_limit_is_refused_before_it_is_read(
    services: Services, database: SqlDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Cijeli sandučić.pst"
    with path.open("wb") as file:
        file.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: no 25 MiB written to the disk

    def never_read(self: Path) -> bytes:
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", never_read)
    with pytest.raises(ValidationError) as refusal:
        services.attachments.add_file(path)

    assert "Cijeli sandučić.pst" in str(refusal.value)
    assert "25.0 MiB" in str(refusal.value)
    _nothing_written(database)


@pytest.mark.parametrize(("name", "content"), [("prazno.txt", b""), ("   ", b"x")])
def test_an_empty_file_or_name_is_refused(
    services: Services, database: SqlDatabase, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError):
        services.attachments.add(name, content)

    _nothing_written(database)


def test_a_deleted_attachment_is_gone(services: Services, database: SqlDatabase) -> None:
    kept, _changes = services.attachments.add("a.txt", b"a")
    gone, _changes = services.attachments.add("b.txt", b"b")

    services.attachments.delete(gone)

    assert rows(database.engine, "SELECT id, file_name FROM attachment") == [(kept.id, "a.txt")]
