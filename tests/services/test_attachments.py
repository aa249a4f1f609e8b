"""AttachmentService: files kept in the database with their hash; oversized files never read."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dpo_desk.domain.attachment import MAX_ATTACHMENT_BYTES
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError, ValidationError
from dpo_desk.services.bundle import Services

LETTER = b"%PDF-1.4\n" + "Zahtjev za pristup osobnim podacima, čćđšž".encode() + b"\n%%EOF\n"


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that occupies (almost) no disk: the size the user's disk reports."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_add_file_stores_content_hash_and_type(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "zahtjev-ispitanika.pdf"
    path.write_bytes(LETTER)
    stored, changes = services.attachments.add_file(
        path, received_on=date(2026, 11, 20), description="Zahtjev za pristup"
    )
    assert changes == Changes.of(Register.ATTACHMENTS)
    assert stored.file_name == "zahtjev-ispitanika.pdf"
    assert stored.media_type == "application/pdf"
    assert stored.size == len(LETTER)
    assert stored.sha256 == hashlib.sha256(LETTER).hexdigest()
    assert stored.received_on == date(2026, 11, 20)
    assert stored.description == "Zahtjev za pristup"
    assert stored.added_at.utcoffset() is not None
    assert services.attachments.get(stored.id) == stored
    assert services.attachments.content(stored.id) == LETTER


def test_the_audit_log_records_the_size_not_the_content(services: Services) -> None:
    stored, _ = services.attachments.add("scan.pdf", LETTER)
    (event,) = [e for e in services.audit.recent() if e.entity == "attachment"]
    assert event.entity_id == str(stored.id)
    assert event.changes["content"] == (None, f"{len(LETTER)} bytes")
    assert event.changes["sha256"] == (None, stored.sha256)
    assert "Zahtjev" not in repr(event.changes)


def _refuse_reading(monkeypatch: pytest.MonkeyPatch, forbidden: Path) -> list[str]:
    """Makes every way of opening ``forbidden`` for reading fail the test (stat() stays allowed)."""
    attempts: list[str] = []

    def guard(original: Callable[..., Any], how: str) -> Callable[..., Any]:
        def guarded(target: Any, *args: Any, **kwargs: Any) -> Any:
            if (
                isinstance(target, str | bytes | os.PathLike)
                and Path(os.fsdecode(target)) == forbidden
            ):
                attempts.append(how)
                raise AssertionError(f"{forbidden} was opened ({how}) although it is too large")
            return original(target, *args, **kwargs)

        return guarded

    monkeypatch.setattr(Path, "read_bytes", guard(Path.read_bytes, "Path.read_bytes"))
    monkeypatch.setattr(Path, "open", guard(Path.open, "Path.open"))
    monkeypatch.setattr(builtins, "open", guard(builtins.open, "open"))
    monkeypatch.setattr(io, "open", guard(io.open, "io.open"))
    return attempts


def test_a_file_above_the_limit_is_refused_before_it_is_read(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = sparse_file(tmp_path / "snimka-poziva.wav", MAX_ATTACHMENT_BYTES + 1)
    assert big.stat().st_size == MAX_ATTACHMENT_BYTES + 1
    before = services.audit.count()
    attempts = _refuse_reading(monkeypatch, big)
    with pytest.raises(ValidationError) as caught:
        services.attachments.add_file(big)
    monkeypatch.undo()
    assert attempts == []
    (error,) = caught.value.errors
    assert error.label == "snimka-poziva.wav"
    assert "25.0 MiB" in error.message
    assert str(caught.value).startswith("snimka-poziva.wav: is 25.0 MiB")
    assert services.audit.count() == before


def test_the_guard_itself_catches_a_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Proof that the test above can fail: reading the file through any route trips the guard.
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    attempts = _refuse_reading(monkeypatch, path)
    for read in (path.read_bytes, lambda: path.open("rb"), lambda: open(path, "rb")):  # noqa: PTH123, SIM115
        with pytest.raises(AssertionError):
            read()
    assert attempts == ["Path.read_bytes", "Path.open", "open"]


def test_a_file_exactly_at_the_limit_is_kept(services: Services, tmp_path: Path) -> None:
    path = sparse_file(tmp_path / "granica.bin", MAX_ATTACHMENT_BYTES)
    stored, _ = services.attachments.add_file(path)
    assert stored.size == MAX_ATTACHMENT_BYTES
    assert stored.sha256 == hashlib.sha256(bytes(MAX_ATTACHMENT_BYTES)).hexdigest()


def test_a_missing_file_is_reported_with_its_path(services: Services, tmp_path: Path) -> None:
    missing = tmp_path / "nema.pdf"
    with pytest.raises(ValidationError) as caught:
        services.attachments.add_file(missing)
    (error,) = caught.value.errors
    assert error.field == "path"
    assert error.label == str(missing)
    assert "cannot be read" in error.message
    assert "No such file" in error.message


def test_an_empty_file_is_refused(services: Services, tmp_path: Path) -> None:
    empty = tmp_path / "prazno.pdf"
    empty.touch()
    with pytest.raises(ValidationError, match=r"prazno\.pdf: the file is empty"):
        services.attachments.add_file(empty)


def test_delete_removes_it_and_a_stale_delete_is_refused(services: Services) -> None:
    stored, _ = services.attachments.add("scan.pdf", LETTER)
    changes = services.attachments.delete(stored)
    assert changes == Changes.of(Register.ATTACHMENTS)
    with pytest.raises(RecordNotFoundError, match=f"Attachment {stored.id} no longer exists"):
        services.attachments.get(stored.id)
    with pytest.raises(RecordNotFoundError):
        services.attachments.content(stored.id)
    other, _ = services.attachments.add("other.pdf", LETTER)
    with pytest.raises(ConcurrentEditError, match=r"other\.pdf"):
        services.attachments.delete(replace(other, version=other.version + 1))
    assert services.attachments.get(other.id) == other


def test_a_folder_is_refused_with_a_reason(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        services.attachments.add_file(tmp_path)
    assert caught.value.errors[0].label == str(tmp_path)
    assert "cannot be read" in caught.value.errors[0].message
