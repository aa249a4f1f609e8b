"""The bulk read of the register (what every export starts from) on both backends: each activity
exactly as get() reads it, with links aggregated by the database and rules in their order."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from dpo_desk.domain.activity import (
    Activity,
    ActivityStatus,
    LawfulBasis,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    Role,
)
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.records import ActivityRecord
from tests.store.test_activities import full_activity, make_catalogue, stripped


def test_the_bulk_read_gives_each_activity_as_get_reads_it(
    services: Services, database: SqlDatabase
) -> None:
    c = make_catalogue(services)
    full = full_activity(c)
    variants = [
        full,
        # No links and no rules at all (a draft the form has not validated: the repository's).
        Activity(name="bez veza", lawful_bases=(LawfulBasis.CONSENT,)),
        # One link of one kind; rules whose order is not their categories' order.
        replace(
            full,
            name="Ćakavski rječnik",
            subject_category_ids=(),
            data_category_ids=(c.bank,),
            recipient_category_ids=(),
            measure_ids=(),
            special_condition=None,
            retention=(
                RetentionRule(data_category_id=c.bank, period=2, unit=RetentionUnit.MONTHS),
                RetentionRule(criterion="Do opoziva privole", fate=RetentionFate.ANONYMISE),
                RetentionRule(data_category_id=c.identity, period=1, unit=RetentionUnit.YEARS),
            ),
        ),
        replace(
            full,
            name="Hosting for Klijent",
            register=RegisterKind.PROCESSOR,
            role=Role.PROCESSOR,
            special_condition=None,
            data_category_ids=(c.identity, c.bank),
            status=ActivityStatus.DRAFT,
        ),
    ]
    # Enough activities that links and rules of many are read together.
    variants += [
        replace(full, name=f"Aktivnost {number:02d}", measure_ids=(c.training,))
        for number in range(8)
    ]
    with database.unit_of_work() as uow:
        saved = [uow.activities.save(activity) for activity in variants]
        uow.commit()

    every = services.activities.all()
    # Field by field what was saved (the links of each kind in id order, as given here).
    by_name = {a.name: a for a in every}
    assert {name: stripped(a) for name, a in by_name.items()} == {a.name: a for a in variants}
    assert every == [services.activities.get(a.id or 0) for a in every]
    assert sorted(a.id or 0 for a in every) == sorted(a.id or 0 for a in saved)
    assert [a.name for a in every] == sorted((a.name for a in saved), key=str.lower)
    assert {a.id: a for a in every} == {a.id: a for a in saved}

    processor = services.activities.all(RegisterKind.PROCESSOR)
    assert [a.name for a in processor] == ["Hosting for Klijent"]
    assert processor[0].data_category_ids == tuple(sorted((c.identity, c.bank)))
    controller = services.activities.all(RegisterKind.CONTROLLER)
    assert [a.id for a in controller] == [
        a.id for a in every if a.register is RegisterKind.CONTROLLER
    ]


def test_the_bulk_read_is_in_the_order_the_database_gives_by_lower_name_then_id(
    services: Services, database: SqlDatabase
) -> None:
    """On SQLite the bulk read sorts in Python what the database would (its lower() is a Python
    function): the same order as ORDER BY lower(name), id, ties and Croatian letters included,
    and lower() rather than casefold() ("Straße" and "STRASSE" differ under one, not the other;
    "İ" grows a combining dot), for the whole register and for each."""
    names = [
        "zagreb",
        "Šibenik",
        "šibenik",
        "Zagreb",
        "čakovec",
        "Cres",
        "Đakovo",
        "ćiro",
        "Čakovec",
        "Straße",
        "STRASSE",
        "strasse",
        "İzmir",
        "izmir",
    ]
    with database.unit_of_work() as uow:
        for number, name in enumerate(names):
            register = RegisterKind.PROCESSOR if number % 3 == 0 else RegisterKind.CONTROLLER
            uow.activities.save(
                Activity(name=name, register=register, lawful_bases=(LawfulBasis.CONSENT,))
            )
        uow.commit()

    def in_database_order(register: RegisterKind | None) -> list[int]:
        query = select(ActivityRecord.id).order_by(
            func.lower(ActivityRecord.name), ActivityRecord.id
        )
        if register is not None:
            query = query.where(ActivityRecord.register == register.value)
        with database.engine.connect() as connection:
            return [row.id for row in connection.execute(query)]

    for wanted in (None, RegisterKind.CONTROLLER, RegisterKind.PROCESSOR):
        assert [a.id for a in services.activities.all(wanted)] == in_database_order(wanted)
