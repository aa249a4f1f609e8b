"""Incidents and personal-data breaches: the Art. 33(5) register with the affected activities
and categories, ENISA's assessment with its justified adjustments, the response checklist, the
notifications kept as dated versions (Art. 33(4)), and the response plans per scenario.

New tables only: nothing to carry over from earlier revisions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_plan")),
        sa.UniqueConstraint("scenario", name=op.f("uq_response_plan_scenario")),
    )
    op.create_table(
        "response_plan_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=128), nullable=False),
        sa.Column("due_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["response_plan.id"],
            name=op.f("fk_response_plan_step_plan_id_response_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_plan_step")),
    )
    with op.batch_alter_table("response_plan_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_plan_step_plan_id"), ["plan_id"], unique=False
        )

    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occurred_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aware_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processor_reported", sa.Boolean(), nullable=False),
        sa.Column("processor_recipient_id", sa.Integer(), nullable=True),
        sa.Column("processor_reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_by", sa.String(length=255), nullable=False),
        sa.Column("confidentiality", sa.Boolean(), nullable=False),
        sa.Column("integrity", sa.Boolean(), nullable=False),
        sa.Column("availability", sa.Boolean(), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("cause_details", sa.Text(), nullable=False),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("scenario", sa.String(length=16), nullable=True),
        sa.Column("finding", sa.String(length=16), nullable=False),
        sa.Column("finding_reasoning", sa.Text(), nullable=False),
        sa.Column("subjects_approx", sa.BigInteger(), nullable=True),
        sa.Column("records_approx", sa.BigInteger(), nullable=True),
        sa.Column("consequences", sa.Text(), nullable=False),
        sa.Column("measures_taken", sa.Text(), nullable=False),
        sa.Column("measures_proposed", sa.Text(), nullable=False),
        sa.Column("cross_border", sa.Boolean(), nullable=False),
        sa.Column("cross_border_details", sa.Text(), nullable=False),
        sa.Column("identification", sa.String(length=16), nullable=True),
        sa.Column("lost_confidentiality", sa.String(length=16), nullable=False),
        sa.Column("lost_integrity", sa.String(length=16), nullable=False),
        sa.Column("lost_availability", sa.String(length=16), nullable=False),
        sa.Column("malicious", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_reasoning", sa.Text(), nullable=False),
        sa.Column("exemption", sa.String(length=16), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delay_reasons", sa.Text(), nullable=False),
        sa.Column("authority_reference", sa.String(length=64), nullable=False),
        sa.Column("subjects_told_on", sa.Date(), nullable=True),
        sa.Column("subjects_told_how", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notify_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clock_running", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("band", sa.String(length=16), nullable=True),
        sa.Column("next_step_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["processor_recipient_id"],
            ["recipient.id"],
            name=op.f("fk_incident_processor_recipient_id_recipient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
        sa.UniqueConstraint("reference", name=op.f("uq_incident_reference")),
        sa.UniqueConstraint("year", "number", name="uq_incident_year_number"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_band"), ["band"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_cause"), ["cause"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incident_clock_running"), ["clock_running"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incident_finding"), ["finding"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incident_processor_recipient_id"),
            ["processor_recipient_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_incident_status"), ["status"], unique=False)

    op.create_table(
        "incident_activity",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_incident_activity_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_activity_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "activity_id", name=op.f("pk_incident_activity")),
    )
    with op.batch_alter_table("incident_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_activity_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "incident_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_adjustment_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_adjustment")),
    )
    with op.batch_alter_table("incident_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_adjustment_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_category",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_incident_category_entry_id_catalogue_entry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_category_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "entry_id", name=op.f("pk_incident_category")),
    )
    with op.batch_alter_table("incident_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_category_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "incident_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("addressee", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_incident_notification_attachment_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_notification_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_notification")),
    )
    with op.batch_alter_table("incident_notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_notification_attachment_id"), ["attachment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_incident_notification_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=128), nullable=False),
        sa.Column("due_hours", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_step_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_step")),
    )
    with op.batch_alter_table("incident_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_step_incident_id"), ["incident_id"], unique=False
        )

    # The incidents page's orders, with their tie-breaks (see IncidentRecord).
    op.create_index(
        "ix_incident_detected_order",
        "incident",
        [sa.text("detected_at DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_incident_notify_order",
        "incident",
        ["notify_by", sa.text("detected_at DESC"), sa.text("id DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_incident_notify_order", table_name="incident")
    op.drop_index("ix_incident_detected_order", table_name="incident")

    with op.batch_alter_table("incident_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_step_incident_id"))

    op.drop_table("incident_step")
    with op.batch_alter_table("incident_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_notification_incident_id"))
        batch_op.drop_index(batch_op.f("ix_incident_notification_attachment_id"))

    op.drop_table("incident_notification")
    with op.batch_alter_table("incident_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_category_entry_id"))

    op.drop_table("incident_category")
    with op.batch_alter_table("incident_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_adjustment_incident_id"))

    op.drop_table("incident_adjustment")
    with op.batch_alter_table("incident_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_activity_activity_id"))

    op.drop_table("incident_activity")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_status"))
        batch_op.drop_index(batch_op.f("ix_incident_processor_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_incident_finding"))
        batch_op.drop_index(batch_op.f("ix_incident_clock_running"))
        batch_op.drop_index(batch_op.f("ix_incident_cause"))
        batch_op.drop_index(batch_op.f("ix_incident_band"))

    op.drop_table("incident")
    with op.batch_alter_table("response_plan_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_plan_step_plan_id"))

    op.drop_table("response_plan_step")
    op.drop_table("response_plan")
