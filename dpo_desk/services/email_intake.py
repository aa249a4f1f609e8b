"""Reading a data-subject request that arrived by e-mail: an .eml (RFC 5322) or an Outlook .msg
file, turned into what a new request needs (who sent it, when, what it says, what it attached).

Most requests arrive by e-mail, and the DPO drops the saved message onto DPO Desk. Mail in the
wild is messy: wrong or unknown character sets, headers encoded three different ways, HTML
without a plain-text part, forwarded messages inside messages, attachment names that are paths
or spoof their extension. Everything here reads such mail as far as it can, says what it could
not read (``problems``, shown to the user) and refuses only files that are not e-mail at all,
with a ``MessageError`` that names the file. Nothing is saved: the caller keeps ``original`` as
the request's evidence and lets the user confirm ``draft_request``'s guesses.
"""

from __future__ import annotations

import codecs
import email.header
import email.policy
import email.utils
import io
import logging
import mimetypes
import re
import struct
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import (
    CloseBoundaryNotFoundDefect,
    InvalidBase64CharactersDefect,
    InvalidBase64LengthDefect,
    InvalidBase64PaddingDefect,
    MissingHeaderBodySeparatorDefect,
    StartBoundaryNotFoundDefect,
)
from email.message import Message
from email.parser import BytesParser, HeaderParser
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

from dpo_desk.domain.attachment import (
    MAX_ATTACHMENT_BYTES,
    guess_media_type,
    human_size,
    sniff_media_type,
)
from dpo_desk.domain.contact import email_problem
from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import Channel, ReplyChannel, Request, Right
from dpo_desk.domain.timefmt import OFFICE_ZONE, format_instant
from dpo_desk.i18n import _

EML_MEDIA_TYPE = "message/rfc822"
MSG_MEDIA_TYPE = "application/vnd.ms-outlook"
#: Every OLE compound file starts so; DPO Desk reads it as an Outlook message (MS-CFB 2.2).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: The longest file name kept, extension included: Windows paths stay under 260 characters
#: even in a deep folder, and the name still reads whole in a table column.
MAX_FILE_NAME = 120
#: The longest summary drafted from a subject line.
MAX_SUMMARY = 200
#: Messages inside messages inside messages: deeper than this is not a request but an attack
#: on the reader (or a mail loop), and is left out.
MAX_NESTING = 8
#: The longest header value read: decoding RFC 2047 takes time that grows with the square of
#: the length, and no real subject or sender comes near this.
MAX_HEADER_CHARS = 10_000
#: How much of the text the rights and the language are guessed from: the request itself is at
#: the top; what follows is quoted history, signatures and legal disclaimers ("if you received
#: this in error, delete it"), which would only add false guesses.
GUESS_TEXT_CHARS = 4000


@dataclass(frozen=True)
class MessageAttachment:
    """A file attached to the message, under a name that is safe to show and to save."""

    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class ForwardedMessage:
    """A message forwarded inside the one read: who wrote it and when."""

    sender_name: str
    sender_email: str
    sent_at: datetime | None


@dataclass(frozen=True)
class IncomingMessage:
    """What an e-mail says, read from the file as it arrived. ``problems`` are translated and
    say what could not be read, so the user knows what to check before saving a request."""

    file_name: str
    media_type: str
    original: bytes
    sender_name: str
    sender_email: str
    sent_at: datetime | None
    subject: str
    body: str
    attachments: tuple[MessageAttachment, ...]
    problems: tuple[str, ...]
    #: Messages forwarded inside this one (the outer sender passed them on).
    forwarded: tuple[ForwardedMessage, ...] = ()


class MessageError(DpoDeskError, ValueError):
    """The file is not a readable e-mail; str() names the file and what is wrong.

    A DpoDeskError too, so the window shows its (translated) text as it is."""

    def __init__(self, message: str, file_name: str = "") -> None:
        super().__init__(message)
        self.file_name = file_name


def _too_large(file_name: str, size: int) -> MessageError:
    # "name: problem", as a FieldError reads, so the attachment limit's message is shared.
    problem = _("is {size}; DPO Desk keeps files up to {limit}").format(
        size=human_size(size), limit=human_size(MAX_ATTACHMENT_BYTES)
    )
    return MessageError(f"{file_name}: {problem}", file_name)


def _not_a_message(file_name: str, reason: str) -> MessageError:
    return MessageError(
        _("“{name}” is not an e-mail message: {reason}.").format(name=file_name, reason=reason),
        file_name,
    )


# --- Text hygiene ----------------------------------------------------------------------------

#: Characters never shown or saved: controls, bidirectional overrides and isolates (which make
#: "\u202etxt.exe" look like "exe.txt"), zero-width and other format characters, surrogates,
#: private-use and unassigned code points, line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Not allowed in a Windows file name (and ":" opens an NTFS alternate stream).
_FORBIDDEN_IN_NAME = re.compile(r'[<>:"|?*]')
#: Device names Windows reserves in every folder, with or without an extension.
_RESERVED_NAME = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.[^\W_][\w-]{0,15}$")
#: Extensions by media type where ``mimetypes`` differs between systems (Windows' registry
#: answers ".jfif" for JPEG).
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    EML_MEDIA_TYPE: ".eml",
    MSG_MEDIA_TYPE: ".msg",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "application/octet-stream": ".bin",
}
_BIDI_AND_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE_CATEGORIES)


def _one_line(text: str) -> str:
    """A header value as one clean line: no controls or bidi overrides, single spaces."""
    return " ".join(_visible(text).split())


def _clean_text(text: str) -> str:
    """A body as lines: one kind of line break, no controls, no trailing spaces, no blank
    lines at the start or the end, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _BIDI_AND_CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def _extension_for(media_type: str) -> str:
    known = _EXTENSIONS.get(media_type.lower())
    if known:
        return known
    guessed = mimetypes.guess_extension(media_type.lower(), strict=False)
    return guessed if guessed and _EXTENSION.fullmatch(guessed) else ".bin"


def _fit(stem: str, extension: str) -> str:
    """``stem + extension`` within MAX_FILE_NAME characters, the extension kept."""
    cut = stem[: MAX_FILE_NAME - len(extension)]
    if len(cut) < len(stem):
        cut = cut.rstrip(" .")
    return cut + extension if cut else extension.lstrip(".")


def _split_extension(name: str) -> tuple[str, str]:
    found = _EXTENSION.search(name)
    if found is None or found.start() == 0:
        return name, ""
    return name[: found.start()], found.group()


def safe_file_name(name: str, fallback: str) -> str:
    """``name`` as a file name that is safe to show and to save on any system: the last part of
    a path only, no control, format or bidirectional characters, none of Windows' forbidden
    characters or device names, no leading dots (hidden files, "..") and at most
    MAX_FILE_NAME characters with its extension kept; ``fallback`` when nothing is left."""
    text = _visible(unicodedata.normalize("NFC", name))
    parts = [part for part in re.split(r"[/\\]", text) if part.strip(" .")]
    text = parts[-1] if parts else ""
    text = " ".join(_FORBIDDEN_IN_NAME.sub("_", text).split()).strip(" .")
    if _RESERVED_NAME.match(text):
        text = "_" + text
    stem, extension = _split_extension(text)
    if len(extension) >= MAX_FILE_NAME // 2:
        stem, extension = text, ""
    text = _fit(stem, extension).lstrip(" .")
    return text or fallback


# --- Character sets --------------------------------------------------------------------------

#: Codecs Python has that are not a message's character set: they would reinterpret the bytes.
_NOT_CHARSETS = frozenset({"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"})


def _codec(charset: str | None) -> str | None:
    """The Python codec for a declared character set, or None for one Python does not know
    (``x-unknown``, ``unknown-8bit``) or that is no text encoding (``base64``)."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    if not name or len(name) > 40:
        return None
    try:
        b"".decode(name)  # raises for an unknown name and for codecs that are not text
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        return None
    return None if canonical in _NOT_CHARSETS else canonical


def _decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """The text of ``data`` and whether its character set had to be guessed.

    The declared set first; a message that calls itself ISO-8859-2 but uses bytes 0x80-0x9F is
    Windows-1250 (Outlook's usual mislabel of Croatian letters). Without a usable declaration
    UTF-8 is tried, which fails loudly on anything else, then Windows-1250, the Croatian
    default, which reads every byte.
    """
    codec = _codec(charset)
    if codec == "iso8859-2" and any(0x80 <= byte <= 0x9F for byte in data):
        codec = "cp1250"
    if codec is not None:
        try:
            return data.decode(codec), False
        except (UnicodeDecodeError, ValueError, LookupError):
            pass
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    return data.decode("cp1250", errors="replace"), True


def _unescape_8bit(text: str) -> str:
    """A header with raw 8-bit bytes (the parser keeps them as surrogate escapes) as text."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    raw = text.encode("utf-8", errors="surrogateescape")
    return _decode_bytes(raw, None)[0]


def decode_header_text(raw: str) -> str:
    """A header value as text: RFC 2047 encoded-words decoded, whatever their character set
    (an unknown one is read as UTF-8 or Windows-1250), raw 8-bit bytes read likewise."""
    text = _unescape_8bit(raw)
    try:
        pieces = email.header.decode_header(text)
    except Exception:  # a malformed encoded-word: show it as it is
        return _one_line(text)
    decoded: list[str] = []
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            decoded.append(chunk)
        else:
            decoded.append(_decode_bytes(chunk, charset)[0])
    return _one_line("".join(decoded))


# --- Dates -----------------------------------------------------------------------------------

#: European zone abbreviations that mail clients still write instead of an offset; Python's
#: parser knows only the American ones and would read "CET" as UTC.
_ZONE_OFFSETS = {
    "CET": "+0100",
    "CEST": "+0200",
    "MET": "+0100",
    "MEST": "+0200",
    "EET": "+0200",
    "EEST": "+0300",
    "WET": "+0000",
    "WEST": "+0100",
    "BST": "+0100",
}
_CROATIAN_DATE = re.compile(
    r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?\s*(?:u\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$"
)


def _parse_date(text: str) -> datetime | None:
    """An instant in UTC from a Date header as clients really write it: RFC 5322 (offset,
    American or European zone name, "-0000"), ISO 8601, or "28.03.2026. 14:05" (read as Zagreb
    time); None when it is none of these or outside 1980-9998."""
    text = " ".join(re.sub(r"\([^)]*\)", " ", text).split())
    if not text:
        return None
    words = text.split(" ")
    if words[-1].upper() in _ZONE_OFFSETS:
        words[-1] = _ZONE_OFFSETS[words[-1].upper()]
    value: datetime | None = None
    try:
        value = email.utils.parsedate_to_datetime(" ".join(words))
        if value.tzinfo is None:  # "-0000" or an unknown zone name: RFC 5322 says UTC
            value = value.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        value = None
    if value is None:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            found = _CROATIAN_DATE.match(text)
            if found:
                day, month, year, hour, minute = (int(found.group(i)) for i in range(1, 6))
                second = int(found.group(6) or 0)
                try:
                    value = datetime(year, month, day, hour, minute, second, tzinfo=OFFICE_ZONE)
                except ValueError:
                    value = None
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=OFFICE_ZONE)
    if value is None:
        return None
    try:
        value = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return value if 1980 <= value.year <= 9998 else None


# --- HTML to text ----------------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """Readable text from an HTML body: paragraphs and line breaks kept, scripts, styles and
    the head left out, list items marked, links shown with their address."""

    _SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "xml"})
    _PARAGRAPHS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre", "hr"}
    )
    _LINES = frozenset(
        {"div", "li", "tr", "dd", "dt", "section", "article", "header", "footer", "address"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0
        self._preformatted = 0
        self._link: str | None = None
        self._link_text: list[str] = []

    def _breaks(self, count: int) -> None:
        trailing = len("".join(self._parts[-3:])) - len("".join(self._parts[-3:]).rstrip("\n"))
        if self._parts and trailing < count:
            self._parts.append("\n" * (count - trailing))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in self._PARAGRAPHS:
            self._breaks(2)
            self._preformatted += tag == "pre"
        elif tag in self._LINES:
            self._breaks(1)
            if tag == "li":
                self._parts.append("• ")
        elif tag in ("td", "th"):
            self._parts.append(" ")
        elif tag == "a":
            self._link = dict(attrs).get("href") or None
            self._link_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._SKIPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._PARAGRAPHS:
            self._breaks(2)
            self._preformatted = max(0, self._preformatted - (tag == "pre"))
        elif tag in self._LINES:
            self._breaks(1)
        elif tag == "a" and self._link is not None:
            link, shown = self._link, "".join(self._link_text).strip()
            self._link = None
            if link.lower().startswith(("http:", "https:")) and link not in shown:
                self._parts.append(f" <{link}>")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._preformatted:
            data = re.sub(r"\s+", " ", data)
            if self._parts and self._parts[-1].endswith(("\n", " ")):
                data = data.lstrip(" ")
        self._parts.append(data)
        if self._link is not None:
            self._link_text.append(data)

    def text(self) -> str:
        return "".join(self._parts)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML e-mail body (stdlib only: no new dependency for this)."""
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this is the last resort for broken markup
        return _clean_text(re.sub(r"<[^>]*>", " ", markup))
    return _clean_text("\n".join(line.strip() for line in parser.text().split("\n")))


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _html_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


# --- Collecting what a message holds ---------------------------------------------------------

_T = TypeVar("_T")


def _safely(default: _T, read: Callable[[], _T]) -> _T:
    """``read()``, or ``default`` when the library chokes on a malformed part (the email
    package and extract-msg both raise an assortment of exceptions on broken input)."""
    try:
        return read()
    except Exception:
        return default


@dataclass
class _Collected:
    """Attachments and problems gathered while walking a message, in the order met."""

    attachments: list[MessageAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    forwards: list[ForwardedMessage] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)
    _copies: dict[str, int] = field(default_factory=dict)  # the last "(n)" given to a name

    def message(
        self,
        file_name: str,
        media_type: str,
        original: bytes,
        sender_name: str,
        sender_email: str,
        sent_at: datetime | None,
        subject: str,
        body: str,
    ) -> IncomingMessage:
        """The message read, with what was gathered on the way."""
        return IncomingMessage(
            file_name=file_name,
            media_type=media_type,
            original=original,
            sender_name=sender_name,
            sender_email=sender_email,
            sent_at=sent_at,
            subject=subject,
            body=body,
            attachments=tuple(self.attachments),
            problems=tuple(self.problems),
            forwarded=tuple(self.forwards),
        )

    def problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def attach(self, name: str, content: bytes, declared_type: str) -> None:
        number = len(self.attachments) + 1
        # A nameless file is named by what its bytes prove, else by what the message declared.
        kind = sniff_media_type("", content) or declared_type or "application/octet-stream"
        fallback = f"attachment-{number}{_extension_for(kind)}"
        safe = safe_file_name(name, fallback)
        if not content:
            self.problem(_("Attachment “{name}” is empty and was left out.").format(name=safe))
            return
        wanted = safe.casefold()
        if wanted in self._taken:  # a second "scan.pdf" becomes "scan (2).pdf"
            stem, extension = _split_extension(safe)
            copy = self._copies.get(wanted, 1)
            while safe.casefold() in self._taken:
                copy += 1
                safe = _fit(f"{stem} ({copy})", extension)
            self._copies[wanted] = copy
        self._taken.add(safe.casefold())
        self.attachments.append(MessageAttachment(safe, guess_media_type(safe, content), content))

    def undecodable(self, name: str) -> None:
        self.problem(
            _("Attachment “{name}” could not be decoded and was left out.").format(
                name=safe_file_name(name, _("(without a name)"))
            )
        )


def _forwarded_block(sender: str, sent_at: datetime | None, subject: str, body: str) -> str:
    lines = [
        "———— " + _("Forwarded message") + " ————",
        _("From: {sender}").format(sender=sender),
    ]
    if sent_at is not None:
        lines.append(_("Sent: {date}").format(date=format_instant(sent_at)))
    lines.append(_("Subject: {subject}").format(subject=subject))
    return "\n".join(lines) + "\n\n" + body


def _forward_problem(
    collected: _Collected, name: str, address: str, sent_at: datetime | None
) -> None:
    collected.forwards.append(ForwardedMessage(name, address, sent_at))
    sender = _sender_text(name, address)
    when = format_instant(sent_at) if sent_at is not None else _("an unknown day")
    collected.problem(
        _(
            "It forwards a message from {sender} sent {date}: the data subject and the day "
            "of receipt may be those of the forwarded message."
        ).format(sender=sender or _("an unknown sender"), date=when)
    )


def _sender_text(name: str, address: str) -> str:
    if name and address:
        return f"{name} <{address}>"
    return name or address


# --- RFC 5322 (.eml) -------------------------------------------------------------------------

#: Headers only e-mail has; a file with none of them is something else that happens to parse.
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "sender",
        "reply-to",
        "delivered-to",
        "x-mailer",
        "user-agent",
        "in-reply-to",
        "references",
    }
)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_ADDRESS_IN_TEXT = re.compile(r"[^\s<>@,;:\"()\[\]]+@[^\s<>@,;:\"()\[\]]+")
_TRUNCATION_DEFECTS = (StartBoundaryNotFoundDefect, CloseBoundaryNotFoundDefect)
_BASE64_DEFECTS = (
    InvalidBase64CharactersDefect,
    InvalidBase64LengthDefect,
    InvalidBase64PaddingDefect,
)


def _raw_headers(message: Message) -> list[tuple[str, str]]:
    """(name, raw value) of every header, without the email package's strict parsing (which
    raises on some malformed values)."""
    try:
        return [(str(name), str(value)) for name, value in message.raw_items()]
    except Exception:
        return []


def _children(part: Message) -> list[Message]:
    """The parts of a multipart (or the message inside a message/rfc822 part)."""
    payload = _safely(None, part.get_payload)
    return (
        [child for child in payload if isinstance(child, Message)]
        if isinstance(payload, list)
        else []
    )


def _header(message: Message, name: str) -> str | None:
    """The first ``name`` header's raw value, cut to MAX_HEADER_CHARS."""
    for key, value in _raw_headers(message):
        if key.lower() == name:
            return value[:MAX_HEADER_CHARS]
    return None


def _address(raw: str) -> tuple[str, str]:
    """(display name, address) of the first mailbox in an address header."""
    try:
        pairs = email.utils.getaddresses([raw])
    except Exception:
        pairs = []
    for name, address in pairs:
        if "@" in address:
            return decode_header_text(name), _one_line(_unescape_8bit(address)).strip("<>")
    decoded = decode_header_text(raw)
    found = _ADDRESS_IN_TEXT.search(decoded)
    if found:
        name = decoded.replace(found.group(), "").replace("<>", "").strip(" \"'")
        return _one_line(name), found.group()
    return decoded.strip(" <>\"'"), ""


def _content_type(part: Message) -> str:
    return _safely("application/octet-stream", part.get_content_type).lower()


def _part_file_name(part: Message) -> str:
    name = _safely(None, part.get_filename) or _safely(None, lambda: part.get_param("name"))
    if isinstance(name, tuple):  # an RFC 2231 value the package could not collapse
        value = name
        name = _safely("", lambda: email.utils.collapse_rfc2231_value(value))
    text = str(name or "")
    return (
        decode_header_text(text)
        if "=?" in text or any("\udc80" <= char <= "\udcff" for char in text)
        else text
    )


def _payload(part: Message) -> bytes | None:
    payload = _safely(None, lambda: part.get_payload(decode=True))
    return payload if isinstance(payload, bytes) else None


class _MimeReader:
    """Walks a parsed message: the text that is its body, the rest as attachments."""

    def __init__(self, collected: _Collected) -> None:
        self.collected = collected

    def text_of(self, part: Message, content_type: str) -> str:
        data = _payload(part)
        if data is None:
            return ""
        charset = _safely(None, part.get_content_charset)
        if content_type == "text/html" and not charset:
            charset = _html_charset(data)
        text, guessed = _decode_bytes(data, charset)
        if guessed and data:
            self.collected.problem(
                _(
                    "Part of the text did not say its character set, or named one DPO Desk "
                    "does not know ({charset}); it was read as Central European "
                    "(Windows-1250): check its letters."
                ).format(charset=_one_line(charset or "-")[:40])
            )
        return html_to_text(text) if content_type == "text/html" else _clean_text(text)

    def body_of(self, part: Message, depth: int) -> str:
        """The readable text of ``part``; what is not text is attached on the way."""
        if depth > MAX_NESTING:
            self.collected.problem(
                _("Parts nested more than {count} levels deep were left out.").format(
                    count=MAX_NESTING
                )
            )
            return ""
        content_type = _content_type(part)
        if content_type == EML_MEDIA_TYPE:
            return self.forwarded(part, depth)
        if content_type in ("multipart/encrypted", "application/pkcs7-mime"):
            self.collected.problem(
                _("The message is encrypted: DPO Desk cannot read what it says.")
            )
        if _safely(False, part.is_multipart):
            children = _children(part)
            if content_type == "multipart/alternative":
                return self.alternative(children, depth)
            texts = [self.body_of(child, depth + 1) for child in children]
            return "\n\n".join(text for text in texts if text)
        disposition = _safely(None, part.get_content_disposition)
        name = _part_file_name(part)
        if content_type in ("text/plain", "text/html") and disposition != "attachment" and not name:
            return self.text_of(part, content_type)
        self.attachment(part, name, content_type)
        return ""

    def alternative(self, children: list[Message], depth: int) -> str:
        """The plain-text rendition when it has text, else the HTML one, else the last (the
        richest, RFC 2046 5.1.4) nested one; what only the unused renditions hold (an image
        pasted into the HTML) is still attached."""
        leaves = [child for child in children if not _content_type(child).startswith("multipart/")]
        nested = [child for child in children if _content_type(child).startswith("multipart/")]
        for child in leaves:
            if _content_type(child) not in ("text/plain", "text/html"):
                self.body_of(child, depth + 1)
        for wanted in ("text/plain", "text/html"):
            for child in leaves:
                if _content_type(child) == wanted and (text := self.body_of(child, depth + 1)):
                    for other in nested:
                        self.attachments_only(other, depth + 1)
                    return text
        for other in nested[:-1]:
            self.attachments_only(other, depth + 1)
        return self.body_of(nested[-1], depth + 1) if nested else ""

    def attachments_only(self, part: Message, depth: int) -> None:
        if depth > MAX_NESTING:
            return
        if _safely(False, part.is_multipart) and _content_type(part) != EML_MEDIA_TYPE:
            for child in _children(part):
                self.attachments_only(child, depth + 1)
        elif not _content_type(part).startswith("text/"):
            self.body_of(part, depth)

    def attachment(self, part: Message, name: str, content_type: str) -> None:
        try:
            content = _payload(part)
            if content is None:
                self.collected.undecodable(name)
                return
            if any(isinstance(defect, _BASE64_DEFECTS) for defect in part.defects):
                self.collected.problem(
                    _("Attachment “{name}” may be damaged: its encoding had errors.").format(
                        name=safe_file_name(name, _("(without a name)"))
                    )
                )
            self.collected.attach(name, content, content_type)
        except Exception:
            self.collected.undecodable(name)

    def forwarded(self, part: Message, depth: int) -> str:
        """A message inside the message (a forward): kept whole as an .eml attachment, its
        attachments attached too, its text added under a heading."""
        inner = next(iter(_children(part)), None)
        if inner is None:
            self.attachment(part, _part_file_name(part), EML_MEDIA_TYPE)
            return ""
        subject = decode_header_text(_header(inner, "subject") or "")
        name = _part_file_name(part) or (subject[:80] + ".eml" if subject else "")
        content = _message_bytes(inner)
        if content is None:
            self.collected.undecodable(name or "message.eml")
        else:
            self.collected.attach(name, content, EML_MEDIA_TYPE)
        sender_name, sender_email = _address(_header(inner, "from") or "")
        sender = _sender_text(sender_name, sender_email)
        date = _header(inner, "date")
        sent_at = _parse_date(_unescape_8bit(date)) if date else None
        _forward_problem(self.collected, sender_name, sender_email, sent_at)
        body = self.body_of(inner, depth + 1)
        return _forwarded_block(sender, sent_at, subject, body)


def _message_bytes(message: Message) -> bytes | None:
    """A parsed message as bytes again, 8-bit text and headers as they came where possible."""
    for policy in (
        email.policy.default.clone(refold_source="none"),
        email.policy.compat32,
    ):
        try:
            return message.as_bytes(policy=policy)
        except Exception:
            continue
    return None


def _check_is_mail(name: str, content: bytes, message: Message) -> None:
    """Refuses what is not e-mail: binary files, text without mail headers, and a message
    cut short inside its headers (a body could not even begin)."""
    end = _HEADER_END.search(content)
    names = {key.lower() for key, _value in _raw_headers(message)}
    if not names & _MAIL_HEADERS:
        head = content[: end.start() if end else 4096]
        if b"\x00" in head:
            raise _not_a_message(name, _("it is a binary file, not text"))
        raise _not_a_message(name, _("it has no e-mail headers (From, To, Subject, Date)"))
    separator_missing = any(
        isinstance(defect, MissingHeaderBodySeparatorDefect) for defect in message.defects
    )
    if end is None and not separator_missing:
        raise _not_a_message(name, _("it ends inside its headers, so it seems cut short"))


def _read_date(message: Message, collected: _Collected) -> datetime | None:
    raw = _header(message, "date")
    if raw is not None and raw.strip():
        sent_at = _parse_date(_unescape_8bit(raw))
        if sent_at is None:
            collected.problem(
                _(
                    "The message's date “{date}” could not be read: enter the day it was received."
                ).format(date=_one_line(_unescape_8bit(raw))[:80])
            )
        return sent_at
    # The topmost Received header is the last server's, the one that delivered it here.
    received = next(
        (value for key, value in _raw_headers(message) if key.lower() == "received"), None
    )
    if received and ";" in received:
        arrived = _parse_date(received.rsplit(";", 1)[1])
        if arrived is not None:
            collected.problem(
                _("The message has no date; the time its mail server received it was used instead.")
            )
            return arrived
    collected.problem(_("The message has no date: enter the day it was received."))
    return None


def _read_sender(message: Message, collected: _Collected) -> tuple[str, str]:
    raw = _header(message, "from") or _header(message, "sender")
    if raw is None or not raw.strip():
        collected.problem(_("The message has no sender (From): enter the data subject's details."))
        return "", ""
    name, address = _address(raw)
    if not address or email_problem(address):
        shown = address or _one_line(decode_header_text(raw))
        collected.problem(
            _("The sender's address “{address}” is not an e-mail address.").format(
                address=shown[:120]
            )
        )
        return name, ""
    reply_to = _header(message, "reply-to")
    if reply_to:
        _reply_name, reply_address = _address(reply_to)
        if reply_address and reply_address.lower() != address.lower():
            collected.problem(
                _(
                    "Replies are asked to go to {reply_to}, not to the sender's address "
                    "{address}: check which one belongs to the data subject."
                ).format(reply_to=reply_address, address=address)
            )
    return name, address


def _read_mime(name: str, content: bytes) -> IncomingMessage:
    try:
        message = BytesParser(policy=email.policy.default).parsebytes(content)
    except RecursionError as error:  # the parser recurses once per nested part
        raise _not_a_message(name, _("its parts are nested too deeply to be read")) from error
    _check_is_mail(name, content, message)
    collected = _Collected()
    sender_name, sender_email = _read_sender(message, collected)
    sent_at = _read_date(message, collected)
    subject = decode_header_text(_header(message, "subject") or "")
    reader = _MimeReader(collected)
    body = reader.body_of(message, 0)
    try:
        truncated = any(
            isinstance(defect, _TRUNCATION_DEFECTS)
            for part in message.walk()
            for defect in part.defects
        )
    except Exception:
        truncated = False
    if truncated:
        collected.problem(_("The message seems cut short: part of it may be missing."))
    if not body and not collected.attachments:
        collected.problem(_("The message has no text and no attachments."))
    return collected.message(
        name, EML_MEDIA_TYPE, content, sender_name, sender_email, sent_at, subject, body
    )


# --- Outlook (.msg) --------------------------------------------------------------------------

#: The libraries extract-msg brings log a line for every property a message lacks (most lack
#: many), and a traceback for odd dates; the frozen app would show them in its console.
_NOISY_LOGGERS = ("extract_msg", "RTFDE", "olefile", "compressed_rtf", "msoffcrypto", "tzlocal")


class _QuietLibraries:
    """Silences those loggers while any thread reads a .msg, and restores their levels when
    the last one is done (a counter, so parallel reads do not undo each other)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readers = 0
        self._levels: dict[str, int] = {}

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._readers == 0:
                for name in _NOISY_LOGGERS:
                    logger = logging.getLogger(name)
                    self._levels[name] = logger.level
                    logger.setLevel(logging.CRITICAL + 1)
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                if self._readers == 0:
                    for name, level in self._levels.items():
                        logging.getLogger(name).setLevel(level)


_quiet_libraries = _QuietLibraries()

# MAPI property tags (MS-OXPROPS) as extract-msg names its streams: id then type.
_PR_SUBJECT = "0037"
_PR_SENDER_NAME = "0C1A"
_PR_SENT_REPRESENTING_NAME = "0042"
_PR_SENDER_SMTP_ADDRESS = "5D01"
_PR_SENT_REPRESENTING_SMTP_ADDRESS = "5D02"
_PR_SENDER_EMAIL_ADDRESS = "0C1F"
_PR_SENT_REPRESENTING_EMAIL_ADDRESS = "0065"
_PR_TRANSPORT_MESSAGE_HEADERS = "007D"
_PR_BODY = "1000"
_PR_HTML = "__substg1.0_10130102"
_PR_INTERNET_CPID = "3FDE0003"
_PR_CLIENT_SUBMIT_TIME = "00390040"
_PR_MESSAGE_DELIVERY_TIME = "0E060040"
_PR_DISPLAY_NAME = "3001"


def _msg_text(item: Any, tag: str) -> str:
    """A string property of a message or attachment, read leniently: extract-msg decodes
    strictly and raises on a stray surrogate or an odd byte count."""
    unicode = _safely(None, lambda: item.getStream(f"__substg1.0_{tag}001F"))
    if isinstance(unicode, bytes):
        return unicode.decode("utf-16-le", errors="replace").rstrip("\0")
    eight_bit = _safely(None, lambda: item.getStream(f"__substg1.0_{tag}001E"))
    if isinstance(eight_bit, bytes):
        owner = item if hasattr(item, "stringEncoding") else _safely(None, lambda: item.msg)
        encoding = _safely(None, lambda: owner.stringEncoding)
        return _decode_bytes(eight_bit, encoding if isinstance(encoding, str) else None)[0].rstrip(
            "\0"
        )
    return ""


def _msg_time(item: Any, tag: str) -> datetime | None:
    """A time property in UTC. extract-msg turns FILETIMEs into the computer's local zone via
    tzlocal (naive before 1970, a NullDate for "no date"); normalised here, absurd ones None."""
    value = _safely(None, lambda: item.props.getValue(tag))
    if not isinstance(value, datetime) or type(value).__name__ == "NullDate":
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return value if 1980 <= value.year <= 9998 else None


def _msg_sender(msg: Any, headers: Message | None) -> tuple[str, str]:
    name = _one_line(_msg_text(msg, _PR_SENDER_NAME) or _msg_text(msg, _PR_SENT_REPRESENTING_NAME))
    # The SMTP properties first: PR_SENDER_EMAIL_ADDRESS of mail from inside an Exchange
    # organisation is an X.500 path ("/O=EXCHANGELABS/OU=..."), not an address.
    candidates = [
        _msg_text(msg, tag)
        for tag in (
            _PR_SENDER_SMTP_ADDRESS,
            _PR_SENDER_EMAIL_ADDRESS,
            _PR_SENT_REPRESENTING_SMTP_ADDRESS,
            _PR_SENT_REPRESENTING_EMAIL_ADDRESS,
        )
    ]
    if headers is not None:
        header_name, header_address = _address(_header(headers, "from") or "")
        candidates.append(header_address)
        name = name or header_name
    for candidate in candidates:
        address = _one_line(candidate).strip("<>")
        if address and not email_problem(address):
            return name, address
    return name, ""


def _msg_body(msg: Any, collected: _Collected) -> str:
    plain = _msg_text(msg, _PR_BODY)
    if plain.strip():
        return _clean_text(plain)
    html = _safely(None, lambda: msg.getStream(_PR_HTML))
    if isinstance(html, bytes) and html.strip():
        cpid = _safely(None, lambda: msg.props.getValue(_PR_INTERNET_CPID))
        charset = f"cp{cpid}" if isinstance(cpid, int) and cpid not in (65001, 0) else None
        charset = _html_charset(html) or charset or ("utf-8" if cpid == 65001 else None)
        return html_to_text(_decode_bytes(html, charset)[0])
    # Only RTF (old Outlook): extract-msg de-encapsulates it with RTFDE, slowly and fallibly.
    from_rtf = _safely(None, lambda: msg.body)
    if isinstance(from_rtf, bytes):
        from_rtf = _decode_bytes(from_rtf, None)[0]
    if isinstance(from_rtf, str) and from_rtf.strip():
        return _clean_text(from_rtf)
    if _safely(None, lambda: msg.rtfBody):
        collected.problem(_("The message's text is in a format DPO Desk cannot read (RTF)."))
    return ""


def _msg_headers(msg: Any) -> Message | None:
    text = _msg_text(msg, _PR_TRANSPORT_MESSAGE_HEADERS)
    if not text.strip():
        return None
    return _safely(None, lambda: HeaderParser(policy=email.policy.default).parsestr(text))


def _read_msg_item(msg: Any, collected: _Collected, depth: int) -> tuple[str, datetime | None]:
    """(body, sent at) of an Outlook message; its attachments are collected on the way."""
    headers = _msg_headers(msg)
    sent_at = _msg_time(msg, _PR_CLIENT_SUBMIT_TIME) or _msg_time(msg, _PR_MESSAGE_DELIVERY_TIME)
    if sent_at is None and headers is not None:
        date = _header(headers, "date")
        sent_at = _parse_date(date) if date else None
    body = _msg_body(msg, collected)
    attachments = _safely(None, lambda: list(msg.attachments))
    if attachments is None:
        collected.problem(_("The message's attachments could not be read."))
        return body, sent_at
    for attachment in attachments:
        texts = [_read_msg_attachment(attachment, collected, depth)]
        body = "\n\n".join(text for text in (body, *texts) if text)
    return body, sent_at


def _read_msg_attachment(attachment: Any, collected: _Collected, depth: int) -> str:
    """Attaches one .msg attachment; returns the text of an attached message (a forward)."""
    name = (
        _msg_text(attachment, "3707")
        or _msg_text(attachment, "3704")
        or _msg_text(attachment, _PR_DISPLAY_NAME)
    )
    declared = _msg_text(attachment, "370E")
    data = _safely(None, lambda: attachment.data)
    if isinstance(data, bytes):
        collected.attach(name, data, declared)
        return ""
    if data is not None and hasattr(data, "exportBytes"):
        if depth >= MAX_NESTING:
            collected.problem(
                _("Parts nested more than {count} levels deep were left out.").format(
                    count=MAX_NESTING
                )
            )
            return ""
        subject = _one_line(_msg_text(data, _PR_SUBJECT))
        content = _safely(None, data.exportBytes)
        file_name = (name or subject[:80] or "message") + ".msg"
        if isinstance(content, bytes):
            collected.attach(file_name, content, MSG_MEDIA_TYPE)
        else:
            collected.undecodable(file_name)
        inner_name, inner_address = _msg_sender(data, _msg_headers(data))
        sender = _sender_text(inner_name, inner_address)
        body, sent_at = _read_msg_item(data, collected, depth + 1)
        _forward_problem(collected, inner_name, inner_address, sent_at)
        return _forwarded_block(sender, sent_at, subject, body)
    if data is None and _safely(None, lambda: attachment.type.name) == "WEB":
        collected.problem(
            _("Attachment “{name}” is only a link to a file elsewhere and was left out.").format(
                name=safe_file_name(name, _("(without a name)"))
            )
        )
        return ""
    collected.undecodable(name)
    return ""


_FREESECT = 0xFFFFFFFF
_MAX_REGULAR_SECTOR = 0xFFFFFFFA  # MS-CFB 2.1: above are markers (end of chain, FAT, free)


def _cut_short(content: bytes) -> str | None:
    """Why a compound file is incomplete, or None: every sector its FAT says is in use must be
    in the file (MS-CFB 2.2-2.5). olefile trims its FAT to the file's length and extract-msg
    then reads a cut .msg without its last attachments, so the check is made here."""
    if len(content) < 512:
        return _("the Outlook file is cut short")
    (shift,) = struct.unpack_from("<H", content, 30)
    if shift not in (9, 12):
        return _("the Outlook file is damaged (its header is not valid)")
    size = 1 << shift
    (fat_count,) = struct.unpack_from("<I", content, 44)
    difat_next, difat_count = struct.unpack_from("<II", content, 68)
    fat_sectors = [
        sector
        for sector in struct.unpack_from("<109I", content, 76)
        if sector < _MAX_REGULAR_SECTOR
    ]
    for _hop in range(min(difat_count, len(content) // size)):  # the DIFAT chain, bounded
        if difat_next >= _MAX_REGULAR_SECTOR or (difat_next + 2) * size > len(content):
            break
        values = struct.unpack_from(f"<{size // 4}I", content, (difat_next + 1) * size)
        fat_sectors += [sector for sector in values[:-1] if sector < _MAX_REGULAR_SECTOR]
        difat_next = values[-1]
    fat_sectors = fat_sectors[: min(fat_count, len(fat_sectors))]
    highest = max(fat_sectors, default=0)
    per_sector = size // 4
    for position, sector in enumerate(fat_sectors):
        if (sector + 2) * size > len(content):
            return _("the Outlook file is cut short")
        entries = struct.unpack_from(f"<{per_sector}I", content, (sector + 1) * size)
        used = next(
            (index for index in range(per_sector - 1, -1, -1) if entries[index] != _FREESECT),
            None,
        )
        if used is not None:
            highest = max(highest, position * per_sector + used)
    if (highest + 2) * size > len(content):
        return _("the Outlook file is cut short")
    return None


def _read_outlook(name: str, content: bytes) -> IncomingMessage:
    try:
        # Imported here: it is heavy (RTF, HTML and crypto libraries) and only .msg needs it.
        import extract_msg
        from extract_msg.enums import ErrorBehavior
    except ImportError as error:  # a broken installation, not a broken file
        raise MessageError(
            _("Outlook messages cannot be read: {reason}").format(reason=error), name
        ) from error
    incomplete = _cut_short(content)
    if incomplete is not None:
        raise _not_a_message(name, incomplete)
    collected = _Collected()
    with _quiet_libraries():
        try:
            # A file object, not bytes: olefile takes a short bytes value for a file *path*.
            msg: Any = extract_msg.openMsg(
                io.BytesIO(content),
                strict=False,
                delayAttachments=True,
                errorBehavior=ErrorBehavior.SUPPRESS_ALL & ~ErrorBehavior.OLE_DEFECT_INCORRECT,
            )
        except Exception as error:
            detail = _one_line(str(error))[:160]
            raise _not_a_message(
                name,
                _("the Outlook file is damaged or cut short ({detail})").format(detail=detail),
            ) from error
        try:
            if not _safely(None, lambda: msg.classType):
                raise _not_a_message(
                    name, _("it is an Office document (OLE), but not an Outlook message")
                )
            headers = _msg_headers(msg)
            subject = _one_line(_msg_text(msg, _PR_SUBJECT))
            sender_name, sender_email = _msg_sender(msg, headers)
            if not sender_email:
                collected.problem(
                    _(
                        "The message has no sender's e-mail address: enter the data subject's "
                        "details."
                    )
                )
            body, sent_at = _read_msg_item(msg, collected, 0)
        finally:
            _safely(None, msg.close)
    if sent_at is None:
        collected.problem(_("The message has no date: enter the day it was received."))
    if not body and not collected.attachments and not subject:
        raise _not_a_message(name, _("the Outlook file holds no message properties"))
    return collected.message(
        name, MSG_MEDIA_TYPE, content, sender_name, sender_email, sent_at, subject, body
    )


# --- Entry points ----------------------------------------------------------------------------


def read_message(file_name: str, content: bytes) -> IncomingMessage:
    """Reads an e-mail saved as a file. The format is told by the content, never the name (an
    Outlook .msg saved as "zahtjev.eml" is still read). Raises MessageError, and nothing else,
    when the file is not a readable e-mail."""
    is_outlook = content.startswith(OLE_SIGNATURE)
    name = safe_file_name(file_name, "message.msg" if is_outlook else "message.eml")
    if not content.strip():
        raise _not_a_message(name, _("the file is empty"))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise _too_large(name, len(content))
    try:
        return _read_outlook(name, content) if is_outlook else _read_mime(name, content)
    except MessageError:
        raise
    except Exception as error:  # the promise: only MessageError leaves this function
        raise _not_a_message(
            name,
            _("it could not be read ({detail})").format(
                detail=_one_line(f"{type(error).__name__}: {error}")[:160]
            ),
        ) from error


def read_message_file(path: Path) -> IncomingMessage:
    """Reads an e-mail file; its size is checked before it is read whole."""
    shown = _one_line(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise _too_large(shown, size)
        content = path.read_bytes()
    except OSError as error:
        problem = _("cannot be read: {reason}").format(reason=error.strerror or error)
        raise MessageError(f"{shown}: {problem}", shown) from error
    return read_message(path.name, content)


# --- Drafting a request ----------------------------------------------------------------------

#: Words that suggest which rights a message exercises, in Croatian and English, matched in
#: the subject and the top of the text, lower-cased and with č ć đ š ž folded to c c d s z (so
#: "obrisite" matches "obriš"). A guess only: the user sees the rights ticked in the form and
#: confirms or corrects them before the request is saved.
RIGHT_KEYWORDS: dict[Right, tuple[str, ...]] = {
    Right.ACCESS: ("pristup", "uvid", "access", "copy of my data", "kopij"),
    Right.RECTIFICATION: ("ispravak", "ispravi", "rectif", "correct", "netočn"),
    Right.ERASURE: (
        "brisanje",
        "obriš",
        "izbriš",
        "erase",
        "erasure",
        "delete",
        "forgotten",
        "zaborav",
    ),
    Right.RESTRICTION: ("ograničen", "restrict"),
    Right.PORTABILITY: ("prenosiv", "portab"),
    Right.OBJECTION: ("prigovor", "object"),
    Right.CONSENT_WITHDRAWAL: (
        "povlačenje privole",
        "povlačim privolu",
        "povući privolu",
        "opoziv privole",
        "withdraw my consent",
        "withdraw consent",
        "withdrawal of consent",
    ),
    Right.AUTOMATED: ("automatizirano", "automated decision", "profiliranj", "profiling"),
}
#: Direct marketing (Art. 21(2)-(3)) when one of these comes with an objection word: "stop
#: sending me the newsletter" is an absolute objection, "I work in marketing" is not.
MARKETING_KEYWORDS = ("marketing", "newsletter", "promidžb", "unsubscribe", "reklam")
OBJECTION_KEYWORDS = (
    "prigovor",
    "object",
    "unsubscribe",
    "odjav",
    "ne želim",
    "ne zelim",
    "opt out",
    "opt-out",
    "do not want",
    "don't want",
    "no longer want",
    "stop sending",
)
#: Croatian when the text has its letters or one of its everyday words; English otherwise.
CROATIAN_LETTERS = frozenset("čćđšžČĆĐŠŽ")
CROATIAN_KEYWORDS = ("zahtjev", "podataka", "molim", "osobnih", "poštovani", "pozdrav", "hvala")

_FOLD = str.maketrans({"č": "c", "ć": "c", "đ": "d", "š": "s", "ž": "z"})
_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|tr|odg|sv|vs|prosl(ij)?eđeno|proslijedeno)\s*(\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return text.casefold().translate(_FOLD)


def _has_any(folded: str, words: tuple[str, ...]) -> bool:
    return any(_fold(word) in folded for word in words)


def request_text(message: IncomingMessage) -> str:
    """The part of a message the guesses look at: the subject and the top of the text, without
    quoted lines ("> ...") and without what follows a signature separator ("-- ")."""
    lines: list[str] = []
    for line in message.body.split("\n"):
        if line.rstrip() == "--":
            break
        if not line.lstrip().startswith(">"):
            lines.append(line)
    return message.subject + "\n" + "\n".join(lines)[:GUESS_TEXT_CHARS]


def guess_rights(text: str) -> tuple[Right, ...]:
    """The rights ``text`` seems to exercise, in the order the form lists them."""
    folded = _fold(text)
    found = {right for right, words in RIGHT_KEYWORDS.items() if _has_any(folded, words)}
    if _has_any(folded, MARKETING_KEYWORDS) and _has_any(folded, OBJECTION_KEYWORDS):
        found.add(Right.OBJECTION_MARKETING)
        found.discard(Right.OBJECTION)
    return tuple(right for right in Right if right in found)


def guess_language(text: str) -> str:
    """ "hr" when ``text`` looks Croatian, else "en": the language the reply is drafted in."""
    if any(char in CROATIAN_LETTERS for char in text):
        return "hr"
    stems = tuple(_fold(word) for word in CROATIAN_KEYWORDS)
    return "hr" if any(word.startswith(stems) for word in re.findall(r"\w+", _fold(text))) else "en"


def summary_of(subject: str) -> str:
    """A subject line as a request's summary: without "Re:"/"Fwd:", one line, at most
    MAX_SUMMARY characters."""
    text = " ".join(_REPLY_PREFIX.sub("", subject).split()) or " ".join(subject.split())
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1].rstrip() + "…"


def draft_request(message: IncomingMessage) -> Request:
    """A new request as the message suggests it, for the user to check and complete: received
    on the day the message was sent, in Zagreb (the office's day counts under Art. 12(3));
    rights and language guessed from the text; the reply by e-mail when there is an address."""
    received_on = message.sent_at.astimezone(OFFICE_ZONE).date() if message.sent_at else None
    subject = Person(name=message.sender_name, email=message.sender_email)
    # A request forwarded to the DPO (from the front desk's or the info@ mailbox) was written
    # by the forwarded message's sender, and the clock may have started when that message
    # arrived: the earlier day is taken, so the deadline is never counted too late. The
    # problem shown says so; the DPO corrects either when it was the person's own forward.
    inner = next((f for f in message.forwarded if f.sender_name or f.sender_email), None)
    if inner is not None:
        subject = Person(name=inner.sender_name, email=inner.sender_email)
        if inner.sent_at is not None:
            sent = inner.sent_at.astimezone(OFFICE_ZONE).date()
            received_on = min(sent, received_on) if received_on else sent
    text = request_text(message)
    return Request(
        received_on=received_on,
        channel=Channel.EMAIL,
        rights=guess_rights(text),
        subject=subject,
        language=guess_language(text),
        reply_channel=ReplyChannel.EMAIL if subject.email else ReplyChannel.POST,
        summary=summary_of(message.subject),
        notes="",
    )
