"""Keeping files (scanned letters, e-mails, contracts) in the database with their hash."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dpo_desk.domain.attachment import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    human_size,
    prepare_attachment,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.i18n import _
from dpo_desk.services.ports import UnitOfWorkFactory


class AttachmentService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def add_file(
        self, path: Path, received_on: date | None = None, description: str = ""
    ) -> tuple[Attachment, Changes]:
        """Reads ``path`` and stores it. The size is checked before the file is read whole."""
        return self.add(path.name, read_file(path), received_on, description)

    def add(
        self, file_name: str, content: bytes, received_on: date | None = None, description: str = ""
    ) -> tuple[Attachment, Changes]:
        prepared = prepare_attachment(file_name, content, received_on, description)
        with self._unit_of_work() as uow:
            stored = uow.attachments.add(prepared)
            uow.commit()
        return stored, Changes.of(Register.ATTACHMENTS)

    def get(self, attachment_id: int) -> Attachment:
        with self._unit_of_work() as uow:
            return uow.attachments.get(attachment_id)

    def content(self, attachment_id: int) -> bytes:
        with self._unit_of_work() as uow:
            return uow.attachments.content(attachment_id)

    def delete(self, attachment: Attachment) -> Changes:
        with self._unit_of_work() as uow:
            uow.attachments.delete(attachment.id, attachment.version)
            uow.commit()
        return Changes.of(Register.ATTACHMENTS)


def read_file(path: Path) -> bytes:
    """The content of a file to keep; ValidationError naming the file when it is too large
    (checked before it is read whole) or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                [
                    FieldError(
                        "content",
                        path.name,
                        _("is {size}; DPO Desk keeps files up to {limit}").format(
                            size=human_size(size), limit=human_size(MAX_ATTACHMENT_BYTES)
                        ),
                    )
                ]
            )
        content = path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from error
    return content


def unreadable(path: Path, error: OSError, field: str = "path") -> ValidationError:
    """A file that cannot be read, named with the system's reason."""
    return ValidationError(
        [FieldError(field, str(path), _("cannot be read: {reason}").format(reason=error.strerror))]
    )
