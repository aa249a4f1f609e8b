"""A processing activity: validate_activity's rules, normalise_activity, reviews, retention text,
rights by lawful basis and the stored form of the lawful bases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from dpo_desk.domain.activity import (
    ACTIVITY_FIELD_LABELS,
    Activity,
    ActivityStatus,
    DpiaStatus,
    EnisaDataType,
    LawfulBasis,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    SpecialCondition,
    describe_retention,
    is_review_due,
    lawful_bases_from_text,
    lawful_bases_text,
    normalise_activity,
    period_text,
    rights_available,
    validate_activity,
)
from dpo_desk.domain.errors import FieldError
from dpo_desk.i18n import set_language

#: Catalogue ids the tests pretend exist: 1 and 2 ordinary data, 7 special (health).
IDENTITY, CONTACT, HEALTH = 1, 2, 7

VALID = Activity(
    name="Obračun plaća",
    purposes="Paying salaries and the contributions the law requires",
    lawful_bases=(LawfulBasis.LEGAL_OBLIGATION,),
    status=ActivityStatus.ACTIVE,
    data_category_ids=(IDENTITY, CONTACT),
    subject_category_ids=(10,),
)

VALID_PROCESSOR = Activity(
    register=RegisterKind.PROCESSOR,
    name="Hosting for a client",
    controller_name="Klijent d.o.o.",
    processing_categories="Storage and back-up",
    status=ActivityStatus.ACTIVE,
    data_category_ids=(IDENTITY,),
)


def errors_of(activity: Activity, special: tuple[int, ...] = (HEALTH,)) -> list[FieldError]:
    return validate_activity(normalise_activity(activity), special)


def fields_of(activity: Activity, special: tuple[int, ...] = (HEALTH,)) -> list[str]:
    return [error.field for error in errors_of(activity, special)]


def test_valid_activities_of_both_registers_have_no_errors() -> None:
    assert errors_of(VALID) == []
    assert errors_of(VALID_PROCESSOR) == []


def test_the_name_is_required_in_both_registers() -> None:
    assert fields_of(replace(VALID, name="   ")) == ["name"]
    assert fields_of(replace(VALID_PROCESSOR, name="")) == ["name"]
    (error,) = errors_of(replace(VALID, name=""))
    assert error.label == "Name of the activity"
    assert error.message == "is required"


def test_a_controller_activity_needs_its_purposes() -> None:
    (error,) = errors_of(replace(VALID, purposes=" \n "))
    assert error.field == "purposes"
    assert "Art. 30(1)(b)" in error.message
    # The processor register records categories of processing instead (Art. 30(2)(b)).
    assert errors_of(replace(VALID_PROCESSOR, purposes="")) == []


def test_a_lawful_basis_is_required_for_an_active_activity() -> None:
    no_basis = replace(VALID, lawful_bases=())
    assert fields_of(no_basis) == ["lawful_bases"]
    # A draft may not have one yet; retiring a draft that never had one must not be refused.
    assert errors_of(replace(no_basis, status=ActivityStatus.RETIRED)) == []
    assert errors_of(replace(no_basis, status=ActivityStatus.DRAFT)) == []
    # A processor acts on its controller's basis: none is asked for.
    assert errors_of(replace(VALID_PROCESSOR, lawful_bases=())) == []


def test_legitimate_interests_must_be_described() -> None:
    relying = replace(VALID, lawful_bases=(LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS))
    (error,) = errors_of(relying)
    assert error.field == "legitimate_interest"
    assert "Art. 6(1)(f)" in error.message
    assert errors_of(replace(relying, legitimate_interest="  ")) == [error]
    assert errors_of(replace(relying, legitimate_interest="Fraud prevention")) == []
    # Only (f) asks for it.
    assert errors_of(replace(VALID, lawful_bases=(LawfulBasis.CONSENT,))) == []


def test_special_category_data_need_an_article_9_2_condition() -> None:
    with_health = replace(VALID, data_category_ids=(IDENTITY, HEALTH))
    (error,) = errors_of(with_health)
    assert error.field == "special_condition"
    assert error.label == "Art. 9(2) condition"
    assert "Art. 9(2)" in error.message
    assert errors_of(replace(with_health, special_condition=SpecialCondition.EMPLOYMENT)) == []
    # Whether a category is special is the catalogue's to say, not the activity's.
    assert errors_of(with_health, special=()) == []
    assert errors_of(VALID, special=(HEALTH, 99)) == []


def test_a_processor_activity_names_its_controller_and_categories_of_processing() -> None:
    errors = errors_of(replace(VALID_PROCESSOR, controller_name=" ", processing_categories=""))
    assert [error.field for error in errors] == ["controller_name", "processing_categories"]
    assert "Art. 30(2)(a)" in errors[0].message
    assert "Art. 30(2)(b)" in errors[1].message
    # A controller activity does not.
    assert errors_of(replace(VALID, controller_name="", processing_categories="")) == []


def test_an_active_activity_needs_categories_of_personal_data() -> None:
    assert fields_of(replace(VALID, data_category_ids=())) == ["data_category_ids"]
    assert fields_of(replace(VALID_PROCESSOR, data_category_ids=())) == ["data_category_ids"]
    assert errors_of(replace(VALID, data_category_ids=(), status=ActivityStatus.DRAFT)) == []
    assert errors_of(replace(VALID, data_category_ids=(), status=ActivityStatus.RETIRED)) == []


def test_automated_decisions_need_their_logic_explained() -> None:
    automated = replace(VALID, automated_decisions=True)
    (error,) = errors_of(automated)
    assert error.field == "automated_logic"
    assert "Art. 15(1)(h)" in error.message
    assert errors_of(replace(automated, automated_logic="Score from payment history")) == []
    # The logic may be kept while the box is unticked.
    assert errors_of(replace(VALID, automated_logic="old text")) == []


@pytest.mark.parametrize(
    ("status", "needs_reference"),
    [
        (DpiaStatus.NOT_ASSESSED, False),
        (DpiaStatus.NOT_REQUIRED, False),
        (DpiaStatus.REQUIRED, False),
        (DpiaStatus.IN_PROGRESS, True),
        (DpiaStatus.COMPLETED, True),
    ],
)
def test_a_dpia_under_way_or_done_needs_its_reference(
    status: DpiaStatus, needs_reference: bool
) -> None:
    activity = replace(VALID, dpia_status=status)
    assert fields_of(activity) == (["dpia_reference"] if needs_reference else [])
    assert errors_of(replace(activity, dpia_reference="DPIA-2026-01")) == []


def test_a_retention_rule_needs_a_period_or_a_criterion() -> None:
    empty = RetentionRule(data_category_id=IDENTITY, trigger="after the contract ends")
    (error,) = errors_of(replace(VALID, retention=(empty,)))
    assert error.field == "retention"
    assert error.label == "Retention 1"
    assert error.message == "give a period or the criterion used to set it"
    for good in (
        RetentionRule(period=3, unit=RetentionUnit.YEARS, trigger="after the contract ends"),
        RetentionRule(criterion="Until the account is deleted"),
        RetentionRule(period=1, unit=RetentionUnit.DAYS, criterion="and then a day"),
    ):
        assert errors_of(replace(VALID, retention=(good,))) == [], good


@pytest.mark.parametrize(
    "rule",
    [
        RetentionRule(period=0, unit=RetentionUnit.MONTHS),
        RetentionRule(period=-5, unit=RetentionUnit.YEARS),
        RetentionRule(period=3, unit=None),
        RetentionRule(period=3, unit=None, criterion="a criterion does not excuse the unit"),
    ],
)
def test_a_retention_period_is_positive_and_has_a_unit(rule: RetentionRule) -> None:
    good = RetentionRule(period=10, unit=RetentionUnit.YEARS)
    (error,) = errors_of(replace(VALID, retention=(good, rule)))
    assert error.field == "retention"
    assert error.label == "Retention 2"  # the rule is named by its position
    assert error.message == "the period must be a positive number with a unit"


def test_the_next_review_is_not_before_the_last() -> None:
    reviewed = replace(VALID, last_reviewed_on=date(2026, 9, 15))
    (error,) = errors_of(replace(reviewed, next_review_on=date(2026, 9, 14)))
    assert (error.field, error.message) == ("next_review_on", "is before the last review")
    assert errors_of(replace(reviewed, next_review_on=date(2026, 9, 15))) == []
    assert errors_of(replace(reviewed, next_review_on=date(2027, 9, 15))) == []
    assert errors_of(replace(VALID, next_review_on=date(2020, 1, 1))) == []  # never reviewed


def test_every_problem_is_reported_at_once_each_with_a_label() -> None:
    bad = Activity(
        name="",
        purposes="",
        status=ActivityStatus.ACTIVE,
        lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS,),
        data_category_ids=(HEALTH,),
        automated_decisions=True,
        dpia_status=DpiaStatus.COMPLETED,
        retention=(RetentionRule(),),
        last_reviewed_on=date(2026, 1, 2),
        next_review_on=date(2026, 1, 1),
    )
    errors = errors_of(bad)
    assert [error.field for error in errors] == [
        "name",
        "purposes",
        "legitimate_interest",
        "special_condition",
        "automated_logic",
        "dpia_reference",
        "retention",
        "next_review_on",
    ]
    for error in errors:
        assert error.label.startswith(ACTIVITY_FIELD_LABELS[error.field])
        assert error.message
        assert str(error) == f"{error.label}: {error.message}"


def test_normalise_trims_texts_and_orders_links() -> None:
    messy = Activity(
        name="  Plaće \n",
        purposes="\tPaying salaries  ",
        legitimate_interest=" interest ",
        owner=" HR ",
        systems=" SAP ",
        controller_name=" Klijent ",
        lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.CONTRACT, LawfulBasis.CONTRACT),
        data_category_ids=(3, 1, 3, 2),
        subject_category_ids=(9, 8),
        recipient_category_ids=(5, 5),
        measure_ids=(12, 11),
        retention=(
            RetentionRule(
                data_category_id=3,
                period=3,
                unit=RetentionUnit.YEARS,
                trigger=" after the contract ",
                criterion=" ",
                citation=" ZOR čl. 225 ",
            ),
        ),
    )
    clean = normalise_activity(messy)
    assert clean.name == "Plaće"
    assert clean.purposes == "Paying salaries"
    assert clean.legitimate_interest == "interest"
    assert (clean.owner, clean.systems, clean.controller_name) == ("HR", "SAP", "Klijent")
    assert clean.lawful_bases == (LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS)
    assert clean.data_category_ids == (1, 2, 3)
    assert clean.subject_category_ids == (8, 9)
    assert clean.recipient_category_ids == (5,)
    assert clean.measure_ids == (11, 12)
    assert clean.retention == (
        RetentionRule(
            data_category_id=3,
            period=3,
            unit=RetentionUnit.YEARS,
            trigger="after the contract",
            criterion="",
            citation="ZOR čl. 225",
        ),
    )
    assert normalise_activity(clean) == clean  # idempotent


def test_is_review_due_from_the_next_review_date() -> None:
    due = replace(VALID, next_review_on=date(2027, 3, 1))
    assert not is_review_due(due, date(2027, 2, 28))
    assert is_review_due(due, date(2027, 3, 1))
    assert is_review_due(due, date(2028, 1, 1))
    assert is_review_due(replace(due, status=ActivityStatus.DRAFT), date(2027, 3, 1))
    assert not is_review_due(replace(due, status=ActivityStatus.RETIRED), date(2028, 1, 1))
    assert not is_review_due(replace(VALID, next_review_on=None), date(2099, 1, 1))


@pytest.mark.parametrize(
    ("period", "unit", "text"),
    [
        (1, RetentionUnit.MONTHS, "1 month"),
        (3, RetentionUnit.MONTHS, "3 months"),
        (1, RetentionUnit.DAYS, "1 day"),
        (30, RetentionUnit.DAYS, "30 days"),
        (1, RetentionUnit.YEARS, "1 year"),
        (10, RetentionUnit.YEARS, "10 years"),
    ],
)
def test_period_text_uses_the_plural_form_the_count_needs(
    period: int, unit: RetentionUnit, text: str
) -> None:
    assert period_text(period, unit) == text


def _croatian_plurals(folder: Path) -> Path:
    """A compiled hr catalog with the three Croatian plural forms of "month"."""
    catalog = Catalog(locale="hr", domain="dpo_desk")
    catalog.add(
        ("{count} month", "{count} months"),
        ("{count} mjesec", "{count} mjeseca", "{count} mjeseci"),
    )
    catalog.add("then delete", "zatim brisanje")
    target = folder / "hr" / "LC_MESSAGES" / "dpo_desk.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as file:
        write_mo(file, catalog)
    return folder


def test_period_text_follows_the_croatian_plural_rules(tmp_path: Path) -> None:
    set_language("hr", _croatian_plurals(tmp_path / "locale"))
    assert [period_text(n, RetentionUnit.MONTHS) for n in (1, 3, 5, 11, 21, 24)] == [
        "1 mjesec",
        "3 mjeseca",
        "5 mjeseci",
        "11 mjeseci",
        "21 mjesec",
        "24 mjeseca",
    ]
    rule = RetentionRule(period=1, unit=RetentionUnit.MONTHS, trigger="nakon poziva")
    assert describe_retention(rule) == "1 mjesec nakon poziva; zatim brisanje"


def test_describe_retention_gives_period_trigger_criterion_fate_and_citation() -> None:
    voice = RetentionRule(period=1, unit=RetentionUnit.MONTHS, trigger="after the call")
    assert describe_retention(voice) == "1 month after the call; then delete"
    statutory = RetentionRule(
        period=11,
        unit=RetentionUnit.YEARS,
        trigger="after the end of the business year",
        citation="Zakon o računovodstvu, čl. 10",
    )
    assert describe_retention(statutory) == (
        "11 years after the end of the business year; then delete (Zakon o računovodstvu, čl. 10)"
    )
    criterion = RetentionRule(
        criterion="Until the account is deleted", fate=RetentionFate.ANONYMISE
    )
    assert describe_retention(criterion) == "Until the account is deleted; then anonymise"
    assert describe_retention(RetentionRule()) == "Delete"
    assert describe_retention(RetentionRule(citation="ZOR")) == "Delete (ZOR)"


def test_rights_available_follow_the_lawful_bases() -> None:
    def rights(*bases: LawfulBasis) -> list[str]:
        return rights_available(bases)

    common = ["access (Art. 15)", "rectification (Art. 16)", "restriction (Art. 18)"]
    erasure, portability = "erasure (Art. 17)", "portability (Art. 20)"
    objection, withdrawal = "objection (Art. 21)", "withdrawal of consent (Art. 7(3))"

    consent = rights(LawfulBasis.CONSENT)
    assert set(consent) == {*common, erasure, portability, withdrawal}
    assert set(rights(LawfulBasis.CONTRACT)) == {*common, erasure, portability}
    assert set(rights(LawfulBasis.LEGAL_OBLIGATION)) == set(common)
    assert set(rights(LawfulBasis.PUBLIC_TASK)) == {*common, objection}
    assert set(rights(LawfulBasis.LEGITIMATE_INTERESTS)) == {*common, erasure, objection}
    assert set(rights(LawfulBasis.VITAL_INTERESTS)) == {*common, erasure}
    # A legal obligation beside a contract does not take erasure or portability away.
    assert set(rights(LawfulBasis.CONTRACT, LawfulBasis.LEGAL_OBLIGATION)) == {
        *common,
        erasure,
        portability,
    }
    # No basis chosen yet (a draft): the rights that hold whatever the basis.
    assert set(rights()) == {*common, erasure}
    # In the order of the articles, access first.
    assert consent == [
        "access (Art. 15)",
        "rectification (Art. 16)",
        "erasure (Art. 17)",
        "restriction (Art. 18)",
        "portability (Art. 20)",
        "withdrawal of consent (Art. 7(3))",
    ]


def test_lawful_bases_are_stored_as_their_letters() -> None:
    bases = (LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.CONTRACT, LawfulBasis.CONTRACT)
    assert lawful_bases_text(bases) == "bf"
    assert lawful_bases_text(()) == ""
    assert lawful_bases_from_text("fb") == (LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS)
    assert lawful_bases_from_text("") == ()
    assert lawful_bases_from_text("a?zcc") == (LawfulBasis.CONSENT, LawfulBasis.LEGAL_OBLIGATION)
    for n in range(64):
        chosen = tuple(basis for i, basis in enumerate(LawfulBasis) if n >> i & 1)
        assert lawful_bases_from_text(lawful_bases_text(chosen)) == chosen


def test_enisa_data_types_carry_their_base_score() -> None:
    assert [t.score for t in EnisaDataType] == [1, 2, 3, 4]
    assert EnisaDataType("financial").score == 3
