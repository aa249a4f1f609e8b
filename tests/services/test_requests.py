"""Data-subject requests through the service, on SQLite and PostgreSQL: references, the stored
due date, the workflow with its pauses, validation and optimistic locking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.domain.changes import Register
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ConcurrentEditError, DpoDeskError, ValidationError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    Channel,
    Correspondence,
    Direction,
    IdentityMethod,
    RecipientNotice,
    ReplyChannel,
    Request,
    RequestFilter,
    RequestSort,
    RequestSummary,
    Right,
    Status,
)
from dpo_desk.domain.transfer import Recipient
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
    # Each has its correspondence log, opened by the request as received.
    assert all(r.correspondence[0].direction is Direction.IN for r in stored)
    assert all(r.correspondence[0].channel is r.channel for r in stored)
    # Answered erasures were passed on to the processors of the activities concerned.
    told = [r for r in stored if r.recipients_told]
    assert told and all(
        Right.ERASURE in r.rights
        or Right.RECTIFICATION in r.rights
        or Right.RESTRICTION in r.rights
        for r in told
    )
    assert all(n.told_on is not None for r in told for n in r.recipients_told)


# --- the requests page: filters, sorting and pages from the database ---


def _many(services: Services) -> dict[str, Request]:
    """Five requests: two open by e-mail, one by post awaiting the requester, one answered and
    one withdrawn (answered and withdrawn have no due date any more)."""
    made: dict[str, Request] = {}
    specs = (
        ("open-early", date(2026, 10, 1), Channel.EMAIL, (Right.ACCESS,), "Ana Anić"),
        ("open-late", date(2026, 11, 2), Channel.EMAIL, (Right.ERASURE,), "Berislav Babić"),
        ("awaiting", date(2026, 11, 3), Channel.POST, (Right.ACCESS,), "Ćiril Ćosić"),
        ("answered", date(2026, 9, 1), Channel.WEB_FORM, (Right.PORTABILITY,), "Đurđa Đurić"),
        ("withdrawn", date(2026, 8, 3), Channel.EMAIL, (Right.OBJECTION,), "Željko Žic"),
    )
    for key, received, channel, rights, name in specs:
        request = Request(
            received_on=received,
            channel=channel,
            rights=rights,
            subject=Person(name=name, email=f"{key}@example.hr"),
            reply_channel=ReplyChannel.EMAIL,
            summary=f"Zahtjev {key} 100%_done",
        )
        saved, _ = services.requests.save(request, TODAY)
        if key == "awaiting":
            saved, _ = services.requests.move(
                saved, Status.AWAITING, date(2026, 11, 4), TODAY, "OIB"
            )
        elif key == "answered":
            saved, _ = services.requests.move(saved, Status.ANSWERED, date(2026, 9, 20), TODAY)
        elif key == "withdrawn":
            saved, _ = services.requests.move(saved, Status.WITHDRAWN, date(2026, 8, 10), TODAY)
        made[key] = saved
    return made


def _names(rows: list[RequestSummary]) -> list[str]:
    return [row.subject_email.split("@")[0] for row in rows]


def test_the_page_sorts_by_due_date_and_filters_in_the_database(services: Services) -> None:
    _many(services)
    everything = services.requests.summaries(RequestFilter())
    # Due first (earliest first), then the ones without a due date, newest received first.
    assert _names(everything) == ["open-early", "open-late", "awaiting", "answered", "withdrawn"]
    assert everything[0].due_on == date(2026, 11, 2)  # 1.10. + 1 month, Sunday 1.11. is a holiday
    assert everything[0].rights == (Right.ACCESS,)
    assert everything[2].paused and everything[2].due_on is None
    ahead = services.requests.working_days_ahead(TODAY, 5)  # Friday 27.11.; open-late is due 2.12.
    assert _names(services.requests.summaries(RequestFilter(due_by=ahead))) == ["open-early"]
    overdue = services.requests.summaries(RequestFilter(overdue_on=TODAY))
    assert _names(overdue) == ["open-early"]
    assert _names(services.requests.summaries(RequestFilter(paused=True))) == ["awaiting"]
    assert _names(services.requests.summaries(RequestFilter(right=Right.ACCESS))) == [
        "open-early",
        "awaiting",
    ]
    assert _names(services.requests.summaries(RequestFilter(channel=Channel.POST))) == ["awaiting"]
    assert _names(services.requests.summaries(RequestFilter(open_only=True))) == [
        "open-early",
        "open-late",
        "awaiting",
    ]
    assert _names(services.requests.summaries(RequestFilter(status=Status.WITHDRAWN))) == [
        "withdrawn"
    ]
    # Search in names (any case, Croatian letters), references and the summary; % and _ are
    # characters to find, not wildcards.
    assert _names(services.requests.summaries(RequestFilter(search="đurđa"))) == ["answered"]
    assert _names(services.requests.summaries(RequestFilter(search="DSR-2026-0003"))) == [
        "awaiting"
    ]
    assert len(services.requests.summaries(RequestFilter(search="100%_done"))) == 5
    assert services.requests.summaries(RequestFilter(search="100%x")) == []
    by_subject = services.requests.summaries(
        RequestFilter(sort=RequestSort.SUBJECT, descending=True)
    )
    assert _names(by_subject) == ["withdrawn", "answered", "awaiting", "open-late", "open-early"]
    by_reference = services.requests.summaries(RequestFilter(sort=RequestSort.REFERENCE))
    assert [row.reference for row in by_reference] == [f"DSR-2026-000{n}" for n in range(1, 6)]


def test_pages_and_counts_agree(services: Services) -> None:
    _many(services)
    assert services.requests.count(RequestFilter()) == 5
    first = services.requests.summaries(RequestFilter(), 0, 2)
    assert _names(first) == ["open-early", "open-late"]
    assert _names(services.requests.summaries(RequestFilter(), 4, 2)) == ["withdrawn"]
    assert services.requests.count(RequestFilter(open_only=True)) == 3
    assert services.requests.count(RequestFilter(search="nobody")) == 0
    assert services.requests.summaries(RequestFilter(search="nobody"), 0, 50) == []
    # Descending by due date: the paused and finished ones (no due date) still come last.
    descending = services.requests.summaries(RequestFilter(descending=True))
    assert _names(descending)[:2] == ["open-late", "open-early"]


def test_working_days_ahead_skip_weekends_and_holidays(services: Services) -> None:
    # Friday 13.11.2026 + 3 working days: Mon 16, Tue 17, Thu 19; 18.11. Remembrance Day.
    assert services.requests.working_days_ahead(date(2026, 11, 13), 3) == date(2026, 11, 19)


# --- the correspondence log and the Art. 19 list ---


def test_correspondence_and_recipients_told_are_kept_in_order(services: Services) -> None:
    scan, _ = services.attachments.add("pismo.pdf", b"%PDF-1.4 skenirano pismo")
    envelope, _ = services.attachments.add("omotnica.jpg", b"\xff\xd8\xff omotnica")
    recipient, _ = services.recipients.save(
        Recipient(name="Kartični procesor d.o.o.", country_code="HR")
    )
    request = replace(
        LETTER,
        correspondence=(
            Correspondence(date(2025, 12, 1), Direction.OUT, Channel.POST, " Potvrda primitka "),
            Correspondence(
                date(2025, 11, 25),
                Direction.IN,
                Channel.POST,
                "Zahtjev",
                (scan.id, envelope.id),
            ),
        ),
        recipients_told=(RecipientNotice(recipient.id or 0, date(2025, 12, 10), "e-mailom"),),
    )
    saved, _ = services.requests.save(request, TODAY)
    first, second = saved.correspondence
    assert (first.on, first.direction, first.document_ids) == (
        date(2025, 11, 25),
        Direction.IN,
        (scan.id, envelope.id),
    )
    assert second.summary == "Potvrda primitka"
    assert saved.recipients_told == (
        RecipientNotice(recipient.id or 0, date(2025, 12, 10), "e-mailom"),
    )
    assert services.requests.get(saved.id or 0) == saved


def test_recipients_are_told_only_of_rectification_erasure_or_restriction(
    services: Services,
) -> None:
    recipient, _ = services.recipients.save(Recipient(name="Primatelj", country_code="HR"))
    access_only = replace(
        LETTER,
        rights=(Right.ACCESS,),
        recipients_told=(RecipientNotice(recipient.id or 0),),
        correspondence=(Correspondence(date(2026, 12, 1), Direction.OUT, Channel.EMAIL),),
    )
    with pytest.raises(ValidationError) as refused:
        services.requests.save(access_only, TODAY)
    fields = {error.field: error.message for error in refused.value.errors}
    assert "rectification, erasure or restriction" in fields["recipients_told"]
    assert "in the future" in fields["correspondence"]
    assert services.requests.count() == 0


# --- retention: the purge ---


def test_the_purge_anonymises_only_requests_past_their_retention(
    services: Services, database: object
) -> None:
    made = _many(services)
    scan, _ = services.attachments.add("Osobna iskaznica Đurđa Đurić.pdf", b"%PDF-1.4 ID")
    old = replace(
        made["answered"],
        correspondence=(
            Correspondence(
                date(2026, 9, 1), Direction.IN, Channel.WEB_FORM, "Obrazac Đurđe", (scan.id,)
            ),
        ),
        notes="Đurđa zove svaki dan",
    )
    old, _ = services.requests.save(old, TODAY)
    assert services.requests.retention_years() == 3
    # Three years after the answer (20.9.2026) the answered request is due for anonymising,
    # a day earlier it is not; the withdrawn one (10.8.2026) went earlier.
    assert _names(services.requests.purge_candidates(date(2029, 9, 20))) == ["withdrawn"]
    candidates = services.requests.purge_candidates(date(2029, 9, 21))
    assert _names(candidates) == ["withdrawn", "answered"]
    with pytest.raises(ValidationError):
        services.requests.set_retention_years(0)
    count, changes = services.requests.purge([row.id for row in candidates], date(2029, 9, 21))
    assert count == 2 and changes.touches(Register.REQUESTS)
    purged = services.requests.get(old.id or 0)
    assert purged.anonymised_at is not None
    assert purged.subject.name == "" and purged.subject.email == "" and purged.notes == ""
    assert purged.correspondence[0].summary == "" and purged.correspondence[0].document_ids == ()
    # What the statistics need stays.
    assert (purged.reference, purged.received_on, purged.rights) == (
        old.reference,
        old.received_on,
        (Right.PORTABILITY,),
    )
    assert [step.status for step in purged.history] == [Status.ANSWERED]
    # The scan is gone, and the audit log no longer holds the names, e-mails or notes.
    engine = database.engine  # type: ignore[attr-defined]
    assert rows(engine, f"SELECT id FROM attachment WHERE id = {scan.id}") == []
    log = " ".join(str(row[0]) for row in rows(engine, "SELECT changes FROM audit_event"))
    for gone in ("Đurđa", "answered@example.hr", "Željko", "Obrazac", "zove svaki dan", "Osobna"):
        assert gone not in log
    assert "Ana Anić" in log  # an open request keeps everything
    assert services.requests.purge_candidates(date(2029, 9, 21)) == []
    services.requests.set_retention_years(5)
    assert services.requests.retention_years() == 5


def test_the_purge_leaves_a_request_reopened_since_the_preview(services: Services) -> None:
    made = _many(services)
    preview = services.requests.purge_candidates(date(2029, 9, 21))
    services.requests.move(
        made["answered"], Status.IN_PROGRESS, date(2026, 10, 1), TODAY, "Nepotpun odgovor"
    )
    count, _ = services.requests.purge([row.id for row in preview], date(2029, 9, 21))
    assert count == 1
    assert services.requests.get(made["answered"].id or 0).anonymised_at is None


def test_a_document_removed_from_the_log_is_deleted_unless_used_elsewhere(
    services: Services, database: object
) -> None:
    copy, _ = services.attachments.add("osobna.jpg", b"\xff\xd8\xff ID copy")
    shared, _ = services.attachments.add("punomoc.pdf", b"%PDF-1.4 shared")
    request = replace(
        LETTER,
        correspondence=(
            Correspondence(date(2025, 11, 25), Direction.IN, Channel.POST, "ID", (copy.id,)),
        ),
    )
    saved, _ = services.requests.save(request, TODAY)
    other, _ = services.requests.save(
        replace(
            LETTER,
            correspondence=(
                Correspondence(date(2025, 11, 25), Direction.IN, Channel.POST, "", (shared.id,)),
            ),
        ),
        TODAY,
    )
    # The identity is confirmed: the copy goes (Art. 5(1)(c)); so does its file.
    kept, changes = services.requests.save(replace(saved, correspondence=()), TODAY)
    assert changes.touches(Register.ATTACHMENTS)
    engine = database.engine  # type: ignore[attr-defined]
    assert rows(engine, f"SELECT id FROM attachment WHERE id = {copy.id}") == []
    # A document another request still holds stays.
    linked = replace(
        kept,
        correspondence=(
            Correspondence(date(2025, 11, 26), Direction.IN, Channel.POST, "", (shared.id,)),
        ),
    )
    linked, _ = services.requests.save(linked, TODAY)
    services.requests.save(replace(linked, correspondence=()), TODAY)
    assert rows(engine, f"SELECT id FROM attachment WHERE id = {shared.id}") == [(shared.id,)]
    assert services.requests.get(other.id or 0).correspondence[0].document_ids == (shared.id,)


def test_an_anonymised_request_cannot_be_changed_or_moved(services: Services) -> None:
    made = _many(services)
    services.requests.purge([made["answered"].id or 0], date(2029, 9, 21))
    purged = services.requests.get(made["answered"].id or 0)
    with pytest.raises(ValidationError, match="anonymised"):
        services.requests.save(replace(purged, subject=Person(name="Vraćeno Ime")), TODAY)
    with pytest.raises(ValidationError, match="anonymised"):
        services.requests.move(purged, Status.IN_PROGRESS, TODAY, TODAY, "ponovno")
    assert services.requests.get(purged.id or 0).subject.name == ""


def test_identity_asked_for_after_the_deadline_leaves_the_request_overdue(
    services: Services,
) -> None:
    """A pause asked for after the period ran out does not stop it (deadlines.py): the page
    shows the request overdue, not paused."""
    late = Request(
        received_on=date(2026, 9, 1),
        rights=(Right.ACCESS,),
        subject=Person(name="Kasno Pitanje", email="kasno@example.hr"),
    )
    saved, _ = services.requests.save(late, TODAY)
    services.requests.move(saved, Status.AWAITING, date(2026, 11, 10), TODAY, "ID")
    (row,) = services.requests.summaries(RequestFilter(search="kasno"))
    assert row.due_on == date(2026, 10, 1) and not row.paused
    assert services.requests.count(RequestFilter(overdue_on=TODAY, search="kasno")) == 1
    assert services.requests.count(RequestFilter(paused=True, search="kasno")) == 0


def test_an_extension_cannot_be_back_dated_past_the_first_month(services: Services) -> None:
    saved, _ = services.requests.save(
        Request(
            received_on=date(2026, 9, 1),
            rights=(Right.ACCESS,),
            subject=Person(name="Produljenje", email="p@example.hr"),
        ),
        TODAY,
    )
    saved, _ = services.requests.move(saved, Status.ACKNOWLEDGED, date(2026, 9, 2), TODAY)
    backdated = replace(saved, extended_on=date(2026, 9, 30), extension_reasons="Mnogo sustava")
    with pytest.raises(ValidationError) as refused:
        services.requests.move(backdated, Status.EXTENDED, TODAY, TODAY)
    assert "first month" in str(refused.value)
    in_time = replace(saved, extended_on=date(2026, 9, 30), extension_reasons="Mnogo sustava")
    moved, _ = services.requests.move(in_time, Status.EXTENDED, date(2026, 9, 30), TODAY)
    assert services.requests.deadline(moved).due == date(2026, 12, 1)
    with pytest.raises(ValidationError, match="Extended"):
        services.requests.save(
            replace(saved, extended_on=date(2026, 9, 30), extension_reasons="x"),
            TODAY,
        )


def test_a_recipient_told_of_a_request_is_not_deleted_and_the_refusal_names_it(
    services: Services,
) -> None:
    recipient, _ = services.recipients.save(Recipient(name="Obrađivač", country_code="HR"))
    saved, _ = services.requests.save(
        replace(LETTER, recipients_told=(RecipientNotice(recipient.id or 0, date(2025, 12, 1)),)),
        TODAY,
    )
    with pytest.raises(DpoDeskError, match=saved.reference):
        services.recipients.delete(services.recipients.get(recipient.id or 0))


def test_a_cancelled_purge_anonymises_nothing(services: Services) -> None:
    from dpo_desk.domain.errors import TaskCancelledError
    from dpo_desk.services.progress import CancelToken

    made = _many(services)
    token = CancelToken()
    token.cancel()
    with pytest.raises(TaskCancelledError):
        services.requests.purge([made["answered"].id or 0], date(2029, 9, 21), cancel=token)
    assert services.requests.get(made["answered"].id or 0).subject.name == "Đurđa Đurić"


def test_status_and_channel_sort_in_the_workflow_s_order(services: Services) -> None:
    _many(services)
    by_status = services.requests.summaries(RequestFilter(sort=RequestSort.STATUS))
    order = list(Status)
    assert [order.index(r.status) for r in by_status] == sorted(
        order.index(r.status) for r in by_status
    )
    by_channel = services.requests.summaries(RequestFilter(sort=RequestSort.CHANNEL))
    channels = list(Channel)
    indexes = [channels.index(r.channel) for r in by_channel]
    assert indexes == sorted(indexes) and by_channel[0].channel is Channel.POST
