"""Incidents through the service, on SQLite and PostgreSQL: references by the office's year,
the plan started as a checklist, the severity from the register's ENISA types with the policy's
advice, the figures the page sorts and filters by, and what refuses a deletion."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dpo_desk.domain.activity import (
    Activity,
    CatalogueEntry,
    CatalogueKind,
    EnisaDataType,
    RegisterKind,
)
from dpo_desk.domain.breach import (
    Band,
    Confidentiality,
    Identification,
    NotificationPolicy,
    Recommendation,
)
from dpo_desk.domain.changes import Register
from dpo_desk.domain.errors import ConcurrentEditError, ValidationError
from dpo_desk.domain.incident import (
    BreachFinding,
    Cause,
    Incident,
    IncidentFilter,
    IncidentSort,
    PlanStep,
    ResponsePlan,
    Scenario,
)
from dpo_desk.domain.transfer import Recipient, RecipientRole
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken
from dpo_desk.services.sample import fill_sample
from dpo_desk.services.sample_incidents import SAMPLE_PLANS
from dpo_desk.store.database import SqlDatabase

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
D = CatalogueKind.DATA_CATEGORIES
S = CatalogueKind.SUBJECT_CATEGORIES


def _entry(services: Services, kind: CatalogueKind, name: str, **kw: object) -> int:
    entry, _changes = services.catalogue.save(CatalogueEntry(kind, name, **kw))  # type: ignore[arg-type]
    assert entry.id is not None
    return entry.id


@pytest.fixture
def register(services: Services) -> dict[str, int]:
    ids = {
        "identity": _entry(services, D, "Identity data", enisa_type=EnisaDataType.SIMPLE),
        "card": _entry(services, D, "Card data", enisa_type=EnisaDataType.FINANCIAL),
        "customers": _entry(services, S, "Customers"),
        "staff": _entry(services, S, "Employees"),
    }
    activity, _changes = services.activities.save(
        Activity(
            name="Online shop",
            register=RegisterKind.CONTROLLER,
            purposes="Selling",
            data_category_ids=(ids["identity"], ids["card"]),
            subject_category_ids=(ids["customers"],),
        )
    )
    assert activity.id is not None
    ids["shop"] = activity.id
    return ids


def _breach(**changes: object) -> Incident:
    base = Incident(
        title="Card data exfiltrated from the shop",
        detected_at=NOW - timedelta(hours=30),
        aware_at=NOW - timedelta(hours=20),
        confidentiality=True,
        cause=Cause.HACKING,
        finding=BreachFinding.BREACH,
        finding_reasoning="Skimming script on the checkout page.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_references_follow_the_year_in_zagreb(services: Services) -> None:
    # 31 December 23:30 UTC is already 1 January in Zagreb.
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    first, changes = services.incidents.save(
        Incident(title="Fireworks DDoS", detected_at=new_year), now=new_year
    )
    assert first.reference == "INC-2027-0001"
    assert changes.touches(Register.INCIDENTS)
    second, _changes = services.incidents.save(Incident(title="x", detected_at=NOW), now=NOW)
    assert second.reference == "INC-2026-0001"
    assert services.incidents.find("inc-2027-0001") == first


def test_saved_incident_reads_back_whole(services: Services, register: dict[str, int]) -> None:
    incident = _breach(
        activity_ids=(register["shop"],),
        data_category_ids=(register["card"], register["identity"]),
        subject_category_ids=(register["customers"],),
        subjects_approx=1200,
        identification=Identification.MAXIMUM,
        lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
        malicious=True,
        decision=Recommendation.NOTIFY_SUBJECTS_TOO,
        decision_reasoning="Card data in criminal hands.",
        description="Šifra kartice, Đurđevac — čćđšž",
    )
    saved, _changes = services.incidents.save(incident, now=NOW)
    assert saved.id is not None and saved.version == 1
    again = services.incidents.get(saved.id)
    assert again == saved
    assert again.data_category_ids == (register["identity"], register["card"])
    assert again.subject_category_ids == (register["customers"],)
    assert again.description == "Šifra kartice, Đurđevac — čćđšž"
    assert again.aware_at == NOW - timedelta(hours=20)
    assert again.aware_at is not None and again.aware_at.tzinfo is not None


def test_the_plan_starts_as_a_checklist(services: Services) -> None:
    plan, _changes = services.incidents.save_plan(
        ResponsePlan(
            Scenario.INTRUSION,
            (PlanStep("Contain", "IT", 2), PlanStep(" Decide on notification ", "DPO", 48)),
        )
    )
    saved, _changes = services.incidents.save(_breach(scenario=Scenario.INTRUSION), now=NOW)
    assert [(s.title, s.role, s.due_hours) for s in saved.checklist] == [
        ("Contain", "IT", 2),
        ("Decide on notification", "DPO", 48),
    ]
    # Editing the plan later leaves the incident's checklist as it was started.
    services.incidents.save_plan(replace(plan, steps=(PlanStep("Other", "IT", 1),)))
    assert saved.id is not None
    assert len(services.incidents.get(saved.id).checklist) == 2
    # No plan for the scenario: nothing to start.
    lost, _changes = services.incidents.save(_breach(scenario=Scenario.LOST_DEVICE), now=NOW)
    assert lost.checklist == ()


def test_ticking_a_step_is_kept_with_who_and_when(services: Services) -> None:
    services.incidents.save_plan(
        ResponsePlan(Scenario.MIS_SENT, (PlanStep("Ask to delete", "DPO", 4),))
    )
    saved, _changes = services.incidents.save(_breach(scenario=Scenario.MIS_SENT), now=NOW)
    ticked = replace(
        saved, checklist=(replace(saved.checklist[0], done_at=NOW, done_by="Ana Horvat"),)
    )
    stored, _changes = services.incidents.save(ticked, now=NOW)
    assert stored.checklist[0].done_by == "Ana Horvat" and stored.checklist[0].done_at == NOW
    assert stored.version == 2


def test_severity_uses_the_registers_enisa_types_and_the_policy(
    services: Services, register: dict[str, int]
) -> None:
    incident = _breach(
        data_category_ids=(register["identity"], register["card"]),
        identification=Identification.MAXIMUM,
    )
    evaluation = services.incidents.evaluate(incident)
    assert evaluation.data_types == (EnisaDataType.SIMPLE, EnisaDataType.FINANCIAL)
    assert evaluation.severity is not None
    assert (evaluation.severity.score, evaluation.severity.band) == (3.0, Band.HIGH)
    assert evaluation.recommendation is Recommendation.NOTIFY_SUBJECTS_TOO
    # The organisation's policy: tell the subjects only from very high.
    services.incidents.set_policy(NotificationPolicy(Band.MEDIUM, Band.VERY_HIGH))
    assert services.incidents.policy() == NotificationPolicy(Band.MEDIUM, Band.VERY_HIGH)
    evaluation = services.incidents.evaluate(incident)
    assert evaluation.recommendation is Recommendation.NOTIFY_AUTHORITY
    with pytest.raises(ValidationError):
        services.incidents.set_policy(NotificationPolicy(Band.HIGH, Band.MEDIUM))
    # Correcting the catalogue shows in the next assessment, and in what the page sorts by.
    stored, _c = services.incidents.save(incident, now=NOW)
    card = next(e for e in services.catalogue.entries(D) if e.id == register["card"])
    _entry_saved, changes = services.catalogue.save(replace(card, enisa_type=EnisaDataType.SIMPLE))
    assert changes.touches(Register.INCIDENTS)
    evaluation = services.incidents.evaluate(incident)
    assert evaluation.severity is not None and evaluation.severity.score == 1.0
    (row,) = services.incidents.summaries(IncidentFilter())
    assert (row.score, row.band) == (1.0, Band.LOW)
    assert stored.id is not None and services.incidents.get(stored.id).version == 2


def test_special_categories_count_as_sensitive(services: Services) -> None:
    health = _entry(services, D, "Zdravstveni podaci", special=True)  # no ENISA type given
    evaluation = services.incidents.evaluate(
        _breach(data_category_ids=(health,), identification=Identification.MAXIMUM)
    )
    assert evaluation.data_types == (EnisaDataType.SENSITIVE,)
    assert evaluation.severity is not None and evaluation.severity.dpc == 4


def test_a_late_notification_is_refused_without_the_reasons(services: Services) -> None:
    aware = NOW - timedelta(hours=100)
    late = _breach(
        detected_at=aware,
        aware_at=aware,
        notified_at=NOW,
        decision=Recommendation.NOTIFY_AUTHORITY,
        decision_reasoning="Risk to the customers.",
    )
    with pytest.raises(ValidationError) as refused:
        services.incidents.save(late, now=NOW)
    assert [e.field for e in refused.value.errors] == ["delay_reasons"]
    assert "72" in str(refused.value)
    assert services.incidents.count() == 0
    saved, _changes = services.incidents.save(
        replace(late, delay_reasons="Forensics took four days."), now=NOW
    )
    assert saved.delay_reasons == "Forensics took four days."


def test_a_stale_version_is_refused(services: Services) -> None:
    saved, _changes = services.incidents.save(_breach(), now=NOW)
    services.incidents.save(replace(saved, title="Renamed"), now=NOW)
    with pytest.raises(ConcurrentEditError):
        services.incidents.save(replace(saved, title="Mine"), now=NOW)


def test_the_page_sorts_and_filters_in_the_database(
    services: Services, register: dict[str, int]
) -> None:
    running, _c = services.incidents.save(
        _breach(
            title="Running",
            detected_at=NOW - timedelta(hours=40),
            data_category_ids=(register["card"],),
            identification=Identification.MAXIMUM,
        ),
        now=NOW,
    )
    notified, _c = services.incidents.save(
        _breach(
            title="Notified",
            notified_at=NOW - timedelta(hours=1),
            decision=Recommendation.NOTIFY_AUTHORITY,
            decision_reasoning="Risk.",
            identification=Identification.LIMITED,
        ),
        now=NOW,
    )
    harmless, _c = services.incidents.save(
        Incident(
            title="Phishing, nobody clicked",
            detected_at=NOW - timedelta(days=3),
            reported_by="Finance (Đurđa)",
            finding=BreachFinding.NOT_A_BREACH,
            finding_reasoning="No data accessed.",
        ),
        now=NOW,
    )
    incidents = services.incidents
    page = incidents.summaries(IncidentFilter(clock_running=True))
    assert [s.title for s in page] == ["Running"]
    assert page[0].band is Band.HIGH and page[0].score == 3.0
    assert page[0].aware_at == NOW - timedelta(hours=20)
    by_severity = incidents.summaries(IncidentFilter(sort=IncidentSort.SEVERITY))
    assert [s.title for s in by_severity] == ["Running", "Notified", "Phishing, nobody clicked"]
    assert [s.title for s in incidents.summaries(IncidentFilter(search="đurđa"))] == [
        "Phishing, nobody clicked"
    ]
    assert incidents.count(IncidentFilter(finding=BreachFinding.BREACH)) == 2
    assert incidents.count(IncidentFilter(band=Band.HIGH)) == 1
    oldest_first = incidents.summaries(IncidentFilter(descending=False), offset=1, limit=1)
    assert [s.id for s in oldest_first] == [running.id]
    assert notified.id and harmless.id


def test_a_category_or_processor_in_an_incident_is_not_deleted(
    services: Services, register: dict[str, int]
) -> None:
    recipient, _c = services.recipients.save(
        Recipient(name="Hosting d.o.o.", role=RecipientRole.PROCESSOR, country_code="HR")
    )
    saved, _c = services.incidents.save(
        _breach(
            data_category_ids=(register["identity"],),
            processor_reported=True,
            processor_recipient_id=recipient.id,
            processor_reported_at=NOW - timedelta(hours=25),
            cause=Cause.PROCESSOR,
        ),
        now=NOW,
    )
    entry = next(e for e in services.catalogue.entries(D) if e.id == register["identity"])
    with pytest.raises(ValidationError) as refused:
        services.catalogue.delete(entry)
    assert saved.reference is not None and saved.reference in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.recipients.delete(recipient)
    assert saved.reference in str(refused.value)


def test_the_sample_has_plans_and_incidents_in_every_state(database: SqlDatabase) -> None:
    from dpo_desk.app import build_services

    fill_sample(database.unit_of_work, lambda *_a: None, CancelToken())
    incidents = build_services(database).incidents
    assert {p.scenario for p in incidents.plans()} == set(Scenario)
    assert all(len(p.steps) >= 6 for p in incidents.plans())
    assert [p.scenario for p in incidents.plans()] == [p.scenario for p in SAMPLE_PLANS]
    every = incidents.all()
    assert len(every) == 8
    assert {i.finding for i in every} == set(BreachFinding)
    assert {i.decision for i in every} >= set(Recommendation)
    assert any(i.delay_reasons for i in every)
    assert incidents.count(IncidentFilter(clock_running=True)) >= 1
    # Every sample incident passes the rules the form applies.
    for incident in every:
        incidents.save(incident)
