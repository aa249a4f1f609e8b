"""Incidents: the short form, the order of the times, the breach finding and the decision's
reasoning (Art. 33(5)), the delay-reason rule on the record, and the response checklist."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dpo_desk.domain.activity import EnisaDataType
from dpo_desk.domain.breach import Adjustment, AdjustmentKind, Band, Identification, Recommendation
from dpo_desk.domain.incident import (
    BreachFinding,
    Cause,
    ChecklistStep,
    Exemption,
    Incident,
    IncidentStatus,
    PlanStep,
    ResponsePlan,
    Scenario,
    format_reference,
    normalise_incident,
    parse_reference,
    plan_problems,
    start_checklist,
    suggested_categories,
    validate_incident,
)
from dpo_desk.i18n import set_language

ZAGREB = ZoneInfo("Europe/Zagreb")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _fields(incident: Incident) -> set[str]:
    return {p.field for p in validate_incident(normalise_incident(incident), NOW)}


def _breach(**changes: object) -> Incident:
    base = Incident(
        title="Laptop stolen from a car",
        detected_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        aware_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        confidentiality=True,
        cause=Cause.LOST_OR_STOLEN,
        finding=BreachFinding.BREACH,
        finding_reasoning="Customer list on the unencrypted disk.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_short_form_needs_only_a_title_and_the_detection_time() -> None:
    assert _fields(Incident(title="Phishing e-mail", detected_at=NOW)) == set()
    assert _fields(Incident()) == {"title", "detected_at"}


def test_a_breach_needs_its_nature_awareness_and_reasoning() -> None:
    assert _fields(_breach()) == set()
    incomplete = _breach(confidentiality=False, aware_at=None, finding_reasoning=" ")
    assert _fields(incomplete) == {"nature", "aware_at", "finding_reasoning"}


def test_times_must_be_in_order_and_not_in_the_future() -> None:
    detected = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert "aware_at" in _fields(_breach(aware_at=detected - timedelta(minutes=1)))
    assert "occurred_from" in _fields(_breach(occurred_from=detected + timedelta(hours=1)))
    window = _breach(
        occurred_from=detected - timedelta(days=1), occurred_to=detected - timedelta(days=2)
    )
    assert "occurred_to" in _fields(window)
    assert "occurred_from" in _fields(_breach(occurred_to=detected))
    assert "detected_at" in _fields(_breach(detected_at=NOW + timedelta(hours=1)))
    # A clock a few minutes ahead of this machine's is tolerated.
    assert _fields(Incident(title="x", detected_at=NOW + timedelta(minutes=2))) == set()


def test_a_processor_report_needs_its_time() -> None:
    assert "processor_reported_at" in _fields(_breach(processor_reported=True))
    reported = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert _fields(_breach(processor_reported=True, processor_reported_at=reported)) == set()


def test_switched_off_details_are_not_kept() -> None:
    incident = normalise_incident(
        _breach(
            processor_reported=False,
            processor_reported_at=NOW,
            processor_recipient_id=4,
            cross_border=False,
            cross_border_details="Slovenia",
            activity_ids=(3, 1, 3),
            title="  Laptop  ",
        )
    )
    assert incident.processor_reported_at is None and incident.processor_recipient_id is None
    assert incident.cross_border_details == ""
    assert incident.activity_ids == (1, 3)
    assert incident.title == "Laptop"


def test_a_late_notification_needs_the_reasons_for_the_delay() -> None:
    aware = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    decided = {"decision": Recommendation.NOTIFY_AUTHORITY, "decision_reasoning": "Risk."}
    on_time = _breach(
        detected_at=aware, aware_at=aware, notified_at=aware + timedelta(hours=72), **decided
    )
    assert _fields(on_time) == set()
    late = replace(on_time, notified_at=aware + timedelta(hours=72, minutes=1))
    assert _fields(late) == {"delay_reasons"}
    assert _fields(replace(late, delay_reasons="Forensic report only on day 4.")) == set()


def test_every_decision_carries_its_reasoning() -> None:
    decided = _breach(decision=Recommendation.RECORD_ONLY)
    assert _fields(decided) == {"decision_reasoning"}
    assert _fields(replace(decided, decision_reasoning="Encrypted disk, key safe.")) == set()


def test_an_exemption_does_not_sit_beside_telling_the_subjects() -> None:
    told = _breach(
        decision=Recommendation.NOTIFY_SUBJECTS_TOO,
        decision_reasoning="High risk.",
        exemption=Exemption.UNINTELLIGIBLE,
    )
    assert _fields(told) == {"exemption"}
    # 34(3)(c) is itself a way of telling them: a public communication.
    assert _fields(replace(told, exemption=Exemption.DISPROPORTIONATE)) == set()
    kept = replace(told, decision=Recommendation.NOTIFY_AUTHORITY)
    assert _fields(kept) == set()


def test_a_non_breach_is_neither_notified_nor_decided() -> None:
    cleared = _breach(
        finding=BreachFinding.NOT_A_BREACH,
        finding_reasoning="The laptop was found unopened.",
        notified_at=NOW,
        decision=Recommendation.NOTIFY_AUTHORITY,
        decision_reasoning="x",
    )
    assert {"notified_at", "decision_reasoning"} <= _fields(cleared)


def test_closing_needs_a_date_a_finding_and_an_end() -> None:
    closed = Incident(title="x", detected_at=NOW, status=IncidentStatus.CLOSED, ongoing=True)
    assert _fields(closed) == {"closed_on", "status"}
    messages = [
        p.message for p in validate_incident(normalise_incident(closed), NOW) if p.field == "status"
    ]
    assert len(messages) == 2


def test_a_breach_of_another_cause_describes_it() -> None:
    assert _fields(_breach(cause=Cause.OTHER)) == {"cause_details"}
    assert _fields(_breach(cause=Cause.OTHER, cause_details="Flood in the archive")) == set()


def test_adjustments_need_justifications() -> None:
    adjusted = _breach(adjustments=(Adjustment(AdjustmentKind.VOLUME, 1, " "),))
    assert _fields(adjusted) == {"adjustments"}


def test_severity_uses_the_data_types_of_the_categories() -> None:
    incident = _breach(identification=Identification.MAXIMUM, malicious=True)
    assert incident.severity(()) is not None
    found = incident.severity((EnisaDataType.SIMPLE, EnisaDataType.FINANCIAL))
    assert found is not None and found.score == 3.5 and found.band is Band.HIGH
    assert _breach().severity((EnisaDataType.SIMPLE,)) is None  # not assessed yet


def test_the_clock_runs_until_notified_or_decided_otherwise() -> None:
    assert _breach().clock_running
    assert not _breach(notified_at=NOW).clock_running
    assert not _breach(decision=Recommendation.RECORD_ONLY).clock_running
    assert not _breach(finding=BreachFinding.NOT_A_BREACH).clock_running
    assert not _breach(aware_at=None).clock_running
    # Not yet determined: the clock is shown, to be safe.
    assert _breach(finding=BreachFinding.UNDETERMINED).clock_running


PLAN = ResponsePlan(
    Scenario.LOST_DEVICE,
    (
        PlanStep(" Wipe the device remotely ", "IT", 2),
        PlanStep("Assess what was on it", "DPO", 24),
        PlanStep("Notify AZOP if needed", "DPO", 72),
    ),
)


def test_a_plan_starts_as_a_checklist_in_its_order() -> None:
    checklist = start_checklist(PLAN)
    assert [s.title for s in checklist] == [
        "Wipe the device remotely",
        "Assess what was on it",
        "Notify AZOP if needed",
    ]
    assert [s.due_hours for s in checklist] == [2, 24, 72]
    assert all(s.done_at is None and s.done_by == "" for s in checklist)


def test_a_step_is_due_in_elapsed_hours_across_the_autumn_change() -> None:
    # Aware on Saturday 24 October 2026 at 22:00 in Zagreb (CEST); clocks go back at 03:00.
    aware = datetime(2026, 10, 24, 22, 0, tzinfo=ZAGREB)
    step = ChecklistStep("Assess", "DPO", 24)
    due = step.due_at(aware)
    assert due == aware.astimezone(UTC) + timedelta(hours=24)
    assert due.astimezone(ZAGREB).hour == 21  # one wall-clock hour earlier
    assert not step.is_overdue(aware, due)
    assert step.is_overdue(aware, due + timedelta(seconds=1))
    assert not replace(step, done_at=due, done_by="Ana").is_overdue(aware, due + timedelta(days=1))
    assert not step.is_overdue(None, due + timedelta(days=1))


def test_a_ticked_step_names_who_did_it() -> None:
    checklist = (replace(start_checklist(PLAN)[0], done_at=NOW),)
    assert _fields(_breach(checklist=checklist)) == {"checklist"}
    done = (replace(checklist[0], done_by="Ivan (IT)"),)
    assert _fields(_breach(checklist=done)) == set()


def test_plan_steps_need_text_role_and_a_sensible_due_time() -> None:
    bad = ResponsePlan(Scenario.INSIDER, (PlanStep("", "DPO", 1), PlanStep("x", "", 99999)))
    assert len(plan_problems(bad)) == 3
    assert plan_problems(PLAN) == []


def test_categories_are_suggested_from_the_linked_activities() -> None:
    linked = {1: ((10, 11), (20,)), 2: ((11, 12), (21,)), 3: ((13,), (22,))}
    suggestion = suggested_categories(linked, (1, 2, 9))
    assert suggestion.data_category_ids == (10, 11, 12)
    assert suggestion.subject_category_ids == (20, 21)


def test_references_read_back() -> None:
    assert format_reference(2026, 7) == "INC-2026-0007"
    assert parse_reference(" inc-2026-0007 ") == (2026, 7)
    assert parse_reference("DSR-2026-0007") is None


def test_a_breach_is_closed_only_with_its_decision_carried_out() -> None:
    closed = {"status": IncidentStatus.CLOSED, "closed_on": NOW.date()}
    assert _fields(_breach(**closed)) == {"status"}  # no decision
    notify = _breach(
        decision=Recommendation.NOTIFY_SUBJECTS_TOO, decision_reasoning="High risk.", **closed
    )
    assert _fields(notify) == {"notified_at", "subjects_told_on"}
    done = replace(notify, notified_at=NOW, subjects_told_on=NOW.date())
    assert _fields(done) == set()
    exempt = replace(notify, notified_at=NOW, exemption=Exemption.DISPROPORTIONATE)
    assert _fields(exempt) == set()
    internal = _breach(
        decision=Recommendation.RECORD_ONLY, decision_reasoning="Encrypted.", **closed
    )
    assert _fields(internal) == set()


def test_contradictions_are_refused() -> None:
    internal = _breach(decision=Recommendation.RECORD_ONLY, decision_reasoning="Encrypted.")
    assert _fields(replace(internal, notified_at=NOW)) == {"notified_at"}
    assert _fields(replace(internal, exemption=Exemption.UNINTELLIGIBLE)) == {"exemption"}
    early = ChecklistStep("Wipe", "IT", 2, done_at=NOW - timedelta(days=3), done_by="Ivan")
    assert _fields(_breach(checklist=(early,))) == {"checklist"}


def test_phases_go_initial_then_follow_up_then_final() -> None:
    from dpo_desk.domain.incident import (
        Addressee,
        NotificationVersion,
        Phase,
        next_phase,
        phase_problems,
    )

    def kept(*phases: Phase) -> tuple[NotificationVersion, ...]:
        return tuple(NotificationVersion(Addressee.AUTHORITY, p, NOW, "hr", 1) for p in phases)

    assert next_phase(()) is Phase.INITIAL
    assert next_phase(kept(Phase.INITIAL)) is Phase.FOLLOW_UP
    assert next_phase(kept(Phase.INITIAL, Phase.FINAL)) is Phase.FINAL
    assert phase_problems((), Addressee.AUTHORITY, Phase.FOLLOW_UP)
    assert phase_problems(kept(Phase.INITIAL), Addressee.AUTHORITY, Phase.INITIAL)
    assert not phase_problems(kept(Phase.INITIAL), Addressee.AUTHORITY, Phase.FINAL)
    # Letters to the data subjects have no phases.
    assert not phase_problems(kept(Phase.INITIAL), Addressee.SUBJECTS, Phase.INITIAL)
