"""Complaints: what a complaint needs, the AZOP case's rules, the log that only grows (a
correction is a new entry naming the one it corrects), and AZOP's deadlines as due dates until
a reply meets them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.domain.complaint import (
    AuthorityCase,
    Complaint,
    ComplaintStatus,
    DecisionOutcome,
    Entry,
    EntryKind,
    Outcome,
    Reason,
    appended_only,
    format_reference,
    normalise_complaint,
    parse_reference,
    validate_complaint,
)
from dpo_desk.domain.organisation import Person
from dpo_desk.i18n import set_language

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _complaint(**changes: object) -> Complaint:
    base = Complaint(
        received_on=date(2026, 10, 1),
        complainant=Person(name="Ivana Šimić", email="ivana@example.hr"),
        reason=Reason.NO_ANSWER,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _fields(complaint: Complaint) -> set[str]:
    return {p.field for p in validate_complaint(normalise_complaint(complaint), TODAY)}


def test_a_complaint_needs_a_date_a_complainant_and_a_reason() -> None:
    assert _fields(_complaint()) == set()
    assert _fields(Complaint(reason=Reason.OTHER)) == {"received_on", "complainant", "reason_text"}
    assert _fields(_complaint(received_on=date(2026, 12, 1))) == {"received_on"}
    bad = _complaint(complainant=Person(name="Ivana", email="ivana(at)example"))
    assert _fields(bad) == {"complainant.email"}
    assert _fields(_complaint(representative=Person(email="x@example.hr"))) == {"representative"}


def test_answering_and_closing_are_dated_and_closing_has_an_outcome() -> None:
    assert _fields(_complaint(status=ComplaintStatus.ANSWERED)) == {"answered_on"}
    closed = _complaint(status=ComplaintStatus.CLOSED)
    assert _fields(closed) == {"closed_on", "outcome"}
    early = _complaint(answered_on=date(2026, 9, 1))
    assert _fields(early) == {"answered_on"}
    done = replace(closed, closed_on=date(2026, 11, 2), outcome=Outcome.REJECTED)
    assert _fields(done) == set()


def test_the_azop_case_needs_its_number_and_a_whole_decision() -> None:
    assert _fields(_complaint(status=ComplaintStatus.ESCALATED)) == {"status"}
    case = AuthorityCase(case_number="")
    assert _fields(_complaint(authority=case)) == {"authority.case_number"}
    half = AuthorityCase(case_number="UP/I-041-02/26-01/7", decision=DecisionOutcome.DISMISSED)
    assert _fields(_complaint(authority=half)) == {"authority.decision"}
    lawsuit = replace(half, decided_on=date(2026, 11, 1), lawsuit_filed_on=date(2026, 10, 1))
    messages = [
        p.message
        for p in validate_complaint(normalise_complaint(_complaint(authority=lawsuit)), TODAY)
    ]
    assert "is filed before the decision" in messages
    assert "name the administrative court" in messages


def test_log_entries_are_dated_within_the_complaint_and_corrections_name_their_entry() -> None:
    entries = (
        Entry(date(2026, 10, 2), EntryKind.NOTE, "Asked IT for the logs", "Ana"),
        Entry(
            date(2026, 10, 3),
            EntryKind.CORRECTION,
            "The logs were asked of sales",
            "Ana",
            corrects=1,
        ),
    )
    assert _fields(_complaint(entries=entries)) == set()
    wrong = (*entries, Entry(date(2026, 10, 4), EntryKind.CORRECTION, "?", corrects=3))
    assert _fields(_complaint(entries=wrong)) == {"entries"}
    early = (Entry(date(2026, 9, 1), EntryKind.NOTE, "x"),)
    assert _fields(_complaint(entries=early)) == {"entries"}
    azop = (Entry(date(2026, 10, 5), EntryKind.AZOP_LETTER, "Request for a statement"),)
    assert _fields(_complaint(entries=azop)) == {"entries"}  # no AZOP case yet


def test_the_log_only_grows() -> None:
    first = Entry(date(2026, 10, 2), EntryKind.NOTE, "One")
    second = Entry(date(2026, 10, 3), EntryKind.NOTE, "Two")
    assert appended_only((first,), (first, second))
    assert not appended_only((first, second), (first,))
    assert not appended_only((first,), (replace(first, text="Changed"), second))


def test_azop_deadlines_are_due_until_a_reply_meets_them() -> None:
    case = AuthorityCase(case_number="UP/I-041-02/26-01/7")
    letter = Entry(
        date(2026, 10, 10),
        EntryKind.AZOP_LETTER,
        "Statement within 8 days",
        due_on=date(2026, 10, 19),
    )
    second = Entry(
        date(2026, 11, 2), EntryKind.AZOP_LETTER, "Further documents", due_on=date(2026, 11, 16)
    )
    complaint = _complaint(authority=case, entries=(letter, second))
    assert [n for n, _e in complaint.open_deadlines()] == [1, 2]
    assert complaint.next_due_on == date(2026, 10, 19)
    replied = replace(
        complaint,
        entries=(letter, Entry(date(2026, 10, 18), EntryKind.AZOP_REPLY, "Statement sent"), second),
    )
    assert [n for n, _e in replied.open_deadlines()] == [3]
    assert replied.next_due_on == date(2026, 11, 16)
    # A reply before the letter does not answer it.
    early = replace(
        complaint,
        entries=(Entry(date(2026, 10, 9), EntryKind.AZOP_REPLY, "Earlier"), letter),
    )
    assert early.next_due_on == date(2026, 10, 19)
    assert _fields(replace(complaint, entries=(replace(letter, due_on=date(2026, 10, 1)),))) == {
        "entries"
    }


def test_references_read_back() -> None:
    assert format_reference(2026, 3) == "CMP-2026-0003"
    assert parse_reference("cmp-2026-0003") == (2026, 3)
