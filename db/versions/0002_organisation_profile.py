"""The organisation profile: controller, DPO, EU representative, lead supervisory authority.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("controller_name", sa.String(length=255), nullable=False),
        sa.Column("street", sa.String(length=255), nullable=False),
        sa.Column("postal_code", sa.String(length=16), nullable=False),
        sa.Column("city", sa.String(length=128), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("oib", sa.String(length=11), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("website", sa.String(length=255), nullable=False),
        sa.Column("dpo_name", sa.String(length=255), nullable=False),
        sa.Column("dpo_email", sa.String(length=255), nullable=False),
        sa.Column("dpo_phone", sa.String(length=64), nullable=False),
        sa.Column("dpo_street", sa.String(length=255), nullable=False),
        sa.Column("dpo_postal_code", sa.String(length=16), nullable=False),
        sa.Column("dpo_city", sa.String(length=128), nullable=False),
        sa.Column("dpo_country_code", sa.String(length=2), nullable=False),
        sa.Column("has_representative", sa.Boolean(), nullable=False),
        sa.Column("representative_name", sa.String(length=255), nullable=False),
        sa.Column("representative_email", sa.String(length=255), nullable=False),
        sa.Column("representative_phone", sa.String(length=64), nullable=False),
        sa.Column("representative_street", sa.String(length=255), nullable=False),
        sa.Column("representative_postal_code", sa.String(length=16), nullable=False),
        sa.Column("representative_city", sa.String(length=128), nullable=False),
        sa.Column("representative_country_code", sa.String(length=2), nullable=False),
        sa.Column("authority_name", sa.String(length=255), nullable=False),
        sa.Column("authority_street", sa.String(length=255), nullable=False),
        sa.Column("authority_postal_code", sa.String(length=16), nullable=False),
        sa.Column("authority_city", sa.String(length=128), nullable=False),
        sa.Column("authority_country_code", sa.String(length=2), nullable=False),
        sa.Column("authority_email", sa.String(length=255), nullable=False),
        sa.Column("authority_phone", sa.String(length=64), nullable=False),
        sa.Column("authority_website", sa.String(length=255), nullable=False),
        sa.Column("logo_attachment_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_organisation_single_row")),
        sa.ForeignKeyConstraint(
            ["logo_attachment_id"],
            ["attachment.id"],
            name=op.f("fk_organisation_logo_attachment_id_attachment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )


def downgrade() -> None:
    op.drop_table("organisation")
