"""Repositories of the Art. 30 register: activities with their links, and the shared catalogues."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    String,
    and_,
    cast,
    exists,
    func,
    or_,
    select,
)
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
    LawfulBasis,
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

#: The order of the four link tuples _linked_by_kind returns.
_LINK_KINDS = (
    CatalogueKind.SUBJECT_CATEGORIES,
    CatalogueKind.DATA_CATEGORIES,
    CatalogueKind.RECIPIENT_CATEGORIES,
    CatalogueKind.SECURITY_MEASURES,
)
_LINK_POSITIONS = {kind: index for index, kind in enumerate(_LINK_KINDS)}

#: An activity's linked entry ids, one tuple per kind in _LINK_KINDS' order.
_Linked = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]

#: The columns of an activity in the order _activity_of unpacks them: the bulk read selects
#: them and unpacks each row by position (several times cheaper than a Row's attributes).
_ACTIVITY_COLUMNS = (
    ActivityRecord.id,
    ActivityRecord.version,
    ActivityRecord.register,
    ActivityRecord.name,
    ActivityRecord.purposes,
    ActivityRecord.role,
    ActivityRecord.lawful_bases,
    ActivityRecord.special_condition,
    ActivityRecord.legitimate_interest,
    ActivityRecord.balancing_test,
    ActivityRecord.measures_description,
    ActivityRecord.source,
    ActivityRecord.automated_decisions,
    ActivityRecord.automated_logic,
    ActivityRecord.systems,
    ActivityRecord.location,
    ActivityRecord.dpia_status,
    ActivityRecord.dpia_reference,
    ActivityRecord.owner,
    ActivityRecord.status,
    ActivityRecord.joint_controllers,
    ActivityRecord.controller_name,
    ActivityRecord.controller_contact,
    ActivityRecord.processing_categories,
    ActivityRecord.last_reviewed_on,
    ActivityRecord.next_review_on,
    ActivityRecord.created_at,
    ActivityRecord.updated_at,
)
#: The columns of a retention rule in the order _rule unpacks them.
_RULE_COLUMNS = (
    RetentionRuleRecord.activity_id,
    RetentionRuleRecord.data_category_id,
    RetentionRuleRecord.period,
    RetentionRuleRecord.unit,
    RetentionRuleRecord.trigger,
    RetentionRuleRecord.criterion,
    RetentionRuleRecord.fate,
    RetentionRuleRecord.citation,
)


def _values(record: Any, columns: tuple[Any, ...]) -> tuple[Any, ...]:
    """A loaded record's values in the order of ``columns``, as the bulk read's rows hold them."""
    return tuple(getattr(record, column.key) for column in columns)


def _activity(record: ActivityRecord, positions: dict[int, int]) -> Activity:
    return _activity_of(
        _values(record, _ACTIVITY_COLUMNS),
        _linked_by_kind((link.entry_id for link in record.links), positions),
        tuple(_rule(_values(rule, _RULE_COLUMNS)) for rule in record.retention),
        lawful_bases_from_text,
    )


def _name_order(activity: Activity) -> tuple[str, int]:
    """The order of ``ORDER BY lower(name), id`` on SQLite (see SqlActivityRepository.all)."""
    return activity.name.lower(), activity.id or 0


def _linked_by_kind(entry_ids: Iterable[int], positions: dict[int, int]) -> _Linked:
    """The entry ids split by the kind of entry, each kind in id order: links added by save()
    follow the kept ones in the loaded collection, and what save() returns must equal what a
    fresh read gives. ``positions``: each entry's kind as its place in _LINK_KINDS
    (SqlActivityRepository._link_positions); an id not in it is left out."""
    lists: tuple[list[int], ...] = ([], [], [], [])
    for entry_id in sorted(entry_ids):
        position = positions.get(entry_id)
        if position is not None:
            lists[position].append(entry_id)
    return tuple(lists[0]), tuple(lists[1]), tuple(lists[2]), tuple(lists[3])


def _rule(values: Sequence[Any]) -> RetentionRule:
    """A retention rule from its values in _RULE_COLUMNS' order."""
    _activity_id, data_category_id, period, unit, trigger, criterion, fate, citation = values
    return RetentionRule(
        data_category_id=data_category_id,
        period=period,
        unit=_UNITS[unit] if unit else None,
        trigger=trigger,
        criterion=criterion,
        fate=_FATES[fate],
        citation=citation,
    )


def _activity_of(
    values: Sequence[Any],
    linked: _Linked,
    retention: tuple[RetentionRule, ...],
    lawful_bases: Callable[[str], tuple[LawfulBasis, ...]],
) -> Activity:
    """An Activity from its values in _ACTIVITY_COLUMNS' order, its links split by kind
    (_linked_by_kind), its retention rules, and how to read its lawful bases (the bulk read
    parses each combination once)."""
    (
        activity_id,
        version,
        register,
        name,
        purposes,
        role,
        bases,
        special_condition,
        legitimate_interest,
        balancing_test,
        measures_description,
        source,
        automated_decisions,
        automated_logic,
        systems,
        location,
        dpia_status,
        dpia_reference,
        owner,
        status,
        joint_controllers,
        controller_name,
        controller_contact,
        processing_categories,
        last_reviewed_on,
        next_review_on,
        created_at,
        updated_at,
    ) = values
    subjects, data, recipients, measures = linked
    return Activity(
        register=_REGISTERS[register],
        name=name,
        purposes=purposes,
        role=_ROLES[role],
        lawful_bases=lawful_bases(bases),
        special_condition=_CONDITIONS[special_condition] if special_condition else None,
        legitimate_interest=legitimate_interest,
        balancing_test=balancing_test,
        subject_category_ids=subjects,
        data_category_ids=data,
        recipient_category_ids=recipients,
        measure_ids=measures,
        measures_description=measures_description,
        retention=retention,
        source=source,
        automated_decisions=automated_decisions,
        automated_logic=automated_logic,
        systems=systems,
        location=location,
        dpia_status=_DPIA[dpia_status],
        dpia_reference=dpia_reference,
        owner=owner,
        status=_STATUSES[status],
        joint_controllers=joint_controllers,
        controller_name=controller_name,
        controller_contact=controller_contact,
        processing_categories=processing_categories,
        last_reviewed_on=last_reviewed_on,
        next_review_on=next_review_on,
        created_at=created_at,
        updated_at=updated_at,
        id=activity_id,
        version=version,
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

    def _link_positions(self) -> dict[int, int]:
        """Each catalogue entry's position among an activity's link tuples (_LINK_KINDS)."""
        rows = self._session.execute(select(CatalogueEntryRecord.id, CatalogueEntryRecord.kind))
        return {entry_id: _LINK_POSITIONS[CatalogueKind(kind)] for entry_id, kind in rows}

    def _record(self, activity_id: int) -> ActivityRecord:
        record = self._session.get(ActivityRecord, activity_id)
        if record is None:
            raise RecordNotFoundError(
                _("Processing activity {id} no longer exists.").format(id=activity_id)
            )
        return record

    def get(self, activity_id: int) -> Activity:
        return _activity(self._record(activity_id), self._link_positions())

    def all(self, register: RegisterKind | None = None) -> list[Activity]:
        """Every activity with its links, in name order (for exports of thousands).

        Three queries of plain columns, not ORM objects, each consumed as it is fetched: no
        result rows are kept, only what the activities hold. The database joins each
        activity's links into one text ("12,40,7"), so 5,000 activities with 67,000 links are
        5,000 short texts to split, not 67,000 rows. Fewer objects kept alive at once also
        means fewer of Python's full garbage collections, each a walk over the whole heap."""

        # Through the connection (after the flush the session would do): these selects name no
        # ORM entity, and the session's ORM result layer would only wrap every row once more.
        self._session.flush()
        connection = self._session.connection()

        def of_register(query: _AnySelect, owner: Any) -> _AnySelect:
            if register is None:
                return query
            wanted = select(ActivityRecord.id).where(ActivityRecord.register == register.value)
            return query.where(owner.in_(wanted))

        link = ActivityLinkRecord
        # string_agg on PostgreSQL (which wants text), group_concat on SQLite; the order
        # within is the database's, _linked_by_kind sorts.
        links: dict[int, str] = {
            activity_id: text
            for activity_id, text in connection.execute(
                of_register(
                    select(
                        link.activity_id, func.aggregate_strings(cast(link.entry_id, String), ",")
                    ).group_by(link.activity_id),
                    link.activity_id,
                )
            )
        }
        rule = RetentionRuleRecord
        rule_rows = connection.execute(
            of_register(
                select(*_RULE_COLUMNS).order_by(rule.activity_id, rule.position), rule.activity_id
            )
        )
        # The same rule (category, period, trigger, fate) recurs across activities: each is
        # made once and shared (RetentionRule is frozen), and the exports' text memo then
        # matches it by identity before comparing fields.
        made: dict[tuple[Any, ...], RetentionRule] = {}

        def shared_rule(values: Sequence[Any]) -> RetentionRule:
            key = tuple(values[1:])
            found = made.get(key)
            if found is None:
                found = made[key] = _rule(values)
            return found

        rules = {
            activity_id: tuple(map(shared_rule, group))
            for activity_id, group in groupby(rule_rows, key=itemgetter(0))
        }
        # In name order, then id. SQLite's lower() is a Python function called per row
        # (engine.py), and sorting by its results was a fifth of the activities' query: there
        # the same keys are sorted in Python, in the same order (SQLite compares text by code
        # point, as Python does). PostgreSQL sorts by its collation, which only it knows.
        sort_here = connection.dialect.name == "sqlite"
        query = select(*_ACTIVITY_COLUMNS)
        if not sort_here:
            query = query.order_by(func.lower(ActivityRecord.name), ActivityRecord.id)
        if register is not None:
            query = query.where(ActivityRecord.register == register.value)
        positions = self._link_positions()
        # A handful of combinations of lawful bases recur across thousands of activities.
        bases: dict[str, tuple[LawfulBasis, ...]] = {}

        def lawful_bases(text: str) -> tuple[LawfulBasis, ...]:
            found = bases.get(text)
            if found is None:
                found = bases[text] = lawful_bases_from_text(text)
            return found

        activities: list[Activity] = []
        for row in connection.execute(query):
            activity_id = row[0]
            text = links.get(activity_id)
            activities.append(
                _activity_of(
                    row,
                    _linked_by_kind(map(int, text.split(",")) if text else (), positions),
                    rules.get(activity_id, ()),
                    lawful_bases,
                )
            )
        if sort_here:
            activities.sort(key=_name_order)
        return activities

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
        return _activity(record, self._link_positions())

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
