"""The complaint documents read back: the complaint-handling log's summary counts exactly what
the test put in the database for the period, its table lists every action; the dossier holds
every entry in order with its documents' names and SHA-256."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.complaint import (
    AuthorityCase,
    Complaint,
    ComplaintStatus,
    Entry,
    EntryKind,
    Outcome,
    Reason,
)
from dpo_desk.domain.organisation import Person
from dpo_desk.i18n import _, in_language
from dpo_desk.reports.complaint_reports import write_complaint_log, write_dossier
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

TODAY = date(2026, 11, 20)


@pytest.fixture
def complaints(services: Services) -> list[Complaint]:
    rows = [
        (
            date(2026, 2, 2),
            Reason.NO_ANSWER,
            ComplaintStatus.CLOSED,
            date(2026, 2, 12),
            Outcome.UPHELD,
        ),
        (date(2026, 3, 3), Reason.NO_ANSWER, ComplaintStatus.ANSWERED, date(2026, 3, 7), None),
        (date(2026, 4, 4), Reason.SECURITY, ComplaintStatus.RECEIVED, None, None),
        (date(2025, 4, 4), Reason.FEE_CHARGED, ComplaintStatus.RECEIVED, None, None),
    ]
    saved = []
    for number, (received, reason, status, answered, outcome) in enumerate(rows):
        complaint, _c = services.complaints.save(
            Complaint(
                received_on=received,
                complainant=Person(name=f"Šimić Đurđa {number}", email=f"d{number}@example.hr"),
                reason=reason,
                status=status,
                answered_on=answered,
                outcome=outcome,
                closed_on=answered if status is ComplaintStatus.CLOSED else None,
                entries=(
                    Entry(received, EntryKind.RECEIVED, f"Primljena pritužba {number}", "Ana"),
                ),
            ),
            TODAY,
        )
        saved.append(complaint)
    return saved


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_log_counts_exactly_the_period(
    services: Services, complaints: list[Complaint], tmp_path: Path, language: str
) -> None:
    path = tmp_path / f"log-{language}.pdf"
    with in_language(language):
        write_complaint_log(
            services, date(2026, 1, 1), date(2026, 6, 30), path, ignore_progress, CancelToken()
        )
        no_answer = _("No answer in time")
        expected = _(
            "{count} complaints received from {start} to {end}; {escalated} before AZOP."
        ).format(count=3, start="01.01.2026.", end="30.06.2026.", escalated=0)
        answered = _(
            "Answered: {answered}; median days to answer: {median}; longest: {longest}."
        ).format(answered=2, median="7", longest=10)
    assert unembedded_fonts_pypdf(path) == []
    text = " ".join(pdf_text(path).split())
    assert expected in text
    assert answered in text  # 10 and 4 days: median 7
    assert f"{no_answer} 2" in text
    for number in range(3):
        assert f"Primljena pritužba {number}" in text
    assert "Primljena pritužba 3" not in text  # received in 2025


def test_the_dossier_lists_every_entry_and_document_in_order(
    services: Services, complaints: list[Complaint], tmp_path: Path
) -> None:
    first = complaints[0]
    document = prepare_attachment("očitovanje AZOP-u.pdf", b"%PDF-1.4 statement")
    escalated, _c = services.complaints.save(
        replace(
            first,
            authority=AuthorityCase(case_number="UP/I-041-02/26-01/9"),
            entries=(
                *first.entries,
                Entry(
                    date(2026, 2, 20),
                    EntryKind.AZOP_LETTER,
                    "Traži se očitovanje",
                    "Ana",
                    due_on=date(2026, 3, 1),
                ),
                Entry(
                    date(2026, 2, 25),
                    EntryKind.AZOP_REPLY,
                    "Očitovanje poslano",
                    "Ana",
                    new_documents=(document,),
                ),
            ),
        ),
        TODAY,
    )
    path = write_dossier(services, escalated, tmp_path / "dossier.pdf")
    text = " ".join(pdf_text(path).split())
    positions = [
        text.index(part)
        for part in ("Primljena pritužba 0", "Traži se očitovanje", "Očitovanje poslano")
    ]
    assert positions == sorted(positions)
    assert "očitovanje AZOP-u.pdf" in text
    assert document.sha256 in text.replace(" ", "")
    assert "UP/I-041-02/26-01/9" in text
    assert "due 01.03.2026." in text
