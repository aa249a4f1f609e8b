"""The sample organisation (Leapbit d.o.o. / Pixelus): written in one transaction, marked as sample."""

from __future__ import annotations

import pytest

from dpo_desk.app import build_services
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.domain.organisation import normalise_profile, validate_profile
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import SAMPLE_PROFILE, fill_sample, is_sample
from dpo_desk.store.database import SqlDatabase


def test_the_sample_profile_is_leapbit_and_valid() -> None:
    assert SAMPLE_PROFILE.controller_name.startswith("Leapbit d.o.o.")
    assert SAMPLE_PROFILE.oib == "39821269208"
    assert SAMPLE_PROFILE.address.lines() == ["Savska Opatovina 36", "10000 Zagreb"]
    assert validate_profile(normalise_profile(SAMPLE_PROFILE)) == []
    # Invented contacts stay on the reserved .example domain: no sample letter reaches anyone.
    for address in (SAMPLE_PROFILE.email, SAMPLE_PROFILE.dpo.email):
        assert address.endswith(".example")
    assert SAMPLE_PROFILE.authority.email == "azop@azop.hr"


def test_fill_sample_writes_the_profile_and_the_marker(database: SqlDatabase) -> None:
    assert not is_sample(database.unit_of_work)
    reports: list[tuple[int, int, str]] = []
    changes = fill_sample(
        database.unit_of_work, lambda d, t, m: reports.append((d, t, m)), CancelToken()
    )
    assert changes == Changes.of(
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
    assert is_sample(database.unit_of_work)
    assert reports[-1] == (7, 7, "done")
    assert [done for done, _total, _message in reports] == sorted(d for d, _t, _m in reports)
    services = build_services(database)
    assert services.is_sample
    profile = services.organisation.profile()
    assert profile is not None
    assert profile.controller_name == SAMPLE_PROFILE.controller_name
    assert profile.oib == "39821269208"
    assert profile.dpo == SAMPLE_PROFILE.dpo
    assert profile.authority == SAMPLE_PROFILE.authority


def test_a_database_of_ones_own_is_not_the_sample(database: SqlDatabase) -> None:
    services = build_services(database)
    assert not services.is_sample
    services.organisation.save(SAMPLE_PROFILE)
    assert not is_sample(database.unit_of_work)


def test_cancelling_before_the_start_writes_nothing(database: SqlDatabase) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        fill_sample(database.unit_of_work, ignore_progress, cancel)
    assert not is_sample(database.unit_of_work)
    services = build_services(database)
    assert services.organisation.profile() is None
    assert services.audit.count() == 0


def test_cancelling_half_way_rolls_the_whole_sample_back(database: SqlDatabase) -> None:
    cancel = CancelToken()

    def cancel_after_the_profile(done: int, total: int, message: str) -> None:
        if done == 1:
            cancel.cancel()

    with pytest.raises(TaskCancelledError):
        fill_sample(database.unit_of_work, cancel_after_the_profile, cancel)
    assert not is_sample(database.unit_of_work)
    services = build_services(database)
    assert services.organisation.profile() is None
    assert services.audit.count() == 0
