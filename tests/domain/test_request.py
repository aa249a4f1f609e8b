"""A data-subject request: references, normalising, validation and the workflow's moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.domain.contact import Address
from dpo_desk.domain.deadlines import Pause
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    TRANSITIONS,
    Channel,
    IdentityMethod,
    ReplyChannel,
    Request,
    Right,
    Status,
    StatusChange,
    can_move,
    format_reference,
    is_open,
    move,
    normalise_request,
    parse_reference,
    validate_request,
)
from dpo_desk.i18n import set_language

TODAY = date(2026, 11, 20)

VALID = Request(
    received_on=date(2026, 11, 2),
    channel=Channel.EMAIL,
    rights=(Right.ACCESS,),
    subject=Person(name="Ivana Horvat", email="ivana@example.hr"),
    reply_channel=ReplyChannel.EMAIL,
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def fields(request: Request) -> list[str]:
    return [error.field for error in validate_request(normalise_request(request), TODAY)]


def test_references_are_readable_and_parse_back() -> None:
    assert format_reference(2026, 42) == "DSR-2026-0042"
    assert format_reference(2026, 12345) == "DSR-2026-12345"
    assert parse_reference(" dsr-2026-0042 ") == (2026, 42)
    assert parse_reference("DSR-26-42") is None
    assert parse_reference("2026-0042") is None


def test_a_valid_request_has_no_problems() -> None:
    assert fields(VALID) == []


def test_received_date_is_required_and_not_in_the_future() -> None:
    assert fields(replace(VALID, received_on=None)) == ["received_on"]
    assert fields(replace(VALID, received_on=date(2026, 11, 21))) == ["received_on"]
    assert fields(replace(VALID, received_on=TODAY)) == []


def test_a_letter_cannot_be_postmarked_after_it_arrived() -> None:
    letter = replace(
        VALID,
        channel=Channel.POST,
        reply_channel=ReplyChannel.POST,
        subject=replace(VALID.subject, address=Address("Ilica 1", "10000", "Zagreb", "HR")),
    )
    assert fields(replace(letter, postmark_on=date(2026, 10, 30))) == []
    assert fields(replace(letter, postmark_on=date(2026, 11, 3))) == ["postmark_on"]
    # A postmark means nothing for an e-mail: dropped, not checked.
    assert normalise_request(replace(VALID, postmark_on=date(2026, 11, 3))).postmark_on is None


def test_at_least_one_right_and_a_name_or_an_e_mail() -> None:
    assert fields(replace(VALID, rights=())) == ["rights"]
    # A web form or an e-mail may come with an address only: that is enough to answer it.
    assert fields(replace(VALID, subject=replace(VALID.subject, name="  "))) == []
    nobody = replace(VALID, subject=Person(), reply_channel=ReplyChannel.ORAL)
    assert fields(nobody) == ["subject.name"]


def test_an_oral_reply_needs_no_address() -> None:
    """Art. 12(1): the information may be given orally when the person asks for it."""
    by_phone = replace(
        VALID,
        channel=Channel.PHONE,
        subject=Person(name="Marko Kovač", phone="+385 91 555 0100"),
        reply_channel=ReplyChannel.ORAL,
    )
    assert fields(by_phone) == []


def test_the_reply_channel_needs_its_address() -> None:
    no_email = replace(VALID, subject=replace(VALID.subject, email=""))
    assert fields(no_email) == ["reply_channel"]
    assert fields(replace(VALID, reply_channel=ReplyChannel.POST)) == ["reply_channel"]
    bad = replace(VALID, subject=replace(VALID.subject, email="ivana.example.hr"))
    assert fields(bad) == ["subject.email"]


def test_someone_acting_for_the_subject_is_recorded_even_before_the_authority_arrives() -> None:
    """The clock runs from receipt: a letter from a lawyer without the power of attorney is
    recorded (and the DPO asks for it), not refused."""
    agent = Person(name="Odvjetnički ured Marić", email="ured@maric.example")
    acting = replace(VALID, requester=agent)
    assert fields(acting) == []
    assert fields(replace(acting, requester=replace(agent, name=""))) == ["requester.name"]
    # The answer goes to the requester, so the requester's address counts.
    assert normalise_request(replace(acting, authority_documented=True)).contact == agent
    no_email = replace(acting, authority_documented=True, requester=replace(agent, email=""))
    assert fields(no_email) == ["reply_channel"]
    # An empty requester is no requester; one with only a telephone number is kept.
    assert normalise_request(replace(VALID, requester=Person())).requester is None
    phone_only = normalise_request(replace(VALID, requester=Person(phone="+385 1 555 0100")))
    assert phone_only.requester is not None


def test_an_identity_document_needs_a_stated_reason() -> None:
    """Art. 12(6): only a reasonable doubt allows asking for more; ID copies are not the
    default (AZOP, Zagrebački holding, 2023)."""
    asked = replace(VALID, identity_method=IdentityMethod.ID_DOCUMENT)
    assert fields(asked) == ["identity_reason"]
    reason = "The e-mail differs from the one on the account and the letter asks for erasure"
    assert fields(replace(asked, identity_reason=reason)) == []
    assert fields(replace(VALID, identity_method=IdentityMethod.ACCOUNT_EMAIL)) == []


def test_an_extension_needs_its_reasons_and_is_a_step_of_the_workflow() -> None:
    """Art. 12(3): the data subject is told of the extension and its reasons; it is recorded
    by moving the request to Extended, not by a date typed on its own."""
    stepped = StatusChange(Status.EXTENDED, date(2026, 11, 20), previous=Status.RECEIVED)
    extended = replace(
        VALID, extended_on=date(2026, 11, 20), status=Status.EXTENDED, history=(stepped,)
    )
    assert fields(extended) == ["extension_reasons"]
    assert fields(replace(extended, extension_reasons="Forty activities to search")) == []
    typed_in = replace(VALID, extended_on=date(2026, 11, 20), extension_reasons="Many")
    assert fields(typed_in) == ["status"]
    assert fields(replace(extended, extended_on=None, extension_reasons="Many")) == ["extended_on"]


def test_the_clock_stands_still_exactly_while_the_request_awaits_the_requester() -> None:
    """EDPB Guidelines 01/2022: the pause is the time spent waiting for the requester."""
    open_pause = (Pause(date(2026, 11, 3), None, "ID"),)
    assert fields(replace(VALID, pauses=open_pause)) == ["pauses"]
    assert fields(replace(VALID, status=Status.AWAITING)) == ["pauses"]
    assert fields(replace(VALID, status=Status.AWAITING, pauses=open_pause)) == []


def test_pauses_are_checked_against_receipt_and_today() -> None:
    early = replace(VALID, pauses=(Pause(date(2026, 11, 1), date(2026, 11, 4)),))
    assert fields(early) == ["pauses"]
    fine = replace(VALID, pauses=(Pause(date(2026, 11, 3), date(2026, 11, 9)),))
    assert fields(fine) == []


def test_every_problem_is_reported_at_once() -> None:
    bad = Request(received_on=None, rights=(), reply_channel=ReplyChannel.POST)
    assert fields(bad) == ["received_on", "rights", "subject.name", "reply_channel"]


def test_normalise_orders_rights_and_trims_names() -> None:
    messy = replace(
        VALID,
        rights=(Right.ERASURE, Right.ACCESS, Right.ERASURE),
        subject=Person(name="  Ivana   Horvat ", email=" ivana@example.hr "),
        activity_ids=(3, 1, 3),
        language="de",
    )
    clean = normalise_request(messy)
    assert clean.rights == (Right.ACCESS, Right.ERASURE)
    assert clean.subject.name == "Ivana Horvat" and clean.subject.email == "ivana@example.hr"
    assert clean.activity_ids == (1, 3)
    assert clean.language == "hr"


def test_the_workflow_moves_and_keeps_its_history() -> None:
    acknowledged = move(VALID, Status.ACKNOWLEDGED, date(2026, 11, 3))
    with pytest.raises(ValueError, match=r"cannot be dated before 03\.11\.2026\."):
        move(acknowledged, Status.IN_PROGRESS, date(2026, 11, 2))
    waiting = move(acknowledged, Status.AWAITING, date(2026, 11, 4), "asked for the account e-mail")
    working = move(waiting, Status.IN_PROGRESS, date(2026, 11, 9))
    answered = move(working, Status.ANSWERED, date(2026, 11, 20))
    closed = move(answered, Status.CLOSED, date(2026, 11, 20))
    assert [c.status for c in closed.history] == [
        Status.ACKNOWLEDGED,
        Status.AWAITING,
        Status.IN_PROGRESS,
        Status.ANSWERED,
        Status.CLOSED,
    ]
    assert closed.history[1].note == "asked for the account e-mail"
    assert closed.history[1].previous is Status.ACKNOWLEDGED
    assert not is_open(closed.status) and is_open(working.status)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.WITHDRAWN, Status.ANSWERED),
        (Status.WITHDRAWN, Status.IN_PROGRESS),
        (Status.RECEIVED, Status.EXTENDED),  # an extension comes with work under way
        (Status.RECEIVED, Status.CLOSED),
        (Status.CLOSED, Status.ANSWERED),
    ],
)
def test_moves_the_workflow_does_not_allow_are_refused(current: Status, target: Status) -> None:
    request = replace(VALID, status=current)
    assert not can_move(request, target)
    with pytest.raises(ValueError, match="cannot become"):
        move(request, target, TODAY)


def test_an_answered_refused_or_closed_request_reopens_only_with_a_note() -> None:
    for status in (Status.ANSWERED, Status.REFUSED, Status.CLOSED):
        done = replace(VALID, status=status)
        with pytest.raises(ValueError, match="Say why"):
            move(done, Status.IN_PROGRESS, TODAY)
        reopened = move(done, Status.IN_PROGRESS, TODAY, "AZOP asked for the call recordings")
        assert reopened.status is Status.IN_PROGRESS


def test_extending_needs_the_extension_recorded_first() -> None:
    """Art. 12(3): the person is told of the extension and its reasons."""
    working = replace(VALID, status=Status.IN_PROGRESS)
    with pytest.raises(ValueError, match=r"Art\. 12\(3\)"):
        move(working, Status.EXTENDED, TODAY)
    recorded = replace(working, extended_on=TODAY, extension_reasons="Forty activities")
    assert move(recorded, Status.EXTENDED, TODAY).status is Status.EXTENDED


def test_an_extension_is_dated_within_the_first_month() -> None:
    from tests.domain.test_deadlines import CROATIA

    received = date(2026, 10, 2)  # first month due Monday 2 November... 1 November is a holiday
    late = replace(
        VALID,
        received_on=received,
        extended_on=date(2026, 11, 5),
        extension_reasons="Many",
        status=Status.EXTENDED,
        history=(StatusChange(Status.EXTENDED, date(2026, 11, 5), previous=Status.RECEIVED),),
    )
    assert fields(late) == []  # without the calendar only the order of dates is checked
    errors = validate_request(normalise_request(late), TODAY, CROATIA)
    assert [e.field for e in errors] == ["extended_on"]
    assert "Art. 12(3)" in errors[0].message
    in_time = replace(late, extended_on=date(2026, 11, 2))
    assert validate_request(normalise_request(in_time), TODAY, CROATIA) == []
    future = replace(late, extended_on=date(2026, 11, 21))
    assert [e.field for e in validate_request(normalise_request(future), TODAY)] == ["extended_on"]


def test_withdrawn_leads_nowhere_and_every_open_status_can_end() -> None:
    assert TRANSITIONS[Status.WITHDRAWN] == frozenset()
    for status in Status:
        if is_open(status):
            assert {Status.ANSWERED, Status.REFUSED, Status.WITHDRAWN} <= TRANSITIONS[status]
