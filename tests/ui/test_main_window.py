"""The main window: welcome choice, navigation, sample, language, status bar, geometry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from dpo_desk.app import AppWorkspace
from dpo_desk.i18n import _, current_language
from dpo_desk.paths import Paths
from dpo_desk.services.bundle import Services
from dpo_desk.services.sample import SAMPLE_PROFILE
from dpo_desk.ui import settings as keys
from dpo_desk.ui.application import apply_language, build_window
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.organisation_page import OrganisationPage
from dpo_desk.ui.settings import Settings
from dpo_desk.ui.welcome_page import WelcomePage


def test_an_empty_database_offers_set_up_or_sample(empty_window: MainWindow) -> None:
    assert isinstance(empty_window.stack.currentWidget(), WelcomePage)
    assert not empty_window.navigation.isVisibleTo(empty_window)
    assert empty_window.windowTitle() == "DPO Desk"


def test_set_up_opens_the_organisation_form_with_azop(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    assert empty_window.welcome is not None
    qtbot.mouseClick(empty_window.welcome.set_up_button, Qt.MouseButton.LeftButton)
    page = empty_window.stack.currentWidget()
    assert isinstance(page, OrganisationPage)
    assert "AZOP" in page.authority_name.text()
    assert page.authority_address.street.text() == "Selska cesta 136"
    assert empty_window.navigation.isVisibleTo(empty_window)


def test_explore_sample_creates_a_separate_file_in_the_background(
    empty_window: MainWindow, qtbot: QtBot, paths: Paths
) -> None:
    own = empty_window.services.maintenance.location
    assert empty_window.welcome is not None
    empty_window.welcome.sample_button.click()
    qtbot.waitUntil(lambda: empty_window.services.is_sample, timeout=10000)
    assert paths.sample_database.exists()
    assert empty_window.services.maintenance.location == str(paths.sample_database)
    assert empty_window.services.maintenance.location != own
    assert "(sample)" in empty_window.windowTitle()
    assert SAMPLE_PROFILE.controller_name in empty_window.windowTitle()
    badge = empty_window.statusBar().findChild(QLabel, "sampleBadge")
    assert badge is not None and badge.text() == "Sample organisation"
    # The user's own database stayed empty.
    workspace = AppWorkspace(paths)
    services = workspace.open(own)
    try:
        assert services.organisation.profile() is None
        assert not services.is_sample
    finally:
        services.close()


def test_sample_window_shows_the_registers_and_the_location(sample_window: MainWindow) -> None:
    titles = [
        sample_window.navigation.item(i).text() for i in range(sample_window.navigation.count())
    ]
    assert titles == [
        "Organisation",
        "Processing activities",
        "Retention schedule",
        "Recipients",
        "Transfers",
        "Catalogues",
        "Countries and adequacy",
        "Data-subject requests",
        "Incidents and breaches",
        "Complaints",
    ]
    page = sample_window.stack.currentWidget()
    assert isinstance(page, OrganisationPage)
    assert page.oib.text() == "39821269208"
    location = sample_window.statusBar().findChild(QLabel, "databaseLocation")
    assert location is not None and "sample-organisation.sqlite" in location.text()


def test_ctrl_number_navigates(sample_window: MainWindow, qtbot: QtBot) -> None:
    sample_window.navigation.setCurrentRow(-1)
    assert sample_window.navigation.currentRow() == -1
    qtbot.keyClick(sample_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert sample_window.navigation.currentRow() == 0
    assert any(a.shortcut().toString() == "Ctrl+1" for a in sample_window._go_menu.actions())


def test_switching_language_retranslates_the_window(
    sample_window: MainWindow, qapp: QApplication, paths: Paths
) -> None:
    sample_window.language_requested.emit("hr")
    assert current_language() == "hr"
    menus = [action.text() for action in sample_window.menuBar().actions()]
    assert menus[0] == _("&File") != "&File"
    assert sample_window.navigation.item(0).text() == _("Organisation") != "Organisation"
    assert Settings(paths.settings_file).get(keys.LANGUAGE) == "hr"
    sample_window.language_requested.emit("en")
    assert sample_window.menuBar().actions()[0].text() == "&File"


def test_geometry_is_remembered(
    sample_window: MainWindow,
    qapp: QApplication,
    workspace: AppWorkspace,
    paths: Paths,
    qtbot: QtBot,
) -> None:
    # The offscreen screen is 800 px wide and the window's minimum width is 900: vary the height.
    sample_window.resize(900, 655)
    sample_window.close()
    services = workspace.open(str(paths.sample_database))
    again = build_window(workspace, paths, services, qapp)
    qtbot.addWidget(again)
    try:
        assert again.size().height() == 655
    finally:
        again.services.close()


def test_a_bad_database_is_refused_and_the_open_one_kept(
    sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    shown: list[str] = []

    def fake_critical(parent: object, title: str, text: str, *args: object) -> None:
        shown.append(text)

    monkeypatch.setattr(QMessageBox, "critical", fake_critical)
    assert not sample_window.switch_database(str(bogus))
    assert shown and str(bogus) in shown[0] and "not a DPO Desk database" in shown[0]
    assert sample_window.services.is_sample
    assert bogus.read_text(encoding="utf-8") == "not a database"


def test_backup_runs_in_the_background(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite"
    sample_window.start_backup(target)
    qtbot.waitUntil(lambda: not sample_window.tasks.is_busy(), timeout=10000)
    assert target.exists()
    workspace_copy = AppWorkspace(Paths(tmp_path / "d", tmp_path / "c")).open(str(target))
    try:
        profile = workspace_copy.organisation.profile()
        assert profile is not None and profile.oib == "39821269208"
    finally:
        workspace_copy.close()


def test_window_renders_croatian_letters(sample_window: MainWindow, qapp: QApplication) -> None:
    """The fonts the window uses have glyphs for č ć đ (bundled DejaVu where the system has
    none), so Croatian text is not drawn as boxes."""
    apply_language(qapp, "hr")
    sample_window.rebuild()
    page = sample_window.organisation_page
    assert page is not None
    label = page.findChild(QLabel, "pageTitle")
    assert label is not None
    metrics = QFontMetrics(label.font())
    for letter in "čćđšžČĆĐŠŽ":
        assert metrics.inFontUcs4(ord(letter)), letter
    titles = [box.title() for box in page.findChildren(QGroupBox)]
    assert "Službenik za zaštitu podataka" in titles


def test_an_upgraded_database_names_its_backup(
    workspace: AppWorkspace, make_window: Callable[[Services], MainWindow], tmp_path: Path
) -> None:
    from dpo_desk.store.engine import database_url, make_engine
    from dpo_desk.store.migrate import upgrade

    old = tmp_path / "old.sqlite"
    engine = make_engine(database_url(str(old)))
    upgrade(engine, "0001")
    engine.dispose()
    window = make_window(workspace.open(str(old)))
    message = window.statusBar().currentMessage()
    backup = window.services.maintenance.upgrade_backup
    assert backup is not None and backup.exists()
    assert "upgraded" in message and str(backup) in message


def test_switching_language_while_setting_up_keeps_the_form_and_the_edits(
    empty_window: MainWindow,
) -> None:
    assert empty_window.welcome is not None
    empty_window.welcome.set_up_button.click()
    page = empty_window.organisation_page
    assert page is not None
    page.controller_name.insert("Čakovec d.o.o.")
    empty_window.language_requested.emit("hr")
    page = empty_window.organisation_page
    assert page is not None, "went back to the welcome page"
    assert isinstance(empty_window.stack.currentWidget(), OrganisationPage)
    assert page.controller_name.text() == "Čakovec d.o.o."
    assert page.is_dirty


def test_the_sample_is_never_the_database_to_start_with(
    sample_window: MainWindow, paths: Paths, workspace: AppWorkspace
) -> None:
    assert sample_window.switch_database(workspace.default_location())
    assert Settings(paths.settings_file).get(keys.LAST_DATABASE) == workspace.default_location()
    sample_window.open_sample()
    assert sample_window.services.is_sample
    assert Settings(paths.settings_file).get(keys.LAST_DATABASE) == workspace.default_location()


def test_a_double_click_on_explore_creates_the_sample_once(
    empty_window: MainWindow, qtbot: QtBot, workspace: AppWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    original = workspace.create_sample

    def counting(destination: Path, *args: object) -> Path:
        calls.append(destination)
        return original(destination, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace, "create_sample", counting)
    assert empty_window.welcome is not None
    empty_window.welcome.sample_button.click()
    empty_window.open_sample()
    qtbot.waitUntil(lambda: empty_window.services.is_sample, timeout=10000)
    assert len(calls) == 1


def test_rebuilding_does_not_pile_up_menus(sample_window: MainWindow) -> None:
    from PySide6.QtCore import QEvent

    sample_window.rebuild()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    before = len(sample_window.findChildren(QAction))
    for language in ("hr", "en", "hr", "en"):
        sample_window.language_requested.emit(language)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert len(sample_window.findChildren(QAction)) == before
