"""The sample organisation's recipients and transfers, from the two privacy policies in
shared/seeds: the Leapbit group companies, third-party payment platforms, partners and sponsors
of competitions, public authorities and auditors, and suppliers outside the EEA who fulfil
orders, process payment information and perform support ("Where do we process your personal
information?"). Names marked "illustrative" stand for companies the policies do not name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dpo_desk.domain.activity import CatalogueKind
from dpo_desk.domain.transfer import (
    Recipient,
    RecipientRole,
    TiaOutcome,
    Transfer,
    TransferTool,
)
from dpo_desk.services.ports import UnitOfWork

#: (recipient, names of the activities that disclose to it, processor's name for a sub-processor)
SAMPLE_RECIPIENTS: tuple[tuple[Recipient, tuple[str, ...], str], ...] = (
    (
        Recipient(
            name="Leapbit group companies",
            role=RecipientRole.GROUP_COMPANY,
            country_code="HR",
            description="Administration and provision of the services within the group; "
            "location information is shared only with group companies",
            contact="Leapbit d.o.o., Savska Opatovina 36, 10000 Zagreb",
        ),
        (
            "Sharing within the group",
            "Location, language and regional formats",
            "Pixelus ID account",
        ),
        "",
    ),
    (
        Recipient(
            name="Stellapixel Ltd (Vivaebook)",
            role=RecipientRole.GROUP_COMPANY,
            country_code="GB",
            description="Group company; receives data for marketing only with the user's consent",
            contact="privacy@stellapixel.example",
            dpo_contact="dpo@stellapixel.example",
        ),
        ("Sharing within the group",),
        "",
    ),
    (
        Recipient(
            name="Card payment platform (illustrative)",
            role=RecipientRole.THIRD_PARTY,
            country_code="IE",
            description="Third-party payment platform: completes purchases; card details are "
            "never shared with Pixelus",
            contact="privacy@payments.example",
        ),
        ("Orders, purchases and payments",),
        "",
    ),
    (
        Recipient(
            name="Competition partners and sponsors",
            role=RecipientRole.THIRD_PARTY,
            country_code="HR",
            description="Collaborators and sponsors of surveys and competitions; advertisers "
            "only at the user's request or with consent",
        ),
        ("Surveys and competitions with partners and sponsors",),
        "",
    ),
    (
        Recipient(
            name="Public authorities, courts and external auditors",
            role=RecipientRole.PUBLIC_AUTHORITY,
            country_code="HR",
            description="Disclosures required by law, court orders and government requests; "
            "external auditors and supervisors",
        ),
        ("Legal obligations and legal claims",),
        "",
    ),
    (
        Recipient(
            name="Cloud hosting provider (illustrative)",
            role=RecipientRole.PROCESSOR,
            country_code="US",
            description="Hosting of the Pixelus platform and its backups",
            contact="privacy@cloudhost.example",
            dpo_contact="dpo@cloudhost.example",
            dpf_certified=True,
            dpf_checked_on=date(2026, 9, 15),
            agreement_signed_on=date(2026, 2, 1),
            agreement_review_on=date(2027, 2, 1),
        ),
        (
            "Pixelus ID account",
            "Personalisation and analytics",
            "Hosting of Vivaebook user accounts (illustrative)",
        ),
        "",
    ),
    (
        Recipient(
            name="Customer support centre (illustrative)",
            role=RecipientRole.PROCESSOR,
            country_code="RS",
            description="Supplier outside the EEA: fulfils orders and performs support for "
            "the group",
            contact="support-privacy@supportcentre.example",
            agreement_signed_on=date(2026, 3, 1),
            agreement_review_on=date(2026, 9, 1),
        ),
        ("Customer service", "Orders, purchases and payments"),
        "",
    ),
    (
        Recipient(
            name="Ticketing platform (illustrative)",
            role=RecipientRole.SUB_PROCESSOR,
            country_code="IN",
            description="Ticketing and telephony platform engaged by the support centre",
            contact="privacy@tickets.example",
            agreement_signed_on=date(2026, 3, 15),
            agreement_review_on=date(2027, 3, 15),
        ),
        ("Customer service",),
        "Customer support centre (illustrative)",
    ),
)

#: (recipient's name, transfer, names of its activities, names of its data categories)
SAMPLE_TRANSFERS: tuple[tuple[str, Transfer, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Cloud hosting provider (illustrative)",
        Transfer(
            country_code="US",
            description="Hosting and backups of accounts and usage data",
            tool=TransferTool.ADEQUACY,
        ),
        (
            "Pixelus ID account",
            "Personalisation and analytics",
            "Hosting of Vivaebook user accounts (illustrative)",
        ),
        ("Identity data", "Contact data", "Account credentials", "Behavioural and device data"),
    ),
    (
        "Stellapixel Ltd (Vivaebook)",
        Transfer(
            country_code="GB",
            description="Group administration; marketing with consent",
            tool=TransferTool.ADEQUACY,
        ),
        ("Sharing within the group",),
        ("Identity data", "Contact data", "Marketing preferences and consents"),
    ),
    (
        "Customer support centre (illustrative)",
        Transfer(
            country_code="RS",
            description="Support staff read tickets and order data to answer customers",
            tool=TransferTool.SCC,
            scc_module=2,
            tool_signed_on=date(2026, 3, 1),
            tia_assessed_on=date(2026, 2, 20),
            tia_outcome=TiaOutcome.WITH_MEASURES,
            tia_measures="Access from the EU-hosted system only, no local copies; encryption "
            "in transit; pseudonymised customer numbers",
            tia_review_on=date(2027, 2, 20),
        ),
        ("Customer service", "Orders, purchases and payments"),
        ("Identity data", "Contact data", "Customer service correspondence"),
    ),
    (
        "Ticketing platform (illustrative)",
        Transfer(
            country_code="IN",
            description="Onward transfer by the support centre: tickets and call recordings",
            tool=TransferTool.SCC,
            scc_module=3,
            tool_signed_on=date(2026, 3, 15),
            tia_assessed_on=date(2026, 3, 10),
            tia_outcome=TiaOutcome.WITH_MEASURES,
            tia_measures="Encryption at rest with keys held in the EU; voice recordings "
            "deleted after one month",
            tia_review_on=date(2026, 9, 10),
        ),
        ("Customer service",),
        ("Customer service correspondence", "Voice recordings"),
    ),
)


def fill_transfers(uow: UnitOfWork) -> int:
    """Writes the sample recipients and transfers into ``uow`` (after the register, whose
    activities and data categories they name); returns the number of transfers."""
    activities = {activity.name: activity.id for activity in uow.activities.all()}
    categories = {
        entry.name: entry.id for entry in uow.catalogue.entries(CatalogueKind.DATA_CATEGORIES)
    }
    recipients: dict[str, int] = {}
    for recipient, activity_names, processor in SAMPLE_RECIPIENTS:
        saved = uow.recipients.save(
            replace(
                recipient,
                activity_ids=tuple(activities[name] or 0 for name in activity_names),
                processor_id=recipients[processor] if processor else None,
            )
        )
        assert saved.id is not None
        recipients[recipient.name] = saved.id
    for recipient_name, transfer, activity_names, category_names in SAMPLE_TRANSFERS:
        uow.transfers.save(
            replace(
                transfer,
                recipient_id=recipients[recipient_name],
                activity_ids=tuple(activities[name] or 0 for name in activity_names),
                data_category_ids=tuple(categories[name] or 0 for name in category_names),
            )
        )
    return len(SAMPLE_TRANSFERS)
