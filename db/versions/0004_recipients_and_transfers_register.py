"""Recipients and transfers (Chapter V) as registers of their own, and local changes to the
reference table of destinations.

The transfers an activity listed (country, recipient, safeguard in words) move into the new
registers: one recipient per distinct name and country, one transfer per listed line, its
safeguard text kept in the notes and its tool left to choose (the window warns until it is).

Downgrading gives each transfer back as a line of each activity it names (country, recipient,
tool and notes in words). What such a line cannot hold is lost: SCC modules, TIAs, agreements,
recipients without transfers, transfers to international organisations. DPO Desk backs the
database up before every upgrade; restore that backup rather than downgrading.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "destination_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("eea", sa.Boolean(), nullable=False),
        sa.Column("has_adequacy", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_en", sa.Text(), nullable=False),
        sa.Column("scope_hr", sa.Text(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destination_change")),
        sa.UniqueConstraint("code", name=op.f("uq_destination_change_code")),
    )
    op.create_table(
        "recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("country_code", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("dpo_contact", sa.Text(), nullable=False),
        sa.Column("processor_id", sa.Integer(), nullable=True),
        sa.Column("dpf_certified", sa.Boolean(), nullable=False),
        sa.Column("dpf_checked_on", sa.Date(), nullable=True),
        sa.Column("agreement_signed_on", sa.Date(), nullable=True),
        sa.Column("agreement_document_id", sa.Integer(), nullable=True),
        sa.Column("agreement_review_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_document_id"],
            ["attachment.id"],
            name=op.f("fk_recipient_agreement_document_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["processor_id"],
            ["recipient.id"],
            name=op.f("fk_recipient_processor_id_recipient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipient")),
    )
    with op.batch_alter_table("recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recipient_agreement_document_id"),
            ["agreement_document_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_recipient_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recipient_processor_id"), ["processor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_recipient_role"), ["role"], unique=False)

    op.create_table(
        "recipient_activity",
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_recipient_activity_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["recipient.id"],
            name=op.f("fk_recipient_activity_recipient_id_recipient"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recipient_id", "activity_id", name=op.f("pk_recipient_activity")),
    )
    with op.batch_alter_table("recipient_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recipient_activity_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tool", sa.String(length=16), nullable=True),
        sa.Column("scc_module", sa.Integer(), nullable=True),
        sa.Column("tool_reference", sa.Text(), nullable=False),
        sa.Column("tool_signed_on", sa.Date(), nullable=True),
        sa.Column("tool_document_id", sa.Integer(), nullable=True),
        sa.Column("scope_checked_on", sa.Date(), nullable=True),
        sa.Column("derogation", sa.String(length=8), nullable=True),
        sa.Column("derogation_assessment", sa.Text(), nullable=False),
        sa.Column("authority_informed_on", sa.Date(), nullable=True),
        sa.Column("subjects_informed_on", sa.Date(), nullable=True),
        sa.Column("tia_assessed_on", sa.Date(), nullable=True),
        sa.Column("tia_outcome", sa.String(length=16), nullable=True),
        sa.Column("tia_measures", sa.Text(), nullable=False),
        sa.Column("tia_document_id", sa.Integer(), nullable=True),
        sa.Column("tia_review_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["recipient.id"],
            name=op.f("fk_transfer_recipient_id_recipient"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tia_document_id"],
            ["attachment.id"],
            name=op.f("fk_transfer_tia_document_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tool_document_id"],
            ["attachment.id"],
            name=op.f("fk_transfer_tool_document_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer")),
    )
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_transfer_recipient_id"), ["recipient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_transfer_tia_document_id"), ["tia_document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_transfer_tool_document_id"), ["tool_document_id"], unique=False
        )

    op.create_table(
        "transfer_activity",
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_transfer_activity_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["transfer.id"],
            name=op.f("fk_transfer_activity_transfer_id_transfer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("transfer_id", "activity_id", name=op.f("pk_transfer_activity")),
    )
    with op.batch_alter_table("transfer_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_activity_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "transfer_data_category",
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_transfer_data_category_entry_id_catalogue_entry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["transfer.id"],
            name=op.f("fk_transfer_data_category_transfer_id_transfer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("transfer_id", "entry_id", name=op.f("pk_transfer_data_category")),
    )
    with op.batch_alter_table("transfer_data_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_data_category_entry_id"), ["entry_id"], unique=False
        )

    _move_activity_transfers()
    with op.batch_alter_table("activity_transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_transfer_activity_id"))

    op.drop_table("activity_transfer")


def downgrade() -> None:
    op.create_table(
        "activity_transfer",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("activity_id", sa.INTEGER(), nullable=False),
        sa.Column("position", sa.INTEGER(), nullable=False),
        sa.Column("country_code", sa.VARCHAR(length=2), nullable=False),
        sa.Column("recipient", sa.TEXT(), nullable=False),
        sa.Column("safeguard", sa.TEXT(), nullable=False),
        sa.Column("documentation", sa.TEXT(), nullable=False),
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

    _restore_activity_transfers()
    with op.batch_alter_table("transfer_data_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_data_category_entry_id"))

    op.drop_table("transfer_data_category")
    with op.batch_alter_table("transfer_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_activity_activity_id"))

    op.drop_table("transfer_activity")
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_tool_document_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_tia_document_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_country_code"))

    op.drop_table("transfer")
    with op.batch_alter_table("recipient_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipient_activity_activity_id"))

    op.drop_table("recipient_activity")
    with op.batch_alter_table("recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipient_role"))
        batch_op.drop_index(batch_op.f("ix_recipient_processor_id"))
        batch_op.drop_index(batch_op.f("ix_recipient_name"))
        batch_op.drop_index(batch_op.f("ix_recipient_agreement_document_id"))

    op.drop_table("recipient")
    op.drop_table("destination_change")


_OLD = sa.table(
    "activity_transfer",
    sa.column("activity_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("country_code", sa.String),
    sa.column("recipient", sa.Text),
    sa.column("safeguard", sa.Text),
    sa.column("documentation", sa.Text),
)
_STAMPS = ("version", "created_at", "updated_at")
_RECIPIENT = sa.table(
    "recipient",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("role", sa.String),
    sa.column("country_code", sa.String),
    sa.column("description", sa.Text),
    sa.column("contact", sa.Text),
    sa.column("dpo_contact", sa.Text),
    sa.column("dpf_certified", sa.Boolean),
    sa.column("notes", sa.Text),
    *(sa.column(name) for name in _STAMPS),
)
_TRANSFER = sa.table(
    "transfer",
    sa.column("id", sa.Integer),
    sa.column("recipient_id", sa.Integer),
    sa.column("country_code", sa.String),
    sa.column("description", sa.Text),
    sa.column("tool", sa.String),
    sa.column("tool_reference", sa.Text),
    sa.column("derogation_assessment", sa.Text),
    sa.column("tia_measures", sa.Text),
    sa.column("notes", sa.Text),
    *(sa.column(name) for name in _STAMPS),
)
_TRANSFER_ACTIVITY = sa.table(
    "transfer_activity", sa.column("transfer_id", sa.Integer), sa.column("activity_id", sa.Integer)
)
_RECIPIENT_ACTIVITY = sa.table(
    "recipient_activity",
    sa.column("recipient_id", sa.Integer),
    sa.column("activity_id", sa.Integer),
)


def _move_activity_transfers() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    stamps = {"version": 1, "created_at": now, "updated_at": now}
    rows = bind.execute(sa.select(_OLD).order_by(_OLD.c.activity_id, _OLD.c.position)).all()
    recipients: dict[tuple[str, str], int] = {}
    disclosed: set[tuple[int, int]] = set()
    for row in rows:
        code = row.country_code.strip().upper()
        name = row.recipient.strip() or f"Recipient ({code})"
        key = (name.casefold(), code)
        if key not in recipients:
            result = bind.execute(
                _RECIPIENT.insert()
                .values(
                    name=name[:255],
                    role="third_party",
                    country_code=code,
                    description="",
                    contact="",
                    dpo_contact="",
                    dpf_certified=False,
                    notes="Created from a transfer listed on a processing activity: "
                    "check its role.",
                    **stamps,
                )
                .returning(_RECIPIENT.c.id)
            )
            recipients[key] = result.scalar_one()
        recipient_id = recipients[key]
        safeguard = "\n".join(
            part for part in (row.safeguard.strip(), row.documentation.strip()) if part
        )
        result = bind.execute(
            _TRANSFER.insert()
            .values(
                recipient_id=recipient_id,
                country_code=code,
                description="",
                tool=None,
                tool_reference="",
                derogation_assessment="",
                tia_measures="",
                notes=safeguard,
                **stamps,
            )
            .returning(_TRANSFER.c.id)
        )
        bind.execute(
            _TRANSFER_ACTIVITY.insert().values(
                transfer_id=result.scalar_one(), activity_id=row.activity_id
            )
        )
        if (recipient_id, row.activity_id) not in disclosed:
            disclosed.add((recipient_id, row.activity_id))
            bind.execute(
                _RECIPIENT_ACTIVITY.insert().values(
                    recipient_id=recipient_id, activity_id=row.activity_id
                )
            )


def _restore_activity_transfers() -> None:
    """Each transfer back as a line of each activity it is linked to, its tool in words."""
    bind = op.get_bind()
    query = (
        sa.select(
            _TRANSFER_ACTIVITY.c.activity_id,
            _TRANSFER.c.country_code,
            _RECIPIENT.c.name,
            _TRANSFER.c.tool,
            _TRANSFER.c.notes,
        )
        .select_from(
            _TRANSFER_ACTIVITY.join(
                _TRANSFER, _TRANSFER.c.id == _TRANSFER_ACTIVITY.c.transfer_id
            ).join(_RECIPIENT, _RECIPIENT.c.id == _TRANSFER.c.recipient_id)
        )
        .where(sa.func.length(_TRANSFER.c.country_code) == 2)
        .order_by(_TRANSFER_ACTIVITY.c.activity_id, _TRANSFER.c.id)
    )
    positions: dict[int, int] = {}
    for row in bind.execute(query).all():
        position = positions.get(row.activity_id, 0)
        positions[row.activity_id] = position + 1
        bind.execute(
            _OLD.insert().values(
                activity_id=row.activity_id,
                position=position,
                country_code=row.country_code,
                recipient=row.name,
                safeguard=" ".join(part for part in (row.tool or "", row.notes) if part),
                documentation="",
            )
        )
