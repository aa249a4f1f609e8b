"""AuditService and the audit register's columns (shared by the window and the exports)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dpo_desk.domain.audit import AuditAction, AuditEvent
from dpo_desk.i18n import _, has_catalog, set_language
from dpo_desk.services.audit import AUDIT_COLUMNS, describe_changes
from dpo_desk.services.bundle import Services
from dpo_desk.services.sample import SAMPLE_PROFILE

EVENT = AuditEvent(
    id=7,
    occurred_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    os_user="ana",
    db_user=None,
    action=AuditAction.UPDATE,
    entity="organisation",
    entity_id="1",
    changes={"controller_name": ("Leapbit", "Leapbit d.o.o."), "website": ("", None), "id": (1, 1)},
)


def cells(event: AuditEvent) -> dict[str, str]:
    return {column.key: column.text(event) for column in AUDIT_COLUMNS}


def test_columns_render_an_event_for_a_person() -> None:
    assert cells(EVENT) == {
        "occurred_at": "25.10.2026. 02:30",  # Zagreb time: CET again after the DST change
        "os_user": "ana",
        "db_user": "",
        "action": "changed",
        "record": "Organisation profile #1",
        "changes": "Controller name: Leapbit → Leapbit d.o.o.\nWeb site: — → —\nNumber: 1 → 1",
    }


def test_action_labels() -> None:
    labels = {action: cells(replace(EVENT, action=action))["action"] for action in AuditAction}
    assert labels == {
        AuditAction.CREATE: "created",
        AuditAction.UPDATE: "changed",
        AuditAction.DELETE: "deleted",
    }


def test_describe_changes_shows_missing_values_as_a_dash() -> None:
    event = replace(
        EVENT, changes={"oib": (None, "39821269208"), "has_representative": (True, False)}
    )
    assert describe_changes(event) == "OIB: — → 39821269208\nHas an EU representative: True → False"
    assert describe_changes(replace(EVENT, changes={})) == ""


def test_column_keys_are_unique_and_headers_translatable() -> None:
    keys = [column.key for column in AUDIT_COLUMNS]
    assert len(keys) == len(set(keys))
    assert [column.header for column in AUDIT_COLUMNS] == [
        "When (Zagreb time)",
        "User",
        "Database user",
        "Action",
        "Record",
        "What changed",
    ]
    assert all(_(column.header) for column in AUDIT_COLUMNS)


def test_every_write_is_logged_newest_first(services: Services) -> None:
    assert services.audit.count() == 0
    assert services.audit.recent() == []
    saved, _ = services.organisation.save(SAMPLE_PROFILE)
    services.organisation.save(replace(saved, phone="+385 1 555 0199"))
    services.attachments.add("scan.pdf", b"%PDF-1.4\n")
    events = services.audit.recent()
    assert services.audit.count() == len(events) == 3
    assert [(e.action, e.entity) for e in events] == [
        (AuditAction.CREATE, "attachment"),
        (AuditAction.UPDATE, "organisation"),
        (AuditAction.CREATE, "organisation"),
    ]
    assert [e.id for e in events] == sorted((e.id for e in events), reverse=True)
    update = events[1]
    assert update.changes == {"phone": ("+385 1 555 0100", "+385 1 555 0199")}
    assert cells(update)["changes"] == "Telephone: +385 1 555 0100 → +385 1 555 0199"
    create = events[2]
    assert create.changes["controller_name"] == (None, "Leapbit d.o.o. (Pixelus)")
    assert create.changes["oib"] == (None, "39821269208")
    assert all(e.occurred_at.utcoffset() is not None for e in events)
    assert all(e.os_user for e in events)
    if services.maintenance.is_server:
        assert all(e.db_user for e in events)  # PostgreSQL knows who connected
    else:
        assert all(e.db_user is None for e in events)


def test_recent_with_a_limit(services: Services) -> None:
    saved, _ = services.organisation.save(SAMPLE_PROFILE)
    for number in range(3):
        saved, _ = services.organisation.save(replace(saved, phone=f"+385 1 555 010{number}"))
    limited = services.audit.recent(2)
    assert len(limited) == 2
    assert limited == services.audit.recent()[:2]
    assert limited[0].changes["phone"][1] == "+385 1 555 0102"


def test_columns_and_actions_have_croatian_translations() -> None:
    if not has_catalog("hr"):
        pytest.skip("the Croatian catalog is not compiled (./run and ./test compile it)")
    set_language("hr")
    texts = [column.header for column in AUDIT_COLUMNS] + ["created", "changed", "deleted"]
    assert [text for text in texts if _(text) == text] == []
    assert cells(EVENT)["action"] == _("changed") != "changed"


def test_columns_are_named_for_people_in_both_languages() -> None:
    from dpo_desk.i18n import set_language
    from dpo_desk.services.audit import field_label

    assert field_label("dpo_email") == "DPO: e-mail"
    assert field_label("authority_postal_code") == "Authority: postal code"
    assert field_label("unknown_column") == "unknown_column"
    set_language("hr")
    try:
        assert field_label("controller_name") == "Naziv voditelja obrade"
        assert field_label("dpo_email").startswith("Službenik")
    finally:
        set_language("en")
