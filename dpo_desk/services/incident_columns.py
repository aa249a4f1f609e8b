"""The incidents register as the incidents page and its exports show it: one column spec for
both, with the 72-hour clock and the checklist read at the instant the table is drawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from dpo_desk.domain.breach import (
    ADJUSTMENT_LABELS,
    BAND_LABELS,
    NOTIFICATION_HOURS,
    Recommendation,
    Severity,
    hours_elapsed,
    is_in_last_hours,
    is_late,
)
from dpo_desk.domain.columns import Column
from dpo_desk.domain.incident import (
    CAUSE_LABELS,
    EXEMPTION_LABELS,
    FINDING_LABELS,
    INCIDENT_STATUS_LABELS,
    RECOMMENDATION_LABELS,
    SCENARIO_LABELS,
    BreachFinding,
    Incident,
    IncidentSort,
    IncidentSummary,
)
from dpo_desk.domain.timefmt import format_day, format_instant
from dpo_desk.i18n import N_, _
from dpo_desk.services.incidents import BreachRecord

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
            17,
            IncidentSort.DETECTED,
        ),
        Column("title", N_("Incident"), lambda r: r.title, 34),
        Column("cause", N_("Cause"), lambda r: _(CAUSE_LABELS[r.cause]), 16, IncidentSort.CAUSE),
        Column("finding", N_("Breach?"), lambda r: _(FINDING_SHORT_LABELS[r.finding]), 11),
        Column("severity", N_("Severity"), severity_text, 15, IncidentSort.SEVERITY),
        Column(
            "decision",
            N_("Decision"),
            lambda r: _(DECISION_SHORT_LABELS[r.decision]) if r.decision else "",
            16,
        ),
        Column(
            "clock", N_("72-hour clock"), lambda r: clock_text(r, now), 22, IncidentSort.DEADLINE
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


# --- the Art. 33(5) register: facts, effects, remedial action and the reasoning ------------


def _window(incident: Incident) -> str:
    if incident.occurred_from is None:
        return ""
    if incident.occurred_to is None:
        return format_instant(incident.occurred_from)
    return f"{format_instant(incident.occurred_from)} – {format_instant(incident.occurred_to)}"


def nature_text(incident: Incident) -> str:
    """ "confidentiality, availability": what the breach compromised."""
    return ", ".join(
        _(label)
        for flag, label in (
            (incident.confidentiality, N_("confidentiality")),
            (incident.integrity, N_("integrity")),
            (incident.availability, N_("availability")),
        )
        if flag
    )


def severity_formula(found: Severity) -> str:
    """ "3.25, high (DPC 2 × EI 1 + CB 1.25)": the score with how ENISA's formula gave it."""
    return _("{score:g}, {band} (DPC {dpc} × EI {ei:g} + CB {cb:g})").format(
        score=found.score,
        band=_(BAND_LABELS[found.band]).lower(),
        dpc=found.dpc,
        ei=found.ei,
        cb=found.cb,
    )


def _severity(record: BreachRecord) -> str:
    found = record.evaluation.severity
    if found is None:
        return _("not assessed")
    text = severity_formula(found)
    adjustments = [
        f"{_(ADJUSTMENT_LABELS[a.kind])} {a.points:+d}: {a.justification}"
        for a in record.incident.adjustments
    ]
    return "\n".join([text, *adjustments])


def _notified(incident: Incident) -> str:
    if incident.notified_at is None:
        return ""
    text = format_instant(incident.notified_at)
    if incident.aware_at is not None:
        elapsed = hours_elapsed(incident.aware_at, incident.notified_at)
        text += " (" + _("{time} after awareness").format(time=hours_text(elapsed)) + ")"
    return text


def _subjects_told(incident: Incident) -> str:
    if incident.subjects_told_on is None:
        return _(EXEMPTION_LABELS[incident.exemption]) if incident.exemption else ""
    told = f"{format_day(incident.subjects_told_on)} {incident.subjects_told_how}".strip()
    if incident.exemption is not None:
        told += "\n" + _(EXEMPTION_LABELS[incident.exemption])
    return told


def grouped(value: int | None) -> str:
    """ "12.000": a number as Croatian (and the authority) groups it; "" when unknown."""
    return f"{value:,}".replace(",", ".") if value is not None else ""


def checklist_progress(incident: Incident) -> str:
    """ "Ransomware: 7 of 10 steps done" ("" without a checklist)."""
    if not incident.checklist:
        return ""
    done = sum(1 for step in incident.checklist if step.done_at is not None)
    plan = _(SCENARIO_LABELS[incident.scenario]) if incident.scenario else ""
    return _("{plan}: {done} of {steps} steps done").format(
        plan=plan, done=done, steps=len(incident.checklist)
    )


def _text(getter: Callable[[Incident], str]) -> Callable[[BreachRecord], str]:
    return lambda record: getter(record.incident)


BREACH_REGISTER_COLUMNS: tuple[Column[BreachRecord], ...] = (
    Column("reference", N_("Reference"), _text(lambda i: i.reference or ""), 17),
    Column("title", N_("Incident"), _text(lambda i: i.title), 26),
    Column(
        "detected",
        N_("Detected"),
        _text(lambda i: format_instant(i.detected_at) if i.detected_at else ""),
        15,
    ),
    Column("occurred", N_("When it happened"), _text(_window), 18),
    Column(
        "aware",
        N_("Became aware at"),
        _text(lambda i: format_instant(i.aware_at) if i.aware_at else ""),
        15,
    ),
    Column("reported_by", N_("Reported by"), _text(lambda i: i.reported_by), 16),
    Column(
        "processor",
        N_("Reported by the processor"),
        lambda r: (
            f"{r.processor}, {format_instant(r.incident.processor_reported_at)}"
            if r.incident.processor_reported_at
            else r.processor
        ),
        18,
    ),
    Column("cause", N_("Cause"), _text(lambda i: _(CAUSE_LABELS[i.cause])), 18),
    Column("cause_details", N_("Cause in detail"), _text(lambda i: i.cause_details), 18),
    Column("nature", N_("Nature"), _text(nature_text), 14),
    Column("facts", N_("What happened"), _text(lambda i: i.description), 36),
    Column("activities", N_("Processing activities"), lambda r: "; ".join(r.activities), 22),
    Column("data", N_("Categories of personal data"), lambda r: "; ".join(r.data_categories), 22),
    Column(
        "subjects",
        N_("Categories of data subjects"),
        lambda r: "; ".join(r.subject_categories),
        20,
    ),
    Column(
        "subjects_approx",
        N_("Data subjects (approx.)"),
        _text(lambda i: grouped(i.subjects_approx)),
        10,
    ),
    Column(
        "records_approx", N_("Records (approx.)"), _text(lambda i: grouped(i.records_approx)), 10
    ),
    Column("effects", N_("Effects (likely consequences)"), _text(lambda i: i.consequences), 28),
    Column("ongoing", N_("Still going on"), _text(lambda i: _("yes") if i.ongoing else _("no")), 8),
    Column(
        "finding",
        N_("Personal-data breach"),
        _text(lambda i: _(FINDING_LABELS[i.finding])),
        16,
    ),
    Column(
        "finding_reasoning",
        N_("Why it is or is not a breach"),
        _text(lambda i: i.finding_reasoning),
        28,
    ),
    Column("severity", N_("Severity (ENISA)"), _severity, 26),
    Column(
        "recommendation",
        N_("Policy's recommendation"),
        lambda r: (
            _(RECOMMENDATION_LABELS[r.evaluation.recommendation])
            if r.evaluation.recommendation
            else ""
        ),
        20,
    ),
    Column(
        "decision",
        N_("Decision"),
        _text(lambda i: _(RECOMMENDATION_LABELS[i.decision]) if i.decision else ""),
        20,
    ),
    Column(
        "decision_reasoning",
        N_("Reasoning of the decision"),
        _text(lambda i: i.decision_reasoning),
        30,
    ),
    Column("notified", N_("AZOP notified at"), _text(_notified), 18),
    Column("delay_reasons", N_("Reasons for the delay"), _text(lambda i: i.delay_reasons), 24),
    Column(
        "authority_reference", N_("AZOP case number"), _text(lambda i: i.authority_reference), 16
    ),
    Column("subjects_told", N_("Data subjects told"), _text(_subjects_told), 22),
    Column("measures_taken", N_("Remedial action taken"), _text(lambda i: i.measures_taken), 28),
    Column("measures_proposed", N_("Measures proposed"), _text(lambda i: i.measures_proposed), 24),
    Column(
        "cross_border",
        N_("Cross-border aspects"),
        _text(lambda i: i.cross_border_details if i.cross_border else _("no")),
        16,
    ),
    Column("checklist", N_("Response checklist"), _text(checklist_progress), 18),
    Column(
        "status",
        N_("Status"),
        _text(
            lambda i: (
                _(INCIDENT_STATUS_LABELS[i.status])
                + (f" {format_day(i.closed_on)}" if i.closed_on else "")
            )
        ),
        12,
    ),
)

#: The columns of the PDF's summary table.
BREACH_SUMMARY_KEYS = (
    "reference",
    "title",
    "detected",
    "cause",
    "severity",
    "decision",
    "notified",
    "status",
)
