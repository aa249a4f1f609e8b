"""The register's repositories on both backends: every field saved and read back, optimistic
locking, the table's filters and sorts done by the database, and the shared catalogues."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

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
    normalise_activity,
)
from dpo_desk.domain.errors import (
    ConcurrentEditError,
    DatabaseError,
    RecordNotFoundError,
    ValidationError,
)
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase
from tests.store.support import meanwhile, rows, scalar

D = CatalogueKind.DATA_CATEGORIES
S = CatalogueKind.SUBJECT_CATEGORIES
R = CatalogueKind.RECIPIENT_CATEGORIES
M = CatalogueKind.SECURITY_MEASURES


@dataclass(frozen=True)
class Catalogue:
    """The ids of a small catalogue, one name per role in the tests."""

    identity: int
    health: int
    bank: int
    employees: int
    customers: int
    tax: int
    bank_recipient: int
    encryption: int
    training: int


def make_catalogue(services: Services) -> Catalogue:
    def add(entry: CatalogueEntry) -> int:
        saved, _changes = services.catalogue.save(entry)
        assert saved.id is not None
        return saved.id

    return Catalogue(
        identity=add(CatalogueEntry(D, "Identity data", enisa_type=EnisaDataType.SIMPLE)),
        health=add(
            CatalogueEntry(
                D,
                "Zdravstveni podaci",
                "Bolovanja",
                special=True,
                enisa_type=EnisaDataType.SENSITIVE,
            )
        ),
        bank=add(CatalogueEntry(D, "Bank account", enisa_type=EnisaDataType.FINANCIAL)),
        employees=add(CatalogueEntry(S, "Employees")),
        customers=add(CatalogueEntry(S, "Customers")),
        tax=add(CatalogueEntry(R, "Porezna uprava", "Tax administration")),
        bank_recipient=add(CatalogueEntry(R, "Banks")),
        encryption=add(CatalogueEntry(M, "Encryption at rest", measure_kind=MeasureKind.TECHNICAL)),
        training=add(CatalogueEntry(M, "Staff training", measure_kind=MeasureKind.ORGANISATIONAL)),
    )


def full_activity(c: Catalogue) -> Activity:
    """An activity with every field set to something other than its default."""
    return Activity(
        register=RegisterKind.CONTROLLER,
        name="Obračun plaća — čćđšž ČĆĐŠŽ",
        purposes="Paying salaries; sick-leave records",
        role=Role.JOINT_CONTROLLER,
        lawful_bases=(
            LawfulBasis.CONTRACT,
            LawfulBasis.LEGAL_OBLIGATION,
            LawfulBasis.LEGITIMATE_INTERESTS,
        ),
        special_condition=SpecialCondition.EMPLOYMENT,
        legitimate_interest="Keeping payroll auditable",
        balancing_test="LIA-2026-07",
        subject_category_ids=(c.employees,),
        data_category_ids=(c.identity, c.health, c.bank),
        recipient_category_ids=(c.tax, c.bank_recipient),
        measure_ids=(c.encryption, c.training),
        measures_description="Payroll system reachable from the office network only",
        retention=(
            RetentionRule(
                data_category_id=c.bank,
                period=11,
                unit=RetentionUnit.YEARS,
                trigger="after the end of the business year",
                fate=RetentionFate.DELETE,
                citation="Zakon o računovodstvu, čl. 10",
            ),
            RetentionRule(
                data_category_id=None,
                criterion="Until the employment ends, then 6 years",
                fate=RetentionFate.ANONYMISE,
            ),
            RetentionRule(data_category_id=c.health, period=5, unit=RetentionUnit.DAYS),
        ),
        source="The employee; the health insurer (HZZO)",
        automated_decisions=True,
        automated_logic="Overtime is computed from the time clock",
        systems="SAP HR; Time clock",
        location="Zagreb office servers",
        dpia_status=DpiaStatus.IN_PROGRESS,
        dpia_reference="DPIA-2026-04",
        owner="Ljudski potencijali",
        status=ActivityStatus.ACTIVE,
        joint_controllers="Grupa d.d.",
        controller_name="Not used by a controller activity",
        controller_contact="Not used either",
        processing_categories="Neither",
        last_reviewed_on=date(2026, 9, 15),
        next_review_on=date(2027, 9, 15),
    )


def stripped(activity: Activity) -> Activity:
    """What the database adds removed: id, version and timestamps."""
    return replace(activity, id=None, version=None, created_at=None, updated_at=None)


@pytest.fixture
def catalogue(services: Services) -> Catalogue:
    return make_catalogue(services)


# --- saving and reading ---------------------------------------------------------------------


def test_every_field_survives_a_round_trip(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    activity = full_activity(catalogue)
    saved, _changes = services.activities.save(activity)

    assert saved.id is not None
    assert saved.version == 1
    assert saved.created_at is not None and saved.updated_at is not None
    assert saved.created_at.utcoffset() is not None  # aware, in UTC
    assert stripped(saved) == activity
    with database.unit_of_work() as uow:
        assert uow.activities.get(saved.id) == saved
        (listed,) = uow.activities.all()
        assert listed == saved
    assert services.activities.get(saved.id) == saved


def test_the_processor_register_fields_round_trip(services: Services, catalogue: Catalogue) -> None:
    processor = Activity(
        register=RegisterKind.PROCESSOR,
        role=Role.SUB_PROCESSOR,
        name="Hosting for Klijent",
        controller_name="Klijent d.o.o.",
        controller_contact="dpo@klijent.example, Ilica 1, Zagreb",
        processing_categories="Storage, back-up, monitoring",
        data_category_ids=(catalogue.identity,),
        status=ActivityStatus.DRAFT,
    )
    saved, _ = services.activities.save(processor)
    assert stripped(services.activities.get(saved.id or 0)) == processor
    assert services.activities.all(RegisterKind.PROCESSOR) == [saved]
    assert services.activities.all(RegisterKind.CONTROLLER) == []


def test_links_and_retention_are_replaced_as_a_whole(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    saved, _ = services.activities.save(full_activity(catalogue))
    assert saved.id is not None
    changed = replace(
        saved,
        data_category_ids=(catalogue.identity,),
        subject_category_ids=(catalogue.customers, catalogue.employees),
        recipient_category_ids=(),
        measure_ids=(catalogue.training,),
        special_condition=None,
        retention=(RetentionRule(data_category_id=catalogue.identity, criterion="For ever"),),
    )
    again, _ = services.activities.save(changed)
    assert stripped(again) == stripped(normalise_activity(changed))
    assert again.subject_category_ids == tuple(sorted(again.subject_category_ids))
    assert services.activities.get(saved.id) == again
    links = rows(
        database.engine,
        "SELECT entry_id FROM activity_link WHERE activity_id = :id ORDER BY entry_id",
        id=saved.id,
    )
    assert [entry for (entry,) in links] == sorted(
        [catalogue.identity, catalogue.customers, catalogue.employees, catalogue.training]
    )
    assert scalar(database.engine, "SELECT count(*) FROM retention_rule") == 1


def test_what_save_returns_is_what_get_reads(services: Services, catalogue: Catalogue) -> None:
    """Links added to kept ones come back in the same order as a fresh read gives them."""
    saved, _ = services.activities.save(
        replace(
            full_activity(catalogue), data_category_ids=(catalogue.bank,), special_condition=None
        )
    )
    more, _ = services.activities.save(
        replace(saved, data_category_ids=(catalogue.identity, catalogue.bank))
    )
    assert more.data_category_ids == (catalogue.identity, catalogue.bank)
    assert services.activities.get(saved.id or 0) == more


def test_a_missing_activity_is_reported(services: Services) -> None:
    with pytest.raises(RecordNotFoundError, match="Processing activity 404 no longer exists"):
        services.activities.get(404)


# --- optimistic locking -----------------------------------------------------------------------


def test_a_stale_version_is_refused(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    saved, _ = services.activities.save(full_activity(catalogue))
    alice, bob = saved, services.activities.get(saved.id or 0)

    renamed, _ = services.activities.save(replace(alice, name="Plaće (Alice)"))
    assert renamed.version == 2
    with pytest.raises(ConcurrentEditError, match="Plaće \\(Bob\\)"):
        services.activities.save(replace(bob, name="Plaće (Bob)"))
    with pytest.raises(ConcurrentEditError):
        services.activities.save(replace(bob, version=None))
    assert rows(database.engine, "SELECT name, version FROM activity") == [("Plaće (Alice)", 2)]


def test_a_change_to_links_alone_bumps_the_version(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    saved, _ = services.activities.save(full_activity(catalogue))
    for number, change in enumerate(
        [
            {"measure_ids": (catalogue.encryption,)},
            {"recipient_category_ids": (catalogue.tax,)},
            {"retention": ()},
        ],
        start=2,
    ):
        stale = saved
        saved, _ = services.activities.save(replace(saved, **change))  # type: ignore[arg-type]
        assert saved.version == number, change
        assert scalar(database.engine, "SELECT version FROM activity") == number
        # Whoever still holds the previous version cannot overwrite the link change.
        with pytest.raises(ConcurrentEditError):
            services.activities.save(replace(stale, name="Overwrite"))
    assert services.activities.get(saved.id or 0).retention == ()


def test_a_link_change_racing_ours_at_flush_time_is_a_concurrent_edit(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    if database.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE); the race cannot happen there")
    saved, _ = services.activities.save(full_activity(catalogue))

    def someone_else_relinks() -> None:
        with database.unit_of_work() as other:
            current = other.activities.get(saved.id or 0)
            other.activities.save(replace(current, measure_ids=(catalogue.training,)))
            other.commit()

    with meanwhile(someone_else_relinks), pytest.raises(ConcurrentEditError) as refusal:
        services.activities.save(replace(saved, name="Late"))
    assert isinstance(refusal.value.__cause__, StaleDataError)
    current = services.activities.get(saved.id or 0)
    assert (current.name, current.measure_ids, current.version) == (
        saved.name,
        (catalogue.training,),
        2,
    )


# --- the register table: filters and sorts in the database ----------------------------------


@pytest.fixture
def register(services: Services, catalogue: Catalogue) -> dict[str, Activity]:
    """Six activities with distinct names, owners, statuses, bases and review dates."""

    def save(**fields: object) -> Activity:
        base = Activity(
            purposes="General purposes",
            status=ActivityStatus.ACTIVE,
            lawful_bases=(LawfulBasis.CONTRACT,),
            data_category_ids=(catalogue.identity,),
        )
        saved, _ = services.activities.save(replace(base, **fields))  # type: ignore[arg-type]
        return saved

    made = [
        save(
            name="alpha payroll",
            owner="Finance",
            systems="SAP",
            next_review_on=date(2027, 1, 10),
            lawful_bases=(LawfulBasis.LEGAL_OBLIGATION,),
        ),
        save(
            name="Beta Health",
            owner="hr",
            purposes="Sick leave",
            data_category_ids=(catalogue.identity, catalogue.health),
            special_condition=SpecialCondition.EMPLOYMENT,
            lawful_bases=(LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.LEGITIMATE_INTERESTS),
            legitimate_interest="Keeping staff healthy",
            next_review_on=date(2026, 12, 1),
        ),
        save(
            name="Gamma newsletter",
            owner="Marketing",
            systems="Mailer 100% cloud",
            lawful_bases=(LawfulBasis.CONSENT,),
            status=ActivityStatus.DRAFT,
        ),
        save(
            name="delta archive",
            owner="Archive",
            status=ActivityStatus.RETIRED,
            next_review_on=date(2026, 1, 1),
        ),
        save(
            name="Epsilon hosting",
            register=RegisterKind.PROCESSOR,
            role=Role.PROCESSOR,
            owner="Operations",
            controller_name="Klijent d.o.o.",
            processing_categories="Hosting",
            lawful_bases=(),
            next_review_on=date(2027, 6, 30),
        ),
        save(
            name="Zeta clinic",
            owner="HR",
            purposes="Occupational health checks for payroll",
            data_category_ids=(catalogue.health,),
            special_condition=SpecialCondition.HEALTH_CARE,
            next_review_on=date(2026, 12, 1),
        ),
    ]
    # Touched again later, so that "updated" differs from the order of creation.
    made[0], _ = services.activities.save(replace(made[0], owner="Finance"))
    return {activity.name.split()[0].lower(): activity for activity in made}


def names(summaries: list[ActivitySummary]) -> list[str]:
    return [summary.name for summary in summaries]


def listed(services: Services, **fields: object) -> list[str]:
    found = services.activities.summaries(ActivityFilter(**fields))  # type: ignore[arg-type]
    assert services.activities.count(ActivityFilter(**fields)) == len(found)  # type: ignore[arg-type]
    return names(found)


def test_summaries_carry_what_the_table_shows(
    services: Services, register: dict[str, Activity]
) -> None:
    by_name = {row.name: row for row in services.activities.summaries(ActivityFilter())}
    beta = register["beta"]
    row = by_name["Beta Health"]
    assert row == ActivitySummary(
        id=beta.id or 0,
        register=RegisterKind.CONTROLLER,
        name="Beta Health",
        status=ActivityStatus.ACTIVE,
        role=Role.CONTROLLER,
        owner="hr",
        lawful_bases=(LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.LEGITIMATE_INTERESTS),
        special=True,
        next_review_on=date(2026, 12, 1),
        updated_at=beta.updated_at,  # type: ignore[arg-type]
    )
    assert by_name["Epsilon hosting"].register is RegisterKind.PROCESSOR
    assert by_name["Epsilon hosting"].role is Role.PROCESSOR
    assert not by_name["alpha payroll"].special
    assert services.activities.count() == 6


def test_no_filter_lists_everything_by_name_ignoring_case(
    services: Services, register: dict[str, Activity]
) -> None:
    assert listed(services) == [
        "alpha payroll",
        "Beta Health",
        "delta archive",
        "Epsilon hosting",
        "Gamma newsletter",
        "Zeta clinic",
    ]


def test_filter_by_register(services: Services, register: dict[str, Activity]) -> None:
    assert listed(services, register=RegisterKind.PROCESSOR) == ["Epsilon hosting"]
    assert "Epsilon hosting" not in listed(services, register=RegisterKind.CONTROLLER)
    assert len(listed(services, register=RegisterKind.CONTROLLER)) == 5


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("payroll", ["alpha payroll", "Zeta clinic"]),  # a name, and purposes
        ("PAYROLL", ["alpha payroll", "Zeta clinic"]),  # case does not matter
        ("sick", ["Beta Health"]),  # purposes
        ("marketing", ["Gamma newsletter"]),  # owner
        ("sap", ["alpha payroll"]),  # systems
        ("  health   beta ", ["Beta Health"]),  # every word must be found
        ("health zeta", ["Zeta clinic"]),  # "health" in its purposes, "zeta" in its name
        ("sick zeta", []),
        ("nowhere", []),
        ("100%", ["Gamma newsletter"]),
        ("%", ["Gamma newsletter"]),  # a percent sign is a character, not a wildcard
        ("_", []),  # and so is an underscore
        ("\\", []),  # and the escape character itself
    ],
)
def test_search_looks_in_name_purposes_owner_and_systems(
    services: Services, register: dict[str, Activity], search: str, expected: list[str]
) -> None:
    assert listed(services, search=search) == expected


def test_filter_by_status_and_retired(services: Services, register: dict[str, Activity]) -> None:
    assert listed(services, status=ActivityStatus.DRAFT) == ["Gamma newsletter"]
    assert listed(services, status=ActivityStatus.RETIRED) == ["delta archive"]
    assert "delta archive" in listed(services, include_retired=True)
    without = listed(services, include_retired=False)
    assert "delta archive" not in without and len(without) == 5
    # Asking for the retired status shows them even with include_retired off.
    assert listed(services, status=ActivityStatus.RETIRED, include_retired=False) == [
        "delta archive"
    ]


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        (LawfulBasis.CONSENT, ["Gamma newsletter"]),
        (LawfulBasis.CONTRACT, ["delta archive", "Zeta clinic"]),
        (LawfulBasis.LEGAL_OBLIGATION, ["alpha payroll", "Beta Health"]),
        (LawfulBasis.LEGITIMATE_INTERESTS, ["Beta Health"]),
        (LawfulBasis.PUBLIC_TASK, []),
    ],
)
def test_filter_by_lawful_basis(
    services: Services, register: dict[str, Activity], basis: LawfulBasis, expected: list[str]
) -> None:
    assert listed(services, lawful_basis=basis) == expected


def test_filter_by_review_due(services: Services, register: dict[str, Activity]) -> None:
    # delta is due since 2026 but retired: never due. Gamma has no review date.
    assert listed(services, review_due_by=date(2026, 11, 30)) == []
    assert listed(services, review_due_by=date(2026, 12, 1)) == ["Beta Health", "Zeta clinic"]
    assert listed(services, review_due_by=date(2027, 12, 31)) == [
        "alpha payroll",
        "Beta Health",
        "Epsilon hosting",
        "Zeta clinic",
    ]
    assert services.activities.review_due(date(2026, 12, 1)) == 2


def test_filter_special_data_only(services: Services, register: dict[str, Activity]) -> None:
    assert listed(services, special_only=True) == ["Beta Health", "Zeta clinic"]


def test_filters_combine(services: Services, register: dict[str, Activity]) -> None:
    assert listed(
        services,
        register=RegisterKind.CONTROLLER,
        special_only=True,
        lawful_basis=LawfulBasis.CONTRACT,
        search="clinic",
        include_retired=False,
        review_due_by=date(2027, 1, 1),
    ) == ["Zeta clinic"]
    assert listed(services, special_only=True, search="payroll") == ["Zeta clinic"]


def _expected_order(activities: list[Activity], key: SortKey, descending: bool) -> list[str]:
    """The order the database must give: by the key, ties by name (ascending), and activities
    without a review date last in either direction."""
    by_name = sorted(activities, key=lambda a: a.name.casefold())
    values = {
        SortKey.NAME: lambda a: a.name.casefold(),
        SortKey.REGISTER: lambda a: a.register.value,
        SortKey.STATUS: lambda a: a.status.value,
        SortKey.OWNER: lambda a: a.owner.casefold(),
        SortKey.NEXT_REVIEW: lambda a: a.next_review_on,
        SortKey.UPDATED: lambda a: a.updated_at,
    }
    value = values[key]
    dated = [a for a in by_name if value(a) is not None]
    undated = [a for a in by_name if value(a) is None]
    ordered = sorted(dated, key=value, reverse=descending) + undated
    return [a.name for a in ordered]


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_key_in_both_directions(
    services: Services, register: dict[str, Activity], key: SortKey, descending: bool
) -> None:
    expected = _expected_order(list(register.values()), key, descending)
    assert listed(services, sort=key, descending=descending) == expected


def test_sorting_is_not_just_insertion_order(
    services: Services, register: dict[str, Activity]
) -> None:
    """Guards the test above: the keys give different orders, so a wrong ORDER BY shows."""
    orders = {
        (key, descending): tuple(_expected_order(list(register.values()), key, descending))
        for key in SortKey
        for descending in (False, True)
    }
    assert len(set(orders.values())) == len(orders)
    assert listed(services, sort=SortKey.OWNER) == [
        "delta archive",
        "alpha payroll",
        "Beta Health",
        "Zeta clinic",
        "Gamma newsletter",
        "Epsilon hosting",
    ]
    assert listed(services, sort=SortKey.NEXT_REVIEW)[-1] == "Gamma newsletter"
    assert listed(services, sort=SortKey.NEXT_REVIEW, descending=True)[-1] == "Gamma newsletter"
    assert listed(services, sort=SortKey.UPDATED, descending=True)[0] == "alpha payroll"


def test_sort_and_filter_together(services: Services, register: dict[str, Activity]) -> None:
    assert listed(
        services,
        register=RegisterKind.CONTROLLER,
        sort=SortKey.NAME,
        descending=True,
        include_retired=False,
    ) == ["Zeta clinic", "Gamma newsletter", "Beta Health", "alpha payroll"]


# --- the catalogues -----------------------------------------------------------------------------


def test_catalogue_entries_round_trip_by_kind_and_name(
    services: Services, catalogue: Catalogue
) -> None:
    data = services.catalogue.entries(D)
    assert [entry.name for entry in data] == ["Bank account", "Identity data", "Zdravstveni podaci"]
    health = next(entry for entry in data if entry.id == catalogue.health)
    assert health == CatalogueEntry(
        D,
        "Zdravstveni podaci",
        "Bolovanja",
        special=True,
        enisa_type=EnisaDataType.SENSITIVE,
        id=catalogue.health,
        version=1,
    )
    measures = services.catalogue.entries(M)
    assert [(e.name, e.measure_kind) for e in measures] == [
        ("Encryption at rest", MeasureKind.TECHNICAL),
        ("Staff training", MeasureKind.ORGANISATIONAL),
    ]
    assert len(services.catalogue.entries()) == 9
    assert [e.kind for e in services.catalogue.entries()] == sorted(
        e.kind.value for e in services.catalogue.entries()
    )


@pytest.mark.parametrize("name", ["identity data", "IDENTITY DATA", "  Identity data  "])
def test_a_name_is_unique_within_its_kind_ignoring_case(
    services: Services, catalogue: Catalogue, name: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.catalogue.save(CatalogueEntry(D, name))
    (error,) = refusal.value.errors
    assert error.field == "name"
    assert "“Identity data” is in the catalogue already" in error.message
    assert len(services.catalogue.entries(D)) == 3
    # The same name in another kind is another entry.
    saved, _ = services.catalogue.save(CatalogueEntry(S, name))
    assert saved.name == name.strip()


def test_an_entry_may_be_renamed_to_its_own_name_in_another_case(
    services: Services, catalogue: Catalogue
) -> None:
    (bank,) = [e for e in services.catalogue.entries(D) if e.id == catalogue.bank]
    renamed, _ = services.catalogue.save(replace(bank, name="BANK ACCOUNT"))
    assert (renamed.name, renamed.version) == ("BANK ACCOUNT", 2)
    with pytest.raises(ValidationError, match="already"):
        services.catalogue.save(replace(renamed, name="identity DATA"))


def test_a_stale_catalogue_entry_is_refused(services: Services, catalogue: Catalogue) -> None:
    (bank,) = [e for e in services.catalogue.entries(D) if e.id == catalogue.bank]
    services.catalogue.save(replace(bank, description="IBAN"))
    with pytest.raises(ConcurrentEditError):
        services.catalogue.save(replace(bank, description="Stale"))
    with pytest.raises(ConcurrentEditError):
        services.catalogue.delete(bank)


def test_renaming_an_entry_shows_in_every_activity_that_uses_it(
    services: Services, catalogue: Catalogue
) -> None:
    first, _ = services.activities.save(full_activity(catalogue))
    second, _ = services.activities.save(
        replace(
            full_activity(catalogue),
            name="Second",
            data_category_ids=(catalogue.bank,),
            special_condition=None,
            retention=(),
        )
    )
    (bank,) = [e for e in services.catalogue.entries(D) if e.id == catalogue.bank]
    services.catalogue.save(replace(bank, name="IBAN and bank"))

    for activity in (first, second):
        reread = services.activities.get(activity.id or 0)
        assert catalogue.bank in reread.data_category_ids
        assert reread.version == activity.version  # the activity itself did not change
    names_by_id = {e.id: e.name for e in services.catalogue.entries()}
    assert names_by_id[catalogue.bank] == "IBAN and bank"
    assert services.catalogue.users(replace(bank, name="IBAN and bank")) == [
        "Obračun plaća — čćđšž ČĆĐŠŽ",
        "Second",
    ]


def test_users_of_an_entry_include_retention_rules(
    services: Services, catalogue: Catalogue
) -> None:
    """An entry named only by a retention rule is in use too."""
    activity = replace(
        full_activity(catalogue),
        name="Retains only",
        data_category_ids=(catalogue.identity,),
        special_condition=None,
        retention=(RetentionRule(data_category_id=catalogue.health, criterion="As needed"),),
    )
    services.activities.save(activity)
    (health,) = [e for e in services.catalogue.entries(D) if e.id == catalogue.health]
    assert services.catalogue.users(health) == ["Retains only"]


def test_deleting_an_entry_in_use_is_refused_with_its_users(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    services.activities.save(full_activity(catalogue))
    services.activities.save(
        replace(full_activity(catalogue), name="Another payroll", retention=())
    )
    (encryption,) = [e for e in services.catalogue.entries(M) if e.id == catalogue.encryption]
    with pytest.raises(ValidationError) as refusal:
        services.catalogue.delete(encryption)
    (error,) = refusal.value.errors
    assert error.label == "Encryption at rest"
    assert "Another payroll, Obračun plaća — čćđšž ČĆĐŠŽ" in error.message
    assert (
        scalar(
            database.engine, "SELECT count(*) FROM catalogue_entry WHERE id = :id", id=encryption.id
        )
        == 1
    )


def test_an_unused_entry_can_be_deleted(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    (customers,) = [e for e in services.catalogue.entries(S) if e.id == catalogue.customers]
    assert services.catalogue.users(customers) == []
    services.catalogue.delete(customers)
    assert [e.name for e in services.catalogue.entries(S)] == ["Employees"]
    assert rows(
        database.engine,
        "SELECT action FROM audit_event WHERE entity = 'catalogue_entry' "
        "AND entity_id = :id ORDER BY id",
        id=str(customers.id),
    ) == [("create",), ("delete",)]


@pytest.mark.parametrize("through", ["activity_link", "retention_rule"])
def test_the_database_itself_refuses_to_delete_a_used_entry(
    services: Services, database: SqlDatabase, catalogue: Catalogue, through: str
) -> None:
    """RESTRICT foreign keys: even a statement that bypasses the service is refused."""
    activity = replace(full_activity(catalogue), retention=())
    if through == "retention_rule":
        activity = replace(
            activity,
            data_category_ids=(catalogue.identity,),
            special_condition=None,
            retention=(RetentionRule(data_category_id=catalogue.health, criterion="Kept"),),
        )
    saved, _ = services.activities.save(activity)
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM catalogue_entry WHERE id = :id"), {"id": catalogue.health}
        )
    assert (
        scalar(
            database.engine,
            "SELECT count(*) FROM catalogue_entry WHERE id = :id",
            id=catalogue.health,
        )
        == 1
    )
    assert catalogue.health in (
        services.activities.get(saved.id or 0).data_category_ids
        + tuple(rule.data_category_id for rule in services.activities.get(saved.id or 0).retention)
    )
    # An unused entry goes at the SQL level too, so the refusal above is the foreign key's.
    with database.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM catalogue_entry WHERE id = :id"), {"id": catalogue.customers}
        )


def test_the_repository_delete_of_a_used_entry_is_refused_by_the_database(
    services: Services, database: SqlDatabase, catalogue: Catalogue
) -> None:
    """Past the service's check (another user linked it meanwhile), the database still says no."""
    services.activities.save(full_activity(catalogue))
    with pytest.raises(DatabaseError), database.unit_of_work() as uow:
        uow.catalogue.delete(uow.catalogue.get(catalogue.training))
        uow.commit()
    assert len(services.catalogue.entries(M)) == 2


def test_a_missing_catalogue_entry_is_reported(database: SqlDatabase) -> None:
    with (
        pytest.raises(RecordNotFoundError, match="Catalogue entry 404 no longer exists"),
        database.unit_of_work() as uow,
    ):
        uow.catalogue.get(404)


def test_catalogue_names_are_unique_ignoring_the_case_of_croatian_letters(
    services: Services,
) -> None:
    services.catalogue.save(CatalogueEntry(S, "Članovi udruge"))
    with pytest.raises(ValidationError, match="“Članovi udruge” is in the catalogue already"):
        services.catalogue.save(CatalogueEntry(S, "čLANOVI UDRUGE"))
    assert [e.name for e in services.catalogue.entries(S)] == ["Članovi udruge"]


def test_search_ignores_the_case_of_croatian_letters(services: Services) -> None:
    services.activities.save(Activity(name="Šifre članova", purposes="Evidencija"))
    assert listed(services, search="šifre") == ["Šifre članova"]
