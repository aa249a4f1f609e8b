"""Fixtures for window tests: a workspace on the redirected data folder, and a built window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import dpo_desk.reports.exports  # noqa: F401  (bound to office_today before it is pinned)
from dpo_desk.app import AppWorkspace
from dpo_desk.domain import timefmt
from dpo_desk.paths import Paths
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.ui.application import apply_language, build_window
from dpo_desk.ui.main_window import MainWindow

#: The day the sample's warnings are checked on (its review dates are fixed, so "today" is).
TODAY = date(2026, 11, 20)


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every module that counts on the office's day sees TODAY. Patched where it was imported,
    not in timefmt: a module imported later would keep a patched function for good."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("dpo_desk.") or module is timefmt:
            continue
        if getattr(module, "office_today", None) is timefmt.office_today:
            monkeypatch.setattr(module, "office_today", lambda: TODAY)


def show_page(window: MainWindow, kind: type) -> QWidget:
    """Shows the window's page of that class, as a click in the navigation would."""
    for row, page in enumerate(window.pages):
        if isinstance(page, kind):
            window.navigation.setCurrentRow(row)
            shown = window.stack.currentWidget()
            assert shown is page and isinstance(shown, QWidget)
            return shown
    raise AssertionError(f"no {kind.__name__}")


@pytest.fixture
def workspace(paths: Paths) -> AppWorkspace:
    return AppWorkspace(paths)


@pytest.fixture
def make_window(
    qtbot: QtBot, qapp: QApplication, workspace: AppWorkspace, paths: Paths
) -> Iterator[Callable[[Services], MainWindow]]:
    windows: list[MainWindow] = []

    def make(services: Services) -> MainWindow:
        window = build_window(workspace, paths, services, qapp)
        # Not qtbot.addWidget: pytest-qt closes those before fixtures tear down, and a window
        # with a dirty form would then ask "save first?" in a modal box. Closed below instead.
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        # A dirty form would ask "save first?" in a modal box when qtbot closes the window.
        if window.organisation_page is not None and window.organisation_page.is_dirty:
            window.organisation_page.revert()
        window.tasks.wait()
        window.close()
        window.deleteLater()
    apply_language(qapp, "en")


@pytest.fixture
def empty_window(
    workspace: AppWorkspace, make_window: Callable[[Services], MainWindow]
) -> MainWindow:
    """A window on the user's own, new, empty database."""
    return make_window(workspace.open(workspace.default_location()))


@pytest.fixture
def sample_window(
    workspace: AppWorkspace, make_window: Callable[[Services], MainWindow]
) -> MainWindow:
    """A window on the sample organisation."""
    workspace.create_sample(workspace.sample_path, ignore_progress, CancelToken())
    return make_window(workspace.open(str(workspace.sample_path)))
