"""Migrations: the models match the newest one, and every older schema upgrades with its rows kept.

Each earlier revision gets a database with rows written by plain SQL (as that version of DPO Desk
would have left them); opening it must back it up first, then upgrade it without losing a row.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, inspect, text

import dpo_desk.store.records  # noqa: F401  (registers every table on the metadata)
from dpo_desk.domain.activity import (
    Activity,
    CatalogueEntry,
    CatalogueKind,
    LawfulBasis,
    RetentionRule,
)
from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.transfer import Recipient, Transfer, TransferTool
from dpo_desk.paths import Paths
from dpo_desk.store.base import NAMING_CONVENTION, Base
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.engine import database_url as url_of
from dpo_desk.store.engine import make_engine
from dpo_desk.store.migrate import SchemaStatus, head_revision, script_directory, upgrade
from dpo_desk.store.records import ORDERED_INDEXES
from tests.store.support import rows, scalar

HEAD = head_revision()
EARLIER_REVISIONS = sorted(
    script.revision for script in script_directory().walk_revisions() if script.revision != HEAD
)

#: Content with every byte value, so no driver or copy can get away with treating it as text.
CONTENT = bytes(range(256)) * 4 + "Zahtjev za pristup — Šimić".encode()
OCCURRED_AT = datetime(2026, 3, 29, 1, 30, 15, 250000, tzinfo=UTC)  # 03:30 in Zagreb, DST day
CREATED_AT = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def _compared(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    return not (type_ == "index" and name in ORDERED_INDEXES)


def _differences(engine: Engine, metadata: MetaData) -> list[Any]:
    """What differs between the database and the models; the indexes with a descending part
    must exist by name (Alembic cannot compare their order)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": _compared,
            },
        )
        differences = list(compare_metadata(context, metadata))
    tables = set(inspect(engine).get_table_names())
    if "request" in tables:
        present = {
            index["name"]
            for table in tables & {"request", "incident"}
            for index in inspect(engine).get_indexes(table)
        }
        differences += [("missing ordered index", name) for name in ORDERED_INDEXES - present]
    return differences


def test_models_match_the_latest_migration(database: SqlDatabase) -> None:
    assert scalar(database.engine, "SELECT version_num FROM alembic_version") == HEAD
    assert _differences(database.engine, Base.metadata) == []


def test_the_comparison_notices_a_model_the_migrations_lack(database: SqlDatabase) -> None:
    """The check above can fail: a column only the models have is reported."""
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["attachment"].append_column(Column("forgotten", Integer, nullable=True))

    differences = _differences(database.engine, metadata)

    assert [(d[0], d[2], d[3].name) for d in differences] == [
        ("add_column", "attachment", "forgotten")
    ]


def _timestamp(engine: Engine, instant: datetime) -> str:
    """An instant as plain SQL stores it: SQLAlchemy's text format on SQLite, ISO on PostgreSQL."""
    utc = instant.astimezone(UTC)
    if engine.dialect.name == "sqlite":
        return utc.strftime("%Y-%m-%d %H:%M:%S.%f")
    return utc.isoformat()


def _representative_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table an older DPO Desk may hold, by column; ids come from the database."""
    created = _timestamp(engine, CREATED_AT)
    return {
        "database_info": [
            {"key": "purpose", "value": "register"},
            {"key": "note", "value": "Čćđšž ČĆĐŠŽ — 100 %"},
        ],
        "attachment": [
            {
                "file_name": "Zahtjev Šimić.pdf",
                "media_type": "application/pdf",
                "size": len(CONTENT),
                "sha256": "ab" * 32,
                "received_on": "2026-03-30",
                "description": "Zahtjev za pristup (čl. 15.)",
                "content": CONTENT,
                "version": 3,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "audit_event": [
            {
                "occurred_at": _timestamp(engine, OCCURRED_AT),
                "os_user": "ana",
                "db_user": None,
                "action": "create",
                "entity": "attachment",
                "entity_id": "1",
                "changes": json.dumps({"file_name": [None, "Zahtjev Šimić.pdf"]}),
            }
        ],
        "organisation": [
            {
                "id": 1,
                "controller_name": "Stara Tvrtka d.o.o.",
                **dict.fromkeys(
                    [
                        *("street", "postal_code", "city", "oib", "phone", "email", "website"),
                        *("dpo_name", "dpo_email", "dpo_phone"),
                        *("dpo_street", "dpo_postal_code", "dpo_city"),
                        *("representative_name", "representative_email", "representative_phone"),
                        *("representative_street", "representative_postal_code"),
                        *("representative_city", "representative_country_code"),
                        *("authority_name", "authority_street", "authority_postal_code"),
                        *("authority_city", "authority_email", "authority_phone"),
                        "authority_website",
                    ],
                    "",
                ),
                "country_code": "HR",
                "dpo_country_code": "HR",
                "authority_country_code": "HR",
                "has_representative": False,
                "logo_attachment_id": None,
                "version": 2,
                "created_at": created,
                "updated_at": created,
            }
        ],
        # The register of processing activities (0003).
        "catalogue_entry": [
            {
                "id": 1,
                "kind": "data_categories",
                "name": "Plaće",
                "description": "Bruto i neto iznosi",
                "special": False,
                "enisa_type": "financial",
                "measure_kind": None,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "activity": [
            {
                "id": 1,
                "register": "controller",
                "name": "Obračun plaća",
                "purposes": "Isplata plaća",
                "role": "controller",
                "lawful_bases": "bc",
                "special_condition": None,
                "automated_decisions": False,
                "dpia_status": "not_required",
                "status": "active",
                "last_reviewed_on": "2026-01-15",
                "next_review_on": "2027-01-15",
                **dict.fromkeys(
                    [
                        *("legitimate_interest", "balancing_test", "measures_description"),
                        *("source", "automated_logic", "systems", "location", "dpia_reference"),
                        *("owner", "joint_controllers", "controller_name", "controller_contact"),
                        "processing_categories",
                    ],
                    "",
                ),
                "version": 4,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "activity_link": [{"activity_id": 1, "entry_id": 1}],
        "retention_rule": [
            {
                "activity_id": 1,
                "position": 0,
                "data_category_id": 1,
                "period": 11,
                "unit": "years",
                "trigger": "nakon isplate",
                "criterion": "",
                "fate": "delete",
                "citation": "Zakon o računovodstvu",
            }
        ],
        # The recipients and transfers registers (0004).
        "recipient": [
            {
                "id": 1,
                "name": "Oblak d.o.o.",
                "role": "processor",
                "country_code": "RS",
                "description": "Hosting",
                "contact": "",
                "dpo_contact": "",
                "processor_id": None,
                "dpf_certified": False,
                "agreement_signed_on": "2026-02-01",
                "agreement_review_on": "2027-02-01",
                "notes": "",
                "version": 2,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "recipient_activity": [{"recipient_id": 1, "activity_id": 1}],
        "transfer": [
            {
                "id": 1,
                "recipient_id": 1,
                "country_code": "RS",
                "description": "Plaće u oblaku",
                "tool": "scc",
                "scc_module": 2,
                "tool_reference": "",
                "derogation_assessment": "",
                "tia_assessed_on": "2026-01-20",
                "tia_outcome": "with_measures",
                "tia_measures": "Šifriranje",
                "notes": "",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "transfer_activity": [{"transfer_id": 1, "activity_id": 1}],
        "transfer_data_category": [{"transfer_id": 1, "entry_id": 1}],
        "destination_change": [
            {
                "code": "JP",
                "eea": False,
                "has_adequacy": True,
                "reference": "Commission Implementing Decision (EU) 2019/419",
                "adopted_on": "2019-01-23",
                "scope": "partial",
                "scope_en": "",
                "scope_hr": "",
                "source": "",
                "reason": "Provjera 2026.",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        ],
        # Data-subject requests (0005): one answered by post, one still open.
        "request": [
            {
                "id": n,
                "reference": f"DSR-2026-000{n}",
                "year": 2026,
                "number": n,
                "received_on": received,
                "channel": "post" if n == 1 else "email",
                "postmark_on": None,
                "registered_mail_number": "RR123456789HR" if n == 1 else "",
                "subject_name": "Ivana Šimić" if n == 1 else "Đuro Čačić",
                "subject_email": "" if n == 1 else "duro@example.hr",
                "subject_country_code": "HR",
                "requester_country_code": "HR",
                **dict.fromkeys(
                    [
                        *("subject_phone", "subject_street", "subject_postal_code"),
                        *("subject_city", "requester_name", "requester_email"),
                        *("requester_phone", "requester_street", "requester_postal_code"),
                        *("requester_city", "summary", "notes", "identity_reason"),
                        "extension_reasons",
                    ],
                    "",
                ),
                "has_requester": False,
                "authority_documented": False,
                "authority_document_id": None,
                "language": "hr",
                "reply_channel": "post" if n == 1 else "email",
                "identity_method": None,
                "status": status,
                "due_on": due,
                "paused": False,
                # 0006
                "search_text": f"dsr-2026-000{n}\x1f" + ("ivana šimić" if n == 1 else "đuro čačić"),
                "subject_sort": "ivana šimić" if n == 1 else "đuro čačić",
                "closed_on": "2026-01-27" if n == 1 else None,
                "version": 2,
                "created_at": created,
                "updated_at": created,
            }
            for n, received, status, due in (
                (1, "2026-01-05", "closed", None),
                (2, "2026-03-02", "in_progress", "2026-04-02"),
            )
        ],
        "request_right": [
            {"request_id": 1, "right": "access"},
            {"request_id": 2, "right": "erasure"},
        ],
        "request_activity": [{"request_id": 2, "activity_id": 1}],
        "request_pause": [
            {
                "request_id": 2,
                "position": 0,
                "start": "2026-03-03",
                "end": "2026-03-04",
                "reason": "OIB",
            }
        ],
        "request_step": [
            {
                "request_id": 1,
                "position": 0,
                "status": "answered",
                "previous": "received",
                "on": "2026-01-20",
                "note": "",
            },
            {
                "request_id": 1,
                "position": 1,
                "status": "closed",
                "previous": "answered",
                "on": "2026-01-27",
                "note": "",
            },
            {
                "request_id": 2,
                "position": 0,
                "status": "in_progress",
                "previous": "received",
                "on": "2026-03-04",
                "note": "",
            },
        ],
        # 0006: the correspondence log with a document, and an Art. 19 notice.
        "request_letter": [
            {
                "id": 1,
                "request_id": 1,
                "position": 0,
                "on": "2026-01-20",
                "direction": "out",
                "channel": "post",
                "summary": "Odgovor na zahtjev za brisanje",
                "letter": "confirmation",
            }
        ],
        "request_letter_document": [{"letter_id": 1, "attachment_id": 1, "position": 0}],
        "request_recipient": [
            {"request_id": 1, "recipient_id": 1, "position": 0, "told_on": "2026-01-22", "note": ""}
        ],
        # 0007: a breach notified late, with its plan's checklist and a kept notification.
        "response_plan": [
            {
                "id": 1,
                "scenario": "lost_device",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "response_plan_step": [
            {
                "plan_id": 1,
                "position": 0,
                "title": "Obriši uređaj na daljinu",
                "role": "IT",
                "due_hours": 2,
            }
        ],
        "incident": [
            {
                "id": 1,
                "reference": "INC-2026-0001",
                "year": 2026,
                "number": 1,
                "title": "Ukraden laptop — Čakovec",
                "description": "",
                "detected_at": _timestamp(engine, datetime(2026, 3, 1, 8, 0, tzinfo=UTC)),
                "aware_at": _timestamp(engine, datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
                "notified_at": _timestamp(engine, datetime(2026, 3, 5, 10, 0, tzinfo=UTC)),
                "processor_reported": False,
                "processor_recipient_id": 1,
                "reported_by": "",
                "confidentiality": True,
                "integrity": False,
                "availability": False,
                "cause": "lost_or_stolen",
                "cause_details": "",
                "ongoing": False,
                "scenario": "lost_device",
                "finding": "breach",
                "finding_reasoning": "Nešifriran disk",
                "consequences": "",
                "measures_taken": "",
                "measures_proposed": "",
                "cross_border": False,
                "cross_border_details": "",
                "identification": "maximum",
                "lost_confidentiality": "unknown",
                "lost_integrity": "none",
                "lost_availability": "none",
                "malicious": True,
                "decision": "authority",
                "decision_reasoning": "Rizik",
                "delay_reasons": "Forenzika",
                "authority_reference": "UP/I-041-02/26-01/1",
                "subjects_told_how": "",
                "status": "open",
                "clock_running": False,
                "score": 3.0,
                "band": "high",
                "search_text": "inc-2026-0001\x1fukraden laptop — čakovec",
                "version": 2,
                "created_at": created,
                "updated_at": created,
            }
        ],
        "incident_activity": [{"incident_id": 1, "activity_id": 1}],
        "incident_category": [{"incident_id": 1, "entry_id": 1}],
        "incident_adjustment": [
            {
                "incident_id": 1,
                "position": 0,
                "kind": "volume",
                "points": 1,
                "justification": "Svi zaposlenici",
            }
        ],
        "incident_step": [
            {
                "incident_id": 1,
                "position": 0,
                "title": "Obriši uređaj na daljinu",
                "role": "IT",
                "due_hours": 2,
                "done_by": "Ivan",
                "note": "",
                "done_at": _timestamp(engine, datetime(2026, 3, 1, 11, 0, tzinfo=UTC)),
            }
        ],
        "incident_notification": [
            {
                "incident_id": 1,
                "position": 0,
                "addressee": "authority",
                "phase": "initial",
                "prepared_at": _timestamp(engine, datetime(2026, 3, 5, 10, 0, tzinfo=UTC)),
                "language": "hr",
                "attachment_id": 1,
            }
        ],
        # Transfers listed on an activity, before the transfers register (0004) took them over.
        "activity_transfer": [
            {
                "activity_id": 1,
                "position": 0,
                "country_code": "US",
                "recipient": "Oblak Inc.",
                "safeguard": "SCC 2021/914, modul 2",
                "documentation": "TIA-2026-01",
            },
            {
                "activity_id": 1,
                "position": 1,
                "country_code": "RS",
                "recipient": "",
                "safeguard": "čl. 49. st. 1. t. (b)",
                "documentation": "",
            },
        ],
    }


def _fill(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Writes the representative rows into the tables this revision has; returns what it wrote."""
    present = set(inspect(engine).get_table_names()) - {"alembic_version"}
    rows_by_table = _representative_rows(engine)
    unknown = present - set(rows_by_table)
    assert not unknown, f"add representative rows for {sorted(unknown)} to this test"
    written: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as connection:
        # In the order of the representative rows, which puts referenced tables first.
        for table in [name for name in rows_by_table if name in present]:
            columns = {column["name"]: column for column in inspect(connection).get_columns(table)}
            for row in rows_by_table[table]:
                values = {key: value for key, value in row.items() if key in columns}
                missing = [
                    name
                    for name, column in columns.items()
                    if name not in values
                    and name != "id"
                    and not column["nullable"]
                    and column.get("default") is None
                ]
                assert not missing, f"add {table}.{missing} to the representative rows"
                names = ", ".join(f'"{name}"' for name in values)
                marks = ", ".join(f":{name}" for name in values)
                connection.execute(
                    text(f'INSERT INTO "{table}" ({names}) VALUES ({marks})'), values
                )
                written.setdefault(table, []).append(values)
            if engine.dialect.name == "postgresql" and any("id" in r for r in rows_by_table[table]):
                # Rows written with their ids (so that others can refer to them) leave the
                # serial sequence behind; an older DPO Desk's rows never did.
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
                )
    return written


def _check_rows_in_sqlite_file(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (revision,)
        ]
        assert sorted(connection.execute("SELECT key, value FROM database_info")) == [
            ("note", "Čćđšž ČĆĐŠŽ — 100 %"),
            ("purpose", "register"),
        ]
        assert connection.execute("SELECT file_name, size, content FROM attachment").fetchall() == [
            ("Zahtjev Šimić.pdf", len(CONTENT), CONTENT)
        ]
        assert connection.execute(
            "SELECT os_user, entity, changes FROM audit_event"
        ).fetchall() == [
            ("ana", "attachment", json.dumps({"file_name": [None, "Zahtjev Šimić.pdf"]}))
        ]
    finally:
        connection.close()


@pytest.mark.parametrize("revision", EARLIER_REVISIONS)
def test_every_earlier_schema_upgrades_with_its_rows(
    database_url: str, paths: Paths, revision: str
) -> None:
    engine = make_engine(url_of(database_url))
    try:
        upgrade(engine, revision)
        assert scalar(engine, "SELECT version_num FROM alembic_version") == revision
        written = _fill(engine)
    finally:
        engine.dispose()
    assert {"database_info", "attachment", "audit_event"} <= set(written)

    database = SqlDatabase.open(database_url, paths.backup_dir)
    try:
        # It was behind, so it was backed up first, into the user's backup folder.
        assert database.schema_before_opening.status is SchemaStatus.BEHIND
        assert database.schema_before_opening.revision == revision
        backup = database.upgrade_backup
        assert backup is not None
        assert backup.parent == paths.backup_dir
        assert [entry.name for entry in paths.backup_dir.iterdir()] == [backup.name]
        assert f"before-upgrade-from-{revision}" in backup.name
        _check_rows_in_sqlite_file(backup, revision)
        assert SqlDatabase.inspect(backup).status is SchemaStatus.BEHIND

        # Upgraded to the newest schema, which is exactly what the models describe.
        engine = database.engine
        assert scalar(engine, "SELECT version_num FROM alembic_version") == HEAD
        assert _differences(engine, Base.metadata) == []

        # Every row is still there, with the same values, as the repositories read them.
        assert sorted(rows(engine, "SELECT key, value FROM database_info")) == [
            ("note", "Čćđšž ČĆĐŠŽ — 100 %"),
            ("purpose", "register"),
        ]
        with database.unit_of_work() as uow:
            assert uow.info.get("purpose") == "register"
            (attachment_id,) = rows(engine, "SELECT id FROM attachment")[0]
            attachment = uow.attachments.get(attachment_id)
            assert attachment.file_name == "Zahtjev Šimić.pdf"
            assert attachment.size == len(CONTENT)
            assert attachment.received_on == date(2026, 3, 30)
            assert attachment.added_at == CREATED_AT
            assert attachment.version == 3
            assert uow.attachments.content(attachment_id) == CONTENT
            (event,) = uow.audit.recent()
            assert event.occurred_at == OCCURRED_AT
            assert event.os_user == "ana"
            assert event.changes == {"file_name": (None, "Zahtjev Šimić.pdf")}
            if "organisation" in written:
                profile = uow.organisation.get()
                assert profile is not None
                assert profile.controller_name == "Stara Tvrtka d.o.o."

        # And it takes new rows: ids continue after the old ones, and the audit log follows.
        with database.unit_of_work() as uow:
            added = uow.attachments.add(prepare_attachment("novi.txt", b"novi"))
            uow.commit()
        assert added.id != attachment_id
        assert scalar(engine, "SELECT count(*) FROM attachment") == 2
        assert scalar(engine, "SELECT count(*) FROM audit_event") == 2

        # The register of processing activities (0003) kept its activity, links and rule.
        if "activity" in written:
            with database.unit_of_work() as uow:
                (activity,) = uow.activities.all()
                assert activity.name == "Obračun plaća"
                assert activity.version == 4
                assert activity.lawful_bases == (LawfulBasis.CONTRACT, LawfulBasis.LEGAL_OBLIGATION)
                assert activity.data_category_ids == (1,)
                (rule,) = activity.retention
                assert (rule.period, rule.citation) == (11, "Zakon o računovodstvu")
        # The transfers an activity listed moved into the transfers register (0004): one
        # recipient per name and country, the safeguard text kept in the notes, no tool guessed.
        if "activity_transfer" in written:
            with database.unit_of_work() as uow:
                recipients = {r.country_code: r for r in uow.recipients.all()}
                assert set(recipients) == {"US", "RS"}
                assert recipients["US"].name == "Oblak Inc."
                assert recipients["RS"].name == "Recipient (RS)"
                assert all(r.activity_ids == (1,) for r in recipients.values())
                transfers = {t.country_code: t for t in uow.transfers.all()}
                assert transfers["US"].notes == "SCC 2021/914, modul 2\nTIA-2026-01"
                assert transfers["RS"].notes == "čl. 49. st. 1. t. (b)"
                assert all(t.tool is None and t.activity_ids == (1,) for t in transfers.values())
                assert transfers["US"].recipient_id == recipients["US"].id

        # The registers of 0004 keep their rows through later upgrades.
        if "transfer" in written:
            with database.unit_of_work() as uow:
                (transfer,) = uow.transfers.all()
                assert (transfer.tool, transfer.scc_module) == (TransferTool.SCC, 2)
                assert transfer.tia_measures == "Šifriranje"
                assert transfer.activity_ids == (1,) and transfer.data_category_ids == (1,)
                (recipient,) = uow.recipients.all()
                assert recipient.name == "Oblak d.o.o." and recipient.version == 2
                (changed,) = uow.destinations.changes()
                assert changed.code == "JP" and changed.local_change is not None

        # The requests of 0005 keep their rights, pauses and history; a finished one knows the
        # day it was finished (0006, from its last step), an open one does not.
        if "request" in written:
            with database.unit_of_work() as uow:
                closed = uow.requests.find("DSR-2026-0001")
                running = uow.requests.find("DSR-2026-0002")
                assert closed is not None and running is not None
                assert closed.subject.name == "Ivana Šimić"
                assert [step.status.value for step in closed.history] == ["answered", "closed"]
                assert closed.closed_on == date(2026, 1, 27)
                assert running.closed_on is None
                assert running.pauses[0].reason == "OIB" and running.activity_ids == (1,)
                assert running.correspondence == () and running.recipients_told == ()
                if "request_letter" in written:
                    (letter,) = closed.correspondence
                    assert letter.letter == "confirmation" and letter.document_ids == (1,)
                    (notice,) = closed.recipients_told
                    assert notice.told_on == date(2026, 1, 22)
            stored = rows(engine, "SELECT reference, closed_on FROM request ORDER BY id")
            assert [(ref, day and str(day)) for ref, day in stored] == [
                ("DSR-2026-0001", "2026-01-27"),
                ("DSR-2026-0002", None),
            ]

        # The incidents of 0007 keep their assessment, checklist and kept notification.
        if "incident" in written:
            with database.unit_of_work() as uow:
                incident = uow.incidents.find("INC-2026-0001")
                assert incident is not None
                assert incident.title == "Ukraden laptop — Čakovec"
                assert incident.aware_at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
                assert incident.data_category_ids == (1,) and incident.activity_ids == (1,)
                assert incident.adjustments[0].justification == "Svi zaposlenici"
                assert incident.checklist[0].done_by == "Ivan"
                assert incident.notifications[0].attachment_id == 1
                (plan,) = uow.plans.all()
                assert plan.steps[0].title == "Obriši uređaj na daljinu"

        # The newest schema takes an activity with its links, retention rule and a transfer.
        with database.unit_of_work() as uow:
            entry = uow.catalogue.save(CatalogueEntry(CatalogueKind.DATA_CATEGORIES, "Kontakt"))
            assert entry.id is not None
            activity = uow.activities.save(
                Activity(
                    name="Obračun honorara",
                    purposes="Isplata honorara",
                    data_category_ids=(entry.id,),
                    retention=(RetentionRule(data_category_id=entry.id, criterion="11 godina"),),
                )
            )
            assert activity.id is not None
            recipient = uow.recipients.save(
                Recipient(name="Oblak d.o.o.", country_code="JP", activity_ids=(activity.id,))
            )
            transfer = uow.transfers.save(
                Transfer(
                    recipient_id=recipient.id,
                    country_code="JP",
                    activity_ids=(activity.id,),
                    tool=TransferTool.ADEQUACY,
                )
            )
            uow.commit()
        with database.unit_of_work() as uow:
            assert activity in uow.activities.all()
            assert transfer in uow.transfers.all()
    finally:
        database.close()


def test_a_new_or_current_database_opens_without_a_backup(database_url: str, paths: Paths) -> None:
    first = SqlDatabase.open(database_url, paths.backup_dir)
    first.close()
    again = SqlDatabase.open(database_url, paths.backup_dir)
    again.close()

    assert first.schema_before_opening.status is SchemaStatus.EMPTY
    assert again.schema_before_opening.status is SchemaStatus.CURRENT
    assert first.upgrade_backup is None and again.upgrade_backup is None
    assert not paths.backup_dir.exists()


def test_there_is_an_earlier_revision_to_upgrade_from() -> None:
    """Guards the parametrised test above from silently running for no revision at all."""
    assert EARLIER_REVISIONS
    assert HEAD not in EARLIER_REVISIONS


def test_0004_moves_activity_transfers_and_gives_them_back_on_downgrade(
    database_url: str,
) -> None:
    """Down from 0004, each transfer is a line of each activity it names again, its recipient
    and (for a transfer without a tool) its recorded safeguard kept; then up again."""
    from alembic import command

    from dpo_desk.store.migrate import alembic_config, set_foreign_keys

    engine = make_engine(url_of(database_url))
    try:
        upgrade(engine, "0003")
        _fill(engine)
        upgrade(engine, "0004")
        assert scalar(engine, "SELECT count(*) FROM transfer") == 2
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                set_foreign_keys(connection, on=False)
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.downgrade(config, "0003")
        lines = rows(
            engine,
            "SELECT activity_id, position, country_code, recipient, safeguard "
            "FROM activity_transfer ORDER BY position",
        )
        assert lines == [
            (1, 0, "US", "Oblak Inc.", "SCC 2021/914, modul 2\nTIA-2026-01"),
            (1, 1, "RS", "Recipient (RS)", "čl. 49. st. 1. t. (b)"),
        ]
        assert "transfer" not in inspect(engine).get_table_names()
        upgrade(engine, "head")
        assert scalar(engine, "SELECT count(*) FROM transfer") == 2
    finally:
        engine.dispose()
