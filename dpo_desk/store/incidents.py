"""The repository of incidents and of the response plans: references allocated per year, the
incident with its links, adjustments, checklist and kept notifications, and the figures the
service worked out (deadline, severity, next step due) kept as columns for the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from dpo_desk.domain.activity import CatalogueKind
from dpo_desk.domain.breach import (
    Adjustment,
    AdjustmentKind,
    Availability,
    Band,
    Confidentiality,
    Identification,
    Integrity,
    Recommendation,
)
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError
from dpo_desk.domain.incident import (
    Addressee,
    BreachFinding,
    Cause,
    ChecklistStep,
    Exemption,
    Incident,
    IncidentFigures,
    IncidentFilter,
    IncidentSort,
    IncidentStatus,
    IncidentSummary,
    NotificationVersion,
    Phase,
    PlanStep,
    ResponsePlan,
    Scenario,
    format_reference,
    parse_reference,
)
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.records import (
    CatalogueEntryRecord,
    IncidentActivityRecord,
    IncidentAdjustmentRecord,
    IncidentCategoryRecord,
    IncidentNotificationRecord,
    IncidentRecord,
    IncidentStepRecord,
    ResponsePlanRecord,
    ResponsePlanStepRecord,
)
from dpo_desk.store.requests import search_text

_AnySelect = TypeVar("_AnySelect", bound=Select[*tuple[Any, ...]])


def _optional(kind: Any, value: str | None) -> Any:
    return kind(value) if value else None


def _incident(record: IncidentRecord, data_kinds: dict[int, str]) -> Incident:
    categories = [link.entry_id for link in record.categories]
    return Incident(
        title=record.title,
        description=record.description,
        detected_at=record.detected_at,
        occurred_from=record.occurred_from,
        occurred_to=record.occurred_to,
        aware_at=record.aware_at,
        processor_reported=record.processor_reported,
        processor_recipient_id=record.processor_recipient_id,
        processor_reported_at=record.processor_reported_at,
        reported_by=record.reported_by,
        confidentiality=record.confidentiality,
        integrity=record.integrity,
        availability=record.availability,
        cause=Cause(record.cause),
        cause_details=record.cause_details,
        ongoing=record.ongoing,
        scenario=_optional(Scenario, record.scenario),
        finding=BreachFinding(record.finding),
        finding_reasoning=record.finding_reasoning,
        activity_ids=tuple(link.activity_id for link in record.activities),
        data_category_ids=tuple(
            i for i in categories if data_kinds.get(i) == CatalogueKind.DATA_CATEGORIES
        ),
        subject_category_ids=tuple(
            i for i in categories if data_kinds.get(i) == CatalogueKind.SUBJECT_CATEGORIES
        ),
        subjects_approx=record.subjects_approx,
        records_approx=record.records_approx,
        consequences=record.consequences,
        measures_taken=record.measures_taken,
        measures_proposed=record.measures_proposed,
        cross_border=record.cross_border,
        cross_border_details=record.cross_border_details,
        identification=_optional(Identification, record.identification),
        lost_confidentiality=Confidentiality(record.lost_confidentiality),
        lost_integrity=Integrity(record.lost_integrity),
        lost_availability=Availability(record.lost_availability),
        malicious=record.malicious,
        adjustments=tuple(
            Adjustment(AdjustmentKind(a.kind), a.points, a.justification)
            for a in record.adjustments
        ),
        decision=_optional(Recommendation, record.decision),
        decision_reasoning=record.decision_reasoning,
        exemption=_optional(Exemption, record.exemption),
        notified_at=record.notified_at,
        delay_reasons=record.delay_reasons,
        authority_reference=record.authority_reference,
        subjects_told_on=record.subjects_told_on,
        subjects_told_how=record.subjects_told_how,
        status=IncidentStatus(record.status),
        closed_on=record.closed_on,
        checklist=tuple(
            ChecklistStep(s.title, s.role, s.due_hours, s.done_at, s.done_by, s.note)
            for s in record.checklist
        ),
        notifications=tuple(
            NotificationVersion(
                addressee=Addressee(n.addressee),
                phase=Phase(n.phase),
                prepared_at=n.prepared_at,
                language=n.language,
                attachment_id=n.attachment_id,
            )
            for n in record.notifications
        ),
        reference=record.reference,
        created_at=record.created_at,
        updated_at=record.updated_at,
        id=record.id,
        version=record.version,
    )


class SqlIncidentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _record(self, incident_id: int) -> IncidentRecord:
        record = self._session.get(IncidentRecord, incident_id)
        if record is None:
            raise RecordNotFoundError(_("Incident {id} no longer exists.").format(id=incident_id))
        return record

    def _to_domain(self, record: IncidentRecord) -> Incident:
        ids = [link.entry_id for link in record.categories]
        kinds: dict[int, str] = {}
        if ids:
            kinds = dict(
                self._session.execute(
                    select(CatalogueEntryRecord.id, CatalogueEntryRecord.kind).where(
                        CatalogueEntryRecord.id.in_(ids)
                    )
                ).all()
            )
        return _incident(record, kinds)

    def get(self, incident_id: int) -> Incident:
        return self._to_domain(self._record(incident_id))

    def find(self, reference: str) -> Incident | None:
        """The incident with that reference ("INC-2026-0007", any case), or None."""
        parsed = parse_reference(reference)
        if parsed is None:
            return None
        record = self._session.scalars(
            select(IncidentRecord).where(
                IncidentRecord.year == parsed[0], IncidentRecord.number == parsed[1]
            )
        ).one_or_none()
        return self._to_domain(record) if record is not None else None

    def all(self) -> list[Incident]:
        """Every incident, oldest first (the Art. 33(5) register's order)."""
        records = self._session.scalars(
            select(IncidentRecord)
            .options(*_WHOLE)
            .order_by(IncidentRecord.detected_at, IncidentRecord.id)
        ).all()
        kinds = dict(
            self._session.execute(select(CatalogueEntryRecord.id, CatalogueEntryRecord.kind)).all()
        )
        return [_incident(record, kinds) for record in records]

    def with_category(self, entry_id: int) -> list[Incident]:
        """The incidents that touched a catalogue entry."""
        records = self._session.scalars(
            select(IncidentRecord)
            .join(IncidentCategoryRecord, IncidentCategoryRecord.incident_id == IncidentRecord.id)
            .where(IncidentCategoryRecord.entry_id == entry_id)
            .order_by(IncidentRecord.id)
        ).all()
        return [self._to_domain(record) for record in records]

    def figures_of(self, incident: Incident) -> IncidentFigures:
        """The figures stored with the incident."""
        assert incident.id is not None
        record = self._record(incident.id)
        return IncidentFigures(
            notify_by=record.notify_by,
            clock_running=record.clock_running,
            score=record.score,
            band=Band(record.band) if record.band else None,
            next_step_due_at=record.next_step_due_at,
        )

    def save(self, incident: Incident, year: int, figures: IncidentFigures) -> Incident:
        """Creates (allocating the next reference of ``year``) or updates; refuses a stale
        version. Kept notifications are never rewritten: new ones are appended."""
        assert incident.detected_at is not None
        if incident.id is None:
            last = self._session.scalar(
                select(func.max(IncidentRecord.number)).where(IncidentRecord.year == year)
            )
            number = (last or 0) + 1
            record = IncidentRecord(
                year=year, number=number, reference=format_reference(year, number)
            )
            self._session.add(record)
        else:
            record = self._record(incident.id)
            if incident.version != record.version:
                raise ConcurrentEditError(record.reference)
            if len(incident.notifications) < len(record.notifications):
                raise ConcurrentEditError(record.reference)
            record.updated_at = utc_now()
        for name in _PLAIN_COLUMNS:
            setattr(record, name, getattr(incident, name))
        for name in _ENUM_COLUMNS:
            value = getattr(incident, name)
            setattr(record, name, value.value if value is not None else None)
        record.notify_by = figures.notify_by
        record.clock_running = figures.clock_running
        record.score = figures.score
        record.band = figures.band.value if figures.band is not None else None
        record.next_step_due_at = figures.next_step_due_at
        record.search_text = search_text(
            record.reference, incident.title, incident.description, incident.reported_by
        )
        record.activities = relinked(
            record.activities,
            "activity_id",
            incident.activity_ids,
            lambda activity_id: IncidentActivityRecord(activity_id=activity_id),
        )
        record.categories = relinked(
            record.categories,
            "entry_id",
            (*incident.data_category_ids, *incident.subject_category_ids),
            lambda entry_id: IncidentCategoryRecord(entry_id=entry_id),
        )
        _update_adjustments(record, incident.adjustments)
        _update_checklist(record, incident.checklist)
        for position in range(len(record.notifications), len(incident.notifications)):
            version = incident.notifications[position]
            assert version.attachment_id is not None, "the service stores the PDF first"
            record.notifications.append(
                IncidentNotificationRecord(
                    position=position,
                    addressee=version.addressee.value,
                    phase=version.phase.value,
                    prepared_at=version.prepared_at,
                    language=version.language,
                    attachment_id=version.attachment_id,
                )
            )
        self._session.flush()
        return self._to_domain(record)

    # --- the incidents page: filtered, sorted and read a page at a time by the database ---

    def _filtered(self, query: _AnySelect, flt: IncidentFilter) -> _AnySelect:
        conditions: list[ColumnElement[bool]] = []
        if flt.status is not None:
            conditions.append(IncidentRecord.status == flt.status.value)
        if flt.cause is not None:
            conditions.append(IncidentRecord.cause == flt.cause.value)
        if flt.finding is not None:
            conditions.append(IncidentRecord.finding == flt.finding.value)
        if flt.band is not None:
            conditions.append(IncidentRecord.band == flt.band.value)
        if flt.clock_running:
            conditions.append(IncidentRecord.clock_running.is_(True))
        for word in flt.search.strip().lower().split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(IncidentRecord.search_text.like(f"%{escaped}%", escape="\\"))
        return query.where(and_(*conditions)) if conditions else query

    def summaries(
        self, flt: IncidentFilter, offset: int = 0, limit: int | None = None
    ) -> list[IncidentSummary]:
        """One page of the incidents page's rows: columns, not ORM objects."""
        query = self._filtered(select(*_SUMMARY_COLUMNS), flt)
        orders = [
            column.desc().nulls_last() if flt.descending else column.asc().nulls_last()
            for column in _SORT_COLUMNS[flt.sort]
        ]
        # Ties show the newest first; sorted by detection already, only the id breaks them
        # (ordering by detected_at twice would keep SQLite from walking its index alone).
        ties = (
            (IncidentRecord.id.desc(),)
            if flt.sort is IncidentSort.DETECTED
            else (IncidentRecord.detected_at.desc(), IncidentRecord.id.desc())
        )
        query = query.order_by(*orders, *ties)
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        found = self._session.connection().execute(query).all()
        return [
            IncidentSummary(
                id=row[0],
                reference=row[1],
                title=row[2],
                detected_at=row[3],
                aware_at=row[4],
                cause=Cause(row[5]),
                finding=BreachFinding(row[6]),
                band=Band(row[7]) if row[7] else None,
                score=row[8],
                decision=Recommendation(row[9]) if row[9] else None,
                notified_at=row[10],
                status=IncidentStatus(row[11]),
                clock_running=bool(row[12]),
                next_step_due_at=row[13],
            )
            for row in found
        ]

    def count(self, flt: IncidentFilter | None = None) -> int:
        query: Select[int] = select(func.count()).select_from(IncidentRecord)
        if flt is not None:
            query = self._filtered(query, flt)
        return int(self._session.scalar(query) or 0)

    def referring_to_attachment(self, attachment_id: int) -> bool:
        return (
            self._session.scalar(
                select(func.count())
                .select_from(IncidentNotificationRecord)
                .where(IncidentNotificationRecord.attachment_id == attachment_id)
            )
            or 0
        ) > 0


def _update_adjustments(record: IncidentRecord, wanted: Sequence[Adjustment]) -> None:
    """Kept rows updated in place (an unchanged incident writes nothing to the audit log),
    new ones added, dropped ones deleted."""
    current = list(record.adjustments)
    for position, adjustment in enumerate(wanted):
        if position < len(current):
            row = current[position]
        else:
            row = IncidentAdjustmentRecord(position=position)
            record.adjustments.append(row)
        row.kind = adjustment.kind.value
        row.points = adjustment.points
        row.justification = adjustment.justification
    for row in current[len(wanted) :]:
        record.adjustments.remove(row)


def _update_checklist(record: IncidentRecord, wanted: Sequence[ChecklistStep]) -> None:
    """Steps are updated in place (their audit trail shows who ticked what), added or
    removed at the end."""
    current = list(record.checklist)
    for position, step in enumerate(wanted):
        if position < len(current):
            row = current[position]
        else:
            row = IncidentStepRecord(position=position)
            record.checklist.append(row)
        row.title = step.title
        row.role = step.role
        row.due_hours = step.due_hours
        row.done_at = step.done_at
        row.done_by = step.done_by
        row.note = step.note
    for row in current[len(wanted) :]:
        record.checklist.remove(row)


#: An incident's collections, read in one query each for a whole list (not one per incident).
_WHOLE = (
    selectinload(IncidentRecord.activities),
    selectinload(IncidentRecord.categories),
    selectinload(IncidentRecord.adjustments),
    selectinload(IncidentRecord.checklist),
    selectinload(IncidentRecord.notifications),
)
_PLAIN_COLUMNS = (
    "title",
    "description",
    "detected_at",
    "occurred_from",
    "occurred_to",
    "aware_at",
    "processor_reported",
    "processor_recipient_id",
    "processor_reported_at",
    "reported_by",
    "confidentiality",
    "integrity",
    "availability",
    "cause_details",
    "ongoing",
    "finding_reasoning",
    "subjects_approx",
    "records_approx",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "cross_border",
    "cross_border_details",
    "malicious",
    "decision_reasoning",
    "notified_at",
    "delay_reasons",
    "authority_reference",
    "subjects_told_on",
    "subjects_told_how",
    "closed_on",
)
_ENUM_COLUMNS = (
    "cause",
    "scenario",
    "finding",
    "identification",
    "lost_confidentiality",
    "lost_integrity",
    "lost_availability",
    "decision",
    "exemption",
    "status",
)
_SUMMARY_COLUMNS = (
    IncidentRecord.id,
    IncidentRecord.reference,
    IncidentRecord.title,
    IncidentRecord.detected_at,
    IncidentRecord.aware_at,
    IncidentRecord.cause,
    IncidentRecord.finding,
    IncidentRecord.band,
    IncidentRecord.score,
    IncidentRecord.decision,
    IncidentRecord.notified_at,
    IncidentRecord.status,
    IncidentRecord.clock_running,
    IncidentRecord.next_step_due_at,
)
_SORT_COLUMNS: dict[IncidentSort, tuple[Any, ...]] = {
    IncidentSort.DETECTED: (IncidentRecord.detected_at,),
    IncidentSort.AWARE: (IncidentRecord.aware_at,),
    IncidentSort.REFERENCE: (IncidentRecord.year, IncidentRecord.number),
    IncidentSort.SEVERITY: (IncidentRecord.score,),
    IncidentSort.DEADLINE: (IncidentRecord.notify_by,),
    IncidentSort.STATUS: (
        case({s.value: n for n, s in enumerate(IncidentStatus)}, value=IncidentRecord.status),
    ),
    IncidentSort.CAUSE: (
        case({c.value: n for n, c in enumerate(Cause)}, value=IncidentRecord.cause),
    ),
}


class SqlResponsePlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self) -> list[ResponsePlan]:
        records = self._session.scalars(select(ResponsePlanRecord)).all()
        order = list(Scenario)
        return sorted((_plan(r) for r in records), key=lambda p: order.index(p.scenario))

    def get(self, scenario: Scenario) -> ResponsePlan | None:
        record = self._session.scalars(
            select(ResponsePlanRecord).where(ResponsePlanRecord.scenario == scenario.value)
        ).one_or_none()
        return _plan(record) if record is not None else None

    def save(self, plan: ResponsePlan) -> ResponsePlan:
        if plan.id is None:
            record = ResponsePlanRecord(scenario=plan.scenario.value)
            self._session.add(record)
        else:
            found = self._session.get(ResponsePlanRecord, plan.id)
            if found is None or found.version != plan.version:
                raise ConcurrentEditError(_("The response plan"))
            record = found
            record.updated_at = utc_now()
        record.steps = [
            ResponsePlanStepRecord(
                position=n, title=step.title, role=step.role, due_hours=step.due_hours
            )
            for n, step in enumerate(plan.steps)
        ]
        self._session.flush()
        return _plan(record)


def _plan(record: ResponsePlanRecord) -> ResponsePlan:
    return ResponsePlan(
        scenario=Scenario(record.scenario),
        steps=tuple(PlanStep(s.title, s.role, s.due_hours) for s in record.steps),
        id=record.id,
        version=record.version,
    )
