"""The complaints page: the sample's complaints with AZOP's deadline marked, the filters, a new
complaint recorded with a log entry and a document, the log that only grows (entries added,
never edited), the AZOP case with a deadline shown as due, the dossier and the log as PDF."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from dpo_desk.domain.complaint import ComplaintStatus, EntryKind, Reason
from dpo_desk.domain.timefmt import office_today
from dpo_desk.ui.complaints_page import (
    DUE_SOON_COLOUR,
    ComplaintDialog,
    ComplaintsPage,
    EntryDialog,
    LogDialog,
)
from dpo_desk.ui.main_window import MainWindow
from tests.reports.pdf_check import pdf_text
from tests.ui.conftest import show_page


@pytest.fixture
def page(sample_window: MainWindow) -> ComplaintsPage:
    shown = show_page(sample_window, ComplaintsPage)
    assert isinstance(shown, ComplaintsPage)
    return shown


def _cells(page: ComplaintsPage, key: str) -> list[str]:
    column = [c.key for c in page.model.columns()].index(key)
    return [str(page.model.index(r, column).data()) for r in range(page.model.rowCount())]


def _select(page: ComplaintsPage, name: str) -> None:
    page.table.selectRow(_cells(page, "complainant").index(name))


def test_the_sample_is_listed_newest_first_with_the_azop_deadline_marked(
    page: ComplaintsPage,
) -> None:
    assert page.model.rowCount() == 6
    received = _cells(page, "received_on")
    days = ["-".join(reversed(text.strip(".").split("."))) for text in received]
    assert days == sorted(days, reverse=True)
    row = _cells(page, "complainant").index("Lucija Đurić")
    assert _cells(page, "due")[row]  # AZOP's statement is due
    brush = page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == DUE_SOON_COLOUR
    assert "1 with an AZOP deadline within a week" in page.count_label.text()


def test_the_tenth_page_is_ctrl_0(sample_window: MainWindow) -> None:
    row = [getattr(p, "key", "") for p in sample_window.pages].index("complaints")
    item = sample_window.navigation.item(row)
    assert item is not None and item.toolTip() == "Complaints (Ctrl+0)"
    go = next(a for a in sample_window.menuBar().actions() if a.text() == "&Go").menu()
    assert isinstance(go, QMenu)
    assert [a.shortcut().toString() for a in go.actions()][-1] == "Ctrl+0"


def test_the_filters_are_the_database_s(page: ComplaintsPage) -> None:
    page.escalated.setChecked(True)
    assert sorted(_cells(page, "complainant")) == ["Lucija Đurić", "Tomislav Pavlović"]
    page.escalated.setChecked(False)
    page.reason_filter.setCurrentIndex(page.reason_filter.findData(Reason.SECURITY))
    assert _cells(page, "complainant") == ["Petra Jurić"]
    page.reason_filter.setCurrentIndex(0)
    page.search.setText("UP/I-041-02/26-01/118")
    page.requery()
    assert _cells(page, "complainant") == ["Tomislav Pavlović"]


def test_a_new_complaint_with_an_entry_and_a_document(
    page: ComplaintsPage, sample_window: MainWindow, tmp_path: Path
) -> None:
    dialog = page.new_complaint()
    assert isinstance(dialog, ComplaintDialog)
    dialog.name.setText("Željka Šarić")
    dialog.email.setText("zeljka@example.hr")
    dialog.reason.setCurrentIndex(dialog.reason.findData(Reason.INCOMPLETE_ACCESS))
    entry = dialog.add_entry()
    assert isinstance(entry, EntryDialog)
    # AZOP's entries are offered only once the complaint is before AZOP.
    assert entry.kind.findData(EntryKind.AZOP_LETTER) == -1
    scan = tmp_path / "pritužba.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    assert entry.attach([scan])
    entry.text.setPlainText("Pritužba primljena poštom")
    entry.confirm()
    assert dialog.log.rowCount() == 1
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None and saved.reference is not None
    (kept,) = saved.entries
    assert sample_window.services.attachments.content(kept.document_ids[0]) == b"%PDF-1.4 scan"
    assert page.model.rowCount() == 7


def test_a_refused_complaint_names_the_fields(page: ComplaintsPage) -> None:
    dialog = page.new_complaint()
    dialog.reason.setCurrentIndex(dialog.reason.findData(Reason.OTHER))
    dialog.status.setCurrentIndex(dialog.status.findData(ComplaintStatus.CLOSED))
    assert not dialog.save()
    text = dialog.errors.text()
    for field in ("Complainant", "Reason in detail", "Closed on", "Outcome"):
        assert field in text, field
    dialog.done(0)


def test_an_azop_letter_sets_a_deadline_a_reply_meets(page: ComplaintsPage) -> None:
    _select(page, "Petra Jurić")
    dialog = page.open_selected()
    assert dialog is not None
    dialog.escalated.setChecked(True)
    dialog.case_number.setText("UP/I-041-02/26-01/300")
    entry = dialog.add_entry()
    entry.kind.setCurrentIndex(entry.kind.findData(EntryKind.AZOP_LETTER))
    entry.text.setPlainText("Očitovanje u roku od 8 dana")
    due = office_today() + timedelta(days=8)
    entry.due_on.setDate(QDate(due.year, due.month, due.day))
    entry.confirm()
    assert dialog.deadlines.text().startswith(due.strftime("%d.%m.%Y."))
    dialog.status.setCurrentIndex(dialog.status.findData(ComplaintStatus.ESCALATED))
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.next_due_on == due


def test_the_dossier_and_the_log_as_pdf(page: ComplaintsPage, tmp_path: Path) -> None:
    _select(page, "Tomislav Pavlović")
    written = page.save_dossier(tmp_path / "dossier.pdf")
    assert written is not None
    text = " ".join(pdf_text(written).split())
    assert "UP/I-041-02/26-01/118" in text and "Rješenje: request rejected" in text
    log = page.show_log()
    assert isinstance(log, LogDialog)
    path = log.write(tmp_path / "log.pdf")
    assert path is not None
    assert "Tomislav Pavlović" in " ".join(pdf_text(path).split())
    excel = page.show_log()
    excel.output_format.setCurrentIndex(excel.output_format.findData("xlsx"))
    workbook = excel.write(tmp_path / "log.xlsx")
    assert workbook is not None
    sheet = load_workbook(workbook)["Log"]
    assert any("Tomislav Pavlović" in str(row) for row in sheet.iter_rows(values_only=True))


def test_the_paged_model_passes_qt_s_model_tester(page: ComplaintsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model, force_py=True)


def test_the_annual_report_from_the_file_menu(
    sample_window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    menu = next(a for a in sample_window.menuBar().actions() if a.text() == "&File").menu()
    assert isinstance(menu, QMenu)
    assert "&Annual report…" in [a.text() for a in menu.actions()]
    target = tmp_path / "annual.pdf"
    year = office_today().year
    sample_window.start_annual_report(year, target)
    sample_window.tasks.wait()
    qtbot.waitUntil(target.exists)
    text = " ".join(pdf_text(target).split())
    assert f"Annual report of the data protection officer {year}" in text
    assert "Requests by right" in text
