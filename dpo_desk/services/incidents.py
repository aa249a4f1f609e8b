"""Keeping incidents and breaches: saving them with the 72-hour deadline, ENISA's severity and
the next checklist step worked out; the notification policy; and the response plans.

The severity's data processing context comes from the ENISA data types the register gives the
incident's data categories (catalogue entries), so an incident is assessed on what the register
says the data are, and a correction of the catalogue shows in the next assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from dpo_desk.domain.activity import ActivityFilter, CatalogueEntry, CatalogueKind, EnisaDataType
from dpo_desk.domain.attachment import NewAttachment
from dpo_desk.domain.breach import (
    Band,
    NotificationPolicy,
    Recommendation,
    Severity,
    notification_deadline,
    policy_problems,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.incident import (
    Addressee,
    Incident,
    IncidentFigures,
    IncidentFilter,
    IncidentStatus,
    IncidentSuggestion,
    IncidentSummary,
    NotificationVersion,
    Phase,
    ResponsePlan,
    Scenario,
    normalise_incident,
    phase_problems,
    plan_problems,
    start_checklist,
    suggested_categories,
    validate_incident,
)
from dpo_desk.domain.timefmt import local, utc_now
from dpo_desk.services.ports import UnitOfWork, UnitOfWorkFactory

#: Database-info keys of the notification policy (the bands from which to notify).
POLICY_AUTHORITY_KEY = "incidents.policy.authority_from"
POLICY_SUBJECTS_KEY = "incidents.policy.subjects_from"


@dataclass(frozen=True)
class Evaluation:
    """ENISA's result for an incident and what the policy recommends for it."""

    data_types: tuple[EnisaDataType, ...]
    severity: Severity | None
    recommendation: Recommendation | None


def _data_types(
    entries: Sequence[CatalogueEntry], category_ids: tuple[int, ...]
) -> tuple[EnisaDataType, ...]:
    wanted = set(category_ids)
    # Art. 9/10 data are sensitive in ENISA's scale (4) whatever type the catalogue gave them.
    found = {
        EnisaDataType.SENSITIVE if entry.special else entry.enisa_type
        for entry in entries
        if entry.id in wanted
    }
    return tuple(kind for kind in EnisaDataType if kind in found)


def _policy(uow: UnitOfWork) -> NotificationPolicy:
    default = NotificationPolicy()
    bands = {band.value: band for band in Band}
    authority = bands.get(uow.info.get(POLICY_AUTHORITY_KEY) or "", default.authority_from)
    subjects = bands.get(uow.info.get(POLICY_SUBJECTS_KEY) or "", default.subjects_from)
    policy = NotificationPolicy(authority, subjects)
    return policy if not policy_problems(policy) else default


def evaluation_of(uow: UnitOfWork, incident: Incident) -> Evaluation:
    """ENISA's score and band on the register's data types, and the policy's advice."""
    entries = uow.catalogue.entries(CatalogueKind.DATA_CATEGORIES)
    return _evaluation(incident, entries, _policy(uow))


def _evaluation(
    incident: Incident, entries: Sequence[CatalogueEntry], policy: NotificationPolicy
) -> Evaluation:
    data_types = _data_types(entries, incident.data_category_ids)
    found = incident.severity(data_types)
    advice = policy.recommend(found.band) if found is not None else None
    return Evaluation(data_types, found, advice)


@dataclass(frozen=True)
class BreachRecord:
    """An incident as the Art. 33(5) register prints it, with the names of what it touched."""

    incident: Incident
    evaluation: Evaluation
    data_categories: tuple[str, ...]
    subject_categories: tuple[str, ...]
    activities: tuple[str, ...]
    processor: str


def figures(incident: Incident, evaluation: Evaluation) -> IncidentFigures:
    """What the page sorts and filters by, worked out from the incident."""
    aware = incident.aware_at
    # A closed incident's unticked steps are no longer chased.
    open_steps = [
        step
        for step in incident.checklist
        if step.done_at is None and incident.status is IncidentStatus.OPEN
    ]
    return IncidentFigures(
        # Only a running clock has a deadline to sort by (ix_incident_notify_order).
        notify_by=notification_deadline(aware)
        if aware is not None and incident.clock_running
        else None,
        clock_running=incident.clock_running,
        score=evaluation.severity.score if evaluation.severity is not None else None,
        band=evaluation.severity.band if evaluation.severity is not None else None,
        next_step_due_at=min(step.due_at(aware) for step in open_steps)
        if aware is not None and open_steps
        else None,
    )


def _save_in(uow: UnitOfWork, incident: Incident, now: datetime) -> Incident:
    incident = normalise_incident(incident)
    problems = validate_incident(incident, now)
    if problems:
        raise ValidationError(problems)
    assert incident.detected_at is not None
    year = local(incident.detected_at).year  # the reference's year: the office's
    if incident.scenario is not None and not incident.checklist:
        plan = uow.plans.get(incident.scenario)
        if plan is not None:
            incident = replace(incident, checklist=start_checklist(plan))
    evaluation = evaluation_of(uow, incident)
    return uow.incidents.save(incident, year, figures(incident, evaluation))


def refresh_incident_figures(uow: UnitOfWork, category_id: int) -> int:
    """Works out again the stored figures (score, band) of the incidents that touched a data
    category whose ENISA type or special mark may have changed; returns how many changed."""
    changed = 0
    for incident in uow.incidents.with_category(category_id):
        assert incident.detected_at is not None
        fresh = figures(incident, evaluation_of(uow, incident))
        if uow.incidents.figures_of(incident) != fresh:
            uow.incidents.save(incident, local(incident.detected_at).year, fresh)
            changed += 1
    return changed


class IncidentService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    # --- reading ---

    def summaries(
        self, flt: IncidentFilter, offset: int = 0, limit: int | None = None
    ) -> list[IncidentSummary]:
        with self._unit_of_work() as uow:
            return uow.incidents.summaries(flt, offset, limit)

    def count(self, flt: IncidentFilter | None = None) -> int:
        with self._unit_of_work() as uow:
            return uow.incidents.count(flt)

    def get(self, incident_id: int) -> Incident:
        with self._unit_of_work() as uow:
            return uow.incidents.get(incident_id)

    def find(self, reference: str) -> Incident | None:
        with self._unit_of_work() as uow:
            return uow.incidents.find(reference)

    def all(self) -> list[Incident]:
        with self._unit_of_work() as uow:
            return uow.incidents.all()

    def register(self) -> list[BreachRecord]:
        """Every incident, oldest first, with what the register prints beside it: read in
        one transaction, the catalogue and the names once."""
        with self._unit_of_work() as uow:
            incidents = uow.incidents.all()
            entries = uow.catalogue.entries()
            policy = _policy(uow)
            activities = {a.id: a.name for a in uow.activities.summaries(ActivityFilter())}
            processors = {r.id: r.name for r in uow.recipients.all()}
        names = {entry.id: entry.name for entry in entries}
        data = [e for e in entries if e.kind is CatalogueKind.DATA_CATEGORIES]
        return [
            BreachRecord(
                incident=incident,
                evaluation=_evaluation(incident, data, policy),
                data_categories=tuple(names.get(i, "") for i in incident.data_category_ids),
                subject_categories=tuple(names.get(i, "") for i in incident.subject_category_ids),
                activities=tuple(activities.get(i, "") for i in incident.activity_ids),
                processor=processors.get(incident.processor_recipient_id, "")
                if incident.processor_recipient_id is not None
                else "",
            )
            for incident in incidents
        ]

    def suggest(self, activity_ids: tuple[int, ...]) -> IncidentSuggestion:
        """The data and data-subject categories of the linked activities."""
        with self._unit_of_work() as uow:
            linked = {
                activity.id: (activity.data_category_ids, activity.subject_category_ids)
                for activity in (uow.activities.get(i) for i in activity_ids)
                if activity.id is not None
            }
        return suggested_categories(linked, activity_ids)

    def evaluate(self, incident: Incident) -> Evaluation:
        """ENISA's score and band on the register's data types, and the policy's advice."""
        with self._unit_of_work() as uow:
            return evaluation_of(uow, incident)

    # --- the notification policy ---

    def policy(self) -> NotificationPolicy:
        with self._unit_of_work() as uow:
            return _policy(uow)

    def set_policy(self, policy: NotificationPolicy) -> Changes:
        problems = policy_problems(policy)
        if problems:
            raise ValidationError(problems)
        with self._unit_of_work() as uow:
            uow.info.set(POLICY_AUTHORITY_KEY, policy.authority_from.value)
            uow.info.set(POLICY_SUBJECTS_KEY, policy.subjects_from.value)
            uow.commit()
        return Changes.of(Register.DATABASE)

    # --- writing ---

    def save(self, incident: Incident, now: datetime | None = None) -> tuple[Incident, Changes]:
        """Validates and saves. A new incident (or one whose plan was chosen only now) starts
        its scenario's plan as a checklist, when the organisation has a plan for it."""
        with self._unit_of_work() as uow:
            saved = _save_in(uow, incident, now or utc_now())
            uow.commit()
        return saved, Changes.of(Register.INCIDENTS)

    def keep_notification(
        self,
        incident: Incident,
        document: NewAttachment,
        addressee: Addressee,
        phase: Phase,
        language: str,
        now: datetime | None = None,
        mark_sent: bool = False,
    ) -> tuple[Incident, Changes]:
        """Keeps a prepared notification's PDF as a dated version of the incident (Art. 33(4):
        each phase kept as it was sent). ``mark_sent`` also records it as sent now: AZOP
        notified (refused after 72 hours without the reasons for the delay), or the data
        subjects told today."""
        now = now or utc_now()
        problems = phase_problems(incident.notifications, addressee, phase)
        if problems:
            raise ValidationError(problems)
        with self._unit_of_work() as uow:
            stored = uow.attachments.add(document)
            version = NotificationVersion(addressee, phase, now, language, stored.id)
            updated = replace(incident, notifications=(*incident.notifications, version))
            if mark_sent and addressee is Addressee.AUTHORITY and incident.notified_at is None:
                updated = replace(updated, notified_at=now)
            if mark_sent and addressee is Addressee.SUBJECTS and incident.subjects_told_on is None:
                updated = replace(updated, subjects_told_on=local(now).date())
            saved = _save_in(uow, updated, now)
            uow.commit()
        return saved, Changes.of(Register.INCIDENTS, Register.ATTACHMENTS)

    # --- response plans ---

    def plans(self) -> list[ResponsePlan]:
        with self._unit_of_work() as uow:
            return uow.plans.all()

    def plan(self, scenario: Scenario) -> ResponsePlan:
        with self._unit_of_work() as uow:
            return uow.plans.get(scenario) or ResponsePlan(scenario)

    def save_plan(self, plan: ResponsePlan) -> tuple[ResponsePlan, Changes]:
        plan = replace(
            plan,
            steps=tuple(replace(s, title=s.title.strip(), role=s.role.strip()) for s in plan.steps),
        )
        problems = plan_problems(plan)
        if problems:
            raise ValidationError(problems)
        with self._unit_of_work() as uow:
            saved = uow.plans.save(plan)
            uow.commit()
        return saved, Changes.of(Register.INCIDENTS)
