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


#: What each table holds, as the log names a record. A later register adds its tables here.
ENTITY_LABELS = {
    "organisation": N_("Organisation profile"),
    "attachment": N_("Attachment"),
    "database_info": N_("Database information"),
}

_PERSON_FIELDS = {
    "name": N_("name"),
    "email": N_("e-mail"),
    "phone": N_("telephone"),
    "street": N_("street and number"),
    "postal_code": N_("postal code"),
    "city": N_("city"),
    "country_code": N_("country"),
}
_PREFIXES = {
    "dpo_": N_("DPO"),
    "representative_": N_("Representative"),
    "authority_": N_("Authority"),
}

#: Column names as the log shows them (the columns of every audited table).
FIELD_LABELS = {
    "controller_name": N_("Controller name"),
    "street": N_("Street and number"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "country_code": N_("Country"),
    "oib": N_("OIB"),
    "phone": N_("Telephone"),
    "email": N_("E-mail"),
    "website": N_("Web site"),
    "has_representative": N_("Has an EU representative"),
    "logo_attachment_id": N_("Logo"),
    "authority_website": N_("Authority web site"),
    "file_name": N_("File name"),
    "media_type": N_("Media type"),
    "size": N_("Size in bytes"),
    "sha256": N_("SHA-256"),
    "received_on": N_("Received on"),
    "description": N_("Description"),
    "content": N_("Content"),
    "key": N_("Key"),
    "value": N_("Value"),
    "id": N_("Number"),
}


def field_label(column: str) -> str:
    """A column's name for people, in the current language ("dpo_email" -> "DPO e-mail")."""
    if column in FIELD_LABELS:
        return _(FIELD_LABELS[column])
    for prefix, owner in _PREFIXES.items():
        rest = column.removeprefix(prefix)
        if rest != column and rest in _PERSON_FIELDS:
            return f"{_(owner)}: {_(_PERSON_FIELDS[rest])}"
    return column


def record_label(event: AuditEvent) -> str:
    entity = ENTITY_LABELS.get(event.entity)
    return f"{_(entity) if entity else event.entity} #{event.entity_id}"


def _show(value: AuditValue) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def describe_changes(event: AuditEvent) -> str:
    """ "field: before → after" for each changed field, one per line."""
    return "\n".join(
        f"{field_label(name)}: {_show(before)} → {_show(after)}"
        for name, (before, after) in event.changes.items()
    )


AUDIT_COLUMNS: tuple[Column[AuditEvent], ...] = (
    Column("occurred_at", N_("When (Zagreb time)"), lambda e: format_instant(e.occurred_at), 17),
    Column("os_user", N_("User"), lambda e: e.os_user, 12),
    Column("db_user", N_("Database user"), lambda e: e.db_user or "", 12),
    Column("action", N_("Action"), lambda e: _(ACTION_LABELS[e.action]), 12),
    Column("record", N_("Record"), record_label, 16),
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
