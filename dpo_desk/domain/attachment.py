"""Attachments: scanned letters, e-mails and signed contracts kept inside the database.

They are stored in the database, not beside it, so they travel with a backup and are shared by
everyone on a PostgreSQL server. The SHA-256 lets a DPO show later that a document is the one
received.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import date, datetime

from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.i18n import _

#: The largest attachment DPO Desk keeps: 25 MiB. A scanned multi-page letter at 300 dpi or an
#: e-mail with its attachments fits; larger files (video, whole mailboxes) belong in a document
#: system, and on PostgreSQL every client loads the whole value into memory.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024

#: The largest letterhead logo: 2 MiB, PNG or JPEG (what reportlab and Qt both draw).
MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_MEDIA_TYPES = ("image/png", "image/jpeg")


@dataclass(frozen=True)
class Attachment:
    """What DPO Desk knows about a stored file; the content is fetched only when needed."""

    id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    received_on: date | None
    added_at: datetime
    description: str
    version: int


@dataclass(frozen=True)
class NewAttachment:
    """A file about to be stored, with its content and the facts computed from it."""

    file_name: str
    media_type: str
    content: bytes
    sha256: str
    received_on: date | None = None
    description: str = ""

    @property
    def size(self) -> int:
        return len(self.content)


def human_size(size: int) -> str:
    """1536 -> "1.5 KiB": sizes as a person reads them in a message."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd0\xcf\x11\xe0", "application/vnd.ms-outlook"),
)


def sniff_media_type(file_name: str, content: bytes) -> str | None:
    """The media type the file's first bytes prove, or None when they prove nothing."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            # Every OLE compound file (old .doc, .xls too) starts so; only a .msg is an e-mail.
            if media_type == "application/vnd.ms-outlook" and not file_name.lower().endswith(
                ".msg"
            ):
                return None
            return media_type
    return None


def guess_media_type(file_name: str, content: bytes) -> str:
    """The media type by the file's first bytes where they are telling, else by its name."""
    sniffed = sniff_media_type(file_name, content)
    if sniffed is not None:
        return sniffed
    guessed, _encoding = mimetypes.guess_type(file_name)
    if guessed:
        return guessed
    if file_name.lower().endswith(".eml"):
        return "message/rfc822"
    return "application/octet-stream"


def prepare_attachment(
    file_name: str,
    content: bytes,
    received_on: date | None = None,
    description: str = "",
    limit: int = MAX_ATTACHMENT_BYTES,
) -> NewAttachment:
    """Checks a file against the size limit and computes its hash and media type."""
    name = file_name.strip()
    if not name:
        raise ValidationError([FieldError("file_name", _("File name"), _("is required"))])
    if not content:
        raise ValidationError([FieldError("content", name, _("the file is empty"))])
    if len(content) > limit:
        raise ValidationError(
            [
                FieldError(
                    "content",
                    name,
                    _("is {size}; DPO Desk keeps files up to {limit}").format(
                        size=human_size(len(content)), limit=human_size(limit)
                    ),
                )
            ]
        )
    return NewAttachment(
        file_name=name,
        media_type=guess_media_type(name, content),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        received_on=received_on,
        description=description.strip(),
    )


def prepare_logo(file_name: str, content: bytes) -> NewAttachment:
    """A letterhead logo: a PNG or JPEG image of at most 2 MiB.

    The content's signature decides, not the name: a "logo.png" that is not a PNG would be
    accepted here and then fail in every letterhead that tries to draw it.
    """
    logo = prepare_attachment(
        file_name, content, description=_("Letterhead logo"), limit=MAX_LOGO_BYTES
    )
    if sniff_media_type(logo.file_name, content) not in LOGO_MEDIA_TYPES:
        raise ValidationError([FieldError("logo", logo.file_name, _("is not a PNG or JPEG image"))])
    return logo


#: What a scanned letter or envelope may be: what scanners write and every viewer opens.
SCAN_MEDIA_TYPES = ("application/pdf", "image/png", "image/jpeg")


def prepare_scan(file_name: str, content: bytes, received_on: date | None = None) -> NewAttachment:
    """A scanned letter or envelope: a PDF, PNG or JPEG file by its content, not its name (a
    "scan.jpg" that is not a JPEG would open nowhere when the DPO needs it as evidence)."""
    scan = prepare_attachment(file_name, content, received_on)
    if sniff_media_type(scan.file_name, content) not in SCAN_MEDIA_TYPES:
        raise ValidationError(
            [FieldError("scan", scan.file_name, _("is not a PDF, PNG or JPEG file"))]
        )
    return scan
