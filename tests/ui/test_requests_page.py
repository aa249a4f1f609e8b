"""The requests page: the lazy table sorted by due date with overdue and paused rows marked,
its filters, intake by post with scans, the form's rules, the workflow's moves with the clock
paused, the deadline calculator and trail, the retention purge and the exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from dpo_desk.domain.deadlines import Pause
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.request import (
    Channel,
    Direction,
    ReplyChannel,
    Request,
    Right,
    Status,
)
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.requests_page import (
    DeadlineDialog,
    MoveDialog,
    PurgeDialog,
    RequestDialog,
    RequestsPage,
)
from dpo_desk.ui.table_model import OVERDUE_COLOUR, PagedTableModel
from tests.ui.conftest import TODAY, show_page

pytestmark = pytest.mark.usefixtures("pinned_today")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def page(sample_window: MainWindow) -> RequestsPage:
    shown = show_page(sample_window, RequestsPage)
    assert isinstance(shown, RequestsPage)
    return shown


def _column(page: RequestsPage, key: str) -> int:
    return [column.key for column in page.model.columns()].index(key)


def _cells(page: RequestsPage, key: str) -> list[str]:
    column = _column(page, key)
    return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]


def test_the_page_lists_the_sample_by_due_date_with_overdue_rows_marked(
    page: RequestsPage, sample_window: MainWindow
) -> None:
    total = sample_window.services.requests.count()
    assert page.model.rowCount() == total >= 30
    due = [
        date.fromisoformat("-".join(reversed(text.strip(".").split("."))))
        for text in _cells(page, "due_on")
        if text
    ]
    assert due == sorted(due) and due  # the nearest deadline first
    first = page.model.index(0, 0)
    days_left = _cells(page, "days_left")
    assert due[0] < TODAY  # the sample has an overdue request, 30 days after receipt
    assert days_left[0].startswith("overdue by")
    brush = first.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == OVERDUE_COLOUR
    assert "paused" in days_left
    assert f"of {total} requests shown" in page.count_label.text()


def test_the_filters_and_the_sort_are_the_database_s(page: RequestsPage) -> None:
    page.paused.setChecked(True)
    assert set(_cells(page, "days_left")) == {"paused"}
    assert set(_cells(page, "status")) == {"Awaiting identity or clarification"}
    page.paused.setChecked(False)
    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.WITHDRAWN))
    assert set(_cells(page, "status")) == {"Withdrawn by the requester"}
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    assert "Answered" not in _cells(page, "status")
    page.status_filter.setCurrentIndex(0)
    page.channel_filter.setCurrentIndex(page.channel_filter.findData(Channel.POST))
    assert set(_cells(page, "channel")) == {"Post"}
    page.channel_filter.setCurrentIndex(0)
    page.right_filter.setCurrentIndex(page.right_filter.findData(Right.PORTABILITY))
    portable = _cells(page, "rights")
    assert portable and all("portability" in cell for cell in portable)
    page.right_filter.setCurrentIndex(0)
    page.search.setText("dsr-2026-0003")
    page.reload()  # the search waits for a pause in typing
    assert _cells(page, "reference") == ["DSR-2026-0003"]
    page.search.clear()
    page.reload()
    page.table.sortByColumn(_column(page, "reference"), Qt.SortOrder.DescendingOrder)
    references = _cells(page, "reference")
    assert references == sorted(references, reverse=True)
    page.overdue.setChecked(True)
    overdue = _cells(page, "days_left")
    assert overdue and all(cell.startswith("overdue") for cell in overdue)


def test_due_within_counts_working_days(page: RequestsPage) -> None:
    page.due_days.setValue(3)  # Friday 20.11.2026 + 3 working days: Wednesday 25.11.
    page.due_within.setChecked(True)
    days = [
        date.fromisoformat("-".join(reversed(text.strip(".").split("."))))
        for text in _cells(page, "due_on")
    ]
    assert days and max(days) == date(2026, 11, 25)  # the sample's DSR-2026-0014 is included
    page.due_days.setValue(2)  # Tuesday 24.11.: the one due on the 25th drops out
    assert date(2026, 11, 25).strftime("%d.%m.%Y.") not in _cells(page, "due_on")


def test_a_request_by_post_is_recorded_with_its_scans(
    page: RequestsPage, sample_window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    dialog = page.new_request(Channel.POST)
    assert dialog.channel.currentData() == Channel.POST
    assert dialog.reply_channel.currentData() == ReplyChannel.POST
    # An "image" that is not one is refused by name, and nothing of that choice is added.
    fake = tmp_path / "omotnica.jpg"
    fake.write_bytes(b"not a jpeg at all")
    letter = tmp_path / "pismo Šimić.pdf"
    letter.write_bytes(PDF)
    assert not dialog.add_scans([letter, fake])
    assert "omotnica.jpg" in dialog.errors.text()
    assert "not a PDF, PNG or JPEG" in dialog.errors.text()
    assert dialog.scans.count() == 0
    assert dialog.add_scans([letter])
    dialog.received_on.setDate(QDate(2026, 11, 16))
    dialog.postmark_on.setDate(QDate(2026, 11, 13))
    dialog.registered_mail.setText("RR987654321HR")
    dialog.rights.item(list(Right).index(Right.ERASURE)).setCheckState(Qt.CheckState.Checked)
    dialog.subject_name.setText("Ivana Šimić")
    dialog.subject_address.street.setText("Ilica 1")
    dialog.subject_address.postal_code.setText("10000")
    dialog.subject_address.city.setText("Zagreb")
    before = sample_window.services.requests.count()
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None and saved.reference == "DSR-2026-0037"
    assert sample_window.services.requests.count() == before + 1
    stored = sample_window.services.requests.get(saved.id or 0)
    (entry,) = stored.correspondence
    assert (entry.on, entry.direction, entry.channel) == (
        date(2026, 11, 16),
        Direction.IN,
        Channel.POST,
    )
    (document_id,) = entry.document_ids
    assert sample_window.services.attachments.content(document_id) == PDF
    assert sample_window.services.attachments.get(document_id).file_name == "pismo Šimić.pdf"
    # Received Monday 16.11.: one month is Wednesday 16.12.2026.
    assert sample_window.services.requests.deadline(stored).due == date(2026, 12, 16)
    assert "DSR-2026-0037" in _cells(page, "reference")


def test_a_refused_request_names_the_fields_and_writes_nothing(
    page: RequestsPage, sample_window: MainWindow
) -> None:
    dialog = page.new_request(Channel.EMAIL)
    before = sample_window.services.requests.count()
    dialog.received_on.setDate(QDate(2026, 11, 10))
    assert not dialog.save()
    text = dialog.errors.text()
    assert "Rights exercised: choose at least one right" in text
    assert "Data subject's name" in text
    assert "a reply by e-mail needs an e-mail address" in text
    assert dialog.rights.styleSheet() != ""
    assert sample_window.services.requests.count() == before


def test_an_identity_document_shows_the_warning_and_needs_a_reason(page: RequestsPage) -> None:
    dialog = page.new_request(Channel.EMAIL)
    dialog.show()
    assert not dialog.id_warning.isVisible()
    index = dialog.identity_method.findData("id_document")
    dialog.identity_method.setCurrentIndex(index)
    dialog.tabs.setCurrentIndex(2)
    assert dialog.id_warning.isVisible()
    assert "Art. 12(6)" in dialog.id_warning.text()
    dialog.rights.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.subject_email.setText("osoba@example.hr")
    assert not dialog.save()
    assert "Reason for the identity check" in dialog.errors.text()
    dialog.done(0)


def _select(page: RequestsPage, reference: str) -> None:
    page.search.setText(reference)
    page.reload()
    page.table.selectRow(0)
    selected = page.selected_summary()
    assert selected is not None and selected.reference == reference


def _reference_in(page: RequestsPage, status: Status) -> str:
    page.status_filter.setCurrentIndex(page.status_filter.findData(status))
    reference = _cells(page, "reference")[0]
    page.status_filter.setCurrentIndex(0)
    return reference


def test_awaiting_the_requester_pauses_the_clock_and_an_answer_restarts_it(
    page: RequestsPage, sample_window: MainWindow
) -> None:
    reference = _reference_in(page, Status.ACKNOWLEDGED)
    _select(page, reference)
    dialog = page.move_selected()
    assert isinstance(dialog, MoveDialog)
    dialog.target.setCurrentIndex(dialog.target.findData(Status.AWAITING))
    dialog.on.setDate(QDate(2026, 11, 18))
    dialog.note.setPlainText("Zatražena adresa e-pošte korisničkog računa")
    assert dialog.save()
    assert _cells(page, "days_left") == ["paused"]
    waiting = sample_window.services.requests.find(reference)
    assert waiting is not None and waiting.pauses[-1].end is None
    assert waiting.pauses[-1].reason == "Zatražena adresa e-pošte korisničkog računa"
    _select(page, reference)
    dialog = page.move_selected()
    assert isinstance(dialog, MoveDialog)
    dialog.target.setCurrentIndex(dialog.target.findData(Status.IN_PROGRESS))
    dialog.on.setDate(QDate(2026, 11, 20))
    assert dialog.save()
    moved = sample_window.services.requests.find(reference)
    assert moved is not None and moved.pauses[-1].end == date(2026, 11, 20)
    before = sample_window.services.requests.deadline(waiting)
    after = sample_window.services.requests.deadline(moved)
    assert before.due is None and after.due is not None
    assert moved.received_on is not None
    paused = Pause(date(2026, 11, 18), date(2026, 11, 20))
    calculate = sample_window.services.requests.calculate
    assert after.due == calculate(moved.received_on, False, (paused,)).due
    assert after.due != calculate(moved.received_on).due  # the two paused days moved it on


def test_an_extension_needs_its_reasons(page: RequestsPage, sample_window: MainWindow) -> None:
    reference = _reference_in(page, Status.ACKNOWLEDGED)
    _select(page, reference)
    dialog = page.move_selected()
    assert isinstance(dialog, MoveDialog)
    dialog.target.setCurrentIndex(dialog.target.findData(Status.EXTENDED))
    assert dialog.extension_reasons.isVisibleTo(dialog)
    assert not dialog.save()
    assert "the data subject must be told why" in dialog.errors.text()
    dialog.extension_reasons.setPlainText("Mnogo sustava za pretražiti")
    assert dialog.save()
    extended = sample_window.services.requests.find(reference)
    assert extended is not None and extended.status is Status.EXTENDED
    assert sample_window.services.requests.deadline(extended).months == 3


def test_the_calculator_and_the_trail(page: RequestsPage) -> None:
    calculator = page.show_calculator()
    assert isinstance(calculator, DeadlineDialog)
    calculator.received.setDate(QDate(2025, 11, 25))
    # 25.12. Christmas, 26.12. St Stephen's, 27.-28.12. a weekend: Monday 29.12.2025.
    assert calculator.due.text() == "Due: 29.12.2025. (Monday)"
    trail = calculator.trail.text()
    assert "Christmas" in trail and "Art. 3(4)" in trail
    calculator.extended.setChecked(True)
    assert calculator.due.text() == "Due: 25.02.2026. (Wednesday)"
    calculator.extended.setChecked(False)
    calculator.received.setDate(QDate(2026, 3, 2))  # one month: Thursday 2.4.2026
    assert calculator.due.text() == "Due: 02.04.2026. (Thursday)"
    calculator.paused.setChecked(True)
    calculator.pause_start.setDate(QDate(2026, 3, 10))
    calculator.pause_end.setDate(QDate(2026, 3, 13))
    # Three days paused: Sunday 5.4., Easter Sunday, then Easter Monday 6.4.: Tuesday 7.4.
    assert calculator.due.text() == "Due: 07.04.2026. (Tuesday)"
    assert "Easter Monday" in calculator.trail.text()
    calculator.done(0)
    page.table.selectRow(0)
    trail_dialog = page.show_trail()
    assert isinstance(trail_dialog, DeadlineDialog)
    assert "Art. 3(1)" in trail_dialog.trail.text()
    assert not trail_dialog.received.isEnabled()


def test_the_purge_shows_what_it_will_anonymise_then_does_it(
    page: RequestsPage, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sample_window.services
    old, _changes = services.requests.save(
        Request(
            received_on=date(2021, 3, 1),
            channel=Channel.EMAIL,
            rights=(Right.ACCESS,),
            subject=Person(name="Stari Podnositelj", email="stari@example.hr"),
        ),
        TODAY,
    )
    services.requests.move(old, Status.ANSWERED, date(2021, 3, 20), TODAY)
    dialog = page.show_purge()
    assert isinstance(dialog, PurgeDialog)
    assert dialog.years.value() == 3
    assert dialog.table.rowCount() == 1
    subject = dialog.table.item(0, 4)
    assert subject is not None and subject.text() == "Stari Podnositelj"
    assert "1 request was finished before 20.11.2023." in dialog.summary.text()
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    dialog.purge()
    sample_window.tasks.wait()
    QApplication.processEvents()
    assert dialog.anonymised == 1
    assert dialog.table.rowCount() == 0
    purged = services.requests.find(old.reference)
    assert purged is not None and purged.subject.name == "" and purged.anonymised_at
    page.search.setText(old.reference)
    page.reload()
    assert _cells(page, "subject") == ["(anonymised)"]
    dialog.years.setValue(6)
    dialog.save_years()
    assert services.requests.retention_years() == 6


def test_the_requests_log_exports_to_excel_and_pdf(
    page: RequestsPage, sample_window: MainWindow, tmp_path: Path
) -> None:
    workbook_path = tmp_path / "zahtjevi.xlsx"
    page.export("xlsx", workbook_path)
    sample_window.tasks.wait()
    sheet = load_workbook(workbook_path).active
    assert sheet is not None
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if row and row[0] == "Reference")
    assert list(header[:8]) == [
        "Reference",
        "Received",
        "Received by",
        "Rights",
        "Data subject",
        "Status",
        "Due",
        "Days left",
    ]
    references = [row[0] for row in values if row and str(row[0]).startswith("DSR-")]
    assert len(references) == sample_window.services.requests.count()
    pdf_path = tmp_path / "zahtjevi.pdf"
    page.export("pdf", pdf_path)
    sample_window.tasks.wait()
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Log of data-subject requests" in text and "DSR-2026-0001" in text


def test_an_existing_request_keeps_its_correspondence_and_art_19_list(
    page: RequestsPage, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _reference_in(page, Status.ACKNOWLEDGED)
    request = sample_window.services.requests.find(reference)
    assert request is not None
    request, _changes = sample_window.services.requests.save(
        replace(request, rights=(*request.rights, Right.ERASURE)), TODAY
    )
    _select(page, reference)
    dialog = page.open_selected()
    assert isinstance(dialog, RequestDialog)
    assert dialog.recipients.isEnabled() and dialog.recipients.rowCount() > 0
    first = dialog.recipients.item(0, 0)
    assert first is not None
    first.setCheckState(Qt.CheckState.Checked)
    dialog._recipient_dates[0].setDate(QDate(2026, 11, 19))
    logged = dialog.letters.rowCount()
    assert logged == len(request.correspondence) >= 2  # the request in, the acknowledgement out
    entry_dialog = dialog.add_entry()
    entry_dialog.summary.setPlainText("Ispravak proslijeđen primateljima")
    entry_dialog.confirm()
    assert dialog.letters.rowCount() == logged + 1
    assert dialog.save()
    stored = sample_window.services.requests.find(reference)
    assert stored is not None
    (notice,) = stored.recipients_told
    assert notice.told_on == date(2026, 11, 19)
    entry = stored.correspondence[-1]
    assert (entry.on, entry.direction, entry.summary) == (
        TODAY,
        Direction.OUT,
        "Ispravak proslijeđen primateljima",
    )
    assert stored.correspondence[: len(request.correspondence)] == request.correspondence


# --- the lazy model itself -----------------------------------------------------------------


def test_the_paged_model_reads_only_the_pages_drawn() -> None:
    from dpo_desk.domain.columns import Column

    reads: list[int] = []

    counts: list[int] = []

    def fetch(offset: int, limit: int) -> list[int]:
        reads.append(offset)
        return list(range(offset, min(offset + limit, 100_000)))

    def count() -> int:
        counts.append(1)
        return 100_000

    model: PagedTableModel[int] = PagedTableModel([Column("n", "N", str)], fetch, count)
    model.reset()
    assert model.rowCount() == 100_000 and reads == [0] and len(counts) == 1
    assert model.index(5, 0).data() == "5"
    assert reads == [0]  # the first page is kept
    assert model.index(99_999, 0).data() == "99999"
    assert reads == [0, 99_800]
    for page in range(1, model.KEPT_PAGES + 5):
        model.row_at(page * model.PAGE_SIZE)
    assert model.loaded_rows() <= model.KEPT_PAGES * model.PAGE_SIZE
    assert model.index(100_000, 0).data() is None
    assert len(counts) == 1  # scrolling never counted again


# --- intake by e-mail through the window: drop, confirm, saved -----------------------------


CORPUS = Path(__file__).parent.parent / "data" / "email"


def _drop(page: RequestsPage, path: Path) -> None:
    """Drops ``path`` on the page as a file manager would (a real QDropEvent)."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    point = QPointF(10, 10)
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    QApplication.processEvents()  # the message is read once the drop has returned


def _intake_dialog(page: RequestsPage) -> RequestDialog:
    dialogs = [d for d in page.findChildren(RequestDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_dropped_eml_is_shown_confirmed_and_saved_with_the_message(
    page: RequestsPage, sample_window: MainWindow
) -> None:
    message = CORPUS / "02-croatian-qp-windows-1250-lf.eml"
    _drop(page, message)
    dialog = _intake_dialog(page)
    assert dialog.tabs.tabText(0) == "E-mail"
    body = dialog.findChild(QPlainTextEdit, "messageBody")
    assert body is not None and "Želim potvrdu o brisanju." in body.toPlainText()
    # Read from the message: sent 28.3.2026 23:30 UTC, which is 29.3. in Zagreb.
    assert dialog.received_on.date() == QDate(2026, 3, 29)
    assert dialog.subject_name.text() == "Đurđica Šimić-Čačić"
    assert dialog.subject_email.text() == "durdica.simic@example.hr"
    erasure = dialog.rights.item(list(Right).index(Right.ERASURE))
    assert erasure.checkState() == Qt.CheckState.Checked
    assert dialog.language.currentData() == "hr"
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None
    stored = sample_window.services.requests.get(saved.id or 0)
    (received,) = stored.correspondence
    assert sample_window.services.attachments.content(received.document_ids[0]) == (
        message.read_bytes()
    )
    assert received.summary.startswith("Zahtjev za brisanje osobnih podataka")
    assert saved.reference in _cells(page, "reference")


def test_a_dropped_outlook_msg_is_saved_with_its_attachments(
    page: RequestsPage, sample_window: MainWindow, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from tests.services.msg_writer import MsgAttachment, MsgMessage, build_msg

    path = tmp_path / "Zahtjev za pristup.msg"
    path.write_bytes(
        build_msg(
            MsgMessage(
                subject="Zahtjev za pristup osobnim podacima",
                sender_name="Željko Ćosić",
                sender_email="zeljko.cosic@example.hr",
                body="Molim kopiju svih mojih osobnih podataka (čl. 15.).",
                submit_time=datetime(2026, 11, 18, 9, 15, tzinfo=UTC),
                attachments=(MsgAttachment("punomoć.pdf", PDF, "application/pdf"),),
            )
        )
    )
    _drop(page, path)
    dialog = _intake_dialog(page)
    assert dialog.subject_name.text() == "Željko Ćosić"
    assert dialog.received_on.date() == QDate(2026, 11, 18)
    access = dialog.rights.item(list(Right).index(Right.ACCESS))
    assert access.checkState() == Qt.CheckState.Checked
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None
    (received,) = sample_window.services.requests.get(saved.id or 0).correspondence
    names = [sample_window.services.attachments.get(i).file_name for i in received.document_ids]
    assert names == ["Zahtjev za pristup.msg", "punomoć.pdf"]
    assert sample_window.services.attachments.content(received.document_ids[1]) == PDF


def test_a_broken_file_is_refused_by_name_and_nothing_is_saved(
    page: RequestsPage, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *args: shown.append(text)
    )
    before = sample_window.services.requests.count()
    _drop(page, CORPUS / "12-not-an-email.eml")
    assert shown and "12-not-an-email.eml" in shown[0]
    assert not [d for d in page.findChildren(RequestDialog) if d.isVisible()]
    assert sample_window.services.requests.count() == before


def test_an_e_mail_dropped_anywhere_on_the_window_opens_the_requests_page(
    sample_window: MainWindow,
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    sample_window.navigation.setCurrentRow(0)  # the organisation page
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(CORPUS / "01-plain-ascii-crlf.eml"))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    sample_window.dragEnterEvent(enter)
    assert enter.isAccepted()
    sample_window.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    QApplication.processEvents()
    page = sample_window.stack.currentWidget()
    assert isinstance(page, RequestsPage)
    dialog = _intake_dialog(page)
    assert dialog.tabs.tabText(0) == "E-mail"
    dialog.done(0)


def test_several_dropped_e_mails_open_one_after_another(page: RequestsPage) -> None:
    first, second = CORPUS / "01-plain-ascii-crlf.eml", CORPUS / "03-base64-utf8-rfc2047.eml"
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    page.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    QApplication.processEvents()
    opened = _intake_dialog(page)
    assert opened._message is not None and opened._message.file_name == first.name
    opened.done(0)
    QApplication.processEvents()
    following = _intake_dialog(page)
    assert following._message is not None and following._message.file_name == second.name
    following.done(0)


def test_scans_are_kept_when_the_channel_changes(
    page: RequestsPage, sample_window: MainWindow, tmp_path: Path
) -> None:
    dialog = page.new_request(Channel.POST)
    scan = tmp_path / "obrazac.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert dialog.add_scans([scan])
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.IN_PERSON))
    dialog.rights.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.subject_name.setText("Osoba na šalteru")
    dialog.reply_channel.setCurrentIndex(dialog.reply_channel.findData(ReplyChannel.ORAL))
    assert dialog.save(), dialog.errors.text()
    assert dialog.saved is not None
    (entry,) = sample_window.services.requests.get(dialog.saved.id or 0).correspondence
    assert entry.channel is Channel.IN_PERSON and len(entry.document_ids) == 1


def test_recipients_ticked_stay_editable_when_the_art_19_right_is_unticked(
    page: RequestsPage,
) -> None:
    dialog = page.new_request(Channel.EMAIL)
    erasure = dialog.rights.item(list(Right).index(Right.ERASURE))
    erasure.setCheckState(Qt.CheckState.Checked)
    first = dialog.recipients.item(0, 0)
    assert first is not None and dialog.recipients.isEnabled()
    first.setCheckState(Qt.CheckState.Checked)
    erasure.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.recipients.isEnabled()  # so that the recipient can be unticked
    first.setCheckState(Qt.CheckState.Unchecked)
    dialog._update_art19()
    assert not dialog.recipients.isEnabled()
    dialog.done(0)


def test_an_anonymised_request_opens_read_only(
    page: RequestsPage, sample_window: MainWindow
) -> None:
    services = sample_window.services
    old, _changes = services.requests.save(
        Request(
            received_on=date(2020, 3, 1),
            rights=(Right.ACCESS,),
            subject=Person(name="Stara Osoba", email="stara@example.hr"),
        ),
        TODAY,
    )
    old, _changes = services.requests.move(old, Status.ANSWERED, date(2020, 3, 20), TODAY)
    assert services.requests.purge([old.id or 0], TODAY)[0] == 1
    _select(page, old.reference)
    dialog = page.open_selected()
    assert isinstance(dialog, RequestDialog)
    assert not dialog.tabs.isEnabled()
    assert "anonymised" in dialog.errors.text()
    assert page.move_selected() is None
    dialog.done(0)


def test_the_paged_model_passes_qt_s_model_tester(page: RequestsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model, force_py=True)
