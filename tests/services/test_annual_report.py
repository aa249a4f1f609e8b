"""The annual report's figures against a database the test builds, on SQLite and PostgreSQL:
every count must match exactly, and what falls outside the year stays out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dpo_desk.domain.activity import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    EnisaDataType,
    LawfulBasis,
)
from dpo_desk.domain.breach import Band, Identification, Recommendation
from dpo_desk.domain.complaint import AuthorityCase, Complaint, ComplaintStatus, Outcome, Reason
from dpo_desk.domain.incident import BreachFinding, Cause, Incident
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import Channel, ReplyChannel, Request, Right, Status
from dpo_desk.domain.timefmt import office_today
from dpo_desk.domain.transfer import Recipient, RecipientRole, Transfer, TransferTool
from dpo_desk.services.bundle import Services

YEAR = 2026
TODAY = date(2026, 11, 20)
#: The register's changes are dated by the clock (created, retired by the audit log): they are
#: counted in the year the test runs.
THIS_YEAR = office_today().year


def _request(
    services: Services,
    received: date,
    rights: tuple[Right, ...],
    channel: Channel,
    moves: tuple[tuple[Status, date], ...] = (),
    **changes: object,
) -> Request:
    request, _c = services.requests.save(
        replace(
            Request(
                received_on=received,
                channel=channel,
                rights=rights,
                subject=Person(name="Ivana Šimić", email="ivana@example.hr"),
                reply_channel=ReplyChannel.EMAIL,
            ),
            **changes,  # type: ignore[arg-type]
        ),
        TODAY,
    )
    for status, on in moves:
        request, _c = services.requests.move(request, status, on, TODAY, "")
    return request


@pytest.fixture
def filled(services: Services) -> Services:
    # Requests: 4 in the year, one in 2025.
    _request(
        services,
        date(2026, 1, 5),
        (Right.ACCESS,),
        Channel.EMAIL,
        ((Status.ANSWERED, date(2026, 1, 20)),),
    )  # 15 days, on time
    _request(
        services,
        date(2026, 3, 2),
        (Right.ACCESS, Right.ERASURE),
        Channel.POST,
        ((Status.ANSWERED, date(2026, 4, 10)),),
    )  # 39 days, late (due 2.4.)
    _request(
        services,
        date(2026, 5, 4),
        (Right.ERASURE,),
        Channel.EMAIL,
        ((Status.REFUSED, date(2026, 5, 8)),),
    )  # 4 days, refused, on time
    _request(services, date(2026, 11, 2), (Right.OBJECTION_MARKETING,), Channel.WEB_FORM)
    _request(services, date(2025, 12, 30), (Right.ACCESS,), Channel.EMAIL)
    # Incidents: 3 detected in the year (2 breaches), one in 2025.
    card, _c = services.catalogue.save(
        CatalogueEntry(CatalogueKind.DATA_CATEGORIES, "Kartice", enisa_type=EnisaDataType.FINANCIAL)
    )
    aware = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    breach = Incident(
        title="Breach",
        detected_at=aware,
        aware_at=aware,
        confidentiality=True,
        cause=Cause.HACKING,
        finding=BreachFinding.BREACH,
        finding_reasoning="Data taken.",
        data_category_ids=(card.id or 0,),
        identification=Identification.MAXIMUM,  # 3 x 1 = 3: high
        decision=Recommendation.NOTIFY_SUBJECTS_TOO,
        decision_reasoning="High.",
        notified_at=aware + timedelta(hours=80),
        delay_reasons="Forensics.",
        subjects_told_on=date(2026, 6, 5),
    )
    services.incidents.save(breach, now=datetime(2026, 11, 20, tzinfo=UTC))
    services.incidents.save(
        replace(
            breach,
            title="Second",
            confidentiality=False,
            availability=True,
            integrity=True,
            notified_at=aware + timedelta(hours=20),
            delay_reasons="",
            subjects_told_on=None,
            identification=Identification.NEGLIGIBLE,  # 3 x 0.25 = 0.75: low
        ),
        now=datetime(2026, 11, 20, tzinfo=UTC),
    )
    services.incidents.save(
        Incident(
            title="Phishing",
            detected_at=aware,
            finding=BreachFinding.NOT_A_BREACH,
            finding_reasoning="Nothing taken.",
        ),
        now=datetime(2026, 11, 20, tzinfo=UTC),
    )
    services.incidents.save(
        replace(
            breach,
            title="Old",
            detected_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC),
            aware_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC),
            notified_at=datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
            delay_reasons="",
        ),
        now=datetime(2026, 11, 20, tzinfo=UTC),
    )
    # Complaints: 3 in the year, one in 2025.
    person = Person(name="Marko", email="marko@example.hr")
    for received, reason, outcome, escalated in (
        (date(2026, 2, 1), Reason.NO_ANSWER, Outcome.UPHELD, False),
        (date(2026, 3, 1), Reason.NO_ANSWER, None, True),
        (date(2026, 4, 1), Reason.FEE_CHARGED, Outcome.REJECTED, False),
        (date(2025, 4, 1), Reason.SECURITY, None, False),
    ):
        services.complaints.save(
            Complaint(
                received_on=received,
                complainant=person,
                reason=reason,
                outcome=outcome,
                status=ComplaintStatus.CLOSED if outcome else ComplaintStatus.RECEIVED,
                closed_on=received + timedelta(days=10) if outcome else None,
                authority=AuthorityCase(case_number="UP/I-1") if escalated else None,
            ),
            TODAY,
        )
    # Register: two activities, one retired now; one review overdue; transfers by tool.
    kept, _c = services.activities.save(
        Activity(
            name="Plaće",
            purposes="Isplata",
            status=ActivityStatus.ACTIVE,
            lawful_bases=(LawfulBasis.CONTRACT,),
            data_category_ids=(card.id or 0,),
            next_review_on=date(THIS_YEAR, 1, 2),
        )
    )
    gone, _c = services.activities.save(
        Activity(
            name="Stari newsletter",
            purposes="Marketing",
            status=ActivityStatus.ACTIVE,
            lawful_bases=(LawfulBasis.CONSENT,),
            data_category_ids=(card.id or 0,),
        )
    )
    services.activities.retire(gone)
    recipient, _c = services.recipients.save(
        Recipient(name="Oblak Inc.", role=RecipientRole.PROCESSOR, country_code="US")
    )
    for tool in (TransferTool.SCC, TransferTool.SCC, TransferTool.ADEQUACY):
        services.transfers.save(
            Transfer(
                recipient_id=recipient.id,
                country_code="JP" if tool is TransferTool.ADEQUACY else "US",
                activity_ids=(kept.id or 0,),
                tool=tool,
                scc_module=2 if tool is TransferTool.SCC else None,
            )
        )
    return services


def test_the_year_s_figures_match_the_database_exactly(filled: Services) -> None:
    figures = filled.annual.figures(YEAR, TODAY)
    requests = figures.requests
    assert requests.received == 4
    assert requests.by_right == {
        Right.ACCESS: 2,
        Right.ERASURE: 2,
        Right.OBJECTION_MARKETING: 1,
    }
    assert requests.by_channel == {Channel.EMAIL: 2, Channel.POST: 1, Channel.WEB_FORM: 1}
    assert (requests.answered, requests.answered_on_time) == (3, 2)
    assert requests.median_days == 15 and requests.longest_days == 39
    assert requests.refused == 1 and requests.extended == 0
    incidents = figures.incidents
    # The "old" one was detected at 00:30 on New Year's Day in Zagreb: it is 2026's.
    assert (incidents.recorded, incidents.breaches) == (4, 3)
    assert incidents.by_nature == {"confidentiality": 2, "integrity": 1, "availability": 1}
    assert incidents.by_band == {Band.HIGH: 2, Band.LOW: 1}
    assert (incidents.notified, incidents.notified_in_time, incidents.notified_late) == (3, 2, 1)
    assert incidents.subjects_told == 2
    complaints = figures.complaints
    assert complaints.received == 3 and complaints.escalated == 1
    assert complaints.by_reason == {Reason.NO_ANSWER: 2, Reason.FEE_CHARGED: 1}
    assert complaints.by_outcome == {Outcome.UPHELD: 1, Outcome.REJECTED: 1, None: 1}
    register = filled.annual.figures(THIS_YEAR, date(THIS_YEAR, 12, 31)).register
    assert (register.added, register.retired, register.reviews_overdue) == (2, 1, 1)
    assert register.transfers_by_tool == {TransferTool.SCC: 2, TransferTool.ADEQUACY: 1}


def test_another_year_counts_only_its_own(filled: Services) -> None:
    figures = filled.annual.figures(2025, TODAY)
    assert THIS_YEAR >= 2026
    assert figures.requests.received == 1
    assert figures.incidents.recorded == 0  # 31.12.2025. 23:30 UTC is 2026 in Zagreb
    assert figures.complaints.received == 1
    assert figures.register.added == 0 and figures.register.retired == 0


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_report_prints_the_figures_with_charts(
    filled: Services, tmp_path: Path, language: str
) -> None:
    from dpo_desk.i18n import _, in_language
    from dpo_desk.reports.annual_report import write_annual_report
    from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

    path = tmp_path / f"annual-{language}.pdf"
    with in_language(language):
        write_annual_report(filled, YEAR, path)
        expected = [
            f"{_('Requests received')} 4",
            f"{_('Answered on time')} 2 (67 %)",
            f"{_('Median days to answer')} 15",
            f"{_('Longest days to answer')} 39",
            f"{_('Personal-data breaches')} 3",
            f"{_('late, with the reasons for the delay')} 1",
            f"{_('Complaints received')} 3",
            _("Requests by right"),
            _("Breaches by severity (ENISA)"),
            _("Complaints by reason"),
        ]
    assert unembedded_fonts_pypdf(path) == []
    text = " ".join(pdf_text(path).split())
    for item in expected:
        assert item in text, item
