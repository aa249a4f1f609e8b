"""Complaints through the service, on SQLite and PostgreSQL: references per year, the links, the
AZOP case and its deadlines as due dates the page filters by, the log that only grows (also when
a caller tries to rewrite it), documents kept with entries, and the log's figures counted from
a database the test builds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.changes import Register
from dpo_desk.domain.complaint import (
    AuthorityCase,
    Complaint,
    ComplaintFilter,
    ComplaintSort,
    ComplaintStatus,
    DecisionOutcome,
    Entry,
    EntryKind,
    Outcome,
    Reason,
)
from dpo_desk.domain.errors import ConcurrentEditError, ValidationError
from dpo_desk.domain.organisation import Person
from dpo_desk.services.bundle import Services

TODAY = date(2026, 11, 20)
CASE = AuthorityCase(case_number="UP/I-041-02/26-01/77", lodged_on=date(2026, 10, 5))


def _complaint(**changes: object) -> Complaint:
    base = Complaint(
        received_on=date(2026, 10, 1),
        complainant=Person(name="Đurđa Šimić", email="durda@example.hr"),
        reason=Reason.NO_ANSWER,
        summary="Nije dobila odgovor na zahtjev za pristup",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_complaint_reads_back_with_its_reference_and_log(services: Services) -> None:
    document = prepare_attachment("pritužba.pdf", b"%PDF-1.4 complaint")
    complaint = _complaint(
        entries=(
            Entry(
                date(2026, 10, 1),
                EntryKind.RECEIVED,
                "Pritužba e-poštom",
                "Ana",
                new_documents=(document,),
            ),
        )
    )
    saved, changes = services.complaints.save(complaint, TODAY)
    assert saved.reference == "CMP-2026-0001"
    assert changes.touches(Register.COMPLAINTS) and changes.touches(Register.ATTACHMENTS)
    assert saved.id is not None
    again = services.complaints.get(saved.id)
    assert again == saved
    (entry,) = again.entries
    assert entry.who == "Ana" and entry.recorded_at is not None
    assert services.attachments.content(entry.document_ids[0]) == b"%PDF-1.4 complaint"
    assert services.complaints.find("cmp-2026-0001") == saved


def test_the_log_only_grows(services: Services) -> None:
    first = Entry(date(2026, 10, 2), EntryKind.NOTE, "Zatražen izvještaj od prodaje", "Ana")
    saved, _c = services.complaints.save(_complaint(entries=(first,)), TODAY)
    rewritten = replace(saved, entries=(replace(first, text="Zatražen izvještaj od IT-a"),))
    with pytest.raises(ValidationError) as refused:
        services.complaints.save(rewritten, TODAY)
    assert "only grows" in str(refused.value)
    with pytest.raises(ValidationError):
        services.complaints.save(replace(saved, entries=()), TODAY)
    correction = Entry(
        date(2026, 10, 3), EntryKind.CORRECTION, "Izvještaj je zatražen od IT-a", "Ana", corrects=1
    )
    corrected, _c = services.complaints.add_entry(saved, correction, TODAY)
    assert [e.kind for e in corrected.entries] == [EntryKind.NOTE, EntryKind.CORRECTION]
    assert corrected.entries[0].text == "Zatražen izvještaj od prodaje"


def test_azop_deadlines_are_due_dates_the_page_filters_by(services: Services) -> None:
    letter = Entry(
        date(2026, 10, 10),
        EntryKind.AZOP_LETTER,
        "Zatraženo očitovanje u 8 dana",
        due_on=date(2026, 10, 19),
    )
    escalated, _c = services.complaints.save(
        _complaint(status=ComplaintStatus.ESCALATED, authority=CASE, entries=(letter,)), TODAY
    )
    calm, _c = services.complaints.save(_complaint(received_on=date(2026, 11, 2)), TODAY)
    due = services.complaints.summaries(ComplaintFilter(due_by=date(2026, 10, 31)))
    assert [s.reference for s in due] == [escalated.reference]
    assert due[0].next_due_on == date(2026, 10, 19)
    assert due[0].case_number == "UP/I-041-02/26-01/77"
    by_due = services.complaints.summaries(
        ComplaintFilter(sort=ComplaintSort.DUE, descending=False)
    )
    assert [s.reference for s in by_due] == [escalated.reference, calm.reference]
    # The reply meets the deadline: nothing is due any more.
    reply = Entry(date(2026, 10, 18), EntryKind.AZOP_REPLY, "Očitovanje poslano")
    answered, _c = services.complaints.add_entry(escalated, reply, TODAY)
    assert answered.next_due_on is None
    assert services.complaints.count(ComplaintFilter(due_by=date(2026, 10, 31))) == 0


def test_the_azop_case_reads_back_and_needs_its_number(services: Services) -> None:
    decided = replace(
        CASE,
        decided_on=date(2026, 11, 10),
        decision=DecisionOutcome.NO_INFRINGEMENT,
        decision_summary="Zahtjev odbijen",
        lawsuit_filed_on=date(2026, 11, 15),
        lawsuit_court="Upravni sud u Zagrebu",
    )
    saved, _c = services.complaints.save(_complaint(authority=decided), TODAY)
    assert saved.id is not None
    assert services.complaints.get(saved.id).authority == decided
    with pytest.raises(ValidationError) as refused:
        services.complaints.save(_complaint(authority=AuthorityCase()), TODAY)
    assert [e.field for e in refused.value.errors] == ["authority.case_number"]


def test_a_stale_version_is_refused(services: Services) -> None:
    saved, _c = services.complaints.save(_complaint(), TODAY)
    services.complaints.save(replace(saved, summary="Promijenjeno"), TODAY)
    with pytest.raises(ConcurrentEditError):
        services.complaints.save(replace(saved, summary="Moje"), TODAY)


def test_the_log_figures_count_exactly_what_was_received_in_the_period(
    services: Services,
) -> None:
    rows = [
        # received, reason, status, answered, outcome, escalated
        (
            date(2026, 1, 5),
            Reason.NO_ANSWER,
            ComplaintStatus.CLOSED,
            date(2026, 1, 15),
            Outcome.UPHELD,
            False,
        ),
        (
            date(2026, 2, 1),
            Reason.NO_ANSWER,
            ComplaintStatus.ANSWERED,
            date(2026, 2, 4),
            None,
            False,
        ),
        (
            date(2026, 3, 1),
            Reason.REFUSED_ERASURE,
            ComplaintStatus.CLOSED,
            date(2026, 3, 31),
            Outcome.REJECTED,
            True,
        ),
        (date(2026, 4, 1), Reason.FEE_CHARGED, ComplaintStatus.UNDER_REVIEW, None, None, False),
        # Outside the period on either side.
        (date(2025, 12, 31), Reason.SECURITY, ComplaintStatus.RECEIVED, None, None, False),
        (date(2026, 7, 1), Reason.SECURITY, ComplaintStatus.RECEIVED, None, None, False),
    ]
    for received, reason, status, answered, outcome, escalated in rows:
        services.complaints.save(
            _complaint(
                received_on=received,
                reason=reason,
                status=status,
                answered_on=answered,
                outcome=outcome,
                closed_on=answered if status is ComplaintStatus.CLOSED else None,
                authority=CASE if escalated else None,
            ),
            TODAY,
        )
    figures = services.complaints.log(date(2026, 1, 1), date(2026, 6, 30))
    assert len(figures.complaints) == 4
    assert figures.by_reason == {
        Reason.NO_ANSWER: 2,
        Reason.REFUSED_ERASURE: 1,
        Reason.FEE_CHARGED: 1,
    }
    assert figures.by_status == {
        ComplaintStatus.CLOSED: 2,
        ComplaintStatus.ANSWERED: 1,
        ComplaintStatus.UNDER_REVIEW: 1,
    }
    assert figures.by_outcome == {Outcome.UPHELD: 1, Outcome.REJECTED: 1, None: 2}
    assert figures.answered == 3
    assert figures.median_days_to_answer == 10  # 10, 3 and 30 days
    assert figures.longest_days_to_answer == 30
    assert figures.escalated == 1
    with pytest.raises(ValidationError):
        services.complaints.log(date(2026, 6, 30), date(2026, 1, 1))
