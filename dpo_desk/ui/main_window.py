"""The main window: a navigation list of the registers, the current page, a status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from dpo_desk import __version__
from dpo_desk.domain.changes import Changes
from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.domain.timefmt import local, office_today, utc_now
from dpo_desk.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language
from dpo_desk.paths import APP_NAME
from dpo_desk.services.bundle import Services, Workspace
from dpo_desk.ui import settings as keys
from dpo_desk.ui.activities_page import ActivitiesPage
from dpo_desk.ui.catalogue_page import CataloguePage, RetentionPage
from dpo_desk.ui.complaints_page import ComplaintsPage
from dpo_desk.ui.destinations_page import DestinationsPage
from dpo_desk.ui.incidents_page import IncidentsPage
from dpo_desk.ui.organisation_page import OrganisationPage
from dpo_desk.ui.requests_page import RequestsPage, dropped_emails
from dpo_desk.ui.settings import Settings
from dpo_desk.ui.tasks import TaskRunner
from dpo_desk.ui.transfers_page import RecipientsPage, TransfersPage
from dpo_desk.ui.welcome_page import WelcomePage


class MainWindow(QMainWindow):
    """Shows one open database. Switching database or language rebuilds the pages."""

    #: Emitted with the new language code; the application re-installs translators.
    language_requested = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        services: Services,
        settings: Settings,
        tasks: TaskRunner,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.services = services
        self.settings = settings
        self.tasks = tasks
        self.pages: list[Any] = []
        #: The user chose "Set up my organisation" and has not saved yet: rebuilding (a language
        #: switch) keeps the form instead of going back to the welcome page.
        self._setting_up = False
        self.welcome: WelcomePage | None = None
        self.organisation_page: OrganisationPage | None = None
        self.activities_page: ActivitiesPage | None = None
        self.requests_page: RequestsPage | None = None
        self.incidents_page: IncidentsPage | None = None
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 600)
        self.resize(1200, 780)
        geometry = settings.get(keys.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self.rebuild()

    # --- building -------------------------------------------------------------------------
    def rebuild(self, set_up: bool = False) -> None:
        """(Re)creates menus, pages and status bar in the current language for the open database.

        An empty database shows the welcome page, unless ``set_up`` (the user chose to set up
        the organisation): then the registers, starting at the organisation form.
        """
        set_up = set_up or self._setting_up
        self._setting_up = set_up
        page = self.organisation_page
        unsaved = page.profile_from_form() if page is not None and page.is_dirty else None
        current = (
            OrganisationPage.key
            if set_up
            else self.current_page_key() or self.settings.get(keys.LAST_PAGE)
        )
        # A new menu bar each time: setMenuBar deletes the old one with its menus and actions.
        self.setMenuBar(QMenuBar(self))
        self._build_menus()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Registers"))
        self.navigation.setFixedWidth(220)
        self.navigation.setStyleSheet("QListWidget#navigation::item { padding: 6px 10px; }")
        self.stack = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        old = self.takeCentralWidget()
        if old is not None:
            old.deleteLater()
        self.setCentralWidget(central)
        central.show()  # at once, not on the next event loop turn (Qt queues it otherwise)
        self.pages = []
        self.welcome = None
        self.organisation_page = None
        self.activities_page = None
        self.requests_page = None

        if not set_up and not self.services.organisation.is_set_up():
            self.welcome = WelcomePage()
            self.welcome.set_up_requested.connect(self._set_up_organisation)
            self.welcome.sample_requested.connect(self.open_sample)
            self._add_page(self.welcome, _("Welcome"))
            self.navigation.hide()
        else:
            self._add_registers()
        self.navigation.currentRowChanged.connect(self._show_row)
        for number in range(1, min(len(self.pages), 10) + 1):
            self._go_menu.addAction(
                self._go_action(number, self.navigation.item(number - 1).text())
            )
        self._select_key(current)
        self._update_title()
        self._build_status_bar()
        if self.organisation_page is not None:
            if unsaved is not None:
                self.organisation_page.restore_unsaved(unsaved)
            if set_up:
                self.organisation_page.controller_name.setFocus()

    def _add_page(self, page: QWidget, title: str) -> None:
        self.pages.append(page)
        self.stack.addWidget(page)
        item = QListWidgetItem(title)
        index = len(self.pages)
        if index <= 10:
            # The tenth page is Ctrl+0, the digit after 9 on the keyboard.
            item.setToolTip(_("{title} (Ctrl+{number})").format(title=title, number=index % 10))
        self.navigation.addItem(item)

    def _add_registers(self) -> None:
        """The registers that exist, in the order a DPO works through them."""
        self.organisation_page = OrganisationPage(self.services.organisation)
        self.organisation_page.changed.connect(self.apply_changes)
        self._add_page(self.organisation_page, _("Organisation"))
        self.activities_page = ActivitiesPage(self.services, self.tasks)
        self.activities_page.changed.connect(self.apply_changes)
        self.activities_page.message.connect(self._show_message)
        self._add_page(self.activities_page, _("Processing activities"))
        retention = RetentionPage(self.services, self.tasks)
        retention.message.connect(self._show_message)
        self._add_page(retention, _("Retention schedule"))
        recipients = RecipientsPage(self.services, self.tasks)
        recipients.changed.connect(self.apply_changes)
        recipients.message.connect(self._show_message)
        self._add_page(recipients, _("Recipients"))
        transfers = TransfersPage(self.services, self.tasks)
        transfers.changed.connect(self.apply_changes)
        transfers.message.connect(self._show_message)
        self._add_page(transfers, _("Transfers"))
        catalogues = CataloguePage(self.services)
        catalogues.changed.connect(self.apply_changes)
        self._add_page(catalogues, _("Catalogues"))
        destinations = DestinationsPage(self.services)
        destinations.changed.connect(self.apply_changes)
        self._add_page(destinations, _("Countries and adequacy"))
        self.requests_page = RequestsPage(self.services, self.tasks)
        self.requests_page.changed.connect(self.apply_changes)
        self.requests_page.message.connect(self._show_message)
        self._add_page(self.requests_page, _("Data-subject requests"))
        self.incidents_page = IncidentsPage(self.services, self.tasks)
        self.incidents_page.changed.connect(self.apply_changes)
        self.incidents_page.message.connect(self._show_message)
        self._add_page(self.incidents_page, _("Incidents and breaches"))
        complaints = ComplaintsPage(self.services, self.tasks)
        complaints.changed.connect(self.apply_changes)
        complaints.message.connect(self._show_message)
        self._add_page(complaints, _("Complaints"))
        self.navigation.show()

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(
            file_menu, _("&Open database…"), self.choose_database, QKeySequence.StandardKey.Open
        )
        self._action(
            file_menu, _("&New database…"), self.choose_new_database, QKeySequence.StandardKey.New
        )
        self._action(file_menu, _("Open &my own database"), self.open_own_database)
        self._action(file_menu, _("Explore the &sample organisation"), self.open_sample)
        file_menu.addSeparator()
        self._action(
            file_menu, _("&Back up the database…"), self.choose_backup, QKeySequence("Ctrl+B")
        )
        self._action(file_menu, _("&Annual report…"), self.choose_annual_report)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        go_menu = bar.addMenu(_("&Go"))
        self._go_menu = go_menu

        view_menu = bar.addMenu(_("&View"))
        language_menu = view_menu.addMenu(_("&Language"))
        group = QActionGroup(language_menu)
        chosen = self.settings.get(keys.LANGUAGE)
        for code in ("system", *LANGUAGES):
            label = _("Follow the system") if code == "system" else LANGUAGE_NAMES[code]
            action = QAction(label, language_menu, checkable=True)
            action.setData(code)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About DPO Desk"), self.show_about)

    def _action(
        self,
        menu: Any,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, menu)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        for child in bar.findChildren(QLabel):
            bar.removeWidget(child)
            child.deleteLater()
        maintenance = self.services.maintenance
        kind = _("PostgreSQL server") if maintenance.is_server else _("SQLite file")
        location = QLabel(f"{kind}: {maintenance.location}")
        location.setObjectName("databaseLocation")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addPermanentWidget(location, 1)
        if maintenance.upgrade_backup is not None:
            bar.showMessage(
                _(
                    "The database was upgraded to this version; a backup was written first: {path}"
                ).format(path=maintenance.upgrade_backup),
                30000,
            )
        if self.services.is_sample:
            badge = QLabel(_("Sample organisation"))
            badge.setObjectName("sampleBadge")
            badge.setStyleSheet(
                "background: #fff3cd; color: #6b4e00; border: 1px solid #e0c36c; padding: 1px 6px;"
            )
            bar.addPermanentWidget(badge)

    def _update_title(self) -> None:
        title = APP_NAME
        profile = self.services.organisation.profile()
        if profile is not None:
            title = f"{profile.controller_name} — {APP_NAME}"
        if self.services.is_sample:
            title += " " + _("(sample)")
        self.setWindowTitle(title)

    # --- navigation -----------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)
            self.settings.set(keys.LAST_PAGE, str(getattr(self.pages[row], "key", "")))

    def _select_key(self, key: str | None) -> None:
        row = next((i for i, page in enumerate(self.pages) if getattr(page, "key", None) == key), 0)
        self.navigation.setCurrentRow(row)
        self.stack.setCurrentIndex(row)

    def _go_action(self, number: int, title: str) -> QAction:
        action = QAction(title, self._go_menu)
        action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))
        action.triggered.connect(
            lambda _checked=False, row=number - 1: self.navigation.setCurrentRow(row)
        )
        return action

    def current_page_key(self) -> str | None:
        stack = getattr(self, "stack", None)
        if stack is None or stack.currentWidget() is None:
            return None
        return getattr(stack.currentWidget(), "key", None)

    def apply_changes(self, changes: Changes) -> None:
        """Refreshes the pages that show what a service call changed (not the one that made it)."""
        for page in self.pages:
            refresh = getattr(page, "refresh", None)
            if refresh is not None and page is not self.sender():
                refresh(changes)
        self._update_title()
        saved_at = f"{local(utc_now()):%H:%M}"
        self.statusBar().showMessage(_("Saved at {time}").format(time=saved_at), 5000)

    def _set_up_organisation(self) -> None:
        self.rebuild(set_up=True)

    # --- databases ------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.organisation_page is not None and self.organisation_page.is_dirty

    def confirm_discard(self) -> bool:
        """Asks before unsaved edits are lost; True when it is fine to go on."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("The organisation profile has unsaved changes. Save them first?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.organisation_page is not None and self.organisation_page.save()
        return answer == QMessageBox.StandardButton.Discard

    def switch_database(self, location: str) -> bool:
        """Opens another database in this window; the old one stays open if that fails."""
        if self.tasks.is_busy():
            QMessageBox.information(
                self, _("Please wait"), _("Wait until the running task has finished.")
            )
            return False
        if not self.confirm_discard():
            return False
        try:
            services = self.workspace.open(location)
        except DpoDeskError as error:
            QMessageBox.critical(self, _("Cannot open the database"), str(error))
            return False
        self.services.close()
        self.services = services
        self._setting_up = False
        if not services.is_sample:
            # The sample is visited, never the place to start from next time.
            self.settings.set(keys.LAST_DATABASE, location)
        self.rebuild()
        return True

    def choose_database(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a DPO Desk database"),
            "",
            _("DPO Desk databases (*.sqlite);;All files (*)"),
        )
        if file_name:
            self.switch_database(file_name)

    def choose_new_database(self) -> None:
        file_name, _filter = QFileDialog.getSaveFileName(
            self, _("New DPO Desk database"), "", _("DPO Desk databases (*.sqlite)")
        )
        if file_name:
            if not file_name.endswith(".sqlite"):
                file_name += ".sqlite"
            if Path(file_name).exists():
                QMessageBox.warning(
                    self,
                    _("File exists"),
                    _("{path} exists already: choose Open instead.").format(path=file_name),
                )
                return
            self.switch_database(file_name)

    def open_own_database(self) -> None:
        self.switch_database(self.workspace.default_location())

    def open_sample(self) -> None:
        """Opens the sample database, creating it in the background first if it is missing."""
        path = self.workspace.sample_path
        if self.tasks.is_busy():
            return  # the sample is being created already (a double click)
        if path.exists():
            self.switch_database(str(path))
            return
        if not self.confirm_discard():
            return
        self.tasks.start(
            _("Creating the sample organisation…"),
            lambda progress, cancel: self.workspace.create_sample(path, progress, cancel),
            on_success=lambda created: self.switch_database(str(created)),
            on_failure=lambda error: QMessageBox.critical(
                self, _("Cannot create the sample"), str(error)
            ),
            parent=self,
        )

    def choose_backup(self) -> None:
        suggested = f"dpo-desk-backup-{local(utc_now()):%Y%m%d-%H%M}.sqlite"
        file_name, _filter = QFileDialog.getSaveFileName(
            self, _("Back up the database"), suggested, _("SQLite backups (*.sqlite)")
        )
        if file_name:
            self.start_backup(Path(file_name))

    def start_backup(self, destination: Path) -> None:
        maintenance = self.services.maintenance
        self.tasks.start(
            _("Backing up the database…"),
            lambda progress, cancel: maintenance.backup(destination, progress, cancel),
            on_success=lambda written: self.statusBar().showMessage(
                _("Backup written to {path}").format(path=written), 10000
            ),
            on_failure=lambda error: QMessageBox.critical(self, _("Backup failed"), str(error)),
            on_cancel=lambda: self.statusBar().showMessage(_("Backup cancelled."), 5000),
            parent=self,
        )

    def choose_annual_report(self) -> None:
        today = office_today()
        year, chosen = QInputDialog.getInt(
            self, _("Annual report"), _("Year"), today.year, 2000, today.year
        )
        if not chosen:
            return
        file_name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the annual report"),
            _("annual-report-{year}.pdf").format(year=year),
            "PDF (*.pdf)",
        )
        if file_name:
            self.start_annual_report(year, Path(file_name))

    def start_annual_report(self, year: int, destination: Path) -> None:
        """Counts the year and writes the report on the task runner (a year of a large
        register takes a moment)."""
        from dpo_desk.reports.annual_report import write_annual_report

        services = self.services
        self.tasks.start(
            _("Writing the annual report…"),
            lambda _progress, _cancel: write_annual_report(services, year, destination),
            on_success=lambda written: self.statusBar().showMessage(
                _("Written: {path}").format(path=written), 10000
            ),
            on_failure=lambda error: QMessageBox.critical(self, _("Annual report"), str(error)),
            parent=self,
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About DPO Desk"),
            _("DPO Desk {version}\nThe registers and letters of a Data Protection Officer.").format(
                version=__version__
            )
            + "\n"
            + _("Interface language: {language}").format(
                language=LANGUAGE_NAMES[current_language()]
            ),
        )

    # --- e-mails dropped on the window ---------------------------------------------------
    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """An e-mail dropped anywhere on the window is a request received by e-mail."""
        if self.requests_page is not None and dropped_emails(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        if self.requests_page is None or not dropped_emails(event.mimeData().urls()):
            event.ignore()
            return
        self.navigation.setCurrentRow(self.pages.index(self.requests_page))
        self.requests_page.dropEvent(event)

    # --- closing --------------------------------------------------------------------------
    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        if self.tasks.is_busy():
            self.tasks.cancel_all()
            self.tasks.wait()
        self.settings.set(keys.WINDOW_GEOMETRY, QByteArray(self.saveGeometry()))
        self.settings.sync()
        self.services.close()
        event.accept()
