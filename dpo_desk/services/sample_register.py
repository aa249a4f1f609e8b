"""The sample organisation's Art. 30 register, drawn from the two privacy policies in shared/seeds.

Every purpose, data category, recipient, transfer and retention period the policies name is
here: account and identity, orders and payments through third-party providers, behavioural and
device data for personalisation and analytics, location, marketing by consent, customer service
(voice recordings one month), transaction data ten years, security and fraud, legal obligations,
surveys and competitions with partners and sponsors, group sharing, transfers outside the EEA.
The policies do not say where data leave the EEA to, nor which safeguard is used: the US cloud
provider under the Data Privacy Framework and the SCCs below are illustrations, marked so.
The processor-register activity is also illustrative (the policies describe only controllers).
Activities refer to catalogue entries by name; fill_register resolves them to ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from dpo_desk.domain.activity import (
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    DpiaStatus,
    EnisaDataType,
    LawfulBasis,
    MeasureKind,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    Role,
)
from dpo_desk.services.ports import UnitOfWork

D = CatalogueKind.DATA_CATEGORIES
S = CatalogueKind.SUBJECT_CATEGORIES
R = CatalogueKind.RECIPIENT_CATEGORIES
M = CatalogueKind.SECURITY_MEASURES

CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        D,
        "Identity data",
        "Name, date of birth, gender, nationality",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Contact data",
        "E-mail address, telephone number, postal address",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Account credentials",
        "Username, password hash, secret question and answer",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Purchase and transaction data",
        "Orders, invoices, purchase history, subscriptions",
        enisa_type=EnisaDataType.FINANCIAL,
    ),
    CatalogueEntry(
        D,
        "Payment data",
        "Payment references received from payment service providers (no full card numbers)",
        enisa_type=EnisaDataType.FINANCIAL,
    ),
    CatalogueEntry(
        D,
        "Behavioural and device data",
        "Site visits, interactions, keywords, content produced; device and browser identifiers, cookies",
        enisa_type=EnisaDataType.BEHAVIOURAL,
    ),
    CatalogueEntry(
        D,
        "Location data",
        "Country, language, time zone and regional formats",
        enisa_type=EnisaDataType.BEHAVIOURAL,
    ),
    CatalogueEntry(
        D,
        "IP addresses and security logs",
        "IP address, log-in events, suspicious activity signals",
        enisa_type=EnisaDataType.BEHAVIOURAL,
    ),
    CatalogueEntry(
        D,
        "Customer service correspondence",
        "Messages, tickets and notes of customer service",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Voice recordings",
        "Recordings of calls to customer service",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Marketing preferences and consents",
        "Newsletter consent, its date and withdrawal, interests",
        enisa_type=EnisaDataType.BEHAVIOURAL,
    ),
    CatalogueEntry(
        D,
        "Survey and competition answers",
        "Answers, entries and prize delivery details",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(
        D,
        "Social media account data",
        "Public profile identifier when the user links a social media account",
        enisa_type=EnisaDataType.SIMPLE,
    ),
    CatalogueEntry(S, "Users of Pixelus services", "Holders of a Pixelus ID account"),
    CatalogueEntry(S, "Customers", "People who buy products or subscriptions"),
    CatalogueEntry(S, "Website visitors", "Visitors, signed in or not"),
    CatalogueEntry(S, "Newsletter subscribers"),
    CatalogueEntry(S, "Survey and competition participants"),
    CatalogueEntry(S, "Callers and correspondents of customer service"),
    CatalogueEntry(
        S,
        "Users of group companies' services",
        "Vivaebook users whose accounts Leapbit hosts for Stellapixel Ltd",
    ),
    CatalogueEntry(
        R, "Leapbit group companies", "For administration and for delivering the services"
    ),
    CatalogueEntry(
        R, "Payment service providers", "Process payments; controllers of the card data"
    ),
    CatalogueEntry(R, "IT hosting and cloud providers", "Processors under Art. 28 contracts"),
    CatalogueEntry(R, "Analytics providers", "Processors for statistics and service improvement"),
    CatalogueEntry(
        R, "Partners and sponsors of competitions", "Receive entries and winners' details"
    ),
    CatalogueEntry(
        R,
        "Public authorities",
        "Tax administration, courts, the supervisory authority, on legal grounds",
    ),
    CatalogueEntry(
        R,
        "Parties to a merger or acquisition",
        "Prospective buyers and their advisers, under confidentiality",
    ),
    CatalogueEntry(M, "Encryption in transit (TLS)", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(M, "Encryption at rest", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(M, "Access control and least privilege", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(M, "Pseudonymisation of analytics data", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(M, "Backups and tested recovery", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(M, "Logging and monitoring of abuse", measure_kind=MeasureKind.TECHNICAL),
    CatalogueEntry(
        M, "Staff confidentiality and training", measure_kind=MeasureKind.ORGANISATIONAL
    ),
    CatalogueEntry(M, "Processor contracts (Art. 28)", measure_kind=MeasureKind.ORGANISATIONAL),
    CatalogueEntry(M, "Retention and deletion procedure", measure_kind=MeasureKind.ORGANISATIONAL),
    CatalogueEntry(M, "Incident response plan", measure_kind=MeasureKind.ORGANISATIONAL),
)


@dataclass(frozen=True)
class SampleActivity:
    """An activity with its links named, not numbered."""

    activity: Activity
    subjects: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    retention: tuple[tuple[str | None, RetentionRule], ...] = field(default=())


_BASE_MEASURES = (
    "Encryption in transit (TLS)",
    "Encryption at rest",
    "Access control and least privilege",
    "Backups and tested recovery",
    "Staff confidentiality and training",
)
_REVIEWED = date(2026, 9, 15)
_NEXT = date(2027, 9, 15)


def _activity(**fields: object) -> Activity:
    defaults: dict[str, object] = {
        "status": ActivityStatus.ACTIVE,
        "owner": "Product",
        "systems": "Pixelus platform",
        "location": "EU data centre (Frankfurt)",
        "last_reviewed_on": _REVIEWED,
        "next_review_on": _NEXT,
        "dpia_status": DpiaStatus.NOT_REQUIRED,
    }
    defaults.update(fields)
    return Activity(**defaults)  # type: ignore[arg-type]


def _keep(period: int, unit: RetentionUnit, trigger: str, citation: str = "") -> RetentionRule:
    return RetentionRule(period=period, unit=unit, trigger=trigger, citation=citation)


SAMPLE_ACTIVITIES: tuple[SampleActivity, ...] = (
    SampleActivity(
        _activity(
            name="Pixelus ID account",
            purposes="Creating and running the user's account; verifying identity and helping users get back into their account; sending important notices about orders, terms and policies.",
            lawful_bases=(LawfulBasis.CONTRACT,),
            source="The data subject, at sign-up; a social media service when the user links an account",
        ),
        subjects=("Users of Pixelus services",),
        data=("Identity data", "Contact data", "Account credentials", "Social media account data"),
        recipients=("IT hosting and cloud providers", "Leapbit group companies"),
        measures=(*_BASE_MEASURES, "Processor contracts (Art. 28)"),
        retention=(
            (
                None,
                RetentionRule(criterion="Until the account is deleted", fate=RetentionFate.DELETE),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Orders, purchases and payments",
            purposes="Handling payment for the account, delivering order and invoice information, keeping track of purchases so that the user gets the services paid for.",
            lawful_bases=(LawfulBasis.CONTRACT, LawfulBasis.LEGAL_OBLIGATION),
            owner="Finance",
            systems="Pixelus shop; payment service provider's gateway",
            source="The data subject; payment service providers",
        ),
        subjects=("Customers",),
        data=("Identity data", "Contact data", "Purchase and transaction data", "Payment data"),
        recipients=("Payment service providers", "Public authorities"),
        measures=(*_BASE_MEASURES, "Retention and deletion procedure"),
        retention=(
            (
                "Purchase and transaction data",
                _keep(10, RetentionUnit.YEARS, "after the end of the year of the transaction"),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Personalisation and analytics",
            purposes="Building a picture of the user's interests over time to personalise content and search results, data analysis and research to improve the services and develop new ones, statistics.",
            lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS,),
            legitimate_interest="Developing and improving the services and offering tailored content (the Stellapixel policy's purpose B)",
            balancing_test="LIA-2026-03",
            owner="Analytics",
            systems="Analytics platform",
            dpia_status=DpiaStatus.COMPLETED,
            dpia_reference="DPIA-2026-02 (profiling for personalisation)",
            automated_decisions=False,
        ),
        subjects=("Users of Pixelus services", "Website visitors"),
        data=("Behavioural and device data", "Location data"),
        recipients=("Analytics providers", "Leapbit group companies"),
        measures=(*_BASE_MEASURES, "Pseudonymisation of analytics data"),
        retention=(
            (
                "Behavioural and device data",
                RetentionRule(
                    criterion="Until the account is deleted; used for analysis for at most 5 years",
                    fate=RetentionFate.ANONYMISE,
                ),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Location, language and regional formats",
            purposes="Showing the services in the user's language, time zone and regional formats; location is shared only within the Leapbit group and never sold.",
            lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS,),
            legitimate_interest="Presenting the services in a form the user can use",
        ),
        subjects=("Users of Pixelus services", "Website visitors"),
        data=("Location data",),
        recipients=("Leapbit group companies",),
        measures=_BASE_MEASURES,
        retention=((None, RetentionRule(criterion="Until the account is deleted")),),
    ),
    SampleActivity(
        _activity(
            name="Marketing communications and newsletters",
            purposes="Sending newsletters, offers, news and information about events, with the user's consent; the user can unsubscribe at any time in the account preferences.",
            lawful_bases=(LawfulBasis.CONSENT,),
            owner="Marketing",
            systems="Newsletter service",
        ),
        subjects=("Newsletter subscribers",),
        data=("Contact data", "Marketing preferences and consents"),
        recipients=("IT hosting and cloud providers",),
        measures=(*_BASE_MEASURES, "Processor contracts (Art. 28)"),
        retention=(
            (
                "Marketing preferences and consents",
                RetentionRule(
                    criterion="Until consent is withdrawn; the consent record itself 3 years after withdrawal, as proof"
                ),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Customer service",
            purposes="Answering questions and complaints of users and customers by e-mail, chat and telephone.",
            lawful_bases=(LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS),
            legitimate_interest="Handling enquiries of people who are not (yet) customers, and training staff with recorded calls",
            owner="Customer service",
            systems="Ticketing system; telephone system",
        ),
        subjects=("Callers and correspondents of customer service", "Customers"),
        data=("Contact data", "Customer service correspondence", "Voice recordings"),
        recipients=("IT hosting and cloud providers",),
        measures=_BASE_MEASURES,
        retention=(
            (
                "Customer service correspondence",
                _keep(3, RetentionUnit.YEARS, "after the case is closed"),
            ),
            ("Voice recordings", _keep(1, RetentionUnit.MONTHS, "after the call")),
        ),
    ),
    SampleActivity(
        _activity(
            name="Security and fraud prevention",
            purposes="Monitoring unusual or suspicious activity such as automated abuse, blocking malicious use of the services, informing users of possibly fraudulent activity on their account; internal audit.",
            lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.LEGAL_OBLIGATION),
            legitimate_interest="Protecting the services, the users and the company against fraud and abuse (recital 47, 49)",
            owner="Security",
            systems="Logging and monitoring platform",
        ),
        subjects=("Users of Pixelus services", "Website visitors"),
        data=("IP addresses and security logs", "Account credentials"),
        recipients=("Public authorities",),
        measures=(*_BASE_MEASURES, "Logging and monitoring of abuse", "Incident response plan"),
        retention=(
            ("IP addresses and security logs", _keep(12, RetentionUnit.MONTHS, "after collection")),
        ),
    ),
    SampleActivity(
        _activity(
            name="Legal obligations and legal claims",
            purposes="Keeping accounting and tax records, answering public authorities, establishing, exercising or defending legal claims, mergers and acquisitions as the law allows.",
            lawful_bases=(LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.LEGITIMATE_INTERESTS),
            legitimate_interest="Establishing, exercising or defending legal claims; business and strategic management in a merger or acquisition",
            owner="Legal",
            systems="Accounting system; document management",
        ),
        subjects=("Customers", "Users of Pixelus services"),
        data=("Identity data", "Contact data", "Purchase and transaction data"),
        recipients=("Public authorities", "Parties to a merger or acquisition"),
        measures=(*_BASE_MEASURES, "Retention and deletion procedure"),
        retention=(
            (
                "Purchase and transaction data",
                _keep(10, RetentionUnit.YEARS, "after the end of the year of the transaction"),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Surveys and competitions with partners and sponsors",
            purposes="Running surveys and competitions the user chooses to enter, together with partners and sponsors, and delivering prizes.",
            lawful_bases=(LawfulBasis.CONSENT,),
            owner="Marketing",
        ),
        subjects=("Survey and competition participants",),
        data=("Identity data", "Contact data", "Survey and competition answers"),
        recipients=("Partners and sponsors of competitions",),
        measures=_BASE_MEASURES,
        retention=(
            (
                "Survey and competition answers",
                _keep(6, RetentionUnit.MONTHS, "after the competition ends"),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            name="Sharing within the group",
            purposes="Sharing information with other companies of the group when necessary for administration or for delivering the services.",
            lawful_bases=(LawfulBasis.LEGITIMATE_INTERESTS,),
            legitimate_interest="Intra-group administration (recital 48)",
            owner="Management",
        ),
        subjects=("Users of Pixelus services", "Customers"),
        data=("Identity data", "Contact data", "Purchase and transaction data"),
        recipients=("Leapbit group companies",),
        measures=(*_BASE_MEASURES, "Processor contracts (Art. 28)"),
        retention=(
            (
                None,
                RetentionRule(criterion="As long as the purpose of the receiving company requires"),
            ),
        ),
    ),
    SampleActivity(
        _activity(
            register=RegisterKind.PROCESSOR,
            role=Role.PROCESSOR,
            name="Hosting of Vivaebook user accounts (illustrative)",
            controller_name="Stellapixel Ltd (Vivaebook)",
            controller_contact="Group data protection contact, Stellapixel Ltd",
            processing_categories="Storage, back-up and technical operation of user accounts on the Pixelus platform",
            owner="Operations",
        ),
        subjects=("Users of group companies' services",),
        data=("Identity data", "Contact data", "Account credentials"),
        measures=(*_BASE_MEASURES, "Incident response plan"),
    ),
)


def fill_register(uow: UnitOfWork) -> int:
    """Writes the catalogues and the activities into ``uow``; returns the number of activities."""
    ids: dict[tuple[CatalogueKind, str], int] = {}
    for entry in CATALOGUE:
        saved = uow.catalogue.save(entry)
        assert saved.id is not None
        ids[(entry.kind, entry.name)] = saved.id

    def resolve(kind: CatalogueKind, names: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(ids[(kind, name)] for name in names)

    for sample in SAMPLE_ACTIVITIES:
        uow.activities.save(
            replace(
                sample.activity,
                subject_category_ids=resolve(S, sample.subjects),
                data_category_ids=resolve(D, sample.data),
                recipient_category_ids=resolve(R, sample.recipients),
                measure_ids=resolve(M, sample.measures),
                retention=tuple(
                    replace(rule, data_category_id=ids[(D, name)] if name else None)
                    for name, rule in sample.retention
                ),
            )
        )
    return len(SAMPLE_ACTIVITIES)
