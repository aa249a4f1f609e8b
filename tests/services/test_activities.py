"""ActivityService and CatalogueService (validation, duplicate, retire, reviews, the catalogue's
rules) and the sample register drawn from the two privacy policies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.app import build_services
from dpo_desk.domain.activity import (
    Activity,
    ActivityFilter,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    EnisaDataType,
    LawfulBasis,
    MeasureKind,
    RegisterKind,
    RetentionRule,
    RetentionUnit,
    SpecialCondition,
    describe_retention,
    normalise_activity,
    validate_activity,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import ValidationError
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from dpo_desk.services.sample_register import CATALOGUE, SAMPLE_ACTIVITIES
from dpo_desk.store.database import SqlDatabase

D = CatalogueKind.DATA_CATEGORIES


def add(services: Services, entry: CatalogueEntry) -> CatalogueEntry:
    saved, _ = services.catalogue.save(entry)
    return saved


@pytest.fixture
def identity(services: Services) -> int:
    entry = add(services, CatalogueEntry(D, "Identity data", enisa_type=EnisaDataType.SIMPLE))
    assert entry.id is not None
    return entry.id


@pytest.fixture
def health(services: Services) -> int:
    entry = add(
        services,
        CatalogueEntry(D, "Health data", special=True, enisa_type=EnisaDataType.SENSITIVE),
    )
    assert entry.id is not None
    return entry.id


def active(identity: int, **fields: object) -> Activity:
    base = Activity(
        name="  Payroll ",
        purposes="Paying salaries",
        lawful_bases=(LawfulBasis.LEGAL_OBLIGATION,),
        status=ActivityStatus.ACTIVE,
        data_category_ids=(identity,),
        next_review_on=date(2027, 1, 1),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


# --- ActivityService -------------------------------------------------------------------------


def test_save_normalises_and_reports_what_changed(services: Services, identity: int) -> None:
    saved, changes = services.activities.save(active(identity))
    assert saved.name == "Payroll"
    assert saved.id is not None and saved.version == 1
    assert changes == Changes.of(Register.ACTIVITIES)
    assert changes.touches(Register.AUDIT)


def test_save_refuses_an_invalid_activity_naming_each_field(
    services: Services, database: SqlDatabase, identity: int
) -> None:
    bad = active(
        identity,
        name=" ",
        purposes="",
        lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS,),
    )
    with pytest.raises(ValidationError) as refusal:
        services.activities.save(bad)
    errors = refusal.value.errors
    assert [error.field for error in errors] == [
        "name",
        "purposes",
        "legitimate_interest",
    ]
    text = str(refusal.value)
    assert "Name of the activity: is required" in text
    assert "Purposes: is required: Art. 30(1)(b)" in text
    assert refusal.value.for_field("legitimate_interest")[0].label == "Legitimate interest"
    assert services.activities.count() == 0


def test_save_knows_which_catalogue_entries_are_special(
    services: Services, identity: int, health: int
) -> None:
    """The Art. 9(2) rule reads the catalogue: the service passes the special ids in."""
    with pytest.raises(ValidationError) as refusal:
        services.activities.save(active(identity, data_category_ids=(identity, health)))
    assert [error.field for error in refusal.value.errors] == ["special_condition"]
    saved, _ = services.activities.save(
        active(
            identity,
            data_category_ids=(identity, health),
            special_condition=SpecialCondition.EMPLOYMENT,
        )
    )
    assert saved.special_condition is SpecialCondition.EMPLOYMENT
    # Marking an entry special later makes the activities that use it need a condition.
    plain, _ = services.activities.save(active(identity, name="Plain"))
    (entry,) = [e for e in services.catalogue.entries(D) if e.id == identity]
    services.catalogue.save(replace(entry, special=True))
    with pytest.raises(ValidationError, match=r"Art\. 9\(2\)"):
        services.activities.save(replace(plain, owner="HR"))


def test_duplicate_makes_a_new_draft_copy(services: Services, identity: int) -> None:
    original, _ = services.activities.save(
        active(
            identity,
            retention=(
                RetentionRule(data_category_id=identity, period=5, unit=RetentionUnit.YEARS),
            ),
        )
    )
    copy, changes = services.activities.duplicate(original)
    assert changes.touches(Register.ACTIVITIES)
    assert copy.id is not None and copy.id != original.id
    assert copy.version == 1
    assert copy.name == "Payroll (copy)"
    assert copy.status is ActivityStatus.DRAFT
    assert copy.created_at is not None and original.created_at is not None
    assert copy.created_at > original.created_at
    same = ("purposes", "lawful_bases", "data_category_ids", "retention")
    for name in same:
        assert getattr(copy, name) == getattr(original, name), name
    assert services.activities.get(original.id or 0) == original  # untouched
    assert services.activities.count() == 2
    again, _ = services.activities.duplicate(copy)
    assert again.name == "Payroll (copy) (copy)"


def test_retire_keeps_the_activity_for_history(services: Services, identity: int) -> None:
    saved, _ = services.activities.save(active(identity))
    retired, changes = services.activities.retire(saved)
    assert changes.touches(Register.ACTIVITIES)
    assert retired.status is ActivityStatus.RETIRED
    assert retired.version == 2
    assert services.activities.get(saved.id or 0) == retired
    assert services.activities.count() == 1
    assert services.activities.count(ActivityFilter(include_retired=False)) == 0
    assert services.activities.all() == [retired]


def test_review_due_counts_activities_whose_review_has_come(
    services: Services, identity: int
) -> None:
    services.activities.save(active(identity, name="Due", next_review_on=date(2026, 12, 1)))
    services.activities.save(active(identity, name="Later", next_review_on=date(2027, 6, 1)))
    services.activities.save(active(identity, name="Undated", next_review_on=None))
    old, _ = services.activities.save(active(identity, name="Old", next_review_on=date(2025, 1, 1)))
    assert services.activities.review_due(date(2026, 11, 30)) == 1
    assert services.activities.review_due(date(2026, 12, 1)) == 2
    assert services.activities.review_due(date(2027, 6, 1)) == 3
    services.activities.retire(old)
    assert services.activities.review_due(date(2027, 6, 1)) == 2


# --- CatalogueService ------------------------------------------------------------------------


def test_catalogue_save_trims_and_keeps_only_the_fields_of_its_kind(services: Services) -> None:
    subjects = add(
        services,
        CatalogueEntry(
            CatalogueKind.SUBJECT_CATEGORIES,
            "  Employees ",
            " Staff ",
            special=True,
            enisa_type=EnisaDataType.SENSITIVE,
            measure_kind=MeasureKind.TECHNICAL,
        ),
    )
    assert (subjects.name, subjects.description) == ("Employees", "Staff")
    assert (subjects.special, subjects.enisa_type, subjects.measure_kind) == (False, None, None)
    measure = add(
        services,
        CatalogueEntry(
            CatalogueKind.SECURITY_MEASURES,
            "Encryption",
            special=True,
            enisa_type=EnisaDataType.SIMPLE,
            measure_kind=MeasureKind.TECHNICAL,
        ),
    )
    assert (measure.special, measure.enisa_type, measure.measure_kind) == (
        False,
        None,
        MeasureKind.TECHNICAL,
    )
    data = add(
        services,
        CatalogueEntry(
            D,
            "Health",
            special=True,
            enisa_type=EnisaDataType.SENSITIVE,
            measure_kind=MeasureKind.TECHNICAL,
        ),
    )
    assert (data.special, data.enisa_type, data.measure_kind) == (
        True,
        EnisaDataType.SENSITIVE,
        None,
    )


def test_catalogue_save_refuses_a_blank_or_taken_name(services: Services) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.catalogue.save(CatalogueEntry(D, "   "))
    assert [(e.field, e.label, e.message) for e in refusal.value.errors] == [
        ("name", "Name", "is required")
    ]
    add(services, CatalogueEntry(D, "Contact data"))
    with pytest.raises(ValidationError, match="“Contact data” is in the catalogue already"):
        services.catalogue.save(CatalogueEntry(D, "CONTACT data"))
    assert [e.name for e in services.catalogue.entries()] == ["Contact data"]


def test_catalogue_changes_touch_the_catalogues_and_the_activities(services: Services) -> None:
    saved, changes = services.catalogue.save(CatalogueEntry(D, "Contact data"))
    assert changes.touches(Register.CATALOGUES) and changes.touches(Register.ACTIVITIES)
    deleted = services.catalogue.delete(saved)
    assert deleted.touches(Register.CATALOGUES)
    assert services.catalogue.entries() == []


def test_catalogue_users_and_delete(services: Services, identity: int) -> None:
    contact = add(services, CatalogueEntry(D, "Contact data"))
    services.activities.save(active(identity, name="Zeta"))
    services.activities.save(
        active(identity, name="alpha", data_category_ids=(identity, contact.id or 0))
    )
    (identity_entry,) = [e for e in services.catalogue.entries(D) if e.id == identity]
    assert services.catalogue.users(identity_entry) == ["alpha", "Zeta"]
    assert services.catalogue.users(contact) == ["alpha"]
    with pytest.raises(ValidationError) as refusal:
        services.catalogue.delete(identity_entry)
    (error,) = refusal.value.errors
    assert error.message == "is used by: alpha, Zeta. Remove it from them first."
    assert error.label == "Identity data"
    # Once no activity uses it, it goes.
    (alpha,) = [a for a in services.activities.all() if a.name == "alpha"]
    services.activities.save(replace(alpha, data_category_ids=(identity,)))
    services.catalogue.delete(contact)
    assert [e.name for e in services.catalogue.entries(D)] == ["Identity data"]


# --- the sample register ---------------------------------------------------------------------


@pytest.fixture
def sample(database: SqlDatabase) -> Services:
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())
    return build_services(database)


def _special_ids(services: Services) -> set[int]:
    return {e.id for e in services.catalogue.entries(D) if e.special and e.id is not None}


def test_every_sample_activity_passes_validation(sample: Services) -> None:
    activities = sample.activities.all()
    assert len(activities) == len(SAMPLE_ACTIVITIES)
    special = _special_ids(sample)
    for activity in activities:
        assert activity == normalise_activity(activity), activity.name
        assert validate_activity(activity, special) == [], activity.name
        assert activity.status is ActivityStatus.ACTIVE, activity.name
        assert activity.data_category_ids, activity.name
        assert activity.subject_category_ids, activity.name
        assert activity.measure_ids, activity.name
        # What the service accepts: saving it again unchanged succeeds.
        sample.activities.save(activity)


def test_every_sample_link_names_a_catalogue_entry() -> None:
    names = {(entry.kind, entry.name) for entry in CATALOGUE}
    assert len(names) == len(CATALOGUE), "a catalogue name is listed twice"
    for sample in SAMPLE_ACTIVITIES:
        for kind, linked in (
            (CatalogueKind.SUBJECT_CATEGORIES, sample.subjects),
            (D, sample.data),
            (CatalogueKind.RECIPIENT_CATEGORIES, sample.recipients),
            (CatalogueKind.SECURITY_MEASURES, sample.measures),
            (D, tuple(name for name, _rule in sample.retention if name)),
        ):
            for name in linked:
                assert (kind, name) in names, (sample.activity.name, name)


def test_the_sample_fills_the_catalogues(sample: Services) -> None:
    data = sample.catalogue.entries(D)
    assert len(data) >= 13
    assert all(entry.enisa_type is not None for entry in data)
    assert {e.enisa_type for e in data} >= {
        EnisaDataType.SIMPLE,
        EnisaDataType.BEHAVIOURAL,
        EnisaDataType.FINANCIAL,
    }
    for kind in CatalogueKind:
        assert sample.catalogue.entries(kind), kind
    measures = sample.catalogue.entries(CatalogueKind.SECURITY_MEASURES)
    assert {m.measure_kind for m in measures} == {MeasureKind.TECHNICAL, MeasureKind.ORGANISATIONAL}
    # Every entry is used by some activity: the catalogue is the policies', not padding.
    for entry in sample.catalogue.entries():
        assert sample.catalogue.users(entry), entry.name


def _by_name(services: Services) -> dict[str, Activity]:
    return {activity.name: activity for activity in services.activities.all()}


def _names(services: Services, ids: tuple[int, ...]) -> set[str]:
    by_id = {entry.id: entry.name for entry in services.catalogue.entries()}
    return {by_id[i] for i in ids}


def _retention(services: Services, activity: Activity) -> dict[str, str]:
    by_id = {entry.id: entry.name for entry in services.catalogue.entries()}
    return {
        by_id[rule.data_category_id] if rule.data_category_id else "*": describe_retention(rule)
        for rule in activity.retention
    }


def test_the_sample_has_every_activity_the_policies_name(sample: Services) -> None:
    activities = _by_name(sample)
    names = " | ".join(activities).lower()
    for words in (
        "account",
        "orders",
        "payments",
        "personalisation",
        "analytics",
        "location",
        "marketing",
        "customer service",
        "security and fraud",
        "legal obligations",
        "surveys and competitions",
        "partners and sponsors",
        "group",
    ):
        assert words in names, words

    account = activities["Pixelus ID account"]
    assert {"Identity data", "Contact data", "Account credentials"} <= _names(
        sample, account.data_category_ids
    )
    assert account.lawful_bases == (LawfulBasis.CONTRACT,)

    orders = activities["Orders, purchases and payments"]
    assert "Payment service providers" in _names(sample, orders.recipient_category_ids)
    assert "Payment data" in _names(sample, orders.data_category_ids)

    personal = activities["Personalisation and analytics"]
    assert "Behavioural and device data" in _names(sample, personal.data_category_ids)
    assert LawfulBasis.LEGITIMATE_INTERESTS in personal.lawful_bases
    assert personal.legitimate_interest

    location = activities["Location, language and regional formats"]
    assert _names(sample, location.data_category_ids) == {"Location data"}

    marketing = activities["Marketing communications and newsletters"]
    assert marketing.lawful_bases == (LawfulBasis.CONSENT,)

    service = activities["Customer service"]
    assert "Voice recordings" in _names(sample, service.data_category_ids)
    retention = _retention(sample, service)
    assert retention["Voice recordings"].startswith("1 month ")
    assert retention["Customer service correspondence"].startswith("3 years ")

    legal = activities["Legal obligations and legal claims"]
    assert LawfulBasis.LEGAL_OBLIGATION in legal.lawful_bases
    transactions = {
        rule.period: rule.unit
        for a in activities.values()
        for rule in a.retention
        if rule.data_category_id
        and _names(sample, (rule.data_category_id,)) == {"Purchase and transaction data"}
    }
    assert transactions == {10: RetentionUnit.YEARS}

    security = activities["Security and fraud prevention"]
    assert "IP addresses and security logs" in _names(sample, security.data_category_ids)

    surveys = activities["Surveys and competitions with partners and sponsors"]
    assert "Partners and sponsors of competitions" in _names(sample, surveys.recipient_category_ids)

    group = activities["Sharing within the group"]
    assert _names(sample, group.recipient_category_ids) == {"Leapbit group companies"}


def test_the_sample_transfers_leave_the_eea_with_a_tool(sample: Services) -> None:
    table = sample.destinations.table()
    rows = sample.transfers.rows(date(2026, 11, 22))
    assert {row.transfer.country_code for row in rows} == {"US", "GB", "RS", "IN"}
    for row in rows:
        destination = table.get(row.transfer.country_code)
        assert destination is not None and not destination.eea
        assert row.transfer.tool is not None
        assert row.activities  # each names the activities the data come from
        assert row.recipient is not None
        assert row.recipient.country_code == row.transfer.country_code


def test_the_sample_keeps_both_registers(sample: Services) -> None:
    processor = sample.activities.all(RegisterKind.PROCESSOR)
    assert len(processor) == 1
    assert processor[0].controller_name and processor[0].processing_categories
    assert len(sample.activities.all(RegisterKind.CONTROLLER)) == len(SAMPLE_ACTIVITIES) - 1
