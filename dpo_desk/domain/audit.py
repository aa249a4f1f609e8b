"""The audit log: who changed which record, when, and what it held before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

#: A JSON-representable value as the log keeps it (dates as ISO text, binary content as a size).
AuditValue: TypeAlias = str | int | float | bool | None


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class AuditEvent:
    """One change to one record, written in the same transaction as the change itself."""

    id: int
    occurred_at: datetime  # aware, UTC
    os_user: str
    db_user: str | None
    action: AuditAction
    entity: str
    entity_id: str
    changes: dict[str, tuple[AuditValue, AuditValue]]
