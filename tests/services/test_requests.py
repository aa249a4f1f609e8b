"""Data-subject requests through the service, on SQLite and PostgreSQL: references, the stored
due date, the workflow with its pauses, validation and optimistic locking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.domain.changes import Register
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ConcurrentEditError, ValidationError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    Channel,
    IdentityMethod,
    ReplyChannel,
    Request,
    Right,
    Status,
)
from dpo_desk.services.bundle import Services
from tests.store.support import rows

TODAY = date(2026, 11, 20)


def stored(engine: object, columns: str) -> list[tuple[object, ...]]:
    """Raw columns of the request table, dates as ISO text and flags as booleans (SQLite gives
    text and integers, PostgreSQL dates and booleans)."""
    found = rows(engine, f"SELECT {columns} FROM request")  # type: ignore[arg-type]
    return [
        tuple(value.isoformat() if isinstance(value, date) else value for value in row)
        for row in found
    ]


LETTER = Request(
    received_on=date(2025, 11, 25),
    channel=Channel.POST,
    postmark_on=date(2025, 11, 21),
    registered_mail_number="RR123456789HR",
    rights=(Right.ERASURE, Right.ACCESS),
    subject=Person(
        name="Ivana Šimić",
        email="ivana@example.hr",
        address=Address("Ilica 12", "10000", "Zagreb", "HR"),
    ),
    requester=Person(
        name="Odvjetnički ured Đurić",
        email="ured@djuric.example",
        address=Address("Vukovarska 5", "31000", "Osijek", "HR"),
    ),
    authority_documented=True,
    language="hr",
    reply_channel=ReplyChannel.POST,
    summary="Pristup i brisanje podataka o kupnjama",
    identity_method=IdentityMethod.SIGNED_LETTER,
)


def test_a_request_is_saved_with_its_reference_and_due_date(
    services: Services, database: object
) -> None:
    saved, changes = services.requests.save(LETTER, TODAY)
    assert changes.touches(Register.REQUESTS)
    assert saved.reference == "DSR-2025-0001"
    assert saved.rights == (Right.ACCESS, Right.ERASURE)
    assert saved.requester is not None and saved.requester.name == "Odvjetnički ured Đurić"
    assert saved.subject.address.city == "Zagreb"
    assert services.requests.get(saved.id or 0) == saved
    assert services.requests.find("dsr-2025-0001") == saved
    assert services.requests.find("DSR-2025-0002") is None
    # Received 25.11.2025: Christmas, St Stephen's and a weekend: due Monday 29.12.2025.
    assert services.requests.deadline(saved).due == date(2025, 12, 29)
    engine = database.engine  # type: ignore[attr-defined]
    assert stored(engine, "reference, due_on, paused") == [("DSR-2025-0001", "2025-12-29", 0)]


def test_references_count_per_year_of_receipt(services: Services) -> None:
    first, _ = services.requests.save(LETTER, TODAY)
    second, _ = services.requests.save(replace(LETTER, received_on=date(2025, 12, 1)), TODAY)
    third, _ = services.requests.save(replace(LETTER, received_on=date(2026, 1, 5)), TODAY)
    assert [first.reference, second.reference, third.reference] == [
        "DSR-2025-0001",
        "DSR-2025-0002",
        "DSR-2026-0001",
    ]
    assert services.requests.count() == 3


def test_a_refused_request_writes_nothing(services: Services) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.requests.save(replace(LETTER, rights=(), received_on=date(2026, 12, 1)), TODAY)
    assert [e.field for e in refusal.value.errors] == ["received_on", "rights"]
    assert services.requests.count() == 0


def test_waiting_for_the_requester_pauses_the_clock(services: Services, database: object) -> None:
    received = replace(LETTER, received_on=date(2026, 3, 4), postmark_on=date(2026, 3, 2))
    saved, _ = services.requests.save(received, TODAY)
    assert services.requests.deadline(saved).due == date(2026, 4, 7)  # 4 April + Easter
    waiting, _ = services.requests.move(
        saved, Status.AWAITING, date(2026, 3, 10), TODAY, "power of attorney"
    )
    assert waiting.status is Status.AWAITING
    assert waiting.pauses[-1].end is None and waiting.pauses[-1].reason == "power of attorney"
    assert services.requests.deadline(waiting).due is None
    engine = database.engine  # type: ignore[attr-defined]
    assert stored(engine, "due_on, paused") == [(None, 1)]
    working, _ = services.requests.move(waiting, Status.IN_PROGRESS, date(2026, 3, 20), TODAY)
    assert working.pauses[-1].end == date(2026, 3, 20)
    assert services.requests.deadline(working).due == date(2026, 4, 14)
    assert [step.status for step in working.history] == [Status.AWAITING, Status.IN_PROGRESS]
    assert stored(engine, "due_on, paused") == [("2026-04-14", 0)]


def test_a_move_the_workflow_refuses_names_the_status(services: Services) -> None:
    saved, _ = services.requests.save(LETTER, TODAY)
    with pytest.raises(ValidationError) as refusal:
        services.requests.move(saved, Status.CLOSED, date(2025, 12, 1), TODAY)
    assert refusal.value.errors[0].field == "status"
    with pytest.raises(ValidationError):
        services.requests.move(saved, Status.IN_PROGRESS, date(2026, 11, 21), TODAY)


def test_an_answered_request_is_no_longer_due(services: Services, database: object) -> None:
    saved, _ = services.requests.save(LETTER, TODAY)
    answered, _ = services.requests.move(saved, Status.ANSWERED, date(2025, 12, 20), TODAY)
    engine = database.engine  # type: ignore[attr-defined]
    assert stored(engine, "status, due_on") == [("answered", None)]
    assert answered.history[-1].previous is Status.RECEIVED


def test_a_stale_request_is_not_overwritten(services: Services) -> None:
    saved, _ = services.requests.save(LETTER, TODAY)
    services.requests.save(replace(saved, notes="first"), TODAY)
    with pytest.raises(ConcurrentEditError):
        services.requests.save(replace(saved, notes="second"), TODAY)
    assert services.requests.get(saved.id or 0).notes == "first"


def test_the_history_only_grows(services: Services) -> None:
    saved, _ = services.requests.save(LETTER, TODAY)
    moved, _ = services.requests.move(saved, Status.ACKNOWLEDGED, date(2025, 11, 26), TODAY)
    with pytest.raises(ConcurrentEditError):
        services.requests.save(replace(moved, history=()), TODAY)


def test_the_sample_has_valid_requests_in_every_state_by_post_and_e_mail() -> None:
    from dpo_desk.domain.deadlines import compute_deadline
    from dpo_desk.domain.request import normalise_request, validate_request
    from dpo_desk.services.holidays import CROATIA
    from dpo_desk.services.sample_requests import sample_requests

    requests = sample_requests(TODAY)
    assert len(requests) >= 30
    assert {r.status for r in requests} == set(Status)
    assert {Channel.POST, Channel.EMAIL} <= {r.channel for r in requests}
    for request in requests:
        assert validate_request(normalise_request(request), TODAY, CROATIA) == [], request
    deadlines = [
        compute_deadline(r.received_on, CROATIA, extended=r.extended, pauses=r.pauses)  # type: ignore[arg-type]
        for r in requests
        if r.status in (Status.IN_PROGRESS, Status.ACKNOWLEDGED, Status.RECEIVED)
    ]
    assert any(d.due is not None and d.due < TODAY for d in deadlines)  # one overdue
    assert any(d.due is not None and d.due >= TODAY for d in deadlines)
    assert all(
        any(p.end is None for p in r.pauses) for r in requests if r.status is Status.AWAITING
    )


def test_the_sample_database_holds_the_requests(services: Services, database: object) -> None:
    from dpo_desk.services.progress import CancelToken, ignore_progress
    from dpo_desk.services.sample import fill_sample

    fill_sample(database.unit_of_work, ignore_progress, CancelToken())  # type: ignore[attr-defined]
    count = services.requests.count()
    assert count >= 30
    stored = [services.requests.get(number) for number in range(1, count + 1)]
    assert all(r.reference.startswith("DSR-") for r in stored)
    assert any(r.history for r in stored) and all(r.activity_ids for r in stored)
