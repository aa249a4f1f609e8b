"""The complaints register and the complaint-handling log as the page and the exports show
them: one column spec for both."""

from __future__ import annotations

from dataclasses import replace

from dpo_desk.domain.columns import Column
from dpo_desk.domain.complaint import (
    COMPLAINT_STATUS_LABELS,
    DECISION_LABELS,
    ENTRY_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    Complaint,
    Entry,
)
from dpo_desk.domain.request import CHANNEL_LABELS
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _
from dpo_desk.services.complaints import ComplaintLine, days_to_answer


def complainant_text(complaint: Complaint) -> str:
    name = complaint.complainant.name or complaint.complainant.email
    if complaint.representative is not None:
        return _("{subject} (through {requester})").format(
            subject=name, requester=complaint.representative.name
        )
    return name


def reason_text(complaint: Complaint) -> str:
    label = _(REASON_LABELS[complaint.reason])
    return f"{label}: {complaint.reason_text}" if complaint.reason_text else label


def concerns_text(line: ComplaintLine) -> str:
    return "; ".join(part for part in (*line.requests, *line.incidents, *line.activities) if part)


def entry_text(number: int, entry: Entry) -> str:
    """ "3. 18.10.2026. Reply to AZOP (Ana): Statement sent — due 19.10.2026." """
    who = f" ({entry.who})" if entry.who else ""
    text = f"{number}. {format_day(entry.on)} {_(ENTRY_LABELS[entry.kind])}{who}: {entry.text}"
    if entry.corrects is not None:
        text += " " + _("(corrects entry {n})").format(n=entry.corrects)
    if entry.due_on is not None:
        text += " " + _("— due {date}").format(date=format_day(entry.due_on))
    return text


def _azop(complaint: Complaint) -> str:
    case = complaint.authority
    if case is None:
        return ""
    parts = [case.case_number]
    if case.decision is not None:
        parts.append(f"{_(DECISION_LABELS[case.decision])} {format_day(case.decided_on)}")
    if case.lawsuit_filed_on is not None:
        parts.append(
            _("lawsuit {date}, {court}").format(
                date=format_day(case.lawsuit_filed_on), court=case.lawsuit_court
            )
        )
    return "\n".join(part for part in parts if part)


def _days(complaint: Complaint) -> str:
    days = days_to_answer(complaint)
    return str(days) if days is not None else ""


COMPLAINT_COLUMNS: tuple[Column[ComplaintLine], ...] = (
    Column("reference", N_("Reference"), lambda r: r.complaint.reference or "", 14),
    Column("received_on", N_("Received"), lambda r: format_day(r.complaint.received_on), 11),
    Column("channel", N_("Received by"), lambda r: _(CHANNEL_LABELS[r.complaint.channel]), 10),
    Column("complainant", N_("Complainant"), lambda r: complainant_text(r.complaint), 22),
    Column("reason", N_("Reason"), lambda r: reason_text(r.complaint), 22),
    Column("concerns", N_("Concerns"), concerns_text, 20),
    Column("summary", N_("Summary"), lambda r: r.complaint.summary, 26),
    Column("status", N_("Status"), lambda r: _(COMPLAINT_STATUS_LABELS[r.complaint.status]), 14),
    Column("answered_on", N_("Answered"), lambda r: format_day(r.complaint.answered_on), 11),
    Column("days", N_("Days to answer"), lambda r: _days(r.complaint), 8),
    Column(
        "outcome",
        N_("Outcome"),
        lambda r: _(OUTCOME_LABELS[r.complaint.outcome]) if r.complaint.outcome else "",
        12,
    ),
    Column("azop", N_("AZOP case"), lambda r: _azop(r.complaint), 22),
    Column(
        "next_due_on",
        N_("AZOP deadline"),
        lambda r: format_day(r.complaint.next_due_on),
        11,
    ),
    Column("closed_on", N_("Closed"), lambda r: format_day(r.complaint.closed_on), 11),
)

#: The log's columns (narrower: every action follows, in order).
_LOG_WIDTHS = {
    "reference": 18,
    "received_on": 15,
    "complainant": 16,
    "reason": 15,
    "concerns": 17,
    "status": 12,
    "days": 11,
    "outcome": 13,
    "azop": 19,
}
LOG_COLUMNS: tuple[Column[ComplaintLine], ...] = (
    *(replace(c, width=_LOG_WIDTHS[c.key]) for c in COMPLAINT_COLUMNS if c.key in _LOG_WIDTHS),
    Column(
        "actions",
        N_("Actions"),
        lambda r: "\n".join(entry_text(n, e) for n, e in enumerate(r.complaint.entries, start=1)),
        38,
    ),
)
