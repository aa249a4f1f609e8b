"""The requests log as the requests page and its exports show it: one column spec for both
(habit 5), with the days left counted from the day the table is drawn."""

from __future__ import annotations

from datetime import date

from dpo_desk.domain.columns import Column
from dpo_desk.domain.request import (
    CHANNEL_LABELS,
    STATUS_LABELS,
    RequestSort,
    RequestSummary,
    Right,
)
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _, ngettext

#: Short names of the rights for a table cell (the form shows the articles).
RIGHT_SHORT_LABELS = {
    Right.ACCESS: N_("access"),
    Right.RECTIFICATION: N_("rectification"),
    Right.ERASURE: N_("erasure"),
    Right.RESTRICTION: N_("restriction"),
    Right.PORTABILITY: N_("portability"),
    Right.OBJECTION: N_("objection"),
    Right.OBJECTION_MARKETING: N_("objection to marketing"),
    Right.AUTOMATED: N_("automated decisions"),
    Right.CONSENT_WITHDRAWAL: N_("withdrawal of consent"),
}


def subject_text(row: RequestSummary) -> str:
    """The data subject, and who acts for them; an anonymised request says so."""
    if row.anonymised:
        return _("(anonymised)")
    name = row.subject_name or row.subject_email
    if row.requester_name:
        return _("{subject} (through {requester})").format(
            subject=name, requester=row.requester_name
        )
    return name


def rights_text(row: RequestSummary) -> str:
    return ", ".join(_(RIGHT_SHORT_LABELS[right]) for right in row.rights)


def days_left_text(row: RequestSummary, today: date) -> str:
    """Calendar days to the due date, "overdue by …", "paused", or the day it was finished."""
    if row.paused:
        return _("paused")
    if row.due_on is None:
        return _("finished {date}").format(date=format_day(row.closed_on)) if row.closed_on else ""
    return due_in_words(row.due_on, today)


def due_in_words(due: date, today: date) -> str:
    """ "3 days", "due today", "overdue by 2 days": calendar days from ``today``."""
    days = (due - today).days
    if days < 0:
        return ngettext("overdue by {n} day", "overdue by {n} days", -days).format(n=-days)
    if days == 0:
        return _("due today")
    return ngettext("{n} day", "{n} days", days).format(n=days)


def is_overdue(row: RequestSummary, today: date) -> bool:
    return row.due_on is not None and row.due_on < today


def request_columns(today: date) -> tuple[Column[RequestSummary], ...]:
    """The requests log's columns on ``today`` (the days left depend on it)."""
    return (
        Column("reference", N_("Reference"), lambda r: r.reference, 14, RequestSort.REFERENCE),
        Column(
            "received_on",
            N_("Received"),
            lambda r: format_day(r.received_on),
            11,
            RequestSort.RECEIVED,
        ),
        Column(
            "channel",
            N_("Received by"),
            lambda r: _(CHANNEL_LABELS[r.channel]),
            10,
            RequestSort.CHANNEL,
        ),
        Column("rights", N_("Rights"), rights_text, 20),
        Column("subject", N_("Data subject"), subject_text, 26, RequestSort.SUBJECT),
        Column(
            "status", N_("Status"), lambda r: _(STATUS_LABELS[r.status]), 16, RequestSort.STATUS
        ),
        Column("due_on", N_("Due"), lambda r: format_day(r.due_on), 11, RequestSort.DUE),
        Column("days_left", N_("Days left"), lambda r: days_left_text(r, today), 17),
    )
