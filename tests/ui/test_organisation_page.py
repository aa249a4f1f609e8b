"""The organisation form: validation that names fields, saving, revert, conflicts, the logo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from dpo_desk.app import AppWorkspace
from dpo_desk.domain.audit import AuditAction
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.organisation_page import OrganisationPage


def _page(window: MainWindow) -> OrganisationPage:
    assert window.organisation_page is not None
    return window.organisation_page


@pytest.fixture
def form(empty_window: MainWindow) -> OrganisationPage:
    assert empty_window.welcome is not None
    empty_window.welcome.set_up_button.click()
    return _page(empty_window)


def _fill_valid(qtbot: QtBot, page: OrganisationPage) -> None:
    # QTest types ASCII only; insert() goes through the same edit path (textEdited) as typing.
    page.controller_name.insert("Đurđa Čakovec d.o.o.")
    qtbot.keyClicks(page.controller_address.street, "Ilica 1")
    qtbot.keyClicks(page.controller_address.postal_code, "10000")
    qtbot.keyClicks(page.controller_address.city, "Zagreb")
    qtbot.keyClicks(page.oib, "39821269208")
    qtbot.keyClicks(page.email, "info@durda.hr")
    qtbot.keyClicks(page.dpo_name, "Ana Horvat")
    qtbot.keyClicks(page.dpo_email, "dpo@durda.hr")


def test_invalid_input_is_refused_naming_each_field(form: OrganisationPage, qtbot: QtBot) -> None:
    _fill_valid(qtbot, form)
    form.oib.clear()
    qtbot.keyClicks(form.oib, "39821269207")
    form.dpo_email.clear()
    qtbot.keyClicks(form.dpo_email, "not-an-address")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    banner = form._errors.text()
    assert "OIB: the check digit is wrong" in banner
    assert "DPO e-mail: is not an e-mail address" in banner
    assert form.oib.styleSheet() and form.dpo_email.styleSheet()
    assert not form.controller_name.styleSheet()
    assert form.is_dirty
    assert form._service.profile() is None  # nothing written


def test_save_writes_the_profile_and_an_audit_event(
    form: OrganisationPage, qtbot: QtBot, empty_window: MainWindow
) -> None:
    _fill_valid(qtbot, form)
    qtbot.keyClick(form.controller_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = form._service.profile()
    assert saved is not None
    assert saved.controller_name == "Đurđa Čakovec d.o.o."
    assert saved.version == 1
    assert not form.is_dirty
    assert "Đurđa Čakovec d.o.o." in empty_window.windowTitle()
    events = empty_window.services.audit.recent()
    assert events[0].action is AuditAction.CREATE and events[0].entity == "organisation"


def test_revert_brings_back_what_is_saved(sample_window: MainWindow, qtbot: QtBot) -> None:
    page = _page(sample_window)
    page.controller_name.setFocus()
    page.controller_name.selectAll()
    qtbot.keyClicks(page.controller_name, "Something else")
    assert page.is_dirty and page.revert_button.isEnabled()
    qtbot.keyClick(page.controller_name, Qt.Key.Key_Escape)
    assert page.controller_name.text() == "Leapbit d.o.o. (Pixelus)"
    assert not page.is_dirty


def test_a_save_over_someone_elses_change_is_refused(
    sample_window: MainWindow,
    qtbot: QtBot,
    workspace: AppWorkspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(sample_window)
    other = workspace.open(sample_window.services.maintenance.location)
    try:
        theirs = other.organisation.profile()
        assert theirs is not None
        from dataclasses import replace

        other.organisation.save(replace(theirs, phone="+385 1 222 3333"))
    finally:
        other.close()
    warnings: list[str] = []

    def answer_yes(
        parent: object, title: str, text: str, *args: object
    ) -> QMessageBox.StandardButton:
        warnings.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", answer_yes)
    page.phone.clear()
    qtbot.keyClicks(page.phone, "+385 1 999 9999")
    assert not page.save()
    assert warnings and "changed by someone else" in warnings[0]
    # The user chose to reload: the form shows the other person's value.
    assert page.phone.text() == "+385 1 222 3333"
    stored = sample_window.services.organisation.profile()
    assert stored is not None and stored.phone == "+385 1 222 3333"


def test_logo_is_stored_shown_and_removed(sample_window: MainWindow, tmp_path: Path) -> None:
    page = _page(sample_window)
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f4e79"))
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    assert page.set_logo_file(logo)
    profile = sample_window.services.organisation.profile()
    assert profile is not None and profile.logo_attachment_id is not None
    stored = sample_window.services.organisation.logo(profile)
    assert stored is not None and stored[1] == logo.read_bytes()
    assert stored[0].media_type == "image/png"
    assert page.logo_preview.pixmap() is not None and not page.logo_preview.pixmap().isNull()
    assert page.remove_logo.isEnabled()
    page.remove_logo.click()
    profile = sample_window.services.organisation.profile()
    assert profile is not None and profile.logo_attachment_id is None


def test_a_file_that_is_not_an_image_is_refused(
    sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(sample_window)
    fake = tmp_path / "logo.png"
    fake.write_text("hello", encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a: messages.append(text)
    )
    assert not page.set_logo_file(fake)
    assert messages and "logo.png is not a PNG or JPEG image" in messages[0]
    profile = sample_window.services.organisation.profile()
    assert profile is not None and profile.logo_attachment_id is None


def test_representative_fields_follow_the_checkbox(form: OrganisationPage, qtbot: QtBot) -> None:
    assert not form.representative_name.isEnabled()
    form.has_representative.click()
    assert form.representative_name.isEnabled()
    _fill_valid(qtbot, form)
    assert not form.save()
    assert "Representative name: is required" in form._errors.text()
