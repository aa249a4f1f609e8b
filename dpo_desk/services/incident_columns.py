"""The incidents register as the incidents page and its exports show it: one column spec for
both, with the 72-hour clock and the checklist read at the instant the table is drawn."""

from __future__ import annotations

from datetime import datetime

from dpo_desk.domain.breach import (
    BAND_LABELS,
    NOTIFICATION_HOURS,
    Recommendation,
    hours_elapsed,
    is_in_last_hours,
    is_late,
)
from dpo_desk.domain.columns import Column
from dpo_desk.domain.incident import (
    CAUSE_LABELS,
    INCIDENT_STATUS_LABELS,
    BreachFinding,
    IncidentSort,
    IncidentSummary,
)
from dpo_desk.domain.timefmt import format_instant
from dpo_desk.i18n import N_, _

#: What a decision reads in a table cell (the form gives the articles).
DECISION_SHORT_LABELS = {
    Recommendation.RECORD_ONLY: N_("internal record only"),
    Recommendation.NOTIFY_AUTHORITY: N_("notify AZOP"),
    Recommendation.NOTIFY_SUBJECTS_TOO: N_("AZOP and data subjects"),
}


FINDING_SHORT_LABELS = {
    BreachFinding.UNDETERMINED: N_("to be decided"),
    BreachFinding.BREACH: N_("breach"),
    BreachFinding.NOT_A_BREACH: N_("no breach"),
}


def hours_text(hours: float) -> str:
    """ "31 h 05 min": whole minutes, so the clock reads the same as a wall clock."""
    minutes = int(abs(hours) * 60)
    return _("{hours} h {minutes:02d} min").format(hours=minutes // 60, minutes=minutes % 60)


def clock_text(row: IncidentSummary, now: datetime) -> str:
    """Where the incident stands against Art. 33(1)'s 72 hours at ``now``."""
    if row.notified_at is not None:
        if row.aware_at is not None and is_late(row.aware_at, row.notified_at):
            return _("notified late, after {elapsed}").format(
                elapsed=hours_text(hours_elapsed(row.aware_at, row.notified_at))
            )
        return _("notified {when}").format(when=format_instant(row.notified_at))
    if row.finding is BreachFinding.NOT_A_BREACH:
        return _("not a breach")
    if row.decision is Recommendation.RECORD_ONLY:
        return _("not notified (decided)")
    if row.aware_at is None:
        return _("awareness not yet established")
    if not row.clock_running:
        return ""
    left = NOTIFICATION_HOURS - hours_elapsed(row.aware_at, now)
    if left < 0:
        return _("overdue by {time}").format(time=hours_text(left))
    return _("{time} left").format(time=hours_text(left))


def is_urgent(row: IncidentSummary, now: datetime) -> bool:
    """Red: the clock runs and is in its last 12 hours, or past them."""
    return row.clock_running and row.aware_at is not None and is_in_last_hours(row.aware_at, now)


def steps_overdue(row: IncidentSummary, now: datetime) -> bool:
    return row.next_step_due_at is not None and row.next_step_due_at < now


def severity_text(row: IncidentSummary) -> str:
    if row.band is None or row.score is None:
        return ""
    return f"{_(BAND_LABELS[row.band])} ({row.score:g})"


def incident_columns(now: datetime) -> tuple[Column[IncidentSummary], ...]:
    """The register's columns at ``now`` (the clock depends on it)."""
    return (
        Column("reference", N_("Reference"), lambda r: r.reference, 14, IncidentSort.REFERENCE),
        Column(
            "detected",
            N_("Detected"),
            lambda r: format_instant(r.detected_at),
            16,
            IncidentSort.DETECTED,
        ),
        Column("title", N_("Incident"), lambda r: r.title, 34),
        Column("cause", N_("Cause"), lambda r: _(CAUSE_LABELS[r.cause]), 18, IncidentSort.CAUSE),
        Column("finding", N_("Breach?"), lambda r: _(FINDING_SHORT_LABELS[r.finding]), 11),
        Column("severity", N_("Severity"), severity_text, 13, IncidentSort.SEVERITY),
        Column(
            "decision",
            N_("Decision"),
            lambda r: _(DECISION_SHORT_LABELS[r.decision]) if r.decision else "",
            18,
        ),
        Column(
            "clock", N_("72-hour clock"), lambda r: clock_text(r, now), 24, IncidentSort.DEADLINE
        ),
        Column(
            "next_step",
            N_("Next step due"),
            lambda r: format_instant(r.next_step_due_at) if r.next_step_due_at else "",
            16,
        ),
        Column(
            "status",
            N_("Status"),
            lambda r: _(INCIDENT_STATUS_LABELS[r.status]),
            9,
            IncidentSort.STATUS,
        ),
    )
