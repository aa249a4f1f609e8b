"""Repositories of the Art. 30 register: activities with their links, and the shared catalogues."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Exists, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from dpo_desk.domain.activity import (
    Activity,
    ActivityFilter,
    ActivityStatus,
    ActivitySummary,
    CatalogueEntry,
    CatalogueKind,
    DpiaStatus,
    EnisaDataType,
    MeasureKind,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    Role,
    SortKey,
    SpecialCondition,
    lawful_bases_from_text,
    lawful_bases_text,
)
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import _
from dpo_desk.store.base import relinked
from dpo_desk.store.records import (
    ActivityLinkRecord,
    ActivityRecord,
    CatalogueEntryRecord,
    IncidentCategoryRecord,
    IncidentRecord,
    RecipientRecord,
    RetentionRuleRecord,
    TransferDataCategoryRecord,
    TransferRecord,
)


def _entry(record: CatalogueEntryRecord) -> CatalogueEntry:
    return CatalogueEntry(
        kind=CatalogueKind(record.kind),
        name=record.name,
        description=record.description,
        special=record.special,
        enisa_type=EnisaDataType(record.enisa_type) if record.enisa_type else None,
        measure_kind=MeasureKind(record.measure_kind) if record.measure_kind else None,
        id=record.id,
        version=record.version,
    )


class SqlCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def entries(self, kind: CatalogueKind | None = None) -> list[CatalogueEntry]:
        query = select(CatalogueEntryRecord).order_by(
            CatalogueEntryRecord.kind, func.lower(CatalogueEntryRecord.name)
        )
        if kind is not None:
            query = query.where(CatalogueEntryRecord.kind == kind.value)
        return [_entry(record) for record in self._session.scalars(query)]

    def get(self, entry_id: int) -> CatalogueEntry:
        return _entry(self._record(entry_id))

    def find(self, kind: CatalogueKind, name: str) -> CatalogueEntry | None:
        # Compared in Python: SQLite's lower() (and PostgreSQL's under the C locale) folds ASCII
        # only, so "Članovi" and "članovi" would both be accepted. A catalogue is small.
        wanted = name.strip().casefold()
        records = self._session.scalars(
            select(CatalogueEntryRecord).where(CatalogueEntryRecord.kind == kind.value)
        )
        for record in records:
            if record.name.casefold() == wanted:
                return _entry(record)
        return None

    def _record(self, entry_id: int) -> CatalogueEntryRecord:
        record = self._session.get(CatalogueEntryRecord, entry_id)
        if record is None:
            raise RecordNotFoundError(
                _("Catalogue entry {id} no longer exists.").format(id=entry_id)
            )
        return record

    def save(self, entry: CatalogueEntry) -> CatalogueEntry:
        if entry.id is None:
            record = CatalogueEntryRecord(kind=entry.kind.value)
            self._session.add(record)
        else:
            record = self._record(entry.id)
            if entry.version != record.version:
                raise ConcurrentEditError(entry.name)
            record.updated_at = utc_now()
        record.name = entry.name
        record.description = entry.description
        record.special = entry.special
        record.enisa_type = entry.enisa_type.value if entry.enisa_type else None
        record.measure_kind = entry.measure_kind.value if entry.measure_kind else None
        self._session.flush()
        return _entry(record)

    def users(self, entry_id: int) -> list[str]:
        """What uses the entry: the activities (a link or a retention rule) by name, then the
        transfers that carry the data category."""
        linked = select(ActivityLinkRecord.activity_id).where(
            ActivityLinkRecord.entry_id == entry_id
        )
        retained = select(RetentionRuleRecord.activity_id).where(
            RetentionRuleRecord.data_category_id == entry_id
        )
        query = (
            select(ActivityRecord.name)
            .where(or_(ActivityRecord.id.in_(linked), ActivityRecord.id.in_(retained)))
            .order_by(func.lower(ActivityRecord.name))
        )
        transfers = (
            select(RecipientRecord.name, TransferRecord.country_code)
            .join(TransferRecord, TransferRecord.recipient_id == RecipientRecord.id)
            .join(
                TransferDataCategoryRecord,
                TransferDataCategoryRecord.transfer_id == TransferRecord.id,
            )
            .where(TransferDataCategoryRecord.entry_id == entry_id)
            .order_by(func.lower(RecipientRecord.name), TransferRecord.country_code)
        )
        incidents = (
            select(IncidentRecord.reference)
            .join(IncidentCategoryRecord, IncidentCategoryRecord.incident_id == IncidentRecord.id)
            .where(IncidentCategoryRecord.entry_id == entry_id)
            .order_by(IncidentRecord.year, IncidentRecord.number)
        )
        return (
            list(self._session.scalars(query))
            + [
                _("transfer to {destination} ({recipient})").format(
                    destination=code, recipient=name
                )
                for name, code in self._session.execute(transfers)
            ]
            + [
                _("incident {reference}").format(reference=reference)
                for reference in self._session.scalars(incidents)
            ]
        )

    def delete(self, entry: CatalogueEntry) -> None:
        assert entry.id is not None
        record = self._record(entry.id)
        if entry.version != record.version:
            raise ConcurrentEditError(entry.name)
        self._session.delete(record)
        self._session.flush()


def _activity(record: ActivityRecord, kinds: dict[int, CatalogueKind]) -> Activity:
    return _activity_of(
        record,
        [link.entry_id for link in record.links],
        record.retention,
        kinds,
    )


_E = TypeVar("_E", bound=Enum)


def _members(enum: type[_E]) -> dict[str, _E]:
    return {member.value: member for member in enum}


# Value -> member by dictionary: calling the Enum class costs a lookup chain per value, and the
# bulk read (all()) converts some 45,000 values for 5,000 activities.
_REGISTERS = _members(RegisterKind)
_ROLES = _members(Role)
_CONDITIONS = _members(SpecialCondition)
_UNITS = _members(RetentionUnit)
_FATES = _members(RetentionFate)
_DPIA = _members(DpiaStatus)
_STATUSES = _members(ActivityStatus)


def _activity_of(
    values: Any,
    entry_ids: Iterable[int],
    rules: Iterable[Any],
    kinds: dict[int, CatalogueKind],
) -> Activity:
    """An Activity from its row and its linked rows: ORM records or plain result rows, which
    carry the same attribute names."""
    by_kind: dict[CatalogueKind, list[int]] = {kind: [] for kind in CatalogueKind}
    for entry_id in entry_ids:
        kind = kinds.get(entry_id)
        if kind is not None:
            by_kind[kind].append(entry_id)

    def linked(kind: CatalogueKind) -> tuple[int, ...]:
        # Sorted: links added by save() follow the kept ones in the loaded collection, and what
        # save() returns must equal what a fresh read (ordered by entry_id) gives.
        return tuple(sorted(by_kind[kind]))

    return Activity(
        register=_REGISTERS[values.register],
        name=values.name,
        purposes=values.purposes,
        role=_ROLES[values.role],
        lawful_bases=lawful_bases_from_text(values.lawful_bases),
        special_condition=_CONDITIONS[values.special_condition]
        if values.special_condition
        else None,
        legitimate_interest=values.legitimate_interest,
        balancing_test=values.balancing_test,
        subject_category_ids=linked(CatalogueKind.SUBJECT_CATEGORIES),
        data_category_ids=linked(CatalogueKind.DATA_CATEGORIES),
        recipient_category_ids=linked(CatalogueKind.RECIPIENT_CATEGORIES),
        measure_ids=linked(CatalogueKind.SECURITY_MEASURES),
        measures_description=values.measures_description,
        retention=tuple(
            RetentionRule(
                data_category_id=r.data_category_id,
                period=r.period,
                unit=_UNITS[r.unit] if r.unit else None,
                trigger=r.trigger,
                criterion=r.criterion,
                fate=_FATES[r.fate],
                citation=r.citation,
            )
            for r in rules
        ),
        source=values.source,
        automated_decisions=values.automated_decisions,
        automated_logic=values.automated_logic,
        systems=values.systems,
        location=values.location,
        dpia_status=_DPIA[values.dpia_status],
        dpia_reference=values.dpia_reference,
        owner=values.owner,
        status=_STATUSES[values.status],
        joint_controllers=values.joint_controllers,
        controller_name=values.controller_name,
        controller_contact=values.controller_contact,
        processing_categories=values.processing_categories,
        last_reviewed_on=values.last_reviewed_on,
        next_review_on=values.next_review_on,
        created_at=values.created_at,
        updated_at=values.updated_at,
        id=values.id,
        version=values.version,
    )


#: Any SELECT the filters can be applied to (rows of any shape).
_AnySelect = TypeVar("_AnySelect", bound=Select[*tuple[Any, ...]])

_SORT_COLUMNS = {
    SortKey.NAME: func.lower(ActivityRecord.name),
    SortKey.REGISTER: ActivityRecord.register,
    SortKey.STATUS: ActivityRecord.status,
    SortKey.OWNER: func.lower(ActivityRecord.owner),
    SortKey.NEXT_REVIEW: ActivityRecord.next_review_on,
    SortKey.UPDATED: ActivityRecord.updated_at,
}


class SqlActivityRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _kinds(self) -> dict[int, CatalogueKind]:
        rows = self._session.execute(select(CatalogueEntryRecord.id, CatalogueEntryRecord.kind))
        return {entry_id: CatalogueKind(kind) for entry_id, kind in rows}

    def _record(self, activity_id: int) -> ActivityRecord:
        record = self._session.get(ActivityRecord, activity_id)
        if record is None:
            raise RecordNotFoundError(
                _("Processing activity {id} no longer exists.").format(id=activity_id)
            )
        return record

    def get(self, activity_id: int) -> Activity:
        return _activity(self._record(activity_id), self._kinds())

    def all(self, register: RegisterKind | None = None) -> list[Activity]:
        """Every activity with its links, in name order (for exports of thousands): a query
        per table, of plain columns rather than ORM objects (PLATFORM.md: several times
        faster; 5,000 activities with 80,000 links read in about 0.37 s instead of 1.8 s)."""

        # Through the connection: these selects name no ORM entity, and the session's ORM
        # result layer would only wrap every one of the 80,000 rows once more.
        connection = self._session.connection()

        def grouped(*columns: Any, order: Any) -> dict[int, list[Any]]:
            owner = columns[0]
            query = select(*columns).order_by(owner, order)
            if register is not None:
                wanted = select(ActivityRecord.id).where(ActivityRecord.register == register.value)
                query = query.where(owner.in_(wanted))
            rows = connection.execute(query).all()
            return {key: list(group) for key, group in groupby(rows, key=itemgetter(0))}

        links = grouped(
            ActivityLinkRecord.activity_id,
            ActivityLinkRecord.entry_id,
            order=ActivityLinkRecord.entry_id,
        )
        rules = grouped(
            RetentionRuleRecord.activity_id,
            RetentionRuleRecord.data_category_id,
            RetentionRuleRecord.period,
            RetentionRuleRecord.unit,
            RetentionRuleRecord.trigger,
            RetentionRuleRecord.criterion,
            RetentionRuleRecord.fate,
            RetentionRuleRecord.citation,
            order=RetentionRuleRecord.position,
        )
        query = select(*ActivityRecord.__table__.c).order_by(
            func.lower(ActivityRecord.name), ActivityRecord.id
        )
        if register is not None:
            query = query.where(ActivityRecord.register == register.value)
        kinds = self._kinds()
        return [
            _activity_of(
                row,
                [link[1] for link in links.get(row.id, ())],
                rules.get(row.id, ()),
                kinds,
            )
            for row in connection.execute(query).all()
        ]

    def save(self, activity: Activity) -> Activity:
        """Creates or updates; refuses (ConcurrentEditError) a stale version. Links, retention
        and retention rules are replaced as a whole, and the activity's row is always touched so
        that a change to its links alone still bumps (and checks) its version."""
        if activity.id is None:
            record = ActivityRecord()
            self._session.add(record)
        else:
            record = self._record(activity.id)
            if activity.version != record.version:
                raise ConcurrentEditError(activity.name or _("The processing activity"))
            record.updated_at = utc_now()
        record.register = activity.register.value
        record.name = activity.name
        record.purposes = activity.purposes
        record.role = activity.role.value
        record.lawful_bases = lawful_bases_text(activity.lawful_bases)
        record.special_condition = (
            activity.special_condition.value if activity.special_condition else None
        )
        record.legitimate_interest = activity.legitimate_interest
        record.balancing_test = activity.balancing_test
        record.measures_description = activity.measures_description
        record.source = activity.source
        record.automated_decisions = activity.automated_decisions
        record.automated_logic = activity.automated_logic
        record.systems = activity.systems
        record.location = activity.location
        record.dpia_status = activity.dpia_status.value
        record.dpia_reference = activity.dpia_reference
        record.owner = activity.owner
        record.status = activity.status.value
        record.joint_controllers = activity.joint_controllers
        record.controller_name = activity.controller_name
        record.controller_contact = activity.controller_contact
        record.processing_categories = activity.processing_categories
        record.last_reviewed_on = activity.last_reviewed_on
        record.next_review_on = activity.next_review_on
        wanted = set(
            activity.subject_category_ids
            + activity.data_category_ids
            + activity.recipient_category_ids
            + activity.measure_ids
        )
        record.links = relinked(
            record.links, "entry_id", wanted, lambda entry_id: ActivityLinkRecord(entry_id=entry_id)
        )
        record.retention = [
            RetentionRuleRecord(
                position=position,
                data_category_id=rule.data_category_id,
                period=rule.period,
                unit=rule.unit.value if rule.unit else None,
                trigger=rule.trigger,
                criterion=rule.criterion,
                fate=rule.fate.value,
                citation=rule.citation,
            )
            for position, rule in enumerate(activity.retention)
        ]
        self._session.flush()
        return _activity(record, self._kinds())

    def _filtered(self, query: _AnySelect, flt: ActivityFilter) -> _AnySelect:
        conditions: list[ColumnElement[bool]] = []
        if flt.register is not None:
            conditions.append(ActivityRecord.register == flt.register.value)
        if flt.status is not None:
            conditions.append(ActivityRecord.status == flt.status.value)
        elif not flt.include_retired:
            conditions.append(ActivityRecord.status != ActivityStatus.RETIRED.value)
        if flt.lawful_basis is not None:
            conditions.append(ActivityRecord.lawful_bases.contains(flt.lawful_basis.value))
        if flt.review_due_by is not None:
            conditions.append(ActivityRecord.next_review_on <= flt.review_due_by)
            conditions.append(ActivityRecord.status != ActivityStatus.RETIRED.value)
        if flt.special_only:
            conditions.append(self._special_clause())
        words = flt.search.strip().lower().split()
        for word in words:
            # % and _ the user types are characters to find, not LIKE wildcards.
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            conditions.append(
                or_(
                    *(
                        func.lower(column).like(pattern, escape="\\")
                        for column in (
                            ActivityRecord.name,
                            ActivityRecord.purposes,
                            ActivityRecord.owner,
                            ActivityRecord.systems,
                        )
                    )
                )
            )
        return query.where(and_(*conditions)) if conditions else query

    @staticmethod
    def _special_clause() -> Exists:
        return exists().where(
            ActivityLinkRecord.activity_id == ActivityRecord.id,
            ActivityLinkRecord.entry_id == CatalogueEntryRecord.id,
            CatalogueEntryRecord.special.is_(True),
        )

    def summaries(self, flt: ActivityFilter) -> list[ActivitySummary]:
        """The table's rows, filtered and sorted by the database; columns, not ORM objects."""
        special = self._special_clause().correlate(ActivityRecord).label("special")
        columns = select(
            ActivityRecord.id,
            ActivityRecord.register,
            ActivityRecord.name,
            ActivityRecord.status,
            ActivityRecord.role,
            ActivityRecord.owner,
            ActivityRecord.lawful_bases,
            special,
            ActivityRecord.next_review_on,
            ActivityRecord.updated_at,
        )
        query = self._filtered(columns, flt)
        order = _SORT_COLUMNS[flt.sort]
        # NULLS LAST both ways, on both engines (SQLite puts NULL first ascending, PostgreSQL
        # first descending): activities without a review date stay at the end.
        direction = order.desc() if flt.descending else order.asc()
        query = query.order_by(
            direction.nulls_last(),
            func.lower(ActivityRecord.name),
            ActivityRecord.id,
        )
        return [
            ActivitySummary(
                id=row[0],
                register=_REGISTERS[row[1]],
                name=row[2],
                status=_STATUSES[row[3]],
                role=_ROLES[row[4]],
                owner=row[5],
                lawful_bases=lawful_bases_from_text(row[6]),
                special=bool(row[7]),
                next_review_on=row[8],
                updated_at=row[9],
            )
            for row in self._session.connection().execute(query).all()
        ]

    def count(self, flt: ActivityFilter | None = None) -> int:
        query: Select[int] = select(func.count()).select_from(ActivityRecord)
        if flt is not None:
            query = self._filtered(query, flt)
        return self._session.scalar(query) or 0
