"""Reading the audit log, and the columns its register view and export share."""

from __future__ import annotations

from dpo_desk.domain.audit import AuditAction, AuditEvent, AuditValue
from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import format_instant
from dpo_desk.i18n import N_, _
from dpo_desk.services.ports import UnitOfWorkFactory

ACTION_LABELS = {
    AuditAction.CREATE: N_("created"),
    AuditAction.UPDATE: N_("changed"),
    AuditAction.DELETE: N_("deleted"),
}


def _show(value: AuditValue) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def describe_changes(event: AuditEvent) -> str:
    """ "field: before → after" for each changed field, one per line."""
    return "\n".join(
        f"{name}: {_show(before)} → {_show(after)}"
        for name, (before, after) in event.changes.items()
    )


AUDIT_COLUMNS: tuple[Column[AuditEvent], ...] = (
    Column("occurred_at", N_("When (Zagreb time)"), lambda e: format_instant(e.occurred_at), 17),
    Column("os_user", N_("User"), lambda e: e.os_user, 12),
    Column("db_user", N_("Database user"), lambda e: e.db_user or "", 12),
    Column("action", N_("Action"), lambda e: _(ACTION_LABELS[e.action]), 12),
    Column("record", N_("Record"), lambda e: f"{e.entity} #{e.entity_id}", 16),
    Column("changes", N_("What changed"), describe_changes, 60),
)


class AuditService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def recent(self, limit: int | None = None) -> list[AuditEvent]:
        """The newest events first."""
        with self._unit_of_work() as uow:
            return uow.audit.recent(limit)

    def count(self) -> int:
        with self._unit_of_work() as uow:
            return uow.audit.count()
