"""The sample organisation's response plans (one per scenario) and eight incidents in every
state: a breach whose 72-hour clock is running out, breaches notified on time and late (with
the reasons for the delay), one told to the data subjects, one kept internal with its
reasoning, a breach at a processor, and incidents found not to be breaches.

The plans follow the EDPB's Guidelines 01/2021 on examples of breach notification and ENISA's
advice: contain first, establish the facts, decide on notification before the 72 hours run
out, and document every decision (Art. 33(5)). Times are hours after awareness.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from dpo_desk.domain.breach import (
    Adjustment,
    AdjustmentKind,
    Availability,
    Confidentiality,
    Identification,
    Integrity,
    Recommendation,
)
from dpo_desk.domain.incident import (
    BreachFinding,
    Cause,
    Exemption,
    Incident,
    IncidentStatus,
    PlanStep,
    ResponsePlan,
    Scenario,
    start_checklist,
)
from dpo_desk.domain.timefmt import local
from dpo_desk.services.incidents import evaluation_of, figures
from dpo_desk.services.ports import UnitOfWork

_IT = "IT security"
_DPO = "DPO"
_MGMT = "Management board"
_COMMS = "Communications"
_LEGAL = "Legal"
_SUPPORT = "Customer service"

#: The last steps of every plan: the decision, the notification and the record.
_DECIDE = (
    PlanStep("Assess severity (ENISA) and decide on notifying AZOP", _DPO, 48),
    PlanStep("Notify AZOP, or record why not (Art. 33(1), 33(5))", _DPO, 72),
    PlanStep("Decide whether to tell the data subjects (Art. 34)", _DPO, 72),
)
_CLOSE = (
    PlanStep("Record facts, effects and remedial action in the register", _DPO, 168),
    PlanStep("Lessons learned: review measures and this plan", _MGMT, 720),
)

SAMPLE_PLANS: tuple[ResponsePlan, ...] = (
    ResponsePlan(
        Scenario.RANSOMWARE,
        (
            PlanStep("Isolate affected systems from the network; do not pay", _IT, 1),
            PlanStep("Preserve evidence and logs; engage forensic support", _IT, 4),
            PlanStep("Establish whether data were exfiltrated as well as encrypted", _IT, 24),
            PlanStep("Restore from clean, tested backups", _IT, 48),
            PlanStep("Report the crime to the police (cybercrime unit)", _LEGAL, 24),
            *_DECIDE,
            *_CLOSE,
        ),
    ),
    ResponsePlan(
        Scenario.LOST_DEVICE,
        (
            PlanStep("Lock and wipe the device remotely; revoke its sessions", _IT, 2),
            PlanStep("Establish whether the disk was encrypted and the key safe", _IT, 8),
            PlanStep("List what data the device held or could reach", _DPO, 24),
            PlanStep("Report the theft to the police", _LEGAL, 24),
            *_DECIDE,
            *_CLOSE,
        ),
    ),
    ResponsePlan(
        Scenario.MIS_SENT,
        (
            PlanStep("Ask the recipient to delete the message and confirm in writing", _DPO, 4),
            PlanStep("Recall the message where the mail system allows", _IT, 4),
            PlanStep("Establish which data and whose were disclosed", _DPO, 24),
            *_DECIDE,
            *_CLOSE,
        ),
    ),
    ResponsePlan(
        Scenario.INTRUSION,
        (
            PlanStep("Contain: block the attacker's access, reset credentials", _IT, 2),
            PlanStep("Preserve evidence and logs; engage forensic support", _IT, 6),
            PlanStep("Establish what was accessed and exfiltrated", _IT, 36),
            PlanStep("Force password resets and watch for misuse of the data", _SUPPORT, 48),
            *_DECIDE,
            PlanStep("Prepare the letter to data subjects with protective advice", _COMMS, 96),
            *_CLOSE,
        ),
    ),
    ResponsePlan(
        Scenario.INSIDER,
        (
            PlanStep("Suspend the employee's access; keep the logs", _IT, 2),
            PlanStep("Involve HR and legal; hear the employee", _LEGAL, 48),
            PlanStep("Establish which records were viewed or taken", _IT, 48),
            *_DECIDE,
            *_CLOSE,
        ),
    ),
    ResponsePlan(
        Scenario.PROCESSOR,
        (
            PlanStep("Ask the processor for the Art. 33(3) details in writing", _DPO, 4),
            PlanStep("Check the processor's containment and its Art. 28 obligations", _LEGAL, 24),
            PlanStep("Establish which of our data and subjects are affected", _DPO, 36),
            *_DECIDE,
            *_CLOSE,
        ),
    ),
)


def _ids(uow: UnitOfWork) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    activities = {a.name: a.id or 0 for a in uow.activities.all()}
    entries = {e.name: e.id or 0 for e in uow.catalogue.entries()}
    recipients = {r.name: r.id or 0 for r in uow.recipients.all()}
    return activities, entries, recipients


def sample_incidents(
    now: datetime,
    activities: dict[str, int],
    entries: dict[str, int],
    recipients: dict[str, int],
) -> list[Incident]:
    """The incidents, dated back from ``now``."""

    def ago(hours: float) -> datetime:
        return now - timedelta(hours=hours)

    def cats(*names: str) -> tuple[int, ...]:
        return tuple(entries[n] for n in names if n in entries)

    def acts(*names: str) -> tuple[int, ...]:
        return tuple(activities[n] for n in names if n in activities)

    users = cats("Users of Pixelus services")
    customers = cats("Customers")
    return [
        # A credential-stuffing attack: aware 64 hours ago, the clock in its last hours.
        Incident(
            title="Account takeover by credential stuffing",
            description=(
                "Automated log-ins with passwords leaked elsewhere succeeded on about 1,800 "
                "Pixelus ID accounts; names, e-mail addresses and order histories were viewed."
            ),
            detected_at=ago(70),
            occurred_from=ago(120),
            occurred_to=ago(69),
            aware_at=ago(64),
            reported_by="Security operations (monitoring alert)",
            confidentiality=True,
            cause=Cause.HACKING,
            scenario=Scenario.INTRUSION,
            finding=BreachFinding.BREACH,
            finding_reasoning="Accounts were accessed by third parties: confidentiality lost.",
            activity_ids=acts("Pixelus ID account", "Orders, purchases and payments"),
            data_category_ids=cats(
                "Identity data", "Contact data", "Purchase and transaction data"
            ),
            subject_category_ids=users + customers,
            subjects_approx=1800,
            records_approx=1800,
            consequences="Phishing aimed at the account holders; misuse of stored addresses.",
            measures_taken="Sessions revoked, passwords reset, rate limiting on log-in.",
            measures_proposed="Offer two-factor authentication; breached-password checks.",
            identification=Identification.MAXIMUM,
            lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
            malicious=True,
            adjustments=(
                Adjustment(
                    AdjustmentKind.CONTEXT,
                    1,
                    "Order histories reveal habits and addresses of delivery.",
                ),
            ),
        ),
        # A laptop stolen, encrypted: not notified, with the reasoning (Art. 34(3)(a) logic).
        Incident(
            title="Laptop stolen from an employee's car",
            description="A customer-service laptop was stolen; the disk is fully encrypted.",
            detected_at=ago(24 * 20),
            aware_at=ago(24 * 20 - 3),
            reported_by="Employee (customer service)",
            confidentiality=True,
            cause=Cause.LOST_OR_STOLEN,
            scenario=Scenario.LOST_DEVICE,
            finding=BreachFinding.BREACH,
            finding_reasoning="The device held customer-service tickets: a breach of security.",
            activity_ids=acts("Customer service"),
            data_category_ids=cats("Contact data", "Customer service correspondence"),
            subject_category_ids=cats("Callers and correspondents of customer service"),
            subjects_approx=350,
            records_approx=900,
            consequences="None likely: the data are unintelligible without the key.",
            measures_taken="Device wiped remotely on next connection attempt; theft reported.",
            identification=Identification.NEGLIGIBLE,
            lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
            lost_availability=Availability.NONE,
            malicious=True,
            decision=Recommendation.RECORD_ONLY,
            decision_reasoning=(
                "Full-disk encryption (AES-256) with the key on a separate token, not stolen: "
                "unlikely to result in a risk (Art. 33(1))."
            ),
            status=IncidentStatus.CLOSED,
            closed_on=local(ago(24 * 12)).date(),
        ),
        # A newsletter sent with every address visible: notified on time, subjects not told.
        Incident(
            title="Newsletter sent with recipients in CC",
            description="A campaign of 240 addresses went out with every address in CC.",
            detected_at=ago(24 * 40),
            occurred_from=ago(24 * 40 + 1),
            aware_at=ago(24 * 40 - 1),
            reported_by="Marketing team",
            confidentiality=True,
            cause=Cause.MIS_SENT,
            scenario=Scenario.MIS_SENT,
            finding=BreachFinding.BREACH,
            finding_reasoning="E-mail addresses disclosed to other recipients.",
            activity_ids=acts("Marketing communications and newsletters"),
            data_category_ids=cats("Contact data"),
            subject_category_ids=cats("Newsletter subscribers"),
            subjects_approx=240,
            records_approx=240,
            consequences="Unwanted e-mail; the list shows who subscribes to our newsletter.",
            measures_taken="Recipients asked to delete the message; campaign tool set to BCC.",
            identification=Identification.SIGNIFICANT,
            lost_confidentiality=Confidentiality.KNOWN_RECIPIENTS,
            adjustments=(Adjustment(AdjustmentKind.VOLUME, 1, "240 people, all on one message."),),
            decision=Recommendation.NOTIFY_AUTHORITY,
            decision_reasoning=(
                "Low score, but notified as a precaution: strangers now hold the list of our "
                "subscribers. No high risk to the subjects, so they are not told."
            ),
            notified_at=ago(24 * 40 - 30),
            authority_reference="UP/I-041-02/26-01/118",
            status=IncidentStatus.CLOSED,
            closed_on=local(ago(24 * 30)).date(),
        ),
        # Ransomware at the ticketing processor, reported late to us and notified late.
        Incident(
            title="Ransomware at the ticketing platform",
            description=(
                "The ticketing platform's provider reported that ransomware encrypted its "
                "servers; ticket attachments may have been copied."
            ),
            detected_at=ago(24 * 9),
            occurred_from=ago(24 * 11),
            aware_at=ago(24 * 9 - 2),
            processor_reported=True,
            processor_recipient_id=recipients.get("Ticketing platform (illustrative)"),
            processor_reported_at=ago(24 * 9),
            reported_by="The processor's security officer",
            confidentiality=True,
            availability=True,
            cause=Cause.PROCESSOR,
            scenario=Scenario.PROCESSOR,
            finding=BreachFinding.BREACH,
            finding_reasoning="Our customers' tickets were on the encrypted servers.",
            activity_ids=acts("Customer service"),
            data_category_ids=cats(
                "Contact data", "Customer service correspondence", "Voice recordings"
            ),
            subject_category_ids=cats("Callers and correspondents of customer service"),
            subjects_approx=12000,
            records_approx=40000,
            consequences="Tickets unavailable for two days; possible publication of tickets.",
            measures_taken="Service restored from backups; our API keys rotated.",
            measures_proposed="Audit of the processor under Art. 28(3)(h).",
            cross_border=True,
            cross_border_details="Customers in Slovenia and Austria; lead authority: AZOP.",
            identification=Identification.MAXIMUM,
            lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
            lost_availability=Availability.TEMPORARY,
            malicious=True,
            adjustments=(
                Adjustment(AdjustmentKind.VOLUME, 1, "About 12,000 customers, 40,000 tickets."),
            ),
            decision=Recommendation.NOTIFY_SUBJECTS_TOO,
            decision_reasoning=(
                "High severity: publication of tickets cannot be ruled out; tell the customers."
            ),
            notified_at=ago(24 * 9 - 2 - 80),
            delay_reasons=(
                "The processor's first report named no data; the list of affected customers "
                "arrived 78 hours after it."
            ),
            authority_reference="UP/I-041-02/26-01/131",
            subjects_told_on=local(ago(24 * 5)).date(),
            subjects_told_how="E-mail to every affected customer",
            ongoing=False,
        ),
        # A phishing e-mail reported, nothing compromised: not a breach.
        Incident(
            title="Phishing e-mail to the finance team",
            description="A phishing e-mail asked for log-in details; nobody answered.",
            detected_at=ago(24 * 3),
            reported_by="Finance team",
            cause=Cause.HACKING,
            finding=BreachFinding.NOT_A_BREACH,
            finding_reasoning="No credentials entered, no data accessed (mail logs checked).",
            status=IncidentStatus.CLOSED,
            closed_on=local(ago(24 * 2)).date(),
        ),
        # Just recorded: the short form, awareness still to be established.
        Incident(
            title="Suspicious export of the customer list",
            description="An unusually large export of the CRM was logged last night.",
            detected_at=ago(5),
            reported_by="Logging and monitoring alert",
            cause=Cause.INSIDER,
            scenario=Scenario.INSIDER,
            ongoing=True,
        ),
        # Wrong person's data shown in the app: notified, told, with a 34(3)(c) note.
        Incident(
            title="Other customers' orders shown in the app",
            description="A caching fault showed other users' order lists for 40 minutes.",
            detected_at=ago(24 * 60),
            occurred_from=ago(24 * 60 + 1),
            occurred_to=ago(24 * 60 - 0.3),
            aware_at=ago(24 * 60 - 2),
            reported_by="Customer service (complaints from users)",
            confidentiality=True,
            cause=Cause.WRONG_DATA_SHOWN,
            finding=BreachFinding.BREACH,
            finding_reasoning="Order lists of about 5,000 users shown to other users.",
            activity_ids=acts("Orders, purchases and payments"),
            data_category_ids=cats("Identity data", "Purchase and transaction data"),
            subject_category_ids=customers,
            subjects_approx=5000,
            records_approx=5000,
            consequences="Disclosure of purchases and delivery addresses to strangers.",
            measures_taken="Cache disabled, fault fixed, logs reviewed.",
            identification=Identification.MAXIMUM,
            lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
            decision=Recommendation.NOTIFY_AUTHORITY,
            decision_reasoning=(
                "High score, but which orders each viewer saw is not logged: the customers are "
                "told by a public notice in the app instead (Art. 34(3)(c))."
            ),
            exemption=Exemption.DISPROPORTIONATE,
            notified_at=ago(24 * 60 - 40),
            authority_reference="UP/I-041-02/26-01/097",
            subjects_told_on=local(ago(24 * 58)).date(),
            subjects_told_how="Notice in the app and on the web site for 30 days",
            status=IncidentStatus.CLOSED,
            closed_on=local(ago(24 * 45)).date(),
        ),
        # Lost paper: the integrity and availability of a signed consent form.
        Incident(
            title="Competition entry forms lost in the post",
            description="A parcel with 60 signed entry forms never reached the sponsor.",
            detected_at=ago(24 * 2),
            aware_at=ago(24 * 2 - 6),
            reported_by="Partnerships team",
            confidentiality=True,
            availability=True,
            cause=Cause.LOST_OR_STOLEN,
            scenario=Scenario.LOST_DEVICE,
            finding=BreachFinding.BREACH,
            finding_reasoning="Entry forms with names and addresses are out of our control.",
            activity_ids=acts("Surveys and competitions with partners and sponsors"),
            data_category_ids=cats("Identity data", "Contact data"),
            subject_category_ids=cats("Survey and competition participants"),
            subjects_approx=60,
            records_approx=60,
            identification=Identification.MAXIMUM,
            lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
            lost_integrity=Integrity.NONE,
            lost_availability=Availability.PERMANENT,
        ),
    ]


def fill_incidents(uow: UnitOfWork, now: datetime) -> int:
    """Writes the plans and the incidents (their checklists started, some steps ticked)."""
    plans = {plan.scenario: uow.plans.save(plan) for plan in SAMPLE_PLANS}
    incidents = sample_incidents(now, *_ids(uow))
    for incident in incidents:
        if incident.scenario is not None:
            checklist = list(start_checklist(plans[incident.scenario]))
            if incident.aware_at is not None:
                # Steps whose time has come were done on time, except in the running breach.
                for n, step in enumerate(checklist):
                    due = step.due_at(incident.aware_at)
                    finished = incident.status is IncidentStatus.CLOSED
                    if finished or (due <= now and (n < 2 or incident.notified_at is not None)):
                        done = min(max(incident.aware_at, due - timedelta(hours=1)), now)
                        checklist[n] = replace(step, done_at=done, done_by=step.role)
            incident = replace(incident, checklist=tuple(checklist))
        evaluation = evaluation_of(uow, incident)
        assert incident.detected_at is not None
        uow.incidents.save(
            incident, local(incident.detected_at).year, figures(incident, evaluation)
        )
    return len(incidents)
