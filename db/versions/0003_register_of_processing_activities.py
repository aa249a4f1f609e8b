"""The register of processing activities (Art. 30): activities, catalogues, retention, transfers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("purposes", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("lawful_bases", sa.String(length=16), nullable=False),
        sa.Column("special_condition", sa.String(length=1), nullable=True),
        sa.Column("legitimate_interest", sa.Text(), nullable=False),
        sa.Column("balancing_test", sa.Text(), nullable=False),
        sa.Column("measures_description", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("automated_decisions", sa.Boolean(), nullable=False),
        sa.Column("automated_logic", sa.Text(), nullable=False),
        sa.Column("systems", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("dpia_status", sa.String(length=16), nullable=False),
        sa.Column("dpia_reference", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("joint_controllers", sa.Text(), nullable=False),
        sa.Column("controller_name", sa.String(length=255), nullable=False),
        sa.Column("controller_contact", sa.Text(), nullable=False),
        sa.Column("processing_categories", sa.Text(), nullable=False),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_activity_next_review_on"), ["next_review_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_register"), ["register"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_status"), ["status"], unique=False)

    op.create_table(
        "catalogue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("special", sa.Boolean(), nullable=False),
        sa.Column("enisa_type", sa.String(length=16), nullable=True),
        sa.Column("measure_kind", sa.String(length=16), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_entry")),
        sa.UniqueConstraint("kind", "name", name="uq_catalogue_entry_kind_name"),
    )
    op.create_table(
        "activity_link",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_link_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_activity_link_entry_id_catalogue_entry"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("activity_id", "entry_id", name=op.f("pk_activity_link")),
    )
    with op.batch_alter_table("activity_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_link_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "activity_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("safeguard", sa.Text(), nullable=False),
        sa.Column("documentation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_transfer_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_transfer")),
    )
    with op.batch_alter_table("activity_transfer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_transfer_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "retention_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data_category_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=8), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("fate", sa.String(length=16), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_retention_rule_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["data_category_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_retention_rule_data_category_id_catalogue_entry"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rule")),
    )
    with op.batch_alter_table("retention_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_rule_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_retention_rule_data_category_id"), ["data_category_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("retention_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_rule_data_category_id"))
        batch_op.drop_index(batch_op.f("ix_retention_rule_activity_id"))

    op.drop_table("retention_rule")
    with op.batch_alter_table("activity_transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_transfer_activity_id"))

    op.drop_table("activity_transfer")
    with op.batch_alter_table("activity_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_link_entry_id"))

    op.drop_table("activity_link")
    op.drop_table("catalogue_entry")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_status"))
        batch_op.drop_index(batch_op.f("ix_activity_register"))
        batch_op.drop_index(batch_op.f("ix_activity_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_activity_name"))

    op.drop_table("activity")
