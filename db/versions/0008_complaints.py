"""Complaints: the complaint with its links to requests, incidents and activities, the AZOP case
on the complaint's row, and the append-only log of entries with their documents.

New tables only: nothing to carry over from earlier revisions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("complainant_name", sa.String(length=255), nullable=False),
        sa.Column("complainant_email", sa.String(length=255), nullable=False),
        sa.Column("complainant_phone", sa.String(length=64), nullable=False),
        sa.Column("complainant_street", sa.String(length=255), nullable=False),
        sa.Column("complainant_postal_code", sa.String(length=16), nullable=False),
        sa.Column("complainant_city", sa.String(length=128), nullable=False),
        sa.Column("complainant_country_code", sa.String(length=2), nullable=False),
        sa.Column("has_representative", sa.Boolean(), nullable=False),
        sa.Column("representative_name", sa.String(length=255), nullable=False),
        sa.Column("representative_email", sa.String(length=255), nullable=False),
        sa.Column("representative_phone", sa.String(length=64), nullable=False),
        sa.Column("representative_street", sa.String(length=255), nullable=False),
        sa.Column("representative_postal_code", sa.String(length=16), nullable=False),
        sa.Column("representative_city", sa.String(length=128), nullable=False),
        sa.Column("representative_country_code", sa.String(length=2), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("case_number", sa.String(length=64), nullable=False),
        sa.Column("lodged_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_summary", sa.Text(), nullable=False),
        sa.Column("lawsuit_filed_on", sa.Date(), nullable=True),
        sa.Column("lawsuit_court", sa.String(length=255), nullable=False),
        sa.Column("lawsuit_number", sa.String(length=64), nullable=False),
        sa.Column("lawsuit_outcome", sa.Text(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaint_reference")),
        sa.UniqueConstraint("year", "number", name="uq_complaint_year_number"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_next_due_on"), ["next_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_reason"), ["reason"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_status"), ["status"], unique=False)

    op.create_table(
        "complaint_activity",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_complaint_activity_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_activity_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("complaint_id", "activity_id", name=op.f("pk_complaint_activity")),
    )
    with op.batch_alter_table("complaint_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_activity_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "complaint_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=255), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_entry_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_entry")),
    )
    with op.batch_alter_table("complaint_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_entry_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_entry_document",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_complaint_entry_document_attachment_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["complaint_entry.id"],
            name=op.f("fk_complaint_entry_document_entry_id_complaint_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "entry_id", "attachment_id", name=op.f("pk_complaint_entry_document")
        ),
    )
    with op.batch_alter_table("complaint_entry_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_entry_document_attachment_id"), ["attachment_id"], unique=False
        )

    op.create_table(
        "complaint_request",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_request_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_complaint_request_request_id_request"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("complaint_id", "request_id", name=op.f("pk_complaint_request")),
    )
    with op.batch_alter_table("complaint_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_request_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "complaint_incident",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_incident_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_complaint_incident_incident_id_incident"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("complaint_id", "incident_id", name=op.f("pk_complaint_incident")),
    )
    with op.batch_alter_table("complaint_incident", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_incident_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("complaint_incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_incident_incident_id"))

    op.drop_table("complaint_incident")
    with op.batch_alter_table("complaint_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_request_request_id"))

    op.drop_table("complaint_request")
    with op.batch_alter_table("complaint_entry_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_entry_document_attachment_id"))

    op.drop_table("complaint_entry_document")
    with op.batch_alter_table("complaint_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_entry_complaint_id"))

    op.drop_table("complaint_entry")
    with op.batch_alter_table("complaint_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_activity_activity_id"))

    op.drop_table("complaint_activity")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_status"))
        batch_op.drop_index(batch_op.f("ix_complaint_received_on"))
        batch_op.drop_index(batch_op.f("ix_complaint_reason"))
        batch_op.drop_index(batch_op.f("ix_complaint_next_due_on"))

    op.drop_table("complaint")
