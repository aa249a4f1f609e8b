"""A test-only writer of Outlook .msg files: a Compound File Binary (MS-CFB) that holds the MAPI
property streams (MS-OXMSG) extract-msg reads.

extract-msg and olefile only read, and a real .msg saved from Outlook would bring a stranger's
mail into the repository; so the tests build their own, with exactly the properties each case
needs (Croatian text, an 8-bit code page, an attached message, a missing date).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeAlias

SECTOR = 512
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: A storage: names to streams (bytes) or to storages (nested dicts), in any order.
Tree: TypeAlias = "dict[str, bytes | Tree]"

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by code point of the upper-cased names."""
    return (len(name.encode("utf-16-le")), name.upper())


def _balance(entries: list[_Entry], ids: list[int], depth: int, red_depth: int) -> int:
    """A balanced binary search tree over ``ids`` (already sorted); returns its root.

    Built from the middle, the tree is full down to ``red_depth`` and only the level at that
    depth is partial: colouring that level red and the rest black is a valid red-black tree
    (every path from the root to a leaf passes the same number of black nodes).
    """
    if not ids:
        return NOSTREAM
    middle = len(ids) // 2
    node = entries[ids[middle]]
    node.color = _RED if depth >= red_depth else _BLACK
    node.left = _balance(entries, ids[:middle], depth + 1, red_depth)
    node.right = _balance(entries, ids[middle + 1 :], depth + 1, red_depth)
    return ids[middle]


def _flatten(tree: Tree, entries: list[_Entry], parent: int) -> None:
    for name, value in tree.items():
        if len(name) > 31:
            raise ValueError(f"a CFB name has at most 31 characters: {name!r}")
        entries.append(
            _Entry(name, _STREAM, data=value)
            if isinstance(value, bytes)
            else _Entry(name, _STORAGE)
        )
        index = len(entries) - 1
        entries[parent].children.append(index)
        if not isinstance(value, bytes):
            _flatten(value, entries, index)


def _chain(fat: list[int], first: int, count: int) -> None:
    for sector in range(first, first + count):
        fat[sector] = sector + 1 if sector < first + count - 1 else ENDOFCHAIN


def build_cfb(tree: Tree) -> bytes:
    """A version 3 compound file (512-byte sectors) holding ``tree`` under its root storage.

    Layout: FAT sectors, directory, mini FAT, mini stream, then each large stream; every
    stream under 4096 bytes lives in the mini stream, as MS-CFB requires.
    """
    entries = [_Entry("Root Entry", _ROOT)]
    _flatten(tree, entries, 0)
    for entry in entries:
        if entry.children:
            ordered = sorted(entry.children, key=lambda index: _sort_key(entries[index].name))
            red_depth = (len(ordered) + 1).bit_length() - 1
            entry.child = _balance(entries, ordered, 0, red_depth)

    mini_stream = bytearray()
    mini_fat: list[int] = []
    large: list[_Entry] = []
    for entry in entries[1:]:
        if entry.kind != _STREAM:
            entry.start, entry.size = 0, 0
            continue
        entry.size = len(entry.data)
        if not entry.data:
            entry.start = ENDOFCHAIN
        elif entry.size < MINI_STREAM_CUTOFF:
            first = len(mini_fat)
            count = -(-entry.size // MINI_SECTOR)
            mini_fat.extend(range(first + 1, first + count + 1))
            mini_fat[-1] = ENDOFCHAIN
            entry.start = first
            mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\0")
        else:
            large.append(entry)

    directory_sectors = -(-len(entries) // 4)
    mini_fat_sectors = -(-len(mini_fat) * 4 // SECTOR)
    mini_stream_sectors = -(-len(mini_stream) // SECTOR)
    large_sectors = [-(-len(entry.data) // SECTOR) for entry in large]
    others = directory_sectors + mini_fat_sectors + mini_stream_sectors + sum(large_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + others:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("too large for a compound file without DIFAT sectors")

    total = fat_sectors + others
    fat = [FREESECT] * (fat_sectors * (SECTOR // 4))
    for sector in range(fat_sectors):
        fat[sector] = FATSECT
    next_sector = fat_sectors
    directory_start = next_sector
    _chain(fat, next_sector, directory_sectors)
    next_sector += directory_sectors
    mini_fat_start = next_sector if mini_fat_sectors else ENDOFCHAIN
    _chain(fat, next_sector, mini_fat_sectors)
    next_sector += mini_fat_sectors
    entries[0].start = next_sector if mini_stream_sectors else ENDOFCHAIN
    entries[0].size = len(mini_stream)
    _chain(fat, next_sector, mini_stream_sectors)
    next_sector += mini_stream_sectors
    for entry, count in zip(large, large_sectors, strict=True):
        entry.start = next_sector
        _chain(fat, next_sector, count)
        next_sector += count
    assert next_sector == total

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        SIGNATURE,
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\0" * 6,
        0,  # directory sectors: always 0 in version 3
        fat_sectors,
        directory_start,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        mini_fat_start,
        mini_fat_sectors,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,
    )
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)

    directory = bytearray()
    for entry in entries:
        encoded = entry.name.encode("utf-16-le")
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded + b"\0\0",
            len(encoded) + 2,
            entry.kind,
            entry.color,
            entry.left,
            entry.right,
            entry.child,
            b"\0" * 16,
            0,
            0,
            0,
            entry.start,
            entry.size,
        )
    while len(directory) % SECTOR:
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
        )

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(mini_fat_sectors * SECTOR, b"\xff")
    out += bytes(mini_stream).ljust(mini_stream_sectors * SECTOR, b"\0")
    for entry, count in zip(large, large_sectors, strict=True):
        out += entry.data.ljust(count * SECTOR, b"\0")
    assert len(out) == SECTOR * (1 + total)
    return bytes(out)


# MAPI property types (MS-OXCDATA 2.11.1) and the tags the tests write (MS-OXPROPS).
PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_OBJECT = 0x000D
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_SYSTIME = 0x0040
PT_BINARY = 0x0102

PR_MESSAGE_CLASS = 0x001A
PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_SENT_REPRESENTING_NAME = 0x0042
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_SENDER_NAME = 0x0C1A
PR_SENDER_ADDRTYPE = 0x0C1E
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_MESSAGE_FLAGS = 0x0E07
PR_BODY = 0x1000
PR_HTML = 0x1013
PR_ATTACH_NUM = 0x0E21
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_STORE_SUPPORT_MASK = 0x340D
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_SENDER_SMTP_ADDRESS = 0x5D01

STORE_UNICODE_OK = 0x00040000
ATTACH_BY_VALUE = 1
ATTACH_EMBEDDED_MSG = 5


def filetime(instant: datetime) -> int:
    """100-nanosecond intervals since 1601-01-01 UTC (a Windows FILETIME)."""
    delta = instant.astimezone(UTC) - datetime(1601, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


@dataclass(frozen=True)
class MsgAttachment:
    """An attachment: a file by value, or (``embedded``) a message attached as an item."""

    file_name: str = ""
    data: bytes | None = None
    mime_type: str = ""
    embedded: MsgMessage | None = None
    method: int | None = None  # default: by value, or embedded message


@dataclass(frozen=True)
class MsgMessage:
    """The message properties the tests need; None leaves a property out of the file."""

    subject: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    sender_address_type: str | None = "SMTP"
    sender_smtp: str | None = None
    body: str | None = None
    html: bytes | None = None
    submit_time: datetime | None = None
    delivery_time: datetime | None = None
    message_class: str | None = "IPM.Note"
    transport_headers: str | None = None
    flags: int | None = 1  # MSGFLAG_READ; 8 would be MSGFLAG_UNSENT
    attachments: tuple[MsgAttachment, ...] = ()
    #: None: strings in UTF-16 (PT_UNICODE). A Windows code page (1250): 8-bit strings in it.
    codepage: int | None = None
    extra_streams: dict[str, bytes] = field(default_factory=dict)


class _Properties:
    """Fixed-size values go into ``__properties_version1.0``; variable-size ones into their own
    ``__substg1.0_TTTTtttt`` stream, with their size recorded in the property stream."""

    def __init__(self, codepage: int | None) -> None:
        self.codepage = codepage
        self.entries: list[bytes] = []
        self.streams: dict[str, bytes] = {}

    def fixed(self, tag: int, kind: int, value: int) -> None:
        # Flags 6: PROPATTR_READABLE | PROPATTR_WRITABLE.
        self.entries.append(struct.pack("<IIQ", (tag << 16) | kind, 6, value))

    def variable(self, tag: int, kind: int, data: bytes, size: int | None = None) -> None:
        self.streams[f"__substg1.0_{tag:04X}{kind:04X}"] = data
        length = len(data) if size is None else size
        self.entries.append(struct.pack("<IIII", (tag << 16) | kind, 6, length, 0))

    def text(self, tag: int, value: str | None) -> None:
        if value is None:
            return
        if self.codepage is None:
            data = value.encode("utf-16-le")
            self.variable(tag, PT_UNICODE, data, len(data) + 2)
        else:
            data = value.encode(f"cp{self.codepage}")
            self.variable(tag, PT_STRING8, data, len(data) + 1)

    def stream(self, header: bytes) -> bytes:
        return header + b"".join(self.entries)


def _message_tree(message: MsgMessage, top: bool) -> Tree:
    props = _Properties(message.codepage)
    props.text(PR_MESSAGE_CLASS, message.message_class)
    props.text(PR_SUBJECT, message.subject)
    props.text(PR_SENDER_NAME, message.sender_name)
    props.text(PR_SENT_REPRESENTING_NAME, message.sender_name)
    if message.sender_email is not None:
        props.text(PR_SENDER_ADDRTYPE, message.sender_address_type)
    props.text(PR_SENDER_EMAIL_ADDRESS, message.sender_email)
    props.text(PR_SENDER_SMTP_ADDRESS, message.sender_smtp)
    props.text(PR_BODY, message.body)
    props.text(PR_TRANSPORT_MESSAGE_HEADERS, message.transport_headers)
    if message.html is not None:
        props.variable(PR_HTML, PT_BINARY, message.html)
    if message.submit_time is not None:
        props.fixed(PR_CLIENT_SUBMIT_TIME, PT_SYSTIME, filetime(message.submit_time))
    if message.delivery_time is not None:
        props.fixed(PR_MESSAGE_DELIVERY_TIME, PT_SYSTIME, filetime(message.delivery_time))
    if message.flags is not None:
        props.fixed(PR_MESSAGE_FLAGS, PT_LONG, message.flags)
    if message.codepage is None:
        props.fixed(PR_STORE_SUPPORT_MASK, PT_LONG, STORE_UNICODE_OK)
    else:
        props.fixed(PR_STORE_SUPPORT_MASK, PT_LONG, 0)
        props.fixed(PR_MESSAGE_CODEPAGE, PT_LONG, message.codepage)

    tree: Tree = dict(props.streams)
    tree.update(message.extra_streams)
    for number, attachment in enumerate(message.attachments):
        tree[f"__attach_version1.0_#{number:08X}"] = _attachment_tree(
            attachment, number, message.codepage
        )
    # MS-OXMSG 2.4.1: the top-level message's header is 32 bytes, an embedded message's 24.
    count = len(message.attachments)
    header = struct.pack("<8sIIII", b"\0" * 8, 0, count, 0, count)
    if top:
        header += b"\0" * 8
        tree["__nameid_version1.0"] = {
            "__substg1.0_00020102": b"",  # GUIDs
            "__substg1.0_00030102": b"",  # entries
            "__substg1.0_00040102": b"",  # names
        }
    tree["__properties_version1.0"] = props.stream(header)
    return tree


def _attachment_tree(attachment: MsgAttachment, number: int, codepage: int | None) -> Tree:
    props = _Properties(codepage)
    method = attachment.method
    if method is None:
        method = ATTACH_EMBEDDED_MSG if attachment.embedded is not None else ATTACH_BY_VALUE
    props.fixed(PR_ATTACH_METHOD, PT_LONG, method)
    props.fixed(PR_ATTACH_NUM, PT_LONG, number)
    if attachment.file_name:
        props.text(PR_ATTACH_LONG_FILENAME, attachment.file_name)
        props.text(PR_ATTACH_FILENAME, attachment.file_name[:12])
    if attachment.mime_type:
        props.text(PR_ATTACH_MIME_TAG, attachment.mime_type)
    if attachment.data is not None:
        props.variable(PR_ATTACH_DATA, PT_BINARY, attachment.data)
    tree: Tree = dict(props.streams)
    if attachment.embedded is not None:
        tree[f"__substg1.0_{PR_ATTACH_DATA:04X}{PT_OBJECT:04X}"] = _message_tree(
            attachment.embedded, top=False
        )
        props.entries.append(
            struct.pack("<IIII", (PR_ATTACH_DATA << 16) | PT_OBJECT, 6, 0xFFFFFFFF, 0)
        )
    tree["__properties_version1.0"] = props.stream(b"\0" * 8)
    return tree


def build_msg(message: MsgMessage) -> bytes:
    """The bytes of a .msg file holding ``message``."""
    return build_cfb(_message_tree(message, top=True))
