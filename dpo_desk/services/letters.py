"""Writing letters to data subjects from a request: the template in the request's language,
filled from the request, the organisation and the register, checked before anything is
printed; and keeping the printed letter with the request as outgoing correspondence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from dpo_desk.domain.activity import RegisterKind
from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.deadlines import extension_possible
from dpo_desk.domain.errors import DpoDeskError, FieldError, ValidationError
from dpo_desk.domain.letters import (
    SECTIONS_MARK,
    Letter,
    LetterSection,
    LetterTemplate,
    LetterType,
    fill,
    letter_date,
    letter_text,
    letterhead_problems,
    parse_template,
)
from dpo_desk.domain.organisation import OrganisationProfile, Person
from dpo_desk.domain.request import (
    STATUS_LABELS,
    Channel,
    Correspondence,
    Direction,
    ReplyChannel,
    Request,
    Status,
    can_move,
)
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import LANGUAGES, N_, _, in_language
from dpo_desk.services.attachments import unreadable
from dpo_desk.services.countries import country_name
from dpo_desk.services.portability import Dataset, build_package, package_name
from dpo_desk.services.ports import UnitOfWorkFactory
from dpo_desk.services.register_columns import CONTROLLER_COLUMNS, RegisterRow
from dpo_desk.services.request_columns import RIGHT_SHORT_LABELS
from dpo_desk.services.requests import RequestService


@dataclass(frozen=True)
class LetterTexts:
    """What the DPO writes for one letter: its own text (what is asked for, the reasons, the
    actions taken, as the letter needs) and a free paragraph."""

    text: str = ""
    free_text: str = ""
    #: The portability package's data sets (Art. 20).
    datasets: tuple[Dataset, ...] = ()


#: The letter's own text, by kind: how the field is named (in the form and in refusals).
OWN_TEXT_LABELS = {
    LetterType.IDENTITY_REQUEST: N_("What you ask the requester for"),
    LetterType.REFUSAL: N_("Reasons for the refusal"),
    LetterType.CONFIRMATION: N_("What was done"),
    LetterType.FEE: N_("The fee and why it is charged"),
    LetterType.ACCESS: N_("Copies enclosed (Art. 15(3))"),
}

#: What the access answer says of each activity (Art. 15(1)(a)-(h), 15(2)), by the register's
#: column key, so that the letter says what the register says.
_ACCESS_ITEMS = (
    ("purposes", N_("Purposes (Art. 15(1)(a))")),
    ("data", N_("Categories of personal data (Art. 15(1)(b))")),
    ("recipients", N_("Recipients (Art. 15(1)(c))")),
    ("transfers", N_("Third countries (Art. 15(1)(c))")),
    ("safeguards", N_("Safeguards for those transfers (Art. 15(2))")),
    ("retention", N_("How long the data are kept (Art. 15(1)(d))")),
    ("source", N_("Where the data come from (Art. 15(1)(g))")),
    ("automated", N_("Automated decisions and profiling (Art. 15(1)(h))")),
)

#: Letters that disclose the data themselves.
_DISCLOSING = frozenset({LetterType.ACCESS, LetterType.PORTABILITY})

_REPLY_CHANNELS = {
    ReplyChannel.POST: Channel.POST,
    ReplyChannel.EMAIL: Channel.EMAIL,
    ReplyChannel.ORAL: Channel.IN_PERSON,
}


def _address_lines(person: Person, by_email: bool) -> tuple[str, ...]:
    address = person.address
    lines = [person.name]
    if by_email and person.email:
        lines.append(person.email)
    else:
        lines.append(address.street)
        lines.append(" ".join(part for part in (address.postal_code, address.city) if part))
        if address.country_code and address.country_code != "HR":
            lines.append(country_name(address.country_code))
    return tuple(line for line in lines if line.strip())


def letterhead_lines(profile: OrganisationProfile) -> tuple[str, ...]:
    """Name, address, OIB, the organisation's contacts and its DPO's (Art. 37(7))."""
    address = profile.address
    lines = [
        profile.controller_name,
        address.street,
        " ".join(p for p in (address.postal_code, address.city) if p),
        f"OIB {profile.oib}",
    ]
    contact = " · ".join(p for p in (profile.phone, profile.email, profile.website) if p)
    if contact:
        lines.append(contact)
    dpo = " · ".join(p for p in (profile.dpo.name, profile.dpo.email, profile.dpo.phone) if p)
    lines.append(_("Data protection officer: {dpo}").format(dpo=dpo))
    return tuple(line for line in lines if line.strip())


def signature_lines(profile: OrganisationProfile) -> tuple[str, ...]:
    return (profile.dpo.name, _("Data protection officer"), profile.controller_name)


def dpo_contact(profile: OrganisationProfile) -> str:
    return ", ".join(p for p in (profile.dpo.email, profile.dpo.phone) if p)


def authority_address(profile: OrganisationProfile) -> str:
    address = profile.authority.address
    return ", ".join(
        part
        for part in (
            address.street,
            " ".join(p for p in (address.postal_code, address.city) if p),
            profile.authority.email,
        )
        if part
    )


def organisation_values(
    profile: OrganisationProfile, reference: str, free_text: str
) -> dict[str, str]:
    """The placeholders every letter has (ORGANISATION_PLACEHOLDERS)."""
    return {
        "reference": reference,
        "controller_name": profile.controller_name,
        "dpo_name": profile.dpo.name,
        "dpo_contact": dpo_contact(profile),
        "authority_name": profile.authority.name,
        "authority_address": authority_address(profile),
        "free_text": free_text.strip(),
    }


def logo_of(profile: OrganisationProfile, content: Callable[[int], bytes] | None) -> bytes | None:
    """The letterhead's logo; a letter goes without it when it was removed meanwhile."""
    if profile.logo_attachment_id is None or content is None:
        return None
    try:
        return content(profile.logo_attachment_id)
    except DpoDeskError:
        return None


class LetterTemplates:
    """The letter templates: shipped in resources/letters, and the organisation's own
    versions kept in its database (so they travel with it, and the installation is never
    touched). An override is checked like a shipped one before it is kept."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, shipped_dir: Path) -> None:
        self._unit_of_work = unit_of_work
        self._shipped_dir = shipped_dir

    @staticmethod
    def _key(kind: LetterType, language: str) -> str:
        return f"letters.template.{language}.{kind.value}"

    def shipped_text(self, kind: LetterType, language: str) -> str:
        path = self._shipped_dir / language / f"{kind.value}.txt"
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise unreadable(path, error, "template") from error

    def text(self, kind: LetterType, language: str) -> tuple[str, bool]:
        """The template's text and whether it is the organisation's own version."""
        with self._unit_of_work() as uow:
            own = uow.info.get(self._key(kind, language))
        if own is not None:
            return own, True
        return self.shipped_text(kind, language), False

    def template(self, kind: LetterType, language: str) -> LetterTemplate:
        text, own = self.text(kind, language)
        source = (
            _("your template “{kind}” ({language})").format(kind=kind.value, language=language)
            if own
            else f"{kind.value}.txt"
        )
        return parse_template(text, kind, source)

    def save(self, kind: LetterType, language: str, text: str) -> Changes:
        """Keeps the organisation's version; refused (naming an unknown placeholder) when it
        would not make a letter."""
        parse_template(
            text,
            kind,
            _("your template “{kind}” ({language})").format(kind=kind.value, language=language),
        )
        with self._unit_of_work() as uow:
            uow.info.set(self._key(kind, language), text)
            uow.commit()
        return Changes.of(Register.ORGANISATION)

    def restore(self, kind: LetterType, language: str) -> Changes:
        """Back to the shipped template."""
        with self._unit_of_work() as uow:
            uow.info.delete(self._key(kind, language))
            uow.commit()
        return Changes.of(Register.ORGANISATION)


def _file_name(request: Request, letter: Letter) -> str:
    return f"{request.reference} {letter.kind.value} {letter.dated_on.isoformat()}.pdf"


class LetterService:
    def __init__(
        self,
        requests: RequestService,
        profile: Callable[[], OrganisationProfile | None],
        templates: LetterTemplates,
        register: Callable[[Sequence[int], date], list[RegisterRow]],
        content: Callable[[int], bytes] | None = None,
    ) -> None:
        self._requests = requests
        self._profile = profile
        self.templates = templates
        #: The register rows of given activities (with catalogue names and transfers).
        self._register = register
        #: A stored file's content (the letterhead's logo).
        self._content = content

    def compose(
        self,
        request: Request,
        kind: LetterType,
        today: date,
        texts: LetterTexts = LetterTexts(),
        language: str | None = None,
    ) -> Letter:
        """The letter, in ``language`` or the request's. Refused (ValidationError, every
        problem named) when the organisation lacks what a letterhead needs, the letter's own
        text is missing, or an extension notice comes after the first month."""
        language = language or request.language
        if language not in LANGUAGES:
            language = "hr"
        profile = self._profile()
        errors = letterhead_problems(profile)
        own = OWN_TEXT_LABELS.get(kind)
        if own is not None and not texts.text.strip():
            errors.append(FieldError("text", _(own), _("is required for this letter")))
        if request.received_on is None or not request.reference:
            raise ValidationError(
                [FieldError("request", _("Request"), _("save the request before writing to it"))]
            )
        if (
            kind in _DISCLOSING
            and request.requester is not None
            and not (request.authority_documented)
        ):
            # Art. 15 and 20 disclose the data: to someone acting for the subject only with
            # their authority documented.
            errors.append(
                FieldError(
                    "authority_documented",
                    _("Requester's authority"),
                    _("is not documented: the data cannot be disclosed to the requester"),
                )
            )
        if kind is LetterType.IDENTITY_REQUEST and not (
            request.status is Status.AWAITING or can_move(request, Status.AWAITING)
        ):
            errors.append(
                FieldError(
                    "status",
                    _("Status"),
                    _("a request that is {status} cannot await the requester").format(
                        status=_(STATUS_LABELS[request.status]).lower()
                    ),
                )
            )
        if kind in (LetterType.ACKNOWLEDGEMENT, LetterType.EXTENSION) and any(
            pause.end is None for pause in request.pauses
        ):
            errors.append(
                FieldError(
                    "pauses",
                    _("Pauses"),
                    _("the clock stands still while the request awaits the requester"),
                )
            )
        if kind is LetterType.PORTABILITY and not texts.datasets:
            errors.append(
                FieldError("datasets", _("Data"), _("attach at least one file of the data"))
            )
        if kind is LetterType.ACCESS and not request.activity_ids:
            errors.append(
                FieldError(
                    "activity_ids",
                    _("Activities"),
                    _("link the processing activities that concern the data subject first"),
                )
            )
        if kind is LetterType.EXTENSION:
            if not (request.extended and request.extension_reasons):
                errors.append(
                    FieldError(
                        "extension_reasons",
                        _("Reasons for the extension"),
                        _("record the extension and its reasons first (Change status…)"),
                    )
                )
            if not extension_possible(
                request.received_on, today, self._requests.holidays, request.pauses
            ):
                errors.append(
                    FieldError(
                        "kind",
                        _("Extension notice (Art. 12(3))"),
                        _("the first month has run out: the notice can no longer be given"),
                    )
                )
        if errors:
            raise ValidationError(errors)
        assert profile is not None
        with in_language(language):
            template = self.templates.template(kind, language)
            # The acknowledgement and the refusal speak of the first month (Art. 12(3), 12(4)),
            # whatever was decided since; the extension notice of the three months.
            first = self._requests.calculate(request.received_on, False, request.pauses)
            extended = self._requests.calculate(request.received_on, True, request.pauses)
            due = first.due or first.nominal
            contact = request.contact
            values = {
                **organisation_values(profile, request.reference, texts.free_text),
                "received_on": letter_date(request.received_on, language),
                "due_on": letter_date(due, language),
                "extended_due_on": letter_date(extended.due or extended.nominal, language),
                "subject_name": request.subject.name,
                "recipient_name": contact.name,
                # In words within a sentence: "access, erasure".
                "rights": ", ".join(_(RIGHT_SHORT_LABELS[right]) for right in request.rights),
                "summary": request.summary,
                "on_behalf": _(
                    "You wrote on behalf of {subject}; this letter concerns their personal "
                    "data, and we write to you as their representative."
                ).format(subject=request.subject.name or request.subject.email)
                if request.requester is not None
                else "",
                "extension_reasons": request.extension_reasons,
                "recipients_told": self._recipients_told(request, language),
                "asked_for": texts.text.strip(),
                "reasons": texts.text.strip(),
                "actions": texts.text.strip(),
                "fee": texts.text.strip(),
                "register": SECTIONS_MARK,
                "package": package_name(request),
                "datasets": "; ".join(dataset.label for dataset in texts.datasets),
                "enclosures": _(
                    "Enclosed is a copy of the personal data we process about you "
                    "(Article 15(3) of the General Data Protection Regulation): {copies}"
                ).format(copies=texts.text.strip())
                if texts.text.strip()
                else "",
            }
            filled = fill(template, values)
            sections = self._access_sections(request, today) if kind is LetterType.ACCESS else ()
            return Letter(
                kind=kind,
                language=language,
                reference=request.reference,
                dated_on=today,
                dated=letter_date(today, language),
                sender_lines=letterhead_lines(profile),
                recipient_lines=_address_lines(
                    contact, request.reply_channel is ReplyChannel.EMAIL
                ),
                subject=filled.subject,
                salutation=filled.salutation
                or (
                    _("Dear {name},").format(name=contact.name)
                    if contact.name
                    else _("Dear Sir or Madam,")
                ),
                paragraphs=filled.paragraphs,
                closing=_("Kind regards,"),
                signature_lines=signature_lines(profile),
                sections=sections,
                logo=logo_of(profile, self._content),
                own_text=texts.text.strip(),
            )

    def _access_sections(self, request: Request, today: date) -> tuple[LetterSection, ...]:
        """One section per processing activity linked to the request, each Art. 15 item
        compiled from the register (in the current language: the caller chose the letter's)."""
        columns = {column.key: column for column in CONTROLLER_COLUMNS}
        sections = []
        for row in self._register(request.activity_ids, today):
            if row.activity.register is RegisterKind.PROCESSOR:
                # Processing for another controller: that controller answers for it.
                continue
            items = tuple(
                (_(label), columns[key].text(row).strip() or _("none recorded"))
                for key, label in _ACCESS_ITEMS
            )
            sections.append(LetterSection(row.activity.name, items))
        return tuple(sections)

    def _recipients_told(self, request: Request, language: str) -> str:
        """Art. 19: the recipients told of the change, named (for the confirmation)."""
        told = [n for n in request.recipients_told if n.told_on is not None]
        if not told:
            return ""
        names = self._requests.recipient_names([n.recipient_id for n in told])
        listed = "; ".join(
            f"{names.get(n.recipient_id, '?')} ({letter_date(n.told_on, language)})"
            for n in told
            if n.told_on is not None
        )
        return _(
            "We informed the following recipients of your personal data of this (Article 19 "
            "of the General Data Protection Regulation): {recipients}."
        ).format(recipients=listed)

    def email_draft(
        self, request: Request, letter: Letter, pdf: bytes, package: bytes = b""
    ) -> bytes:
        """The reply as an e-mail draft (.eml) to the requester, the letter in its text and
        the PDF attached; ``X-Unsent`` makes mail programs open it as a draft to send."""
        contact = request.contact
        if not contact.email:
            raise ValidationError(
                [
                    FieldError(
                        "requester.email",
                        _("E-mail"),
                        _("the request has no e-mail address to reply to"),
                    )
                ]
            )
        profile = self._profile()
        message = EmailMessage()
        message["To"] = formataddr((contact.name, contact.email))
        if profile is not None and profile.dpo.email:
            message["From"] = formataddr((profile.dpo.name, profile.dpo.email))
        message["Subject"] = letter.subject
        message["X-Unsent"] = "1"
        message.set_content(letter_text(letter))
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=_file_name(request, letter)
        )
        if package:  # the portability package the cover letter names
            message.add_attachment(
                package, maintype="application", subtype="zip", filename=package_name(request)
            )
        return bytes(message)

    def package(self, request: Request, datasets: tuple[Dataset, ...]) -> bytes:
        """The portability package of the request (the ZIP the cover letter names)."""
        return build_package(request, self._profile(), datasets, utc_now())

    def record(
        self,
        request: Request,
        letter: Letter,
        pdf: bytes,
        today: date,
        draft: bytes = b"",
        package: bytes = b"",
    ) -> tuple[Request, Changes]:
        """Keeps the printed letter (and the e-mail draft that carries it), unchanged and
        with its SHA-256, as outgoing correspondence of the request. A request for identity
        information or a clarification also moves the request to awaiting the requester,
        which pauses the clock."""
        file_name = _file_name(request, letter)
        documents = [prepare_attachment(file_name, pdf, description=letter.subject)]
        if package:
            documents.append(
                prepare_attachment(
                    package_name(request), package, description=_("Portability package")
                )
            )
        if draft:
            documents.append(
                prepare_attachment(
                    file_name.removesuffix(".pdf") + ".eml",
                    draft,
                    description=_("E-mail draft of the letter"),
                )
            )
        entry = Correspondence(
            on=today,
            direction=Direction.OUT,
            channel=Channel.EMAIL if draft else _REPLY_CHANNELS[request.reply_channel],
            summary=letter.subject,
            new_documents=tuple(documents),
            letter=letter.kind.value,
        )
        updated = replace(request, correspondence=(*request.correspondence, entry))
        if letter.kind is LetterType.IDENTITY_REQUEST and can_move(updated, Status.AWAITING):
            updated = self._requests.moved(
                updated, Status.AWAITING, today, today, letter.own_text or letter.subject
            )
        saved, changes = self._requests.save(updated, today)
        return saved, changes | Changes.of(Register.ATTACHMENTS)
