"""Errors a user can act on: each carries a message that names the field, file or record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dpo_desk.i18n import _


class DpoDeskError(Exception):
    """Base of the errors that are shown to the user as they are (their text is translated)."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field: ``field`` is a stable key, ``label`` the field's name as shown."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationError(DpoDeskError):
    """The input was refused; nothing was written."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))

    def for_field(self, field: str) -> list[FieldError]:
        return [error for error in self.errors if error.field == field]


class ConcurrentEditError(DpoDeskError):
    """Someone saved the same record after it was opened here; saving now would overwrite them."""

    def __init__(self, record: str) -> None:
        self.record = record
        super().__init__(
            _(
                "{record} was changed by someone else after you opened it. Your changes were not "
                "saved: reload to see the current version, then make your changes again."
            ).format(record=record)
        )


class RecordNotFoundError(DpoDeskError):
    """The record asked for does not exist (any more)."""


class DatabaseError(DpoDeskError):
    """The database cannot be opened or used as it is; the file or server was left untouched."""


class TaskCancelledError(DpoDeskError):
    """The user cancelled a long task; whatever it had started was undone."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled."))
