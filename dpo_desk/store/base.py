"""The declarative base: one naming convention so every migration names constraints alike;
and the one way link collections are replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from dpo_desk.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012

    #: Whether changes to this table are written to the audit log (everything but the log itself).
    __audited__: bool = True


_Link = TypeVar("_Link")
_Key = TypeVar("_Key", int, str)


def relinked(
    current: list[_Link], key: str, wanted: Iterable[_Key], make: Callable[[_Key], _Link]
) -> list[_Link]:
    """A link collection holding exactly the ``wanted`` ids of ``key``: the links kept as they
    are (no needless DELETE and INSERT, nothing in the audit log for them), the missing ones
    made with ``make`` and added in id order."""
    wanted_set = set(wanted)
    kept = [link for link in current if getattr(link, key) in wanted_set]
    present = {getattr(link, key) for link in kept}
    return kept + [make(value) for value in sorted(wanted_set - present)]
