"""Keeping the register of processing activities and the catalogues its fields draw from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dpo_desk.domain.activity import (
    Activity,
    ActivityFilter,
    ActivityStatus,
    ActivitySummary,
    CatalogueEntry,
    CatalogueKind,
    RegisterKind,
    normalise_activity,
    validate_activity,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.i18n import _
from dpo_desk.services.incidents import refresh_incident_figures
from dpo_desk.services.ports import UnitOfWork, UnitOfWorkFactory


def _special_ids(uow: UnitOfWork) -> set[int]:
    return {
        entry.id
        for entry in uow.catalogue.entries(CatalogueKind.DATA_CATEGORIES)
        if entry.special and entry.id is not None
    }


class ActivityService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def summaries(self, flt: ActivityFilter) -> list[ActivitySummary]:
        with self._unit_of_work() as uow:
            return uow.activities.summaries(flt)

    def count(self, flt: ActivityFilter | None = None) -> int:
        with self._unit_of_work() as uow:
            return uow.activities.count(flt)

    def get(self, activity_id: int) -> Activity:
        with self._unit_of_work() as uow:
            return uow.activities.get(activity_id)

    def all(self, register: RegisterKind | None = None) -> list[Activity]:
        """Every activity with every linked object, for exports."""
        with self._unit_of_work() as uow:
            return uow.activities.all(register)

    def save(self, activity: Activity) -> tuple[Activity, Changes]:
        """Validates and saves. Raises ValidationError naming each bad field, or
        ConcurrentEditError when someone saved the activity since it was read."""
        cleaned = normalise_activity(activity)
        with self._unit_of_work() as uow:
            errors = validate_activity(cleaned, _special_ids(uow))
            if errors:
                raise ValidationError(errors)
            saved = uow.activities.save(cleaned)
            uow.commit()
        return saved, Changes.of(Register.ACTIVITIES)

    def duplicate(self, activity: Activity) -> tuple[Activity, Changes]:
        """A copy as a new draft, to describe a similar activity without typing it again."""
        copy = replace(
            activity,
            id=None,
            version=None,
            name=_("{name} (copy)").format(name=activity.name),
            status=ActivityStatus.DRAFT,
            created_at=None,
            updated_at=None,
        )
        return self.save(copy)

    def retire(self, activity: Activity) -> tuple[Activity, Changes]:
        """Retires the activity: kept for history (Art. 5(2) accountability), never deleted."""
        return self.save(replace(activity, status=ActivityStatus.RETIRED))

    def review_due(self, today: date) -> int:
        """How many activities are due for review by ``today``."""
        return self.count(ActivityFilter(review_due_by=today))


class CatalogueService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def entries(self, kind: CatalogueKind | None = None) -> list[CatalogueEntry]:
        with self._unit_of_work() as uow:
            return uow.catalogue.entries(kind)

    def users(self, entry: CatalogueEntry) -> list[str]:
        assert entry.id is not None
        with self._unit_of_work() as uow:
            return uow.catalogue.users(entry.id)

    def save(self, entry: CatalogueEntry) -> tuple[CatalogueEntry, Changes]:
        """Creates or renames an entry. Every activity that uses it shows the change at once:
        activities link to the entry, they do not copy it."""
        cleaned = replace(
            entry,
            name=entry.name.strip(),
            description=entry.description.strip(),
            special=entry.special and entry.kind is CatalogueKind.DATA_CATEGORIES,
            enisa_type=entry.enisa_type if entry.kind is CatalogueKind.DATA_CATEGORIES else None,
            measure_kind=entry.measure_kind
            if entry.kind is CatalogueKind.SECURITY_MEASURES
            else None,
        )
        label = _("Name")
        if not cleaned.name:
            raise ValidationError([FieldError("name", label, _("is required"))])
        with self._unit_of_work() as uow:
            same = uow.catalogue.find(cleaned.kind, cleaned.name)
            if same is not None and same.id != cleaned.id:
                raise ValidationError(
                    [
                        FieldError(
                            "name",
                            label,
                            _("“{name}” is in the catalogue already").format(name=same.name),
                        )
                    ]
                )
            saved = uow.catalogue.save(cleaned)
            changed = Changes.of(Register.CATALOGUES, Register.ACTIVITIES)
            # The incidents' stored severity follows the category's ENISA type.
            if (
                saved.id is not None
                and saved.kind is CatalogueKind.DATA_CATEGORIES
                and refresh_incident_figures(uow, saved.id)
            ):
                changed |= Changes.of(Register.INCIDENTS)
            uow.commit()
        return saved, changed

    def delete(self, entry: CatalogueEntry) -> Changes:
        """Deletes an unused entry; one in use is refused with the activities that use it."""
        assert entry.id is not None
        with self._unit_of_work() as uow:
            users = uow.catalogue.users(entry.id)
            if users:
                raise ValidationError(
                    [
                        FieldError(
                            "entry",
                            entry.name,
                            _("is used by: {activities}. Remove it from them first.").format(
                                activities=", ".join(users)
                            ),
                        )
                    ]
                )
            uow.catalogue.delete(entry)
            uow.commit()
        return Changes.of(Register.CATALOGUES)
