"""Starting the window: Qt application, fonts, languages (ours and Qt's own), first database."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.i18n import _, set_language
from dpo_desk.paths import APP_NAME, Paths, fonts_dir, resources_dir
from dpo_desk.services.bundle import Services, Workspace
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.ui import settings as keys
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.settings import Settings
from dpo_desk.ui.tasks import TaskRunner

_qt_translators: list[QTranslator] = []


def apply_language(app: QApplication, language: str | None) -> str:
    """Switches our catalog and Qt's own (buttons of standard dialogs) to ``language``.

    An unknown language (a hand-edited settings file) follows the system instead."""
    try:
        chosen = set_language(language)
    except ValueError:
        chosen = set_language(None)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(QLocale(chosen), catalog, "_", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
            break
    QLocale.setDefault(QLocale(chosen))
    return chosen


def register_fonts(app: QApplication) -> None:
    """Bundled DejaVu Sans, so č ć đ show even on a machine without system fonts."""
    had_fonts = bool(QFontDatabase.families())
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(fonts_dir() / face))
    if not had_fonts:
        app.setFont(QFont("DejaVu Sans", 10))


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    icon = resources_dir() / "icons" / "dpo-desk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    register_fonts(app)
    return app


def open_first_database(
    workspace: Workspace, settings: Settings, database: str | None, open_sample: bool
) -> Services | None:
    """The database to start on: --database, --sample, the last one used, or the user's own.

    If the remembered database cannot be opened any more, the user's own is opened instead (with
    a message); an explicitly requested one that fails ends the start with the reason.
    """
    try:
        if open_sample:
            if not workspace.sample_path.exists():
                workspace.create_sample(workspace.sample_path, ignore_progress, CancelToken())
            return workspace.open(str(workspace.sample_path))
        if database:
            return workspace.open(database)
    except DpoDeskError as error:
        QMessageBox.critical(None, _("Cannot open the database"), str(error))
        return None
    remembered = settings.get(keys.LAST_DATABASE)
    if remembered:
        try:
            return workspace.open(remembered)
        except DpoDeskError as error:
            QMessageBox.warning(
                None,
                _("Cannot open the last database"),
                str(error) + "\n\n" + _("DPO Desk opens your own database instead."),
            )
    try:
        return workspace.open(workspace.default_location())
    except DpoDeskError as error:
        QMessageBox.critical(None, _("Cannot open the database"), str(error))
        return None


def build_window(
    workspace: Workspace,
    paths: Paths,
    services: Services,
    app: QApplication,
    settings: Settings | None = None,
) -> MainWindow:
    settings = settings or Settings(paths.settings_file)
    tasks = TaskRunner(app)
    window = MainWindow(workspace, services, settings, tasks)

    def change_language(code: str) -> None:
        assert settings is not None
        settings.set(keys.LANGUAGE, code)
        apply_language(app, code)
        window.rebuild()  # keeps unsaved edits in the form

    window.language_requested.connect(change_language)
    return window


def run_application(
    workspace: Workspace,
    paths: Paths,
    database: str | None = None,
    open_sample: bool = False,
    language: str | None = None,
) -> int:
    app = application()
    settings = Settings(paths.settings_file)
    apply_language(app, language or settings.get(keys.LANGUAGE))
    services = open_first_database(workspace, settings, database, open_sample)
    if services is None:
        return 1
    window = build_window(workspace, paths, services, app, settings)
    window.show()
    return app.exec()
