"""Reading the audit log, and the columns its register view and export share."""

from __future__ import annotations

from dpo_desk.domain.audit import AuditAction, AuditEvent, AuditValue
from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import format_instant
from dpo_desk.i18n import N_, _
from dpo_desk.services.ports import UnitOfWorkFactory

ACTION_LABELS = {
    AuditAction.CREATE: N_("created"),
    AuditAction.UPDATE: N_("changed"),
    AuditAction.DELETE: N_("deleted"),
}


#: What each table holds, as the log names a record. A later register adds its tables here
#: (tests/services/test_audit.py checks every audited table and column has a label).
ENTITY_LABELS = {
    "organisation": N_("Organisation profile"),
    "attachment": N_("Attachment"),
    "database_info": N_("Database information"),
    "activity": N_("Processing activity"),
    "activity_link": N_("Link of an activity to a catalogue entry"),
    "retention_rule": N_("Retention rule"),
    "catalogue_entry": N_("Catalogue entry"),
    "recipient": N_("Recipient"),
    "recipient_activity": N_("Activity disclosing to a recipient"),
    "transfer": N_("Transfer"),
    "transfer_activity": N_("Activity of a transfer"),
    "transfer_data_category": N_("Data category of a transfer"),
    "destination_change": N_("Change to the reference table of countries"),
    "request": N_("Data-subject request"),
    "request_right": N_("Right exercised in a request"),
    "request_activity": N_("Activity concerned by a request"),
    "request_pause": N_("Pause of a request's clock"),
    "request_step": N_("Step of a request's workflow"),
    "request_letter": N_("Correspondence of a request"),
    "request_letter_document": N_("Document of a request's correspondence"),
    "request_recipient": N_("Recipient told of a request (Art. 19)"),
    "incident": N_("Incident"),
    "incident_activity": N_("Activity affected by an incident"),
    "incident_category": N_("Category affected by an incident"),
    "incident_adjustment": N_("Adjustment of an incident's severity"),
    "incident_step": N_("Step of an incident's response checklist"),
    "incident_notification": N_("Notification of a breach"),
    "response_plan": N_("Response plan"),
    "response_plan_step": N_("Step of a response plan"),
    "complaint": N_("Complaint"),
    "complaint_request": N_("Request concerned by a complaint"),
    "complaint_incident": N_("Incident concerned by a complaint"),
    "complaint_activity": N_("Activity concerned by a complaint"),
    "complaint_entry": N_("Entry of a complaint's log"),
    "complaint_entry_document": N_("Document of a complaint's log"),
}

_PERSON_FIELDS = {
    "name": N_("name"),
    "email": N_("e-mail"),
    "phone": N_("telephone"),
    "street": N_("street and number"),
    "postal_code": N_("postal code"),
    "city": N_("city"),
    "country_code": N_("country"),
}
_PREFIXES = {
    "subject_": N_("Data subject"),
    "complainant_": N_("Complainant"),
    "requester_": N_("Requester"),
    "dpo_": N_("DPO"),
    "representative_": N_("Representative"),
    "authority_": N_("Authority"),
}

#: Column names as the log shows them (the columns of every audited table).
FIELD_LABELS = {
    "controller_name": N_("Controller name"),
    "street": N_("Street and number"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "country_code": N_("Country"),
    "oib": N_("OIB"),
    "phone": N_("Telephone"),
    "email": N_("E-mail"),
    "website": N_("Web site"),
    "has_representative": N_("Has an EU representative"),
    "logo_attachment_id": N_("Logo"),
    "authority_website": N_("Authority web site"),
    "file_name": N_("File name"),
    "media_type": N_("Media type"),
    "size": N_("Size in bytes"),
    "sha256": N_("SHA-256"),
    "received_on": N_("Received on"),
    "description": N_("Description"),
    "content": N_("Content"),
    "key": N_("Key"),
    "value": N_("Value"),
    "id": N_("Number"),
    "version": N_("Version"),
    "created_at": N_("Created"),
    "updated_at": N_("Last changed"),
    # The register of processing activities
    "register": N_("Register"),
    "name": N_("Name"),
    "purposes": N_("Purposes"),
    "role": N_("Role"),
    "lawful_bases": N_("Lawful basis"),
    "special_condition": N_("Art. 9(2) condition"),
    "legitimate_interest": N_("Legitimate interest"),
    "balancing_test": N_("Balancing test"),
    "measures_description": N_("Security measures (description)"),
    "source": N_("Source"),
    "automated_decisions": N_("Automated decisions"),
    "automated_logic": N_("Logic of automated decisions"),
    "systems": N_("Systems used"),
    "location": N_("Location of the data"),
    "dpia_status": N_("DPIA"),
    "dpia_reference": N_("DPIA reference"),
    "owner": N_("Business function"),
    "status": N_("Status"),
    "joint_controllers": N_("Joint controllers"),
    "controller_contact": N_("Controller's contact details"),
    "processing_categories": N_("Categories of processing"),
    "last_reviewed_on": N_("Last reviewed"),
    "next_review_on": N_("Next review"),
    "activity_id": N_("Processing activity"),
    "entry_id": N_("Catalogue entry"),
    "position": N_("Position"),
    "data_category_id": N_("Category of personal data"),
    "period": N_("Period"),
    "unit": N_("Unit"),
    "trigger": N_("Counted from"),
    "criterion": N_("Criterion"),
    "fate": N_("At the end"),
    "citation": N_("Legal basis of the period"),
    "kind": N_("Catalogue"),
    "special": N_("Special category"),
    "enisa_type": N_("ENISA data type"),
    "measure_kind": N_("Kind of measure"),
    # Recipients and transfers
    "contact": N_("Contact"),
    "dpo_contact": N_("DPO contact"),
    "processor_id": N_("Engaged by processor"),
    "dpf_certified": N_("DPF certified"),
    "dpf_checked_on": N_("DPF certification checked"),
    "agreement_signed_on": N_("Agreement signed"),
    "agreement_document_id": N_("Signed agreement"),
    "agreement_review_on": N_("Agreement review date"),
    "notes": N_("Notes"),
    "recipient_id": N_("Recipient"),
    "transfer_id": N_("Transfer"),
    "tool": N_("Transfer tool"),
    "scc_module": N_("SCC module"),
    "tool_reference": N_("Reference of the tool"),
    "tool_signed_on": N_("Signed or approved"),
    "tool_document_id": N_("Document of the tool"),
    "scope_checked_on": N_("Within the decision's scope, checked"),
    "derogation": N_("Art. 49 ground"),
    "derogation_assessment": N_("Documented assessment"),
    "authority_informed_on": N_("Supervisory authority informed"),
    "subjects_informed_on": N_("Data subjects informed"),
    "tia_assessed_on": N_("TIA date"),
    "tia_outcome": N_("TIA outcome"),
    "tia_measures": N_("Supplementary measures"),
    "tia_document_id": N_("TIA document"),
    "tia_review_on": N_("TIA next review"),
    # The user's changes to the reference table of countries
    "code": N_("Code"),
    "eea": N_("EEA member"),
    "has_adequacy": N_("Adequacy decision"),
    "reference": N_("Decision"),
    "adopted_on": N_("Adopted"),
    "scope": N_("Scope"),
    "scope_en": N_("Scope (English)"),
    "scope_hr": N_("Scope (Croatian)"),
    "review_on": N_("Next review"),
    "expires_on": N_("Expires"),
    "withdrawn_on": N_("Withdrawn"),
    "reason": N_("Reason for the change"),
    # Data-subject requests
    "year": N_("Year"),
    "number": N_("Number"),
    "channel": N_("Received by"),
    "postmark_on": N_("Postmark date"),
    "registered_mail_number": N_("Registered mail number"),
    "has_requester": N_("Made by someone acting for the data subject"),
    "authority_documented": N_("Requester's authority documented"),
    "authority_document_id": N_("Requester's authority (document)"),
    "language": N_("Language of the reply"),
    "reply_channel": N_("Reply by"),
    "summary": N_("What is asked"),
    "identity_method": N_("Identity check"),
    "identity_reason": N_("Reason for the identity check"),
    "identity_confirmed_on": N_("Identity confirmed on"),
    "extended_on": N_("Extension decided on"),
    "extension_reasons": N_("Reasons for the extension"),
    "due_on": N_("Due on"),
    "paused": N_("Paused"),
    "request_id": N_("Request"),
    "right": N_("Right"),
    "start": N_("From"),
    "end": N_("To"),
    "previous": N_("Previous status"),
    "on": N_("Date"),
    "note": N_("Note"),
    "closed_on": N_("Finished on"),
    "anonymised_at": N_("Anonymised"),
    "direction": N_("Direction"),
    "letter_id": N_("Correspondence"),
    "attachment_id": N_("Document"),
    "told_on": N_("Informed on"),
    "letter": N_("Letter kept"),
    # Incidents and breaches
    "scenario": N_("Response plan"),
    "plan_id": N_("Response plan"),
    "title": N_("Title"),
    "due_hours": N_("Due (hours after awareness)"),
    "incident_id": N_("Incident"),
    "detected_at": N_("Detected at"),
    "occurred_from": N_("Happened at (from)"),
    "occurred_to": N_("Happened until"),
    "aware_at": N_("Became aware at"),
    "processor_reported": N_("Reported by a processor"),
    "processor_recipient_id": N_("Processor"),
    "processor_reported_at": N_("Reported by the processor at"),
    "reported_by": N_("Reported by"),
    "confidentiality": N_("Confidentiality breach"),
    "integrity": N_("Integrity breach"),
    "availability": N_("Availability breach"),
    "cause": N_("Cause"),
    "cause_details": N_("Cause in detail"),
    "ongoing": N_("Still going on"),
    "finding": N_("Personal-data breach"),
    "finding_reasoning": N_("Why it is or is not a breach"),
    "subjects_approx": N_("Approximate number of data subjects"),
    "records_approx": N_("Approximate number of records"),
    "consequences": N_("Likely consequences"),
    "measures_taken": N_("Measures taken"),
    "measures_proposed": N_("Measures proposed"),
    "cross_border": N_("Cross-border"),
    "cross_border_details": N_("Cross-border aspects"),
    "identification": N_("Ease of identification"),
    "lost_confidentiality": N_("Loss of confidentiality"),
    "lost_integrity": N_("Loss of integrity"),
    "lost_availability": N_("Loss of availability"),
    "malicious": N_("Malicious intent"),
    "points": N_("Points"),
    "justification": N_("Justification"),
    "decision": N_("Decision"),
    "decision_reasoning": N_("Reasoning of the decision"),
    "exemption": N_("Art. 34(3) exemption"),
    "notified_at": N_("AZOP notified at"),
    "delay_reasons": N_("Reasons for the delay"),
    "authority_reference": N_("AZOP case number"),
    "subjects_told_on": N_("Data subjects told on"),
    "subjects_told_how": N_("How the data subjects were told"),
    "done_at": N_("Done at"),
    "done_by": N_("Done by"),
    "addressee": N_("Addressee"),
    "phase": N_("Phase"),
    "prepared_at": N_("Prepared at"),
    # Complaints
    "complaint_id": N_("Complaint"),
    "reason_text": N_("Reason in detail"),
    "answered_on": N_("Answered on"),
    "outcome": N_("Outcome"),
    "escalated": N_("Before AZOP"),
    "case_number": N_("AZOP case number"),
    "lodged_on": N_("Lodged with AZOP on"),
    "decided_on": N_("Decided on"),
    "decision_summary": N_("Decision in short"),
    "lawsuit_filed_on": N_("Lawsuit filed on"),
    "lawsuit_court": N_("Administrative court"),
    "lawsuit_number": N_("Lawsuit case number"),
    "lawsuit_outcome": N_("Outcome of the lawsuit"),
    "text": N_("Text"),
    "who": N_("Who"),
    "corrects": N_("Corrects entry"),
    "recorded_at": N_("Recorded at"),
}


def field_label(column: str) -> str:
    """A column's name for people, in the current language ("dpo_email" -> "DPO e-mail")."""
    if column in FIELD_LABELS:
        return _(FIELD_LABELS[column])
    for prefix, owner in _PREFIXES.items():
        rest = column.removeprefix(prefix)
        if rest != column and rest in _PERSON_FIELDS:
            return f"{_(owner)}: {_(_PERSON_FIELDS[rest])}"
    return column


def record_label(event: AuditEvent) -> str:
    entity = ENTITY_LABELS.get(event.entity)
    return f"{_(entity) if entity else event.entity} #{event.entity_id}"


def _show(value: AuditValue) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def describe_changes(event: AuditEvent) -> str:
    """ "field: before → after" for each changed field, one per line."""
    return "\n".join(
        f"{field_label(name)}: {_show(before)} → {_show(after)}"
        for name, (before, after) in event.changes.items()
    )


AUDIT_COLUMNS: tuple[Column[AuditEvent], ...] = (
    Column("occurred_at", N_("When (Zagreb time)"), lambda e: format_instant(e.occurred_at), 17),
    Column("os_user", N_("User"), lambda e: e.os_user, 12),
    Column("db_user", N_("Database user"), lambda e: e.db_user or "", 12),
    Column("action", N_("Action"), lambda e: _(ACTION_LABELS[e.action]), 12),
    Column("record", N_("Record"), record_label, 16),
    Column("changes", N_("What changed"), describe_changes, 60),
)


class AuditService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    def recent(self, limit: int | None = None) -> list[AuditEvent]:
        """The newest events first."""
        with self._unit_of_work() as uow:
            return uow.audit.recent(limit)

    def count(self) -> int:
        with self._unit_of_work() as uow:
            return uow.audit.count()
