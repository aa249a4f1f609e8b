"""The incidents page: the lazy register with the live 72-hour clock (red in its last 12 hours),
its filters, the short form, the rules the form enforces (nature, awareness, reasons for a late
notification, justified adjustments), the live ENISA score beside the policy's advice, the
categories suggested from the activities, the checklist ticked with who and when, the response
plans and the notification policy."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from dpo_desk.domain.breach import Band, Identification
from dpo_desk.domain.incident import (
    Addressee,
    BreachFinding,
    Cause,
    Incident,
    IncidentSummary,
    Phase,
    Scenario,
)
from dpo_desk.domain.timefmt import local, utc_now
from dpo_desk.ui.incidents_page import (
    IncidentDialog,
    IncidentsPage,
    PlansDialog,
    PolicyDialog,
)
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.notification_dialog import NotificationDialog
from dpo_desk.ui.table_model import OVERDUE_COLOUR
from tests.ui.conftest import show_page


@pytest.fixture
def page(sample_window: MainWindow) -> IncidentsPage:
    shown = show_page(sample_window, IncidentsPage)
    assert isinstance(shown, IncidentsPage)
    return shown


def _column(page: IncidentsPage, key: str) -> int:
    return [column.key for column in page.model.columns()].index(key)


def _cells(page: IncidentsPage, key: str) -> list[str]:
    column = _column(page, key)
    return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]


def _row_of(page: IncidentsPage, title: str) -> int:
    return _cells(page, "title").index(title)


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def _open(page: IncidentsPage, title: str) -> IncidentDialog:
    page.table.selectRow(_row_of(page, title))
    dialog = page.open_selected()
    assert dialog is not None
    return dialog


RUNNING = "Account takeover by credential stuffing"


def test_the_register_lists_every_incident_with_the_clock_running(
    page: IncidentsPage, sample_window: MainWindow
) -> None:
    total = sample_window.services.incidents.count()
    assert page.model.rowCount() == total == 8
    assert "8 of 8 incidents shown; 72-hour clock running for 2" in page.count_label.text()
    row = _row_of(page, RUNNING)
    clock = page.model.index(row, _column(page, "clock")).data()
    assert clock.endswith("min left") and clock.startswith("7 h")
    brush = page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == OVERDUE_COLOUR
    assert "notified late, after 80 h 00 min" in _cells(page, "clock")
    assert "not a breach" in _cells(page, "clock")
    assert page.model.index(row, _column(page, "severity")).data() == "Very high (5)"


def test_the_clock_moves_on_without_reading_the_rows_again(page: IncidentsPage) -> None:
    reads: list[int] = []
    fetch = page.model._fetch

    def counted(offset: int, limit: int) -> list[IncidentSummary]:
        reads.append(offset)
        return fetch(offset, limit)

    page.model._fetch = counted
    page.tick(utc_now() + timedelta(hours=9))
    row = _row_of(page, RUNNING)
    assert page.model.index(row, _column(page, "clock")).data().startswith("overdue by 1 h")
    assert reads == []


def test_the_filters_and_sorts_are_the_database_s(page: IncidentsPage) -> None:
    page.running.setChecked(True)
    assert page.model.rowCount() == 2
    page.running.setChecked(False)
    page.finding_filter.setCurrentIndex(page.finding_filter.findData(BreachFinding.NOT_A_BREACH))
    assert _cells(page, "title") == ["Phishing e-mail to the finance team"]
    page.finding_filter.setCurrentIndex(0)
    page.band_filter.setCurrentIndex(page.band_filter.findData(Band.LOW))
    assert len(_cells(page, "title")) == 2
    page.band_filter.setCurrentIndex(0)
    page.search.setText("ransomware")
    page.requery()
    assert _cells(page, "title") == ["Ransomware at the ticketing platform"]
    page.search.setText("")
    page.requery()
    page.model.sort(_column(page, "severity"), Qt.SortOrder.DescendingOrder)
    assert _cells(page, "severity")[0] == "Very high (5)"


def test_the_short_form_saves_and_starts_the_plan(
    page: IncidentsPage, sample_window: MainWindow
) -> None:
    dialog = page.new_incident()
    dialog.title_edit.setText("USB stick lost at the trade fair")
    dialog.cause.setCurrentIndex(dialog.cause.findData(Cause.LOST_OR_STOLEN))
    # The cause suggests its plan.
    assert dialog.scenario.currentData() == Scenario.LOST_DEVICE
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None and saved.reference is not None
    assert saved.detected_at is not None
    assert saved.reference.startswith(f"INC-{local(saved.detected_at).year}-")
    assert saved.checklist[0].title.startswith("Lock and wipe the device")
    assert page.model.rowCount() == 9
    assert page.selected_summary() is not None
    assert page.selected_summary().reference == saved.reference  # type: ignore[union-attr]
    assert sample_window.statusBar().currentMessage() == f"Saved {saved.reference}."


def test_another_plan_replaces_an_unstarted_checklist(page: IncidentsPage) -> None:
    dialog = _open(page, "Suspicious export of the customer list")
    assert dialog.steps.rowCount() > 0  # the insider plan, nothing ticked
    dialog.scenario.setCurrentIndex(dialog.scenario.findData(Scenario.INTRUSION))
    assert dialog.steps.rowCount() == 0
    assert "started when the incident is saved" in dialog.checklist_hint.text()
    assert dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.checklist[0].title.startswith("Contain: block the attacker")
    # A checklist already worked on stays.
    running = _open(page, RUNNING)
    before = running.steps.rowCount()
    running.scenario.setCurrentIndex(running.scenario.findData(Scenario.RANSOMWARE))
    assert running.steps.rowCount() == before
    running.done(0)


def test_the_repeated_autumn_hour_survives_an_untouched_form(
    page: IncidentsPage, sample_window: MainWindow
) -> None:
    # 25 October 2026, 01:30 UTC: 02:30 CET, the second time the clocks show 02:30.
    repeated = datetime(2026, 10, 25, 1, 30, 17, tzinfo=UTC)
    saved, _c = sample_window.services.incidents.save(
        Incident(title="Repeated hour", detected_at=repeated, aware_at=repeated)
    )
    page.reload()
    dialog = _open(page, "Repeated hour")
    assert dialog.aware_at.text() == "25.10.2026. 02:30"
    assert not dialog._is_edited()
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.aware_at == repeated
    assert saved.id is not None


def test_a_name_being_typed_survives_the_clock(page: IncidentsPage) -> None:
    dialog = _open(page, RUNNING)
    row = 2  # not yet done
    dialog.steps.setCurrentCell(row, 4)
    dialog.steps.editItem(_cell(dialog.steps, row, 4))
    assert dialog.steps.state() == QAbstractItemView.State.EditingState
    dialog._update_clock()
    assert dialog.steps.state() == QAbstractItemView.State.EditingState
    dialog.done(0)


def test_a_breach_needs_its_nature_and_awareness(page: IncidentsPage) -> None:
    dialog = page.new_incident()
    dialog.title_edit.setText("Something")
    dialog.finding.setCurrentIndex(dialog.finding.findData(BreachFinding.BREACH))
    assert not dialog.save()
    text = dialog.errors.text()
    assert "Nature: choose confidentiality, integrity or availability" in text
    assert "Became aware at: is required for a breach" in text
    assert "Why it is or is not a breach" in text
    assert dialog.tabs.currentIndex() == 0  # the first refused field's tab
    assert page.model.rowCount() == 8
    dialog.done(0)


def test_a_late_notification_needs_the_reasons_for_the_delay(page: IncidentsPage) -> None:
    dialog = _open(page, RUNNING)
    dialog.decision.setCurrentIndex(dialog.decision.findData("authority"))
    dialog.decision_reasoning.setPlainText("High risk to the account holders.")
    aware = dialog._collect().aware_at
    assert aware is not None
    dialog.notified_at.set_instant(aware + timedelta(hours=73))
    # The clock says it at once.
    assert "late" in dialog.clock_label.text()
    # (The notification time is in the future here: move awareness back instead.)
    dialog.aware_at.set_instant(aware - timedelta(hours=20))
    dialog.detected_at.set_instant(aware - timedelta(hours=21))
    dialog.notified_at.set_instant(aware + timedelta(hours=53, minutes=1))
    assert not dialog.save()
    assert "Reasons for the delay: a notification after 72 hours" in dialog.errors.text()
    dialog.delay_reasons.setPlainText("The scope was known only on day 4.")
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.delay_reasons
    assert (
        "notified late" in page.model.index(_row_of(page, RUNNING), _column(page, "clock")).data()
    )


def test_the_score_follows_the_assessment_and_adjustments_are_justified(
    page: IncidentsPage,
) -> None:
    dialog = _open(page, RUNNING)
    assert dialog.score_label.text() == "5, very high (DPC 4 × EI 1 + CB 1)"
    assert dialog.base_label.text().startswith("3: the highest")
    dialog.identification.setCurrentIndex(dialog.identification.findData(Identification.NEGLIGIBLE))
    assert dialog.score_label.text().startswith("2, medium")
    assert dialog.recommendation_label.text().startswith("Notify AZOP (Art. 33)")
    points, justification = dialog._adjustments[next(iter(dialog._adjustments))]
    points.setValue(2)
    assert not dialog.save()
    assert "Volume of data: justify the adjustment" in dialog.errors.text()
    justification.setText("Every account of the shop.")
    dialog.decision.setCurrentIndex(dialog.decision.findData("authority"))
    dialog.decision_reasoning.setPlainText("Medium after the adjustment.")
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.adjustments[0].points == 2


def test_categories_are_suggested_from_the_activities(page: IncidentsPage) -> None:
    dialog = page.new_incident()
    for index in range(dialog.activities.count()):
        item = dialog.activities.item(index)
        if item.text() == "Customer service":
            item.setCheckState(Qt.CheckState.Checked)
    dialog.suggest_categories()
    chosen = {
        dialog.data_categories.item(i).text()
        for i in range(dialog.data_categories.count())
        if dialog.data_categories.item(i).checkState() == Qt.CheckState.Checked
    }
    assert {"Voice recordings", "Customer service correspondence"} <= chosen
    subjects = [
        dialog.subject_categories.item(i).text()
        for i in range(dialog.subject_categories.count())
        if dialog.subject_categories.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert "Callers and correspondents of customer service" in subjects
    dialog.done(0)


def test_ticking_a_step_records_who_and_when(page: IncidentsPage) -> None:
    dialog = _open(page, RUNNING)
    overdue = [
        row
        for row in range(dialog.steps.rowCount())
        if _cell(dialog.steps, row, 3).text().endswith("overdue")
    ]
    assert overdue
    row = overdue[0]
    _cell(dialog.steps, row, 0).setCheckState(Qt.CheckState.Checked)
    assert _cell(dialog.steps, row, 4).text() == getpass.getuser()
    assert not _cell(dialog.steps, row, 3).text().endswith("overdue")
    _cell(dialog.steps, row, 4).setText("Ivan (IT)")
    assert dialog.save()
    assert dialog.saved is not None
    step = dialog.saved.checklist[row]
    assert step.done_by == "Ivan (IT)" and step.done_at is not None


def test_plans_are_edited_and_checked(page: IncidentsPage, sample_window: MainWindow) -> None:
    dialog = page.show_plans()
    assert isinstance(dialog, PlansDialog)
    dialog.scenario.setCurrentIndex(dialog.scenario.findData(Scenario.INSIDER))
    steps = dialog.steps()
    assert steps[0].title.startswith("Suspend the employee's access")
    dialog.add_step()
    assert not dialog.save()
    assert "has no text" in dialog.errors.text()
    last = dialog.table.rowCount() - 1
    _cell(dialog.table, last, 0).setText("Inform the works council")
    _cell(dialog.table, last, 1).setText("HR")
    assert dialog.save()
    plan = sample_window.services.incidents.plan(Scenario.INSIDER)
    assert plan.steps[-1].title == "Inform the works council"
    dialog.done(0)


def test_the_policy_changes_the_recommendation(
    page: IncidentsPage, sample_window: MainWindow
) -> None:
    policy = page.show_policy()
    assert isinstance(policy, PolicyDialog)
    policy.subjects_from.setCurrentIndex(policy.subjects_from.findData(Band.LOW))
    assert not policy.save()
    assert "cannot be a lower band" in policy.errors.text()
    policy.subjects_from.setCurrentIndex(policy.subjects_from.findData(Band.VERY_HIGH))
    policy.authority_from.setCurrentIndex(policy.authority_from.findData(Band.HIGH))
    assert policy.save()
    assert sample_window.services.incidents.policy().authority_from is Band.HIGH
    dialog = _open(page, "Newsletter sent with recipients in CC")
    assert "notifies AZOP from high" in dialog.recommendation_label.text()
    dialog.done(0)


def test_the_notification_is_previewed_kept_and_recorded_as_sent(
    page: IncidentsPage, sample_window: MainWindow
) -> None:
    page.table.selectRow(_row_of(page, "Competition entry forms lost in the post"))
    dialog = page.notify_selected()
    assert isinstance(dialog, NotificationDialog)
    assert dialog.phase.currentData() == Phase.INITIAL
    assert dialog.language.currentData() == "hr"  # AZOP works in Croatian
    preview = dialog.preview.toPlainText()
    assert "Competition entry forms lost in the post" in preview
    assert "Agencija za zaštitu osobnih podataka" in preview
    assert not dialog.mark_sent.isChecked()  # recording it as sent is a choice
    assert dialog.keep_button.isDefault() is False
    dialog.mark_sent.setChecked(True)
    assert dialog.keep(confirmed=True)
    saved = dialog.saved
    assert saved is not None and saved.notified_at is not None
    (version,) = saved.notifications
    assert sample_window.services.attachments.content(version.attachment_id or 0).startswith(
        b"%PDF"
    )
    row = _row_of(page, "Competition entry forms lost in the post")
    assert page.model.index(row, _column(page, "clock")).data().startswith("notified")


def test_the_letter_to_the_data_subjects_offers_advice_and_names_what_is_missing(
    page: IncidentsPage,
) -> None:
    page.table.selectRow(_row_of(page, "Competition entry forms lost in the post"))
    dialog = page.notify_selected(Addressee.SUBJECTS)
    assert dialog is not None
    assert not dialog.phase.isEnabled()
    assert "never ask you for your password" not in dialog.advice.toPlainText()  # Croatian
    assert dialog.advice.toPlainText()
    # The sample's lost forms have no consequences or measures recorded yet.
    assert not dialog.keep_button.isEnabled()
    assert "Likely consequences" in dialog.errors.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert "never ask you for your password" in dialog.advice.toPlainText()
    dialog.done(0)


def test_no_notification_for_a_non_breach(page: IncidentsPage) -> None:
    page.table.selectRow(_row_of(page, "Phishing e-mail to the finance team"))
    assert not page.notify_button.isEnabled()
    assert page.notify_selected() is None


def test_the_breach_register_exports_in_the_background(
    page: IncidentsPage, sample_window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    target = tmp_path / "povrede.xlsx"
    page.export("xlsx", target)
    sample_window.tasks.wait()
    qtbot.waitUntil(lambda: target.exists())
    sheet = load_workbook(target).active
    assert sheet is not None
    references = [
        row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("INC-")
    ]
    assert len(references) == 8


def test_the_paged_model_passes_qt_s_model_tester(page: IncidentsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model, force_py=True)
