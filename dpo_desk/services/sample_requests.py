"""The sample organisation's data-subject requests: three dozen, by post and by e-mail (and a
few by web form and telephone), in every state of the workflow, dated back from the day the
sample is made so that some are due soon, some overdue, some paused, some answered.

The people are invented; the rights and wording follow what the two privacy policies in
shared/seeds promise (access, erasure of a Pixelus ID account, objection to marketing, ...).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from dpo_desk.domain.contact import Address
from dpo_desk.domain.deadlines import Pause
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    ART_19_RIGHTS,
    Channel,
    Correspondence,
    Direction,
    IdentityMethod,
    RecipientNotice,
    ReplyChannel,
    Request,
    Right,
    Status,
    move,
)
from dpo_desk.services.holidays import CROATIA
from dpo_desk.services.ports import UnitOfWork
from dpo_desk.services.requests import stored_deadline

_PEOPLE = (
    ("Ivana Horvat", "Ilica 12", "10000", "Zagreb"),
    ("Marko Kovačević", "Vukovarska 5", "31000", "Osijek"),
    ("Ana Babić", "Riva 8", "21000", "Split"),
    ("Luka Marić", "Korzo 3", "51000", "Rijeka"),
    ("Petra Jurić", "Trg bana Jelačića 1", "10000", "Zagreb"),
    ("Josip Novak", "Ulica kralja Zvonimira 40", "10000", "Zagreb"),
    ("Maja Šimić", "Stradun 2", "20000", "Dubrovnik"),
    ("Ivan Knežević", "Kapucinska 30", "31000", "Osijek"),
    ("Lucija Đurić", "Zadarska 7", "23000", "Zadar"),
    ("Tomislav Pavlović", "Frankopanska 15", "42000", "Varaždin"),
    ("Katarina Vuković", "Savska cesta 44", "10000", "Zagreb"),
    ("Filip Čačić", "Obala 1", "52100", "Pula"),
)

_SUMMARIES = {
    Right.ACCESS: "A copy of every piece of personal data held about me",
    Right.ERASURE: "Delete my Pixelus ID account and everything linked to it",
    Right.RECTIFICATION: "My postal address on invoices is wrong",
    Right.RESTRICTION: "Stop using my data while my complaint about the invoice is examined",
    Right.PORTABILITY: "My purchase history in a machine-readable file",
    Right.OBJECTION: "I object to the profiling of my use of the service",
    Right.OBJECTION_MARKETING: "No more newsletters or offers, by any channel",
    Right.AUTOMATED: "A person to review the automatic refusal of my order",
    Right.CONSENT_WITHDRAWAL: "I withdraw my consent to sharing my data with sponsors",
}

#: The sample register's activities each right concerns (for the access answer, later).
_ACTIVITIES: dict[Right, tuple[str, ...]] = {
    Right.ACCESS: ("Pixelus ID account", "Orders, purchases and payments", "Customer service"),
    Right.ERASURE: ("Pixelus ID account", "Personalisation and analytics"),
    Right.RECTIFICATION: ("Orders, purchases and payments",),
    Right.RESTRICTION: ("Orders, purchases and payments",),
    Right.PORTABILITY: ("Pixelus ID account", "Orders, purchases and payments"),
    Right.OBJECTION: ("Personalisation and analytics",),
    Right.OBJECTION_MARKETING: ("Marketing communications and newsletters",),
    Right.AUTOMATED: ("Security and fraud prevention",),
    Right.CONSENT_WITHDRAWAL: ("Surveys and competitions with partners and sponsors",),
}

#: (days before the sample's day it was received, rights, channel, where it is now)
_PLAN: tuple[tuple[int, tuple[Right, ...], Channel, Status], ...] = (
    (2, (Right.ACCESS,), Channel.EMAIL, Status.RECEIVED),
    (3, (Right.ERASURE,), Channel.POST, Status.RECEIVED),
    (5, (Right.OBJECTION_MARKETING,), Channel.WEB_FORM, Status.RECEIVED),
    (6, (Right.ACCESS, Right.ERASURE), Channel.EMAIL, Status.ACKNOWLEDGED),
    (8, (Right.RECTIFICATION,), Channel.POST, Status.ACKNOWLEDGED),
    (9, (Right.PORTABILITY,), Channel.EMAIL, Status.ACKNOWLEDGED),
    (10, (Right.ACCESS,), Channel.POST, Status.AWAITING),
    (12, (Right.ERASURE,), Channel.EMAIL, Status.AWAITING),
    (14, (Right.OBJECTION,), Channel.PHONE, Status.AWAITING),
    (15, (Right.ACCESS,), Channel.EMAIL, Status.IN_PROGRESS),
    (18, (Right.RESTRICTION,), Channel.POST, Status.IN_PROGRESS),
    (22, (Right.ACCESS, Right.PORTABILITY), Channel.EMAIL, Status.IN_PROGRESS),
    (26, (Right.ERASURE,), Channel.POST, Status.IN_PROGRESS),
    (28, (Right.AUTOMATED,), Channel.EMAIL, Status.IN_PROGRESS),
    (29, (Right.ACCESS,), Channel.POST, Status.IN_PROGRESS),
    (34, (Right.ACCESS,), Channel.EMAIL, Status.IN_PROGRESS),  # overdue
    (40, (Right.ACCESS, Right.RECTIFICATION), Channel.POST, Status.EXTENDED),
    (55, (Right.PORTABILITY,), Channel.EMAIL, Status.EXTENDED),
    (20, (Right.OBJECTION_MARKETING,), Channel.EMAIL, Status.ANSWERED),
    (25, (Right.CONSENT_WITHDRAWAL,), Channel.WEB_FORM, Status.ANSWERED),
    (31, (Right.ACCESS,), Channel.POST, Status.ANSWERED),
    (45, (Right.ERASURE,), Channel.EMAIL, Status.ANSWERED),
    (35, (Right.ERASURE,), Channel.POST, Status.REFUSED),
    (60, (Right.ACCESS,), Channel.EMAIL, Status.REFUSED),
    (70, (Right.ACCESS,), Channel.EMAIL, Status.CLOSED),
    (80, (Right.RECTIFICATION,), Channel.POST, Status.CLOSED),
    (95, (Right.ERASURE,), Channel.EMAIL, Status.CLOSED),
    (120, (Right.OBJECTION_MARKETING,), Channel.POST, Status.CLOSED),
    (150, (Right.ACCESS, Right.ERASURE), Channel.EMAIL, Status.CLOSED),
    (200, (Right.PORTABILITY,), Channel.WEB_FORM, Status.CLOSED),
    (250, (Right.ACCESS,), Channel.POST, Status.CLOSED),
    (300, (Right.CONSENT_WITHDRAWAL,), Channel.EMAIL, Status.CLOSED),
    (16, (Right.ERASURE,), Channel.EMAIL, Status.WITHDRAWN),
    (44, (Right.ACCESS,), Channel.POST, Status.WITHDRAWN),
    (4, (Right.ACCESS,), Channel.IN_PERSON, Status.ACKNOWLEDGED),
    (11, (Right.RECTIFICATION,), Channel.EMAIL, Status.IN_PROGRESS),
)

#: The moves that lead from "received" to each state, each this many days after receipt.
_PATHS: dict[Status, tuple[tuple[Status, int], ...]] = {
    Status.RECEIVED: (),
    Status.ACKNOWLEDGED: ((Status.ACKNOWLEDGED, 1),),
    Status.AWAITING: ((Status.ACKNOWLEDGED, 1), (Status.AWAITING, 2)),
    Status.IN_PROGRESS: ((Status.ACKNOWLEDGED, 1), (Status.IN_PROGRESS, 3)),
    Status.EXTENDED: ((Status.ACKNOWLEDGED, 1), (Status.IN_PROGRESS, 3), (Status.EXTENDED, 20)),
    Status.ANSWERED: ((Status.ACKNOWLEDGED, 1), (Status.IN_PROGRESS, 3), (Status.ANSWERED, 14)),
    Status.REFUSED: ((Status.ACKNOWLEDGED, 1), (Status.REFUSED, 10)),
    Status.CLOSED: (
        (Status.ACKNOWLEDGED, 1),
        (Status.IN_PROGRESS, 3),
        (Status.ANSWERED, 15),
        (Status.CLOSED, 16),
    ),
    Status.WITHDRAWN: ((Status.ACKNOWLEDGED, 1), (Status.WITHDRAWN, 5)),
}


def sample_requests(today: date) -> list[Request]:
    """The sample's requests as of ``today``, each already moved to its state."""
    requests: list[Request] = []
    for number, (days_ago, rights, channel, target) in enumerate(_PLAN):
        name, street, postal_code, city = _PEOPLE[number % len(_PEOPLE)]
        received = today - timedelta(days=days_ago)
        by_post = channel is Channel.POST
        local = name.lower().split()[0].translate(str.maketrans("čćđšž", "ccdsz"))
        request = Request(
            received_on=received,
            channel=channel,
            postmark_on=received - timedelta(days=2) if by_post else None,
            registered_mail_number=f"RR{448100 + number:09d}HR" if by_post else "",
            rights=rights,
            subject=Person(
                name=name,
                email="" if by_post else f"{local}{number}@example.hr",
                phone=f"+385 91 555 01{number:02d}" if channel is Channel.PHONE else "",
                address=Address(street, postal_code, city, "HR"),
            ),
            language="en" if number % 5 == 4 else "hr",
            reply_channel=ReplyChannel.POST if by_post else ReplyChannel.EMAIL,
            summary=_SUMMARIES[rights[0]],
            identity_method=IdentityMethod.SIGNED_LETTER
            if by_post
            else IdentityMethod.ACCOUNT_EMAIL,
        )
        if channel in (Channel.PHONE, Channel.IN_PERSON):
            request = replace(
                request, reply_channel=ReplyChannel.POST, identity_method=IdentityMethod.IN_PERSON
            )
        for status, after in _PATHS[target]:
            on = min(received + timedelta(days=after), today)
            if status is Status.EXTENDED:
                request = replace(
                    request,
                    extended_on=on,
                    extension_reasons="Many activities and systems to search; the copy of the "
                    "call recordings has to be prepared",
                )
            note = (
                "Asked for the e-mail address used for the account"
                if (status is Status.AWAITING)
                else ""
            )
            request = move(request, status, on, note)
            if status is Status.AWAITING:
                request = replace(request, pauses=(*request.pauses, Pause(on, None, note)))
            elif request.history[-1].previous is Status.AWAITING:
                request = replace(
                    request,
                    pauses=tuple(
                        replace(p, end=on) if p.end is None else p for p in request.pauses
                    ),
                )
        requests.append(_with_correspondence(request))
    return requests


_CHANNEL_WORDS = {
    Channel.POST: "Letter received by registered post",
    Channel.EMAIL: "E-mail received at the DPO's address",
    Channel.WEB_FORM: "Privacy request form submitted",
    Channel.PHONE: "Telephone call to customer service, note taken",
    Channel.IN_PERSON: "Request made in person at the office, form signed",
}
_STEP_WORDS = {
    Status.ACKNOWLEDGED: "Acknowledgement of receipt with the reference and the due date",
    Status.AWAITING: "Asked for the e-mail address used for the account",
    Status.EXTENDED: "Extension notice with its reasons (Art. 12(3))",
    Status.ANSWERED: "Answer sent",
    Status.REFUSED: "Refusal with reasons and the right to complain to AZOP (Art. 12(4))",
}


def _with_correspondence(request: Request) -> Request:
    """The log a DPO would have kept: the request in, then each letter out."""
    assert request.received_on is not None
    reply = Channel.POST if request.reply_channel is ReplyChannel.POST else Channel.EMAIL
    entries = [
        Correspondence(
            request.received_on, Direction.IN, request.channel, _CHANNEL_WORDS[request.channel]
        )
    ]
    entries += [
        Correspondence(step.on, Direction.OUT, reply, _STEP_WORDS[step.status])
        for step in request.history
        if step.status in _STEP_WORDS
    ]
    return replace(request, correspondence=tuple(entries))


def fill_requests(uow: UnitOfWork, today: date) -> int:
    """Writes the sample's requests into ``uow`` with their due dates; returns how many."""
    ids = {activity.name: activity.id for activity in uow.activities.all()}
    # Art. 19: an answered erasure, rectification or restriction was passed on to the
    # recipients of the activities concerned (the processors told on the day of the answer).
    recipients = [r for r in uow.recipients.all() if r.is_processor]
    requests = sample_requests(today)
    for request in requests:
        concerned = {name for right in request.rights for name in _ACTIVITIES[right]}
        linked = replace(
            request, activity_ids=tuple(sorted(ids[n] or 0 for n in concerned if n in ids))
        )
        if ART_19_RIGHTS & set(linked.rights) and linked.status is Status.ANSWERED:
            told_on = linked.history[-1].on
            linked = replace(
                linked,
                recipients_told=tuple(
                    RecipientNotice(r.id or 0, told_on, "")
                    for r in recipients
                    if set(r.activity_ids) & set(linked.activity_ids)
                ),
            )
        uow.requests.save(linked, *stored_deadline(linked, CROATIA))
    return len(requests)
