"""The sample organisation, drawn from the Leapbit d.o.o. (Pixelus) privacy policy in shared/seeds.

The controller's name, address and OIB are the policy's own; the policy names no DPO, so the
DPO's name, e-mail and telephone are invented, on the reserved ``.example`` domain so that no
letter drafted in the sample can reach a real person.
"""

from __future__ import annotations

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import Authority, OrganisationProfile, Person
from dpo_desk.domain.timefmt import office_today, utc_now
from dpo_desk.services.ports import UnitOfWorkFactory
from dpo_desk.services.progress import CancelToken, ProgressReporter

#: Key in the database's own info table that marks the sample, so it is never taken for real data.
SAMPLE_MARKER = "purpose"
SAMPLE_VALUE = "sample"

LEAPBIT_ADDRESS = Address(street="Savska Opatovina 36", postal_code="10000", city="Zagreb")

SAMPLE_PROFILE = OrganisationProfile(
    controller_name="Leapbit d.o.o. (Pixelus)",
    address=LEAPBIT_ADDRESS,
    oib="39821269208",
    phone="+385 1 555 0100",
    email="info@leapbit.example",
    website="https://www.pixelus.example",
    dpo=Person(
        name="Ana Horvat",
        email="dpo@leapbit.example",
        phone="+385 1 555 0142",
        address=Address(
            street="Savska Opatovina 36",
            postal_code="10000",
            city="Zagreb",
        ),
    ),
    representative=None,
    authority=Authority(),
)


def fill_sample(
    unit_of_work: UnitOfWorkFactory, progress: ProgressReporter, cancel: CancelToken
) -> Changes:
    """Writes the sample organisation into an empty, migrated database, in one transaction.

    Later registers add their sample rows here, each as a step of the same progress.
    """
    from dpo_desk.services.sample_complaints import fill_complaints
    from dpo_desk.services.sample_incidents import fill_incidents
    from dpo_desk.services.sample_register import fill_register
    from dpo_desk.services.sample_requests import fill_requests
    from dpo_desk.services.sample_transfers import fill_transfers

    steps = 7
    progress(0, steps, "organisation")
    with unit_of_work() as uow:
        uow.info.set(SAMPLE_MARKER, SAMPLE_VALUE)
        cancel.raise_if_cancelled()
        uow.organisation.save(SAMPLE_PROFILE)
        progress(1, steps, "register")
        cancel.raise_if_cancelled()
        fill_register(uow)
        progress(2, steps, "transfers")
        cancel.raise_if_cancelled()
        fill_transfers(uow)
        progress(3, steps, "requests")
        cancel.raise_if_cancelled()
        fill_requests(uow, office_today())
        progress(4, steps, "incidents")
        cancel.raise_if_cancelled()
        fill_incidents(uow, utc_now())
        progress(5, steps, "complaints")
        cancel.raise_if_cancelled()
        fill_complaints(uow, office_today())
        progress(6, steps, "complaints")
        cancel.raise_if_cancelled()
        uow.commit()
    progress(steps, steps, "done")
    return Changes.of(
        Register.ORGANISATION,
        Register.ACTIVITIES,
        Register.CATALOGUES,
        Register.RECIPIENTS,
        Register.TRANSFERS,
        Register.REQUESTS,
        Register.INCIDENTS,
        Register.COMPLAINTS,
        Register.DATABASE,
    )


def is_sample(unit_of_work: UnitOfWorkFactory) -> bool:
    with unit_of_work() as uow:
        return uow.info.get(SAMPLE_MARKER) == SAMPLE_VALUE
