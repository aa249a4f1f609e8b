"""The register pages: table with filters and database sorting, the activity form, catalogues,
the retention schedule, exports in the background."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from dpo_desk.domain.activity import (
    ActivityStatus,
    CatalogueKind,
    LawfulBasis,
    RegisterKind,
)
from dpo_desk.services.sample_register import SAMPLE_ACTIVITIES
from dpo_desk.ui.activities_page import ActivitiesPage
from dpo_desk.ui.activity_dialog import ActivityDialog
from dpo_desk.ui.catalogue_page import CataloguePage, RetentionPage
from dpo_desk.ui.main_window import MainWindow


def _page(window: MainWindow, kind: type) -> object:
    for page in window.pages:
        if isinstance(page, kind) and isinstance(page, QWidget):
            window.stack.setCurrentWidget(page)
            return page
    raise AssertionError(f"no {kind.__name__}")


@pytest.fixture
def activities(sample_window: MainWindow) -> ActivitiesPage:
    page = _page(sample_window, ActivitiesPage)
    assert isinstance(page, ActivitiesPage)
    return page


def _names(page: ActivitiesPage) -> list[str]:
    return [page.model.row_at(row).name for row in range(page.model.rowCount())]


def test_the_table_lists_the_sample_register_and_passes_the_model_tester(
    activities: ActivitiesPage, qtmodeltester: object
) -> None:
    names = _names(activities)
    assert len(names) == len(SAMPLE_ACTIVITIES)
    assert names == sorted(names, key=str.lower)
    qtmodeltester.check(activities.model)  # type: ignore[attr-defined]
    assert "11 of 11" in activities.count_label.text()


def test_filters_and_search_query_the_database(activities: ActivitiesPage, qtbot: QtBot) -> None:
    activities.register_filter.setCurrentIndex(
        activities.register_filter.findData(RegisterKind.PROCESSOR)
    )
    assert _names(activities) == ["Hosting of Vivaebook user accounts (illustrative)"]
    activities.register_filter.setCurrentIndex(0)
    activities.basis_filter.setCurrentIndex(activities.basis_filter.findData(LawfulBasis.CONSENT))
    assert set(_names(activities)) == {
        "Marketing communications and newsletters",
        "Surveys and competitions with partners and sponsors",
    }
    activities.basis_filter.setCurrentIndex(0)
    qtbot.keyClicks(activities.search, "nothing-matches-this")
    activities.reload()
    assert _names(activities) == []
    activities.search.clear()
    qtbot.keyClicks(activities.search, "newsletters")
    activities.reload()
    assert _names(activities) == ["Marketing communications and newsletters"]


def test_clicking_a_header_sorts_in_the_database(activities: ActivitiesPage) -> None:
    activities.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = _names(activities)
    assert names == sorted(names, key=str.lower, reverse=True)


def test_a_new_activity_is_validated_then_saved(activities: ActivitiesPage, qtbot: QtBot) -> None:
    dialog = activities.new_activity()
    assert isinstance(dialog, ActivityDialog)
    dialog.name.insert("Zapošljavanje: obrada životopisa")
    dialog.status.setCurrentIndex(dialog.status.findData(ActivityStatus.ACTIVE))
    assert not dialog.save()
    banner = dialog.errors.text()
    assert "Purposes: is required" in banner
    assert "Lawful basis: choose at least one point of Art. 6(1)" in banner
    assert dialog.tabs.currentIndex() == 0  # the first refused field's tab is shown
    dialog.purposes.setPlainText("Selecting candidates for open positions")
    dialog.bases[LawfulBasis.CONTRACT].setChecked(True)
    first = dialog.data_categories.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    assert dialog.save()
    assert "Zapošljavanje: obrada životopisa" in _names(activities)
    selected = activities.selected_summary()
    assert selected is not None and selected.name == "Zapošljavanje: obrada životopisa"
    stored = activities._services.activities.get(selected.id)
    assert stored.lawful_bases == (LawfulBasis.CONTRACT,)
    assert len(stored.data_category_ids) == 1


def test_an_activity_opens_with_every_link_and_round_trips_unchanged(
    activities: ActivitiesPage,
) -> None:
    chosen = next(s for s in activities.model.rows() if s.name == "Customer service")
    activities.select_id(chosen.id)
    dialog = activities.open_selected()
    assert dialog is not None
    original = activities._services.activities.get(chosen.id)
    from dpo_desk.domain.activity import normalise_activity

    assert normalise_activity(dialog.activity_from_form()) == normalise_activity(original)
    assert dialog.retention.rowCount() == 2
    dialog.close()


def test_duplicate_and_retire(activities: ActivitiesPage, monkeypatch: pytest.MonkeyPatch) -> None:
    activities.select_id(
        next(s.id for s in activities.model.rows() if s.name == "Pixelus ID account")
    )
    activities.duplicate_selected()
    assert "Pixelus ID account (copy)" in _names(activities)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    activities.search.setText("Pixelus ID account (copy)")
    activities.reload()
    activities.select_id(next(s.id for s in activities.model.rows() if s.name.endswith("(copy)")))
    activities.retire_selected()
    assert _names(activities) == []  # retired ones are hidden until "Show retired"
    activities.show_retired.setChecked(True)
    assert _names(activities) == ["Pixelus ID account (copy)"]
    assert activities.model.row_at(0).status is ActivityStatus.RETIRED


def test_a_catalogue_entry_in_use_cannot_be_deleted(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(sample_window, CataloguePage)
    assert isinstance(page, CataloguePage)
    kind = CatalogueKind.DATA_CATEGORIES
    model = page.models[kind]
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == "Voice recordings")
    page.tables[kind].selectRow(row)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text)
    )
    page.delete_selected(kind)
    assert warnings and "Customer service" in warnings[0]
    assert any(e.name == "Voice recordings" for e in sample_window.services.catalogue.entries(kind))


def test_the_retention_schedule_lists_every_rule(sample_window: MainWindow) -> None:
    page = _page(sample_window, RetentionPage)
    assert isinstance(page, RetentionPage)
    texts = [page.model.index(row, 2).data() for row in range(page.model.rowCount())]
    assert "1 month after the call; then delete" in texts
    rules = sum(len(sample.retention) for sample in SAMPLE_ACTIVITIES)
    assert page.model.rowCount() == rules


def test_export_runs_in_the_background_and_writes_the_workbook(
    activities: ActivitiesPage, qtbot: QtBot, tmp_path: Path, sample_window: MainWindow
) -> None:
    target = tmp_path / "register.xlsx"
    activities.start_export("activities", "xlsx", target)
    qtbot.waitUntil(lambda: not sample_window.tasks.is_busy(), timeout=20000)
    assert target.exists()
    workbook = load_workbook(target)
    assert len(workbook.sheetnames) == 9
    assert "Written" in sample_window.statusBar().currentMessage()


def _exported_with(activities: ActivitiesPage, path: Path, cells: dict[int, str]) -> Path:
    """The register exported to ``path``, with the first activity row's cells (by column
    number) replaced: a file a user edited in Excel."""
    from dpo_desk.reports.exports import export_register
    from dpo_desk.services.progress import CancelToken, ignore_progress

    export_register(
        activities._services, "activities", "xlsx", path, ignore_progress, CancelToken()
    )
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Processing activity")
    for column, value in cells.items():
        sheet.cell(header_row + 1, column, value)
    book.save(path)
    return path


def test_import_previews_then_writes_on_confirmation(
    activities: ActivitiesPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _exported_with(activities, tmp_path / "r.xlsx", {1: "Nova aktivnost iz Excela"})
    shown: list[str] = []

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert activities.import_file(path)
    assert shown and shown[0].startswith("1 to create, 10 to update.")
    assert "Nova aktivnost iz Excela" in _names(activities)


def test_import_of_a_file_with_problems_writes_nothing(
    activities: ActivitiesPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _exported_with(
        activities,
        tmp_path / "r.xlsx",
        {1: "Druga nova aktivnost", 3: ""},  # no purposes
    )
    details: list[str] = []

    def close(box: QMessageBox) -> QMessageBox.StandardButton:
        details.append(box.detailedText())
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "exec", close)
    assert not activities.import_file(path)
    assert details and "Purposes of the processing" in details[0]
    assert "Druga nova aktivnost" not in _names(activities)


def test_the_retention_schedule_catches_up_when_it_is_shown(
    sample_window: MainWindow, activities: ActivitiesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    retention = next(p for p in sample_window.pages if isinstance(p, RetentionPage))
    rows = retention.model.rowCount()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    activities.select_id(
        next(s.id for s in activities.model.rows() if s.name == "Customer service")
    )
    activities.duplicate_selected()  # the copy brings two more retention rules
    assert retention.model.rowCount() == rows  # not read while hidden
    _page(sample_window, RetentionPage)
    assert retention.model.rowCount() == rows + 2
