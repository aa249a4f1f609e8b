"""The sample organisation's complaints: half a dozen in every state, some about its sample
requests and incidents, one before AZOP with a letter whose deadline is still open, one that
AZOP decided, each with its log. Dated back from the day the sample is made."""

from __future__ import annotations

from datetime import date, timedelta

from dpo_desk.domain.complaint import (
    AuthorityCase,
    Complaint,
    ComplaintStatus,
    DecisionOutcome,
    Entry,
    EntryKind,
    Outcome,
    Reason,
)
from dpo_desk.domain.contact import Address
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import Channel, RequestFilter
from dpo_desk.services.ports import UnitOfWork

_DPO = "Ana Horvat"


def sample_complaints(
    today: date,
    requests: list[tuple[int, date]],
    incidents: dict[str, int],
    activities: dict[str, int],
) -> list[Complaint]:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def received_before(days: int) -> tuple[int, ...]:
        """The newest request received at least ``days`` ago plus a month and more."""
        earlier = [(received, i) for i, received in requests if received <= ago(days + 31)]
        return (max(earlier)[1],) if earlier else ()

    def person(name: str, email: str, city: str = "Zagreb") -> Person:
        return Person(name=name, email=email, address=Address("Ilica 1", "10000", city, "HR"))

    ransomware = incidents.get("Ransomware at the ticketing platform")
    marketing = activities.get("Marketing communications and newsletters")
    return [
        Complaint(
            received_on=ago(60),
            channel=Channel.EMAIL,
            complainant=person("Marko Kovačević", "marko.k@example.hr", "Osijek"),
            reason=Reason.NO_ANSWER,
            summary="No answer to his access request within the month.",
            request_ids=received_before(60),
            status=ComplaintStatus.CLOSED,
            answered_on=ago(52),
            outcome=Outcome.UPHELD,
            closed_on=ago(50),
            entries=(
                Entry(ago(60), EntryKind.RECEIVED, "Complaint by e-mail", _DPO),
                Entry(
                    ago(58), EntryKind.NOTE, "Request found unanswered in customer service", _DPO
                ),
                Entry(ago(52), EntryKind.SENT, "Apology and the access answer sent", _DPO),
            ),
        ),
        Complaint(
            received_on=ago(40),
            channel=Channel.POST,
            complainant=person("Lucija Đurić", "lucija.d@example.hr", "Zadar"),
            reason=Reason.MARKETING_AFTER_OBJECTION,
            summary="Newsletters kept coming after she objected to marketing.",
            activity_ids=(marketing,) if marketing else (),
            status=ComplaintStatus.ESCALATED,
            answered_on=ago(33),
            authority=AuthorityCase(case_number="UP/I-041-02/26-01/204", lodged_on=ago(20)),
            entries=(
                Entry(ago(40), EntryKind.RECEIVED, "Letter received by post", _DPO),
                Entry(ago(33), EntryKind.SENT, "Answer: unsubscribed from every list", _DPO),
                Entry(
                    ago(12),
                    EntryKind.AZOP_LETTER,
                    "AZOP asks for a statement and the unsubscribe logs within 15 days",
                    _DPO,
                    due_on=ago(12) + timedelta(days=15),
                ),
            ),
        ),
        Complaint(
            received_on=ago(150),
            channel=Channel.EMAIL,
            complainant=person("Tomislav Pavlović", "tomislav.p@example.hr", "Varaždin"),
            reason=Reason.REFUSED_ERASURE,
            summary="Erasure of his account refused because of an open invoice.",
            status=ComplaintStatus.CLOSED,
            answered_on=ago(140),
            outcome=Outcome.REJECTED,
            closed_on=ago(30),
            authority=AuthorityCase(
                case_number="UP/I-041-02/26-01/118",
                lodged_on=ago(120),
                decided_on=ago(35),
                decision=DecisionOutcome.NO_INFRINGEMENT,
                decision_summary="Retention for the open claim lawful (Art. 17(3)(e)).",
            ),
            entries=(
                Entry(ago(150), EntryKind.RECEIVED, "Complaint by e-mail", _DPO),
                Entry(ago(140), EntryKind.SENT, "Answer: erasure after the claim is settled", _DPO),
                Entry(
                    ago(110),
                    EntryKind.AZOP_LETTER,
                    "AZOP asks for a statement within 8 days",
                    _DPO,
                    due_on=ago(102),
                ),
                Entry(ago(104), EntryKind.AZOP_REPLY, "Statement with the invoice sent", _DPO),
                Entry(ago(35), EntryKind.DECISION, "Rješenje: request rejected", _DPO),
            ),
        ),
        Complaint(
            received_on=ago(5),
            channel=Channel.WEB_FORM,
            complainant=person("Petra Jurić", "petra.j@example.hr"),
            reason=Reason.SECURITY,
            summary="Worried about her tickets after the ransomware notice.",
            incident_ids=(ransomware,) if ransomware else (),
            status=ComplaintStatus.UNDER_REVIEW,
            entries=(
                Entry(ago(5), EntryKind.RECEIVED, "Web form", _DPO),
                Entry(ago(4), EntryKind.NOTE, "Asked the processor which of her tickets", _DPO),
            ),
        ),
        Complaint(
            received_on=ago(20),
            channel=Channel.EMAIL,
            complainant=person("Filip Čačić", "filip.c@example.hr", "Pula"),
            representative=person("Udruga potrošača Potroško", "ured@potrosko.example"),
            reason=Reason.EXCESSIVE_IDENTITY,
            summary="A copy of an identity card was demanded for an access request.",
            request_ids=received_before(20),
            status=ComplaintStatus.ANSWERED,
            answered_on=ago(12),
            entries=(
                Entry(ago(20), EntryKind.RECEIVED, "Complaint by the consumer association", _DPO),
                Entry(
                    ago(12), EntryKind.SENT, "Answer: the copy is deleted, log-in suffices", _DPO
                ),
                Entry(
                    ago(11),
                    EntryKind.CORRECTION,
                    "The answer was sent on behalf of the DPO by customer service",
                    _DPO,
                    corrects=2,
                ),
            ),
        ),
        Complaint(
            received_on=ago(2),
            channel=Channel.PHONE,
            complainant=person("Josip Novak", "josip.n@example.hr"),
            reason=Reason.FEE_CHARGED,
            summary="Charged for a second copy of his data.",
            status=ComplaintStatus.RECEIVED,
            entries=(Entry(ago(2), EntryKind.RECEIVED, "Call noted", _DPO),),
        ),
    ]


def fill_complaints(uow: UnitOfWork, today: date) -> int:
    """Writes the sample's complaints; returns how many."""
    requests = [(s.id, s.received_on) for s in uow.requests.summaries(RequestFilter())]
    incidents = {i.title: i.id or 0 for i in uow.incidents.all()}
    activities = {a.name: a.id or 0 for a in uow.activities.all()}
    complaints = sample_complaints(today, requests, incidents, activities)
    for complaint in complaints:
        uow.complaints.save(complaint, [])
    return len(complaints)
