"""The documents of a breach: the notification to AZOP (Art. 33) with every Art. 33(3) item,
the timestamps and the hours elapsed, in phases (Art. 33(4)); and the communication to the data
subjects (Art. 34(2)) in plain language with advice on protecting themselves.

Both are letters from the shipped (or the organisation's own) templates, printed by the same
machinery as the letters to data subjects. What is not known yet is said so ("not yet known"),
not left blank: Art. 33(4) lets the information come in phases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from dpo_desk.domain.activity import EnisaDataType
from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.breach import (
    NOTIFICATION_HOURS,
    Recommendation,
    hours_elapsed,
    notification_deadline,
    notification_problems,
)
from dpo_desk.domain.changes import Changes
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.incident import (
    CAUSE_LABELS,
    EXEMPTION_LABELS,
    PHASE_LABELS,
    Addressee,
    BreachFinding,
    Cause,
    Incident,
    Phase,
    next_phase,
)
from dpo_desk.domain.letters import (
    SECTIONS_MARK,
    Letter,
    LetterSection,
    LetterType,
    fill,
    letter_date,
    letterhead_problems,
)
from dpo_desk.domain.organisation import OrganisationProfile
from dpo_desk.domain.timefmt import format_day, format_instant, local
from dpo_desk.i18n import LANGUAGES, N_, _, in_language
from dpo_desk.services.incident_columns import (
    checklist_progress,
    grouped,
    hours_text,
    nature_text,
    severity_formula,
)
from dpo_desk.services.incidents import IncidentService
from dpo_desk.services.letters import (
    LetterTemplates,
    letterhead_lines,
    logo_of,
    organisation_values,
    signature_lines,
)
from dpo_desk.services.ports import UnitOfWorkFactory

LETTER_OF = {
    Addressee.AUTHORITY: LetterType.BREACH_AUTHORITY,
    Addressee.SUBJECTS: LetterType.BREACH_SUBJECTS,
}

#: Advice to the data subjects (Art. 34(2) with EDPB Guidelines 9/2022), picked by what was
#: compromised; the DPO edits it before the letter is printed.
_ALWAYS = N_(
    "Be wary of e-mails, text messages or calls that mention this incident or ask for your "
    "passwords or payment details: we will never ask you for your password."
)
_PASSWORDS = N_(
    "Change your password for our service, and anywhere else you use the same password, and "
    "turn on two-step verification where it is offered."
)
_MONEY = N_(
    "Check your bank and card statements and tell your bank at once about any payment you do "
    "not recognise."
)
_IDENTITY = N_(
    "If you suspect that someone is using your identity, report it to the police and tell us."
)


def instant_text(instant: datetime | None) -> str:
    """ "19.11.2026. 14:59 (UTC+01:00)": Zagreb time with its offset, unambiguous to an
    authority reading it in another country."""
    if instant is None:
        return _("not yet known")
    offset = local(instant).strftime("%z")
    return f"{format_instant(instant)} (UTC{offset[:3]}:{offset[3:]})"


@dataclass(frozen=True)
class NotificationTexts:
    """What the DPO adds to a notification: the phase (AZOP), the advice (data subjects), and
    a free paragraph."""

    phase: Phase = Phase.INITIAL
    advice: str = ""
    free_text: str = ""


class BreachLetterService:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        incidents: IncidentService,
        profile: Callable[[], OrganisationProfile | None],
        templates: LetterTemplates,
        content: Callable[[int], bytes] | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._incidents = incidents
        self._profile = profile
        self.templates = templates
        self._content = content

    def next_phase(self, incident: Incident) -> Phase:
        return next_phase(incident.notifications)

    def default_advice(self, incident: Incident, language: str) -> str:
        """What the data subjects can do, from the cause and the kinds of data."""
        evaluation = self._incidents.evaluate(incident)
        names = " ".join(self._names(incident.data_category_ids)).lower()
        advice = []
        with in_language(language):
            if incident.cause is Cause.HACKING or any(
                word in names for word in ("password", "credential", "lozink", "vjerodajnic")
            ):
                advice.append(_(_PASSWORDS))
            if EnisaDataType.FINANCIAL in evaluation.data_types:
                advice.append(_(_MONEY))
            if incident.confidentiality:
                advice.append(_(_IDENTITY))
            advice.append(_(_ALWAYS))
        return " ".join(advice)

    def compose(
        self,
        incident: Incident,
        addressee: Addressee,
        now: datetime,
        texts: NotificationTexts = NotificationTexts(),
        language: str = "hr",
        mark_sent: bool = False,
    ) -> Letter:
        """The notification or the communication, in ``language`` (Croatian by default: AZOP
        works in Croatian). Refused, every problem named, when the letterhead is incomplete,
        the incident is not a breach, or (to AZOP) awareness is unknown or a late notification
        lacks the reasons for the delay; to the data subjects when an Art. 34(2) item is empty.
        """
        language = language if language in LANGUAGES else "hr"
        if mark_sent and addressee is Addressee.AUTHORITY and incident.notified_at is None:
            # Printed as sent now (what keeping it with mark_sent will record).
            incident = replace(incident, notified_at=now)
        profile = self._profile()
        errors = letterhead_problems(profile)
        if incident.reference is None:
            errors.append(
                FieldError("incident", _("Incident"), _("save the incident before writing"))
            )
        if incident.finding is BreachFinding.NOT_A_BREACH:
            errors.append(
                FieldError(
                    "finding",
                    _("Personal-data breach"),
                    _("the incident was found not to be a breach: there is nothing to notify"),
                )
            )
        if addressee is Addressee.AUTHORITY:
            if incident.aware_at is None:
                errors.append(
                    FieldError(
                        "aware_at",
                        _("Became aware at"),
                        _("record when the organisation became aware: AZOP is told the hours"),
                    )
                )
            else:
                errors += notification_problems(
                    incident.aware_at, incident.notified_at or now, incident.delay_reasons
                )
        else:
            required = (
                ("description", _("What happened"), incident.description or incident.title),
                ("consequences", _("Likely consequences"), incident.consequences),
                ("measures_taken", _("Measures taken"), incident.measures_taken),
                ("advice", _("Advice to the data subjects"), texts.advice),
            )
            errors += [
                FieldError(key, label, _("is required in the letter (Art. 34(2))"))
                for key, label, value in required
                if not value.strip()
            ]
        if errors:
            raise ValidationError(errors)
        assert profile is not None and incident.reference is not None
        kind = LETTER_OF[addressee]
        with in_language(language):
            template = self.templates.template(kind, language)
            measures = " ".join(
                part
                for part in (
                    incident.measures_taken,
                    _("We also propose: {measures}").format(measures=incident.measures_proposed)
                    if incident.measures_proposed
                    else "",
                )
                if part
            )
            values = {
                **organisation_values(profile, incident.reference, texts.free_text),
                "title": incident.title,
                "phase": _(PHASE_LABELS[texts.phase]).lower(),
                "details": SECTIONS_MARK,
                "authority_reference": incident.authority_reference,
                "description": incident.description or incident.title,
                "consequences": incident.consequences,
                "measures": measures,
                "advice": texts.advice.strip(),
            }
            filled = fill(template, values)
            sections = (
                self._authority_sections(incident, profile, now, texts.phase)
                if addressee is Addressee.AUTHORITY
                else ()
            )
            authority = profile.authority
            recipients = (
                tuple(
                    line
                    for line in (
                        authority.name,
                        authority.address.street,
                        " ".join(
                            p for p in (authority.address.postal_code, authority.address.city) if p
                        ),
                    )
                    if line
                )
                if addressee is Addressee.AUTHORITY
                else ()
            )
            today = local(now).date()
            return Letter(
                kind=kind,
                language=language,
                reference=incident.reference,
                dated_on=today,
                dated=letter_date(today, language),
                sender_lines=letterhead_lines(profile),
                recipient_lines=recipients,
                subject=filled.subject,
                salutation=filled.salutation or _("Dear Sir or Madam,"),
                paragraphs=filled.paragraphs,
                closing=_("Kind regards,"),
                signature_lines=signature_lines(profile),
                sections=sections,
                logo=logo_of(profile, self._content),
                own_text=texts.advice.strip(),
            )

    def keep(
        self,
        incident: Incident,
        letter: Letter,
        pdf: bytes,
        addressee: Addressee,
        phase: Phase,
        now: datetime,
        mark_sent: bool = False,
    ) -> tuple[Incident, Changes]:
        """Keeps the printed PDF, unchanged and with its SHA-256, as a dated version."""
        name = notification_file_name(incident, addressee, phase, local(now).date().isoformat())
        return self._incidents.keep_notification(
            incident,
            prepare_attachment(name, pdf, description=letter.subject),
            addressee,
            phase,
            letter.language,
            now,
            mark_sent,
        )

    @staticmethod
    def _subjects_text(incident: Incident) -> str:
        """Whether and when the data subjects were told, or why not (Art. 34)."""
        if incident.subjects_told_on is not None:
            return " — ".join(
                part
                for part in (
                    _("yes, on {date}").format(date=format_day(incident.subjects_told_on)),
                    incident.subjects_told_how,
                )
                if part
            )
        if incident.exemption is not None:
            return _("no: an exemption of Art. 34(3) applies")
        if incident.decision is Recommendation.NOTIFY_SUBJECTS_TOO:
            return _("not yet: they will be told without undue delay")
        if incident.decision is not None:
            reasoning = f": {incident.decision_reasoning}" if incident.decision_reasoning else ""
            return _("no: the breach is not likely to result in a high risk") + reasoning
        return _("not yet decided")

    def _names(self, entry_ids: tuple[int, ...], marked: bool = False) -> list[str]:
        wanted = set(entry_ids)
        with self._unit_of_work() as uow:
            entries = [e for e in uow.catalogue.entries() if e.id in wanted]
        return [
            e.name + (" " + _("(special category, Art. 9)") if marked and e.special else "")
            for e in entries
        ]

    def _activity_names(self, incident: Incident) -> list[str]:
        with self._unit_of_work() as uow:
            return [uow.activities.get(i).name for i in incident.activity_ids]

    def _processor_name(self, incident: Incident) -> str:
        if incident.processor_recipient_id is None:
            return ""
        with self._unit_of_work() as uow:
            return uow.recipients.get(incident.processor_recipient_id).name

    def _authority_sections(
        self, incident: Incident, profile: OrganisationProfile, now: datetime, phase: Phase
    ) -> tuple[LetterSection, ...]:
        """The Art. 33(3) items, the timestamps and the reasoning, in the current language."""
        unknown = _("not yet known")

        def known(text: str) -> str:
            return text.strip() or unknown

        def count(value: int | None) -> str:
            return grouped(value) or unknown

        assert incident.aware_at is not None
        sent_at = incident.notified_at or now
        elapsed = hours_elapsed(incident.aware_at, sent_at)
        late = elapsed > NOTIFICATION_HOURS
        dpo = profile.dpo
        contact = [
            (_("Controller"), f"{profile.controller_name}, OIB {profile.oib}"),
            (
                _("Address"),
                ", ".join(
                    p
                    for p in (
                        profile.address.street,
                        f"{profile.address.postal_code} {profile.address.city}".strip(),
                    )
                    if p
                ),
            ),
            (
                _("Data protection officer (contact point)"),
                ", ".join(p for p in (dpo.name, dpo.email, dpo.phone) if p),
            ),
        ]
        window = instant_text(incident.occurred_from) if incident.occurred_from else unknown
        if incident.occurred_to is not None:
            window = _("{start} to {end}").format(
                start=window, end=instant_text(incident.occurred_to)
            )
        timeline = [
            (_("Phase of this notification (Art. 33(4))"), _(PHASE_LABELS[phase])),
            (_("When the breach happened"), window),
            (_("Detected at"), instant_text(incident.detected_at)),
            (_("The controller became aware at"), instant_text(incident.aware_at)),
        ]
        if incident.processor_reported:
            timeline.append(
                (
                    _("Reported by the processor (Art. 33(2))"),
                    f"{self._processor_name(incident) or unknown}, "
                    f"{instant_text(incident.processor_reported_at)}",
                )
            )
        timeline += [
            (
                _("72 hours from awareness end at"),
                instant_text(notification_deadline(incident.aware_at)),
            ),
            (
                _("Notified at") if incident.notified_at else _("Prepared at"),
                instant_text(sent_at),
            ),
            (_("Hours from awareness"), hours_text(elapsed)),
        ]
        if late:
            timeline.append((_("Reasons for the delay (Art. 33(1))"), incident.delay_reasons))
        timeline.append((_("Still going on"), _("yes") if incident.ongoing else _("no")))
        cause = _(CAUSE_LABELS[incident.cause])
        if incident.cause_details:
            cause = f"{cause}: {incident.cause_details}"
        what = [
            (_("What happened"), known(incident.description or incident.title)),
            (_("Cause and origin"), cause),
            (_("Breach of"), known(nature_text(incident))),
            (
                _("Categories of data subjects"),
                known("; ".join(self._names(incident.subject_category_ids))),
            ),
            (_("Approximate number of data subjects"), count(incident.subjects_approx)),
            (
                _("Categories of personal data"),
                known("; ".join(self._names(incident.data_category_ids, marked=True))),
            ),
            (_("Approximate number of records"), count(incident.records_approx)),
            (
                _("Processing activities concerned"),
                known("; ".join(self._activity_names(incident))),
            ),
        ]
        evaluation = self._incidents.evaluate(incident)
        found = evaluation.severity
        consequences = [(_("Likely consequences"), known(incident.consequences))]
        if found is not None:
            consequences.append((_("Severity (ENISA method)"), severity_formula(found)))
        measures = [
            (_("Measures taken"), known(incident.measures_taken)),
            (_("Measures proposed, including mitigation"), known(incident.measures_proposed)),
        ]
        if incident.checklist:
            measures.append((_("Response plan followed"), checklist_progress(incident)))
        subjects = [(_("Data subjects told"), self._subjects_text(incident))]
        if incident.exemption is not None:
            subjects.append((_("Exemption relied on"), _(EXEMPTION_LABELS[incident.exemption])))
        cross_border = [
            (
                _("Data subjects in other Member States"),
                incident.cross_border_details if incident.cross_border else _("no"),
            )
        ]
        sections = [
            LetterSection(_("1. Controller and contact point (Art. 33(3)(b))"), tuple(contact)),
            LetterSection(_("2. Timeline"), tuple(timeline)),
            LetterSection(_("3. Nature of the breach (Art. 33(3)(a))"), tuple(what)),
            LetterSection(_("4. Likely consequences (Art. 33(3)(c))"), tuple(consequences)),
            LetterSection(_("5. Measures taken or proposed (Art. 33(3)(d))"), tuple(measures)),
            LetterSection(_("6. Communication to the data subjects (Art. 34)"), tuple(subjects)),
            LetterSection(_("7. Cross-border aspects"), tuple(cross_border)),
        ]
        earlier = [v for v in incident.notifications if v.addressee is Addressee.AUTHORITY]
        if earlier or incident.authority_reference:
            items = [(_(PHASE_LABELS[v.phase]), instant_text(v.prepared_at)) for v in earlier]
            if incident.authority_reference:
                items.insert(0, (_("AZOP case number"), incident.authority_reference))
            sections.append(LetterSection(_("8. Earlier notifications"), tuple(items)))
        return tuple(sections)


def notification_file_name(incident: Incident, addressee: Addressee, phase: Phase, day: str) -> str:
    kind = LETTER_OF[addressee].value
    suffix = f" {phase.value}" if addressee is Addressee.AUTHORITY else ""
    return f"{incident.reference} {kind}{suffix} {day}.pdf"
