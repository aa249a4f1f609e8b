"""Writing a letter from the requests page: the preview follows the choices, a letter that
lacks its text cannot be kept, and a kept letter is the request's correspondence as PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from dpo_desk.domain.letters import LetterType
from dpo_desk.domain.request import Direction, Status
from dpo_desk.ui.letter_dialog import LetterDialog
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.requests_page import RequestsPage
from tests.ui.conftest import show_page

pytestmark = pytest.mark.usefixtures("pinned_today")


def _dialog(sample_window: MainWindow, status: Status = Status.ACKNOWLEDGED) -> LetterDialog:
    page = show_page(sample_window, RequestsPage)
    assert isinstance(page, RequestsPage)
    page.status_filter.setCurrentIndex(page.status_filter.findData(status))
    page.table.selectRow(0)
    dialog = page.write_letter()
    assert isinstance(dialog, LetterDialog)
    return dialog


def _choose(dialog: LetterDialog, kind: LetterType) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))


def test_the_preview_follows_the_letter_and_its_language(sample_window: MainWindow) -> None:
    dialog = _dialog(sample_window)
    reference = dialog._request.reference
    preview = dialog.preview.toPlainText()
    assert reference in preview and "Leapbit d.o.o." in preview
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert "confirmation of receipt" in dialog.preview.toPlainText()
    dialog.language.setCurrentIndex(dialog.language.findData("hr"))
    assert "potvrda primitka" in dialog.preview.toPlainText()
    dialog.free_text.setPlainText("Vaš <b>zahtjev</b> & ostalo")
    dialog.refresh()
    assert "Vaš <b>zahtjev</b> & ostalo" in dialog.preview.toPlainText()  # text, not markup
    dialog.done(0)


def test_a_letter_without_its_own_text_cannot_be_kept(sample_window: MainWindow) -> None:
    dialog = _dialog(sample_window)
    _choose(dialog, LetterType.REFUSAL)
    assert dialog.own_text.isVisibleTo(dialog)
    assert not dialog.keep_button.isEnabled()
    assert "is required for this letter" in dialog.errors.text()
    before = sample_window.services.requests.get(dialog._request.id or 0).correspondence
    assert not dialog.keep()
    assert sample_window.services.requests.get(dialog._request.id or 0).correspondence == before
    dialog.done(0)


def test_an_identity_request_is_kept_as_pdf_and_pauses_the_clock(
    sample_window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(sample_window)
    _choose(dialog, LetterType.IDENTITY_REQUEST)
    dialog.own_text.setPlainText("Adresu e-pošte korisničkog računa Pixelus ID.")
    dialog.refresh()
    copy = dialog.save_copy(tmp_path / "kopija.pdf")
    assert copy is not None and copy.exists()
    assert dialog.keep()
    QApplication.processEvents()
    saved = sample_window.services.requests.get(dialog._request.id or 0)
    assert saved.status is Status.AWAITING
    entry = saved.correspondence[-1]
    assert entry.direction is Direction.OUT
    pdf = sample_window.services.attachments.content(entry.document_ids[0])
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(pdf)
    text = " ".join(PdfReader(kept).pages[0].extract_text().split())
    assert "Adresu e-pošte korisničkog računa Pixelus ID." in text
    assert saved.reference in text


def test_reply_by_e_mail_keeps_the_letter_and_its_draft_and_opens_it(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from email import message_from_bytes, policy

    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog = _dialog(sample_window)
    request = dialog._request
    assert request.contact.email and dialog.email_button.isEnabled()
    assert dialog.reply_by_email()
    assert dialog.draft_path is not None and opened == [str(dialog.draft_path)]
    saved = sample_window.services.requests.get(request.id or 0)
    entry = saved.correspondence[-1]
    pdf_id, draft_id = entry.document_ids
    draft = sample_window.services.attachments.content(draft_id)
    assert dialog.draft_path.read_bytes() == draft
    message = message_from_bytes(draft, policy=policy.default)
    assert request.contact.email in str(message["To"])
    assert message["X-Unsent"] == "1" and request.reference in str(message["Subject"])
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == sample_window.services.attachments.content(pdf_id)


def test_a_portability_package_is_kept_with_its_cover_letter(
    sample_window: MainWindow, tmp_path: Path
) -> None:
    import zipfile

    dialog = _dialog(sample_window)
    _choose(dialog, LetterType.PORTABILITY)
    assert dialog.data_row.isVisibleTo(dialog)
    assert not dialog.keep_button.isEnabled()  # no data yet
    broken = tmp_path / "orders.json"
    broken.write_text("{broken", encoding="utf-8")
    assert not dialog.add_data([broken])
    assert "orders.json: is not valid JSON" in dialog.errors.text()
    account = tmp_path / "account.csv"
    account.write_text("email;name\nana@example.hr;Ana\n", encoding="utf-8")
    assert dialog.add_data([account])
    assert "account (1 zapis)" in dialog.preview.toPlainText()  # the request is in Croatian
    assert dialog.keep()
    saved = sample_window.services.requests.get(dialog._request.id or 0)
    pdf_id, zip_id = saved.correspondence[-1].document_ids
    assert sample_window.services.attachments.get(pdf_id).media_type == "application/pdf"
    package = sample_window.services.attachments.content(zip_id)
    path = tmp_path / "package.zip"
    path.write_bytes(package)
    with zipfile.ZipFile(path) as archive:
        assert "data/account.csv" in archive.namelist()
    assert sample_window.services.attachments.get(zip_id).file_name.endswith("-portability.zip")


def test_the_organisation_s_own_template_is_checked_kept_and_restorable(
    sample_window: MainWindow,
) -> None:
    from dpo_desk.ui.letter_dialog import TemplateDialog

    dialog = _dialog(sample_window)
    editor = dialog.edit_template()
    assert isinstance(editor, TemplateDialog)
    shipped = editor.text.toPlainText()
    assert shipped.startswith("Subject:") and not editor.restore_button.isEnabled()
    editor.text.setPlainText("Subject: {reference}\n\nRok je {due_date}.")
    assert not editor.save()
    assert "uses the unknown placeholder {due_date}" in editor.errors.text()
    editor.text.setPlainText(
        "Subject: Potvrda za {reference}\nSalutation: Poštovana gospođo,\n\n"
        "Zaprimili smo Vaš zahtjev {received_on}. Rok je {due_on}.\n\n{dpo_name}"
    )
    assert editor.save()
    QApplication.processEvents()
    preview = dialog.preview.toPlainText()
    assert "Poštovana gospođo," in preview and "Rok je" in preview
    again = dialog.edit_template()
    assert again.restore_button.isEnabled()
    again.restore()
    assert again.text.toPlainText() == shipped
    again.done(0)
    QApplication.processEvents()
    assert "Poštovana gospođo," not in dialog.preview.toPlainText()
    dialog.done(0)
