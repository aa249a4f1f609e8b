"""Keeping the registers of recipients and of transfers to third countries (Chapter V)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from dpo_desk.domain.activity import Activity, ActivityStatus, CatalogueEntry, CatalogueKind
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import FieldError, RecordNotFoundError, ValidationError
from dpo_desk.domain.transfer import (
    RECIPIENT_FIELD_LABELS,
    TRANSFER_FIELD_LABELS,
    Adequacy,
    Destination,
    Recipient,
    RecipientUsage,
    RegisterWarning,
    Transfer,
    covering_adequacy,
    field_label,
    normalise_recipient,
    normalise_transfer,
    recipient_warnings,
    transfer_warnings,
    validate_recipient,
    validate_transfer,
)
from dpo_desk.i18n import _
from dpo_desk.services.destinations import DestinationService, destination_name
from dpo_desk.services.ports import UnitOfWork, UnitOfWorkFactory


def _usage_text(usage: RecipientUsage, destinations: DestinationService) -> str:
    parts: list[str] = []
    if usage.activities:
        parts.append(_("processing activities: {names}").format(names=", ".join(usage.activities)))
    if usage.transfers:
        names = ", ".join(
            destination_name(destinations.get(code), code) for code in usage.transfers
        )
        parts.append(_("transfers to: {codes}").format(codes=names))
    if usage.sub_processors:
        parts.append(_("sub-processors: {names}").format(names=", ".join(usage.sub_processors)))
    if usage.requests:
        parts.append(
            _("data-subject requests it was told of (Art. 19): {references}").format(
                references=", ".join(usage.requests)
            )
        )
    if usage.incidents:
        parts.append(
            _("incidents it reported as processor: {references}").format(
                references=", ".join(usage.incidents)
            )
        )
    return "; ".join(parts)


@dataclass(frozen=True)
class RecipientRow:
    """A recipient as the register shows it: with its destination, activities and warnings."""

    recipient: Recipient
    destination: Destination | None
    activities: tuple[str, ...]
    processor: str  # the processor that engaged a sub-processor, by name
    sub_processors: tuple[str, ...]
    warnings: tuple[RegisterWarning, ...]


@dataclass(frozen=True)
class TransferRow:
    """A transfer as the register shows it: recipient, destination, activities, categories."""

    transfer: Transfer
    recipient: Recipient | None
    destination: Destination | None
    activities: tuple[str, ...]
    data_categories: tuple[str, ...]
    warnings: tuple[RegisterWarning, ...]
    #: The adequacy decision that covers the transfer today, whatever tool is recorded.
    covering: Adequacy | None = None


class RecipientService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, destinations: DestinationService) -> None:
        self._unit_of_work = unit_of_work
        self._destinations = destinations

    def all(self) -> list[Recipient]:
        with self._unit_of_work() as uow:
            return uow.recipients.all()

    def get(self, recipient_id: int) -> Recipient:
        with self._unit_of_work() as uow:
            return uow.recipients.get(recipient_id)

    def rows(self, today: date) -> list[RecipientRow]:
        """The register: every recipient with what the table and the export show."""
        with self._unit_of_work() as uow:
            activities = uow.activities.all()
        return self.rows_for(activities, today)

    def rows_for(
        self,
        activities: Sequence[Activity],
        today: date,
        transfers: Sequence[Transfer] | None = None,
    ) -> list[RecipientRow]:
        """The register, naming activities (and, when given, knowing the transfers) from lists
        the caller has read already: the register export reads every transfer once."""
        with self._unit_of_work() as uow:
            recipients = uow.recipients.all()
            if transfers is None:
                transfers = uow.transfers.all()
        receiving = {transfer.recipient_id for transfer in transfers}
        names_of = {a.id: a.name for a in activities}
        table = self._destinations.table()
        names = {r.id: r.name for r in recipients}
        engaged: dict[int, list[str]] = {}
        for recipient in recipients:
            if recipient.processor_id is not None:
                engaged.setdefault(recipient.processor_id, []).append(recipient.name)
        return [
            RecipientRow(
                recipient=recipient,
                destination=table.get(recipient.country_code),
                activities=tuple(names_of[i] for i in recipient.activity_ids if i in names_of),
                processor=names.get(recipient.processor_id, "")
                if recipient.processor_id is not None
                else "",
                sub_processors=tuple(engaged.get(recipient.id or 0, ())),
                warnings=tuple(
                    recipient_warnings(
                        recipient,
                        today,
                        table.get(recipient.country_code),
                        recipient.id in receiving,
                    )
                ),
            )
            for recipient in recipients
        ]

    def save(self, recipient: Recipient) -> tuple[Recipient, Changes]:
        """Validates and saves. Raises ValidationError naming each bad field, or
        ConcurrentEditError when someone saved the recipient since it was read."""
        cleaned = normalise_recipient(recipient)
        destination = self._destinations.get(cleaned.country_code) if cleaned.country_code else None
        errors = validate_recipient(cleaned, destination is not None)
        label = field_label(RECIPIENT_FIELD_LABELS, "processor_id")
        with self._unit_of_work() as uow:
            if cleaned.processor_id is not None and not errors:
                errors += self._processor_problems(uow, cleaned, label)
            if cleaned.id is not None and not cleaned.is_processor:
                engaged = uow.recipients.usage(cleaned.id).sub_processors
                if engaged:
                    errors.append(
                        FieldError(
                            "role",
                            field_label(RECIPIENT_FIELD_LABELS, "role"),
                            _(
                                "it has engaged the sub-processors {names}: it stays a "
                                "processor as long as they are recorded as engaged by it"
                            ).format(names=", ".join(engaged)),
                        )
                    )
            if errors:
                raise ValidationError(errors)
            saved = uow.recipients.save(cleaned)
            uow.commit()
        return saved, Changes.of(Register.RECIPIENTS, Register.TRANSFERS)

    @staticmethod
    def _processor_problems(uow: UnitOfWork, recipient: Recipient, label: str) -> list[FieldError]:
        """The engaging processor must exist, be a processor, and not be engaged (directly or
        down the chain) by this very recipient."""
        seen = {recipient.id}
        processor_id = recipient.processor_id
        first = True
        while processor_id is not None:
            if processor_id in seen:
                return [
                    FieldError(
                        "processor_id", label, _("this would make the chain of processors a circle")
                    )
                ]
            seen.add(processor_id)
            try:
                processor = uow.recipients.get(processor_id)
            except RecordNotFoundError:
                return [FieldError("processor_id", label, _("no longer exists"))]
            if first and not processor.is_processor:
                return [
                    FieldError(
                        "processor_id",
                        label,
                        _("“{name}” is not a processor").format(name=processor.name),
                    )
                ]
            first = False
            processor_id = processor.processor_id
        return []

    def delete(self, recipient: Recipient) -> Changes:
        """Deletes a recipient nothing refers to; otherwise refuses, listing what does."""
        assert recipient.id is not None
        with self._unit_of_work() as uow:
            usage = uow.recipients.usage(recipient.id)
            if not usage:
                uow.recipients.delete(recipient)
                # Its signed agreement goes with it, unless another record still refers to it.
                if recipient.agreement_document_id is not None:
                    uow.attachments.delete_if_unused(recipient.agreement_document_id)
                uow.commit()
        if usage:
            # Worded after the transaction: naming destinations reads the reference table,
            # which must not wait on the write lock this unit of work held.
            raise ValidationError(
                [
                    FieldError(
                        "recipient",
                        recipient.name,
                        _("is used by {users}. Change or delete those first.").format(
                            users=_usage_text(usage, self._destinations)
                        ),
                    )
                ]
            )
        return Changes.of(Register.RECIPIENTS, Register.ATTACHMENTS)


class TransferService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, destinations: DestinationService) -> None:
        self._unit_of_work = unit_of_work
        self._destinations = destinations

    def all(self) -> list[Transfer]:
        with self._unit_of_work() as uow:
            return uow.transfers.all()

    def get(self, transfer_id: int) -> Transfer:
        with self._unit_of_work() as uow:
            return uow.transfers.get(transfer_id)

    def rows(self, today: date) -> list[TransferRow]:
        """The register: every transfer with its recipient, destination and warnings."""
        with self._unit_of_work() as uow:
            activities = uow.activities.all()
            catalogue = uow.catalogue.entries()
        return self.rows_for(activities, catalogue, today)

    def rows_of_activity(self, activity_id: int, today: date) -> list[TransferRow]:
        """The transfers of one activity (for its form), reading only the activities they name."""
        return self.rows_of_activities([activity_id], today)

    def rows_of_activities(self, activity_ids: Sequence[int], today: date) -> list[TransferRow]:
        """The transfers of these activities (an activity's form, an access answer)."""
        wanted = set(activity_ids)
        with self._unit_of_work() as uow:
            transfers = [t for t in uow.transfers.all() if wanted & set(t.activity_ids)]
            ids = sorted({i for t in transfers for i in t.activity_ids})
            activities = [uow.activities.get(i) for i in ids]
            catalogue = uow.catalogue.entries(CatalogueKind.DATA_CATEGORIES)
        return self.rows_for(activities, catalogue, today, transfers)

    def rows_for(
        self,
        activities: Sequence[Activity],
        catalogue: Sequence[CatalogueEntry],
        today: date,
        transfers: Sequence[Transfer] | None = None,
    ) -> list[TransferRow]:
        """The register (or the given ``transfers``), naming activities and categories from
        lists the caller has read already (the register export reads 5,000 activities once,
        not twice)."""
        with self._unit_of_work() as uow:
            if transfers is None:
                transfers = uow.transfers.all()
            recipients = {r.id: r for r in uow.recipients.all()}
        by_activity = {a.id: a for a in activities}
        names = {e.id: e.name for e in catalogue}
        table = self._destinations.table()
        rows: list[TransferRow] = []
        for transfer in transfers:
            linked = [by_activity[i] for i in transfer.activity_ids if i in by_activity]
            recipient = recipients.get(transfer.recipient_id)
            destination = table.get(transfer.country_code)
            retired = [a.name for a in linked if a.status is ActivityStatus.RETIRED]
            rows.append(
                TransferRow(
                    transfer=transfer,
                    recipient=recipient,
                    destination=destination,
                    activities=tuple(a.name for a in linked),
                    data_categories=tuple(
                        names[i] for i in transfer.data_category_ids if i in names
                    ),
                    warnings=tuple(
                        transfer_warnings(transfer, destination, recipient, retired, today)
                    ),
                    covering=covering_adequacy(transfer, destination, recipient, today),
                )
            )
        return rows

    def warnings(self, transfer: Transfer, today: date) -> list[RegisterWarning]:
        """The warnings of a transfer as it stands in the form (saved or not)."""
        cleaned = normalise_transfer(transfer)
        with self._unit_of_work() as uow:
            recipient = (
                uow.recipients.get(cleaned.recipient_id)
                if cleaned.recipient_id is not None
                else None
            )
            retired = [
                activity.name
                for activity_id in cleaned.activity_ids
                if (activity := uow.activities.get(activity_id)).status is ActivityStatus.RETIRED
            ]
        destination = self._destinations.get(cleaned.country_code)
        return transfer_warnings(cleaned, destination, recipient, retired, today)

    def save(self, transfer: Transfer) -> tuple[Transfer, Changes]:
        """Validates and saves. Raises ValidationError naming each bad field, or
        ConcurrentEditError when someone saved the transfer since it was read."""
        cleaned = normalise_transfer(transfer)
        destination = self._destinations.get(cleaned.country_code) if cleaned.country_code else None
        errors = validate_transfer(cleaned, destination)
        with self._unit_of_work() as uow:
            if cleaned.recipient_id is not None:
                try:
                    uow.recipients.get(cleaned.recipient_id)
                except RecordNotFoundError:
                    errors.append(
                        FieldError(
                            "recipient_id",
                            field_label(TRANSFER_FIELD_LABELS, "recipient_id"),
                            _("no longer exists"),
                        )
                    )
            if errors:
                raise ValidationError(errors)
            saved = uow.transfers.save(cleaned)
            uow.commit()
        return saved, Changes.of(Register.TRANSFERS, Register.ACTIVITIES)

    def delete(self, transfer: Transfer) -> Changes:
        """Deletes the transfer, and its documents (clauses, TIA) unless another record, such
        as a duplicate of it, still refers to them."""
        with self._unit_of_work() as uow:
            uow.transfers.delete(transfer)
            for document_id in (transfer.tool_document_id, transfer.tia_document_id):
                if document_id is not None:
                    uow.attachments.delete_if_unused(document_id)
            uow.commit()
        return Changes.of(Register.TRANSFERS, Register.ACTIVITIES, Register.ATTACHMENTS)

    def duplicate(self, transfer: Transfer) -> Transfer:
        """A copy to edit into a similar transfer (not saved until the user saves it)."""
        return replace(transfer, id=None, version=None, created_at=None, updated_at=None)
