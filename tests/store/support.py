"""Helpers the store tests share: a profile that passes validation, file snapshots, raw queries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import OrganisationProfile, Person
from dpo_desk.store.audit import AuditedSession

#: A valid OIB (check digit by ISO 7064 MOD 11,10), the sample organisation's.
VALID_OIB = "39821269208"


def valid_profile(controller_name: str = "Primjer d.o.o.") -> OrganisationProfile:
    """A new profile that OrganisationService.save accepts."""
    return OrganisationProfile(
        controller_name=controller_name,
        address=Address(street="Ilica 1", postal_code="10000", city="Zagreb"),
        oib=VALID_OIB,
        phone="+385 1 555 0100",
        email="info@primjer.example",
        website="https://www.primjer.example",
        dpo=Person(name="Ana Horvat", email="dpo@primjer.example", phone="+385 1 555 0142"),
    )


@dataclass(frozen=True)
class FileSnapshot:
    """What a refused file must still be afterwards: same bytes, same mtime, no new neighbours."""

    sha256: str
    mtime_ns: int
    mode: int
    folder: frozenset[str]


def snapshot(path: Path) -> FileSnapshot:
    stat = path.stat()
    return FileSnapshot(
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        mtime_ns=stat.st_mtime_ns,
        mode=stat.st_mode,
        folder=frozenset(entry.name for entry in path.parent.iterdir()),
    )


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of a plain SQL query, read outside any unit of work."""
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


@contextmanager
def meanwhile(action: Callable[[], None]) -> Iterator[None]:
    """Runs ``action`` once, just before the next unit of work flushes: another user's change
    landing between the checks in Python and the SQL statement that relies on them."""
    done = False

    def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
        nonlocal done
        if not done:
            done = True
            action()

    event.listen(AuditedSession, "before_flush", before_flush)
    try:
        yield
    finally:
        event.remove(AuditedSession, "before_flush", before_flush)
    assert done, "nothing was flushed, so the concurrent change never happened"
