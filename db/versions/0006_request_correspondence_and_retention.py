"""Data-subject requests: the correspondence log with its documents, the Art. 19 list of
recipients told, and what the retention purge needs (the day a request was finished, and when
it was anonymised).

``closed_on`` of requests already finished is taken from their last workflow step.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FINISHED = ("answered", "refused", "closed", "withdrawn")
#: The columns the requests page searches, in the order the repository joins them.
_SEARCHED = (
    "reference",
    "subject_name",
    "subject_email",
    "requester_name",
    "requester_email",
    "summary",
)


def upgrade() -> None:
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("subject_sort", sa.String(length=255), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_request_closed_on"), ["closed_on"], unique=False)
        batch_op.drop_index("ix_request_due_on")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.alter_column("search_text", server_default=None)
        batch_op.alter_column("subject_sort", server_default=None)
    # The orders of the requests page, with their tie-breaks (see RequestRecord).
    op.create_index(
        "ix_request_due_order",
        "request",
        ["due_on", sa.text("received_on DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_request_due_order_desc",
        "request",
        [sa.text("due_on DESC"), sa.text("received_on DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_request_subject_order",
        "request",
        ["subject_sort", sa.text("received_on DESC"), sa.text("id DESC")],
    )

    request = sa.table(
        "request",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("closed_on", sa.Date()),
        sa.column("search_text", sa.Text()),
        sa.column("subject_sort", sa.String()),
        *(sa.column(name, sa.Text()) for name in _SEARCHED),
    )
    # Lower-cased by Python, as the repository does when it saves.
    connection = op.get_bind()
    found = connection.execute(sa.select(request.c.id, *(request.c[n] for n in _SEARCHED)))
    for row in found.all():
        connection.execute(
            request.update()
            .where(request.c.id == row[0])
            .values(
                search_text="\x1f".join(str(value or "") for value in row[1:]).lower(),
                subject_sort=str(row[2] or "").lower(),
            )
        )
    step = sa.table(
        "request_step",
        sa.column("request_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("on", sa.Date()),
    )
    last_step = (
        sa.select(step.c.on)
        .where(step.c.request_id == request.c.id)
        .order_by(step.c.position.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.execute(request.update().where(request.c.status.in_(_FINISHED)).values(closed_on=last_step))

    op.create_table(
        "request_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("letter", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_letter_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_letter")),
    )
    with op.batch_alter_table("request_letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_letter_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_letter_document",
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_request_letter_document_attachment_id_attachment"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["request_letter.id"],
            name=op.f("fk_request_letter_document_letter_id_request_letter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "letter_id", "attachment_id", name=op.f("pk_request_letter_document")
        ),
    )
    with op.batch_alter_table("request_letter_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_letter_document_attachment_id"),
            ["attachment_id"],
            unique=False,
        )

    op.create_table(
        "request_recipient",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["recipient.id"],
            name=op.f("fk_request_recipient_recipient_id_recipient"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
            name=op.f("fk_request_recipient_request_id_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "recipient_id", name=op.f("pk_request_recipient")),
    )
    with op.batch_alter_table("request_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_recipient_recipient_id"), ["recipient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("request_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_recipient_recipient_id"))
    op.drop_table("request_recipient")
    with op.batch_alter_table("request_letter_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_letter_document_attachment_id"))
    op.drop_table("request_letter_document")
    with op.batch_alter_table("request_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_letter_request_id"))
    op.drop_table("request_letter")
    for name in ("ix_request_subject_order", "ix_request_due_order_desc", "ix_request_due_order"):
        op.drop_index(name, table_name="request")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_closed_on"))
        batch_op.create_index(batch_op.f("ix_request_due_on"), ["due_on"], unique=False)
        batch_op.drop_column("subject_sort")
        batch_op.drop_column("search_text")
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("closed_on")
