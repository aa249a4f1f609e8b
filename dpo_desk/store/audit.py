"""Writes an audit event for every row a flush creates, changes or deletes, in the same transaction.

It hangs on the Session's ``after_flush``, not on each repository, so no register can be added
without it: any mapped class with ``__audited__ = True`` (the default) is logged.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, object_session

from dpo_desk.domain.audit import AuditAction, AuditValue
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.store.base import Base
from dpo_desk.store.records import AuditEventRecord

#: Columns whose changes are bookkeeping, not content.
_NOT_LOGGED = frozenset({"version", "updated_at", "created_at"})

#: Keys in ``Session.info`` that say who is acting.
OS_USER = "dpo_desk.os_user"
DB_USER = "dpo_desk.db_user"


def _loggable(value: Any, column_info: dict[str, Any]) -> AuditValue:
    if value is None:
        return None
    if column_info.get("audit") == "size" and isinstance(value, bytes | bytearray):
        return f"{len(value)} bytes"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _row_changes(obj: Base, action: AuditAction) -> dict[str, list[AuditValue]]:
    state = inspect(obj)
    changes: dict[str, list[AuditValue]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _NOT_LOGGED:
            continue
        info = attr.columns[0].info
        if info.get("audit") == "skip":  # derived from columns that are logged
            continue
        if action is AuditAction.UPDATE:
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
            changes[key] = [_loggable(before, info), _loggable(after, info)]
        else:
            # state.dict, not the attribute: reading must not load anything (deferred content).
            value = _loggable(state.dict.get(key), info)
            if value in (None, ""):
                continue
            changes[key] = [None, value] if action is AuditAction.CREATE else [value, None]
    return changes


def _entity_id(obj: Base) -> str:
    # After the flush the primary key is set, though the object is not yet "persistent".
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(part) for part in key)


class AuditedSession(Session):
    """The Session every unit of work uses; its flushes write the audit log."""


class UnauditedStatementError(RuntimeError):
    """A bulk UPDATE or DELETE on an audited table: it would change rows without an audit event."""


@event.listens_for(AuditedSession, "do_orm_execute")
def _refuse_bulk_changes(state: Any) -> None:
    """ORM-enabled bulk update()/delete() statements bypass the flush, and so the audit log.

    They are refused on audited tables: repositories load the records and change them instead.
    """
    if not (state.is_update or state.is_delete):
        return
    for mapper in state.all_mappers:
        if getattr(mapper.class_, "__audited__", False):
            raise UnauditedStatementError(
                f"bulk {'UPDATE' if state.is_update else 'DELETE'} on {mapper.class_.__tablename__} "
                "would bypass the audit log; change the records through the session instead"
            )


#: Key in ``Session.info`` of the rows deleted by the flush under way.
_DELETED = "dpo_desk.deleted"


@event.listens_for(Base, "after_delete", propagate=True)
def _remember_deleted(mapper: Any, connection: Any, target: Base) -> None:
    """Every row the flush deletes, also those removed from a collection (delete-orphan: a
    dropped adjustment, pause or link), which ``Session.deleted`` does not list."""
    session = object_session(target)
    if isinstance(session, AuditedSession):
        session.info.setdefault(_DELETED, []).append(target)


@event.listens_for(AuditedSession, "after_flush")
def _write_audit_events(session: Session, flush_context: Any) -> None:
    rows: list[dict[str, Any]] = []
    now = utc_now()
    os_user = str(session.info.get(OS_USER, "unknown"))
    db_user = session.info.get(DB_USER)
    groups = (
        (AuditAction.CREATE, list(session.new)),
        (AuditAction.UPDATE, list(session.dirty)),
        (AuditAction.DELETE, session.info.pop(_DELETED, [])),
    )
    for action, objects in groups:
        for obj in objects:
            if not isinstance(obj, Base) or not type(obj).__audited__:
                continue
            if action is AuditAction.UPDATE and not session.is_modified(
                obj, include_collections=False
            ):
                continue
            changes = _row_changes(obj, action)
            if action is AuditAction.UPDATE and not changes:
                continue
            rows.append(
                {
                    "occurred_at": now,
                    "os_user": os_user,
                    "db_user": db_user,
                    "action": action.value,
                    "entity": obj.__tablename__,
                    "entity_id": _entity_id(obj),
                    "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEventRecord), rows)
