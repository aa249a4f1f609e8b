"""The tables, as SQLAlchemy 2 typed mappings. Names say the layer: ``...Record``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, deferred, mapped_column, relationship

from dpo_desk.domain.timefmt import utc_now
from dpo_desk.store.base import Base


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps ``version`` (SQLAlchemy version_id_col),
    so two people saving the same record cannot silently overwrite each other."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class DatabaseInfoRecord(Base):
    """Facts a database keeps about itself, such as being the sample organisation."""

    __tablename__ = "database_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AttachmentRecord(VersionedMixin, Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    received_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    # Deferred: listing attachments never loads their content. The audit log records its size.
    content: Mapped[bytes] = deferred(
        mapped_column(LargeBinary, nullable=False, info={"audit": "size"})
    )


class AuditEventRecord(Base):
    """Append-only: written by the flush listener in store.audit, in the same transaction."""

    __tablename__ = "audit_event"
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    os_user: Mapped[str] = mapped_column(String(255))
    db_user: Mapped[str | None] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text)  # JSON: {"field": [before, after]}

    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)


class OrganisationRecord(VersionedMixin, Base):
    """The organisation profile: a single row (id 1) per database."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controller_name: Mapped[str] = mapped_column(String(255))
    street: Mapped[str] = mapped_column(String(255), default="")
    postal_code: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(128), default="")
    country_code: Mapped[str] = mapped_column(String(2), default="HR")
    oib: Mapped[str] = mapped_column(String(11), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    website: Mapped[str] = mapped_column(String(255), default="")

    dpo_name: Mapped[str] = mapped_column(String(255), default="")
    dpo_email: Mapped[str] = mapped_column(String(255), default="")
    dpo_phone: Mapped[str] = mapped_column(String(64), default="")
    dpo_street: Mapped[str] = mapped_column(String(255), default="")
    dpo_postal_code: Mapped[str] = mapped_column(String(16), default="")
    dpo_city: Mapped[str] = mapped_column(String(128), default="")
    dpo_country_code: Mapped[str] = mapped_column(String(2), default="HR")

    has_representative: Mapped[bool] = mapped_column(default=False)
    representative_name: Mapped[str] = mapped_column(String(255), default="")
    representative_email: Mapped[str] = mapped_column(String(255), default="")
    representative_phone: Mapped[str] = mapped_column(String(64), default="")
    representative_street: Mapped[str] = mapped_column(String(255), default="")
    representative_postal_code: Mapped[str] = mapped_column(String(16), default="")
    representative_city: Mapped[str] = mapped_column(String(128), default="")
    representative_country_code: Mapped[str] = mapped_column(String(2), default="")

    authority_name: Mapped[str] = mapped_column(String(255), default="")
    authority_street: Mapped[str] = mapped_column(String(255), default="")
    authority_postal_code: Mapped[str] = mapped_column(String(16), default="")
    authority_city: Mapped[str] = mapped_column(String(128), default="")
    authority_country_code: Mapped[str] = mapped_column(String(2), default="HR")
    authority_email: Mapped[str] = mapped_column(String(255), default="")
    authority_phone: Mapped[str] = mapped_column(String(64), default="")
    authority_website: Mapped[str] = mapped_column(String(255), default="")

    logo_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL")
    )

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


class CatalogueEntryRecord(VersionedMixin, Base):
    """An entry of a shared catalogue (data, subject and recipient categories, measures)."""

    __tablename__ = "catalogue_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    special: Mapped[bool] = mapped_column(default=False)
    enisa_type: Mapped[str | None] = mapped_column(String(16))
    measure_kind: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("kind", "name", name="uq_catalogue_entry_kind_name"),)


class ActivityRecord(VersionedMixin, Base):
    """A processing activity of the controller or the processor register (Art. 30)."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    purposes: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(32))
    lawful_bases: Mapped[str] = mapped_column(String(16), default="")  # Art. 6(1) points: "bf"
    special_condition: Mapped[str | None] = mapped_column(String(1))
    legitimate_interest: Mapped[str] = mapped_column(Text, default="")
    balancing_test: Mapped[str] = mapped_column(Text, default="")
    measures_description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    automated_decisions: Mapped[bool] = mapped_column(default=False)
    automated_logic: Mapped[str] = mapped_column(Text, default="")
    systems: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    dpia_status: Mapped[str] = mapped_column(String(16))
    dpia_reference: Mapped[str] = mapped_column(String(255), default="")
    owner: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    joint_controllers: Mapped[str] = mapped_column(Text, default="")
    controller_name: Mapped[str] = mapped_column(String(255), default="")
    controller_contact: Mapped[str] = mapped_column(Text, default="")
    processing_categories: Mapped[str] = mapped_column(Text, default="")
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)

    links: Mapped[list[ActivityLinkRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityLinkRecord.entry_id"
    )
    retention: Mapped[list[RetentionRuleRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RetentionRuleRecord.position"
    )


class ActivityLinkRecord(Base):
    """An activity's use of a catalogue entry. RESTRICT: an entry in use cannot be deleted."""

    __tablename__ = "activity_link"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class RetentionRuleRecord(Base):
    __tablename__ = "retention_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    data_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="RESTRICT"), index=True
    )
    period: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(8))
    trigger: Mapped[str] = mapped_column(Text, default="")
    criterion: Mapped[str] = mapped_column(Text, default="")
    fate: Mapped[str] = mapped_column(String(16))
    citation: Mapped[str] = mapped_column(Text, default="")


class RecipientRecord(VersionedMixin, Base):
    """Someone personal data are disclosed to: group company, processor, third party, authority."""

    __tablename__ = "recipient"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[str] = mapped_column(String(32), index=True)
    country_code: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    # RESTRICT: a processor cannot be deleted while sub-processors name it.
    processor_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipient.id", ondelete="RESTRICT"), index=True
    )
    dpf_certified: Mapped[bool] = mapped_column(default=False)
    dpf_checked_on: Mapped[date | None] = mapped_column(Date)
    agreement_signed_on: Mapped[date | None] = mapped_column(Date)
    agreement_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True
    )
    agreement_review_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    activities: Mapped[list[RecipientActivityRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RecipientActivityRecord.activity_id"
    )


class RecipientActivityRecord(Base):
    """A processing activity that discloses to the recipient."""

    __tablename__ = "recipient_activity"

    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("recipient.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class TransferRecord(VersionedMixin, Base):
    """A transfer to a third country or an international organisation (Chapter V)."""

    __tablename__ = "transfer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("recipient.id", ondelete="RESTRICT"), index=True
    )
    country_code: Mapped[str] = mapped_column(String(8), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    tool: Mapped[str | None] = mapped_column(String(16))
    scc_module: Mapped[int | None] = mapped_column(Integer)
    tool_reference: Mapped[str] = mapped_column(Text, default="")
    tool_signed_on: Mapped[date | None] = mapped_column(Date)
    tool_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True
    )
    scope_checked_on: Mapped[date | None] = mapped_column(Date)
    derogation: Mapped[str | None] = mapped_column(String(8))
    derogation_assessment: Mapped[str] = mapped_column(Text, default="")
    authority_informed_on: Mapped[date | None] = mapped_column(Date)
    subjects_informed_on: Mapped[date | None] = mapped_column(Date)
    tia_assessed_on: Mapped[date | None] = mapped_column(Date)
    tia_outcome: Mapped[str | None] = mapped_column(String(16))
    tia_measures: Mapped[str] = mapped_column(Text, default="")
    tia_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True
    )
    tia_review_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    activities: Mapped[list[TransferActivityRecord]] = relationship(
        cascade="all, delete-orphan", order_by="TransferActivityRecord.activity_id"
    )
    data_categories: Mapped[list[TransferDataCategoryRecord]] = relationship(
        cascade="all, delete-orphan", order_by="TransferDataCategoryRecord.entry_id"
    )


class TransferActivityRecord(Base):
    __tablename__ = "transfer_activity"

    transfer_id: Mapped[int] = mapped_column(
        ForeignKey("transfer.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class TransferDataCategoryRecord(Base):
    """A data category the transfer carries. RESTRICT: such an entry cannot be deleted."""

    __tablename__ = "transfer_data_category"

    transfer_id: Mapped[int] = mapped_column(
        ForeignKey("transfer.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class DestinationChangeRecord(VersionedMixin, Base):
    """The user's correction of one entry of the reference table of destinations (for example
    when the Commission adopts or withdraws an adequacy decision after the table was checked).
    It replaces the shipped entry as a whole; deleting it restores the shipped entry."""

    __tablename__ = "destination_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    eea: Mapped[bool] = mapped_column(default=False)
    has_adequacy: Mapped[bool] = mapped_column(default=False)
    reference: Mapped[str] = mapped_column(Text, default="")
    adopted_on: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(16), default="full")
    scope_en: Mapped[str] = mapped_column(Text, default="")
    scope_hr: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class RequestRecord(VersionedMixin, Base):
    """A data-subject request. ``due_on`` is the due date the service computed when it saved the
    request (None while a pause is open): kept as a column so that 100,000 requests sort and
    filter by it in the database."""

    __tablename__ = "request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)
    postmark_on: Mapped[date | None] = mapped_column(Date)
    registered_mail_number: Mapped[str] = mapped_column(String(64), default="")
    subject_name: Mapped[str] = mapped_column(String(255), default="", index=True)
    subject_email: Mapped[str] = mapped_column(String(255), default="")
    subject_phone: Mapped[str] = mapped_column(String(64), default="")
    subject_street: Mapped[str] = mapped_column(String(255), default="")
    subject_postal_code: Mapped[str] = mapped_column(String(16), default="")
    subject_city: Mapped[str] = mapped_column(String(128), default="")
    subject_country_code: Mapped[str] = mapped_column(String(2), default="HR")
    has_requester: Mapped[bool] = mapped_column(default=False)
    requester_name: Mapped[str] = mapped_column(String(255), default="")
    requester_email: Mapped[str] = mapped_column(String(255), default="")
    requester_phone: Mapped[str] = mapped_column(String(64), default="")
    requester_street: Mapped[str] = mapped_column(String(255), default="")
    requester_postal_code: Mapped[str] = mapped_column(String(16), default="")
    requester_city: Mapped[str] = mapped_column(String(128), default="")
    requester_country_code: Mapped[str] = mapped_column(String(2), default="HR")
    authority_documented: Mapped[bool] = mapped_column(default=False)
    authority_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(String(2), default="hr")
    reply_channel: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    identity_method: Mapped[str | None] = mapped_column(String(16))
    identity_reason: Mapped[str] = mapped_column(Text, default="")
    identity_confirmed_on: Mapped[date | None] = mapped_column(Date)
    extended_on: Mapped[date | None] = mapped_column(Date)
    extension_reasons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    paused: Mapped[bool] = mapped_column(default=False, index=True)
    #: The searched texts (reference, names, e-mails, summary) lower-cased by Python, in one
    #: column: one LIKE per word instead of six, each through SQLite's Python lower() (ten
    #: times faster on 100,000 requests, and the same on PostgreSQL).
    search_text: Mapped[str] = mapped_column(Text, default="", info={"audit": "skip"})
    #: The data subject's name lower-cased by Python, indexed for the sort by name (an index
    #: on lower() would depend on which lower() the connection had).
    subject_sort: Mapped[str] = mapped_column(String(255), default="", info={"audit": "skip"})
    #: The day the request was finished (its last step), from which its retention runs.
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    anonymised_at: Mapped[datetime | None] = mapped_column()

    rights: Mapped[list[RequestRightRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RequestRightRecord.right"
    )
    activities: Mapped[list[RequestActivityRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RequestActivityRecord.activity_id"
    )
    pauses: Mapped[list[RequestPauseRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RequestPauseRecord.position"
    )
    history: Mapped[list[RequestStepRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RequestStepRecord.position"
    )
    correspondence: Mapped[list[CorrespondenceRecord]] = relationship(
        cascade="all, delete-orphan", order_by="CorrespondenceRecord.position"
    )
    recipients_told: Mapped[list[RecipientNoticeRecord]] = relationship(
        cascade="all, delete-orphan", order_by="RecipientNoticeRecord.position"
    )

    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_request_year_number"),
        # The page's default order and its reverse, with the tie-breaks, so that reading page
        # 250 of 100,000 is an index walk, not a sort of every request without a due date.
        Index("ix_request_due_order", "due_on", text("received_on DESC"), text("id DESC")),
        Index(
            "ix_request_due_order_desc",
            text("due_on DESC"),
            text("received_on DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_request_subject_order", "subject_sort", text("received_on DESC"), text("id DESC")
        ),
    )


class RequestRightRecord(Base):
    """A right exercised by the request (a table, so that the page filters by right)."""

    __tablename__ = "request_right"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), primary_key=True
    )
    right: Mapped[str] = mapped_column(String(24), primary_key=True, index=True)


class RequestActivityRecord(Base):
    __tablename__ = "request_activity"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class RequestPauseRecord(Base):
    """A pause of the clock while waiting for the requester (EDPB Guidelines 01/2022)."""

    __tablename__ = "request_pause"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class RequestStepRecord(Base):
    """One dated move of the request's workflow; the history only grows."""

    __tablename__ = "request_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    previous: Mapped[str | None] = mapped_column(String(16))
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class CorrespondenceRecord(Base):
    """A letter, e-mail or call in a request's correspondence log."""

    __tablename__ = "request_letter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    on: Mapped[date] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(4))
    channel: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The kind of letter DPO Desk printed and kept here ("" for anything else): such an
    #: entry is evidence of what was sent and cannot be removed or changed.
    letter: Mapped[str] = mapped_column(String(24), default="")
    documents: Mapped[list[CorrespondenceDocumentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="CorrespondenceDocumentRecord.position"
    )


class CorrespondenceDocumentRecord(Base):
    __tablename__ = "request_letter_document"

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("request_letter.id", ondelete="CASCADE"), primary_key=True
    )
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)


class RecipientNoticeRecord(Base):
    """Art. 19: a recipient to be told of a rectification, erasure or restriction."""

    __tablename__ = "request_recipient"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), primary_key=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("recipient.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    told_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class IncidentRecord(VersionedMixin, Base):
    """A security incident, breach or not (Art. 33(5)). ``notify_by``, ``score``, ``band``,
    ``clock_running`` and ``next_step_due_at`` are what the service worked out when it saved
    the incident, kept as columns so that 10,000 incidents sort and filter in the database."""

    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    detected_at: Mapped[datetime] = mapped_column()
    occurred_from: Mapped[datetime | None] = mapped_column()
    occurred_to: Mapped[datetime | None] = mapped_column()
    aware_at: Mapped[datetime | None] = mapped_column()
    processor_reported: Mapped[bool] = mapped_column(default=False)
    processor_recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipient.id", ondelete="RESTRICT"), index=True
    )
    processor_reported_at: Mapped[datetime | None] = mapped_column()
    reported_by: Mapped[str] = mapped_column(String(255), default="")
    confidentiality: Mapped[bool] = mapped_column(default=False)
    integrity: Mapped[bool] = mapped_column(default=False)
    availability: Mapped[bool] = mapped_column(default=False)
    cause: Mapped[str] = mapped_column(String(16), index=True)
    cause_details: Mapped[str] = mapped_column(Text, default="")
    ongoing: Mapped[bool] = mapped_column(default=False)
    scenario: Mapped[str | None] = mapped_column(String(16))
    finding: Mapped[str] = mapped_column(String(16), index=True)
    finding_reasoning: Mapped[str] = mapped_column(Text, default="")
    subjects_approx: Mapped[int | None] = mapped_column(BigInteger)
    records_approx: Mapped[int | None] = mapped_column(BigInteger)
    consequences: Mapped[str] = mapped_column(Text, default="")
    measures_taken: Mapped[str] = mapped_column(Text, default="")
    measures_proposed: Mapped[str] = mapped_column(Text, default="")
    cross_border: Mapped[bool] = mapped_column(default=False)
    cross_border_details: Mapped[str] = mapped_column(Text, default="")
    identification: Mapped[str | None] = mapped_column(String(16))
    lost_confidentiality: Mapped[str] = mapped_column(String(16), default="none")
    lost_integrity: Mapped[str] = mapped_column(String(16), default="none")
    lost_availability: Mapped[str] = mapped_column(String(16), default="none")
    malicious: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_reasoning: Mapped[str] = mapped_column(Text, default="")
    exemption: Mapped[str | None] = mapped_column(String(16))
    notified_at: Mapped[datetime | None] = mapped_column()
    delay_reasons: Mapped[str] = mapped_column(Text, default="")
    authority_reference: Mapped[str] = mapped_column(String(64), default="")
    subjects_told_on: Mapped[date | None] = mapped_column(Date)
    subjects_told_how: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # Worked out by the service when it saves (see the class's docstring).
    notify_by: Mapped[datetime | None] = mapped_column(info={"audit": "skip"})
    clock_running: Mapped[bool] = mapped_column(default=False, index=True, info={"audit": "skip"})
    score: Mapped[float | None] = mapped_column(Float, info={"audit": "skip"})
    band: Mapped[str | None] = mapped_column(String(16), index=True, info={"audit": "skip"})
    next_step_due_at: Mapped[datetime | None] = mapped_column(info={"audit": "skip"})
    #: The searched texts lower-cased by Python, as for requests.
    search_text: Mapped[str] = mapped_column(Text, default="", info={"audit": "skip"})

    activities: Mapped[list[IncidentActivityRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentActivityRecord.activity_id"
    )
    categories: Mapped[list[IncidentCategoryRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentCategoryRecord.entry_id"
    )
    adjustments: Mapped[list[IncidentAdjustmentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentAdjustmentRecord.position"
    )
    checklist: Mapped[list[IncidentStepRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentStepRecord.position"
    )
    notifications: Mapped[list[IncidentNotificationRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentNotificationRecord.position"
    )

    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_incident_year_number"),
        # The page's default order (newest first) and the 72-hour clock's, with tie-breaks.
        Index("ix_incident_detected_order", text("detected_at DESC"), text("id DESC")),
        Index("ix_incident_notify_order", "notify_by", text("detected_at DESC"), text("id DESC")),
    )


class IncidentActivityRecord(Base):
    __tablename__ = "incident_activity"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class IncidentCategoryRecord(Base):
    """A data or data-subject category the incident touched (catalogue entries of both
    kinds, told apart by the entry's kind)."""

    __tablename__ = "incident_category"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class IncidentAdjustmentRecord(Base):
    """An ENISA adjustment of the data processing context, with its justification."""

    __tablename__ = "incident_adjustment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text, default="")


class IncidentStepRecord(Base):
    """A step of the response checklist started from the incident's plan."""

    __tablename__ = "incident_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(128))
    due_hours: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[str] = mapped_column(String(255), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class IncidentNotificationRecord(Base):
    """A notification as prepared and kept (Art. 33(4) phases): its PDF is an attachment."""

    __tablename__ = "incident_notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    addressee: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16))
    prepared_at: Mapped[datetime] = mapped_column()
    language: Mapped[str] = mapped_column(String(2))
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True
    )


class ResponsePlanRecord(VersionedMixin, Base):
    """The organisation's response plan for a scenario (one per scenario)."""

    __tablename__ = "response_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario: Mapped[str] = mapped_column(String(16), unique=True)
    steps: Mapped[list[ResponsePlanStepRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ResponsePlanStepRecord.position"
    )


class ResponsePlanStepRecord(Base):
    __tablename__ = "response_plan_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("response_plan.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(128))
    due_hours: Mapped[int] = mapped_column(Integer)


class ComplaintRecord(VersionedMixin, Base):
    """A complaint. ``next_due_on`` is AZOP's earliest open deadline, worked out when saved and
    kept as a column so the page sorts and warns by it in the database."""

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    complainant_name: Mapped[str] = mapped_column(String(255), default="")
    complainant_email: Mapped[str] = mapped_column(String(255), default="")
    complainant_phone: Mapped[str] = mapped_column(String(64), default="")
    complainant_street: Mapped[str] = mapped_column(String(255), default="")
    complainant_postal_code: Mapped[str] = mapped_column(String(16), default="")
    complainant_city: Mapped[str] = mapped_column(String(128), default="")
    complainant_country_code: Mapped[str] = mapped_column(String(2), default="HR")
    has_representative: Mapped[bool] = mapped_column(default=False)
    representative_name: Mapped[str] = mapped_column(String(255), default="")
    representative_email: Mapped[str] = mapped_column(String(255), default="")
    representative_phone: Mapped[str] = mapped_column(String(64), default="")
    representative_street: Mapped[str] = mapped_column(String(255), default="")
    representative_postal_code: Mapped[str] = mapped_column(String(16), default="")
    representative_city: Mapped[str] = mapped_column(String(128), default="")
    representative_country_code: Mapped[str] = mapped_column(String(2), default="HR")
    reason: Mapped[str] = mapped_column(String(24), index=True)
    reason_text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    answered_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    closed_on: Mapped[date | None] = mapped_column(Date)
    escalated: Mapped[bool] = mapped_column(default=False)
    case_number: Mapped[str] = mapped_column(String(64), default="")
    lodged_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_summary: Mapped[str] = mapped_column(Text, default="")
    lawsuit_filed_on: Mapped[date | None] = mapped_column(Date)
    lawsuit_court: Mapped[str] = mapped_column(String(255), default="")
    lawsuit_number: Mapped[str] = mapped_column(String(64), default="")
    lawsuit_outcome: Mapped[str] = mapped_column(Text, default="")
    next_due_on: Mapped[date | None] = mapped_column(Date, index=True, info={"audit": "skip"})
    search_text: Mapped[str] = mapped_column(Text, default="", info={"audit": "skip"})

    requests: Mapped[list[ComplaintRequestRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintRequestRecord.request_id"
    )
    incidents: Mapped[list[ComplaintIncidentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintIncidentRecord.incident_id"
    )
    activities: Mapped[list[ComplaintActivityRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintActivityRecord.activity_id"
    )
    entries: Mapped[list[ComplaintEntryRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintEntryRecord.position"
    )

    __table_args__ = (UniqueConstraint("year", "number", name="uq_complaint_year_number"),)


class ComplaintRequestRecord(Base):
    __tablename__ = "complaint_request"

    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class ComplaintIncidentRecord(Base):
    __tablename__ = "complaint_incident"

    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), primary_key=True
    )
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class ComplaintActivityRecord(Base):
    __tablename__ = "complaint_activity"

    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class ComplaintEntryRecord(Base):
    """An entry of a complaint's log: written once, never changed (the repository refuses)."""

    __tablename__ = "complaint_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(255), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    corrects: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    documents: Mapped[list[ComplaintDocumentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintDocumentRecord.position"
    )


class ComplaintDocumentRecord(Base):
    __tablename__ = "complaint_entry_document"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("complaint_entry.id", ondelete="CASCADE"), primary_key=True
    )
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)


#: Indexes with a descending part: Alembic's comparison cannot reflect their order, so the
#: migration test checks them by name (tests/store/test_migrations.py).
ORDERED_INDEXES = frozenset(
    {
        "ix_request_due_order",
        "ix_request_due_order_desc",
        "ix_request_subject_order",
        "ix_incident_detected_order",
        "ix_incident_notify_order",
    }
)
