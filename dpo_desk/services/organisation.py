"""Setting up and editing the organisation profile (controller, DPO, representative, authority)."""

from __future__ import annotations

from dataclasses import replace

from dpo_desk.domain.attachment import Attachment, prepare_logo
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.organisation import (
    OrganisationProfile,
    new_profile,
    normalise_profile,
    validate_profile,
)
from dpo_desk.services.ports import UnitOfWorkFactory


class OrganisationService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def profile(self) -> OrganisationProfile | None:
        """The saved profile, or None when the organisation has not been set up yet."""
        with self._unit_of_work() as uow:
            return uow.organisation.get()

    def profile_or_new(self) -> OrganisationProfile:
        """What the form shows: the saved profile, or a new one with AZOP filled in."""
        return self.profile() or new_profile()

    def is_set_up(self) -> bool:
        return self.profile() is not None

    def save(self, profile: OrganisationProfile) -> tuple[OrganisationProfile, Changes]:
        """Validates and saves; returns the stored profile (with its new version).

        Raises ValidationError naming every bad field, or ConcurrentEditError when the profile
        was saved elsewhere since ``profile.version`` was read. Nothing is written in either case.
        """
        cleaned = normalise_profile(profile)
        errors = validate_profile(cleaned)
        if errors:
            raise ValidationError(errors)
        with self._unit_of_work() as uow:
            saved = uow.organisation.save(cleaned)
            uow.commit()
        return saved, Changes.of(Register.ORGANISATION)

    def set_logo(
        self, profile: OrganisationProfile, file_name: str, content: bytes
    ) -> tuple[OrganisationProfile, Changes]:
        """Stores a letterhead logo and links it to the profile, in one transaction.

        The profile is validated as for save(): a logo cannot be added to an unsaved, invalid
        profile half-way. A logo it replaces is deleted in the same transaction, so replacing a
        logo never leaves the old image behind in the database.
        """
        logo = prepare_logo(file_name, content)
        cleaned = normalise_profile(profile)
        errors = validate_profile(cleaned)
        if errors:
            raise ValidationError(errors)
        with self._unit_of_work() as uow:
            current = uow.organisation.get()
            replaced = current.logo_attachment_id if current is not None else None
            stored = uow.attachments.add(logo)
            # Saving first checks the version: a stale profile stops here, before any delete.
            saved = uow.organisation.save(replace(cleaned, logo_attachment_id=stored.id))
            if replaced is not None:
                old = uow.attachments.get(replaced)
                uow.attachments.delete(old.id, old.version)
            uow.commit()
        return saved, Changes.of(Register.ORGANISATION, Register.ATTACHMENTS)

    def remove_logo(self, profile: OrganisationProfile) -> tuple[OrganisationProfile, Changes]:
        """Unlinks and deletes the logo; the profile keeps everything else as it was saved."""
        if profile.logo_attachment_id is None:
            return profile, Changes()
        with self._unit_of_work() as uow:
            current = uow.organisation.get()
            if current is None:
                return profile, Changes()
            # Saving first checks the version: if someone else changed the profile (or removed
            # the logo already) since it was read, that is a concurrent edit, not a lost file.
            saved = uow.organisation.save(
                replace(current, logo_attachment_id=None, version=profile.version)
            )
            if current.logo_attachment_id is not None:
                logo = uow.attachments.get(current.logo_attachment_id)
                uow.attachments.delete(logo.id, logo.version)
            uow.commit()
        return saved, Changes.of(Register.ORGANISATION, Register.ATTACHMENTS)

    def logo(self, profile: OrganisationProfile) -> tuple[Attachment, bytes] | None:
        """The logo's record and image bytes, for the form's preview and letterheads."""
        if profile.logo_attachment_id is None:
            return None
        with self._unit_of_work() as uow:
            return (
                uow.attachments.get(profile.logo_attachment_id),
                uow.attachments.content(profile.logo_attachment_id),
            )
