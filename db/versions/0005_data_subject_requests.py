"""Data-subject requests: the request, its rights, the activities it concerns, the pauses of
its clock and the history of its workflow. ``due_on`` holds the due date the service computed,
so that years of requests sort and filter by it in the database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("postmark_on", sa.Date(), nullable=True),
        sa.Column("registered_mail_number", sa.String(length=64), nullable=False),
        sa.Column("subject_name", sa.String(length=255), nullable=False),
        sa.Column("subject_email", sa.String(length=255), nullable=False),
        sa.Column("subject_phone", sa.String(length=64), nullable=False),
        sa.Column("subject_street", sa.String(length=255), nullable=False),
        sa.Column("subject_postal_code", sa.String(length=16), nullable=False),
        sa.Column("subject_city", sa.String(length=128), nullable=False),
        sa.Column("subject_country_code", sa.String(length=2), nullable=False),
        sa.Column("has_requester", sa.Boolean(), nullable=False),
        sa.Column("requester_name", sa.String(length=255), nullable=False),
        sa.Column("requester_email", sa.String(length=255), nullable=False),
        sa.Column("requester_phone", sa.String(length=64), nullable=False),
        sa.Column("requester_street", sa.String(length=255), nullable=False),
        sa.Column("requester_postal_code", sa.String(length=16), nullable=False),
        sa.Column("requester_city", sa.String(length=128), nullable=False),
        sa.Column("requester_country_code", sa.String(length=2), nullable=False),
        sa.Column("authority_documented", sa.Boolean(), nullable=False),
        sa.Column("authority_document_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("reply_channel", sa.String(length=8), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("identity_method", sa.String(length=16), nullable=True),
        sa.Column("identity_reason", sa.Text(), nullable=False),
        sa.Column("identity_confirmed_on", sa.Date(), nullable=True),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.Column("extension_reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_document_id"],
            ["attachment.id"],
            name=op.f("fk_request_authority_document_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request")),
        sa.UniqueConstraint("reference", name=op.f("uq_request_reference")),
        sa.UniqueConstraint("year", "number", name="uq_request_year_number"),
    )
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_authority_document_id"), ["authority_document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_request_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_paused"), ["paused"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_subject_name"), ["subject_name"], unique=False)

    op.create_table(
        "request_activity",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_request_activity_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_activity_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "activity_id", name=op.f("pk_request_activity")),
    )
    with op.batch_alter_table("request_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_activity_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "request_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_pause_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_pause")),
    )
    with op.batch_alter_table("request_pause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_pause_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_right",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("right", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_right_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "right", name=op.f("pk_request_right")),
    )
    with op.batch_alter_table("request_right", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_right_right"), ["right"], unique=False)

    op.create_table(
        "request_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("previous", sa.String(length=16), nullable=True),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_step_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_step")),
    )
    with op.batch_alter_table("request_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_step_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("request_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_step_request_id"))

    op.drop_table("request_step")
    with op.batch_alter_table("request_right", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_right_right"))

    op.drop_table("request_right")
    with op.batch_alter_table("request_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_pause_request_id"))

    op.drop_table("request_pause")
    with op.batch_alter_table("request_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_activity_activity_id"))

    op.drop_table("request_activity")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_subject_name"))
        batch_op.drop_index(batch_op.f("ix_request_status"))
        batch_op.drop_index(batch_op.f("ix_request_received_on"))
        batch_op.drop_index(batch_op.f("ix_request_paused"))
        batch_op.drop_index(batch_op.f("ix_request_due_on"))
        batch_op.drop_index(batch_op.f("ix_request_channel"))
        batch_op.drop_index(batch_op.f("ix_request_authority_document_id"))

    op.drop_table("request")
